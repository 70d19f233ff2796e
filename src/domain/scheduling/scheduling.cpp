// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/scheduling/scheduling.hpp"

#include <algorithm>

namespace medoffice::domain {

namespace {

constexpr std::int64_t kMinute = 60'000'000;

constexpr std::array<std::string_view, 8> kStatusNames = {
    "booked",        "confirmed",   "arrived",   "roomed",
    "with_provider", "checked_out", "cancelled", "no_show"};

bool isHexColour(const std::string& c) {
  return c.size() == 7 && c[0] == '#' && std::all_of(c.begin() + 1, c.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
         });
}

bool isProcedureCode(const std::string& c) {
  // CPT: 5 digits, or 4 digits and F/T/U (category II/III, PLA); HCPCS II: a letter and 4 digits.
  if (c.size() != 5) return false;
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  if (std::all_of(c.begin(), c.end(), digit)) return true;
  if (std::all_of(c.begin(), c.begin() + 4, digit) && (c[4] == 'F' || c[4] == 'T' || c[4] == 'U')) {
    return true;
  }
  return c[0] >= 'A' && c[0] <= 'V' && std::all_of(c.begin() + 1, c.end(), digit);
}

void trim(std::string& s) {
  auto notSpace = [](unsigned char ch) { return ch != ' ' && ch != '\t'; };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
  s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
}

}  // namespace

bool AppointmentType::allows(ProviderId p) const {
  return providerIds.empty() ||
         std::find(providerIds.begin(), providerIds.end(), p) != providerIds.end();
}

bool AvailabilityRule::appliesOn(Date d) const {
  if (!active || d < effectiveFrom || (effectiveTo && *effectiveTo < d)) return false;
  return (weekdays >> d.weekday()) & 1U;
}

bool AvailabilityRule::allows(AppointmentTypeId t) const {
  return appointmentTypeIds.empty() ||
         std::find(appointmentTypeIds.begin(), appointmentTypeIds.end(), t) !=
             appointmentTypeIds.end();
}

std::string_view toString(BlockKind k) {
  switch (k) {
    case BlockKind::kTimeOff:
      return "time_off";
    case BlockKind::kHoliday:
      return "holiday";
    case BlockKind::kBlock:
      return "block";
  }
  return "block";
}

std::optional<BlockKind> parseBlockKind(std::string_view s) {
  for (auto k : {BlockKind::kTimeOff, BlockKind::kHoliday, BlockKind::kBlock}) {
    if (toString(k) == s) return k;
  }
  return std::nullopt;
}

std::string_view toString(AppointmentStatus s) {
  return kStatusNames.at(static_cast<std::size_t>(s));
}

std::optional<AppointmentStatus> parseAppointmentStatus(std::string_view s) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == s) return static_cast<AppointmentStatus>(i);
  }
  return std::nullopt;
}

bool canTransition(AppointmentStatus from, AppointmentStatus to) {
  using S = AppointmentStatus;
  switch (from) {
    case S::kBooked:
      return to == S::kConfirmed || to == S::kArrived || to == S::kCancelled || to == S::kNoShow;
    case S::kConfirmed:
      return to == S::kArrived || to == S::kCancelled || to == S::kNoShow;
    case S::kArrived:
      // Cancelled here means "left without being seen"; the reason says so.
      return to == S::kRoomed || to == S::kWithProvider || to == S::kCheckedOut ||
             to == S::kCancelled;
    case S::kRoomed:
      return to == S::kWithProvider || to == S::kCheckedOut;
    case S::kWithProvider:
      return to == S::kCheckedOut;
    case S::kCheckedOut:
    case S::kCancelled:
    case S::kNoShow:
      return false;
  }
  return false;
}

bool holdsTime(AppointmentStatus s) {
  return s != AppointmentStatus::kCancelled && s != AppointmentStatus::kNoShow;
}

Interval Appointment::interval() const {
  return {start, end};
}

std::vector<FieldError> validate(AppointmentType& t) {
  FieldErrors e;
  trim(t.name);
  if (t.name.empty() || t.name.size() > 100) e.add("name", "must have 1-100 characters");
  if (t.durationMinutes < 5 || t.durationMinutes > 480) {
    e.add("duration_minutes", "must be 5-480");
  }
  if (t.bufferBeforeMinutes < 0 || t.bufferBeforeMinutes > 120) {
    e.add("buffer_before_minutes", "must be 0-120");
  }
  if (t.bufferAfterMinutes < 0 || t.bufferAfterMinutes > 120) {
    e.add("buffer_after_minutes", "must be 0-120");
  }
  if (t.colour.empty()) t.colour = "#4a90d9";
  if (!isHexColour(t.colour)) e.add("colour", "must be #RRGGBB");
  if (t.defaultCptCodes.size() > 12) e.add("default_cpt_codes", "must have at most 12 codes");
  for (std::size_t i = 0; i < t.defaultCptCodes.size(); ++i) {
    if (!isProcedureCode(t.defaultCptCodes[i])) {
      e.add("default_cpt_codes[" + std::to_string(i) + "]",
            "must be a CPT (5 digits) or HCPCS (letter and 4 digits) code");
    }
  }
  return e.list();
}

std::vector<FieldError> validate(Room& r) {
  FieldErrors e;
  trim(r.name);
  if (r.name.empty() || r.name.size() > 60) e.add("name", "must have 1-60 characters");
  if (!r.locationId.valid()) e.add("location_id", "is required");
  return e.list();
}

std::vector<FieldError> validate(AvailabilityRule& r) {
  FieldErrors e;
  if (!r.providerId.valid()) e.add("provider_id", "is required");
  if (!r.locationId.valid()) e.add("location_id", "is required");
  if ((r.weekdays & 0x7f) == 0 || (r.weekdays & 0x80) != 0) {
    e.add("weekdays", "must name at least one day");
  }
  if (r.startMinute < 0 || r.startMinute > 1435 || r.startMinute % 5 != 0) {
    e.add("start_time", "must be a time of day in 5-minute steps");
  }
  if (r.endMinute < r.startMinute + 5 || r.endMinute > 1440 || r.endMinute % 5 != 0) {
    e.add("end_time", "must be after start_time, in 5-minute steps, at most 24:00");
  }
  if (r.effectiveTo && *r.effectiveTo < r.effectiveFrom) {
    e.add("effective_to", "must not be before effective_from");
  }
  return e.list();
}

std::vector<FieldError> validate(ScheduleBlock& b) {
  FieldErrors e;
  trim(b.reason);
  if (!b.providerId.valid() && !b.locationId.valid()) {
    e.add("provider_id", "a block needs a provider, a location or both");
  }
  if (!(b.start < b.end)) e.add("end", "must be after start");
  if (b.end.micros() - b.start.micros() > std::int64_t{366} * 24 * 60 * kMinute) {
    e.add("end", "a block lasts at most a year");
  }
  if (b.reason.size() > 200) e.add("reason", "must have at most 200 characters");
  return e.list();
}

std::optional<int> parseTimeOfDay(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (std::size_t i : {0U, 1U, 3U, 4U}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string formatTimeOfDay(int minute) {
  const int m = std::clamp(minute, 0, 1440);
  const char out[] = {static_cast<char>('0' + m / 600), static_cast<char>('0' + m / 60 % 10), ':',
                      static_cast<char>('0' + m % 60 / 10), static_cast<char>('0' + m % 10)};
  return std::string(out, sizeof out);
}

std::vector<FieldError> validateTimes(Instant start, Instant end, Instant horizon) {
  FieldErrors e;
  if (!(start < end)) {
    e.add("end", "must be after start");
  } else if (end.micros() - start.micros() > 12 * 60 * kMinute) {
    e.add("end", "an appointment lasts at most 12 hours");
  }
  if (horizon < start) e.add("start", "is too far in the future");
  return e.list();
}

}  // namespace medoffice::domain
