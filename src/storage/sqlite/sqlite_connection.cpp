// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

namespace medoffice::storage {

namespace {

/// Process-wide settings, made before SQLite initialises (sqlite3_config refuses them later).
/// Memory statistics take a global mutex on every allocation, and Debian's SQLite allocates
/// often (it is built without lookaside); nothing here reads the statistics.
void configureOnce() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, Mode mode) {
  configureOnce();
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE;
  if (mode == Mode::kCreate) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw SqlError(SqlError::Kind::kOther, "cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10000);
  try {
    // PHI must survive power loss: WAL with a full fsync at every commit.
    script("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;");
    if (mode != Mode::kReader) {
      auto rows = query("PRAGMA journal_mode = WAL", {});
      if (rows.empty() || rows[0].text(0) != "wal") {
        throw SqlError(SqlError::Kind::kOther, "cannot switch " + path + " to WAL mode");
      }
      // A 64 MB page cache keeps the name, birth-date and phone indexes hot for random inserts;
      // mmap lets reads skip a syscall per page. Both are upper bounds, not allocations.
      script("PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;");
      // No checkpoint inside COMMIT: SqliteDatabase checkpoints after the committed writes are
      // answered (see SqliteDatabase::writerLoop), so a large posting does not also pay for
      // copying its pages into the database file before its caller hears back. The hook
      // replaces SQLite's auto-checkpoint and records the log's size instead.
      sqlite3_wal_hook(
          db_,
          [](void* self, sqlite3*, const char*, int frames) {
            static_cast<SqliteConnection*>(self)->walFrames_ = frames;
            return SQLITE_OK;
          },
          this);
    } else {
      script("PRAGMA query_only = ON; PRAGMA cache_size = -16000; PRAGMA mmap_size = 1073741824;");
    }
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void SqliteConnection::checkpoint() {
  int logFrames = 0, copied = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied);
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) fail(rc, "checkpoint");
  // Frames readers still hold stay in the log; the next commit's hook reports the new size.
  walFrames_ = logFrames - copied;
}

void SqliteConnection::fail(int rc, const std::string& context) {
  std::string msg = sqlite3_errmsg(db_);
  SqlError::Kind kind = SqlError::Kind::kOther;
  int primary = rc & 0xff;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    throw SqlError(SqlError::Kind::kUnique, msg, fieldFromConstraint(msg));
  }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) kind = SqlError::Kind::kForeignKey;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) kind = SqlError::Kind::kBusy;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) kind = SqlError::Kind::kCorrupt;
  throw SqlError(kind, context + ": " + msg);
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql, const Params& params) {
  auto it = cache_.find(sql);
  sqlite3_stmt* stmt = nullptr;
  if (it == cache_.end()) {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "prepare");
    cache_.emplace(std::string(sql), stmt);
  } else {
    stmt = it->second;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
  if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size())) {
    throw SqlError(SqlError::Kind::kOther, "wrong parameter count for: " + std::string(sql));
  }
  for (std::size_t k = 0; k < params.size(); ++k) {
    int idx = static_cast<int>(k + 1);
    const SqlValue& v = params[k];
    int rc = SQLITE_OK;
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, idx, *n);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(stmt, idx);
    }
    if (rc != SQLITE_OK) fail(rc, "bind");
  }
  return stmt;
}

Rows SqliteConnection::query(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = prepare(sql, params);
  Rows rows;
  const int cols = sqlite3_column_count(stmt);
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      sqlite3_reset(stmt);
      fail(rc, "query");
    }
    std::vector<SqlValue> cells;
    cells.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_NULL:
          cells.emplace_back(std::monostate{});
          break;
        case SQLITE_INTEGER:
          cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
          break;
        default: {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          cells.emplace_back(
              std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
    }
    rows.emplace_back(std::move(cells));
  }
  sqlite3_reset(stmt);
  return rows;
}

std::int64_t SqliteConnection::execute(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = prepare(sql, params);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) fail(rc, "execute");
  return sqlite3_changes64(db_);
}

std::int64_t SqliteConnection::insertId(std::string_view sql, const Params& params) {
  execute(sql, params);
  return sqlite3_last_insert_rowid(db_);
}

void SqliteConnection::script(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    SqlError::Kind kind = (rc & 0xff) == SQLITE_BUSY ? SqlError::Kind::kBusy
                          : (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
                              ? SqlError::Kind::kCorrupt
                              : SqlError::Kind::kOther;
    throw SqlError(kind, msg);
  }
}

bool SqliteConnection::autocommit() const {
  return sqlite3_get_autocommit(db_) != 0;
}

}  // namespace medoffice::storage
