// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>

#include "app/ports/repositories.hpp"
#include "storage/sql/sql.hpp"

namespace medoffice::storage {

/// Gauges and counters for /metrics.
struct StorageStats {
  std::int64_t writerQueueDepth = 0;  ///< write jobs waiting (SQLite) or 0
  std::int64_t poolInUse = 0;         ///< connections lent out right now
  std::int64_t poolSize = 0;          ///< connections open
  std::int64_t commits = 0;           ///< transactions committed (group commits on SQLite)
  std::int64_t jobs = 0;              ///< write jobs finished (ok or rolled back)
};

/// A storage engine: the UnitOfWork plus lifecycle operations for the CLI and the server.
/// Thread-safe.
class Database : public app::UnitOfWork {
 public:
  [[nodiscard]] virtual Dialect dialect() const = 0;
  [[nodiscard]] virtual StorageStats stats() const = 0;
  /// The schema version stored in the database (0 when empty).
  virtual int schemaVersion() = 0;
  /// Applies missing migrations; returns how many ran. Throws SqlError.
  virtual int migrate() = 0;
  /// Checks the database file or server for corruption; returns "ok" or the engine's findings.
  virtual std::string integrityCheck() = 0;
  /// Notifications of committed changes (app::ChangeNotices), from every process using the
  /// database where the engine can tell (PostgreSQL), else from this process.
  virtual app::ChangeFeed& changes() = 0;
};

}  // namespace medoffice::storage
