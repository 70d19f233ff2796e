// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/scheduling_report.hpp"

#include <map>
#include <utility>

#include "domain/billing/aging.hpp"
#include "domain/scheduling/intervals.hpp"

namespace medoffice::app::billing {

using domain::Date;
using domain::Error;
using domain::Instant;
using domain::Interval;
using domain::IntervalSet;
using domain::OrganizationId;

namespace {

constexpr std::int64_t kMicrosPerMinute = 60'000'000;

std::optional<std::int64_t> permille(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return (part * 1000 + whole / 2) / whole;
}

std::int64_t lengthMicros(const IntervalSet& s) {
  std::int64_t total = 0;
  for (const auto& i : s.intervals()) total += i.micros();
  return total;
}

std::int64_t roundedMinutes(std::int64_t micros) {
  return (micros + kMicrosPerMinute / 2) / kMicrosPerMinute;
}

std::string providerName(const domain::Provider& p) {
  std::string name = p.givenName.empty() ? p.familyName : p.givenName + " " + p.familyName;
  if (!p.credentials.empty()) name += ", " + p.credentials;
  return name;
}

}  // namespace

std::optional<std::int64_t> SchedulingRow::noShowPermille() const {
  return permille(noShows, started);
}

std::optional<std::int64_t> SchedulingRow::utilisationPermille() const {
  return permille(bookedMinutes, availableMinutes);
}

std::int64_t tenthsOfMinute(std::int64_t micros) {
  constexpr std::int64_t kTenth = kMicrosPerMinute / 10;
  return micros >= 0 ? (micros + kTenth / 2) / kTenth : -((-micros + kTenth / 2) / kTenth);
}

Result<SchedulingReport> schedulingReport(Repositories& r, const TimeZones& zones, Instant now,
                                          OrganizationId org, Date from, Date to,
                                          domain::LocationId location,
                                          domain::ProviderId provider) {
  if (to < from) return Error::invalidField("to", "is before from");
  if (domain::daysBetween(from, to) + 1 > kSchedulingReportMaxDays) {
    return Error::invalidField("to", "is more than 366 days from from (both included)");
  }
  // The locations in scope, each with its zone: a location's days are its own local days.
  std::vector<domain::Location> locations;
  if (location.value > 0) {
    auto l = r.locations().get(org, location);
    if (!l) return Error::invalidField("location_id", "is not a location of the practice");
    locations.push_back(std::move(*l));
  } else {
    PageRequest page;
    page.limit = 200;
    page.includeInactive = true;
    auto all = r.locations().list(org, page);
    if (!all) return all.error();
    locations = std::move(all->items);
  }
  std::map<std::int64_t, std::string> names;
  if (provider.value > 0) {
    auto p = r.providers().get(org, provider);
    if (!p) return Error::invalidField("provider_id", "is not a provider of the practice");
    names[p->id.value] = providerName(*p);
  }

  std::vector<LocationSpan> spans;
  std::map<std::int64_t, std::string> zoneOf;
  Instant earliest, latest;
  for (const auto& l : locations) {
    const std::string zone = l.timeZone.empty() ? "UTC" : l.timeZone;
    auto start = zones.toUtc(zone, from, 0);
    auto end = zones.toUtc(zone, to, 1440);
    if (!start || !end) return Error::internal("the time zone " + zone + " is unknown");
    if (spans.empty() || *start < earliest) earliest = *start;
    if (spans.empty() || latest < *end) latest = *end;
    spans.push_back({l.id, *start, *end});
    zoneOf[l.id.value] = zone;
  }

  SchedulingReport out;
  out.from = from;
  out.to = to;
  out.locationId = location;
  out.providerId = provider;
  if (spans.empty()) return out;

  // Available time of each provider at each location: the rules' windows on the days they
  // apply, in the location's zone, less the blocks that bind the provider there.
  using Key = std::pair<std::int64_t, std::int64_t>;  // provider, location
  std::map<Key, IntervalSet> available;
  for (const auto& rule : r.scheduling().rules(org, provider, false)) {
    auto zone = zoneOf.find(rule.locationId.value);
    if (zone == zoneOf.end()) continue;
    auto& set = available[{rule.providerId.value, rule.locationId.value}];
    for (Date d = from; !(to < d); d = d.plusDays(1)) {
      if (!rule.appliesOn(d)) continue;
      auto a = zones.toUtc(zone->second, d, rule.startMinute);
      auto b = zones.toUtc(zone->second, d, rule.endMinute);
      if (a && b) set.add({*a, *b});
    }
  }
  const auto blocks =
      r.scheduling().blocks(org, domain::ProviderId(), domain::LocationId(), {earliest, latest});
  for (auto& [key, set] : available) {
    for (const auto& b : blocks) {
      if (b.providerId.value > 0 && b.providerId.value != key.first) continue;
      if (b.locationId.value > 0 && b.locationId.value != key.second) continue;
      set.subtract(Interval{b.start, b.end});
    }
  }
  std::map<Key, IntervalSet> held;
  for (const auto& h : r.reports().heldTimes(org, spans, provider)) {
    held[{h.providerId, h.locationId}].add({h.start, h.end});
  }

  std::map<std::int64_t, SchedulingRow> rows;
  for (const auto& [key, set] : available) {
    auto& row = rows[key.first];
    std::int64_t bookedMicros = 0;
    if (auto h = held.find(key); h != held.end())
      bookedMicros = lengthMicros(h->second.intersect(set));
    row.availableMinutes += lengthMicros(set);
    row.bookedMinutes += bookedMicros;
  }
  // Summed in microseconds above; minutes from here on.
  for (auto& [id, row] : rows) {
    row.availableMinutes = roundedMinutes(row.availableMinutes);
    row.bookedMinutes = roundedMinutes(row.bookedMinutes);
  }
  for (const auto& c : r.reports().visitCounts(org, spans, provider, now)) {
    auto& row = rows[c.providerId];
    row.booked = c.booked;
    row.cancelled = c.cancelled;
    row.started = c.started;
    row.completed = c.completed;
    row.noShows = c.noShows;
  }
  for (const auto& w : r.reports().roomingWaits(org, spans, provider)) {
    auto& row = w.providerId == 0 ? out.total : rows[w.providerId];
    row.waits = w.count;
    row.waitMedianMicros = w.medianMicros;
    row.waitP90Micros = w.p90Micros;
  }
  for (auto& [id, row] : rows) {
    if (row.availableMinutes == 0 && row.booked + row.cancelled + row.noShows == 0) continue;
    row.providerId = id;
    if (auto n = names.find(id); n != names.end()) {
      row.name = n->second;
    } else {
      auto p = r.providers().get(org, domain::ProviderId(id));
      row.name = p ? providerName(*p) : "Provider " + std::to_string(id);
    }
    auto& t = out.total;
    t.booked += row.booked;
    t.cancelled += row.cancelled;
    t.started += row.started;
    t.completed += row.completed;
    t.noShows += row.noShows;
    t.availableMinutes += row.availableMinutes;
    t.bookedMinutes += row.bookedMinutes;
    out.rows.push_back(std::move(row));
  }
  out.total.name = "All providers";
  return out;
}

}  // namespace medoffice::app::billing
