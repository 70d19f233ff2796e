// SPDX-License-Identifier: AGPL-3.0-or-later
// Secondary and tertiary claims (issue 17, point 4): buildNextClaim, addPriorPayer and the
// adjudication's validate(), on a primary claim Jane's plan paid, then her husband's plan, then
// Medicaid.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/claims/build.hpp"
#include "domain/claims/cob.hpp"
#include "domain/claims/default_rules.hpp"
#include "domain/claims/sample_claims.hpp"
#include "domain/claims/scrubber.hpp"

namespace medoffice::domain::claims {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Date day(int y, int m, int d) {
  return Date::fromYmd(y, m, d).value();
}

Money usd(std::int64_t cents) {
  return Money::fromCents(cents);
}

std::vector<std::string> paths(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

/// Jane (self) billed to Great Prairies first; her husband John's plan second (she is his
/// spouse there), Medicaid third.
struct World {
  Claim primary = samples::claim("3001");  // as sent: 99213 for 125.00, 36415 for 12.50
  domain::Patient jane;
  domain::Payer second;
  Coverage johnsPlan;
  domain::Payer medicaid;
  Coverage medicaidPlan;

  World() {
    primary.priorAuthorization = "AUTH-1";
    primary.referralNumber = "REF-2";
    jane.id = PatientId(10);
    jane.familyName = "Smith";
    jane.givenName = "Jane";
    jane.middleName = "Q";
    jane.birthDate = day(1980, 5, 1);
    jane.sex = "female";
    jane.address = {"236 N Main St", "", "Chicago", "IL", "60614"};

    second.id = PayerId(21);
    second.name = "Second Mutual";
    second.x12PayerId = "77001";
    second.claimFilingIndicator = "CI";
    second.address = {"1 Mutual Plaza", "", "Hartford", "CT", "06103"};
    johnsPlan.id = CoverageId(31);
    johnsPlan.patientId = jane.id;
    johnsPlan.payerId = second.id;
    johnsPlan.memberId = "SEC4455667";
    johnsPlan.groupNumber = "G-77";
    johnsPlan.relationship = "01";
    johnsPlan.subscriber = {"Smith", "John", day(1978, 7, 4), "male", jane.address};
    johnsPlan.priority = CoveragePriority::kSecondary;

    medicaid.id = PayerId(22);
    medicaid.name = "State Medicaid";
    medicaid.x12PayerId = "SKIL0";
    medicaid.claimFilingIndicator = "MC";
    medicaidPlan.id = CoverageId(32);
    medicaidPlan.patientId = jane.id;
    medicaidPlan.payerId = medicaid.id;
    medicaidPlan.memberId = "MCD123456";
    medicaidPlan.relationship = "18";
    medicaidPlan.priority = CoveragePriority::kTertiary;
  }
};

/// Great Prairies' 835: line 1 paid 100.00 (CO-45 5.00, PR-2 20.00 coinsurance), line 2 paid
/// nothing (PR-1 12.50 deductible); 100.00 in all, 32.50 left to the patient.
PayerAdjudication primaryPaid() {
  PayerAdjudication a;
  a.patientControlNumber = "3001";
  a.adjudicationDate = day(2026, 10, 20);
  a.paid = usd(10000);
  a.remainingPatientLiability = usd(3250);
  a.payerClaimControlNumber = "GP-ICN-1";
  AdjudicatedLine office{"3001-1", "99213", {}, usd(10000), 1, {}, std::nullopt};
  office.adjustments = {{"CO", "45", usd(500), 0}, {"PR", "2", usd(2000), 0}};
  AdjudicatedLine draw{"3001-2", "", {}, usd(0), 1, {{"PR", "1", usd(1250), 0}}, std::nullopt};
  a.lines = {office, draw};
  return a;
}

/// Second Mutual's 835 for the secondary claim: line 1 paid 15.00 (OA-23 105.00 for the
/// primary's payment and contractual adjustment, PR-2 5.00), line 2 paid 10.00 (PR-1 2.50).
PayerAdjudication secondaryPaid(std::string pcn) {
  PayerAdjudication a;
  a.patientControlNumber = std::move(pcn);
  a.adjudicationDate = day(2026, 11, 3);
  a.paid = usd(2500);
  a.remainingPatientLiability = usd(750);
  a.payerClaimControlNumber = "SM-88";
  AdjudicatedLine office{"3001-1", "99213", {}, usd(1500), 1, {}, day(2026, 11, 2)};
  office.adjustments = {{"OA", "23", usd(10500), 0}, {"PR", "2", usd(500), 0}};
  AdjudicatedLine draw{"3001-2", "36415", {}, usd(1000), 1, {{"PR", "1", usd(250), 0}}, {}};
  a.lines = {office, draw};
  return a;
}

NextClaimSources toSecondary(const World& w, const PayerAdjudication& a, const Claim& sent) {
  return {sent, a, w.jane, w.johnsPlan, w.second, "3002"};
}

std::vector<Finding> scrubCob(const Claim& c) {
  std::vector<Rule> cob;
  for (const auto& r : defaultRules()) {
    if (r.id.rfind("cob.", 0) == 0) cob.push_back(r);
  }
  EXPECT_EQ(cob.size(), 4u);
  ScrubContext ctx;
  ctx.today = day(2026, 11, 10);
  return scrub(c, cob, ctx);
}

TEST(BuildNextClaim, SecondaryCarriesThePrimaryAsOtherPayerWithItsAdjudication) {
  const World w;
  const PayerAdjudication paid = primaryPaid();
  const auto built = buildNextClaim(toSecondary(w, paid, w.primary));
  ASSERT_TRUE(built.ok()) << built.error().message;
  const Claim& c = *built;

  // The claim to John's plan: SBR01 S, John as subscriber, Jane as his spouse (2000C).
  EXPECT_EQ(c.patientControlNumber, "3002");
  EXPECT_FALSE(c.id.valid());
  EXPECT_EQ(c.frequency, ClaimFrequency::kOriginal);
  EXPECT_EQ(c.subscriber.responsibility, PayerResponsibility::kSecondary);
  EXPECT_EQ(c.subscriber.name, PartyName::person("Smith", "John"));
  EXPECT_EQ(c.subscriber.memberId, "SEC4455667");
  EXPECT_EQ(c.subscriber.groupNumber, "G-77");
  EXPECT_EQ(c.subscriber.claimFilingIndicator, "CI");
  EXPECT_EQ(c.payer, (Payer{"Second Mutual", "77001", w.second.address}));
  ASSERT_TRUE(c.patient.has_value());
  EXPECT_EQ(c.patient->relationship, "01");
  EXPECT_EQ(c.patient->name, PartyName::person("Smith", "Jane", "Q"));
  // The primary's authorisation and referral numbers are not the secondary's.
  EXPECT_EQ(c.priorAuthorization, "");
  EXPECT_EQ(c.referralNumber, "");
  // The services are the sent claim's, unchanged.
  EXPECT_EQ(c.diagnoses, w.primary.diagnoses);
  EXPECT_EQ(c.billingProvider, w.primary.billingProvider);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].controlNumber, "3001-1");
  EXPECT_EQ(c.totalCharge(), usd(13750));

  // 2320/2330A/2330B: Great Prairies, from the claim as sent to it.
  ASSERT_EQ(c.otherPayers.size(), 1u);
  const OtherPayer& o = c.otherPayers[0];
  EXPECT_EQ(o.responsibility, PayerResponsibility::kPrimary);
  EXPECT_EQ(o.relationship, "18");
  EXPECT_EQ(o.groupNumber, "GRP01020102");
  EXPECT_EQ(o.claimFilingIndicator, "CI");
  EXPECT_EQ(o.subscriberName, PartyName::person("Smith", "Jane", "Q"));
  EXPECT_EQ(o.subscriberMemberId, "W123456789");
  EXPECT_EQ(o.payerName, "Great Prairies Health");
  EXPECT_EQ(o.payerId, "12345");
  EXPECT_EQ(o.paidAmount, usd(10000));
  EXPECT_EQ(o.remainingPatientLiability, usd(3250));
  EXPECT_FALSE(o.nonCoveredAmount.has_value());
  EXPECT_EQ(o.adjudicationDate, day(2026, 10, 20));
  EXPECT_EQ(o.payerClaimControlNumber, "GP-ICN-1");
  EXPECT_THAT(o.adjustments, IsEmpty());

  // 2430 per line, SVD01 the primary's payer id, the claim's date where the line has none.
  ASSERT_EQ(c.lines[0].adjudications.size(), 1u);
  const LineAdjudication& l1 = c.lines[0].adjudications[0];
  EXPECT_EQ(l1.otherPayerId, "12345");
  EXPECT_EQ(l1.paidAmount, usd(10000));
  EXPECT_EQ(l1.procedureCode, "99213");
  EXPECT_EQ(l1.adjudicationDate, day(2026, 10, 20));
  EXPECT_EQ(l1.adjustments,
            (std::vector<Adjustment>{{"CO", "45", usd(500), 0}, {"PR", "2", usd(2000), 0}}));
  ASSERT_EQ(c.lines[1].adjudications.size(), 1u);
  EXPECT_EQ(c.lines[1].adjudications[0].procedureCode, "");  // as billed
  EXPECT_EQ(c.lines[1].adjudications[0].paidAmount, usd(0));

  EXPECT_THAT(validate(c), IsEmpty());
  EXPECT_THAT(scrubCob(c), IsEmpty());
}

TEST(BuildNextClaim, TertiaryKeepsThePrimaryAndAddsTheSecondaryInOrder) {
  const World w;
  const PayerAdjudication first = primaryPaid();
  const auto secondary = buildNextClaim(toSecondary(w, first, w.primary));
  ASSERT_TRUE(secondary.ok());
  const PayerAdjudication second = secondaryPaid("3002");
  const auto built =
      buildNextClaim({*secondary, second, w.jane, w.medicaidPlan, w.medicaid, "3003"});
  ASSERT_TRUE(built.ok()) << built.error().message;
  const Claim& c = *built;

  EXPECT_EQ(c.subscriber.responsibility, PayerResponsibility::kTertiary);
  EXPECT_EQ(c.subscriber.memberId, "MCD123456");
  EXPECT_EQ(c.subscriber.claimFilingIndicator, "MC");
  EXPECT_FALSE(c.patient.has_value());  // Jane is Medicaid's subscriber herself
  EXPECT_EQ(c.payer.payerId, "SKIL0");
  ASSERT_EQ(c.otherPayers.size(), 2u);
  EXPECT_EQ(c.otherPayers[0], secondary->otherPayers[0]);  // the primary, untouched
  const OtherPayer& s = c.otherPayers[1];
  EXPECT_EQ(s.responsibility, PayerResponsibility::kSecondary);
  EXPECT_EQ(s.relationship, "01");  // Jane is John's spouse on his plan
  EXPECT_EQ(s.subscriberName, PartyName::person("Smith", "John"));
  EXPECT_EQ(s.subscriberMemberId, "SEC4455667");
  EXPECT_EQ(s.payerId, "77001");
  EXPECT_EQ(s.paidAmount, usd(2500));
  EXPECT_EQ(s.payerClaimControlNumber, "SM-88");
  ASSERT_EQ(c.lines[0].adjudications.size(), 2u);
  EXPECT_EQ(c.lines[0].adjudications[0].otherPayerId, "12345");
  EXPECT_EQ(c.lines[0].adjudications[1].otherPayerId, "77001");
  EXPECT_EQ(c.lines[0].adjudications[1].adjudicationDate, day(2026, 11, 2));  // its own
  EXPECT_EQ(c.lines[1].adjudications[1].adjudicationDate, day(2026, 11, 3));  // the claim's
  EXPECT_THAT(validate(c), IsEmpty());
  EXPECT_THAT(scrubCob(c), IsEmpty());

  // After the tertiary there is no one left to bill.
  const auto none =
      buildNextClaim({c, secondaryPaid("3003"), w.jane, w.johnsPlan, w.second, "3004"});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kConflict);
  EXPECT_THAT(none.error().message, HasSubstr("at most three payers"));
}

TEST(BuildNextClaim, APayerListedAheadOnThePrimaryIsNotAnOtherPayerOfItsOwnClaim) {
  World w;
  // The primary claim named the secondary payer as one to come (2320 with SBR01 S, nothing
  // paid) and the tertiary too.
  OtherPayer later;
  later.responsibility = PayerResponsibility::kSecondary;
  later.relationship = "01";
  later.claimFilingIndicator = "CI";
  later.subscriberName = PartyName::person("Smith", "John");
  later.subscriberMemberId = "SEC4455667";
  later.payerName = "Second Mutual";
  later.payerId = "77001";
  OtherPayer third = later;
  third.responsibility = PayerResponsibility::kTertiary;
  third.payerId = "SKIL0";
  w.primary.otherPayers = {later, third};
  const PayerAdjudication paid = primaryPaid();
  const auto built = buildNextClaim(toSecondary(w, paid, w.primary));
  ASSERT_TRUE(built.ok()) << built.error().message;
  ASSERT_EQ(built->otherPayers.size(), 2u);
  EXPECT_EQ(built->otherPayers[0].responsibility, PayerResponsibility::kPrimary);
  EXPECT_EQ(built->otherPayers[1].responsibility, PayerResponsibility::kTertiary);
  EXPECT_THAT(scrubCob(*built), IsEmpty());
}

TEST(BuildNextClaim, RefusesWhatCannotMakeTheNextClaim) {
  const World w;
  const PayerAdjudication paid = primaryPaid();
  auto refused = [&](const NextClaimSources& s) {
    const auto r = buildNextClaim(s);
    EXPECT_FALSE(r.ok());
    return r.ok() ? Error{} : r.error();
  };

  PayerAdjudication other = paid;
  other.patientControlNumber = "9999";
  Error e = refused(toSecondary(w, other, w.primary));
  EXPECT_EQ(e.code, ErrorCode::kConflict);
  EXPECT_THAT(e.message, HasSubstr("of claim 9999, not of claim 3001"));

  PayerAdjudication stray = paid;
  stray.lines[1].lineControlNumber = "3001-7";
  e = refused(toSecondary(w, stray, w.primary));
  EXPECT_EQ(e.code, ErrorCode::kConflict);
  EXPECT_THAT(paths(e.fields), ElementsAre("adjudication.lines[1].line_control_number"));
  EXPECT_THAT(e.fields[0].message, HasSubstr("'3001-7'"));

  PayerAdjudication bad = paid;
  bad.adjustments = {{"XX", "", usd(1), -1}};
  bad.lines[0].lineControlNumber = " ";
  bad.lines[1].paidUnits = -2;
  e = refused(toSecondary(w, bad, w.primary));
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_THAT(
      paths(e.fields),
      ElementsAre("adjudication.adjustments[0].group_code",
                  "adjudication.adjustments[0].reason_code", "adjudication.adjustments[0].quantity",
                  "adjudication.lines[0].line_control_number", "adjudication.lines[1].paid_units"));

  Claim voided = w.primary;
  voided.frequency = ClaimFrequency::kVoid;
  voided.originalClaimNumber = "GP-ICN-0";
  EXPECT_THAT(refused(toSecondary(w, paid, voided)).message, HasSubstr("is a void"));

  Coverage someoneElses = w.johnsPlan;
  someoneElses.patientId = PatientId(99);
  e = refused({w.primary, paid, w.jane, someoneElses, w.second, "3002"});
  EXPECT_THAT(e.message, HasSubstr("belongs to patient 99"));

  e = refused({w.primary, paid, w.jane, w.johnsPlan, w.medicaid, "3002"});
  EXPECT_THAT(e.message, HasSubstr("is with payer 21, not with payer 22"));

  // Billing the very policy that just paid again.
  domain::Payer gp = w.second;
  gp.x12PayerId = "12345";
  Coverage same = w.johnsPlan;
  same.memberId = "W123456789";
  e = refused({w.primary, paid, w.jane, same, gp, "3002"});
  EXPECT_THAT(e.message, HasSubstr("is the policy claim 3001 was sent to"));
}

TEST(AddPriorPayer, TurnsAClaimBuiltFromTheEncounterIntoASecondaryClaim) {
  const World w;
  const PayerAdjudication paid = primaryPaid();
  const auto expected = buildNextClaim(toSecondary(w, paid, w.primary));
  ASSERT_TRUE(expected.ok());

  // As buildClaim() makes it for the secondary coverage: no other payer yet.
  Claim c = *expected;
  c.otherPayers.clear();
  for (auto& l : c.lines) l.adjudications.clear();
  ASSERT_TRUE(addPriorPayer(c, w.primary, paid).ok());
  EXPECT_EQ(c.otherPayers, expected->otherPayers);
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    EXPECT_EQ(c.lines[i].adjudications, expected->lines[i].adjudications) << i;
  }

  // The same payer twice, or a payer that does not pay before the claim's: unchanged.
  const Claim before = c;
  const Status twice = addPriorPayer(c, w.primary, paid);
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.error().message, HasSubstr("already carries a primary payer"));
  Claim primaryAgain = w.primary;
  primaryAgain.subscriber.responsibility = PayerResponsibility::kSecondary;
  const Status notBefore = addPriorPayer(c, primaryAgain, secondaryPaid("3001"));
  ASSERT_FALSE(notBefore.ok());
  EXPECT_THAT(notBefore.error().message, HasSubstr("only payers that pay before it"));
  PayerAdjudication stray = paid;
  stray.lines.push_back(stray.lines[0]);
  stray.lines.back().lineControlNumber = "nope";
  Claim fresh = *expected;
  fresh.otherPayers.clear();
  for (auto& l : fresh.lines) l.adjudications.clear();
  const Claim untouched = fresh;
  ASSERT_FALSE(addPriorPayer(fresh, w.primary, stray).ok());
  EXPECT_EQ(fresh.otherPayers, untouched.otherPayers);
  EXPECT_THAT(fresh.lines[0].adjudications, IsEmpty());
  EXPECT_EQ(c.otherPayers, before.otherPayers);
}

TEST(AddPriorPayer, AClaimLevelAdjudicationAddsNo2430) {
  const World w;
  PayerAdjudication whole;
  whole.adjudicationDate = day(2026, 10, 20);
  whole.paid = usd(11000);
  whole.adjustments = {{"CO", "45", usd(2750), 0}};
  Claim c = *buildNextClaim(toSecondary(w, primaryPaid(), w.primary));
  c.otherPayers.clear();
  for (auto& l : c.lines) l.adjudications.clear();
  ASSERT_TRUE(addPriorPayer(c, w.primary, whole).ok());
  ASSERT_EQ(c.otherPayers.size(), 1u);
  EXPECT_EQ(c.otherPayers[0].adjudicationDate, day(2026, 10, 20));
  for (const auto& l : c.lines) EXPECT_THAT(l.adjudications, IsEmpty());
  EXPECT_THAT(scrubCob(c), IsEmpty());  // 137.50 = 110.00 + 27.50
}

TEST(PayerAdjudication, ValidateNamesEachProblem) {
  EXPECT_THAT(validate(primaryPaid()), IsEmpty());
  PayerAdjudication a = primaryPaid();
  a.lines[0].modifiers = {"1", "2", "3", "4", "5"};
  a.lines[1].adjustments[0].groupCode = "pr";
  EXPECT_THAT(paths(validate(a)),
              ElementsAre("lines[0].modifiers", "lines[1].adjustments[0].group_code"));
}

}  // namespace
}  // namespace medoffice::domain::claims
