// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/security.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

#include "domain/common/validation.hpp"

namespace medoffice::app {

using domain::AuditAction;
using domain::AuditEvent;
using domain::AuditOutcome;
using domain::Error;
using domain::Instant;
using domain::OrganizationId;
using domain::Principal;
using domain::User;
using domain::UserId;

namespace audit {

namespace {
void link(AuditEvent& e, AuditHead& head, Secrets& secrets) {
  e.seq = head.seq + 1;
  e.prevMac = head.mac;
  e.mac = secrets.auditMac(domain::canonicalAuditText(e));
  head = {e.seq, e.mac};
}
}  // namespace

void record(Repositories& r, Secrets& secrets, AuditEvent e) {
  if (!r.audit().chainsInline()) {
    r.audit().appendPending(e);
    return;
  }
  AuditHead head = r.audit().lockHead();
  link(e, head, secrets);
  r.audit().append(e);
}

Result<std::int64_t> seal(UnitOfWork& uow, Secrets& secrets) {
  constexpr int kBatch = 500;
  std::int64_t total = 0;
  for (;;) {
    auto n = writeValue<int>(uow, [&](Repositories& r) -> Result<int> {
      if (r.audit().chainsInline()) return 0;
      AuditHead head = r.audit().lockHead();  // one sealer at a time, until COMMIT
      auto events = r.audit().takePending(kBatch);
      for (auto& e : events) link(e, head, secrets);
      r.audit().appendAll(events);
      return static_cast<int>(events.size());
    });
    if (!n) return n.error();
    total += *n;
    if (*n < kBatch) return total;
  }
}

bool chainsInline(UnitOfWork& uow) {
  auto inl = readValue<bool>(
      uow, [](Repositories& r) -> Result<bool> { return r.audit().chainsInline(); });
  return inl && *inl;
}

Sealer::Sealer(UnitOfWork& uow, Secrets& secrets, std::chrono::milliseconds interval)
    : uow_(uow), secrets_(secrets), interval_(interval) {
  thread_ = std::thread([this] {
    std::unique_lock lock(m_);
    while (!stop_) {
      lock.unlock();
      (void)seal(uow_, secrets_);  // a failure (database away) is retried at the next tick
      lock.lock();
      cv_.wait_for(lock, interval_, [this] { return stop_; });
    }
  });
}

Sealer::~Sealer() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  (void)seal(uow_, secrets_);  // what the last tick missed
}

AuditEvent event(const Principal* who, const Origin& from, Instant at, AuditAction action,
                 std::string resourceType, std::string resourceId, domain::PatientId patient) {
  AuditEvent e;
  e.at = at;
  if (who != nullptr) {
    e.organizationId = who->organizationId;
    e.userId = who->userId;
    e.username = who->username;
    e.breakGlass = who->breakGlassUntil.has_value() && *who->breakGlassUntil > at;
  }
  e.ip = from.ip;
  e.userAgent = from.userAgent;
  e.action = action;
  e.resourceType = std::move(resourceType);
  e.resourceId = std::move(resourceId);
  e.patientId = patient;
  return e;
}

namespace {
std::string checkpointText(std::int64_t seq, const std::string& mac, domain::Instant at) {
  return "medoffice-audit-checkpoint;" + std::to_string(seq) + ";" + mac + ";" +
         std::to_string(at.micros());
}
}  // namespace

Checkpoint makeCheckpoint(Secrets& secrets, const AuditHead& head, domain::Instant at) {
  return {head.seq, head.mac, at, secrets.auditMac(checkpointText(head.seq, head.mac, at))};
}

std::string formatCheckpoint(const Checkpoint& c) {
  return "medoffice-audit-checkpoint v1 seq=" + std::to_string(c.seq) + " mac=" + c.mac +
         " at=" + std::to_string(c.at.micros()) + " sig=" + c.signature;
}

std::optional<Checkpoint> parseCheckpoint(const std::string& line) {
  const std::string prefix = "medoffice-audit-checkpoint v1 ";
  if (line.rfind(prefix, 0) != 0) return std::nullopt;
  Checkpoint c;
  bool seq = false, mac = false, at = false, sig = false;
  std::size_t pos = prefix.size();
  while (pos < line.size()) {
    auto end = line.find(' ', pos);
    if (end == std::string::npos) end = line.size();
    std::string field = line.substr(pos, end - pos);
    pos = end + 1;
    auto eq = field.find('=');
    if (eq == std::string::npos) continue;
    std::string k = field.substr(0, eq), v = field.substr(eq + 1);
    try {
      if (k == "seq") c.seq = std::stoll(v), seq = true;
      if (k == "at") c.at = Instant::fromMicros(std::stoll(v)), at = true;
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (k == "mac") c.mac = v, mac = true;
    if (k == "sig") c.signature = v, sig = true;
  }
  if (!(seq && mac && at && sig)) return std::nullopt;
  return c;
}

VerifyReport verify(UnitOfWork& uow, Secrets& secrets, const std::vector<Checkpoint>& checkpoints) {
  VerifyReport out;
  std::int64_t expected = 1;
  std::string prev(domain::kAuditGenesisMac);
  auto fail = [&](std::int64_t seq, std::string problem) {
    out.ok = false;
    out.firstBad = seq;
    out.problem = "sequence " + std::to_string(seq) + ": " + std::move(problem);
  };
  for (;;) {
    auto page = readValue<std::vector<AuditEvent>>(
        uow, [&](Repositories& r) -> Result<std::vector<AuditEvent>> {
          return r.audit().chain(expected - 1, 2000);
        });
    if (!page) {
      fail(expected, "could not be read: " + page.error().message);
      return out;
    }
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (e.seq != expected) {
        fail(expected, "is missing (the next stored event is " + std::to_string(e.seq) + ")");
        return out;
      }
      if (e.prevMac != prev) {
        fail(e.seq, "does not link to sequence " + std::to_string(e.seq - 1) +
                        " (events were reordered, or one before it was removed)");
        return out;
      }
      if (secrets.auditMac(domain::canonicalAuditText(e)) != e.mac) {
        fail(e.seq, "was edited (its MAC does not match its content)");
        return out;
      }
      prev = e.mac;
      ++out.checked;
      ++expected;
    }
  }
  out.head = {expected - 1, prev};
  // Removing the newest events leaves a shorter chain that still verifies; checkpoints exported
  // earlier detect that.
  for (const auto& c : checkpoints) {
    if (!secrets.equal(secrets.auditMac(checkpointText(c.seq, c.mac, c.at)), c.signature)) {
      out.ok = false;
      out.firstBad = c.seq;
      out.problem = "checkpoint for sequence " + std::to_string(c.seq) +
                    " is not signed with this server key";
      return out;
    }
    if (c.seq > out.head.seq) {
      fail(out.head.seq + 1, "is missing (a checkpoint records " + std::to_string(c.seq) +
                                 " events, but the trail ends at " + std::to_string(out.head.seq) +
                                 ")");
      return out;
    }
    if (c.seq == 0) continue;
    auto at = readValue<std::vector<AuditEvent>>(
        uow, [&](Repositories& r) -> Result<std::vector<AuditEvent>> {
          return r.audit().chain(c.seq - 1, 1);
        });
    if (!at || at->empty() || (*at)[0].mac != c.mac) {
      fail(c.seq, "differs from the checkpoint exported for it");
      return out;
    }
  }
  return out;
}

}  // namespace audit

namespace {

constexpr const char* kSignInFailed = "The username, password or code is not correct.";

std::int64_t micros(std::chrono::seconds s) {
  return std::chrono::duration_cast<std::chrono::microseconds>(s).count();
}

Principal principalOf(const User& u) {
  Principal p;
  p.userId = u.id;
  p.organizationId = u.organizationId;
  p.username = u.username;
  p.roles = u.roles;
  p.locationIds = u.locationIds;
  return p;
}

Principal principalOf(const User& u, const SessionRecord& s) {
  Principal p = principalOf(u);
  p.sessionId = s.id;
  p.breakGlassUntil = s.breakGlassUntil;
  return p;
}

}  // namespace

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

template <class F>
auto Security::hashing(F&& f) -> Result<decltype(f())> {
  if (!hashSlots_.acquire(config_.hashWait)) {
    return Error::unavailable(
        "The server is busy checking other sign-ins; try again in a few seconds.");
  }
  struct Release {
    WorkSlots& s;
    ~Release() { s.release(); }
  } release{hashSlots_};
  return f();
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

Result<AddedUser> Security::addUser(const Principal* actor, const Origin& from, OrganizationId org,
                                    NewUser draft) {
  User u = std::move(draft.user);
  u.organizationId = org;
  u.active = true;
  domain::FieldErrors errors;
  errors.append(domain::validate(u));
  const bool mfa = u.requiresMfa();
  errors.append(domain::checkPassword(draft.password, u.username, mfa));
  if (!errors.empty()) return errors.toError();
  AddedUser out;
  // Slow: outside the transaction, in a hash slot.
  auto hashed = hashing([&] { return hasher_.hash(draft.password); });
  if (!hashed) return hashed.error();
  const std::string& hash = *hashed;
  std::string sealed;
  std::vector<std::string> codeHashes;
  if (mfa) {
    std::string secret = totp_.newSecret();
    sealed = secrets_.seal(secret);
    out.otpauthUri = "otpauth://totp/MedOffice:" + u.username + "?secret=" + secret +
                     "&issuer=MedOffice&algorithm=SHA1&digits=6&period=30";
    for (int i = 0; i < 10; ++i) {
      out.recoveryCodes.push_back(secrets_.randomToken(10));
      codeHashes.push_back(secrets_.sha256(out.recoveryCodes.back()));
    }
  }
  const Instant now = clock_.now();
  auto stored = writeValue<User>(uow_, [&](Repositories& r) -> Result<User> {
    if (!r.organizations().get(org)) return Error::notFound("organization not found");
    auto inserted = r.users().insert(u, hash, now);
    if (!inserted) return inserted.error();
    if (mfa) r.users().setMfa(inserted->id, sealed, true, codeHashes, now);
    auto e = audit::event(actor, from, now, AuditAction::kPermissionChange, "user",
                          std::to_string(inserted->id.value));
    if (actor == nullptr) e.organizationId = org;
    e.reason = "user added with roles";
    for (auto role : inserted->roles) e.reason += " " + std::string(domain::toString(role));
    audit::record(r, secrets_, std::move(e));
    return inserted;
  });
  if (!stored) return stored.error();
  out.user = std::move(stored).value();
  out.user.mfaEnabled = mfa;
  return out;
}

void Security::forgetUser(UserId id) {
  std::lock_guard lock(mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.record.userId == id; });
  std::erase_if(tokens_, [&](const auto& kv) { return kv.second.principal.userId == id; });
}

Result<User> Security::changeUser(const Principal* actor, const Origin& from, OrganizationId org,
                                  UserId id, const std::function<void(User&)>& change,
                                  const std::string& what) {
  const Instant now = clock_.now();
  auto out = writeValue<User>(uow_, [&](Repositories& r) -> Result<User> {
    auto u = r.users().get(org, id);
    if (!u) return Error::notFound("user not found");
    User next = *u;
    change(next);
    auto stored = r.users().update(next, u->meta.version, now);
    if (!stored) return stored.error();
    if (!stored->active) r.sessions().revokeAllForUser(id, now);
    auto e = audit::event(actor, from, now, AuditAction::kPermissionChange, "user",
                          std::to_string(id.value));
    if (actor == nullptr) e.organizationId = org;
    e.reason = what;
    audit::record(r, secrets_, std::move(e));
    return stored;
  });
  if (out && !out->active) forgetUser(id);
  return out;
}

Result<User> Security::setUserActive(const Principal* actor, const Origin& from, OrganizationId org,
                                     UserId id, bool active) {
  return changeUser(
      actor, from, org, id, [&](User& u) { u.active = active; },
      active ? "user enabled" : "user disabled");
}

Result<User> Security::resetPassword(const Principal* actor, const Origin& from, OrganizationId org,
                                     UserId id, const std::string& password) {
  auto current = readValue<User>(uow_, [&](Repositories& r) -> Result<User> {
    auto found = r.users().get(org, id);
    if (!found) return Error::notFound("user not found");
    return *found;
  });
  if (!current) return current.error();
  auto problems = domain::checkPassword(password, current->username,
                                        current->requiresMfa() || current->mfaEnabled);
  if (!problems.empty()) return Error::invalid(problems);
  auto hashed = hashing([&] { return hasher_.hash(password); });
  if (!hashed) return hashed.error();
  const std::string& hash = *hashed;
  const Instant now = clock_.now();
  auto out = writeValue<User>(uow_, [&](Repositories& r) -> Result<User> {
    auto found = r.users().get(org, id);
    if (!found) return Error::notFound("user not found");
    r.users().setPassword(id, hash, now);
    r.sessions().revokeAllForUser(id, now);
    auto e = audit::event(actor, from, now, AuditAction::kPermissionChange, "user",
                          std::to_string(id.value));
    if (actor == nullptr) e.organizationId = org;
    e.reason = "password reset";
    audit::record(r, secrets_, std::move(e));
    return *found;
  });
  if (out) forgetUser(id);
  return out;
}

Result<User> Security::updateUser(const Principal* actor, const Origin& from, OrganizationId org,
                                  User changes, std::int64_t expectedVersion) {
  auto errors = domain::validate(changes);
  std::erase_if(errors, [](const auto& e) { return e.field == "username"; });  // not changed here
  if (!errors.empty()) return Error::invalid(errors);
  const Instant now = clock_.now();
  auto out = writeValue<User>(uow_, [&](Repositories& r) -> Result<User> {
    auto current = r.users().get(org, changes.id);
    if (!current) return Error::notFound("user not found");
    if (current->meta.version != expectedVersion) return Error::versionMismatch();
    User next = *current;
    next.displayName = changes.displayName;
    next.roles = changes.roles;
    next.locationIds = changes.locationIds;
    if (next.requiresMfa() && !current->mfaEnabled) {
      return Error::conflict(
          "These roles require two-factor sign-in, which this user has not set up.",
          {{"roles", "manager and admin need a user enrolled in two-factor sign-in"}});
    }
    auto stored = r.users().update(next, expectedVersion, now);
    if (!stored) return stored.error();
    auto e = audit::event(actor, from, now, AuditAction::kPermissionChange, "user",
                          std::to_string(next.id.value));
    e.reason = "roles now";
    for (auto role : next.roles) e.reason += " " + std::string(domain::toString(role));
    audit::record(r, secrets_, std::move(e));
    return stored;
  });
  if (out) forgetUser(out->id);  // sessions and tokens pick up the new roles at once
  return out;
}

Result<User> Security::getUser(OrganizationId org, domain::UserId id) {
  return readValue<User>(uow_, [&](Repositories& r) -> Result<User> {
    auto u = r.users().get(org, id);
    if (!u) return Error::notFound("user not found");
    return *u;
  });
}

Result<std::vector<User>> Security::listUsers(OrganizationId org) {
  return readValue<std::vector<User>>(
      uow_, [&](Repositories& r) -> Result<std::vector<User>> { return r.users().list(org); });
}

Result<User> Security::findUser(OrganizationId org, const std::string& username) {
  const std::string name = domain::validation::asciiLower(username);
  return readValue<User>(uow_, [&](Repositories& r) -> Result<User> {
    auto c = r.users().credentials(name);
    if (!c || c->user.organizationId != org) return Error::notFound("user not found");
    return c->user;
  });
}

bool Security::throttled(const std::string& username, const std::string& ip) {
  const std::int64_t now = clock_.now().micros();
  const std::int64_t horizon = now - micros(config_.throttleWindow);
  std::lock_guard lock(mu_);
  auto count = [&](const std::string& key) {
    auto it = failures_.find(key);
    if (it == failures_.end()) return 0;
    auto& times = it->second;
    std::erase_if(times, [&](std::int64_t t) { return t < horizon; });
    return static_cast<int>(times.size());
  };
  return count("u:" + username) >= config_.maxFailuresPerAccount ||
         count("ip:" + ip) >= config_.maxFailuresPerIp;
}

void Security::noteFailure(const std::string& username, const std::string& ip) {
  const std::int64_t now = clock_.now().micros();
  std::lock_guard lock(mu_);
  if (failures_.size() > 100000) failures_.clear();  // bounded memory under a spray attack
  failures_["u:" + username].push_back(now);
  failures_["ip:" + ip].push_back(now);
}

bool Security::totpMatches(UserId user, const std::string& secret, const std::string& code) {
  const std::int64_t t = clock_.now().micros() / 1000000;
  const std::int64_t step = t / 30;
  for (std::int64_t d : {0, -1, 1}) {
    const std::int64_t s = step + d;
    if (!secrets_.equal(totp_.code(secret, s * 30), code)) continue;
    std::lock_guard lock(mu_);
    auto& last = lastTotpStep_[user.value];
    if (s <= last) return false;  // a code is good once (RFC 6238 section 5.2)
    last = s;
    return true;
  }
  return false;
}

Result<LoginResult> Security::login(const LoginRequest& req) {
  const std::string username = domain::validation::asciiLower(req.username.substr(0, 128));
  const Instant now = clock_.now();
  auto failed = [&](std::string reason, const Credentials* c) -> Error {
    noteFailure(username, req.origin.ip);
    auto e = audit::event(nullptr, req.origin, now, AuditAction::kLoginFailed, "session");
    e.username = username;
    if (c != nullptr) {
      e.organizationId = c->user.organizationId;
      e.userId = c->user.id;
    }
    e.outcome = AuditOutcome::kFailed;
    e.reason = std::move(reason);
    (void)auditAlone(std::move(e));
    return Error::unauthenticated(kSignInFailed);
  };
  if (throttled(username, req.origin.ip)) {
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
    audit::record(r, secrets_,
                  audit::event(&who, from, now, AuditAction::kLogout, "session",
                               std::to_string(who.sessionId)));
    return {};
  });
  std::lock_guard lock(mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.record.id == who.sessionId; });
  return s;
}

Result<std::string> Security::enrolMfa(const Principal& who, const Origin& from) {
  if (who.sessionId == 0)
    return Error::forbidden("Two-factor enrolment needs a signed-in session.");
  std::string secret = totp_.newSecret();
  const std::string sealed = secrets_.seal(secret);
  const Instant now = clock_.now();
  Status s = uow_.write([&](Repositories& r) -> Status {
    // The current secret (if any) stays in force until the new one is confirmed.
    r.users().setPendingMfa(who.userId, sealed);
    auto e = audit::event(&who, from, now, AuditAction::kPermissionChange, "user",
                          std::to_string(who.userId.value));
    e.reason = "two-factor enrolment started";
    audit::record(r, secrets_, std::move(e));
    return {};
  });
  if (!s.ok()) return s.error();
  return "otpauth://totp/MedOffice:" + who.username + "?secret=" + secret +
         "&issuer=MedOffice&algorithm=SHA1&digits=6&period=30";
}

Result<std::vector<std::string>> Security::confirmMfa(const Principal& who, const Origin& from,
                                                      const std::string& code) {
  auto pending = readValue<std::string>(uow_, [&](Repositories& r) -> Result<std::string> {
    return r.users().pendingMfa(who.userId);
  });
  if (!pending) return pending.error();
  if (pending->empty()) return Error::conflict("Start enrolment first (POST /api/v1/session/mfa).");
  auto secret = secrets_.open(*pending);
  if (!secret) return Error::conflict("The pending two-factor secret is unreadable; start again.");
  if (!totpMatches(who.userId, *secret, code)) {
    return Error::invalidField("totp", "does not match the code your app shows now");
  }
  std::vector<std::string> codes;
  std::vector<std::string> hashes;
  for (int i = 0; i < 10; ++i) {
    codes.push_back(secrets_.randomToken(10));
    hashes.push_back(secrets_.sha256(codes.back()));
  }
  const Instant now = clock_.now();
  Status s = uow_.write([&](Repositories& r) -> Status {
    r.users().setMfa(who.userId, *pending, true, hashes, now);
    r.users().setPendingMfa(who.userId, "");
    auto e = audit::event(&who, from, now, AuditAction::kPermissionChange, "user",
                          std::to_string(who.userId.value));
    e.reason = "two-factor sign-in enabled";
    audit::record(r, secrets_, std::move(e));
    return {};
  });
  if (!s.ok()) return s.error();
  return codes;
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

Result<std::pair<ApiToken, std::string>> Security::createToken(
    const Principal& who, const Origin& from, std::string name,
    std::vector<domain::Permission> scopes, int days) {
  domain::FieldErrors errors;
  if (who.tokenId != 0) {
    return Error::forbidden("A personal access token cannot create tokens; sign in.");
  }
  domain::checkText(name, errors, "name", true, 100);
  if (scopes.empty()) errors.add("scopes", "needs at least one permission");
  for (auto p : scopes) {
    if (!domain::allows(who.roles, p) || p == domain::Permission::kBreakGlass) {
      errors.add("scopes", "includes " + std::string(domain::toString(p)) +
                               ", which your roles do not allow");
    }
  }
  if (days < 1 || days > 366) errors.add("days", "must be between 1 and 366");
  if (!errors.empty()) return errors.toError();
  std::sort(scopes.begin(), scopes.end());
  scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());
  const Instant now = clock_.now();
  ApiToken t;
  t.userId = who.userId;
  t.organizationId = who.organizationId;
  t.name = std::move(name);
  t.scopes = scopes;
  t.createdAt = now;
  t.expiresAt = Instant::fromMicros(now.micros() + std::int64_t{days} * 86'400'000'000);
  std::string secret = "mo_pat_" + secrets_.randomToken(32);
  t.tokenHash = secrets_.sha256(secret);
  auto stored = writeValue<ApiToken>(uow_, [&](Repositories& r) -> Result<ApiToken> {
    ApiToken out = t;
    out.id = r.tokens().insert(t);
    auto e = audit::event(&who, from, now, AuditAction::kPermissionChange, "api_token",
                          std::to_string(out.id));
    e.reason = "token created with scopes";
    for (auto p : scopes) e.reason += " " + std::string(domain::toString(p));
    audit::record(r, secrets_, std::move(e));
    return out;
  });
  if (!stored) return stored.error();
  return std::pair{std::move(stored).value(), std::move(secret)};
}

Result<std::vector<ApiToken>> Security::listTokens(const Principal& who) {
  return readValue<std::vector<ApiToken>>(uow_,
                                          [&](Repositories& r) -> Result<std::vector<ApiToken>> {
                                            return r.tokens().listForUser(who.userId);
                                          });
}

Status Security::revokeToken(const Principal& who, const Origin& from, std::int64_t id) {
  const Instant now = clock_.now();
  Status s = uow_.write([&](Repositories& r) -> Status {
    if (!r.tokens().revoke(who.userId, id, now)) return Error::notFound("token not found");
    audit::record(r, secrets_,
                  audit::event(&who, from, now, AuditAction::kPermissionChange, "api_token",
                               std::to_string(id)));
    return {};
  });
  if (s.ok()) {
    std::lock_guard lock(mu_);
    std::erase_if(tokens_, [&](const auto& kv) { return kv.second.principal.tokenId == id; });
  }
  return s;
}

Result<Principal> Security::authenticateToken(const std::string& secret) {
  if (secret.size() < 10 || secret.size() > 128 || secret.rfind("mo_pat_", 0) != 0) {
    return Error::unauthenticated("The access token is not valid.");
  }
  const std::string hash = secrets_.sha256(secret);
  const Instant now = clock_.now();
  const auto steadyNow = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = tokens_.find(hash);
    if (it != tokens_.end() && steadyNow - it->second.checkedAt < config_.cacheTtl) {
      if (now >= it->second.expiresAt) return Error::unauthenticated("The access token expired.");
      return it->second.principal;
    }
  }
  auto loaded = readValue<std::optional<CachedToken>>(
      uow_, [&](Repositories& r) -> Result<std::optional<CachedToken>> {
        auto t = r.tokens().findByHash(hash);
        if (!t || t->revokedAt) return std::optional<CachedToken>{};
        auto u = r.users().get(t->organizationId, t->userId);
        if (!u || !u->active) return std::optional<CachedToken>{};
        Principal p = principalOf(*u);
        p.tokenId = t->id;
        p.scopes = t->scopes;
        return std::optional<CachedToken>(CachedToken{p, t->expiresAt, steadyNow});
      });
  if (!loaded) return loaded.error();
  if (!loaded->has_value()) return Error::unauthenticated("The access token is not valid.");
  if (now >= (*loaded)->expiresAt) return Error::unauthenticated("The access token expired.");
  std::lock_guard lock(mu_);
  if (tokens_.size() > 100000) tokens_.clear();
  tokens_[hash] = **loaded;
  return (*loaded)->principal;
}

Status Security::auditAlone(AuditEvent e) {
  if (e.at.micros() == 0) e.at = clock_.now();
  return uow_.write([&](Repositories& r) -> Status {
    audit::record(r, secrets_, e);
    return {};
  });
}

}  // namespace medoffice::app
