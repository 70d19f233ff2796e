// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/lifecycle.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace medoffice::domain::claims {
namespace {

using ::testing::HasSubstr;

// The table, written out by hand: row = from, column = to, in kAllClaimStates order
// (draft, scrubbed, ready, batched, accepted, rejected, paid, partially_paid, denied, corrected,
// appealed, closed). 'x' allowed, '.' refused.
constexpr std::string_view kTable[12] = {
    //          d s r b a j p q n c A C
    "xxx........x",  // draft: edit, scrub, cancel
    "xxx........x",  // scrubbed
    "xxxx.......x",  // ready: and batch
    "....xxxxx...",  // batched: acks, or a remittance without a 277CA
    ".....xxxxx..",  // accepted: a 277CA rejection after a 999 acceptance, the remittance, or a
                     // replacement or void claim
    "xxx........x",  // rejected: back on the work list
    ".......xxxxx",  // paid: re-adjudicated, corrected, appealed, closed
    "......x.xxxx",  // partially_paid
    "......xx.xxx",  // denied
    "...........x",  // corrected
    "......xxx..x",  // appealed
    "............",  // closed: final
};

TEST(ClaimLifecycle, NamesRoundTripAndNothingElseParses) {
  const char* names[] = {"draft", "scrubbed",       "ready",  "batched",   "accepted", "rejected",
                         "paid",  "partially_paid", "denied", "corrected", "appealed", "closed"};
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < kAllClaimStates.size(); ++i) {
    const ClaimState s = kAllClaimStates[i];
    EXPECT_EQ(toString(s), names[i]);
    EXPECT_EQ(parseClaimState(names[i]), s);
    seen.insert(toString(s));
  }
  EXPECT_EQ(seen.size(), 12u);
  for (const char* bad :
       {"", "Draft", "DRAFT", "partially paid", "partially-paid", "draft ", "cancelled", "sent"}) {
    EXPECT_FALSE(parseClaimState(bad).has_value()) << bad;
  }
}

TEST(ClaimLifecycle, EveryPairFollowsTheTable) {
  int allowed = 0;
  for (std::size_t f = 0; f < kAllClaimStates.size(); ++f) {
    for (std::size_t t = 0; t < kAllClaimStates.size(); ++t) {
      const ClaimState from = kAllClaimStates[f];
      const ClaimState to = kAllClaimStates[t];
      const bool expected = kTable[f][t] == 'x';
      EXPECT_EQ(canTransition(from, to), expected) << toString(from) << " -> " << toString(to);
      const Status st = checkTransition(from, to);
      EXPECT_EQ(st.ok(), expected) << toString(from) << " -> " << toString(to);
      if (!st.ok()) {
        EXPECT_EQ(st.error().code, ErrorCode::kConflict);
        std::string fromWords(toString(from));
        std::string toWords(toString(to));
        for (char& c : fromWords) c = c == '_' ? ' ' : c;
        for (char& c : toWords) c = c == '_' ? ' ' : c;
        EXPECT_THAT(st.error().message,
                    HasSubstr("is " + fromWords + " cannot become " + toWords + ": "));
      }
      allowed += expected ? 1 : 0;
    }
  }
  EXPECT_EQ(allowed, 47);
}

TEST(ClaimLifecycle, MessagesSayWhy) {
  EXPECT_EQ(checkTransition(ClaimState::kScrubbed, ClaimState::kBatched).error().message,
            "A claim that is scrubbed cannot become batched: only a ready claim (scrubbed "
            "without errors) can be batched.");
  EXPECT_THAT(checkTransition(ClaimState::kClosed, ClaimState::kDraft).error().message,
              HasSubstr("final"));
  EXPECT_THAT(checkTransition(ClaimState::kBatched, ClaimState::kDraft).error().message,
              HasSubstr("replacement or void"));
  EXPECT_THAT(checkTransition(ClaimState::kBatched, ClaimState::kBatched).error().message,
              HasSubstr("batched already"));
  EXPECT_THAT(checkTransition(ClaimState::kBatched, ClaimState::kClosed).error().message,
              HasSubstr("waiting for the payer"));
  EXPECT_THAT(checkTransition(ClaimState::kPartiallyPaid, ClaimState::kRejected).error().message,
              HasSubstr("A claim that is partially paid cannot become rejected"));
}

TEST(ClaimLifecycle, EditableAndBatchableStates) {
  std::set<ClaimState> editable;
  std::set<ClaimState> batchable;
  for (ClaimState s : kAllClaimStates) {
    if (isEditable(s)) editable.insert(s);
    if (isBatchable(s)) batchable.insert(s);
    // An edit makes the claim a draft again, so every editable state must allow it.
    EXPECT_EQ(isEditable(s), canTransition(s, ClaimState::kDraft)) << toString(s);
    EXPECT_EQ(isBatchable(s), canTransition(s, ClaimState::kBatched)) << toString(s);
  }
  EXPECT_EQ(editable, (std::set<ClaimState>{ClaimState::kDraft, ClaimState::kScrubbed,
                                            ClaimState::kReady, ClaimState::kRejected}));
  EXPECT_EQ(batchable, std::set<ClaimState>{ClaimState::kReady});
}

TEST(ClaimLifecycle, ARejectedClaimGoesRoundAgain) {
  // The story of a rejection: fixed, re-scrubbed, batched again and paid.
  const ClaimState path[] = {ClaimState::kDraft,   ClaimState::kScrubbed, ClaimState::kReady,
                             ClaimState::kBatched, ClaimState::kAccepted, ClaimState::kRejected,
                             ClaimState::kDraft,   ClaimState::kReady,    ClaimState::kBatched,
                             ClaimState::kDenied,  ClaimState::kAppealed, ClaimState::kPaid,
                             ClaimState::kClosed};
  for (std::size_t k = 1; k < std::size(path); ++k) {
    EXPECT_TRUE(checkTransition(path[k - 1], path[k]).ok())
        << toString(path[k - 1]) << " -> " << toString(path[k]);
  }
}

}  // namespace
}  // namespace medoffice::domain::claims
