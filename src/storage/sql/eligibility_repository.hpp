// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/eligibility_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<app::EligibilityCheck>& eligibilityCheckTable();

/// Eligibility checks (insert-only, their raw 271s kept apart) and each clearinghouse's
/// real-time settings.
class SqlEligibility final : public app::EligibilityRepository {
 public:
  explicit SqlEligibility(SqlConnection& c) : c_(c) {}

  Result<app::EligibilityCheck> insert(const app::EligibilityCheck& check,
                                       domain::Instant now) override;
  std::optional<app::EligibilityCheck> get(domain::OrganizationId org,
                                           app::EligibilityCheckId id) override;
  std::optional<app::EligibilityCheck> latestReusable(domain::OrganizationId org,
                                                      domain::CoverageId coverage,
                                                      domain::Date serviceDate,
                                                      std::string_view serviceType,
                                                      domain::Instant since) override;
  Result<app::Page<app::EligibilityCheck>> ofCoverage(domain::OrganizationId org,
                                                      domain::CoverageId coverage,
                                                      const app::PageRequest& page) override;
  std::optional<domain::claims::RealtimeEligibility> settings(
      domain::OrganizationId org, domain::ClearinghouseId clearinghouse) override;
  Result<domain::claims::RealtimeEligibility> saveSettings(
      domain::OrganizationId org, domain::ClearinghouseId clearinghouse,
      const domain::claims::RealtimeEligibility& settings,
      std::optional<std::int64_t> expectedVersion, domain::Instant now) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
