// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/scheduling.hpp"

#include <algorithm>

#include "domain/scheduling/recurrence.hpp"

namespace medoffice::app::scheduling {

using domain::Appointment;
using domain::AppointmentStatus;
using domain::Error;
using domain::Instant;
using domain::Interval;
using domain::IntervalSet;

namespace {

constexpr std::int64_t kMinute = 60'000'000;
constexpr std::int64_t kDay = 1440 * kMinute;

/// The UTC span of one local date at a location.
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

}  // namespace

std::string describeTime(const TimeZones& zones, const std::string& zone, const Interval& i) {
  auto a = zones.toLocal(zone, i.start);
  auto b = zones.toLocal(zone, i.end);
  if (!a || !b) return "from " + i.start.toString() + " to " + i.end.toString();
  return "from " + domain::formatTimeOfDay(a->minuteOfDay) + " to " +
         domain::formatTimeOfDay(b->minuteOfDay) + " on " + a->date.toString() + " (" + zone + ")";
}

namespace {

/// The checks shared by booking and rescheduling: times, the records involved, the template
/// and blocks, conflicts with other appointments (`self` excluded). Sets `a.overbooked` when
/// `overbook` lets a conflict or an off-template time through.
Status checkBookable(Repositories& r, const TimeZones& zones, Instant now,
                     domain::OrganizationId org, Appointment& a, bool overbook, bool backdate,
                     bool walkIn) {
  domain::FieldErrors errors;
  const Instant horizon = Instant::fromMicros(now.micros() + kHorizonDays * kDay);
  errors.append(domain::validateTimes(a.start, a.end, horizon));
  // A few minutes of grace: the front desk books "now" for a patient at the counter.
  if (!backdate && !walkIn && a.start < Instant::fromMicros(now.micros() - 5 * kMinute)) {
    errors.add("start", "is in the past (back-dating needs the schedule.backdate permission)");
  }
  if (a.note.size() > 500) errors.add("note", "must have at most 500 characters");
  if (!errors.empty()) return errors.toError();

  auto patient = r.patients().get(org, a.patientId);
  if (!patient || patient->status != domain::PatientStatus::kActive) {
    return Error::notFound("patient not found (or archived or merged)");
  }
  auto provider = r.providers().get(org, a.providerId);
  if (!provider || !provider->active) return Error::notFound("provider not found");
  auto location = r.locations().get(org, a.locationId);
  if (!location || !location->active) return Error::notFound("location not found");
  auto type = r.scheduling().getType(org, a.appointmentTypeId);
  if (!type || !type->active) return Error::notFound("appointment type not found");
  if (std::find(provider->locationIds.begin(), provider->locationIds.end(), a.locationId) ==
      provider->locationIds.end()) {
    errors.add("location_id", "is not one of the provider's locations");
  }
  if (!type->allows(a.providerId)) {
    errors.add("appointment_type_id", "is not offered by this provider");
  }
  if (a.roomId.valid()) {
    auto room = r.scheduling().getRoom(org, a.roomId);
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
  day.rules = r.scheduling().rules(org, a.providerId, false);
  day.blocked = blockedSet(r.scheduling().blocks(org, a.providerId, a.locationId, a.interval()));
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
  auto conflicts = r.scheduling().conflicts(a, a.id);
  if (conflicts.any()) {
    if (!overbook) return conflictError(zones, zone, conflicts);
    a.overbooked = true;
  }
  return {};
}

}  // namespace

Result<Appointment> book(Repositories& r, const TimeZones& zones, Instant now,
                         domain::OrganizationId org, BookRequest req, std::int64_t byUser) {
  Appointment a = std::move(req.draft);
  a.organizationId = org;
  a.id = {};
  if (auto s = checkBookable(r, zones, now, org, a, req.overbook, req.backdate, req.walkIn);
      !s.ok()) {
    return s.error();
  }
  a.status = req.walkIn ? AppointmentStatus::kArrived : AppointmentStatus::kBooked;
  a.walkIn = req.walkIn;
  a.statusAt = {};
  a.statusBy = {};
  a.statusAt[static_cast<std::size_t>(AppointmentStatus::kBooked)] = now;
  a.statusBy[static_cast<std::size_t>(AppointmentStatus::kBooked)] = byUser;
  if (req.walkIn) {
    a.statusAt[static_cast<std::size_t>(AppointmentStatus::kArrived)] = now;
    a.statusBy[static_cast<std::size_t>(AppointmentStatus::kArrived)] = byUser;
  }
  a.cancelReason.clear();
  a.lateCancel = false;
  return r.scheduling().insertAppointment(a, now);
}

Result<SeriesResult> bookSeries(Repositories& r, const TimeZones& zones, Instant now,
                                domain::OrganizationId org, const BookRequest& req,
                                const std::string& rrule, bool skipConflicts, std::int64_t byUser) {
  auto rule = domain::parseRecurrence(rrule);
  if (!rule) return rule.error();
  auto location = r.locations().get(org, req.draft.locationId);
  if (!location || !location->active) return Error::notFound("location not found");
  const std::string& zone = location->timeZone;
  auto firstLocal = zones.toLocal(zone, req.draft.start);
  if (!firstLocal) return Error::invalidField("start", "cannot be read in the location's zone");
  const std::int64_t duration = req.draft.end.micros() - req.draft.start.micros();
  const domain::Date horizon = Instant::fromMicros(now.micros() + kHorizonDays * kDay).utcDate();
  auto dates = domain::expand(*rule, firstLocal->date, kMaxOccurrences, horizon);
  if (dates.dates.empty()) {
    return Error::invalidField("rrule", "gives no occurrence on or after the first date");
  }
  SeriesResult out;
  out.truncated = dates.truncated;
  out.seriesId = r.scheduling().insertSeries(org, rrule, req.draft.start, now);
  domain::FieldErrors failures;
  bool anyConflict = false;
  for (std::size_t k = 0; k < dates.dates.size(); ++k) {
    BookRequest one = req;
    auto start = zones.toUtc(zone, dates.dates[k], firstLocal->minuteOfDay);
    if (!start) return Error::internal("the location's time zone is unknown: " + zone);
    one.draft.start = *start;
    one.draft.end = Instant::fromMicros(start->micros() + duration);
    one.draft.seriesId = out.seriesId;
    auto booked = book(r, zones, now, org, one, byUser);
    if (booked) {
      out.booked.push_back(*booked);
      continue;
    }
    anyConflict = anyConflict || booked.error().code == domain::ErrorCode::kConflict;
    const std::string field = "occurrences[" + std::to_string(k) + "]";
    const std::string message = occurrenceMessage(dates.dates[k], booked.error());
    if (skipConflicts) {
      out.skipped.push_back({*start, {field, message}});
    } else {
      failures.add(field, message);
    }
  }
  if (!failures.empty()) {
    // Nothing of the series is kept: the caller's transaction rolls back.
    Error e = anyConflict ? Error::conflict("Some occurrences cannot be booked.", failures.list())
                          : failures.toError();
    return e;
  }
  if (out.booked.empty()) {
    return Error::conflict("No occurrence of the series can be booked.", {});
  }
  return out;
}

Result<std::vector<Appointment>> cancelSeries(Repositories& r, const TimeZones& zones, Instant now,
                                              domain::OrganizationId org, domain::AppointmentId id,
                                              SeriesScope scope, const std::string& reason,
                                              std::int64_t byUser) {
  auto chosen = r.scheduling().getAppointment(org, id);
  if (!chosen) return Error::notFound("appointment not found");
  std::vector<Appointment> targets;
  if (scope == SeriesScope::kThis || !chosen->seriesId.valid()) {
    targets.push_back(*chosen);
  } else {
    const Instant from = scope == SeriesScope::kAll ? now : chosen->start;
    for (auto& a : r.scheduling().seriesAppointments(org, chosen->seriesId, from)) {
      targets.push_back(std::move(a));
    }
  }
  std::vector<Appointment> out;
  for (const auto& a : targets) {
    if (a.status != AppointmentStatus::kBooked && a.status != AppointmentStatus::kConfirmed &&
        a.id != id) {
      continue;  // already cancelled, or under way: history stays as it is
    }
    Transition t;
    t.to = AppointmentStatus::kCancelled;
    t.reason = reason;
    auto done = transition(r, zones, now, org, a.id, t, byUser);
    if (!done) return done.error();
    out.push_back(*done);
  }
  return out;
}

namespace {

/// reschedule(); `exception` marks an occurrence of a series as moved on its own.
Result<Appointment> moveOne(Repositories& r, const TimeZones& zones, Instant now,
                            domain::OrganizationId org, const Reschedule& req, bool exception) {
  auto current = r.scheduling().getAppointment(org, req.id);
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
  auto stored = r.scheduling().updateAppointment(a, current->meta.version, now);
  if (stored) offerFreedSlot(r, zones, now, org, *current);
  return stored;
}

}  // namespace

Result<Appointment> reschedule(Repositories& r, const TimeZones& zones, Instant now,
                               domain::OrganizationId org, const Reschedule& req) {
  return moveOne(r, zones, now, org, req, true);
}

Result<std::vector<Appointment>> rescheduleSeries(Repositories& r, const TimeZones& zones,
                                                  Instant now, domain::OrganizationId org,
                                                  const Reschedule& req, SeriesScope scope) {
  auto chosen = r.scheduling().getAppointment(org, req.id);
  if (!chosen) return Error::notFound("appointment not found");
  if (scope == SeriesScope::kThis || !chosen->seriesId.valid()) {
    auto one = reschedule(r, zones, now, org, req);
    if (!one) return one.error();
    return std::vector<Appointment>{*one};
  }
  if (req.expectedVersion && *req.expectedVersion != chosen->meta.version) {
    return Error::versionMismatch();
  }
  auto location = r.locations().get(org, chosen->locationId);
  if (!location) return Error::notFound("location not found");
  const std::string& zone = location->timeZone;
  auto was = zones.toLocal(zone, chosen->start);
  auto becomes = zones.toLocal(zone, req.start);
  if (!was || !becomes) return Error::internal("the location's time zone is unknown: " + zone);
  const std::int64_t dayShift = becomes->date.daysSinceEpoch() - was->date.daysSinceEpoch();
  const std::int64_t length = req.end.micros() - req.start.micros();
  if (length <= 0) return Error::invalidField("end", "must be after start");

  std::vector<Appointment> targets;
  const Instant from = scope == SeriesScope::kAll ? now : chosen->start;
  for (auto& a : r.scheduling().seriesAppointments(org, chosen->seriesId, from)) {
    const bool movable =
        a.status == AppointmentStatus::kBooked || a.status == AppointmentStatus::kConfirmed;
    if (a.id == chosen->id || (movable && !a.seriesException)) targets.push_back(std::move(a));
  }
  if (std::none_of(targets.begin(), targets.end(),
                   [&](const Appointment& a) { return a.id == chosen->id; })) {
    targets.insert(targets.begin(), *chosen);  // "all", chosen before now: it moves too
  }
  // Moving later, the last occurrence goes first (and earlier, the first), so that no occurrence
  // lands on the old time of one not moved yet.
  const bool later = chosen->start < req.start;
  std::vector<std::size_t> order(targets.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = later ? order.size() - 1 - k : k;

  std::vector<Appointment> out(targets.size());
  domain::FieldErrors failures;
  bool anyConflict = false;
  for (std::size_t k : order) {
    const Appointment& a = targets[k];
    auto local = zones.toLocal(zone, a.start);
    if (!local) return Error::internal("the location's time zone is unknown: " + zone);
    auto start = zones.toUtc(zone, local->date.plusDays(dayShift), becomes->minuteOfDay);
    if (!start) return Error::internal("the location's time zone is unknown: " + zone);
    Reschedule one = req;
    one.id = a.id;
    one.expectedVersion = std::nullopt;
    one.start = *start;
    one.end = Instant::fromMicros(start->micros() + length);
    auto moved = moveOne(r, zones, now, org, one, false);
    if (!moved) {
      anyConflict = anyConflict || moved.error().code == domain::ErrorCode::kConflict;
      failures.add("occurrences[" + std::to_string(k) + "]",
                   occurrenceMessage(local->date, moved.error()));
      continue;
    }
    out[k] = *moved;
  }
  if (!failures.empty()) {
    // Nothing moves: the caller's transaction rolls back.
    return anyConflict ? Error::conflict("Some occurrences cannot be moved.", failures.list())
                       : failures.toError();
  }
  return out;
}

Result<Appointment> transition(Repositories& r, const TimeZones& zones, Instant now,
                               domain::OrganizationId org, domain::AppointmentId id,
                               const Transition& t, std::int64_t byUser) {
  auto current = r.scheduling().getAppointment(org, id);
  if (!current) return Error::notFound("appointment not found");
  if (t.expectedVersion && *t.expectedVersion != current->meta.version) {
    return Error::versionMismatch();
  }
  Appointment a = *current;
  if (!domain::canTransition(a.status, t.to)) {
    return Error::conflict("An appointment that is " + std::string(domain::toString(a.status)) +
                           " cannot become " + std::string(domain::toString(t.to)) + ".");
  }
  switch (t.to) {
    case AppointmentStatus::kCancelled: {
      std::string reason = t.reason;
      if (reason.empty() || reason.size() > 200) {
        return Error::invalidField("reason", "must say why, in 1-200 characters");
      }
      a.cancelReason = std::move(reason);
      // Late: less than 24 hours before the start (practices bill or track these).
      a.lateCancel = a.start.micros() - now.micros() < 24 * 60 * kMinute;
      break;
    }
    case AppointmentStatus::kNoShow:
      if (now < a.start)
        return Error::conflict("An appointment cannot be a no-show before it starts.");
      break;
    case AppointmentStatus::kRoomed: {
      if (!t.room.valid()) return Error::invalidField("room_id", "is required to room a patient");
      auto room = r.scheduling().getRoom(org, t.room);
      if (!room || !room->active || room->locationId != a.locationId) {
        return Error::invalidField("room_id", "is not a room of this location");
      }
      a.roomId = t.room;
      Appointment probe = a;
      probe.start = std::max(a.start, now);
      probe.end = std::max(a.end, Instant::fromMicros(probe.start.micros() + kMinute));
      auto c = r.scheduling().conflicts(probe, a.id);
      if (c.room) {
        return Error::conflict("That room is taken by another patient now.",
                               {{"room_id", "is taken"}});
      }
      break;
    }
    default:
      break;
  }
  a.status = t.to;
  a.statusAt[static_cast<std::size_t>(t.to)] = now;
  a.statusBy[static_cast<std::size_t>(t.to)] = byUser;
  auto stored = r.scheduling().updateAppointment(a, current->meta.version, now);
  if (stored && t.to == AppointmentStatus::kCancelled) offerFreedSlot(r, zones, now, org, *current);
  return stored;
}

// ---- waitlist -----------------------------------------------------------------------------

namespace {

/// The checks shared by adding and editing a waitlist entry.
Status checkWaitlistEntry(Repositories& r, Instant now, domain::OrganizationId org,
                          domain::WaitlistEntry& e) {
  domain::FieldErrors errors;
  errors.append(domain::validate(e));
  if (!errors.empty()) return errors.toError();
  auto patient = r.patients().get(org, e.patientId);
  if (!patient || patient->status != domain::PatientStatus::kActive) {
    return Error::notFound("patient not found (or archived or merged)");
  }
  auto type = r.scheduling().getType(org, e.appointmentTypeId);
  if (!type || !type->active) return Error::notFound("appointment type not found");
  auto location = r.locations().get(org, e.locationId);
  if (!location || !location->active) return Error::notFound("location not found");
  for (std::size_t k = 0; k < e.providerIds.size(); ++k) {
    auto p = r.providers().get(org, e.providerIds[k]);
    if (!p || !p->active) {
      errors.add("provider_ids[" + std::to_string(k) + "]", "is not a provider of this practice");
    }
  }
  if (e.appointmentId.valid()) {
    auto a = r.scheduling().getAppointment(org, e.appointmentId);
    if (!a || a->patientId != e.patientId) {
      errors.add("appointment_id", "is not an appointment of this patient");
    } else if (a->status != AppointmentStatus::kBooked &&
               a->status != AppointmentStatus::kConfirmed) {
      errors.add("appointment_id", "is not booked or confirmed");
    }
  }
  if (e.windowTo < now.utcDate()) errors.add("window_to", "is in the past");
  if (!errors.empty()) return errors.toError();
  return {};
}

}  // namespace

Result<domain::WaitlistEntry> addToWaitlist(Repositories& r, Instant now,
                                            domain::OrganizationId org, domain::WaitlistEntry e) {
  e.organizationId = org;
  e.id = {};
  e.status = domain::WaitlistStatus::kWaiting;
  e.bookedAppointmentId = {};
  if (auto s = checkWaitlistEntry(r, now, org, e); !s.ok()) return s.error();
  return r.scheduling().insertWaitlistEntry(e, now);
}

Result<domain::WaitlistEntry> updateWaitlistEntry(Repositories& r, Instant now,
                                                  domain::OrganizationId org,
                                                  domain::WaitlistEntry changes,
                                                  std::int64_t expectedVersion) {
  auto current = r.scheduling().getWaitlistEntry(org, changes.id);
  if (!current) return Error::notFound("waitlist entry not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  if (current->status != domain::WaitlistStatus::kWaiting) {
    return Error::conflict("The entry is " + std::string(domain::toString(current->status)) +
                           ", not waiting.");
  }
  if (changes.patientId != current->patientId) {
    return Error::invalidField("patient_id", "cannot change: add the other patient instead");
  }
  changes.organizationId = org;
  changes.status = current->status;
  changes.bookedAppointmentId = current->bookedAppointmentId;
  changes.meta = current->meta;
  if (auto s = checkWaitlistEntry(r, now, org, changes); !s.ok()) return s.error();
  return r.scheduling().updateWaitlistEntry(changes, expectedVersion, now);
}

namespace {

/// Offers one slot (a provider's time at a location from `start`) to the entries that suit it.
std::vector<domain::WaitlistOffer> offerSlot(Repositories& r, const TimeZones& zones, Instant now,
                                             domain::OrganizationId org,
                                             domain::ProviderId provider,
                                             domain::LocationId location, Instant start,
                                             domain::PatientId leaving) {
  std::vector<domain::WaitlistOffer> made;
  if (start < now) return made;
  auto loc = r.locations().get(org, location);
  if (!loc || !loc->active) return made;
  auto local = zones.toLocal(loc->timeZone, start);
  if (!local) return made;
  // Who was offered this slot already, and how many offers are still open.
  std::vector<domain::WaitlistEntryId> offered;
  int open = 0;
  for (const auto& o : r.scheduling().offers(org, location, std::nullopt, {}, start, 1000)) {
    if (start < o.start) break;  // earliest slot first: the rest start later
    if (o.providerId != provider || o.start != start) continue;
    offered.push_back(o.entryId);
    if (o.status == domain::OfferStatus::kOpen) ++open;
  }
  int checked = 0;
  for (const auto& e : r.scheduling().waitingFor(org, location, local->date)) {
    if (open >= kOffersPerSlot || checked >= 50) break;
    if (e.patientId == leaving || !e.wants(provider, location, local->date, local->minuteOfDay) ||
        std::find(offered.begin(), offered.end(), e.id) != offered.end()) {
      continue;
    }
    ++checked;
    auto type = r.scheduling().getType(org, e.appointmentTypeId);
    if (!type || !type->active) continue;
    Appointment draft;
    draft.id = e.appointmentId;  // moving that visit: it does not conflict with itself
    draft.organizationId = org;
    draft.patientId = e.patientId;
    draft.providerId = provider;
    draft.locationId = location;
    draft.appointmentTypeId = e.appointmentTypeId;
    draft.start = start;
    draft.end = Instant::fromMicros(start.micros() + type->durationMinutes * kMinute);
    if (e.appointmentId.valid()) {
      auto current = r.scheduling().getAppointment(org, e.appointmentId);
      if (current && domain::holdsTime(current->status) && !(draft.start < current->start)) {
        continue;  // not earlier than the visit the patient has
      }
    }
    if (!checkBookable(r, zones, now, org, draft, false, false, false).ok()) continue;
    domain::WaitlistOffer o;
    o.organizationId = org;
    o.entryId = e.id;
    o.patientId = e.patientId;
    o.providerId = provider;
    o.locationId = location;
    o.appointmentTypeId = e.appointmentTypeId;
    o.start = draft.start;
    o.end = draft.end;
    o.rank = static_cast<int>(offered.size()) + 1;
    if (auto stored = r.scheduling().insertOffer(o, now)) {
      made.push_back(*stored);
      offered.push_back(e.id);
      ++open;
    }
  }
  return made;
}

/// Sets the status of every open offer of `entry` or of the slot (provider, start) to taken.
void closeOtherOffers(Repositories& r, Instant now, const domain::WaitlistOffer& booked) {
  // Open offers of the same patient's entry (any time), and of slots overlapping the booked one
  // (an appointment lasts at most 12 hours).
  auto same = r.scheduling().offers(booked.organizationId, {}, domain::OfferStatus::kOpen,
                                    booked.entryId, Instant(), 1000);
  auto near =
      r.scheduling().offers(booked.organizationId, booked.locationId, domain::OfferStatus::kOpen,
                            {}, Instant::fromMicros(booked.start.micros() - 720 * kMinute), 1000);
  for (auto o : near) {
    if (o.providerId == booked.providerId && o.start < booked.end && booked.start < o.end) {
      same.push_back(std::move(o));
    }
  }
  std::vector<domain::WaitlistOfferId> done;
  for (auto& o : same) {
    if (o.id == booked.id || std::find(done.begin(), done.end(), o.id) != done.end()) continue;
    done.push_back(o.id);
    o.status = domain::OfferStatus::kTaken;
    (void)r.scheduling().updateOffer(o, o.meta.version, now);
  }
}

}  // namespace

std::vector<domain::WaitlistOffer> offerFreedSlot(Repositories& r, const TimeZones& zones,
                                                  Instant now, domain::OrganizationId org,
                                                  const Appointment& freed) {
  if (!domain::holdsTime(freed.status) || freed.end < now) return {};
  return offerSlot(r, zones, now, org, freed.providerId, freed.locationId, freed.start,
                   freed.patientId);
}

Result<Appointment> bookOffer(Repositories& r, const TimeZones& zones, Instant now,
                              domain::OrganizationId org, domain::WaitlistOfferId id,
                              std::int64_t byUser) {
  auto offer = r.scheduling().getOffer(org, id);
  if (!offer) return Error::notFound("waitlist offer not found");
  if (offer->status != domain::OfferStatus::kOpen) {
    return Error::conflict("This offer is " + std::string(domain::toString(offer->status)) + ".");
  }
  auto entry = r.scheduling().getWaitlistEntry(org, offer->entryId);
  if (!entry || entry->status != domain::WaitlistStatus::kWaiting) {
    return Error::conflict("The patient is no longer waiting.");
  }
  std::optional<Appointment> current;
  if (entry->appointmentId.valid())
    current = r.scheduling().getAppointment(org, entry->appointmentId);
  Result<Appointment> booked = Error::internal("not booked");
  if (current && (current->status == AppointmentStatus::kBooked ||
                  current->status == AppointmentStatus::kConfirmed)) {
    Reschedule rs;
    rs.id = current->id;
    rs.start = offer->start;
    rs.end = offer->end;
    rs.providerId = offer->providerId;
    rs.room = domain::RoomId();  // a room is given when the patient is roomed
    if (current->locationId != offer->locationId) {
      return Error::conflict("The visit to move is at another location.");
    }
    booked = moveOne(r, zones, now, org, rs, true);
  } else {
    BookRequest req;
    req.draft.patientId = entry->patientId;
    req.draft.providerId = offer->providerId;
    req.draft.locationId = offer->locationId;
    req.draft.appointmentTypeId = offer->appointmentTypeId;
    req.draft.start = offer->start;
    req.draft.end = offer->end;
    req.draft.note = entry->note;
    booked = book(r, zones, now, org, req, byUser);
  }
  if (!booked) return booked.error();
  domain::WaitlistOffer o = *offer;
  o.status = domain::OfferStatus::kBooked;
  o.appointmentId = booked->id;
  auto stored = r.scheduling().updateOffer(o, offer->meta.version, now);
  if (!stored) return stored.error();
  domain::WaitlistEntry e = *entry;
  e.status = domain::WaitlistStatus::kBooked;
  e.bookedAppointmentId = booked->id;
  auto done = r.scheduling().updateWaitlistEntry(e, entry->meta.version, now);
  if (!done) return done.error();
  closeOtherOffers(r, now, *stored);
  return booked;
}

Result<domain::WaitlistOffer> declineOffer(Repositories& r, const TimeZones& zones, Instant now,
                                           domain::OrganizationId org, domain::WaitlistOfferId id) {
  auto offer = r.scheduling().getOffer(org, id);
  if (!offer) return Error::notFound("waitlist offer not found");
  if (offer->status != domain::OfferStatus::kOpen) {
    return Error::conflict("This offer is " + std::string(domain::toString(offer->status)) + ".");
  }
  domain::WaitlistOffer o = *offer;
  o.status = domain::OfferStatus::kDeclined;
  auto stored = r.scheduling().updateOffer(o, offer->meta.version, now);
  if (!stored) return stored.error();
  offerSlot(r, zones, now, org, o.providerId, o.locationId, o.start, {});
  return stored;
}

// ---- check-in and check-out ---------------------------------------------------------------

namespace {

std::optional<domain::Coverage> primaryCoverage(Repositories& r, const TimeZones& zones,
                                                domain::OrganizationId org, const Appointment& a) {
  auto location = r.locations().get(org, a.locationId);
  domain::Date day = a.start.utcDate();
  if (location) {
    if (auto local = zones.toLocal(location->timeZone, a.start)) day = local->date;
  }
  for (const auto& c : r.coverages().activeForPatient(org, a.patientId)) {
    if (c.priority == domain::CoveragePriority::kPrimary && c.inForceOn(day)) return c;
  }
  return std::nullopt;
}

}  // namespace

Result<CheckInSummary> checkInSummary(Repositories& r, const TimeZones& zones,
                                      domain::OrganizationId org, domain::AppointmentId id) {
  auto a = r.scheduling().getAppointment(org, id);
  if (!a) return Error::notFound("appointment not found");
  auto patient = r.patients().get(org, a->patientId);
  if (!patient) return Error::notFound("patient not found");
  CheckInSummary s{*a, *patient, primaryCoverage(r, zones, org, *a), std::nullopt, {}, {}, {}};
  if (s.primary) {
    s.payer = r.payers().get(org, s.primary->payerId);
    s.copayDue = s.primary->copay;
  }
  s.payments = r.payments().list(org, {}, id, 100);
  for (const auto& p : s.payments) {
    if (p.kind == "copay") s.copayPaid = s.copayPaid + p.amount;
  }
  return s;
}

Result<domain::Payment> collectPayment(Repositories& r, Instant now, domain::OrganizationId org,
                                       domain::Payment p, std::int64_t byUser) {
  p.organizationId = org;
  p.id = {};
  p.posted = false;
  p.receivedAt = now;
  p.receivedBy = byUser;
  domain::FieldErrors errors;
  errors.append(domain::validate(p));
  if (!errors.empty()) return errors.toError();
  if (p.appointmentId.valid()) {
    auto a = r.scheduling().getAppointment(org, p.appointmentId);
    if (!a) return Error::notFound("appointment not found");
    if (p.patientId.valid() && p.patientId != a->patientId) {
      return Error::invalidField("patient_id", "is not the appointment's patient");
    }
    p.patientId = a->patientId;
    p.locationId = a->locationId;
  }
  auto patient = r.patients().get(org, p.patientId);
  if (!patient) return Error::notFound("patient not found");
  if (p.coverageId.valid()) {
    auto c = r.coverages().get(org, p.coverageId);
    if (!c || c->patientId != p.patientId) {
      return Error::invalidField("coverage_id", "is not a coverage of this patient");
    }
  }
  p.receiptNumber = domain::receiptNumber(r.sequences().next(org, "receipt"));
  return r.payments().insert(p, now);
}

Result<CheckInResult> checkIn(Repositories& r, const TimeZones& zones, Instant now,
                              domain::OrganizationId org, const CheckIn& req, std::int64_t byUser) {
  auto current = r.scheduling().getAppointment(org, req.id);
  if (!current) return Error::notFound("appointment not found");
  if (req.expectedVersion && *req.expectedVersion != current->meta.version) {
    return Error::versionMismatch();
  }
  if (!domain::canTransition(current->status, AppointmentStatus::kArrived)) {
    return Error::conflict("An appointment that is " +
                           std::string(domain::toString(current->status)) +
                           " cannot be checked in.");
  }
  auto primary = primaryCoverage(r, zones, org, *current);
  Appointment a = *current;
  a.status = AppointmentStatus::kArrived;
  a.statusAt[static_cast<std::size_t>(AppointmentStatus::kArrived)] = now;
  a.statusBy[static_cast<std::size_t>(AppointmentStatus::kArrived)] = byUser;
  a.demographicsConfirmed = req.demographicsConfirmed;
  a.coverageConfirmed = req.coverageConfirmed && primary ? primary->id : domain::CoverageId();
  auto stored = r.scheduling().updateAppointment(a, current->meta.version, now);
  if (!stored) return stored.error();
  CheckInResult out{*stored, std::nullopt};
  if (req.copay) {
    domain::Payment p = *req.copay;
    p.kind = "copay";
    p.appointmentId = a.id;
    p.patientId = a.patientId;
    p.coverageId = primary ? primary->id : domain::CoverageId();
    auto paid = collectPayment(r, now, org, p, byUser);
    if (!paid) {
      domain::Error e = paid.error();
      for (auto& f : e.fields) f.field = "copay." + f.field;
      return e;
    }
    out.payment = *paid;
  }
  return out;
}

Result<CheckOutResult> checkOut(Repositories& r, const TimeZones& zones, Instant now,
                                domain::OrganizationId org, domain::AppointmentId id,
                                std::optional<std::int64_t> expectedVersion,
                                std::optional<BookRequest> followUp, std::int64_t byUser) {
  Transition t;
  t.to = AppointmentStatus::kCheckedOut;
  t.expectedVersion = expectedVersion;
  auto done = transition(r, zones, now, org, id, t, byUser);
  if (!done) return done.error();
  CheckOutResult out{*done, std::nullopt};
  if (followUp) {
    BookRequest next = std::move(*followUp);
    next.draft.patientId = done->patientId;
    if (!next.draft.providerId.valid()) next.draft.providerId = done->providerId;
    if (!next.draft.locationId.valid()) next.draft.locationId = done->locationId;
    if (!next.draft.appointmentTypeId.valid()) {
      next.draft.appointmentTypeId = done->appointmentTypeId;
    }
    auto booked = book(r, zones, now, org, next, byUser);
    if (!booked) {
      domain::Error e = booked.error();
      for (auto& f : e.fields) f.field = "follow_up." + f.field;
      return e;
    }
    out.followUp = *booked;
  }
  return out;
}

Result<std::vector<domain::Slot>> findSlots(Repositories& r, const TimeZones& zones,
                                            domain::OrganizationId org, const SlotSearch& q) {
  auto type = r.scheduling().getType(org, q.typeId);
  if (!type || !type->active) return Error::notFound("appointment type not found");
  auto location = r.locations().get(org, q.locationId);
  if (!location || !location->active) return Error::notFound("location not found");
  const std::string& zone = location->timeZone;
  std::vector<domain::ProviderId> providers = q.providerIds;
  if (providers.empty()) {
    PageRequest page;
    page.limit = 200;
    for (;;) {
      auto list = r.providers().list(org, page);
      if (!list) return list.error();
      for (const auto& p : list->items) {
        if (std::find(p.locationIds.begin(), p.locationIds.end(), q.locationId) !=
            p.locationIds.end()) {
          providers.push_back(p.id);
        }
      }
      if (list->nextCursor.empty()) break;
      page.cursor = list->nextCursor;
    }
  }
  // Every rule of the practice in one read, kept for these providers at this location.
  std::vector<domain::ProviderDay> days;
  {
    auto all = r.scheduling().rules(org, {}, false);
    for (auto p : providers) {
      if (!type->allows(p)) continue;
      domain::ProviderDay d;
      d.providerId = p;
      for (const auto& rule : all) {
        if (rule.providerId == p && rule.locationId == q.locationId) d.rules.push_back(rule);
      }
      if (!d.rules.empty()) days.push_back(std::move(d));
    }
  }
  std::vector<domain::ProviderId> ids;
  for (const auto& d : days) ids.push_back(d.providerId);
  // Other appointments' buffers come from their own types.
  std::vector<domain::AppointmentType> types{*type};
  auto typeOf = [&](domain::AppointmentTypeId id) -> const domain::AppointmentType* {
    for (const auto& t : types) {
      if (t.id == id) return &t;
    }
    if (auto t = r.scheduling().getType(org, id)) {
      types.push_back(*t);
      return &types.back();
    }
    return nullptr;
  };
  std::vector<domain::Slot> out;
  auto first = zones.toLocal(zone, q.range.start);
  auto last = zones.toLocal(zone, q.range.end);
  if (!first || !last) return Error::internal("the location's time zone is unknown: " + zone);
  const auto rooms = type->requiresRoom ? r.scheduling().rooms(org, q.locationId, false)
                                        : std::vector<domain::Room>{};
  // Windows of a few hours, in time order: the first slots are usually in the first window,
  // so a search reads a few hours of busy time, not whole days.
  constexpr std::int64_t kWindow = 3 * 60 * kMinute;
  const std::int64_t visit = type->durationMinutes * kMinute;
  // Appointments up to this far outside a window can still touch a slot in it (their buffers
  // and ours; a buffer is at most two hours).
  const std::int64_t reachBefore = (type->bufferBeforeMinutes + 120) * kMinute;
  const std::int64_t reachAfter = visit + (type->bufferAfterMinutes + 120) * kMinute;
  for (domain::Date d = first->date; !(last->date < d) && !ids.empty(); d = d.plusDays(1)) {
    auto span = localDay(zones, zone, d);
    if (!span) break;
    std::vector<domain::ProviderDay*> working;
    for (auto& pd : days) {
      if (std::any_of(pd.rules.begin(), pd.rules.end(),
                      [&](const auto& rule) { return rule.appliesOn(d); })) {
        working.push_back(&pd);
      }
    }
    if (working.empty()) continue;
    // Only the hours someone works that day (nights and lunch-free days cost nothing).
    int open = 1440;
    int close = 0;
    for (const auto* pd : working) {
      for (const auto& rule : pd->rules) {
        if (!rule.appliesOn(d)) continue;
        open = std::min(open, rule.startMinute);
        close = std::max(close, rule.endMinute);
      }
    }
    auto opens = zones.toUtc(zone, d, open);
    auto closes = close >= 1440 ? zones.toUtc(zone, d.plusDays(1), 0) : zones.toUtc(zone, d, close);
    if (!opens || !closes) continue;
    const Instant dayFrom = std::max({span->start, q.range.start, *opens});
    const Instant dayTo = std::min({span->end, q.range.end, *closes});
    if (!(dayFrom < dayTo)) continue;
    const auto blocks = r.scheduling().blocks(org, {}, {}, {dayFrom, dayTo});
    IntervalSet patientBusy;
    if (q.patientId.valid()) {
      AppointmentRange pr;
      pr.organizationId = org;
      pr.patientId = q.patientId;
      pr.during = *span;
      pr.holdingOnly = true;
      for (const auto& a : r.scheduling().appointments(pr)) patientBusy.add(a.interval());
    }
    for (std::int64_t w = dayFrom.micros(); w < dayTo.micros(); w += kWindow) {
      const Instant windowEnd = Instant::fromMicros(std::min(w + kWindow, dayTo.micros()));
      const Interval reach{Instant::fromMicros(w - reachBefore),
                           Instant::fromMicros(windowEnd.micros() + reachAfter)};
      // The window's busy time of these providers (anywhere) and of the location's rooms, in
      // one read.
      std::vector<IntervalSet> busy(working.size());
      std::vector<IntervalSet> roomBusy(rooms.size());
      for (const auto& b : r.scheduling().busyTimes(
               org, ids, rooms.empty() ? domain::LocationId() : q.locationId, reach)) {
        for (std::size_t k = 0; k < working.size(); ++k) {
          if (working[k]->providerId != b.providerId) continue;
          const auto* t = typeOf(b.typeId);
          busy[k].add(t != nullptr ? domain::withBuffers(b.when, *t) : b.when);
          break;
        }
        if (!b.roomId.valid()) continue;
        for (std::size_t k = 0; k < rooms.size(); ++k) {
          if (rooms[k].id == b.roomId) roomBusy[k].add(b.when);
        }
      }
      std::vector<domain::Slot> found;
      for (std::size_t k = 0; k < working.size(); ++k) {
        auto& pd = *working[k];
        std::vector<Interval> blocked;
        for (const auto& b : blocks) {
          const bool provider = !b.providerId.valid() || b.providerId == pd.providerId;
          const bool place = !b.locationId.valid() || b.locationId == q.locationId;
          if (provider && place) blocked.push_back({b.start, b.end});
        }
        pd.blocked = IntervalSet(std::move(blocked));
        pd.busy = std::move(busy[k]);
        domain::SlotQuery sq;
        sq.date = d;
        sq.locationId = q.locationId;
        sq.type = *type;
        sq.stepMinutes = q.stepMinutes;
        sq.startWithin = q.startWithin;
        // Slots starting in [w, windowEnd): a visit ends at most `visit` after its start.
        sq.notBefore = Instant::fromMicros(w);
        sq.notAfter = std::min(q.range.end, Instant::fromMicros(windowEnd.micros() + visit - 1));
        auto more =
            domain::slotsForDay(sq, pd, patientBusy, roomBusy, [&](domain::Date date, int minute) {
              return zones.toUtc(zone, date, minute).value_or(Instant());
            });
        found.insert(found.end(), more.begin(), more.end());
      }
      std::sort(found.begin(), found.end());
      for (const auto& slot : found) {
        out.push_back(slot);
        if (static_cast<int>(out.size()) >= q.limit) return out;
      }
    }
  }
  return out;
}

Result<std::vector<BoardEntry>> flowBoard(Repositories& r, const TimeZones& zones, Instant now,
                                          domain::OrganizationId org, domain::LocationId location) {
  auto loc = r.locations().get(org, location);
  if (!loc) return Error::notFound("location not found");
  auto today = zones.toLocal(loc->timeZone, now);
  if (!today) return Error::internal("the location's time zone is unknown: " + loc->timeZone);
  auto span = localDay(zones, loc->timeZone, today->date);
  if (!span) return Error::internal("the location's time zone is unknown: " + loc->timeZone);
  AppointmentRange range;
  range.organizationId = org;
  range.locationId = location;
  range.during = *span;
  range.holdingOnly = true;
  std::vector<BoardEntry> out;
  std::vector<std::pair<std::int64_t, std::string>> providers;
  std::vector<std::pair<std::int64_t, std::string>> rooms;
  auto cached = [](auto& cache, std::int64_t id, auto&& load) -> const std::string& {
    for (const auto& [k, v] : cache) {
      if (k == id) return v;
    }
    cache.emplace_back(id, load());
    return cache.back().second;
  };
  for (auto& a : r.scheduling().appointments(range)) {
    if (a.status == AppointmentStatus::kCheckedOut) continue;
    BoardEntry e;
    if (auto p = r.patients().get(org, a.patientId)) {
      e.patientName = p->familyName + ", " + p->givenName.substr(0, 1) + ".";
    }
    e.providerName = cached(providers, a.providerId.value, [&] {
      auto p = r.providers().get(org, a.providerId);
      return p ? p->familyName : std::string();
    });
    if (a.roomId.valid()) {
      e.roomName = cached(rooms, a.roomId.value, [&] {
        auto room = r.scheduling().getRoom(org, a.roomId);
        return room ? room->name : std::string();
      });
    }
    if (a.status == AppointmentStatus::kArrived || a.status == AppointmentStatus::kRoomed ||
        a.status == AppointmentStatus::kWithProvider) {
      if (auto since = a.statusAt[static_cast<std::size_t>(a.status)]) {
        e.minutesInStep = (now.micros() - since->micros()) / kMinute;
      }
    }
    e.appointment = std::move(a);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace medoffice::app::scheduling
