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

/// Money a patient paid at the desk (a co-pay at check-in), with its receipt number. Payments
/// are immutable (DESIGN.md, ledger): a mistake is corrected by a reversing entry when the
/// billing ledger lands; until then `posted` is false and the ledger posts each payment once.
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
  std::int64_t receivedBy = 0;  ///< user id
  bool posted = false;          ///< posted to the ledger (billing issue)
  RecordMeta meta;
};

/// Amount 0.01-100,000.00; a check needs its number (1-20 letters or digits); a card reference
/// is its last four digits only (never a card number: PCI DSS); other references at most 40
/// characters.
std::vector<FieldError> validate(Payment& p);

/// "R-000042": the receipt number for the n-th receipt.
std::string receiptNumber(std::int64_t n);

}  // namespace medoffice::domain
