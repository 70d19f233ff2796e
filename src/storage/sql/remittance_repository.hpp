// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/remittance_repositories.hpp"
#include "storage/sql/sql.hpp"

namespace medoffice::storage {

/// Remittances, their claims and provider adjustments, and the bulk posting of their ledger
/// entries: a chunk of claims costs a handful of statements (multi-row inserts, and updates of
/// the running balances joined to a VALUES list), not a few per entry.
class SqlRemittances final : public app::RemittanceRepository {
 public:
  explicit SqlRemittances(SqlConnection& c) : c_(c) {}

  std::optional<app::RemittanceRecord> find(domain::OrganizationId org, const std::string& payerKey,
                                            const std::string& traceNumber) override;
  domain::Result<app::RemittanceRecord> insert(const app::RemittanceRecord& r) override;
  void finish(const app::RemittanceRecord& r) override;
  std::optional<app::RemittanceRecord> get(domain::OrganizationId org,
                                           domain::RemittanceId id) override;
  domain::Result<app::Page<app::RemittanceRecord>> list(domain::OrganizationId org,
                                                        const app::PageRequest& page) override;
  std::vector<app::RemittanceClaimRecord> claimsOf(domain::OrganizationId org,
                                                   domain::RemittanceId id) override;
  std::vector<app::ClaimTarget> targets(domain::OrganizationId org,
                                        const std::vector<std::string>& controlNumbers,
                                        bool lock) override;
  std::vector<app::RemittanceClaimRecord> insertClaims(
      const std::vector<app::RemittanceClaimRecord>& claims) override;
  domain::Status post(const std::vector<app::RemittanceEntry>& entries,
                      domain::Instant now) override;
  void changeStates(domain::OrganizationId org, const std::vector<app::ClaimStateChange>& changes,
                    std::int64_t byUser, domain::Instant now) override;
  void insertProviderAdjustments(
      domain::OrganizationId org, domain::RemittanceId remittance,
      const std::vector<domain::remittances::ProviderAdjustment>& adjustments,
      domain::Instant now) override;
  std::vector<domain::LedgerEntry> entriesOf(domain::OrganizationId org,
                                             domain::RemittanceClaimId id) override;
  void markReversed(domain::OrganizationId org, domain::RemittanceClaimId original,
                    domain::RemittanceClaimId by) override;
  std::optional<app::RemittanceClaimRecord> latestPosted(domain::OrganizationId org,
                                                         domain::ClaimId claim) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
