// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/ports/clock.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace medoffice::test {

/// A clock the test moves by hand.
class FakeClock final : public app::Clock {
 public:
  domain::Instant now() const override { return domain::Instant::fromMicros(us_); }
  void setForTest(std::int64_t us) { us_ = us; }
  void advanceForTest(std::int64_t us) { us_ += us; }

 private:
  std::int64_t us_ = 1'790'000'000'000'000;  // 2026-09-21
};

class FakeTimeZones final : public app::TimeZones {
 public:
  bool exists(std::string_view z) const override {
    return z == "America/Chicago" || z == "America/Phoenix" || z == "UTC";
  }
  // The registry contract never converts times (scheduling tests use the real tz adapter).
  std::optional<domain::Instant> toUtc(std::string_view, domain::Date, int) const override {
    return std::nullopt;
  }
  std::optional<app::LocalTime> toLocal(std::string_view, domain::Instant) const override {
    return std::nullopt;
  }
};

/// The backends a contract test runs on: SQLite always; PostgreSQL when MEDOFFICE_TEST_PG_URL
/// names a throwaway database (tests/support/with_postgres.sh starts one).
inline std::vector<std::string> contractBackends() {
  std::vector<std::string> out{"sqlite"};
  if (const char* pg = std::getenv("MEDOFFICE_TEST_PG_URL"); pg && *pg)
    out.emplace_back("postgres");
  return out;
}

/// A fresh, migrated database of the named kind. PostgreSQL gets an empty public schema.
inline std::unique_ptr<storage::Database> freshDatabase(const std::string& backend,
                                                        const std::string& name) {
  if (backend == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / "medoffice-contract";
    std::filesystem::create_directories(dir);
    auto path = dir / (name + ".db");
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + ext);
    storage::SqliteOptions o;
    o.create = true;
    auto db = std::make_unique<storage::SqliteDatabase>(path.string(), o);
    db->migrate();
    return db;
  }
  const std::string url = std::getenv("MEDOFFICE_TEST_PG_URL");
  {
    storage::PgConnection c(url);
    c.script("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  }
  auto db = std::make_unique<storage::PostgresDatabase>(url, storage::PostgresOptions{});
  db->migrate();
  return db;
}

/// A second handle on the database freshDatabase(backend, name) made, as another process would
/// open it (its own connections and caches).
inline std::unique_ptr<storage::Database> openAgain(const std::string& backend,
                                                    const std::string& name) {
  if (backend == "sqlite") {
    auto path = std::filesystem::temp_directory_path() / "medoffice-contract" / (name + ".db");
    return std::make_unique<storage::SqliteDatabase>(path.string(), storage::SqliteOptions{});
  }
  return std::make_unique<storage::PostgresDatabase>(std::getenv("MEDOFFICE_TEST_PG_URL"),
                                                     storage::PostgresOptions{});
}

}  // namespace medoffice::test
