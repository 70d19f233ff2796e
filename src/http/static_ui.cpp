// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/static_ui.hpp"

#include <cstddef>
#include <iterator>
#include <string>

namespace medoffice::http {

namespace {

struct WebAsset {
  const char* path;
  const char* contentType;
  const char* etag;
  const unsigned char* data;
  std::size_t size;
  const unsigned char* gz;
  std::size_t gzSize;
};

#include "web_assets.inc"

const WebAsset* find(std::string_view path) {
  for (const auto& a : kWebAssets) {
    if (path == a.path) return &a;
  }
  return nullptr;
}

bool acceptsGzip(const Request& req) {
  // Enough for browsers, which send "gzip, deflate, br, zstd"; "gzip;q=0" is not seen in practice
  // but is honoured.
  const std::string ae = req.header("accept-encoding");
  auto at = ae.find("gzip");
  if (at == std::string::npos) return false;
  auto rest = std::string_view(ae).substr(at + 4);
  auto comma = rest.find(',');
  auto params = rest.substr(0, comma);
  return params.find("q=0") == std::string_view::npos ||
         params.find("q=0.") != std::string_view::npos;
}

bool isAppRoute(std::string_view path) {
  auto slash = path.rfind('/');
  std::string_view last = path.substr(slash + 1);
  return last.find('.') == std::string_view::npos;
}

}  // namespace

std::size_t uiFileCount() {
  return std::size(kWebAssets);
}

std::optional<Response> serveUi(const Request& req) {
  if (req.path.rfind("/api/", 0) == 0 || req.path.rfind("/fhir/", 0) == 0) return std::nullopt;
  const WebAsset* a = find(req.path);
  if (a == nullptr && isAppRoute(req.path)) a = find("/index.html");
  if (a == nullptr) return std::nullopt;
  Response r;
  r.contentType = a->contentType;
  r.header("ETag", a->etag);
  r.header("Vary", "Accept-Encoding");
  const std::string_view path = a->path;
  if (path.rfind("/assets/", 0) == 0) {
    r.header("Cache-Control", "public, max-age=31536000, immutable");
  } else if (path == "/index.html") {
    r.header("Cache-Control", "no-cache");
  } else {
    r.header("Cache-Control", "public, max-age=3600");
  }
  if (req.header("if-none-match") == a->etag) {
    r.status = 304;
    return r;
  }
  if (a->gz != nullptr && acceptsGzip(req)) {
    r.header("Content-Encoding", "gzip");
    r.body.assign(reinterpret_cast<const char*>(a->gz), a->gzSize);
  } else {
    r.body.assign(reinterpret_cast<const char*>(a->data), a->size);
  }
  return r;
}

}  // namespace medoffice::http
