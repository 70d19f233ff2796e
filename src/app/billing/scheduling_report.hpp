// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The scheduling metrics report: per provider and in all, over local days [from, to] of one
// location or all of them, the visits booked, started, completed and missed (the no-show rate),
// the minutes the providers were available (availability rules less schedule blocks, in each
// location's zone), the minutes booked inside them (utilisation) and the wait from arrival
// (check-in) to roomed. The counts and the waits' ranks are worked out in SQL from the
// appointments' covering index; only the availability windows are worked out here.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/report_repositories.hpp"
#include "app/ports/repositories.hpp"

namespace medoffice::app::billing {

/// The longest range of the report, in days (both ends included).
inline constexpr std::int64_t kSchedulingReportMaxDays = 366;

struct SchedulingRow {
  std::int64_t providerId = 0;  ///< 0: the total row
  std::string name;
  std::int64_t booked = 0;  ///< appointments not cancelled
  std::int64_t cancelled = 0;
  std::int64_t started = 0;    ///< not cancelled and starting before the report was made
  std::int64_t completed = 0;  ///< checked out
  std::int64_t noShows = 0;
  std::int64_t availableMinutes = 0;
  std::int64_t bookedMinutes = 0;  ///< time held by visits, inside the available time
  std::int64_t waits = 0;          ///< visits with both arrival and roomed recorded
  std::int64_t waitMedianMicros = 0;
  std::int64_t waitP90Micros = 0;

  /// No-shows per thousand started visits, rounded (unset: none started).
  [[nodiscard]] std::optional<std::int64_t> noShowPermille() const;
  /// Booked per thousand available minutes, rounded (unset: no available time).
  [[nodiscard]] std::optional<std::int64_t> utilisationPermille() const;
};

struct SchedulingReport {
  domain::Date from, to;
  domain::LocationId locationId;    ///< unset: every location
  domain::ProviderId providerId;    ///< unset: every provider
  std::vector<SchedulingRow> rows;  ///< providers with visits or available time, by id
  SchedulingRow total;
};

/// The report over local days [from, to] (at most kSchedulingReportMaxDays; future days are
/// allowed: what is booked ahead). kInvalid naming `to` for a range backwards or too long,
/// `location_id` or `provider_id` for one that is not the practice's. `now` decides which visits
/// have started.
Result<SchedulingReport> schedulingReport(Repositories& r, const TimeZones& zones,
                                          domain::Instant now, domain::OrganizationId org,
                                          domain::Date from, domain::Date to,
                                          domain::LocationId location, domain::ProviderId provider);

/// Tenths of a minute from microseconds, rounded (the report's wait figures).
std::int64_t tenthsOfMinute(std::int64_t micros);

}  // namespace medoffice::app::billing
