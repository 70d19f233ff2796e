// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Coordination of benefits (issue 17, point 4): what a payer did with one of our claims, as its
// 835 told us, in the terms the next claim needs. The remittance posting fills a
// PayerAdjudication from the 835 claim it posted (CLP/CAS/SVC, the payment date) and hands it
// to buildNextClaim() (build.hpp), which writes it into the secondary or tertiary claim's
// 2320/2330A/2330B loops and each line's 2430. Who the payer and its subscriber were is not
// repeated here: it is taken from the claim as it was sent to that payer.

#include <optional>
#include <string>
#include <vector>

#include "domain/claims/claim.hpp"
#include "domain/common/error.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain::claims {

/// What the payer did with one of our service lines (835 loop 2110), for one 2430 loop.
struct AdjudicatedLine {
  /// Our line's REF*6R (the 835's REF*6R, or the line the posting matched the SVC to). Several
  /// AdjudicatedLines may name one line when the payer split it.
  std::string lineControlNumber;
  /// SVC01-2 as the payer adjudicated it, with its modifiers (SVC01-3 to -6); an empty code
  /// means "as billed" (the 2430 then repeats the line's code and modifiers).
  std::string procedureCode;
  std::vector<std::string> modifiers;
  Money paid;         ///< SVC03 → SVD02
  int paidUnits = 1;  ///< SVC05 in whole units (the 835 leaves it out for one) → SVD05
  std::vector<Adjustment> adjustments;   ///< the line's CAS triplets, in order, as received
  std::optional<Date> adjudicationDate;  ///< DTP*573 of this line; unset: the claim's
  bool operator==(const AdjudicatedLine&) const = default;
};

/// What one payer did with one claim (835 loop 2100 and its payment), for the 2320 loop (and
/// 2430s) of the claim to the next payer. Amounts are exact cents as the 835 gave them:
/// a positive adjustment lowered the payment, a negative one raised it.
struct PayerAdjudication {
  /// CLP01: the CLM01 of the claim the payer adjudicated; the builder refuses an adjudication
  /// of another claim. Empty: not checked.
  std::string patientControlNumber;
  Date adjudicationDate;  ///< DTP*573: the 835's payment date (BPR16)
  Money paid;             ///< CLP04 → AMT*D
  /// CLP05, what the patient still owes after this payer → AMT*EAF; unset: not known.
  std::optional<Money> remainingPatientLiability;
  std::string payerClaimControlNumber;  ///< CLP07 → REF*F8 of 2330B; may be empty
  std::vector<Adjustment> adjustments;  ///< claim-level CAS triplets, in order
  /// The 2110 lines; empty when the payer adjudicated the claim as a whole (the next claim
  /// then carries the date in 2330B and no 2430).
  std::vector<AdjudicatedLine> lines;
  bool operator==(const PayerAdjudication&) const = default;
};

/// Checks what buildNextClaim() cannot do without: CAS group codes (CO, CR, OA, PI, PR) and
/// reason codes present, quantities and paid units not negative, each line naming a control
/// number. Whether the amounts balance is the scrubber's (cob.* rules), not this. Paths are
/// relative to the adjudication (`lines[1].adjustments[0].group_code`). Pure; never throws.
std::vector<FieldError> validate(const PayerAdjudication& adjudication);

}  // namespace medoffice::domain::claims
