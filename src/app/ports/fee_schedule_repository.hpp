// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/billing/fee_schedule.hpp"

namespace medoffice::app {

/// Fee schedules: the practice's standard fees (payer unset) and each payer's allowed amounts
/// (payer set). A *schedule* is (organization, payer); every method works on one. An entry's
/// payer is fixed at insert (update keeps it). At most one active entry of a schedule has a given
/// code, modifier and effective_from: an insert or update that would make a second one is
/// kConflict naming `effective_from`. The shared contracts of common.hpp apply (insert, update,
/// get, versions). Bound to one transaction; not thread-safe.
class FeeScheduleRepository {
 public:
  virtual ~FeeScheduleRepository() = default;
  virtual Result<domain::FeeScheduleEntry> insert(const domain::FeeScheduleEntry& e,
                                                  domain::Instant now) = 0;
  /// Stores `entries` (all of one organization) with as few statements as the engine allows;
  /// their ids are not read back. All or none, in the caller's transaction: a conflict fails the
  /// whole call (kConflict), and the caller's transaction must then roll back.
  virtual Status insertMany(const std::vector<domain::FeeScheduleEntry>& entries,
                            domain::Instant now) = 0;
  /// Writes code, modifier, amount, dates and `active` (the payer stays as inserted).
  virtual Result<domain::FeeScheduleEntry> update(const domain::FeeScheduleEntry& e,
                                                  std::int64_t expectedVersion,
                                                  domain::Instant now) = 0;
  /// Archives (false) or restores (true); the version check and answers of update().
  virtual Result<domain::FeeScheduleEntry> setActive(domain::OrganizationId org,
                                                     domain::FeeScheduleEntryId id, bool active,
                                                     std::int64_t expectedVersion,
                                                     domain::Instant now) = 0;
  virtual std::optional<domain::FeeScheduleEntry> get(domain::OrganizationId org,
                                                      domain::FeeScheduleEntryId id) = 0;
  /// One page of the schedule of `payer` (unset: the standard fees) in id order, narrowed to
  /// `code` (stored form, upper case) when it is not empty; archived entries only with
  /// `page.includeInactive`.
  virtual Result<Page<domain::FeeScheduleEntry>> list(domain::OrganizationId org,
                                                      domain::PayerId payer,
                                                      const std::string& code,
                                                      const PageRequest& page) = 0;
  /// Every active entry of the schedule, ordered by code, modifier and effective_from (an
  /// export, the comparison an import makes). One indexed range read.
  virtual std::vector<domain::FeeScheduleEntry> schedule(domain::OrganizationId org,
                                                         domain::PayerId payer) = 0;
  /// The active entries of the schedule for any of `codes` (stored form) in force on some day
  /// of [from, to]: every candidate domain::priceOn needs for a date in that range. One indexed
  /// query per 512 distinct codes; empty `codes` reads nothing.
  virtual std::vector<domain::FeeScheduleEntry> inForce(domain::OrganizationId org,
                                                        domain::PayerId payer,
                                                        const std::vector<std::string>& codes,
                                                        domain::Date from, domain::Date to) = 0;
};

}  // namespace medoffice::app
