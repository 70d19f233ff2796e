// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/ports/changes.hpp"
#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "app/ports/security.hpp"
#include "app/security/audit_trail.hpp"

namespace medoffice::app {

using domain::Instant;

struct SecurityConfig {
  std::chrono::seconds idleTimeout{15 * 60};
  std::chrono::seconds absoluteTimeout{12 * 60 * 60};
  /// How often a session's last-seen time is written back (idle timeout granularity).
  std::chrono::seconds touchInterval{60};
  /// How long a process trusts a cached session before reading it again (revocations from
  /// another process, e.g. `medoffice user disable`, take effect within this time).
  std::chrono::seconds cacheTtl{5};
  int maxFailuresPerAccount = 5;  ///< in `throttleWindow`
  int maxFailuresPerIp = 30;
  std::chrono::seconds throttleWindow{15 * 60};
  /// Password hashes computed at once (each holds tens of MiB and a core for ~80 ms); 0 = one
  /// per CPU. Up to `hashQueue` more wait up to `hashWait`; beyond that sign-in answers 503, so
  /// that a flood of sign-ins can neither exhaust memory nor occupy every request worker.
  int hashSlots = 0;
  int hashQueue = 16;
  std::chrono::milliseconds hashWait{3000};
};

/// A counting gate for slow work with a bounded queue (see SecurityConfig::hashSlots).
class WorkSlots {
 public:
  WorkSlots(int slots, int queue);
  /// Takes a slot, waiting behind at most `queue` others for at most `wait`. False when busy;
  /// a true result must be paired with release().
  bool acquire(std::chrono::milliseconds wait);
  void release();
  /// Callers waiting now (tests and metrics).
  int waiting();

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int free_;
  int waiting_ = 0;
  const int queue_;
};

struct LoginRequest {
  std::string username;
  std::string password;
  std::string totp;  ///< 6-digit code or a recovery code; empty when not enrolled
  Origin origin;
};

struct LoginResult {
  std::string sessionToken;  ///< the cookie value; only its hash is stored
  std::string csrfToken;
  domain::Principal principal;
  domain::Instant expiresAt;
};

/// A session as a request presents it.
struct Authenticated {
  domain::Principal principal;
  std::string csrfHash;
};

struct NewUser {
  domain::User user;
  std::string password;
};

struct AddedUser {
  domain::User user;
  std::string otpauthUri;                  ///< set when MFA was enrolled
  std::vector<std::string> recoveryCodes;  ///< shown once
};

/// Accounts, sign-in, sessions. Thread-safe. Password hashing runs on the caller's thread, never
/// inside a transaction, so a slow hash never holds the SQLite writer.
class Security {
 public:
  Security(UnitOfWork& uow, const Clock& clock, PasswordHasher& hasher, Secrets& secrets,
           Totp& totp, SecurityConfig config = {});

  /// Adds a user. `actor` is null for the command line (recorded as the system). Roles that
  /// require MFA are enrolled at once: the result carries the otpauth URI and recovery codes.
  Result<AddedUser> addUser(const domain::Principal* actor, const Origin& from,
                            domain::OrganizationId org, NewUser draft);
  Result<domain::User> setUserActive(const domain::Principal* actor, const Origin& from,
                                     domain::OrganizationId org, domain::UserId id, bool active);
  Result<domain::User> resetPassword(const domain::Principal* actor, const Origin& from,
                                     domain::OrganizationId org, domain::UserId id,
                                     const std::string& password);
  Result<std::vector<domain::User>> listUsers(domain::OrganizationId org);
  /// Changes display name, roles and locations (If-Match version). Giving a role that requires
  /// MFA to a user without it is refused: add a new account or enrol first.
  Result<domain::User> updateUser(const domain::Principal* actor, const Origin& from,
                                  domain::OrganizationId org, domain::User changes,
                                  std::int64_t expectedVersion);
  Result<domain::User> getUser(domain::OrganizationId org, domain::UserId id);
  /// Looks a user up by name within an organisation (command line).
  Result<domain::User> findUser(domain::OrganizationId org, const std::string& username);

  /// Signs in. Every failure answers the same kUnauthenticated message after the same work
  /// (an Argon2id verification runs even for unknown users); throttled attempts answer
  /// kTooManyRequests whatever the username. Successes and failures are audited.
  Result<LoginResult> login(const LoginRequest& req);
  /// Resolves a session cookie value. kUnauthenticated when unknown, revoked or expired.
  Result<Authenticated> authenticate(const std::string& sessionToken);
  /// True when `csrfToken` belongs to the session.
  bool csrfMatches(const Authenticated& a, const std::string& csrfToken);
  Status logout(const domain::Principal& who, const Origin& from);

  /// Self-service two-factor enrolment: `enrolMfa` stores a new secret (not yet active) and
  /// returns the otpauth URI; `confirmMfa` checks a code from the app against it, turns it on and
  /// returns ten recovery codes (shown once). Re-enrolment replaces the secret the same way.
  Result<std::string> enrolMfa(const domain::Principal& who, const Origin& from);
  Result<std::vector<std::string>> confirmMfa(const domain::Principal& who, const Origin& from,
                                              const std::string& code);

  /// Break-glass: the signed-in user widens their own access (location limits) for `minutes`
  /// (5-240) for a stated `reason` (at least 10 characters). Flagged in the audit trail; every
  /// event during it carries the flag. Not available to personal access tokens.
  Result<domain::Instant> breakGlass(const domain::Principal& who, const Origin& from,
                                     std::string reason, int minutes);

  /// Personal access tokens: scoped to permissions the user's roles hold, valid for `days`.
  /// The returned secret is shown once (`mo_pat_…`); only its hash is stored.
  Result<std::pair<ApiToken, std::string>> createToken(const domain::Principal& who,
                                                       const Origin& from, std::string name,
                                                       std::vector<domain::Permission> scopes,
                                                       int days);
  Result<std::vector<ApiToken>> listTokens(const domain::Principal& who);
  Status revokeToken(const domain::Principal& who, const Origin& from, std::int64_t id);
  /// Resolves `Authorization: Bearer …`. kUnauthenticated when unknown, revoked or expired.
  Result<domain::Principal> authenticateToken(const std::string& secret);

  /// Drops the sessions and tokens this process cached whenever any process revokes one or
  /// changes a user (app::kSessionsTopic), so a sign-out or a disabled account takes effect
  /// everywhere at once rather than after the cache lifetime. Call once, at start.
  void watchRevocations(ChangeFeed& feed);
  /// Writes an audit event on its own (denials, failures: nothing else to commit with).
  Status auditAlone(domain::AuditEvent e);

  [[nodiscard]] const SecurityConfig& config() const { return config_; }
  [[nodiscard]] Secrets& secrets() { return secrets_; }

 private:
  struct Cached {
    Authenticated auth;
    SessionRecord record;
    std::chrono::steady_clock::time_point checkedAt;
  };
  /// Drops the cached sessions and tokens of a user (roles changed, disabled, new password).
  void forgetUser(domain::UserId id);
  /// True when the account or the address failed too often within the throttle window.
  Result<bool> throttled(const std::string& username, const std::string& ip);
  /// Counts a failed sign-in of the account and the address, with its audit event.
  Status noteFailure(const std::string& username, const std::string& ip, domain::AuditEvent event);
  bool totpMatches(domain::UserId user, const std::string& secret, const std::string& code);
  Result<domain::User> changeUser(const domain::Principal* actor, const Origin& from,
                                  domain::OrganizationId org, domain::UserId id,
                                  const std::function<void(domain::User&)>& change,
                                  const std::string& what);

  UnitOfWork& uow_;
  const Clock& clock_;
  PasswordHasher& hasher_;
  Secrets& secrets_;
  Totp& totp_;
  SecurityConfig config_;
  WorkSlots hashSlots_;
  /// Runs `f` (password hashing) in a hash slot; kUnavailable when the server is saturated.
  template <class F>
  auto hashing(F&& f) -> Result<decltype(f())>;
  /// Verified against for unknown usernames (same timing). Hashed on a background thread at
  /// start-up so that an Argon2id hash does not delay the first answered request.
  std::shared_future<std::string> dummyHash_;

  void forgetAll();
  std::mutex mu_;
  std::unordered_map<std::string, Cached> sessions_;  ///< by token hash
  struct CachedToken {
    domain::Principal principal;
    Instant expiresAt;
    std::chrono::steady_clock::time_point checkedAt;
  };
  std::unordered_map<std::string, CachedToken> tokens_;  ///< by token hash
  /// The subscription of watchRevocations(); declared last, so that it ends (and its wake-up
  /// is no longer running) before the caches it empties are destroyed.
  std::shared_ptr<void> revocations_;
};

}  // namespace medoffice::app
