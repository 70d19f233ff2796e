// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Ports of money back (issue 17): reading 835 files, and storing remittances with their claims,
// ledger entries and provider-level adjustments.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/billing/ledger.hpp"
#include "domain/claims/lifecycle.hpp"
#include "domain/remittances/posting.hpp"
#include "domain/remittances/remittance.hpp"

namespace medoffice::app {

/// Reads one 835 file's transaction sets one at a time; each call to next() streams the claims
/// of the next set. Created by RemittanceFormats::open().
class RemittanceCursor {
 public:
  using ClaimFn = std::function<Status(const domain::remittances::RemittanceHeader& header,
                                       const domain::remittances::AdjudicatedClaim& claim)>;
  virtual ~RemittanceCursor() = default;
  /// Reads the next transaction set: `onClaim` gets each claim as it is read (with the header
  /// read so far: everything but the provider adjustments), then the complete header is
  /// returned; nullopt at the end of the file. An error of `onClaim` stops the reading and is
  /// returned; so is a problem of the file (check() first to know there is none).
  virtual Result<std::optional<domain::remittances::RemittanceHeader>> next(
      const ClaimFn& onClaim) = 0;
};

/// The 835 codec, as posting needs it.
class RemittanceFormats {
 public:
  virtual ~RemittanceFormats() = default;
  /// Checks a whole file without keeping it in memory: envelopes, loops and every balancing
  /// equation. kInvalid with the problems named (claim, line, equation, difference), or
  /// kUnsupported for input that is not a 5010 835.
  virtual Status check(std::string_view input) = 0;
  /// A cursor over the file's transaction sets. `input` must outlive it.
  virtual std::unique_ptr<RemittanceCursor> open(std::string_view input) = 0;
  /// What the payer decided about one claim, as stored with it (JSON) and read back for the
  /// next payer's coordination of benefits.
  virtual std::string adjudicationText(const domain::remittances::AdjudicatedClaim& c) = 0;
  virtual Result<domain::remittances::AdjudicatedClaim> adjudication(std::string_view text) = 0;
};

/// One remittance taken in.
struct RemittanceRecord {
  domain::RemittanceId id;
  domain::OrganizationId organizationId;
  std::string payerKey;
  std::string traceNumber;
  std::string payerName;
  domain::Money payment;
  std::string paymentMethod;
  std::optional<domain::Date> paymentDate;
  std::int64_t claims = 0;
  std::int64_t postedClaims = 0;
  domain::Money posted;
  domain::Money providerAdjustments;
  std::int64_t postedBy = 0;
  domain::Instant createdAt;
};

/// A posted (not reversed) adjudication of one of our claims.
struct PostedAdjudication {
  domain::RemittanceClaimId id;
  domain::RemittanceId remittanceId;
  domain::Money charge;
  domain::Money paid;
  std::string payerClaimNumber;
};

/// Where one of our lines' ledger entries are counted (the report columns of migration 0010).
struct LineDimensions {
  domain::ProviderId provider;
  std::array<domain::PayerId, 3> payers{};  ///< of the primary, secondary, tertiary places
};

/// One of our claims found by its CLM01, with what posting needs, read under the account's
/// lock.
struct ClaimTarget {
  domain::ClaimId id;
  std::string patientControlNumber;
  domain::claims::ClaimState state = domain::claims::ClaimState::kDraft;
  domain::PatientId patientId;
  domain::EncounterId encounterId;
  domain::GuarantorAccountId accountId;
  domain::PayerId payerId;
  domain::LocationId locationId;
  domain::remittances::PostingTarget target;  ///< place, next place and lines with balances
  std::vector<LineDimensions> dimensions;     ///< parallel to target.lines
  std::vector<PostedAdjudication> posted;     ///< oldest first
};

/// One CLP of a remittance, as stored.
struct RemittanceClaimRecord {
  domain::RemittanceClaimId id;
  domain::OrganizationId organizationId;
  domain::RemittanceId remittanceId;
  std::int64_t position = 0;
  domain::ClaimId claimId;  ///< unset when it matched none of ours
  std::string patientControlNumber;
  std::string status;
  domain::Money charge;
  domain::Money paid;
  domain::Money patientResponsibility;
  std::string payerClaimNumber;
  bool posted = false;
  std::string reason;
  std::string adjudication;
  domain::Instant createdAt;
};

/// A ledger entry a remittance posts, with where the reports count it.
struct RemittanceEntry {
  domain::LedgerEntry entry;  ///< effect set
  domain::RemittanceClaimId via;
  domain::ProviderId provider;
  domain::LocationId location;
  domain::PayerId payer;
};

/// A claim's move to the state its adjudication gives it.
struct ClaimStateChange {
  domain::ClaimId claim;
  domain::claims::ClaimState from = domain::claims::ClaimState::kBatched;
  domain::claims::ClaimState to = domain::claims::ClaimState::kPaid;
  std::string note;
  /// CLP07, the payer's claim control number of this adjudication (empty: none given): kept on
  /// the claim, where a replacement or void claim takes it (REF*F8).
  std::string payerClaimNumber;
};

class RemittanceRepository {
 public:
  virtual ~RemittanceRepository() = default;
  /// The remittance of this payer and trace number, when taken in before.
  virtual std::optional<RemittanceRecord> find(domain::OrganizationId org,
                                               const std::string& payerKey,
                                               const std::string& traceNumber) = 0;
  /// Stores a new remittance (its counts come with finish()); kConflict when one of this payer
  /// and trace number exists.
  virtual Result<RemittanceRecord> insert(const RemittanceRecord& r) = 0;
  /// Writes the counts of a remittance inserted in this transaction.
  virtual void finish(const RemittanceRecord& r) = 0;
  virtual std::optional<RemittanceRecord> get(domain::OrganizationId org,
                                              domain::RemittanceId id) = 0;
  /// Remittances newest first.
  virtual Result<Page<RemittanceRecord>> list(domain::OrganizationId org,
                                              const PageRequest& page) = 0;
  virtual std::vector<RemittanceClaimRecord> claimsOf(domain::OrganizationId org,
                                                      domain::RemittanceId id) = 0;

  /// Our live claims with these CLM01s (absent ones left out), each with its lines' balances.
  /// With `lock`, their accounts are locked first (in id order) so the balances stay true
  /// until the transaction ends.
  virtual std::vector<ClaimTarget> targets(domain::OrganizationId org,
                                           const std::vector<std::string>& controlNumbers,
                                           bool lock) = 0;
  /// Stores remittance claims and returns them with their ids, in order.
  virtual std::vector<RemittanceClaimRecord> insertClaims(
      const std::vector<RemittanceClaimRecord>& claims) = 0;
  /// Posts the entries with their effects in bulk: the entries, then the running balances of
  /// their lines and accounts. kInvalid naming `amount_cents` when a balance would go below zero
  /// (the caller abandons the transaction).
  virtual Status post(const std::vector<RemittanceEntry>& entries, domain::Instant now) = 0;
  /// Moves claims to their new states and writes their history, in bulk.
  virtual void changeStates(domain::OrganizationId org,
                            const std::vector<ClaimStateChange>& changes, std::int64_t byUser,
                            domain::Instant now) = 0;
  virtual void insertProviderAdjustments(
      domain::OrganizationId org, domain::RemittanceId remittance,
      const std::vector<domain::remittances::ProviderAdjustment>& adjustments,
      domain::Instant now) = 0;
  /// The entries a remittance claim posted, oldest first.
  virtual std::vector<domain::LedgerEntry> entriesOf(domain::OrganizationId org,
                                                     domain::RemittanceClaimId id) = 0;
  /// Records that `by` (a CLP02 22) took `original` back.
  virtual void markReversed(domain::OrganizationId org, domain::RemittanceClaimId original,
                            domain::RemittanceClaimId by) = 0;
  /// The stored adjudication (JSON) of the claim's latest posted, not reversed remittance claim.
  virtual std::optional<RemittanceClaimRecord> latestPosted(domain::OrganizationId org,
                                                            domain::ClaimId claim) = 0;
};

}  // namespace medoffice::app
