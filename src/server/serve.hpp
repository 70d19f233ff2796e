// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/security.hpp"
#include "integrations/crypto/sodium_security.hpp"
#include "storage/database.hpp"

namespace medoffice::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int workerThreads = 64;
  std::size_t bodyLimit = 1024 * 1024;
  /// X12 uploads (835 remittances, 999/277CA acknowledgements) from signed-in callers allowed to
  /// post them may be this large; every other body keeps `bodyLimit`.
  std::size_t x12BodyLimit = 64 * 1024 * 1024;
  std::string tlsCert;           ///< PEM chain; with tlsKey the server speaks HTTPS only
  std::string tlsKey;            ///< PEM private key
  bool insecureListen = false;   ///< allow plain HTTP on a non-loopback address
  integrations::MasterKey key;   ///< the server's master key (audit MACs, sealed secrets)
  app::SecurityConfig security;  ///< session timeouts, throttling
  std::string hl7Outbox;         ///< folder for HL7 v2 SIU messages; empty: none are written
  std::string fontDir = "/usr/share/fonts/truetype/dejavu";  ///< DejaVu for PDFs
  /// The practice's scrubber rules file, laid over the defaults; empty: the defaults.
  std::string scrubRules;
  /// The practice's denial rules file (suggestions, appeal letter), laid over the defaults;
  /// empty: the defaults.
  std::string denialRules;
  /// Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For names the client.
  std::vector<std::string> trustedProxies;
};

/// True for 127.0.0.0/8, ::1 and "localhost".
bool isLoopback(const std::string& host);

/// Wires ports to adapters and serves until SIGINT/SIGTERM. Refuses a database whose schema is
/// newer or older than this binary. `onListening(port)` is called once the socket is bound.
/// Throws std::runtime_error with a one-line reason.
void serve(storage::Database& db, const ServeOptions& options,
           const std::function<void(std::uint16_t)>& onListening);

}  // namespace medoffice::server
