// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/code_sets.hpp"

#include <algorithm>
#include <cstdio>

namespace medoffice::domain {

namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool isUpperAlnum(char c) {
  return isDigit(c) || isUpper(c);
}
bool allOf(std::string_view s, bool (*pred)(char)) {
  return std::all_of(s.begin(), s.end(), pred);
}
char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

struct SystemInfo {
  CodeSystem system;
  std::string_view name;
  std::string_view display;
  ReleaseCycle cycle;
};
constexpr SystemInfo kSystems[] = {
    {CodeSystem::kIcd10Cm, "icd10cm", "ICD-10-CM", ReleaseCycle::kFiscalYear},
    {CodeSystem::kHcpcs, "hcpcs", "HCPCS", ReleaseCycle::kCalendarYear},
    {CodeSystem::kCpt, "cpt", "CPT", ReleaseCycle::kCalendarYear},
    {CodeSystem::kModifier, "modifier", "modifier", ReleaseCycle::kUnversioned},
    {CodeSystem::kPos, "pos", "place-of-service", ReleaseCycle::kUnversioned},
    {CodeSystem::kCarc, "carc", "CARC", ReleaseCycle::kUnversioned},
    {CodeSystem::kRarc, "rarc", "RARC", ReleaseCycle::kUnversioned},
};

const SystemInfo& info(CodeSystem s) {
  for (const auto& i : kSystems) {
    if (i.system == s) return i;
  }
  return kSystems[0];
}

std::string releasePeriodText(CodeSystem s, int year) {
  auto start = releaseStart(s, year);
  if (!start) return releaseLabel(s, year);
  // The day before the next release starts.
  auto next = releaseStart(s, year + 1);
  std::string out = releaseLabel(s, year) + " (dates of service " + start->toString();
  if (next) out += " to " + next->plusDays(-1).toString();
  return out + ")";
}

}  // namespace

std::string_view toString(CodeSystem s) {
  return info(s).name;
}

std::optional<CodeSystem> parseCodeSystem(std::string_view s) {
  for (const auto& i : kSystems) {
    if (i.name == s) return i.system;
  }
  return std::nullopt;
}

std::string_view displayName(CodeSystem s) {
  return info(s).display;
}

ReleaseCycle releaseCycle(CodeSystem s) {
  return info(s).cycle;
}

int fiscalYear(Date d) {
  return d.month() >= 10 ? d.year() + 1 : d.year();
}

int releaseYearFor(CodeSystem s, Date d) {
  switch (releaseCycle(s)) {
    case ReleaseCycle::kFiscalYear:
      return fiscalYear(d);
    case ReleaseCycle::kCalendarYear:
      return d.year();
    case ReleaseCycle::kUnversioned:
      return 0;
  }
  return 0;
}

std::optional<Date> releaseStart(CodeSystem s, int year) {
  switch (releaseCycle(s)) {
    case ReleaseCycle::kFiscalYear:
      return Date::fromYmd(year - 1, 10, 1);
    case ReleaseCycle::kCalendarYear:
      return Date::fromYmd(year, 1, 1);
    case ReleaseCycle::kUnversioned:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string releaseLabel(CodeSystem s, int year) {
  if (year == 0) return "";
  std::string y = std::to_string(year);
  return releaseCycle(s) == ReleaseCycle::kFiscalYear ? "FY" + y : y;
}

// ---- formats --------------------------------------------------------------------------------

bool isIcd10CmCode(std::string_view c) {
  return c.size() >= 3 && c.size() <= 7 && isUpper(c[0]) && allOf(c.substr(1), isUpperAlnum);
}

bool isHcpcsCode(std::string_view c) {
  return c.size() == 5 && c[0] >= 'A' && c[0] <= 'V' && allOf(c.substr(1), isDigit);
}

bool isCptCode(std::string_view c) {
  if (c.size() != 5 || !allOf(c.substr(0, 4), isDigit)) return false;
  return isDigit(c[4]) || c[4] == 'F' || c[4] == 'T' || c[4] == 'U';
}

bool isModifierCode(std::string_view c) {
  return c.size() == 2 && allOf(c, isUpperAlnum);
}

bool isCarcCode(std::string_view c) {
  return !c.empty() && c.size() <= 3 && allOf(c, isUpperAlnum);
}

bool isRarcCode(std::string_view c) {
  std::size_t letters = 0;
  while (letters < c.size() && isUpper(c[letters])) ++letters;
  const std::size_t digits = c.size() - letters;
  return letters >= 1 && letters <= 2 && digits >= 1 && digits <= 3 &&
         allOf(c.substr(letters), isDigit);
}

bool isWellFormed(CodeSystem s, std::string_view code) {
  switch (s) {
    case CodeSystem::kIcd10Cm:
      return isIcd10CmCode(code);
    case CodeSystem::kHcpcs:
      return isHcpcsCode(code) || isModifierCode(code);
    case CodeSystem::kCpt:
      return isCptCode(code);
    case CodeSystem::kModifier:
      return isModifierCode(code);
    case CodeSystem::kPos:
      return code.size() == 2 && allOf(code, isDigit);
    case CodeSystem::kCarc:
      return isCarcCode(code);
    case CodeSystem::kRarc:
      return isRarcCode(code);
  }
  return false;
}

std::optional<std::string> normalizeCode(CodeSystem s, std::string_view typed) {
  while (!typed.empty() && typed.front() == ' ') typed.remove_prefix(1);
  while (!typed.empty() && typed.back() == ' ') typed.remove_suffix(1);
  std::string out;
  out.reserve(typed.size());
  for (std::size_t i = 0; i < typed.size(); ++i) {
    // ICD-10-CM is written with a dot after the three-character category (E11.9).
    if (typed[i] == '.' && s == CodeSystem::kIcd10Cm && i == 3 && i + 1 < typed.size()) continue;
    out += upper(typed[i]);
  }
  if (!isWellFormed(s, out)) return std::nullopt;
  return out;
}

std::string displayCode(CodeSystem s, std::string_view stored) {
  if (s == CodeSystem::kIcd10Cm && stored.size() > 3) {
    return std::string(stored.substr(0, 3)) + "." + std::string(stored.substr(3));
  }
  return std::string(stored);
}

// ---- releases -------------------------------------------------------------------------------

std::string_view toString(ReleaseSource s) {
  switch (s) {
    case ReleaseSource::kCms:
      return "cms";
    case ReleaseSource::kBuiltin:
      return "builtin";
    case ReleaseSource::kLicensed:
      return "licensed";
  }
  return "cms";
}

std::optional<ReleaseSource> parseReleaseSource(std::string_view s) {
  for (auto v : {ReleaseSource::kCms, ReleaseSource::kBuiltin, ReleaseSource::kLicensed}) {
    if (toString(v) == s) return v;
  }
  return std::nullopt;
}

std::string releaseDigest(const std::vector<CodeRecord>& codes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    // A separator that no text contains, so that field boundaries count.
    h ^= 0xff;
    h *= 0x100000001b3ULL;
  };
  for (const auto& r : codes) {
    mix(r.code);
    mix(r.billable ? "1" : "0");
    mix(r.shortDescription);
    mix(r.longDescription);
    mix(r.endsOn ? r.endsOn->toString() : "");
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::optional<ReleaseChoice> chooseRelease(CodeSystem s, const std::vector<int>& loadedYears,
                                           std::optional<Date> dateOfService) {
  std::vector<int> dated;
  bool unversioned = false;
  for (int y : loadedYears) {
    if (y > 0) {
      dated.push_back(y);
    } else {
      unversioned = true;
    }
  }
  if (dated.empty()) {
    if (!unversioned) return std::nullopt;
    return ReleaseChoice{0, {}};
  }
  std::sort(dated.begin(), dated.end());
  if (!dateOfService) return ReleaseChoice{dated.back(), {}};
  const int wanted = releaseYearFor(s, *dateOfService);
  if (wanted == 0 || std::binary_search(dated.begin(), dated.end(), wanted)) {
    return ReleaseChoice{wanted == 0 ? dated.back() : wanted, {}};
  }
  // The newest loaded year before the one wanted; a date before every loaded year uses the
  // oldest.
  auto after = std::upper_bound(dated.begin(), dated.end(), wanted);
  const int used = after == dated.begin() ? dated.front() : *(after - 1);
  CodeWarning w;
  w.code = "release_not_loaded";
  w.wantedYear = wanted;
  w.usedYear = used;
  w.message = std::string(displayName(s)) + " " + releasePeriodText(s, wanted) +
              " is not loaded; codes were checked against " + releaseLabel(s, used) +
              ". Import the " + releaseLabel(s, wanted) + " release to check them exactly.";
  return ReleaseChoice{used, {std::move(w)}};
}

std::string_view toString(CodeStatus s) {
  switch (s) {
    case CodeStatus::kValid:
      return "valid";
    case CodeStatus::kHeader:
      return "header";
    case CodeStatus::kEnded:
      return "ended";
    case CodeStatus::kUnknown:
      return "unknown";
    case CodeStatus::kMalformed:
      return "malformed";
    case CodeStatus::kNoRelease:
      return "no_release";
  }
  return "unknown";
}

CodeVerdict judgeCode(CodeSystem s, std::string_view code,
                      const std::optional<ReleaseChoice>& choice,
                      const std::optional<CodeRecord>& found, Date dateOfService) {
  CodeVerdict out;
  out.code = std::string(code);
  const std::string name(displayName(s));
  const std::string shown = displayCode(s, code);
  if (!isWellFormed(s, code)) {
    out.status = CodeStatus::kMalformed;
    out.message = "'" + out.code + "' is not a " + name + " code.";
    return out;
  }
  if (!choice) {
    out.status = CodeStatus::kNoRelease;
    out.message = "No " + name + " codes are loaded.";
    out.warnings.push_back({"no_release", out.message, releaseYearFor(s, dateOfService), 0});
    return out;
  }
  out.releaseYear = choice->year;
  out.warnings = choice->warnings;
  out.record = found;
  std::string where =
      choice->year == 0 ? "the " + name + " list" : name + " " + releaseLabel(s, choice->year);
  if (!found) {
    out.status = CodeStatus::kUnknown;
    out.message = shown + " is not in " + where + ".";
  } else if (!found->billable) {
    out.status = CodeStatus::kHeader;
    out.message = shown + " is a header in " + where + "; use one of the more specific codes.";
  } else if (found->endsOn && *found->endsOn < dateOfService) {
    out.status = CodeStatus::kEnded;
    out.message = shown + " ended on " + found->endsOn->toString() + ".";
  } else {
    out.status = CodeStatus::kValid;
    out.message = shown + " is valid on " + dateOfService.toString() + ".";
  }
  return out;
}

// ---- search words ---------------------------------------------------------------------------

std::vector<std::string> searchWords(std::string_view text) {
  constexpr std::size_t kMaxWord = 40;
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (word.size() > kMaxWord) {
      // Cut at a UTF-8 boundary.
      std::size_t cut = kMaxWord;
      while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
      word.resize(cut);
    }
    if (!word.empty() && std::find(out.begin(), out.end(), word) == out.end()) {
      out.push_back(word);
    }
    word.clear();
  };
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') {
      word += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      word += ch;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

int wordMatchRank(const CodeRecord& r) {
  const auto length = static_cast<int>(std::min<std::size_t>(r.longDescription.size(), 999));
  return (r.billable ? 0 : 1000) + length;
}

}  // namespace medoffice::domain
