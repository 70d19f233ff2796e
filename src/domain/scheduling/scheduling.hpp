// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/time.hpp"
#include "domain/scheduling/intervals.hpp"

namespace medoffice::domain {

/// A kind of visit: how long it takes, how it shows on the calendar, who may see it.
struct AppointmentType {
  AppointmentTypeId id;
  OrganizationId organizationId;
  std::string name;
  int durationMinutes = 15;     ///< 5-480
  int bufferBeforeMinutes = 0;  ///< kept free before the visit when searching slots (0-120)
  int bufferAfterMinutes = 0;   ///< kept free after it (room turnover, notes)
  std::string colour;           ///< #RRGGBB
  bool telehealth = false;
  bool requiresRoom = true;                  ///< in-person visits need a free room at the location
  std::vector<std::string> defaultCptCodes;  ///< 5 characters each (CPT or HCPCS)
  std::vector<ProviderId> providerIds;       ///< empty: every provider
  bool active = true;
  RecordMeta meta;

  [[nodiscard]] bool allows(ProviderId p) const;
};

/// An exam room (or chair, or bay) at a location: one appointment at a time.
struct Room {
  RoomId id;
  OrganizationId organizationId;
  LocationId locationId;
  std::string name;
  bool active = true;
  RecordMeta meta;
};

/// Days of the week as a bit set: bit 0 Sunday ... bit 6 Saturday (the order of
/// Date::weekday()).
using WeekdaySet = std::uint8_t;

/// A provider's weekly availability at one location: on the given weekdays, from `startMinute`
/// to `endMinute` local time (minutes after midnight), between two dates. Several rules make up a
/// template (mornings at one clinic, afternoons at another).
struct AvailabilityRule {
  AvailabilityRuleId id;
  OrganizationId organizationId;
  ProviderId providerId;
  LocationId locationId;
  WeekdaySet weekdays = 0;
  int startMinute = 0;  ///< 0-1439
  int endMinute = 0;    ///< startMinute+5 .. 1440
  Date effectiveFrom;
  std::optional<Date> effectiveTo;                    ///< inclusive; none: open-ended
  std::vector<AppointmentTypeId> appointmentTypeIds;  ///< empty: every type
  bool active = true;
  RecordMeta meta;

  [[nodiscard]] bool appliesOn(Date d) const;
  [[nodiscard]] bool allows(AppointmentTypeId t) const;
};

enum class BlockKind { kTimeOff, kHoliday, kBlock };
std::string_view toString(BlockKind k);
std::optional<BlockKind> parseBlockKind(std::string_view s);

/// Time nobody may book: a provider's time off (all locations, or one), a location's holiday
/// (every provider there), or a block with a reason (a meeting, a procedure).
struct ScheduleBlock {
  ScheduleBlockId id;
  OrganizationId organizationId;
  BlockKind kind = BlockKind::kBlock;
  ProviderId providerId;  ///< unset: every provider at `locationId`
  LocationId locationId;  ///< unset: every location of `providerId`
  Instant start;
  Instant end;
  std::string reason;
  RecordMeta meta;
};

/// The front-desk flow. Cancelled and no-show are terminal; every change is timestamped.
enum class AppointmentStatus {
  kBooked,
  kConfirmed,
  kArrived,
  kRoomed,
  kWithProvider,
  kCheckedOut,
  kCancelled,
  kNoShow,
};
std::string_view toString(AppointmentStatus s);
std::optional<AppointmentStatus> parseAppointmentStatus(std::string_view s);
/// The allowed transitions of the status machine (DESIGN.md: an illegal one is an error).
bool canTransition(AppointmentStatus from, AppointmentStatus to);
/// Statuses that hold time on the calendar (everything but cancelled and no-show).
bool holdsTime(AppointmentStatus s);

struct Appointment {
  AppointmentId id;
  OrganizationId organizationId;
  PatientId patientId;
  ProviderId providerId;
  LocationId locationId;
  RoomId roomId;  ///< unset until roomed (or when the type needs no room)
  AppointmentTypeId appointmentTypeId;
  Instant start;
  Instant end;
  AppointmentStatus status = AppointmentStatus::kBooked;
  SeriesId seriesId;  ///< set for occurrences of a recurring series
  /// An occurrence moved on its own: moving the series ("following", "all") leaves it be.
  bool seriesException = false;
  bool overbooked = false;
  bool walkIn = false;
  std::string note;  ///< reason for visit, free text
  std::string cancelReason;
  bool lateCancel = false;
  bool demographicsConfirmed = false;  ///< at check-in: the desk confirmed address, phone
  CoverageId coverageConfirmed;        ///< at check-in: the primary coverage confirmed
  /// When each status was entered (index = AppointmentStatus), and by whom.
  std::array<std::optional<Instant>, 8> statusAt{};
  std::array<std::int64_t, 8> statusBy{};  ///< user ids; 0 for none
  RecordMeta meta;

  [[nodiscard]] Interval interval() const;
};

std::vector<FieldError> validate(AppointmentType& t);
std::vector<FieldError> validate(Room& r);
std::vector<FieldError> validate(AvailabilityRule& r);
std::vector<FieldError> validate(ScheduleBlock& b);
/// "09:30" <-> 570; "24:00" is 1440 (the end of the day). nullopt when malformed.
std::optional<int> parseTimeOfDay(std::string_view s);
std::string formatTimeOfDay(int minute);

/// Start before end, at most 12 hours, and not beyond `horizon` (e.g. two years ahead).
std::vector<FieldError> validateTimes(Instant start, Instant end, Instant horizon);

}  // namespace medoffice::domain
