// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/ports/security.hpp"

namespace medoffice::test {

/// A stand-in for the keyed MAC: deterministic, key-dependent, enough to test the chain logic
/// (the real HMAC-SHA-256 is tested in integrations and end to end).
class TestSecrets final : public app::Secrets {
 public:
  explicit TestSecrets(std::string key) : key_(std::move(key)) {}
  std::string auditMac(std::string_view d) override {
    return std::to_string(std::hash<std::string>{}(key_ + std::string(d)));
  }
  std::string sha256(std::string_view d) override {
    return std::to_string(std::hash<std::string_view>{}(d));
  }
  std::string randomToken(std::size_t n) override { return std::string(n, 'r'); }
  std::string seal(std::string_view p) override { return std::string(p); }
  std::optional<std::string> open(std::string_view s) override { return std::string(s); }
  bool equal(std::string_view a, std::string_view b) override { return a == b; }

 private:
  std::string key_;
};

}  // namespace medoffice::test
