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
#include <filesystem>
#include <set>

#include "app/billing/encounters.hpp"
#include "app/billing/fee_schedules.hpp"
#include "app/billing/ledger.hpp"
#include "app/billing/reports.hpp"
#include "app/billing/statements.hpp"
#include "app/registry.hpp"
#include "app/scheduling/front_desk.hpp"
#include "integrations/system/system_clock.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/repositories.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
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
    dbName_ = name;
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

  /// A connection of its own to the test's database, for SQL no repository runs.
  std::unique_ptr<storage::SqlConnection> rawConnection() {
    if (GetParam() == "sqlite") {
      const auto path =
          std::filesystem::temp_directory_path() / "medoffice-contract" / (dbName_ + ".db");
      return std::make_unique<storage::SqliteConnection>(path.string(),
                                                         storage::SqliteConnection::Mode::kWriter);
    }
    return std::make_unique<storage::PgConnection>(std::getenv("MEDOFFICE_TEST_PG_URL"));
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
  std::string dbName_;
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

/// Every way an entry reaches the ledger, on one day (2026-10-10), and where the day sheet puts
/// it: finalizing (a line with its own rendering provider and one without), bulk finalizing, a
/// correction (the charge reversed, the new line posted), entries by hand, a reversal, desk
/// payments with their allocations at another location than the visit, a refund, a reversed
/// payment and a co-pay stored before the ledger. Hand-computed.
TEST_P(Reports, TheDaySheetCountsEveryPostingPathUnderItsProviderLocationAndMethod) {
  at("2026-10-10");
  ProviderId p2;
  LocationId l2;
  auto setup = write<bool>([&](Repositories& r) -> Result<bool> {
    Location l;
    l.name = "West";
    l.address = {"9 West St", "", "Springfield", "IL", "62704"};
    l.placeOfService = "11";
    l.timeZone = "America/Chicago";
    auto loc = reg::createLocation(r, zones_, clock_.now(), org_, l);
    if (!loc) return loc.error();
    l2 = loc->id;
    Provider p;
    p.familyName = "Brandt";
    p.givenName = "Lena";
    p.npi = "1245319599";
    p.locationIds = {location_, l2};
    auto prov = reg::createProvider(r, clock_.now(), org_, p);
    if (!prov) return prov.error();
    p2 = prov->id;
    return true;
  });
  ASSERT_TRUE(setup.ok()) << setup.error().message;
  auto encounter = [&](PatientId p, ProviderId provider, LocationId location,
                       std::vector<std::pair<const char*, ProviderId>> lines) {
    Encounter e;
    e.patientId = p;
    e.providerId = provider;
    e.locationId = location;
    e.diagnoses = {"E119"};
    for (const auto& [code, rendering] : lines) {
      ChargeLine l;
      l.code = code;
      l.units = 1;
      l.diagnosisPointers = {1};
      l.renderingProviderId = rendering;
      e.lines.push_back(l);
    }
    return e;
  };
  auto finalize = [&](const Encounter& e) {
    return write<billing::FinalizeResult>([&](Repositories& r) -> Result<billing::FinalizeResult> {
      auto made = billing::createEncounter(r, zones_, clock_.now(), org_, {e, day("2026-10-10")});
      if (!made) return made.error();
      return billing::finalizeEncounter(r, clock_.now(), org_, made->encounter.id, std::nullopt,
                                        42);
    });
  };
  auto lineOf = [](const billing::FinalizeResult& f, const char* code) {
    for (const auto& l : f.encounter.lines) {
      if (l.code == code) return l.id;
    }
    return ChargeLineId();
  };
  auto entry = [&](EntryKind kind, ChargeLineId line, std::int64_t cents,
                   std::optional<Responsibility> from, std::optional<Responsibility> to,
                   LedgerEntryId reverses = {}) {
    return write<LedgerEntry>([&](Repositories& r) {
      LedgerEntry x;
      x.kind = kind;
      x.lineId = line;
      x.amount = Money::fromCents(cents);
      x.from = from;
      x.to = to;
      x.reverses = reverses;
      return billing::postEntry(r, clock_.now(), org_, x, 42);
    });
  };
  auto collect = [&](PatientId p, LocationId at, std::int64_t cents, PaymentMethod method) {
    return write<Payment>([&](Repositories& r) {
      Payment x;
      x.patientId = p;
      x.locationId = at;
      x.amount = Money::fromCents(cents);
      x.method = method;
      if (method == PaymentMethod::kCheck) x.reference = "1042";
      x.kind = "patient_payment";
      app::scheduling::PaymentPosting posting;
      posting.mode = billing::AllocationMode::kOldestFirst;
      return app::scheduling::collectPayment(r, clock_.now(), org_, x, 42, posting);
    });
  };

  // Ann (payer A): finalized at Main by Okafor, one line rendered by Brandt.
  auto ann = finalize(encounter(ann_, provider_, location_, {{"99213", p2}, {"90686", {}}}));
  ASSERT_TRUE(ann.ok()) << ann.error().message;
  const ChargeLineId ann99213 = lineOf(*ann, "99213");
  // Ben (self-pay): at West by Brandt; pays 50.00 cash at Main, allocated to that line.
  ASSERT_TRUE(finalize(encounter(ben_, p2, l2, {{"99214", {}}})).ok());
  ASSERT_TRUE(collect(ben_, location_, 5000, PaymentMethod::kCash).ok());
  // Payer A's remittance on Ann's 99213 by hand; the adjustment is reversed.
  ASSERT_TRUE(
      entry(EntryKind::kInsurancePayment, ann99213, 8000, Responsibility::kPrimary, {}).ok());
  auto adjustment =
      entry(EntryKind::kContractualAdjustment, ann99213, 2000, Responsibility::kPrimary, {});
  ASSERT_TRUE(adjustment.ok()) << adjustment.error().message;
  ASSERT_TRUE(entry(EntryKind::kTransfer, ann99213, 2500, Responsibility::kPrimary,
                    Responsibility::kPatient)
                  .ok());
  ASSERT_TRUE(entry(EntryKind::kReversal, {}, 2000, {}, {}, adjustment->id).ok());
  // Dee pays 40.00 by card at West on account; 10.00 is refunded.
  auto dee = collect(dee_, l2, 4000, PaymentMethod::kCard);
  ASSERT_TRUE(dee.ok()) << dee.error().message;
  auto refunded = write<LedgerEntry>([&](Repositories& r) {
    return billing::refund(r, clock_.now(), org_, dee->id, Money::fromCents(1000), "overpaid", 42);
  });
  ASSERT_TRUE(refunded.ok()) << refunded.error().message;
  // Cal (payer B) at Main by Okafor, corrected to a 99214 rendered by Brandt.
  auto cal = finalize(encounter(cal_, provider_, location_, {{"99213", {}}}));
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  auto corrected = write<billing::FinalizeResult>([&](Repositories& r) {
    Encounter c = cal->encounter;
    c.lines = encounter(cal_, provider_, location_, {{"99214", p2}}).lines;
    return billing::correctEncounter(r, clock_.now(), org_, c, std::nullopt, 42);
  });
  ASSERT_TRUE(corrected.ok()) << corrected.error().message;
  // Dee at West by Okafor, finalized in bulk (her credit stays on account).
  auto open = write<billing::EncounterResult>([&](Repositories& r) {
    return billing::createEncounter(
        r, zones_, clock_.now(), org_,
        {encounter(dee_, provider_, l2, {{"90686", {}}}), day("2026-10-10")});
  });
  ASSERT_TRUE(open.ok()) << open.error().message;
  auto bulk = billing::finalizeMany(*db_, clock_.now(), org_, {open->encounter.id}, 42, 10,
                                    [](Repositories&, const billing::FinalizeResult&) {});
  ASSERT_TRUE(bulk.ok() && bulk->finalized == 1);
  // Ann pays 20.00 by check at West (allocated to her 99213), and the check bounces.
  auto check = collect(ann_, l2, 2000, PaymentMethod::kCheck);
  ASSERT_TRUE(check.ok()) << check.error().message;
  auto bounced = write<std::vector<LedgerEntry>>([&](Repositories& r) {
    return billing::reversePayment(r, clock_.now(), org_, check->id, "bounced", 42);
  });
  ASSERT_TRUE(bounced.ok()) << bounced.error().message;
  ASSERT_EQ(bounced->size(), 2u);
  // Ben's co-pay at West, stored before the ledger and posted by its migration.
  auto copay = write<Payment>([&](Repositories& r) {
    Payment p;
    p.organizationId = org_;
    p.patientId = ben_;
    p.locationId = l2;
    p.amount = Money::fromCents(3000);
    p.method = PaymentMethod::kCash;
    p.kind = "copay";
    p.receiptNumber = "R-900001";
    p.receivedAt = clock_.now();
    p.receivedBy = 42;
    return r.payments().insert(p, clock_.now());
  });
  ASSERT_TRUE(copay.ok()) << copay.error().message;
  test::TestSecrets secrets("k");
  auto stored = billing::postStoredPayments(*db_, secrets, clock_.now(), 10);
  ASSERT_TRUE(stored.ok() && *stored == 1);
  at("2026-10-11");

  auto sheet = [&](LocationId only) {
    return read<billing::DaySheet>([&](Repositories& r) {
      return billing::daySheet(r, tz_, clock_.now(), org_, day("2026-10-10"), only);
    });
  };
  auto named = [](const std::vector<billing::NamedTotals>& v, std::int64_t id) {
    for (const auto& n : v) {
      if (n.id == id) return n;
    }
    return billing::NamedTotals{-99, "missing", {}};
  };
  const auto all = sheet(LocationId());
  EXPECT_EQ(all.totals.charges.cents(), 12500 + 3000 + 18000 + 12500 - 12500 + 18000 + 3000);
  EXPECT_EQ(all.totals.insurancePayments.cents(), 8000);
  EXPECT_EQ(all.totals.patientPayments.cents(), 5000 + 4000 + 2000 - 2000 + 3000);
  EXPECT_EQ(all.totals.contractualAdjustments.cents(), 0);
  EXPECT_EQ(all.totals.refunds.cents(), 1000);
  EXPECT_EQ(all.totals.transfers.cents(), 2500);
  EXPECT_EQ(all.totals.entries, 20);
  ASSERT_EQ(all.byProvider.size(), 3u);
  const auto okafor = named(all.byProvider, provider_.value);
  EXPECT_EQ(okafor.name, "Okafor, Adaeze");
  EXPECT_EQ(okafor.totals.charges.cents(), 3000 + 12500 - 12500 + 3000);
  EXPECT_EQ(okafor.totals.entries, 4);
  const auto brandt = named(all.byProvider, p2.value);
  EXPECT_EQ(brandt.name, "Brandt, Lena");
  EXPECT_EQ(brandt.totals.charges.cents(), 12500 + 18000 + 18000);
  EXPECT_EQ(brandt.totals.insurancePayments.cents(), 8000);
  EXPECT_EQ(brandt.totals.contractualAdjustments.cents(), 0);
  EXPECT_EQ(brandt.totals.transfers.cents(), 2500);
  EXPECT_EQ(brandt.totals.patientPayments.cents(), 0);
  EXPECT_EQ(brandt.totals.entries, 10);  // with the allocations and the one reversed
  const auto onAccount = named(all.byProvider, 0);
  EXPECT_EQ(onAccount.name, "No provider (money on account)");
  EXPECT_EQ(onAccount.totals.patientPayments.cents(), 12000);
  EXPECT_EQ(onAccount.totals.refunds.cents(), 1000);
  EXPECT_EQ(onAccount.totals.entries, 6);
  ASSERT_EQ(all.byLocation.size(), 2u);
  const auto main = named(all.byLocation, location_.value);
  EXPECT_EQ(main.name, "Main");
  EXPECT_EQ(main.totals.charges.cents(), 12500 + 3000 + 12500 - 12500 + 18000);
  EXPECT_EQ(main.totals.insurancePayments.cents(), 8000);
  EXPECT_EQ(main.totals.patientPayments.cents(), 5000);  // Ben paid at Main for a West visit
  EXPECT_EQ(main.totals.entries, 11);
  const auto west = named(all.byLocation, l2.value);
  EXPECT_EQ(west.name, "West");
  EXPECT_EQ(west.totals.charges.cents(), 18000 + 3000);
  EXPECT_EQ(west.totals.patientPayments.cents(), 4000 + 2000 - 2000 + 3000);
  EXPECT_EQ(west.totals.refunds.cents(), 1000);
  EXPECT_EQ(west.totals.entries, 9);
  ASSERT_EQ(all.deposits.size(), 4u);
  EXPECT_EQ(all.deposits[0].method, "card");
  EXPECT_EQ(all.deposits[0].amount.cents(), 3000);
  EXPECT_EQ(all.deposits[0].count, 2);
  EXPECT_EQ(all.deposits[1].method, "cash");
  EXPECT_EQ(all.deposits[1].amount.cents(), 8000);
  EXPECT_EQ(all.deposits[1].count, 2);
  EXPECT_EQ(all.deposits[2].method, "check");
  EXPECT_EQ(all.deposits[2].amount.cents(), 0);
  EXPECT_EQ(all.deposits[2].count, 2);
  EXPECT_EQ(all.deposits[3].method, "insurance");
  EXPECT_EQ(all.deposits[3].amount.cents(), 8000);
  EXPECT_EQ(all.depositTotal.cents(), 19000);

  const auto westOnly = sheet(l2);
  EXPECT_EQ(westOnly.totals.charges.cents(), 21000);
  EXPECT_EQ(westOnly.totals.entries, 9);
  EXPECT_EQ(named(westOnly.byProvider, p2.value).totals.charges.cents(), 18000);
  EXPECT_EQ(named(westOnly.byProvider, p2.value).totals.entries, 3);
  EXPECT_EQ(named(westOnly.byProvider, provider_.value).totals.charges.cents(), 3000);
  EXPECT_EQ(westOnly.depositTotal.cents(), 3000 + 3000);

  const auto col = read<billing::Collections>([&](Repositories& r) {
    return billing::collections(r, tz_, clock_.now(), org_, day("2026-10-10"), day("2026-10-10"));
  });
  ASSERT_EQ(col.byPayer.size(), 2u);
  EXPECT_EQ(col.byPayer[0].id, kPatientPayer);
  EXPECT_EQ(col.byPayer[0].totals.patientPayments.cents(), 12000);
  EXPECT_EQ(col.byPayer[0].totals.refunds.cents(), 1000);
  EXPECT_EQ(col.byPayer[1].id, payerA_.value);
  EXPECT_EQ(col.byPayer[1].totals.insurancePayments.cents(), 8000);
  EXPECT_EQ(col.byPayer[1].totals.entries, 3);  // the payment, the adjustment and its reversal

  // The same entries in a database made before migration 0010 (no report columns yet): the
  // migration fills them from the lines, encounters and payments, to the same day sheet.
  {
    auto c = rawConnection();
    const std::string columns =
        "SELECT id, COALESCE(provider_id, 0), COALESCE(location_id, 0), COALESCE(payer_id, 0) "
        "FROM ledger_entries ORDER BY id";
    const auto text = [](const storage::Rows& rows) {
      std::string out;
      for (const auto& r : rows) {
        for (std::size_t k = 0; k < 4; ++k) out += std::to_string(r.i64(k)) + (k < 3 ? "," : "\n");
      }
      return out;
    };
    const std::string posted = text(c->query(columns, {}));
    c->script(
        "ALTER TABLE ledger_entries DROP COLUMN provider_id; ALTER TABLE ledger_entries DROP "
        "COLUMN location_id; ALTER TABLE ledger_entries DROP COLUMN payer_id;");
    const auto& steps = storage::migrations(c->dialect());
    auto step = std::find_if(steps.begin(), steps.end(),
                             [](const storage::Migration& m) { return m.version == 10; });
    ASSERT_NE(step, steps.end());
    EXPECT_EQ(step->name, "0010_report_speed");
    c->script("BEGIN");
    c->script(std::string(step->sql));
    c->script("COMMIT");
    const auto entries = c->query(
        "SELECT COUNT(*), COUNT(provider_id), COUNT(location_id), COUNT(payer_id) FROM "
        "ledger_entries",
        {});
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].i64(0), 20);
    EXPECT_EQ(entries[0].i64(1), 14);  // all but the six payments and refund on account
    EXPECT_EQ(entries[0].i64(2), 20);
    EXPECT_EQ(entries[0].i64(3), 9);  // Ann's and Cal's charges, payer A's entries on Ann's line
    EXPECT_EQ(text(c->query(columns, {})), posted) << "as posted";
  }
  const auto same = [](const billing::MoneyTotals& a, const billing::MoneyTotals& b) {
    return a.charges == b.charges && a.insurancePayments == b.insurancePayments &&
           a.patientPayments == b.patientPayments &&
           a.contractualAdjustments == b.contractualAdjustments && a.writeOffs == b.writeOffs &&
           a.refunds == b.refunds && a.transfers == b.transfers && a.entries == b.entries;
  };
  const auto sameNamed = [&](const std::vector<billing::NamedTotals>& a,
                             const std::vector<billing::NamedTotals>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (a[k].id != b[k].id || a[k].name != b[k].name || !same(a[k].totals, b[k].totals)) {
        return false;
      }
    }
    return true;
  };
  for (const LocationId only : {LocationId(), l2}) {
    const auto before = only.valid() ? westOnly : all;
    const auto after = sheet(only);
    EXPECT_TRUE(same(after.totals, before.totals));
    EXPECT_TRUE(sameNamed(after.byProvider, before.byProvider));
    EXPECT_TRUE(sameNamed(after.byLocation, before.byLocation));
    ASSERT_EQ(after.deposits.size(), before.deposits.size());
    for (std::size_t k = 0; k < after.deposits.size(); ++k) {
      EXPECT_EQ(after.deposits[k].method, before.deposits[k].method);
      EXPECT_EQ(after.deposits[k].amount, before.deposits[k].amount);
      EXPECT_EQ(after.deposits[k].count, before.deposits[k].count);
    }
  }
  const auto migratedCol = read<billing::Collections>([&](Repositories& r) {
    return billing::collections(r, tz_, clock_.now(), org_, day("2026-10-10"), day("2026-10-10"));
  });
  EXPECT_TRUE(sameNamed(migratedCol.byPayer, col.byPayer));
}

/// What GET /api/v1/statement-runs/{id}/statements reads: a run's statements a page at a time.
TEST_P(Reports, ARunsStatementsArePagedByCursorInTheOrderMade) {
  postScenario();
  auto run = statements(std::nullopt, 0);
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_EQ(run->madeNow, 2);
  auto pageOf = [&](StatementRunId id, OrganizationId org, const std::string& cursor) {
    return read<app::Page<Statement>>([&](Repositories& r) -> Result<app::Page<Statement>> {
      app::PageRequest page;
      page.limit = 1;
      page.cursor = cursor;
      return r.statements().ofRun(org, id, page);
    });
  };
  auto first = pageOf(run->run.id, org_, "");
  ASSERT_EQ(first.items.size(), 1u);
  ASSERT_FALSE(first.nextCursor.empty());
  auto second = pageOf(run->run.id, org_, first.nextCursor);
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_TRUE(second.nextCursor.empty());
  EXPECT_LT(first.items[0].id.value, second.items[0].id.value);
  std::set<std::int64_t> accounts{first.items[0].accountId.value, second.items[0].accountId.value};
  EXPECT_EQ(accounts, (std::set<std::int64_t>{accountOf(ben_).value, accountOf(dee_).value}));
  EXPECT_EQ(first.items[0].amountDue.cents() + second.items[0].amountDue.cents(), 13000);
  for (const Statement* s : {&first.items[0], &second.items[0]}) {
    EXPECT_EQ(s->runId, run->run.id);
    EXPECT_FALSE(s->guarantorName.empty());
    EXPECT_FALSE(s->statementNumber.empty());
    EXPECT_GT(s->dueDate, s->statementDate);
  }
  // Another practice sees nothing of the run; a cursor that is not one is refused.
  EXPECT_TRUE(pageOf(run->run.id, OrganizationId(org_.value + 1000), "").items.empty());
  auto bad = app::readValue<app::Page<Statement>>(*db_, [&](Repositories& r) {
    app::PageRequest page;
    page.cursor = "not-a-cursor";
    return r.statements().ofRun(org_, run->run.id, page);
  });
  EXPECT_FALSE(bad.ok());
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
  EXPECT_EQ(ben.lines[0].patientName, "Ben O'Brien");
  EXPECT_EQ(ben.lines[0].description, "99214");
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

/// Forty accounts in one transaction: each statement gets its own account's lines, guarantor
/// and patient names, in account order, and the guarantor patient's address when the account
/// has none of its own.
TEST_P(Reports, AStatementRunOfManyAccountsKeepsEachAccountsLinesNamesAndAddress) {
  at("2026-10-10");
  std::vector<PatientId> many;
  for (int k = 0; k < 40; ++k) {
    const std::string given{'P', static_cast<char>('a' + k / 26), static_cast<char>('a' + k % 26)};
    many.push_back(patient(given.c_str(), "Many"));
    auto fin = write<billing::FinalizeResult>([&](Repositories& r)
                                                  -> Result<billing::FinalizeResult> {
      Encounter e;
      e.patientId = many.back();
      e.providerId = provider_;
      e.locationId = location_;
      e.diagnoses = {"E119"};
      for (const char* code : {"99213", "90686"}) {
        ChargeLine l;
        l.code = code;
        l.units = 1;
        l.diagnosisPointers = {1};
        e.lines.push_back(l);
      }
      auto made = billing::createEncounter(r, zones_, clock_.now(), org_, {e, day("2026-10-10")});
      if (!made) return made.error();
      return billing::finalizeEncounter(r, clock_.now(), org_, made->encounter.id, std::nullopt,
                                        42);
    });
    ASSERT_TRUE(fin.ok()) << fin.error().message;
  }
  // The first account has no address of its own; the second one has another than its patient.
  for (int k = 0; k < 2; ++k) {
    auto changed = write<GuarantorAccount>([&](Repositories& r) -> Result<GuarantorAccount> {
      auto a = r.accounts().get(org_, accountOf(many[k]));
      a->address = k == 0 ? Address{} : Address{"1 Oak Ave", "", "Peoria", "IL", "61602"};
      return r.accounts().update(*a, a->meta.version, clock_.now());
    });
    ASSERT_TRUE(changed.ok()) << changed.error().message;
  }
  at("2026-10-12");
  auto run = statements(std::nullopt, 0, 300);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->madeNow, 40);
  EXPECT_EQ(run->run.amountDue.cents(), 40 * (12500 + 3000));
  auto made = statementsOf(run->run.id);
  ASSERT_EQ(made.size(), 40u);
  for (std::size_t k = 0; k < made.size(); ++k) {
    const auto& s = made[k];
    const std::string name =
        std::string{'P', static_cast<char>('a' + k / 26), static_cast<char>('a' + k % 26)} +
        " Many";
    EXPECT_EQ(s.accountId, accountOf(many[k])) << "statements in account order";
    EXPECT_EQ(s.guarantorName, name);
    EXPECT_EQ(s.amountDue.cents(), 15500);
    ASSERT_EQ(s.lines.size(), 2u) << name;
    for (const auto& l : s.lines) EXPECT_EQ(l.patientName, name);
    EXPECT_EQ(s.lines[0].charge.cents() + s.lines[1].charge.cents(), 15500);
    EXPECT_EQ(s.lines[0].patientDue.cents() + s.lines[1].patientDue.cents(), 15500);
    ASSERT_FALSE(s.guarantorAddress.empty()) << name;
    EXPECT_EQ(s.guarantorAddress.front(), k == 1 ? "1 Oak Ave" : "12 Elm St") << name;
  }
  // Read back one at a time, as a reprint does.
  auto again = read<Statement>(
      [&](Repositories& r) -> Result<Statement> { return *r.statements().get(org_, made[39].id); });
  EXPECT_EQ(again.lines.size(), 2u);
  EXPECT_EQ(again.guarantorName, "Pbn Many");
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
