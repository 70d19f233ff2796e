// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Claims out (issue 16): claims from finalized encounters, the scrubber, batches, and the
// acknowledgements that come back. Each function runs inside the caller's transaction.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/claim_formats.hpp"
#include "app/ports/clearinghouse.hpp"
#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/claims/cob.hpp"
#include "domain/claims/scrubber.hpp"

namespace medoffice::app::claims {

/// What the claims use cases need beyond the repositories. Shared by every request.
struct ClaimsSetup {
  const ClaimFormats& formats;
  /// The practice's rules: the defaults with its rules file laid over, validated at start.
  std::shared_ptr<const std::vector<domain::claims::Rule>> rules;
  const TimeZones& zones;
};

/// What a biller may set on a claim while it can change. Unset members keep their value.
struct ClaimEdits {
  std::optional<std::string> priorAuthorization;
  std::optional<std::string> referralNumber;
  std::optional<domain::ProviderId> referringProviderId;  ///< 0 clears it
  std::optional<std::optional<domain::Date>> onsetDate;
};

/// Creates the claim of a finalized encounter for its primary coverage (as fixed at finalizing;
/// `coverage`, when given, must be that one). A secondary or tertiary coverage is refused with
/// the reason (its claim needs the primary's remittance), as is an encounter without coverage
/// and a coverage that already has a live claim (kConflict naming `coverage_id`). The claim
/// starts as draft. A list, for the secondary claims the remittance work will add.
Result<std::vector<ClaimRecord>> createClaims(Repositories& r, const ClaimsSetup& setup,
                                              domain::OrganizationId org,
                                              domain::EncounterId encounter,
                                              domain::CoverageId coverage, const ClaimEdits& edits,
                                              domain::Instant now, std::int64_t user);

/// Makes the claim to the next payer (secondary after primary, tertiary after secondary) of a
/// claim a remittance has just adjudicated, with coordination of benefits: the claim as the
/// encounter and the next coverage make it, the sent claim's earlier payers, and the payer
/// that just adjudicated with `adjudication` (2320/2330, 2430 per line). Scrubbed at once: ready
/// to batch like any claim, or scrubbed with its findings. Nothing (nullopt) when the encounter
/// has no coverage at the next rank or its claim exists already.
Result<std::optional<ClaimRecord>> createNextClaim(
    Repositories& r, const ClaimsSetup& setup, domain::OrganizationId org,
    domain::ClaimId adjudicated, const domain::claims::PayerAdjudication& adjudication,
    domain::Instant now, std::int64_t user);

/// Changes what a biller may change (ClaimEdits) on an editable claim (draft, scrubbed, ready,
/// rejected); the claim is rebuilt and becomes draft.
Result<ClaimRecord> editClaim(Repositories& r, const ClaimsSetup& setup, domain::OrganizationId org,
                              domain::ClaimId id, const ClaimEdits& edits,
                              std::optional<std::int64_t> expectedVersion, domain::Instant now,
                              std::int64_t user);

/// Rebuilds an editable claim from its encounter, coverage and the practice as they are now,
/// checks it (domain::claims::validate, then the rules) and stores the findings: ready without
/// error findings, scrubbed with some.
Result<ClaimRecord> scrubClaim(Repositories& r, const ClaimsSetup& setup,
                               domain::OrganizationId org, domain::ClaimId id, domain::Instant now,
                               std::int64_t user);

/// A batch as made.
struct BatchOutcome {
  ClaimBatch batch;
  std::vector<ClaimRecord> claims;
};

/// Puts ready claims into one 837P batch for a clearinghouse (the given one, or the practice's
/// first active one). Each claim is scrubbed again first; a claim that is missing, not ready,
/// or has an error now is refused (kInvalid naming `claim_ids[i]` with the reason) and nothing
/// is written. Control numbers are drawn for the clearinghouse in this transaction, the file and
/// its claims are stored, and the claims become batched, all at once.
Result<BatchOutcome> createBatch(Repositories& r, const ClaimsSetup& setup,
                                 domain::OrganizationId org,
                                 const std::vector<domain::ClaimId>& claimIds,
                                 domain::ClearinghouseId clearinghouse, domain::Instant now,
                                 std::int64_t user);

/// Records a send attempt of a batch (after the transport answered, outside any transaction).
Result<ClaimBatch> recordSend(Repositories& r, domain::OrganizationId org, domain::ClaimBatchId id,
                              const Result<SendReceipt>& receipt, domain::Instant now);

/// What an acknowledgement did.
struct AckChange {
  domain::ClaimId claimId;
  std::string patientControlNumber;
  std::string from;  ///< state before
  std::string to;    ///< state after; equal to `from` when nothing changed
  std::string reason;
  std::vector<domain::claims::Finding> errors;  ///< what a rejection names, with fields
};

struct AckOutcome {
  std::int64_t acknowledgementId = 0;
  std::string kind;        ///< "999" | "277CA" | "277"
  bool duplicate = false;  ///< the same file was taken in before: nothing changed now
  domain::ClaimBatchId batchId;
  std::vector<AckChange> changes;
  std::vector<std::string> unmatched;  ///< what it names that is not ours, in words
};

/// Takes in a 999, a 277CA or a 277: finds our batch (999: GS06 and ST02, sent to the same
/// clearinghouse) or our claims (277CA: CLM01; 277: the trace of our 276, the CLM01), moves
/// the claims to accepted or rejected with the reason, and maps 999 errors back to the claim
/// and field. A 277's status (category and code, in words) goes into each claim's history
/// whether or not it moves the claim: a rejection or "not found" (A3, A4, A6 to A8) makes a
/// claim still waiting (batched or accepted) rejected, back on the work list with the reason
/// as its finding, a finalized denial (F2) makes it denied, and anything else leaves it where
/// it is; a 277 never makes a claim paid (the money comes with the 835). An acknowledgement
/// for an unknown or another practice's batch or claim changes nothing and says so; the same
/// file again changes nothing (duplicate). `sha256` is the file's hash (hex).
Result<AckOutcome> takeAcknowledgement(Repositories& r, const ClaimsSetup& setup,
                                       domain::OrganizationId org, std::string_view bytes,
                                       const std::string& sha256, domain::Instant now,
                                       std::int64_t user);

/// What fetching a clearinghouse's inbox did.
struct InboxOutcome {
  struct Taken {
    std::string file;
    AckOutcome outcome;
  };
  std::vector<Taken> taken;         ///< acknowledgements taken in (and archived)
  std::vector<std::string> left;    ///< files that are not acknowledgements (835s): left in place
  std::vector<std::string> failed;  ///< "name: why", left in place to be looked at
};

/// Reads every file waiting in the clearinghouse's inbox: each 999, 277CA and 277 is taken in
/// (takeAcknowledgement, one transaction per file) and then archived; remittances (835) and
/// other files are left for their own workflow. A file whose transaction failed stays in the
/// inbox; a crash before archiving means it is read again next time and, being the same file,
/// changes nothing. `hash` is the files' SHA-256 (hex). `audit` runs in each file's transaction.
Result<InboxOutcome> fetchInbox(UnitOfWork& uow, const ClaimsSetup& setup,
                                ClearinghouseTransport& transport, domain::OrganizationId org,
                                const std::function<std::string(std::string_view)>& hash,
                                const std::function<void(Repositories&, const AckOutcome&)>& audit,
                                domain::Instant now, std::int64_t user);

/// Replaces (frequency 7) or voids (frequency 8) a claim the payer has (batched and after):
/// a new claim for the same encounter and coverage with the same CLM01, the payer's claim
/// number in REF*F8, built from the encounter as it is now (a corrected encounter's lines); the
/// old claim becomes corrected. kConflict for a claim that was never sent, or is corrected or
/// closed already.
Result<ClaimRecord> correctClaim(Repositories& r, const ClaimsSetup& setup,
                                 domain::OrganizationId org, domain::ClaimId id, bool voidIt,
                                 domain::Instant now, std::int64_t user);

/// One 276 claim status request file: the claims it asks about and what its transport did.
struct StatusInquiry {
  domain::ClearinghouseId clearinghouseId;
  std::string fileName;                  ///< "MO<practice>-<clearinghouse>-<ISA13>.276"
  std::uint32_t interchangeControl = 0;  ///< ISA13, drawn like a batch's (never reused)
  std::uint32_t groupControl = 0;        ///< GS06
  std::uint32_t transactionControl = 0;  ///< ST02
  std::vector<ClaimRecord> claims;       ///< the claims asked about, in the file's order
  bool sent = false;                     ///< the transport took the file
  bool alreadyPresent = false;           ///< it was there already (SendReceipt)
  std::string sendReference;             ///< where the transport put it
  std::string sendError;                 ///< why it was not sent; empty when sent
};

/// What asking about waiting claims did.
struct StatusInquiryOutcome {
  std::vector<StatusInquiry> inquiries;
  /// Waiting claims that were not asked about, in words: "claim 12 (C12): the 276 needs
  /// member_id ...", "claim 13 (C13): its clearinghouse 2 is not active".
  std::vector<std::string> skipped;
  /// More claims wait than one call asks about (kMaxStatusInquiryClaims): call again.
  bool more = false;
};

/// The most claims one sendStatusInquiries() call asks about (ten 276 files of 99).
inline constexpr std::size_t kMaxStatusInquiryClaims = 990;

/// Asks the payers where the practice's claims stand (276, 005010X212): every claim batched
/// or accepted whose last change or status exchange recorded in its history is at least
/// `olderThanDays` days old (0 to 3650), the quietest first, up to kMaxStatusInquiryClaims.
/// Each goes through the clearinghouse its last batch went to (only `clearinghouse`'s claims
/// when it is valid; an inactive clearinghouse's are skipped), in one 276 per clearinghouse
/// of up to kMaxStatusQuestions claims, with control numbers drawn from the clearinghouse's
/// sequences like a batch's, in a first transaction. Each file is then handed to the
/// clearinghouse's transport (outside any transaction), and for each file sent every claim's
/// history gets "status inquiry sent" (its state unchanged) in a last transaction, where
/// `audit` runs too. A claim that cannot be asked about (a 276 needs the member id, the
/// billing NPI ...) is listed in `skipped`; a failed send in its inquiry's sendError (those
/// claims are asked about again next time).
Result<StatusInquiryOutcome> sendStatusInquiries(
    UnitOfWork& uow, const ClaimsSetup& setup, ClearinghouseTransports& transports,
    domain::OrganizationId org, int olderThanDays, domain::ClearinghouseId clearinghouse,
    const std::function<void(Repositories&, const StatusInquiryOutcome&)>& audit,
    domain::Instant now, std::int64_t user);

/// The claim decoded from its content.
Result<domain::claims::Claim> claimOf(const ClaimsSetup& setup, const ClaimRecord& record);

}  // namespace medoffice::app::claims
