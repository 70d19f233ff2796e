// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Fee schedules (issue 14, point 2): the practice's standard fee per code and modifier, and the
// amounts each payer allows by contract, each effective from a date.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// One price. Without a payer it is the practice's standard fee (what it charges); with one it
/// is that payer's contracted allowed amount. `modifier` empty: the code without (or whatever)
/// modifier; otherwise only lines that carry that modifier. Per unit.
struct FeeScheduleEntry {
  FeeScheduleEntryId id;
  OrganizationId organizationId;
  PayerId payerId;
  std::string code;
  std::string modifier;
  Money amount;
  Date effectiveFrom;
  std::optional<Date> effectiveTo;  ///< inclusive; none: until a later entry takes over
  bool active = true;               ///< archived entries price nothing
  RecordMeta meta;

  [[nodiscard]] bool inForceOn(Date d) const {
    return !(d < effectiveFrom) && (!effectiveTo || !(*effectiveTo < d));
  }
};

/// Normalises (codes and modifiers upper case) and lists every problem, naming the field.
std::vector<FieldError> validate(FeeScheduleEntry& e);

/// The price per unit for `code` with `modifiers` on `date`, among `entries` of one schedule
/// (all of one payer, or all standard): an entry for one of the line's modifiers (the first
/// that has one, in the line's order) beats the code's plain entry; among active entries in
/// force, the one that took effect last wins. nullopt when none is in force.
std::optional<Money> priceOn(const std::vector<FeeScheduleEntry>& entries, std::string_view code,
                             const std::vector<std::string>& modifiers, Date date);

}  // namespace medoffice::domain
