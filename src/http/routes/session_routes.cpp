// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/routes/session_routes.hpp"

#include "codecs/json/json_reader.hpp"
#include "codecs/json/json_writer.hpp"
#include "codecs/json/registry_json.hpp"

namespace medoffice::http {

using domain::Error;
using domain::Result;

namespace {

bool stateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

std::string userJson(const domain::Principal& p, const app::SecurityConfig& cfg) {
  codecs::JsonWriter w;
  w.beginObject()
      .member("user_id", p.userId.value)
      .member("username", p.username)
      .member("organization_id", p.organizationId.value)
      .key("roles")
      .beginArray();
  for (auto r : p.roles) w.value(domain::toString(r));
  w.endArray().key("permissions").beginArray();
  // What the roles allow, so that a client can offer only what the server will accept.
  for (int k = 0; k < domain::kPermissionCount; ++k) {
    const auto perm = static_cast<domain::Permission>(k);
    if (p.can(perm)) w.value(domain::toString(perm));
  }
  w.endArray().key("location_ids").beginArray();
  for (auto l : p.locationIds) w.value(l.value);
  w.endArray()
      .member("idle_timeout_seconds", static_cast<std::int64_t>(cfg.idleTimeout.count()))
      .key("break_glass_until");
  if (p.breakGlassUntil) {
    w.value(p.breakGlassUntil->toString());
  } else {
    w.null();
  }
  w.endObject();
  return w.take();
}

std::string sessionCookie(const std::string& value, bool secure, bool clear) {
  std::string c = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

}  // namespace

std::string cookieValue(const Request& req, std::string_view name) {
  const std::string header = req.header("cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return {};
}

domain::Status SecurityGate::admit(Request& req) {
  if (const std::string authz = req.header("authorization"); !authz.empty()) {
    // API clients: a personal access token. No cookie, so no CSRF.
    if (authz.rfind("Bearer ", 0) != 0) {
      return Error::unauthenticated("Use Authorization: Bearer <personal access token>.");
    }
    auto who = security_.authenticateToken(authz.substr(7));
    if (!who) return who.error();
    req.principal = std::move(who).value();
    req.viaCookie = false;
    return {};
  }
  const std::string token = cookieValue(req, kSessionCookie);
  if (token.empty()) {
    return Error::unauthenticated("Sign in first (POST /api/v1/session).");
  }
  auto auth = security_.authenticate(token);
  if (!auth) return auth.error();
  if (stateChanging(req.method) && !security_.csrfMatches(*auth, req.header("x-csrf-token"))) {
    return Error{domain::ErrorCode::kForbidden,
                 "Send the csrf_token you got at sign-in in the X-CSRF-Token header.",
                 {{"X-CSRF-Token", "is missing or does not match the session"}}};
  }
  req.principal = std::move(auth->principal);
  req.viaCookie = true;
  return {};
}

void SecurityGate::denied(const Request& req, domain::Permission p) {
  // auditAlone stamps the time from the security service's clock.
  auto e =
      app::audit::event(req.principal ? &*req.principal : nullptr, originOf(req), domain::Instant(),
                        domain::AuditAction::kAccessDenied, "route", req.method + " " + req.path);
  e.outcome = domain::AuditOutcome::kDenied;
  e.reason = "role lacks " + std::string(domain::toString(p));
  (void)security_.auditAlone(std::move(e));
}

namespace {
void writeToken(codecs::JsonWriter& w, const app::ApiToken& t) {
  w.beginObject().member("id", t.id).member("name", t.name).key("scopes").beginArray();
  for (auto p : t.scopes) w.value(domain::toString(p));
  w.endArray()
      .member("created_at", t.createdAt.toString())
      .member("expires_at", t.expiresAt.toString())
      .member("revoked", t.revokedAt.has_value())
      .endObject();
}
}  // namespace

void registerSessionRoutes(Router& router, ApiContext& ctx, bool secureCookies) {
  router.add("POST", "/api/v1/tokens",
             "Create a personal access token {name, scopes[], days?}; the secret is shown once",
             Access::need(domain::Permission::kSelf),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto body = jsonBody(req);
               if (!body) return body.error();
               domain::FieldErrors errors;
               codecs::ObjectReader r(*body, errors);
               std::string name = r.str("name");
               auto days = r.integer("days", 1, 366);
               std::vector<domain::Permission> scopes;
               if (auto it = body->find("scopes"); it != body->end()) {
                 if (!it->is_array()) {
                   errors.add("scopes", "must be an array of permission names");
                 } else {
                   for (const auto& v : *it) {
                     auto p = v.is_string() ? domain::parsePermission(v.get<std::string>())
                                            : std::nullopt;
                     if (!p) {
                       errors.add("scopes", "holds something that is not a permission name");
                     } else {
                       scopes.push_back(*p);
                     }
                   }
                 }
               }
               r.ignore({"scopes"});
               r.finish();
               if (!errors.empty()) return errors.toError();
               auto out = ctx.security.createToken(caller(req), originOf(req), name, scopes,
                                                   static_cast<int>(days.value_or(90)));
               if (!out) return out.error();
               codecs::JsonWriter w;
               writeToken(w, out->first);
               Response res = jsonResponse(
                   201, codecs::withMembers(w.take(), "\"token\":\"" + out->second + "\""), true);
               res.header("Location", "/api/v1/tokens/" + std::to_string(out->first.id));
               return res;
             });

  router.add("GET", "/api/v1/tokens", "Your personal access tokens (never their secrets)",
             Access::need(domain::Permission::kSelf),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto list = ctx.security.listTokens(caller(req));
               if (!list) return list.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& t : *list) writeToken(w, t);
               w.endArray().key("next_cursor").null().endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("DELETE", "/api/v1/tokens/{id}", "Revoke one of your personal access tokens",
             Access::need(domain::Permission::kSelf),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto s = ctx.security.revokeToken(caller(req), originOf(req), *id);
               if (!s.ok()) return s.error();
               Response res;
               res.status = 204;
               return res;
             });

  router.add("POST", "/api/v1/session",
             "Sign in: {username, password, totp?} → session cookie + CSRF token",
             Access::publicRoute(),
             [&ctx, secureCookies](const Request& req, const PathParams&) -> Result<Response> {
               auto body = jsonBody(req);
               if (!body) return body.error();
               domain::FieldErrors errors;
               codecs::ObjectReader r(*body, errors);
               app::LoginRequest login;
               login.username = r.str("username");
               login.password = r.str("password");
               login.totp = r.str("totp");
               r.finish();
               if (login.username.empty()) errors.add("username", "is required");
               if (login.password.empty()) errors.add("password", "is required");
               if (!errors.empty()) return errors.toError();
               login.origin = originOf(req);
               auto out = ctx.security.login(login);
               if (!out) return out.error();
               // A new session id is always issued (no fixation); a session the browser presented
               // at a successful sign-in is ended.
               if (auto old = cookieValue(req, kSessionCookie); !old.empty()) {
                 if (auto a = ctx.security.authenticate(old)) {
                   (void)ctx.security.logout(a->principal, login.origin);
                 }
               }
               std::string user = userJson(out->principal, ctx.security.config());
               codecs::JsonWriter w;
               w.beginObject()
                   .member("csrf_token", out->csrfToken)
                   .member("expires_at", out->expiresAt.toString())
                   .key("user")
                   .raw(user)
                   .endObject();
               Response res = jsonResponse(200, w.take(), true);
               res.header("Set-Cookie", sessionCookie(out->sessionToken, secureCookies, false));
               return res;
             });

  router.add("POST", "/api/v1/session/mfa",
             "Start two-factor enrolment: answers the otpauth URI for an authenticator app",
             Access::need(domain::Permission::kSelf),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               if (auto s = noBody(req); !s.ok()) return s.error();
               auto uri = ctx.security.enrolMfa(caller(req), originOf(req));
               if (!uri) return uri.error();
               codecs::JsonWriter w;
               w.beginObject().member("otpauth_uri", *uri).endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("POST", "/api/v1/session/mfa/confirm",
             "Finish two-factor enrolment with a code from the app {totp}; answers recovery codes",
             Access::need(domain::Permission::kSelf),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto body = jsonBody(req);
               if (!body) return body.error();
               domain::FieldErrors errors;
               codecs::ObjectReader r(*body, errors);
               std::string code = r.str("totp");
               r.finish();
               if (code.empty()) errors.add("totp", "is required");
               if (!errors.empty()) return errors.toError();
               auto codes = ctx.security.confirmMfa(caller(req), originOf(req), code);
               if (!codes) return codes.error();
               codecs::JsonWriter w;
               w.beginObject().member("mfa_enabled", true).key("recovery_codes").beginArray();
               for (const auto& c : *codes) w.value(c);
               w.endArray().endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("POST", "/api/v1/session/break-glass",
             "Break-glass: widen your own access for a stated reason {reason, minutes?}",
             Access::need(domain::Permission::kBreakGlass),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto body = jsonBody(req);
               if (!body) return body.error();
               domain::FieldErrors errors;
               codecs::ObjectReader r(*body, errors);
               std::string reason = r.str("reason");
               auto minutes = r.integer("minutes", 1, 10000);
               r.finish();
               if (!errors.empty()) return errors.toError();
               auto until = ctx.security.breakGlass(caller(req), originOf(req), reason,
                                                    static_cast<int>(minutes.value_or(60)));
               if (!until) return until.error();
               codecs::JsonWriter w;
               w.beginObject().member("break_glass_until", until->toString()).endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("GET", "/api/v1/notifications",
             "Break-glass uses of the last 7 days, for managers to review",
             Access::need(domain::Permission::kAuditRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               app::AuditQuery q;
               q.organizationId = caller(req).organizationId;
               q.action = domain::AuditAction::kBreakGlass;
               q.from = domain::Instant::fromMicros(ctx.clock.now().micros() -
                                                    std::int64_t{7} * 86'400'000'000);
               q.limit = 200;
               (void)app::audit::seal(ctx.uow, ctx.security.secrets());  // PostgreSQL: up to now
               auto found = app::readValue<std::vector<domain::AuditEvent>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::AuditEvent>> {
                     return r.audit().search(q);
                   });
               if (!found) return found.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& e : *found) {
                 w.beginObject()
                     .member("kind", "break_glass")
                     .member("seq", e.seq)
                     .member("at", e.at.toString())
                     .member("user_id", e.userId.value)
                     .member("username", e.username)
                     .member("reason", e.reason)
                     .endObject();
               }
               w.endArray().endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("GET", "/api/v1/session", "The signed-in user",
             Access::need(domain::Permission::kSelf),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               return jsonResponse(200, userJson(caller(req), ctx.security.config()), true);
             });

  router.add("DELETE", "/api/v1/session", "Sign out (ends the session on the server)",
             Access::need(domain::Permission::kSelf),
             [&ctx, secureCookies](const Request& req, const PathParams&) -> Result<Response> {
               auto s = ctx.security.logout(caller(req), originOf(req));
               if (!s.ok()) return s.error();
               Response res;
               res.status = 204;
               res.phi = true;
               res.header("Set-Cookie", sessionCookie("", secureCookies, true));
               return res;
             });
}

}  // namespace medoffice::http
