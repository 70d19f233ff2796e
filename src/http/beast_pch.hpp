// SPDX-License-Identifier: AGPL-3.0-or-later
// Precompiled header: Beast and Asio are heavy; only http/ includes them.
#pragma once
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>
