// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <map>
#include <shared_mutex>
#include <string>

#include "app/ports/clock.hpp"

namespace medoffice::integrations {

/// The wall clock. Thread-safe.
class SystemClock final : public app::Clock {
 public:
  [[nodiscard]] domain::Instant now() const override;
};

/// The system tz database (tzdata) read through date-tz. Thread-safe: date-tz loads a zone's
/// rules on its first use, and two threads using a zone for the first time at once raced there
/// (ThreadSanitizer), so each zone is looked up and loaded once under a lock, then used without.
class SystemTimeZones final : public app::TimeZones {
 public:
  [[nodiscard]] bool exists(std::string_view zone) const override;
  [[nodiscard]] std::optional<domain::Instant> toUtc(std::string_view zone, domain::Date date,
                                                     int minuteOfDay) const override;
  [[nodiscard]] std::optional<app::LocalTime> toLocal(std::string_view zone,
                                                      domain::Instant t) const override;

 private:
  /// The loaded date::time_zone of `zone`, or null when there is no such zone.
  [[nodiscard]] const void* zone(std::string_view name) const;

  mutable std::shared_mutex m_;
  mutable std::map<std::string, const void*, std::less<>> zones_;  ///< null: no such zone
};

}  // namespace medoffice::integrations
