// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The claim's state machine (issue 16), with the explicit transitions of DESIGN.md §4: an illegal
// transition is an error, never a silent overwrite. The main road is
// draft → scrubbed or ready → batched → accepted → paid, partially_paid or denied → closed;
// a rejected claim returns to the work list, and a decided one may be corrected or appealed.
// canTransition() lists every allowed pair.

#include <array>
#include <optional>
#include <string_view>

#include "domain/common/error.hpp"
#include "domain/common/result.hpp"

namespace medoffice::domain::claims {

enum class ClaimState {
  kDraft,          ///< built (or edited) and not scrubbed since its last change
  kScrubbed,       ///< scrubbed with at least one error finding: cannot be batched
  kReady,          ///< scrubbed without errors: may be batched
  kBatched,        ///< written into a batch file
  kAccepted,       ///< accepted by a 999 or a 277CA
  kRejected,       ///< rejected by a 999 or a 277CA: back on the work list
  kPaid,           ///< the remittance paid it in full
  kPartiallyPaid,  ///< the remittance paid part of it
  kDenied,         ///< the remittance paid nothing
  kCorrected,      ///< a replacement or void claim was made for it
  kAppealed,       ///< the payer's decision is appealed
  kClosed,         ///< final: settled, superseded or cancelled
};

inline constexpr std::array<ClaimState, 12> kAllClaimStates = {
    ClaimState::kDraft,     ClaimState::kScrubbed,      ClaimState::kReady,
    ClaimState::kBatched,   ClaimState::kAccepted,      ClaimState::kRejected,
    ClaimState::kPaid,      ClaimState::kPartiallyPaid, ClaimState::kDenied,
    ClaimState::kCorrected, ClaimState::kAppealed,      ClaimState::kClosed};

/// The snake_case name stored and shown: `draft`, `partially_paid`, `closed`...
std::string_view toString(ClaimState s);
/// The state named `s` exactly (toString's names); nullopt for anything else.
std::optional<ClaimState> parseClaimState(std::string_view s);

/// True when a claim in state `from` may move to `to`:
/// - draft, scrubbed, ready, rejected → draft (edited), scrubbed or ready (scrubbed again: a
///   re-scrub that finds the same outcome is a transition to the same state);
/// - draft, scrubbed, ready, rejected → closed (cancelled before reaching the payer's
///   adjudication, e.g. the encounter was corrected before sending);
/// - ready → batched;
/// - batched → accepted or rejected (999 or 277CA); accepted → rejected (a 999 accepts the file,
///   then the 277CA rejects the claim);
/// - batched, accepted → paid, partially_paid or denied (the remittance; from batched because
///   some payers send no 277CA); paid, partially_paid, denied → one another (a later 835
///   reverses and re-adjudicates the claim);
/// - accepted → corrected (a replacement or void claim for a claim in adjudication);
/// - paid, partially_paid, denied → corrected, appealed or closed;
/// - appealed → paid, partially_paid or denied (the appeal's remittance) or closed;
/// - corrected → closed.
/// Nothing leaves closed. Every other pair, including any other state to itself, is refused.
bool canTransition(ClaimState from, ClaimState to);

/// OK when canTransition(from, to); otherwise a kConflict Error whose message names both states
/// in plain words ("A claim that is batched cannot become draft: ...").
Status checkTransition(ClaimState from, ClaimState to);

/// True for the states in which the claim's content may be changed (draft, scrubbed, ready,
/// rejected). A change makes it draft again.
bool isEditable(ClaimState s);

/// True only for ready: the one state a claim may be put in a batch from.
bool isBatchable(ClaimState s);

}  // namespace medoffice::domain::claims
