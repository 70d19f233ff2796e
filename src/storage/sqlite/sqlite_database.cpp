// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <future>

#include "storage/sql/migrations.hpp"
#include "storage/sql/repositories.hpp"

namespace medoffice::storage {

using app::Status;
using domain::Error;

struct SqliteDatabase::Job {
  const std::function<Status(app::Repositories&)>* fn;
  std::promise<Status> done;
};

namespace {

Status runGuarded(const std::function<Status(app::Repositories&)>& fn, SqlConnection& c,
                  app::ChangeNotices& notices, ReferenceCache& reference) {
  try {
    SqlRepositories repos(c, notices, reference);
    return fn(repos);
  } catch (const std::exception& e) {
    return toDomainError(e);
  }
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, SqliteOptions options)
    : path_(std::move(path)), options_(options) {
  if (!options_.create && !std::filesystem::exists(path_)) {
    throw SqlError(SqlError::Kind::kOther,
                   "database " + path_ + " does not exist; run `medoffice init` first");
  }
  writer_ = std::make_unique<SqliteConnection>(
      path_, options_.create ? SqliteConnection::Mode::kCreate : SqliteConnection::Mode::kWriter);
  writerThread_ = std::thread([this] { writerLoop(); });
}

SqliteDatabase::~SqliteDatabase() {
  {
    std::lock_guard lock(queueMutex_);
    stopping_ = true;
  }
  queueCv_.notify_all();
  writerThread_.join();
}

template <class F>
auto SqliteDatabase::onWriter(F&& fn) {
  std::lock_guard lock(writerMutex_);
  return fn(*writer_);
}

Status SqliteDatabase::write(const std::function<Status(app::Repositories&)>& fn) {
  Job job{&fn, {}};
  auto future = job.done.get_future();
  {
    std::lock_guard lock(queueMutex_);
    if (stopping_) return Error::unavailable("The database is shutting down.");
    queue_.push_back(&job);
  }
  queueCv_.notify_one();
  return future.get();
}

void SqliteDatabase::writerLoop() {
  std::vector<Job*> batch;
  while (true) {
    {
      std::unique_lock lock(queueMutex_);
      queueCv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.maxBatch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    {
      std::lock_guard lock(writerMutex_);
      runBatch(batch);
    }
    batch.clear();
    checkpointIfDue();
  }
}

void SqliteDatabase::checkpointIfDue() {
  // After the group's callers have their answers: they do not wait for the copy into the
  // database file, and the next writes wait only when the log has grown far (a busy writer
  // never finds an empty queue; this bounds the log at about four times the threshold).
  const int frames = writer_->walFrames();
  if (frames < options_.checkpointFrames) return;
  bool idle = false;
  {
    std::lock_guard lock(queueMutex_);
    idle = queue_.empty();
  }
  if (!idle && frames < 4 * options_.checkpointFrames) return;
  std::lock_guard lock(writerMutex_);
  try {
    writer_->checkpoint();
  } catch (const std::exception&) {
    // A failed checkpoint loses nothing (the log keeps every commit); the next one retries.
  }
}

void SqliteDatabase::runBatch(std::vector<Job*>& batch) {
  SqliteConnection& c = *writer_;
  std::vector<Status> results(batch.size());
  // What each job notified; delivered once its group has committed.
  std::vector<BufferedNotices> notices(batch.size());
  // A job alone in its group runs without a savepoint: if it fails, the whole transaction rolls
  // back. This matters for big jobs (bulk loads): inside a SAVEPOINT, SQLite's per-statement
  // savepoint bookkeeping grows with the pages the outer savepoint touched.
  const bool isolate = batch.size() > 1;
  std::size_t next = 0;
  while (next < batch.size()) {
    // One group: BEGIN IMMEDIATE, a savepoint per job, one COMMIT (one fsync).
    std::size_t first = next;
    try {
      c.execute("BEGIN IMMEDIATE", {});
    } catch (const std::exception& e) {
      for (std::size_t k = first; k < batch.size(); ++k) results[k] = toDomainError(e);
      next = batch.size();
      break;
    }
    bool lostTransaction = false;
    for (; next < batch.size(); ++next) {
      if (isolate) {
        try {
          c.execute("SAVEPOINT job", {});
        } catch (const std::exception& e) {
          results[next] = toDomainError(e);
          continue;
        }
      }
      results[next] = runGuarded(*batch[next]->fn, c, notices[next], reference_);
      if (c.autocommit()) {
        // SQLite rolled the whole transaction back (I/O error, disk full): every job of this
        // group so far is lost. Fail them and start a new group after this job.
        for (std::size_t k = first; k < next; ++k) {
          if (results[k].ok()) results[k] = Error::unavailable("The database write failed.");
        }
        if (results[next].ok()) results[next] = Error::unavailable("The database write failed.");
        ++next;
        lostTransaction = true;
        break;
      }
      if (!isolate) continue;
      try {
        if (results[next].ok()) {
          c.execute("RELEASE job", {});
        } else {
          c.execute("ROLLBACK TO job", {});
          c.execute("RELEASE job", {});
        }
      } catch (const std::exception& e) {
        results[next] = toDomainError(e);
      }
    }
    if (lostTransaction) continue;
    try {
      if (isolate || results[first].ok()) {
        c.execute("COMMIT", {});
        commits_.fetch_add(1, std::memory_order_relaxed);
        // Each topic once per group: live screens re-read anyway, whatever changed.
        BufferedNotices committed;
        for (std::size_t k = first; k < next; ++k) {
          if (!results[k].ok()) continue;
          for (const auto& topic : notices[k].topics()) committed.publish(topic);
        }
        for (const auto& topic : committed.topics()) changes_.publish(topic);
      } else {
        c.execute("ROLLBACK", {});  // the lone job failed: undo all of it
      }
    } catch (const std::exception& e) {
      try {
        if (!c.autocommit()) c.execute("ROLLBACK", {});
      } catch (...) {
      }
      for (std::size_t k = first; k < next; ++k) {
        if (results[k].ok()) results[k] = toDomainError(e);
      }
    }
  }
  for (std::size_t k = 0; k < batch.size(); ++k) {
    jobs_.fetch_add(1, std::memory_order_relaxed);
    batch[k]->done.set_value(std::move(results[k]));
  }
}

std::unique_ptr<SqliteConnection> SqliteDatabase::acquireReader() {
  std::unique_lock lock(poolMutex_);
  while (idle_.empty() && open_ >= options_.readers) poolCv_.wait(lock);
  ++inUse_;
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  ++open_;
  lock.unlock();
  try {
    return std::make_unique<SqliteConnection>(path_, SqliteConnection::Mode::kReader);
  } catch (...) {
    std::lock_guard again(poolMutex_);
    --open_;
    --inUse_;
    poolCv_.notify_one();
    throw;
  }
}

void SqliteDatabase::releaseReader(std::unique_ptr<SqliteConnection> c) {
  {
    std::lock_guard lock(poolMutex_);
    --inUse_;
    if (c) {
      idle_.push_back(std::move(c));
    } else {
      --open_;
    }
  }
  poolCv_.notify_one();
}

Status SqliteDatabase::read(const std::function<Status(app::Repositories&)>& fn) {
  std::unique_ptr<SqliteConnection> c;
  try {
    c = acquireReader();
  } catch (const std::exception& e) {
    return toDomainError(e);
  }
  Status out;
  try {
    c->execute("BEGIN", {});
    NoNotices none;
    out = runGuarded(fn, *c, none, reference_);
    c->execute("COMMIT", {});
  } catch (const std::exception& e) {
    out = toDomainError(e);
    c.reset();  // a broken connection is not put back
  }
  releaseReader(std::move(c));
  return out;
}

StorageStats SqliteDatabase::stats() const {
  StorageStats s;
  {
    std::lock_guard lock(queueMutex_);
    s.writerQueueDepth = static_cast<std::int64_t>(queue_.size());
  }
  {
    std::lock_guard lock(poolMutex_);
    s.poolInUse = inUse_;
    s.poolSize = open_;
  }
  s.commits = commits_.load();
  s.jobs = jobs_.load();
  return s;
}

int SqliteDatabase::schemaVersion() {
  return onWriter([](SqliteConnection& c) { return currentSchemaVersion(c); });
}

int SqliteDatabase::migrate() {
  return onWriter([](SqliteConnection& c) { return storage::migrate(c); });
}

std::string SqliteDatabase::integrityCheck() {
  return onWriter([](SqliteConnection& c) {
    std::string out;
    for (const auto& r : c.query("PRAGMA integrity_check", {})) {
      if (!out.empty()) out += "; ";
      out += r.text(0);
    }
    for (const auto& r : c.query("PRAGMA foreign_key_check", {})) {
      out += "; foreign key violation in " + r.text(0) + " row " + r.text(1);
    }
    return out;
  });
}

namespace {
void copyDatabase(sqlite3* from, sqlite3* to) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) throw SqlError(SqlError::Kind::kOther, sqlite3_errmsg(to));
  int rc;
  while ((rc = sqlite3_backup_step(b, 1024)) == SQLITE_OK || rc == SQLITE_BUSY ||
         rc == SQLITE_LOCKED) {
    if (rc != SQLITE_OK) sqlite3_sleep(5);
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) throw SqlError(SqlError::Kind::kOther, sqlite3_errstr(rc));
}
}  // namespace

void SqliteDatabase::backupTo(const std::string& dest) {
  auto reader = acquireReader();
  std::string tmp = dest + ".partial";
  std::filesystem::remove(tmp);
  sqlite3* out = nullptr;
  try {
    if (sqlite3_open_v2(tmp.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      throw SqlError(SqlError::Kind::kOther, "cannot create " + dest);
    }
    copyDatabase(reader->handle(), out);
    sqlite3_exec(out, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    sqlite3_close_v2(out);
    out = nullptr;
    std::filesystem::rename(tmp, dest);
  } catch (...) {
    sqlite3_close_v2(out);
    std::filesystem::remove(tmp);
    releaseReader(std::move(reader));
    throw;
  }
  releaseReader(std::move(reader));
}

void SqliteDatabase::restoreFrom(const std::string& source, const std::string& dbPath) {
  {
    SqliteConnection src(source, SqliteConnection::Mode::kReader);
    auto check = src.query("PRAGMA integrity_check", {});
    if (check.empty() || check[0].text(0) != "ok") {
      throw SqlError(SqlError::Kind::kCorrupt, source + " fails the integrity check");
    }
    if (currentSchemaVersion(src) == 0) {
      throw SqlError(SqlError::Kind::kOther, source + " is not a MedOffice database");
    }
    if (currentSchemaVersion(src) > latestSchemaVersion(Dialect::kSqlite)) {
      throw SqlError(SqlError::Kind::kOther, source + " is newer than this medoffice");
    }
  }
  SqliteConnection dst(dbPath, SqliteConnection::Mode::kCreate);
  sqlite3* src = nullptr;
  if (sqlite3_open_v2(source.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(src);
    throw SqlError(SqlError::Kind::kOther, "cannot open " + source);
  }
  try {
    copyDatabase(src, dst.handle());
  } catch (...) {
    sqlite3_close_v2(src);
    throw;
  }
  sqlite3_close_v2(src);
  dst.script("PRAGMA journal_mode = WAL");
}

}  // namespace medoffice::storage
