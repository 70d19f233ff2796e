// SPDX-License-Identifier: AGPL-3.0-or-later
// Billing reports (issue 15): AR aging, the day sheet, collections by payer and an account's
// ledger with its running balance, as JSON, CSV (`Accept: text/csv`) or XLSX (`Accept:` the
// spreadsheet type). Every report is audited (an export when it leaves as a file). Reports of
// the whole practice are refused to a user limited to some locations (the day sheet of one of
// theirs is allowed).

#include "app/billing/reports.hpp"
#include "app/billing/scheduling_report.hpp"
#include "codecs/reports/report_json.hpp"
#include "codecs/reports/report_tables.hpp"
#include "codecs/reports/scheduling_report_codec.hpp"
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

enum class Format { kJson, kCsv, kXlsx };
constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The format the client asked for in Accept (JSON unless it names CSV or XLSX).
Format formatOf(const Request& req) {
  const std::string accept = req.header("accept");
  if (accept.find(kXlsxType) != std::string::npos) return Format::kXlsx;
  if (accept.find("text/csv") != std::string::npos) return Format::kCsv;
  return Format::kJson;
}

std::optional<domain::Date> dateParam(QueryReader& q, domain::FieldErrors& e, const char* name) {
  auto v = q.get(name);
  if (!v) return std::nullopt;
  auto d = domain::Date::parse(*v);
  if (!d) e.add(name, "must be a date (YYYY-MM-DD)");
  return d;
}

/// The answer in the asked format; `tables` makes the CSV (first table) or the workbook.
Result<Response> answer(Format f, std::string json, const std::string& fileStem,
                        const std::function<std::vector<codecs::tabular::Table>()>& tables) {
  if (f == Format::kJson) return jsonResponse(200, std::move(json), true);
  auto sheets = tables();
  Response r;
  r.phi = true;
  if (f == Format::kCsv) {
    r.contentType = "text/csv; charset=utf-8";
    r.body = codecs::tabular::toCsv(sheets.front());
    r.header("Content-Disposition", "attachment; filename=\"" + fileStem + ".csv\"");
    return r;
  }
  auto xlsx = codecs::tabular::toXlsx(sheets);
  if (!xlsx) return xlsx.error();
  r.contentType = std::string(kXlsxType);
  r.body = std::move(*xlsx);
  r.header("Content-Disposition", "attachment; filename=\"" + fileStem + ".xlsx\"");
  return r;
}

AuditAction actionOf(Format f) {
  return f == Format::kJson ? AuditAction::kRead : AuditAction::kExport;
}

}  // namespace

void registerReportRoutes(Router& router, ApiContext& ctx) {
  router.add(
      "GET", "/api/v1/reports/ar-aging",
      "AR aging (0-30 ... 120+ days) as of a date, in total or by payer or account",
      Access::need(Permission::kReportRead),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        domain::FieldErrors e;
        QueryReader q(req, e);
        auto asOf = dateParam(q, e, "as_of");
        auto byText = q.get("by").value_or("");
        auto by = bill::parseAgingBy(byText);
        if (!by) e.add("by", "must be payer or account");
        app::PageRequest page = billing_routes::pageOf(q);
        q.finish();
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const auto now = ctx.clock.now();
        if (auto s = billing_routes::wholePractice(who, now); !s.ok()) return s.error();
        // A past date reads the dated summaries: bring them up to yesterday first.
        if (auto s = bill::summarizeAll(ctx.uow, ctx.zones, now, who.organizationId); !s.ok()) {
          return s.error();
        }
        const Format f = formatOf(req);
        auto report = app::writeValue<bill::AgingReport>(
            ctx.uow, [&](Repositories& r) -> Result<bill::AgingReport> {
              auto a = bill::arAging(r, ctx.zones, now, who.organizationId, asOf, *by, page);
              if (!a) return a.error();
              audit(r, ctx, req, actionOf(f), "report",
                    "ar-aging " + a->asOf.toString() + (byText.empty() ? "" : " by " + byText));
              return a;
            });
        if (!report) return report.error();
        return answer(f, codecs::toJson(*report), "ar-aging-" + report->asOf.toString(),
                      [&] { return codecs::reportTables(*report); });
      });

  router.add(
      "GET", "/api/v1/reports/day-sheet",
      "Charges, payments and adjustments of one day by provider and location, deposits by method",
      Access::need(Permission::kReportRead),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        domain::FieldErrors e;
        QueryReader q(req, e);
        auto date = dateParam(q, e, "date");
        const std::int64_t location = queryId(q, e, "location_id");
        q.finish();
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const auto now = ctx.clock.now();
        if (location > 0) {
          if (!who.mayUseLocation(domain::LocationId(location), now)) {
            return Error::forbidden(billing_routes::kLimited);
          }
        } else if (auto s = billing_routes::wholePractice(who, now); !s.ok()) {
          return s.error();
        }
        const Format f = formatOf(req);
        auto sheet = app::writeValue<bill::DaySheet>(
            ctx.uow, [&](Repositories& r) -> Result<bill::DaySheet> {
              auto d = bill::daySheet(r, ctx.zones, now, who.organizationId, date,
                                      domain::LocationId(location));
              if (!d) return d.error();
              audit(r, ctx, req, actionOf(f), "report", "day-sheet " + d->date.toString());
              return d;
            });
        if (!sheet) return sheet.error();
        return answer(f, codecs::toJson(*sheet), "day-sheet-" + sheet->date.toString(),
                      [&] { return codecs::reportTables(*sheet); });
      });

  router.add("GET", "/api/v1/reports/collections",
             "Payments and adjustments by payer over a period of days (at most 366)",
             Access::need(Permission::kReportRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               auto from = dateParam(q, e, "from");
               auto to = dateParam(q, e, "to");
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               const auto now = ctx.clock.now();
               if (auto s = billing_routes::wholePractice(who, now); !s.ok()) return s.error();
               const Format f = formatOf(req);
               auto report = app::writeValue<bill::Collections>(
                   ctx.uow, [&](Repositories& r) -> Result<bill::Collections> {
                     const auto today = bill::localToday(r, ctx.zones, now, who.organizationId);
                     const auto end = to.value_or(today);
                     const auto start = from.value_or(
                         domain::Date::fromYmd(end.year(), end.month(), 1).value_or(end));
                     auto c = bill::collections(r, ctx.zones, now, who.organizationId, start, end);
                     if (!c) return c.error();
                     audit(r, ctx, req, actionOf(f), "report",
                           "collections " + start.toString() + " " + end.toString());
                     return c;
                   });
               if (!report) return report.error();
               return answer(f, codecs::toJson(*report),
                             "collections-" + report->from.toString() + "-" + report->to.toString(),
                             [&] { return codecs::reportTables(*report); });
             });

  router.add(
      "GET", "/api/v1/reports/scheduling",
      "Visits, no-shows, utilisation of available hours and the wait from arrival to roomed, by "
      "provider, over local days (at most 366)",
      Access::need(Permission::kReportRead),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        domain::FieldErrors e;
        QueryReader q(req, e);
        const auto given = [&req](std::string_view name) {
          for (const auto& [k, v] : req.query) {
            if (k == name) return true;
          }
          return false;
        };
        auto from = dateParam(q, e, "from");
        auto to = dateParam(q, e, "to");
        const std::int64_t location = queryId(q, e, "location_id");
        const std::int64_t provider = queryId(q, e, "provider_id");
        q.finish();
        if (!given("from")) e.add("from", "is required");
        if (!given("to")) e.add("to", "is required");
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const auto now = ctx.clock.now();
        if (location > 0) {
          if (!who.mayUseLocation(domain::LocationId(location), now)) {
            return Error::forbidden(billing_routes::kLimited);
          }
        } else if (auto s = billing_routes::wholePractice(who, now); !s.ok()) {
          return s.error();
        }
        const Format f = formatOf(req);
        auto report = app::writeValue<bill::SchedulingReport>(
            ctx.uow, [&](Repositories& r) -> Result<bill::SchedulingReport> {
              auto s = bill::schedulingReport(r, ctx.zones, now, who.organizationId, *from, *to,
                                              domain::LocationId(location),
                                              domain::ProviderId(provider));
              if (!s) return s.error();
              audit(r, ctx, req, actionOf(f), "report",
                    "scheduling " + from->toString() + " " + to->toString());
              return s;
            });
        if (!report) return report.error();
        return answer(f, codecs::toJson(*report),
                      "scheduling-" + report->from.toString() + "-" + report->to.toString(),
                      [&] { return codecs::reportTables(*report); });
      });

  router.add(
      "GET", "/api/v1/reports/account-ledger",
      "Every entry of a guarantor account, oldest first, with the running balance",
      Access::need(Permission::kBillingRead),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        domain::FieldErrors e;
        QueryReader q(req, e);
        const std::int64_t account = queryId(q, e, "account_id");
        q.finish();
        if (account <= 0 && e.empty()) e.add("account_id", "is required");
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const Format f = formatOf(req);
        auto ledger = app::writeValue<bill::AccountLedger>(
            ctx.uow, [&](Repositories& r) -> Result<bill::AccountLedger> {
              auto l =
                  bill::accountLedger(r, who.organizationId, domain::GuarantorAccountId(account));
              if (!l) return l.error();
              audit(r, ctx, req, actionOf(f), "ledger",
                    "account " + std::to_string(account) + " report",
                    l->account.guarantorPatientId);
              return l;
            });
        if (!ledger) return ledger.error();
        return answer(f, codecs::toJson(*ledger), "account-" + std::to_string(account) + "-ledger",
                      [&] { return codecs::reportTables(*ledger); });
      });
}

}  // namespace medoffice::http
