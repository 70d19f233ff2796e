// SPDX-License-Identifier: AGPL-3.0-or-later
// User administration for admins (the same operations as `medoffice user …`).
#include "http/routes/user_routes.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/json/json_writer.hpp"
#include "codecs/json/registry_json.hpp"

namespace medoffice::http {

using domain::Error;
using domain::Result;

namespace {

std::string userJson(const domain::User& u) {
  codecs::JsonWriter w;
  w.beginObject()
      .member("id", u.id.value)
      .member("organization_id", u.organizationId.value)
      .member("username", u.username)
      .member("display_name", u.displayName)
      .key("roles")
      .beginArray();
  for (auto r : u.roles) w.value(domain::toString(r));
  w.endArray().key("location_ids").beginArray();
  for (auto l : u.locationIds) w.value(l.value);
  w.endArray()
      .member("active", u.active)
      .member("mfa_enabled", u.mfaEnabled)
      .member("version", u.meta.version)
      .member("created_at", u.meta.createdAt.toString())
      .member("updated_at", u.meta.updatedAt.toString())
      .endObject();
  return w.take();
}

/// Reads display_name, roles and location_ids (and, when `withCreate`, username and password).
Result<app::NewUser> readUser(const nlohmann::json& body, bool withCreate) {
  domain::FieldErrors errors;
  codecs::ObjectReader r(body, errors);
  r.ignore(
      {"id", "organization_id", "active", "mfa_enabled", "version", "created_at", "updated_at"});
  app::NewUser out;
  if (withCreate) {
    out.user.username = r.str("username");
    out.password = r.str("password");
    if (out.password.empty()) errors.add("password", "is required");
  } else {
    r.ignore({"username"});
  }
  out.user.displayName = r.str("display_name");
  if (auto it = body.find("roles"); it != body.end()) {
    if (!it->is_array()) {
      errors.add("roles", "must be an array of role names");
    } else {
      for (const auto& v : *it) {
        auto role = v.is_string() ? domain::parseRole(v.get<std::string>()) : std::nullopt;
        if (!role) {
          errors.add("roles", "must be front_desk, biller, clinician, manager or admin");
        } else {
          out.user.roles.push_back(*role);
        }
      }
    }
  }
  r.ignore({"roles"});
  for (auto id : r.idArray("location_ids")) out.user.locationIds.emplace_back(id);
  r.finish();
  if (!errors.empty()) return errors.toError();
  return out;
}

}  // namespace

void registerUserRoutes(Router& router, ApiContext& ctx) {
  const Access admin = Access::need(domain::Permission::kUserAdmin);

  router.add("GET", "/api/v1/users", "Users of your organization", admin,
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto list = ctx.security.listUsers(caller(req).organizationId);
               if (!list) return list.error();
               std::string body = "{\"items\":[";
               for (std::size_t k = 0; k < list->size(); ++k) {
                 if (k) body += ',';
                 body += userJson((*list)[k]);
               }
               body += "],\"next_cursor\":null}";
               return jsonResponse(200, std::move(body), true);
             });

  router.add("POST", "/api/v1/users",
             "Add a user {username, display_name, roles[], location_ids[], password}", admin,
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto body = jsonBody(req);
               if (!body) return body.error();
               auto draft = readUser(*body, true);
               if (!draft) return draft.error();
               auto added = ctx.security.addUser(&caller(req), originOf(req),
                                                 caller(req).organizationId, std::move(*draft));
               if (!added) return added.error();
               auto extra = codecs::JsonWriter::memberList();
               if (!added->otpauthUri.empty()) {
                 extra.member("otpauth_uri", added->otpauthUri).key("recovery_codes").beginArray();
                 for (const auto& c : added->recoveryCodes) extra.value(c);
                 extra.endArray();
               }
               Response res =
                   jsonResponse(201, codecs::withMembers(userJson(added->user), extra.str()), true);
               res.header("Location", "/api/v1/users/" + std::to_string(added->user.id.value));
               return withEtag(std::move(res), added->user.meta.version);
             });

  router.add("GET", "/api/v1/users/{id}", "Read a user", admin,
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto u = ctx.security.getUser(caller(req).organizationId, domain::UserId(*id));
               if (!u) return u.error();
               return withEtag(jsonResponse(200, userJson(*u), true), u->meta.version);
             });

  router.add("PUT", "/api/v1/users/{id}",
             "Change a user's display name, roles and locations (If-Match)", admin,
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto version = ifMatch(req);
               if (!version) return version.error();
               auto body = jsonBody(req);
               if (!body) return body.error();
               auto draft = readUser(*body, false);
               if (!draft) return draft.error();
               const auto org = caller(req).organizationId;
               std::int64_t expected = 0;
               if (*version) {
                 expected = **version;
               } else {
                 auto cur = ctx.security.getUser(org, domain::UserId(*id));
                 if (!cur) return cur.error();
                 expected = cur->meta.version;
               }
               draft->user.id = domain::UserId(*id);
               auto out = ctx.security.updateUser(&caller(req), originOf(req), org,
                                                  std::move(draft->user), expected);
               if (!out) return out.error();
               return withEtag(jsonResponse(200, userJson(*out), true), out->meta.version);
             });

  for (bool enable : {false, true}) {
    router.add("POST", std::string("/api/v1/users/{id}/") + (enable ? "enable" : "disable"),
               enable ? "Enable a user" : "Disable a user (ends their sessions and tokens)", admin,
               [&ctx, enable](const Request& req, const PathParams& params) -> Result<Response> {
                 auto id = pathId(params, "id");
                 if (!id) return id.error();
                 if (!enable && *id == caller(req).userId.value) {
                   return Error::conflict("You cannot disable your own account.");
                 }
                 auto out = ctx.security.setUserActive(&caller(req), originOf(req),
                                                       caller(req).organizationId,
                                                       domain::UserId(*id), enable);
                 if (!out) return out.error();
                 return withEtag(jsonResponse(200, userJson(*out), true), out->meta.version);
               });
  }

  router.add("POST", "/api/v1/users/{id}/reset-password",
             "Set a new password {password}; ends the user's sessions", admin,
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto body = jsonBody(req);
               if (!body) return body.error();
               domain::FieldErrors errors;
               codecs::ObjectReader r(*body, errors);
               std::string password = r.str("password");
               r.finish();
               if (password.empty()) errors.add("password", "is required");
               if (!errors.empty()) return errors.toError();
               auto out = ctx.security.resetPassword(&caller(req), originOf(req),
                                                     caller(req).organizationId,
                                                     domain::UserId(*id), password);
               if (!out) return out.error();
               Response res;
               res.status = 204;
               return res;
             });
}

}  // namespace medoffice::http
