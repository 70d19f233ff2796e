// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Claims, their history and findings, clearinghouses, batches and acknowledgements (issue 16).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/claims/claim.hpp"
#include "domain/claims/clearinghouse.hpp"
#include "domain/claims/lifecycle.hpp"
#include "domain/claims/scrubber.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::app {

/// A claim as stored: where it comes from, where it stands, and the claim itself (`content`,
/// the JSON of domain::claims::Claim from ClaimFormats::encode) as last built.
struct ClaimRecord {
  domain::ClaimId id;
  domain::OrganizationId organizationId;
  domain::EncounterId encounterId;
  domain::PatientId patientId;
  domain::CoverageId coverageId;
  domain::PayerId payerId;
  int responsibility = 1;     ///< 1 primary, 2 secondary, 3 tertiary
  int encounterRevision = 0;  ///< the encounter's corrections count when built
  std::string patientControlNumber;
  domain::claims::ClaimState state = domain::claims::ClaimState::kDraft;
  domain::claims::ClaimFrequency frequency = domain::claims::ClaimFrequency::kOriginal;
  domain::ClaimId replaces;  ///< the claim a replacement or void corrects
  std::string payerClaimNumber;
  // What the biller edits on the claim itself.
  std::string priorAuthorization;
  std::string referralNumber;
  domain::ProviderId referringProviderId;
  std::optional<domain::Date> onsetDate;
  domain::Date serviceDate;  ///< the encounter's
  domain::Money total;
  std::string content;
  std::vector<domain::claims::Finding> findings;  ///< the last scrub's, in order
  int errors = 0;
  int warnings = 0;
  std::optional<domain::Instant> scrubbedAt;
  domain::ClaimBatchId batchId;  ///< the last batch it went in
  std::string statusNote;        ///< why it is where it is (a rejection's reason)
  domain::RecordMeta meta;
  std::string patientName;  ///< "Family, Given": filled by list() when asked, else empty
};

/// One change of a claim's state.
struct ClaimHistoryEntry {
  domain::Instant at;
  std::optional<domain::claims::ClaimState> from;  ///< nullopt: created
  domain::claims::ClaimState to = domain::claims::ClaimState::kDraft;
  std::int64_t userId = 0;  ///< 0: the system (an acknowledgement)
  std::string note;
};

struct ClaimQuery {
  domain::OrganizationId organizationId;
  std::optional<domain::claims::ClaimState> state;
  domain::PatientId patientId;
  domain::EncounterId encounterId;
  domain::ClaimBatchId batchId;
  /// A search: only claims of one of `patients`, or whose control number (CLM01) or payer claim
  /// number starts with `number` (any case).
  bool search = false;
  std::vector<domain::PatientId> patients;
  std::string number;
  bool patientNames = false;  ///< fill ClaimRecord::patientName
  PageRequest page;
};

/// How many of a practice's claims stand in each state, indexed by the ClaimState's value (every
/// state present, 0 when none); `withFindings` of them have errors or warnings from their last
/// scrub; `total` is the sum of `byState`.
struct ClaimCounts {
  std::array<std::int64_t, domain::claims::kAllClaimStates.size()> byState{};
  std::int64_t withFindings = 0;
  std::int64_t total = 0;
};

/// A batch as written.
struct ClaimBatch {
  domain::ClaimBatchId id;
  domain::OrganizationId organizationId;
  domain::ClearinghouseId clearinghouseId;
  std::string state = "written";  ///< written | sent | accepted | rejected | partial
  std::string fileName;
  std::string bytes;
  int claims = 0;
  domain::Money total;
  std::uint64_t segments = 0;
  std::string senderQualifier;
  std::string senderId;
  std::string receiverQualifier;
  std::string receiverId;
  std::string applicationSender;
  std::string applicationReceiver;
  bool production = false;
  domain::Date fileDate;
  int fileMinute = 0;  ///< hour * 60 + minute, local
  std::string batchReference;
  std::uint32_t interchangeControl = 0;
  std::uint32_t groupControl = 0;
  std::uint32_t transactionControl = 0;
  std::int64_t createdBy = 0;
  std::optional<domain::Instant> sentAt;
  std::string sendReference;
  std::string sendError;
  domain::RecordMeta meta;
};

/// One claim of a batch, as written.
struct ClaimBatchItem {
  int position = 0;
  domain::ClaimId claimId;
  std::uint32_t firstSegment = 0;
  std::uint32_t lastSegment = 0;
  std::string content;
};

/// An acknowledgement file taken in.
struct AcknowledgementRecord {
  std::int64_t id = 0;
  domain::OrganizationId organizationId;
  std::string kind;  ///< "999" | "277CA"
  std::string sha256;
  std::string senderId;
  std::string interchangeControl;
  domain::ClaimBatchId batchId;
  std::string summary;  ///< the JSON answer given when it was taken in
  std::int64_t receivedBy = 0;
  domain::Instant receivedAt;
};

class ClaimRepository {
 public:
  virtual ~ClaimRepository() = default;

  virtual std::optional<ClaimRecord> get(domain::OrganizationId org, domain::ClaimId id) = 0;
  virtual std::optional<ClaimRecord> byControlNumber(domain::OrganizationId org,
                                                     const std::string& patientControlNumber) = 0;
  /// Every claim of the encounter, oldest first.
  virtual std::vector<ClaimRecord> ofEncounter(domain::OrganizationId org,
                                               domain::EncounterId encounter) = 0;
  virtual Result<Page<ClaimRecord>> list(const ClaimQuery& q) = 0;
  /// The practice's claims counted by state (one grouped query on ix_claims_state).
  virtual ClaimCounts counts(domain::OrganizationId org) = 0;
  /// Stores a new claim with its findings (see the common repository contract). kConflict
  /// when the encounter already has a live claim (not corrected or closed) for the coverage, or
  /// the control number is taken.
  virtual Result<ClaimRecord> insert(const ClaimRecord& claim, domain::Instant now) = 0;
  /// Replaces the claim's mutable fields and its findings (version-checked).
  virtual Result<ClaimRecord> update(const ClaimRecord& claim, std::int64_t expectedVersion,
                                     domain::Instant now) = 0;
  virtual void addHistory(domain::OrganizationId org, domain::ClaimId claim,
                          const ClaimHistoryEntry& entry) = 0;
  virtual std::vector<ClaimHistoryEntry> history(domain::OrganizationId org,
                                                 domain::ClaimId claim) = 0;
  /// The practice's claims in one of `states` whose latest history entry (a change of state,
  /// or a status inquiry or answer recorded as history) is at or before `since`: claims
  /// the payer has left without an answer since then. The quietest first (then by id), at most
  /// `limit`, without their findings (as list()).
  virtual std::vector<ClaimRecord> quietSince(domain::OrganizationId org,
                                              const std::vector<domain::claims::ClaimState>& states,
                                              domain::Instant since, std::size_t limit) = 0;
  /// The contents of the patient's claims that were sent or are on their way (batched and
  /// after, except corrected and closed ones) with a service date in [from, to], other than
  /// `except`: what the duplicate check compares with.
  virtual std::vector<std::string> billedContents(domain::OrganizationId org,
                                                  domain::PatientId patient, domain::Date from,
                                                  domain::Date to, domain::ClaimId except) = 0;

  // Clearinghouses (the usual insert/update/get/list/setActive contract).
  virtual Result<domain::claims::Clearinghouse> insertClearinghouse(
      const domain::claims::Clearinghouse& c, domain::Instant now) = 0;
  virtual Result<domain::claims::Clearinghouse> updateClearinghouse(
      const domain::claims::Clearinghouse& c, std::int64_t expectedVersion,
      domain::Instant now) = 0;
  virtual std::optional<domain::claims::Clearinghouse> clearinghouse(
      domain::OrganizationId org, domain::ClearinghouseId id) = 0;
  virtual Result<Page<domain::claims::Clearinghouse>> clearinghouses(domain::OrganizationId org,
                                                                     const PageRequest& page) = 0;
  virtual Result<domain::claims::Clearinghouse> setClearinghouseActive(domain::OrganizationId org,
                                                                       domain::ClearinghouseId id,
                                                                       bool active,
                                                                       std::int64_t expectedVersion,
                                                                       domain::Instant now) = 0;

  // Batches.
  /// Stores the batch and its items; returns it with its id.
  virtual Result<ClaimBatch> insertBatch(const ClaimBatch& batch,
                                         const std::vector<ClaimBatchItem>& items,
                                         domain::Instant now) = 0;
  virtual Result<ClaimBatch> updateBatch(const ClaimBatch& batch, std::int64_t expectedVersion,
                                         domain::Instant now) = 0;
  /// The batch without its bytes unless `withBytes`.
  virtual std::optional<ClaimBatch> batch(domain::OrganizationId org, domain::ClaimBatchId id,
                                          bool withBytes) = 0;
  virtual Result<Page<ClaimBatch>> batches(domain::OrganizationId org, const PageRequest& page) = 0;
  virtual std::vector<ClaimBatchItem> batchItems(domain::OrganizationId org,
                                                 domain::ClaimBatchId id) = 0;
  /// Batches (newest first) by what an acknowledgement names: our GS06 (999) or our BHT03
  /// (277CA). Several practices' or clearinghouses' batches may share a GS06; the caller
  /// checks the sender.
  virtual std::vector<ClaimBatch> batchesByGroupControl(domain::OrganizationId org,
                                                        std::uint32_t groupControl) = 0;
  virtual std::vector<ClaimBatch> batchesByReference(domain::OrganizationId org,
                                                     const std::string& batchReference) = 0;

  // Acknowledgements.
  virtual std::optional<AcknowledgementRecord> acknowledgementByHash(domain::OrganizationId org,
                                                                     const std::string& sha256) = 0;
  /// Stores it; kConflict when the same file (hash) was taken in already.
  virtual Result<AcknowledgementRecord> insertAcknowledgement(const AcknowledgementRecord& a) = 0;
};

}  // namespace medoffice::app
