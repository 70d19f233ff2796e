// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// A remittance (an 835 transaction set) as posting sees it: what the payer paid, per claim and
// per line, and why it paid less (X12-NOTES §3). The codec reads the 835 into these types;
// nothing here knows X12 syntax.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {
namespace remittances {

/// One CAS triplet: a group (CO, PR, OA, PI), a claim adjustment reason code and an amount.
/// A positive amount lowers the payment; a negative one raises it.
struct Adjustment {
  std::string group;
  std::string reason;
  Money amount;
  bool operator==(const Adjustment&) const = default;
};

/// One service line as the payer adjudicated it (2110).
struct AdjudicatedLine {
  std::string lineControlNumber;       ///< REF*6R: our line's number ("L42"); empty when none
  std::string code;                    ///< the procedure we billed (SVC06 when present, else SVC01)
  std::vector<std::string> modifiers;  ///< its modifiers
  std::string adjudicated;             ///< SVC01 as the payer adjudicated it ("HC:99213:25")
  Money charge;                        ///< SVC02
  Money paid;                          ///< SVC03
  std::int64_t unitsMilli = 1000;      ///< billed units (SVC07, else SVC05, else one)
  std::int64_t paidUnitsMilli = 1000;  ///< units paid (SVC05, else one)
  std::optional<Date> serviceDate;     ///< DTM*472 (or 150)
  std::vector<Adjustment> adjustments;
  std::vector<std::string> remarks;  ///< LQ*HE
  std::optional<Money> allowed;      ///< AMT*B6
  bool operator==(const AdjudicatedLine&) const = default;
};

/// One claim as the payer adjudicated it (2100).
struct AdjudicatedClaim {
  std::size_t position = 0;             ///< 0-based index of the CLP in its transaction set
  std::string patientControlNumber;     ///< CLP01: our CLM01
  std::string status;                   ///< CLP02: 1, 2, 3, 4, 19-23, 25
  Money charge;                         ///< CLP03
  Money paid;                           ///< CLP04 (negative on a reversal)
  Money patientResponsibility;          ///< CLP05 (zero when absent)
  std::string filingIndicator;          ///< CLP06
  std::string payerClaimNumber;         ///< CLP07
  std::vector<Adjustment> adjustments;  ///< claim-level CAS
  std::vector<std::string> remarks;     ///< MOA and MIA remark codes
  std::vector<AdjudicatedLine> lines;
  std::optional<Date> received;  ///< DTM*050
  /// CLP02 22: takes back an earlier adjudication (every amount negated).
  [[nodiscard]] bool isReversal() const { return status == "22"; }
  bool operator==(const AdjudicatedClaim&) const = default;
};

/// One PLB pair: money between payer and practice that belongs to no claim.
struct ProviderAdjustment {
  std::string providerIdentifier;  ///< PLB01
  std::optional<Date> fiscalPeriodEnd;
  std::string reason;     ///< PLB03-1: L6 interest, WO overpayment recovery, FB forwarding ...
  std::string reference;  ///< PLB03-2
  Money amount;           ///< positive lowers the payment
};

/// The parts of a remittance outside its claims: the payment, the trace, payer and payee.
struct RemittanceHeader {
  std::size_t transaction = 0;         ///< 0-based index of the transaction set in its file
  std::string controlNumber;           ///< ST02
  std::string payerKey;                ///< the payer's id: REF*2U, else N104, else TRN03
  std::string payerName;               ///< N102 of 1000A
  std::string traceNumber;             ///< TRN02
  Money payment;                       ///< BPR02
  std::string paymentMethod;           ///< BPR04
  std::string handling;                ///< BPR01
  std::optional<Date> paymentDate;     ///< BPR16
  std::optional<Date> productionDate;  ///< DTM*405
  std::string payeeName;               ///< N102 of 1000B
  std::string payeeNpi;                ///< N104 under XX
  std::string payeeTaxId;              ///< N104 under FI, else REF*TJ
  std::vector<ProviderAdjustment> providerAdjustments;  ///< complete only at the end
  /// The remittance's date for aging and COB: the payment date, else the production date.
  [[nodiscard]] std::optional<Date> date() const {
    return paymentDate ? paymentDate : productionDate;
  }
};

}  // namespace remittances
}  // namespace medoffice::domain
