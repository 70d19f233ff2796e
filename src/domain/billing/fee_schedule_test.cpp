// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/fee_schedule.hpp"

#include <gtest/gtest.h>

namespace medoffice::domain {
namespace {

FeeScheduleEntry price(const char* code, const char* modifier, std::int64_t cents, const char* from,
                       std::optional<const char*> to = std::nullopt) {
  FeeScheduleEntry e;
  e.code = code;
  e.modifier = modifier;
  e.amount = Money::fromCents(cents);
  e.effectiveFrom = *Date::parse(from);
  if (to) e.effectiveTo = *Date::parse(*to);
  return e;
}

Date on(const char* d) {
  return *Date::parse(d);
}

TEST(FeeSchedule, TheEntryThatTookEffectLastWins) {
  const std::vector<FeeScheduleEntry> fees{price("99213", "", 11000, "2025-01-01"),
                                           price("99213", "", 12500, "2026-01-01")};
  EXPECT_EQ(priceOn(fees, "99213", {}, on("2025-06-30")), Money::fromCents(11000));
  EXPECT_EQ(priceOn(fees, "99213", {}, on("2026-01-01")), Money::fromCents(12500));
  EXPECT_EQ(priceOn(fees, "99213", {}, on("2024-12-31")), std::nullopt);
  EXPECT_EQ(priceOn(fees, "99214", {}, on("2026-01-01")), std::nullopt);
}

TEST(FeeSchedule, AModifiersOwnPriceBeatsThePlainOne) {
  // The professional component (26) of an ECG interpretation is priced apart.
  const std::vector<FeeScheduleEntry> fees{price("93000", "", 6000, "2026-01-01"),
                                           price("93000", "26", 2000, "2026-01-01"),
                                           price("93000", "TC", 4000, "2026-01-01", "2026-06-30")};
  EXPECT_EQ(priceOn(fees, "93000", {}, on("2026-03-01")), Money::fromCents(6000));
  EXPECT_EQ(priceOn(fees, "93000", {"59", "26"}, on("2026-03-01")), Money::fromCents(2000));
  EXPECT_EQ(priceOn(fees, "93000", {"TC"}, on("2026-03-01")), Money::fromCents(4000));
  // After its end date the TC price no longer applies: the plain fee does.
  EXPECT_EQ(priceOn(fees, "93000", {"TC"}, on("2026-07-01")), Money::fromCents(6000));
}

TEST(FeeSchedule, AnArchivedEntryPricesNothing) {
  std::vector<FeeScheduleEntry> fees{price("99213", "", 11000, "2025-01-01"),
                                     price("99213", "", 12500, "2026-01-01")};
  fees[1].active = false;
  EXPECT_EQ(priceOn(fees, "99213", {}, on("2026-03-01")), Money::fromCents(11000));
  fees[0].active = false;
  EXPECT_EQ(priceOn(fees, "99213", {}, on("2026-03-01")), std::nullopt);
}

TEST(FeeSchedule, ValidationNamesTheField) {
  auto e = price("g0439", "qw", 1, "2026-01-01");
  EXPECT_TRUE(validate(e).empty());
  EXPECT_EQ(e.code, "G0439");
  EXPECT_EQ(e.modifier, "QW");
  auto bad = price("9921", "5", 0, "2026-01-01", "2025-12-31");
  std::vector<std::string> fields;
  for (const auto& f : validate(bad)) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"code", "modifier", "amount_cents", "effective_to"}));
}

}  // namespace
}  // namespace medoffice::domain
