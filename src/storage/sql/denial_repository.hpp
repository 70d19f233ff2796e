// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/denial_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::Denial>& denialTable();

/// The denials work queue and its notes (tables `denials`, `denial_notes`, migration 0013).
class SqlDenials final : public app::DenialRepository {
 public:
  explicit SqlDenials(SqlConnection& c) : c_(c) {}

  Status insertMany(const std::vector<domain::Denial>& denials, domain::Instant now) override;
  std::optional<domain::Denial> get(domain::OrganizationId org, domain::DenialId id) override;
  std::optional<app::DenialItem> item(domain::OrganizationId org, domain::DenialId id) override;
  Result<app::Page<app::DenialItem>> list(const app::DenialQuery& q) override;
  std::vector<app::DenialTally> tally(const app::DenialQuery& q,
                                      app::DenialGrouping grouping) override;
  std::vector<domain::Denial> ofClaim(domain::OrganizationId org, domain::ClaimId claim) override;
  Result<domain::Denial> update(const domain::Denial& d, std::int64_t expectedVersion,
                                domain::Instant now) override;
  std::int64_t resolveOpen(domain::OrganizationId org, domain::ClaimId claim,
                           domain::RemittanceClaimId remittanceClaim,
                           domain::DenialResolution resolution, domain::UserId by,
                           domain::Instant now) override;
  Result<app::DenialNote> addNote(const app::DenialNote& note) override;
  std::vector<app::DenialNote> notes(domain::OrganizationId org, domain::DenialId denial) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
