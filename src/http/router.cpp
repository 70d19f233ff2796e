// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/router.hpp"

#include <stdexcept>

namespace medoffice::http {
namespace {
std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  if (path.empty() || path[0] != '/') return out;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}
}  // namespace

void Router::add(std::string method, std::string pattern, std::string summary, Access access,
                 Handler handler) {
  Route r{
      std::move(method), std::move(pattern), std::move(summary), access, std::move(handler), {}};
  r.segments = split(r.pattern);
  routes_.push_back(std::move(r));
}

void Router::allowLargeBody(std::string_view method, std::string_view pattern) {
  for (auto& r : routes_) {
    if (r.method != method || r.pattern != pattern) continue;
    // An open route would let anyone make the server buffer the large limit.
    if (r.access.open) throw std::logic_error("an open route cannot take large bodies");
    r.largeBody = true;
    return;
  }
  throw std::logic_error("allowLargeBody: no route " + std::string(method) + " " +
                         std::string(pattern));
}

Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  auto parts = split(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    PathParams params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& seg = r.segments[i];
      const auto close = seg.size() > 2 && seg.front() == '{' ? seg.find('}') : std::string::npos;
      if (close != std::string::npos && close + 1 == seg.size()) {
        // The whole segment (dots too: ICD-10-CM codes); a route with a suffix (`{id}.pdf`)
        // is registered before the plain one so that it is found first.
        if (parts[i].empty())
          ok = false;
        else
          params.emplace(seg.substr(1, close - 1), parts[i]);
      } else if (close != std::string::npos) {
        // `{id}.pdf`: a parameter before a fixed suffix.
        const std::string_view suffix = std::string_view(seg).substr(close + 1);
        const std::string_view part = parts[i];
        if (part.size() <= suffix.size() || part.substr(part.size() - suffix.size()) != suffix)
          ok = false;
        else
          params.emplace(seg.substr(1, close - 1),
                         std::string(part.substr(0, part.size() - suffix.size())));
      } else if (seg != parts[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    m.pathKnown = true;
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += r.method;
  }
  return m;
}

}  // namespace medoffice::http
