// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/common/ids.hpp"
#include "domain/common/time.hpp"
#include "domain/security/access.hpp"

namespace medoffice::domain {

/// What happened. PHI access (read, search, create, update, merge, archive, restore, export,
/// print) and security events (sign-in, failures, sign-out, permission and configuration
/// changes, break-glass, denials).
enum class AuditAction : std::uint8_t {
  kRead,
  kSearch,
  kCreate,
  kUpdate,
  kMerge,
  kArchive,
  kRestore,
  kExport,
  kPrint,
  kLogin,
  kLoginFailed,
  kLogout,
  kPermissionChange,
  kConfigChange,
  kBreakGlass,
  kAccessDenied,
};
std::string_view toString(AuditAction a);
std::optional<AuditAction> parseAuditAction(std::string_view s);

enum class AuditOutcome : std::uint8_t { kSuccess, kDenied, kFailed };
std::string_view toString(AuditOutcome o);
std::optional<AuditOutcome> parseAuditOutcome(std::string_view s);

/// One line of the audit trail. `seq`, `prevMac` and `mac` are set by the chain when stored.
struct AuditEvent {
  std::int64_t seq = 0;
  Instant at;
  OrganizationId organizationId;  ///< invalid for events before anyone is identified
  UserId userId;                  ///< invalid when nobody is signed in (failed sign-in)
  std::string username;           ///< as typed for failed sign-ins, else the account
  std::string ip;
  std::string userAgent;
  AuditAction action = AuditAction::kRead;
  std::string resourceType;  ///< e.g. patient, coverage, session, user
  std::string resourceId;    ///< the record, or the search's criteria names (never their values)
  PatientId patientId;       ///< the patient whose PHI this touched, when one
  AuditOutcome outcome = AuditOutcome::kSuccess;
  std::string reason;       ///< break-glass reason, denial cause, failure cause
  bool breakGlass = false;  ///< access granted under break-glass
  std::string prevMac;      ///< hex HMAC of the previous event (64 zeros for the first)
  std::string mac;          ///< hex HMAC-SHA-256(key, canonical(this event))
};

/// The exact bytes the MAC covers: every field including seq and prevMac, each length-prefixed,
/// so that no two different events share a canonical form.
std::string canonicalAuditText(const AuditEvent& e);

inline constexpr std::string_view kAuditGenesisMac =
    "0000000000000000000000000000000000000000000000000000000000000000";

}  // namespace medoffice::domain
