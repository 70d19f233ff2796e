// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/scheduling/internal.hpp"

#include <algorithm>

#include "app/scheduling/waitlist.hpp"

namespace medoffice::app::scheduling::detail {

std::optional<Interval> localDay(const TimeZones& zones, const std::string& zone, domain::Date d) {
  auto from = zones.toUtc(zone, d, 0);
  auto to = zones.toUtc(zone, d, 1440);
  if (!from || !to) return std::nullopt;
  return Interval{*from, *to};
}

/// Availability of a provider at a location on one local date for a type, minus blocks.
IntervalSet freeTime(const TimeZones& zones, const std::string& zone,
                     const domain::ProviderDay& day, domain::LocationId location,
                     domain::AppointmentTypeId type, domain::Date d) {
  IntervalSet free;
  for (const auto& rule : day.rules) {
    if (rule.locationId != location || !rule.appliesOn(d) || !rule.allows(type)) continue;
    auto from = zones.toUtc(zone, d, rule.startMinute);
    auto to = rule.endMinute >= 1440 ? zones.toUtc(zone, d.plusDays(1), 0)
                                     : zones.toUtc(zone, d, rule.endMinute);
    if (from && to) free.add({*from, *to});
  }
  free.subtract(day.blocked);
  return free;
}

IntervalSet blockedSet(const std::vector<domain::ScheduleBlock>& blocks) {
  std::vector<Interval> v;
  v.reserve(blocks.size());
  for (const auto& b : blocks) v.push_back({b.start, b.end});
  return IntervalSet(std::move(v));
}

/// "2027-01-15: The provider already has … field message;": why one occurrence of a series
/// cannot be booked or moved.
std::string occurrenceMessage(domain::Date date, const Error& error) {
  std::string message = date.toString() + ": " + error.message;
  for (const auto& f : error.fields) message += " " + f.field + " " + f.message + ";";
  return message;
}

Error conflictError(const TimeZones& zones, const std::string& zone,
                    const AppointmentConflicts& c) {
  const char* who = c.provider ? "provider" : c.patient ? "patient" : "room";
  const Appointment& other = c.provider ? *c.provider : c.patient ? *c.patient : *c.room;
  const std::string when = describeTime(zones, zone, other.interval());
  return Error::conflict(std::string("The ") + who + " already has an appointment " + when + ".",
                         {{std::string(who) + "_id", "has another appointment " + when}});
}

/// The checks shared by booking and rescheduling: times, the records involved, the template
/// and blocks, conflicts with other appointments (`self` excluded). Sets `a.overbooked` when
/// `overbook` lets a conflict or an off-template time through.
Status checkBookable(Repositories& r, const TimeZones& zones, Instant now,
                     domain::OrganizationId org, Appointment& a, bool overbook, bool backdate,
                     bool walkIn) {
  a.organizationId = org;  // what the facts are read for
  domain::FieldErrors errors;
  const Instant horizon = Instant::fromMicros(now.micros() + kHorizonDays * kDay);
  errors.append(domain::validateTimes(a.start, a.end, horizon));
  // A few minutes of grace: the front desk books "now" for a patient at the counter.
  if (!backdate && !walkIn && a.start < Instant::fromMicros(now.micros() - 5 * kMinute)) {
    errors.add("start", "is in the past (back-dating needs the schedule.backdate permission)");
  }
  if (a.note.size() > 500) errors.add("note", "must have at most 500 characters");
  if (!errors.empty()) return errors.toError();

  // Everything the checks need, in one visit to storage (one round trip on PostgreSQL).
  const BookingFacts facts = r.appointments().bookingFacts(a, a.id);
  const auto& patient = facts.patient;
  if (!patient || patient->status != domain::PatientStatus::kActive) {
    return Error::notFound("patient not found (or archived or merged)");
  }
  const auto& provider = facts.provider;
  if (!provider || !provider->active) return Error::notFound("provider not found");
  const auto& location = facts.location;
  if (!location || !location->active) return Error::notFound("location not found");
  const auto& type = facts.type;
  if (!type || !type->active) return Error::notFound("appointment type not found");
  if (std::find(provider->locationIds.begin(), provider->locationIds.end(), a.locationId) ==
      provider->locationIds.end()) {
    errors.add("location_id", "is not one of the provider's locations");
  }
  if (!type->allows(a.providerId)) {
    errors.add("appointment_type_id", "is not offered by this provider");
  }
  if (a.roomId.valid()) {
    const auto& room = facts.room;
    if (!room || !room->active) return Error::notFound("room not found");
    if (room->locationId != a.locationId) errors.add("room_id", "is at another location");
  }
  if (!errors.empty()) return errors.toError();

  // Inside the provider's availability at this location, outside blocks.
  const std::string& zone = location->timeZone;
  auto local = zones.toLocal(zone, a.start);
  if (!local) return Error::internal("the location's time zone is unknown: " + zone);
  domain::ProviderDay day;
  day.providerId = a.providerId;
  day.rules = facts.rules;
  day.blocked = blockedSet(facts.blocks);
  const IntervalSet free =
      freeTime(zones, zone, day, a.locationId, a.appointmentTypeId, local->date);
  a.overbooked = false;
  if (!free.covers(a.interval())) {
    if (!overbook && !walkIn) {
      return Error::invalidField("start",
                                 "is outside the provider's availability for this type (or in a "
                                 "block); overbooking needs the schedule.overbook permission");
    }
    a.overbooked = true;
  }
  if (facts.conflicts.any()) {
    if (!overbook) return conflictError(zones, zone, facts.conflicts);
    a.overbooked = true;
  }
  return {};
}

/// reschedule(); `exception` marks an occurrence of a series as moved on its own.
Result<Appointment> moveOne(Repositories& r, const TimeZones& zones, Instant now,
                            domain::OrganizationId org, const Reschedule& req, bool exception) {
  auto current = r.appointments().get(org, req.id);
  if (!current) return Error::notFound("appointment not found");
  if (req.expectedVersion && *req.expectedVersion != current->meta.version) {
    return Error::versionMismatch();
  }
  if (current->status != AppointmentStatus::kBooked &&
      current->status != AppointmentStatus::kConfirmed) {
    return Error::conflict("Only booked or confirmed appointments can be moved; this one is " +
                           std::string(domain::toString(current->status)) + ".");
  }
  Appointment a = *current;
  a.start = req.start;
  a.end = req.end;
  if (req.providerId.valid()) a.providerId = req.providerId;
  if (req.room) a.roomId = *req.room;
  if (auto s = checkBookable(r, zones, now, org, a, req.overbook, req.backdate, false); !s.ok()) {
    return s.error();
  }
  // A moved appointment needs confirming again.
  a.status = AppointmentStatus::kBooked;
  if (exception && a.seriesId.valid()) a.seriesException = true;
  auto stored = r.appointments().update(a, current->meta.version, now);
  if (stored) offerFreedSlot(r, zones, now, org, *current);
  return stored;
}

}  // namespace medoffice::app::scheduling::detail
