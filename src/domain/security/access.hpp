// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

using UserId = Id<struct UserTag>;

/// Job roles. A user has one or more.
enum class Role : std::uint8_t { kFrontDesk, kBiller, kClinician, kManager, kAdmin };
inline constexpr Role kAllRoles[] = {Role::kFrontDesk, Role::kBiller, Role::kClinician,
                                     Role::kManager, Role::kAdmin};

std::string_view toString(Role r);
std::optional<Role> parseRole(std::string_view s);
/// admin and manager must enrol TOTP before they can sign in.
bool roleRequiresMfa(Role r);

/// What a route needs. Every route declares exactly one; the matrix in access.cpp maps each
/// permission to the roles that hold it, and anything not listed is denied.
enum class Permission : std::uint8_t {
  kPatientRead,       ///< read and search patients and their coverage
  kPatientWrite,      ///< register and edit patients and coverage, archive, restore
  kPatientMerge,      ///< merge two patient records
  kPracticeRead,      ///< organisation, locations, providers, payers
  kPracticeAdmin,     ///< change organisation, locations, providers, payers
  kUserAdmin,         ///< add, disable and reset users; change roles
  kAuditRead,         ///< search the audit trail, accounting of disclosures
  kAuditExport,       ///< export the audit trail (CSV)
  kBreakGlass,        ///< widen one's own access for a stated reason, for a limited time
  kSelf,              ///< one's own session, password and MFA: every signed-in user
  kScheduleRead,      ///< calendars, slots, appointments, the flow board
  kScheduleWrite,     ///< book, reschedule, cancel, check in and out, waitlist
  kScheduleSetup,     ///< appointment types, rooms, availability templates, blocks
  kOverbook,          ///< book over a conflict or outside the template (audited)
  kBackdate,          ///< book into the past (late entry of a walk-in, corrections)
  kPaymentCollect,    ///< take payments at the desk (co-pays at check-in) and print receipts
  kBillingRead,       ///< guarantor accounts, ledgers and balances, encounters, fee schedules
  kChargeEntry,       ///< code encounters: diagnoses and charge lines, while they are open
  kBillingPost,       ///< finalise and correct encounters, adjust, write off, allocate, refund
  kFeeScheduleAdmin,  ///< change fee schedules and payer-allowed amounts, import them
  kReportRead,        ///< billing reports of the whole practice: AR aging, day sheet, collections
  kStatementRun,      ///< run patient statements and print them
  kClaimSubmit,       ///< build, scrub, batch and send claims; take in acknowledgements
};
inline constexpr int kPermissionCount = 23;

std::string_view toString(Permission p);
std::optional<Permission> parsePermission(std::string_view s);
/// The permission matrix: does any of `roles` hold `p`?
bool allows(const std::vector<Role>& roles, Permission p);
/// The roles that hold `p` (for documentation and the admin UI).
std::vector<Role> rolesWith(Permission p);

/// A member of staff who signs in. Passwords are never stored here, only in the credential
/// store (Argon2id hashes).
struct User {
  UserId id;
  OrganizationId organizationId;
  std::string username;  ///< lowercase, 3-64 of [a-z0-9._-]
  std::string displayName;
  std::vector<Role> roles;
  std::vector<LocationId> locationIds;  ///< empty: every location of the organisation
  bool active = true;
  bool mfaEnabled = false;
  RecordMeta meta;

  [[nodiscard]] bool requiresMfa() const;
};

/// Normalises (lowercases the username, sorts and de-duplicates roles) and validates.
std::vector<FieldError> validate(User& u);
bool isUsername(std::string_view s);

/// The authenticated caller of one request, as the server resolved it from a session or token.
struct Principal {
  UserId userId;
  OrganizationId organizationId;
  std::string username;
  std::vector<Role> roles;
  std::vector<LocationId> locationIds;  ///< empty: all
  std::int64_t sessionId = 0;           ///< 0 for personal access tokens
  std::optional<Instant> breakGlassUntil;
  std::int64_t tokenId = 0;  ///< set for personal access tokens
  /// For personal access tokens: the permissions the token was limited to (within the roles).
  std::optional<std::vector<Permission>> scopes;

  [[nodiscard]] bool can(Permission p) const;
  /// Location limits; lifted while break-glass is active.
  [[nodiscard]] bool mayUseLocation(LocationId l, Instant now) const;
  [[nodiscard]] bool breakingGlass(Instant now) const {
    return breakGlassUntil.has_value() && now < *breakGlassUntil;
  }
};

/// NIST SP 800-63B memorised-secret rules: at least 12 characters (15 without MFA), at most
/// 128, no composition rules; rejected when it is (or, without leading/trailing digits and
/// symbols, is) a common or breached password, is a repetition or sequence, or contains the
/// username. Length counts Unicode code points. Errors name the field `password`.
std::vector<FieldError> checkPassword(std::string_view password, std::string_view username,
                                      bool withMfa);
/// True when `s` (lowercased) is on the shipped list of common and breached passwords.
bool isCommonPassword(std::string_view s);

}  // namespace medoffice::domain
