// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/metrics.hpp"
#include "http/routes/api_context.hpp"

namespace medoffice::http {

/// /healthz, /metrics and /api/v1/openapi.json. `healthDetail` adds members to /healthz.
void registerSystemRoutes(Router& router, ApiContext& ctx, Metrics& metrics,
                          std::function<nlohmann::json()> healthDetail);

/// The OpenAPI document embedded at build time from docs/api/openapi.json.
std::string_view openApiDocument();

}  // namespace medoffice::http
