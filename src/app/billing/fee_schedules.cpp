// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/fee_schedules.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace medoffice::app::fees {

namespace {

using domain::Error;
using domain::FeeScheduleEntry;
using domain::FieldError;

constexpr std::size_t kMaxProblems = 20;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

/// Whether `code` can be a CPT or HCPCS code (what domain::validate accepts).
bool codeShaped(std::string_view code) {
  return code.size() == 5 && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
         });
}

/// kInvalid naming `payer_id` unless `payer` is unset or one of the organization's payers.
std::optional<Error> checkPayer(Repositories& r, domain::OrganizationId org,
                                domain::PayerId payer) {
  if (!payer.valid() || r.payers().get(org, payer)) return std::nullopt;
  return Error::invalidField("payer_id", "is not a payer of this practice");
}

std::string describeKey(const FeeScheduleEntry& e) {
  return e.code + (e.modifier.empty() ? " without a modifier" : " with modifier " + e.modifier) +
         " from " + e.effectiveFrom.toString();
}

bool sameKey(const FeeScheduleEntry& a, const FeeScheduleEntry& b) {
  return a.code == b.code && a.modifier == b.modifier && a.effectiveFrom == b.effectiveFrom;
}

/// kConflict naming `effective_from` when another active entry of e's schedule has its key.
std::optional<Error> checkUnique(Repositories& r, const FeeScheduleEntry& e) {
  PageRequest page;
  page.limit = 200;
  for (;;) {
    auto found = r.feeSchedules().list(e.organizationId, e.payerId, e.code, page);
    if (!found) return found.error();
    for (const auto& other : found->items) {
      if (other.id != e.id && sameKey(other, e)) {
        return Error::conflict("The schedule already has a fee for " + describeKey(e) + " (entry " +
                                   std::to_string(other.id.value) + "); change that entry instead.",
                               {{"effective_from", "another entry of this schedule starts then"}});
      }
    }
    if (found->nextCursor.empty()) return std::nullopt;
    page.cursor = found->nextCursor;
  }
}

/// The name of the file's column for a field of domain::validate.
std::string columnOf(const std::string& field) {
  return field == "amount_cents" ? "amount" : field;
}

std::string lineText(std::size_t line) {
  return "line " + std::to_string(line) + ": ";
}

using Key = std::tuple<std::string, std::string, domain::Date>;
Key keyOf(const FeeScheduleEntry& e) {
  return {e.code, e.modifier, e.effectiveFrom};
}

}  // namespace

Result<Page<FeeScheduleEntry>> listEntries(Repositories& r, domain::OrganizationId org,
                                           const ListQuery& query) {
  if (auto bad = checkPayer(r, org, query.payer)) return *bad;
  const std::string code = upper(query.code);
  if (!code.empty() && !codeShaped(code)) {
    return Error::invalidField("code", "must be a 5-character CPT or HCPCS code");
  }
  return r.feeSchedules().list(org, query.payer, code, query.page);
}

Result<std::vector<FeeScheduleEntry>> scheduleEntries(Repositories& r, domain::OrganizationId org,
                                                      domain::PayerId payer) {
  if (auto bad = checkPayer(r, org, payer)) return *bad;
  return r.feeSchedules().schedule(org, payer);
}

Result<FeeScheduleEntry> createEntry(Repositories& r, domain::Instant now,
                                     domain::OrganizationId org, FeeScheduleEntry draft) {
  draft.organizationId = org;
  draft.active = true;
  if (auto errors = domain::validate(draft); !errors.empty()) return Error::invalid(errors);
  if (auto bad = checkPayer(r, org, draft.payerId)) return *bad;
  draft.id = {};
  if (auto taken = checkUnique(r, draft)) return *taken;
  return r.feeSchedules().insert(draft, now);
}

Result<FeeScheduleEntry> updateEntry(Repositories& r, domain::Instant now,
                                     domain::OrganizationId org, FeeScheduleEntry changes,
                                     std::int64_t expectedVersion) {
  auto current = r.feeSchedules().get(org, changes.id);
  if (!current) return Error::notFound("fee not found");
  if (changes.payerId.valid() && changes.payerId != current->payerId) {
    return Error::invalidField(
        "payer_id", "cannot change; archive this entry and add one to the other schedule");
  }
  changes.organizationId = org;
  changes.payerId = current->payerId;
  changes.active = current->active;
  if (auto errors = domain::validate(changes); !errors.empty()) return Error::invalid(errors);
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  if (changes.active) {
    if (auto taken = checkUnique(r, changes)) return *taken;
  }
  return r.feeSchedules().update(changes, expectedVersion, now);
}

Result<FeeScheduleEntry> setEntryActive(Repositories& r, domain::Instant now,
                                        domain::OrganizationId org, domain::FeeScheduleEntryId id,
                                        bool active, std::int64_t expectedVersion) {
  if (active) {
    auto current = r.feeSchedules().get(org, id);
    if (!current) return Error::notFound("fee not found");
    if (current->meta.version != expectedVersion) return Error::versionMismatch();
    if (!current->active) {
      if (auto taken = checkUnique(r, *current)) return *taken;
    }
  }
  return r.feeSchedules().setActive(org, id, active, expectedVersion, now);
}

std::optional<domain::Money> unitFee(Repositories& r, domain::OrganizationId org,
                                     domain::PayerId payer, std::string_view code,
                                     const std::vector<std::string>& modifiers,
                                     domain::Date dateOfService) {
  return unitFees(r, org, payer, {FeeQuestion{std::string(code), modifiers, dateOfService}})[0];
}

std::optional<domain::Money> allowedAmount(Repositories& r, domain::OrganizationId org,
                                           domain::PayerId payer, std::string_view code,
                                           const std::vector<std::string>& modifiers,
                                           domain::Date dateOfService) {
  if (!payer.valid()) return std::nullopt;
  return unitFee(r, org, payer, code, modifiers, dateOfService);
}

std::vector<std::optional<domain::Money>> unitFees(Repositories& r, domain::OrganizationId org,
                                                   domain::PayerId payer,
                                                   const std::vector<FeeQuestion>& lines) {
  std::vector<std::optional<domain::Money>> out(lines.size());
  std::vector<std::string> codes;
  std::optional<domain::Date> from;
  std::optional<domain::Date> to;
  for (const auto& l : lines) {
    std::string code = upper(l.code);
    if (!codeShaped(code)) continue;
    codes.push_back(std::move(code));
    if (!from || l.dateOfService < *from) from = l.dateOfService;
    if (!to || *to < l.dateOfService) to = l.dateOfService;
  }
  if (codes.empty()) return out;
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  // Candidates grouped by code: each line then looks only at the entries of its own code.
  std::unordered_map<std::string, std::vector<FeeScheduleEntry>> byCode;
  for (auto& e : r.feeSchedules().inForce(org, payer, codes, *from, *to)) {
    byCode[e.code].push_back(std::move(e));
  }
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const std::string code = upper(lines[k].code);
    auto it = byCode.find(code);
    if (it == byCode.end()) continue;
    std::vector<std::string> modifiers;
    modifiers.reserve(lines[k].modifiers.size());
    for (const auto& m : lines[k].modifiers) modifiers.push_back(upper(m));
    out[k] = domain::priceOn(it->second, code, modifiers, lines[k].dateOfService);
  }
  return out;
}

ImportPlan planImport(domain::OrganizationId org, domain::PayerId payer,
                      std::vector<ImportRow> rows, const std::vector<FeeScheduleEntry>& stored) {
  ImportPlan plan;
  auto problem = [&](std::size_t line, const std::string& field, const std::string& message) {
    if (plan.problems.size() < kMaxProblems) {
      plan.problems.push_back({field, lineText(line) + message});
    }
  };
  std::map<Key, std::size_t> seen;  // key → line
  for (auto& row : rows) {
    FeeScheduleEntry& e = row.entry;
    e.id = {};
    e.organizationId = org;
    e.payerId = payer;
    e.active = true;
    const auto errors = domain::validate(e);
    for (const auto& f : errors) problem(row.line, columnOf(f.field), f.message);
    if (!errors.empty()) continue;
    if (auto [it, fresh] = seen.emplace(keyOf(e), row.line); !fresh) {
      problem(
          row.line, "code",
          describeKey(e) + " is listed again (first on line " + std::to_string(it->second) + ")");
    }
  }
  if (!plan.problems.empty()) return plan;

  std::map<Key, const FeeScheduleEntry*> current;
  for (const auto& e : stored) current.emplace(keyOf(e), &e);
  for (auto& row : rows) {
    auto it = current.find(keyOf(row.entry));
    if (it == current.end()) {
      plan.inserts.push_back(std::move(row.entry));
      continue;
    }
    const FeeScheduleEntry& was = *it->second;
    if (was.amount == row.entry.amount && was.effectiveTo == row.entry.effectiveTo) {
      ++plan.summary.unchanged;
    } else {
      FeeScheduleEntry next = was;
      next.amount = row.entry.amount;
      next.effectiveTo = row.entry.effectiveTo;
      plan.updates.push_back(std::move(next));
    }
  }
  plan.summary.added = static_cast<std::int64_t>(plan.inserts.size());
  plan.summary.changed = static_cast<std::int64_t>(plan.updates.size());
  plan.summary.untouched =
      static_cast<std::int64_t>(stored.size()) - plan.summary.changed - plan.summary.unchanged;
  return plan;
}

Result<ImportSummary> importSchedule(Repositories& r, domain::Instant now,
                                     domain::OrganizationId org, domain::PayerId payer,
                                     std::vector<ImportRow> rows) {
  if (auto bad = checkPayer(r, org, payer)) return *bad;
  if (rows.empty()) return Error::invalidField("rows", "the file holds no fees");
  const auto stored = r.feeSchedules().schedule(org, payer);
  ImportPlan plan = planImport(org, payer, std::move(rows), stored);
  if (!plan.problems.empty()) return Error::invalid(std::move(plan.problems));
  for (const auto& e : plan.updates) {
    auto updated = r.feeSchedules().update(e, e.meta.version, now);
    if (!updated) return updated.error();
  }
  if (auto s = r.feeSchedules().insertMany(plan.inserts, now); !s.ok()) return s.error();
  return plan.summary;
}

}  // namespace medoffice::app::fees
