// SPDX-License-Identifier: AGPL-3.0-or-later
// Code sets (issue 14, point 1): search a code system, check one code on a date of service, and
// list the releases loaded. Reference data, not PHI: reads are not audited.

#include "app/billing/code_sets.hpp"
#include "codecs/json/json_writer.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::CodeSystem;
using domain::Error;
using domain::Permission;
using domain::Result;

namespace {

constexpr const char* kSystems = "icd10cm, hcpcs, cpt, modifier, pos, carc or rarc";

std::optional<CodeSystem> systemParam(QueryReader& q, domain::FieldErrors& e) {
  auto v = q.get("system");
  if (!v) {
    e.add("system", "is required");
    return std::nullopt;
  }
  auto s = domain::parseCodeSystem(*v);
  if (!s) e.add("system", std::string("must be ") + kSystems);
  return s;
}

std::optional<domain::Date> dateParam(QueryReader& q, domain::FieldErrors& e) {
  auto v = q.get("date");
  if (!v) return std::nullopt;
  auto d = domain::Date::parse(*v);
  if (!d) e.add("date", "must be a date (YYYY-MM-DD)");
  return d;
}

void releaseMembers(codecs::JsonWriter& w, const domain::CodeRelease& r) {
  w.member("system", domain::toString(r.system))
      .member("year", r.year)
      .member("label", domain::releaseLabel(r.system, r.year))
      .member("source", domain::toString(r.source))
      .member("file_name", r.fileName)
      .member("code_count", r.codeCount)
      .member("billable_count", r.billableCount)
      .member("loaded_at", r.meta.createdAt.toString());
}

void writeCode(codecs::JsonWriter& w, CodeSystem s, const domain::CodeRecord& c) {
  w.member("code", c.code)
      .member("display", domain::displayCode(s, c.code))
      .member("description", c.longDescription)
      .member("short_description", c.shortDescription)
      .member("billable", c.billable)
      .key("ends_on");
  if (c.endsOn) {
    w.value(c.endsOn->toString());
  } else {
    w.null();
  }
}

void writeWarnings(codecs::JsonWriter& w, const std::vector<domain::CodeWarning>& warnings) {
  w.key("warnings").beginArray();
  for (const auto& x : warnings) {
    w.beginObject()
        .member("code", x.code)
        .member("message", x.message)
        .member("wanted_year", x.wantedYear)
        .member("used_year", x.usedYear)
        .endObject();
  }
  w.endArray();
}

}  // namespace

void registerCodeRoutes(Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/codes", "Search a code set", Access::need(Permission::kPracticeRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               app::codes::SearchRequest s;
               const auto system = systemParam(q, e);
               const std::size_t before = e.list().size();
               auto text = q.get("q");
               if (!text && e.list().size() == before) e.add("q", "is required");
               s.date = dateParam(q, e);
               s.limit = q.integer("limit", 1, 100, 20);
               q.finish();
               if (!e.empty()) return e.toError();
               s.organization = caller(req).organizationId;
               s.system = *system;
               s.text = *text;
               auto found = app::readValue<app::codes::SearchAnswer>(
                   ctx.uow, [&](Repositories& r) { return app::codes::search(r, s); });
               if (!found) return found.error();
               codecs::JsonWriter w;
               w.reserve(256 + found->items.size() * 160);
               w.beginObject().member("system", domain::toString(s.system)).key("release");
               if (found->release) {
                 w.beginObject();
                 releaseMembers(w, *found->release);
                 w.endObject();
               } else {
                 w.null();
               }
               w.key("items").beginArray();
               for (const auto& c : found->items) {
                 w.beginObject();
                 writeCode(w, s.system, c);
                 w.endObject();
               }
               w.endArray();
               writeWarnings(w, found->warnings);
               w.endObject();
               return jsonResponse(200, w.take(), false);
             });

  router.add("GET", "/api/v1/codes/{system}/{code}",
             "Check one code on a date of service (valid, header, ended, unknown)",
             Access::need(Permission::kPracticeRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto system = domain::parseCodeSystem(params.at("system"));
               if (!system) return Error::notFound(std::string("no code system; use ") + kSystems);
               domain::FieldErrors e;
               QueryReader q(req, e);
               const auto date = dateParam(q, e);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Date on = date.value_or(ctx.clock.now().utcDate());
               auto verdict = app::readValue<domain::CodeVerdict>(ctx.uow, [&](Repositories& r) {
                 return app::codes::checkCode(r, caller(req).organizationId, *system,
                                              params.at("code"), on);
               });
               if (!verdict) return verdict.error();
               codecs::JsonWriter w;
               w.beginObject()
                   .member("system", domain::toString(*system))
                   .member("date", on.toString())
                   .member("valid", verdict->valid())
                   .member("status", domain::toString(verdict->status))
                   .member("message", verdict->message)
                   .key("release_year");
               if (verdict->status == domain::CodeStatus::kMalformed ||
                   verdict->status == domain::CodeStatus::kNoRelease) {
                 w.null();
               } else {
                 w.value(verdict->releaseYear);
               }
               w.key("record");
               if (verdict->record) {
                 w.beginObject();
                 writeCode(w, *system, *verdict->record);
                 w.endObject();
               } else {
                 w.null();
               }
               writeWarnings(w, verdict->warnings);
               w.endObject();
               return jsonResponse(200, w.take(), false);
             });

  router.add("GET", "/api/v1/code-releases", "The code set releases loaded",
             Access::need(Permission::kPracticeRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               q.finish();
               if (!e.empty()) return e.toError();
               auto all = app::readValue<std::vector<domain::CodeRelease>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::CodeRelease>> {
                     return app::codes::listReleases(r, caller(req).organizationId);
                   });
               if (!all) return all.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& r : *all) {
                 w.beginObject();
                 releaseMembers(w, r);
                 w.endObject();
               }
               w.endArray().endObject();
               return jsonResponse(200, w.take(), false);
             });
}

}  // namespace medoffice::http
