// SPDX-License-Identifier: AGPL-3.0-or-later
// The 277 claim status reader: a golden answer to our golden 276s field by field, the shared
// 277 samples, refusal of the 277CA, malformed input naming the segment, and random damage.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "codecs/x12/claim_status_277.hpp"
#include "codecs/x12/eligibility_test_support.hpp"
#include "codecs/x12/envelope.hpp"

namespace medoffice::codecs::x12 {
namespace {

using namespace eligibility_test;

domain::Date ymd(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

ClaimStatusResponse277 readOne(const std::string& text) {
  const auto r = parse277(text);
  if (!r.ok()) {
    ADD_FAILURE() << r.error().message << " "
                  << (r.error().fields.empty()
                          ? std::string()
                          : r.error().fields.at(0).field + ": " + r.error().fields.at(0).message);
    return {};
  }
  if (r->size() != 1) {
    ADD_FAILURE() << r->size() << " transactions";
    return {};
  }
  return r->front();
}

std::string goldenText() {
  const std::string text = slurp(golden("277", "paid-and-pending.277"));
  EXPECT_FALSE(text.empty()) << golden("277", "paid-and-pending.277") << " is missing";
  return text;
}

std::optional<Problem> problemOf(std::string_view input) {
  ClaimStatus277Reader r(input);
  while (r.next() != nullptr) {
  }
  return r.problem();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ClaimStatus277, GoldenPassesTheEnvelopeCheck) {
  const CheckReport report = check(goldenText());
  ASSERT_TRUE(report.ok()) << report.problems.front().describe();
  EXPECT_NE(report.summary.describe().find("277 005010X212"), std::string::npos)
      << report.summary.describe();
}

TEST(ClaimStatus277, PaidClaimFieldByField) {
  const ClaimStatusResponse277 a = readOne(goldenText());
  EXPECT_EQ(a.reference, "STAT20261001");
  EXPECT_EQ(a.created, ymd(2026, 10, 5));
  EXPECT_EQ(a.envelope.transactionControl, "0001");
  EXPECT_EQ(a.envelope.senderId, "ACMEHEALTH");
  ASSERT_EQ(a.sources.size(), 1u);
  EXPECT_EQ(a.sources[0].id, "ACME01");
  ASSERT_EQ(a.receivers.size(), 1u);
  EXPECT_EQ(a.receivers[0].idQualifier, "46");
  EXPECT_EQ(a.receivers[0].id, "MEDOFF01");
  ASSERT_EQ(a.providers.size(), 1u);
  EXPECT_EQ(a.providers[0].id, "1234567893");
  ASSERT_EQ(a.claims.size(), 2u);

  const ClaimStatus277& c = a.claims[0];
  EXPECT_EQ(a.byTrace("MO-2026-0042"), &a.claims[0]);
  EXPECT_EQ(a.byTrace("MO-2026-9999"), nullptr);
  EXPECT_EQ(c.trace, "MO-2026-0042");  // the TRN of the golden subscriber 276
  EXPECT_EQ(c.payerClaimNumber, "ACME5551212");
  EXPECT_EQ(c.patientAccountNumber, "MO-2026-0042");
  EXPECT_FALSE(c.dependent);
  EXPECT_EQ(c.patientLastName, "DOE");
  EXPECT_EQ(c.memberId, "W123456789");
  EXPECT_EQ(c.serviceFrom, ymd(2026, 9, 14));
  EXPECT_EQ(c.serviceTo, ymd(2026, 9, 14));
  ASSERT_EQ(c.statuses.size(), 1u);
  const ClaimStatusEntry& s = c.current();
  EXPECT_EQ(s.family(), StatusFamily::kFinalized);
  ASSERT_EQ(s.status.codes.size(), 1u);
  EXPECT_EQ(s.status.codes[0].category, "F1");
  EXPECT_EQ(s.status.codes[0].status, "65");
  EXPECT_EQ(s.status.codes[0].categoryText, "finalized/payment");
  EXPECT_EQ(s.status.date, ymd(2026, 10, 1));
  EXPECT_EQ(s.status.amountCents, 12000);
  EXPECT_EQ(s.paidCents, 9561);
  EXPECT_EQ(s.adjudicatedDate, ymd(2026, 9, 30));
  EXPECT_EQ(s.paymentMethod, "CHK");
  EXPECT_EQ(s.checkDate, ymd(2026, 10, 3));
  EXPECT_EQ(s.checkNumber, "889");
  EXPECT_EQ(s.status.segment, 14u);
  ASSERT_EQ(c.lines.size(), 1u);
  const ClaimStatusLine& l = c.lines[0];
  EXPECT_EQ(l.procedureQualifier, "HC");
  EXPECT_EQ(l.procedureCode, "99213");
  EXPECT_EQ(l.modifiers, std::vector<std::string>{"25"});
  EXPECT_EQ(l.chargeCents, 12000);
  EXPECT_EQ(l.paidCents, 9561);
  EXPECT_EQ(l.units, "1");
  EXPECT_EQ(l.lineControlNumber, "MO-2026-0042-1");
  EXPECT_EQ(l.serviceFrom, ymd(2026, 9, 14));
  ASSERT_EQ(l.statuses.size(), 1u);
  EXPECT_EQ(l.statuses[0].paidCents, 9561);
  EXPECT_EQ(describeDisposition(c),
            "finalized/payment: paid 95.61 on 2026-10-03, check or EFT 889; status 65");
}

TEST(ClaimStatus277, PendingDependentClaimFieldByField) {
  const ClaimStatusResponse277 a = readOne(goldenText());
  ASSERT_EQ(a.claims.size(), 2u);
  const ClaimStatus277& c = a.claims[1];
  EXPECT_EQ(c.trace, "MO-2026-0043");
  EXPECT_TRUE(c.dependent);
  EXPECT_EQ(c.patientLastName, "MULLER");
  EXPECT_EQ(c.patientFirstName, "ZOE ANN");
  EXPECT_EQ(c.memberId, "W555000111");  // from the subscriber level above
  EXPECT_EQ(c.payerClaimNumber, "ACME7788");
  EXPECT_EQ(c.serviceFrom, ymd(2026, 9, 1));
  EXPECT_EQ(c.serviceTo, ymd(2026, 9, 3));
  ASSERT_EQ(c.statuses.size(), 2u);
  EXPECT_EQ(c.statuses[0].family(), StatusFamily::kPending);
  EXPECT_EQ(c.statuses[0].status.amountCents, 851388);
  EXPECT_FALSE(c.statuses[0].paidCents.has_value());
  EXPECT_EQ(c.statuses[1].family(), StatusFamily::kMoreInformation);
  EXPECT_EQ(c.statuses[1].status.codes[0].categoryText, "more information requested/documentation");
  EXPECT_TRUE(c.lines.empty());
  EXPECT_EQ(describeDisposition(c),
            "pending/payer review since 2026-10-02; status 20, entity payer (PR)");
}

TEST(ClaimStatus277, SharedSamples) {
  const fs::path dir = sharedDir() / "fixtures" / "x12" / "277";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " is absent (../shared is not beside the repo)";
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names, (std::vector<std::string>{
                       "claim-level-status-ncpdp.277", "claim-level-status.277",
                       "information-receiver-level-status.277", "provider-level-status.277"}))
      << "a new 277 sample: add what it must give";

  // X12-NOTES §5.1; HL*8*7*23 has no HL04 (§1.6), read as optional.
  const ClaimStatusResponse277 cl = readOne(slurp(dir / "claim-level-status.277"));
  ASSERT_EQ(cl.claims.size(), 3u);
  EXPECT_EQ(cl.claims[0].trace, "ABCXYZ1");
  EXPECT_EQ(cl.claims[0].payerClaimNumber, "05347006051");
  EXPECT_EQ(cl.claims[0].billType, "111");
  EXPECT_EQ(cl.claims[0].current().status.codes[0].category, "P3");
  EXPECT_EQ(cl.claims[0].current().status.amountCents, 851388);
  EXPECT_EQ(cl.claims[1].current().status.codes[0].category, "F0");
  EXPECT_EQ(cl.claims[1].current().paidCents, 759900);
  EXPECT_EQ(describeDisposition(cl.claims[1]), "finalized: paid 7599.00 on 2005-09-15; status 3");
  const ClaimStatus277& joseph = cl.claims[2];
  EXPECT_TRUE(joseph.dependent);
  EXPECT_EQ(joseph.patientFirstName, "JOSEPH");
  EXPECT_EQ(joseph.memberId, "345678901");
  EXPECT_EQ(joseph.current().status.codes[0].entity, "QC");
  ASSERT_EQ(joseph.lines.size(), 1u);
  EXPECT_EQ(joseph.lines[0].procedureCode, "99203");
  EXPECT_EQ(joseph.lines[0].paidCents, 0);
  EXPECT_EQ(joseph.lines[0].statuses.at(0).status.codes.at(0).status, "88");
  EXPECT_EQ(describeDisposition(joseph),
            "finalized/denial: paid 0.00 on 2005-06-12; status 88, entity patient (QC)");

  const ClaimStatusResponse277 rx = readOne(slurp(dir / "claim-level-status-ncpdp.277"));
  ASSERT_EQ(rx.claims.size(), 1u);
  EXPECT_EQ(rx.claims[0].current().status.codes[0].codeList, "RX");
  ASSERT_EQ(rx.claims[0].otherReferences.size(), 1u);
  EXPECT_EQ(rx.claims[0].otherReferences[0].first, "XZ");

  const ClaimStatusResponse277 ir = readOne(slurp(dir / "information-receiver-level-status.277"));
  EXPECT_TRUE(ir.claims.empty());
  ASSERT_EQ(ir.receivers.size(), 1u);
  EXPECT_EQ(ir.receivers[0].trace, "ABC276XXX");
  ASSERT_EQ(ir.receivers[0].statuses.size(), 1u);
  EXPECT_EQ(ir.receivers[0].statuses[0].codes[0].category, "E0");

  const ClaimStatusResponse277 pl = readOne(slurp(dir / "provider-level-status.277"));
  ASSERT_EQ(pl.claims.size(), 1u);
  ASSERT_EQ(pl.providers.size(), 2u);
  ASSERT_EQ(pl.providers[1].statuses.size(), 1u);
  EXPECT_EQ(pl.providers[1].statuses[0].codes[0].entity, "85");
}

TEST(ClaimStatus277, Refuses277CANamingTheVersion) {
  std::string text = goldenText();
  text = replaced(text, "*X*005010X212~", "*X*005010X214~");
  text = replaced(text, "ST*277*0001*005010X212", "ST*277*0001*005010X214");
  const auto p = problemOf(text);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->kind, ProblemKind::kVersion);
  EXPECT_EQ(p->segmentId, "GS");
  EXPECT_NE(p->message.find("005010X214"), std::string::npos) << p->describe();
  EXPECT_NE(p->message.find("277 claim status response"), std::string::npos) << p->describe();
  const auto r = parse277(text);
  ASSERT_FALSE(r.ok());
}

TEST(ClaimStatus277, MalformedInputNamesTheSegment) {
  struct Case {
    std::string from;
    std::string to;
    std::string segment;
    int element;
    std::string words;
  };
  const std::vector<Case> cases = {
      {"STC*F1:65*20261001**120.00*95.61*", "STC*F1*20261001**120.00*95.61*", "STC", 1,
       "STC01 'F1' is not a status"},
      {"*95.61*20260930*CHK*20261003*889", "*95.61*20260930*CHK*2026103*889", "STC", 8,
       "STC08 '2026103' is not a CCYYMMDD date"},
      {"**120.00*95.61*2026", "**120.00*9x5.61*2026", "STC", 5, "STC05 '9x5.61'"},
      {"HL*6*5*23", "HL*6*4*23", "HL", 2, "does not name the open subscriber level"},
      {"HL*4*3*22*0", "HL*4*3*PT*0", "HL", 3, "is not a 277 level"},
      {"DTP*472*RD8*20260901-20260903", "DTP*472*RD8*20260903-20260901", "DTP", 3,
       "is not a RD8 date"},
      {"SVC*HC:99213:25*", "SVC*:99213:25*", "SVC", 1, "SVC01"},
      {"STC*F1:65*20261001**120.00*95.61~\n", "", "HL", 0,
       "STC missing: the service line at segment 18 (claim 'MO-2026-0042') has no status"},
      {"TRN*2*MO-2026-0043", "TRN*2*", "TRN", 2, "TRN02"},
      {"REF*1K*ACME7788", "AMT*T3*1", "AMT", 0, "does not belong in a 277"},
  };
  for (const Case& c : cases) {
    const auto p = problemOf(replaced(goldenText(), c.from, c.to));
    ASSERT_TRUE(p.has_value()) << c.from;
    EXPECT_EQ(p->segmentId, c.segment) << p->describe();
    EXPECT_EQ(p->element, c.element) << p->describe();
    EXPECT_NE(p->message.find(c.words), std::string::npos) << p->describe();
    EXPECT_GT(p->segment, 0u);
  }
}

TEST(ClaimStatus277, RandomDamageNeverCrashes) {
  std::vector<std::string> seeds = {goldenText()};
  const fs::path dir = sharedDir() / "fixtures" / "x12" / "277";
  if (fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) seeds.push_back(slurp(e.path()));
  }
  std::mt19937 rng(277);
  const char alphabet[] = "*~^:>0123456789AEFPRCNY.-\n\r\0 ";
  std::size_t accepted = 0;
  for (int i = 0; i < 1000; ++i) {
    std::string text = seeds[static_cast<std::size_t>(i) % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0:
          text[at] = alphabet[rng() % (sizeof alphabet - 1)];
          break;
        case 1:
          text.erase(at, 1 + rng() % 8);
          break;
        case 2:
          text.insert(at, 1, alphabet[rng() % (sizeof alphabet - 1)]);
          break;
        default:
          text.resize(at);
          break;
      }
    }
    ClaimStatus277Reader r(text);
    while (const ClaimStatusResponse277* a = r.next()) {
      for (const auto& c : a->claims) ASSERT_FALSE(describeDisposition(c).empty());
      ++accepted;
    }
    if (r.problem()) {
      ASSERT_FALSE(r.problem()->message.empty());
      (void)toError(*r.problem());
    }
  }
  EXPECT_GT(accepted, 0u);
  EXPECT_LT(accepted, 1000u);
}

}  // namespace
}  // namespace medoffice::codecs::x12
