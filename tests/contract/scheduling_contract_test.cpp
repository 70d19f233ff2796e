// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling storage contract (issue 4), on every backend: appointments round-trip, overlaps are
// found by index range scans, and concurrent bookings of one slot leave exactly one.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "app/registry.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace reg = app::registry;
using app::Repositories;

constexpr std::int64_t kMinute = 60'000'000;

class Scheduling : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("sched_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
    auto ok = db_->write([&](Repositories& r) -> Status {
      Organization o;
      o.legalName = "Prairie Medicine";
      o.npi = "1245678903";
      o.tin = "36-4455667";
      o.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
      auto org = reg::createOrganization(r, clock_.now(), o);
      if (!org) return org.error();
      org_ = org->id;
      Location l;
      l.name = "Main";
      l.address = {"1 Main St", "", "Springfield", "IL", "62701"};
      l.placeOfService = "11";
      l.timeZone = "America/Chicago";
      auto loc = reg::createLocation(r, zones_, clock_.now(), org_, l);
      if (!loc) return loc.error();
      location_ = loc->id;
      for (const char* npi : {"1234567893", "1245319599"}) {
        Provider p;
        p.familyName = "Okafor";
        p.givenName = "Adaeze";
        p.npi = npi;
        p.locationIds = {location_};
        auto prov = reg::createProvider(r, clock_.now(), org_, p);
        if (!prov) return prov.error();
        providers_.push_back(prov->id);
      }
      for (const char* given : {"Ann", "Bea", "Cy"}) {
        Patient p;
        p.familyName = "Doe";
        p.givenName = given;
        p.birthDate = *Date::parse("1980-02-03");
        p.sex = "female";
        auto reg = reg::registerPatient(r, clock_.now(), org_, p);
        if (!reg) return reg.error();
        patients_.push_back(reg->patient.id);
      }
      AppointmentType t;
      t.organizationId = org_;
      t.name = "Follow-up";
      t.durationMinutes = 30;
      t.defaultCptCodes = {"99213"};
      t.providerIds = {providers_[0]};
      auto type = r.scheduling().insertType(t, clock_.now());
      if (!type) return type.error();
      type_ = type->id;
      return {};
    });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
  }

  Appointment appt(int patient, int provider, std::int64_t startMinute, std::int64_t minutes) {
    Appointment a;
    a.organizationId = org_;
    a.patientId = patients_.at(static_cast<std::size_t>(patient));
    a.providerId = providers_.at(static_cast<std::size_t>(provider));
    a.locationId = location_;
    a.appointmentTypeId = type_;
    a.start = Instant::fromMicros(base_ + startMinute * kMinute);
    a.end = Instant::fromMicros(base_ + (startMinute + minutes) * kMinute);
    a.statusAt[0] = clock_.now();
    a.statusBy[0] = 42;
    return a;
  }

  /// What the booking use case does: look for conflicts and insert, in one write transaction.
  Result<Appointment> book(const Appointment& a) {
    return app::writeValue<Appointment>(*db_, [&](Repositories& r) -> Result<Appointment> {
      auto c = r.scheduling().conflicts(a, {});
      if (c.any()) return Error::conflict("overlap");
      return r.scheduling().insertAppointment(a, clock_.now());
    });
  }

  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  std::unique_ptr<storage::Database> db_;
  OrganizationId org_;
  LocationId location_;
  std::vector<ProviderId> providers_;
  std::vector<PatientId> patients_;
  AppointmentTypeId type_;
  const std::int64_t base_ = std::int64_t{1'796'000'000} * 1'000'000;  // 2026-11-30
};

TEST_P(Scheduling, AppointmentTypesAndAppointmentsRoundTrip) {
  auto type = app::readValue<std::optional<AppointmentType>>(
      *db_, [&](Repositories& r) -> Result<std::optional<AppointmentType>> {
        return r.scheduling().getType(org_, type_);
      });
  ASSERT_TRUE(type.ok() && type->has_value());
  EXPECT_EQ((*type)->name, "Follow-up");
  EXPECT_EQ((*type)->defaultCptCodes, std::vector<std::string>{"99213"});
  EXPECT_EQ((*type)->providerIds, std::vector<ProviderId>{providers_[0]});
  auto booked = book(appt(0, 0, 9 * 60, 30));
  ASSERT_TRUE(booked.ok()) << booked.error().message;
  EXPECT_EQ(booked->status, AppointmentStatus::kBooked);
  EXPECT_EQ(booked->meta.version, 1);
  EXPECT_EQ(booked->statusBy[0], 42);
  EXPECT_EQ(booked->statusAt[0], clock_.now());
  EXPECT_FALSE(booked->roomId.valid());
  // Cancel it: it stops holding time, and the slot can be booked again.
  Appointment cancelled = *booked;
  cancelled.status = AppointmentStatus::kCancelled;
  cancelled.cancelReason = "patient called";
  auto updated = app::writeValue<Appointment>(*db_, [&](Repositories& r) {
    return r.scheduling().updateAppointment(cancelled, 1, clock_.now());
  });
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->meta.version, 2);
  EXPECT_EQ(updated->cancelReason, "patient called");
  auto stale = app::writeValue<Appointment>(*db_, [&](Repositories& r) {
    return r.scheduling().updateAppointment(cancelled, 1, clock_.now());
  });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionMismatch);
  EXPECT_TRUE(book(appt(1, 0, 9 * 60, 30)).ok());
}

TEST_P(Scheduling, OverlapsAreHalfOpenAndCoverProviderAndPatient) {
  ASSERT_TRUE(book(appt(0, 0, 9 * 60, 30)).ok());
  EXPECT_TRUE(book(appt(1, 0, 9 * 60 + 30, 30)).ok()) << "back to back is fine";
  EXPECT_FALSE(book(appt(2, 0, 9 * 60 + 29, 10)).ok()) << "the same provider";
  EXPECT_FALSE(book(appt(0, 1, 8 * 60 + 45, 30)).ok()) << "the same patient, another provider";
  EXPECT_TRUE(book(appt(2, 1, 9 * 60, 30)).ok()) << "another provider and patient";
  // An 11-hour appointment is still seen from the one that starts near its end.
  ASSERT_TRUE(book(appt(2, 1, 12 * 60, 11 * 60)).ok());
  EXPECT_FALSE(book(appt(1, 1, 22 * 60 + 50, 30)).ok());
  auto day = app::readValue<std::vector<Appointment>>(
      *db_, [&](Repositories& r) -> Result<std::vector<Appointment>> {
        app::AppointmentRange q;
        q.organizationId = org_;
        q.locationId = location_;
        q.during = {Instant::fromMicros(base_), Instant::fromMicros(base_ + 24 * 60 * kMinute)};
        return r.scheduling().appointments(q);
      });
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->size(), 4u);
  EXPECT_TRUE(std::is_sorted(day->begin(), day->end(),
                             [](const auto& a, const auto& b) { return a.start < b.start; }));
}

TEST_P(Scheduling, SixtyFourConcurrentBookingsOfOneSlotLeaveExactlyOne) {
  constexpr int kClients = 64;
  std::atomic<int> ok{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t) {
    threads.emplace_back([&, t] {
      // Each overlaps all the others: same provider, start times 0-15 minutes apart.
      auto r = book(appt(t % 3, 0, 10 * 60 + t % 16, 30));
      if (r.ok()) {
        ++ok;
      } else if (r.error().code == ErrorCode::kConflict) {
        ++conflicts;
      } else {
        ++other;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
}

TEST_P(Scheduling, PostgresExclusionConstraintsRefuseOverlapsTheCheckDidNotSee) {
  if (GetParam() != "postgres") GTEST_SKIP() << "SQLite's single writer makes the check enough";
  ASSERT_TRUE(book(appt(0, 0, 9 * 60, 30)).ok());
  // Insert without looking first, as a racing transaction would.
  auto raced = app::writeValue<Appointment>(*db_, [&](Repositories& r) {
    return r.scheduling().insertAppointment(appt(1, 0, 9 * 60 + 15, 30), clock_.now());
  });
  ASSERT_FALSE(raced.ok());
  EXPECT_EQ(raced.error().code, ErrorCode::kConflict);
  ASSERT_EQ(raced.error().fields.size(), 1u);
  EXPECT_EQ(raced.error().fields[0].field, "provider_id");
  // Deliberate overbooking is outside the constraint.
  auto over = appt(1, 0, 9 * 60 + 15, 30);
  over.overbooked = true;
  EXPECT_TRUE(app::writeValue<Appointment>(*db_, [&](Repositories& r) {
                return r.scheduling().insertAppointment(over, clock_.now());
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, Scheduling, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
