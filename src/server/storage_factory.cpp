// SPDX-License-Identifier: AGPL-3.0-or-later
#include "server/storage_factory.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "integrations/crypto/backup_crypto.hpp"

#include <filesystem>
#include <stdexcept>

#include "storage/postgres/pg_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace medoffice::server {

StorageUrl parseStorageUrl(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) throw std::invalid_argument("the sqlite: URL has no file path");
    return {StorageUrl::Kind::kSqlite, path};
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    return {StorageUrl::Kind::kPostgres, url};
  }
  if (url.rfind("postgres:", 0) == 0) return {StorageUrl::Kind::kPostgres, url.substr(9)};
  throw std::invalid_argument("unknown storage URL '" + url +
                              "': use sqlite:PATH or postgres://USER@HOST:PORT/DBNAME");
}

std::unique_ptr<storage::Database> openDatabase(const std::string& url, OpenOptions options) {
  StorageUrl u = parseStorageUrl(url);
  if (u.kind == StorageUrl::Kind::kSqlite) {
    if (options.create) {
      auto parent = std::filesystem::path(u.target).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
    }
    storage::SqliteOptions o;
    o.create = options.create;
    if (options.poolSize > 0) o.readers = options.poolSize;
    return std::make_unique<storage::SqliteDatabase>(u.target, o);
  }
  storage::PostgresOptions o;
  if (options.poolSize > 0) o.poolSize = options.poolSize;
  return std::make_unique<storage::PostgresDatabase>(u.target, o);
}

namespace {
/// Removes a file when it goes out of scope (plaintext copies of PHI never outlive the call).
struct RemoveOnExit {
  std::filesystem::path path;
  ~RemoveOnExit() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};
}  // namespace

void backupDatabase(const std::string& url, const std::string& out,
                    const std::array<unsigned char, 32>& key) {
  StorageUrl u = parseStorageUrl(url);
  if (u.kind == StorageUrl::Kind::kPostgres) {
    throw std::runtime_error(
        "PostgreSQL databases are backed up with PostgreSQL's own tools: pg_dump -Fc -f " + out +
        " '" + url + "' (or continuous archiving with pg_basebackup); see docs/operations.md");
  }
  ::umask(077);  // the plaintext snapshot below is readable by the owner only
  RemoveOnExit plain{out + ".plain-" + std::to_string(::getpid())};
  {
    storage::SqliteDatabase db(u.target, {});
    db.backupTo(plain.path.string());
  }
  integrations::encryptFile(plain.path, out, key);
}

void restoreDatabase(const std::string& url, const std::string& from,
                     const std::array<unsigned char, 32>& key) {
  StorageUrl u = parseStorageUrl(url);
  if (u.kind == StorageUrl::Kind::kPostgres) {
    throw std::runtime_error("PostgreSQL databases are restored with pg_restore -d '" + url + "' " +
                             from + "; see docs/operations.md");
  }
  if (!std::filesystem::exists(from)) throw std::runtime_error("backup " + from + " not found");
  ::umask(077);
  // Decrypt (which authenticates every chunk) and check the result completely before anything
  // of the current database is touched.
  RemoveOnExit plain{u.target + ".restore-" + std::to_string(::getpid())};
  integrations::decryptFile(from, plain.path, key);
  storage::SqliteDatabase::restoreFrom(plain.path.string(), u.target);
}

}  // namespace medoffice::server
