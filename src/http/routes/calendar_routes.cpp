// SPDX-License-Identifier: AGPL-3.0-or-later
// Calendars (issue 4): day and week views per location, provider or room in the location's time
// zone, and per-provider iCalendar feeds behind a secret URL token.

#include <cstdio>
#include <map>

#include "codecs/ical/ical.hpp"
#include "codecs/json/json_writer.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::Error;
using domain::Instant;
using domain::Permission;
using domain::Result;

namespace {

constexpr std::int64_t kMinuteMicros = 60'000'000;

/// "2026-12-01T09:30:00-05:00": an instant as local wall time with its offset. Offsets are
/// looked up once per quarter hour of the calendar (zones change offset on such boundaries).
class LocalFormatter {
 public:
  LocalFormatter(const app::TimeZones& zones, std::string zone)
      : zones_(zones), zone_(std::move(zone)) {}

  std::string operator()(Instant t) {
    const std::int64_t quarter = floorDiv(t.micros(), 15 * kMinuteMicros);
    auto it = offsets_.find(quarter);
    if (it == offsets_.end()) {
      auto l = zones_.toLocal(zone_, Instant::fromMicros(quarter * 15 * kMinuteMicros));
      if (!l) return t.toString();
      it = offsets_.emplace(quarter, l->utcOffsetMinutes).first;
    }
    const int offset = it->second;
    // The wall time is the UTC text of the instant moved by the offset, with the offset added.
    std::string out =
        Instant::fromMicros(t.micros() + offset * kMinuteMicros).toString().substr(0, 19);
    const int abs = offset < 0 ? -offset : offset;
    out += offset < 0 ? '-' : '+';
    out += static_cast<char>('0' + abs / 600);
    out += static_cast<char>('0' + abs / 60 % 10);
    out += ':';
    out += static_cast<char>('0' + abs % 60 / 10);
    out += static_cast<char>('0' + abs % 10);
    return out;
  }

 private:
  static std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
  }
  const app::TimeZones& zones_;
  std::string zone_;
  std::map<std::int64_t, int> offsets_;
};

struct CalendarView {
  std::string zone;
  std::vector<std::pair<domain::Date, domain::Interval>> days;  ///< each local day's UTC span
  std::vector<app::CalendarEntry> items;
};

}  // namespace

void registerCalendarRoutes(Router& router, ApiContext& ctx) {
  router.add(
      "GET", "/api/v1/calendar",
      "A day or week of appointments at a location (or one provider or room there), in local time",
      Access::need(Permission::kScheduleRead),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        domain::FieldErrors e;
        QueryReader q(req, e);
        const domain::LocationId location(queryId(q, e, "location_id"));
        const domain::ProviderId provider(queryId(q, e, "provider_id"));
        const domain::RoomId room(queryId(q, e, "room_id"));
        const std::string view = q.get("view").value_or("day");
        if (view != "day" && view != "week") e.add("view", "must be day or week");
        std::optional<domain::Date> date;
        if (auto d = q.get("date")) {
          date = domain::Date::parse(*d);
          if (!date) e.add("date", "must be a date such as 2026-12-01");
        }
        const bool withCancelled = q.boolean("include_cancelled", false);
        // Names only when asked (the desk's screens ask; feeds and integrations need none).
        const bool withNames = q.boolean("include_patient_names", false);
        q.finish();
        if (e.empty() && !location.valid()) {
          e.add("location_id", "is required (the calendar is shown in its time zone)");
        }
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        if (!who.mayUseLocation(location, now)) {
          return Error::forbidden("Your account is limited to other locations.");
        }
        auto out =
            app::writeValue<CalendarView>(ctx.uow, [&](Repositories& r) -> Result<CalendarView> {
              auto loc = r.locations().get(who.organizationId, location);
              if (!loc) return Error::notFound("location not found");
              CalendarView v;
              v.zone = loc->timeZone;
              auto today = ctx.zones.toLocal(v.zone, now);
              if (!today) return Error::internal("the location's time zone is unknown");
              domain::Date first = date.value_or(today->date);
              int count = 1;
              if (view == "week") {
                first = first.plusDays(-((first.weekday() + 6) % 7));  // the Monday
                count = 7;
              }
              // Each local day from local midnight to local midnight: 23 or 25 hours on the days
              // the clocks change.
              for (int k = 0; k < count; ++k) {
                const domain::Date d = first.plusDays(k);
                auto from = ctx.zones.toUtc(v.zone, d, 0);
                auto to = ctx.zones.toUtc(v.zone, d.plusDays(1), 0);
                if (!from || !to) return Error::internal("the location's time zone is unknown");
                v.days.push_back({d, {*from, *to}});
              }
              app::AppointmentRange range;
              range.organizationId = who.organizationId;
              range.locationId = location;
              range.providerId = provider;
              range.roomId = room;
              range.during = {v.days.front().second.start, v.days.back().second.end};
              range.holdingOnly = !withCancelled;
              range.limit = 20'000;
              range.patientNames = withNames;
              v.items = r.appointments().calendar(range);
              audit(r, ctx, req, domain::AuditAction::kSearch, "appointment",
                    "calendar " + view + " location " + std::to_string(location.value) +
                        (provider.valid() ? " provider " + std::to_string(provider.value) : "") +
                        (room.valid() ? " room " + std::to_string(room.value) : "") + " " +
                        first.toString() + ": " + std::to_string(v.items.size()) + " appointments" +
                        (withNames ? " with patient names" : ""));
              return v;
            });
        if (!out) return out.error();
        LocalFormatter local(ctx.zones, out->zone);
        codecs::JsonWriter w;
        w.reserve(1024 + out->items.size() * 400);  // an item is about 350 bytes
        w.beginObject()
            .member("view", view)
            .member("time_zone", out->zone)
            .member("from", local(out->days.front().second.start))
            .member("to", local(out->days.back().second.end))
            .key("days")
            .beginArray();
        for (const auto& [d, span] : out->days) {
          w.beginObject()
              .member("date", d.toString())
              .member("start", span.start.toString())
              .member("end", span.end.toString())
              .member("hours", (span.end.micros() - span.start.micros()) / (60 * kMinuteMicros))
              .endObject();
        }
        w.endArray().key("items").beginArray();
        for (const auto& a : out->items) {
          w.beginObject().member("id", a.id.value).member("patient_id", a.patientId.value);
          if (withNames) w.member("patient_name", a.patientName);
          w.member("provider_id", a.providerId.value).key("room_id");
          if (a.roomId.valid()) {
            w.value(a.roomId.value);
          } else {
            w.null();
          }
          w.member("appointment_type_id", a.typeId.value)
              .member("status", domain::toString(a.status))
              .member("start", a.when.start.toString())
              .member("end", a.when.end.toString())
              .member("local_start", local(a.when.start))
              .member("local_end", local(a.when.end))
              .member("overbooked", a.overbooked)
              .member("version", a.version)
              .endObject();
        }
        w.endArray().endObject();
        return jsonResponse(200, w.take(), true);
      });

  // ---- iCalendar feeds -------------------------------------------------------------------
  router.add(
      "POST", "/api/v1/providers/{id}/calendar-feed",
      "Make (or replace) a provider's iCalendar feed URL; the old URL stops working",
      Access::need(Permission::kScheduleSetup),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        if (auto b = noBody(req); !b.ok()) return b.error();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        const std::string token = ctx.security.secrets().randomToken(32);
        const std::string hash = ctx.security.secrets().sha256(token);
        auto made =
            app::writeValue<std::int64_t>(ctx.uow, [&](Repositories& r) -> Result<std::int64_t> {
              auto p = r.providers().get(who.organizationId, domain::ProviderId(*id));
              if (!p) return Error::notFound("provider not found");
              r.calendarFeeds().revokeAll(who.organizationId, p->id, now);
              const auto feed = r.calendarFeeds().insert(who.organizationId, p->id, hash, now);
              audit(r, ctx, req, domain::AuditAction::kConfigChange, "calendar_feed",
                    "provider " + std::to_string(p->id.value) + " feed " + std::to_string(feed));
              return feed;
            });
        if (!made) return made.error();
        nlohmann::json body{{"provider_id", *id},
                            {"url", "/api/v1/calendar-feeds/" + token + "/calendar.ics"},
                            {"note",
                             "Shown once. Anyone with this URL sees the provider's calendar (visit "
                             "types and times, no patient details); replace it to revoke."}};
        return jsonResponse(201, body, true);
      });

  router.add("DELETE", "/api/v1/providers/{id}/calendar-feed",
             "Revoke a provider's iCalendar feed URL", Access::need(Permission::kScheduleSetup),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               if (auto b = noBody(req); !b.ok()) return b.error();
               const domain::Principal& who = caller(req);
               auto done = app::writeValue<std::int64_t>(
                   ctx.uow, [&](Repositories& r) -> Result<std::int64_t> {
                     auto p = r.providers().get(who.organizationId, domain::ProviderId(*id));
                     if (!p) return Error::notFound("provider not found");
                     auto n =
                         r.calendarFeeds().revokeAll(who.organizationId, p->id, ctx.clock.now());
                     audit(r, ctx, req, domain::AuditAction::kConfigChange, "calendar_feed",
                           "provider " + std::to_string(p->id.value) + " revoked");
                     return n;
                   });
               if (!done) return done.error();
               Response res;
               res.status = 204;
               return res;
             });

  router.add(
      "GET", "/api/v1/calendar-feeds/{token}/calendar.ics",
      "A provider's calendar as iCalendar (the secret URL is the credential)",
      Access::publicRoute(), [&ctx](const Request&, const PathParams& params) -> Result<Response> {
        auto it = params.find("token");
        const std::string token = it == params.end() ? std::string() : std::string(it->second);
        if (token.size() < 20 || token.size() > 100) return Error::notFound("no such feed");
        const std::string hash = ctx.security.secrets().sha256(token);
        const Instant now = ctx.clock.now();
        auto cal = app::readValue<codecs::ical::Calendar>(
            ctx.uow, [&](Repositories& r) -> Result<codecs::ical::Calendar> {
              auto feed = r.calendarFeeds().findByHash(hash);
              if (!feed) return Error::notFound("no such feed");
              auto provider = r.providers().get(feed->organizationId, feed->providerId);
              if (!provider) return Error::notFound("no such feed");
              codecs::ical::Calendar c;
              c.name = provider->givenName + " " + provider->familyName + " (MedOffice)";
              app::AppointmentRange range;
              range.organizationId = feed->organizationId;
              range.providerId = feed->providerId;
              range.during = {Instant::fromMicros(now.micros() - 30LL * 1440 * kMinuteMicros),
                              Instant::fromMicros(now.micros() + 180LL * 1440 * kMinuteMicros)};
              range.limit = 20'000;
              // Names of types and locations, read once each.
              std::map<std::int64_t, std::string> types;
              std::map<std::int64_t, std::string> places;
              for (const auto& a : r.appointments().range(range)) {
                if (a.status == domain::AppointmentStatus::kNoShow) continue;
                auto& type = types[a.appointmentTypeId.value];
                if (type.empty()) {
                  auto t = r.scheduling().getType(feed->organizationId, a.appointmentTypeId);
                  type = t ? t->name : "Appointment";
                }
                auto& place = places[a.locationId.value];
                if (place.empty()) {
                  auto l = r.locations().get(feed->organizationId, a.locationId);
                  place = l ? l->name : "";
                }
                codecs::ical::Event ev;
                ev.uid = "appointment-" + std::to_string(a.id.value) + "@medoffice";
                ev.start = a.start;
                ev.end = a.end;
                ev.stamp = a.meta.updatedAt;
                ev.summary = type;  // no patient details leave the practice this way
                ev.location = place;
                ev.status = a.status == domain::AppointmentStatus::kCancelled ? "CANCELLED"
                            : a.status == domain::AppointmentStatus::kBooked  ? "TENTATIVE"
                                                                              : "CONFIRMED";
                ev.sequence = a.meta.version;
                c.events.push_back(std::move(ev));
              }
              return c;
            });
        if (!cal) return cal.error();
        Response res;
        res.contentType = "text/calendar; charset=utf-8";
        res.body = codecs::ical::encode(*cal);
        res.phi = true;  // no-store: calendars change
        return res;
      });
}

}  // namespace medoffice::http
