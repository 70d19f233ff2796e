// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"

namespace medoffice::app {

struct DemoOptions {
  std::int64_t patients = 2000;
  std::uint64_t seed = 1;
  int batchSize = 2000;  ///< patients per transaction
  /// Appointments over the year around today (half past, half ahead), filling the providers'
  /// availability without conflicts; past ones are checked out, cancelled or no-shows.
  std::int64_t appointments = 0;
  /// An absolute folder: the demo's clearinghouse (file drop) writes batches to `outbox/` in
  /// it and reads acknowledgements from `inbox/`. Empty: no clearinghouse.
  std::string ediFolder;
};

struct DemoSummary {
  domain::OrganizationId organization;
  int locations = 0;
  int providers = 0;
  int payers = 0;
  std::int64_t patients = 0;
  std::int64_t coverages = 0;
  int appointmentTypes = 0;
  int rooms = 0;
  int availabilityRules = 0;
  std::int64_t appointments = 0;
  bool clearinghouse = false;
};

/// Creates a demo practice: 2 locations in different time zones, 4 providers with valid NPIs,
/// 6 payers (Medicare, two Medicaid programmes, three commercial plans) and `patients` patients
/// with realistic names, addresses and coverage, some with secondaries; appointment types, exam
/// rooms, weekday availability for every provider and `appointments` appointments. The same seed
/// gives the same clinic. Fails with kConflict if the database already holds a practice.
/// `progress(done, total)` is called after each batch.
Result<DemoSummary> createDemoClinic(
    UnitOfWork& uow, const Clock& clock, const TimeZones& zones, const DemoOptions& options,
    const std::function<void(std::int64_t, std::int64_t)>& progress);

}  // namespace medoffice::app
