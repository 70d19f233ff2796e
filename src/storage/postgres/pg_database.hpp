// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/postgres/pg_changes.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/sql/reference_cache.hpp"

namespace medoffice::storage {

struct PostgresOptions {
  int poolSize = 16;  ///< connections at most, opened on demand
};

/// The PostgreSQL engine: a pool of libpq connections; each transaction borrows one. Any number
/// of stateless `medoffice serve` processes may share the database. Thread-safe.
class PostgresDatabase final : public Database {
 public:
  /// Connects once to check the server is reachable. Throws SqlError.
  PostgresDatabase(std::string conninfo, PostgresOptions options);
  ~PostgresDatabase() override;

  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
  app::Status read(const std::function<app::Status(app::Repositories&)>& fn) override;
  app::Status write(const std::function<app::Status(app::Repositories&)>& fn) override;
  [[nodiscard]] StorageStats stats() const override;
  int schemaVersion() override;
  int migrate() override;
  std::string integrityCheck() override;
  /// Notifications from every process on this database (LISTEN, started on first subscribe).
  app::ChangeFeed& changes() override { return changes_; }

 private:
  std::unique_ptr<PgConnection> acquire();
  void release(std::unique_ptr<PgConnection> c);
  /// Runs `fn` in a transaction on a pooled connection; read-only ones use a snapshot.
  app::Status transact(bool readOnly, const std::function<app::Status(app::Repositories&)>& fn);

  std::string conninfo_;
  PostgresOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;
  int inUse_ = 0;
  PgChangeFeed changes_;
  ReferenceCache reference_;
  std::atomic<std::int64_t> commits_{0};
  std::atomic<std::int64_t> jobs_{0};
};

}  // namespace medoffice::storage
