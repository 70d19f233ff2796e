// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/payment_repository.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::Payment>& paymentTable();

/// Desk payments: stored once, never changed (the ledger will post them).
class SqlPayments final : public app::PaymentRepository {
 public:
  explicit SqlPayments(SqlConnection& c) : c_(c) {}
  Result<domain::Payment> insert(const domain::Payment& p, domain::Instant now) override;
  std::optional<domain::Payment> get(domain::OrganizationId org, domain::PaymentId id) override;
  std::vector<domain::Payment> list(domain::OrganizationId org, domain::PatientId patient,
                                    domain::AppointmentId appointment, int limit) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
