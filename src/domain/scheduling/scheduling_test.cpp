// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include "domain/scheduling/intervals.hpp"
#include "domain/scheduling/recurrence.hpp"
#include "domain/scheduling/scheduling.hpp"
#include "domain/scheduling/slots.hpp"

using namespace medoffice::domain;

namespace {
constexpr std::int64_t kMinute = 60'000'000;
Instant at(std::int64_t minutes) {
  return Instant::fromMicros(minutes * kMinute);
}
Interval iv(std::int64_t a, std::int64_t b) {
  return {at(a), at(b)};
}
Date d(const char* s) {
  return *Date::parse(s);
}
std::vector<std::string> dates(const Expansion& e) {
  std::vector<std::string> out;
  for (const auto& x : e.dates) out.push_back(x.toString());
  return out;
}
Expansion run(const char* rule, const char* first, int cap = 730,
              const char* horizon = "2030-12-31") {
  auto r = parseRecurrence(rule);
  EXPECT_TRUE(r.ok()) << rule << ": " << (r.ok() ? "" : r.error().message);
  return expand(*r, d(first), cap, d(horizon));
}
}  // namespace

TEST(Intervals, HalfOpenIntervalsOverlapOnlyWhenTheyShareAnInstant) {
  EXPECT_TRUE(iv(0, 30).overlaps(iv(29, 60)));
  EXPECT_FALSE(iv(0, 30).overlaps(iv(30, 60)));  // back to back is not a conflict
  EXPECT_FALSE(iv(30, 60).overlaps(iv(0, 30)));
  EXPECT_TRUE(iv(0, 60).overlaps(iv(10, 20)));
  EXPECT_FALSE(iv(10, 10).overlaps(iv(0, 60)));  // empty
}

TEST(Intervals, SetsMergeSubtractAndIntersect) {
  IntervalSet s({iv(60, 120), iv(0, 30), iv(30, 45), iv(100, 130)});
  ASSERT_EQ(s.intervals().size(), 2u);  // [0,45) and [60,130): touching intervals merge
  EXPECT_EQ(s.intervals()[0], iv(0, 45));
  EXPECT_EQ(s.intervals()[1], iv(60, 130));
  s.add(iv(45, 60));
  ASSERT_EQ(s.intervals().size(), 1u);
  s.subtract(iv(10, 20));
  s.subtract(iv(100, 200));
  ASSERT_EQ(s.intervals().size(), 2u);
  EXPECT_EQ(s.intervals()[0], iv(0, 10));
  EXPECT_EQ(s.intervals()[1], iv(20, 100));
  EXPECT_TRUE(s.covers(iv(20, 100)));
  EXPECT_FALSE(s.covers(iv(5, 25)));
  EXPECT_TRUE(s.overlaps(iv(9, 11)));
  EXPECT_FALSE(s.overlaps(iv(10, 20)));
  IntervalSet other({iv(5, 30), iv(90, 95)});
  auto both = s.intersect(other);
  ASSERT_EQ(both.intervals().size(), 3u);
  EXPECT_EQ(both.intervals()[0], iv(5, 10));
  EXPECT_EQ(both.intervals()[1], iv(20, 30));
  EXPECT_EQ(both.intervals()[2], iv(90, 95));
}

TEST(Intervals, RandomOperationsAgreeWithAMinuteByMinuteModel) {
  std::uint32_t seed = 12345;
  auto rnd = [&](int n) {
    seed = seed * 1103515245U + 12345U;
    return static_cast<int>((seed >> 8) % static_cast<std::uint32_t>(n));
  };
  for (int round = 0; round < 200; ++round) {
    IntervalSet s;
    std::vector<bool> model(200, false);
    for (int op = 0; op < 12; ++op) {
      int a = rnd(190), b = a + 1 + rnd(40);
      b = std::min(b, 200);
      if (rnd(3) == 0) {
        s.subtract(iv(a, b));
        for (int m = a; m < b; ++m) model[static_cast<std::size_t>(m)] = false;
      } else {
        s.add(iv(a, b));
        for (int m = a; m < b; ++m) model[static_cast<std::size_t>(m)] = true;
      }
    }
    std::vector<bool> got(200, false);
    Instant prevEnd = at(-1);
    for (const auto& i : s.intervals()) {
      ASSERT_TRUE(prevEnd < i.start) << "sorted, disjoint and not touching";
      prevEnd = i.end;
      for (auto m = i.start.micros() / kMinute; m < i.end.micros() / kMinute; ++m) {
        got[static_cast<std::size_t>(m)] = true;
      }
    }
    ASSERT_EQ(got, model) << "round " << round;
    for (int q = 0; q < 20; ++q) {
      int a = rnd(199), b = a + 1 + rnd(10);
      b = std::min(b, 200);
      bool any = false, all = true;
      for (int m = a; m < b; ++m) {
        any = any || model[static_cast<std::size_t>(m)];
        all = all && model[static_cast<std::size_t>(m)];
      }
      EXPECT_EQ(s.overlaps(iv(a, b)), any);
      EXPECT_EQ(s.covers(iv(a, b)), all);
    }
  }
}

TEST(AppointmentStatus, FollowsTheFrontDeskFlowAndEndsAtTerminalStates) {
  using S = AppointmentStatus;
  EXPECT_TRUE(canTransition(S::kBooked, S::kConfirmed));
  EXPECT_TRUE(canTransition(S::kBooked, S::kArrived));
  EXPECT_TRUE(canTransition(S::kArrived, S::kRoomed));
  EXPECT_TRUE(canTransition(S::kRoomed, S::kWithProvider));
  EXPECT_TRUE(canTransition(S::kWithProvider, S::kCheckedOut));
  EXPECT_FALSE(canTransition(S::kBooked, S::kCheckedOut));
  EXPECT_FALSE(canTransition(S::kRoomed, S::kArrived));
  EXPECT_FALSE(canTransition(S::kArrived, S::kNoShow));
  for (auto terminal : {S::kCancelled, S::kNoShow, S::kCheckedOut}) {
    for (int to = 0; to < 8; ++to) {
      EXPECT_FALSE(canTransition(terminal, static_cast<S>(to)));
    }
  }
  EXPECT_FALSE(holdsTime(S::kCancelled));
  EXPECT_TRUE(holdsTime(S::kArrived));
  for (int s = 0; s < 8; ++s) {
    auto st = static_cast<S>(s);
    EXPECT_EQ(parseAppointmentStatus(toString(st)), st);
  }
}

TEST(Date, KnowsItsWeekdayAndMonthLength) {
  EXPECT_EQ(d("1970-01-01").weekday(), 4);  // Thursday
  EXPECT_EQ(d("2026-11-26").weekday(), 4);
  EXPECT_EQ(d("2026-03-08").weekday(), 0);  // Sunday
  EXPECT_EQ(d("1969-12-28").weekday(), 0);
  EXPECT_EQ(d("2028-02-10").monthLength(), 29);
  EXPECT_EQ(d("2026-02-10").monthLength(), 28);
}

TEST(Recurrence, ExpandsDailyWeeklyAndMonthlyRules) {
  EXPECT_EQ(dates(run("FREQ=DAILY;INTERVAL=2;COUNT=3", "2026-12-30")),
            (std::vector<std::string>{"2026-12-30", "2027-01-01", "2027-01-03"}));
  // Every other week on Monday and Wednesday, starting on a Wednesday.
  EXPECT_EQ(dates(run("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=4", "2026-12-02")),
            (std::vector<std::string>{"2026-12-02", "2026-12-14", "2026-12-16", "2026-12-28"}));
  // WEEKLY without BYDAY repeats the first date's weekday.
  EXPECT_EQ(dates(run("FREQ=WEEKLY;UNTIL=20261215", "2026-12-01")),
            (std::vector<std::string>{"2026-12-01", "2026-12-08", "2026-12-15"}));
  // The 31st skips the months that have none (RFC 5545).
  EXPECT_EQ(dates(run("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", "2027-01-31")),
            (std::vector<std::string>{"2027-01-31", "2027-03-31", "2027-05-31"}));
  EXPECT_EQ(dates(run("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=2", "2028-01-31")),
            (std::vector<std::string>{"2028-01-31", "2028-02-29"}));
  // Second Tuesday, and the last weekday of the month (BYDAY + BYSETPOS).
  EXPECT_EQ(dates(run("FREQ=MONTHLY;BYDAY=2TU;COUNT=2", "2026-12-01")),
            (std::vector<std::string>{"2026-12-08", "2027-01-12"}));
  EXPECT_EQ(dates(run("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3", "2026-12-01")),
            (std::vector<std::string>{"2026-12-31", "2027-01-29", "2027-02-26"}));
  EXPECT_EQ(dates(run("FREQ=MONTHLY;BYDAY=-1FR;COUNT=1", "2026-12-01")),
            (std::vector<std::string>{"2026-12-25"}));
}

TEST(Recurrence, OpenEndedRulesAreCappedAndSaySo) {
  auto open = run("FREQ=DAILY", "2026-12-01", 10);
  EXPECT_EQ(open.dates.size(), 10u);
  EXPECT_TRUE(open.truncated);
  auto counted = run("FREQ=DAILY;COUNT=10", "2026-12-01", 10);
  EXPECT_EQ(counted.dates.size(), 10u);
  EXPECT_FALSE(counted.truncated);
  auto horizon = run("FREQ=WEEKLY;COUNT=100", "2026-12-01", 730, "2026-12-31");
  EXPECT_EQ(horizon.dates.size(), 5u);
  EXPECT_TRUE(horizon.truncated);
  // A rule that never matches ends instead of looping.
  auto never = run("FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30", "2027-02-01");
  EXPECT_TRUE(never.dates.empty());
}

TEST(Recurrence, RefusesWhatItDoesNotSupportNamingTheRule) {
  for (const char* bad :
       {"", "FREQ=YEARLY", "FREQ=HOURLY", "INTERVAL=2", "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;COUNT=5000", "FREQ=DAILY;COUNT=2;UNTIL=20270101", "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;BYDAY=2TU", "FREQ=DAILY;BYDAY=MO", "FREQ=MONTHLY;BYSETPOS=1",
        "FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=WEEKLY;UNTIL=2027", "FREQ=WEEKLY;BYHOUR=9",
        "FREQ=WEEKLY;INTERVAL=0", "FREQ"}) {
    auto r = parseRecurrence(bad);
    ASSERT_FALSE(r.ok()) << bad;
    ASSERT_EQ(r.error().fields.size(), 1u) << bad;
    EXPECT_EQ(r.error().fields[0].field, "rrule") << bad;
  }
}

namespace {
// A zone fixed at UTC-5 for the slot tests (DST is the TimeZones adapter's job, tested there).
Instant fixedUtc(Date date, int minute) {
  return Instant::fromMicros((date.daysSinceEpoch() * 1440 + minute + 300) * kMinute);
}
AvailabilityRule rule(int from, int to) {
  AvailabilityRule r;
  r.providerId = ProviderId(7);
  r.locationId = LocationId(1);
  r.weekdays = 0x3e;  // Monday-Friday
  r.startMinute = from;
  r.endMinute = to;
  r.effectiveFrom = d("2026-01-01");
  return r;
}
std::vector<std::string> times(const std::vector<Slot>& slots) {
  std::vector<std::string> out;
  for (const auto& s : slots) {
    auto m = (s.start.micros() / kMinute - 300) % 1440;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
    out.emplace_back(buf);
  }
  return out;
}
}  // namespace

TEST(Slots, HonourTemplatesBlocksBookingsBuffersPatientAndRooms) {
  SlotQuery q;
  q.date = d("2026-12-01");  // a Tuesday
  q.locationId = LocationId(1);
  q.type.id = AppointmentTypeId(3);
  q.type.durationMinutes = 30;
  q.stepMinutes = 30;
  q.notBefore = fixedUtc(q.date, 0);
  q.notAfter = fixedUtc(q.date, 1440);
  ProviderDay day;
  day.providerId = ProviderId(7);
  day.rules = {rule(9 * 60, 11 * 60)};
  auto base = slotsForDay(q, day, {}, {}, fixedUtc);
  EXPECT_EQ(times(base), (std::vector<std::string>{"09:00", "09:30", "10:00", "10:30"}));
  // A block from 9:20 to 9:40, a booking at 10:00-10:30 with a 10-minute buffer after it.
  day.blocked = IntervalSet({{fixedUtc(q.date, 560), fixedUtc(q.date, 580)}});
  AppointmentType booked;
  booked.bufferAfterMinutes = 10;
  day.busy = IntervalSet({withBuffers({fixedUtc(q.date, 600), fixedUtc(q.date, 630)}, booked)});
  EXPECT_EQ(times(slotsForDay(q, day, {}, {}, fixedUtc)), (std::vector<std::string>{}))
      << "9:00 and 9:30 hit the block, 10:00 the booking, 10:30 its buffer";
  day.busy = {};
  day.blocked = {};
  // The patient is elsewhere at 9:00-9:45; the only room is taken at 10:30.
  IntervalSet patient({{fixedUtc(q.date, 540), fixedUtc(q.date, 585)}});
  std::vector<IntervalSet> rooms = {IntervalSet({{fixedUtc(q.date, 630), fixedUtc(q.date, 660)}})};
  EXPECT_EQ(times(slotsForDay(q, day, patient, rooms, fixedUtc)),
            (std::vector<std::string>{"10:00"}));
  q.type.requiresRoom = false;  // telehealth
  EXPECT_EQ(times(slotsForDay(q, day, patient, rooms, fixedUtc)),
            (std::vector<std::string>{"10:00", "10:30"}));
  // Time of day preference, types the rule does not allow, weekends, other providers' types.
  q.startWithin = std::pair{600, 660};
  EXPECT_EQ(times(slotsForDay(q, day, {}, {}, fixedUtc)),
            (std::vector<std::string>{"10:00", "10:30"}));
  day.rules[0].appointmentTypeIds = {AppointmentTypeId(4)};
  EXPECT_TRUE(slotsForDay(q, day, {}, {}, fixedUtc).empty());
  day.rules[0].appointmentTypeIds = {};
  q.date = d("2026-12-05");  // Saturday
  EXPECT_TRUE(slotsForDay(q, day, {}, {}, fixedUtc).empty());
  q.date = d("2026-12-01");
  q.type.providerIds = {ProviderId(8)};
  EXPECT_TRUE(slotsForDay(q, day, {}, {}, fixedUtc).empty());
}

TEST(SchedulingValidation, NamesTheFields) {
  AppointmentType t;
  t.durationMinutes = 0;
  t.colour = "blue";
  t.defaultCptCodes = {"99213", "G0438", "12"};
  auto e = validate(t);
  std::vector<std::string> fields;
  for (const auto& f : e) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"name", "duration_minutes", "colour",
                                              "default_cpt_codes[2]"}));
  AvailabilityRule r = rule(600, 600);
  r.weekdays = 0;
  auto re = validate(r);
  ASSERT_EQ(re.size(), 2u);
  EXPECT_EQ(re[0].field, "weekdays");
  EXPECT_EQ(re[1].field, "end_time");
  auto te = validateTimes(at(100), at(100), at(1000));
  ASSERT_EQ(te.size(), 1u);
  EXPECT_EQ(te[0].field, "end");
  EXPECT_EQ(validateTimes(at(2000), at(2030), at(1000)).at(0).field, "start");
}
