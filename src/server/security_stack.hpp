// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "app/security.hpp"
#include "integrations/crypto/sodium_security.hpp"
#include "storage/database.hpp"

namespace medoffice::server {

/// Where the master key comes from, in order: MEDOFFICE_KEY (64 hex digits), --key-file,
/// MEDOFFICE_KEY_FILE, and for SQLite the file beside the database (`PATH.key`). PostgreSQL has
/// no default: the key must not live with the database it protects.
std::filesystem::path keyFilePath(const std::string& dbUrl, const std::string& keyFileOption);

/// Loads the master key; throws std::runtime_error with a one-line reason.
integrations::MasterKey loadMasterKey(const std::string& dbUrl, const std::string& keyFileOption);

/// Creates the key file for `init` unless MEDOFFICE_KEY is set or the file exists. Returns the
/// path created, or empty. Throws std::runtime_error on failure.
std::filesystem::path ensureKeyFile(const std::string& dbUrl, const std::string& keyFileOption);

/// The security adapters and service over one database, wired once per process.
struct SecurityStack {
  SecurityStack(storage::Database& db, const app::Clock& clock, const integrations::MasterKey& key,
                app::SecurityConfig config = {});
  integrations::SodiumPasswordHasher hasher;
  integrations::SodiumSecrets secrets;
  integrations::OpenSslTotp totp;
  app::Security security;
  /// Links pending audit events into the chain every 50 ms, and once more when the process ends
  /// (PostgreSQL only; SQLite links them inline). Declared last: stops before the rest.
  std::unique_ptr<app::audit::Sealer> sealer;
};

}  // namespace medoffice::server
