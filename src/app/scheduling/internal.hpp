// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Helpers shared by the scheduling use cases (not part of their interface).

#include <optional>
#include <string>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "app/scheduling/booking.hpp"
#include "domain/scheduling/intervals.hpp"
#include "domain/scheduling/slots.hpp"

namespace medoffice::app::scheduling::detail {

inline constexpr std::int64_t kMinute = 60'000'000;
inline constexpr std::int64_t kDay = 1440 * kMinute;

/// The UTC span of one local date at a location.
std::optional<domain::Interval> localDay(const TimeZones& zones, const std::string& zone,
                                         domain::Date d);
/// Availability of a provider at a location on one local date for a type, minus blocks.
domain::IntervalSet freeTime(const TimeZones& zones, const std::string& zone,
                             const domain::ProviderDay& day, domain::LocationId location,
                             domain::AppointmentTypeId type, domain::Date d);
domain::IntervalSet blockedSet(const std::vector<domain::ScheduleBlock>& blocks);
/// "2027-01-15: The provider already has … field message;": why one occurrence of a series
/// cannot be booked or moved.
std::string occurrenceMessage(domain::Date date, const domain::Error& error);
domain::Error conflictError(const TimeZones& zones, const std::string& zone,
                            const AppointmentConflicts& c);
/// The checks shared by booking and rescheduling: times, the records involved, the template
/// and blocks, conflicts with other appointments (`self` excluded). Sets `a.overbooked` when
/// `overbook` lets a conflict or an off-template time through.
Status checkBookable(Repositories& r, const TimeZones& zones, domain::Instant now,
                     domain::OrganizationId org, domain::Appointment& a, bool overbook,
                     bool backdate, bool walkIn);
/// reschedule(); `exception` marks an occurrence of a series as moved on its own.
Result<domain::Appointment> moveOne(Repositories& r, const TimeZones& zones, domain::Instant now,
                                    domain::OrganizationId org, const Reschedule& req,
                                    bool exception);

}  // namespace medoffice::app::scheduling::detail

namespace medoffice::app::scheduling {

// The names every scheduling use-case file uses (this header is theirs alone).
using domain::Appointment;
using domain::AppointmentStatus;
using domain::Error;
using domain::Instant;
using domain::Interval;
using domain::IntervalSet;
using namespace detail;  // NOLINT(google-build-using-namespace)

}  // namespace medoffice::app::scheduling
