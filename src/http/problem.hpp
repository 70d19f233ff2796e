// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>

#include "domain/common/error.hpp"
#include "http/message.hpp"

namespace medoffice::http {

/// The one table from domain errors to HTTP: status, problem type and title.
int statusFor(domain::ErrorCode code);

/// An RFC 9457 `application/problem+json` response with `errors: [{field, message}]`.
Response problem(const domain::Error& error);
Response problem(int status, const std::string& title, const std::string& detail,
                 const std::vector<domain::FieldError>& fields = {});

}  // namespace medoffice::http
