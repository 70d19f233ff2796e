// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/claim_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<app::ClaimRecord>& claimTable();
const Table<domain::claims::Clearinghouse>& clearinghouseTable();
const Table<app::ClaimBatch>& claimBatchTable();

/// Claims with their findings and history, clearinghouses, batches and acknowledgements.
class SqlClaims final : public app::ClaimRepository {
 public:
  explicit SqlClaims(SqlConnection& c) : c_(c) {}

  std::optional<app::ClaimRecord> get(domain::OrganizationId org, domain::ClaimId id) override;
  std::optional<app::ClaimRecord> byControlNumber(domain::OrganizationId org,
                                                  const std::string& pcn) override;
  std::vector<app::ClaimRecord> ofEncounter(domain::OrganizationId org,
                                            domain::EncounterId encounter) override;
  Result<app::Page<app::ClaimRecord>> list(const app::ClaimQuery& q) override;
  app::ClaimCounts counts(domain::OrganizationId org) override;
  Result<app::ClaimRecord> insert(const app::ClaimRecord& claim, domain::Instant now) override;
  Result<app::ClaimRecord> update(const app::ClaimRecord& claim, std::int64_t expectedVersion,
                                  domain::Instant now) override;
  void addHistory(domain::OrganizationId org, domain::ClaimId claim,
                  const app::ClaimHistoryEntry& entry) override;
  std::vector<app::ClaimHistoryEntry> history(domain::OrganizationId org,
                                              domain::ClaimId claim) override;
  std::vector<app::ClaimRecord> quietSince(domain::OrganizationId org,
                                           const std::vector<domain::claims::ClaimState>& states,
                                           domain::Instant since, std::size_t limit) override;
  std::vector<std::string> billedContents(domain::OrganizationId org, domain::PatientId patient,
                                          domain::Date from, domain::Date to,
                                          domain::ClaimId except) override;

  Result<domain::claims::Clearinghouse> insertClearinghouse(const domain::claims::Clearinghouse& c,
                                                            domain::Instant now) override;
  Result<domain::claims::Clearinghouse> updateClearinghouse(const domain::claims::Clearinghouse& c,
                                                            std::int64_t expectedVersion,
                                                            domain::Instant now) override;
  std::optional<domain::claims::Clearinghouse> clearinghouse(domain::OrganizationId org,
                                                             domain::ClearinghouseId id) override;
  Result<app::Page<domain::claims::Clearinghouse>> clearinghouses(
      domain::OrganizationId org, const app::PageRequest& page) override;
  Result<domain::claims::Clearinghouse> setClearinghouseActive(domain::OrganizationId org,
                                                               domain::ClearinghouseId id,
                                                               bool active,
                                                               std::int64_t expectedVersion,
                                                               domain::Instant now) override;

  Result<app::ClaimBatch> insertBatch(const app::ClaimBatch& batch,
                                      const std::vector<app::ClaimBatchItem>& items,
                                      domain::Instant now) override;
  Result<app::ClaimBatch> updateBatch(const app::ClaimBatch& batch, std::int64_t expectedVersion,
                                      domain::Instant now) override;
  std::optional<app::ClaimBatch> batch(domain::OrganizationId org, domain::ClaimBatchId id,
                                       bool withBytes) override;
  Result<app::Page<app::ClaimBatch>> batches(domain::OrganizationId org,
                                             const app::PageRequest& page) override;
  std::vector<app::ClaimBatchItem> batchItems(domain::OrganizationId org,
                                              domain::ClaimBatchId id) override;
  std::vector<app::ClaimBatch> batchesByGroupControl(domain::OrganizationId org,
                                                     std::uint32_t groupControl) override;
  std::vector<app::ClaimBatch> batchesByReference(domain::OrganizationId org,
                                                  const std::string& batchReference) override;

  std::optional<app::AcknowledgementRecord> acknowledgementByHash(
      domain::OrganizationId org, const std::string& sha256) override;
  Result<app::AcknowledgementRecord> insertAcknowledgement(
      const app::AcknowledgementRecord& a) override;

 private:
  void loadFindings(app::ClaimRecord& c);
  void saveFindings(const app::ClaimRecord& c);
  SqlConnection& c_;
};

}  // namespace medoffice::storage
