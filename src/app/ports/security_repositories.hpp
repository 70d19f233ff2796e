// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/security/access.hpp"

namespace medoffice::app {

/// A user with what only sign-in needs: the password hash and the second factor.
struct Credentials {
  domain::User user;
  std::string passwordHash;                     ///< Argon2id (libsodium crypto_pwhash_str)
  std::string mfaSecret;                        ///< sealed TOTP secret; empty when none
  std::vector<std::string> recoveryCodeHashes;  ///< SHA-256 hex of unused recovery codes
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  /// kConflict naming `username` when it is taken (usernames are unique across organisations).
  virtual Result<domain::User> insert(const domain::User& u, const std::string& passwordHash,
                                      domain::Instant now) = 0;
  /// Roles, locations, display name and active flag; kVersionMismatch when stale.
  virtual Result<domain::User> update(const domain::User& u, std::int64_t expectedVersion,
                                      domain::Instant now) = 0;
  virtual std::optional<domain::User> get(domain::OrganizationId org, domain::UserId id) = 0;
  virtual std::vector<domain::User> list(domain::OrganizationId org) = 0;
  /// Looks a username up in every organisation (sign-in does not name one).
  virtual std::optional<Credentials> credentials(const std::string& username) = 0;
  virtual void setPassword(domain::UserId id, const std::string& passwordHash,
                           domain::Instant now) = 0;
  /// Stores a sealed TOTP secret (enabled=false while enrolment is unconfirmed) and the hashes of
  /// fresh recovery codes.
  virtual void setMfa(domain::UserId id, const std::string& sealedSecret, bool enabled,
                      const std::vector<std::string>& recoveryCodeHashes, domain::Instant now) = 0;
  virtual void setRecoveryCodes(domain::UserId id, const std::vector<std::string>& hashes) = 0;
  /// A sealed TOTP secret awaiting confirmation ("" clears it).
  virtual void setPendingMfa(domain::UserId id, const std::string& sealedSecret) = 0;
  virtual std::string pendingMfa(domain::UserId id) = 0;
  /// Records that the TOTP code of time step `step` was used by `id`; false when that step or a
  /// later one was used already (a code is good once, whichever process checks it).
  virtual bool useTotpStep(domain::UserId id, std::int64_t step) = 0;
  /// How many users exist at all (the first admin may be created without signing in).
  virtual std::int64_t count() = 0;
};

/// A signed-in browser session. The cookie value and the CSRF token are only stored hashed.
struct SessionRecord {
  std::int64_t id = 0;
  std::string tokenHash;
  std::string csrfHash;
  domain::UserId userId;
  domain::OrganizationId organizationId;
  domain::Instant createdAt;
  domain::Instant lastSeenAt;
  domain::Instant expiresAt;  ///< absolute limit
  std::optional<domain::Instant> revokedAt;
  std::optional<domain::Instant> breakGlassUntil;
  std::string breakGlassReason;
  std::string ip;
  std::string userAgent;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual std::int64_t insert(const SessionRecord& s) = 0;
  virtual std::optional<SessionRecord> findByTokenHash(const std::string& tokenHash) = 0;
  virtual void touch(std::int64_t id, domain::Instant lastSeen) = 0;
  virtual void revoke(std::int64_t id, domain::Instant at) = 0;
  /// Ends every session of a user (disabled account, password reset).
  virtual void revokeAllForUser(domain::UserId id, domain::Instant at) = 0;
  virtual void setBreakGlass(std::int64_t id, domain::Instant until, const std::string& reason) = 0;
};

/// A personal access token (the secret itself is shown once and stored only as a hash).
struct ApiToken {
  std::int64_t id = 0;
  domain::UserId userId;
  domain::OrganizationId organizationId;
  std::string name;
  std::string tokenHash;
  std::vector<domain::Permission> scopes;
  domain::Instant createdAt;
  domain::Instant expiresAt;
  std::optional<domain::Instant> revokedAt;
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  virtual std::int64_t insert(const ApiToken& t) = 0;
  virtual std::optional<ApiToken> findByHash(const std::string& tokenHash) = 0;
  virtual std::vector<ApiToken> listForUser(domain::UserId user) = 0;
  /// False when the token is not the user's (or does not exist).
  virtual bool revoke(domain::UserId user, std::int64_t id, domain::Instant at) = 0;
};

/// Failed sign-ins by key ("u:<username>", "ip:<address>"), kept in the database so that every
/// `serve` process counts the same failures and no flood of other keys makes it forget one.
class LoginThrottleRepository {
 public:
  virtual ~LoginThrottleRepository() = default;
  /// For each key, how many failures were recorded at or after `since`.
  virtual std::vector<std::int64_t> failuresSince(const std::vector<std::string>& keys,
                                                  domain::Instant since) = 0;
  /// Records one failure of each key at `at`, and forgets every failure before `forgetBefore`
  /// (those no longer count anywhere).
  virtual void recordFailure(const std::vector<std::string>& keys, domain::Instant at,
                             domain::Instant forgetBefore) = 0;
};

}  // namespace medoffice::app
