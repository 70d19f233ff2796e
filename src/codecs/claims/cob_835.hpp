// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// From a remittance (835) to the coordination of benefits of the next claim: one 2100 claim
// loop as the PayerAdjudication that buildNextClaim() (domain/claims/build.hpp) writes into
// the secondary or tertiary claim's 2320/2330/2430 loops.

#include "codecs/x12/era_835.hpp"
#include "domain/claims/cob.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs {

/// What the payer of `remittance` did with `claim` (one of its claims), unchanged:
/// CLP01 → patientControlNumber, CLP04 → paid (AMT*D), CLP05 → remainingPatientLiability
/// (AMT*EAF; unset when absent), CLP07 → payerClaimControlNumber, BPR16 (else DTM*405) →
/// adjudicationDate, every claim CAS triplet in order; per SVC: REF*6R → lineControlNumber
/// (empty when the payer sent none: the posting's line matching must fill it), SVC01's code and
/// modifiers when its qualifier is HC (else empty: as billed), SVC03 → paid, SVC05 → paidUnits
/// (1 when absent), every line CAS triplet in order. Quantities, which the 835 gives in
/// thousandths, are rounded to whole units (half away from zero), as the claim model keeps them.
///
/// Errors (kInvalid, naming the 835 element): a reversal (CLP02 22; post it, do not pass it
/// on), no payment or production date. Balancing is not checked here (x12::checkBalance does
/// it before posting). Pure; never throws.
domain::Result<domain::claims::PayerAdjudication> payerAdjudicationFrom835(
    const x12::Remittance& remittance, const x12::Claim835& claim);

}  // namespace medoffice::codecs
