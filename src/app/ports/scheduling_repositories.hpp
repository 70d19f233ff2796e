// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/patients/patient.hpp"
#include "domain/practice/practice.hpp"
#include "domain/scheduling/scheduling.hpp"
#include "domain/scheduling/waitlist.hpp"

namespace medoffice::app {

/// Which existing appointments a new or moved one collides with (half-open overlap, ignoring
/// cancelled, no-show and deliberately overbooked appointments and `exclude`).
struct AppointmentConflicts {
  std::optional<domain::Appointment> provider;
  std::optional<domain::Appointment> patient;
  std::optional<domain::Appointment> room;
  [[nodiscard]] bool any() const { return provider || patient || room; }
};

/// The time an appointment holds, and whose: what slot search needs of each appointment.
struct BusyTime {
  domain::ProviderId providerId;
  domain::PatientId patientId;
  domain::RoomId roomId;
  domain::AppointmentTypeId typeId;
  domain::Interval when;
};

/// What a day or week calendar shows of each appointment.
struct CalendarEntry {
  domain::AppointmentId id;
  domain::PatientId patientId;
  domain::ProviderId providerId;
  domain::RoomId roomId;
  domain::AppointmentTypeId typeId;
  domain::AppointmentStatus status = domain::AppointmentStatus::kBooked;
  domain::Interval when;
  bool overbooked = false;
  std::int64_t version = 0;
  std::string patientName;  ///< "Family, Given" when the range asked for names
};

/// Which appointments a calendar query wants; unset ids do not narrow.
struct AppointmentRange {
  domain::OrganizationId organizationId;
  domain::LocationId locationId;
  domain::ProviderId providerId;
  domain::PatientId patientId;
  domain::RoomId roomId;
  domain::Interval during;   ///< appointments that overlap it
  bool holdingOnly = false;  ///< leave out cancelled and no-show
  int limit = 5000;
  bool patientNames = false;  ///< calendar(): fill CalendarEntry::patientName
};

/// The practice's schedule set-up: appointment types, rooms, availability rules and blocks.
class SchedulingRepository {
 public:
  virtual ~SchedulingRepository() = default;
  virtual Result<domain::AppointmentType> insertType(const domain::AppointmentType& t,
                                                     domain::Instant now) = 0;
  virtual Result<domain::AppointmentType> updateType(const domain::AppointmentType& t,
                                                     std::int64_t expectedVersion,
                                                     domain::Instant now) = 0;
  virtual std::optional<domain::AppointmentType> getType(domain::OrganizationId org,
                                                         domain::AppointmentTypeId id) = 0;
  virtual Result<Page<domain::AppointmentType>> listTypes(domain::OrganizationId org,
                                                          const PageRequest& page) = 0;

  virtual Result<domain::Room> insertRoom(const domain::Room& room, domain::Instant now) = 0;
  virtual Result<domain::Room> updateRoom(const domain::Room& room, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
  virtual std::optional<domain::Room> getRoom(domain::OrganizationId org, domain::RoomId id) = 0;
  /// Rooms of one location (unset: all), by id.
  virtual std::vector<domain::Room> rooms(domain::OrganizationId org, domain::LocationId location,
                                          bool includeInactive) = 0;

  virtual Result<domain::AvailabilityRule> insertRule(const domain::AvailabilityRule& rule,
                                                      domain::Instant now) = 0;
  virtual Result<domain::AvailabilityRule> updateRule(const domain::AvailabilityRule& rule,
                                                      std::int64_t expectedVersion,
                                                      domain::Instant now) = 0;
  virtual std::optional<domain::AvailabilityRule> getRule(domain::OrganizationId org,
                                                          domain::AvailabilityRuleId id) = 0;
  /// Rules of one provider (unset: all), by id.
  virtual std::vector<domain::AvailabilityRule> rules(domain::OrganizationId org,
                                                      domain::ProviderId provider,
                                                      bool includeInactive) = 0;

  virtual Result<domain::ScheduleBlock> insertBlock(const domain::ScheduleBlock& block,
                                                    domain::Instant now) = 0;
  virtual std::optional<domain::ScheduleBlock> getBlock(domain::OrganizationId org,
                                                        domain::ScheduleBlockId id) = 0;
  virtual bool deleteBlock(domain::OrganizationId org, domain::ScheduleBlockId id) = 0;
  /// Blocks overlapping `during` that bind `provider` at `location`: the provider's own (at that
  /// location or all of theirs) and the location's (every provider there). Unset ids do not
  /// narrow (all blocks of the practice in the range).
  virtual std::vector<domain::ScheduleBlock> blocks(domain::OrganizationId org,
                                                    domain::ProviderId provider,
                                                    domain::LocationId location,
                                                    domain::Interval during) = 0;
};

/// Everything booking or moving one appointment checks, read together (one round trip on
/// PostgreSQL). Each record is nullopt when absent or another organization's (archived ones are
/// returned: the use case decides).
struct BookingFacts {
  std::optional<domain::Patient> patient;
  std::optional<domain::Provider> provider;  ///< with its locations
  std::optional<domain::Location> location;
  std::optional<domain::AppointmentType> type;
  std::optional<domain::Room> room;             ///< only when the candidate names a room
  std::vector<domain::AvailabilityRule> rules;  ///< the provider's active rules
  std::vector<domain::ScheduleBlock> blocks;    ///< those SchedulingRepository::blocks() gives
  AppointmentConflicts conflicts;               ///< as AppointmentRepository::conflicts()
};

/// Appointments and series.
class AppointmentRepository {
 public:
  virtual ~AppointmentRepository() = default;
  /// Stores a new appointment. On PostgreSQL an overlap the caller did not see (a concurrent
  /// booking) is refused by the exclusion constraints: kConflict naming `provider_id`,
  /// `patient_id` or `room_id`.
  virtual Result<domain::Appointment> insert(const domain::Appointment& a, domain::Instant now) = 0;
  /// Replaces times, room, status and notes (If-Match version); the same conflict rule.
  virtual Result<domain::Appointment> update(const domain::Appointment& a,
                                             std::int64_t expectedVersion, domain::Instant now) = 0;
  virtual std::optional<domain::Appointment> get(domain::OrganizationId org,
                                                 domain::AppointmentId id) = 0;
  /// A recurring series: its rule and first start; occurrences are appointments with its id.
  virtual domain::SeriesId insertSeries(domain::OrganizationId org, const std::string& rrule,
                                        domain::Instant firstStart, domain::Instant now) = 0;
  /// The occurrences of a series that start at or after `from`, in start order.
  virtual std::vector<domain::Appointment> series(domain::OrganizationId org,
                                                  domain::SeriesId series,
                                                  domain::Instant from) = 0;
  /// Index range scans only: an appointment lasts at most 12 hours, so only those starting in
  /// (start - 12 h, end) can overlap.
  virtual AppointmentConflicts conflicts(const domain::Appointment& candidate,
                                         domain::AppointmentId exclude) = 0;
  virtual std::vector<domain::Appointment> range(const AppointmentRange& range) = 0;
  /// The same selection as range(), only the columns a calendar shows (read from the
  /// location index alone when the range names a location).
  virtual std::vector<CalendarEntry> calendar(const AppointmentRange& range) = 0;
  /// Time-holding appointments overlapping `during` of any of `providers` (wherever they are),
  /// plus those at `location` that hold a room (unset: none), in one round trip and without
  /// decoding whole appointments. Duplicates are possible.
  virtual std::vector<BusyTime> busyTimes(domain::OrganizationId org,
                                          const std::vector<domain::ProviderId>& providers,
                                          domain::LocationId location, domain::Interval during) = 0;
  /// What booking `candidate` (or moving the appointment `exclude` to it) checks: the records
  /// it names, the provider's rules, the blocks and conflicts around its time.
  virtual BookingFacts bookingFacts(const domain::Appointment& candidate,
                                    domain::AppointmentId exclude) = 0;
};

/// The waitlist: entries and the offers of freed time made to them.
class WaitlistRepository {
 public:
  virtual ~WaitlistRepository() = default;
  virtual Result<domain::WaitlistEntry> insertEntry(const domain::WaitlistEntry& e,
                                                    domain::Instant now) = 0;
  /// Replaces constraints, priority, note, status and the booked appointment (If-Match).
  virtual Result<domain::WaitlistEntry> updateEntry(const domain::WaitlistEntry& e,
                                                    std::int64_t expectedVersion,
                                                    domain::Instant now) = 0;
  virtual std::optional<domain::WaitlistEntry> getEntry(domain::OrganizationId org,
                                                        domain::WaitlistEntryId id) = 0;
  /// Entries of a location (unset: all) in a status (none: any), most urgent first (priority,
  /// then who waited longest), at most `limit`.
  virtual std::vector<domain::WaitlistEntry> entries(domain::OrganizationId org,
                                                     domain::LocationId location,
                                                     std::optional<domain::WaitlistStatus> status,
                                                     int limit) = 0;
  /// Waiting entries at `location` whose date window contains `day`, most urgent first.
  virtual std::vector<domain::WaitlistEntry> waitingFor(domain::OrganizationId org,
                                                        domain::LocationId location,
                                                        domain::Date day) = 0;
  virtual Result<domain::WaitlistOffer> insertOffer(const domain::WaitlistOffer& o,
                                                    domain::Instant now) = 0;
  /// Replaces the status and appointment of an offer (If-Match version).
  virtual Result<domain::WaitlistOffer> updateOffer(const domain::WaitlistOffer& o,
                                                    std::int64_t expectedVersion,
                                                    domain::Instant now) = 0;
  virtual std::optional<domain::WaitlistOffer> getOffer(domain::OrganizationId org,
                                                        domain::WaitlistOfferId id) = 0;
  /// Offers at a location (unset: all) in a status (none: any), for one entry (unset: all),
  /// whose slot starts at or after `startsFrom`, earliest slot first, then rank; at most
  /// `limit`.
  virtual std::vector<domain::WaitlistOffer> offers(domain::OrganizationId org,
                                                    domain::LocationId location,
                                                    std::optional<domain::OfferStatus> status,
                                                    domain::WaitlistEntryId entry,
                                                    domain::Instant startsFrom, int limit) = 0;
};

}  // namespace medoffice::app
