// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/common/time.hpp"

#include <cstdio>

namespace medoffice::domain {
namespace {

// Howard Hinnant's public-domain civil calendar algorithms.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yy + (m <= 2));
}

bool isLeap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<Date> Date::fromYmd(int y, int m, int d) {
  if (y < 1800 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return std::nullopt;
  }
  return Date(y, m, d);
}

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  return fromYmd(y, m, d);
}

Date Date::fromDaysSinceEpoch(std::int64_t days) {
  int y = 0, m = 0, d = 0;
  civilFromDays(days, y, m, d);
  return Date(y, m, d);
}

std::int64_t Date::daysSinceEpoch() const {
  return daysFromCivil(y_, static_cast<unsigned>(m_), static_cast<unsigned>(d_));
}

int Date::weekday() const {
  const std::int64_t w = (daysSinceEpoch() + 4) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(w < 0 ? w + 7 : w);
}

int Date::monthLength() const {
  return daysInMonth(y_, m_);
}

namespace {

/// Writes `v` as `width` decimal digits (zero-padded) at `out`; `v` fits (years 1800-9999).
void digits(char* out, int v, int width) {
  for (int k = width - 1; k >= 0; --k) {
    out[k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

}  // namespace

// Formatting without printf: calendars and lists format thousands of times per answer.
std::string Date::toString() const {
  std::string out(10, '-');
  digits(out.data(), y_, 4);
  digits(out.data() + 5, m_, 2);
  digits(out.data() + 8, d_, 2);
  return out;
}

int Date::ageOn(Date on) const {
  int age = on.y_ - y_;
  if (on.m_ < m_ || (on.m_ == m_ && on.d_ < d_)) --age;
  return age;
}

std::optional<Instant> Instant::parse(std::string_view s) {
  if (s.size() < 20 || s.size() > 35 || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
      s[16] != ':') {
    return std::nullopt;
  }
  auto date = Date::parse(s.substr(0, 10));
  if (!date) return std::nullopt;
  auto two = [&](std::size_t pos, int max) -> int {
    if (s[pos] < '0' || s[pos] > '9' || s[pos + 1] < '0' || s[pos + 1] > '9') return -1;
    int v = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
    return v > max ? -1 : v;
  };
  const int hh = two(11, 23), mm = two(14, 59), ss = two(17, 59);
  if (hh < 0 || mm < 0 || ss < 0) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (int d = digits; d < 6; ++d) micros *= 10;
  }
  if (pos >= s.size()) return std::nullopt;
  int offsetMinutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    if (pos + 6 != s.size() || s[pos + 3] != ':') return std::nullopt;
    const int oh = two(pos + 1, 23), om = two(pos + 4, 59);
    if (oh < 0 || om < 0) return std::nullopt;
    offsetMinutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t seconds =
      date->daysSinceEpoch() * 86'400 + hh * 3600 + mm * 60 + ss - offsetMinutes * 60;
  return Instant(seconds * 1'000'000 + micros);
}

Date Instant::utcDate() const {
  std::int64_t secs = us_ >= 0 ? us_ / 1000000 : (us_ - 999999) / 1000000;
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  return Date::fromDaysSinceEpoch(days);
}

std::string Instant::toString() const {
  std::int64_t ms = us_ >= 0 ? us_ / 1000 : (us_ - 999) / 1000;
  std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  std::int64_t sod = secs - days * 86400;
  Date d = Date::fromDaysSinceEpoch(days);
  std::string out = "0000-00-00T00:00:00.000Z";
  digits(out.data(), d.year(), 4);
  digits(out.data() + 5, d.month(), 2);
  digits(out.data() + 8, d.day(), 2);
  digits(out.data() + 11, static_cast<int>(sod / 3600), 2);
  digits(out.data() + 14, static_cast<int>(sod / 60 % 60), 2);
  digits(out.data() + 17, static_cast<int>(sod % 60), 2);
  digits(out.data() + 20, static_cast<int>(ms - secs * 1000), 3);
  return out;
}

}  // namespace medoffice::domain
