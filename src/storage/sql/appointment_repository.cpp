// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/appointment_repository.hpp"

#include <unordered_map>

#include "storage/sql/patient_repository.hpp"
#include "storage/sql/scheduling_repository.hpp"

namespace medoffice::storage {

using domain::Appointment;
using domain::Error;
using domain::Instant;
using domain::OrganizationId;

namespace {

/// An appointment lasts at most 12 hours: only those starting in (start - 12 h, end) can
/// overlap a time, which keeps every overlap query an index range scan.
constexpr std::int64_t kLongest = std::int64_t{12} * 3600 * 1'000'000;

/// `status=micros:user,...` for every status entered.
std::string encodeStatusTimes(const Appointment& a) {
  std::string out;
  for (std::size_t k = 0; k < a.statusAt.size(); ++k) {
    if (!a.statusAt[k]) continue;
    if (!out.empty()) out += ',';
    out += std::string(domain::toString(static_cast<domain::AppointmentStatus>(k))) + "=" +
           std::to_string(a.statusAt[k]->micros()) + ":" + std::to_string(a.statusBy[k]);
  }
  return out;
}

void decodeStatusTimes(const std::string& text, Appointment& a) {
  for (const auto& item : splitList(text)) {
    auto eq = item.find('=');
    auto colon = item.find(':', eq);
    if (eq == std::string::npos || colon == std::string::npos) continue;
    auto s = domain::parseAppointmentStatus(item.substr(0, eq));
    auto at = parseInteger(std::string_view(item).substr(eq + 1, colon - eq - 1));
    auto by = parseInteger(std::string_view(item).substr(colon + 1));
    if (!s || !at || !by) continue;
    auto k = static_cast<std::size_t>(*s);
    a.statusAt[k] = Instant::fromMicros(*at);
    a.statusBy[k] = *by;
  }
}

/// Maps an exclusion-constraint refusal (PostgreSQL, a booking that raced ours) to a conflict.
template <class F>
auto overlapGuarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SqlError& e) {
    if (e.kind() != SqlError::Kind::kOverlap) throw;
    const std::string field = e.constraintField() + "_id";
    return Error::conflict("The time overlaps another appointment.",
                           {{field, "has another appointment at this time"}});
  }
}

/// One index-bounded probe per column (provider, patient, room), glued with UNION ALL so that
/// the three checks cost one round trip; the extra last column says which probe matched.
std::string overlapProbe(const char* column, int kind) {
  const std::string& cols = appointmentTable().selectList();
  return "SELECT " + cols + ", " + std::to_string(kind) + " FROM (SELECT " + cols +
         " FROM appointments WHERE organization_id = ? AND " + column +
         " = ? AND start_at < ? AND start_at > ? AND end_at > ? AND holds_time = 1 AND "
         "overbooked = 0 AND id <> ? ORDER BY start_at LIMIT 1) AS probe" +
         std::to_string(kind);
}

SqlStatement conflictsStatement(const Appointment& c, domain::AppointmentId exclude) {
  static const std::string kWithoutRoom =
      overlapProbe("provider_id", 0) + " UNION ALL " + overlapProbe("patient_id", 1);
  static const std::string kWithRoom = kWithoutRoom + " UNION ALL " + overlapProbe("room_id", 2);
  SqlStatement s{c.roomId.valid() ? kWithRoom : kWithoutRoom, {}};
  auto probe = [&](std::int64_t value) {
    s.params.insert(s.params.end(), {sqlInt(c.organizationId.value), sqlInt(value),
                                     sqlInt(c.end.micros()), sqlInt(c.start.micros() - kLongest),
                                     sqlInt(c.start.micros()), sqlInt(exclude.value)});
  };
  probe(c.providerId.value);
  probe(c.patientId.value);
  if (c.roomId.valid()) probe(c.roomId.value);
  return s;
}

app::AppointmentConflicts decodeConflicts(const Rows& rows) {
  app::AppointmentConflicts out;
  const std::size_t kindColumn = appointmentTable().columnCount();
  for (const auto& row : rows) {
    auto a = appointmentTable().decode(row);
    switch (row.i64(kindColumn)) {
      case 0:
        out.provider = std::move(a);
        break;
      case 1:
        out.patient = std::move(a);
        break;
      default:
        out.room = std::move(a);
        break;
    }
  }
  return out;
}

/// The query of a calendar range selecting `columns`: overlap with `during` (index-bounded by
/// the longest visit), the ids that narrow it, start order, the limit.
SqlStatement rangeStatement(const std::string& columns, const app::AppointmentRange& q) {
  SqlStatement s{"SELECT " + columns +
                     " FROM appointments WHERE organization_id = ? AND start_at < ? AND "
                     "start_at > ? AND end_at > ?",
                 {sqlInt(q.organizationId.value), sqlInt(q.during.end.micros()),
                  sqlInt(q.during.start.micros() - kLongest), sqlInt(q.during.start.micros())}};
  andId(s.sql, s.params, "location_id = ?", q.locationId);
  andId(s.sql, s.params, "provider_id = ?", q.providerId);
  andId(s.sql, s.params, "patient_id = ?", q.patientId);
  andId(s.sql, s.params, "room_id = ?", q.roomId);
  if (q.holdingOnly) s.sql += " AND holds_time = 1";
  s.sql += " ORDER BY start_at, id LIMIT ?";
  s.params.push_back(sqlInt(std::clamp(q.limit, 1, 50'000)));
  return s;
}

}  // namespace

const Table<Appointment>& appointmentTable() {
  static const Table<Appointment> table({
      .table = "appointments",
      .noun = "appointment",
      .cursorKind = "appt",
      // holds_time is derived from status (domain::holdsTime): the exclusion constraints and
      // the overlap probes only consider appointments that hold their time.
      .columns = {"provider_id", "location_id", "room_id", "appointment_type_id", "start_at",
                  "end_at", "status", "holds_time", "overbooked", "note", "cancel_reason",
                  "late_cancel", "series_exception", "demographics_confirmed",
                  "coverage_confirmed_id", "status_times"},
      .insertOnlyColumns = {"patient_id", "series_id", "walk_in"},
      .read =
          [](Reader& r, Appointment& a) {
            a.providerId = r.id<domain::ProviderId>();
            a.locationId = r.id<domain::LocationId>();
            a.roomId = r.id<domain::RoomId>();  // NULL reads as 0: no room
            a.appointmentTypeId = r.id<domain::AppointmentTypeId>();
            a.start = r.instant();
            a.end = r.instant();
            a.status = domain::parseAppointmentStatus(r.text()).value_or(
                domain::AppointmentStatus::kBooked);
            r.skip();  // holds_time
            a.overbooked = r.boolean();
            a.note = r.text();
            a.cancelReason = r.text();
            a.lateCancel = r.boolean();
            a.seriesException = r.boolean();
            a.demographicsConfirmed = r.boolean();
            a.coverageConfirmed = r.id<domain::CoverageId>();
            decodeStatusTimes(r.text(), a);
            a.patientId = r.id<domain::PatientId>();
            a.seriesId = r.id<domain::SeriesId>();
            a.walkIn = r.boolean();
          },
      .write =
          [](Params& p, const Appointment& a) {
            append(p, sqlInt(a.providerId.value), sqlInt(a.locationId.value),
                   optionalId(a.roomId.value), sqlInt(a.appointmentTypeId.value),
                   sqlInt(a.start.micros()), sqlInt(a.end.micros()));
            p.emplace_back(std::string(domain::toString(a.status)));
            append(p, sqlBool(domain::holdsTime(a.status)), sqlBool(a.overbooked), a.note,
                   a.cancelReason, sqlBool(a.lateCancel), sqlBool(a.seriesException),
                   sqlBool(a.demographicsConfirmed), optionalId(a.coverageConfirmed.value));
            p.emplace_back(encodeStatusTimes(a));
          },
      .writeInsertOnly =
          [](Params& p, const Appointment& a) {
            append(p, sqlInt(a.patientId.value), optionalId(a.seriesId.value), sqlBool(a.walkIn));
          },
  });
  return table;
}

Result<Appointment> SqlAppointments::insert(const Appointment& a, Instant now) {
  auto stored = overlapGuarded([&] { return appointmentTable().insert(c_, a, now); });
  // A board shows its location's today, which lies within 25 hours of now whatever the zone:
  // a visit booked for another day changes no board, and most bookings are for another day.
  constexpr std::int64_t kNearToday = std::int64_t{36} * 3600 * 1'000'000;
  if (stored && stored->start.micros() < now.micros() + kNearToday &&
      stored->end.micros() > now.micros() - kNearToday) {
    changes_.publish(app::boardTopic(stored->organizationId, stored->locationId));
  }
  return stored;
}

Result<Appointment> SqlAppointments::update(const Appointment& a, std::int64_t expected,
                                            Instant now) {
  auto stored = overlapGuarded([&] { return appointmentTable().update(c_, a, expected, now); });
  // Whatever day it is on now, it may have been on today's board before the change.
  if (stored) changes_.publish(app::boardTopic(stored->organizationId, stored->locationId));
  return stored;
}

std::optional<Appointment> SqlAppointments::get(OrganizationId org, domain::AppointmentId id) {
  return appointmentTable().get(c_, org, id.value);
}

domain::SeriesId SqlAppointments::insertSeries(OrganizationId org, const std::string& rrule,
                                               Instant firstStart, Instant now) {
  return domain::SeriesId(
      c_.insertId("INSERT INTO appointment_series (organization_id, rrule, first_start_at, "
                  "created_at) VALUES (?, ?, ?, ?)",
                  {sqlInt(org.value), rrule, sqlInt(firstStart.micros()), sqlInt(now.micros())}));
}

std::vector<Appointment> SqlAppointments::series(OrganizationId org, domain::SeriesId series,
                                                 Instant from) {
  static const std::string sql = appointmentTable().select(
      "WHERE organization_id = ? AND series_id = ? AND start_at >= ? ORDER BY start_at, id LIMIT "
      "1000");
  return appointmentTable().query(c_, sql,
                                  {sqlInt(org.value), sqlInt(series.value), sqlInt(from.micros())});
}

app::AppointmentConflicts SqlAppointments::conflicts(const Appointment& c,
                                                     domain::AppointmentId exclude) {
  auto s = conflictsStatement(c, exclude);
  return decodeConflicts(c_.query(s.sql, s.params));
}

std::vector<Appointment> SqlAppointments::range(const app::AppointmentRange& q) {
  auto s = rangeStatement(appointmentTable().selectList(), q);
  return appointmentTable().query(c_, s.sql, s.params);
}

std::vector<app::CalendarEntry> SqlAppointments::calendar(const app::AppointmentRange& q) {
  const auto s = rangeStatement(
      "id, patient_id, provider_id, room_id, appointment_type_id, status, start_at, end_at, "
      "overbooked, version",
      q);
  std::vector<app::CalendarEntry> out;
  for (const auto& row : c_.query(s.sql, s.params)) {
    Reader r(row);
    app::CalendarEntry e;
    e.id = r.id<domain::AppointmentId>();
    e.patientId = r.id<domain::PatientId>();
    e.providerId = r.id<domain::ProviderId>();
    e.roomId = r.id<domain::RoomId>();
    e.typeId = r.id<domain::AppointmentTypeId>();
    e.status =
        domain::parseAppointmentStatus(r.text()).value_or(domain::AppointmentStatus::kBooked);
    e.when.start = r.instant();
    e.when.end = r.instant();
    e.overbooked = r.boolean();
    e.version = r.i64();
    out.push_back(e);
  }
  if (!q.patientNames) return out;
  // A week at a busy location is a few thousand visits of fewer patients.
  std::vector<std::int64_t> ids;
  ids.reserve(out.size());
  for (const auto& e : out) ids.push_back(e.patientId.value);
  const auto names = patientNames(c_, q.organizationId, std::move(ids));
  for (auto& e : out) {
    if (auto it = names.find(e.patientId.value); it != names.end()) e.patientName = it->second;
  }
  return out;
}

std::vector<app::BusyTime> SqlAppointments::busyTimes(
    OrganizationId org, const std::vector<domain::ProviderId>& providers,
    domain::LocationId location, domain::Interval during) {
  std::vector<app::BusyTime> out;
  if (providers.empty() && !location.valid()) return out;
  // Index range scans only: (organization_id, provider_id, start_at) per provider and
  // (organization_id, location_id, start_at) for the rooms.
  const std::string window = " AND start_at < ? AND start_at > ? AND end_at > ? AND holds_time = 1";
  std::string sql;
  Params p;
  auto bounds = [&] {
    append(p, sqlInt(during.end.micros()), sqlInt(during.start.micros() - kLongest),
           sqlInt(during.start.micros()));
  };
  if (!providers.empty()) {
    sql =
        "SELECT provider_id, patient_id, room_id, appointment_type_id, start_at, end_at FROM "
        "appointments WHERE organization_id = ? AND provider_id IN (";
    p.push_back(sqlInt(org.value));
    for (std::size_t k = 0; k < providers.size(); ++k) {
      sql += k == 0 ? "?" : ", ?";
      p.push_back(sqlInt(providers[k].value));
    }
    sql += ")" + window;
    bounds();
  }
  if (location.valid()) {
    if (!sql.empty()) sql += " UNION ALL ";
    sql +=
        "SELECT provider_id, patient_id, room_id, appointment_type_id, start_at, end_at FROM "
        "appointments WHERE organization_id = ? AND location_id = ?" +
        window + " AND room_id IS NOT NULL";
    append(p, sqlInt(org.value), sqlInt(location.value));
    bounds();
  }
  for (const auto& row : c_.query(sql, p)) {
    Reader r(row);
    app::BusyTime b;
    b.providerId = r.id<domain::ProviderId>();
    b.patientId = r.id<domain::PatientId>();
    b.roomId = r.id<domain::RoomId>();
    b.typeId = r.id<domain::AppointmentTypeId>();
    b.when.start = r.instant();
    b.when.end = r.instant();
    out.push_back(b);
  }
  return out;
}

app::BookingFacts SqlAppointments::bookingFacts(const Appointment& a,
                                                domain::AppointmentId exclude) {
  const OrganizationId org = a.organizationId;
  // What depends on the patient and the time, and the version of the practice's reference data:
  // independent reads, so PostgreSQL answers them in one round trip.
  const auto rows = c_.queryAll({
      patientTable().getStatement(org, a.patientId.value),
      blocksStatement(org, a.providerId, a.locationId, a.interval()),
      conflictsStatement(a, exclude),
      ReferenceCache::versionStatement(org),
  });
  // Providers, locations, types, rooms and rules come from the snapshot of that version (read
  // again only after a change, by any process).
  const auto ref = reference_.at(c_, org, ReferenceCache::versionOf(rows[3]));
  app::BookingFacts out;
  if (!rows[0].empty()) out.patient = patientTable().decode(rows[0][0]);
  out.blocks = blockTable().decodeAll(rows[1]);
  out.conflicts = decodeConflicts(rows[2]);
  out.provider = ReferenceSnapshot::find(ref->providers, a.providerId.value);
  out.location = ReferenceSnapshot::find(ref->locations, a.locationId.value);
  out.type = ReferenceSnapshot::find(ref->types, a.appointmentTypeId.value);
  if (a.roomId.valid()) out.room = ReferenceSnapshot::find(ref->rooms, a.roomId.value);
  if (auto it = ref->activeRules.find(a.providerId.value); it != ref->activeRules.end()) {
    out.rules = it->second;
  }
  return out;
}

}  // namespace medoffice::storage
