// SPDX-License-Identifier: AGPL-3.0-or-later
// Billing (issue 14), the money side: patients' and accounts' ledgers, entries made by a person,
// verifying the ledger, guarantor accounts, allocation of credit, refunds and reversals of
// payments. Each is authorised by its permission, limited to the caller's locations where what
// it touches has one (billing_routes::mayTouch), and audited in its transaction.

#include "app/billing/accounts.hpp"
#include "app/billing/ledger.hpp"
#include "codecs/json/billing_json.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/json/json_writer.hpp"
#include "codecs/json/registry_json.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/billing_route_support.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http::billing_routes {

using domain::AuditAction;
using domain::Error;
using domain::Instant;
using domain::Permission;
using domain::Result;
namespace bill = app::billing;

namespace {

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

std::vector<bill::ManualAllocation> allocationsOf(const nlohmann::json& body,
                                                  domain::FieldErrors& e) {
  std::vector<bill::ManualAllocation> out;
  for (const auto& a : codecs::decodeAllocations(body, e))
    out.push_back({a.line, a.amount, a.payment});
  return out;
}

}  // namespace

void registerLedgerRoutes(Router& router, ApiContext& ctx) {
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
                     if (auto s = mayTouch(r, who, now, {*posted}); !s.ok()) return s.error();
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
               auto key = idempotencyKey(req);
               if (!key) return key.error();
               auto body = jsonBody(req);
               if (!body) return body.error();
               auto a = codecs::decodeAccount(*body);
               if (!a) return a.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               return createOnce<domain::GuarantorAccount>(
                   ctx, req, *key, true,
                   [&](Repositories& r) -> Result<domain::GuarantorAccount> {
                     auto out = bill::createAccount(r, now, who.organizationId, *a);
                     if (!out) return out.error();
                     audit(r, ctx, req, AuditAction::kCreate, "account",
                           std::to_string(out->id.value), out->guarantorPatientId);
                     return out;
                   },
                   [](const domain::GuarantorAccount& done) {
                     auto res = jsonResponse(201, codecs::toJson(done), true);
                     res.header("Location", "/api/v1/accounts/" + std::to_string(done.id.value));
                     return withEtag(std::move(res), done.meta.version);
                   });
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
                 manual = allocationsOf(*body, e);
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
                     if (auto s = mayTouch(r, who, now, *out); !s.ok()) return s.error();
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
        auto key = idempotencyKey(req);
        if (!key) return key.error();
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
        // With an Idempotency-Key, a retried refund answers the first one instead of giving the
        // money back twice.
        return createOnce<domain::LedgerEntry>(
            ctx, req, *key, true,
            [&](Repositories& r) -> Result<domain::LedgerEntry> {
              auto out = bill::refund(r, now, who.organizationId, domain::PaymentId(*id),
                                      domain::Money::fromCents(*amount), reason, who.userId.value);
              if (!out) return out.error();
              if (auto s = mayTouch(r, who, now, {*out}); !s.ok()) return s.error();
              audit(r, ctx, req, AuditAction::kCreate, "ledger_entry",
                    std::to_string(out->id.value) + " refund of payment " + std::to_string(*id),
                    out->patientId);
              return out;
            },
            [](const domain::LedgerEntry& done) {
              return jsonResponse(201, codecs::toJson(done), true);
            });
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
                     if (auto s = mayTouch(r, who, now, *out); !s.ok()) return s.error();
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

}  // namespace medoffice::http::billing_routes
