// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/clock.hpp"

namespace medoffice::integrations {

/// The wall clock. Thread-safe.
class SystemClock final : public app::Clock {
 public:
  [[nodiscard]] domain::Instant now() const override;
};

/// The system tz database (tzdata) read through date-tz. Thread-safe.
class SystemTimeZones final : public app::TimeZones {
 public:
  [[nodiscard]] bool exists(std::string_view zone) const override;
  [[nodiscard]] std::optional<domain::Instant> toUtc(std::string_view zone, domain::Date date,
                                                     int minuteOfDay) const override;
  [[nodiscard]] std::optional<app::LocalTime> toLocal(std::string_view zone,
                                                      domain::Instant t) const override;
};

}  // namespace medoffice::integrations
