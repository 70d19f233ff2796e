// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/routes/system_routes.hpp"

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
  router.add("GET", "/healthz", "Liveness and database reachability",
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

  router.add("GET", "/metrics", "Prometheus metrics",
             [&metrics](const Request&, const PathParams&) -> domain::Result<Response> {
               Response r;
               r.contentType = "text/plain; version=0.0.4; charset=utf-8";
               r.body = metrics.render();
               return r;
             });

  router.add("GET", "/api/v1/openapi.json", "This API's OpenAPI 3.1 document",
             [](const Request&, const PathParams&) -> domain::Result<Response> {
               Response r;
               r.body = std::string(openApiDocument());
               return r;
             });
}

}  // namespace medoffice::http
