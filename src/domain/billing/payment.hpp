// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

enum class PaymentMethod { kCash, kCheck, kCard, kOther };
std::string_view toString(PaymentMethod m);
std::optional<PaymentMethod> parsePaymentMethod(std::string_view s);

/// Money a patient paid (a co-pay at check-in, a payment on account), with its receipt number.
/// Payments are immutable (DESIGN.md, ledger): a mistake is corrected by a reversing ledger
/// entry. The ledger posts each payment once, in the transaction that takes it; `posted`,
/// `accountId` and `unallocated` are kept by the ledger.
struct Payment {
  PaymentId id;
  OrganizationId organizationId;
  PatientId patientId;
  AppointmentId appointmentId;  ///< the visit it was taken for (unset: on account)
  LocationId locationId;
  CoverageId coverageId;  ///< the coverage whose co-pay this is (unset: self-pay)
  Money amount;
  PaymentMethod method = PaymentMethod::kCash;
  std::string reference;       ///< check number, or the card's last four digits
  std::string kind = "copay";  ///< copay | patient_payment
  std::string receiptNumber;   ///< R-000001: unique, increasing
  Instant receivedAt;
  std::int64_t receivedBy = 0;   ///< user id
  bool posted = false;           ///< posted to the ledger
  GuarantorAccountId accountId;  ///< the account it was posted to (set with `posted`)
  Money unallocated;             ///< the part no charge line has taken yet (credit)
  RecordMeta meta;
};

/// Amount 0.01-100,000.00; a check needs its number (1-20 letters or digits); a card reference
/// is its last four digits only (never a card number: PCI DSS); other references at most 40
/// characters.
std::vector<FieldError> validate(Payment& p);

/// "R-000042": the receipt number for the n-th receipt.
std::string receiptNumber(std::int64_t n);

}  // namespace medoffice::domain
