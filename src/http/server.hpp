// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "http/forwarded.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace medoffice::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  ///< 0 picks a free port
  int ioThreads = 1;          ///< socket I/O
  int workerThreads = 64;     ///< run handlers; they block on storage, so this bounds concurrency
  std::size_t bodyLimit = 1024 * 1024;
  /// Bodies of routes marked Router::allowLargeBody (X12 uploads) may reach this many bytes, but
  /// only once the header shows an admitted caller holding the route's permission; anyone else
  /// keeps `bodyLimit`, so an anonymous client cannot make the server buffer this much.
  std::size_t largeBodyLimit = 64 * 1024 * 1024;
  int idleTimeoutSeconds = 60;
  std::string tlsCert;  ///< PEM certificate chain; with tlsKey, serve HTTPS only (TLS 1.2+)
  std::string tlsKey;   ///< PEM private key
  /// Reverse proxies whose X-Forwarded-For names the client (none by default).
  TrustedProxies trustedProxies;
};

/// Admits callers of protected routes; implemented over the app's Security service.
class Gatekeeper {
 public:
  virtual ~Gatekeeper() = default;
  /// Resolves the session cookie or bearer token and sets req.principal and req.viaCookie.
  /// Errors: kUnauthenticated (no or ended session), kForbidden (CSRF token missing or wrong on
  /// a state-changing request made with a cookie).
  virtual domain::Status admit(Request& req) = 0;
  /// Records in the audit trail that `req.principal` was refused `p`.
  virtual void denied(const Request& req, domain::Permission p) = 0;
};

/// The HTTP/1.1 server: asynchronous sockets on `ioThreads`, synchronous handlers on a worker
/// pool so that a write waiting for group commit never blocks I/O. Keep-alive; bodies above
/// `bodyLimit` (or `largeBodyLimit` for an admitted caller of a large-body route) get 413, decided
/// from the header before the body is read. Adds security headers to every answer and records
/// metrics.
class Server {
 public:
  Server(const Router& router, Metrics& metrics, Gatekeeper& gate, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and listens; returns the bound port. Throws std::runtime_error on failure.
  std::uint16_t listen();
  /// Serves until stop() is called or SIGINT/SIGTERM arrives. Blocks.
  void run();
  /// Stops accepting and ends run(). Thread-safe.
  void stop();

  struct Impl;  // public so that connection sessions in server.cpp can reach it

 private:
  std::unique_ptr<Impl> impl_;
};

/// Routes a request, admits the caller of a protected route (401/403 otherwise, default deny),
/// maps errors through the one problem table, adds common headers and records metrics. Exposed
/// for tests; the server calls it for every request. `gate` null refuses every protected route.
Response dispatch(const Router& router, Metrics& metrics, Gatekeeper* gate, Request& req);

}  // namespace medoffice::http
