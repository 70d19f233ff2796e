// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/sql/sql.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace medoffice::storage {

/// One SQLite connection with a prepared-statement cache. Not thread-safe: mutual exclusion is
/// implemented by SqliteDatabase (one writer thread, readers borrowed from a pool).
class SqliteConnection final : public SqlConnection {
 public:
  enum class Mode { kWriter, kReader, kCreate };
  /// Opens `path`. kCreate creates the file; the others require it to exist. Throws SqlError.
  SqliteConnection(const std::string& path, Mode mode);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
  Rows query(std::string_view sql, const Params& params) override;
  std::int64_t execute(std::string_view sql, const Params& params) override;
  std::int64_t insertId(std::string_view sql, const Params& params) override;
  void script(const std::string& sql) override;

  /// True when no transaction is open (SQLite rolled back on its own after some errors).
  [[nodiscard]] bool autocommit() const;
  sqlite3* handle() { return db_; }

  /// Frames in the write-ahead log after this connection's last commit (writer connections;
  /// they leave checkpoints to SqliteDatabase instead of running one inside a commit).
  [[nodiscard]] int walFrames() const { return walFrames_; }
  /// A passive checkpoint: copies the log into the database as far as readers allow, without
  /// waiting for them. Throws SqlError when SQLite fails.
  void checkpoint();

 private:
  sqlite3_stmt* prepare(std::string_view sql, const Params& params);
  [[noreturn]] void fail(int rc, const std::string& context);

  sqlite3* db_ = nullptr;
  StatementCache<sqlite3_stmt*> cache_;
  int walFrames_ = 0;
};

}  // namespace medoffice::storage
