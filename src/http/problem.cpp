// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/problem.hpp"

#include <iterator>

#include <nlohmann/json.hpp>

namespace medoffice::http {

namespace {
struct Mapping {
  domain::ErrorCode code;
  int status;
  const char* title;
};
constexpr Mapping kTable[] = {
    {domain::ErrorCode::kInvalid, 422, "Invalid request"},
    {domain::ErrorCode::kNotFound, 404, "Not found"},
    {domain::ErrorCode::kConflict, 409, "Conflict"},
    {domain::ErrorCode::kVersionMismatch, 412, "Precondition failed"},
    {domain::ErrorCode::kPreconditionRequired, 428, "Precondition required"},
    {domain::ErrorCode::kUnsupported, 415, "Unsupported media type"},
    {domain::ErrorCode::kUnauthenticated, 401, "Unauthorized"},
    {domain::ErrorCode::kForbidden, 403, "Forbidden"},
    {domain::ErrorCode::kTooManyRequests, 429, "Too many requests"},
    {domain::ErrorCode::kUnavailable, 503, "Service unavailable"},
    {domain::ErrorCode::kInternal, 500, "Internal error"},
};
const Mapping& mappingFor(domain::ErrorCode code) {
  for (const auto& m : kTable) {
    if (m.code == code) return m;
  }
  return kTable[std::size(kTable) - 1];
}
}  // namespace

int statusFor(domain::ErrorCode code) {
  return mappingFor(code).status;
}

Response problem(int status, const std::string& title, const std::string& detail,
                 const std::vector<domain::FieldError>& fields) {
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& f : fields) errors.push_back({{"field", f.field}, {"message", f.message}});
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", title},
                         {"status", status},
                         {"detail", detail},
                         {"errors", std::move(errors)}};
  Response r;
  r.status = status;
  r.contentType = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.phi = true;
  return r;
}

Response problem(const domain::Error& error) {
  const Mapping& m = mappingFor(error.code);
  // Internal details can hold storage messages; they go to the log, never to the client.
  std::string detail = error.code == domain::ErrorCode::kInternal
                           ? "The server could not complete the request."
                           : error.message;
  return problem(m.status, m.title, detail, error.fields);
}

}  // namespace medoffice::http
