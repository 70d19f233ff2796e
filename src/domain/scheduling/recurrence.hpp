// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/common/result.hpp"
#include "domain/common/time.hpp"
#include "domain/scheduling/scheduling.hpp"

namespace medoffice::domain {

/// The RFC 5545 RRULE subset MedOffice books: FREQ=DAILY, WEEKLY (BYDAY), MONTHLY (BYMONTHDAY,
/// or BYDAY with an ordinal such as 2TU, or BYDAY with BYSETPOS), INTERVAL, COUNT, UNTIL and
/// WKST. Occurrences keep the local time of day of the first one; the caller converts each
/// local date and time to UTC in the location's zone, so a weekly 9:00 stays 9:00 across DST.
struct Recurrence {
  enum class Freq { kDaily, kWeekly, kMonthly };
  Freq freq = Freq::kWeekly;
  int interval = 1;
  std::optional<int> count;
  std::optional<Date> until;  ///< inclusive, compared with the local date of each occurrence
  WeekdaySet byDay = 0;       ///< BYDAY without ordinals
  std::vector<std::pair<int, int>> byDayOrdinal;  ///< MONTHLY BYDAY=2TU,-1FR: (ordinal, weekday)
  std::vector<int> byMonthDay;                    ///< 1..31 or -31..-1 (from the month's end)
  std::vector<int> bySetPos;                      ///< with BYDAY in MONTHLY: 1..31 or -31..-1
  int weekStart = 1;                              ///< WKST, 0 = Sunday, default Monday
};

/// Parses `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10` (an `RRULE:` prefix is allowed). Errors name the
/// field `rrule` and say what is wrong or unsupported.
Result<Recurrence> parseRecurrence(std::string_view text);

struct Expansion {
  std::vector<Date> dates;
  /// True when the rule has more occurrences than were expanded (no COUNT or UNTIL, or beyond
  /// the cap or horizon): the caller says so to the user.
  bool truncated = false;
};

/// The local dates of the occurrences on or after `first` (the date of the first appointment),
/// at most `cap`, none after `horizon`.
Expansion expand(const Recurrence& r, Date first, int cap, Date horizon);

}  // namespace medoffice::domain
