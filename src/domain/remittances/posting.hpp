// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Planning the posting of one adjudicated claim against our claim's lines (issue 17, points 2
// and 3). Pure: the caller reads the lines with their balances, plans, and writes the plan's
// entries in one transaction.
//
// Where each dollar of the payer's answer goes, for the place P the claim was billed to
// (primary, secondary or tertiary):
//   SVC03 / CLP04              an insurance payment from P
//   CO or PI, contractual CARC a contractual adjustment from P (45, 253, A2 ...)
//   PR                         a transfer from P to the next insurance place the encounter has,
//                              else to the patient (deductible, coinsurance, co-pay)
//   OA 23 and negative OA      nothing: the prior payer's impact, already off P
//   any other CO, PI, OA       a denial: the money stays owed at P and a work item is made
// A line may not give away more than it owes at P: such a claim is not posted, with the reason.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/billing/ledger.hpp"
#include "domain/remittances/remittance.hpp"

namespace medoffice::domain::remittances {

/// One of our claim's lines as posting needs it.
struct TargetLine {
  ChargeLineId id;
  std::string code;
  std::vector<std::string> modifiers;
  std::int64_t units = 1;
  Money charge;
  std::optional<Date> serviceDate;
  LineBalance balance;  ///< now, under the account's lock
};

/// Our claim, found by CLP01.
struct PostingTarget {
  ClaimId claimId;
  Responsibility place = Responsibility::kPrimary;  ///< where the claim was billed
  /// Where patient responsibility goes: the next insurance place of the encounter, or the
  /// patient when it has none.
  Responsibility next = Responsibility::kPatient;
  std::vector<TargetLine> lines;  ///< the claim's lines still standing, in line order
};

/// Whether an adjustment of this group and reason is a contractual write-off (CO or PI with
/// 45, 253, A2 ...), never billed to anyone.
bool isContractual(std::string_view group, std::string_view reason);
/// Whether it reports a prior payer's impact (OA 23) or a negative OA: nothing to post.
bool isInformational(std::string_view group, std::string_view reason, Money amount);

/// One ledger entry to write (an insurance payment, a contractual adjustment or a transfer).
struct PlannedEntry {
  ChargeLineId line;
  EntryKind kind = EntryKind::kInsurancePayment;
  Money amount;
  Responsibility from = Responsibility::kPrimary;
  std::optional<Responsibility> to;  ///< transfers only
  std::string reason;                ///< "CO-45", "PR-1", or empty for a payment
  bool operator==(const PlannedEntry&) const = default;
};

/// Money the payer denied on a line (or on the claim as a whole, line unset), which stays owed
/// at the claim's place until someone works it.
struct PlannedDenial {
  ChargeLineId line;
  std::string group;
  std::string carc;
  std::vector<std::string> remarks;
  Money amount;
  bool operator==(const PlannedDenial&) const = default;
};

/// The rule that matched an SVC to our lines, from the surest to the loosest.
enum class MatchKind {
  kControlNumber,  ///< REF*6R named our line
  kCodeModifiers,  ///< code and modifiers (with units and date, or a modifier dropped)
  kCodeCharge,     ///< code and charge
  kCode,           ///< code alone
  kBundle,         ///< one SVC for several of our lines of its code, charged their sum
  kSplit,          ///< a further SVC for a line already answered
};
/// "control_number", "code_modifiers", "code_charge", "code", "bundle", "split".
std::string_view toString(MatchKind k);

/// How one SVC found our lines.
struct LineMatch {
  std::size_t svc = 0;              ///< index into AdjudicatedClaim::lines
  std::vector<ChargeLineId> lines;  ///< one, or several when the payer bundled them
  std::string by;                   ///< "REF*6R", "code, modifiers and units", "code" ...
  MatchKind kind = MatchKind::kControlNumber;
};

/// What the claim's state becomes.
enum class Outcome { kPaid, kPartiallyPaid, kDenied };
std::string_view toString(Outcome o);  ///< "paid", "partially_paid", "denied"

/// The plan for one claim: entries and denials to write, or the reason it cannot be posted.
struct ClaimPlan {
  bool postable = false;
  std::string reason;  ///< why not, in plain English naming the line and the amounts
  std::vector<PlannedEntry> entries;
  std::vector<PlannedDenial> denials;
  std::vector<LineMatch> matches;
  Money paid;         ///< insurance payments
  Money contractual;  ///< contractual adjustments
  Money transferred;  ///< patient responsibility moved to the next place
  Money denied;       ///< left owed at the place, as denials
  Outcome outcome = Outcome::kPaid;
  std::vector<std::string> notes;  ///< lines the payer did not answer, informational amounts
};

/// Plans `claim` (not a reversal: those undo stored entries) against `target`. Lines match by
/// REF*6R first (several SVCs on one line: the payer split it), then by code, modifiers (in any
/// order) and units, then code and modifiers, then the code with modifiers the payer dropped,
/// then the code alone; one SVC whose charge is the sum of several of our lines with its code
/// covers them all (bundled), its amounts shared in proportion to their charges. Claim-level
/// adjustments (and the whole payment of a claim sent back without lines) are applied to the
/// lines in order, each up to what it still owes. Exact to the cent; never forced to balance.
ClaimPlan planClaim(const AdjudicatedClaim& claim, const PostingTarget& target);

}  // namespace medoffice::domain::remittances
