// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medoffice::http {

/// The reverse proxies (load balancers) whose `X-Forwarded-For` header is believed. Off by
/// default: without trusted proxies the client is the TCP peer, whatever the header says, so a
/// client cannot choose the address that sign-in throttling and the audit trail record.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  /// Addresses or networks: `10.0.0.5`, `10.0.0.0/8`, `::1`, `fd00::/8`. nullopt, with the
  /// offending entry in `bad`, when one is not an IPv4 or IPv6 address or network.
  static std::optional<TrustedProxies> parse(const std::vector<std::string>& specs,
                                             std::string* bad = nullptr);

  [[nodiscard]] bool empty() const { return networks_.empty(); }
  /// True when `ip` (text, as the socket reports it) is one of the trusted proxies.
  [[nodiscard]] bool contains(std::string_view ip) const;
  /// The client's address. The peer itself unless it is a trusted proxy; then, walking
  /// `X-Forwarded-For` from the right (the hop nearest to us), the first address that is not a
  /// trusted proxy. Entries that are not addresses stop the walk at the last trusted hop.
  [[nodiscard]] std::string clientAddress(std::string_view peer,
                                          std::string_view forwardedFor) const;

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};
    int family = 4;  ///< 4 or 6
    int prefix = 32;
  };
  std::vector<Network> networks_;
};

}  // namespace medoffice::http
