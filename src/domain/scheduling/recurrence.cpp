// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/scheduling/recurrence.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace medoffice::domain {

namespace {

constexpr std::array<std::string_view, 7> kDays = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

Error bad(const std::string& message) {
  return Error::invalidField("rrule", message);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    auto pos = s.find(sep);
    out.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return out;
}

std::optional<int> integer(std::string_view s) {
  int v = 0;
  if (s.empty() || s.size() > 6) return std::nullopt;
  const char* b = s.data();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<int> weekday(std::string_view s) {
  for (std::size_t i = 0; i < kDays.size(); ++i) {
    if (kDays[i] == s) return static_cast<int>(i);
  }
  return std::nullopt;
}

/// UNTIL: YYYYMMDD or YYYYMMDDTHHMMSS[Z]; the date part is what counts.
std::optional<Date> untilDate(std::string_view s) {
  if (s.size() != 8 && !(s.size() >= 15 && s[8] == 'T')) return std::nullopt;
  auto y = integer(s.substr(0, 4));
  auto m = integer(s.substr(4, 2));
  auto d = integer(s.substr(6, 2));
  if (!y || !m || !d) return std::nullopt;
  return Date::fromYmd(*y, *m, *d);
}

/// The days of one month matching the monthly rule, in order.
std::vector<Date> monthCandidates(const Recurrence& r, int year, int month, Date first) {
  std::vector<Date> out;
  const Date start = *Date::fromYmd(year, month, 1);
  const int len = start.monthLength();
  auto add = [&](int day) {
    if (day >= 1 && day <= len) out.push_back(*Date::fromYmd(year, month, day));
  };
  if (!r.byMonthDay.empty()) {
    for (int d : r.byMonthDay) add(d > 0 ? d : len + 1 + d);
  } else if (!r.byDayOrdinal.empty()) {
    for (auto [n, wd] : r.byDayOrdinal) {
      const int firstOfWd = 1 + (wd - start.weekday() + 7) % 7;
      if (n > 0) {
        add(firstOfWd + 7 * (n - 1));
      } else {
        int last = firstOfWd;
        while (last + 7 <= len) last += 7;
        add(last + 7 * (n + 1));
      }
    }
  } else if (r.byDay != 0) {
    std::vector<Date> all;
    for (int day = 1; day <= len; ++day) {
      Date d = start.plusDays(day - 1);
      if ((r.byDay >> d.weekday()) & 1U) all.push_back(d);
    }
    if (r.bySetPos.empty()) {
      out = all;
    } else {
      const int n = static_cast<int>(all.size());
      for (int p : r.bySetPos) {
        const int idx = p > 0 ? p - 1 : n + p;
        if (idx >= 0 && idx < n) out.push_back(all[static_cast<std::size_t>(idx)]);
      }
    }
  } else {
    add(first.day());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

Result<Recurrence> parseRecurrence(std::string_view text) {
  if (text.rfind("RRULE:", 0) == 0) text.remove_prefix(6);
  if (text.empty()) return bad("is empty");
  if (text.size() > 300) return bad("is too long");
  Recurrence r;
  bool haveFreq = false;
  std::vector<std::string_view> byDayParts;
  for (auto part : split(text, ';')) {
    auto eq = part.find('=');
    if (eq == std::string_view::npos) return bad("has a part without '=': " + std::string(part));
    auto key = part.substr(0, eq);
    auto value = part.substr(eq + 1);
    if (key == "FREQ") {
      haveFreq = true;
      if (value == "DAILY") {
        r.freq = Recurrence::Freq::kDaily;
      } else if (value == "WEEKLY") {
        r.freq = Recurrence::Freq::kWeekly;
      } else if (value == "MONTHLY") {
        r.freq = Recurrence::Freq::kMonthly;
      } else {
        return bad("FREQ=" + std::string(value) + " is not supported (DAILY, WEEKLY or MONTHLY)");
      }
    } else if (key == "INTERVAL") {
      auto v = integer(value);
      if (!v || *v < 1 || *v > 99) return bad("INTERVAL must be 1-99");
      r.interval = *v;
    } else if (key == "COUNT") {
      auto v = integer(value);
      if (!v || *v < 1 || *v > 730) return bad("COUNT must be 1-730");
      r.count = *v;
    } else if (key == "UNTIL") {
      r.until = untilDate(value);
      if (!r.until) return bad("UNTIL must be a date, YYYYMMDD or YYYYMMDDTHHMMSSZ");
    } else if (key == "BYDAY") {
      byDayParts = split(value, ',');
    } else if (key == "BYMONTHDAY") {
      for (auto p : split(value, ',')) {
        auto v = integer(p);
        if (!v || *v == 0 || *v < -31 || *v > 31)
          return bad("BYMONTHDAY values must be 1-31 or -31 to -1");
        r.byMonthDay.push_back(*v);
      }
    } else if (key == "BYSETPOS") {
      for (auto p : split(value, ',')) {
        auto v = integer(p);
        if (!v || *v == 0 || *v < -31 || *v > 31)
          return bad("BYSETPOS values must be 1-31 or -31 to -1");
        r.bySetPos.push_back(*v);
      }
    } else if (key == "WKST") {
      auto wd = weekday(value);
      if (!wd) return bad("WKST must be a day such as MO");
      r.weekStart = *wd;
    } else {
      return bad(std::string(key) + " is not supported");
    }
  }
  if (!haveFreq) return bad("needs FREQ");
  if (r.count && r.until) return bad("may have COUNT or UNTIL, not both");
  for (auto p : byDayParts) {
    if (p.size() < 2) return bad("BYDAY values are days such as MO or 2TU");
    auto wd = weekday(p.substr(p.size() - 2));
    if (!wd) return bad("BYDAY values are days such as MO or 2TU");
    auto ordText = p.substr(0, p.size() - 2);
    if (ordText.empty()) {
      r.byDay |= static_cast<WeekdaySet>(1U << *wd);
      continue;
    }
    auto n = integer(ordText);
    if (r.freq != Recurrence::Freq::kMonthly || !n || *n == 0 || *n < -5 || *n > 5) {
      return bad("BYDAY ordinals (such as 2TU or -1FR) are 1-5 or -5 to -1, with FREQ=MONTHLY");
    }
    r.byDayOrdinal.emplace_back(*n, *wd);
  }
  if (r.freq == Recurrence::Freq::kDaily && (!byDayParts.empty() || !r.byMonthDay.empty())) {
    return bad("FREQ=DAILY takes no BYDAY or BYMONTHDAY");
  }
  if (r.freq == Recurrence::Freq::kWeekly && !r.byMonthDay.empty()) {
    return bad("BYMONTHDAY needs FREQ=MONTHLY");
  }
  if (!r.bySetPos.empty() && (r.freq != Recurrence::Freq::kMonthly || r.byDay == 0)) {
    return bad("BYSETPOS needs FREQ=MONTHLY and BYDAY");
  }
  if (!r.byMonthDay.empty() && !byDayParts.empty()) {
    return bad("use BYMONTHDAY or BYDAY, not both");
  }
  if (!r.byDay && !r.byDayOrdinal.empty() && !r.bySetPos.empty()) {
    return bad("BYSETPOS needs BYDAY without ordinals");
  }
  if (r.byDay != 0 && !r.byDayOrdinal.empty())
    return bad("BYDAY mixes days with and without ordinals");
  return r;
}

Expansion expand(const Recurrence& r, Date first, int cap, Date horizon) {
  Expansion out;
  const int limit = std::min(cap, r.count.value_or(cap));
  // Stops at the limit, at UNTIL or at the horizon; `more` tells whether the rule goes on.
  auto take = [&](Date d) -> bool {  // false: stop
    if (d < first) return true;
    if (r.until && *r.until < d) return false;
    if (horizon < d || static_cast<int>(out.dates.size()) >= limit) {
      const bool ruleEnded = r.count && static_cast<int>(out.dates.size()) >= *r.count;
      out.truncated = !ruleEnded;
      return false;
    }
    out.dates.push_back(d);
    return true;
  };
  // A rule that never matches (BYMONTHDAY=31 every 12th month from February) must end too.
  constexpr int kMaxPeriods = 20'000;
  switch (r.freq) {
    case Recurrence::Freq::kDaily:
      for (int k = 0; k < kMaxPeriods * 5; ++k) {
        if (!take(first.plusDays(static_cast<std::int64_t>(k) * r.interval))) return out;
      }
      break;
    case Recurrence::Freq::kWeekly: {
      const WeekdaySet days =
          r.byDay != 0 ? r.byDay : static_cast<WeekdaySet>(1U << first.weekday());
      const Date weekOne = first.plusDays(-((first.weekday() - r.weekStart + 7) % 7));
      for (int k = 0; k < kMaxPeriods; ++k) {
        const Date week = weekOne.plusDays(static_cast<std::int64_t>(k) * 7 * r.interval);
        for (int i = 0; i < 7; ++i) {
          const Date d = week.plusDays(i);
          if (((days >> d.weekday()) & 1U) && !take(d)) return out;
        }
      }
      break;
    }
    case Recurrence::Freq::kMonthly:
      for (int k = 0; k < kMaxPeriods; ++k) {
        const int months = first.month() - 1 + k * r.interval;
        const int year = first.year() + months / 12;
        if (year > 9999) return out;
        for (const Date& d : monthCandidates(r, year, months % 12 + 1, first)) {
          if (!take(d)) return out;
        }
      }
      break;
  }
  return out;
}

}  // namespace medoffice::domain
