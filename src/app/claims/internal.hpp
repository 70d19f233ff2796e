// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What the claims use cases share (claims.cpp, batches.cpp, acknowledgements.cpp).

#include <optional>
#include <string>
#include <vector>

#include <map>

#include "app/billing/encounters.hpp"
#include "app/claims/claims.hpp"
#include "domain/claims/lifecycle.hpp"

namespace medoffice::app::claims::internal {

/// The practice-level records and code-set answers claims are built and checked from, read once
/// per transaction: a batch of thousands of claims shares one practice, a few locations,
/// providers and payers, and the same codes. Encounters are kept too (each is read for building
/// and for checking). Not thread-safe; lives inside one transaction.
class Reads {
 public:
  Reads(Repositories& r, domain::OrganizationId org) : r(r), org(org), judge_(org) {}
  Reads(const Reads&) = delete;
  Reads& operator=(const Reads&) = delete;

  const domain::Organization* practice();
  const domain::Location* location(domain::LocationId id);
  const domain::Provider* provider(domain::ProviderId id);
  const domain::Payer* payer(domain::PayerId id);
  const domain::Encounter* encounter(domain::EncounterId id);
  /// Code-set answers, remembered across every claim of the transaction.
  const domain::CodeCheck& codes();

  Repositories& r;
  const domain::OrganizationId org;

 private:
  template <class T, class Load>
  const T* memo(std::map<std::int64_t, std::optional<T>>& m, std::int64_t id, Load load) {
    auto it = m.find(id);
    if (it == m.end()) it = m.emplace(id, load()).first;
    return it->second ? &*it->second : nullptr;
  }
  std::map<std::int64_t, std::optional<domain::Organization>> practice_;
  std::map<std::int64_t, std::optional<domain::Location>> locations_;
  std::map<std::int64_t, std::optional<domain::Provider>> providers_;
  std::map<std::int64_t, std::optional<domain::Payer>> payers_;
  std::map<std::int64_t, std::optional<domain::Encounter>> encounters_;
  billing::CodeJudge judge_;
  std::optional<domain::CodeCheck> codes_;
};

/// The practice's first active clearinghouse, if any.
std::optional<domain::claims::Clearinghouse> defaultClearinghouse(Repositories& r,
                                                                  domain::OrganizationId org);
/// Builds the claim of `record` from its encounter, coverage, payer and the practice as they are
/// now, with `clearinghouse` as submitter and receiver. A secondary or tertiary claim keeps the
/// earlier payers (2320/2330, 2430) of its stored content: they come from those payers' 835s,
/// not from the records (createNextClaim()).
Result<domain::claims::Claim> rebuild(
    Reads& reads, const ClaimFormats& formats, const ClaimRecord& record,
    const std::optional<domain::claims::Clearinghouse>& clearinghouse);
/// domain::claims::validate() as errors, then the practice's rules.
std::vector<domain::claims::Finding> check(Reads& reads, const ClaimsSetup& setup,
                                           const ClaimRecord& record,
                                           const domain::claims::Claim& claim, domain::Instant now);
/// Stores the findings and their counts on the record.
void setFindings(ClaimRecord& record, std::vector<domain::claims::Finding> findings,
                 domain::Instant now);
/// The next control number of a clearinghouse (`which`: "isa", "gs" or "st"), drawn from
/// `sequences` ("x12:<clearinghouse>:<which>") in this transaction: a rolled-back file never
/// went out, a committed one never repeats. kConflict once past 999,999,999.
Result<std::uint32_t> drawControl(Repositories& r, domain::OrganizationId org,
                                  domain::ClearinghouseId ch, const char* which);
/// The envelope of a new file to `ch` (its submitter and receiver ids, test or production),
/// dated in the practice's local time at the location of `encounter` (UTC when it cannot be
/// told), with ISA13, GS06 and ST02 drawn for the clearinghouse (drawControl) and BHT03
/// "MO<practice>-<clearinghouse>-<ISA13>", unique per file.
Result<BatchEnvelope> newEnvelope(Repositories& r, const ClaimsSetup& setup,
                                  domain::OrganizationId org,
                                  const domain::claims::Clearinghouse& ch,
                                  domain::EncounterId encounter, domain::Instant now);
/// Takes in a 277 claim status response read into `ack` (kind k277): see
/// takeAcknowledgement(). In claim_status.cpp.
Status takeClaimStatus(Repositories& r, domain::OrganizationId org, const Acknowledgement& ack,
                       AckOutcome& out, domain::Instant now);
/// Moves the record to `to` (checked by the state machine) and writes the history entry; the
/// caller stores the record.
Status moveTo(Repositories& r, ClaimRecord& record, domain::claims::ClaimState to,
              domain::Instant now, std::int64_t user, std::string note);

}  // namespace medoffice::app::claims::internal
