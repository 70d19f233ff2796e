// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/eligibility_exchange.hpp"
#include "http/router.hpp"
#include "http/routes/api_context.hpp"

namespace medoffice::http {

/// Eligibility 270/271 (issue 17, point 6): POST /api/v1/eligibility (one check), GET
/// /api/v1/eligibility?coverage_id= (its checks), GET /api/v1/eligibility/{id} and …/{id}/x12,
/// POST /api/v1/eligibility/batch-runs, and GET/PUT /api/v1/clearinghouses/{id}/eligibility
/// (the real-time settings). `exchange` talks to the clearinghouses; it must outlive the router.
void registerEligibilityRoutes(Router& router, ApiContext& ctx, app::EligibilityExchange& exchange);

}  // namespace medoffice::http
