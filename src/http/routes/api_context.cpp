// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/routes/api_context.hpp"

#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "codecs/json/json_reader.hpp"

namespace medoffice::http {

using domain::Error;

const domain::Principal& caller(const Request& req) {
  // dispatch() sets the principal before any protected handler runs; an open route that calls
  // this is a programming error.
  if (!req.principal) throw std::logic_error("caller() on a route without a signed-in caller");
  return *req.principal;
}

app::Origin originOf(const Request& req) {
  return {req.remoteIp, req.header("user-agent").substr(0, 256)};
}

void audit(Repositories& r, ApiContext& ctx, const Request& req, domain::AuditAction action,
           std::string resourceType, std::string resourceId, domain::PatientId patient) {
  app::audit::record(
      r, ctx.security.secrets(),
      app::audit::event(req.principal ? &*req.principal : nullptr, originOf(req), ctx.clock.now(),
                        action, std::move(resourceType), std::move(resourceId), patient));
}

domain::Result<nlohmann::json> jsonBody(const Request& req, bool allowMergePatch) {
  std::string ct = req.header("content-type");
  auto semi = ct.find(';');
  std::string base = ct.substr(0, semi);
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (auto& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (base != "application/json" && !(allowMergePatch && base == "application/merge-patch+json")) {
    return Error{domain::ErrorCode::kUnsupported,
                 "Send the body as JSON.",
                 {{"Content-Type", allowMergePatch
                                       ? "must be application/merge-patch+json or application/json"
                                       : "must be application/json"}}};
  }
  return codecs::parseObject(req.body);
}

std::optional<std::int64_t> positiveInteger(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

domain::Result<std::int64_t> pathId(const PathParams& params, const char* name) {
  auto it = params.find(name);
  std::int64_t v = 0;
  if (it != params.end()) {
    const auto& s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && v > 0 && s[0] != '0') return v;
  }
  return Error::notFound("No resource has this id.");
}

domain::Result<std::optional<std::int64_t>> optionalIfMatch(const Request& req) {
  if (req.header("if-match").empty()) return std::optional<std::int64_t>{};
  return ifMatch(req);
}

domain::Result<std::optional<std::int64_t>> ifMatch(const Request& req) {
  std::string v = req.header("if-match");
  if (v.empty()) {
    return Error{domain::ErrorCode::kPreconditionRequired,
                 "Send If-Match with the ETag you read, so that changes by others are not lost.",
                 {{"If-Match", "is required"}}};
  }
  if (v == "*") return std::optional<std::int64_t>{};
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 3 && v.front() == '"' && v.back() == '"') {
    std::string n = v.substr(1, v.size() - 2);
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), out);
    if (ec == std::errc() && p == n.data() + n.size() && out > 0) {
      return std::optional<std::int64_t>(out);
    }
  }
  return Error::versionMismatch();
}

std::string etagFor(std::int64_t version) {
  return "\"" + std::to_string(version) + "\"";
}

Response withEtag(Response r, std::int64_t version) {
  r.header("ETag", etagFor(version));
  return r;
}

Response jsonResponse(int status, const nlohmann::json& body, bool phi) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.phi = phi;
  return r;
}

Response jsonResponse(int status, std::string body, bool phi) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.phi = phi;
  return r;
}

std::string fingerprint(const Request& req) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  };
  mix(req.method);
  mix(req.path);
  mix(req.body);
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

domain::Result<std::string> idempotencyKey(const Request& req) {
  std::string key = req.header("idempotency-key");
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"')
    key = key.substr(1, key.size() - 2);
  if (key.size() > 255)
    return Error::invalidField("Idempotency-Key", "must be at most 255 characters");
  for (char c : key) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) {
      return Error::invalidField("Idempotency-Key", "must be printable ASCII");
    }
  }
  return key;
}

std::int64_t queryId(QueryReader& q, domain::FieldErrors& e, const char* name) {
  auto v = q.get(name);
  if (!v) return 0;
  auto id = positiveInteger(*v);
  if (!id) e.add(name, "must be a positive integer id");
  return id.value_or(0);
}

domain::Instant queryInstant(QueryReader& q, domain::FieldErrors& e, const char* name,
                             std::optional<domain::Instant> fallback) {
  using domain::Instant;
  auto v = q.get(name);
  if (!v) {
    if (!fallback) e.add(name, "is required (RFC 3339)");
    return fallback.value_or(Instant());
  }
  auto t = Instant::parse(*v);
  if (!t) e.add(name, "must be an RFC 3339 date-time such as 2026-12-01T15:00:00Z");
  return t.value_or(fallback.value_or(Instant()));
}

domain::Status noBody(const Request& req) {
  if (req.body.empty()) return {};
  auto body = jsonBody(req);
  if (!body) return body.error();
  domain::FieldErrors e;
  codecs::ObjectReader in(*body, e);
  in.finish();
  if (!e.empty()) return e.toError();
  return {};
}

Response fromStored(app::StoredResponse stored, bool phi) {
  Response res;
  res.status = stored.status;
  res.body = std::move(stored.body);
  res.phi = phi;
  if (!stored.location.empty()) res.header("Location", stored.location);
  if (!stored.etag.empty()) res.header("ETag", stored.etag);
  return res;
}

app::StoredResponse toStored(Response res) {
  app::StoredResponse s;
  s.status = res.status;
  s.body = std::move(res.body);
  for (auto& [name, value] : res.headers) {
    if (name == "Location") s.location = value;
    if (name == "ETag") s.etag = value;
  }
  return s;
}

}  // namespace medoffice::http
