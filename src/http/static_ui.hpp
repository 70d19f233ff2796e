// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string_view>

#include "http/message.hpp"

namespace medoffice::http {

/// The web UI (web/, built by Vite) is embedded into the binary at build time. serveUi() answers a
/// GET for one of its files, or for an app route (a path whose last segment has no dot, such as
/// `/calendar` or `/patients/12`) with `index.html`, which then routes in the browser.
/// Hashed files under `/assets/` are cached for a year; `index.html` is revalidated each time by
/// its ETag. A gzip copy is sent to clients that accept it. API paths never reach it.
/// nullopt: no such file (the caller answers 404).
std::optional<Response> serveUi(const Request& req);

/// Number of embedded files (0 would mean a broken build; a unit test checks it).
std::size_t uiFileCount();

}  // namespace medoffice::http
