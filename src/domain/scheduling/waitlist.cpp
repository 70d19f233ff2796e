// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/scheduling/waitlist.hpp"

#include <algorithm>

namespace medoffice::domain {

std::string_view toString(WaitlistStatus s) {
  switch (s) {
    case WaitlistStatus::kWaiting:
      return "waiting";
    case WaitlistStatus::kBooked:
      return "booked";
    case WaitlistStatus::kRemoved:
      return "removed";
  }
  return "waiting";
}

std::optional<WaitlistStatus> parseWaitlistStatus(std::string_view s) {
  for (auto v : {WaitlistStatus::kWaiting, WaitlistStatus::kBooked, WaitlistStatus::kRemoved}) {
    if (toString(v) == s) return v;
  }
  return std::nullopt;
}

std::string_view toString(OfferStatus s) {
  switch (s) {
    case OfferStatus::kOpen:
      return "open";
    case OfferStatus::kBooked:
      return "booked";
    case OfferStatus::kDeclined:
      return "declined";
    case OfferStatus::kTaken:
      return "taken";
  }
  return "open";
}

std::optional<OfferStatus> parseOfferStatus(std::string_view s) {
  for (auto v :
       {OfferStatus::kOpen, OfferStatus::kBooked, OfferStatus::kDeclined, OfferStatus::kTaken}) {
    if (toString(v) == s) return v;
  }
  return std::nullopt;
}

bool WaitlistEntry::wants(ProviderId provider, LocationId location, Date date, int minute) const {
  if (status != WaitlistStatus::kWaiting || location != locationId) return false;
  if (date < windowFrom || windowTo < date) return false;
  if ((weekdays & (1U << static_cast<unsigned>(date.weekday()))) == 0) return false;
  if (minute < timeFrom || minute >= timeTo) return false;
  return providerIds.empty() ||
         std::find(providerIds.begin(), providerIds.end(), provider) != providerIds.end();
}

std::vector<FieldError> validate(WaitlistEntry& e) {
  FieldErrors errors;
  if (!e.patientId.valid()) errors.add("patient_id", "is required");
  if (!e.appointmentTypeId.valid()) errors.add("appointment_type_id", "is required");
  if (!e.locationId.valid()) errors.add("location_id", "is required");
  if ((e.weekdays & 0x7f) == 0) errors.add("weekdays", "must name at least one day");
  if (e.timeFrom < 0 || e.timeFrom > 1435) errors.add("time_from", "must be 00:00-23:55");
  if (e.timeTo <= e.timeFrom || e.timeTo > 1440) {
    errors.add("time_to", "must be after time_from and at most 24:00");
  }
  if (e.windowTo < e.windowFrom) errors.add("window_to", "must not be before window_from");
  if (e.windowTo.daysSinceEpoch() - e.windowFrom.daysSinceEpoch() > 366) {
    errors.add("window_to", "must be within a year of window_from");
  }
  if (e.priority < 1 || e.priority > 5) errors.add("priority", "must be 1 (most urgent) to 5");
  if (e.providerIds.size() > 50) errors.add("provider_ids", "must list at most 50 providers");
  if (e.note.size() > 500) errors.add("note", "must have at most 500 characters");
  return errors.list();
}

}  // namespace medoffice::domain
