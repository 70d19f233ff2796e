// SPDX-License-Identifier: AGPL-3.0-or-later
// The denials work queue (issue 17, point 5) on every backend. A visit of four lines is billed
// to the primary payer; a remittance (rows written here as the 835 posting writes them) pays two
// lines in part and denies the rest for five reasons, which the posting's call of insertMany
// records. The queue then lists them with their context, ages and suggestions, filters and
// groups them, takes assignments, due dates and notes, and resolves each by an action; the
// ledger is checked against hand-computed balances after the write-off and the transfer to the
// patient.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include "app/billing/encounters.hpp"
#include "app/billing/ledger.hpp"
#include "app/claims/claims.hpp"
#include "app/denials/denials.hpp"
#include "app/registry.hpp"
#include "codecs/claims/x12_claim_formats.hpp"
#include "codecs/pdf/appeal_letter.hpp"
#include "domain/claims/default_rules.hpp"
#include "domain/denials/default_rules.hpp"
#include "integrations/system/system_clock.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "support/practice.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace reg = app::registry;
namespace billing = app::billing;
namespace den = app::denials;
using app::Repositories;
using claims::ClaimState;

Date day(const char* iso) {
  return Date::parse(iso).value();
}

/// 2026-10-21 03:00 UTC: still 2026-10-20 in Springfield (America/Chicago).
constexpr std::int64_t kLateEvening = 1'792'551'600'000'000;

class DenialQueue : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    name_ = std::string("denials_") + info->name();
    std::replace(name_.begin(), name_.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name_);
    clock_.setForTest(1'790'000'000'000'000);  // 2026-09-21
    auto ok = db_->write([&](Repositories& r) -> Status {
      auto practice = test::createPractice(r, tz_, clock_.now());
      if (!practice) return practice.error();
      org_ = practice->org;
      location_ = practice->location;
      provider_ = practice->provider;
      payer_ = practice->payer;
      auto other =
          test::createPractice(r, tz_, clock_.now(), "Lakeside Clinic", "1750384822", "1679576722");
      if (!other) return other.error();
      otherOrg_ = other->org;
      claims::Clearinghouse c;
      c.organizationId = org_;
      c.name = "Test clearinghouse";
      c.submitterId = "SUB1";
      c.receiverId = "CH1";
      c.receiverName = "TEST CLEARINGHOUSE";
      c.contactName = "Billing";
      c.contactPhone = "2175550100";
      c.outbox = "/tmp/out";
      c.inbox = "/tmp/in";
      c.archive = "/tmp/done";
      auto stored = r.claims().insertClearinghouse(c, clock_.now());
      if (!stored) return stored.error();
      biller_ = user(r, "bill.ing", "Bea Biller", Role::kBiller);
      desk_ = user(r, "front.desk", "Fred Desk", Role::kFrontDesk);
      return {};
    });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    patient_ = patient();
  }

  UserId user(Repositories& r, const char* name, const char* display, Role role) {
    User u;
    u.organizationId = org_;
    u.username = name;
    u.displayName = display;
    u.roles = {role};
    auto stored = r.users().insert(u, "not-a-real-hash", clock_.now());
    EXPECT_TRUE(stored.ok());
    return stored.ok() ? stored->id : UserId();
  }

  template <class T, class F>
  Result<T> write(F&& f) {
    return app::writeValue<T>(*db_, [&](Repositories& r) -> Result<T> { return f(r); });
  }
  template <class T, class F>
  T read(F&& f) {
    auto out = app::readValue<T>(*db_, [&](Repositories& r) -> Result<T> { return f(r); });
    EXPECT_TRUE(out.ok()) << out.error().message;
    return out.ok() ? std::move(*out) : T{};
  }

  PatientId patient() {
    auto p = write<Patient>([&](Repositories& r) -> Result<Patient> {
      Patient d;
      d.familyName = "Zoë";
      d.givenName = "Ann";
      d.birthDate = day("1980-02-03");
      d.sex = "female";
      d.address = {"12 Elm St", "Apt 4", "Springfield", "IL", "62704"};
      auto done = reg::registerPatient(r, clock_.now(), org_, d, false);
      if (!done) return done.error();
      Coverage c;
      c.patientId = done->patient.id;
      c.payerId = payer_;
      c.memberId = "XJH123456789";
      c.effectiveDate = day("2025-01-01");
      auto cov = reg::createCoverage(r, clock_.now(), org_, c);
      if (!cov) return cov.error();
      return done->patient;
    });
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? p->id : PatientId();
  }

  /// A finalized visit (charges posted to the primary payer) and its claim, which the payer has
  /// adjudicated (partially paid).
  struct Visit {
    app::ClaimRecord claim;
    std::vector<ChargeLineId> lines;
  };
  Visit visit(std::vector<std::pair<const char*, std::int64_t>> lines) {
    Visit out;
    auto fin =
        write<billing::FinalizeResult>([&](Repositories& r) -> Result<billing::FinalizeResult> {
          Encounter e;
          e.patientId = patient_;
          e.providerId = provider_;
          e.locationId = location_;
          e.diagnoses = {"E119"};
          for (const auto& [code, cents] : lines) {
            ChargeLine l;
            l.code = code;
            l.units = 1;
            l.diagnosisPointers = {1};
            l.charge = Money::fromCents(cents);
            e.lines.push_back(l);
          }
          auto made = billing::createEncounter(r, tz_, clock_.now(), org_, {e, day("2026-09-18")});
          if (!made) return made.error();
          return billing::finalizeEncounter(r, clock_.now(), org_, made->encounter.id, std::nullopt,
                                            biller_.value);
        });
    EXPECT_TRUE(fin.ok()) << fin.error().message;
    if (!fin.ok()) return out;
    EXPECT_EQ(fin->billedTo, Responsibility::kPrimary);
    for (const auto& l : fin->encounter.lines) out.lines.push_back(l.id);
    auto claim = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
      auto made = app::claims::createClaims(r, claimsSetup_, org_, fin->encounter.id, {}, {},
                                            clock_.now(), biller_.value);
      if (!made) return made.error();
      app::ClaimRecord c = made->front();
      c.state = ClaimState::kPartiallyPaid;  // as the posting leaves it
      c.payerClaimNumber = "2026091800123";
      return r.claims().update(c, c.meta.version, clock_.now());
    });
    EXPECT_TRUE(claim.ok()) << claim.error().message;
    if (claim.ok()) out.claim = *claim;
    return out;
  }

  /// A connection of its own, for the rows of the posting's tables no repository here writes.
  std::unique_ptr<storage::SqlConnection> rawConnection() {
    if (GetParam() == "sqlite") {
      const auto path =
          std::filesystem::temp_directory_path() / "medoffice-contract" / (name_ + ".db");
      return std::make_unique<storage::SqliteConnection>(path.string(),
                                                         storage::SqliteConnection::Mode::kWriter);
    }
    return std::make_unique<storage::PgConnection>(std::getenv("MEDOFFICE_TEST_PG_URL"));
  }

  /// A remittance with one claim of it, as the 835 posting records them (written by hand: the
  /// posting's repository is not what this suite tests; only the columns without defaults).
  std::pair<RemittanceId, RemittanceClaimId> remittance(const app::ClaimRecord& claim,
                                                        const std::string& trace) {
    auto c = rawConnection();
    const auto now = sqlInt(clock_.now().micros());
    auto rem = c->query(
        "INSERT INTO remittances (organization_id, payer_key, trace_number, payer_name, "
        "payment_cents, payment_method, payment_date, claims, posted_claims, posted_cents, "
        "provider_adjustment_cents, posted_by, created_at) VALUES "
        "(?, 'PHP01', ?, 'PRAIRIE HEALTH PLAN', 5500, 'CHK', '2026-10-02', 1, 1, 5500, 0, ?, ?) "
        "RETURNING id",
        {sqlInt(claim.organizationId.value), trace, sqlInt(biller_.value), now});
    const std::int64_t remId = rem.at(0).i64(0);
    auto rc = c->query(
        "INSERT INTO remittance_claims (organization_id, remittance_id, position, claim_id, "
        "patient_control_number, status_code, charge_cents, paid_cents, "
        "patient_responsibility_cents, outcome, adjudication, created_at) VALUES "
        "(?, ?, 0, ?, ?, '1', ?, 5500, 0, 'posted', '{}', ?) RETURNING id",
        {sqlInt(claim.organizationId.value), sqlInt(remId), sqlInt(claim.id.value),
         claim.patientControlNumber, sqlInt(claim.total.cents()), now});
    return {RemittanceId(remId), RemittanceClaimId(rc.at(0).i64(0))};
  }
  static storage::SqlValue sqlInt(std::int64_t v) { return v; }

  Denial denial(const app::ClaimRecord& claim, std::pair<RemittanceId, RemittanceClaimId> rem,
                ChargeLineId line, const char* group, const char* carc, std::int64_t cents,
                std::vector<std::string> rarcs = {}, const char* deniedOn = "2026-10-02") {
    Denial d;
    d.organizationId = claim.organizationId;
    d.remittanceId = rem.first;
    d.remittanceClaimId = rem.second;
    d.claimId = claim.id;
    d.lineId = line;
    d.patientId = claim.patientId;
    d.payerId = claim.payerId;
    d.responsibility = 1;
    d.group = group;
    d.carc = carc;
    d.rarcs = std::move(rarcs);
    d.amount = Money::fromCents(cents);
    d.deniedOn = day(deniedOn);
    return d;
  }

  Status insert(const std::vector<Denial>& denials) {
    return db_->write(
        [&](Repositories& r) -> Status { return r.denials().insertMany(denials, clock_.now()); });
  }

  /// Posts what the payer paid or adjusted on a line, as the 835 posting would.
  void postInsurance(ChargeLineId line, ClaimId claim, EntryKind kind, std::int64_t cents,
                     const char* reason = "") {
    auto posted = write<LedgerEntry>([&](Repositories& r) {
      LedgerEntry e;
      e.kind = kind;
      e.lineId = line;
      e.amount = Money::fromCents(cents);
      e.from = Responsibility::kPrimary;
      e.claimId = claim;
      e.reason = reason;
      return billing::postEntry(r, clock_.now(), org_, e, 0);
    });
    ASSERT_TRUE(posted.ok()) << posted.error().message;
  }

  LineBalance balance(ChargeLineId line) {
    return read<LineBalance>([&](Repositories& r) -> Result<LineBalance> {
      auto l = r.ledger().line(org_, line);
      if (!l) return Error::notFound("line");
      return l->balance;
    });
  }

  den::Queue queue(den::QueueRequest request) {
    request.query.organizationId = org_;
    return read<den::Queue>(
        [&](Repositories& r) { return den::listQueue(r, setup_, request, clock_.now()); });
  }

  Result<den::ResolveOutcome> resolve(DenialId id, DenialAction action,
                                      std::optional<std::int64_t> version = std::nullopt,
                                      OrganizationId org = {}) {
    den::ResolveRequest req;
    req.action = action;
    req.expectedVersion = version;
    return write<den::ResolveOutcome>([&](Repositories& r) {
      return den::resolve(r, setup_, org.valid() ? org : org_, id, req, clock_.now(), biller_);
    });
  }

  /// The scenario of the file's heading: returns the denials in insertion order.
  struct Scenario {
    Visit visit;
    std::pair<RemittanceId, RemittanceClaimId> rem;
    /// necessity and frequency (99214), benefit maximum (81002), bundled (93000), missing
    /// information (99212)
    std::vector<app::DenialItem> denials;
  };
  Scenario adjudicatedVisit() {
    Scenario s;
    s.visit = visit(
        {{"99214", 18000}, {"36415", 2500}, {"81002", 4000}, {"93000", 6000}, {"99212", 5000}});
    const auto& v = s.visit;
    EXPECT_EQ(v.lines.size(), 5u);
    if (v.lines.size() != 5) return s;
    s.rem = remittance(v.claim, "EFT0001");
    postInsurance(v.lines[1], v.claim.id, EntryKind::kInsurancePayment, 2000);
    postInsurance(v.lines[1], v.claim.id, EntryKind::kContractualAdjustment, 500, "CO-45");
    postInsurance(v.lines[3], v.claim.id, EntryKind::kInsurancePayment, 3500);
    const Status stored =
        insert({denial(v.claim, s.rem, v.lines[0], "CO", "50", 15000, {"N130"}),
                denial(v.claim, s.rem, v.lines[0], "CO", "151", 3000),
                denial(v.claim, s.rem, v.lines[2], "OA", "119", 4000, {"N130", "N362"}),
                denial(v.claim, s.rem, v.lines[3], "CO", "97", 2500, {"M15"}),
                denial(v.claim, s.rem, v.lines[4], "CO", "16", 5000, {"N290"})});
    EXPECT_TRUE(stored.ok()) << stored.error().message;
    den::QueueRequest all;
    all.query.claimId = v.claim.id;
    all.query.state.reset();
    for (auto& e : queue(all).items) s.denials.push_back(e.item);
    EXPECT_EQ(s.denials.size(), 5u);
    return s;
  }

  std::unique_ptr<storage::Database> db_;
  std::string name_;
  test::FakeClock clock_;
  integrations::SystemTimeZones tz_;
  codecs::X12ClaimFormats formats_;
  app::claims::ClaimsSetup claimsSetup_{
      formats_, std::make_shared<const std::vector<claims::Rule>>(claims::defaultRules()), tz_};
  den::DenialsSetup setup_{std::make_shared<const denials::RuleSet>(denials::defaultRuleSet()),
                           tz_};
  OrganizationId org_, otherOrg_;
  LocationId location_;
  ProviderId provider_;
  PayerId payer_;
  PatientId patient_;
  UserId biller_, desk_;
};

TEST_P(DenialQueue, PostingsDenialsAreListedWithContextAgeAndSuggestion) {
  const Scenario s = adjudicatedVisit();
  ASSERT_EQ(s.denials.size(), 5u);
  clock_.setForTest(kLateEvening);
  const den::Queue q = queue({});
  ASSERT_EQ(q.items.size(), 5u);
  EXPECT_TRUE(q.nextCursor.empty());
  const den::QueueEntry& necessity = q.items[0];
  const Denial& d = necessity.item.denial;
  EXPECT_EQ(d.group, "CO");
  EXPECT_EQ(d.carc, "50");
  EXPECT_EQ(d.rarcs, std::vector<std::string>{"N130"});
  EXPECT_EQ(d.payerId, payer_);
  EXPECT_EQ(d.amount.cents(), 15000);
  EXPECT_EQ(d.state, DenialState::kOpen);
  EXPECT_EQ(d.meta.version, 1);
  EXPECT_EQ(d.deniedOn, day("2026-10-02"));
  EXPECT_EQ(d.lineId, s.visit.lines[0]);
  EXPECT_EQ(d.remittanceClaimId, s.rem.second);
  // 2026-10-02 to 2026-10-20, the date in Springfield (it is already the 21st in UTC).
  EXPECT_EQ(necessity.ageDays, 18);
  EXPECT_EQ(necessity.bucket, AgeBucket::k0To30);
  EXPECT_EQ(necessity.suggestion.action, DenialAction::kAppeal);
  EXPECT_EQ(necessity.suggestion.ruleId, "medical_necessity");
  EXPECT_EQ(necessity.suggestion.dueOn, day("2026-12-01"));
  EXPECT_EQ(necessity.item.patientFamilyName, "Zoë");
  EXPECT_EQ(necessity.item.patientGivenName, "Ann");
  EXPECT_EQ(necessity.item.patientControlNumber, s.visit.claim.patientControlNumber);
  EXPECT_EQ(necessity.item.claimState, ClaimState::kPartiallyPaid);
  EXPECT_EQ(necessity.item.procedureCode, "99214");
  EXPECT_EQ(necessity.item.lineCharge.cents(), 18000);
  EXPECT_EQ(necessity.item.serviceDate, day("2026-09-18"));
  EXPECT_EQ(necessity.item.payerName, "Prairie Health Plan");
  EXPECT_EQ(necessity.item.locationId, location_);
  EXPECT_EQ(necessity.item.stillOwed.cents(), 18000) << "nothing paid on the line";
  EXPECT_EQ(q.items[2].suggestion.action, DenialAction::kBillPatient);
  EXPECT_EQ(q.items[2].item.denial.rarcs, (std::vector<std::string>{"N130", "N362"}));
  EXPECT_EQ(q.items[3].suggestion.action, DenialAction::kWriteOff);
  EXPECT_EQ(q.items[3].item.stillOwed.cents(), 2500) << "6000 billed, 3500 paid";
  EXPECT_EQ(q.items[4].suggestion.ruleId, "missing_information.rendering_provider");
  EXPECT_EQ(q.items[4].suggestion.action, DenialAction::kCorrectAndResubmit);
  // Another practice sees none of them.
  den::QueueRequest foreign;
  foreign.query.organizationId = otherOrg_;
  auto theirs = read<den::Queue>(
      [&](Repositories& r) { return den::listQueue(r, setup_, foreign, clock_.now()); });
  EXPECT_TRUE(theirs.items.empty());
  auto missing = write<den::DenialDetail>(
      [&](Repositories& r) { return den::getDenial(r, setup_, otherOrg_, d.id, clock_.now()); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// The ledger's copied keys (migration 0014 took their foreign keys away): verify names every
// entry whose patient, encounter or remittance claim disagrees with where it came from.
TEST_P(DenialQueue, VerifyNamesEntriesWhoseCopiedKeysDisagreeWithTheirSources) {
  const Visit v = visit({{"99213", 12500}});
  ASSERT_EQ(v.lines.size(), 1u);
  auto raw = rawConnection();
  const auto charge = raw->query(
      "SELECT id, account_id, patient_id, encounter_id, kind FROM ledger_entries WHERE line_id "
      "= ? ORDER BY id",
      {std::int64_t{v.lines[0].value}});
  ASSERT_EQ(charge.size(), 1u);
  const std::int64_t account = charge[0].i64(1), patient = charge[0].i64(2),
                     encounter = charge[0].i64(3);
  const std::string insert =
      "INSERT INTO ledger_entries (organization_id, account_id, patient_id, encounter_id, "
      "line_id, kind, amount_cents, reason, d_primary, d_secondary, d_tertiary, d_patient, "
      "d_credit, posted_by, posted_at, created_at, remittance_claim_id) VALUES (?, ?, ?, ?, ?, ?, "
      "1, 'written by hand', 0, 0, 0, 0, 0, 1, 0, 0, ?) RETURNING id";
  // On the line, with another patient and encounter, and a remittance claim that is not there.
  const auto onLine =
      raw->query(insert, {std::int64_t{org_.value}, account, patient + 1000, encounter + 1000,
                          std::int64_t{v.lines[0].value}, charge[0].text(4), std::int64_t{999999}});
  // On the account (no line), with a patient and an encounter that do not exist.
  const auto onAccount =
      raw->query(insert, {std::int64_t{org_.value}, account, patient + 1000, encounter + 1000,
                          storage::SqlValue(storage::sqlNull()), charge[0].text(4),
                          storage::SqlValue(storage::sqlNull())});
  ASSERT_EQ(onLine.size(), 1u);
  ASSERT_EQ(onAccount.size(), 1u);
  const std::string a = "entry " + std::to_string(onLine[0].i64(0));
  const std::string b = "entry " + std::to_string(onAccount[0].i64(0));
  const auto mismatches = read<std::vector<app::LedgerRepository::Mismatch>>(
      [&](Repositories& r) { return r.ledger().verify(org_); });
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> found;
  for (const auto& m : mismatches) found[m.what] = {m.running, m.summed};
  using P = std::pair<std::int64_t, std::int64_t>;
  EXPECT_EQ(found[a + " patient"], P(patient + 1000, patient));
  EXPECT_EQ(found[a + " encounter"], P(encounter + 1000, encounter));
  EXPECT_EQ(found[a + " remittance claim"], P(999999, 0));
  EXPECT_EQ(found[b + " patient"], P(patient + 1000, 0));
  EXPECT_EQ(found[b + " encounter"], P(encounter + 1000, 0));
  // And the account's count of entries, which the hand-written rows did not go through.
  EXPECT_EQ(found["account " + std::to_string(account) + " entries"].second -
                found["account " + std::to_string(account) + " entries"].first,
            2);
  EXPECT_EQ(mismatches.size(), 6u);
}

TEST_P(DenialQueue, InsertManyRefusesABadDenialBeforeWritingAny) {
  const Visit v = visit({{"99213", 12500}});
  ASSERT_EQ(v.lines.size(), 1u);
  const auto rem = remittance(v.claim, "EFT0002");
  Denial bad = denial(v.claim, rem, v.lines[0], "CO", "fifty", 100);
  bad.amount = Money::fromCents(0);
  const Status s = insert({denial(v.claim, rem, v.lines[0], "CO", "16", 100), bad});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  std::vector<std::string> fields;
  for (const auto& f : s.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"denials[1].carc", "denials[1].amount_cents"}));
  den::QueueRequest all;
  all.query.state.reset();
  EXPECT_TRUE(queue(all).items.empty());
}

TEST_P(DenialQueue, ManyDenialsGoInFewStatementsAndAllArrive) {
  const Visit v = visit({{"99213", 12500}, {"36415", 2500}});
  ASSERT_EQ(v.lines.size(), 2u);
  const auto rem = remittance(v.claim, "EFT0003");
  std::vector<Denial> many;
  // 300 = 128 + 128 + 32 + 8 + 4: five statements of the fixed sizes.
  for (int i = 0; i < 300; ++i) {
    many.push_back(denial(v.claim, rem, v.lines[i % 2], i % 3 == 0 ? "OA" : "CO",
                          i % 2 == 0 ? "16" : "97", 100 + i));
  }
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(insert(many).ok());
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::printf("[ denials ] %s: 300 denials inserted in %.2f ms\n", GetParam().c_str(), ms);
  den::QueueRequest byReason;
  byReason.groupBy = den::GroupBy::kReason;
  byReason.query.page.limit = 200;
  const den::Queue first = queue(byReason);
  EXPECT_EQ(first.items.size(), 200u);
  ASSERT_FALSE(first.nextCursor.empty());
  std::int64_t count = 0;
  std::int64_t cents = 0;
  for (const auto& g : first.groups) {
    count += g.count;
    cents += g.amount.cents();
  }
  EXPECT_EQ(count, 300);
  EXPECT_EQ(cents, 300 * 100 + 299 * 300 / 2);
  ASSERT_EQ(first.groups.size(), 4u);  // CO-16, CO-97, OA-16, OA-97
  byReason.query.page.cursor = first.nextCursor;
  const den::Queue second = queue(byReason);
  EXPECT_EQ(second.items.size(), 100u);
  EXPECT_TRUE(second.nextCursor.empty());
  EXPECT_EQ(second.items.back().item.denial.amount.cents(), 399);
}

TEST_P(DenialQueue, TheQueueFiltersAndGroupsByReasonPayerAndAge) {
  const Visit v = visit({{"99213", 12500}, {"36415", 2500}});
  ASSERT_EQ(v.lines.size(), 2u);
  const auto rem = remittance(v.claim, "EFT0004");
  ASSERT_TRUE(insert({denial(v.claim, rem, v.lines[0], "CO", "50", 1000, {}, "2026-10-20"),
                      denial(v.claim, rem, v.lines[1], "CO", "50", 2000, {}, "2026-09-20"),
                      denial(v.claim, rem, v.lines[0], "PI", "204", 4000, {}, "2026-08-21"),
                      denial(v.claim, rem, v.lines[1], "CO", "16", 8000, {"MA130"}, "2026-06-01")})
                  .ok());
  clock_.setForTest(kLateEvening);  // 2026-10-20 in Springfield
  den::QueueRequest byAge;
  byAge.groupBy = den::GroupBy::kAge;
  const den::Queue aged = queue(byAge);
  ASSERT_EQ(aged.items.size(), 4u);
  EXPECT_EQ(aged.items[0].ageDays, 0);
  EXPECT_EQ(aged.items[1].ageDays, 30);
  EXPECT_EQ(aged.items[2].ageDays, 60);
  EXPECT_EQ(aged.items[3].ageDays, 141);
  ASSERT_EQ(aged.groups.size(), 3u);
  EXPECT_EQ(aged.groups[0].bucket, AgeBucket::k0To30);
  EXPECT_EQ(aged.groups[0].count, 2);
  EXPECT_EQ(aged.groups[0].amount.cents(), 3000);
  EXPECT_EQ(aged.groups[1].bucket, AgeBucket::k31To60);
  EXPECT_EQ(aged.groups[1].amount.cents(), 4000);
  EXPECT_EQ(aged.groups[2].bucket, AgeBucket::k91Plus);

  den::QueueRequest old;
  old.age = AgeBucket::k31To60;
  const den::Queue middle = queue(old);
  ASSERT_EQ(middle.items.size(), 1u);
  EXPECT_EQ(middle.items[0].item.denial.carc, "204");

  den::QueueRequest byReason;
  byReason.groupBy = den::GroupBy::kReason;
  const den::Queue reasons = queue(byReason);
  ASSERT_EQ(reasons.groups.size(), 3u);
  EXPECT_EQ(reasons.groups[0].key, "CO-16 MA130") << "the largest amount first";
  EXPECT_EQ(reasons.groups[0].rarcs, std::vector<std::string>{"MA130"});
  EXPECT_EQ(reasons.groups[1].key, "PI-204");
  EXPECT_EQ(reasons.groups[2].key, "CO-50");
  EXPECT_EQ(reasons.groups[2].count, 2);

  den::QueueRequest byPayer;
  byPayer.groupBy = den::GroupBy::kPayer;
  byPayer.query.carc = "50";
  const den::Queue payers = queue(byPayer);
  EXPECT_EQ(payers.items.size(), 2u);
  ASSERT_EQ(payers.groups.size(), 1u);
  EXPECT_EQ(payers.groups[0].payerId, payer_);
  EXPECT_EQ(payers.groups[0].payerName, "Prairie Health Plan");
  EXPECT_EQ(payers.groups[0].amount.cents(), 3000);

  den::QueueRequest pi;
  pi.query.group = "PI";
  EXPECT_EQ(queue(pi).items.size(), 1u);
  den::QueueRequest otherPayer;
  otherPayer.query.payerId = PayerId(payer_.value + 1000);
  EXPECT_TRUE(queue(otherPayer).items.empty());
  den::QueueRequest unassigned;
  unassigned.query.assignedTo = UserId();
  EXPECT_EQ(queue(unassigned).items.size(), 4u);
}

TEST_P(DenialQueue, AssignmentDueDatesAndNotesAreKeptWithTheirVersion) {
  const Scenario s = adjudicatedVisit();
  ASSERT_EQ(s.denials.size(), 5u);
  const DenialId id = s.denials[0].denial.id;
  den::DenialEdits edits;
  edits.assignedTo = biller_;
  edits.dueOn = day("2026-10-15");
  auto edited = write<den::QueueEntry>([&](Repositories& r) {
    return den::editDenial(r, setup_, org_, id, edits, 1, clock_.now());
  });
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->item.denial.assignedTo, biller_);
  EXPECT_EQ(edited->item.denial.meta.version, 2);
  EXPECT_EQ(edited->suggestion.dueOn, day("2026-10-15")) << "the date set wins over the rule's";
  // A stale version changes nothing.
  den::DenialEdits later;
  later.dueOn = std::optional<Date>();
  auto stale = write<den::QueueEntry>([&](Repositories& r) {
    return den::editDenial(r, setup_, org_, id, later, 1, clock_.now());
  });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionMismatch);
  // The front desk does not work denials.
  den::DenialEdits toDesk;
  toDesk.assignedTo = desk_;
  auto refused = write<den::QueueEntry>([&](Repositories& r) {
    return den::editDenial(r, setup_, org_, id, toDesk, std::nullopt, clock_.now());
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "assigned_to");
  // Mine, and nobody's.
  den::QueueRequest mine;
  mine.query.assignedTo = biller_;
  ASSERT_EQ(queue(mine).items.size(), 1u);
  EXPECT_EQ(queue(mine).items[0].item.denial.id, id);
  den::QueueRequest nobodys;
  nobodys.query.assignedTo = UserId();
  EXPECT_EQ(queue(nobodys).items.size(), 4u);

  auto note = write<app::DenialNote>([&](Repositories& r) {
    return den::addNote(r, org_, id, "Called the payer: send the notes with the appeal.\nRef 778.",
                        clock_.now(), biller_);
  });
  ASSERT_TRUE(note.ok()) << note.error().message;
  auto blank = write<app::DenialNote>(
      [&](Repositories& r) { return den::addNote(r, org_, id, "  \n ", clock_.now(), biller_); });
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().fields.at(0).field, "body");
  auto detail = write<den::DenialDetail>(
      [&](Repositories& r) { return den::getDenial(r, setup_, org_, id, clock_.now()); });
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->notes.size(), 1u);
  EXPECT_EQ(detail->notes[0].authorName, "Bea Biller");
  EXPECT_EQ(detail->notes[0].body, "Called the payer: send the notes with the appeal.\nRef 778.");
  EXPECT_EQ(detail->entry.item.denial.meta.version, 2) << "a note does not change the denial";
}

TEST_P(DenialQueue, EachActionResolvesItsDenialAndTheLedgerBalancesByHand) {
  const Scenario s = adjudicatedVisit();
  ASSERT_EQ(s.denials.size(), 5u);
  const auto& lines = s.visit.lines;
  // Before: 99214 owes 180.00 (nothing paid), 36415 is settled (20.00 paid, 5.00 CO-45),
  // 81002 owes 40.00, 93000 owes 25.00 (35.00 paid), 99212 owes 50.00.
  EXPECT_EQ(balance(lines[0]).of(Responsibility::kPrimary).cents(), 18000);
  EXPECT_EQ(balance(lines[1]).total().cents(), 0);
  EXPECT_EQ(balance(lines[2]).of(Responsibility::kPrimary).cents(), 4000);
  EXPECT_EQ(balance(lines[3]).of(Responsibility::kPrimary).cents(), 2500);

  // Write off the bundled 93000: 25.00 leaves the primary's place.
  auto off = resolve(s.denials[3].denial.id, DenialAction::kWriteOff, 1);
  ASSERT_TRUE(off.ok()) << off.error().message;
  ASSERT_EQ(off->entries.size(), 1u);
  EXPECT_EQ(off->entries[0].kind, EntryKind::kWriteOff);
  EXPECT_EQ(off->entries[0].amount.cents(), 2500);
  EXPECT_EQ(off->entries[0].from, Responsibility::kPrimary);
  EXPECT_EQ(off->entries[0].reason, "CO-97");
  EXPECT_EQ(off->entries[0].claimId, s.visit.claim.id);
  EXPECT_EQ(off->posted.cents(), 2500);
  EXPECT_EQ(off->entry.item.denial.state, DenialState::kResolved);
  EXPECT_EQ(off->entry.item.denial.resolution, DenialResolution::kWrittenOff);
  EXPECT_EQ(off->entry.item.denial.resolvedBy, biller_);
  EXPECT_EQ(off->entry.item.denial.meta.version, 2);
  EXPECT_EQ(off->entry.item.stillOwed.cents(), 0);
  EXPECT_EQ(balance(lines[3]).total().cents(), 0);

  // Bill the patient for the 81002 beyond the plan's maximum: 40.00 moves to the patient.
  auto billed = resolve(s.denials[2].denial.id, DenialAction::kBillPatient);
  ASSERT_TRUE(billed.ok()) << billed.error().message;
  ASSERT_EQ(billed->entries.size(), 1u);
  EXPECT_EQ(billed->entries[0].kind, EntryKind::kTransfer);
  EXPECT_EQ(billed->entries[0].to, Responsibility::kPatient);
  EXPECT_EQ(billed->entries[0].reason, "OA-119");
  EXPECT_EQ(billed->entry.item.denial.resolution, DenialResolution::kBilledPatient);
  EXPECT_EQ(balance(lines[2]).of(Responsibility::kPrimary).cents(), 0);
  EXPECT_EQ(balance(lines[2]).patient().cents(), 4000);

  // Appeal the necessity and frequency denials of the 99214: the claim becomes appealed (once),
  // the money stays with the payer.
  auto appealed = resolve(s.denials[0].denial.id, DenialAction::kAppeal);
  ASSERT_TRUE(appealed.ok()) << appealed.error().message;
  EXPECT_TRUE(appealed->entries.empty());
  ASSERT_TRUE(appealed->claim.has_value());
  EXPECT_EQ(appealed->claim->state, ClaimState::kAppealed);
  EXPECT_EQ(appealed->entry.item.denial.resolution, DenialResolution::kAppealed);
  auto history = read<std::vector<app::ClaimHistoryEntry>>(
      [&](Repositories& r) -> Result<std::vector<app::ClaimHistoryEntry>> {
        return r.claims().history(org_, s.visit.claim.id);
      });
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().from, ClaimState::kPartiallyPaid);
  EXPECT_EQ(history.back().to, ClaimState::kAppealed);
  EXPECT_NE(history.back().note.find("CO-50"), std::string::npos);
  auto second = resolve(s.denials[1].denial.id, DenialAction::kAppeal);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->claim->state, ClaimState::kAppealed);
  EXPECT_EQ(second->claim->meta.version, appealed->claim->meta.version) << "appealed already";

  // The letter argues both appealed denials, not the open one of the 99212.
  auto letter = write<den::AppealLetter>([&](Repositories& r) {
    return den::appealLetter(r, setup_, org_, s.denials[0].denial.id, clock_.now(), biller_);
  });
  ASSERT_TRUE(letter.ok()) << letter.error().message;
  ASSERT_EQ(letter->lines.size(), 2u);
  EXPECT_EQ(letter->lines[0].carc, "50");
  EXPECT_EQ(letter->lines[1].carc, "151");
  EXPECT_EQ(letter->lines[0].procedureCode, "99214");
  EXPECT_EQ(letter->memberId, "XJH123456789");
  EXPECT_EQ(letter->payer.name, "Prairie Health Plan");
  EXPECT_EQ(letter->signer, "Bea Biller");
  const auto view = codecs::pdf::appealLetterView(*letter);
  EXPECT_NE(view.body.find("you denied $180.00"), std::string::npos) << view.body;
  EXPECT_NE(view.body.find("2026091800123"), std::string::npos);
  auto pdf = codecs::pdf::renderAppealLetter(codecs::pdf::FontFiles::dejavu(), view);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);

  // The missing rendering provider: correct and resubmit answers the claim to replace.
  EXPECT_EQ(s.denials[4].denial.carc, "16");
  auto resubmit = resolve(s.denials[4].denial.id, DenialAction::kCorrectAndResubmit);
  ASSERT_TRUE(resubmit.ok()) << resubmit.error().message;
  EXPECT_TRUE(resubmit->entries.empty());
  ASSERT_TRUE(resubmit->claim.has_value());
  EXPECT_EQ(resubmit->claim->id, s.visit.claim.id);
  EXPECT_EQ(resubmit->entry.item.denial.resolution, DenialResolution::kResubmitted);

  // After: the payer still owes the appealed 180.00 and the resubmitted 50.00; the patient owes
  // 40.00; nothing else.
  EXPECT_EQ(balance(lines[0]).of(Responsibility::kPrimary).cents(), 18000);
  EXPECT_EQ(balance(lines[4]).of(Responsibility::kPrimary).cents(), 5000);
  EXPECT_EQ(balance(lines[0]).patient().cents(), 0);
  EXPECT_EQ(balance(lines[1]).total().cents(), 0);
  EXPECT_EQ(balance(lines[3]).total().cents(), 0);
  const auto owed = read<LineBalance>([&](Repositories& r) -> Result<LineBalance> {
    return r.ledger().patientBalance(org_, patient_);
  });
  EXPECT_EQ(owed.insurance().cents(), 23000);
  EXPECT_EQ(owed.patient().cents(), 4000);
  const auto mismatches = read<std::vector<app::LedgerRepository::Mismatch>>(
      [&](Repositories& r) { return r.ledger().verify(org_); });
  EXPECT_TRUE(mismatches.empty());
  // Nothing is open any more.
  den::QueueRequest open;
  open.query.state = DenialState::kOpen;
  EXPECT_TRUE(queue(open).items.empty());
  den::QueueRequest resolved;
  resolved.query.state = DenialState::kResolved;
  EXPECT_EQ(queue(resolved).items.size(), 5u);
}

TEST_P(DenialQueue, AResolvedDenialAStaleVersionAndAnUnappealableClaimChangeNothing) {
  const Scenario s = adjudicatedVisit();
  ASSERT_EQ(s.denials.size(), 5u);
  const DenialId bundled = s.denials[3].denial.id;
  auto stale = resolve(bundled, DenialAction::kWriteOff, 7);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionMismatch);
  ASSERT_TRUE(resolve(bundled, DenialAction::kWriteOff).ok());
  auto twice = resolve(bundled, DenialAction::kWriteOff);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(balance(s.visit.lines[3]).total().cents(), 0) << "written off once";
  auto foreign =
      resolve(s.denials[2].denial.id, DenialAction::kBillPatient, std::nullopt, otherOrg_);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(balance(s.visit.lines[2]).of(Responsibility::kPrimary).cents(), 4000);

  // A claim that is still batched cannot be appealed: the refusal names its state, and the
  // denial stays open.
  auto claim = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
    auto c = r.claims().get(org_, s.visit.claim.id);
    c->state = ClaimState::kBatched;
    return r.claims().update(*c, c->meta.version, clock_.now());
  });
  ASSERT_TRUE(claim.ok());
  auto refused = resolve(s.denials[0].denial.id, DenialAction::kAppeal);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("batched"), std::string::npos);
  den::QueueRequest open;
  open.query.claimId = s.visit.claim.id;
  open.query.state = DenialState::kOpen;
  EXPECT_EQ(queue(open).items.size(), 4u);
}

TEST_P(DenialQueue, AClaimLevelDenialIsWorkedOnTheClaimsLinesInOrder) {
  const Visit v = visit({{"99213", 10000}, {"36415", 5000}});
  ASSERT_EQ(v.lines.size(), 2u);
  const auto rem = remittance(v.claim, "EFT0005");
  ASSERT_TRUE(insert({denial(v.claim, rem, ChargeLineId(), "CO", "16", 12000, {"MA130"})}).ok());
  den::QueueRequest all;
  const den::Queue q = queue(all);
  ASSERT_EQ(q.items.size(), 1u);
  EXPECT_FALSE(q.items[0].item.denial.lineId.valid());
  EXPECT_EQ(q.items[0].item.stillOwed.cents(), 15000) << "what the claim's lines owe";
  EXPECT_EQ(q.items[0].suggestion.ruleId, "missing_information.incomplete");
  // The payer paid 20.00 on the second line meanwhile: the write-off takes at most what is left.
  postInsurance(v.lines[1], v.claim.id, EntryKind::kInsurancePayment, 2000);
  auto off = resolve(q.items[0].item.denial.id, DenialAction::kWriteOff);
  ASSERT_TRUE(off.ok()) << off.error().message;
  ASSERT_EQ(off->entries.size(), 2u);
  EXPECT_EQ(off->entries[0].lineId, v.lines[0]);
  EXPECT_EQ(off->entries[0].amount.cents(), 10000);
  EXPECT_EQ(off->entries[1].lineId, v.lines[1]);
  EXPECT_EQ(off->entries[1].amount.cents(), 2000);
  EXPECT_EQ(off->posted.cents(), 12000);
  EXPECT_EQ(balance(v.lines[0]).total().cents(), 0);
  EXPECT_EQ(balance(v.lines[1]).of(Responsibility::kPrimary).cents(), 1000);
}

TEST_P(DenialQueue, AReversalResolvesTheOpenDenialsOfItsRemittanceClaim) {
  const Scenario s = adjudicatedVisit();
  ASSERT_EQ(s.denials.size(), 5u);
  ASSERT_TRUE(resolve(s.denials[3].denial.id, DenialAction::kWriteOff).ok());
  auto n = write<std::int64_t>([&](Repositories& r) -> Result<std::int64_t> {
    return r.denials().resolveOpen(org_, s.visit.claim.id, s.rem.second,
                                   DenialResolution::kReversed, UserId(), clock_.now());
  });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 4);
  den::QueueRequest all;
  all.query.state.reset();
  for (const auto& e : queue(all).items) {
    EXPECT_EQ(e.item.denial.state, DenialState::kResolved);
    if (e.item.denial.id == s.denials[3].denial.id) {
      EXPECT_EQ(e.item.denial.resolution, DenialResolution::kWrittenOff);
    } else {
      EXPECT_EQ(e.item.denial.resolution, DenialResolution::kReversed);
      EXPECT_EQ(e.item.denial.meta.version, 2);
    }
  }
}

TEST_P(DenialQueue, TheAssigneesAreTheActiveUsersWhoMayWorkDenials) {
  UserId manager, gone, elsewhere;
  auto ok = db_->write([&](Repositories& r) -> Status {
    manager = user(r, "man.ager", "Al Manager", Role::kManager);
    gone = user(r, "gone.biller", "Abe Gone", Role::kBiller);
    auto g = r.users().get(org_, gone);
    if (!g) return Error::notFound("gone");
    g->active = false;
    if (auto u = r.users().update(*g, g->meta.version, clock_.now()); !u) return u.error();
    User other;
    other.organizationId = otherOrg_;
    other.username = "lake.biller";
    other.displayName = "Aaron Lakeside";
    other.roles = {Role::kBiller};
    auto stored = r.users().insert(other, "not-a-real-hash", clock_.now());
    if (!stored) return stored.error();
    elsewhere = stored->id;
    return {};
  });
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  auto list =
      read<std::vector<den::Assignee>>([&](Repositories& r) -> Result<std::vector<den::Assignee>> {
        return den::assignees(r, org_);
      });
  // By name; not the front desk, the deactivated biller or the other practice's biller.
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, manager);
  EXPECT_EQ(list[0].displayName, "Al Manager");
  EXPECT_EQ(list[1].id, biller_);
  EXPECT_EQ(list[1].displayName, "Bea Biller");
  auto theirs =
      read<std::vector<den::Assignee>>([&](Repositories& r) -> Result<std::vector<den::Assignee>> {
        return den::assignees(r, otherOrg_);
      });
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0].id, elsewhere);
  // Every one offered is accepted as the assignee.
  const Scenario s = adjudicatedVisit();
  ASSERT_FALSE(s.denials.empty());
  for (const auto& a : list) {
    den::DenialEdits edits;
    edits.assignedTo = a.id;
    auto edited = write<den::QueueEntry>([&](Repositories& r) {
      return den::editDenial(r, setup_, org_, s.denials[0].denial.id, edits, std::nullopt,
                             clock_.now());
    });
    ASSERT_TRUE(edited.ok()) << edited.error().message;
    EXPECT_EQ(edited->item.denial.assignedTo, a.id);
  }
}

TEST_P(DenialQueue, InsertManySpeed) {
  const Visit v = visit({{"99213", 12500}});
  ASSERT_EQ(v.lines.size(), 1u);
  const auto rem = remittance(v.claim, "EFT0006");
  std::vector<Denial> many;
  for (int i = 0; i < 20000; ++i) {
    many.push_back(denial(v.claim, rem, v.lines[0], "CO", i % 2 == 0 ? "50" : "97", 100, {"N130"}));
  }
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(insert(many).ok());
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("[ denials ] %s: 20,000 denials in one transaction: %.3f s, %.0f rows/s\n",
              GetParam().c_str(), s, 20000 / s);
  den::QueueRequest byReason;
  byReason.groupBy = den::GroupBy::kReason;
  byReason.query.page.limit = 1;
  const den::Queue q = queue(byReason);
  std::int64_t count = 0;
  for (const auto& g : q.groups) count += g.count;
  EXPECT_EQ(count, 20000);
}

INSTANTIATE_TEST_SUITE_P(Denials, DenialQueue, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

TEST(DenialsSetup, PostgresIsPresentWhenRequired) {
  if (std::getenv("MEDOFFICE_REQUIRE_PG")) {
    ASSERT_EQ(test::contractBackends().size(), 2u)
        << "MEDOFFICE_REQUIRE_PG is set but MEDOFFICE_TEST_PG_URL is not";
  }
}

}  // namespace
}  // namespace medoffice
