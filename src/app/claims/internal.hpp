// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What the claims use cases share (claims.cpp, batches.cpp, acknowledgements.cpp).

#include <optional>
#include <string>
#include <vector>

#include "app/claims/claims.hpp"
#include "domain/claims/lifecycle.hpp"

namespace medoffice::app::claims::internal {

/// The practice's first active clearinghouse, if any.
std::optional<domain::claims::Clearinghouse> defaultClearinghouse(Repositories& r,
                                                                  domain::OrganizationId org);
/// Builds the claim of `record` from its encounter, coverage, payer and the practice as they are
/// now, with `clearinghouse` as submitter and receiver.
Result<domain::claims::Claim> rebuild(
    Repositories& r, domain::OrganizationId org, const ClaimRecord& record,
    const std::optional<domain::claims::Clearinghouse>& clearinghouse);
/// domain::claims::validate() as errors, then the practice's rules.
std::vector<domain::claims::Finding> check(Repositories& r, const ClaimsSetup& setup,
                                           domain::OrganizationId org, const ClaimRecord& record,
                                           const domain::claims::Claim& claim, domain::Instant now);
/// Stores the findings and their counts on the record.
void setFindings(ClaimRecord& record, std::vector<domain::claims::Finding> findings,
                 domain::Instant now);
/// Moves the record to `to` (checked by the state machine) and writes the history entry; the
/// caller stores the record.
Status moveTo(Repositories& r, ClaimRecord& record, domain::claims::ClaimState to,
              domain::Instant now, std::int64_t user, std::string note);

}  // namespace medoffice::app::claims::internal
