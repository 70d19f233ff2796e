// SPDX-License-Identifier: AGPL-3.0-or-later
// Fee schedules (issue 14, point 2) on every backend: the standard fee of a code and modifiers on
// a date of service (a modifier's own entry beats the plain one; the entry in force on the date;
// effective_to inclusive), payers' allowed amounts kept apart from the standard fees, CSV imports
// that are idempotent and all or nothing (also when the database refuses a row midway), exports
// that import again to the same schedule, one active entry per code, modifier and
// effective_from, and each practice seeing only its own schedules.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "app/billing/fee_schedules.hpp"
#include "app/registry.hpp"
#include "codecs/csv/fee_schedule_csv.hpp"
#include "domain/common/validation.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
using app::Repositories;
namespace fees = app::fees;
namespace reg = app::registry;

Date day(const char* iso) {
  return Date::parse(iso).value();
}

FeeScheduleEntry fee(const char* code, const char* modifier, std::int64_t cents, const char* from,
                     std::optional<const char*> to = std::nullopt, PayerId payer = {}) {
  FeeScheduleEntry e;
  e.code = code;
  e.modifier = modifier;
  e.amount = Money::fromCents(cents);
  e.effectiveFrom = day(from);
  if (to) e.effectiveTo = day(*to);
  e.payerId = payer;
  return e;
}

/// What an entry holds for a practice, without ids and timestamps: two schedules are the same
/// when these are.
std::string describe(const std::vector<FeeScheduleEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    out += e.code + "/" + e.modifier + "/" + std::to_string(e.amount.cents()) + "/" +
           e.effectiveFrom.toString() + "/" + (e.effectiveTo ? e.effectiveTo->toString() : "-") +
           "\n";
  }
  return out;
}

/// Passes every call to the real fee schedule, except that schedule() leaves out the entries of
/// one code: as if another writer had added them after the import read the schedule. The import
/// then plans to insert them again and the database refuses in the middle of its writes.
class StaleFeeSchedule final : public app::FeeScheduleRepository {
 public:
  StaleFeeSchedule(app::FeeScheduleRepository& inner, std::string hiddenCode)
      : inner_(inner), hidden_(std::move(hiddenCode)) {}
  Result<FeeScheduleEntry> insert(const FeeScheduleEntry& e, Instant now) override {
    return inner_.insert(e, now);
  }
  Status insertMany(const std::vector<FeeScheduleEntry>& entries, Instant now) override {
    ++insertManyCalls;
    return inner_.insertMany(entries, now);
  }
  Result<FeeScheduleEntry> update(const FeeScheduleEntry& e, std::int64_t v, Instant now) override {
    ++updates;
    return inner_.update(e, v, now);
  }
  Result<FeeScheduleEntry> setActive(OrganizationId org, FeeScheduleEntryId id, bool active,
                                     std::int64_t v, Instant now) override {
    return inner_.setActive(org, id, active, v, now);
  }
  std::optional<FeeScheduleEntry> get(OrganizationId org, FeeScheduleEntryId id) override {
    return inner_.get(org, id);
  }
  Result<app::Page<FeeScheduleEntry>> list(OrganizationId org, PayerId payer,
                                           const std::string& code,
                                           const app::PageRequest& page) override {
    return inner_.list(org, payer, code, page);
  }
  std::vector<FeeScheduleEntry> schedule(OrganizationId org, PayerId payer) override {
    auto all = inner_.schedule(org, payer);
    std::erase_if(all, [&](const FeeScheduleEntry& e) { return e.code == hidden_; });
    return all;
  }
  std::vector<FeeScheduleEntry> inForce(OrganizationId org, PayerId payer,
                                        const std::vector<std::string>& codes, Date from,
                                        Date to) override {
    return inner_.inForce(org, payer, codes, from, to);
  }
  int updates = 0;
  int insertManyCalls = 0;

 private:
  app::FeeScheduleRepository& inner_;
  std::string hidden_;
};

/// The transaction's repositories with the fee schedule replaced by `fees`.
class WithFeeSchedule final : public Repositories {
 public:
  WithFeeSchedule(Repositories& inner, app::FeeScheduleRepository& fees) : r_(inner), fees_(fees) {}
  app::OrganizationRepository& organizations() override { return r_.organizations(); }
  app::LocationRepository& locations() override { return r_.locations(); }
  app::ProviderRepository& providers() override { return r_.providers(); }
  app::PayerRepository& payers() override { return r_.payers(); }
  app::CoverageRepository& coverages() override { return r_.coverages(); }
  app::PatientRepository& patients() override { return r_.patients(); }
  app::SequenceRepository& sequences() override { return r_.sequences(); }
  app::IdempotencyRepository& idempotency() override { return r_.idempotency(); }
  app::UserRepository& users() override { return r_.users(); }
  app::SessionRepository& sessions() override { return r_.sessions(); }
  app::AuditRepository& audit() override { return r_.audit(); }
  app::TokenRepository& tokens() override { return r_.tokens(); }
  app::LoginThrottleRepository& loginThrottle() override { return r_.loginThrottle(); }
  app::SchedulingRepository& scheduling() override { return r_.scheduling(); }
  app::AppointmentRepository& appointments() override { return r_.appointments(); }
  app::WaitlistRepository& waitlist() override { return r_.waitlist(); }
  app::PaymentRepository& payments() override { return r_.payments(); }
  app::CodeRepository& codes() override { return r_.codes(); }
  app::FeeScheduleRepository& feeSchedules() override { return fees_; }
  app::AccountRepository& accounts() override { return r_.accounts(); }
  app::EncounterRepository& encounters() override { return r_.encounters(); }
  app::LedgerRepository& ledger() override { return r_.ledger(); }
  app::ReportRepository& reports() override { return r_.reports(); }
  app::StatementRepository& statements() override { return r_.statements(); }
  app::ClaimRepository& claims() override { return r_.claims(); }
  app::RemittanceRepository& remittances() override { return r_.remittances(); }
  app::EligibilityRepository& eligibility() override { return r_.eligibility(); }
  app::CalendarFeedRepository& calendarFeeds() override { return r_.calendarFeeds(); }
  app::OutboxRepository& outbox() override { return r_.outbox(); }
  app::DenialRepository& denials() override { return r_.denials(); }
  app::ChangeNotices& changes() override { return r_.changes(); }

 private:
  Repositories& r_;
  app::FeeScheduleRepository& fees_;
};

class FeeSchedules : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("fees_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
    org_ = organization("Prairie Medicine", "124567890");
    payer_ = payer(org_, "Prairie Health Plan");
  }

  OrganizationId organization(const char* name, const char* npiBase) {
    auto org = app::writeValue<Organization>(*db_, [&](Repositories& r) {
      Organization o;
      o.legalName = name;
      o.npi = std::string(npiBase) + validation::npiCheckDigit(npiBase);
      o.tin = "36-4455667";
      o.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
      return reg::createOrganization(r, clock_.now(), o);
    });
    EXPECT_TRUE(org.ok()) << (org.ok() ? "" : org.error().message);
    return org.ok() ? org->id : OrganizationId{};
  }

  PayerId payer(OrganizationId org, const char* name) {
    auto p = app::writeValue<Payer>(*db_, [&](Repositories& r) {
      Payer draft;
      draft.name = name;
      draft.x12PayerId = "60054";
      draft.claimFilingIndicator = "CI";
      return reg::createPayer(r, clock_.now(), org, draft);
    });
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
    return p.ok() ? p->id : PayerId{};
  }

  Result<FeeScheduleEntry> create(FeeScheduleEntry e, OrganizationId org = {}) {
    const auto in = org.valid() ? org : org_;
    return app::writeValue<FeeScheduleEntry>(
        *db_, [&](Repositories& r) { return fees::createEntry(r, clock_.now(), in, e); });
  }

  /// Creates `e`, failing the test when it is refused.
  FeeScheduleEntry made(FeeScheduleEntry e) {
    auto out = create(std::move(e));
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
    return out.ok() ? *out : FeeScheduleEntry{};
  }

  Result<FeeScheduleEntry> update(FeeScheduleEntry e, std::int64_t version,
                                  OrganizationId org = {}) {
    const auto in = org.valid() ? org : org_;
    return app::writeValue<FeeScheduleEntry>(
        *db_, [&](Repositories& r) { return fees::updateEntry(r, clock_.now(), in, e, version); });
  }

  Result<FeeScheduleEntry> setActive(const FeeScheduleEntry& e, bool active,
                                     OrganizationId org = {}) {
    const auto in = org.valid() ? org : org_;
    return app::writeValue<FeeScheduleEntry>(*db_, [&](Repositories& r) {
      return fees::setEntryActive(r, clock_.now(), in, e.id, active, e.meta.version);
    });
  }

  std::optional<Money> unitFee(PayerId payer, const char* code,
                               const std::vector<std::string>& modifiers, const char* date,
                               OrganizationId org = {}) {
    const auto in = org.valid() ? org : org_;
    auto out = app::readValue<std::optional<Money>>(*db_, [&](Repositories& r) {
      return Result<std::optional<Money>>(fees::unitFee(r, in, payer, code, modifiers, day(date)));
    });
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : std::nullopt;
  }

  std::optional<Money> allowed(PayerId payer, const char* code, const char* date) {
    auto out = app::readValue<std::optional<Money>>(*db_, [&](Repositories& r) {
      return Result<std::optional<Money>>(fees::allowedAmount(r, org_, payer, code, {}, day(date)));
    });
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : std::nullopt;
  }

  Result<std::vector<FeeScheduleEntry>> schedule(PayerId payer = {}, OrganizationId org = {}) {
    const auto in = org.valid() ? org : org_;
    return app::readValue<std::vector<FeeScheduleEntry>>(
        *db_, [&](Repositories& r) { return fees::scheduleEntries(r, in, payer); });
  }

  /// The schedule as a file (what GET /api/v1/fee-schedule/export answers).
  std::string exported(PayerId payer = {}, OrganizationId org = {}) {
    auto entries = schedule(payer, org);
    EXPECT_TRUE(entries.ok());
    return codecs::csv::writeFeeSchedule(entries.ok() ? *entries : std::vector<FeeScheduleEntry>{});
  }

  Result<app::Page<FeeScheduleEntry>> list(fees::ListQuery q, OrganizationId org = {}) {
    const auto in = org.valid() ? org : org_;
    return app::readValue<app::Page<FeeScheduleEntry>>(
        *db_, [&](Repositories& r) { return fees::listEntries(r, in, q); });
  }

  /// Reads `csv` as the import route and `medoffice import fees` do, then imports it.
  Result<fees::ImportSummary> importCsv(const std::string& csv, PayerId payer = {},
                                        OrganizationId org = {}) {
    std::istringstream in(csv);
    auto file = codecs::csv::readFeeSchedule(in);
    if (!file.ok()) return Error::invalid(file.problems);
    const auto into = org.valid() ? org : org_;
    return app::writeValue<fees::ImportSummary>(*db_, [&](Repositories& r) {
      return fees::importSchedule(r, clock_.now(), into, payer, std::move(file.rows));
    });
  }

  static std::string firstProblem(const Error& e) {
    return e.fields.empty() ? e.message : e.fields[0].field + ": " + e.fields[0].message;
  }

  test::FakeClock clock_;
  std::unique_ptr<storage::Database> db_;
  OrganizationId org_;
  PayerId payer_;
};

TEST_P(FeeSchedules, TheStandardFeeIsTheEntryInForceForTheCodeAndModifierOnTheDate) {
  made(fee("99213", "", 10000, "2025-01-01", "2025-12-31"));
  made(fee("99213", "", 12500, "2026-01-01"));
  made(fee("99213", "25", 13000, "2026-01-01"));
  made(fee("93000", "", 2000, "2026-01-01"));
  made(fee("93000", "26", 800, "2026-01-01", "2026-06-30"));
  made(fee("93000", "TC", 1200, "2026-01-01"));
  made(fee("99214", "", 16000, "2025-01-01", "2025-06-30"));
  made(fee("99215", "", 20000, "2025-01-01"));
  const auto later = made(fee("99215", "", 21000, "2026-01-01"));
  made(fee("g0439", "", 17500, "2026-01-01"));  // stored upper case
  const PayerId standard;
  const Money none = Money::fromCents(-1);
  auto at = [&](const char* code, std::vector<std::string> modifiers, const char* date) {
    return unitFee(standard, code, modifiers, date).value_or(none);
  };

  // The entry in force on the date; effective_to is the last day it applies.
  EXPECT_EQ(at("99213", {}, "2024-12-31"), none) << "nothing before the first entry";
  EXPECT_EQ(at("99213", {}, "2025-01-01"), Money::fromCents(10000));
  EXPECT_EQ(at("99213", {}, "2025-12-31"), Money::fromCents(10000)) << "effective_to inclusive";
  EXPECT_EQ(at("99213", {}, "2026-01-01"), Money::fromCents(12500));
  EXPECT_EQ(at("99214", {}, "2025-06-30"), Money::fromCents(16000));
  EXPECT_EQ(at("99214", {}, "2025-07-01"), none) << "ended, and nothing took over";
  // Two open entries: the one that took effect last, from its first day.
  EXPECT_EQ(at("99215", {}, "2025-12-31"), Money::fromCents(20000));
  EXPECT_EQ(at("99215", {}, "2026-01-01"), Money::fromCents(21000));

  // A modifier's own entry beats the code's plain one while it is in force.
  EXPECT_EQ(at("99213", {"25"}, "2026-02-01"), Money::fromCents(13000));
  EXPECT_EQ(at("99213", {"25"}, "2025-06-01"), Money::fromCents(10000)) << "not yet in force";
  EXPECT_EQ(at("99213", {"59"}, "2026-02-01"), Money::fromCents(12500)) << "no entry for 59";
  EXPECT_EQ(at("93000", {"26"}, "2026-06-30"), Money::fromCents(800));
  EXPECT_EQ(at("93000", {"26"}, "2026-07-01"), Money::fromCents(2000));
  EXPECT_EQ(at("93000", {"59", "tc"}, "2026-03-01"), Money::fromCents(1200)) << "any case";
  EXPECT_EQ(at("93000", {"26", "TC"}, "2026-03-01"), Money::fromCents(800)) << "line's order";
  EXPECT_EQ(at("93000", {"TC", "26"}, "2026-03-01"), Money::fromCents(1200));
  EXPECT_EQ(at("G0439", {}, "2026-01-01"), Money::fromCents(17500));
  EXPECT_EQ(at("g0439", {}, "2026-01-01"), Money::fromCents(17500));
  EXPECT_EQ(at("99999", {}, "2026-01-01"), none);
  EXPECT_EQ(at("not a code", {}, "2026-01-01"), none);

  // Many lines at once answer as one line at a time.
  std::vector<fees::FeeQuestion> lines{
      {"99213", {}, day("2025-12-31")},     {"99213", {"25"}, day("2026-02-01")},
      {"93000", {"26"}, day("2026-07-01")}, {"99214", {}, day("2025-07-01")},
      {"g0439", {}, day("2026-05-05")},     {"x", {}, day("2026-01-01")}};
  auto many = app::readValue<std::vector<std::optional<Money>>>(*db_, [&](Repositories& r) {
    return Result<std::vector<std::optional<Money>>>(fees::unitFees(r, org_, standard, lines));
  });
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(*many, (std::vector<std::optional<Money>>{
                       Money::fromCents(10000), Money::fromCents(13000), Money::fromCents(2000),
                       std::nullopt, Money::fromCents(17500), std::nullopt}));

  // An archived entry prices nothing; the one before it answers again.
  ASSERT_TRUE(setActive(later, false).ok());
  EXPECT_EQ(at("99215", {}, "2026-03-01"), Money::fromCents(20000));
}

TEST_P(FeeSchedules, PayerAllowedAmountsAreKeptApartFromTheStandardFees) {
  const PayerId other = payer(org_, "Lakeside Mutual");
  made(fee("99213", "", 12500, "2026-01-01"));
  made(fee("99214", "", 16000, "2026-01-01"));
  // The same code, modifier and date in a payer's schedule is another entry, not a conflict.
  const auto contracted = made(fee("99213", "", 9000, "2026-01-01", std::nullopt, payer_));
  EXPECT_EQ(contracted.payerId, payer_);

  EXPECT_EQ(unitFee({}, "99213", {}, "2026-03-01"), Money::fromCents(12500));
  EXPECT_EQ(unitFee(payer_, "99213", {}, "2026-03-01"), Money::fromCents(9000));
  EXPECT_EQ(allowed(payer_, "99213", "2026-03-01"), Money::fromCents(9000));
  // Never a fallback from a payer's schedule to the standard fees, nor between payers.
  EXPECT_EQ(allowed(payer_, "99214", "2026-03-01"), std::nullopt);
  EXPECT_EQ(allowed(other, "99213", "2026-03-01"), std::nullopt);
  EXPECT_EQ(allowed(PayerId{}, "99213", "2026-03-01"), std::nullopt) << "no payer, no contract";

  auto standardList = list({PayerId{}, "", {}});
  auto payerList = list({payer_, "", {}});
  ASSERT_TRUE(standardList.ok() && payerList.ok());
  EXPECT_EQ(standardList->items.size(), 2u);
  ASSERT_EQ(payerList->items.size(), 1u);
  EXPECT_EQ(payerList->items[0].id, contracted.id);
  EXPECT_EQ(describe(schedule(payer_).value()), "99213//9000/2026-01-01/-\n");
  EXPECT_TRUE(schedule(other).value().empty());

  // An import into a payer's schedule leaves the standard fees alone.
  auto done = importCsv(
      "code,amount,effective_from\n99213,95.00,2026-01-01\n99214,130.00,2026-01-01\n", payer_);
  ASSERT_TRUE(done.ok()) << firstProblem(done.error());
  EXPECT_EQ(done->added, 1);
  EXPECT_EQ(done->changed, 1);
  EXPECT_EQ(unitFee({}, "99213", {}, "2026-03-01"), Money::fromCents(12500));
  EXPECT_EQ(unitFee({}, "99214", {}, "2026-03-01"), Money::fromCents(16000));
  EXPECT_EQ(allowed(payer_, "99214", "2026-03-01"), Money::fromCents(13000));

  // An entry stays in its schedule.
  auto moved = contracted;
  moved.payerId = other;
  auto refused = update(moved, contracted.meta.version);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(refused.error().fields.at(0).field, "payer_id");
  // A payer that is not one of the practice's is refused naming payer_id.
  refused = create(fee("99213", "", 100, "2026-01-01", std::nullopt, PayerId(987654)));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "payer_id");
}

TEST_P(FeeSchedules, ImportingTheSameFileTwiceChangesNothing) {
  const std::string file =
      "code,modifier,amount,effective_from,effective_to\r\n"
      "99213,,125.00,2026-01-01,\r\n"
      "99213,25,130.00,2026-01-01,\r\n"
      "93000,26,20.50,2026-01-01,2026-06-30\r\n"
      "G0439,,175,2026-01-01,\r\n";
  auto first = importCsv(file);
  ASSERT_TRUE(first.ok()) << firstProblem(first.error());
  EXPECT_EQ(first->added, 4);
  EXPECT_EQ(first->changed + first->unchanged + first->untouched, 0);
  const auto stored = schedule().value();
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(unitFee({}, "93000", {"26"}, "2026-06-30"), Money::fromCents(2050));

  clock_.advanceForTest(60'000'000);
  auto again = importCsv(file);
  ASSERT_TRUE(again.ok()) << firstProblem(again.error());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->changed, 0);
  EXPECT_EQ(again->unchanged, 4);
  // The same file written differently (column order, case, dollar signs) is the same schedule.
  auto same = importCsv(
      "Effective_From,Amount,CODE,Modifier\n"
      "1/1/2026,$125,99213,\n2026-01-01,130,99213,25\n2026-01-01,175.00,g0439,\n");
  ASSERT_TRUE(same.ok()) << firstProblem(same.error());
  EXPECT_EQ(same->unchanged, 3);
  EXPECT_EQ(same->changed + same->added, 0);
  const auto after = schedule().value();
  ASSERT_EQ(after.size(), stored.size());
  for (std::size_t k = 0; k < after.size(); ++k) {
    EXPECT_EQ(after[k].id, stored[k].id);
    EXPECT_EQ(after[k].meta.version, stored[k].meta.version) << "nothing was written";
    EXPECT_EQ(after[k].meta.updatedAt, stored[k].meta.updatedAt);
  }
  // A new amount and a new end date are corrections of the entries in place.
  auto changed = importCsv(
      "code,modifier,amount,effective_from,effective_to\n"
      "99213,,126.00,2026-01-01,\n"
      "93000,26,20.50,2026-01-01,2026-03-31\n");
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->changed, 2);
  EXPECT_EQ(changed->untouched, 2) << "the rows not listed are left as they are";
  EXPECT_EQ(schedule().value().size(), 4u);
  EXPECT_EQ(unitFee({}, "99213", {}, "2026-02-01"), Money::fromCents(12600));
  EXPECT_EQ(unitFee({}, "93000", {"26"}, "2026-04-01"), std::nullopt);
}

TEST_P(FeeSchedules, AnImportThatFailsLeavesTheScheduleAsItWas) {
  std::string big = "code,amount,effective_from\n";
  for (int k = 0; k < 1000; ++k) big += "T" + std::to_string(1000 + k) + ",10.00,2026-01-01\n";
  ASSERT_TRUE(importCsv(big).ok());
  made(fee("99213", "", 12500, "2026-01-01"));
  const std::string before = describe(schedule().value());
  const auto versions = schedule().value();

  // A bad row at the end of a long file: refused as a whole, naming its line and column.
  std::string bad = "code,amount,effective_from\n";
  for (int k = 0; k < 1500; ++k) bad += "N" + std::to_string(1000 + k) + ",1.00,2026-01-01\n";
  bad += "T1000,12.345,2026-01-01\n";
  auto refused = importCsv(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "amount");
  EXPECT_EQ(refused.error().fields.at(0).message, "line 1502: has more than 2 decimals");
  // The same check when the rows reach the use case without the file reader.
  std::vector<fees::ImportRow> rows;
  rows.push_back({fee("T1000", "", 999, "2026-01-01"), 2});
  rows.push_back({fee("T1001", "", 0, "2026-01-01"), 3});
  auto zero = app::writeValue<fees::ImportSummary>(
      *db_, [&](Repositories& r) { return fees::importSchedule(r, clock_.now(), org_, {}, rows); });
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().fields.at(0).field, "amount");
  EXPECT_EQ(zero.error().fields.at(0).message, "line 3: must be more than zero");
  EXPECT_EQ(describe(schedule().value()), before);

  // The database refuses a row in the middle of the writes: the corrections made before it and
  // the rows inserted before it are rolled back with it.
  std::string file = "code,amount,effective_from\n";
  for (int k = 0; k < 10; ++k) file += "T" + std::to_string(1000 + k) + ",11.00,2026-01-01\n";
  for (int k = 0; k < 900; ++k) file += "N" + std::to_string(1000 + k) + ",1.00,2026-01-01\n";
  file += "99213,125.00,2026-01-01\n";  // stored, but hidden from the import's read
  std::istringstream in(file);
  auto read = codecs::csv::readFeeSchedule(in);
  ASSERT_TRUE(read.ok());
  int updates = 0;
  int insertManyCalls = 0;
  auto midway = app::writeValue<fees::ImportSummary>(*db_, [&](Repositories& r) {
    StaleFeeSchedule stale(r.feeSchedules(), "99213");
    WithFeeSchedule repos(r, stale);
    auto out = fees::importSchedule(repos, clock_.now(), org_, {}, std::move(read.rows));
    updates = stale.updates;
    insertManyCalls = stale.insertManyCalls;
    return out;
  });
  ASSERT_FALSE(midway.ok());
  EXPECT_EQ(midway.error().code, ErrorCode::kConflict) << midway.error().message;
  EXPECT_EQ(updates, 10) << "the corrections were written before the refusal";
  EXPECT_EQ(insertManyCalls, 1);
  const auto after = schedule().value();
  EXPECT_EQ(describe(after), before);
  ASSERT_EQ(after.size(), versions.size());
  for (std::size_t k = 0; k < after.size(); ++k) {
    EXPECT_EQ(after[k].meta.version, versions[k].meta.version) << after[k].code;
  }
  EXPECT_EQ(unitFee({}, "T1000", {}, "2026-02-01"), Money::fromCents(1000));
  EXPECT_EQ(unitFee({}, "N1000", {}, "2026-02-01"), std::nullopt);
}

TEST_P(FeeSchedules, AnExportImportsAgainToTheSameSchedule) {
  made(fee("99213", "", 12500, "2025-01-01", "2025-12-31"));
  made(fee("99213", "", 13000, "2026-01-01"));
  made(fee("93000", "26", 1, "2026-01-01", "2026-06-30"));
  made(fee("g0439", "", 17505, "2026-01-01"));
  made(fee("99215", "", std::int64_t{1} << 53, "2026-01-01"));  // the largest fee there is
  const auto archived = made(fee("99214", "", 16000, "2026-01-01"));
  ASSERT_TRUE(setActive(archived, false).ok());
  const std::string text = exported();
  EXPECT_EQ(text,
            "code,modifier,amount,effective_from,effective_to\r\n"
            "93000,26,0.01,2026-01-01,2026-06-30\r\n"
            "99213,,125.00,2025-01-01,2025-12-31\r\n"
            "99213,,130.00,2026-01-01,\r\n"
            "99215,,90071992547409.92,2026-01-01,\r\n"
            "G0439,,175.05,2026-01-01,\r\n")
      << "active entries by code, modifier and effective_from";

  // Into the same schedule: nothing changes. Into a payer's: the same entries.
  auto same = importCsv(text);
  ASSERT_TRUE(same.ok()) << firstProblem(same.error());
  EXPECT_EQ(same->unchanged, 5);
  EXPECT_EQ(same->added + same->changed, 0);
  auto copied = importCsv(text, payer_);
  ASSERT_TRUE(copied.ok()) << firstProblem(copied.error());
  EXPECT_EQ(copied->added, 5);
  EXPECT_EQ(exported(payer_), text);
  EXPECT_EQ(describe(schedule(payer_).value()), describe(schedule().value()));
  // Into another practice's schedule.
  const auto theirs = organization("Desert Medicine", "124567891");
  ASSERT_TRUE(importCsv(text, {}, theirs).ok());
  EXPECT_EQ(exported({}, theirs), text);
}

TEST_P(FeeSchedules, OneActiveEntryPerCodeModifierAndEffectiveFrom) {
  const auto first = made(fee("99213", "", 12500, "2026-01-01"));
  auto taken = create(fee("99213", "", 13000, "2026-01-01"));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  ASSERT_EQ(taken.error().fields.size(), 1u);
  EXPECT_EQ(taken.error().fields[0].field, "effective_from");
  made(fee("G0439", "", 17500, "2026-01-01"));
  taken = create(fee("g0439", "", 100, "2026-01-01"));
  ASSERT_FALSE(taken.ok()) << "codes compare upper case";
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  // Another modifier, another start date or another schedule is another key.
  made(fee("99213", "25", 13000, "2026-01-01"));
  const auto second = made(fee("99213", "", 13500, "2026-07-01"));
  made(fee("99213", "", 9000, "2026-01-01", std::nullopt, payer_));

  // Moving an entry onto a taken key is refused as well.
  auto moved = second;
  moved.effectiveFrom = day("2026-01-01");
  auto refused = update(moved, second.meta.version);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().fields.at(0).field, "effective_from");
  // The database holds the rule too, whatever the use case checks.
  auto direct = app::writeValue<FeeScheduleEntry>(*db_, [&](Repositories& r) {
    auto dup = fee("99213", "", 1, "2026-01-01");
    dup.organizationId = org_;
    return r.feeSchedules().insert(dup, clock_.now());
  });
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().code, ErrorCode::kConflict);

  // An archived entry frees its key; restoring it while another holds the key is refused.
  ASSERT_TRUE(setActive(first, false).ok());
  const auto replacement = made(fee("99213", "", 12600, "2026-01-01"));
  auto archived = app::readValue<FeeScheduleEntry>(*db_, [&](Repositories& r) {
    auto e = r.feeSchedules().get(org_, first.id);
    return e ? Result<FeeScheduleEntry>(*e) : Error::notFound("gone");
  });
  ASSERT_TRUE(archived.ok());
  EXPECT_FALSE(archived->active);
  auto restored = setActive(*archived, true);
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().code, ErrorCode::kConflict);
  EXPECT_EQ(restored.error().fields.at(0).field, "effective_from");
  EXPECT_EQ(unitFee({}, "99213", {}, "2026-03-01"), Money::fromCents(12600));
  // An old version is refused before anything else.
  auto stale = replacement;
  stale.amount = Money::fromCents(1);
  refused = update(stale, replacement.meta.version + 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kVersionMismatch);
  // The archived entry is listed only when asked for.
  auto page = list({PayerId{}, "99213", {"", 50, false}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 3u);
  page = list({PayerId{}, "99213", {"", 50, true}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 4u);
}

TEST_P(FeeSchedules, ValuesAreCheckedNamingTheField) {
  auto field = [&](FeeScheduleEntry e) {
    auto out = create(std::move(e));
    EXPECT_FALSE(out.ok());
    return out.ok() ? std::string() : out.error().fields.at(0).field;
  };
  EXPECT_EQ(field(fee("99213", "", 0, "2026-01-01")), "amount_cents");
  EXPECT_EQ(field(fee("99213", "", -100, "2026-01-01")), "amount_cents");
  EXPECT_EQ(field(fee("99213", "", (std::int64_t{1} << 53) + 1, "2026-01-01")), "amount_cents");
  EXPECT_EQ(field(fee("9921", "", 100, "2026-01-01")), "code");
  EXPECT_EQ(field(fee("99213", "2", 100, "2026-01-01")), "modifier");
  EXPECT_EQ(field(fee("99213", "", 100, "2026-01-01", "2025-12-31")), "effective_to");
  EXPECT_TRUE(schedule().value().empty());
  auto q = list({PayerId{}, "9921", {}});
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().fields.at(0).field, "code");
}

TEST_P(FeeSchedules, APracticeSeesOnlyItsOwnSchedules) {
  const auto theirs = organization("Desert Medicine", "124567891");
  const auto theirPayer = payer(theirs, "Desert Health");
  const auto mine = made(fee("99213", "", 12500, "2026-01-01"));
  made(fee("99213", "", 9000, "2026-01-01", std::nullopt, payer_));

  EXPECT_EQ(unitFee({}, "99213", {}, "2026-03-01", theirs), std::nullopt);
  EXPECT_TRUE(schedule({}, theirs).value().empty());
  EXPECT_TRUE(list({PayerId{}, "", {}}, theirs).value().items.empty());
  auto seen = app::readValue<bool>(*db_, [&](Repositories& r) {
    return Result<bool>(r.feeSchedules().get(theirs, mine.id).has_value());
  });
  EXPECT_FALSE(seen.value());
  auto changed = mine;
  changed.amount = Money::fromCents(1);
  auto refused = update(changed, mine.meta.version, theirs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  refused = setActive(mine, false, theirs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  // Another practice's payer is no payer of this one.
  auto payerRefused = list({payer_, "", {}}, theirs);
  ASSERT_FALSE(payerRefused.ok());
  EXPECT_EQ(payerRefused.error().fields.at(0).field, "payer_id");
  auto importRefused =
      importCsv("code,amount,effective_from\n99213,1,2026-01-01\n", payer_, theirs);
  ASSERT_FALSE(importRefused.ok());
  EXPECT_EQ(importRefused.error().fields.at(0).field, "payer_id");
  EXPECT_FALSE(create(fee("99213", "", 1, "2026-01-01", std::nullopt, payer_), theirs).ok());

  // The same key is free in the other practice, and its import leaves this one alone.
  auto done = importCsv("code,amount,effective_from\n99213,99.00,2026-01-01\n", {}, theirs);
  ASSERT_TRUE(done.ok()) << firstProblem(done.error());
  EXPECT_EQ(done->added, 1);
  ASSERT_TRUE(create(fee("99213", "", 8000, "2026-01-01", std::nullopt, theirPayer), theirs).ok());
  EXPECT_EQ(unitFee({}, "99213", {}, "2026-03-01", theirs), Money::fromCents(9900));
  EXPECT_EQ(unitFee({}, "99213", {}, "2026-03-01"), Money::fromCents(12500));
  EXPECT_EQ(allowed(payer_, "99213", "2026-03-01"), Money::fromCents(9000));
  EXPECT_EQ(schedule().value().size(), 1u);
}

TEST_P(FeeSchedules, AScheduleIsListedPageByPage) {
  std::string file = "code,amount,effective_from\n";
  for (int k = 0; k < 120; ++k) file += "T" + std::to_string(1000 + k) + ",10.00,2026-01-01\n";
  ASSERT_TRUE(importCsv(file).ok());
  fees::ListQuery q;
  q.page.limit = 50;
  std::vector<std::int64_t> ids;
  for (int pages = 0; pages < 5; ++pages) {
    auto page = list(q);
    ASSERT_TRUE(page.ok());
    for (const auto& e : page->items) ids.push_back(e.id.value);
    if (page->nextCursor.empty()) break;
    q.page.cursor = page->nextCursor;
  }
  EXPECT_EQ(ids.size(), 120u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

INSTANTIATE_TEST_SUITE_P(Backends, FeeSchedules, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
