// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/lifecycle.hpp"

#include <string>

namespace medoffice::domain::claims {

namespace {

using S = ClaimState;

bool onWorkList(S s) {
  return s == S::kDraft || s == S::kScrubbed || s == S::kReady || s == S::kRejected;
}

bool remitted(S s) {
  return s == S::kPaid || s == S::kPartiallyPaid || s == S::kDenied;
}

/// Why a refused transition is refused, in words an office can act on.
std::string hint(S from, S to) {
  if (from == S::kClosed) return "a closed claim is final.";
  if (from == S::kCorrected) {
    return "its replacement or void claim supersedes it, and it can only be closed.";
  }
  if (from == S::kAppealed) {
    return "an appealed claim waits for the appeal's remittance (paid, partially paid or "
           "denied), or is closed.";
  }
  if (to == S::kBatched) return "only a ready claim (scrubbed without errors) can be batched.";
  if (to == S::kDraft || to == S::kScrubbed || to == S::kReady) {
    return "a claim that was sent can no longer be edited or scrubbed; correct it with a "
           "replacement or void claim.";
  }
  if (to == S::kCorrected) {
    return "only a claim the payer accepted or decided can be corrected.";
  }
  if (to == S::kAppealed) {
    return "only a claim the payer has decided (paid, partially paid or denied) can be "
           "appealed.";
  }
  if (to == S::kAccepted || to == S::kRejected) {
    return "only a batched claim can be accepted or rejected by an acknowledgement.";
  }
  if (remitted(to)) return "only a claim that was batched or accepted can be paid or denied.";
  if (to == S::kClosed) return "a claim waiting for the payer's answer cannot be closed.";
  return "this change is not part of the claim's lifecycle.";
}

std::string words(S s) {
  std::string out(toString(s));
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

}  // namespace

std::string_view toString(ClaimState s) {
  switch (s) {
    case S::kDraft:
      return "draft";
    case S::kScrubbed:
      return "scrubbed";
    case S::kReady:
      return "ready";
    case S::kBatched:
      return "batched";
    case S::kAccepted:
      return "accepted";
    case S::kRejected:
      return "rejected";
    case S::kPaid:
      return "paid";
    case S::kPartiallyPaid:
      return "partially_paid";
    case S::kDenied:
      return "denied";
    case S::kCorrected:
      return "corrected";
    case S::kAppealed:
      return "appealed";
    case S::kClosed:
      return "closed";
  }
  return "draft";
}

std::optional<ClaimState> parseClaimState(std::string_view s) {
  for (ClaimState c : kAllClaimStates) {
    if (toString(c) == s) return c;
  }
  return std::nullopt;
}

bool canTransition(ClaimState from, ClaimState to) {
  switch (from) {
    case S::kDraft:
    case S::kScrubbed:
    case S::kReady:
    case S::kRejected:
      // Edit, scrub or cancel. A rejected claim never reached adjudication, so it is on the
      // work list like an unsent one.
      if (to == S::kDraft || to == S::kScrubbed || to == S::kReady || to == S::kClosed) {
        return true;
      }
      return from == S::kReady && to == S::kBatched;
    case S::kBatched:
      return to == S::kAccepted || to == S::kRejected || remitted(to);
    case S::kAccepted:
      // A replacement or void may follow a claim the payer took into adjudication.
      return to == S::kRejected || remitted(to) || to == S::kCorrected;
    case S::kPaid:
    case S::kPartiallyPaid:
    case S::kDenied:
      return (remitted(to) && to != from) || to == S::kCorrected || to == S::kAppealed ||
             to == S::kClosed;
    case S::kAppealed:
      return remitted(to) || to == S::kClosed;
    case S::kCorrected:
      return to == S::kClosed;
    case S::kClosed:
      return false;
  }
  return false;
}

Status checkTransition(ClaimState from, ClaimState to) {
  if (canTransition(from, to)) return {};
  std::string message = "A claim that is " + words(from) + " cannot become " + words(to);
  if (from == to) {
    message += ": it is " + words(from) + " already.";
  } else {
    message += ": " + hint(from, to);
  }
  return Error::conflict(std::move(message));
}

bool isEditable(ClaimState s) {
  return onWorkList(s);
}

bool isBatchable(ClaimState s) {
  return s == S::kReady;
}

}  // namespace medoffice::domain::claims
