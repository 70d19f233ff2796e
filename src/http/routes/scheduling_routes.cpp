// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling API (issue 4): appointment types, rooms, availability rules (set-up, through the
// generic resource routes), slot search, booking and the front-desk flow.

#include "app/scheduling.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/json/registry_json.hpp"
#include "codecs/json/scheduling_json.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/hl7_publish.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::Error;
using domain::Instant;
using domain::OrganizationId;
using domain::Permission;
using domain::Result;
using domain::Status;
namespace sch = app::scheduling;

namespace {

std::int64_t idParam(const std::string& text, domain::FieldErrors& e, const char* name) {
  auto v = positiveInteger(text);
  if (!v) e.add(name, "must be a positive integer id");
  return v.value_or(0);
}

/// `scope` of a change to an occurrence of a series: this (default), following or all.
sch::SeriesScope scopeOf(codecs::ObjectReader& in, domain::FieldErrors& e) {
  const std::string text = in.str("scope");
  if (text == "following") return sch::SeriesScope::kFollowing;
  if (text == "all") return sch::SeriesScope::kAll;
  if (!text.empty() && text != "this") e.add("scope", "must be this, following or all");
  return sch::SeriesScope::kThis;
}

/// Archive and restore of a set-up record: read it, flip `active`, store it with the caller's
/// version through the repository's own update.
template <class T, class Id>
auto activeSwitch(std::optional<T> (app::SchedulingRepository::*get)(OrganizationId, Id),
                  Result<T> (app::SchedulingRepository::*update)(const T&, std::int64_t, Instant),
                  std::string noun) {
  return [get, update, noun](Repositories& r, Instant now, OrganizationId org, std::int64_t id,
                             bool active, std::int64_t v) -> Result<T> {
    auto current = (r.scheduling().*get)(org, Id(id));
    if (!current) return Error::notFound(noun + " not found");
    current->active = active;
    return (r.scheduling().*update)(*current, v, now);
  };
}

/// The 201 answer of a booked series: its first appointment plus `series` (ids, skipped times).
Response seriesAnswer(const sch::SeriesResult& series) {
  auto extra = codecs::JsonWriter::memberList();
  extra.key("series")
      .beginObject()
      .member("id", series.seriesId.value)
      .member("booked", static_cast<std::int64_t>(series.booked.size()))
      .key("appointment_ids")
      .beginArray();
  for (const auto& a : series.booked) extra.value(a.id.value);
  extra.endArray().key("skipped").beginArray();
  for (const auto& [start, why] : series.skipped) {
    extra.beginObject().member("start", start.toString()).member("reason", why.message).endObject();
  }
  extra.endArray().member("truncated", series.truncated);
  if (series.truncated) {
    extra.member("note", "the rule goes on; only occurrences up to " +
                             std::to_string(sch::kMaxOccurrences) +
                             " or two years ahead were booked");
  }
  extra.endObject();
  const auto& first = series.booked.front();
  auto res =
      withEtag(jsonResponse(201, codecs::withMembers(codecs::toJson(first), extra.take()), true),
               first.meta.version);
  res.header("Location", "/api/v1/appointments/" + std::to_string(first.id.value));
  return res;
}

Result<Response> appointmentAnswer(int status, const domain::Appointment& a) {
  auto res = withEtag(jsonResponse(status, codecs::toJson(a), true), a.meta.version);
  if (status == 201) res.header("Location", "/api/v1/appointments/" + std::to_string(a.id.value));
  return res;
}

}  // namespace

void registerSchedulingRoutes(Router& router, ApiContext& ctx) {
  // ---- set-up -------------------------------------------------------------------------------
  ResourceSpec<domain::AppointmentType> types;
  types.collection = "/api/v1/appointment-types";
  types.noun = "appointment type";
  types.readPermission = Permission::kPracticeRead;
  types.writePermission = Permission::kScheduleSetup;
  types.decode = codecs::decodeAppointmentType;
  types.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.scheduling().getType(org, domain::AppointmentTypeId(id));
  };
  types.list = [](Repositories& r, OrganizationId org, const ListArgs& a) {
    return r.scheduling().listTypes(org, a.page);
  };
  types.create =
      [](Repositories& r, Instant now, OrganizationId org,
         domain::AppointmentType t) -> Result<std::pair<domain::AppointmentType, std::string>> {
    t.organizationId = org;
    t.active = true;
    if (auto e = domain::validate(t); !e.empty()) return Error::invalid(e);
    auto out = r.scheduling().insertType(t, now);
    if (!out) return out.error();
    return std::pair{std::move(out).value(), std::string()};
  };
  types.update = [](Repositories& r, Instant now, OrganizationId org, domain::AppointmentType t,
                    std::int64_t v) -> Result<domain::AppointmentType> {
    auto current = r.scheduling().getType(org, t.id);
    if (!current) return Error::notFound("appointment type not found");
    t.organizationId = org;
    t.active = current->active;
    if (auto e = domain::validate(t); !e.empty()) return Error::invalid(e);
    return r.scheduling().updateType(t, v, now);
  };
  types.setActive = activeSwitch(&app::SchedulingRepository::getType,
                                 &app::SchedulingRepository::updateType, "appointment type");
  registerResource(router, ctx, std::move(types));

  ResourceSpec<domain::Room> rooms;
  rooms.collection = "/api/v1/rooms";
  rooms.noun = "room";
  rooms.readPermission = Permission::kPracticeRead;
  rooms.writePermission = Permission::kScheduleSetup;
  rooms.listParams = {"location_id"};
  rooms.decode = codecs::decodeRoom;
  rooms.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.scheduling().getRoom(org, domain::RoomId(id));
  };
  rooms.list = [](Repositories& r, OrganizationId org,
                  const ListArgs& a) -> Result<app::Page<domain::Room>> {
    domain::FieldErrors e;
    domain::LocationId location;
    if (auto it = a.extra.find("location_id"); it != a.extra.end()) {
      location = domain::LocationId(idParam(it->second, e, "location_id"));
    }
    if (!e.empty()) return e.toError();
    return allOf(r.scheduling().rooms(org, location, a.page.includeInactive));
  };
  auto roomLocation = [](Repositories& r, OrganizationId org, domain::Room& m) -> Status {
    if (!m.locationId.valid() || !r.locations().get(org, m.locationId)) {
      return Error::invalidField("location_id", "is not a location of this practice");
    }
    return {};
  };
  rooms.create = [roomLocation](Repositories& r, Instant now, OrganizationId org,
                                domain::Room m) -> Result<std::pair<domain::Room, std::string>> {
    m.organizationId = org;
    m.active = true;
    if (auto e = domain::validate(m); !e.empty()) return Error::invalid(e);
    if (auto s = roomLocation(r, org, m); !s.ok()) return s.error();
    auto out = r.scheduling().insertRoom(m, now);
    if (!out) return out.error();
    return std::pair{std::move(out).value(), std::string()};
  };
  rooms.update = [](Repositories& r, Instant now, OrganizationId org, domain::Room m,
                    std::int64_t v) -> Result<domain::Room> {
    auto current = r.scheduling().getRoom(org, m.id);
    if (!current) return Error::notFound("room not found");
    m.organizationId = org;
    m.active = current->active;
    if (auto e = domain::validate(m); !e.empty()) return Error::invalid(e);
    if (m.locationId != current->locationId) {
      return Error::invalidField("location_id", "cannot change; add a room at the other location");
    }
    return r.scheduling().updateRoom(m, v, now);
  };
  rooms.setActive = activeSwitch(&app::SchedulingRepository::getRoom,
                                 &app::SchedulingRepository::updateRoom, "room");
  rooms.locationOf = [](Repositories& r, OrganizationId org, std::int64_t id) {
    auto m = r.scheduling().getRoom(org, domain::RoomId(id));
    return m ? std::optional<domain::LocationId>(m->locationId) : std::nullopt;
  };
  registerResource(router, ctx, std::move(rooms));

  ResourceSpec<domain::AvailabilityRule> rules;
  rules.collection = "/api/v1/availability-rules";
  rules.noun = "availability rule";
  rules.readPermission = Permission::kPracticeRead;
  rules.writePermission = Permission::kScheduleSetup;
  rules.listParams = {"provider_id"};
  rules.decode = codecs::decodeAvailabilityRule;
  rules.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.scheduling().getRule(org, domain::AvailabilityRuleId(id));
  };
  rules.list = [](Repositories& r, OrganizationId org,
                  const ListArgs& a) -> Result<app::Page<domain::AvailabilityRule>> {
    domain::FieldErrors e;
    domain::ProviderId provider;
    if (auto it = a.extra.find("provider_id"); it != a.extra.end()) {
      provider = domain::ProviderId(idParam(it->second, e, "provider_id"));
    }
    if (!e.empty()) return e.toError();
    return allOf(r.scheduling().rules(org, provider, a.page.includeInactive));
  };
  auto checkRule = [](Repositories& r, OrganizationId org, domain::AvailabilityRule& a) -> Status {
    a.organizationId = org;
    domain::FieldErrors e;
    e.append(domain::validate(a));
    auto provider = a.providerId.valid() ? r.providers().get(org, a.providerId) : std::nullopt;
    if (a.providerId.valid() && !provider)
      e.add("provider_id", "is not a provider of this practice");
    if (provider && std::find(provider->locationIds.begin(), provider->locationIds.end(),
                              a.locationId) == provider->locationIds.end()) {
      e.add("location_id", "is not one of the provider's locations");
    }
    for (auto t : a.appointmentTypeIds) {
      if (!r.scheduling().getType(org, t)) {
        e.add("appointment_type_ids", "names an appointment type that does not exist");
        break;
      }
    }
    if (!e.empty()) return e.toError();
    return {};
  };
  rules.create =
      [checkRule](
          Repositories& r, Instant now, OrganizationId org,
          domain::AvailabilityRule a) -> Result<std::pair<domain::AvailabilityRule, std::string>> {
    a.active = true;
    if (auto s = checkRule(r, org, a); !s.ok()) return s.error();
    auto out = r.scheduling().insertRule(a, now);
    if (!out) return out.error();
    return std::pair{std::move(out).value(), std::string()};
  };
  rules.update = [checkRule](Repositories& r, Instant now, OrganizationId org,
                             domain::AvailabilityRule a,
                             std::int64_t v) -> Result<domain::AvailabilityRule> {
    auto current = r.scheduling().getRule(org, a.id);
    if (!current) return Error::notFound("availability rule not found");
    a.active = current->active;
    if (auto s = checkRule(r, org, a); !s.ok()) return s.error();
    return r.scheduling().updateRule(a, v, now);
  };
  rules.setActive = activeSwitch(&app::SchedulingRepository::getRule,
                                 &app::SchedulingRepository::updateRule, "availability rule");
  rules.locationOf = [](Repositories& r, OrganizationId org, std::int64_t id) {
    auto a = r.scheduling().getRule(org, domain::AvailabilityRuleId(id));
    return a ? std::optional<domain::LocationId>(a->locationId) : std::nullopt;
  };
  registerResource(router, ctx, std::move(rules));

  // ---- slots -------------------------------------------------------------------------------
  router.add(
      "GET", "/api/v1/slots", "Find open slots", Access::need(Permission::kScheduleRead),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        domain::FieldErrors e;
        QueryReader q(req, e);
        sch::SlotSearch s;
        auto required = [&](const char* name) -> std::int64_t {
          auto v = q.get(name);
          if (!v) {
            if (e.empty()) e.add(name, "is required");
            return 0;
          }
          return idParam(*v, e, name);
        };
        s.typeId = domain::AppointmentTypeId(required("appointment_type_id"));
        s.locationId = domain::LocationId(required("location_id"));
        for (const auto& p : q.all("provider_id")) {
          s.providerIds.emplace_back(idParam(p, e, "provider_id"));
        }
        if (auto p = q.get("patient_id"))
          s.patientId = domain::PatientId(idParam(*p, e, "patient_id"));
        const Instant now = ctx.clock.now();
        s.range.start = queryInstant(q, e, "from", now);
        s.range.end = queryInstant(
            q, e, "to",
            Instant::fromMicros(s.range.start.micros() + std::int64_t{14} * 86'400'000'000));
        s.limit = q.integer("limit", 1, 100, 10);
        auto tod = [&](const char* name) -> std::optional<int> {
          auto v = q.get(name);
          if (!v) return std::nullopt;
          auto m = domain::parseTimeOfDay(*v);
          if (!m) e.add(name, "must be a time of day such as 13:00");
          return m;
        };
        auto after = tod("time_from");
        auto before = tod("time_to");
        if (after || before) s.startWithin = std::pair{after.value_or(0), before.value_or(1440)};
        q.finish();
        if (!(s.range.start < s.range.end)) e.add("to", "must be after from");
        if (s.range.end.micros() - s.range.start.micros() > std::int64_t{93} * 86'400'000'000) {
          e.add("to", "searches at most 93 days");
        }
        if (!e.empty()) return e.toError();
        if (s.range.start < now) s.range.start = now;
        auto found = app::readValue<std::vector<domain::Slot>>(ctx.uow, [&](Repositories& r) {
          return sch::findSlots(r, ctx.zones, caller(req).organizationId, s);
        });
        if (!found) return found.error();
        codecs::JsonWriter w;
        w.beginObject().key("items").beginArray();
        for (const auto& slot : *found) codecs::write(w, slot);
        w.endArray().endObject();
        return jsonResponse(200, w.take(), false);
      });

  // ---- appointments ----------------------------------------------------------------------------
  router.add(
      "POST", "/api/v1/appointments", "Book an appointment",
      Access::need(Permission::kScheduleWrite),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto key = idempotencyKey(req);
        if (!key) return key.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        auto booking = codecs::decodeBooking(*body);
        if (!booking) return booking.error();
        const domain::Principal& who = caller(req);
        if (booking->overbook && !who.can(Permission::kOverbook)) {
          return Error::forbidden("Overbooking needs the schedule.overbook permission.");
        }
        const Instant now = ctx.clock.now();
        if (!who.mayUseLocation(booking->draft.locationId, now)) {
          return Error::forbidden("Your account is limited to other locations.");
        }
        sch::BookRequest br;
        br.draft = booking->draft;
        br.overbook = booking->overbook;
        br.walkIn = booking->walkIn;
        br.backdate = who.can(Permission::kBackdate);
        if (!booking->rrule.empty()) {
          if (br.walkIn) return Error::invalidField("rrule", "a walk-in is not a series");
          return createOnce<sch::SeriesResult>(
              ctx, req, *key, true,
              [&](Repositories& r) -> Result<sch::SeriesResult> {
                auto s = sch::bookSeries(r, ctx.zones, now, who.organizationId, br, booking->rrule,
                                         booking->skipConflicts, who.userId.value);
                if (!s) return s.error();
                for (const auto& a : s->booked) {
                  audit(r, ctx, req, domain::AuditAction::kCreate, "appointment",
                        std::to_string(a.id.value) + " series " + std::to_string(s->seriesId.value),
                        a.patientId);
                  publishSiu(r, ctx, codecs::hl7v2::SiuEvent::kS12, a);
                }
                return s;
              },
              [](const sch::SeriesResult& series) { return seriesAnswer(series); });
        }
        return createOnce<domain::Appointment>(
            ctx, req, *key, true,
            [&](Repositories& r) -> Result<domain::Appointment> {
              auto a = sch::book(r, ctx.zones, now, who.organizationId, br, who.userId.value);
              if (!a) return a.error();
              audit(r, ctx, req, domain::AuditAction::kCreate, "appointment",
                    std::to_string(a->id.value) + (a->overbooked ? " overbooked" : ""),
                    a->patientId);
              publishSiu(r, ctx, codecs::hl7v2::SiuEvent::kS12, *a);
              return a;
            },
            [](const domain::Appointment& a) { return *appointmentAnswer(201, a); });
      });

  router.add(
      "GET", "/api/v1/appointments", "Appointments in a time range",
      Access::need(Permission::kScheduleRead),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        domain::FieldErrors e;
        QueryReader q(req, e);
        app::AppointmentRange range;
        range.organizationId = caller(req).organizationId;
        range.locationId = domain::LocationId(queryId(q, e, "location_id"));
        range.providerId = domain::ProviderId(queryId(q, e, "provider_id"));
        range.patientId = domain::PatientId(queryId(q, e, "patient_id"));
        range.roomId = domain::RoomId(queryId(q, e, "room_id"));
        range.during.start = queryInstant(q, e, "from");
        range.during.end = queryInstant(q, e, "to");
        range.holdingOnly = !q.boolean("include_cancelled", false);
        q.finish();
        if (e.empty() && !(range.during.start < range.during.end))
          e.add("to", "must be after from");
        // A location's calendar is bounded to six weeks; one patient's history (a few
        // visits a year) may span ten years.
        const std::int64_t maxDays = range.patientId.valid() ? 3660 : 42;
        if (range.during.end.micros() - range.during.start.micros() > maxDays * 86'400'000'000) {
          e.add("to", range.patientId.valid()
                          ? "a range covers at most 3660 days"
                          : "a range covers at most 42 days (or 3660 with patient_id)");
        }
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        // Location limits: a limited user reads the calendar of an allowed location
        // (or their patients' history across locations only with break-glass).
        if (!who.mayUseLocation(range.locationId, now)) {
          return Error::forbidden(
              "Your account is limited to some locations: ask for one of them "
              "(location_id).");
        }
        auto found = app::writeValue<std::vector<domain::Appointment>>(
            ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::Appointment>> {
              auto items = r.appointments().range(range);
              // A calendar view can hold thousands of visits: the event records the
              // criteria and the count (and the patient when one was asked for), not
              // every id, so that audit rows stay small.
              std::string what = "calendar";
              if (range.locationId.valid()) {
                what += " location " + std::to_string(range.locationId.value);
              }
              if (range.providerId.valid()) {
                what += " provider " + std::to_string(range.providerId.value);
              }
              if (range.roomId.valid()) what += " room " + std::to_string(range.roomId.value);
              what += " " + range.during.start.toString() + "/" + range.during.end.toString() +
                      ": " + std::to_string(items.size()) + " appointments";
              audit(r, ctx, req, domain::AuditAction::kSearch, "appointment", what,
                    range.patientId);
              return items;
            });
        if (!found) return found.error();
        return jsonResponse(200, codecs::pageJson(allOf(std::move(*found))), true);
      });

  router.add("GET", "/api/v1/appointments/{id}", "Read an appointment",
             Access::need(Permission::kScheduleRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto found = app::writeValue<domain::Appointment>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::Appointment> {
                     auto a = r.appointments().get(caller(req).organizationId,
                                                   domain::AppointmentId(*id));
                     if (!a) return Error::notFound("appointment not found");
                     if (!caller(req).mayUseLocation(a->locationId, ctx.clock.now())) {
                       return Error::forbidden("Your account is limited to other locations.");
                     }
                     audit(r, ctx, req, domain::AuditAction::kRead, "appointment",
                           std::to_string(a->id.value), a->patientId);
                     return *a;
                   });
               if (!found) return found.error();
               return appointmentAnswer(200, *found);
             });

  router.add(
      "POST", "/api/v1/appointments/{id}/reschedule",
      "Move an appointment to another time, provider or room",
      Access::need(Permission::kScheduleWrite),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        domain::FieldErrors e;
        codecs::ObjectReader in(*body, e);
        sch::Reschedule rs;
        rs.id = domain::AppointmentId(*id);
        auto start = in.instant("start");
        auto end = in.instant("end");
        if (!start && !in.has("start")) e.add("start", "is required");
        if (!end && !in.has("end")) e.add("end", "is required");
        rs.start = start.value_or(Instant());
        rs.end = end.value_or(Instant());
        rs.providerId = domain::ProviderId(in.integer("provider_id", 1, INT64_MAX).value_or(0));
        if (in.has("room_id")) {
          rs.room = domain::RoomId(in.integer("room_id", 1, INT64_MAX).value_or(0));
        }
        rs.overbook = in.boolean("overbook", false);
        const sch::SeriesScope scope = scopeOf(in, e);
        in.finish();
        if (!e.empty()) return e.toError();
        if (auto v = req.header("if-match"); !v.empty()) {
          auto version = ifMatch(req);
          if (!version) return version.error();
          rs.expectedVersion = *version;
        }
        const domain::Principal& who = caller(req);
        if (rs.overbook && !who.can(Permission::kOverbook)) {
          return Error::forbidden("Overbooking needs the schedule.overbook permission.");
        }
        rs.backdate = who.can(Permission::kBackdate);
        const Instant now = ctx.clock.now();
        auto out = app::writeValue<domain::Appointment>(
            ctx.uow, [&](Repositories& r) -> Result<domain::Appointment> {
              auto current = r.appointments().get(who.organizationId, rs.id);
              if (current && !who.mayUseLocation(current->locationId, now)) {
                return Error::forbidden("Your account is limited to other locations.");
              }
              auto moved = sch::rescheduleSeries(r, ctx.zones, now, who.organizationId, rs, scope);
              if (!moved) return moved.error();
              std::optional<domain::Appointment> self;
              for (const auto& a : *moved) {
                audit(r, ctx, req, domain::AuditAction::kUpdate, "appointment",
                      std::to_string(a.id.value) + " rescheduled" +
                          (scope != sch::SeriesScope::kThis ? " (series)" : "") +
                          (a.overbooked ? " overbooked" : ""),
                      a.patientId);
                publishSiu(r, ctx, codecs::hl7v2::SiuEvent::kS13, a);
                if (a.id == rs.id) self = a;
              }
              if (!self) return Error::notFound("appointment not found");
              return *self;
            });
        if (!out) return out.error();
        return appointmentAnswer(200, *out);
      });

  // ---- blocks (time off, holidays, meetings) ---------------------------------------------------
  router.add(
      "POST", "/api/v1/schedule-blocks", "Block time (time off, a holiday, a meeting)",
      Access::need(Permission::kScheduleSetup),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto body = jsonBody(req);
        if (!body) return body.error();
        auto block = codecs::decodeScheduleBlock(*body);
        if (!block) return block.error();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        if (block->locationId.valid() && !who.mayUseLocation(block->locationId, now)) {
          return Error::forbidden("Your account is limited to other locations.");
        }
        auto out = app::writeValue<domain::ScheduleBlock>(
            ctx.uow, [&](Repositories& r) -> Result<domain::ScheduleBlock> {
              domain::ScheduleBlock b = *block;
              b.organizationId = who.organizationId;
              domain::FieldErrors e;
              e.append(domain::validate(b));
              if (b.providerId.valid() && !r.providers().get(b.organizationId, b.providerId)) {
                e.add("provider_id", "is not a provider of this practice");
              }
              if (b.locationId.valid() && !r.locations().get(b.organizationId, b.locationId)) {
                e.add("location_id", "is not a location of this practice");
              }
              if (!e.empty()) return e.toError();
              auto stored = r.scheduling().insertBlock(b, now);
              if (!stored) return stored.error();
              audit(r, ctx, req, domain::AuditAction::kConfigChange, "schedule_block",
                    "create " + std::to_string(stored->id.value));
              return stored;
            });
        if (!out) return out.error();
        auto res = jsonResponse(201, codecs::toJson(*out), false);
        res.header("Location", "/api/v1/schedule-blocks/" + std::to_string(out->id.value));
        return res;
      });

  // The set-up of the schedule (types, rooms, templates, blocks) holds no patient data: all
  // staff may read it, among them administrators, who set it up without seeing calendars.
  router.add("GET", "/api/v1/schedule-blocks", "Blocks in a time range",
             Access::need(Permission::kPracticeRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               const domain::ProviderId provider(queryId(q, e, "provider_id"));
               const domain::LocationId location(queryId(q, e, "location_id"));
               const domain::Interval during{queryInstant(q, e, "from"), queryInstant(q, e, "to")};
               q.finish();
               if (e.empty() && during.empty()) e.add("to", "must be after from");
               if (!e.empty()) return e.toError();
               auto found = app::readValue<std::vector<domain::ScheduleBlock>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::ScheduleBlock>> {
                     return r.scheduling().blocks(caller(req).organizationId, provider, location,
                                                  during);
                   });
               if (!found) return found.error();
               return jsonResponse(200, codecs::pageJson(allOf(std::move(*found))), false);
             });

  router.add("DELETE", "/api/v1/schedule-blocks/{id}", "Remove a block",
             Access::need(Permission::kScheduleSetup),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto done = app::writeValue<bool>(ctx.uow, [&](Repositories& r) -> Result<bool> {
                 auto b = r.scheduling().getBlock(who.organizationId, domain::ScheduleBlockId(*id));
                 if (!b) return Error::notFound("schedule block not found");
                 if (b->locationId.valid() && !who.mayUseLocation(b->locationId, now)) {
                   return Error::forbidden("Your account is limited to other locations.");
                 }
                 r.scheduling().deleteBlock(who.organizationId, b->id);
                 audit(r, ctx, req, domain::AuditAction::kConfigChange, "schedule_block",
                       "delete " + std::to_string(b->id.value));
                 return true;
               });
               if (!done) return done.error();
               Response res;
               res.status = 204;
               return res;
             });

  struct Step {
    const char* path;
    const char* summary;
    domain::AppointmentStatus to;
  };
  for (const Step& step :
       {Step{"confirm", "Confirm an appointment", domain::AppointmentStatus::kConfirmed},
        Step{"room", "Put the patient in a room", domain::AppointmentStatus::kRoomed},
        Step{"start", "The provider starts the visit", domain::AppointmentStatus::kWithProvider},
        Step{"cancel", "Cancel an appointment (reason required)",
             domain::AppointmentStatus::kCancelled},
        Step{"no-show", "Mark a no-show", domain::AppointmentStatus::kNoShow}}) {
    const domain::AppointmentStatus to = step.to;
    router.add(
        "POST", std::string("/api/v1/appointments/{id}/") + step.path, step.summary,
        Access::need(Permission::kScheduleWrite),
        [&ctx, to](const Request& req, const PathParams& params) -> Result<Response> {
          auto id = pathId(params, "id");
          if (!id) return id.error();
          sch::Transition t;
          t.to = to;
          sch::SeriesScope scope = sch::SeriesScope::kThis;
          if (!req.body.empty()) {
            auto body = jsonBody(req);
            if (!body) return body.error();
            domain::FieldErrors e;
            codecs::ObjectReader r(*body, e);
            t.reason = r.str("reason");
            t.room = domain::RoomId(r.integer("room_id", 1, INT64_MAX).value_or(0));
            scope = scopeOf(r, e);
            if (scope != sch::SeriesScope::kThis && to != domain::AppointmentStatus::kCancelled) {
              e.add("scope", "applies to cancelling only");
            }
            r.finish();
            if (!e.empty()) return e.toError();
          }
          if (auto v = req.header("if-match"); !v.empty()) {
            auto version = ifMatch(req);
            if (!version) return version.error();
            t.expectedVersion = *version;
          }
          const domain::Principal& who = caller(req);
          const Instant now = ctx.clock.now();
          auto out = app::writeValue<domain::Appointment>(
              ctx.uow, [&](Repositories& r) -> Result<domain::Appointment> {
                auto current = r.appointments().get(who.organizationId, domain::AppointmentId(*id));
                if (current && !who.mayUseLocation(current->locationId, now)) {
                  return Error::forbidden("Your account is limited to other locations.");
                }
                if (scope != sch::SeriesScope::kThis) {
                  auto all = sch::cancelSeries(r, ctx.zones, now, who.organizationId,
                                               domain::AppointmentId(*id), scope, t.reason,
                                               who.userId.value);
                  if (!all) return all.error();
                  for (const auto& c : *all) {
                    audit(r, ctx, req, domain::AuditAction::kUpdate, "appointment",
                          std::to_string(c.id.value) + " cancelled (series)", c.patientId);
                    publishSiu(r, ctx, codecs::hl7v2::SiuEvent::kS15, c);
                  }
                  auto self = r.appointments().get(who.organizationId, domain::AppointmentId(*id));
                  if (!self) return Error::notFound("appointment not found");
                  return *self;
                }
                auto a = sch::transition(r, ctx.zones, now, who.organizationId,
                                         domain::AppointmentId(*id), t, who.userId.value);
                if (!a) return a.error();
                audit(r, ctx, req, domain::AuditAction::kUpdate, "appointment",
                      std::to_string(a->id.value) + " " + std::string(domain::toString(to)),
                      a->patientId);
                publishSiu(
                    r, ctx,
                    to == domain::AppointmentStatus::kCancelled ? codecs::hl7v2::SiuEvent::kS15
                    : to == domain::AppointmentStatus::kNoShow  ? codecs::hl7v2::SiuEvent::kS26
                                                                : codecs::hl7v2::SiuEvent::kS14,
                    *a);
                return a;
              });
          if (!out) return out.error();
          return appointmentAnswer(200, *out);
        });
  }
  registerFrontDeskRoutes(router, ctx);
  registerFlowBoardRoutes(router, ctx);
  registerCalendarRoutes(router, ctx);
}

}  // namespace medoffice::http
