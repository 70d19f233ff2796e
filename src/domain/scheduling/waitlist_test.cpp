// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/scheduling/waitlist.hpp"

#include <gtest/gtest.h>

namespace medoffice::domain {
namespace {

WaitlistEntry entry() {
  WaitlistEntry e;
  e.patientId = PatientId(1);
  e.appointmentTypeId = AppointmentTypeId(2);
  e.locationId = LocationId(3);
  e.windowFrom = *Date::parse("2026-12-01");
  e.windowTo = *Date::parse("2026-12-31");
  e.weekdays = 0b0010100;  // Tuesday, Thursday
  e.timeFrom = 9 * 60;
  e.timeTo = 12 * 60;
  e.providerIds = {ProviderId(7)};
  return e;
}

TEST(Waitlist, WantsOnlyWhatItsConstraintsAllow) {
  const WaitlistEntry e = entry();
  const Date tuesday = *Date::parse("2026-12-08");
  ASSERT_EQ(tuesday.weekday(), 2);
  EXPECT_TRUE(e.wants(ProviderId(7), LocationId(3), tuesday, 9 * 60));
  EXPECT_TRUE(e.wants(ProviderId(7), LocationId(3), tuesday, 11 * 60 + 59));
  EXPECT_FALSE(e.wants(ProviderId(7), LocationId(3), tuesday, 12 * 60)) << "time_to is exclusive";
  EXPECT_FALSE(e.wants(ProviderId(7), LocationId(3), tuesday, 8 * 60 + 59));
  EXPECT_FALSE(e.wants(ProviderId(8), LocationId(3), tuesday, 10 * 60)) << "another provider";
  EXPECT_FALSE(e.wants(ProviderId(7), LocationId(4), tuesday, 10 * 60)) << "another location";
  EXPECT_FALSE(e.wants(ProviderId(7), LocationId(3), tuesday.plusDays(1), 10 * 60)) << "Wednesday";
  EXPECT_FALSE(e.wants(ProviderId(7), LocationId(3), *Date::parse("2027-01-05"), 10 * 60))
      << "after the window";
  EXPECT_FALSE(e.wants(ProviderId(7), LocationId(3), *Date::parse("2026-11-26"), 10 * 60))
      << "before the window";
  WaitlistEntry any = e;
  any.providerIds.clear();
  EXPECT_TRUE(any.wants(ProviderId(99), LocationId(3), tuesday, 10 * 60));
  any.status = WaitlistStatus::kBooked;
  EXPECT_FALSE(any.wants(ProviderId(99), LocationId(3), tuesday, 10 * 60)) << "not waiting";
}

TEST(Waitlist, ValidationNamesEachField) {
  WaitlistEntry e = entry();
  EXPECT_TRUE(validate(e).empty());
  e.weekdays = 0;
  e.timeTo = e.timeFrom;
  e.windowTo = *Date::parse("2026-11-30");
  e.priority = 0;
  std::vector<std::string> fields;
  for (const auto& f : validate(e)) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"weekdays", "time_to", "window_to", "priority"}));
  WaitlistEntry longWindow = entry();
  longWindow.windowTo = *Date::parse("2028-01-01");
  ASSERT_EQ(validate(longWindow).size(), 1U);
  EXPECT_EQ(validate(longWindow)[0].field, "window_to");
}

TEST(Waitlist, StatusesRoundTrip) {
  for (auto s : {WaitlistStatus::kWaiting, WaitlistStatus::kBooked, WaitlistStatus::kRemoved}) {
    EXPECT_EQ(parseWaitlistStatus(toString(s)), s);
  }
  for (auto s :
       {OfferStatus::kOpen, OfferStatus::kBooked, OfferStatus::kDeclined, OfferStatus::kTaken}) {
    EXPECT_EQ(parseOfferStatus(toString(s)), s);
  }
  EXPECT_FALSE(parseOfferStatus("OPEN"));
}

}  // namespace
}  // namespace medoffice::domain
