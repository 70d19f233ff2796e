// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medoffice::app {

/// Password hashing (Argon2id). Slow on purpose: call it off the I/O threads.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual std::string hash(std::string_view password) = 0;
  virtual bool verify(const std::string& hash, std::string_view password) = 0;
  /// True when `hash` was made with other parameters than the current ones (rehash at sign-in).
  virtual bool needsRehash(const std::string& hash) = 0;
};

/// Keyed and unkeyed primitives with the server's secret keys, which live outside the database
/// (a 0600 key file or the environment).
class Secrets {
 public:
  virtual ~Secrets() = default;
  /// Hex HMAC-SHA-256 with the audit key.
  virtual std::string auditMac(std::string_view data) = 0;
  /// Hex SHA-256 (for storing bearer secrets: session cookies, CSRF tokens, recovery codes).
  virtual std::string sha256(std::string_view data) = 0;
  /// `bytes` random bytes, base64url without padding.
  virtual std::string randomToken(std::size_t bytes) = 0;
  /// Encrypts and authenticates `plain` with the data key (TOTP secrets at rest).
  virtual std::string seal(std::string_view plain) = 0;
  /// nullopt when `sealed` was altered or made with another key.
  virtual std::optional<std::string> open(std::string_view sealed) = 0;
  /// Constant-time equality of two strings of equal length.
  virtual bool equal(std::string_view a, std::string_view b) = 0;
};

/// RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30 s steps).
class Totp {
 public:
  virtual ~Totp() = default;
  /// A fresh random secret, base32 without padding.
  virtual std::string newSecret() = 0;
  /// The 6-digit code for the step containing `unixSeconds`.
  virtual std::string code(const std::string& base32Secret, std::int64_t unixSeconds) = 0;
};

}  // namespace medoffice::app
