// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/billing/payment.hpp"

namespace medoffice::app {

/// Desk payments (co-pays at check-in). Immutable once stored; the billing ledger posts them.
class PaymentRepository {
 public:
  virtual ~PaymentRepository() = default;
  virtual Result<domain::Payment> insert(const domain::Payment& p, domain::Instant now) = 0;
  virtual std::optional<domain::Payment> get(domain::OrganizationId org, domain::PaymentId id) = 0;
  /// Payments for one appointment (unset: any) of one patient (unset: any), newest first.
  virtual std::vector<domain::Payment> list(domain::OrganizationId org, domain::PatientId patient,
                                            domain::AppointmentId appointment, int limit) = 0;
};

}  // namespace medoffice::app
