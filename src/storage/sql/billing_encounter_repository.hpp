// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/billing_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::Encounter>& encounterTable();
/// Charge lines with their running balances (owed_*, changed by the ledger only).
const Table<app::LedgerLine>& chargeLineTable();

/// Encounters and their charge lines.
class SqlEncounters final : public app::EncounterRepository {
 public:
  explicit SqlEncounters(SqlConnection& c) : c_(c) {}
  Result<domain::Encounter> insert(const domain::Encounter& e, domain::Instant now) override;
  Result<domain::Encounter> update(const domain::Encounter& e, std::int64_t expectedVersion,
                                   domain::Instant now) override;
  std::vector<domain::ChargeLine> replaceOpenLines(const domain::Encounter& e,
                                                   domain::Instant now) override;
  std::vector<domain::ChargeLine> addLines(const domain::Encounter& e,
                                           const std::vector<domain::ChargeLine>& lines,
                                           domain::Instant now) override;
  void markReplaced(domain::OrganizationId org,
                    const std::vector<domain::ChargeLineId>& lines) override;
  std::optional<domain::Encounter> get(domain::OrganizationId org, domain::EncounterId id) override;
  std::vector<domain::Encounter> getMany(domain::OrganizationId org,
                                         const std::vector<domain::EncounterId>& ids) override;
  std::optional<domain::Encounter> ofAppointment(domain::OrganizationId org,
                                                 domain::AppointmentId a) override;
  Result<app::Page<domain::Encounter>> list(domain::OrganizationId org, const Filter& f,
                                            const app::PageRequest& page) override;
  std::vector<app::LedgerLine> history(domain::OrganizationId org, domain::EncounterId id) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
