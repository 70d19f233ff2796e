// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/security_repository.hpp"

namespace medoffice::storage {

using domain::Instant;
using domain::OrganizationId;

namespace {

std::string roleList(const domain::User& u) {
  std::vector<std::string> names;
  for (auto role : u.roles) names.emplace_back(domain::toString(role));
  return joinList(names);
}

}  // namespace

const Table<domain::User>& userTable() {
  static const Table<domain::User> table({
      .table = "users",
      .noun = "user",
      .cursorKind = "user",
      .columns = {"display_name", "roles", "location_ids", "active"},
      .insertOnlyColumns = {"username"},
      // Set by setMfa(); the secret, recovery codes and password hash are read only by
      // credentials().
      .readOnlyColumns = {"mfa_enabled"},
      .read =
          [](Reader& r, domain::User& u) {
            u.displayName = r.text();
            for (const auto& name : splitList(r.text())) {
              if (auto role = domain::parseRole(name)) u.roles.push_back(*role);
            }
            u.locationIds = splitIds<domain::LocationId>(r.text());
            u.active = r.boolean();
            u.username = r.text();
            u.mfaEnabled = r.boolean();
          },
      .write =
          [](Params& p, const domain::User& u) {
            append(p, u.displayName, roleList(u), joinIds(u.locationIds), sqlBool(u.active));
          },
      .writeInsertOnly = [](Params& p, const domain::User& u) { p.emplace_back(u.username); },
  });
  return table;
}

// ---- users -----------------------------------------------------------------------------------

Result<domain::User> SqlUsers::insert(const domain::User& u, const std::string& hash, Instant now) {
  // The password hash is not part of the record: it goes in beside it.
  auto id = uniqueGuarded("user", [&] {
    return c_.insertId(
        "INSERT INTO users (display_name, roles, location_ids, active, username, "
        "organization_id, password_hash, version, created_at, updated_at) VALUES (?, ?, ?, ?, "
        "?, ?, ?, 1, ?, ?)",
        {u.displayName, roleList(u), joinIds(u.locationIds), sqlBool(u.active), u.username,
         sqlInt(u.organizationId.value), hash, sqlInt(now.micros()), sqlInt(now.micros())});
  });
  if (!id) return id.error();
  domain::User out = u;
  out.id = domain::UserId(*id);
  out.meta = {1, now, now};
  return out;
}

Result<domain::User> SqlUsers::update(const domain::User& u, std::int64_t expected, Instant now) {
  return userTable().update(c_, u, expected, now);
}

std::optional<domain::User> SqlUsers::get(OrganizationId org, domain::UserId id) {
  return userTable().get(c_, org, id.value);
}

std::vector<domain::User> SqlUsers::list(OrganizationId org) {
  static const std::string sql = userTable().select("WHERE organization_id = ? ORDER BY username");
  return userTable().query(c_, sql, {sqlInt(org.value)});
}

std::optional<app::Credentials> SqlUsers::credentials(const std::string& username) {
  static const std::string sql = "SELECT " + userTable().selectList() +
                                 ", password_hash, mfa_secret, recovery_codes FROM users WHERE "
                                 "username = ?";
  auto rows = c_.query(sql, {username});
  if (rows.empty()) return std::nullopt;
  app::Credentials c;
  c.user = userTable().decode(rows[0]);
  Reader r(rows[0], userTable().columnCount());
  c.passwordHash = r.text();
  c.mfaSecret = r.text();
  c.recoveryCodeHashes = splitList(r.text());
  return c;
}

void SqlUsers::setPassword(domain::UserId id, const std::string& hash, Instant now) {
  c_.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
             {hash, sqlInt(now.micros()), sqlInt(id.value)});
}

void SqlUsers::setMfa(domain::UserId id, const std::string& sealed, bool enabled,
                      const std::vector<std::string>& codes, Instant now) {
  c_.execute(
      "UPDATE users SET mfa_secret = ?, mfa_enabled = ?, recovery_codes = ?, updated_at = ? "
      "WHERE id = ?",
      {sealed, sqlBool(enabled), joinList(codes), sqlInt(now.micros()), sqlInt(id.value)});
}

void SqlUsers::setRecoveryCodes(domain::UserId id, const std::vector<std::string>& codes) {
  c_.execute("UPDATE users SET recovery_codes = ? WHERE id = ?",
             {joinList(codes), sqlInt(id.value)});
}

void SqlUsers::setPendingMfa(domain::UserId id, const std::string& sealed) {
  c_.execute("UPDATE users SET mfa_pending = ? WHERE id = ?", {sealed, sqlInt(id.value)});
}

std::string SqlUsers::pendingMfa(domain::UserId id) {
  auto rows = c_.query("SELECT mfa_pending FROM users WHERE id = ?", {sqlInt(id.value)});
  return rows.empty() ? std::string() : rows[0].text(0);
}

bool SqlUsers::useTotpStep(domain::UserId id, std::int64_t step) {
  // One conditional UPDATE: of two processes checking the same code at once, the row lock lets
  // exactly one of them move the step forward.
  return c_.execute("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                    {sqlInt(step), sqlInt(id.value), sqlInt(step)}) == 1;
}

std::int64_t SqlUsers::count() {
  return c_.query("SELECT count(*) FROM users", {}).at(0).i64(0);
}

// ---- sessions --------------------------------------------------------------------------------

std::int64_t SqlSessions::insert(const app::SessionRecord& s) {
  return c_.insertId(
      "INSERT INTO sessions (token_hash, csrf_hash, user_id, organization_id, created_at, "
      "last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {s.tokenHash, s.csrfHash, sqlInt(s.userId.value), sqlInt(s.organizationId.value),
       sqlInt(s.createdAt.micros()), sqlInt(s.lastSeenAt.micros()), sqlInt(s.expiresAt.micros()),
       s.ip, s.userAgent});
}

std::optional<app::SessionRecord> SqlSessions::findByTokenHash(const std::string& hash) {
  auto rows = c_.query(
      "SELECT id, token_hash, csrf_hash, user_id, organization_id, created_at, last_seen_at, "
      "expires_at, revoked_at, break_glass_until, break_glass_reason, ip, user_agent FROM "
      "sessions WHERE token_hash = ?",
      {hash});
  if (rows.empty()) return std::nullopt;
  Reader r(rows[0]);
  app::SessionRecord s;
  s.id = r.i64();
  s.tokenHash = r.text();
  s.csrfHash = r.text();
  s.userId = r.id<domain::UserId>();
  s.organizationId = r.id<OrganizationId>();
  s.createdAt = r.instant();
  s.lastSeenAt = r.instant();
  s.expiresAt = r.instant();
  s.revokedAt = r.optionalInstant();
  s.breakGlassUntil = r.optionalInstant();
  s.breakGlassReason = r.text();
  s.ip = r.text();
  s.userAgent = r.text();
  return s;
}

void SqlSessions::touch(std::int64_t id, Instant at) {
  c_.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?",
             {sqlInt(at.micros()), sqlInt(id)});
}

void SqlSessions::revoke(std::int64_t id, Instant at) {
  c_.execute("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
             {sqlInt(at.micros()), sqlInt(id)});
}

void SqlSessions::revokeAllForUser(domain::UserId id, Instant at) {
  c_.execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
             {sqlInt(at.micros()), sqlInt(id.value)});
}

void SqlSessions::setBreakGlass(std::int64_t id, Instant until, const std::string& reason) {
  c_.execute("UPDATE sessions SET break_glass_until = ?, break_glass_reason = ? WHERE id = ?",
             {sqlInt(until.micros()), reason, sqlInt(id)});
}

// ---- personal access tokens ------------------------------------------------------------------

namespace {

constexpr const char* kTokenCols =
    "id, user_id, organization_id, name, token_hash, scopes, created_at, expires_at, revoked_at";

app::ApiToken decodeToken(const Row& row) {
  Reader r(row);
  app::ApiToken t;
  t.id = r.i64();
  t.userId = r.id<domain::UserId>();
  t.organizationId = r.id<OrganizationId>();
  t.name = r.text();
  t.tokenHash = r.text();
  for (const auto& name : splitList(r.text())) {
    if (auto p = domain::parsePermission(name)) t.scopes.push_back(*p);
  }
  t.createdAt = r.instant();
  t.expiresAt = r.instant();
  t.revokedAt = r.optionalInstant();
  return t;
}

}  // namespace

std::int64_t SqlTokens::insert(const app::ApiToken& t) {
  std::vector<std::string> names;
  for (auto p : t.scopes) names.emplace_back(domain::toString(p));
  return c_.insertId(
      "INSERT INTO api_tokens (user_id, organization_id, name, token_hash, scopes, created_at, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {sqlInt(t.userId.value), sqlInt(t.organizationId.value), t.name, t.tokenHash, joinList(names),
       sqlInt(t.createdAt.micros()), sqlInt(t.expiresAt.micros())});
}

std::optional<app::ApiToken> SqlTokens::findByHash(const std::string& hash) {
  auto rows = c_.query(
      std::string("SELECT ") + kTokenCols + " FROM api_tokens WHERE token_hash = ?", {hash});
  if (rows.empty()) return std::nullopt;
  return decodeToken(rows[0]);
}

std::vector<app::ApiToken> SqlTokens::listForUser(domain::UserId user) {
  std::vector<app::ApiToken> out;
  for (const auto& row : c_.query(
           std::string("SELECT ") + kTokenCols + " FROM api_tokens WHERE user_id = ? ORDER BY id",
           {sqlInt(user.value)})) {
    out.push_back(decodeToken(row));
  }
  return out;
}

bool SqlTokens::revoke(domain::UserId user, std::int64_t id, Instant at) {
  return c_.execute(
             "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at "
             "IS NULL",
             {sqlInt(at.micros()), sqlInt(id), sqlInt(user.value)}) == 1;
}

// ---- sign-in throttling ----------------------------------------------------------------------

std::vector<std::int64_t> SqlLoginThrottle::failuresSince(const std::vector<std::string>& keys,
                                                          Instant since) {
  std::vector<SqlStatement> counts;
  counts.reserve(keys.size());
  for (const auto& key : keys) {
    counts.push_back({"SELECT count(*) FROM login_failures WHERE throttle_key = ? AND at >= ?",
                      {key, sqlInt(since.micros())}});
  }
  std::vector<std::int64_t> out;
  for (const auto& rows : c_.queryAll(counts)) out.push_back(rows.at(0).i64(0));
  return out;
}

void SqlLoginThrottle::recordFailure(const std::vector<std::string>& keys, Instant at,
                                     Instant forgetBefore) {
  // Expired failures are deleted through the index on `at`: each costs one deletion, once.
  c_.executeLater("DELETE FROM login_failures WHERE at < ?", {sqlInt(forgetBefore.micros())});
  if (keys.empty()) return;
  std::string sql = "INSERT INTO login_failures (throttle_key, at) VALUES ";
  Params p;
  p.reserve(keys.size() * 2);
  for (const auto& key : keys) {
    sql += p.empty() ? "(?, ?)" : ", (?, ?)";
    append(p, key, sqlInt(at.micros()));
  }
  c_.executeLater(sql, std::move(p));
}

}  // namespace medoffice::storage
