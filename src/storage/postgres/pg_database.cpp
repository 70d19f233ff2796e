// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/postgres/pg_database.hpp"

#include "storage/postgres/pg_changes.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/repositories.hpp"

namespace medoffice::storage {

using app::Status;

PostgresDatabase::PostgresDatabase(std::string conninfo, PostgresOptions options)
    : conninfo_(std::move(conninfo)), options_(options), changes_(conninfo_) {
  release(acquire());
}

PostgresDatabase::~PostgresDatabase() = default;

std::unique_ptr<PgConnection> PostgresDatabase::acquire() {
  std::unique_lock lock(mutex_);
  while (idle_.empty() && open_ >= options_.poolSize) cv_.wait(lock);
  ++inUse_;
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  ++open_;
  lock.unlock();
  try {
    return std::make_unique<PgConnection>(conninfo_);
  } catch (...) {
    std::lock_guard again(mutex_);
    --open_;
    --inUse_;
    cv_.notify_one();
    throw;
  }
}

void PostgresDatabase::release(std::unique_ptr<PgConnection> c) {
  {
    std::lock_guard lock(mutex_);
    --inUse_;
    if (c && c->healthy()) {
      idle_.push_back(std::move(c));
    } else {
      --open_;
    }
  }
  cv_.notify_one();
}

Status PostgresDatabase::transact(bool readOnly,
                                  const std::function<Status(app::Repositories&)>& fn) {
  std::unique_ptr<PgConnection> c;
  try {
    c = acquire();
  } catch (const std::exception& e) {
    return toDomainError(e);
  }
  Status out;
  try {
    // BEGIN travels with the first statement, and the deferred statements (audit rows,
    // notifications, idempotency records) with the COMMIT: round trips are only the ones the
    // transaction's reads and writes need.
    c->begin(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
    BufferedNotices notices;
    try {
      SqlRepositories repos(*c, notices, reference_);
      out = fn(repos);
    } catch (const std::exception& e) {
      out = toDomainError(e);
    }
    if (out.ok()) {
      c->commit();
      if (!readOnly) commits_.fetch_add(1, std::memory_order_relaxed);
      changes_.committed(notices.topics());  // NOTIFYed after the commit, by the feed's sender
    } else {
      c->rollback();
    }
  } catch (const std::exception& e) {
    out = toDomainError(e);
    try {
      c->rollback();
    } catch (...) {
      c.reset();
    }
  }
  release(std::move(c));
  return out;
}

Status PostgresDatabase::read(const std::function<Status(app::Repositories&)>& fn) {
  return transact(true, fn);
}

Status PostgresDatabase::write(const std::function<Status(app::Repositories&)>& fn) {
  Status s = transact(false, fn);
  jobs_.fetch_add(1, std::memory_order_relaxed);
  return s;
}

StorageStats PostgresDatabase::stats() const {
  StorageStats s;
  std::lock_guard lock(mutex_);
  s.poolInUse = inUse_;
  s.poolSize = open_;
  s.commits = commits_.load();
  s.jobs = jobs_.load();
  return s;
}

int PostgresDatabase::schemaVersion() {
  auto c = acquire();
  int v = 0;
  try {
    v = currentSchemaVersion(*c);
  } catch (...) {
    release(std::move(c));
    throw;
  }
  release(std::move(c));
  return v;
}

int PostgresDatabase::migrate() {
  auto c = acquire();
  int ran = 0;
  try {
    // Serialise concurrent `migrate` runs from several servers.
    c->script("SELECT pg_advisory_lock(727001)");
    ran = storage::migrate(*c);
    c->script("SELECT pg_advisory_unlock(727001)");
  } catch (...) {
    release(nullptr);
    throw;
  }
  release(std::move(c));
  return ran;
}

std::string PostgresDatabase::integrityCheck() {
  auto c = acquire();
  std::string out = "ok";
  try {
    c->query("SELECT count(*) FROM schema_migrations", {});
  } catch (const std::exception& e) {
    out = e.what();
  }
  release(std::move(c));
  return out;
}

}  // namespace medoffice::storage
