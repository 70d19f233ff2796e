// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/system/system_clock.hpp"

#include <date/tz.h>

#include <chrono>

#include "domain/common/validation.hpp"

namespace medoffice::integrations {

domain::Instant SystemClock::now() const {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return domain::Instant::fromMicros(us);
}

const void* SystemTimeZones::zone(std::string_view name) const {
  {
    std::shared_lock lock(m_);
    if (auto it = zones_.find(name); it != zones_.end()) return it->second;
  }
  std::unique_lock lock(m_);
  if (auto it = zones_.find(name); it != zones_.end()) return it->second;
  const date::time_zone* tz = nullptr;
  if (domain::validation::isZoneNameSyntax(name)) {
    try {
      tz = date::locate_zone(name);
      (void)tz->get_info(date::sys_seconds{});  // loads the zone's rules now, under the lock
    } catch (const std::exception&) {
      tz = nullptr;
    }
  }
  // Unknown names are remembered too, but only so many: they come from user input.
  if (tz != nullptr || zones_.size() < 4096) zones_.emplace(std::string(name), tz);
  return tz;
}

bool SystemTimeZones::exists(std::string_view name) const {
  return zone(name) != nullptr;
}

std::optional<domain::Instant> SystemTimeZones::toUtc(std::string_view zone, domain::Date day,
                                                      int minuteOfDay) const {
  const auto* tz = static_cast<const date::time_zone*>(this->zone(zone));
  if (tz == nullptr || minuteOfDay < 0 || minuteOfDay > 1440) return std::nullopt;
  const date::local_seconds local{
      std::chrono::seconds((day.daysSinceEpoch() * 1440 + minuteOfDay) * std::int64_t{60})};
  const date::local_info info = tz->get_info(local);
  std::chrono::seconds utc;
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // the first of the two: the offset before the change
      utc = local.time_since_epoch() - info.first.offset;
      break;
    case date::local_info::nonexistent:  // the gap: when the clocks jump
    default:
      utc = info.second.begin.time_since_epoch();
      break;
  }
  return domain::Instant::fromMicros(
      std::chrono::duration_cast<std::chrono::microseconds>(utc).count());
}

std::optional<app::LocalTime> SystemTimeZones::toLocal(std::string_view zone,
                                                       domain::Instant t) const {
  const auto* tz = static_cast<const date::time_zone*>(this->zone(zone));
  if (tz == nullptr) return std::nullopt;
  const date::sys_seconds sys{std::chrono::seconds(
      t.micros() >= 0 ? t.micros() / 1'000'000 : -((-t.micros() + 999'999) / 1'000'000))};
  const date::sys_info info = tz->get_info(sys);
  const std::int64_t localSeconds = sys.time_since_epoch().count() + info.offset.count();
  std::int64_t days = localSeconds / 86'400;
  std::int64_t rest = localSeconds % 86'400;
  if (rest < 0) {
    rest += 86'400;
    --days;
  }
  return app::LocalTime{domain::Date::fromDaysSinceEpoch(days), static_cast<int>(rest / 60),
                        static_cast<int>(info.offset.count() / 60)};
}

}  // namespace medoffice::integrations
