// SPDX-License-Identifier: AGPL-3.0-or-later
// Money back (issue 17) on every backend: 835 remittances posted to the ledger with
// hand-computed balances; the same ERA twice; an unbalanced file; claims of no one or of
// another practice; denials left owed; a reversal and its correction; patient responsibility
// to the next payer; and the fixtures of ../shared/fixtures/x12/835 posted against claims set
// up from their own contents.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/billing/encounters.hpp"
#include "app/billing/ledger.hpp"
#include "app/claims/claims.hpp"
#include "app/registry.hpp"
#include "app/remittances/remittances.hpp"
#include "codecs/claims/x12_claim_formats.hpp"
#include "codecs/remittances/x12_remittance_formats.hpp"
#include "domain/claims/default_rules.hpp"
#include "storage/sql/repositories.hpp"
#include "support/practice.hpp"
#include "support/shared_dir.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace reg = app::registry;
namespace billing = app::billing;
namespace rm = app::remittances;
namespace rem = domain::remittances;
using app::Repositories;
using claims::ClaimState;

Date day(const char* iso) {
  return Date::parse(iso).value();
}

std::string why(const Error& e) {
  std::string s = e.message;
  for (const auto& f : e.fields) s += "; " + f.field + ": " + f.message;
  return s;
}

struct Line {
  std::string code;
  std::vector<std::string> modifiers;
  std::int64_t cents = 0;
};

struct Made {
  ClaimId claim;
  EncounterId encounter;
  PatientId patient;
  std::vector<ChargeLineId> lines;
  std::string number;  ///< CLM01
};

/// An 835 with one transaction set: `claims` are the 2100/2110 segments (without '~').
std::string era(const std::string& trace, const std::string& paid,
                const std::vector<std::string>& claims, const std::string& payerId = "ACME01",
                const std::vector<std::string>& tail = {}) {
  std::vector<std::string> body = {"ST*835*0001*005010X221A1",
                                   "BPR*I*" + paid + "*C*CHK************20260930",
                                   "TRN*1*" + trace + "*1512345678",
                                   "N1*PR*ACME HEALTH PLAN",
                                   "N3*100 INSURANCE WAY",
                                   "N4*HARTFORD*CT*06101",
                                   "REF*2U*" + payerId,
                                   "PER*BL*EDI SUPPORT*TE*8005550188",
                                   "N1*PE*RIVERSIDE FAMILY PRACTICE*XX*1234567893",
                                   "LX*1"};
  for (const auto& c : claims) body.push_back(c);
  for (const auto& t : tail) body.push_back(t);
  std::string text =
      "ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*MEDOFFICE      *260930*1030*^*00501*"
      "000000501*0*P*:~GS*HP*ACMEHEALTH*MEDOFFICE*20260930*1030*501*X*005010X221A1~";
  for (const auto& s : body) text += s + "~";
  text += "SE*" + std::to_string(body.size() + 1) + "*0001~GE*1*501~IEA*1*000000501~";
  return text;
}

class Remittances : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("remit_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
    clock_.setForTest(1'790'000'000'000'000);  // 2026-09-21
    auto ok = db_->write([&](Repositories& r) -> Status {
      auto practice = test::createPractice(r, zones_, clock_.now());
      if (!practice) return practice.error();
      org_ = practice->org;
      location_ = practice->location;
      provider_ = practice->provider;
      payer_ = practice->payer;
      auto other = test::createPractice(r, zones_, clock_.now(), "Lakeside Clinic", "1750384822",
                                        "1679576722");
      if (!other) return other.error();
      otherOrg_ = other->org;
      Payer second;
      second.name = "Second Mutual";
      second.x12PayerId = "SECOND1";
      second.claimFilingIndicator = "CI";
      auto stored = reg::createPayer(r, clock_.now(), org_, second);
      if (!stored) return stored.error();
      secondPayer_ = stored->id;
      return {};
    });
    ASSERT_TRUE(ok.ok()) << why(ok.error());
  }

  template <class T, class F>
  Result<T> write(F&& f) {
    return app::writeValue<T>(*db_, [&](Repositories& r) -> Result<T> { return f(r); });
  }

  PatientId patient(OrganizationId org, bool secondary = false) {
    auto p = write<Patient>([&](Repositories& r) -> Result<Patient> {
      Patient d;
      d.familyName = "Zoë";
      d.givenName = "Ann";
      d.birthDate = day("1980-02-03");
      d.sex = "female";
      d.address = {"12 Elm St", "", "Springfield", "IL", "62704"};
      auto done = reg::registerPatient(r, clock_.now(), org, d, false);
      if (!done) return done.error();
      Coverage c;
      c.patientId = done->patient.id;
      c.payerId = org == org_ ? payer_ : PayerId();
      if (!c.payerId.valid()) {
        auto payers = r.payers().list(org, app::PageRequest{});
        if (!payers || payers->items.empty()) return Error::notFound("payer");
        c.payerId = payers->items.front().id;
      }
      c.memberId = "XJH123456789";
      c.effectiveDate = day("2025-01-01");
      auto cov = reg::createCoverage(r, clock_.now(), org, c);
      if (!cov) return cov.error();
      if (secondary) {
        Coverage s = c;
        s.payerId = secondPayer_;
        s.memberId = "S99887766";
        s.priority = CoveragePriority::kSecondary;
        auto cov2 = reg::createCoverage(r, clock_.now(), org, s);
        if (!cov2) return cov2.error();
      }
      return done->patient;
    });
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? p->id : PatientId();
  }

  /// A finalized visit (charges to the primary insurance) and its claim, batched, billed to the
  /// place `responsibility` (1 primary, 2 secondary, 3 tertiary) under CLM01 `number`.
  Made claim(const std::vector<Line>& lines, const std::string& number, int responsibility = 1,
             OrganizationId org = {}, bool secondary = false) {
    if (!org.valid()) org = org_;
    Made m;
    m.patient = patient(org, secondary);
    m.number = number;
    auto made = write<Made>([&](Repositories& r) -> Result<Made> {
      Encounter e;
      e.patientId = m.patient;
      if (org == org_) {
        e.providerId = provider_;
        e.locationId = location_;
      } else {
        e.providerId = r.providers().list(org, app::PageRequest{})->items.front().id;
        e.locationId = r.locations().list(org, app::PageRequest{})->items.front().id;
      }
      e.diagnoses = {"E119"};
      for (const auto& l : lines) {
        ChargeLine c;
        c.code = l.code;
        c.modifiers = l.modifiers;
        c.units = 1;
        c.diagnosisPointers = {1};
        c.charge = Money::fromCents(l.cents);
        e.lines.push_back(c);
      }
      auto created = billing::createEncounter(r, zones_, clock_.now(), org, {e, day("2026-09-18")});
      if (!created) return created.error();
      auto fin =
          billing::finalizeEncounter(r, clock_.now(), org, created->encounter.id, std::nullopt, 42);
      if (!fin) return fin.error();
      Made out = m;
      out.encounter = fin->encounter.id;
      for (const auto& l : fin->encounter.lines) out.lines.push_back(l.id);
      app::ClaimRecord rec;
      rec.organizationId = org;
      rec.encounterId = out.encounter;
      rec.patientId = m.patient;
      rec.coverageId = fin->encounter.coverages[static_cast<std::size_t>(responsibility - 1)];
      if (!rec.coverageId.valid()) rec.coverageId = fin->encounter.coverages[0];
      rec.payerId = fin->encounter.payers[0];
      rec.responsibility = responsibility;
      rec.patientControlNumber = number;
      rec.state = ClaimState::kBatched;
      rec.serviceDate = day("2026-09-18");
      rec.content = "{}";
      for (const auto& l : lines) rec.total = rec.total + Money::fromCents(l.cents);
      auto stored = r.claims().insert(rec, clock_.now());
      if (!stored) return stored.error();
      out.claim = stored->id;
      return out;
    });
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? *made : m;
  }

  Result<rm::PostingReport> post(const std::string& bytes, bool dryRun = false,
                                 OrganizationId org = {}) {
    rm::PostingOptions o;
    o.dryRun = dryRun;
    o.byUser = 42;
    o.chunk = 2;  // several chunks per ERA, also with few claims
    return rm::postFile(*db_, formats_, org.valid() ? org : org_, bytes, o, clock_.now());
  }

  LineBalance balance(ChargeLineId line) {
    auto l = write<app::LedgerLine>([&](Repositories& r) -> Result<app::LedgerLine> {
      auto x = r.ledger().line(org_, line);
      if (!x) return Error::notFound("line");
      return *x;
    });
    EXPECT_TRUE(l.ok());
    return l.ok() ? l->balance : LineBalance{};
  }

  app::ClaimRecord claimRecord(ClaimId id) {
    auto c = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
      auto x = r.claims().get(org_, id);
      if (!x) return Error::notFound("claim");
      return *x;
    });
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : app::ClaimRecord{};
  }
  ClaimState state(ClaimId id) { return claimRecord(id).state; }

  std::int64_t entryCount() {
    auto n = write<std::int64_t>([&](Repositories& r) -> Result<std::int64_t> {
      app::PageRequest page;
      page.limit = 500;
      auto p = r.ledger().entries(org_, {}, {}, page);
      if (!p) return p.error();
      return static_cast<std::int64_t>(p->items.size());
    });
    return n.ok() ? *n : -1;
  }

  void expectLedgerBalances() {
    auto m = write<std::vector<app::LedgerRepository::Mismatch>>(
        [&](Repositories& r) -> Result<std::vector<app::LedgerRepository::Mismatch>> {
          return r.ledger().verify(org_);
        });
    ASSERT_TRUE(m.ok());
    for (const auto& x : *m)
      ADD_FAILURE() << x.what << ": running " << x.running << " summed " << x.summed;
  }

  static LineBalance owed(std::int64_t primary, std::int64_t secondary, std::int64_t tertiary,
                          std::int64_t patient) {
    LineBalance b;
    b.owed = {Money::fromCents(primary), Money::fromCents(secondary), Money::fromCents(tertiary),
              Money::fromCents(patient)};
    return b;
  }

  std::unique_ptr<storage::Database> db_;
  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  codecs::X12RemittanceFormats formats_;
  OrganizationId org_, otherOrg_;
  LocationId location_;
  ProviderId provider_;
  PayerId payer_, secondPayer_;
};

std::string l(ChargeLineId id) {
  return "L" + std::to_string(id.value);
}

TEST_P(Remittances, PostsPaymentsAdjustmentsAndPatientResponsibilityToTheCent) {
  auto m = claim({{"99213", {"25"}, 12500}, {"36415", {}, 2000}}, "C9001");
  // Line 1: 125.00 = paid 80.00 + CO-45 30.00 + PR-2 15.00. Line 2 (no REF*6R, modifiers as
  // billed): 20.00 = paid 12.00 + CO-45 8.00. CLP04 92.00, CLP05 15.00.
  const auto file = era(
      "CHK1001", "92.00",
      {"CLP*C9001*1*145.00*92.00*15.00*12*ICN0001", "NM1*QC*1*ZOE*ANN****MI*XJH123456789",
       "SVC*HC:99213:25*125.00*80.00**1", "DTM*472*20260918", "CAS*CO*45*30.00", "CAS*PR*2*15.00",
       "REF*6R*" + l(m.lines[0]), "SVC*HC:36415*20.00*12.00**1", "CAS*CO*45*8.00"});
  auto preview = post(file, true);
  ASSERT_TRUE(preview.ok()) << why(preview.error());
  EXPECT_EQ(preview->postedClaims(), 1u);
  EXPECT_EQ(balance(m.lines[0]), owed(12500, 0, 0, 0)) << "a dry run posts nothing";

  auto report = post(file);
  ASSERT_TRUE(report.ok()) << why(report.error());
  ASSERT_EQ(report->remittances.size(), 1u);
  const auto& r = report->remittances[0];
  EXPECT_EQ(r.posted.size(), 1u);
  EXPECT_TRUE(r.notPosted.empty());
  EXPECT_EQ(r.paid.cents(), 9200);
  EXPECT_EQ(r.contractual.cents(), 3800);
  EXPECT_EQ(r.transferred.cents(), 1500);
  EXPECT_EQ(r.entries, 5u);
  EXPECT_EQ(report->payment().cents(), 9200);
  EXPECT_EQ(balance(m.lines[0]), owed(0, 0, 0, 1500));
  EXPECT_EQ(balance(m.lines[1]), owed(0, 0, 0, 0));
  EXPECT_EQ(state(m.claim), ClaimState::kPaid);
  // CLP07 stays on the claim: a replacement or void claim names it (REF*F8).
  EXPECT_EQ(claimRecord(m.claim).payerClaimNumber, "ICN0001");
  expectLedgerBalances();

  // The same ERA again posts nothing.
  const auto before = entryCount();
  auto again = post(file);
  ASSERT_TRUE(again.ok()) << why(again.error());
  ASSERT_EQ(again->remittances.size(), 1u);
  EXPECT_TRUE(again->remittances[0].duplicate);
  EXPECT_EQ(again->remittances[0].id, r.id);
  EXPECT_EQ(again->postedClaims(), 0u);
  EXPECT_EQ(entryCount(), before);
}

TEST_P(Remittances, EachPostedClaimListsOurLinesWithHowTheyMatchedAndWhatWentWhere) {
  auto m = claim({{"99213", {"25"}, 12500},
                  {"36415", {}, 2000},
                  {"99214", {}, 18000},
                  {"90686", {}, 3000},
                  {"90686", {}, 3000},
                  {"97110", {}, 4500},
                  {"99215", {"25"}, 20000}},
                 "C9101");
  // REF*6R; code and modifiers; REF*6R and denied; one SVC (modifier 59 is neither line's)
  // charged the sum of our two 90686 lines; 97110 by REF*6R then split by a second SVC; 99215
  // with another modifier, found by its code and charge.
  const auto file = era("CHK9101", "312.00",
                        {"CLP*C9101*1*630.00*312.00*15.00*12*ICN9101",
                         "NM1*QC*1*ZOE*ANN****MI*X",
                         "SVC*HC:99213:25*125.00*80.00**1",
                         "CAS*CO*45*30.00",
                         "CAS*PR*2*15.00",
                         "REF*6R*" + l(m.lines[0]),
                         "SVC*HC:36415*20.00*12.00**1",
                         "CAS*CO*45*8.00",
                         "SVC*HC:99214*180.00*0.00**1",
                         "CAS*CO*16*180.00",
                         "REF*6R*" + l(m.lines[2]),
                         "SVC*HC:90686:59*60.00*40.00**2",
                         "CAS*CO*45*20.00",
                         "SVC*HC:97110*30.00*20.00**1",
                         "CAS*CO*45*10.00",
                         "REF*6R*" + l(m.lines[5]),
                         "SVC*HC:97110*15.00*10.00**1",
                         "CAS*CO*45*5.00",
                         "SVC*HC:99215:59*200.00*150.00**1",
                         "CAS*CO*45*50.00"});
  using rem::MatchKind;
  struct Want {
    MatchKind by;
    std::int64_t paid, contractual, transferred, denied;
    std::vector<std::string> denials;
  };
  const std::vector<Want> want = {{MatchKind::kControlNumber, 8000, 3000, 1500, 0, {}},
                                  {MatchKind::kCodeModifiers, 1200, 800, 0, 0, {}},
                                  {MatchKind::kControlNumber, 0, 0, 0, 18000, {"CO-16"}},
                                  {MatchKind::kBundle, 2000, 1000, 0, 0, {}},
                                  {MatchKind::kBundle, 2000, 1000, 0, 0, {}},
                                  {MatchKind::kSplit, 3000, 1500, 0, 0, {}},
                                  {MatchKind::kCodeCharge, 15000, 5000, 0, 0, {}}};
  for (bool dryRun : {true, false}) {
    SCOPED_TRACE(dryRun ? "dry run" : "posted");
    auto report = post(file, dryRun);
    ASSERT_TRUE(report.ok()) << why(report.error());
    const auto& r = report->remittances.at(0);
    ASSERT_EQ(r.posted.size(), 1u) << (r.notPosted.empty() ? "" : r.notPosted[0].reason);
    const auto& lines = r.posted[0].lines;
    ASSERT_EQ(lines.size(), want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      SCOPED_TRACE("line " + std::to_string(k));
      EXPECT_EQ(lines[k].lineId, m.lines[k]);
      EXPECT_EQ(lines[k].matchedBy, want[k].by) << rem::toString(lines[k].matchedBy);
      EXPECT_EQ(lines[k].paid.cents(), want[k].paid);
      EXPECT_EQ(lines[k].contractual.cents(), want[k].contractual);
      EXPECT_EQ(lines[k].transferred.cents(), want[k].transferred);
      EXPECT_EQ(lines[k].denied.cents(), want[k].denied);
      EXPECT_EQ(lines[k].denials, want[k].denials);
    }
    EXPECT_EQ(lines[0].code, "99213");
    EXPECT_EQ(lines[0].modifiers, std::vector<std::string>{"25"});
    EXPECT_EQ(lines[0].transferredTo, Responsibility::kPatient);
    EXPECT_EQ(lines[6].code, "99215");
    std::int64_t paid = 0;
    for (const auto& x : lines) paid += x.paid.cents();
    EXPECT_EQ(paid, r.posted[0].paid.cents());
  }
  EXPECT_EQ(balance(m.lines[2]), owed(18000, 0, 0, 0));
  expectLedgerBalances();
}

TEST_P(Remittances, AnUnbalancedFileIsRefusedWholeNamingTheClaimAndLine) {
  auto m = claim({{"99213", {}, 12500}}, "C9002");
  auto good = era("CHK2001", "80.00",
                  {"CLP*C9002*1*125.00*80.00**12*ICN2", "NM1*QC*1*ZOE*ANN****MI*X",
                   "SVC*HC:99213*125.00*80.00**1", "CAS*CO*45*45.00"});
  // The line says 80.00 paid but its adjustments leave 75.00.
  auto bad = good;
  bad.replace(bad.find("CAS*CO*45*45.00"), 15, "CAS*CO*45*50.00");
  auto refused = post(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
  ASSERT_FALSE(refused.error().fields.empty());
  EXPECT_EQ(refused.error().fields[0].field, "claim 1 line 1");
  EXPECT_NE(refused.error().fields[0].message.find("C9002"), std::string::npos);
  EXPECT_EQ(balance(m.lines[0]), owed(12500, 0, 0, 0));
  EXPECT_EQ(state(m.claim), ClaimState::kBatched);
  // Not an 835 at all.
  auto other = post("ISA*00*garbage~");
  ASSERT_FALSE(other.ok());
  // The good file still posts: nothing of the refused one was kept.
  auto ok = post(good);
  ASSERT_TRUE(ok.ok()) << why(ok.error());
  EXPECT_EQ(ok->postedClaims(), 1u);
}

TEST_P(Remittances, ClaimsOfNobodyOrOfAnotherPracticeAreListedAndTheRestPosts) {
  auto mine = claim({{"99213", {}, 10000}}, "C9003");
  auto theirs = claim({{"99213", {}, 10000}}, "C9004", 1, otherOrg_);
  const auto file =
      era("CHK3001", "150.00",
          {"CLP*C9003*1*100.00*70.00**12*ICN3", "NM1*QC*1*ZOE*ANN****MI*X",
           "SVC*HC:99213*100.00*70.00**1", "CAS*CO*45*30.00", "CLP*C9004*1*100.00*50.00**12*ICN4",
           "NM1*QC*1*ZOE*ANN****MI*X", "SVC*HC:99213*100.00*50.00**1", "CAS*CO*45*50.00",
           "CLP*NOBODY*1*10.00*30.00**12*ICN5", "NM1*QC*1*ROE*RAY****MI*X", "CAS*CO*45*-20.00"});
  auto report = post(file);
  ASSERT_TRUE(report.ok()) << why(report.error());
  const auto& r = report->remittances.at(0);
  ASSERT_EQ(r.posted.size(), 1u);
  EXPECT_EQ(r.posted[0].claim, "C9003");
  ASSERT_EQ(r.notPosted.size(), 2u);
  EXPECT_EQ(r.notPosted[0].claim, "C9004");
  EXPECT_NE(r.notPosted[0].reason.find("matches no claim of this practice"), std::string::npos);
  EXPECT_EQ(r.notPosted[1].claim, "NOBODY");
  EXPECT_EQ(balance(mine.lines[0]), owed(0, 0, 0, 0));
  // The other practice's claim is untouched.
  auto theirLine = write<app::LedgerLine>([&](Repositories& r2) -> Result<app::LedgerLine> {
    auto x = r2.ledger().line(otherOrg_, theirs.lines[0]);
    if (!x) return Error::notFound("line");
    return *x;
  });
  ASSERT_TRUE(theirLine.ok());
  EXPECT_EQ(theirLine->balance, owed(10000, 0, 0, 0));
}

TEST_P(Remittances, ADenialStaysOwedByThePayerAndJoinsTheQueue) {
  auto m = claim({{"99214", {}, 18000}, {"36415", {}, 2000}}, "C9005");
  const auto file = era(
      "CHK4001", "12.00",
      {"CLP*C9005*1*200.00*12.00**12*ICN6", "NM1*QC*1*ZOE*ANN****MI*X",
       "SVC*HC:99214*180.00*0.00**1", "CAS*CO*16*180.00", "REF*6R*" + l(m.lines[0]), "LQ*HE*N290",
       "SVC*HC:36415*20.00*12.00**1", "CAS*CO*45*8.00", "REF*6R*" + l(m.lines[1])});
  auto report = post(file);
  ASSERT_TRUE(report.ok()) << why(report.error());
  EXPECT_EQ(report->remittances[0].denied.cents(), 18000);
  EXPECT_EQ(balance(m.lines[0]), owed(18000, 0, 0, 0)) << "never written off by itself";
  EXPECT_EQ(balance(m.lines[1]), owed(0, 0, 0, 0));
  EXPECT_EQ(state(m.claim), ClaimState::kPartiallyPaid);
  auto denials = write<std::vector<Denial>>([&](Repositories& r) -> Result<std::vector<Denial>> {
    return r.denials().ofClaim(org_, m.claim);
  });
  ASSERT_TRUE(denials.ok());
  ASSERT_EQ(denials->size(), 1u);
  const auto& d = denials->front();
  EXPECT_EQ(d.lineId, m.lines[0]);
  EXPECT_EQ(d.group, "CO");
  EXPECT_EQ(d.carc, "16");
  EXPECT_EQ(d.rarcs, std::vector<std::string>{"N290"});
  EXPECT_EQ(d.amount.cents(), 18000);
  EXPECT_EQ(d.payerId, payer_);
  EXPECT_EQ(d.deniedOn, day("2026-09-30"));
  expectLedgerBalances();
}

TEST_P(Remittances, AReversalTakesThePostingBackAndTheCorrectionPostsAgain) {
  auto m = claim({{"99213", {}, 10000}}, "C9006");
  auto first = post(era("CHK5001", "60.00",
                        {"CLP*C9006*1*100.00*60.00*20.00*12*ICN7", "NM1*QC*1*ZOE*ANN****MI*X",
                         "SVC*HC:99213*100.00*60.00**1", "CAS*CO*45*20.00", "CAS*PR*1*20.00"}));
  ASSERT_TRUE(first.ok()) << why(first.error());
  EXPECT_EQ(balance(m.lines[0]), owed(0, 0, 0, 2000));
  // The payer takes it back and pays 70.00 with 10.00 coinsurance instead.
  auto second = post(era("CHK5002", "10.00",
                         {"CLP*C9006*22*-100.00*-60.00**12*ICN7", "NM1*QC*1*ZOE*ANN****MI*X",
                          "SVC*HC:99213*-100.00*-60.00**1", "CAS*CO*45*-20.00", "CAS*PR*1*-20.00",
                          "CLP*C9006*1*100.00*70.00*10.00*12*ICN8", "NM1*QC*1*ZOE*ANN****MI*X",
                          "SVC*HC:99213*100.00*70.00**1", "CAS*CO*45*20.00", "CAS*PR*2*10.00"}));
  ASSERT_TRUE(second.ok()) << why(second.error());
  const auto& r = second->remittances.at(0);
  ASSERT_EQ(r.posted.size(), 2u) << (r.notPosted.empty() ? "" : r.notPosted[0].reason);
  EXPECT_TRUE(r.posted[0].reversal);
  EXPECT_EQ(r.posted[0].entries, 3u);
  EXPECT_EQ(balance(m.lines[0]), owed(0, 0, 0, 1000));
  EXPECT_EQ(state(m.claim), ClaimState::kPaid);
  expectLedgerBalances();
  // A reversal of something never posted is refused with its reason.
  // (BPR02 cannot be negative: the payer carries the 55.00 forward, PLB FB.)
  auto stray = post(
      era("CHK5003", "0.00",
          {"CLP*C9006*22*-100.00*-55.00**12*ICN9", "NM1*QC*1*ZOE*ANN****MI*X", "CAS*CO*45*-45.00"},
          "ACME01", {"PLB*1234567893*20261231*FB:CHK5003*-55.00"}));
  ASSERT_TRUE(stray.ok()) << why(stray.error());
  ASSERT_EQ(stray->remittances[0].notPosted.size(), 1u);
  EXPECT_NE(stray->remittances[0].notPosted[0].reason.find("never posted"), std::string::npos);
  EXPECT_EQ(balance(m.lines[0]), owed(0, 0, 0, 1000));
}

TEST_P(Remittances, PatientResponsibilityGoesToTheSecondaryWhenThePatientHasOne) {
  auto m = claim({{"99213", {}, 10000}}, "C9007", 1, {}, true);
  auto report = post(era("CHK6001", "70.00",
                         {"CLP*C9007*1*100.00*70.00*20.00*12*ICN10", "NM1*QC*1*ZOE*ANN****MI*X",
                          "SVC*HC:99213*100.00*70.00**1", "CAS*CO*45*10.00", "CAS*PR*1*20.00"}));
  ASSERT_TRUE(report.ok()) << why(report.error());
  EXPECT_EQ(balance(m.lines[0]), owed(0, 2000, 0, 0));
  expectLedgerBalances();
}

TEST_P(Remittances, ThePrimarysRemittanceMakesTheSecondaryClaimWithCoordinationOfBenefits) {
  codecs::X12ClaimFormats claimFormats;
  const app::claims::ClaimsSetup setup{
      claimFormats, std::make_shared<const std::vector<claims::Rule>>(claims::defaultRules()),
      zones_};
  // A real claim to the primary: built, scrubbed, batched.
  const auto patientId = patient(org_, true);
  auto sent = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
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
    if (auto ch = r.claims().insertClearinghouse(c, clock_.now()); !ch) return ch.error();
    Encounter e;
    e.patientId = patientId;
    e.providerId = provider_;
    e.locationId = location_;
    e.diagnoses = {"E119"};
    ChargeLine l;
    l.code = "99213";
    l.units = 1;
    l.diagnosisPointers = {1};
    l.charge = Money::fromCents(10000);
    e.lines.push_back(l);
    auto made = billing::createEncounter(r, zones_, clock_.now(), org_, {e, day("2026-09-18")});
    if (!made) return made.error();
    auto fin =
        billing::finalizeEncounter(r, clock_.now(), org_, made->encounter.id, std::nullopt, 42);
    if (!fin) return fin.error();
    auto claimsMade =
        app::claims::createClaims(r, setup, org_, fin->encounter.id, {}, {}, clock_.now(), 42);
    if (!claimsMade) return claimsMade.error();
    auto ready = app::claims::scrubClaim(r, setup, org_, claimsMade->front().id, clock_.now(), 42);
    if (!ready) return ready.error();
    auto batch = app::claims::createBatch(r, setup, org_, {ready->id}, {}, clock_.now(), 42);
    if (!batch) return batch.error();
    return batch->claims.front();
  });
  ASSERT_TRUE(sent.ok()) << why(sent.error());
  auto model = claimFormats.decode(sent->content);
  ASSERT_TRUE(model.ok());
  const auto lineId = model->lines.at(0).controlNumber;
  rm::PostingOptions o;
  o.byUser = 42;
  o.claims = &setup;
  // The payer does not echo REF*6R: the line is matched by its code and named in the 2430.
  const auto file = era("CHK8001", "70.00",
                        {"CLP*" + sent->patientControlNumber + "*1*100.00*70.00*20.00*12*ICN12",
                         "NM1*QC*1*ZOE*ANN****MI*XJH123456789", "SVC*HC:99213*100.00*70.00**1",
                         "CAS*CO*45*10.00", "CAS*PR*1*20.00"});
  auto report = rm::postFile(*db_, formats_, org_, file, o, clock_.now());
  ASSERT_TRUE(report.ok()) << why(report.error());
  const auto& posted = report->remittances.at(0).posted.at(0);
  ASSERT_TRUE(posted.nextClaim.valid())
      << (posted.notes.empty() ? std::string("no note") : posted.notes.back());
  auto next = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
    auto x = r.claims().get(org_, posted.nextClaim);
    if (!x) return Error::notFound("claim");
    return *x;
  });
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->responsibility, 2);
  EXPECT_EQ(next->payerId, secondPayer_);
  EXPECT_EQ(next->state, ClaimState::kReady)
      << (next->findings.empty() ? "" : next->findings[0].message);
  auto cob = claimFormats.decode(next->content);
  ASSERT_TRUE(cob.ok());
  ASSERT_EQ(cob->otherPayers.size(), 1u);
  // The secondary's balance: the 20.00 the primary moved to it.
  EXPECT_EQ(balance(ChargeLineId(std::stoll(lineId.substr(1)))), owed(0, 2000, 0, 0));
  // Batched like any claim, its 837P carries the primary's payment and the line's 2430.
  auto batch = write<app::claims::BatchOutcome>([&](Repositories& r) {
    return app::claims::createBatch(r, setup, org_, {next->id}, {}, clock_.now(), 42);
  });
  ASSERT_TRUE(batch.ok()) << why(batch.error());
  auto bytes = write<app::ClaimBatch>([&](Repositories& r) -> Result<app::ClaimBatch> {
    auto x = r.claims().batch(org_, batch->batch.id, true);
    if (!x) return Error::notFound("batch");
    return *x;
  });
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(bytes->bytes.find("SBR*S*"), std::string::npos);
  EXPECT_NE(bytes->bytes.find("AMT*D*70~"), std::string::npos) << bytes->bytes;
  EXPECT_NE(bytes->bytes.find("SVD*"), std::string::npos);
  EXPECT_NE(bytes->bytes.find("CAS*PR*1*20~"), std::string::npos);
}

TEST_P(Remittances, AClaimNotSentOrAlreadyPostedIsNotPostedAgain) {
  auto m = claim({{"99213", {}, 10000}}, "C9008");
  const std::vector<std::string> clp = {"CLP*C9008*1*100.00*70.00**12*ICN11",
                                        "NM1*QC*1*ZOE*ANN****MI*X", "SVC*HC:99213*100.00*70.00**1",
                                        "CAS*CO*45*30.00"};
  ASSERT_TRUE(post(era("CHK7001", "70.00", clp)).ok());
  // Another ERA (another trace) with the same decision: posting it would pay the line twice.
  auto twice = post(era("CHK7002", "70.00", clp));
  ASSERT_TRUE(twice.ok());
  ASSERT_EQ(twice->remittances[0].notPosted.size(), 1u);
  EXPECT_NE(twice->remittances[0].notPosted[0].reason.find("reversal"), std::string::npos);
  EXPECT_EQ(balance(m.lines[0]), owed(0, 0, 0, 0));
}

// ---- the fixtures, each against claims set up from its own contents ----

std::filesystem::path fixturePath(const std::string& name) {
  return test::sharedDir() / "fixtures" / "x12" / "835" / name;
}

std::string fixture(const std::string& name) {
  std::ifstream in(fixturePath(name), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fixtures' defects (X12-NOTES §1.6, and two it does not list), and their repairs: a
// defective file is refused with its reason; the repaired one posts.

/// Not in §1.6: BPR16 (the payment date, required) missing, the date standing in BPR15.
void repairPaymentDate(std::string& text) {
  const std::size_t bpr = text.find("BPR*");
  const std::size_t date = text.rfind('*', text.find('~', bpr));
  text.insert(date, "*");
}

/// §1.6: the bodies use '>' while ISA16 declares ':'. The repair declares '>'.
void repairComponentSeparator(std::string& text) {
  text[104] = '>';
}

TEST_P(Remittances, MedicarePartAFixturePostsBothClaimsWithoutLines) {
  MEDOFFICE_REQUIRE_SHARED(fixturePath("medicare-part-a.835"));
  auto a = claim({{"99223", {}, 21136697}}, "666123");
  auto b = claim({{"99223", {}, 1500000}}, "777777");
  auto report = post(fixture("medicare-part-a.835"));
  ASSERT_TRUE(report.ok()) << why(report.error());
  const auto& r = report->remittances.at(0);
  EXPECT_EQ(r.posted.size(), 2u);
  EXPECT_EQ(r.payment.cents(), 15000000);
  // 211366.97 = 138018.40 paid + 73348.57 CO-45; 15000.00 = 11980.33 + 3019.67.
  EXPECT_EQ(balance(a.lines[0]), owed(0, 0, 0, 0));
  EXPECT_EQ(balance(b.lines[0]), owed(0, 0, 0, 0));
  EXPECT_EQ(r.paid.cents(), 13801840 + 1198033);
  ASSERT_EQ(r.providerAdjustments.size(), 1u);
  EXPECT_EQ(r.providerAdjustments[0].reason, "CV");
  EXPECT_EQ(r.providerAdjustments[0].amount.cents(), -127);
  expectLedgerBalances();
}

TEST_P(Remittances, SecondaryPaymentFixturePostsAtTheSecondaryPlace) {
  MEDOFFICE_REQUIRE_SHARED(fixturePath("medicare-part-a.835"));
  // Claim L0004828311 comes back without lines: the primary left 912.00 to the secondary.
  auto a = claim({{"99223", {}, 1032364}}, "L0004828311", 2, {}, true);
  auto b = claim({{"12345", {"26"}, 16650}, {"66543", {"26"}, 58500}}, "0001000053", 2, {}, true);
  // The primary's adjudication, by hand: it moves what the secondary answers for to it.
  auto moved = write<int>([&](Repositories& r) -> Result<int> {
    auto move = [&](ChargeLineId line, std::int64_t paid, std::int64_t toSecondary) -> Status {
      LedgerEntry p;
      p.lineId = line;
      p.kind = EntryKind::kInsurancePayment;
      p.amount = Money::fromCents(paid);
      p.from = Responsibility::kPrimary;
      if (paid > 0) {
        auto e = billing::postEntry(r, clock_.now(), org_, p, 42);
        if (!e) return e.error();
      }
      LedgerEntry t;
      t.lineId = line;
      t.kind = EntryKind::kTransfer;
      t.amount = Money::fromCents(toSecondary);
      t.from = Responsibility::kPrimary;
      t.to = Responsibility::kSecondary;
      auto e = billing::postEntry(r, clock_.now(), org_, t, 42);
      if (!e) return e.error();
      return {};
    };
    if (auto s = move(a.lines[0], 1032364 - 91200, 91200); !s.ok()) return s.error();
    if (auto s = move(b.lines[0], 13650, 3000); !s.ok()) return s.error();
    if (auto s = move(b.lines[1], 0, 58500); !s.ok()) return s.error();
    return 0;
  });
  ASSERT_TRUE(moved.ok()) << why(moved.error());
  auto file = fixture("secondary-payment.835");
  repairPaymentDate(file);
  repairComponentSeparator(file);
  auto report = post(file);
  ASSERT_TRUE(report.ok()) << why(report.error());
  const auto& r = report->remittances.at(0);
  ASSERT_EQ(r.posted.size(), 2u) << (r.notPosted.empty() ? "" : r.notPosted[0].reason);
  // L0004828311: 912.00 paid; the OA-23 9411.64 is the primary's, already off the secondary.
  EXPECT_EQ(balance(a.lines[0]), owed(0, 0, 0, 0));
  // 0001000053 line 1: 30.00 paid. Line 2: 585.00 = 280.00 paid + PR-1 150.00 + PR-2 70.00 to
  // the patient + CO-42 85.00.
  EXPECT_EQ(balance(b.lines[0]), owed(0, 0, 0, 0));
  EXPECT_EQ(balance(b.lines[1]), owed(0, 0, 0, 22000));
  EXPECT_EQ(r.paid.cents(), 122200);
  expectLedgerBalances();
}

TEST_P(Remittances, CobFixturePaysTheSecondaryItsBalance) {
  MEDOFFICE_REQUIRE_SHARED(fixturePath("medicare-part-a.835"));
  auto m = claim({{"55669", {}, 54100}}, "0001000055", 2, {}, true);
  // The primary paid 482.00, wrote off 25.00 and left 34.00 to the secondary.
  auto moved = write<int>([&](Repositories& r) -> Result<int> {
    for (auto [kind, cents, to] :
         {std::tuple{EntryKind::kInsurancePayment, 48200, std::optional<Responsibility>{}},
          std::tuple{EntryKind::kContractualAdjustment, 2500, std::optional<Responsibility>{}},
          std::tuple{EntryKind::kTransfer, 3400,
                     std::optional<Responsibility>{Responsibility::kSecondary}}}) {
      LedgerEntry e;
      e.lineId = m.lines[0];
      e.kind = kind;
      e.amount = Money::fromCents(cents);
      e.from = Responsibility::kPrimary;
      e.to = to;
      e.reason = kind == EntryKind::kContractualAdjustment ? "CO-45" : "";
      auto x = billing::postEntry(r, clock_.now(), org_, e, 42);
      if (!x) return x.error();
    }
    return 0;
  });
  ASSERT_TRUE(moved.ok()) << why(moved.error());
  auto file = fixture("cob-contractural-adjustment.835");
  repairPaymentDate(file);
  repairComponentSeparator(file);
  auto report = post(file);
  ASSERT_TRUE(report.ok()) << why(report.error());
  const auto& r = report->remittances.at(0);
  ASSERT_EQ(r.posted.size(), 1u) << (r.notPosted.empty() ? "" : r.notPosted[0].reason);
  // 541.00 − OA-23 516.00 − OA-94 (−9.00) = 34.00: informational both, the payment is 34.00.
  EXPECT_EQ(r.paid.cents(), 3400);
  EXPECT_EQ(balance(m.lines[0]), owed(0, 0, 0, 0));
  expectLedgerBalances();
}

TEST_P(Remittances, ManagedCareFixturePostsClaimLevelAdjustmentsOnceItsDateIsRepaired) {
  MEDOFFICE_REQUIRE_SHARED(fixturePath("managed-care.835"));
  auto a = claim({{"99211", {}, 80000}}, "5554555444");
  auto b = claim({{"93555", {}, 120000}}, "8765432112");
  // Not in §1.6: BPR16 is 20002316, month 23. Refused whole, nothing posted.
  auto raw = post(fixture("managed-care.835"));
  ASSERT_FALSE(raw.ok());
  EXPECT_EQ(raw.error().fields.at(0).field, "segment 4 BPR16") << why(raw.error());
  EXPECT_EQ(balance(a.lines[0]), owed(80000, 0, 0, 0));
  auto file = fixture("managed-care.835");
  file.replace(file.find("*20002316~"), 10, "*20020316~");
  auto report = post(file);
  ASSERT_TRUE(report.ok()) << why(report.error());
  ASSERT_EQ(report->postedClaims(), 2u);
  // 800.00 = 450.00 paid (SVC03 500.00 less the claim's CO-A2 50.00) + CO-A2 50.00 + PR-1
  // 300.00 to the patient.
  EXPECT_EQ(balance(a.lines[0]), owed(0, 0, 0, 30000));
  // 1200.00 = 495.00 paid + CO-A2 55.00 + CO-45 50.00 + PR-1 600.00.
  EXPECT_EQ(balance(b.lines[0]), owed(0, 0, 0, 60000));
  EXPECT_EQ(report->remittances[0].paid.cents(), 94500);
  EXPECT_EQ(report->remittances[0].contractual.cents(), 15500);
  expectLedgerBalances();
}

TEST_P(Remittances, TertiaryFixturePostsAtTheTertiaryPlaceOnceItsDefectsAreRepaired) {
  MEDOFFICE_REQUIRE_SHARED(fixturePath("tertiary-payment.835"));
  auto m = claim({{"24599", {}, 176650}}, "0001000054", 3, {}, true);
  auto raw = post(fixture("tertiary-payment.835"));
  ASSERT_FALSE(raw.ok());
  EXPECT_EQ(raw.error().fields.at(0).field, "segment 4 BPR16") << why(raw.error());
  auto file = fixture("tertiary-payment.835");
  repairPaymentDate(file);
  // §1.6: SVC*HC*24599.00*... splits the procedure composite with '*'.
  auto split = post(file);
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.error().fields.at(0).field, "segment 20 SVC01-2") << why(split.error());
  EXPECT_EQ(balance(m.lines[0]), owed(176650, 0, 0, 0));
  file.replace(file.find("SVC*HC*24599.00*"), 16, "SVC*HC:24599*");
  // The primary and secondary paid 1579.00 between them and left 187.50 to the tertiary.
  auto moved = write<int>([&](Repositories& r) -> Result<int> {
    LedgerEntry p;
    p.lineId = m.lines[0];
    p.kind = EntryKind::kInsurancePayment;
    p.amount = Money::fromCents(157900);
    p.from = Responsibility::kPrimary;
    if (auto e = billing::postEntry(r, clock_.now(), org_, p, 42); !e) return e.error();
    LedgerEntry t;
    t.lineId = m.lines[0];
    t.kind = EntryKind::kTransfer;
    t.amount = Money::fromCents(18750);
    t.from = Responsibility::kPrimary;
    t.to = Responsibility::kTertiary;
    if (auto e = billing::postEntry(r, clock_.now(), org_, t, 42); !e) return e.error();
    return 0;
  });
  ASSERT_TRUE(moved.ok()) << why(moved.error());
  auto report = post(file);
  ASSERT_TRUE(report.ok()) << why(report.error());
  ASSERT_EQ(report->postedClaims(), 1u) << report->remittances[0].notPosted.at(0).reason;
  EXPECT_EQ(balance(m.lines[0]), owed(0, 0, 0, 0));
  expectLedgerBalances();
}

TEST_P(Remittances, FixturesWithTheSeparatorDefectAreRefusedNamingIt) {
  MEDOFFICE_REQUIRE_SHARED(fixturePath("cob-contractural-adjustment.835"));
  for (const auto& [name, segment] :
       {std::pair{"cob-contractural-adjustment.835", "segment 21 SVC01-1"},
        std::pair{"secondary-payment.835", "segment 29 SVC01-1"}}) {
    auto raw = post(fixture(name));
    ASSERT_FALSE(raw.ok()) << name;
    EXPECT_EQ(raw.error().fields.at(0).field, "segment 4 BPR16") << why(raw.error());
    auto file = fixture(name);
    repairPaymentDate(file);
    auto refused = post(file);
    ASSERT_FALSE(refused.ok()) << name;
    EXPECT_EQ(refused.error().fields.at(0).field, segment) << why(refused.error());
    EXPECT_NE(refused.error().fields.at(0).message.find("ISA16 declares ':'"), std::string::npos);
  }
  auto none = write<app::Page<app::RemittanceRecord>>(
      [&](Repositories& r) { return r.remittances().list(org_, app::PageRequest{}); });
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->items.empty()) << "nothing of a refused file is kept";
}

INSTANTIATE_TEST_SUITE_P(Backends, Remittances, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
