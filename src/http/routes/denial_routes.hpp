// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/denials/denials.hpp"
#include "http/routes/api_context.hpp"

namespace medoffice::http {

/// The denials work queue (denial_routes.cpp): the list with its groups, one denial with its
/// notes, assignment and due dates, notes, resolving by an action, and the appeal letter.
/// Reading needs billing.read, working claim.submit. `setup` must outlive the router.
void registerDenialRoutes(Router& router, ApiContext& ctx, const app::denials::DenialsSetup& setup);

}  // namespace medoffice::http
