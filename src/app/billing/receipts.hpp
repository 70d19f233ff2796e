// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What a payment receipt shows (issue 15): the practice, the patient and account, the payment,
// the lines it paid, what stayed on account and what the guarantor still owes.

#include <optional>
#include <string>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"

namespace medoffice::app::billing {

struct ReceiptLine {
  domain::Date dateOfService;
  std::string patient;
  std::string description;
  domain::Money amount;  ///< what this payment paid on the line
};

struct Receipt {
  domain::Organization practice;
  std::optional<domain::Location> location;  ///< where it was taken
  domain::Payment payment;
  std::string receivedAtLocal;   ///< "2026-12-04 2:05 PM" in the location's (or practice's) zone
  std::string zoneAbbreviation;  ///< UTC offset, e.g. "UTC-06:00"
  std::string patientName;
  std::string receivedBy;  ///< the user's display name
  std::vector<ReceiptLine> lines;
  domain::Money onAccount;  ///< the part still unallocated now
  domain::Money remaining;  ///< what the guarantor owes now, net of credit (negative: credit)
};

/// The receipt of a desk payment. kNotFound for a payment of another practice.
Result<Receipt> receipt(Repositories& r, const TimeZones& zones, domain::OrganizationId org,
                        domain::PaymentId payment);

}  // namespace medoffice::app::billing
