// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The denials work queue (issue 17, point 5): the denials an 835 posting records, and the notes
// billers add while they work them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/claims/lifecycle.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"
#include "domain/denials/denial.hpp"

namespace medoffice::app {

/// Which denials a list or a summary covers. Unset members do not narrow.
struct DenialQuery {
  domain::OrganizationId organizationId;
  std::optional<domain::DenialState> state;  ///< unset: open and resolved
  std::string group;                         ///< CAS group (CO, PI, OA, PR)
  std::string carc;
  domain::PayerId payerId;
  /// Set: only denials assigned to this user; set to an invalid id (0): only unassigned ones.
  std::optional<domain::UserId> assignedTo;
  domain::ClaimId claimId;
  domain::PatientId patientId;
  std::optional<domain::Date> deniedFrom;  ///< inclusive
  std::optional<domain::Date> deniedTo;    ///< inclusive
  PageRequest page;                        ///< lists only
};

/// A denial with what the queue shows beside it, read in the same statement.
struct DenialItem {
  domain::Denial denial;
  std::string patientFamilyName;
  std::string patientGivenName;
  std::string patientControlNumber;  ///< the claim's CLM01
  domain::claims::ClaimState claimState = domain::claims::ClaimState::kDraft;
  domain::EncounterId encounterId;
  domain::LocationId locationId;  ///< the encounter's: the zone the denial's age is counted in
  domain::Date serviceDate;       ///< the line's date of service, else the claim's
  std::string payerName;
  // The line (empty for a claim-level denial).
  std::string procedureCode;
  std::vector<std::string> modifiers;
  domain::Money lineCharge;
  /// What the payer's place on the line still owes now (a claim-level denial: on the claim's
  /// lines that are not replaced).
  domain::Money stillOwed;
};

/// One row of a summary: the denials of one key on one denial date and location (the caller
/// buckets dates into ages in the location's zone).
struct DenialTally {
  std::string group;  ///< by reason
  std::string carc;
  std::string rarc;         ///< as stored: comma-separated
  domain::PayerId payerId;  ///< by payer
  std::string payerName;
  domain::Date deniedOn;
  domain::LocationId locationId;
  std::int64_t count = 0;
  domain::Money amount;
};

/// How a summary groups denials.
enum class DenialGrouping { kReason, kPayer, kAge };

struct DenialNote {
  domain::DenialNoteId id;
  domain::OrganizationId organizationId;
  domain::DenialId denialId;
  domain::UserId author;
  std::string authorName;  ///< the user's display name when read; empty when written
  std::string body;
  domain::Instant createdAt;
};

/// Denials and their notes. Bound to one transaction; not thread-safe (see common.hpp for the
/// shared contract of get/update).
class DenialRepository {
 public:
  virtual ~DenialRepository() = default;

  /// Stores `denials` (each as domain::validate() accepts it: open, version 1, timestamps `now`)
  /// in multi-row INSERTs, a few statements per round trip, inside the caller's transaction:
  /// the 835 posting calls it once per remittance (or per chunk of claims) with every denial it
  /// found. No id is read back (list by claim to find them). kInvalid naming `denials[k].<field>`
  /// for a denial validate() refuses, before anything is written; a foreign key violation (an
  /// unknown claim, line, remittance) is a storage failure that fails the transaction.
  virtual Status insertMany(const std::vector<domain::Denial>& denials, domain::Instant now) = 0;

  /// The denial with this id in the organization; nullopt when absent or another's.
  virtual std::optional<domain::Denial> get(domain::OrganizationId org, domain::DenialId id) = 0;
  /// The same with what the queue shows beside it.
  virtual std::optional<DenialItem> item(domain::OrganizationId org, domain::DenialId id) = 0;
  /// One page of the denials `q` selects, in id order (oldest first), with their context.
  virtual Result<Page<DenialItem>> list(const DenialQuery& q) = 0;
  /// Counts and sums of every denial `q` selects (its page ignored), by `grouping` (reason:
  /// group, CARC and remark codes; payer; age: nothing more) and by denial date and location.
  virtual std::vector<DenialTally> tally(const DenialQuery& q, DenialGrouping grouping) = 0;
  /// Every denial of a claim, oldest first (what a claim's remittances denied).
  virtual std::vector<domain::Denial> ofClaim(domain::OrganizationId org,
                                              domain::ClaimId claim) = 0;

  /// Writes the mutable fields (state, assignedTo, dueOn, resolution, resolvedAt, resolvedBy)
  /// when the stored version is `expectedVersion`, bumps the version and returns the stored
  /// denial; kNotFound or kVersionMismatch otherwise. What posting recorded never changes.
  virtual Result<domain::Denial> update(const domain::Denial& d, std::int64_t expectedVersion,
                                        domain::Instant now) = 0;
  /// Resolves every open denial of one remittance claim (of `claim`) at once (posting: a CLP02
  /// 22 reversal takes back what that claim denied, `kReversed`), bumping their versions;
  /// returns how many. `by` unset: the system.
  virtual std::int64_t resolveOpen(domain::OrganizationId org, domain::ClaimId claim,
                                   domain::RemittanceClaimId remittanceClaim,
                                   domain::DenialResolution resolution, domain::UserId by,
                                   domain::Instant now) = 0;

  /// Adds a note (insert-only) and returns it with its id.
  virtual Result<DenialNote> addNote(const DenialNote& note) = 0;
  /// The notes of a denial, oldest first, with their authors' names.
  virtual std::vector<DenialNote> notes(domain::OrganizationId org, domain::DenialId denial) = 0;
};

}  // namespace medoffice::app
