// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/scheduling/slots.hpp"

#include <algorithm>

namespace medoffice::domain {

namespace {
constexpr std::int64_t kMinute = 60'000'000;

Instant plus(Instant t, std::int64_t minutes) {
  return Instant::fromMicros(t.micros() + minutes * kMinute);
}

/// A local [from, to) minute range on `date` as UTC; 1440 is midnight of the next day.
Interval localSpan(Date date, int from, int to, const LocalToUtc& toUtc) {
  auto at = [&](int minute) {
    return minute >= 1440 ? toUtc(date.plusDays(1), minute - 1440) : toUtc(date, minute);
  };
  return {at(from), at(to)};
}
}  // namespace

Interval withBuffers(const Interval& visit, const AppointmentType& type) {
  return {plus(visit.start, -type.bufferBeforeMinutes), plus(visit.end, type.bufferAfterMinutes)};
}

std::vector<Slot> slotsForDay(const SlotQuery& q, const ProviderDay& day,
                              const IntervalSet& patientBusy,
                              const std::vector<IntervalSet>& roomBusy, const LocalToUtc& toUtc) {
  std::vector<Slot> out;
  if (!q.type.allows(day.providerId)) return out;
  const std::int64_t duration = q.type.durationMinutes;
  const std::int64_t step = std::max(5, q.stepMinutes);
  std::optional<Interval> within;
  if (q.startWithin) within = localSpan(q.date, q.startWithin->first, q.startWithin->second, toUtc);
  for (const auto& rule : day.rules) {
    if (rule.locationId != q.locationId || !rule.appliesOn(q.date) || !rule.allows(q.type.id)) {
      continue;
    }
    const Interval window = localSpan(q.date, rule.startMinute, rule.endMinute, toUtc);
    if (window.empty()) continue;
    IntervalSet free({window});
    free.subtract(day.blocked);
    if (free.empty()) continue;
    for (Instant s = window.start; !(window.end < plus(s, duration)); s = plus(s, step)) {
      const Interval visit{s, plus(s, duration)};
      if (s < q.notBefore || q.notAfter < visit.end) continue;
      if (within && !(within->start <= s && s < within->end)) continue;
      if (!free.covers(visit)) continue;
      if (day.busy.overlaps(withBuffers(visit, q.type))) continue;
      if (patientBusy.overlaps(visit)) continue;
      if (q.type.requiresRoom && !roomBusy.empty() &&
          std::none_of(roomBusy.begin(), roomBusy.end(),
                       [&](const IntervalSet& r) { return !r.overlaps(visit); })) {
        continue;
      }
      out.push_back({visit.start, visit.end, day.providerId, q.locationId});
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace medoffice::domain
