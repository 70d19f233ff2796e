// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/forwarded.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace medoffice::http {

namespace {

struct Address {
  std::array<std::uint8_t, 16> bytes{};
  int family = 4;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<Address> parseAddress(std::string_view text) {
  text = trim(text);
  // An IPv4 address the socket reports in IPv6 form (::ffff:10.0.0.1) is the IPv4 address.
  if (text.rfind("::ffff:", 0) == 0 && text.find('.') != std::string_view::npos) {
    text.remove_prefix(7);
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  Address a;
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
    a.family = 4;
  } else {
    if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
    a.family = 6;
  }
  return a;
}

}  // namespace

std::optional<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& specs,
                                                    std::string* bad) {
  TrustedProxies out;
  for (const auto& spec : specs) {
    std::string_view text = trim(spec);
    std::string_view addr = text;
    std::optional<int> prefix;
    if (auto slash = text.find('/'); slash != std::string_view::npos) {
      addr = text.substr(0, slash);
      std::string_view bits = text.substr(slash + 1);
      int n = -1;
      auto [p, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), n);
      if (ec != std::errc() || p != bits.data() + bits.size()) n = -1;
      prefix = n;
    }
    auto a = parseAddress(addr);
    const int maxBits = a && a->family == 4 ? 32 : 128;
    if (!a || (prefix && (*prefix < 0 || *prefix > maxBits))) {
      if (bad != nullptr) *bad = spec;
      return std::nullopt;
    }
    out.networks_.push_back({a->bytes, a->family, prefix.value_or(maxBits)});
  }
  return out;
}

bool TrustedProxies::contains(std::string_view ip) const {
  auto a = parseAddress(ip);
  if (!a) return false;
  for (const auto& n : networks_) {
    if (n.family != a->family) continue;
    int bits = n.prefix;
    bool match = true;
    for (std::size_t k = 0; bits > 0; ++k, bits -= 8) {
      const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
      if ((a->bytes[k] & mask) != (n.bytes[k] & mask)) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  return false;
}

std::string TrustedProxies::clientAddress(std::string_view peer,
                                          std::string_view forwardedFor) const {
  std::string client(peer);
  if (!contains(peer)) return client;
  // Right to left: each trusted hop vouches for the address to its left.
  while (!forwardedFor.empty()) {
    const auto comma = forwardedFor.rfind(',');
    const std::string_view hop =
        trim(comma == std::string_view::npos ? forwardedFor : forwardedFor.substr(comma + 1));
    forwardedFor =
        comma == std::string_view::npos ? std::string_view() : forwardedFor.substr(0, comma);
    if (!parseAddress(hop)) break;  // garbage: believe nothing further left
    client = std::string(hop);
    if (!contains(hop)) break;
  }
  return client;
}

}  // namespace medoffice::http
