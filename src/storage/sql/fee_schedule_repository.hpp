// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/fee_schedule_repository.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::FeeScheduleEntry>& feeScheduleTable();

/// Fee schedules on the mapping layer. A schedule is (organization_id, COALESCE(payer_id, 0)),
/// the leading columns of both indexes: the partial unique index over active entries (code,
/// modifier, effective_from) answers lookups by code, exports and imports, and the list index
/// pages a schedule in id order.
class SqlFeeSchedules final : public app::FeeScheduleRepository {
 public:
  explicit SqlFeeSchedules(SqlConnection& c) : c_(c) {}
  Result<domain::FeeScheduleEntry> insert(const domain::FeeScheduleEntry& e,
                                          domain::Instant now) override;
  Status insertMany(const std::vector<domain::FeeScheduleEntry>& entries,
                    domain::Instant now) override;
  Result<domain::FeeScheduleEntry> update(const domain::FeeScheduleEntry& e, std::int64_t expected,
                                          domain::Instant now) override;
  Result<domain::FeeScheduleEntry> setActive(domain::OrganizationId org,
                                             domain::FeeScheduleEntryId id, bool active,
                                             std::int64_t expected, domain::Instant now) override;
  std::optional<domain::FeeScheduleEntry> get(domain::OrganizationId org,
                                              domain::FeeScheduleEntryId id) override;
  Result<app::Page<domain::FeeScheduleEntry>> list(domain::OrganizationId org,
                                                   domain::PayerId payer, const std::string& code,
                                                   const app::PageRequest& page) override;
  std::vector<domain::FeeScheduleEntry> schedule(domain::OrganizationId org,
                                                 domain::PayerId payer) override;
  std::vector<domain::FeeScheduleEntry> inForce(domain::OrganizationId org, domain::PayerId payer,
                                                const std::vector<std::string>& codes,
                                                domain::Date from, domain::Date to) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
