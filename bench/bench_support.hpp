// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What the database benchmarks share: a fresh database (the SQLite file removed, or
// PostgreSQL's public schema dropped) at the current schema, timing, and stopping on a failed
// setup step.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "domain/common/result.hpp"
#include "server/storage_factory.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace medoffice::bench {

inline double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

/// Ends the program with the error (and its fields) when a setup step failed.
inline void check(const domain::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.error().message.c_str());
    for (const auto& f : s.error().fields) {
      std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.message.c_str());
    }
    std::exit(1);
  }
}

/// An empty database at `url` with the current schema: the SQLite file and its WAL removed
/// first, or PostgreSQL's public schema dropped.
inline std::unique_ptr<storage::Database> freshDatabase(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    const std::string path = url.substr(7);
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  } else {
    storage::PgConnection c(url);
    c.script("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  }
  auto db = server::openDatabase(url, {.create = true});
  db->migrate();
  return db;
}

}  // namespace medoffice::bench
