// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/routes/system_routes.hpp"

#include "http/static_ui.hpp"

namespace medoffice::http {

namespace {
const char kOpenApi[] =
#include "openapi_json.inc"
    ;
}  // namespace

std::string_view openApiDocument() {
  return kOpenApi;
}

void registerSystemRoutes(Router& router, ApiContext& ctx, Metrics& metrics,
                          std::function<nlohmann::json()> healthDetail) {
  router.add("GET", "/healthz", "Liveness and database reachability", Access::publicRoute(),
             [&ctx, healthDetail](const Request&, const PathParams&) -> domain::Result<Response> {
               nlohmann::json body = {{"status", "ok"}};
               domain::Status db = ctx.uow.read([](app::Repositories& r) -> domain::Status {
                 (void)r.organizations().defaultOrganization();
                 return {};
               });
               body["database"] = db.ok() ? "ok" : "unavailable";
               if (healthDetail) {
                 nlohmann::json detail = healthDetail();
                 for (auto& [k, v] : detail.items()) body[k] = v;
               }
               if (!db.ok()) body["status"] = "degraded";
               return jsonResponse(db.ok() ? 200 : 503, body, false);
             });

  // The web UI; its other files and app routes are answered by serveUi() when no route matches.
  router.add("GET", "/", "The web UI", Access::publicRoute(),
             [](const Request& req, const PathParams&) -> domain::Result<Response> {
               auto page = serveUi(req);
               if (!page) return domain::Error::notFound("The web UI is not in this build.");
               return std::move(*page);
             });

  // Counts and latencies per route pattern only: no PHI, so scrapers need no account.
  router.add("GET", "/metrics", "Prometheus metrics", Access::publicRoute(),
             [&metrics](const Request&, const PathParams&) -> domain::Result<Response> {
               Response r;
               r.contentType = "text/plain; version=0.0.4; charset=utf-8";
               r.body = metrics.render();
               return r;
             });

  router.add("GET", "/api/v1/openapi.json", "This API's OpenAPI 3.1 document",
             Access::publicRoute(),
             [](const Request&, const PathParams&) -> domain::Result<Response> {
               Response r;
               r.body = std::string(openApiDocument());
               return r;
             });
}

}  // namespace medoffice::http
