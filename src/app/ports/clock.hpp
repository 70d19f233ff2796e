// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
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

/// A wall-clock reading at a location.
struct LocalTime {
  domain::Date date;
  int minuteOfDay = 0;       ///< 0-1439
  int utcOffsetMinutes = 0;  ///< e.g. -300 for EST, -240 for EDT
};

/// The IANA time zones of this system and their rules. Thread-safe.
class TimeZones {
 public:
  virtual ~TimeZones() = default;
  [[nodiscard]] virtual bool exists(std::string_view zone) const = 0;
  /// The UTC instant of a local date and minute of day (0-1440; 1440 = the next midnight). In a
  /// spring-forward gap the time does not exist: the answer is the instant the clocks jump. In a
  /// fall-back overlap it happens twice: the answer is the first. nullopt for an unknown zone.
  [[nodiscard]] virtual std::optional<domain::Instant> toUtc(std::string_view zone,
                                                             domain::Date date,
                                                             int minuteOfDay) const = 0;
  /// What a clock in `zone` shows at `t` (to the minute). nullopt for an unknown zone.
  [[nodiscard]] virtual std::optional<LocalTime> toLocal(std::string_view zone,
                                                         domain::Instant t) const = 0;
};

}  // namespace medoffice::app
