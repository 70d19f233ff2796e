// SPDX-License-Identifier: AGPL-3.0-or-later
// Eligibility 270/271 (issue 17, point 6): checks asked by the desk, their history, the batch
// run over a day's appointments, and each clearinghouse's real-time settings. A check sends PHI
// to the clearinghouse and stores the payer's answer: it is audited with the patient like the
// other patient reads. A failed, slow or rejected check is an answer (200 with its state and
// reason), never an error; only bad input is.

#include "http/routes/eligibility_routes.hpp"

#include <atomic>
#include <memory>

#include "app/eligibility/eligibility.hpp"
#include "codecs/eligibility/eligibility_json.hpp"
#include "codecs/eligibility/x12_eligibility_formats.hpp"
#include "codecs/json/json_reader.hpp"
#include "http/routes/billing_route_support.hpp"

namespace medoffice::http {

using domain::AuditAction;
using domain::Error;
using domain::Permission;
using domain::Result;
namespace el = app::eligibility;

namespace {

/// Checks waiting on clearinghouses at once in this process: the server has 64 request workers,
/// and a slow clearinghouse must leave most of them to the desk's other work.
constexpr int kInFlightChecks = 16;

/// What the eligibility routes share for the life of the server.
struct Eligibility {
  Eligibility(ApiContext& ctx, app::EligibilityExchange& exchange)
      : setup{formats, exchange, ctx.zones, ctx.clock, 24LL * 3600 * 1'000'000, &limit} {}
  codecs::X12EligibilityFormats formats;
  el::InFlightLimit limit{kInFlightChecks};
  el::EligibilitySetup setup;
  /// One batch run at a time per process: a run holds `concurrency` threads for minutes.
  std::atomic<bool> batchRunning{false};
};

el::CheckAudit auditFor(ApiContext& ctx, const Request& req) {
  return [&ctx, &req](app::Repositories& r, AuditAction action, const std::string& what,
                      domain::PatientId patient) {
    audit(r, ctx, req, action, "eligibility_check", what, patient);
  };
}

Response checkResponse(const app::EligibilityCheck& c, bool cached) {
  codecs::JsonWriter w;
  codecs::writeCheck(w, c, cached);
  return jsonResponse(200, w.take(), true);
}

}  // namespace

void registerEligibilityRoutes(Router& router, ApiContext& ctx,
                               app::EligibilityExchange& exchange) {
  auto state = std::make_shared<Eligibility>(ctx, exchange);

  router.add(
      "POST", "/api/v1/eligibility",
      "Check a coverage for a day of service (270/271): the payer's answer, or why there is none",
      Access::need(Permission::kPatientWrite),
      [&ctx, state](const Request& req, const PathParams&) -> Result<Response> {
        auto body = jsonBody(req);
        if (!body) return body.error();
        domain::FieldErrors e;
        codecs::ObjectReader in(*body, e);
        el::CheckRequest q;
        auto coverage = in.integer("coverage_id", 1, INT64_MAX);
        if (!coverage && !in.has("coverage_id")) e.add("coverage_id", "is required");
        auto date = in.date("service_date");
        if (!date && !in.has("service_date")) e.add("service_date", "is required");
        if (in.has("service_type")) q.serviceType = in.str("service_type");
        q.provider = domain::ProviderId(in.integer("provider_id", 1, INT64_MAX).value_or(0));
        q.clearinghouse =
            domain::ClearinghouseId(in.integer("clearinghouse_id", 1, INT64_MAX).value_or(0));
        q.refresh = in.boolean("refresh", false);
        in.finish();
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        q.org = who.organizationId;
        q.coverage = domain::CoverageId(*coverage);
        q.serviceDate = *date;
        q.user = who.userId.value;
        auto out = el::check(ctx.uow, state->setup, q, auditFor(ctx, req));
        if (!out) return out.error();
        return checkResponse(out->check, out->cached);
      });

  router.add("GET", "/api/v1/eligibility", "The eligibility checks of a coverage, newest first",
             Access::need(Permission::kPatientRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               const std::int64_t coverage = queryId(q, e, "coverage_id");
               if (coverage == 0 && e.empty()) e.add("coverage_id", "is required");
               const app::PageRequest page = billing_routes::pageOf(q);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto checks = app::writeValue<app::Page<app::EligibilityCheck>>(
                   ctx.uow, [&](app::Repositories& r) -> Result<app::Page<app::EligibilityCheck>> {
                     auto p = el::checksOfCoverage(r, who.organizationId,
                                                   domain::CoverageId(coverage), page);
                     if (!p) return p.error();
                     const auto patient =
                         r.coverages().get(who.organizationId, domain::CoverageId(coverage));
                     audit(r, ctx, req, AuditAction::kSearch, "eligibility_check",
                           std::to_string(p->items.size()) + " checks of coverage " +
                               std::to_string(coverage),
                           patient ? patient->patientId : domain::PatientId());
                     return p;
                   });
               if (!checks) return checks.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& c : checks->items) codecs::writeCheck(w, c, false);
               w.endArray().key("next_cursor").optional(checks->nextCursor).endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("GET", "/api/v1/eligibility/{id}", "One eligibility check with its summary",
             Access::need(Permission::kPatientRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               auto c = app::writeValue<app::EligibilityCheck>(
                   ctx.uow, [&](app::Repositories& r) -> Result<app::EligibilityCheck> {
                     auto found =
                         r.eligibility().get(who.organizationId, app::EligibilityCheckId(*id));
                     if (!found) return Error::notFound("eligibility check not found");
                     audit(r, ctx, req, AuditAction::kRead, "eligibility_check",
                           std::to_string(found->id.value), found->patientId);
                     return *found;
                   });
               if (!c) return c.error();
               return checkResponse(*c, false);
             });

  router.add("GET", "/api/v1/eligibility/{id}/x12",
             "The 271 of an eligibility check as the clearinghouse sent it",
             Access::need(Permission::kPatientRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               auto c = app::writeValue<app::EligibilityCheck>(
                   ctx.uow, [&](app::Repositories& r) -> Result<app::EligibilityCheck> {
                     auto found =
                         r.eligibility().get(who.organizationId, app::EligibilityCheckId(*id));
                     if (!found) return Error::notFound("eligibility check not found");
                     if (found->response.empty()) {
                       return Error::notFound("this check has no 271: " +
                                              std::string(app::toString(found->state)));
                     }
                     audit(r, ctx, req, AuditAction::kExport, "eligibility_check",
                           std::to_string(found->id.value) + " 271", found->patientId);
                     return *found;
                   });
               if (!c) return c.error();
               Response res;
               res.contentType = "application/edi-x12";
               res.body = std::move(c->response);
               res.phi = true;
               res.header("Content-Disposition",
                          "attachment; filename=\"eligibility-" + std::to_string(*id) + ".271\"");
               return res;
             });

  router.add(
      "POST", "/api/v1/eligibility/batch-runs",
      "Check every coverage of a day's appointments (tomorrow by default), a report per coverage",
      Access::need(Permission::kPatientWrite),
      [&ctx, state](const Request& req, const PathParams&) -> Result<Response> {
        el::BatchRequest q;
        // The body is required, as documented: `{}` runs the defaults. An empty request could
        // be anything (a retry that lost its body), and a run asks every payer of a day.
        if (req.body.empty()) {
          return Error::invalidField("body",
                                     "is empty: send a JSON object ({} for tomorrow everywhere)");
        }
        {
          auto body = jsonBody(req);
          if (!body) return body.error();
          domain::FieldErrors e;
          codecs::ObjectReader in(*body, e);
          q.date = in.date("date");
          q.concurrency = static_cast<int>(in.integer("concurrency", 1, 32).value_or(8));
          for (auto v : in.idArray("location_ids", 100)) q.locations.emplace_back(v);
          in.finish();
          if (!e.empty()) return e.toError();
        }
        const domain::Principal& who = caller(req);
        const auto now = ctx.clock.now();
        // A user limited to some locations runs the batch for those only.
        if (!who.locationIds.empty() && !who.breakingGlass(now)) {
          if (q.locations.empty()) q.locations = who.locationIds;
          for (auto l : q.locations) {
            if (!who.mayUseLocation(l, now)) return Error::forbidden(billing_routes::kLimited);
          }
        }
        q.org = who.organizationId;
        q.user = who.userId.value;
        if (state->batchRunning.exchange(true)) {
          return Error::conflict("An eligibility batch run is already going on this server.");
        }
        struct Release {
          std::atomic<bool>& flag;
          ~Release() { flag = false; }
        } release{state->batchRunning};
        auto report = el::runBatch(ctx.uow, state->setup, q, auditFor(ctx, req));
        if (!report) return report.error();
        codecs::JsonWriter w;
        codecs::writeBatchReport(w, *report);
        return jsonResponse(200, w.take(), true);
      });

  router.add("GET", "/api/v1/clearinghouses/{id}/eligibility",
             "A clearinghouse's real-time eligibility settings (URL and time box)",
             Access::need(Permission::kPracticeRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::ClearinghouseId ch(*id);
               const auto org = caller(req).organizationId;
               auto s = app::readValue<domain::claims::RealtimeEligibility>(
                   ctx.uow,
                   [&](app::Repositories& r) -> Result<domain::claims::RealtimeEligibility> {
                     if (!r.claims().clearinghouse(org, ch))
                       return Error::notFound("clearinghouse not found");
                     return r.eligibility().settings(org, ch).value_or(
                         domain::claims::RealtimeEligibility{});
                   });
               if (!s) return s.error();
               codecs::JsonWriter w;
               codecs::writeSettings(w, ch, *s);
               return withEtag(jsonResponse(200, w.take(), false), s->meta.version);
             });

  router.add(
      "PUT", "/api/v1/clearinghouses/{id}/eligibility",
      "Set a clearinghouse's real-time eligibility URL and time box",
      Access::need(Permission::kPracticeAdmin),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        auto version = optionalIfMatch(req);
        if (!version) return version.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        domain::FieldErrors e;
        codecs::ObjectReader in(*body, e);
        in.ignore({"clearinghouse_id", "version", "updated_at"});
        domain::claims::RealtimeEligibility s;
        s.url = in.str("url");
        s.connectTimeoutMs =
            static_cast<int>(in.integer("connect_timeout_ms", 0, 1'000'000).value_or(3000));
        s.timeoutMs = static_cast<int>(in.integer("timeout_ms", 0, 1'000'000).value_or(10000));
        in.finish();
        if (!e.empty()) return e.toError();
        if (auto problems = domain::claims::validate(s); !problems.empty()) {
          return Error::invalid(problems);
        }
        const domain::ClearinghouseId ch(*id);
        auto saved = app::writeValue<domain::claims::RealtimeEligibility>(
            ctx.uow, [&](app::Repositories& r) -> Result<domain::claims::RealtimeEligibility> {
              const auto org = caller(req).organizationId;
              if (!r.claims().clearinghouse(org, ch))
                return Error::notFound("clearinghouse not found");
              auto out = r.eligibility().saveSettings(org, ch, s, *version, ctx.clock.now());
              if (out) {
                audit(r, ctx, req, AuditAction::kConfigChange, "clearinghouse",
                      std::to_string(ch.value) + " real-time eligibility " +
                          (s.url.empty() ? "off" : s.url));
              }
              return out;
            });
        if (!saved) return saved.error();
        codecs::JsonWriter w;
        codecs::writeSettings(w, ch, *saved);
        return withEtag(jsonResponse(200, w.take(), false), saved->meta.version);
      });
}

}  // namespace medoffice::http
