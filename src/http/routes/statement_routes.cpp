// SPDX-License-Identifier: AGPL-3.0-or-later
// Statements and receipts (issue 15): statement runs (one statement per guarantor account and
// cycle; a run of a cycle that stopped resumes, one that finished makes nothing new), their
// progress, the statements as JSON and PDF, an account's statement history, the print vendor's
// CSV of a run, and the PDF receipt of a desk payment. Every print and run is audited.

#include "app/billing/receipts.hpp"
#include "app/billing/statements.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/reports/report_json.hpp"
#include "codecs/reports/report_pdf.hpp"
#include "codecs/reports/report_tables.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/billing_route_support.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::AuditAction;
using domain::Error;
using domain::Permission;
using domain::Result;
namespace bill = app::billing;

namespace {

Response pdfResponse(std::string bytes, const std::string& fileName) {
  Response r;
  r.contentType = "application/pdf";
  r.body = std::move(bytes);
  r.phi = true;
  r.header("Content-Disposition", "inline; filename=\"" + fileName + "\"");
  return r;
}

std::string runBody(const bill::StatementRunResult& out,
                    const std::vector<domain::Statement>& statements) {
  codecs::JsonWriter w;
  w.beginObject().key("run");
  codecs::write(w, out.run);
  w.member("resumed", out.resumed)
      .member("already_done", out.alreadyDone)
      .member("made_now", out.madeNow)
      .key("statements")
      .beginArray();
  for (const auto& s : statements) codecs::write(w, s, false);
  w.endArray().endObject();
  return w.take();
}

}  // namespace

void registerStatementRoutes(Router& router, ApiContext& ctx) {
  router.add(
      "POST", "/api/v1/statement-runs",
      "Run (or resume) the statements of a cycle: one per account owing at least the minimum",
      Access::need(Permission::kStatementRun),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto body = jsonBody(req);
        if (!body) return body.error();
        domain::FieldErrors e;
        codecs::ObjectReader in(*body, e);
        bill::StatementRunRequest q;
        if (auto d = in.integer("cycle_day", 1, domain::kMaxCycleDay)) {
          q.cycleDay = static_cast<int>(*d);
        }
        q.minBalance = domain::Money::fromCents(
            in.integer("min_balance_cents", 0, domain::kMaxLedgerCents).value_or(0));
        q.statementDate = in.date("statement_date");
        in.finish();
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        if (auto s = billing_routes::wholePractice(who, ctx.clock.now()); !s.ok()) return s.error();
        auto out = bill::runStatements(
            ctx.uow, ctx.zones, ctx.clock, who.organizationId, who.userId.value, q, {},
            [&](Repositories& r, const app::StatementRun& run, bool finished) {
              audit(
                  r, ctx, req, finished ? AuditAction::kPrint : AuditAction::kCreate,
                  "statement_run",
                  std::to_string(run.id.value) + " " + run.cycleKey +
                      (finished ? " done: " + std::to_string(run.statements) + " statements" : ""));
            });
        if (!out) return out.error();
        auto statements =
            app::readValue<std::vector<domain::Statement>>(ctx.uow, [&](Repositories& r) {
              return bill::statementsOfRun(r, who.organizationId, out->run.id);
            });
        if (!statements) return statements.error();
        return jsonResponse(out->alreadyDone ? 200 : 201, runBody(*out, *statements), true);
      });

  router.add("GET", "/api/v1/statement-runs", "Statement runs, newest first",
             Access::need(Permission::kStatementRun),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               const app::PageRequest page = billing_routes::pageOf(q);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto runs = app::readValue<app::Page<app::StatementRun>>(
                   ctx.uow,
                   [&](Repositories& r) { return r.statements().runs(who.organizationId, page); });
               if (!runs) return runs.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& run : runs->items) codecs::write(w, run);
               w.endArray().key("next_cursor").optional(runs->nextCursor).endObject();
               return jsonResponse(200, w.take(), false);
             });

  router.add("GET", "/api/v1/statement-runs/{id}", "A statement run and its progress",
             Access::need(Permission::kStatementRun),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               if (auto s = noBody(req); !s.ok()) return s.error();
               const domain::Principal& who = caller(req);
               auto run = app::readValue<app::StatementRun>(
                   ctx.uow, [&](Repositories& r) -> Result<app::StatementRun> {
                     auto found =
                         r.statements().run(who.organizationId, domain::StatementRunId(*id));
                     if (!found) return Error::notFound("statement run not found");
                     return *found;
                   });
               if (!run) return run.error();
               codecs::JsonWriter w;
               codecs::write(w, *run);
               return jsonResponse(200, w.take(), false);
             });

  router.add("GET", "/api/v1/statement-runs/{id}/statements",
             "A run's statements in the order made, paged (cursor, limit): account, guarantor, "
             "amount due, due date and the PDF's link",
             Access::need(Permission::kStatementRun),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               domain::FieldErrors e;
               QueryReader q(req, e);
               const app::PageRequest page = billing_routes::pageOf(q);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               // Guarantors of every location: as for running statements.
               if (auto s = billing_routes::wholePractice(who, ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               const domain::StatementRunId runId(*id);
               auto list = app::writeValue<app::Page<domain::Statement>>(
                   ctx.uow, [&](Repositories& r) -> Result<app::Page<domain::Statement>> {
                     if (!r.statements().run(who.organizationId, runId)) {
                       return Error::notFound("statement run not found");
                     }
                     auto p = r.statements().ofRun(who.organizationId, runId, page);
                     if (!p) return p.error();
                     audit(r, ctx, req, AuditAction::kRead, "statement",
                           "run " + std::to_string(*id) + ": " + std::to_string(p->items.size()) +
                               " statements");
                     return p;
                   });
               if (!list) return list.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& s : list->items) {
                 w.beginObject()
                     .member("id", s.id.value)
                     .member("run_id", s.runId.value)
                     .member("account_id", s.accountId.value)
                     .member("statement_number", s.statementNumber)
                     .member("guarantor", s.guarantorName)
                     .member("statement_date", s.statementDate.toString())
                     .member("due_date", s.dueDate.toString())
                     .member("amount_due_cents", s.amountDue.cents())
                     .member("patient_due_cents", s.patientDue.cents())
                     .member("insurance_pending_cents", s.insurancePending.cents())
                     .member("credit_cents", s.credit.cents())
                     .key("aging");
                 codecs::write(w, s.aging);
                 w.member("oldest_days", s.oldestDays)
                     .member("created_at", s.meta.createdAt.toString())
                     .member("pdf_url", "/api/v1/statements/" + std::to_string(s.id.value) + ".pdf")
                     .endObject();
               }
               w.endArray().key("next_cursor").optional(list->nextCursor).endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("GET", "/api/v1/statement-runs/{id}/vendor.csv",
             "The print-and-mail vendor's CSV of a run's statements",
             Access::need(Permission::kStatementRun),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               auto statements = app::writeValue<std::vector<domain::Statement>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::Statement>> {
                     if (!r.statements().run(who.organizationId, domain::StatementRunId(*id))) {
                       return Error::notFound("statement run not found");
                     }
                     auto all =
                         bill::statementsOfRun(r, who.organizationId, domain::StatementRunId(*id));
                     if (!all) return all;
                     audit(r, ctx, req, AuditAction::kExport, "statement_run",
                           std::to_string(*id) + " vendor csv");
                     return all;
                   });
               if (!statements) return statements.error();
               Response res;
               res.contentType = "text/csv; charset=utf-8";
               res.body = codecs::tabular::toCsv(codecs::statementVendorTable(*statements));
               res.phi = true;
               res.header("Content-Disposition",
                          "attachment; filename=\"statement-run-" + std::to_string(*id) + ".csv\"");
               return res;
             });

  // The PDF route first: `{id}` would otherwise take "42.pdf".
  router.add("GET", "/api/v1/statements/{id}.pdf", "One statement as the PDF that was mailed",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               domain::Organization practice;
               auto s = app::writeValue<domain::Statement>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::Statement> {
                     auto found = r.statements().get(who.organizationId, domain::StatementId(*id));
                     if (!found) return Error::notFound("statement not found");
                     auto org = r.organizations().get(who.organizationId);
                     if (!org) return Error::notFound("statement not found");
                     practice = *org;
                     auto account = r.accounts().get(who.organizationId, found->accountId);
                     audit(r, ctx, req, AuditAction::kPrint, "statement", std::to_string(*id),
                           account ? account->guarantorPatientId : domain::PatientId());
                     return *found;
                   });
               if (!s) return s.error();
               auto pdf =
                   codecs::statementPdf(codecs::pdf::FontFiles::dejavu(ctx.fontDir), practice, *s);
               if (!pdf) return pdf.error();
               return pdfResponse(std::move(*pdf), s->statementNumber + ".pdf");
             });

  router.add("GET", "/api/v1/statements/{id}", "One statement with its lines",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               auto s = app::writeValue<domain::Statement>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::Statement> {
                     auto found = r.statements().get(who.organizationId, domain::StatementId(*id));
                     if (!found) return Error::notFound("statement not found");
                     auto account = r.accounts().get(who.organizationId, found->accountId);
                     audit(r, ctx, req, AuditAction::kRead, "statement", std::to_string(*id),
                           account ? account->guarantorPatientId : domain::PatientId());
                     return *found;
                   });
               if (!s) return s.error();
               codecs::JsonWriter w;
               codecs::write(w, *s, true);
               return jsonResponse(200, w.take(), true);
             });

  router.add("GET", "/api/v1/accounts/{id}/statements", "An account's statements, newest first",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               domain::FieldErrors e;
               QueryReader q(req, e);
               const app::PageRequest page = billing_routes::pageOf(q);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               const domain::GuarantorAccountId account(*id);
               auto list = app::writeValue<app::Page<domain::Statement>>(
                   ctx.uow, [&](Repositories& r) -> Result<app::Page<domain::Statement>> {
                     auto a = r.accounts().get(who.organizationId, account);
                     if (!a) return Error::notFound("account not found");
                     auto p = r.statements().ofAccount(who.organizationId, account, page);
                     if (!p) return p.error();
                     audit(r, ctx, req, AuditAction::kRead, "statement",
                           "account " + std::to_string(*id), a->guarantorPatientId);
                     return p;
                   });
               if (!list) return list.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& s : list->items) codecs::write(w, s, false);
               w.endArray().key("next_cursor").optional(list->nextCursor).endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("GET", "/api/v1/payments/{id}/receipt.pdf",
             "The receipt of a desk payment as PDF: the lines it paid, total and balance left",
             Access::need(Permission::kPaymentCollect),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               const auto now = ctx.clock.now();
               auto receipt = app::writeValue<bill::Receipt>(
                   ctx.uow, [&](Repositories& r) -> Result<bill::Receipt> {
                     auto found =
                         bill::receipt(r, ctx.zones, who.organizationId, domain::PaymentId(*id));
                     if (!found) return found.error();
                     if (found->payment.locationId.valid() &&
                         !who.mayUseLocation(found->payment.locationId, now)) {
                       return Error::forbidden(billing_routes::kLimited);
                     }
                     audit(r, ctx, req, AuditAction::kPrint, "payment",
                           std::to_string(*id) + " receipt", found->payment.patientId);
                     return found;
                   });
               if (!receipt) return receipt.error();
               auto pdf = codecs::receiptPdf(codecs::pdf::FontFiles::dejavu(ctx.fontDir), *receipt);
               if (!pdf) return pdf.error();
               return pdfResponse(std::move(*pdf), receipt->payment.receiptNumber + ".pdf");
             });
}

}  // namespace medoffice::http
