// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/fee_schedule.hpp"

#include <algorithm>
#include <cctype>

namespace medoffice::domain {

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool alnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

/// The entry in force on `date` for exactly (code, modifier) that took effect last.
const FeeScheduleEntry* latest(const std::vector<FeeScheduleEntry>& entries, std::string_view code,
                               std::string_view modifier, Date date) {
  const FeeScheduleEntry* best = nullptr;
  for (const auto& e : entries) {
    if (!e.active || e.code != code || e.modifier != modifier || !e.inForceOn(date)) continue;
    if (best == nullptr || best->effectiveFrom < e.effectiveFrom) best = &e;
  }
  return best;
}

}  // namespace

std::vector<FieldError> validate(FeeScheduleEntry& e) {
  FieldErrors errors;
  e.code = upper(e.code);
  e.modifier = upper(e.modifier);
  if (e.code.size() != 5 || !alnum(e.code)) {
    errors.add("code", "must be a 5-character CPT or HCPCS code");
  }
  if (!e.modifier.empty() && (e.modifier.size() != 2 || !alnum(e.modifier))) {
    errors.add("modifier", "must be two letters or digits, or empty");
  }
  if (e.amount.cents() <= 0) errors.add("amount_cents", "must be more than zero");
  if (e.amount.cents() > (std::int64_t{1} << 53)) errors.add("amount_cents", "is too large");
  if (e.effectiveTo && *e.effectiveTo < e.effectiveFrom) {
    errors.add("effective_to", "is before effective_from");
  }
  return errors.list();
}

std::optional<Money> priceOn(const std::vector<FeeScheduleEntry>& entries, std::string_view code,
                             const std::vector<std::string>& modifiers, Date date) {
  for (const auto& m : modifiers) {
    if (const auto* e = latest(entries, code, m, date)) return e->amount;
  }
  if (const auto* e = latest(entries, code, "", date)) return e->amount;
  return std::nullopt;
}

}  // namespace medoffice::domain
