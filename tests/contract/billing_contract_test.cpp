// SPDX-License-Identifier: AGPL-3.0-or-later
// Charges and the ledger (issue 14, points 3-6) on every backend: encounters coded, validated
// naming the line and field, finalized to the insurance in force or to the patient, corrected
// by reversal and re-posting with their history kept; guarantor accounts shared by siblings;
// co-pays posted once (at the desk, or by the migration for those stored before the ledger);
// refunds and reversals; bulk finalizing all or nothing per encounter. After every scenario the
// running balances equal the sums of the entries (LedgerRepository::verify).
#include <gtest/gtest.h>

#include <algorithm>

#include "app/billing/accounts.hpp"
#include "app/billing/code_sets.hpp"
#include "app/billing/encounters.hpp"
#include "app/billing/fee_schedules.hpp"
#include "app/billing/ledger.hpp"
#include "app/registry.hpp"
#include "app/scheduling/front_desk.hpp"
#include "integrations/system/system_clock.hpp"
#include "storage/sql/repositories.hpp"
#include "support/practice.hpp"
#include "support/test_db.hpp"
#include "support/test_secrets.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace reg = app::registry;
namespace billing = app::billing;
using app::Repositories;

Date day(const char* iso) {
  return Date::parse(iso).value();
}

class Billing : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("billing_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
    auto ok = db_->write([&](Repositories& r) -> Status {
      auto practice = test::createPractice(r, zones_, clock_.now());
      if (!practice) return practice.error();
      org_ = practice->org;
      location_ = practice->location;
      provider_ = practice->provider;
      payer_ = practice->payer;
      // The practice's standard fees.
      for (auto [code, cents] :
           {std::pair{"99213", 12500}, std::pair{"99214", 18000}, std::pair{"90686", 3000}}) {
        FeeScheduleEntry f;
        f.code = code;
        f.amount = Money::fromCents(cents);
        f.effectiveFrom = day("2025-01-01");
        auto fee = app::fees::createEntry(r, clock_.now(), org_, f);
        if (!fee) return fee.error();
      }
      return {};
    });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    // The official ICD-10-CM releases the checks read: FY2025 holds J449, FY2026 does not;
    // E11 is a header (not billable) in both.
    importIcd(2025, {{"E11", false}, {"E119", true}, {"J449", true}, {"Z0000", true}});
    importIcd(2026, {{"E11", false}, {"E119", true}, {"Z0000", true}});
  }

  void TearDown() override {
    if (!db_) return;
    auto mismatches = read<std::vector<app::LedgerRepository::Mismatch>>(
        [&](Repositories& r) { return r.ledger().verify(OrganizationId()); });
    for (const auto& m : mismatches) {
      ADD_FAILURE() << m.what << ": running " << m.running << ", summed " << m.summed;
    }
  }

  void importIcd(int year, std::vector<std::pair<const char*, bool>> codes) {
    app::codes::ReleaseImport in;
    in.system = CodeSystem::kIcd10Cm;
    in.year = year;
    in.fileName = "test";
    for (auto [code, billable] : codes) {
      CodeRecord c;
      c.code = code;
      c.billable = billable;
      c.shortDescription = std::string("code ") + code;
      in.codes.push_back(c);
    }
    auto done = app::codes::importRelease(*db_, clock_.now(), in);
    ASSERT_TRUE(done.ok()) << done.error().message;
  }

  template <class T, class F>
  T read(F&& f) {
    auto out = app::readValue<T>(*db_, [&](Repositories& r) -> Result<T> { return f(r); });
    EXPECT_TRUE(out.ok()) << out.error().message;
    return out.ok() ? *out : T{};
  }
  template <class T, class F>
  Result<T> write(F&& f) {
    return app::writeValue<T>(*db_, [&](Repositories& r) -> Result<T> { return f(r); });
  }

  PatientId patient(const char* given, std::optional<Guarantor> guarantor = std::nullopt,
                    const char* birth = "1980-02-03") {
    auto p = write<Patient>([&](Repositories& r) -> Result<Patient> {
      Patient d;
      d.familyName = "Doe";
      d.givenName = given;
      d.birthDate = day(birth);
      d.sex = "female";
      if (guarantor) d.guarantor = *guarantor;
      auto reg = reg::registerPatient(r, clock_.now(), org_, d, false);
      if (!reg) return reg.error();
      return reg->patient;
    });
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? p->id : PatientId();
  }

  void cover(PatientId p) {
    auto c = write<Coverage>([&](Repositories& r) {
      Coverage d;
      d.patientId = p;
      d.payerId = payer_;
      d.memberId = "XJH123456789";
      d.planName = "PPO";
      d.effectiveDate = day("2025-01-01");
      d.copay = Money::fromCents(2500);
      return reg::createCoverage(r, clock_.now(), org_, d);
    });
    ASSERT_TRUE(c.ok()) << c.error().message;
  }

  Encounter draft(PatientId p, std::vector<std::string> codes = {"99213"},
                  std::vector<std::string> dx = {"E119"}) {
    Encounter e;
    e.patientId = p;
    e.providerId = provider_;
    e.locationId = location_;
    e.diagnoses = std::move(dx);
    for (auto& code : codes) {
      ChargeLine l;
      l.code = code;
      l.units = 1;
      l.diagnosisPointers = {1};
      e.lines.push_back(l);
    }
    return e;
  }

  Result<Encounter> create(Encounter e, std::optional<Date> date = day("2026-09-18")) {
    return write<Encounter>([&](Repositories& r) -> Result<Encounter> {
      auto made = billing::createEncounter(r, zones_, clock_.now(), org_, {e, date});
      if (!made) return made.error();
      return made->encounter;
    });
  }

  Result<billing::FinalizeResult> finalize(EncounterId id) {
    return write<billing::FinalizeResult>([&](Repositories& r) {
      return billing::finalizeEncounter(r, clock_.now(), org_, id, std::nullopt, 42);
    });
  }

  app::AccountBalance balanceOf(PatientId p) {
    return read<app::AccountBalance>([&](Repositories& r) {
      auto pt = r.patients().get(org_, p);
      return r.accounts().balance(org_, pt->accountId);
    });
  }

  /// A visit of `p` today, checked in (with a co-pay when `copayCents` > 0).
  Appointment checkedIn(PatientId p, std::int64_t copayCents) {
    auto a = write<Appointment>([&](Repositories& r) -> Result<Appointment> {
      AppointmentType t;
      t.organizationId = org_;
      t.name = "Visit " + std::to_string(p.value);
      t.durationMinutes = 20;
      t.defaultCptCodes = {"99213"};
      auto type = r.scheduling().insertType(t, clock_.now());
      if (!type) return type.error();
      Appointment d;
      d.organizationId = org_;
      d.patientId = p;
      d.providerId = provider_;
      d.locationId = location_;
      d.appointmentTypeId = type->id;
      d.start = Instant::fromMicros(clock_.now().micros() - 3'600'000'000);
      d.end = Instant::fromMicros(d.start.micros() + 1'200'000'000);
      d.statusAt[0] = clock_.now();
      d.statusBy[0] = 42;
      auto booked = r.appointments().insert(d, clock_.now());
      if (!booked) return booked.error();
      app::scheduling::CheckIn in;
      in.id = booked->id;
      in.demographicsConfirmed = true;
      if (copayCents > 0) {
        Payment pay;
        pay.amount = Money::fromCents(copayCents);
        pay.method = PaymentMethod::kCard;
        pay.reference = "4242";
        pay.locationId = location_;
        in.copay = pay;
      }
      auto done = app::scheduling::checkIn(r, tz_, clock_.now(), org_, in, 42);
      if (!done) return done.error();
      return done->appointment;
    });
    EXPECT_TRUE(a.ok()) << a.error().message;
    return a.ok() ? *a : Appointment{};
  }

  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  integrations::SystemTimeZones tz_;
  std::unique_ptr<storage::Database> db_;
  OrganizationId org_;
  LocationId location_;
  ProviderId provider_;
  PayerId payer_;
};

bool hasField(const Error& e, const std::string& field) {
  return std::any_of(e.fields.begin(), e.fields.end(),
                     [&](const FieldError& f) { return f.field == field; });
}

TEST_P(Billing, AnEncounterTakesItsFeesFromTheScheduleAndFinalizingBillsThePrimaryInsurance) {
  const PatientId ann = patient("Ann");
  cover(ann);
  auto e = draft(ann, {"99213", "90686"});
  e.lines[1].units = 2;
  auto made = create(e);
  ASSERT_TRUE(made.ok()) << made.error().message;
  ASSERT_EQ(made->lines.size(), 2u);
  EXPECT_EQ(made->lines[0].charge.cents(), 12500);
  EXPECT_TRUE(made->lines[0].feeFromSchedule);
  EXPECT_EQ(made->lines[1].charge.cents(), 6000) << "the unit fee times the units";
  EXPECT_EQ(made->status, EncounterStatus::kOpen);
  EXPECT_EQ(balanceOf(ann).entries, 0) << "nothing is posted before finalizing";

  auto done = finalize(made->id);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->billedTo, Responsibility::kPrimary);
  EXPECT_EQ(done->encounter.status, EncounterStatus::kFinalized);
  ASSERT_EQ(done->entries.size(), 2u);
  const auto b = balanceOf(ann);
  EXPECT_EQ(b.insurance.cents(), 18500);
  EXPECT_EQ(b.patient.cents(), 0);
  EXPECT_EQ(b.entries, 2);
  const auto line = read<std::optional<app::LedgerLine>>(
      [&](Repositories& r) { return r.ledger().line(org_, done->entries[0].lineId); });
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->balance.of(Responsibility::kPrimary).cents(), 12500);
  EXPECT_EQ(line->status, "posted");

  auto again = finalize(made->id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(balanceOf(ann).entries, 2) << "finalizing twice posts nothing twice";
}

TEST_P(Billing, ValidationNamesTheLineAndTheField) {
  const PatientId ann = patient("Ann");
  auto e = draft(ann, {"99213", "99214"}, {"E11", "J449"});
  e.lines[0].diagnosisPointers = {3};
  e.lines[1].units = 0;
  e.lines[1].modifiers = {"2"};
  auto made = create(e);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(hasField(made.error(), "lines[0].diagnosis_pointers[0]")) << made.error().message;
  EXPECT_TRUE(hasField(made.error(), "lines[1].units")) << made.error().message;
  EXPECT_TRUE(hasField(made.error(), "lines[1].modifiers[0]")) << made.error().message;

  // Structure fixed: now the code sets speak. E11 is a header; J449 left ICD-10-CM in FY2026.
  e.lines[0].diagnosisPointers = {1};
  e.lines[1].units = 1;
  e.lines[1].modifiers = {};
  made = create(e);
  ASSERT_FALSE(made.ok());
  EXPECT_TRUE(hasField(made.error(), "diagnoses[0]")) << made.error().message;
  EXPECT_TRUE(hasField(made.error(), "diagnoses[1]")) << made.error().message;
  // In FY2025 J449 was valid; E11 is still a header.
  made = create(e, day("2025-09-30"));
  ASSERT_FALSE(made.ok());
  EXPECT_TRUE(hasField(made.error(), "diagnoses[0]"));
  EXPECT_FALSE(hasField(made.error(), "diagnoses[1]")) << made.error().message;
  e.diagnoses = {"E119", "J449"};
  made = create(e, day("2025-09-30"));
  EXPECT_TRUE(made.ok()) << made.error().message;

  // A code with no fee in the schedule and none given: the fee is named.
  auto nofee = draft(ann, {"99215"});
  made = create(nofee);
  ASSERT_FALSE(made.ok());
  EXPECT_TRUE(std::any_of(made.error().fields.begin(), made.error().fields.end(),
                          [](const FieldError& f) { return f.field.rfind("lines[0].", 0) == 0; }))
      << made.error().message;
  nofee.lines[0].charge = Money::fromCents(21000);
  made = create(nofee);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->lines[0].charge.cents(), 21000);
  EXPECT_FALSE(made->lines[0].feeFromSchedule);
}

TEST_P(Billing, AFinalizedEncounterIsCorrectedByReversalAndKeepsItsHistory) {
  const PatientId ann = patient("Ann");
  cover(ann);
  auto made = create(draft(ann, {"99213", "90686"}));
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto done = finalize(made->id);
  ASSERT_TRUE(done.ok()) << done.error().message;

  // An edit in place is refused, naming the correction route.
  Encounter changed = done->encounter;
  changed.lines[0].code = "99214";
  changed.lines[0].charge = Money();
  auto edit = write<billing::EncounterResult>([&](Repositories& r) {
    return billing::updateEncounter(r, clock_.now(), org_, changed, std::nullopt);
  });
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().code, ErrorCode::kConflict);
  EXPECT_NE(edit.error().message.find("/corrections"), std::string::npos) << edit.error().message;

  // The correction: 99213 becomes 99214; 90686 is kept as it was.
  auto fixed = write<billing::FinalizeResult>([&](Repositories& r) {
    return billing::correctEncounter(r, clock_.now(), org_, changed, std::nullopt, 42);
  });
  ASSERT_TRUE(fixed.ok()) << fixed.error().message;
  EXPECT_EQ(fixed->encounter.corrections, 1);
  ASSERT_EQ(fixed->encounter.lines.size(), 2u);
  const auto b = balanceOf(ann);
  EXPECT_EQ(b.insurance.cents(), 18000 + 3000) << "the new charge and the kept one";
  const auto history = read<std::vector<app::LedgerLine>>(
      [&](Repositories& r) { return r.encounters().history(org_, made->id); });
  ASSERT_EQ(history.size(), 3u) << "the replaced line stays in the history";
  int replaced = 0;
  for (const auto& l : history) {
    if (l.status == "replaced") {
      ++replaced;
      EXPECT_EQ(l.line.code, "99213");
      EXPECT_EQ(l.balance.total().cents(), 0) << "its charge reversed";
    }
  }
  EXPECT_EQ(replaced, 1);
  // The replaced line's ledger: its charge and the reversal of it, netting to zero.
  const auto old = std::find_if(history.begin(), history.end(),
                                [](const auto& l) { return l.status == "replaced"; });
  const auto entries = read<std::vector<LedgerEntry>>(
      [&](Repositories& r) { return r.ledger().ofLine(org_, old->id); });
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].kind, EntryKind::kReversal);
  EXPECT_EQ(entries[1].reverses, entries[0].id);
  EXPECT_EQ(entries[1].amount, entries[0].amount);
}

TEST_P(Billing, ASelfPayVisitIsPaidByItsCopayAndAnotherPaymentGoesOldestFirst) {
  const PatientId bea = patient("Bea");
  const Appointment visit = checkedIn(bea, 2500);
  // At the desk the co-pay was posted at once, as credit on Bea's new account.
  auto b = balanceOf(bea);
  EXPECT_EQ(b.credit.cents(), 2500);
  EXPECT_EQ(b.patient.cents(), 0);

  auto e = draft(bea);
  e.appointmentId = visit.id;
  auto made = create(e, std::nullopt);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->dateOfService, tz_.toLocal("America/Chicago", visit.start)->date)
      << "the visit's local date";
  // One live encounter per visit.
  auto twice = create(e, std::nullopt);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);

  auto done = finalize(made->id);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->billedTo, Responsibility::kPatient);
  b = balanceOf(bea);
  EXPECT_EQ(b.credit.cents(), 0) << "the co-pay paid the visit's charge";
  EXPECT_EQ(b.patient.cents(), 12500 - 2500);

  // A later payment with no allocation given pays the oldest line the patient owes.
  auto paid = write<Payment>([&](Repositories& r) {
    Payment p;
    p.patientId = bea;
    p.locationId = location_;
    p.amount = Money::fromCents(15000);
    p.method = PaymentMethod::kCheck;
    p.reference = "1042";
    p.kind = "patient_payment";
    return app::scheduling::collectPayment(r, clock_.now(), org_, p, 42);
  });
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  EXPECT_TRUE(paid->posted);
  EXPECT_EQ(paid->unallocated.cents(), 15000 - 10000) << "the rest stays as credit";
  b = balanceOf(bea);
  EXPECT_EQ(b.patient.cents(), 0);
  EXPECT_EQ(b.credit.cents(), 5000);

  // A refund takes at most what the payment has left; reversing the payment undoes the rest.
  auto tooMuch = write<LedgerEntry>([&](Repositories& r) {
    return billing::refund(r, clock_.now(), org_, paid->id, Money::fromCents(5001), "overpaid", 42);
  });
  ASSERT_FALSE(tooMuch.ok());
  EXPECT_EQ(tooMuch.error().code, ErrorCode::kInvalid);
  auto refunded = write<LedgerEntry>([&](Repositories& r) {
    return billing::refund(r, clock_.now(), org_, paid->id, Money::fromCents(5000), "overpaid", 42);
  });
  ASSERT_TRUE(refunded.ok()) << refunded.error().message;
  EXPECT_EQ(balanceOf(bea).credit.cents(), 0);
  auto bounced = write<std::vector<LedgerEntry>>([&](Repositories& r) {
    return billing::reversePayment(r, clock_.now(), org_, paid->id, "check bounced", 42);
  });
  ASSERT_FALSE(bounced.ok()) << "refunded money must be reversed first";
  EXPECT_EQ(bounced.error().code, ErrorCode::kConflict);
  auto undoRefund = write<LedgerEntry>([&](Repositories& r) {
    LedgerEntry rev;
    rev.kind = EntryKind::kReversal;
    rev.reverses = refunded->id;
    rev.amount = refunded->amount;
    rev.reason = "refund check voided";
    return billing::postEntry(r, clock_.now(), org_, rev, 42);
  });
  ASSERT_TRUE(undoRefund.ok()) << undoRefund.error().message;
  bounced = write<std::vector<LedgerEntry>>([&](Repositories& r) {
    return billing::reversePayment(r, clock_.now(), org_, paid->id, "check bounced", 42);
  });
  ASSERT_TRUE(bounced.ok()) << bounced.error().message;
  b = balanceOf(bea);
  EXPECT_EQ(b.patient.cents(), 10000) << "the line owes again what the check paid";
  EXPECT_EQ(b.credit.cents(), 0);
  auto twiceBounced = write<std::vector<LedgerEntry>>([&](Repositories& r) {
    return billing::reversePayment(r, clock_.now(), org_, paid->id, "again", 42);
  });
  ASSERT_FALSE(twiceBounced.ok());
  EXPECT_EQ(twiceBounced.error().code, ErrorCode::kConflict);
}

TEST_P(Billing, SiblingsWithOneGuarantorShareAnAccountAndTheMigrationIsIdempotent) {
  Guarantor mum;
  mum.relationship = "parent";
  mum.familyName = "Doe";
  mum.givenName = "Martha";
  mum.birthDate = day("1979-05-06");
  mum.phone = "+12175550100";
  mum.address = {"1 Elm St", "", "Springfield", "IL", "62701"};
  const PatientId kid1 = patient("Cy", mum, "2015-01-02");
  const PatientId kid2 = patient("Di", mum, "2017-03-04");
  const PatientId self = patient("Ed");
  auto linked = billing::linkExistingPatients(*db_, clock_.now(), 2);
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  EXPECT_EQ(*linked, 3);
  const auto a1 = read<Patient>([&](Repositories& r) { return *r.patients().get(org_, kid1); });
  const auto a2 = read<Patient>([&](Repositories& r) { return *r.patients().get(org_, kid2); });
  const auto a3 = read<Patient>([&](Repositories& r) { return *r.patients().get(org_, self); });
  ASSERT_TRUE(a1.accountId.valid());
  EXPECT_EQ(a1.accountId, a2.accountId) << "one account for the two children";
  EXPECT_NE(a1.accountId, a3.accountId);
  const auto view = read<billing::AccountView>(
      [&](Repositories& r) { return billing::accountView(r, org_, a1.accountId); });
  EXPECT_EQ(view.account.givenName, "Martha");
  EXPECT_EQ(view.members.size(), 2u);
  EXPECT_EQ(a1.meta.version, 1) << "linking does not change the patient's version";
  auto again = billing::linkExistingPatients(*db_, clock_.now(), 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);

  // Moving a patient: new encounters bill the new account.
  auto moved = write<Patient>([&](Repositories& r) {
    return billing::movePatient(r, clock_.now(), org_, self, a1.accountId);
  });
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  auto made = create(draft(self));
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->accountId, a1.accountId);
}

TEST_P(Billing, CopaysStoredBeforeTheLedgerArePostedOnceByTheMigration) {
  const PatientId ann = patient("Ann");
  // A co-pay stored the way the front desk stored it before the ledger existed: unposted.
  auto stored = write<Payment>([&](Repositories& r) {
    Payment p;
    p.organizationId = org_;
    p.patientId = ann;
    p.locationId = location_;
    p.amount = Money::fromCents(3000);
    p.method = PaymentMethod::kCash;
    p.kind = "copay";
    p.receiptNumber = "R-000001";
    p.receivedAt = clock_.now();
    p.receivedBy = 42;
    return r.payments().insert(p, clock_.now());
  });
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_FALSE(stored->posted);
  test::TestSecrets secrets("k");
  auto posted = billing::postStoredPayments(*db_, secrets, clock_.now(), 1);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(*posted, 1);
  auto again = billing::postStoredPayments(*db_, secrets, clock_.now(), 1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0) << "each co-pay is posted once";
  const auto b = balanceOf(ann);
  EXPECT_EQ(b.credit.cents(), 3000);
  EXPECT_EQ(b.entries, 1);
  const auto p =
      read<Payment>([&](Repositories& r) { return *r.payments().get(org_, stored->id); });
  EXPECT_TRUE(p.posted);
  EXPECT_EQ(p.unallocated.cents(), 3000);
  // Posting it by hand again is refused too.
  auto byHand = write<std::vector<LedgerEntry>>([&](Repositories& r) {
    return billing::postPayment(r, clock_.now(), p, billing::AllocationMode::kNone, {}, 42);
  });
  ASSERT_FALSE(byHand.ok());
  EXPECT_EQ(byHand.error().code, ErrorCode::kConflict);
}

TEST_P(Billing, BulkFinalizingPostsEachEncounterWholeOrNotAtAll) {
  std::vector<EncounterId> ids;
  const PatientId ann = patient("Ann");
  cover(ann);
  for (int k = 0; k < 30; ++k) {
    auto made = create(draft(ann, {"99213", "90686"}));
    ASSERT_TRUE(made.ok()) << made.error().message;
    ids.push_back(made->id);
  }
  // One of them is finalized already: reported, the others go on.
  ASSERT_TRUE(finalize(ids[7]).ok());
  int audited = 0;
  auto out =
      billing::finalizeMany(*db_, clock_.now(), org_, ids, 42, 8,
                            [&](Repositories&, const billing::FinalizeResult&) { ++audited; });
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->finalized, 29);
  EXPECT_EQ(out->lines, 58);
  ASSERT_EQ(out->failed.size(), 1u);
  EXPECT_EQ(out->failed[0].first, ids[7]);
  EXPECT_EQ(audited, 29);
  EXPECT_EQ(balanceOf(ann).insurance.cents(), 30 * (12500 + 3000));
  EXPECT_EQ(balanceOf(ann).entries, 60);
}

TEST_P(Billing, AnotherPracticeSeesNothingAndPostsNothing) {
  const PatientId ann = patient("Ann");
  auto made = create(draft(ann));
  ASSERT_TRUE(made.ok());
  ASSERT_TRUE(finalize(made->id).ok());
  const OrganizationId other(org_.value + 1000);
  auto lost = write<billing::FinalizeResult>([&](Repositories& r) {
    return billing::finalizeEncounter(r, clock_.now(), other, made->id, std::nullopt, 42);
  });
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, ErrorCode::kNotFound);
  const auto ledger = app::readValue<billing::PatientLedger>(*db_, [&](Repositories& r) {
    return billing::patientLedger(r, other, ann, app::PageRequest{});
  });
  EXPECT_FALSE(ledger.ok() && !ledger->entries.items.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, Billing, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
