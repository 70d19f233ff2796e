// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include "integrations/system/system_clock.hpp"

using namespace medoffice;

namespace {
constexpr std::int64_t kMinute = 60'000'000;
domain::Date d(const char* s) {
  return *domain::Date::parse(s);
}
std::string utc(const std::optional<domain::Instant>& t) {
  return t ? t->toString() : "none";
}
}  // namespace

TEST(TimeZones, ConvertsLocalTimesAcrossSpringForwardInNewYork) {
  integrations::SystemTimeZones tz;
  const auto day = d("2026-03-08");  // clocks go from 02:00 EST to 03:00 EDT
  EXPECT_EQ(utc(tz.toUtc("America/New_York", day, 60)), "2026-03-08T06:00:00.000Z");  // 01:00 EST
  EXPECT_EQ(utc(tz.toUtc("America/New_York", day, 150)),
            "2026-03-08T07:00:00.000Z");  // 02:30 does not exist: the jump
  EXPECT_EQ(utc(tz.toUtc("America/New_York", day, 180)), "2026-03-08T07:00:00.000Z");  // 03:00 EDT
  EXPECT_EQ(utc(tz.toUtc("America/New_York", day, 540)), "2026-03-08T13:00:00.000Z");  // 09:00 EDT
  EXPECT_EQ(utc(tz.toUtc("America/New_York", d("2026-03-07"), 540)), "2026-03-07T14:00:00.000Z");
  // The local day is 23 hours long.
  auto midnight = tz.toUtc("America/New_York", day, 0);
  auto next = tz.toUtc("America/New_York", day, 1440);
  ASSERT_TRUE(midnight && next);
  EXPECT_EQ((next->micros() - midnight->micros()) / kMinute, 23 * 60);
}

TEST(TimeZones, ConvertsLocalTimesAcrossFallBackInNewYork) {
  integrations::SystemTimeZones tz;
  const auto day = d("2026-11-01");  // 02:00 EDT becomes 01:00 EST: 01:00-02:00 happens twice
  EXPECT_EQ(utc(tz.toUtc("America/New_York", day, 90)),
            "2026-11-01T05:30:00.000Z");  // first 01:30 (EDT)
  EXPECT_EQ(utc(tz.toUtc("America/New_York", day, 120)), "2026-11-01T07:00:00.000Z");  // 02:00 EST
  EXPECT_EQ(utc(tz.toUtc("America/New_York", day, 540)), "2026-11-01T14:00:00.000Z");  // 09:00 EST
  auto midnight = tz.toUtc("America/New_York", day, 0);
  auto next = tz.toUtc("America/New_York", day, 1440);
  ASSERT_TRUE(midnight && next);
  EXPECT_EQ((next->micros() - midnight->micros()) / kMinute, 25 * 60);
  // Both 01:30s read back as 01:30, with their own offsets.
  const auto edt = *tz.toUtc("America/New_York", day, 90);
  const auto est = domain::Instant::fromMicros(edt.micros() + 60 * kMinute);
  auto a = tz.toLocal("America/New_York", edt);
  auto b = tz.toLocal("America/New_York", est);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->minuteOfDay, 90);
  EXPECT_EQ(a->utcOffsetMinutes, -240);
  EXPECT_EQ(b->minuteOfDay, 90);
  EXPECT_EQ(b->utcOffsetMinutes, -300);
  EXPECT_EQ(b->date, day);
}

TEST(TimeZones, ZonesWithoutDstAndUnknownZones) {
  integrations::SystemTimeZones tz;
  EXPECT_EQ(utc(tz.toUtc("America/Phoenix", d("2026-07-01"), 540)), "2026-07-01T16:00:00.000Z");
  auto local = tz.toLocal("America/Phoenix", *tz.toUtc("America/Phoenix", d("2026-07-01"), 540));
  ASSERT_TRUE(local);
  EXPECT_EQ(local->date, d("2026-07-01"));
  EXPECT_EQ(local->minuteOfDay, 540);
  EXPECT_FALSE(tz.toUtc("Mars/Olympus_Mons", d("2026-07-01"), 540));
  EXPECT_FALSE(tz.toUtc("America/New_York", d("2026-07-01"), 1441));
  EXPECT_FALSE(tz.toLocal("../etc/passwd", domain::Instant()));
}
