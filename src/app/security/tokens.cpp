// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/security/internal.hpp"

#include <algorithm>

namespace medoffice::app {

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
    r.changes().publish(kSessionsTopic);  // every process drops its cached sessions
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

}  // namespace medoffice::app
