// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Money back (issue 17, points 1 to 3): posting 835 remittances to the ledger.
//
// A file is checked whole first (envelopes, loops, the three balancing equations): a problem
// anywhere refuses all of it. Then each transaction set (one ERA: one payment of one payer) is
// posted in a transaction of its own, streaming its claims in chunks, so memory stays bounded by
// a chunk whatever the file's size. An ERA already taken in (same payer, same TRN02) posts
// nothing. Each claim posts whole or not at all: a claim that cannot be posted exactly is
// listed with its reason and the rest of the ERA posts.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/claims/claims.hpp"
#include "app/ports/remittance_repositories.hpp"
#include "app/ports/repositories.hpp"
#include "domain/remittances/posting.hpp"

namespace medoffice::app::remittances {

/// One of our charge lines a posted claim's payer lines matched, and what was posted to it.
struct PostedLine {
  domain::ChargeLineId lineId;
  std::string code;
  std::vector<std::string> modifiers;
  /// How it was matched (the last of its SVCs', so a line the payer split reads kSplit).
  domain::remittances::MatchKind matchedBy = domain::remittances::MatchKind::kControlNumber;
  domain::Money paid;
  domain::Money contractual;
  domain::Money transferred;  ///< patient responsibility moved on, to `transferredTo`
  domain::Responsibility transferredTo = domain::Responsibility::kPatient;
  domain::Money denied;              ///< left owed, in the denials queue
  std::vector<std::string> denials;  ///< their group and CARC: "CO-50"
};

/// One claim of the remittance that was posted.
struct PostedClaim {
  std::string claim;  ///< CLP01
  domain::ClaimId claimId;
  std::string status;  ///< CLP02
  domain::Money paid;
  domain::Money contractual;
  domain::Money transferred;  ///< patient responsibility moved on
  domain::Money denied;       ///< left owed, in the denials queue
  bool reversal = false;      ///< a CLP02 22 that took an earlier posting back
  std::string state;          ///< the claim's state after it
  std::size_t entries = 0;
  std::vector<std::string> notes;
  domain::ClaimId nextClaim;      ///< the claim made for the next payer, when one was
  std::vector<PostedLine> lines;  ///< our lines the payer answered, in our line order
};

/// One claim of the remittance that was not posted, and why.
struct NotPostedClaim {
  std::string claim;  ///< CLP01
  std::size_t position = 0;
  std::string reason;
};

/// What posting one ERA did (or, on a dry run, would do).
struct RemittanceReport {
  std::size_t transaction = 0;  ///< its index in the file
  domain::RemittanceId id;      ///< set when stored (or, for a duplicate, the earlier one)
  bool duplicate = false;       ///< taken in before: nothing posted
  std::string payerName;
  std::string payerKey;
  std::string traceNumber;
  domain::Money payment;  ///< BPR02
  std::optional<domain::Date> paymentDate;
  std::vector<PostedClaim> posted;
  std::vector<NotPostedClaim> notPosted;
  std::vector<domain::remittances::ProviderAdjustment> providerAdjustments;
  domain::Money paid, contractual, transferred, denied;  ///< over the posted claims
  std::size_t claims = 0;
  std::size_t entries = 0;
  std::size_t denials = 0;
};

struct PostingReport {
  bool dryRun = false;
  std::vector<RemittanceReport> remittances;
  /// Σ BPR02 of the ERAs posted now (duplicates left out).
  [[nodiscard]] domain::Money payment() const;
  [[nodiscard]] std::size_t postedClaims() const;
  [[nodiscard]] std::size_t notPostedClaims() const;
};

struct PostingOptions {
  bool dryRun = false;      ///< plan and report, write nothing
  std::int64_t byUser = 0;  ///< 0: the system
  std::size_t chunk = 500;  ///< claims read, planned and written together
  /// Set: a claim whose patient responsibility moved to a next insurance (secondary,
  /// tertiary) gets that payer's claim at once, with coordination of benefits from this
  /// remittance (claims::createNextClaim), scrubbed and ready to batch.
  const claims::ClaimsSetup* claims = nullptr;
};

/// Called in each ERA's transaction once it is posted (not on a dry run), to audit it.
using OnRemittance = std::function<void(Repositories&, const RemittanceReport&)>;

/// Posts every ERA of `input` for `org` (see the top of this file). kInvalid naming the claim,
/// line and difference when the file does not balance, kUnsupported when it is no 5010 835;
/// nothing is posted then. ERAs are committed one by one: an error in a later one (a database
/// failure) leaves the earlier ones posted, and the same file again posts only the rest.
Result<PostingReport> postFile(UnitOfWork& uow, RemittanceFormats& formats,
                               domain::OrganizationId org, std::string_view input,
                               const PostingOptions& options, domain::Instant now,
                               const OnRemittance& onRemittance = {});

}  // namespace medoffice::app::remittances
