// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Helpers shared by the member functions of Security (not part of its interface).

#include <chrono>
#include <cstdint>

#include "app/security/security.hpp"

namespace medoffice::app::security_detail {

inline constexpr const char* kSignInFailed = "The username, password or code is not correct.";

inline std::int64_t micros(std::chrono::seconds s) {
  return std::chrono::duration_cast<std::chrono::microseconds>(s).count();
}

domain::Principal principalOf(const domain::User& u);
domain::Principal principalOf(const domain::User& u, const SessionRecord& s);

}  // namespace medoffice::app::security_detail

namespace medoffice::app {

// The names every Security member file uses (this header is theirs alone).
using domain::AuditAction;
using domain::AuditEvent;
using domain::AuditOutcome;
using domain::Error;
using domain::Instant;
using domain::OrganizationId;
using domain::Principal;
using domain::User;
using domain::UserId;
using namespace security_detail;  // NOLINT(google-build-using-namespace)

}  // namespace medoffice::app

namespace medoffice::app {

template <class F>
auto Security::hashing(F&& f) -> Result<decltype(f())> {
  if (!hashSlots_.acquire(config_.hashWait)) {
    return domain::Error::unavailable(
        "The server is busy checking other sign-ins; try again in a few seconds.");
  }
  struct Release {
    WorkSlots& s;
    ~Release() { s.release(); }
  } release{hashSlots_};
  return f();
}

}  // namespace medoffice::app
