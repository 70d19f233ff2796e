// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/security/internal.hpp"

#include <algorithm>
#include <thread>

#include "domain/common/validation.hpp"

namespace medoffice::app {

WorkSlots::WorkSlots(int slots, int queue)
    : free_(std::max(1, slots)), queue_(std::max(0, queue)) {}

bool WorkSlots::acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(m_);
  if (free_ > 0) {
    --free_;
    return true;
  }
  if (waiting_ >= queue_) return false;
  ++waiting_;
  const bool got = cv_.wait_for(lock, wait, [&] { return free_ > 0; });
  --waiting_;
  if (got) --free_;
  return got;
}

int WorkSlots::waiting() {
  std::lock_guard lock(m_);
  return waiting_;
}

void WorkSlots::release() {
  {
    std::lock_guard lock(m_);
    ++free_;
  }
  cv_.notify_one();
}

Security::Security(UnitOfWork& uow, const Clock& clock, PasswordHasher& hasher, Secrets& secrets,
                   Totp& totp, SecurityConfig config)
    : uow_(uow),
      clock_(clock),
      hasher_(hasher),
      secrets_(secrets),
      totp_(totp),
      config_(config),
      hashSlots_(config.hashSlots > 0
                     ? config.hashSlots
                     : std::max(1, static_cast<int>(std::thread::hardware_concurrency())),
                 config.hashQueue),
      dummyHash_(std::async(std::launch::async, [&hasher, seed = secrets.randomToken(24)] {
                   return hasher.hash(seed);
                 }).share()) {}

namespace {

/// The keys a sign-in attempt is counted under: the account and the address.
std::vector<std::string> throttleKeys(const std::string& username, const std::string& ip) {
  return {"u:" + username, "ip:" + ip};
}

}  // namespace

Result<bool> Security::throttled(const std::string& username, const std::string& ip) {
  // Counted in the database: every process sees the same failures, and a flood of other names
  // cannot push an account's count out of memory.
  const Instant since = Instant::fromMicros(clock_.now().micros() - micros(config_.throttleWindow));
  auto counts = readValue<std::vector<std::int64_t>>(
      uow_, [&](Repositories& r) -> Result<std::vector<std::int64_t>> {
        return r.loginThrottle().failuresSince(throttleKeys(username, ip), since);
      });
  if (!counts) return counts.error();
  return (*counts)[0] >= config_.maxFailuresPerAccount || (*counts)[1] >= config_.maxFailuresPerIp;
}

Status Security::noteFailure(const std::string& username, const std::string& ip, AuditEvent event) {
  const Instant now = clock_.now();
  const Instant forget = Instant::fromMicros(now.micros() - micros(config_.throttleWindow));
  return uow_.write([&](Repositories& r) -> Status {
    r.loginThrottle().recordFailure(throttleKeys(username, ip), now, forget);
    audit::record(r, secrets_, std::move(event));
    return {};
  });
}

Result<LoginResult> Security::login(const LoginRequest& req) {
  const std::string username = domain::validation::asciiLower(req.username.substr(0, 128));
  const Instant now = clock_.now();
  auto failed = [&](std::string reason, const Credentials* c) -> Error {
    auto e = audit::event(nullptr, req.origin, now, AuditAction::kLoginFailed, "session");
    e.username = username;
    if (c != nullptr) {
      e.organizationId = c->user.organizationId;
      e.userId = c->user.id;
    }
    e.outcome = AuditOutcome::kFailed;
    e.reason = std::move(reason);
    (void)noteFailure(username, req.origin.ip, std::move(e));
    return Error::unauthenticated(kSignInFailed);
  };
  auto throttle = throttled(username, req.origin.ip);
  if (!throttle) return throttle.error();
  if (*throttle) {
    auto e = audit::event(nullptr, req.origin, now, AuditAction::kLoginFailed, "session");
    e.username = username;
    e.outcome = AuditOutcome::kDenied;
    e.reason = "throttled";
    (void)auditAlone(std::move(e));
    return Error::tooManyRequests(
        "Too many sign-in attempts for this account or address; wait 15 minutes and try again.");
  }
  auto creds = readValue<std::optional<Credentials>>(
      uow_, [&](Repositories& r) -> Result<std::optional<Credentials>> {
        return r.users().credentials(username);
      });
  if (!creds) return creds.error();
  const Credentials* c = creds->has_value() ? &**creds : nullptr;
  // The same Argon2id work whether or not the user exists.
  auto passwordOk = hashing([&] {
    if (c != nullptr) return hasher_.verify(c->passwordHash, req.password);
    (void)hasher_.verify(dummyHash_.get(), req.password);
    return false;
  });
  if (!passwordOk) {
    auto e = audit::event(nullptr, req.origin, now, AuditAction::kLoginFailed, "session");
    e.username = username;
    e.outcome = AuditOutcome::kDenied;
    e.reason = "sign-in capacity exceeded";
    (void)auditAlone(std::move(e));
    return passwordOk.error();
  }
  if (c == nullptr) return failed("unknown username", nullptr);
  if (!*passwordOk) return failed("wrong password", c);
  if (!c->user.active) return failed("account disabled", c);
  std::optional<std::string> usedRecoveryCode;
  if (c->user.mfaEnabled || c->user.requiresMfa()) {
    if (!c->user.mfaEnabled) return failed("two-factor sign-in required but not enrolled", c);
    if (req.totp.empty()) {
      return Error{domain::ErrorCode::kUnauthenticated,
                   "Enter the 6-digit code from your authenticator app, or a recovery code.",
                   {{"totp", "is required"}}};
    }
    auto secret = secrets_.open(c->mfaSecret);
    if (!secret) return failed("two-factor secret unreadable (wrong server key?)", c);
    const bool sixDigits =
        req.totp.size() == 6 && std::all_of(req.totp.begin(), req.totp.end(),
                                            [](char ch) { return ch >= '0' && ch <= '9'; });
    if (sixDigits) {
      if (!totpMatches(c->user.id, *secret, req.totp)) return failed("wrong one-time code", c);
    } else {
      std::string h = secrets_.sha256(req.totp);
      auto& codes = c->recoveryCodeHashes;
      if (std::find(codes.begin(), codes.end(), h) == codes.end()) {
        return failed("wrong recovery code", c);
      }
      usedRecoveryCode = h;
    }
  }
  // Hashes made with older Argon2id parameters are renewed at sign-in, so that every account
  // costs the same to check (and the same as an unknown username).
  std::optional<std::string> rehashed;
  if (hasher_.needsRehash(c->passwordHash)) {
    // When the server is saturated the renewal waits for a later sign-in.
    if (auto h = hashing([&] { return hasher_.hash(req.password); })) rehashed = std::move(*h);
  }
  LoginResult out;
  out.sessionToken = secrets_.randomToken(32);
  out.csrfToken = secrets_.randomToken(32);
  SessionRecord s;
  s.tokenHash = secrets_.sha256(out.sessionToken);
  s.csrfHash = secrets_.sha256(out.csrfToken);
  s.userId = c->user.id;
  s.organizationId = c->user.organizationId;
  s.createdAt = now;
  s.lastSeenAt = now;
  s.expiresAt = Instant::fromMicros(now.micros() + micros(config_.absoluteTimeout));
  s.ip = req.origin.ip;
  s.userAgent = req.origin.userAgent.substr(0, 256);
  auto stored = writeValue<std::int64_t>(uow_, [&](Repositories& r) -> Result<std::int64_t> {
    if (usedRecoveryCode) {
      std::vector<std::string> left;
      for (const auto& h : c->recoveryCodeHashes) {
        if (h != *usedRecoveryCode) left.push_back(h);
      }
      r.users().setRecoveryCodes(c->user.id, left);
    }
    if (rehashed) r.users().setPassword(c->user.id, *rehashed, now);
    s.id = r.sessions().insert(s);
    Principal p = principalOf(c->user, s);
    auto e =
        audit::event(&p, req.origin, now, AuditAction::kLogin, "session", std::to_string(s.id));
    if (usedRecoveryCode) e.reason = "signed in with a recovery code";
    audit::record(r, secrets_, std::move(e));
    return s.id;
  });
  if (!stored) return stored.error();
  out.principal = principalOf(c->user, s);
  out.expiresAt = s.expiresAt;
  std::lock_guard lock(mu_);
  sessions_[s.tokenHash] = Cached{{out.principal, s.csrfHash}, s, std::chrono::steady_clock::now()};
  return out;
}

Result<Authenticated> Security::authenticate(const std::string& sessionToken) {
  if (sessionToken.empty() || sessionToken.size() > 128) {
    return Error::unauthenticated("Sign in first.");
  }
  const std::string hash = secrets_.sha256(sessionToken);
  const Instant now = clock_.now();
  const auto steadyNow = std::chrono::steady_clock::now();
  auto expired = [&](const SessionRecord& s) {
    return s.revokedAt.has_value() || now >= s.expiresAt ||
           now.micros() - s.lastSeenAt.micros() >= micros(config_.idleTimeout);
  };
  std::optional<Cached> cached;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(hash);
    if (it != sessions_.end() && steadyNow - it->second.checkedAt < config_.cacheTtl) {
      cached = it->second;
    }
  }
  bool changed = !cached;  // the cache is written back only when this call learnt something
  if (!cached) {
    auto loaded = readValue<std::optional<Cached>>(
        uow_, [&](Repositories& r) -> Result<std::optional<Cached>> {
          auto s = r.sessions().findByTokenHash(hash);
          if (!s) return std::optional<Cached>{};
          auto u = r.users().get(s->organizationId, s->userId);
          if (!u || !u->active) return std::optional<Cached>{};
          return std::optional<Cached>(Cached{{principalOf(*u, *s), s->csrfHash}, *s, steadyNow});
        });
    if (!loaded) return loaded.error();
    if (!loaded->has_value()) return Error::unauthenticated("Sign in first.");
    cached = std::move(**loaded);
  }
  if (expired(cached->record)) {
    std::lock_guard lock(mu_);
    sessions_.erase(hash);
    return Error::unauthenticated("The session has ended; sign in again.");
  }
  if (now.micros() - cached->record.lastSeenAt.micros() >= micros(config_.touchInterval)) {
    const std::int64_t id = cached->record.id;
    auto touched = uow_.write([&](Repositories& r) -> Status {
      r.sessions().touch(id, now);
      return {};
    });
    if (!touched.ok()) return touched.error();
    cached->record.lastSeenAt = now;
    changed = true;
  }
  if (changed) {
    std::lock_guard lock(mu_);
    if (sessions_.size() > 100000) sessions_.clear();
    sessions_[hash] = *cached;
  }
  return std::move(cached->auth);
}

bool Security::csrfMatches(const Authenticated& a, const std::string& csrfToken) {
  if (csrfToken.empty() || csrfToken.size() > 128) return false;
  return secrets_.equal(secrets_.sha256(csrfToken), a.csrfHash);
}

Status Security::logout(const Principal& who, const Origin& from) {
  const Instant now = clock_.now();
  Status s = uow_.write([&](Repositories& r) -> Status {
    r.sessions().revoke(who.sessionId, now);
    r.changes().publish(kSessionsTopic);  // every process drops its cached sessions
    audit::record(r, secrets_,
                  audit::event(&who, from, now, AuditAction::kLogout, "session",
                               std::to_string(who.sessionId)));
    return {};
  });
  std::lock_guard lock(mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.record.id == who.sessionId; });
  return s;
}

Result<Instant> Security::breakGlass(const Principal& who, const Origin& from, std::string reason,
                                     int minutes) {
  domain::FieldErrors errors;
  if (who.sessionId == 0) return Error::forbidden("Break-glass needs a signed-in session.");
  domain::checkText(reason, errors, "reason", true, 500);
  if (errors.empty() && reason.size() < 10) {
    errors.add("reason", "must say why, in at least 10 characters");
  }
  if (minutes < 5 || minutes > 240) errors.add("minutes", "must be between 5 and 240");
  if (!errors.empty()) return errors.toError();
  const Instant now = clock_.now();
  const Instant until = Instant::fromMicros(now.micros() + std::int64_t{minutes} * 60'000'000);
  Status s = uow_.write([&](Repositories& r) -> Status {
    r.sessions().setBreakGlass(who.sessionId, until, reason);
    r.changes().publish(kSessionsTopic);  // every process drops its cached sessions
    auto e = audit::event(&who, from, now, AuditAction::kBreakGlass, "session",
                          std::to_string(who.sessionId));
    e.breakGlass = true;
    e.reason = reason + " (until " + until.toString() + ")";
    audit::record(r, secrets_, std::move(e));
    return {};
  });
  if (!s.ok()) return s.error();
  std::lock_guard lock(mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.record.id == who.sessionId; });
  return until;
}

Status Security::auditAlone(AuditEvent e) {
  if (e.at.micros() == 0) e.at = clock_.now();
  return uow_.write([&](Repositories& r) -> Status {
    audit::record(r, secrets_, e);
    return {};
  });
}

}  // namespace medoffice::app
