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

}  // namespace medoffice::integrations
