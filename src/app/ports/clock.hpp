// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string_view>

#include "domain/common/time.hpp"

namespace medoffice::app {

/// The only source of "now". Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual domain::Instant now() const = 0;
  [[nodiscard]] domain::Date today() const { return now().utcDate(); }
};

/// Knows which IANA time zones exist on this system. Thread-safe.
class TimeZones {
 public:
  virtual ~TimeZones() = default;
  [[nodiscard]] virtual bool exists(std::string_view zone) const = 0;
};

}  // namespace medoffice::app
