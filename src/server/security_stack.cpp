// SPDX-License-Identifier: AGPL-3.0-or-later
#include "server/security_stack.hpp"

#include <cstdlib>
#include <stdexcept>

#include "server/storage_factory.hpp"

namespace medoffice::server {

namespace {
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}
}  // namespace

std::filesystem::path keyFilePath(const std::string& dbUrl, const std::string& keyFileOption) {
  if (!keyFileOption.empty()) return keyFileOption;
  if (auto f = env("MEDOFFICE_KEY_FILE"); !f.empty()) return f;
  StorageUrl url = parseStorageUrl(dbUrl);
  if (url.kind == StorageUrl::Kind::kSqlite) return url.target + ".key";
  throw std::runtime_error(
      "PostgreSQL needs the server key outside the database: give --key-file FILE, or set "
      "MEDOFFICE_KEY_FILE or MEDOFFICE_KEY");
}

integrations::MasterKey loadMasterKey(const std::string& dbUrl, const std::string& keyFileOption) {
  if (auto hex = env("MEDOFFICE_KEY"); !hex.empty()) {
    auto key = integrations::parseKeyHex(hex);
    if (!key) throw std::runtime_error("MEDOFFICE_KEY must be 64 hex digits");
    return *key;
  }
  std::string error;
  auto key = integrations::readKeyFile(keyFilePath(dbUrl, keyFileOption), error);
  if (!key) throw std::runtime_error(error);
  return *key;
}

std::filesystem::path ensureKeyFile(const std::string& dbUrl, const std::string& keyFileOption) {
  if (!env("MEDOFFICE_KEY").empty()) return {};
  auto path = keyFilePath(dbUrl, keyFileOption);
  if (std::filesystem::exists(path)) return {};
  std::string error;
  if (!integrations::createKeyFile(path, error)) throw std::runtime_error(error);
  return path;
}

SecurityStack::SecurityStack(storage::Database& db, const app::Clock& clock,
                             const integrations::MasterKey& key, app::SecurityConfig config)
    : secrets(key), security(db, clock, hasher, secrets, totp, config) {
  if (!app::audit::chainsInline(db)) {
    sealer = std::make_unique<app::audit::Sealer>(db, secrets, std::chrono::milliseconds(50));
  }
}

}  // namespace medoffice::server
