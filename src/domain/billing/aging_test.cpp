// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/aging.hpp"

#include <gtest/gtest.h>

namespace medoffice::domain {
namespace {

Date d(const char* s) {
  return *Date::parse(s);
}

TEST(Aging, BucketEdgesAreInclusiveOfTheirUpperDay) {
  EXPECT_EQ(bucketFor(-3), AgingBucket::k0To30);
  EXPECT_EQ(bucketFor(0), AgingBucket::k0To30);
  EXPECT_EQ(bucketFor(30), AgingBucket::k0To30);
  EXPECT_EQ(bucketFor(31), AgingBucket::k31To60);
  EXPECT_EQ(bucketFor(60), AgingBucket::k31To60);
  EXPECT_EQ(bucketFor(61), AgingBucket::k61To90);
  EXPECT_EQ(bucketFor(90), AgingBucket::k61To90);
  EXPECT_EQ(bucketFor(91), AgingBucket::k91To120);
  EXPECT_EQ(bucketFor(120), AgingBucket::k91To120);
  EXPECT_EQ(bucketFor(121), AgingBucket::kOver120);
  EXPECT_EQ(bucketKey(AgingBucket::kOver120), "120_plus");
}

TEST(Aging, FoldsCellsByPayerAsOfADate) {
  std::vector<ArCell> cells = {
      {d("2026-12-01"), 7, Money::fromCents(10000)},  // 3 days
      {d("2026-10-05"), 7, Money::fromCents(2500)},   // 60 days
      {d("2026-10-04"), 0, Money::fromCents(1999)},   // 61 days
      {d("2026-07-01"), 0, Money::fromCents(1)},      // 156 days
      {d("2026-11-01"), 9, Money::fromCents(0)},      // zero: no row
  };
  auto byPayer = agingByPayer(cells, d("2026-12-04"));
  ASSERT_EQ(byPayer.size(), 2u);
  EXPECT_EQ(byPayer[7].of(AgingBucket::k0To30).cents(), 10000);
  EXPECT_EQ(byPayer[7].of(AgingBucket::k31To60).cents(), 2500);
  EXPECT_EQ(byPayer[0].of(AgingBucket::k61To90).cents(), 1999);
  EXPECT_EQ(byPayer[0].of(AgingBucket::kOver120).cents(), 1);
  EXPECT_EQ(byPayer[7].total().cents(), 12500);
  Aging all;
  for (const auto& [payer, a] : byPayer) all += a;
  EXPECT_EQ(all.total().cents(), 14500);
}

TEST(Aging, CyclesSpreadAccountsAndKeyTheMonth) {
  EXPECT_EQ(cycleDayOf(GuarantorAccountId(1), std::nullopt), 1);
  EXPECT_EQ(cycleDayOf(GuarantorAccountId(28), std::nullopt), 28);
  EXPECT_EQ(cycleDayOf(GuarantorAccountId(29), std::nullopt), 1);
  EXPECT_EQ(cycleDayOf(GuarantorAccountId(29), 15), 15);
  EXPECT_EQ(cycleKey(d("2026-12-04"), 5), "2026-12/05");
  EXPECT_EQ(cycleKey(d("2026-12-04"), std::nullopt), "2026-12/all");
}

TEST(Aging, MessagesHardenWithAge) {
  EXPECT_NE(statementMessage(10).find("Thank you"), std::string::npos);
  EXPECT_NE(statementMessage(45).find("30 days"), std::string::npos);
  EXPECT_NE(statementMessage(75).find("past due"), std::string::npos);
  EXPECT_NE(statementMessage(200).find("FINAL NOTICE"), std::string::npos);
}

}  // namespace
}  // namespace medoffice::domain
