// SPDX-License-Identifier: AGPL-3.0-or-later
// The scheduling metrics report on every backend, on one hand-computed scenario: two providers
// at Main (America/Chicago) and one of them also at East (America/New_York), weekly rules less
// blocks, visits of every outcome with arrival and roomed times, over Monday 2026-11-30 and
// Tuesday 2026-12-01 (local days: a visit late on the Sunday before, which is Monday in UTC,
// and one on the Wednesday after are outside).
#include <gtest/gtest.h>

#include <algorithm>

#include "app/billing/scheduling_report.hpp"
#include "app/registry.hpp"
#include "codecs/reports/scheduling_report_codec.hpp"
#include "integrations/system/system_clock.hpp"
#include "storage/sql/repositories.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace reg = app::registry;
namespace bill = app::billing;
using app::Repositories;

constexpr std::int64_t kMinute = 60'000'000;
constexpr const char* kChicago = "America/Chicago";
constexpr const char* kNewYork = "America/New_York";

std::string why(const Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += " " + f.field + ": " + f.message + ";";
  return out;
}

class SchedulingReport : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("schedrep_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
    auto ok = db_->write([&](Repositories& r) -> Status {
      Organization o;
      o.legalName = "Prairie Medicine";
      o.npi = "1245678903";
      o.tin = "36-4455667";
      o.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
      auto org = reg::createOrganization(r, now(), o);
      if (!org) return org.error();
      org_ = org->id;
      for (auto [locName, zone] : {std::pair{"Main", kChicago}, std::pair{"East", kNewYork}}) {
        Location l;
        l.name = locName;
        l.address = {"1 Main St", "", "Springfield", "IL", "62701"};
        l.placeOfService = "11";
        l.timeZone = zone;
        auto loc = reg::createLocation(r, tz_, now(), org_, l);
        if (!loc) return loc.error();
        locations_.push_back(loc->id);
      }
      for (auto [given, npi] : {std::pair{"Adaeze", "1234567893"}, std::pair{"Bo", "1245319599"}}) {
        Provider p;
        p.familyName = "Okafor";
        p.givenName = given;
        p.credentials = "MD";
        p.npi = npi;
        p.locationIds = locations_;
        auto prov = reg::createProvider(r, now(), org_, p);
        if (!prov) return prov.error();
        providers_.push_back(prov->id);
      }
      Patient p;
      p.familyName = "Doe";
      p.givenName = "Ann";
      p.birthDate = *Date::parse("1980-02-03");
      p.sex = "female";
      auto patient = reg::registerPatient(r, now(), org_, p);
      if (!patient) return patient.error();
      patient_ = patient->patient.id;
      AppointmentType t;
      t.organizationId = org_;
      t.name = "Follow-up";
      t.durationMinutes = 30;
      auto type = r.scheduling().insertType(t, now());
      if (!type) return type.error();
      type_ = type->id;
      return {};
    });
    ASSERT_TRUE(ok.ok()) << why(ok.error());
  }

  Instant now() const { return now_; }
  /// The instant of a local date and hh:mm (plus seconds) at a location's zone.
  Instant local(const char* zone, const Date& d, int hh, int mm, int ss = 0) const {
    return Instant::fromMicros(tz_.toUtc(zone, d, hh * 60 + mm)->micros() + ss * 1'000'000);
  }

  void rule(int provider, int location, WeekdaySet days, int fromMinute, int toMinute) {
    auto ok = db_->write([&](Repositories& r) -> Status {
      AvailabilityRule a;
      a.organizationId = org_;
      a.providerId = providers_.at(provider);
      a.locationId = locations_.at(location);
      a.weekdays = days;
      a.startMinute = fromMinute;
      a.endMinute = toMinute;
      a.effectiveFrom = *Date::parse("2026-01-01");
      auto in = r.scheduling().insertRule(a, now());
      return in ? Status{} : Status(in.error());
    });
    ASSERT_TRUE(ok.ok()) << why(ok.error());
  }

  void block(ProviderId provider, LocationId location, Instant start, Instant end) {
    auto ok = db_->write([&](Repositories& r) -> Status {
      ScheduleBlock b;
      b.organizationId = org_;
      b.kind = BlockKind::kBlock;
      b.providerId = provider;
      b.locationId = location;
      b.start = start;
      b.end = end;
      b.reason = "meeting";
      auto in = r.scheduling().insertBlock(b, now());
      return in ? Status{} : Status(in.error());
    });
    ASSERT_TRUE(ok.ok()) << why(ok.error());
  }

  /// A visit of `minutes` at `start`, ending in `status`; arrival and roomed times when given.
  void visit(int provider, int location, Instant start, int minutes, AppointmentStatus status,
             std::optional<Instant> arrived = {}, std::optional<Instant> roomed = {}) {
    auto ok = db_->write([&](Repositories& r) -> Status {
      Appointment a;
      a.organizationId = org_;
      a.patientId = patient_;
      a.providerId = providers_.at(provider);
      a.locationId = locations_.at(location);
      a.appointmentTypeId = type_;
      a.start = start;
      a.end = Instant::fromMicros(start.micros() + minutes * kMinute);
      a.status = status;
      a.overbooked = true;  // visits overlap blocks on purpose
      a.statusAt[0] = Instant::fromMicros(start.micros() - 7 * 24 * 60 * kMinute);
      a.statusBy[0] = 42;
      if (arrived) {
        a.statusAt[static_cast<std::size_t>(AppointmentStatus::kArrived)] = arrived;
        a.statusBy[static_cast<std::size_t>(AppointmentStatus::kArrived)] = 42;
      }
      if (roomed) {
        a.statusAt[static_cast<std::size_t>(AppointmentStatus::kRoomed)] = roomed;
        a.statusBy[static_cast<std::size_t>(AppointmentStatus::kRoomed)] = 43;
      }
      if (auto& at = a.statusAt[static_cast<std::size_t>(status)];
          status != AppointmentStatus::kBooked && !at) {
        at = a.end;
      }
      auto in = r.appointments().insert(a, now());
      return in ? Status{} : Status(in.error());
    });
    ASSERT_TRUE(ok.ok()) << why(ok.error());
  }

  Result<bill::SchedulingReport> report(Date from, Date to, LocationId location = {},
                                        ProviderId provider = {}) {
    return app::readValue<bill::SchedulingReport>(*db_, [&](Repositories& r) {
      return bill::schedulingReport(r, tz_, now(), org_, from, to, location, provider);
    });
  }

  /// The whole scenario (see the file comment); the report is made at Tuesday 10:30 in Chicago.
  void scenario() {
    const Date mon = monday_, tue = monday_.plusDays(1), wed = monday_.plusDays(2);
    const Date sun = monday_.plusDays(-1);
    using S = AppointmentStatus;
    // A at Main: weekdays 9-12 (2 x 180 min), less a one-hour block on Tuesday at 10: 300 min.
    rule(0, 0, 0x3e, 9 * 60, 12 * 60);
    block(providers_[0], locations_[0], local(kChicago, tue, 10, 0), local(kChicago, tue, 11, 0));
    // B at Main: Mondays 13-17 less B's time off 16-17 (every location): 180 min.
    rule(1, 0, 0x02, 13 * 60, 17 * 60);
    block(providers_[1], LocationId(), local(kChicago, mon, 16, 0), local(kChicago, mon, 17, 0));
    // A at East: Mondays 14-16 New York time: 120 min.
    rule(0, 1, 0x02, 14 * 60, 16 * 60);

    // A at Main. Waits 10, 20 and 3 minutes.
    visit(0, 0, local(kChicago, mon, 9, 0), 30, S::kCheckedOut, local(kChicago, mon, 8, 55),
          local(kChicago, mon, 9, 5));
    visit(0, 0, local(kChicago, mon, 9, 30), 30, S::kNoShow);
    visit(0, 0, local(kChicago, mon, 10, 0), 30, S::kCancelled);
    // Half of it after the hours: 15 minutes count as booked.
    visit(0, 0, local(kChicago, mon, 11, 45), 30, S::kCheckedOut, local(kChicago, mon, 11, 40),
          local(kChicago, mon, 12, 0));
    // In the block: no booked minutes.
    visit(0, 0, local(kChicago, tue, 10, 15), 30, S::kRoomed, local(kChicago, tue, 10, 10),
          local(kChicago, tue, 10, 13));
    visit(0, 0, local(kChicago, tue, 11, 0), 30, S::kBooked);
    // Arrived, never roomed: no wait.
    visit(0, 0, local(kChicago, tue, 11, 30), 30, S::kArrived, local(kChicago, tue, 10, 29));
    // Outside the local days.
    visit(0, 0, local(kChicago, sun, 23, 30), 30, S::kNoShow);
    visit(0, 0, local(kChicago, wed, 9, 0), 30, S::kNoShow);
    // B at Main: a wait of 4.5 minutes; one visit in B's time off.
    visit(1, 0, local(kChicago, mon, 13, 0), 30, S::kCheckedOut, local(kChicago, mon, 12, 50),
          local(kChicago, mon, 12, 54, 30));
    visit(1, 0, local(kChicago, mon, 16, 0), 30, S::kBooked);
    // A at East: an hour, seen; roomed before the arrival was recorded (not a wait).
    visit(0, 1, local(kNewYork, mon, 14, 0), 60, S::kCheckedOut, local(kNewYork, mon, 14, 5),
          local(kNewYork, mon, 14, 1));
    now_ = local(kChicago, tue, 10, 30);
  }

  integrations::SystemTimeZones tz_;
  Instant now_ = Instant::fromMicros(std::int64_t{1'790'000'000} * 1'000'000);
  const Date monday_ = *Date::parse("2026-11-30");
  std::unique_ptr<storage::Database> db_;
  OrganizationId org_;
  std::vector<LocationId> locations_;
  std::vector<ProviderId> providers_;
  PatientId patient_;
  AppointmentTypeId type_;
};

TEST_P(SchedulingReport, OneLocationMatchesTheHandComputedFigures) {
  scenario();
  auto rep = report(monday_, monday_.plusDays(1), locations_[0]);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  ASSERT_EQ(rep->rows.size(), 2U);
  const auto& a = rep->rows[0];
  EXPECT_EQ(a.providerId, providers_[0].value);
  EXPECT_EQ(a.name, "Adaeze Okafor, MD");
  EXPECT_EQ(a.booked, 6);
  EXPECT_EQ(a.cancelled, 1);
  EXPECT_EQ(a.started, 4);
  EXPECT_EQ(a.completed, 2);
  EXPECT_EQ(a.noShows, 1);
  EXPECT_EQ(a.noShowPermille(), 250);
  EXPECT_EQ(a.availableMinutes, 300);
  EXPECT_EQ(a.bookedMinutes, 105);
  EXPECT_EQ(a.utilisationPermille(), 350);
  EXPECT_EQ(a.waits, 3);
  EXPECT_EQ(a.waitMedianMicros, 10 * kMinute);
  EXPECT_EQ(a.waitP90Micros, 20 * kMinute);

  const auto& b = rep->rows[1];
  EXPECT_EQ(b.providerId, providers_[1].value);
  EXPECT_EQ(b.booked, 2);
  EXPECT_EQ(b.started, 2);
  EXPECT_EQ(b.completed, 1);
  EXPECT_EQ(b.noShows, 0);
  EXPECT_EQ(b.noShowPermille(), 0);
  EXPECT_EQ(b.availableMinutes, 180);
  EXPECT_EQ(b.bookedMinutes, 30);
  EXPECT_EQ(b.utilisationPermille(), 167);
  EXPECT_EQ(b.waits, 1);
  EXPECT_EQ(b.waitMedianMicros, 4 * kMinute + 30'000'000);
  EXPECT_EQ(b.waitP90Micros, 4 * kMinute + 30'000'000);

  const auto& t = rep->total;
  EXPECT_EQ(t.booked, 8);
  EXPECT_EQ(t.cancelled, 1);
  EXPECT_EQ(t.started, 6);
  EXPECT_EQ(t.completed, 3);
  EXPECT_EQ(t.noShows, 1);
  EXPECT_EQ(t.noShowPermille(), 167);
  EXPECT_EQ(t.availableMinutes, 480);
  EXPECT_EQ(t.bookedMinutes, 135);
  EXPECT_EQ(t.utilisationPermille(), 281);
  // Waits 3, 4.5, 10, 20: the median is the mean of the middle two, p90 the 4th of 4.
  EXPECT_EQ(t.waits, 4);
  EXPECT_EQ(t.waitMedianMicros, 7 * kMinute + 15'000'000);
  EXPECT_EQ(t.waitP90Micros, 20 * kMinute);

  const std::string json = codecs::toJson(*rep);
  EXPECT_NE(json.find("\"no_show_rate_percent\":25.0"), std::string::npos) << json;
  EXPECT_NE(json.find("\"wait\":{\"count\":4,\"median_minutes\":7.3,\"p90_minutes\":20.0}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"utilisation_percent\":28.1"), std::string::npos) << json;
}

TEST_P(SchedulingReport, EveryLocationInItsOwnZoneAndOneProvider) {
  scenario();
  auto all = report(monday_, monday_.plusDays(1));
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->rows.size(), 2U);
  const auto& a = all->rows[0];
  EXPECT_EQ(a.booked, 7);
  EXPECT_EQ(a.started, 5);
  EXPECT_EQ(a.completed, 3);
  EXPECT_EQ(a.availableMinutes, 420);
  EXPECT_EQ(a.bookedMinutes, 165);
  EXPECT_EQ(a.waits, 3);  // East's roomed-before-arrival visit is not a wait
  EXPECT_EQ(all->total.availableMinutes, 600);
  EXPECT_EQ(all->total.bookedMinutes, 195);
  EXPECT_EQ(all->total.booked, 9);

  auto onlyB = report(monday_, monday_.plusDays(1), LocationId(), providers_[1]);
  ASSERT_TRUE(onlyB.ok()) << onlyB.error().message;
  ASSERT_EQ(onlyB->rows.size(), 1U);
  EXPECT_EQ(onlyB->rows[0].providerId, providers_[1].value);
  EXPECT_EQ(onlyB->total.availableMinutes, 180);
  EXPECT_EQ(onlyB->total.waits, 1);
  EXPECT_EQ(onlyB->total.waitMedianMicros, 4 * kMinute + 30'000'000);

  // Monday alone: the Tuesday block and visits drop out.
  auto monday = report(monday_, monday_, locations_[0], providers_[0]);
  ASSERT_TRUE(monday.ok()) << monday.error().message;
  ASSERT_EQ(monday->rows.size(), 1U);
  EXPECT_EQ(monday->rows[0].availableMinutes, 180);
  EXPECT_EQ(monday->rows[0].bookedMinutes, 45);
  EXPECT_EQ(monday->rows[0].booked, 3);
  EXPECT_EQ(monday->rows[0].waitMedianMicros, 15 * kMinute);
}

TEST_P(SchedulingReport, RefusesLongOrBackwardRangesAndStrangers) {
  auto tooLong = report(*Date::parse("2026-01-01"), *Date::parse("2027-01-02"));
  ASSERT_FALSE(tooLong.ok());
  ASSERT_EQ(tooLong.error().fields.size(), 1U);
  EXPECT_EQ(tooLong.error().fields[0].field, "to");
  EXPECT_TRUE(report(*Date::parse("2026-01-01"), *Date::parse("2027-01-01")).ok()) << "366 days";
  auto backwards = report(monday_, monday_.plusDays(-1));
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().fields.at(0).field, "to");
  auto stranger = report(monday_, monday_, LocationId(999999));
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().fields.at(0).field, "location_id");
  auto nobody = report(monday_, monday_, LocationId(), ProviderId(999999));
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().fields.at(0).field, "provider_id");
}

INSTANTIATE_TEST_SUITE_P(Backends, SchedulingReport, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
