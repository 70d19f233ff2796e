// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include <limits>

#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

TEST(Money, FormatsTheExtremesWithoutOverflow) {
  // -INT64_MIN overflows: the scrubber's engineer found toString negating it (regression).
  EXPECT_EQ(Money::fromCents(std::numeric_limits<std::int64_t>::min()).toString(),
            "-92233720368547758.08");
  EXPECT_EQ(Money::fromCents(std::numeric_limits<std::int64_t>::max()).toString(),
            "92233720368547758.07");
  EXPECT_EQ(Money::fromCents(-5).toString(), "-0.05");
}

TEST(Money, ParsesAndFormatsExactly) {
  EXPECT_EQ(Money::parse("12")->cents(), 1200);
  EXPECT_EQ(Money::parse("12.3")->cents(), 1230);
  EXPECT_EQ(Money::parse("12.34")->cents(), 1234);
  EXPECT_EQ(Money::parse("-0.50")->cents(), -50);
  EXPECT_EQ(Money::parse(".5")->cents(), 50);
  EXPECT_FALSE(Money::parse("12.345"));
  EXPECT_FALSE(Money::parse("1e3"));
  EXPECT_FALSE(Money::parse(""));
  EXPECT_FALSE(Money::parse("-"));
  EXPECT_FALSE(Money::parse("12."));
  EXPECT_FALSE(Money::parse("999999999999999"));
  EXPECT_EQ(Money::fromCents(-123450).toString(), "-1234.50");
  EXPECT_EQ(Money::fromCents(5).toString(), "0.05");
  EXPECT_EQ((Money::fromCents(10) + Money::fromCents(5) - Money::fromCents(20)).cents(), -5);
}

TEST(Date, ParsesRealDatesOnly) {
  EXPECT_EQ(Date::parse("2024-02-29")->toString(), "2024-02-29");
  EXPECT_FALSE(Date::parse("2023-02-29"));
  EXPECT_FALSE(Date::parse("2023-13-01"));
  EXPECT_FALSE(Date::parse("2023-1-01"));
  EXPECT_FALSE(Date::parse("1799-12-31"));
  EXPECT_FALSE(Date::parse("2023-01-01T00:00"));
  EXPECT_FALSE(Date::parse("２０２３-01-01"));
}

TEST(Date, DaysRoundTripAndAge) {
  for (std::int64_t d = -80000; d < 80000; d += 97) {
    EXPECT_EQ(Date::fromDaysSinceEpoch(d).daysSinceEpoch(), d);
  }
  EXPECT_EQ(Date::parse("1970-01-01")->daysSinceEpoch(), 0);
  auto born = *Date::parse("1980-02-29");
  EXPECT_EQ(born.ageOn(*Date::parse("2024-02-28")), 43);
  EXPECT_EQ(born.ageOn(*Date::parse("2024-02-29")), 44);
}

TEST(Instant, FormatsUtc) {
  EXPECT_EQ(Instant::fromMicros(0).toString(), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(Instant::fromMicros(1'700'000'000'123'456).toString(), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(Instant::fromMicros(-1).toString(), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(Instant::fromMicros(1'700'000'000'000'000).utcDate().toString(), "2023-11-14");
}

}  // namespace medoffice::domain

TEST(Instant, ParsesRfc3339WithOffsetsAndFractions) {
  using medoffice::domain::Instant;
  EXPECT_EQ(Instant::parse("2026-12-01T15:00:00Z")->toString(), "2026-12-01T15:00:00.000Z");
  EXPECT_EQ(Instant::parse("2026-12-01T09:00:00-06:00")->toString(), "2026-12-01T15:00:00.000Z");
  EXPECT_EQ(Instant::parse("2026-12-01T23:30:00.25+05:30")->toString(), "2026-12-01T18:00:00.250Z");
  EXPECT_EQ(Instant::parse("2026-12-01T15:00:00.123456Z")->micros() % 1'000'000, 123456);
  for (const char* bad : {"2026-12-01", "2026-12-01T15:00Z", "2026-12-01 15:00:00Z",
                          "2026-02-30T15:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T15:00:00",
                          "2026-12-01T15:00:00+0600", "2026-12-01T15:00:00.Z", "x"}) {
    EXPECT_FALSE(Instant::parse(bad).has_value()) << bad;
  }
}
