// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/security_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::User>& userTable();

class SqlUsers final : public app::UserRepository {
 public:
  explicit SqlUsers(SqlConnection& c) : c_(c) {}
  Result<domain::User> insert(const domain::User& u, const std::string& passwordHash,
                              domain::Instant now) override;
  Result<domain::User> update(const domain::User& u, std::int64_t expected,
                              domain::Instant now) override;
  std::optional<domain::User> get(domain::OrganizationId org, domain::UserId id) override;
  std::vector<domain::User> list(domain::OrganizationId org) override;
  std::optional<app::Credentials> credentials(const std::string& username) override;
  void setPassword(domain::UserId id, const std::string& hash, domain::Instant now) override;
  void setMfa(domain::UserId id, const std::string& sealed, bool enabled,
              const std::vector<std::string>& codes, domain::Instant now) override;
  void setRecoveryCodes(domain::UserId id, const std::vector<std::string>& codes) override;
  void setPendingMfa(domain::UserId id, const std::string& sealed) override;
  std::string pendingMfa(domain::UserId id) override;
  bool useTotpStep(domain::UserId id, std::int64_t step) override;
  std::int64_t count() override;

 private:
  SqlConnection& c_;
};

class SqlSessions final : public app::SessionRepository {
 public:
  explicit SqlSessions(SqlConnection& c) : c_(c) {}
  std::int64_t insert(const app::SessionRecord& s) override;
  std::optional<app::SessionRecord> findByTokenHash(const std::string& hash) override;
  void touch(std::int64_t id, domain::Instant at) override;
  void revoke(std::int64_t id, domain::Instant at) override;
  void revokeAllForUser(domain::UserId id, domain::Instant at) override;
  void setBreakGlass(std::int64_t id, domain::Instant until, const std::string& reason) override;

 private:
  SqlConnection& c_;
};

class SqlTokens final : public app::TokenRepository {
 public:
  explicit SqlTokens(SqlConnection& c) : c_(c) {}
  std::int64_t insert(const app::ApiToken& t) override;
  std::optional<app::ApiToken> findByHash(const std::string& hash) override;
  std::vector<app::ApiToken> listForUser(domain::UserId user) override;
  bool revoke(domain::UserId user, std::int64_t id, domain::Instant at) override;

 private:
  SqlConnection& c_;
};

class SqlLoginThrottle final : public app::LoginThrottleRepository {
 public:
  explicit SqlLoginThrottle(SqlConnection& c) : c_(c) {}
  std::vector<std::int64_t> failuresSince(const std::vector<std::string>& keys,
                                          domain::Instant since) override;
  void recordFailure(const std::vector<std::string>& keys, domain::Instant at,
                     domain::Instant forgetBefore) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
