// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/scheduling/slots.hpp"

/// Slot search: where a visit of a type fits.
namespace medoffice::app::scheduling {

struct SlotSearch {
  domain::AppointmentTypeId typeId;
  std::vector<domain::ProviderId> providerIds;  ///< empty: every provider at the location
  domain::LocationId locationId;
  domain::Interval range;
  std::optional<std::pair<int, int>> startWithin;  ///< local minutes of day
  domain::PatientId patientId;                     ///< skip the patient's own conflicts
  int limit = 10;
  int stepMinutes = 15;
};

/// The first `limit` open slots across the providers, earliest first, day by day: per provider
/// and day it reads the rules, blocks and appointments of that day only (index range scans).
Result<std::vector<domain::Slot>> findSlots(Repositories& r, const TimeZones& zones,
                                            domain::OrganizationId org, const SlotSearch& q);

}  // namespace medoffice::app::scheduling
