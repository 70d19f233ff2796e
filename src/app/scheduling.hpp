// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/scheduling/scheduling.hpp"
#include "domain/scheduling/slots.hpp"

/// Scheduling use cases (issue 4). Each runs inside the caller's transaction (`Repositories`);
/// booking checks for conflicts and inserts in the same one, so on SQLite (one writer) the check
/// is exact and on PostgreSQL the exclusion constraints catch what a concurrent transaction
/// booked meanwhile.
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

struct SlotSearch {
  domain::AppointmentTypeId typeId;
  std::vector<domain::ProviderId> providerIds;  ///< empty: every provider at the location
  domain::LocationId locationId;
  domain::Interval range;
  std::optional<std::pair<int, int>> startWithin;  ///< local minutes of day
  domain::PatientId patientId;                     ///< skip the patient's own conflicts
  int limit = 10;
  int stepMinutes = 15;
};

/// The first `limit` open slots across the providers, earliest first, day by day: per provider
/// and day it reads the rules, blocks and appointments of that day only (index range scans).
Result<std::vector<domain::Slot>> findSlots(Repositories& r, const TimeZones& zones,
                                            domain::OrganizationId org, const SlotSearch& q);

// ---- waitlist ---------------------------------------------------------------------------------

/// Puts a patient on the waitlist: the records must exist, an appointment to move earlier must
/// be the patient's and booked or confirmed, and the window must not end in the past.
Result<domain::WaitlistEntry> addToWaitlist(Repositories& r, domain::Instant now,
                                            domain::OrganizationId org, domain::WaitlistEntry e);

/// Changes a waiting entry's constraints, priority or note (the patient stays the same) with the
/// checks of addToWaitlist; `expectedVersion` is the If-Match version. Entries already booked
/// or removed cannot change (kConflict).
Result<domain::WaitlistEntry> updateWaitlistEntry(Repositories& r, domain::Instant now,
                                                  domain::OrganizationId org,
                                                  domain::WaitlistEntry changes,
                                                  std::int64_t expectedVersion);

/// How many open offers one freed slot gets at most (the best-matching entries).
inline constexpr int kOffersPerSlot = 3;

/// Offers freed time (a cancelled or moved appointment's) to the waiting entries it suits, most
/// urgent first: the location, a wanted provider, weekday, start time and date window, a visit
/// of the entry's type that fits from the freed start, earlier than the visit the entry wants to
/// move, and bookable right now (availability, blocks, the patient's and room's other visits).
/// Entries already offered this slot are skipped; at most kOffersPerSlot offers are open per
/// slot. Returns the new offers.
std::vector<domain::WaitlistOffer> offerFreedSlot(Repositories& r, const TimeZones& zones,
                                                  domain::Instant now, domain::OrganizationId org,
                                                  const domain::Appointment& freed);

/// Books an open offer in one action: moves the entry's appointment to the offered time (or
/// books a new visit), marks the offer and the entry booked and the other open offers of the
/// entry and of the slot taken. A slot taken meanwhile answers kConflict.
Result<domain::Appointment> bookOffer(Repositories& r, const TimeZones& zones, domain::Instant now,
                                      domain::OrganizationId org, domain::WaitlistOfferId id,
                                      std::int64_t byUser);

/// The patient said no: the offer is declined and the slot offered to the next entry.
Result<domain::WaitlistOffer> declineOffer(Repositories& r, const TimeZones& zones,
                                           domain::Instant now, domain::OrganizationId org,
                                           domain::WaitlistOfferId id);

// ---- check-in and check-out ----------------------------------------------------------------

/// What the desk sees before checking a patient in.
struct CheckInSummary {
  domain::Appointment appointment;
  domain::Patient patient;
  std::optional<domain::Coverage> primary;  ///< in force on the visit's local date
  std::optional<domain::Payer> payer;
  domain::Money copayDue;   ///< the primary coverage's co-pay (0 without coverage)
  domain::Money copayPaid;  ///< co-pays already taken for this visit
  std::vector<domain::Payment> payments;
};
Result<CheckInSummary> checkInSummary(Repositories& r, const TimeZones& zones,
                                      domain::OrganizationId org, domain::AppointmentId id);

/// Takes a desk payment and gives it the next receipt number. The patient (and appointment,
/// when set) must exist; the payment is validated and stored unposted.
Result<domain::Payment> collectPayment(Repositories& r, domain::Instant now,
                                       domain::OrganizationId org, domain::Payment p,
                                       std::int64_t byUser);

struct CheckIn {
  domain::AppointmentId id;
  std::optional<std::int64_t> expectedVersion;
  bool demographicsConfirmed = false;
  bool coverageConfirmed = false;
  std::optional<domain::Payment> copay;  ///< amount, method, reference
};
struct CheckInResult {
  domain::Appointment appointment;
  std::optional<domain::Payment> payment;
};
/// Checks the patient in (arrived, by whom and when), records what the desk confirmed (the
/// primary coverage's id when coverage was confirmed) and takes the co-pay, all or nothing.
Result<CheckInResult> checkIn(Repositories& r, const TimeZones& zones, domain::Instant now,
                              domain::OrganizationId org, const CheckIn& req, std::int64_t byUser);

struct CheckOutResult {
  domain::Appointment appointment;
  std::optional<domain::Appointment> followUp;
};
/// Checks the patient out and, with `followUp`, books the next visit in the same transaction
/// (all or nothing).
Result<CheckOutResult> checkOut(Repositories& r, const TimeZones& zones, domain::Instant now,
                                domain::OrganizationId org, domain::AppointmentId id,
                                std::optional<std::int64_t> expectedVersion,
                                std::optional<BookRequest> followUp, std::int64_t byUser);

// ---- flow board ---------------------------------------------------------------------------

/// One line of a location's flow board.
struct BoardEntry {
  domain::Appointment appointment;
  std::string patientName;   ///< "Doe, J.": enough for the desk to call the patient
  std::string providerName;  ///< "Okafor"
  std::string roomName;      ///< empty until roomed
  std::optional<std::int64_t> minutesInStep;  ///< since arriving, being roomed or seen
};

/// Today's (in the location's zone) visits at a location that are not over: booked or
/// confirmed ones still to come, and patients arrived, roomed or with the provider, each with
/// how long they have been in that step. In start order.
Result<std::vector<BoardEntry>> flowBoard(Repositories& r, const TimeZones& zones,
                                          domain::Instant now, domain::OrganizationId org,
                                          domain::LocationId location);

/// "09:00–09:30 on 2026-12-01 (America/Chicago)": how a conflict is described to the caller.
std::string describeTime(const TimeZones& zones, const std::string& zone,
                         const domain::Interval& i);

}  // namespace medoffice::app::scheduling
