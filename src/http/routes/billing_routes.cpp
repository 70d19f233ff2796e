// SPDX-License-Identifier: AGPL-3.0-or-later
// Billing (issue 14): encounters and charges (the money side is in billing_ledger_routes.cpp).
// Every read and write of these is PHI: each is authorised by its permission, limited to the
// caller's locations where the record has one, and audited in its transaction.

#include <algorithm>

#include "app/billing/encounters.hpp"
#include "app/billing/ledger.hpp"
#include "codecs/json/billing_json.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/json/json_writer.hpp"
#include "codecs/json/registry_json.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/billing_route_support.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::AuditAction;
using domain::Error;
using domain::Instant;
using domain::Permission;
using domain::Result;
namespace bill = app::billing;
using namespace billing_routes;

namespace {

/// Encounters finalized per transaction by the bulk route: fewer commits (each an fsync on
/// SQLite) for 100,000 lines in under 5 s, and a transaction short enough (about 90 ms on
/// SQLite) not to hold other writers long (docs/performance.md).
constexpr int kFinalizeBatch = 1000;

void writeWarnings(codecs::JsonWriter& w, const std::vector<domain::CodeWarning>& warnings) {
  w.key("warnings").beginArray();
  for (const auto& x : warnings) {
    w.beginObject().member("code", x.code).member("message", x.message).endObject();
  }
  w.endArray();
}

/// `{encounter members..., "warnings": [...]}`.
std::string encounterBody(const domain::Encounter& e,
                          const std::vector<domain::CodeWarning>& warnings) {
  auto extra = codecs::JsonWriter::memberList();
  writeWarnings(extra, warnings);
  return codecs::withMembers(codecs::toJson(e), extra.take());
}

std::string finalizeBody(const bill::FinalizeResult& f) {
  codecs::JsonWriter w;
  w.beginObject().key("encounter");
  codecs::write(w, f.encounter);
  w.member("billed_to", domain::toString(f.billedTo));
  writeEntries(w, f.entries);
  writeWarnings(w, f.warnings);
  w.endObject();
  return w.take();
}

std::string encounterText(const domain::Encounter& e, std::string_view what) {
  return std::to_string(e.id.value) + " " + std::string(what);
}

}  // namespace

void registerBillingRoutes(Router& router, ApiContext& ctx) {
  // ---- encounters ---------------------------------------------------------------------------
  router.add(
      "POST", "/api/v1/encounters", "Create an encounter (open) with its diagnoses and charges",
      Access::need(Permission::kChargeEntry),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto key = idempotencyKey(req);
        if (!key) return key.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        auto in = codecs::decodeEncounter(*body);
        if (!in) return in.error();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        bill::NewEncounter request{in->encounter, std::nullopt};
        if (in->dateGiven) request.dateOfService = in->encounter.dateOfService;
        return createOnce<bill::EncounterResult>(
            ctx, req, *key, true,
            [&](Repositories& r) -> Result<bill::EncounterResult> {
              auto done = bill::createEncounter(r, ctx.zones, now, who.organizationId, request);
              if (!done) return done.error();
              if (!who.mayUseLocation(done->encounter.locationId, now)) {
                return Error::forbidden(kLimited);
              }
              audit(r, ctx, req, AuditAction::kCreate, "encounter",
                    encounterText(done->encounter, "created"), done->encounter.patientId);
              return done;
            },
            [](const bill::EncounterResult& done) {
              auto res = jsonResponse(201, encounterBody(done.encounter, done.warnings), true);
              res.header("Location",
                         "/api/v1/encounters/" + std::to_string(done.encounter.id.value));
              return withEtag(std::move(res), done.encounter.meta.version);
            });
      });

  router.add("GET", "/api/v1/encounters", "Encounters of a patient, by status or date of service",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               app::EncounterRepository::Filter f;
               f.patient = domain::PatientId(queryId(q, e, "patient_id"));
               if (auto s = q.get("status")) {
                 f.status = domain::parseEncounterStatus(*s);
                 if (!f.status) e.add("status", "must be open, finalized or voided");
               }
               for (const char* name : {"from", "to"}) {
                 if (auto v = q.get(name)) {
                   auto d = domain::Date::parse(*v);
                   if (!d) e.add(name, "must be a date (YYYY-MM-DD)");
                   (std::string_view(name) == "from" ? f.from : f.to) = d;
                 }
               }
               const app::PageRequest page = pageOf(q);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto found = app::writeValue<app::Page<domain::Encounter>>(
                   ctx.uow, [&](Repositories& r) -> Result<app::Page<domain::Encounter>> {
                     auto list = r.encounters().list(who.organizationId, f, page);
                     if (!list) return list.error();
                     std::erase_if(list->items, [&](const domain::Encounter& x) {
                       return !who.mayUseLocation(x.locationId, ctx.clock.now());
                     });
                     // With their current lines (and so their totals): one more read for the
                     // page, which getMany answers in the page's order.
                     std::vector<domain::EncounterId> ids;
                     for (const auto& x : list->items) ids.push_back(x.id);
                     list->items = r.encounters().getMany(who.organizationId, ids);
                     audit(r, ctx, req, AuditAction::kSearch, "encounter",
                           f.patient.valid() ? "patient_id" : "status,from,to", f.patient);
                     return list;
                   });
               if (!found) return found.error();
               return jsonResponse(200, codecs::pageJson(*found), true);
             });

  router.add("GET", "/api/v1/encounters/{id}", "An encounter with its current charge lines",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               auto found = app::writeValue<domain::Encounter>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::Encounter> {
                     auto e = r.encounters().get(who.organizationId, domain::EncounterId(*id));
                     if (!e) return Error::notFound("encounter not found");
                     if (!who.mayUseLocation(e->locationId, ctx.clock.now())) {
                       return Error::forbidden(kLimited);
                     }
                     audit(r, ctx, req, AuditAction::kRead, "encounter", std::to_string(*id),
                           e->patientId);
                     return *e;
                   });
               if (!found) return found.error();
               return withEtag(jsonResponse(200, codecs::toJson(*found), true),
                               found->meta.version);
             });

  router.add(
      "GET", "/api/v1/encounters/{id}/history",
      "Every charge line the encounter has had (replaced ones too), with balances and entries",
      Access::need(Permission::kBillingRead),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        const domain::Principal& who = caller(req);
        struct History {
          domain::Encounter encounter;
          std::vector<app::LedgerLine> lines;
          std::vector<std::vector<domain::LedgerEntry>> entries;
        };
        auto found = app::writeValue<History>(ctx.uow, [&](Repositories& r) -> Result<History> {
          auto e = r.encounters().get(who.organizationId, domain::EncounterId(*id));
          if (!e) return Error::notFound("encounter not found");
          if (!who.mayUseLocation(e->locationId, ctx.clock.now())) {
            return Error::forbidden(kLimited);
          }
          History h{*e, r.encounters().history(who.organizationId, e->id), {}};
          for (const auto& l : h.lines) {
            h.entries.push_back(r.ledger().ofLine(who.organizationId, l.id));
          }
          audit(r, ctx, req, AuditAction::kRead, "encounter", std::to_string(*id) + " history",
                e->patientId);
          return h;
        });
        if (!found) return found.error();
        codecs::JsonWriter w;
        w.beginObject().key("encounter");
        codecs::write(w, found->encounter);
        w.key("lines").beginArray();
        for (std::size_t k = 0; k < found->lines.size(); ++k) {
          auto members = codecs::JsonWriter::memberList();
          writeEntries(members, found->entries[k]);
          w.raw(codecs::withMembers(codecs::toJson(found->lines[k]), members.take()));
        }
        w.endArray().endObject();
        return jsonResponse(200, w.take(), true);
      });

  router.add(
      "PUT", "/api/v1/encounters/{id}", "Edit an open encounter (a finalized one is corrected)",
      Access::need(Permission::kChargeEntry),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        auto version = ifMatch(req);
        if (!version) return version.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        auto in = codecs::decodeEncounter(*body);
        if (!in) return in.error();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        in->encounter.id = domain::EncounterId(*id);
        auto done = app::writeValue<bill::EncounterResult>(
            ctx.uow, [&](Repositories& r) -> Result<bill::EncounterResult> {
              auto current = r.encounters().get(who.organizationId, in->encounter.id);
              if (!current) return Error::notFound("encounter not found");
              if (!in->dateGiven) in->encounter.dateOfService = current->dateOfService;
              auto out = bill::updateEncounter(r, now, who.organizationId, in->encounter, *version);
              if (!out) return out.error();
              if (!who.mayUseLocation(current->locationId, now) ||
                  !who.mayUseLocation(out->encounter.locationId, now)) {
                return Error::forbidden(kLimited);
              }
              audit(r, ctx, req, AuditAction::kUpdate, "encounter",
                    encounterText(out->encounter, "edited"), out->encounter.patientId);
              return out;
            });
        if (!done) return done.error();
        return withEtag(jsonResponse(200, encounterBody(done->encounter, done->warnings), true),
                        done->encounter.meta.version);
      });

  router.add(
      "POST", "/api/v1/encounters/{id}/finalize",
      "Finalize an encounter: its charges are posted to the ledger",
      Access::need(Permission::kBillingPost),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        if (auto s = noBody(req); !s.ok()) return s.error();
        auto version = optionalIfMatch(req);
        if (!version) return version.error();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        auto done = app::writeValue<bill::FinalizeResult>(
            ctx.uow, [&](Repositories& r) -> Result<bill::FinalizeResult> {
              auto current = r.encounters().get(who.organizationId, domain::EncounterId(*id));
              if (current && !who.mayUseLocation(current->locationId, now)) {
                return Error::forbidden(kLimited);
              }
              auto out = bill::finalizeEncounter(
                  r, now, who.organizationId, domain::EncounterId(*id), *version, who.userId.value);
              if (!out) return out.error();
              audit(
                  r, ctx, req, AuditAction::kUpdate, "encounter",
                  encounterText(out->encounter, "finalized; entries " + entriesText(out->entries)),
                  out->encounter.patientId);
              return out;
            });
        if (!done) return done.error();
        return withEtag(jsonResponse(200, finalizeBody(*done), true), done->encounter.meta.version);
      });

  router.add(
      "POST", "/api/v1/encounters/finalize",
      "Finalize many encounters; each is posted whole or not at all",
      Access::need(Permission::kBillingPost),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto body = jsonBody(req);
        if (!body) return body.error();
        domain::FieldErrors e;
        codecs::ObjectReader in(*body, e);
        const auto raw = in.idArray("ids", 5000);
        in.finish();
        if (e.empty() && raw.empty()) e.add("ids", "is required (the encounters to finalize)");
        if (!e.empty()) return e.toError();
        std::vector<domain::EncounterId> ids;
        for (auto v : raw) ids.emplace_back(v);
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        // A user limited to some locations finalizes only theirs: the others are reported.
        std::vector<domain::EncounterId> outside;
        if (!who.locationIds.empty()) {
          auto found = app::readValue<std::vector<domain::Encounter>>(
              ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::Encounter>> {
                return r.encounters().getMany(who.organizationId, ids);
              });
          if (!found) return found.error();
          for (const auto& x : *found) {
            if (!who.mayUseLocation(x.locationId, now)) outside.push_back(x.id);
          }
          std::erase_if(ids, [&](domain::EncounterId x) {
            return std::find(outside.begin(), outside.end(), x) != outside.end();
          });
        }
        auto outcome = bill::finalizeMany(
            ctx.uow, now, who.organizationId, ids, who.userId.value, kFinalizeBatch,
            [&](Repositories& r, const bill::FinalizeResult& f) {
              audit(
                  r, ctx, req, AuditAction::kUpdate, "encounter",
                  encounterText(f.encounter, "finalized (bulk); entries " + entriesText(f.entries)),
                  f.encounter.patientId);
            });
        if (!outcome) return outcome.error();
        for (auto x : outside) outcome->failed.emplace_back(x, Error::forbidden(kLimited));
        codecs::JsonWriter w;
        w.beginObject()
            .member("finalized", outcome->finalized)
            .member("lines", outcome->lines)
            .key("failed")
            .beginArray();
        for (const auto& [id, err] : outcome->failed) {
          w.beginObject().member("id", id.value).member("detail", err.message).key("errors");
          w.beginArray();
          for (const auto& f : err.fields) {
            w.beginObject().member("field", f.field).member("message", f.message).endObject();
          }
          w.endArray().endObject();
        }
        w.endArray().endObject();
        return jsonResponse(200, w.take(), true);
      });

  router.add(
      "POST", "/api/v1/encounters/{id}/corrections",
      "Correct a finalized encounter: changed lines are reversed and posted again",
      Access::need(Permission::kBillingPost),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        auto version = ifMatch(req);
        if (!version) return version.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        auto in = codecs::decodeEncounter(*body);
        if (!in) return in.error();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        in->encounter.id = domain::EncounterId(*id);
        auto done = app::writeValue<bill::FinalizeResult>(
            ctx.uow, [&](Repositories& r) -> Result<bill::FinalizeResult> {
              auto current = r.encounters().get(who.organizationId, in->encounter.id);
              if (!current) return Error::notFound("encounter not found");
              if (!who.mayUseLocation(current->locationId, now)) return Error::forbidden(kLimited);
              if (!in->dateGiven) in->encounter.dateOfService = current->dateOfService;
              auto out = bill::correctEncounter(r, now, who.organizationId, in->encounter, *version,
                                                who.userId.value);
              if (!out) return out.error();
              if (!who.mayUseLocation(out->encounter.locationId, now)) {
                return Error::forbidden(kLimited);
              }
              audit(
                  r, ctx, req, AuditAction::kUpdate, "encounter",
                  encounterText(out->encounter, "corrected; entries " + entriesText(out->entries)),
                  out->encounter.patientId);
              return out;
            });
        if (!done) return done.error();
        return withEtag(jsonResponse(200, finalizeBody(*done), true), done->encounter.meta.version);
      });

  router.add("POST", "/api/v1/encounters/{id}/void", "Void an open encounter (nothing posted)",
             Access::need(Permission::kChargeEntry),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               if (auto s = noBody(req); !s.ok()) return s.error();
               auto version = optionalIfMatch(req);
               if (!version) return version.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto done = app::writeValue<domain::Encounter>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::Encounter> {
                     auto current =
                         r.encounters().get(who.organizationId, domain::EncounterId(*id));
                     if (current && !who.mayUseLocation(current->locationId, now)) {
                       return Error::forbidden(kLimited);
                     }
                     auto out = bill::voidEncounter(r, now, who.organizationId,
                                                    domain::EncounterId(*id), *version);
                     if (!out) return out.error();
                     audit(r, ctx, req, AuditAction::kUpdate, "encounter",
                           encounterText(*out, "voided"), out->patientId);
                     return out;
                   });
               if (!done) return done.error();
               return withEtag(jsonResponse(200, codecs::toJson(*done), true), done->meta.version);
             });

  router.add("GET", "/api/v1/appointment-types/{id}/superbill",
             "The codes a visit type offers, with descriptions and standard fees",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               domain::FieldErrors e;
               QueryReader q(req, e);
               std::optional<domain::Date> date;
               if (auto v = q.get("date")) {
                 date = domain::Date::parse(*v);
                 if (!date) e.add("date", "must be a date (YYYY-MM-DD)");
               }
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               const domain::Date on = date.value_or(ctx.clock.now().utcDate());
               auto found = app::readValue<bill::Superbill>(ctx.uow, [&](Repositories& r) {
                 return bill::superbill(r, who.organizationId, domain::AppointmentTypeId(*id), on);
               });
               if (!found) return found.error();
               codecs::JsonWriter w;
               w.beginObject()
                   .member("appointment_type_id", found->appointmentTypeId.value)
                   .member("name", found->name)
                   .member("date", on.toString())
                   .key("items")
                   .beginArray();
               for (const auto& item : found->items) {
                 w.beginObject().member("code", item.code).member("description", item.description);
                 w.key("unit_fee_cents");
                 if (item.unitFee) {
                   w.value(item.unitFee->cents());
                 } else {
                   w.null();
                 }
                 w.endObject();
               }
               w.endArray().endObject();
               return jsonResponse(200, w.take(), false);
             });

  registerLedgerRoutes(router, ctx);
}

}  // namespace medoffice::http
