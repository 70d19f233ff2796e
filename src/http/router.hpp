// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/result.hpp"
#include "http/message.hpp"

namespace medoffice::http {

/// Values of `{name}` segments of the matched route.
using PathParams = std::map<std::string, std::string, std::less<>>;
using Handler = std::function<domain::Result<Response>(const Request&, const PathParams&)>;

/// Who may call a route. Every route declares it; there is no default. Protected routes run only
/// for an authenticated caller whose roles hold `permission` (the matrix in domain/security).
struct Access {
  bool open = false;  ///< no sign-in needed (health, OpenAPI document, sign-in itself)
  domain::Permission permission = domain::Permission::kSelf;
  static Access publicRoute() { return {true, domain::Permission::kSelf}; }
  static Access need(domain::Permission p) { return {false, p}; }
};

struct Route {
  std::string method;
  std::string pattern;  ///< `/api/v1/patients/{id}`; also the metrics label
  std::string summary;  ///< one line for docs
  Access access;
  Handler handler;
  std::vector<std::string> segments;
  /// The body may be larger than the server's default limit, up to its large-body limit, when
  /// the caller is admitted and holds `access.permission` (X12 files from payers).
  bool largeBody = false;
};

struct Match {
  const Route* route = nullptr;
  PathParams params;
  bool pathKnown = false;  ///< the path matched some route with another method (405)
  std::string allow;       ///< methods allowed on the path
};

/// Method + path pattern → handler. Registration happens at start-up; lookup is thread-safe
/// afterwards because nothing changes.
class Router {
 public:
  void add(std::string method, std::string pattern, std::string summary, Access access,
           Handler handler);
  /// Lets the registered route `method pattern` take bodies up to the server's large-body limit
  /// from admitted callers holding its permission. Throws std::logic_error when no such route is
  /// registered or it is open (start-up wiring mistakes).
  void allowLargeBody(std::string_view method, std::string_view pattern);
  [[nodiscard]] Match match(std::string_view method, std::string_view path) const;
  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace medoffice::http
