// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Deterministic, valid claims for tests, benchmarks and previews. The people and organisations
// are fictional; the NPIs carry correct check digits. No production path uses them.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/claims/claim.hpp"

namespace medoffice::domain::claims::samples {

Submitter submitter();              ///< MEDOFFICE BILLING, id MEDOFFICE01
Receiver receiver();                ///< CLEARINGHOUSE, id 12345
BillingProvider billingProvider();  ///< LAKESIDE FAMILY PRACTICE, NPI 1245319599
Payer payer();                      ///< GREAT PRAIRIES HEALTH, payer id 12345
Subscriber subscriber();            ///< JANE SMITH, the patient herself (CI, primary)
Patient dependent();                ///< TED SMITH, child (19) of the subscriber
ProviderRef renderingProvider();    ///< BEN KILDARE, NPI 1999996667, 207Q00000X

/// A service line on 2026-10-02 with one unit.
ServiceLine line(std::string controlNumber, std::string code, std::int64_t cents,
                 std::vector<int> pointers);

/// An original claim of the subscriber as patient: two diagnoses, two lines (99213 for 125.00
/// and 36415 for 12.50), office (11), control number `pcn`.
Claim claim(std::string pcn = "1001");

}  // namespace medoffice::domain::claims::samples
