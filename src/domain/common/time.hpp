// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medoffice::domain {

/// A calendar date with no time zone: birth dates, dates of service, coverage periods.
class Date {
 public:
  constexpr Date() = default;
  /// Returns nullopt unless y/m/d is a real Gregorian date in years 1800..9999.
  static std::optional<Date> fromYmd(int y, int m, int d);
  /// Parses exactly `YYYY-MM-DD`.
  static std::optional<Date> parse(std::string_view iso);
  static Date fromDaysSinceEpoch(std::int64_t days);

  [[nodiscard]] int year() const { return y_; }
  [[nodiscard]] int month() const { return m_; }
  [[nodiscard]] int day() const { return d_; }
  [[nodiscard]] std::int64_t daysSinceEpoch() const;
  /// 0 = Sunday ... 6 = Saturday.
  [[nodiscard]] int weekday() const;
  [[nodiscard]] Date plusDays(std::int64_t n) const {
    return fromDaysSinceEpoch(daysSinceEpoch() + n);
  }
  /// Days in this date's month (28-31).
  [[nodiscard]] int monthLength() const;
  [[nodiscard]] std::string toString() const;
  /// Whole years of age on `on`.
  [[nodiscard]] int ageOn(Date on) const;
  auto operator<=>(const Date&) const = default;

 private:
  constexpr Date(int y, int m, int d) : y_(y), m_(m), d_(d) {}
  int y_ = 1970;
  int m_ = 1;
  int d_ = 1;
};

/// A point in time, UTC, microsecond precision.
class Instant {
 public:
  constexpr Instant() = default;
  static constexpr Instant fromMicros(std::int64_t us) { return Instant(us); }
  /// Parses RFC 3339: `2026-12-01T15:00:00Z`, `2026-12-01T09:00:00-06:00`, with optional
  /// fractions of a second (up to microseconds). Years 1800-9999.
  static std::optional<Instant> parse(std::string_view rfc3339);
  [[nodiscard]] constexpr std::int64_t micros() const { return us_; }
  /// The UTC calendar date of this instant.
  [[nodiscard]] Date utcDate() const;
  /// RFC 3339 in UTC with milliseconds: `2026-11-26T16:31:21.123Z`.
  [[nodiscard]] std::string toString() const;
  auto operator<=>(const Instant&) const = default;

 private:
  constexpr explicit Instant(std::int64_t us) : us_(us) {}
  std::int64_t us_ = 0;
};

}  // namespace medoffice::domain
