// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/scheduling/slot_search.hpp"

#include <algorithm>

#include "app/scheduling/internal.hpp"

namespace medoffice::app::scheduling {

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
      for (const auto& a : r.appointments().range(pr)) patientBusy.add(a.interval());
    }
    for (std::int64_t w = dayFrom.micros(); w < dayTo.micros(); w += kWindow) {
      const Instant windowEnd = Instant::fromMicros(std::min(w + kWindow, dayTo.micros()));
      const Interval reach{Instant::fromMicros(w - reachBefore),
                           Instant::fromMicros(windowEnd.micros() + reachAfter)};
      // The window's busy time of these providers (anywhere) and of the location's rooms, in
      // one read.
      std::vector<IntervalSet> busy(working.size());
      std::vector<IntervalSet> roomBusy(rooms.size());
      for (const auto& b : r.appointments().busyTimes(
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

}  // namespace medoffice::app::scheduling
