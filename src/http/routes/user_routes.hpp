// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "http/routes/api_context.hpp"

namespace medoffice::http {

/// /api/v1/users: list, add, read, change roles, enable, disable, reset password (admins).
void registerUserRoutes(Router& router, ApiContext& ctx);

}  // namespace medoffice::http
