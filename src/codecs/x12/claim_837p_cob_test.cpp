// SPDX-License-Identifier: AGPL-3.0-or-later
// The 837P's coordination of benefits (claim_837p_cob.cpp): a tertiary claim with a primary that
// adjudicated by line and a secondary that adjudicated the claim as a whole.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codecs/x12/claim_837p.hpp"
#include "codecs/x12/envelope.hpp"
#include "codecs/x12/tokenizer.hpp"
#include "domain/claims/sample_claims.hpp"

namespace medoffice::codecs::x12 {
namespace {

namespace claims = domain::claims;
using domain::Money;
using ::testing::ElementsAre;

domain::Date day(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

Transmission837P transmission() {
  Transmission837P t;
  t.interchange.senderId = "MEDOFFICE01";
  t.interchange.receiverId = "12345";
  t.interchange.date = day(2026, 11, 10);
  t.interchange.time = {8, 0};
  t.group.senderCode = "MEDOFFICE01";
  t.group.receiverCode = "12345";
  t.group.date = day(2026, 11, 10);
  t.group.time = {8, 0};
  t.batchReference = "COB-1";
  t.created = day(2026, 11, 10);
  t.createdTime = {8, 0};
  return t;
}

struct Written {
  /// The claims written: a SegmentMap's qualifiers may be views into them, so they live as long.
  std::vector<claims::Claim> claims;
  domain::Result<Write837PResult> result = domain::Error::internal("not written");
  std::string text;
  std::vector<std::string> segments;  // ST to SE, position k at index k - 1
};

Written write(const claims::Claim& c, SegmentMap* map = nullptr) {
  Written w;
  StringSink sink(w.text);
  CountingControlNumbers numbers(1, 1, 1);
  w.claims = {c};
  w.result = write837P(w.claims, transmission(), sink, numbers, {.lineBreaks = true}, map);
  Tokenizer t(w.text);
  bool in = false;
  while (const Segment* s = t.next()) {
    if (s->id() == "ST") in = true;
    if (in) w.segments.emplace_back(s->text());
    if (s->id() == "SE") in = false;
  }
  return w;
}

/// 1-based position of the nth segment starting with `prefix`; 0 when there is none.
std::uint32_t find(const Written& w, std::string_view prefix, std::size_t nth = 0) {
  for (std::size_t k = 0; k < w.segments.size(); ++k) {
    if (w.segments[k].rfind(prefix, 0) == 0 && nth-- == 0) return static_cast<std::uint32_t>(k + 1);
  }
  return 0;
}

/// To Medicaid (T) after Great Prairies (P, by line: 125.00 = 100.00 + CO-45 5.00 + PR-2 20.00;
/// 12.50 = 0 + PR-1 12.50) and Second Mutual (S, as a whole: 25.00 paid, OA-23 105.00, PR-2
/// 5.00 and PR-1 2.50 at claim level).
claims::Claim tertiary() {
  claims::Claim c = claims::samples::claim("3003");
  c.subscriber.responsibility = claims::PayerResponsibility::kTertiary;
  c.subscriber.memberId = "MCD123456";
  c.subscriber.claimFilingIndicator = "MC";
  c.payer = claims::Payer{"State Medicaid", "SKIL0", {}};

  claims::OtherPayer p;
  p.responsibility = claims::PayerResponsibility::kPrimary;
  p.groupNumber = "GRP01020102";
  p.claimFilingIndicator = "CI";
  p.paidAmount = Money::fromCents(10000);
  p.remainingPatientLiability = Money::fromCents(3250);
  p.subscriberName = claims::PartyName::person("Smith", "Jane", "Q");
  p.subscriberMemberId = "W123456789";
  p.subscriberAddress = {"236 N Main St", "", "Chicago", "IL", "60614"};
  p.payerName = "Great Prairies Health";
  p.payerId = "12345";
  p.adjudicationDate = day(2026, 10, 20);  // not written: its lines carry the date
  p.payerClaimControlNumber = "GP-ICN-1";

  claims::OtherPayer s;
  s.responsibility = claims::PayerResponsibility::kSecondary;
  s.relationship = "01";
  s.groupNumber = "G-77";
  s.claimFilingIndicator = "CI";
  s.adjustments = {{"OA", "23", Money::fromCents(10500), 0},
                   {"PR", "2", Money::fromCents(500), 0},
                   {"PR", "1", Money::fromCents(250), 0}};
  s.paidAmount = Money::fromCents(2500);
  s.remainingPatientLiability = Money::fromCents(750);
  s.benefitsAssignment = claims::BenefitsAssignment::kNo;
  s.subscriberName = claims::PartyName::person("Smith", "John");
  s.subscriberMemberId = "SEC4455667";
  s.payerName = "Second Mutual";
  s.payerId = "77001";
  s.payerAddress = {"1 Mutual Plaza", "", "Hartford", "CT", "06103"};
  s.adjudicationDate = day(2026, 11, 3);
  c.otherPayers = {p, s};

  claims::LineAdjudication office;
  office.otherPayerId = "12345";
  office.paidAmount = Money::fromCents(10000);
  office.adjustments = {{"CO", "45", Money::fromCents(500), 0},
                        {"PR", "2", Money::fromCents(2000), 0}};
  office.adjudicationDate = day(2026, 10, 20);
  claims::LineAdjudication draw;
  draw.otherPayerId = "12345";
  draw.paidAmount = Money::fromCents(0);
  draw.adjustments = {{"PR", "1", Money::fromCents(1250), 1}};
  draw.adjudicationDate = day(2026, 10, 20);
  c.lines[0].adjudications = {office};
  c.lines[1].adjudications = {draw};
  return c;
}

TEST(Claim837PCob, WritesEachEarlierPayerInOrderWithTheDateWhereTheGuideWantsIt) {
  const Written w = write(tertiary());
  ASSERT_TRUE(w.result.ok()) << w.result.error().message;
  const CheckReport report = check(w.text);
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].describe());

  const std::uint32_t clm = find(w, "CLM*3003*");
  const std::uint32_t lx = find(w, "LX*1");
  ASSERT_TRUE(clm != 0 && lx > clm);
  const std::vector<std::string> cob(w.segments.begin() + clm + 1, w.segments.begin() + lx - 1);
  EXPECT_THAT(cob,
              ElementsAre("SBR*P*18*GRP01020102******CI", "AMT*D*100", "AMT*EAF*32.5", "OI***Y***Y",
                          "NM1*IL*1*SMITH*JANE*Q***MI*W123456789", "N3*236 N MAIN ST",
                          "N4*CHICAGO*IL*60614", "NM1*PR*2*GREAT PRAIRIES HEALTH*****PI*12345",
                          "REF*F8*GP-ICN-1",
                          // The secondary adjudicated the claim as a whole: its date in 2330B,
                          // one CAS per group code in order of first appearance.
                          "SBR*S*01*G-77******CI", "CAS*OA*23*105", "CAS*PR*2*5**1*2.5", "AMT*D*25",
                          "AMT*EAF*7.5", "OI***N***Y", "NM1*IL*1*SMITH*JOHN****MI*SEC4455667",
                          "NM1*PR*2*SECOND MUTUAL*****PI*77001", "N3*1 MUTUAL PLAZA",
                          "N4*HARTFORD*CT*06103", "DTP*573*D8*20261103"));
  // The primary's 2430s: SVD, CAS with the quantity when there is one, DTP*573.
  const std::uint32_t svd = find(w, "SVD*");
  ASSERT_NE(svd, 0u);
  EXPECT_EQ(w.segments[svd - 1], "SVD*12345*100*HC:99213**1");
  EXPECT_EQ(w.segments[svd], "CAS*CO*45*5");
  EXPECT_EQ(w.segments[svd + 1], "CAS*PR*2*20");
  EXPECT_EQ(w.segments[svd + 2], "DTP*573*D8*20261020");
  const std::uint32_t svd2 = find(w, "SVD*", 1);
  EXPECT_EQ(w.segments[svd2 - 1], "SVD*12345*0*HC:36415**1");
  EXPECT_EQ(w.segments[svd2], "CAS*PR*1*12.5*1");
}

TEST(Claim837PCob, TheSegmentMapLeadsCobSegmentsBackToTheirFields) {
  SegmentMap map;
  const Written w = write(tertiary(), &map);
  ASSERT_TRUE(w.result.ok());
  const std::uint32_t secondSbr = find(w, "SBR*S*01");
  EXPECT_EQ(map.at(secondSbr)->loop, "2320");
  EXPECT_EQ(map.fieldPath(secondSbr, 2), "other_payers[1].relationship");
  EXPECT_EQ(map.fieldPath(secondSbr, 9), "other_payers[1].claim_filing_indicator");
  const std::uint32_t pr = find(w, "CAS*PR*2*5");
  EXPECT_EQ(map.fieldPath(pr, 5), "other_payers[1].adjustments");
  EXPECT_EQ(map.at(pr)->qualifier, "PR");
  const std::uint32_t johnsId = find(w, "NM1*IL*1*SMITH*JOHN");
  EXPECT_EQ(map.at(johnsId)->loop, "2330A");
  EXPECT_EQ(map.fieldPath(johnsId, 9), "other_payers[1].subscriber_member_id");
  EXPECT_EQ(map.fieldPath(johnsId, 4), "other_payers[1].subscriber_name.first");
  const std::uint32_t date = find(w, "DTP*573*D8*20261103");
  EXPECT_EQ(map.at(date)->loop, "2330B");
  EXPECT_EQ(map.fieldPath(date, 3), "other_payers[1].adjudication_date");
  EXPECT_EQ(map.fieldPath(find(w, "N4*HARTFORD"), 1), "other_payers[1].payer_address.city");
  EXPECT_EQ(map.fieldPath(find(w, "REF*F8*GP-ICN-1"), 2),
            "other_payers[0].payer_claim_control_number");
  const std::uint32_t svd = find(w, "SVD*", 1);
  EXPECT_EQ(map.at(svd)->loop, "2430");
  EXPECT_THAT(map.claimsAt(svd), ElementsAre(0));
  EXPECT_EQ(map.fieldPath(svd, 1), "lines[1].adjudications[0].other_payer_id");
  EXPECT_EQ(map.fieldPath(svd, 3, 2), "lines[1].adjudications[0].procedure_code");
  EXPECT_EQ(map.fieldPath(svd, 5), "lines[1].adjudications[0].paid_units");
  EXPECT_EQ(map.fieldPath(svd + 1, 2), "lines[1].adjudications[0].adjustments");
  EXPECT_EQ(map.fieldPath(svd + 2, 3), "lines[1].adjudications[0].adjudication_date");
}

TEST(Claim837PCob, AnOtherPayerNameWithNothingToWriteNamesItsField) {
  claims::Claim c = tertiary();
  c.otherPayers[1].payerName = "***";  // only delimiters: nothing left once cleaned
  const Written w = write(c);
  ASSERT_FALSE(w.result.ok());
  EXPECT_EQ(w.result.error().fields.at(0).field, "claims[0].other_payers[1].payer_name");
  claims::Claim line = tertiary();
  line.lines[1].adjudications[0].otherPayerId = "~";
  line.otherPayers[0].payerId = "~";
  line.lines[0].adjudications[0].otherPayerId = "~";
  const Written l = write(line);
  ASSERT_FALSE(l.result.ok());
  EXPECT_EQ(l.result.error().fields.at(0).field, "claims[0].other_payers[0].payer_id");
}

}  // namespace
}  // namespace medoffice::codecs::x12
