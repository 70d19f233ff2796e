// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <array>
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace medoffice::server {

/// A parsed `--db` URL: `sqlite:PATH` or `postgres://USER@HOST:PORT/DBNAME` (`postgresql://`
/// and libpq key=value strings are accepted too).
struct StorageUrl {
  enum class Kind { kSqlite, kPostgres } kind = Kind::kSqlite;
  std::string target;  ///< the file path or the libpq connection string
};

/// Parses a storage URL; throws std::invalid_argument with a one-line reason.
StorageUrl parseStorageUrl(const std::string& url);

struct OpenOptions {
  bool create = false;  ///< SQLite: create the file (and its folder) when missing
  int poolSize = 0;     ///< 0: the engine's default
};

/// Opens the engine the URL names. This is the only place that branches on the storage URL.
/// Throws storage::SqlError or std::invalid_argument.
std::unique_ptr<storage::Database> openDatabase(const std::string& url, OpenOptions options);

/// SQLite online backup of a running or stopped database to `out`, encrypted with `key` (the
/// backup key derived from the server key). Throws std::runtime_error with PostgreSQL guidance
/// (pg_dump) for postgres URLs.
void backupDatabase(const std::string& url, const std::string& out,
                    const std::array<unsigned char, 32>& key);
/// Replaces the SQLite database with an encrypted backup after decrypting and checking all of
/// it (authentication, integrity, schema version). The server must be stopped.
void restoreDatabase(const std::string& url, const std::string& from,
                     const std::array<unsigned char, 32>& key);

}  // namespace medoffice::server
