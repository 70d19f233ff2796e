// SPDX-License-Identifier: AGPL-3.0-or-later
// Fee schedules (issue 14, point 2): the entries of the practice's standard schedule and of each
// payer's (list, read, create, replace, archive, restore through the generic resource routes),
// and a whole schedule as CSV (export, import). Reading needs billing.read, changing
// fee_schedule.admin. Changes are audited as configuration changes in their transaction; fees
// are not PHI, so reads are not.

#include <cctype>
#include <sstream>

#include "app/billing/fee_schedules.hpp"
#include "codecs/csv/fee_schedule_csv.hpp"
#include "codecs/json/fee_schedule_json.hpp"
#include "codecs/json/json_writer.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::Error;
using domain::FeeScheduleEntry;
using domain::Instant;
using domain::OrganizationId;
using domain::Permission;
using domain::Result;
namespace fees = app::fees;

namespace {

constexpr const char* kCollection = "/api/v1/fee-schedule";

/// The schedule a list names: `payer_id` (absent: the standard fees) and `code`.
Result<fees::ListQuery> listQuery(const ListArgs& a) {
  fees::ListQuery q;
  q.page = a.page;
  if (auto it = a.extra.find("payer_id"); it != a.extra.end()) {
    auto id = positiveInteger(it->second);
    if (!id) return Error::invalidField("payer_id", "must be a positive integer id");
    q.payer = domain::PayerId(*id);
  }
  if (auto it = a.extra.find("code"); it != a.extra.end()) q.code = it->second;
  return q;
}

/// `payer_id` of an export or import (absent: the standard fees); the only parameter they take.
Result<domain::PayerId> payerParam(const Request& req) {
  domain::FieldErrors e;
  QueryReader q(req, e);
  const auto payer = queryId(q, e, "payer_id");
  q.finish();
  if (!e.empty()) return e.toError();
  return domain::PayerId(payer);
}

std::string scheduleName(domain::PayerId payer) {
  return payer.valid() ? "payer " + std::to_string(payer.value) : "standard";
}

/// A refused file: 422 naming the first problem in the detail and every problem in `errors`.
Error refusedFile(std::vector<domain::FieldError> problems) {
  std::string detail = "Nothing was imported";
  if (!problems.empty()) {
    detail += ": " + codecs::csv::describeProblem(problems.front());
    if (problems.size() > 1) detail += " (and " + std::to_string(problems.size() - 1) + " more)";
  }
  return Error{domain::ErrorCode::kInvalid, detail + ".", std::move(problems)};
}

/// The CSV body of an import; 415 (kUnsupported naming Content-Type) unless it is CSV.
Result<std::string_view> csvBody(const Request& req) {
  std::string ct = req.header("content-type");
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.pop_back();
  for (auto& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ct != "text/csv" && ct != "application/csv") {
    return Error{domain::ErrorCode::kUnsupported,
                 "Send the schedule as CSV.",
                 {{"Content-Type", "must be text/csv"}}};
  }
  return std::string_view(req.body);
}

}  // namespace

void registerFeeScheduleRoutes(Router& router, ApiContext& ctx) {
  // Before the resource routes: /export would otherwise be taken for an entry's id.
  router.add("GET", std::string(kCollection) + "/export",
             "Export one fee schedule as CSV (payer_id: a payer's allowed amounts; without: the "
             "standard fees)",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto payer = payerParam(req);
               if (!payer) return payer.error();
               auto entries =
                   app::readValue<std::vector<FeeScheduleEntry>>(ctx.uow, [&](Repositories& r) {
                     return fees::scheduleEntries(r, caller(req).organizationId, *payer);
                   });
               if (!entries) return entries.error();
               Response res;
               res.contentType = "text/csv; charset=utf-8";
               res.body = codecs::csv::writeFeeSchedule(*entries);
               res.phi = true;  // contracted amounts are confidential: no-store
               const std::string file =
                   payer->valid() ? "fee-schedule-payer-" + std::to_string(payer->value) + ".csv"
                                  : std::string("fee-schedule-standard.csv");
               res.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
               return res;
             });

  router.add(
      "POST", std::string(kCollection) + "/import",
      "Import one fee schedule from CSV (all or nothing; the same file again changes nothing)",
      Access::need(Permission::kFeeScheduleAdmin),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto payer = payerParam(req);
        if (!payer) return payer.error();
        auto body = csvBody(req);
        if (!body) return body.error();
        std::istringstream in{std::string(*body)};
        auto file = codecs::csv::readFeeSchedule(in);
        if (!file.ok()) return refusedFile(std::move(file.problems));
        const OrganizationId org = caller(req).organizationId;
        const Instant now = ctx.clock.now();
        auto done = app::writeValue<fees::ImportSummary>(
            ctx.uow, [&](Repositories& r) -> Result<fees::ImportSummary> {
              auto summary = fees::importSchedule(r, now, org, *payer, std::move(file.rows));
              if (!summary) return summary.error();
              // An import that changes nothing writes nothing, not even an audit event.
              if (summary->added + summary->changed > 0) {
                audit(r, ctx, req, domain::AuditAction::kConfigChange, "fee_schedule",
                      "import " + scheduleName(*payer) + ": " + std::to_string(summary->added) +
                          " added, " + std::to_string(summary->changed) + " changed, " +
                          std::to_string(summary->unchanged) + " unchanged");
              }
              return summary;
            });
        if (!done) {
          const auto& e = done.error();
          if (e.code == domain::ErrorCode::kInvalid && !e.fields.empty() &&
              e.fields.front().message.rfind("line ", 0) == 0) {
            return refusedFile(e.fields);
          }
          return e;
        }
        codecs::JsonWriter w;
        w.beginObject().key("payer_id");
        if (payer->valid()) {
          w.value(payer->value);
        } else {
          w.null();
        }
        w.member("added", done->added)
            .member("changed", done->changed)
            .member("unchanged", done->unchanged)
            .member("untouched", done->untouched)
            .endObject();
        return jsonResponse(200, w.take(), false);
      });

  ResourceSpec<FeeScheduleEntry> spec;
  spec.collection = kCollection;
  spec.noun = "fee";
  spec.readPermission = Permission::kBillingRead;
  spec.writePermission = Permission::kFeeScheduleAdmin;
  spec.listParams = {"payer_id", "code"};
  spec.decode = codecs::decodeFeeScheduleEntry;
  spec.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.feeSchedules().get(org, domain::FeeScheduleEntryId(id));
  };
  spec.list = [](Repositories& r, OrganizationId org,
                 const ListArgs& a) -> Result<app::Page<FeeScheduleEntry>> {
    auto q = listQuery(a);
    if (!q) return q.error();
    return fees::listEntries(r, org, *q);
  };
  spec.create = [](Repositories& r, Instant now, OrganizationId org,
                   FeeScheduleEntry e) -> Result<std::pair<FeeScheduleEntry, std::string>> {
    auto out = fees::createEntry(r, now, org, std::move(e));
    if (!out) return out.error();
    return std::pair{std::move(out).value(), std::string()};
  };
  spec.update = [](Repositories& r, Instant now, OrganizationId org, FeeScheduleEntry e,
                   std::int64_t v) { return fees::updateEntry(r, now, org, std::move(e), v); };
  spec.setActive = [](Repositories& r, Instant now, OrganizationId org, std::int64_t id,
                      bool active, std::int64_t v) {
    return fees::setEntryActive(r, now, org, domain::FeeScheduleEntryId(id), active, v);
  };
  registerResource(router, ctx, std::move(spec));
}

}  // namespace medoffice::http
