// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/scheduling/scheduling.hpp"

/// Booking, moving, series and the status flow of appointments. Each use case runs inside the
/// caller's transaction (`Repositories`); booking checks for conflicts and inserts in the same
/// one, so on SQLite (one writer) the check is exact and on PostgreSQL the exclusion constraints
/// catch what a concurrent transaction booked meanwhile.
namespace medoffice::app::scheduling {

/// How far ahead appointments may be booked.
inline constexpr std::int64_t kHorizonDays = 2 * 366;

struct BookRequest {
  domain::Appointment draft;  ///< patient, provider, location, type, start, end, room?, note
  bool overbook = false;      ///< the caller holds Permission::kOverbook
  bool backdate = false;      ///< the caller holds Permission::kBackdate
  bool walkIn = false;        ///< a walk-in starts as arrived
};

/// Books one appointment. kInvalid names the field (times, past, outside the template),
/// kNotFound for a patient, provider, location, type or room of another practice or none,
/// kConflict for an overlap with the provider's, patient's or room's other appointment (the
/// message gives its time in the location's zone, nothing else). With `overbook` a conflict or a
/// time outside the template is booked anyway and the appointment is marked overbooked.
Result<domain::Appointment> book(Repositories& r, const TimeZones& zones, domain::Instant now,
                                 domain::OrganizationId org, BookRequest req, std::int64_t byUser);

struct Reschedule {
  domain::AppointmentId id;
  std::optional<std::int64_t> expectedVersion;  ///< If-Match; none: the current one
  domain::Instant start;
  domain::Instant end;
  domain::ProviderId providerId;       ///< unset: the same provider
  std::optional<domain::RoomId> room;  ///< unset: the same room
  bool overbook = false;
  bool backdate = false;
};

/// Moves a booked or confirmed appointment to a new time (and provider or room), with the
/// checks of book() against every other appointment. The moved appointment is `booked` again;
/// an occurrence of a series becomes an exception (later series-wide moves leave it be).
Result<domain::Appointment> reschedule(Repositories& r, const TimeZones& zones, domain::Instant now,
                                       domain::OrganizationId org, const Reschedule& req);

/// At most this many occurrences are booked from one rule; longer rules are cut and say so.
inline constexpr int kMaxOccurrences = 200;

struct SeriesResult {
  domain::SeriesId seriesId;
  std::vector<domain::Appointment> booked;
  /// Occurrences not booked (with `skipConflicts`), each with why: start, field, message.
  std::vector<std::pair<domain::Instant, domain::FieldError>> skipped;
  bool truncated = false;  ///< the rule goes on beyond the cap or the two-year horizon
};

/// Books a recurring series: the first appointment as in `req`, then every occurrence of
/// `rrule` (RFC 5545 subset) at the same local time of day in the location's zone. Each
/// occurrence gets the checks of book(). Without `skipConflicts` any failing occurrence fails
/// the whole series (kConflict or kInvalid, with one error per failing occurrence, fields
/// `occurrences[N]`); with it, the others are booked and the failures listed.
Result<SeriesResult> bookSeries(Repositories& r, const TimeZones& zones, domain::Instant now,
                                domain::OrganizationId org, const BookRequest& req,
                                const std::string& rrule, bool skipConflicts, std::int64_t byUser);

/// Which occurrences of a series a change applies to.
enum class SeriesScope { kThis, kFollowing, kAll };

/// Moves one occurrence (`kThis`: it becomes an exception of its series), it and the later
/// ones, or every future one. Each moved occurrence keeps its date shifted by as many days as
/// the chosen one moves and takes the new local time of day and length (DST-correct in the
/// location's zone); occurrences moved on their own before (exceptions), cancelled or under way
/// stay as they are. Every occurrence gets the checks of book(); any failure fails the whole
/// move (errors `occurrences[N]`, N counting the moved occurrences in start order).
Result<std::vector<domain::Appointment>> rescheduleSeries(Repositories& r, const TimeZones& zones,
                                                          domain::Instant now,
                                                          domain::OrganizationId org,
                                                          const Reschedule& req, SeriesScope scope);

struct Transition {
  domain::AppointmentStatus to = domain::AppointmentStatus::kConfirmed;
  std::optional<std::int64_t> expectedVersion;  ///< If-Match; none: the current one
  std::string reason;                           ///< cancel: required
  domain::RoomId room;                          ///< roomed: required
};

/// Cancels one occurrence, it and the later ones, or every future occurrence of its series
/// (occurrences already past or in progress are kept: they are history).
Result<std::vector<domain::Appointment>> cancelSeries(
    Repositories& r, const TimeZones& zones, domain::Instant now, domain::OrganizationId org,
    domain::AppointmentId id, SeriesScope scope, const std::string& reason, std::int64_t byUser);

/// Moves an appointment along the front-desk flow. An illegal move answers kConflict. A
/// cancellation offers the freed time to the waitlist (offerFreedSlot).
Result<domain::Appointment> transition(Repositories& r, const TimeZones& zones, domain::Instant now,
                                       domain::OrganizationId org, domain::AppointmentId id,
                                       const Transition& t, std::int64_t byUser);

/// "09:00–09:30 on 2026-12-01 (America/Chicago)": how a conflict is described to the caller.
std::string describeTime(const TimeZones& zones, const std::string& zone,
                         const domain::Interval& i);

}  // namespace medoffice::app::scheduling
