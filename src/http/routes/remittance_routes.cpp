// SPDX-License-Identifier: AGPL-3.0-or-later
// Money back (issue 17): posting 835 remittances (raw X12 bodies) and reading what was posted.
// Posting writes to patients' ledgers: it needs claim.submit, works on the whole practice, and
// each ERA posted is audited in its own transaction.

#include "app/remittances/remittances.hpp"
#include "codecs/json/json_writer.hpp"
#include "codecs/remittances/x12_remittance_formats.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/billing_route_support.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::AuditAction;
using domain::Error;
using domain::Permission;
using domain::Result;
namespace rm = app::remittances;

namespace {

void writeMoney(codecs::JsonWriter& w, std::string_view key, domain::Money m) {
  w.member(key, m.cents());
}

/// One of our lines a posted claim answered: how the payer's line found it and what went where.
void writeLine(codecs::JsonWriter& w, const rm::PostedLine& l) {
  w.beginObject().member("line_id", l.lineId.value).member("code", l.code).key("modifiers");
  w.beginArray();
  for (const auto& m : l.modifiers) w.value(m);
  w.endArray().member("matched_by", domain::remittances::toString(l.matchedBy));
  writeMoney(w, "paid_cents", l.paid);
  writeMoney(w, "contractual_cents", l.contractual);
  writeMoney(w, "patient_responsibility_cents", l.transferred);
  w.key("moved_to");
  if (l.transferred.cents() != 0) {
    w.value(domain::toString(l.transferredTo));
  } else {
    w.null();
  }
  writeMoney(w, "denied_cents", l.denied);
  w.key("denial_codes").beginArray();
  for (const auto& d : l.denials) w.value(d);
  w.endArray().endObject();
}

void writeReport(codecs::JsonWriter& w, const rm::PostingReport& report) {
  w.beginObject().member("dry_run", report.dryRun);
  writeMoney(w, "payment_cents", report.payment());
  w.key("posted").beginArray();
  for (const auto& r : report.remittances) {
    for (const auto& c : r.posted) {
      w.beginObject()
          .member("claim", c.claim)
          .member("claim_id", c.claimId.value)
          .member("status", c.status)
          .member("reversal", c.reversal);
      writeMoney(w, "paid_cents", c.paid);
      writeMoney(w, "contractual_cents", c.contractual);
      writeMoney(w, "patient_responsibility_cents", c.transferred);
      writeMoney(w, "denied_cents", c.denied);
      w.member("state", c.state).member("entries", static_cast<std::int64_t>(c.entries));
      codecs::optionalId(w, "next_claim_id", c.nextClaim.value);
      w.key("lines").beginArray();
      for (const auto& l : c.lines) writeLine(w, l);
      w.endArray().key("notes").beginArray();
      for (const auto& n : c.notes) w.value(n);
      w.endArray().member("remittance", static_cast<std::int64_t>(r.transaction)).endObject();
    }
  }
  w.endArray().key("not_posted").beginArray();
  for (const auto& r : report.remittances) {
    for (const auto& c : r.notPosted) {
      w.beginObject()
          .member("claim", c.claim)
          .member("position", static_cast<std::int64_t>(c.position))
          .member("reason", c.reason)
          .member("remittance", static_cast<std::int64_t>(r.transaction))
          .endObject();
    }
  }
  w.endArray().key("remittances").beginArray();
  for (const auto& r : report.remittances) {
    w.beginObject()
        .member("index", static_cast<std::int64_t>(r.transaction))
        .member("id", r.id.value)
        .member("duplicate", r.duplicate)
        .member("payer_name", r.payerName)
        .member("payer_key", r.payerKey)
        .member("trace_number", r.traceNumber);
    writeMoney(w, "payment_cents", r.payment);
    w.key("payment_date").optional(r.paymentDate ? r.paymentDate->toString() : "");
    w.member("claims", static_cast<std::int64_t>(r.claims))
        .member("posted_claims", static_cast<std::int64_t>(r.posted.size()))
        .member("not_posted_claims", static_cast<std::int64_t>(r.notPosted.size()));
    writeMoney(w, "paid_cents", r.paid);
    writeMoney(w, "contractual_cents", r.contractual);
    writeMoney(w, "patient_responsibility_cents", r.transferred);
    writeMoney(w, "denied_cents", r.denied);
    w.member("entries", static_cast<std::int64_t>(r.entries))
        .member("denials", static_cast<std::int64_t>(r.denials));
    w.key("provider_adjustments").beginArray();
    for (const auto& p : r.providerAdjustments) {
      w.beginObject().member("reason", p.reason).member("reference", p.reference);
      writeMoney(w, "amount_cents", p.amount);
      w.member("provider", p.providerIdentifier).endObject();
    }
    w.endArray().endObject();
  }
  w.endArray().endObject();
}

void writeRemittance(codecs::JsonWriter& w, const app::RemittanceRecord& r) {
  w.beginObject()
      .member("id", r.id.value)
      .member("payer_name", r.payerName)
      .member("payer_key", r.payerKey)
      .member("trace_number", r.traceNumber);
  writeMoney(w, "payment_cents", r.payment);
  w.member("payment_method", r.paymentMethod)
      .key("payment_date")
      .optional(r.paymentDate ? r.paymentDate->toString() : "")
      .member("claims", r.claims)
      .member("posted_claims", r.postedClaims);
  writeMoney(w, "posted_cents", r.posted);
  writeMoney(w, "provider_adjustment_cents", r.providerAdjustments);
  w.member("posted_by", r.postedBy).member("created_at", r.createdAt.toString()).endObject();
}

}  // namespace

void registerRemittanceRoutes(Router& router, ApiContext& ctx) {
  router.add("POST", "/api/v1/remittances",
             "Post an 835 remittance (raw X12 body) to the ledger and answer the posting report; "
             "?dry_run=true previews it",
             Access::need(Permission::kClaimSubmit),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               const domain::Principal& who = caller(req);
               if (auto s = billing_routes::wholePractice(who, ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               domain::FieldErrors e;
               QueryReader q(req, e);
               const bool dryRun = q.boolean("dry_run", false);
               q.finish();
               if (!e.empty()) return e.toError();
               const std::string type = req.header("content-type");
               if (type.rfind("application/edi-x12", 0) != 0 && type.rfind("text/plain", 0) != 0) {
                 return Error::invalidField("Content-Type",
                                            "must be application/edi-x12 (the 835 file)");
               }
               if (req.body.empty())
                 return Error::invalidField("body", "is empty: send the 835 file");
               static codecs::X12RemittanceFormats formats;
               rm::PostingOptions options;
               options.dryRun = dryRun;
               options.byUser = who.userId.value;
               options.claims = ctx.claims;
               auto report = rm::postFile(
                   ctx.uow, formats, who.organizationId, req.body, options, ctx.clock.now(),
                   [&](Repositories& r, const rm::RemittanceReport& one) {
                     audit(r, ctx, req, AuditAction::kCreate, "remittance",
                           std::to_string(one.id.value) + ": " + std::to_string(one.posted.size()) +
                               " claims posted, " + std::to_string(one.notPosted.size()) + " not");
                   });
               if (!report) return report.error();
               codecs::JsonWriter w;
               writeReport(w, *report);
               return jsonResponse(200, w.take(), true);
             });

  // Payers' 835 files run to many megabytes.
  router.allowLargeBody("POST", "/api/v1/remittances");

  router.add("GET", "/api/v1/remittances", "The remittances taken in, newest first",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               const domain::Principal& who = caller(req);
               if (auto s = billing_routes::wholePractice(who, ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               domain::FieldErrors e;
               QueryReader q(req, e);
               const auto page = billing_routes::pageOf(q);
               q.finish();
               if (!e.empty()) return e.toError();
               auto out = app::readValue<app::Page<app::RemittanceRecord>>(
                   ctx.uow,
                   [&](Repositories& r) { return r.remittances().list(who.organizationId, page); });
               if (!out) return out.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& r : out->items) writeRemittance(w, r);
               w.endArray().key("next_cursor").optional(out->nextCursor).endObject();
               return jsonResponse(200, w.take(), false);
             });

  router.add(
      "GET", "/api/v1/remittances/{id}",
      "A remittance with each of its claims: posted or not, and why; its provider adjustments",
      Access::need(Permission::kBillingRead),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        const domain::Principal& who = caller(req);
        if (auto s = billing_routes::wholePractice(who, ctx.clock.now()); !s.ok()) {
          return s.error();
        }
        auto id = pathId(params, "id");
        if (!id) return id.error();
        codecs::JsonWriter w;
        auto s = ctx.uow.write([&](Repositories& r) -> domain::Status {
          auto rec = r.remittances().get(who.organizationId, domain::RemittanceId(*id));
          if (!rec) return Error::notFound("remittance not found");
          auto claims = r.remittances().claimsOf(who.organizationId, rec->id);
          audit(r, ctx, req, AuditAction::kRead, "remittance",
                std::to_string(rec->id.value) + ": " + std::to_string(claims.size()) + " claims");
          w.beginObject().key("remittance");
          writeRemittance(w, *rec);
          w.key("claims").beginArray();
          for (const auto& c : claims) {
            w.beginObject().member("position", c.position).member("claim", c.patientControlNumber);
            codecs::optionalId(w, "claim_id", c.claimId.value);
            w.member("status", c.status);
            writeMoney(w, "charge_cents", c.charge);
            writeMoney(w, "paid_cents", c.paid);
            writeMoney(w, "patient_responsibility_cents", c.patientResponsibility);
            w.member("payer_claim_number", c.payerClaimNumber)
                .member("posted", c.posted)
                .member("reason", c.reason)
                .endObject();
          }
          w.endArray().endObject();
          return {};
        });
        if (!s.ok()) return s.error();
        return jsonResponse(200, w.take(), true);
      });
}

}  // namespace medoffice::http
