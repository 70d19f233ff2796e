// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

#include "http/routes/api_context.hpp"

namespace medoffice::http {

/// GET /api/v1/audit-events (search), /api/v1/audit-events.csv (export) and
/// /api/v1/patients/{id}/disclosures (accounting of disclosures).
void registerAuditRoutes(Router& router, ApiContext& ctx);

/// One CSV cell (RFC 4180 quoting), with spreadsheet formulas neutralised.
std::string csvField(std::string_view v);

}  // namespace medoffice::http
