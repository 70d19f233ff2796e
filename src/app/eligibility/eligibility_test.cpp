// SPDX-License-Identifier: AGPL-3.0-or-later
// What a 271 comes to for the desk (judge), and the bound on checks waiting at once.
#include <gtest/gtest.h>

#include "app/eligibility/eligibility.hpp"

namespace medoffice::app::eligibility {
namespace {

using Cov = EligibilityAnswer::Coverage;

EligibilityAnswer answer(Cov c, std::vector<std::string> rejections = {}, bool retry = false) {
  EligibilityAnswer a;
  a.coverage = c;
  a.rejections = std::move(rejections);
  a.retryable = retry;
  return a;
}

TEST(EligibilityJudge, APayersAnswerIsKeptAsTheDaysAnswer) {
  auto active = judge(answer(Cov::kActive));
  EXPECT_EQ(active.state, EligibilityState::kActive);
  EXPECT_TRUE(active.reason.empty());
  EXPECT_TRUE(active.reusable);
  auto inactive = judge(answer(Cov::kInactive));
  EXPECT_EQ(inactive.state, EligibilityState::kInactive);
  EXPECT_TRUE(inactive.reusable);
  // Active overall, with a remark about one service type: active, the remark kept.
  auto remark = judge(answer(Cov::kActive, {"service type not covered (AB)"}));
  EXPECT_EQ(remark.state, EligibilityState::kActive);
  EXPECT_EQ(remark.reason, "service type not covered (AB)");
}

TEST(EligibilityJudge, RejectionsAreRejectedAndOnlyFinalOnesAreKept) {
  auto final = judge(answer(Cov::kUnknown, {"subscriber id invalid (72)", "name (73)"}));
  EXPECT_EQ(final.state, EligibilityState::kRejected);
  EXPECT_EQ(final.reason, "subscriber id invalid (72); name (73)");
  EXPECT_TRUE(final.reusable);
  auto later = judge(answer(Cov::kUnknown, {"unable to respond now (42)"}, true));
  EXPECT_EQ(later.state, EligibilityState::kRejected);
  EXPECT_FALSE(later.reusable) << "a payer that asks to be asked again is asked again";
}

TEST(EligibilityJudge, AnAnswerThatSaysNothingIsAFailure) {
  auto v = judge(answer(Cov::kUnknown));
  EXPECT_EQ(v.state, EligibilityState::kFailed);
  EXPECT_FALSE(v.reusable);
  EXPECT_NE(v.reason.find("neither"), std::string::npos);
}

TEST(EligibilityStates, NamesRoundTrip) {
  for (auto s :
       {EligibilityState::kActive, EligibilityState::kInactive, EligibilityState::kRejected,
        EligibilityState::kFailed, EligibilityState::kTimedOut}) {
    EXPECT_EQ(parseEligibilityState(toString(s)), s);
  }
  EXPECT_EQ(toString(EligibilityState::kTimedOut), "timed_out");
  EXPECT_FALSE(parseEligibilityState("pending").has_value());
}

TEST(InFlightLimit, RefusesBeyondItsBoundAndFreesPlaces) {
  InFlightLimit limit(2);
  EXPECT_TRUE(limit.tryAcquire());
  EXPECT_TRUE(limit.tryAcquire());
  EXPECT_FALSE(limit.tryAcquire());
  limit.release();
  EXPECT_TRUE(limit.tryAcquire());
}

}  // namespace
}  // namespace medoffice::app::eligibility
