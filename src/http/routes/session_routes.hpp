// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>

#include "app/security.hpp"
#include "http/routes/api_context.hpp"
#include "http/server.hpp"

namespace medoffice::http {

inline constexpr const char* kSessionCookie = "medoffice_session";

/// Admits callers with the session cookie (and, on state-changing requests, the CSRF token in
/// `X-CSRF-Token`). Permission denials are written to the audit trail.
class SecurityGate final : public Gatekeeper {
 public:
  explicit SecurityGate(app::Security& security) : security_(security) {}
  domain::Status admit(Request& req) override;
  void denied(const Request& req, domain::Permission p) override;

 private:
  app::Security& security_;
};

/// POST /api/v1/session (sign in), GET (who am I), DELETE (sign out).
/// `secureCookies` adds the Secure attribute (TLS).
void registerSessionRoutes(Router& router, ApiContext& ctx, bool secureCookies);

/// The value of one cookie of the request, empty when absent.
std::string cookieValue(const Request& req, std::string_view name);

}  // namespace medoffice::http
