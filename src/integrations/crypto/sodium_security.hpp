// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <sodium.h>

#include "app/ports/security.hpp"

namespace medoffice::integrations {

/// The server's master key: 32 random bytes, kept outside the database. Sub-keys for the audit
/// HMAC, data sealing and backups are derived from it (libsodium crypto_kdf).
struct MasterKey {
  std::array<unsigned char, 32> bytes{};
};

/// Reads a key file (64 hex digits). Errors are one line naming the file; a file readable by
/// group or others is refused.
std::optional<MasterKey> readKeyFile(const std::filesystem::path& path, std::string& error);
/// Parses 64 hex digits (the MEDOFFICE_KEY environment variable).
std::optional<MasterKey> parseKeyHex(const std::string& hex);
/// Creates a new random key file with mode 0600. Fails if it exists.
bool createKeyFile(const std::filesystem::path& path, std::string& error);

/// Argon2id via libsodium's crypto_pwhash_str. Defaults measured for ~50-100 ms here.
class SodiumPasswordHasher final : public app::PasswordHasher {
 public:
  static constexpr unsigned long long kOpsLimit = 2;
  static constexpr std::size_t kMemLimit = std::size_t{32} << 20;
  explicit SodiumPasswordHasher(unsigned long long opslimit = kOpsLimit,
                                std::size_t memlimit = kMemLimit);
  std::string hash(std::string_view password) override;
  bool verify(const std::string& hash, std::string_view password) override;
  bool needsRehash(const std::string& hash) override;

 private:
  unsigned long long ops_;
  std::size_t mem_;
};

class SodiumSecrets final : public app::Secrets {
 public:
  explicit SodiumSecrets(const MasterKey& key);
  std::string auditMac(std::string_view data) override;
  std::string sha256(std::string_view data) override;
  std::string randomToken(std::size_t bytes) override;
  std::string seal(std::string_view plain) override;
  std::optional<std::string> open(std::string_view sealed) override;
  bool equal(std::string_view a, std::string_view b) override;

  /// The backup encryption key (secretbox), derived from the master key.
  [[nodiscard]] const std::array<unsigned char, 32>& backupKey() const { return backupKey_; }

 private:
  std::array<unsigned char, 32> auditKey_{};
  crypto_auth_hmacsha256_state auditKeyed_{};  // HMAC state after the key: copied per event
  std::array<unsigned char, 32> dataKey_{};
  std::array<unsigned char, 32> backupKey_{};
};

/// RFC 6238 TOTP with HMAC-SHA-1 (OpenSSL), 6 digits, 30-second steps.
class OpenSslTotp final : public app::Totp {
 public:
  std::string newSecret() override;
  std::string code(const std::string& base32Secret, std::int64_t unixSeconds) override;
};

std::string base32Encode(const unsigned char* data, std::size_t n);
std::optional<std::string> base32Decode(std::string_view s);

}  // namespace medoffice::integrations
