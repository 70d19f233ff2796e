// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling storage contract (issue 4), on every backend: appointments round-trip, overlaps are
// found by index range scans, and concurrent bookings of one slot leave exactly one.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "app/demo/demo_clinic.hpp"
#include "app/registry.hpp"
#include "app/scheduling.hpp"
#include "integrations/system/system_clock.hpp"
#include "storage/change_hub.hpp"
#include "storage/sql/reference_cache.hpp"
#include "storage/sql/repositories.hpp"
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
      auto c = r.appointments().conflicts(a, {});
      if (c.any()) return Error::conflict("overlap");
      return r.appointments().insert(a, clock_.now());
    });
  }

  /// Provider 0 available every day at Main from `from` to `to` (local minutes), from Monday
  /// 2026-11-30 on.
  AvailabilityRule dailyRule(int from, int to) const {
    AvailabilityRule a;
    a.organizationId = org_;
    a.providerId = providers_[0];
    a.locationId = location_;
    a.weekdays = 0x7f;
    a.startMinute = from;
    a.endMinute = to;
    a.effectiveFrom = monday_;
    return a;
  }
  /// A 30-minute visit of `patient` with provider 0 on that Monday at `minute` (Chicago time).
  app::scheduling::BookRequest mondayAt(int patient, int minute) {
    app::scheduling::BookRequest req;
    req.draft = appt(patient, 0, 0, 30);
    req.draft.start = *tz_.toUtc("America/Chicago", monday_, minute);
    req.draft.end = Instant::fromMicros(req.draft.start.micros() + 30 * kMinute);
    return req;
  }
  /// Books mondayAt() through the use case, a week before, in its own transaction.
  Result<Appointment> bookMonday(storage::Database& db, int patient, int minute) {
    return app::writeValue<Appointment>(db, [&](Repositories& r) {
      return app::scheduling::book(r, tz_, weekBefore_, org_, mondayAt(patient, minute), 42);
    });
  }

  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  integrations::SystemTimeZones tz_;
  const Date monday_ = *Date::parse("2026-11-30");
  const Instant weekBefore_ = *tz_.toUtc("America/Chicago", monday_.plusDays(-7), 8 * 60);
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
  // The insert answers what a read gives (it does not read the row back).
  auto reread = app::readValue<std::optional<Appointment>>(
      *db_, [&](Repositories& r) -> Result<std::optional<Appointment>> {
        return r.appointments().get(org_, booked->id);
      });
  ASSERT_TRUE(reread.ok() && reread->has_value());
  const Appointment& again = **reread;
  EXPECT_EQ(again.start, booked->start);
  EXPECT_EQ(again.end, booked->end);
  EXPECT_EQ(again.status, booked->status);
  EXPECT_EQ(again.statusAt, booked->statusAt);
  EXPECT_EQ(again.statusBy, booked->statusBy);
  EXPECT_EQ(again.meta.version, booked->meta.version);
  EXPECT_EQ(again.meta.createdAt, booked->meta.createdAt);
  EXPECT_EQ(again.patientId, booked->patientId);
  EXPECT_EQ(again.roomId, booked->roomId);
  EXPECT_EQ(again.seriesId, booked->seriesId);
  // Cancel it: it stops holding time, and the slot can be booked again.
  Appointment cancelled = *booked;
  cancelled.status = AppointmentStatus::kCancelled;
  cancelled.cancelReason = "patient called";
  auto updated = app::writeValue<Appointment>(
      *db_, [&](Repositories& r) { return r.appointments().update(cancelled, 1, clock_.now()); });
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->meta.version, 2);
  EXPECT_EQ(updated->cancelReason, "patient called");
  auto stale = app::writeValue<Appointment>(
      *db_, [&](Repositories& r) { return r.appointments().update(cancelled, 1, clock_.now()); });
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
        return r.appointments().range(q);
      });
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->size(), 4u);
  EXPECT_TRUE(std::is_sorted(day->begin(), day->end(),
                             [](const auto& a, const auto& b) { return a.start < b.start; }));
}

TEST_P(Scheduling, CalendarEntriesCarryPatientNamesOnlyWhenAsked) {
  ASSERT_TRUE(book(appt(0, 0, 9 * 60, 30)).ok());
  ASSERT_TRUE(book(appt(1, 0, 10 * 60, 30)).ok());
  ASSERT_TRUE(book(appt(0, 1, 11 * 60, 30)).ok());
  auto read = [&](bool names) {
    return app::readValue<std::vector<app::CalendarEntry>>(
        *db_, [&](Repositories& r) -> Result<std::vector<app::CalendarEntry>> {
          app::AppointmentRange q;
          q.organizationId = org_;
          q.locationId = location_;
          q.during = {Instant::fromMicros(base_), Instant::fromMicros(base_ + 24 * 60 * kMinute)};
          q.patientNames = names;
          return r.appointments().calendar(q);
        });
  };
  auto named = read(true);
  ASSERT_TRUE(named.ok());
  ASSERT_EQ(named->size(), 3u);
  EXPECT_EQ((*named)[0].patientName, "Doe, Ann");
  EXPECT_EQ((*named)[1].patientName, "Doe, Bea");
  EXPECT_EQ((*named)[2].patientName, "Doe, Ann") << "a patient seen twice is named twice";
  auto bare = read(false);
  ASSERT_TRUE(bare.ok());
  ASSERT_EQ(bare->size(), 3u);
  for (const auto& e : *bare) EXPECT_TRUE(e.patientName.empty());
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
    return r.appointments().insert(appt(1, 0, 9 * 60 + 15, 30), clock_.now());
  });
  ASSERT_FALSE(raced.ok());
  EXPECT_EQ(raced.error().code, ErrorCode::kConflict);
  ASSERT_EQ(raced.error().fields.size(), 1u);
  EXPECT_EQ(raced.error().fields[0].field, "provider_id");
  // Deliberate overbooking is outside the constraint.
  auto over = appt(1, 0, 9 * 60 + 15, 30);
  over.overbooked = true;
  EXPECT_TRUE(app::writeValue<Appointment>(*db_, [&](Repositories& r) {
                return r.appointments().insert(over, clock_.now());
              }).ok());
}

// The use cases over real storage and the real tz database (the location is in Chicago).
TEST_P(Scheduling, BookingFollowsTemplatesBlocksAndConflictsAndExplainsRefusals) {
  namespace sch = app::scheduling;
  integrations::SystemTimeZones tz;
  // Dr 0 works Monday-Friday 09:00-12:00 at Main; a block on 2026-12-01 10:00-11:00 local.
  const Date monday = *Date::parse("2026-11-30");
  const Instant now = *tz.toUtc("America/Chicago", monday.plusDays(-7), 8 * 60);
  auto at = [&](Date d, int minute) { return *tz.toUtc("America/Chicago", d, minute); };
  ASSERT_TRUE(db_->write([&](Repositories& r) -> Status {
                   AvailabilityRule rule;
                   rule.organizationId = org_;
                   rule.providerId = providers_[0];
                   rule.locationId = location_;
                   rule.weekdays = 0x3e;
                   rule.startMinute = 9 * 60;
                   rule.endMinute = 12 * 60;
                   rule.effectiveFrom = monday;
                   (void)r.scheduling().insertRule(rule, now);
                   ScheduleBlock block;
                   block.organizationId = org_;
                   block.providerId = providers_[0];
                   block.start = at(monday.plusDays(1), 600);
                   block.end = at(monday.plusDays(1), 660);
                   block.reason = "staff meeting";
                   (void)r.scheduling().insertBlock(block, now);
                   return {};
                 })
                  .ok());
  auto bookAt = [&](int patient, Date d, int minute, bool overbook = false) {
    sch::BookRequest req;
    req.draft = appt(patient, 0, 0, 30);
    req.draft.start = at(d, minute);
    req.draft.end = Instant::fromMicros(req.draft.start.micros() + 30 * kMinute);
    req.overbook = overbook;
    return app::writeValue<Appointment>(
        *db_, [&](Repositories& r) { return sch::book(r, tz, now, org_, req, 42); });
  };
  auto first = bookAt(0, monday, 9 * 60);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->status, AppointmentStatus::kBooked);
  EXPECT_EQ(first->start.toString(), "2026-11-30T15:00:00.000Z");  // 09:00 CST
  auto clash = bookAt(1, monday, 9 * 60 + 15);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  EXPECT_EQ(clash.error().message,
            "The provider already has an appointment from 09:00 to 09:30 on 2026-11-30 "
            "(America/Chicago).");
  EXPECT_EQ(clash.error().fields.at(0).field, "provider_id");
  auto outside = bookAt(1, monday, 13 * 60);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(outside.error().fields.at(0).field, "start");
  EXPECT_FALSE(bookAt(1, monday.plusDays(1), 10 * 60 + 30).ok()) << "inside the block";
  auto over = bookAt(1, monday, 9 * 60 + 15, true);
  ASSERT_TRUE(over.ok()) << over.error().message;
  EXPECT_TRUE(over->overbooked);
  auto past = bookAt(2, monday.plusDays(-14), 9 * 60);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().fields.at(0).field, "start");

  // Slots: the first free ones skip the booked 09:00, the overbooked 09:15 and the block.
  auto slots = app::readValue<std::vector<Slot>>(*db_, [&](Repositories& r) {
    sch::SlotSearch q;
    q.typeId = type_;
    q.locationId = location_;
    q.range = {at(monday, 0), at(monday.plusDays(2), 0)};
    q.limit = 12;
    q.stepMinutes = 30;
    return sch::findSlots(r, tz, org_, q);
  });
  ASSERT_TRUE(slots.ok()) << slots.error().message;
  std::vector<std::string> starts;
  for (const auto& s : *slots) starts.push_back(s.start.toString().substr(5, 11));
  EXPECT_EQ(starts,
            (std::vector<std::string>{"11-30T16:00", "11-30T16:30", "11-30T17:00", "11-30T17:30",
                                      "12-01T15:00", "12-01T15:30", "12-01T17:00", "12-01T17:30"}));

  // The flow: check in, room, see, check out; an illegal step answers 409.
  auto step = [&](AppointmentStatus to, RoomId room = {}) {
    sch::Transition t;
    t.to = to;
    t.room = room;
    t.reason = "patient called";
    return app::writeValue<Appointment>(
        *db_, [&](Repositories& r) { return sch::transition(r, tz, now, org_, first->id, t, 42); });
  };
  EXPECT_EQ(step(AppointmentStatus::kCheckedOut).error().code, ErrorCode::kConflict);
  EXPECT_TRUE(step(AppointmentStatus::kArrived).ok());
  EXPECT_EQ(step(AppointmentStatus::kRoomed).error().fields.at(0).field, "room_id");
  auto room = app::writeValue<Room>(*db_, [&](Repositories& r) {
    Room m;
    m.organizationId = org_;
    m.locationId = location_;
    m.name = "Exam 1";
    return r.scheduling().insertRoom(m, now);
  });
  ASSERT_TRUE(room.ok());
  auto roomed = step(AppointmentStatus::kRoomed, room->id);
  ASSERT_TRUE(roomed.ok()) << roomed.error().message;
  EXPECT_EQ(roomed->roomId, room->id);
  EXPECT_TRUE(step(AppointmentStatus::kWithProvider).ok());
  auto out = step(AppointmentStatus::kCheckedOut);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->statusAt[static_cast<std::size_t>(AppointmentStatus::kArrived)].has_value());
  EXPECT_EQ(step(AppointmentStatus::kCancelled).error().code, ErrorCode::kConflict);
}

TEST_P(Scheduling, PostgresBookingTakesThreeRoundTrips) {
  // Issue 13: a booking on PostgreSQL reads everything it checks in one pipeline, then inserts,
  // then sends its audit row with the COMMIT.
  if (GetParam() != "postgres") GTEST_SKIP() << "round trips are a PostgreSQL matter";
  ASSERT_TRUE(app::writeValue<AvailabilityRule>(*db_, [&](Repositories& r) {
                return r.scheduling().insertRule(dailyRule(8 * 60, 18 * 60), weekBefore_);
              }).ok());
  storage::PgConnection c(std::getenv("MEDOFFICE_TEST_PG_URL"));
  storage::ReferenceCache reference;
  auto bookOnce = [&](int patient, int minute) -> std::int64_t {
    const std::int64_t before = c.roundTripsForTest();
    c.begin("BEGIN");
    storage::NoNotices notices;
    storage::SqlRepositories r(c, notices, reference);
    auto booked = app::scheduling::book(r, tz_, weekBefore_, org_, mondayAt(patient, minute), 42);
    EXPECT_TRUE(booked.ok()) << booked.error().message;
    AuditEvent e;
    e.at = weekBefore_;
    e.organizationId = org_;
    e.action = AuditAction::kCreate;
    e.resourceType = "appointment";
    e.resourceId = std::to_string(booked->id.value);
    e.patientId = booked->patientId;
    r.audit().appendPending(e);
    c.commit();
    return c.roundTripsForTest() - before;
  };
  bookOnce(0, 9 * 60);  // the first booking prepares the statements and reads the snapshot
  EXPECT_EQ(bookOnce(1, 10 * 60), 3);
  auto stored = app::readValue<std::vector<Appointment>>(*db_, [&](Repositories& r) {
    app::AppointmentRange range;
    range.organizationId = org_;
    range.during = {Instant::fromMicros(0), Instant::fromMicros(base_ * 2)};
    return r.appointments().range(range);
  });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 2u);
  EXPECT_EQ(
      app::readValue<std::int64_t>(
          *db_, [](Repositories& r) -> Result<std::int64_t> { return r.audit().pendingCount(); })
          .value(),
      2);
}

TEST_P(Scheduling, BookingSeesEveryChangeToTheReferenceDataWhoeverMadeIt) {
  // Bookings keep the practice's providers, locations, types, rooms and rules in memory, checked
  // against reference_versions in each transaction: a change made through another handle on the
  // database (another process) is seen by the very next booking.
  const Instant now = weekBefore_;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string("sched_") + info->name();
  std::replace(name.begin(), name.end(), '/', '_');
  auto other = test::openAgain(GetParam(), name);
  auto rule = app::writeValue<AvailabilityRule>(*other, [&](Repositories& r) {
    return r.scheduling().insertRule(dailyRule(8 * 60, 12 * 60), now);
  });
  ASSERT_TRUE(rule.ok());
  auto bookAt = [&](int patient, int minute) { return bookMonday(*db_, patient, minute); };
  ASSERT_TRUE(bookAt(0, 9 * 60).ok());  // the snapshot now holds the rule
  // Another process narrows the rule to the afternoon: 10:00 is no longer bookable here.
  AvailabilityRule afternoon = *rule;
  afternoon.startMinute = 13 * 60;
  afternoon.endMinute = 17 * 60;
  ASSERT_TRUE(app::writeValue<AvailabilityRule>(*other, [&](Repositories& r) {
                return r.scheduling().updateRule(afternoon, rule->meta.version, now);
              }).ok());
  auto morning = bookAt(1, 10 * 60);
  ASSERT_FALSE(morning.ok());
  EXPECT_EQ(morning.error().code, ErrorCode::kInvalid);
  ASSERT_TRUE(bookAt(1, 14 * 60).ok());
  // It archives the appointment type: booking it is refused at once.
  auto type =
      app::readValue<AppointmentType>(*other, [&](Repositories& r) -> Result<AppointmentType> {
        return *r.scheduling().getType(org_, type_);
      });
  ASSERT_TRUE(type.ok());
  AppointmentType archived = *type;
  archived.active = false;
  ASSERT_TRUE(app::writeValue<AppointmentType>(*other, [&](Repositories& r) {
                return r.scheduling().updateType(archived, type->meta.version, now);
              }).ok());
  auto refused = bookAt(2, 15 * 60);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  // And the provider loses the location: the next booking says so.
  ASSERT_TRUE(app::writeValue<AppointmentType>(*other, [&](Repositories& r) {
                auto t = *r.scheduling().getType(org_, type_);
                t.active = true;
                return r.scheduling().updateType(t, t.meta.version, now);
              }).ok());
  ASSERT_TRUE(app::writeValue<Provider>(*other, [&](Repositories& r) {
                auto p = *r.providers().get(org_, providers_[0]);
                p.locationIds.clear();
                return r.providers().update(p, p.meta.version, now);
              }).ok());
  auto moved = bookAt(2, 15 * 60);
  ASSERT_FALSE(moved.ok());
  ASSERT_FALSE(moved.error().fields.empty());
  EXPECT_EQ(moved.error().fields[0].field, "location_id");
}

TEST_P(Scheduling, AReferenceChangeThatRolledBackIsNeverServedFromMemory) {
  // A transaction changes a rule and books with the change (its own snapshot of the reference
  // data), then fails. Later an unrelated change commits: the booking after it must see the
  // committed rules, not the snapshot of the change that never happened.
  const Instant now = weekBefore_;
  auto rule = app::writeValue<AvailabilityRule>(*db_, [&](Repositories& r) {
    return r.scheduling().insertRule(dailyRule(8 * 60, 12 * 60), now);
  });
  ASSERT_TRUE(rule.ok());
  auto failed = db_->write([&](Repositories& r) -> Status {
    AvailabilityRule afternoon = *rule;
    afternoon.startMinute = 13 * 60;
    afternoon.endMinute = 17 * 60;
    if (!r.scheduling().updateRule(afternoon, rule->meta.version, now).ok()) {
      return Error::internal("update failed");
    }
    if (!app::scheduling::book(r, tz_, now, org_, mondayAt(0, 14 * 60), 42).ok()) {
      return Error::internal("the afternoon booking failed inside the transaction");
    }
    return Error::conflict("rolled back on purpose");
  });
  ASSERT_EQ(failed.error().code, ErrorCode::kConflict) << failed.error().message;
  // An unrelated change to the reference data commits (a new room).
  ASSERT_TRUE(app::writeValue<Room>(*db_, [&](Repositories& r) {
                Room room;
                room.organizationId = org_;
                room.locationId = location_;
                room.name = "Exam 9";
                return r.scheduling().insertRoom(room, now);
              }).ok());
  EXPECT_TRUE(bookMonday(*db_, 1, 10 * 60).ok());   // the committed morning rule
  EXPECT_FALSE(bookMonday(*db_, 2, 14 * 60).ok());  // not the afternoon that rolled back
}

TEST_P(Scheduling, DemoFillsTheCalendarWithoutConflicts) {
  // A fresh database of its own: the demo needs an empty one.
  auto db = test::freshDatabase(GetParam(), std::string("sched_demo_") + GetParam());
  integrations::SystemTimeZones tz;
  app::DemoOptions o;
  o.patients = 300;
  o.appointments = 3000;
  auto summary = app::createDemoClinic(*db, clock_, tz, o, {});
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->appointmentTypes, 4);
  EXPECT_EQ(summary->rooms, 7);
  EXPECT_EQ(summary->appointments, 3000);
  auto all = app::readValue<std::vector<Appointment>>(
      *db, [&](Repositories& r) -> Result<std::vector<Appointment>> {
        app::AppointmentRange q;
        q.organizationId = summary->organization;
        q.during = {Instant::fromMicros(0),
                    Instant::fromMicros(std::int64_t{4'000'000'000} * 1'000'000)};
        q.limit = 50'000;
        return r.appointments().range(q);
      });
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3000u);
  // No provider, patient or room holds two overlapping appointments.
  std::map<std::pair<int, std::int64_t>, IntervalSet> busy;
  int overlaps = 0;
  for (const auto& a : *all) {
    if (!holdsTime(a.status)) continue;
    for (auto key : {std::pair{0, a.providerId.value}, std::pair{1, a.patientId.value},
                     std::pair{2, a.roomId.value}}) {
      if (key.first == 2 && key.second == 0) continue;
      if (busy[key].overlaps(a.interval())) ++overlaps;
      busy[key].add(a.interval());
    }
  }
  EXPECT_EQ(overlaps, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Scheduling, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
