// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/scheduling_repository.hpp"

namespace medoffice::storage {

using domain::Instant;
using domain::OrganizationId;

// ---- mappings --------------------------------------------------------------------------------

const Table<domain::AppointmentType>& appointmentTypeTable() {
  static const Table<domain::AppointmentType> table({
      .table = "appointment_types",
      .noun = "appointment type",
      .cursorKind = "type",
      .columns = {"name", "duration_minutes", "buffer_before_minutes", "buffer_after_minutes",
                  "colour", "telehealth", "requires_room", "default_cpt_codes", "provider_ids",
                  "active"},
      .read =
          [](Reader& r, domain::AppointmentType& t) {
            t.name = r.text();
            t.durationMinutes = r.i32();
            t.bufferBeforeMinutes = r.i32();
            t.bufferAfterMinutes = r.i32();
            t.colour = r.text();
            t.telehealth = r.boolean();
            t.requiresRoom = r.boolean();
            t.defaultCptCodes = splitList(r.text());
            t.providerIds = splitIds<domain::ProviderId>(r.text());
            t.active = r.boolean();
          },
      .write =
          [](Params& p, const domain::AppointmentType& t) {
            append(p, t.name, sqlInt(t.durationMinutes), sqlInt(t.bufferBeforeMinutes),
                   sqlInt(t.bufferAfterMinutes), t.colour, sqlBool(t.telehealth),
                   sqlBool(t.requiresRoom), joinList(t.defaultCptCodes), joinIds(t.providerIds),
                   sqlBool(t.active));
          },
  });
  return table;
}

const Table<domain::Room>& roomTable() {
  static const Table<domain::Room> table({
      .table = "rooms",
      .noun = "room",
      .cursorKind = "room",
      .columns = {"name", "active"},
      .insertOnlyColumns = {"location_id"},
      .read =
          [](Reader& r, domain::Room& m) {
            m.name = r.text();
            m.active = r.boolean();
            m.locationId = r.id<domain::LocationId>();
          },
      .write = [](Params& p, const domain::Room& m) { append(p, m.name, sqlBool(m.active)); },
      .writeInsertOnly = [](Params& p,
                            const domain::Room& m) { p.push_back(sqlInt(m.locationId.value)); },
  });
  return table;
}

const Table<domain::AvailabilityRule>& ruleTable() {
  static const Table<domain::AvailabilityRule> table({
      .table = "availability_rules",
      .noun = "availability rule",
      .cursorKind = "rule",
      .columns = {"provider_id", "location_id", "weekdays", "start_minute", "end_minute",
                  "effective_from", "effective_to", "appointment_type_ids", "active"},
      .read =
          [](Reader& r, domain::AvailabilityRule& a) {
            a.providerId = r.id<domain::ProviderId>();
            a.locationId = r.id<domain::LocationId>();
            a.weekdays = static_cast<domain::WeekdaySet>(r.i64());
            a.startMinute = r.i32();
            a.endMinute = r.i32();
            a.effectiveFrom = r.requiredDate();
            a.effectiveTo = r.date();
            a.appointmentTypeIds = splitIds<domain::AppointmentTypeId>(r.text());
            a.active = r.boolean();
          },
      .write =
          [](Params& p, const domain::AvailabilityRule& a) {
            append(p, sqlInt(a.providerId.value), sqlInt(a.locationId.value), sqlInt(a.weekdays),
                   sqlInt(a.startMinute), sqlInt(a.endMinute), a.effectiveFrom.toString(),
                   dateOrNull(a.effectiveTo), joinIds(a.appointmentTypeIds), sqlBool(a.active));
          },
  });
  return table;
}

const Table<domain::ScheduleBlock>& blockTable() {
  static const Table<domain::ScheduleBlock> table({
      .table = "schedule_blocks",
      .noun = "block",
      .cursorKind = "block",
      // provider_id and location_id are 0 (not NULL) for "every provider" and "every location".
      .columns = {"kind", "provider_id", "location_id", "start_at", "end_at", "reason"},
      .read =
          [](Reader& r, domain::ScheduleBlock& k) {
            k.kind = domain::parseBlockKind(r.text()).value_or(domain::BlockKind::kBlock);
            k.providerId = r.id<domain::ProviderId>();
            k.locationId = r.id<domain::LocationId>();
            k.start = r.instant();
            k.end = r.instant();
            k.reason = r.text();
          },
      .write =
          [](Params& p, const domain::ScheduleBlock& k) {
            append(p, std::string(domain::toString(k.kind)),
                   sqlInt(std::max<std::int64_t>(0, k.providerId.value)),
                   sqlInt(std::max<std::int64_t>(0, k.locationId.value)), sqlInt(k.start.micros()),
                   sqlInt(k.end.micros()), k.reason);
          },
  });
  return table;
}

SqlStatement activeRulesStatement(OrganizationId org, domain::ProviderId provider) {
  static const std::string sql = ruleTable().select(
      "WHERE organization_id = ? AND provider_id = ? AND active = 1 ORDER BY id LIMIT 5000");
  return {sql, {sqlInt(org.value), sqlInt(provider.value)}};
}

SqlStatement blocksStatement(OrganizationId org, domain::ProviderId provider,
                             domain::LocationId location, domain::Interval during) {
  SqlStatement s{blockTable().select("WHERE organization_id = ? AND start_at < ? AND end_at > ?"),
                 {sqlInt(org.value), sqlInt(during.end.micros()), sqlInt(during.start.micros())}};
  andId(s.sql, s.params, "provider_id IN (0, ?)", provider);
  andId(s.sql, s.params, "location_id IN (0, ?)", location);
  s.sql += " ORDER BY start_at, id LIMIT 5000";
  return s;
}

// ---- types -----------------------------------------------------------------------------------

Result<domain::AppointmentType> SqlScheduling::insertType(const domain::AppointmentType& t,
                                                          Instant now) {
  return appointmentTypeTable().insert(c_, t, now);
}

Result<domain::AppointmentType> SqlScheduling::updateType(const domain::AppointmentType& t,
                                                          std::int64_t expected, Instant now) {
  return appointmentTypeTable().update(c_, t, expected, now);
}

std::optional<domain::AppointmentType> SqlScheduling::getType(OrganizationId org,
                                                              domain::AppointmentTypeId id) {
  return appointmentTypeTable().get(c_, org, id.value);
}

Result<app::Page<domain::AppointmentType>> SqlScheduling::listTypes(OrganizationId org,
                                                                    const app::PageRequest& page) {
  return appointmentTypeTable().list(c_, org, page);
}

// ---- rooms -----------------------------------------------------------------------------------

Result<domain::Room> SqlScheduling::insertRoom(const domain::Room& m, Instant now) {
  return roomTable().insert(c_, m, now);
}

Result<domain::Room> SqlScheduling::updateRoom(const domain::Room& m, std::int64_t expected,
                                               Instant now) {
  return roomTable().update(c_, m, expected, now);
}

std::optional<domain::Room> SqlScheduling::getRoom(OrganizationId org, domain::RoomId id) {
  return roomTable().get(c_, org, id.value);
}

std::vector<domain::Room> SqlScheduling::rooms(OrganizationId org, domain::LocationId location,
                                               bool includeInactive) {
  std::string sql = roomTable().select("WHERE organization_id = ?");
  Params p{sqlInt(org.value)};
  andId(sql, p, "location_id = ?", location);
  if (!includeInactive) sql += " AND active = 1";
  sql += " ORDER BY id LIMIT 1000";
  return roomTable().query(c_, sql, p);
}

// ---- availability rules ----------------------------------------------------------------------

Result<domain::AvailabilityRule> SqlScheduling::insertRule(const domain::AvailabilityRule& a,
                                                           Instant now) {
  return ruleTable().insert(c_, a, now);
}

Result<domain::AvailabilityRule> SqlScheduling::updateRule(const domain::AvailabilityRule& a,
                                                           std::int64_t expected, Instant now) {
  return ruleTable().update(c_, a, expected, now);
}

std::optional<domain::AvailabilityRule> SqlScheduling::getRule(OrganizationId org,
                                                               domain::AvailabilityRuleId id) {
  return ruleTable().get(c_, org, id.value);
}

std::vector<domain::AvailabilityRule> SqlScheduling::rules(OrganizationId org,
                                                           domain::ProviderId provider,
                                                           bool includeInactive) {
  if (provider.valid() && !includeInactive) {
    auto s = activeRulesStatement(org, provider);
    return ruleTable().query(c_, s.sql, s.params);
  }
  std::string sql = ruleTable().select("WHERE organization_id = ?");
  Params p{sqlInt(org.value)};
  andId(sql, p, "provider_id = ?", provider);
  if (!includeInactive) sql += " AND active = 1";
  sql += " ORDER BY id LIMIT 5000";
  return ruleTable().query(c_, sql, p);
}

// ---- blocks ----------------------------------------------------------------------------------

Result<domain::ScheduleBlock> SqlScheduling::insertBlock(const domain::ScheduleBlock& k,
                                                         Instant now) {
  return blockTable().insert(c_, k, now);
}

std::optional<domain::ScheduleBlock> SqlScheduling::getBlock(OrganizationId org,
                                                             domain::ScheduleBlockId id) {
  return blockTable().get(c_, org, id.value);
}

bool SqlScheduling::deleteBlock(OrganizationId org, domain::ScheduleBlockId id) {
  return c_.execute("DELETE FROM schedule_blocks WHERE organization_id = ? AND id = ?",
                    {sqlInt(org.value), sqlInt(id.value)}) == 1;
}

std::vector<domain::ScheduleBlock> SqlScheduling::blocks(OrganizationId org,
                                                         domain::ProviderId provider,
                                                         domain::LocationId location,
                                                         domain::Interval during) {
  auto s = blocksStatement(org, provider, location, during);
  return blockTable().query(c_, s.sql, s.params);
}

}  // namespace medoffice::storage
