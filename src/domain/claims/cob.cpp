// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/cob.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace medoffice::domain::claims {

namespace {

constexpr std::array<std::string_view, 5> kGroupCodes = {"CO", "CR", "OA", "PI", "PR"};

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

void checkAdjustments(FieldErrors& errors, const std::string& prefix,
                      const std::vector<Adjustment>& adjustments) {
  for (std::size_t k = 0; k < adjustments.size(); ++k) {
    const Adjustment& a = adjustments[k];
    const std::string at = prefix + "adjustments[" + std::to_string(k) + "].";
    if (std::find(kGroupCodes.begin(), kGroupCodes.end(), a.groupCode) == kGroupCodes.end()) {
      errors.add(at + "group_code", "must be CO, CR, OA, PI or PR");
    }
    if (blank(a.reasonCode)) errors.add(at + "reason_code", "is required");
    if (a.quantity < 0) errors.add(at + "quantity", "must not be negative");
  }
}

}  // namespace

std::vector<FieldError> validate(const PayerAdjudication& a) {
  FieldErrors errors;
  checkAdjustments(errors, "", a.adjustments);
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    const AdjudicatedLine& l = a.lines[i];
    const std::string prefix = "lines[" + std::to_string(i) + "].";
    if (blank(l.lineControlNumber)) {
      errors.add(prefix + "line_control_number",
                 "is required: match the payer's line to one of the claim's lines first");
    }
    if (l.paidUnits < 0) errors.add(prefix + "paid_units", "must not be negative");
    if (l.modifiers.size() > kMaxModifiers) {
      errors.add(prefix + "modifiers", "has more than 4 entries");
    }
    checkAdjustments(errors, prefix, l.adjustments);
  }
  return errors.list();
}

}  // namespace medoffice::domain::claims
