// SPDX-License-Identifier: AGPL-3.0-or-later
// Statements and reports (issue 15) on every backend, on one hand-computed scenario: three
// months of charges, insurance payments, adjustments, a transfer, patient payments and a
// write-off for four patients and two payers, posted on the days they happened (America/Chicago).
// AR aging as of month ends (from the dated summaries) and today (from the running balances),
// by payer and by account; the day sheet; collections; an account's running balance; statement
// runs: one per account and cycle, a re-run makes nothing, an interrupted run resumes without
// sending any account twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "app/billing/encounters.hpp"
#include "app/billing/fee_schedules.hpp"
#include "app/billing/ledger.hpp"
#include "app/billing/reports.hpp"
#include "app/billing/statements.hpp"
#include "app/registry.hpp"
#include "app/scheduling/front_desk.hpp"
#include "integrations/system/system_clock.hpp"
#include "storage/sql/repositories.hpp"
#include "support/practice.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace reg = app::registry;
namespace billing = app::billing;
using app::Repositories;

Date day(const char* iso) {
  return Date::parse(iso).value();
}

/// 10:00 in Springfield (15:00 UTC, CDT; 16:00 UTC after November 1) on `iso`.
std::int64_t morningOf(const char* iso) {
  const auto d = day(iso);
  const bool cdt = d < day("2026-11-01");
  return (d.daysSinceEpoch() * 86400 + (cdt ? 15 : 16) * 3600) * 1'000'000;
}

class Reports : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("reports_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
    at("2026-08-20");
    auto ok = db_->write([&](Repositories& r) -> Status {
      auto practice = test::createPractice(r, zones_, clock_.now());
      if (!practice) return practice.error();
      org_ = practice->org;
      location_ = practice->location;
      provider_ = practice->provider;
      payerA_ = practice->payer;
      Payer b;
      b.name = "Lakeside Mutual";
      b.x12PayerId = "LKM02";
      b.claimFilingIndicator = "CI";
      auto pb = reg::createPayer(r, clock_.now(), org_, b);
      if (!pb) return pb.error();
      payerB_ = pb->id;
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
    ann_ = patient("Ann", "Zoë");
    ben_ = patient("Ben", "O'Brien");
    cal_ = patient("Cal", "Núñez");
    dee_ = patient("Dee", "Ærø");
    cover(ann_, payerA_);
    cover(cal_, payerB_);
  }

  void TearDown() override {
    if (!db_) return;
    auto mismatches = read<std::vector<app::LedgerRepository::Mismatch>>(
        [&](Repositories& r) { return r.ledger().verify(OrganizationId()); });
    for (const auto& m : mismatches) ADD_FAILURE() << m.what;
  }

  void at(const char* iso) { clock_.setForTest(morningOf(iso)); }

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

  PatientId patient(const char* given, const char* family) {
    auto p = write<Patient>([&](Repositories& r) -> Result<Patient> {
      Patient d;
      d.familyName = family;
      d.givenName = given;
      d.birthDate = day("1980-02-03");
      d.sex = "female";
      d.address = {"12 Elm St", "Apt 4", "Springfield", "IL", "62704"};
      auto done = reg::registerPatient(r, clock_.now(), org_, d, false);
      if (!done) return done.error();
      return done->patient;
    });
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? p->id : PatientId();
  }

  void cover(PatientId p, PayerId payer) {
    auto c = write<Coverage>([&](Repositories& r) {
      Coverage d;
      d.patientId = p;
      d.payerId = payer;
      d.memberId = "XJH123456789";
      d.planName = "PPO";
      d.effectiveDate = day("2025-01-01");
      return reg::createCoverage(r, clock_.now(), org_, d);
    });
    ASSERT_TRUE(c.ok()) << c.error().message;
  }

  /// Codes and finalizes a visit of `p` on today's date; returns its first line.
  ChargeLineId visit(PatientId p, const char* code, const char* dos) {
    auto fin =
        write<billing::FinalizeResult>([&](Repositories& r) -> Result<billing::FinalizeResult> {
          Encounter e;
          e.patientId = p;
          e.providerId = provider_;
          e.locationId = location_;
          e.diagnoses = {"E119"};
          ChargeLine l;
          l.code = code;
          l.units = 1;
          l.diagnosisPointers = {1};
          e.lines.push_back(l);
          auto made = billing::createEncounter(r, zones_, clock_.now(), org_, {e, day(dos)});
          if (!made) return made.error();
          return billing::finalizeEncounter(r, clock_.now(), org_, made->encounter.id, std::nullopt,
                                            42);
        });
    EXPECT_TRUE(fin.ok()) << fin.error().message;
    return fin.ok() ? fin->entries.front().lineId : ChargeLineId();
  }

  void post(EntryKind kind, ChargeLineId line, std::int64_t cents,
            std::optional<Responsibility> from, std::optional<Responsibility> to = std::nullopt) {
    auto e = write<LedgerEntry>([&](Repositories& r) {
      LedgerEntry x;
      x.kind = kind;
      x.lineId = line;
      x.amount = Money::fromCents(cents);
      x.from = from;
      x.to = to;
      x.reason = "CO-45";
      return billing::postEntry(r, clock_.now(), org_, x, 42);
    });
    ASSERT_TRUE(e.ok()) << e.error().message;
  }

  void pay(PatientId p, std::int64_t cents, PaymentMethod method, const char* ref = "") {
    auto paid = write<Payment>([&](Repositories& r) {
      Payment x;
      x.patientId = p;
      x.locationId = location_;
      x.amount = Money::fromCents(cents);
      x.method = method;
      x.reference = ref;
      x.kind = "patient_payment";
      app::scheduling::PaymentPosting posting;
      posting.mode = billing::AllocationMode::kOldestFirst;
      return app::scheduling::collectPayment(r, clock_.now(), org_, x, 42, posting);
    });
    ASSERT_TRUE(paid.ok()) << paid.error().message;
  }

  /// The scenario. Hand-computed balances after each day are in the tests.
  void postScenario() {
    at("2026-09-01");
    annLine_ = visit(ann_, "99213", "2026-09-01");  // payer A owes 125.00
    benLine_ = visit(ben_, "99214", "2026-09-01");  // Ben owes 180.00 (self-pay)
    at("2026-09-15");
    pay(ben_, 5000, PaymentMethod::kCash);  // Ben 130.00
    at("2026-10-10");
    post(EntryKind::kInsurancePayment, annLine_, 8000, Responsibility::kPrimary);
    post(EntryKind::kContractualAdjustment, annLine_, 2000, Responsibility::kPrimary);
    post(EntryKind::kTransfer, annLine_, 2500, Responsibility::kPrimary, Responsibility::kPatient);
    calLine_ = visit(cal_, "99213", "2026-10-10");  // payer B owes 125.00
    at("2026-11-20");
    pay(ann_, 2500, PaymentMethod::kCheck, "1042");                        // Ann 0
    post(EntryKind::kWriteOff, benLine_, 3000, Responsibility::kPatient);  // Ben 100.00
    deeLine_ = visit(dee_, "90686", "2026-11-20");                         // Dee owes 30.00
    at("2026-12-04");
  }

  Result<billing::AgingReport> aging(std::optional<Date> asOf, billing::AgingBy by) {
    if (auto s = billing::summarizeAll(*db_, tz_, clock_.now(), org_); !s.ok()) return s.error();
    return app::readValue<billing::AgingReport>(*db_, [&](Repositories& r) {
      app::PageRequest page;
      page.limit = 100;
      return billing::arAging(r, tz_, clock_.now(), org_, asOf, by, page);
    });
  }

  std::int64_t cents(const billing::AgingReport& a, AgingBucket b) { return a.total.of(b).cents(); }

  const billing::AgingRow* row(const billing::AgingReport& a, std::int64_t id) {
    for (const auto& r : a.rows) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }

  GuarantorAccountId accountOf(PatientId p) {
    return read<GuarantorAccountId>([&](Repositories& r) -> Result<GuarantorAccountId> {
      return r.patients().get(org_, p)->accountId;
    });
  }

  Result<billing::StatementRunResult> statements(std::optional<int> cycleDay, std::int64_t min,
                                                 int perTransaction = 250,
                                                 const billing::RunProgress& progress = {}) {
    billing::StatementRunRequest q;
    q.cycleDay = cycleDay;
    q.minBalance = Money::fromCents(min);
    return billing::runStatements(
        *db_, tz_, clock_, org_, 42, q, progress,
        [&](Repositories&, const app::StatementRun&, bool finished) {
          ++(finished ? audits_.second : audits_.first);
        },
        perTransaction);
  }

  std::vector<Statement> statementsOf(StatementRunId run) {
    return read<std::vector<Statement>>([&](Repositories& r) -> Result<std::vector<Statement>> {
      app::PageRequest page;
      page.limit = 1000;
      auto p = r.statements().ofRun(org_, run, page);
      if (!p) return p.error();
      return p->items;
    });
  }

  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  integrations::SystemTimeZones tz_;
  std::unique_ptr<storage::Database> db_;
  OrganizationId org_;
  LocationId location_;
  ProviderId provider_;
  PayerId payerA_, payerB_;
  PatientId ann_, ben_, cal_, dee_;
  ChargeLineId annLine_, benLine_, calLine_, deeLine_;
  std::pair<int, int> audits_;
};

TEST_P(Reports, AgingAsOfMonthEndsAndTodayMatchesTheHandComputedScenario) {
  postScenario();
  // 2026-09-30: payer A 125.00 (29 days), Ben 130.00 (29 days).
  auto sep = aging(day("2026-09-30"), billing::AgingBy::kPayer);
  ASSERT_TRUE(sep.ok()) << sep.error().message;
  EXPECT_EQ(sep->total.total().cents(), 25500);
  EXPECT_EQ(cents(*sep, AgingBucket::k0To30), 25500);
  ASSERT_NE(row(*sep, payerA_.value), nullptr);
  EXPECT_EQ(row(*sep, payerA_.value)->aging.total().cents(), 12500);
  EXPECT_EQ(row(*sep, kPatientPayer)->aging.total().cents(), 13000);
  EXPECT_EQ(row(*sep, payerB_.value), nullptr);
  // 2026-10-31: Ann 25.00 and Ben 130.00 at 60 days; payer B 125.00 at 21 days; payer A 0.
  auto oct = aging(day("2026-10-31"), billing::AgingBy::kPayer);
  ASSERT_TRUE(oct.ok()) << oct.error().message;
  EXPECT_EQ(cents(*oct, AgingBucket::k0To30), 12500);
  EXPECT_EQ(cents(*oct, AgingBucket::k31To60), 15500);
  EXPECT_EQ(oct->total.total().cents(), 28000);
  EXPECT_EQ(row(*oct, payerA_.value), nullptr);
  EXPECT_EQ(row(*oct, payerB_.value)->aging.of(AgingBucket::k0To30).cents(), 12500);
  // A day in the middle of a month: 2026-10-10 after the day's postings.
  auto mid = aging(day("2026-10-10"), billing::AgingBy::kTotal);
  ASSERT_TRUE(mid.ok()) << mid.error().message;
  EXPECT_EQ(mid->total.total().cents(), 2500 + 13000 + 12500);
  EXPECT_EQ(cents(*mid, AgingBucket::k31To60), 2500 + 13000);  // 39 days
  // Today (running balances) and yesterday (summaries) agree: nothing was posted today.
  auto today = aging(std::nullopt, billing::AgingBy::kPayer);
  auto yesterday = aging(day("2026-12-03"), billing::AgingBy::kPayer);
  ASSERT_TRUE(today.ok() && yesterday.ok());
  EXPECT_EQ(today->asOf, day("2026-12-04"));
  EXPECT_EQ(today->total.total().cents(), 10000 + 3000 + 12500);
  EXPECT_EQ(cents(*today, AgingBucket::k91To120), 10000);  // Ben, 94 days
  EXPECT_EQ(cents(*today, AgingBucket::k31To60), 12500);   // payer B, 55 days
  EXPECT_EQ(cents(*today, AgingBucket::k0To30), 3000);     // Dee, 14 days
  EXPECT_EQ(today->total, yesterday->total);
  // By account, as of today and as of a month end (from the entries of that page).
  auto accounts = aging(std::nullopt, billing::AgingBy::kAccount);
  ASSERT_TRUE(accounts.ok());
  ASSERT_EQ(accounts->rows.size(), 3u);  // Ben, Cal, Dee; Ann owes nothing
  const auto* ben = row(*accounts, accountOf(ben_).value);
  ASSERT_NE(ben, nullptr);
  EXPECT_EQ(ben->patient.cents(), 10000);
  EXPECT_EQ(ben->aging.of(AgingBucket::k91To120).cents(), 10000);
  EXPECT_NE(ben->name.find("O'Brien"), std::string::npos);
  auto octAccounts = aging(day("2026-10-31"), billing::AgingBy::kAccount);
  ASSERT_TRUE(octAccounts.ok());
  EXPECT_EQ(octAccounts->rows.size(), 3u);  // Ann, Ben, Cal
  EXPECT_EQ(row(*octAccounts, accountOf(ann_).value)->patient.cents(), 2500);
  EXPECT_EQ(row(*octAccounts, accountOf(cal_).value)->insurance.cents(), 12500);
}

TEST_P(Reports, AgingRefusesDatesOutsideTheLedger) {
  postScenario();
  auto before = aging(day("2026-08-31"), billing::AgingBy::kTotal);
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().fields.at(0).field, "as_of");
  auto future = aging(day("2026-12-05"), billing::AgingBy::kTotal);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().fields.at(0).field, "as_of");
}

TEST_P(Reports, DaySheetsAndCollectionsAddUpByKindMethodAndPayer) {
  postScenario();
  auto sheet = [&](const char* d) {
    return read<billing::DaySheet>([&](Repositories& r) {
      return billing::daySheet(r, tz_, clock_.now(), org_, day(d), LocationId());
    });
  };
  auto oct10 = sheet("2026-10-10");
  EXPECT_EQ(oct10.totals.charges.cents(), 12500);
  EXPECT_EQ(oct10.totals.insurancePayments.cents(), 8000);
  EXPECT_EQ(oct10.totals.contractualAdjustments.cents(), 2000);
  EXPECT_EQ(oct10.totals.transfers.cents(), 2500);
  ASSERT_EQ(oct10.deposits.size(), 1u);
  EXPECT_EQ(oct10.deposits[0].method, "insurance");
  EXPECT_EQ(oct10.depositTotal.cents(), 8000);
  ASSERT_EQ(oct10.byProvider.size(), 1u);
  EXPECT_EQ(oct10.byProvider[0].name, "Okafor, Adaeze");
  auto sep15 = sheet("2026-09-15");
  EXPECT_EQ(sep15.totals.patientPayments.cents(), 5000);
  EXPECT_EQ(sep15.totals.charges.cents(), 0);
  ASSERT_EQ(sep15.deposits.size(), 1u);
  EXPECT_EQ(sep15.deposits[0].method, "cash");
  auto nov20 = sheet("2026-11-20");
  EXPECT_EQ(nov20.totals.charges.cents(), 3000);
  EXPECT_EQ(nov20.totals.patientPayments.cents(), 2500);
  EXPECT_EQ(nov20.totals.writeOffs.cents(), 3000);
  EXPECT_EQ(nov20.depositTotal.cents(), 2500);
  EXPECT_EQ(nov20.deposits.at(0).method, "check");
  auto future = read<bool>([&](Repositories& r) -> Result<bool> {
    auto s = billing::daySheet(r, tz_, clock_.now(), org_, day("2026-12-05"), LocationId());
    return !s.ok() && s.error().fields.at(0).field == "date";
  });
  EXPECT_TRUE(future);

  auto col = read<billing::Collections>([&](Repositories& r) {
    return billing::collections(r, tz_, clock_.now(), org_, day("2026-09-01"), day("2026-12-04"));
  });
  EXPECT_EQ(col.totals.insurancePayments.cents(), 8000);
  EXPECT_EQ(col.totals.patientPayments.cents(), 7500);
  ASSERT_EQ(col.byPayer.size(), 2u);
  EXPECT_EQ(col.byPayer[0].id, kPatientPayer);
  EXPECT_EQ(col.byPayer[0].totals.patientPayments.cents(), 7500);
  EXPECT_EQ(col.byPayer[0].totals.writeOffs.cents(), 3000);
  EXPECT_EQ(col.byPayer[1].id, payerA_.value);
  EXPECT_EQ(col.byPayer[1].totals.insurancePayments.cents(), 8000);
  EXPECT_EQ(col.byPayer[1].totals.contractualAdjustments.cents(), 2000);

  auto ledger = read<billing::AccountLedger>(
      [&](Repositories& r) { return billing::accountLedger(r, org_, accountOf(ben_)); });
  ASSERT_EQ(ledger.lines.size(), 4u);  // charge, payment on account, allocation, write-off
  EXPECT_EQ(ledger.lines[0].balance.cents(), 18000);
  EXPECT_EQ(ledger.lines[1].balance.cents(), 13000);  // 5000 of credit
  EXPECT_EQ(ledger.lines[2].balance.cents(), 13000);  // allocated: no change
  EXPECT_EQ(ledger.balance.cents(), 10000);
}

TEST_P(Reports, AStatementRunMakesOnePerOwingAccountAndARerunMakesNothing) {
  postScenario();
  auto run = statements(std::nullopt, 0);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->run.status, "done");
  EXPECT_EQ(run->madeNow, 2);  // Ben and Dee: Ann owes nothing, Cal's balance is insurance's
  EXPECT_EQ(run->run.amountDue.cents(), 13000);
  EXPECT_EQ(audits_, std::make_pair(1, 1));
  auto made = statementsOf(run->run.id);
  ASSERT_EQ(made.size(), 2u);
  const auto& ben = made[0].accountId == accountOf(ben_) ? made[0] : made[1];
  EXPECT_EQ(ben.amountDue.cents(), 10000);
  EXPECT_EQ(ben.aging.of(AgingBucket::k91To120).cents(), 10000);
  EXPECT_EQ(ben.guarantorName, "Ben O'Brien");
  ASSERT_EQ(ben.lines.size(), 1u);
  EXPECT_EQ(ben.lines[0].charge.cents(), 18000);
  EXPECT_EQ(ben.lines[0].patientPaid.cents(), 5000);
  EXPECT_EQ(ben.lines[0].adjustments.cents(), 3000);
  EXPECT_EQ(ben.lines[0].patientDue.cents(), 10000);
  EXPECT_EQ(ben.guarantorAddress.back(), "Springfield, IL 62704");
  EXPECT_NE(ben.message.find("past due"), std::string::npos);

  auto again = statements(std::nullopt, 0);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->alreadyDone);
  EXPECT_EQ(again->madeNow, 0);
  EXPECT_EQ(statementsOf(run->run.id).size(), 2u);

  // A cycle day takes only its accounts; a minimum balance leaves small ones out.
  const int benCycle = cycleDayOf(accountOf(ben_), std::nullopt);
  auto cycle = statements(benCycle, 5000);
  ASSERT_TRUE(cycle.ok()) << cycle.error().message;
  EXPECT_EQ(cycle->madeNow, 1);
  // An account's own cycle day moves it to that cycle.
  auto moved = write<GuarantorAccount>([&](Repositories& r) -> Result<GuarantorAccount> {
    auto a = r.accounts().get(org_, accountOf(dee_));
    a->statementCycleDay = benCycle == 28 ? 27 : benCycle + 1;
    return r.accounts().update(*a, a->meta.version, clock_.now());
  });
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  auto deeCycle = statements(*moved->statementCycleDay, 0);
  ASSERT_TRUE(deeCycle.ok()) << deeCycle.error().message;
  ASSERT_EQ(deeCycle->madeNow, 1);
  EXPECT_EQ(statementsOf(deeCycle->run.id).at(0).accountId, accountOf(dee_));
  auto bad = statements(29, 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "cycle_day");
}

TEST_P(Reports, AnInterruptedRunResumesAndNoAccountGetsTwoStatements) {
  postScenario();
  // The run stops after its first transaction (as kill -9 would), then runs again.
  int calls = 0;
  EXPECT_THROW(statements(std::nullopt, 0, 1,
                          [&](const app::StatementRun&) {
                            if (++calls == 2) throw std::runtime_error("killed");
                          }),
               std::runtime_error);
  auto resumed = statements(std::nullopt, 0, 1);
  ASSERT_TRUE(resumed.ok()) << resumed.error().message;
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->run.statements, 2);
  auto made = statementsOf(resumed->run.id);
  ASSERT_EQ(made.size(), 2u);
  std::set<std::int64_t> accounts;
  for (const auto& s : made) accounts.insert(s.accountId.value);
  EXPECT_EQ(accounts.size(), 2u);
  EXPECT_EQ(resumed->madeNow, 1) << "the first statement was made before the stop";
}

INSTANTIATE_TEST_SUITE_P(Backends, Reports, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
