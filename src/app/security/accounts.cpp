// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/security/internal.hpp"

#include "domain/common/validation.hpp"

namespace medoffice::app {

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

void Security::forgetAll() {
  std::lock_guard lock(mu_);
  sessions_.clear();
  tokens_.clear();
}

void Security::watchRevocations(ChangeFeed& feed) {
  revocations_ = feed.subscribe(kSessionsTopic, [this] { forgetAll(); });
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
    r.changes().publish(kSessionsTopic);  // every process drops its cached sessions
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
    r.changes().publish(kSessionsTopic);  // every process drops its cached sessions
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
    r.changes().publish(kSessionsTopic);  // every process drops its cached sessions
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

}  // namespace medoffice::app
