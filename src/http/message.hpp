// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/security/access.hpp"

namespace medoffice::http {

/// An HTTP request as routes see it: no Beast types leak past http/server.cpp.
struct Request {
  std::string method;  ///< upper case: GET, POST...
  std::string path;    ///< decoded path without the query string
  std::vector<std::pair<std::string, std::string>> query;   ///< decoded, in order
  std::map<std::string, std::string, std::less<>> headers;  ///< lower-case names
  std::string body;
  std::string remoteIp;  ///< the peer's address
  /// Who is calling, set by dispatch() before a protected route's handler runs.
  std::optional<domain::Principal> principal;
  /// True when the caller authenticated with a session cookie (CSRF applies), false for a bearer
  /// token or nobody.
  bool viaCookie = false;

  [[nodiscard]] std::string header(std::string_view name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

/// A server-sent event stream (text/event-stream). After the headers the server calls `next`
/// on a worker and writes what it returns; then it waits, holding no worker, until `watch`'s
/// wake-up fires or `idle` passes, and calls `next` again. The stream ends when `next` returns
/// nullopt or the client goes away.
struct EventStream {
  /// The next chunk: "" sends nothing this time, nullopt ends the stream. `woken` is true when
  /// a wake-up (a change), not the timer, ended the wait. Runs on a worker; may block briefly
  /// (a database read), never to wait for something to happen.
  std::function<std::optional<std::string>(bool woken)> next;
  /// Arms the wake-ups: calls `wake` (from any thread, any number of times; coalesced) when what
  /// the stream shows changed, until the returned handle is released. Empty: the timer only.
  std::function<std::shared_ptr<void>(std::function<void()> wake)> watch;
  /// The longest wait between two calls of `next`. `next` may change it for the waits after it
  /// (the server reads it once `next` has returned).
  std::chrono::milliseconds idle{15000};
  /// The shortest time between two calls of `next`: wake-ups within it are coalesced into one
  /// call at its end, so that a busy stream of changes costs each stream a few calls a second.
  std::chrono::milliseconds minInterval{250};
};

struct Response {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool phi = false;  ///< adds Cache-Control: no-store
  /// Set for a text/event-stream answer (server-sent events); see EventStream.
  std::shared_ptr<EventStream> events;

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

/// Reads query parameters strictly: unknown names and repeated names are errors naming the
/// parameter, values must be clean UTF-8 of bounded length.
class QueryReader {
 public:
  QueryReader(const Request& req, domain::FieldErrors& errors);
  std::optional<std::string> get(const char* name);
  /// Every value of a parameter that may repeat (`provider_id=1&provider_id=2`), at most 100.
  std::vector<std::string> all(const char* name);
  /// An integer in [min, max], `fallback` when absent.
  int integer(const char* name, int min, int max, int fallback);
  bool boolean(const char* name, bool fallback);
  void finish();

 private:
  const Request& req_;
  domain::FieldErrors& errors_;
  std::set<std::string, std::less<>> used_;
};

/// Percent-decodes a URL component (`+` as space in queries). nullopt on malformed escapes.
std::optional<std::string> percentDecode(std::string_view s, bool plusIsSpace);

}  // namespace medoffice::http
