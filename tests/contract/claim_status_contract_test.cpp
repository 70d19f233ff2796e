// SPDX-License-Identifier: AGPL-3.0-or-later
// Claim status (issue 17, point 7) on every backend: a 276 for the claims quiet for N days,
// through the clearinghouse of their batch into its real outbox folder, recorded in each
// claim's history and asked again only after N more days; the 277 that answers it moves a
// rejected or denied claim, keeps a pending one where it is (with its status in the history),
// never pays one, and changes nothing the second time.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/billing/encounters.hpp"
#include "app/claims/claims.hpp"
#include "app/registry.hpp"
#include "codecs/claims/x12_claim_formats.hpp"
#include "codecs/x12/claim_status_277.hpp"
#include "domain/claims/default_rules.hpp"
#include "integrations/clearinghouse/transports.hpp"
#include "support/practice.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace cl = app::claims;
using app::Repositories;
using claims::ClaimState;

constexpr std::int64_t kDay = 86'400'000'000;

class ClaimStatus : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("claim_status_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
    dir_ = std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    clock_.setForTest(1'790'000'000'000'000);  // 2026-09-21
    auto ok = db_->write([&](Repositories& r) -> Status {
      auto practice = test::createPractice(r, zones_, clock_.now());
      if (!practice) return practice.error();
      p_ = *practice;
      claims::Clearinghouse c;
      c.organizationId = p_.org;
      c.name = "Test clearinghouse";
      c.submitterId = "SUB1";
      c.receiverId = "CH1";
      c.receiverName = "TEST CLEARINGHOUSE";
      c.contactName = "Billing";
      c.contactPhone = "2175550100";
      c.outbox = (dir_ / "out").string();
      c.inbox = (dir_ / "in").string();
      c.archive = (dir_ / "done").string();
      auto stored = r.claims().insertClearinghouse(c, clock_.now());
      if (!stored) return stored.error();
      clearinghouse_ = stored->id;
      Patient d;
      d.familyName = "Doe";
      d.givenName = "Jane";
      d.birthDate = Date::parse("1980-02-03").value();
      d.sex = "female";
      d.address = {"12 Elm St", "", "Springfield", "IL", "62704"};
      auto done = app::registry::registerPatient(r, clock_.now(), p_.org, d, false);
      if (!done) return done.error();
      patient_ = done->patient.id;
      Coverage cov;
      cov.patientId = patient_;
      cov.payerId = p_.payer;
      cov.memberId = "XJH123456789";
      cov.effectiveDate = Date::parse("2025-01-01").value();
      auto made = app::registry::createCoverage(r, clock_.now(), p_.org, cov);
      if (!made) return made.error();
      return {};
    });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  template <class T, class F>
  Result<T> write(F&& f) {
    return app::writeValue<T>(*db_, [&](Repositories& r) -> Result<T> { return f(r); });
  }

  /// A finalized visit's claim, scrubbed and put in a batch: batched. Each visit is on a day of
  /// its own (the scrubber refuses a duplicate of a service already sent).
  app::ClaimRecord batchedClaim(std::int64_t cents) {
    const Date visitDay = Date::parse("2026-09-01").value().plusDays(visits_++);
    auto claim = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
      Encounter e;
      e.patientId = patient_;
      e.providerId = p_.provider;
      e.locationId = p_.location;
      e.diagnoses = {"E119"};
      ChargeLine l;
      l.code = "99213";
      l.units = 1;
      l.diagnosisPointers = {1};
      l.charge = Money::fromCents(cents);
      e.lines.push_back(l);
      auto made = app::billing::createEncounter(r, zones_, clock_.now(), p_.org, {e, visitDay});
      if (!made) return made.error();
      auto fin = app::billing::finalizeEncounter(r, clock_.now(), p_.org, made->encounter.id,
                                                 std::nullopt, 42);
      if (!fin) return fin.error();
      auto c = cl::createClaims(r, setup_, p_.org, fin->encounter.id, {}, {}, clock_.now(), 42);
      if (!c) return c.error();
      auto s = cl::scrubClaim(r, setup_, p_.org, c->front().id, clock_.now(), 42);
      if (!s) return s.error();
      auto b = cl::createBatch(r, setup_, p_.org, {s->id}, clearinghouse_, clock_.now(), 42);
      if (!b) return b.error();
      return b->claims.front();
    });
    EXPECT_TRUE(claim.ok()) << claim.error().message;
    return claim.ok() ? *claim : app::ClaimRecord{};
  }

  Result<cl::StatusInquiryOutcome> ask(int days) {
    return cl::sendStatusInquiries(*db_, setup_, transports_, p_.org, days, {}, nullptr,
                                   clock_.now(), 42);
  }

  Result<cl::AckOutcome> take(const std::string& bytes) {
    return write<cl::AckOutcome>([&](Repositories& r) {
      return cl::takeAcknowledgement(r, setup_, p_.org, bytes,
                                     std::to_string(std::hash<std::string>{}(bytes)), clock_.now(),
                                     42);
    });
  }

  app::ClaimRecord stored(ClaimId id) {
    auto c = write<app::ClaimRecord>([&](Repositories& r) -> Result<app::ClaimRecord> {
      auto found = r.claims().get(p_.org, id);
      if (!found) return Error::notFound("claim");
      return *found;
    });
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : app::ClaimRecord{};
  }

  std::vector<app::ClaimHistoryEntry> history(ClaimId id) {
    auto h = write<std::vector<app::ClaimHistoryEntry>>(
        [&](Repositories& r) -> Result<std::vector<app::ClaimHistoryEntry>> {
          return r.claims().history(p_.org, id);
        });
    return h.ok() ? *h : std::vector<app::ClaimHistoryEntry>{};
  }

  std::string outbox(const std::string& file) {
    std::ifstream in(dir_ / "out" / file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  /// The payer's 277 answering the 276 `request`: the same claims by the traces it carried,
  /// with `stc` for each (in the order asked).
  static std::string answer(const std::string& request, const std::vector<std::string>& stc) {
    auto asked = codecs::x12::parse277(request);  // a 276 is not a 277: read it by hand
    EXPECT_FALSE(asked.ok());
    std::vector<std::string> traces;
    for (std::size_t at = request.find("TRN*1*"); at != std::string::npos;
         at = request.find("TRN*1*", at + 1)) {
      traces.push_back(request.substr(at + 6, request.find('~', at) - at - 6));
    }
    std::vector<std::string> body = {"BHT*0010*08*STAT1*20260922*0810*DG",         "HL*1**20*1",
                                     "NM1*PR*2*PRAIRIE HEALTH PLAN*****PI*PHP01",  "HL*2*1*21*1",
                                     "NM1*41*2*PRAIRIE MEDICINE*****46*SUB1",      "HL*3*2*19*1",
                                     "NM1*1P*2*PRAIRIE MEDICINE*****XX*1245678903"};
    for (std::size_t k = 0; k < traces.size() && k < stc.size(); ++k) {
      body.push_back("HL*" + std::to_string(4 + k) + "*3*22*0");
      body.push_back("NM1*IL*1*DOE*JANE****MI*XJH123456789");
      body.push_back("TRN*2*" + traces[k]);
      body.push_back(stc[k]);
    }
    std::string out =
        "ISA*00*          *00*          *ZZ*CH1            *ZZ*SUB1           *260922*0810*^*"
        "00501*000000555*0*T*:~GS*HN*CH1*SUB1*20260922*0810*55*X*005010X212~"
        "ST*277*0001*005010X212~";
    for (const auto& s : body) out += s + "~";
    return out + "SE*" + std::to_string(body.size() + 2) + "*0001~GE*1*55~IEA*1*000000555~";
  }

  std::unique_ptr<storage::Database> db_;
  std::filesystem::path dir_;
  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  codecs::X12ClaimFormats formats_;
  integrations::SettingsTransports transports_;
  cl::ClaimsSetup setup_{
      formats_, std::make_shared<const std::vector<claims::Rule>>(claims::defaultRules()), zones_};
  test::Practice p_;
  PatientId patient_;
  ClearinghouseId clearinghouse_;
  int visits_ = 0;
};

TEST_P(ClaimStatus, AsksAboutQuietClaimsOncePerPeriodThroughTheirClearinghouse) {
  const auto first = batchedClaim(12500);
  const auto second = batchedClaim(9000);
  ASSERT_EQ(first.state, ClaimState::kBatched);
  // Batched just now: not quiet for 30 days yet.
  auto none = ask(30);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_TRUE(none->inquiries.empty());
  EXPECT_FALSE(ask(-1).ok());

  clock_.advanceForTest(31 * kDay);
  auto sent = ask(30);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  ASSERT_EQ(sent->inquiries.size(), 1u);
  const cl::StatusInquiry& i = sent->inquiries[0];
  EXPECT_TRUE(i.sent) << i.sendError;
  EXPECT_TRUE(i.sendError.empty());
  ASSERT_EQ(i.claims.size(), 2u);
  EXPECT_EQ(i.claims[0].id, first.id);
  EXPECT_EQ(i.claims[1].id, second.id);
  EXPECT_TRUE(sent->skipped.empty());
  EXPECT_FALSE(sent->more);
  // The file is in the clearinghouse's outbox: a valid 276 with the drawn numbers, after the
  // batches' (the same sequences), asking by each claim's CLM01.
  EXPECT_EQ(i.clearinghouseId, clearinghouse_);
  EXPECT_EQ(i.fileName, "MO" + std::to_string(p_.org.value) + "-" +
                            std::to_string(clearinghouse_.value) + "-" +
                            std::to_string(i.interchangeControl) + ".276");
  EXPECT_EQ(i.interchangeControl, 3u) << "two batches drew 1 and 2";
  const std::string request = outbox(i.fileName);
  const auto report = codecs::x12::check(std::string_view(request));
  ASSERT_TRUE(report.ok()) << report.problems.front().describe();
  EXPECT_EQ(report.summary.types, std::vector{codecs::x12::TransactionType::k276});
  EXPECT_NE(request.find("TRN*1*" + first.patientControlNumber + "~"), std::string::npos);
  EXPECT_NE(request.find("AMT*T3*125~"), std::string::npos) << request;
  // Each claim's history says so, and its state is unchanged.
  const auto h = history(first.id);
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h.back().from, ClaimState::kBatched);
  EXPECT_EQ(h.back().to, ClaimState::kBatched);
  EXPECT_NE(h.back().note.find("status inquiry sent (276 " + i.fileName), std::string::npos);
  EXPECT_EQ(stored(first.id).state, ClaimState::kBatched);

  // Asked: quiet again only after another 30 days.
  auto again = ask(30);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->inquiries.empty());
  clock_.advanceForTest(30 * kDay);
  auto later = ask(30);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->inquiries.size(), 1u);
  EXPECT_GT(later->inquiries[0].interchangeControl, i.interchangeControl);
}

TEST_P(ClaimStatus, The277MovesRejectedAndDeniedClaimsKeepsPendingOnesAndNeverPays) {
  const auto notFound = batchedClaim(12500);
  const auto denied = batchedClaim(9000);
  const auto pending = batchedClaim(8000);
  const auto finalized = batchedClaim(7000);
  clock_.advanceForTest(31 * kDay);
  auto sent = ask(30);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  ASSERT_EQ(sent->inquiries.size(), 1u);
  const std::string reply = answer(
      outbox(sent->inquiries[0].fileName),
      {"STC*A4:35*20260922", "STC*F2:88:QC*20260922**90.00*0.00", "STC*P1:20*20260922**80.00",
       "STC*F1:65*20260922**70.00*56.00*20260921*CHK*20260921*889"});
  auto taken = take(reply);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_EQ(taken->kind, "277");
  ASSERT_EQ(taken->changes.size(), 4u);
  EXPECT_TRUE(taken->unmatched.empty());

  const auto rejected = stored(notFound.id);
  EXPECT_EQ(rejected.state, ClaimState::kRejected);
  ASSERT_EQ(rejected.findings.size(), 1u) << "back on the work list with the reason";
  EXPECT_EQ(rejected.findings[0].rule, "277.A4:35");
  EXPECT_NE(rejected.findings[0].message.find("not found"), std::string::npos)
      << rejected.findings[0].message;
  EXPECT_EQ(stored(denied.id).state, ClaimState::kDenied);
  EXPECT_EQ(stored(pending.id).state, ClaimState::kBatched);
  EXPECT_EQ(stored(finalized.id).state, ClaimState::kBatched) << "the money comes with the 835";
  // Every answer is in the history, with its meaning.
  const auto h = history(pending.id);
  EXPECT_EQ(h.back().from, ClaimState::kBatched);
  EXPECT_EQ(h.back().to, ClaimState::kBatched);
  EXPECT_NE(h.back().note.find("277 pending (P1:20)"), std::string::npos) << h.back().note;
  EXPECT_NE(h.back().note.find("Pending/in process"), std::string::npos) << h.back().note;
  EXPECT_NE(history(finalized.id).back().note.find("paid 56.00"), std::string::npos);
  EXPECT_EQ(history(denied.id).back().to, ClaimState::kDenied);

  // The same file again changes nothing.
  const std::size_t entries = history(pending.id).size();
  auto twice = take(reply);
  ASSERT_TRUE(twice.ok());
  EXPECT_TRUE(twice->duplicate);
  EXPECT_TRUE(twice->changes.empty());
  EXPECT_EQ(history(pending.id).size(), entries);
  // A claim that is decided since is not moved by a late 277; a claim not ours is named.
  auto late = take(
      answer(outbox(sent->inquiries[0].fileName), {"STC*F2:88*20260923", "STC*A7:562*20260923"}));
  ASSERT_TRUE(late.ok()) << late.error().message;
  EXPECT_EQ(stored(notFound.id).state, ClaimState::kRejected);
  EXPECT_EQ(stored(denied.id).state, ClaimState::kDenied);
  std::string foreign = reply;
  foreign.replace(foreign.find("TRN*2*" + notFound.patientControlNumber),
                  6 + notFound.patientControlNumber.size(), "TRN*2*NOTOURS1");
  auto unknown = take(foreign);
  ASSERT_TRUE(unknown.ok()) << unknown.error().message;
  ASSERT_EQ(unknown->unmatched.size(), 1u);
  EXPECT_NE(unknown->unmatched[0].find("NOTOURS1"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ClaimStatus, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
