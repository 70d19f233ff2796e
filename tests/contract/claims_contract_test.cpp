// SPDX-License-Identifier: AGPL-3.0-or-later
// Claims out (issue 16) on every backend: a claim per finalized encounter and coverage, kept
// with its findings and history; a practice rule that finds a missing prior authorization and
// the fix on the claim; batches all or nothing, with control numbers per clearinghouse that
// never repeat; a 999 mapped to the claim and field; the same acknowledgement twice; and an
// acknowledgement naming another practice's batch, which changes nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/billing/encounters.hpp"
#include "app/claims/claims.hpp"
#include "app/registry.hpp"
#include "codecs/claims/x12_claim_formats.hpp"
#include "domain/claims/default_rules.hpp"
#include "storage/sql/repositories.hpp"
#include "support/practice.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace reg = app::registry;
namespace billing = app::billing;
namespace cl = app::claims;
using app::Repositories;
using claims::ClaimState;

Date day(const char* iso) {
  return Date::parse(iso).value();
}

/// The shipped rules plus one practice rule: 99214 needs a prior authorization.
std::vector<claims::Rule> rulesWithPriorAuth() {
  auto rules = claims::defaultRules();
  claims::Rule r;
  r.id = "prior_auth.99214";
  r.kind = claims::CheckKind::kPriorAuthorization;
  r.params.codes = {"99214"};
  rules.push_back(r);
  return rules;
}

class Claims : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("claims_") + info->name();
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
      for (auto [org, id] : {std::pair{org_, "SUB1"}, std::pair{otherOrg_, "SUB2"}}) {
        claims::Clearinghouse c;
        c.organizationId = org;
        c.name = "Test clearinghouse";
        c.submitterId = id;
        c.receiverId = "CH1";
        c.receiverName = "TEST CLEARINGHOUSE";
        c.contactName = "Billing";
        c.contactPhone = "2175550100";
        c.outbox = "/tmp/out";
        c.inbox = "/tmp/in";
        c.archive = "/tmp/done";
        auto stored = r.claims().insertClearinghouse(c, clock_.now());
        if (!stored) return stored.error();
        (org == org_ ? clearinghouse_ : otherClearinghouse_) = stored->id;
      }
      return {};
    });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    patient_ = patient();
  }

  template <class T, class F>
  Result<T> write(F&& f) {
    return app::writeValue<T>(*db_, [&](Repositories& r) -> Result<T> { return f(r); });
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

  EncounterId visit(const char* code, std::int64_t cents) {
    auto fin = write<billing::FinalizeResult>([&](Repositories& r)
                                                  -> Result<billing::FinalizeResult> {
      Encounter e;
      e.patientId = patient_;
      e.providerId = provider_;
      e.locationId = location_;
      e.diagnoses = {"E119"};
      ChargeLine l;
      l.code = code;
      l.units = 1;
      l.diagnosisPointers = {1};
      l.charge = Money::fromCents(cents);
      e.lines.push_back(l);
      auto made = billing::createEncounter(r, zones_, clock_.now(), org_, {e, day("2026-09-18")});
      if (!made) return made.error();
      return billing::finalizeEncounter(r, clock_.now(), org_, made->encounter.id, std::nullopt,
                                        42);
    });
    EXPECT_TRUE(fin.ok()) << fin.error().message;
    return fin.ok() ? fin->encounter.id : EncounterId();
  }

  Result<app::ClaimRecord> claimFor(EncounterId e) {
    auto made = write<std::vector<app::ClaimRecord>>([&](Repositories& r) {
      return cl::createClaims(r, setup_, org_, e, {}, {}, clock_.now(), 42);
    });
    if (!made) return made.error();
    return made->front();
  }

  Result<app::ClaimRecord> scrub(ClaimId id) {
    return write<app::ClaimRecord>(
        [&](Repositories& r) { return cl::scrubClaim(r, setup_, org_, id, clock_.now(), 42); });
  }

  Result<cl::BatchOutcome> batch(std::vector<ClaimId> ids, OrganizationId org = {}) {
    return write<cl::BatchOutcome>([&](Repositories& r) {
      return cl::createBatch(r, setup_, org.valid() ? org : org_, ids, {}, clock_.now(), 42);
    });
  }

  Result<cl::AckOutcome> take(const std::string& bytes, OrganizationId org = {}) {
    return write<cl::AckOutcome>([&](Repositories& r) {
      return cl::takeAcknowledgement(r, setup_, org.valid() ? org : org_, bytes,
                                     std::to_string(std::hash<std::string>{}(bytes)), clock_.now(),
                                     42);
    });
  }

  app::ClaimRecord stored(ClaimId id) {
    auto c = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
      auto found = r.claims().get(org_, id);
      if (!found) return Error::notFound("claim");
      return *found;
    });
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : app::ClaimRecord{};
  }

  /// A 999 from CH1 answering group `gs` and transaction `st`.
  static std::string ack999(std::uint32_t gs, std::uint32_t st, bool accept,
                            const std::string& errors = "") {
    auto pad = [](std::string s, std::size_t n) {
      s.resize(n, ' ');
      return s;
    };
    std::string stNum = std::to_string(st);
    stNum.insert(0, 4 - std::min<std::size_t>(4, stNum.size()), '0');
    std::vector<std::string> body = {"ST*999*0001*005010X231A1",
                                     "AK1*HC*" + std::to_string(gs) + "*005010X222A1",
                                     "AK2*837*" + stNum + "*005010X222A1"};
    if (!errors.empty()) body.push_back(errors);
    body.push_back(accept ? "IK5*A" : "IK5*R*5");
    body.push_back(std::string("AK9*") + (accept ? "A*1*1*1" : "R*1*1*0"));
    std::string text = "ISA*00*" + pad("", 10) + "*00*" + pad("", 10) + "*ZZ*" + pad("CH1", 15) +
                       "*ZZ*" + pad("SUB1", 15) + "*260921*1200*^*00501*000000777*0*T*:~" +
                       "GS*FA*CH1*SUB1*20260921*1200*77*X*005010X231A1~";
    for (const auto& s : body) text += s + "~";
    const auto segments = std::count(text.begin(), text.end(), '~') - 2;  // from ST on
    text += "SE*" + std::to_string(segments + 1) + "*0001~GE*1*77~IEA*1*000000777~";
    return text;
  }

  std::unique_ptr<storage::Database> db_;
  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  codecs::X12ClaimFormats formats_;
  cl::ClaimsSetup setup_{
      formats_, std::make_shared<const std::vector<claims::Rule>>(rulesWithPriorAuth()), zones_};
  OrganizationId org_, otherOrg_;
  LocationId location_;
  ProviderId provider_;
  PayerId payer_;
  PatientId patient_;
  ClearinghouseId clearinghouse_, otherClearinghouse_;
};

TEST_P(Claims, OneClaimPerEncounterAndCoverageKeptWithItsHistory) {
  const auto e = visit("99213", 12500);
  auto c = claimFor(e);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->state, ClaimState::kDraft);
  EXPECT_EQ(c->total.cents(), 12500);
  EXPECT_EQ(c->responsibility, 1);
  auto model = formats_.decode(c->content);
  ASSERT_TRUE(model.ok()) << model.error().message;
  EXPECT_EQ(model->patientControlNumber, c->patientControlNumber);
  EXPECT_EQ(model->submitter.id, "SUB1") << "the practice's clearinghouse is the submitter";
  EXPECT_EQ(model->lines.at(0).procedureCode, "99213");
  // A second claim for the same coverage while the first lives is refused.
  auto again = claimFor(e);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  // Another practice cannot see or use it.
  auto foreign = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
    auto x = r.claims().get(otherOrg_, c->id);
    if (!x) return Error::notFound("claim");
    return *x;
  });
  EXPECT_FALSE(foreign.ok());
  auto scrubbed = scrub(c->id);
  ASSERT_TRUE(scrubbed.ok()) << scrubbed.error().message;
  EXPECT_EQ(scrubbed->state, ClaimState::kReady);
  EXPECT_EQ(scrubbed->errors, 0);
  auto history = write<std::vector<app::ClaimHistoryEntry>>(
      [&](Repositories& r) -> Result<std::vector<app::ClaimHistoryEntry>> {
        return r.claims().history(org_, c->id);
      });
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_FALSE(history->at(0).from.has_value());
  EXPECT_EQ(history->at(1).to, ClaimState::kReady);
}

TEST_P(Claims, APracticeRuleFindsTheMissingPriorAuthorizationAndTheFixMakesItReady) {
  auto c = claimFor(visit("99214", 18000));
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto s = scrub(c->id);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->state, ClaimState::kScrubbed);
  const auto it = std::find_if(s->findings.begin(), s->findings.end(),
                               [](const auto& f) { return f.rule == "prior_auth.99214"; });
  ASSERT_NE(it, s->findings.end());
  EXPECT_EQ(it->severity, claims::Severity::kError);
  EXPECT_FALSE(it->message.empty());
  // The findings are stored with the claim.
  EXPECT_EQ(stored(c->id).findings, s->findings);
  // Not batchable, and the refusal names it.
  auto b = batch({c->id});
  ASSERT_FALSE(b.ok());
  ASSERT_EQ(b.error().fields.size(), 1u);
  EXPECT_EQ(b.error().fields[0].field, "claim_ids[0]");
  // The fix on the claim itself.
  cl::ClaimEdits edits;
  edits.priorAuthorization = "AUTH778899";
  auto edited = write<app::ClaimRecord>([&](Repositories& r) {
    return cl::editClaim(r, setup_, org_, c->id, edits, s->meta.version, clock_.now(), 42);
  });
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->state, ClaimState::kDraft);
  auto again = scrub(c->id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state, ClaimState::kReady);
  EXPECT_EQ(formats_.decode(again->content)->priorAuthorization, "AUTH778899");
}

TEST_P(Claims, BatchesAreAllOrNothingAndControlNumbersNeverRepeat) {
  auto a = claimFor(visit("99213", 12500));
  // Another service: the same code on the same day would be a duplicate of a's once a is sent.
  auto b = claimFor(visit("99212", 9000));
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(scrub(a->id).ok());
  // b is still draft: the batch is refused and nothing is written.
  auto refused = batch({a->id, b->id});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "claim_ids[1]");
  EXPECT_EQ(stored(a->id).state, ClaimState::kReady);
  auto none = write<app::Page<app::ClaimBatch>>(
      [&](Repositories& r) { return r.claims().batches(org_, app::PageRequest{}); });
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->items.empty());

  auto first = batch({a->id});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->batch.interchangeControl, 1u);
  EXPECT_EQ(stored(a->id).state, ClaimState::kBatched);
  EXPECT_EQ(stored(a->id).batchId, first->batch.id);
  ASSERT_TRUE(scrub(b->id).ok());
  auto second = batch({b->id});
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->batch.interchangeControl, 2u);
  EXPECT_GT(second->batch.groupControl, first->batch.groupControl);
  // The file and its claims as written.
  auto file = write<app::ClaimBatch>([&](Repositories& r) -> Result<app::ClaimBatch> {
    auto x = r.claims().batch(org_, first->batch.id, true);
    if (!x) return Error::notFound("batch");
    return *x;
  });
  ASSERT_TRUE(file.ok());
  EXPECT_NE(file->bytes.find("ISA*00*"), std::string::npos);
  EXPECT_NE(file->bytes.find("CLM*" + a->patientControlNumber + "*125*"), std::string::npos);
  auto items = write<std::vector<app::ClaimBatchItem>>(
      [&](Repositories& r) -> Result<std::vector<app::ClaimBatchItem>> {
        return r.claims().batchItems(org_, first->batch.id);
      });
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->at(0).claimId, a->id);
  EXPECT_GT(items->at(0).firstSegment, 0u);
}

TEST_P(Claims, A999RejectionNamesTheFieldOnceAndOtherPracticesBatchesAreLeftAlone) {
  auto a = claimFor(visit("99213", 12500));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(scrub(a->id).ok());
  auto b = batch({a->id});
  ASSERT_TRUE(b.ok()) << b.error().message;
  auto file = write<app::ClaimBatch>([&](Repositories& r) -> Result<app::ClaimBatch> {
    return *r.claims().batch(org_, b->batch.id, true);
  });
  ASSERT_TRUE(file.ok());
  // The position of the subscriber's NM1 in the transaction (ST = 1).
  std::uint32_t position = 0;
  std::uint32_t k = 0;
  bool inSt = false;
  for (std::size_t at = 0; at < file->bytes.size();) {
    const auto end = file->bytes.find('~', at);
    const std::string seg = file->bytes.substr(at, end - at);
    at = end + 1;
    if (seg.rfind("ST*", 0) == 0) inSt = true;
    if (inSt) ++k;
    if (inSt && seg.rfind("NM1*IL*", 0) == 0) {
      position = k;
      break;
    }
  }
  ASSERT_GT(position, 0u);
  const std::string ik3 =
      "IK3*NM1*" + std::to_string(position) + "*2010BA*8~IK4*9*67*7*XJH123456789";

  // The same group number from another practice's point of view: not its batch.
  auto foreign =
      take(ack999(b->batch.groupControl, b->batch.transactionControl, false, ik3), otherOrg_);
  ASSERT_TRUE(foreign.ok()) << foreign.error().message;
  EXPECT_TRUE(foreign->changes.empty());
  EXPECT_EQ(foreign->unmatched.size(), 1u);
  EXPECT_EQ(stored(a->id).state, ClaimState::kBatched);

  const std::string ack = ack999(b->batch.groupControl, b->batch.transactionControl, false, ik3);
  auto taken = take(ack);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  ASSERT_EQ(taken->changes.size(), 1u);
  EXPECT_EQ(taken->changes[0].to, "rejected");
  ASSERT_FALSE(taken->changes[0].errors.empty());
  EXPECT_EQ(taken->changes[0].errors[0].field, "subscriber.member_id");
  const auto rejected = stored(a->id);
  EXPECT_EQ(rejected.state, ClaimState::kRejected);
  EXPECT_FALSE(rejected.statusNote.empty());
  // The same file again changes nothing.
  auto twice = take(ack);
  ASSERT_TRUE(twice.ok());
  EXPECT_TRUE(twice->duplicate);
  EXPECT_TRUE(twice->changes.empty());
  EXPECT_EQ(stored(a->id).meta.version, rejected.meta.version);
  // Back on the work list: ready again, and accepted from a new batch.
  ASSERT_EQ(scrub(a->id)->state, ClaimState::kReady);
  auto b2 = batch({a->id});
  ASSERT_TRUE(b2.ok());
  auto ok = take(ack999(b2->batch.groupControl, b2->batch.transactionControl, true));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(stored(a->id).state, ClaimState::kAccepted);
  // A late answer for the first batch no longer moves the claim.
  auto late = take(ack999(b->batch.groupControl, b->batch.transactionControl, false));
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(stored(a->id).state, ClaimState::kAccepted);
}

TEST_P(Claims, CountsEveryStateOfThePracticeInOneQuery) {
  auto none = write<app::ClaimCounts>(
      [&](Repositories& r) -> Result<app::ClaimCounts> { return r.claims().counts(org_); });
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->total, 0);
  EXPECT_EQ(none->withFindings, 0);
  for (auto n : none->byState) EXPECT_EQ(n, 0);

  auto draft = claimFor(visit("99213", 12500));    // left as built
  auto failing = claimFor(visit("99214", 15000));  // needs a prior authorization: an error
  auto ready1 = claimFor(visit("99213", 9000));
  auto ready2 = claimFor(visit("99213", 7000));
  ASSERT_TRUE(draft.ok() && failing.ok() && ready1.ok() && ready2.ok());
  ASSERT_EQ(scrub(failing->id)->state, ClaimState::kScrubbed);
  ASSERT_EQ(scrub(ready1->id)->state, ClaimState::kReady);
  ASSERT_EQ(scrub(ready2->id)->state, ClaimState::kReady);
  auto b = batch({ready2->id});
  ASSERT_TRUE(b.ok()) << b.error().message;

  auto counts = write<app::ClaimCounts>(
      [&](Repositories& r) -> Result<app::ClaimCounts> { return r.claims().counts(org_); });
  ASSERT_TRUE(counts.ok());
  auto at = [&](ClaimState s) { return counts->byState[static_cast<std::size_t>(s)]; };
  EXPECT_EQ(at(ClaimState::kDraft), 1);
  EXPECT_EQ(at(ClaimState::kScrubbed), 1);
  EXPECT_EQ(at(ClaimState::kReady), 1);
  EXPECT_EQ(at(ClaimState::kBatched), 1);
  EXPECT_EQ(at(ClaimState::kPaid), 0);
  EXPECT_EQ(counts->total, 4);
  // Findings: the failing claim's error, and whichever scrubbed claims drew warnings.
  std::int64_t withFindings = 0;
  for (auto id : {draft->id, failing->id, ready1->id, ready2->id}) {
    const auto c = stored(id);
    if (c.errors > 0 || c.warnings > 0) ++withFindings;
  }
  EXPECT_GE(withFindings, 1);
  EXPECT_EQ(counts->withFindings, withFindings);
  // The same as the work list's pages of each state.
  for (auto s : claims::kAllClaimStates) {
    auto listed = write<app::Page<app::ClaimRecord>>([&](Repositories& r) {
      app::ClaimQuery q;
      q.organizationId = org_;
      q.state = s;
      return r.claims().list(q);
    });
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(static_cast<std::int64_t>(listed->items.size()), at(s)) << claims::toString(s);
  }
  // Another practice's count does not see them.
  auto other = write<app::ClaimCounts>(
      [&](Repositories& r) -> Result<app::ClaimCounts> { return r.claims().counts(otherOrg_); });
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->total, 0);
  EXPECT_EQ(other->withFindings, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Claims, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
