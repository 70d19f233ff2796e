// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace medoffice::domain {

/// Kinds of expected failure. The domain knows nothing of HTTP; http/ maps these in one table.
enum class ErrorCode {
  kInvalid,               ///< input failed validation; `fields` names what is wrong
  kNotFound,              ///< the resource does not exist (or is not visible to the caller)
  kConflict,              ///< the request conflicts with stored state (duplicate, overlap, state)
  kVersionMismatch,       ///< optimistic concurrency: the stored version differs from If-Match
  kPreconditionRequired,  ///< an update arrived without the version it is based on
  kUnsupported,           ///< the input is in a format this operation does not accept
  kUnauthenticated,       ///< no valid session or token, or sign-in failed
  kForbidden,             ///< signed in, but the roles do not allow this
  kTooManyRequests,       ///< throttled (sign-in attempts)
  kUnavailable,           ///< storage is busy or down; the caller may retry
  kInternal,              ///< a bug or an unexpected storage failure
};

/// One problem with one input field. `field` is a dotted path such as `address.state`.
struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;

  static Error invalid(std::vector<FieldError> fields) {
    return {ErrorCode::kInvalid, "The request has invalid fields.", std::move(fields)};
  }
  static Error invalidField(std::string field, std::string message) {
    return invalid({FieldError{std::move(field), std::move(message)}});
  }
  static Error notFound(std::string what) { return {ErrorCode::kNotFound, std::move(what), {}}; }
  static Error conflict(std::string what, std::vector<FieldError> fields = {}) {
    return {ErrorCode::kConflict, std::move(what), std::move(fields)};
  }
  static Error versionMismatch() {
    return {ErrorCode::kVersionMismatch,
            "The resource was changed by someone else; reload it and try again.",
            {}};
  }
  static Error unauthenticated(std::string what) {
    return {ErrorCode::kUnauthenticated, std::move(what), {}};
  }
  static Error forbidden(std::string what) { return {ErrorCode::kForbidden, std::move(what), {}}; }
  static Error tooManyRequests(std::string what) {
    return {ErrorCode::kTooManyRequests, std::move(what), {}};
  }
  static Error internal(std::string what) { return {ErrorCode::kInternal, std::move(what), {}}; }
  static Error unavailable(std::string what) {
    return {ErrorCode::kUnavailable, std::move(what), {}};
  }
};

/// Collects field errors while validating a whole input, so the caller sees every problem at once.
class FieldErrors {
 public:
  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  void append(const std::vector<FieldError>& more, const std::string& prefix = {}) {
    for (const auto& e : more) errors_.push_back({prefix + e.field, e.message});
  }
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  [[nodiscard]] const std::vector<FieldError>& list() const { return errors_; }
  [[nodiscard]] Error toError() const { return Error::invalid(errors_); }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace medoffice::domain
