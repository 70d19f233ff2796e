// SPDX-License-Identifier: AGPL-3.0-or-later
// Billing (issue 14): encounters and charges, guarantor accounts, the ledger, payment
// allocation, refunds and reversals. Every read and write of these is PHI: each is authorised
// by its permission, limited to the caller's locations where the record has one, and audited in
// its transaction.

#include "app/billing/accounts.hpp"
#include "app/billing/encounters.hpp"
#include "app/billing/ledger.hpp"
#include "codecs/json/billing_json.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/json/json_writer.hpp"
#include "codecs/json/registry_json.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::AuditAction;
using domain::Error;
using domain::Instant;
using domain::Permission;
using domain::Result;
namespace bill = app::billing;

namespace {

constexpr const char* kLimited = "Your account is limited to other locations.";

Result<std::optional<std::int64_t>> optionalVersion(const Request& req) {
  if (req.header("if-match").empty()) return std::optional<std::int64_t>{};
  return ifMatch(req);
}

void writeWarnings(codecs::JsonWriter& w, const std::vector<domain::CodeWarning>& warnings) {
  w.key("warnings").beginArray();
  for (const auto& x : warnings) {
    w.beginObject().member("code", x.code).member("message", x.message).endObject();
  }
  w.endArray();
}

void writeEntries(codecs::JsonWriter& w, const std::vector<domain::LedgerEntry>& entries) {
  w.key("entries").beginArray();
  for (const auto& e : entries) codecs::write(w, e);
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

std::string entriesText(const std::vector<domain::LedgerEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    if (!out.empty()) out += ",";
    out += std::to_string(e.id.value);
  }
  return out;
}

/// The ledger answer of a patient or an account.
std::string ledgerBody(const app::Page<domain::LedgerEntry>& page, domain::Money insurance,
                       domain::Money patient, const app::AccountBalance& account,
                       const std::optional<domain::GuarantorAccount>& a) {
  codecs::JsonWriter w;
  w.beginObject().key("entries").beginArray();
  for (const auto& e : page.items) codecs::write(w, e);
  w.endArray()
      .key("next_cursor")
      .optional(page.nextCursor)
      .member("balance_cents", (insurance + patient).cents())
      .member("insurance_balance_cents", insurance.cents())
      .member("patient_balance_cents", patient.cents())
      .member("credit_cents", account.credit.cents())
      .key("account");
  if (a) {
    w.beginObject()
        .member("id", a->id.value)
        .member("display_name", a->displayName())
        .key("balance");
    codecs::write(w, account);
    w.endObject();
  } else {
    w.null();
  }
  w.endObject();
  return w.take();
}

app::PageRequest pageOf(QueryReader& q) {
  app::PageRequest page;
  page.cursor = q.get("cursor").value_or("");
  page.limit = q.integer("limit", 1, 200, 50);
  return page;
}

/// `allocations: [{line_id, amount_cents, payment_id?}]`.
std::vector<bill::ManualAllocation> decodeAllocations(const nlohmann::json& body,
                                                      domain::FieldErrors& e) {
  std::vector<bill::ManualAllocation> out;
  auto it = body.find("allocations");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > 200) {
    e.add("allocations", "must be an array of at most 200 {line_id, amount_cents}");
    return out;
  }
  for (std::size_t k = 0; k < it->size(); ++k) {
    const auto& item = (*it)[k];
    const std::string at = "allocations[" + std::to_string(k) + "]";
    if (!item.is_object()) {
      e.add(at, "must be an object");
      continue;
    }
    codecs::ObjectReader r(item, e, at + ".");
    bill::ManualAllocation m;
    m.line = domain::ChargeLineId(r.integer("line_id", 1, INT64_MAX).value_or(0));
    if (!m.line.valid() && !r.has("line_id")) e.add(at + ".line_id", "is required");
    if (auto c = r.integer("amount_cents", 1, domain::kMaxLedgerCents)) {
      m.amount = domain::Money::fromCents(*c);
    } else if (!r.has("amount_cents")) {
      e.add(at + ".amount_cents", "is required");
    }
    m.payment = domain::PaymentId(r.integer("payment_id", 1, INT64_MAX).value_or(0));
    r.finish();
    out.push_back(m);
  }
  return out;
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
        auto version = optionalVersion(req);
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
        const auto raw = in.idArray("ids");
        in.finish();
        if (e.empty() && raw.empty()) e.add("ids", "is required (the encounters to finalize)");
        if (raw.size() > 5000) e.add("ids", "has more than 5000 entries; send several requests");
        if (!e.empty()) return e.toError();
        std::vector<domain::EncounterId> ids;
        for (auto v : raw) ids.emplace_back(v);
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        auto outcome = bill::finalizeMany(
            ctx.uow, now, who.organizationId, ids, who.userId.value, 200,
            [&](Repositories& r, const bill::FinalizeResult& f) {
              audit(
                  r, ctx, req, AuditAction::kUpdate, "encounter",
                  encounterText(f.encounter, "finalized (bulk); entries " + entriesText(f.entries)),
                  f.encounter.patientId);
            });
        if (!outcome) return outcome.error();
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
               auto version = optionalVersion(req);
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

  // ---- ledgers --------------------------------------------------------------------------------
  router.add("GET", "/api/v1/patients/{id}/ledger",
             "A patient's ledger entries (newest first) and balances",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               domain::FieldErrors e;
               QueryReader q(req, e);
               const app::PageRequest page = pageOf(q);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto found = app::writeValue<bill::PatientLedger>(
                   ctx.uow, [&](Repositories& r) -> Result<bill::PatientLedger> {
                     auto l =
                         bill::patientLedger(r, who.organizationId, domain::PatientId(*id), page);
                     if (!l) return l.error();
                     audit(r, ctx, req, AuditAction::kRead, "ledger",
                           "patient " + std::to_string(*id), domain::PatientId(*id));
                     return l;
                   });
               if (!found) return found.error();
               return jsonResponse(
                   200,
                   ledgerBody(found->entries, found->balance.insurance(), found->balance.patient(),
                              found->accountBalance, found->account),
                   true);
             });

  router.add("POST", "/api/v1/ledger/entries",
             "Post an adjustment, write-off, transfer, insurance payment (paper EOB) or reversal",
             Access::need(Permission::kBillingPost),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto key = idempotencyKey(req);
               if (!key) return key.error();
               auto body = jsonBody(req);
               if (!body) return body.error();
               auto entry = codecs::decodeLedgerEntry(*body);
               if (!entry) return entry.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               return createOnce<domain::LedgerEntry>(
                   ctx, req, *key, true,
                   [&](Repositories& r) -> Result<domain::LedgerEntry> {
                     auto posted =
                         bill::postEntry(r, now, who.organizationId, *entry, who.userId.value);
                     if (!posted) return posted.error();
                     audit(r, ctx, req, AuditAction::kCreate, "ledger_entry",
                           std::to_string(posted->id.value) + " " +
                               std::string(domain::toString(posted->kind)),
                           posted->patientId);
                     return posted;
                   },
                   [](const domain::LedgerEntry& posted) {
                     return jsonResponse(201, codecs::toJson(posted), true);
                   });
             });

  router.add("GET", "/api/v1/ledger/verify",
             "Recompute every balance from the entries and list any that differ",
             Access::need(Permission::kBillingPost),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               if (auto s = noBody(req); !s.ok()) return s.error();
               const domain::Principal& who = caller(req);
               using Mismatches = std::vector<app::LedgerRepository::Mismatch>;
               auto found = app::readValue<Mismatches>(ctx.uow, [&](Repositories& r) {
                 return Result<Mismatches>(r.ledger().verify(who.organizationId));
               });
               if (!found) return found.error();
               codecs::JsonWriter w;
               w.beginObject().member("balanced", found->empty()).key("mismatches").beginArray();
               for (const auto& m : *found) {
                 w.beginObject()
                     .member("what", m.what)
                     .member("running_cents", m.running)
                     .member("summed_cents", m.summed)
                     .endObject();
               }
               w.endArray().endObject();
               return jsonResponse(200, w.take(), false);
             });

  // ---- accounts -------------------------------------------------------------------------------
  router.add("GET", "/api/v1/accounts", "Guarantor accounts, by family name",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               const std::string name = q.get("q").value_or("");
               app::PageRequest page = pageOf(q);
               page.includeInactive = q.boolean("include_inactive", false);
               q.finish();
               if (name.size() > 100) e.add("q", "must have at most 100 characters");
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto found = app::writeValue<app::Page<domain::GuarantorAccount>>(
                   ctx.uow, [&](Repositories& r) -> Result<app::Page<domain::GuarantorAccount>> {
                     auto list = r.accounts().list(who.organizationId, name, page);
                     if (!list) return list.error();
                     audit(r, ctx, req, AuditAction::kSearch, "account", name.empty() ? "" : "q",
                           {});
                     return list;
                   });
               if (!found) return found.error();
               return jsonResponse(200, codecs::pageJson(*found), true);
             });

  router.add("POST", "/api/v1/accounts", "Open a guarantor account",
             Access::need(Permission::kBillingPost),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto body = jsonBody(req);
               if (!body) return body.error();
               auto a = codecs::decodeAccount(*body);
               if (!a) return a.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto done = app::writeValue<domain::GuarantorAccount>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::GuarantorAccount> {
                     auto out = bill::createAccount(r, now, who.organizationId, *a);
                     if (!out) return out.error();
                     audit(r, ctx, req, AuditAction::kCreate, "account",
                           std::to_string(out->id.value), out->guarantorPatientId);
                     return out;
                   });
               if (!done) return done.error();
               auto res = jsonResponse(201, codecs::toJson(*done), true);
               res.header("Location", "/api/v1/accounts/" + std::to_string(done->id.value));
               return withEtag(std::move(res), done->meta.version);
             });

  router.add(
      "GET", "/api/v1/accounts/{id}", "A guarantor account with its balances and patients",
      Access::need(Permission::kBillingRead),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        const domain::Principal& who = caller(req);
        auto found = app::writeValue<bill::AccountView>(
            ctx.uow, [&](Repositories& r) -> Result<bill::AccountView> {
              auto v = bill::accountView(r, who.organizationId, domain::GuarantorAccountId(*id));
              if (!v) return v.error();
              audit(r, ctx, req, AuditAction::kRead, "account", std::to_string(*id),
                    v->account.guarantorPatientId);
              return v;
            });
        if (!found) return found.error();
        auto members = codecs::JsonWriter::memberList();
        members.key("balance");
        codecs::write(members, found->balance);
        members.key("members").beginArray();
        for (const auto& p : found->members) {
          members.beginObject()
              .member("patient_id", p.id.value)
              .member("mrn", p.mrn)
              .member("family_name", p.familyName)
              .member("given_name", p.givenName)
              .member("birth_date", p.birthDate.toString())
              .endObject();
        }
        members.endArray();
        return withEtag(
            jsonResponse(200, codecs::withMembers(codecs::toJson(found->account), members.take()),
                         true),
            found->account.meta.version);
      });

  router.add("PUT", "/api/v1/accounts/{id}", "Change a guarantor account",
             Access::need(Permission::kBillingPost),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto version = ifMatch(req);
               if (!version) return version.error();
               auto body = jsonBody(req);
               if (!body) return body.error();
               auto a = codecs::decodeAccount(*body);
               if (!a) return a.error();
               a->id = domain::GuarantorAccountId(*id);
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto done = app::writeValue<domain::GuarantorAccount>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::GuarantorAccount> {
                     std::int64_t expected = version->value_or(0);
                     if (!*version) {
                       auto current = r.accounts().get(who.organizationId, a->id);
                       if (!current) return Error::notFound("account not found");
                       expected = current->meta.version;
                     }
                     auto out = bill::updateAccount(r, now, who.organizationId, *a, expected);
                     if (!out) return out.error();
                     audit(r, ctx, req, AuditAction::kUpdate, "account",
                           std::to_string(out->id.value), out->guarantorPatientId);
                     return out;
                   });
               if (!done) return done.error();
               return withEtag(jsonResponse(200, codecs::toJson(*done), true), done->meta.version);
             });

  router.add(
      "GET", "/api/v1/accounts/{id}/ledger", "An account's ledger entries and balances",
      Access::need(Permission::kBillingRead),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        domain::FieldErrors e;
        QueryReader q(req, e);
        const app::PageRequest page = pageOf(q);
        q.finish();
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const domain::GuarantorAccountId account(*id);
        struct Out {
          app::Page<domain::LedgerEntry> entries;
          app::AccountBalance balance;
          std::optional<domain::GuarantorAccount> account;
        };
        auto found = app::writeValue<Out>(ctx.uow, [&](Repositories& r) -> Result<Out> {
          auto a = r.accounts().get(who.organizationId, account);
          if (!a) return Error::notFound("account not found");
          auto entries = r.ledger().entries(who.organizationId, account, {}, page);
          if (!entries) return entries.error();
          audit(r, ctx, req, AuditAction::kRead, "ledger", "account " + std::to_string(*id),
                a->guarantorPatientId);
          return Out{std::move(*entries), r.accounts().balance(who.organizationId, account), a};
        });
        if (!found) return found.error();
        return jsonResponse(200,
                            ledgerBody(found->entries, found->balance.insurance,
                                       found->balance.patient, found->balance, found->account),
                            true);
      });

  router.add("POST", "/api/v1/accounts/{id}/allocate",
             "Allocate the account's credit to lines: by hand, or oldest first without a list",
             Access::need(Permission::kBillingPost),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               std::vector<bill::ManualAllocation> manual;
               if (!req.body.empty()) {
                 auto body = jsonBody(req);
                 if (!body) return body.error();
                 domain::FieldErrors e;
                 codecs::ObjectReader in(*body, e);
                 in.ignore({"allocations"});
                 manual = decodeAllocations(*body, e);
                 in.finish();
                 if (!e.empty()) return e.toError();
               }
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto done = app::writeValue<std::vector<domain::LedgerEntry>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::LedgerEntry>> {
                     auto out =
                         bill::allocate(r, now, who.organizationId, domain::GuarantorAccountId(*id),
                                        manual, who.userId.value);
                     if (!out) return out.error();
                     for (const auto& entry : *out) {
                       audit(r, ctx, req, AuditAction::kCreate, "ledger_entry",
                             std::to_string(entry.id.value) + " allocation", entry.patientId);
                     }
                     return out;
                   });
               if (!done) return done.error();
               codecs::JsonWriter w;
               w.beginObject();
               writeEntries(w, *done);
               w.endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("PUT", "/api/v1/patients/{id}/account",
             "Move a patient to another guarantor account (for the encounters to come)",
             Access::need(Permission::kBillingPost),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto body = jsonBody(req);
               if (!body) return body.error();
               domain::FieldErrors e;
               codecs::ObjectReader in(*body, e);
               const auto account = in.integer("account_id", 1, INT64_MAX);
               if (!account && !in.has("account_id")) e.add("account_id", "is required");
               in.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto done = app::writeValue<domain::Patient>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::Patient> {
                     auto out =
                         bill::movePatient(r, now, who.organizationId, domain::PatientId(*id),
                                           domain::GuarantorAccountId(*account));
                     if (!out) return out.error();
                     audit(r, ctx, req, AuditAction::kUpdate, "patient",
                           std::to_string(*id) + " account " + std::to_string(*account), out->id);
                     return out;
                   });
               if (!done) return done.error();
               return jsonResponse(200, codecs::toJson(*done), true);
             });

  // ---- payments: refunds and reversals ------------------------------------------------------
  router.add(
      "POST", "/api/v1/payments/{id}/refund", "Give back part of a payment's unallocated money",
      Access::need(Permission::kBillingPost),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        domain::FieldErrors e;
        codecs::ObjectReader in(*body, e);
        const auto amount = in.integer("amount_cents", 1, domain::kMaxLedgerCents);
        if (!amount && !in.has("amount_cents")) e.add("amount_cents", "is required");
        const std::string reason = in.str("reason");
        if (reason.size() > 200) e.add("reason", "must have at most 200 characters");
        in.finish();
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        auto done = app::writeValue<domain::LedgerEntry>(
            ctx.uow, [&](Repositories& r) -> Result<domain::LedgerEntry> {
              auto out = bill::refund(r, now, who.organizationId, domain::PaymentId(*id),
                                      domain::Money::fromCents(*amount), reason, who.userId.value);
              if (!out) return out.error();
              audit(r, ctx, req, AuditAction::kCreate, "ledger_entry",
                    std::to_string(out->id.value) + " refund of payment " + std::to_string(*id),
                    out->patientId);
              return out;
            });
        if (!done) return done.error();
        return jsonResponse(201, codecs::toJson(*done), true);
      });

  router.add("POST", "/api/v1/payments/{id}/reverse",
             "Undo a payment (bounced check, keyed twice): its allocations, then the payment",
             Access::need(Permission::kBillingPost),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               std::string reason;
               if (!req.body.empty()) {
                 auto body = jsonBody(req);
                 if (!body) return body.error();
                 domain::FieldErrors e;
                 codecs::ObjectReader in(*body, e);
                 reason = in.str("reason");
                 if (reason.size() > 200) e.add("reason", "must have at most 200 characters");
                 in.finish();
                 if (!e.empty()) return e.toError();
               }
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto done = app::writeValue<std::vector<domain::LedgerEntry>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::LedgerEntry>> {
                     auto out =
                         bill::reversePayment(r, now, who.organizationId, domain::PaymentId(*id),
                                              reason, who.userId.value);
                     if (!out) return out.error();
                     audit(r, ctx, req, AuditAction::kUpdate, "payment",
                           std::to_string(*id) + " reversed; entries " + entriesText(*out),
                           out->front().patientId);
                     return out;
                   });
               if (!done) return done.error();
               codecs::JsonWriter w;
               w.beginObject();
               writeEntries(w, *done);
               w.endObject();
               return jsonResponse(200, w.take(), true);
             });
}

}  // namespace medoffice::http
