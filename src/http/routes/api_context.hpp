// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/claims/claims.hpp"
#include "app/ports/clearinghouse.hpp"
#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "app/registry.hpp"
#include "app/security.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace medoffice::http {

using app::Repositories;

/// What route handlers need, wired by the composition root. Thread-safe.
class ApiContext {
 public:
  ApiContext(app::UnitOfWork& uow, const app::Clock& clock, const app::TimeZones& zones,
             app::Security& security)
      : uow(uow), clock(clock), zones(zones), security(security) {}

  app::UnitOfWork& uow;
  const app::Clock& clock;
  const app::TimeZones& zones;
  app::Security& security;
  /// Appointment changes also write HL7 v2 SIU messages to the outbox (serve --hl7-outbox).
  bool hl7Outbox = false;
  /// Committed changes, for live screens (the flow board). Null: live screens poll.
  app::ChangeFeed* changes = nullptr;
  /// Where the DejaVu fonts that statements and receipts embed are (serve --font-dir).
  std::string fontDir = "/usr/share/fonts/truetype/dejavu";
  /// Claims: the formats and the practice's scrubber rules. Null: claim routes answer 503.
  const app::claims::ClaimsSetup* claims = nullptr;
  /// Opens a clearinghouse's transport (file drop or SFTP) to send batches.
  app::ClearinghouseTransports* transports = nullptr;
};

/// The caller of a protected route (dispatch() admitted it before the handler ran).
const domain::Principal& caller(const Request& req);
/// Where the request came from, for the audit trail (peer address and User-Agent).
app::Origin originOf(const Request& req);
/// Writes one audit event for the caller, in the transaction of `r`.
void audit(Repositories& r, ApiContext& ctx, const Request& req, domain::AuditAction action,
           std::string resourceType, std::string resourceId = {}, domain::PatientId patient = {});

// ---- helpers shared by route files ----

/// The JSON object in the body; 415 unless the Content-Type is JSON, 422 naming `body` when
/// malformed. A 415 comes back as an error with code kInvalid and field `Content-Type`.
domain::Result<nlohmann::json> jsonBody(const Request& req, bool allowMergePatch = false);
/// For actions that take no parameters: an empty body, or an empty JSON object. Anything else is
/// refused like any bad body (415, 422 naming `body` or the unknown member).
domain::Status noBody(const Request& req);
/// A positive decimal integer (query parameters, filters); nullopt for anything else.
std::optional<std::int64_t> positiveInteger(std::string_view s);
/// A whole list as one page (lists that are bounded by their query, not paged).
template <class T>
app::Page<T> allOf(std::vector<T> items) {
  return {std::move(items), {}};
}
/// An optional positive id query parameter: 0 when absent; a bad one is an error naming it.
std::int64_t queryId(QueryReader& q, domain::FieldErrors& e, const char* name);
/// An RFC 3339 query parameter; without a fallback it is required.
domain::Instant queryInstant(QueryReader& q, domain::FieldErrors& e, const char* name,
                             std::optional<domain::Instant> fallback = std::nullopt);
/// A positive integer path parameter; anything else is a 404 (no such resource).
domain::Result<std::int64_t> pathId(const PathParams& params, const char* name);
/// The version in `If-Match: "N"`; kPreconditionRequired when absent. `*` yields nullopt.
domain::Result<std::optional<std::int64_t>> ifMatch(const Request& req);
/// If-Match when sent, for actions that also work without it (then: whatever the version).
domain::Result<std::optional<std::int64_t>> optionalIfMatch(const Request& req);
std::string etagFor(std::int64_t version);
/// `r` with `ETag: "version"`.
Response withEtag(Response r, std::int64_t version);
Response jsonResponse(int status, const nlohmann::json& body, bool phi);
/// The same with a body already encoded as JSON text.
Response jsonResponse(int status, std::string body, bool phi);
/// A stable hash of method, path and body for Idempotency-Key matching.
std::string fingerprint(const Request& req);
/// Validated Idempotency-Key header (empty when absent).
domain::Result<std::string> idempotencyKey(const Request& req);

/// The Response of a stored (idempotent) answer, and the StoredResponse of an answer.
Response fromStored(app::StoredResponse stored, bool phi);
app::StoredResponse toStored(Response res);

/// A create (POST answering 201) that honours Idempotency-Key (`key`, validated by
/// idempotencyKey(); empty when the request has none). Without a key, `change` runs in its own
/// write transaction and `answer` encodes its result afterwards. With a key, the change and its
/// answer are stored in one transaction, and a retry with the same key and body gets that
/// answer again instead of a second change (the same key with another body: 409). `phi` marks
/// the replayed answer as `answer` marks a fresh one.
template <class T>
domain::Result<Response> createOnce(ApiContext& ctx, const Request& req, const std::string& key,
                                    bool phi,
                                    const std::function<domain::Result<T>(Repositories&)>& change,
                                    const std::function<Response(const T&)>& answer) {
  if (key.empty()) {
    auto done = app::writeValue<T>(ctx.uow, change);
    if (!done) return done.error();
    return answer(*done);
  }
  auto stored = app::idempotentPost(ctx.uow, ctx.clock.now(), caller(req).organizationId, key,
                                    fingerprint(req),
                                    [&](Repositories& r) -> domain::Result<app::StoredResponse> {
                                      auto done = change(r);
                                      if (!done) return done.error();
                                      return toStored(answer(*done));
                                    });
  if (!stored) return stored.error();
  return fromStored(std::move(*stored), phi);
}

}  // namespace medoffice::http
