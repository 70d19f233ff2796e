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

bool SystemTimeZones::exists(std::string_view zone) const {
  if (!domain::validation::isZoneNameSyntax(zone)) return false;
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

namespace {
const date::time_zone* zoneOrNull(std::string_view zone) {
  if (!domain::validation::isZoneNameSyntax(zone)) return nullptr;
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}
}  // namespace

std::optional<domain::Instant> SystemTimeZones::toUtc(std::string_view zone, domain::Date day,
                                                      int minuteOfDay) const {
  const date::time_zone* tz = zoneOrNull(zone);
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
  const date::time_zone* tz = zoneOrNull(zone);
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
