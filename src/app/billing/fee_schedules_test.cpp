// SPDX-License-Identifier: AGPL-3.0-or-later
// planImport is the decision of an import without storage; the contract suite
// (tests/contract/fee_schedule_contract_test.cpp) runs the whole import on both engines.
#include "app/billing/fee_schedules.hpp"

#include <gtest/gtest.h>

namespace medoffice::app::fees {
namespace {

using domain::FeeScheduleEntry;
using domain::Money;

const domain::OrganizationId kOrg(1);
const domain::PayerId kPayer(7);

FeeScheduleEntry fee(const char* code, const char* modifier, std::int64_t cents, const char* from,
                     std::optional<const char*> to = std::nullopt) {
  FeeScheduleEntry e;
  e.code = code;
  e.modifier = modifier;
  e.amount = Money::fromCents(cents);
  e.effectiveFrom = *domain::Date::parse(from);
  if (to) e.effectiveTo = *domain::Date::parse(*to);
  return e;
}

FeeScheduleEntry stored(std::int64_t id, FeeScheduleEntry e) {
  e.id = domain::FeeScheduleEntryId(id);
  e.organizationId = kOrg;
  e.payerId = kPayer;
  e.meta.version = 3;
  return e;
}

std::vector<ImportRow> rows(std::vector<FeeScheduleEntry> entries) {
  std::vector<ImportRow> out;
  std::size_t line = 2;
  for (auto& e : entries) out.push_back({std::move(e), line++});
  return out;
}

TEST(FeeImportPlan, AddsNewKeysUpdatesChangedOnesAndLeavesTheRest) {
  const std::vector<FeeScheduleEntry> schedule{
      stored(1, fee("99213", "", 11000, "2025-01-01")),
      stored(2, fee("99214", "", 16000, "2025-01-01")),
      stored(3, fee("93000", "26", 2000, "2025-01-01")),
      stored(4, fee("G0439", "", 17000, "2025-01-01")),
  };
  const auto plan = planImport(kOrg, kPayer,
                               rows({fee("99213", "", 11000, "2025-01-01"),  // the same
                                     fee("99214", "", 16500, "2025-01-01"),  // new amount
                                     fee("93000", "26", 2000, "2025-01-01", "2025-12-31"),  // ends
                                     fee("99213", "", 12500, "2026-01-01"),      // new year
                                     fee("99215", "25", 21000, "2026-01-01")}),  // new code
                               schedule);
  ASSERT_TRUE(plan.problems.empty()) << plan.problems[0].message;
  EXPECT_EQ(plan.summary.added, 2);
  EXPECT_EQ(plan.summary.changed, 2);
  EXPECT_EQ(plan.summary.unchanged, 1);
  EXPECT_EQ(plan.summary.untouched, 1);  // G0439 is not in the file: left alone
  ASSERT_EQ(plan.updates.size(), 2u);
  EXPECT_EQ(plan.updates[0].id.value, 2);
  EXPECT_EQ(plan.updates[0].amount, Money::fromCents(16500));
  EXPECT_EQ(plan.updates[0].meta.version, 3) << "updated with the version read";
  EXPECT_EQ(plan.updates[1].id.value, 3);
  EXPECT_EQ(plan.updates[1].effectiveTo->toString(), "2025-12-31");
  ASSERT_EQ(plan.inserts.size(), 2u);
  for (const auto& e : plan.inserts) {
    EXPECT_EQ(e.organizationId, kOrg);
    EXPECT_EQ(e.payerId, kPayer);
    EXPECT_TRUE(e.active);
    EXPECT_FALSE(e.id.valid());
  }
}

TEST(FeeImportPlan, TheSameFileAgainChangesNothing) {
  auto first = planImport(kOrg, kPayer, rows({fee("99213", "", 11000, "2025-01-01")}), {});
  ASSERT_EQ(first.inserts.size(), 1u);
  const auto again = planImport(kOrg, kPayer, rows({fee("99213", "", 11000, "2025-01-01")}),
                                {stored(9, first.inserts[0])});
  EXPECT_TRUE(again.inserts.empty());
  EXPECT_TRUE(again.updates.empty());
  EXPECT_EQ(again.summary.unchanged, 1);
}

TEST(FeeImportPlan, ProblemsNameTheLineAndTheColumn) {
  const auto plan =
      planImport(kOrg, {},
                 rows({fee("99213", "", 11000, "2025-01-01"), fee("9921", "", 0, "2025-01-01"),
                       fee("99213", "", 12000, "2025-01-01")}),
                 {});
  ASSERT_EQ(plan.problems.size(), 3u);
  EXPECT_EQ(plan.problems[0].field, "code");
  EXPECT_EQ(plan.problems[0].message, "line 3: must be a 5-character CPT or HCPCS code");
  EXPECT_EQ(plan.problems[1].field, "amount");
  EXPECT_EQ(plan.problems[1].message, "line 3: must be more than zero");
  EXPECT_EQ(plan.problems[2].field, "code");
  EXPECT_EQ(plan.problems[2].message,
            "line 4: 99213 without a modifier from 2025-01-01 is listed again (first on line 2)");
  EXPECT_TRUE(plan.inserts.empty());
}

TEST(FeeImportPlan, AtMostTwentyProblemsAreListed) {
  std::vector<FeeScheduleEntry> bad(30, fee("99213", "", -1, "2025-01-01"));
  EXPECT_EQ(planImport(kOrg, {}, rows(bad), {}).problems.size(), 20u);
}

}  // namespace
}  // namespace medoffice::app::fees
