// SPDX-License-Identifier: AGPL-3.0-or-later
// The embedded engine's write-ahead log is checkpointed by the writer thread after the callers
// of a group have their answers, not inside COMMIT (SQLite's auto-checkpoint is off).
#include "storage/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "app/ports/repositories.hpp"

namespace medoffice::storage {
namespace {

namespace fs = std::filesystem;

/// A fresh database file of `name` in the temporary directory, with the given threshold.
std::unique_ptr<SqliteDatabase> fresh(const std::string& name, int checkpointFrames) {
  const fs::path dir = fs::temp_directory_path() / "medoffice-sqlite-unit";
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
  SqliteOptions o;
  o.create = true;
  o.checkpointFrames = checkpointFrames;
  auto db = std::make_unique<SqliteDatabase>(path, o);
  db->migrate();
  return db;
}

/// The practice the locations belong to.
domain::OrganizationId practice(SqliteDatabase& db) {
  domain::OrganizationId id;
  auto s = db.write([&](app::Repositories& r) -> app::Status {
    domain::Organization o;
    o.legalName = "Checkpoint Clinic";
    o.npi = "1234567893";
    o.tin = "36-4455667";
    o.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
    auto org = r.organizations().insert(o, domain::Instant::fromMicros(1));
    if (!org) return org.error();
    id = org->id;
    return {};
  });
  EXPECT_TRUE(s.ok());
  return id;
}

/// Writes `count` locations in one job: enough rows for tens or hundreds of pages of log.
app::Status writeLocations(SqliteDatabase& db, domain::OrganizationId org, int count, int from) {
  return db.write([&](app::Repositories& r) -> app::Status {
    for (int k = 0; k < count; ++k) {
      domain::Location l;
      l.organizationId = org;
      l.name = "Satellite office number " + std::to_string(from + k);
      l.address = {std::to_string(k) + " W Monroe St, Suite 400", "", "Springfield", "IL", "62704"};
      l.placeOfService = "11";
      l.timeZone = "America/Chicago";
      l.phone = "+12175550100";
      auto stored = r.locations().insert(l, domain::Instant::fromMicros(1));
      if (!stored) return stored.error();
    }
    return {};
  });
}

/// Waits up to 10 s for `done`.
template <class F>
bool eventually(F done) {
  for (int k = 0; k < 200; ++k) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

TEST(SqliteDatabase, CheckpointsTheLogAfterACommitPastTheThreshold) {
  auto db = fresh("checkpoint.db", 50);
  const fs::path file = fs::temp_directory_path() / "medoffice-sqlite-unit" / "checkpoint.db";
  // The schema's pages are still in the log: nothing has checkpointed them yet.
  const auto before = fs::file_size(file);
  ASSERT_TRUE(writeLocations(*db, practice(*db), 4000, 0).ok());
  // The writer thread copies the log into the database file once the job has its answer.
  EXPECT_TRUE(eventually([&] { return fs::file_size(file) > before + 200 * 1024; }))
      << "database file still " << fs::file_size(file) << " bytes (was " << before << ")";
}

TEST(SqliteDatabase, KeepsTheLogBoundedUnderContinuousWrites) {
  auto db = fresh("bounded.db", 50);
  const fs::path wal = fs::temp_directory_path() / "medoffice-sqlite-unit" / "bounded.db-wal";
  // Jobs queued back to back from two threads, so the writer rarely finds its queue empty: the
  // log must still be checkpointed (at four times the threshold) and so reused from its start.
  const auto org = practice(*db);
  std::thread other([&] {
    for (int k = 0; k < 20; ++k) {
      EXPECT_TRUE(writeLocations(*db, org, 600, 100000 + k * 1000).ok());
    }
  });
  for (int k = 0; k < 20; ++k) EXPECT_TRUE(writeLocations(*db, org, 600, 200000 + k * 1000).ok());
  other.join();
  // 40 jobs of about 50 pages each would be about 2,000 frames (8 MB) without checkpoints; the
  // log is reset after at most 4 x 50 frames plus the jobs of one group.
  EXPECT_LT(fs::file_size(wal), 3u * 1024 * 1024) << "the log grew without checkpoints";
}

}  // namespace
}  // namespace medoffice::storage
