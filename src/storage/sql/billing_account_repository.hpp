// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/billing_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::GuarantorAccount>& accountTable();

/// Guarantor accounts, their running balances (account_balances) and the patients linked to
/// them.
class SqlAccounts final : public app::AccountRepository {
 public:
  explicit SqlAccounts(SqlConnection& c) : c_(c) {}
  Result<domain::GuarantorAccount> insert(const domain::GuarantorAccount& a,
                                          domain::Instant now) override;
  Result<domain::GuarantorAccount> update(const domain::GuarantorAccount& a,
                                          std::int64_t expectedVersion,
                                          domain::Instant now) override;
  std::optional<domain::GuarantorAccount> get(domain::OrganizationId org,
                                              domain::GuarantorAccountId id) override;
  Result<app::Page<domain::GuarantorAccount>> list(domain::OrganizationId org,
                                                   const std::string& nameQuery,
                                                   const app::PageRequest& page) override;
  std::optional<domain::GuarantorAccount> ofGuarantorPatient(domain::OrganizationId org,
                                                             domain::PatientId p) override;
  std::vector<domain::GuarantorAccount> bornOn(domain::OrganizationId org,
                                               domain::Date birthDate) override;
  app::AccountBalance balance(domain::OrganizationId org, domain::GuarantorAccountId id) override;
  domain::GuarantorAccountId lockPatient(domain::OrganizationId org,
                                         domain::PatientId patient) override;
  bool lock(domain::OrganizationId org, domain::GuarantorAccountId account) override;
  bool linkPatient(domain::OrganizationId org, domain::PatientId patient,
                   domain::GuarantorAccountId account, bool onlyIfUnlinked) override;
  std::vector<domain::Patient> members(domain::OrganizationId org,
                                       domain::GuarantorAccountId account) override;
  std::vector<domain::Patient> unlinkedPatients(std::int64_t afterId, int limit) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
