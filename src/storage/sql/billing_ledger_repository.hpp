// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/billing_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::LedgerEntry>& ledgerEntryTable();

/// The insert-only ledger and the running balances it keeps: charge_lines.owed_*,
/// account_balances and payments.unallocated_cents, each changed by a conditional update in the
/// entry's transaction.
class SqlLedger final : public app::LedgerRepository {
 public:
  explicit SqlLedger(SqlConnection& c) : c_(c) {}
  Result<domain::LedgerEntry> post(const domain::LedgerEntry& e) override;
  std::vector<domain::LedgerEntry> postCharges(const domain::Encounter& e,
                                               domain::Responsibility to, std::int64_t byUser,
                                               domain::Instant now) override;
  std::optional<domain::LedgerEntry> get(domain::OrganizationId org,
                                         domain::LedgerEntryId id) override;
  bool isReversed(domain::OrganizationId org, domain::LedgerEntryId id) override;
  Result<app::Page<domain::LedgerEntry>> entries(domain::OrganizationId org,
                                                 domain::GuarantorAccountId account,
                                                 domain::PatientId patient,
                                                 const app::PageRequest& page) override;
  std::vector<domain::LedgerEntry> ofLine(domain::OrganizationId org,
                                          domain::ChargeLineId line) override;
  std::vector<domain::LedgerEntry> ofPayment(domain::OrganizationId org,
                                             domain::PaymentId payment) override;
  std::optional<app::LedgerLine> line(domain::OrganizationId org, domain::ChargeLineId id) override;
  std::vector<app::LedgerLine> patientOwedLines(domain::OrganizationId org,
                                                domain::GuarantorAccountId account,
                                                int limit) override;
  std::vector<domain::Payment> paymentsWithCredit(domain::OrganizationId org,
                                                  domain::GuarantorAccountId account) override;
  domain::LineBalance patientBalance(domain::OrganizationId org,
                                     domain::PatientId patient) override;
  bool markPaymentPosted(domain::OrganizationId org, domain::PaymentId payment,
                         domain::GuarantorAccountId account) override;
  std::vector<domain::Payment> unpostedPayments(std::int64_t afterId, int limit) override;
  std::vector<Mismatch> verify(domain::OrganizationId org) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
