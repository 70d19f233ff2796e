// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/scheduling/booking.hpp"

#include <algorithm>

#include "app/scheduling/internal.hpp"
#include "app/scheduling/waitlist.hpp"
#include "domain/scheduling/recurrence.hpp"

namespace medoffice::app::scheduling {

std::string describeTime(const TimeZones& zones, const std::string& zone, const Interval& i) {
  auto a = zones.toLocal(zone, i.start);
  auto b = zones.toLocal(zone, i.end);
  if (!a || !b) return "from " + i.start.toString() + " to " + i.end.toString();
  return "from " + domain::formatTimeOfDay(a->minuteOfDay) + " to " +
         domain::formatTimeOfDay(b->minuteOfDay) + " on " + a->date.toString() + " (" + zone + ")";
}

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
  return r.appointments().insert(a, now);
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
  out.seriesId = r.appointments().insertSeries(org, rrule, req.draft.start, now);
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
  auto chosen = r.appointments().get(org, id);
  if (!chosen) return Error::notFound("appointment not found");
  std::vector<Appointment> targets;
  if (scope == SeriesScope::kThis || !chosen->seriesId.valid()) {
    targets.push_back(*chosen);
  } else {
    const Instant from = scope == SeriesScope::kAll ? now : chosen->start;
    for (auto& a : r.appointments().series(org, chosen->seriesId, from)) {
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

Result<Appointment> reschedule(Repositories& r, const TimeZones& zones, Instant now,
                               domain::OrganizationId org, const Reschedule& req) {
  return moveOne(r, zones, now, org, req, true);
}

Result<std::vector<Appointment>> rescheduleSeries(Repositories& r, const TimeZones& zones,
                                                  Instant now, domain::OrganizationId org,
                                                  const Reschedule& req, SeriesScope scope) {
  auto chosen = r.appointments().get(org, req.id);
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
  for (auto& a : r.appointments().series(org, chosen->seriesId, from)) {
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
  auto current = r.appointments().get(org, id);
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
      auto c = r.appointments().conflicts(probe, a.id);
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
  auto stored = r.appointments().update(a, current->meta.version, now);
  if (stored && t.to == AppointmentStatus::kCancelled) offerFreedSlot(r, zones, now, org, *current);
  return stored;
}

}  // namespace medoffice::app::scheduling
