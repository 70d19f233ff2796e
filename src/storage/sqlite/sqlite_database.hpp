// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/change_hub.hpp"
#include "storage/database.hpp"
#include "storage/sql/reference_cache.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace medoffice::storage {

struct SqliteOptions {
  int readers = 4;      ///< reader connections, opened on demand
  int maxBatch = 512;   ///< write jobs committed together at most
  bool create = false;  ///< create the file when missing
  /// The write-ahead log is checkpointed once it holds this many frames (pages), when the
  /// writer has no job waiting; at four times this, before the next job whatever is waiting.
  int checkpointFrames = 4000;
};

/// The embedded engine. One writer thread takes write jobs from a queue and commits them in
/// groups: each job runs in its own SAVEPOINT (a failed job rolls back alone) and one COMMIT, one
/// fsync, makes the whole group durable. Readers come from a pool of query-only connections that
/// read a WAL snapshot. Thread-safe.
class SqliteDatabase final : public Database {
 public:
  /// Opens (or with `create`, creates) the database at `path`. Throws SqlError.
  SqliteDatabase(std::string path, SqliteOptions options);
  ~SqliteDatabase() override;

  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
  app::Status read(const std::function<app::Status(app::Repositories&)>& fn) override;
  app::Status write(const std::function<app::Status(app::Repositories&)>& fn) override;
  [[nodiscard]] StorageStats stats() const override;
  /// Notifications of this process's commits (one process per SQLite file).
  app::ChangeFeed& changes() override { return changes_; }
  int schemaVersion() override;
  int migrate() override;
  std::string integrityCheck() override;
  /// Copies a consistent snapshot to `dest` with the online backup API, while serving.
  void backupTo(const std::string& dest);
  /// Replaces the database at `dbPath` with the SQLite file `source`. The server must be stopped.
  static void restoreFrom(const std::string& source, const std::string& dbPath);

 private:
  struct Job;
  void writerLoop();
  void runBatch(std::vector<Job*>& batch);
  /// Checkpoints the write-ahead log when it has grown past SqliteOptions::checkpointFrames.
  void checkpointIfDue();
  std::unique_ptr<SqliteConnection> acquireReader();
  void releaseReader(std::unique_ptr<SqliteConnection> c);
  /// Runs `fn` on the writer connection outside the queue (migrations, integrity checks).
  template <class F>
  auto onWriter(F&& fn);

  std::string path_;
  SqliteOptions options_;
  std::unique_ptr<SqliteConnection> writer_;

  mutable std::mutex queueMutex_;
  std::condition_variable queueCv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::mutex writerMutex_;  // held by the writer thread while it uses writer_
  std::thread writerThread_;

  mutable std::mutex poolMutex_;
  std::condition_variable poolCv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
  int open_ = 0;
  int inUse_ = 0;

  ChangeHub changes_;
  ReferenceCache reference_;
  std::atomic<std::int64_t> commits_{0};
  std::atomic<std::int64_t> jobs_{0};
};

}  // namespace medoffice::storage
