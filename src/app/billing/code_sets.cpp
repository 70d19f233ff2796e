// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/code_sets.hpp"

#include <algorithm>

#include "domain/billing/default_code_sets.hpp"

namespace medoffice::app::codes {

namespace {

using domain::CodeRecord;
using domain::CodeRelease;
using domain::CodeSystem;
using domain::Error;
using domain::ReleaseSource;

constexpr int kMaxLimit = 100;
constexpr std::size_t kMaxText = 100;
constexpr std::size_t kMaxCodePrefix = 7;

bool dated(CodeSystem s) {
  return domain::releaseCycle(s) != domain::ReleaseCycle::kUnversioned;
}

/// Sorts the codes and checks them: the first problem, naming `codes` (or `year`,
/// `organization`).
std::optional<Error> checkImport(ReleaseImport& in) {
  const bool licensed = in.source == ReleaseSource::kLicensed;
  if (licensed != in.organization.valid()) {
    return Error::invalidField("organization", licensed
                                                   ? "is required for a licensed release"
                                                   : "is only for a practice's licensed release");
  }
  if (licensed && in.system != CodeSystem::kCpt) {
    return Error::invalidField("organization", "only CPT releases belong to a practice");
  }
  const bool needsYear = dated(in.system) && in.source != ReleaseSource::kBuiltin;
  if (needsYear && (in.year < 1990 || in.year > 2100)) {
    return Error::invalidField("year", "must be the release year, 1990 to 2100");
  }
  if (!dated(in.system) && in.year != 0) {
    return Error::invalidField("year", std::string(domain::displayName(in.system)) +
                                           " codes have no yearly release: the year is 0");
  }
  if (in.codes.empty()) return Error::invalidField("codes", "holds no codes");
  std::sort(in.codes.begin(), in.codes.end(),
            [](const CodeRecord& a, const CodeRecord& b) { return a.code < b.code; });
  for (std::size_t k = 0; k < in.codes.size(); ++k) {
    const std::string& code = in.codes[k].code;
    if (!domain::isWellFormed(in.system, code)) {
      return Error::invalidField(
          "codes",
          "'" + code + "' is not a " + std::string(domain::displayName(in.system)) + " code");
    }
    if (k > 0 && in.codes[k - 1].code == code) {
      return Error::invalidField("codes", code + " is listed twice");
    }
  }
  return std::nullopt;
}

/// The releases a search or a check of `system` may use for `org`: the practice's own when it
/// has any (licensed CPT), else the shared ones.
std::vector<CodeRelease> visibleReleases(Repositories& r, domain::OrganizationId org,
                                         CodeSystem system) {
  auto all = r.codes().releases(system, org);
  const bool own = std::any_of(all.begin(), all.end(), [&](const CodeRelease& c) {
    return org.valid() && c.organization == org;
  });
  std::erase_if(all, [&](const CodeRelease& c) { return own != c.organization.valid(); });
  return all;
}

struct Picked {
  std::optional<domain::ReleaseChoice> choice;
  std::optional<CodeRelease> release;
};

Picked pickRelease(Repositories& r, domain::OrganizationId org, CodeSystem system,
                   std::optional<domain::Date> date) {
  const auto releases = visibleReleases(r, org, system);
  std::vector<int> years;
  for (const auto& c : releases) years.push_back(c.year);
  Picked out;
  out.choice = domain::chooseRelease(system, years, date);
  if (!out.choice) return out;
  for (const auto& c : releases) {
    if (c.year == out.choice->year) out.release = c;
  }
  return out;
}

/// The code or code prefix a search text may be: upper case, with the ICD-10-CM dot removed;
/// empty when the text cannot be the start of a code.
std::string codePrefixOf(CodeSystem system, std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && system == CodeSystem::kIcd10Cm && i == 3) continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return {};
    out += c;
  }
  return out.size() <= kMaxCodePrefix ? out : std::string{};
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

CodeRelease releaseOf(CodeSystem system, int year, domain::OrganizationId organization,
                      ReleaseSource source, std::string fileName, std::string digest) {
  CodeRelease out;
  out.system = system;
  out.year = year;
  out.organization = organization;
  out.source = source;
  out.fileName = std::move(fileName);
  out.digest = std::move(digest);
  return out;
}

domain::CodeWarning noRelease(CodeSystem system) {
  return {"no_release", "No " + std::string(domain::displayName(system)) + " codes are loaded.", 0,
          0};
}

}  // namespace

Result<ImportOutcome> importRelease(UnitOfWork& uow, domain::Instant now, ReleaseImport in,
                                    const StoreProgress& progress) {
  if (auto bad = checkImport(in)) return *bad;
  const std::string digest = domain::releaseDigest(in.codes);
  return writeValue<ImportOutcome>(uow, [&](Repositories& r) -> Result<ImportOutcome> {
    if (in.organization.valid() && !r.organizations().get(in.organization)) {
      return Error::notFound("organization not found");
    }
    ImportOutcome out;
    for (const auto& old : r.codes().releases(in.system, in.organization)) {
      if (old.organization != in.organization) continue;
      if (old.year == in.year && old.source == in.source && old.digest == digest) {
        out.release = old;
        out.unchanged = true;
        return out;
      }
      if (in.source == ReleaseSource::kCms && old.source == ReleaseSource::kBuiltin) {
        // The default set steps aside for the official file (replace() removes the one of the
        // same year).
        if (old.year != in.year) r.codes().remove(old.id);
        ++out.removedBuiltin;
      } else if (old.year == in.year) {
        out.replacedCodes = old.codeCount;
      }
    }
    auto stored = r.codes().replace(
        releaseOf(in.system, in.year, in.organization, in.source, in.fileName, digest), in.codes,
        now, progress);
    if (!stored) return stored.error();
    out.release = std::move(*stored);
    return out;
  });
}

Result<int> installDefaultCodeSets(UnitOfWork& uow, domain::Instant now) {
  return writeValue<int>(uow, [&](Repositories& r) -> Result<int> {
    int written = 0;
    for (const auto& set : domain::defaultCodeSets()) {
      const auto existing = r.codes().releases(set.system, {});
      const auto ours = std::find_if(existing.begin(), existing.end(), [&](const CodeRelease& c) {
        return c.source == ReleaseSource::kBuiltin && c.year == set.year;
      });
      if (ours == existing.end() && !existing.empty()) continue;  // an official release is in
      std::vector<CodeRecord> codes = set.codes;
      std::sort(codes.begin(), codes.end(),
                [](const CodeRecord& a, const CodeRecord& b) { return a.code < b.code; });
      const std::string digest = domain::releaseDigest(codes);
      if (ours != existing.end() && ours->digest == digest) continue;
      auto stored = r.codes().replace(
          releaseOf(set.system, set.year, {}, ReleaseSource::kBuiltin, "(built in)", digest), codes,
          now, {});
      if (!stored) return stored.error();
      ++written;
    }
    return written;
  });
}

Result<SearchAnswer> search(Repositories& r, const SearchRequest& request) {
  const std::string_view text = trimmed(request.text);
  const auto words = domain::searchWords(text);
  if (words.empty() || text.size() > kMaxText) {
    return Error::invalidField("q", "must hold a code or words (letters or digits), at most " +
                                        std::to_string(kMaxText) + " bytes");
  }
  if (request.limit < 1 || request.limit > kMaxLimit) {
    return Error::invalidField("limit",
                               "must be an integer from 1 to " + std::to_string(kMaxLimit));
  }
  SearchAnswer out;
  auto picked = pickRelease(r, request.organization, request.system, request.date);
  if (!picked.release) {
    out.warnings.push_back(noRelease(request.system));
    return out;
  }
  out.warnings = picked.choice->warnings;
  CodeQuery q;
  q.codePrefix = codePrefixOf(request.system, text);
  q.words = words;
  q.validOn = request.date;
  q.limit = request.limit;
  out.items = r.codes().search(picked.release->id, q);
  out.release = std::move(picked.release);
  return out;
}

Result<domain::CodeVerdict> checkCode(Repositories& r, domain::OrganizationId organization,
                                      CodeSystem system, std::string_view code,
                                      domain::Date dateOfService) {
  const auto stored = domain::normalizeCode(system, code);
  if (!stored) {
    return domain::judgeCode(system, code, std::nullopt, std::nullopt, dateOfService);
  }
  auto picked = pickRelease(r, organization, system, dateOfService);
  std::optional<CodeRecord> found;
  if (picked.release) found = r.codes().find(picked.release->id, *stored);
  return domain::judgeCode(system, *stored, picked.choice, found, dateOfService);
}

std::vector<CodeRelease> listReleases(Repositories& r, domain::OrganizationId organization) {
  std::vector<CodeRelease> out;
  for (CodeSystem s : domain::kAllCodeSystems) {
    for (auto& c : r.codes().releases(s, organization)) out.push_back(std::move(c));
  }
  return out;
}

}  // namespace medoffice::app::codes
