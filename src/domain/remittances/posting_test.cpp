// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/remittances/posting.hpp"

#include <gtest/gtest.h>

namespace medoffice::domain::remittances {
namespace {

Money usd(std::int64_t cents) {
  return Money::fromCents(cents);
}

TargetLine line(std::int64_t id, std::string code, std::vector<std::string> mods,
                std::int64_t charge, Responsibility owedAt = Responsibility::kPrimary,
                std::int64_t owed = -1) {
  TargetLine l;
  l.id = ChargeLineId(id);
  l.code = std::move(code);
  l.modifiers = std::move(mods);
  l.charge = usd(charge);
  l.balance.owed[static_cast<std::size_t>(owedAt)] = usd(owed < 0 ? charge : owed);
  return l;
}

AdjudicatedLine svc(std::string code, std::vector<std::string> mods, std::int64_t charge,
                    std::int64_t paid, std::vector<Adjustment> adj, std::string lcn = "") {
  AdjudicatedLine s;
  s.code = std::move(code);
  s.modifiers = std::move(mods);
  s.charge = usd(charge);
  s.paid = usd(paid);
  s.adjustments = std::move(adj);
  s.lineControlNumber = std::move(lcn);
  return s;
}

AdjudicatedClaim claimOf(std::vector<AdjudicatedLine> lines, std::string status = "1") {
  AdjudicatedClaim c;
  c.patientControlNumber = "C1";
  c.status = std::move(status);
  for (const auto& l : lines) {
    c.charge = c.charge + l.charge;
    c.paid = c.paid + l.paid;
  }
  c.lines = std::move(lines);
  return c;
}

TEST(RemittancePosting, PaymentContractualAndPatientResponsibilityOfOneLine) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(42, "99213", {}, 10000)}};
  auto c = claimOf(
      {svc("99213", {}, 10000, 6000, {{"CO", "45", usd(2500)}, {"PR", "2", usd(1500)}}, "L42")});
  auto plan = planClaim(c, t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  ASSERT_EQ(plan.entries.size(), 3u);
  EXPECT_EQ(plan.entries[0], (PlannedEntry{ChargeLineId(42),
                                           EntryKind::kInsurancePayment,
                                           usd(6000),
                                           Responsibility::kPrimary,
                                           {},
                                           ""}));
  EXPECT_EQ(plan.entries[1], (PlannedEntry{ChargeLineId(42),
                                           EntryKind::kContractualAdjustment,
                                           usd(2500),
                                           Responsibility::kPrimary,
                                           {},
                                           "CO-45"}));
  EXPECT_EQ(plan.entries[2],
            (PlannedEntry{ChargeLineId(42), EntryKind::kTransfer, usd(1500),
                          Responsibility::kPrimary, Responsibility::kPatient, "PR-2"}));
  EXPECT_EQ(plan.outcome, Outcome::kPaid);
  EXPECT_EQ(plan.matches.at(0).by, "REF*6R");
  EXPECT_TRUE(plan.denials.empty());
}

TEST(RemittancePosting, PatientResponsibilityGoesToTheNextInsuranceWhenThereIsOne) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kSecondary,
                  {line(42, "99213", {}, 10000)}};
  auto plan = planClaim(claimOf({svc("99213", {}, 10000, 8000, {{"PR", "1", usd(2000)}})}), t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  EXPECT_EQ(plan.entries.back().to, Responsibility::kSecondary);
  EXPECT_EQ(plan.transferred, usd(2000));
}

TEST(RemittancePosting, LinesMatchWhenThePayerDropsAndReordersModifiers) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(1, "99213", {"25", "GT"}, 12000), line(2, "36415", {}, 2000)}};
  auto c = claimOf({svc("36415", {}, 2000, 1500, {{"CO", "45", usd(500)}}),
                    svc("99213", {"GT", "25"}, 12000, 9000, {{"CO", "45", usd(3000)}})});
  auto plan = planClaim(c, t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  EXPECT_EQ(plan.entries[0].line, ChargeLineId(1));
  EXPECT_EQ(plan.entries[0].amount, usd(9000));
  EXPECT_EQ(plan.entries[2].line, ChargeLineId(2));
  EXPECT_EQ(plan.entries[2].amount, usd(1500));

  auto dropped = claimOf({svc("99213", {"25"}, 12000, 9000, {{"CO", "45", usd(3000)}}),
                          svc("36415", {}, 2000, 2000, {})});
  plan = planClaim(dropped, t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  EXPECT_EQ(plan.matches[0].by, "code, modifiers, units and date");  // 36415 matched first pass
  EXPECT_EQ(plan.matches[1].by, "code (the payer dropped a modifier)");
}

TEST(RemittancePosting, OnePayerLineForSeveralOfOursIsSharedByCharge) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(1, "80053", {}, 3000), line(2, "80053", {"91"}, 6000)}};
  AdjudicatedLine bundled = svc("80053", {}, 9000, 3001, {{"CO", "45", usd(5999)}});
  bundled.modifiers = {"59"};  // matches neither line's modifiers
  auto plan = planClaim(claimOf({bundled}), t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  ASSERT_EQ(plan.matches.size(), 1u);
  EXPECT_EQ(plan.matches[0].lines.size(), 2u);
  // 30.01 and 59.99 shared 1:2 by charge, rounded down (10.00 | 20.00 and 19.99 | 39.99),
  // the cents left to the lines with room, so each line takes exactly its charge.
  EXPECT_EQ(plan.entries[0].amount, usd(1001));
  EXPECT_EQ(plan.entries[1].amount, usd(1999));
  EXPECT_EQ(plan.entries[2].amount, usd(2000));
  EXPECT_EQ(plan.entries[3].amount, usd(4000));
  EXPECT_EQ(plan.paid, usd(3001));
  EXPECT_EQ(plan.contractual, usd(5999));
}

TEST(RemittancePosting, ADenialLeavesTheMoneyOwedAndMakesAWorkItem) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(1, "99213", {}, 10000), line(2, "36415", {}, 2000)}};
  auto denied = svc("99213", {}, 10000, 0, {{"CO", "16", usd(10000)}});
  denied.remarks = {"N290"};
  auto c = claimOf({denied, svc("36415", {}, 2000, 1200, {{"CO", "45", usd(800)}})});
  auto plan = planClaim(c, t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  ASSERT_EQ(plan.denials.size(), 1u);
  EXPECT_EQ(plan.denials[0], (PlannedDenial{ChargeLineId(1), "CO", "16", {"N290"}, usd(10000)}));
  EXPECT_EQ(plan.outcome, Outcome::kPartiallyPaid);
  for (const auto& e : plan.entries) EXPECT_EQ(e.line, ChargeLineId(2));

  auto all = claimOf({denied});
  plan = planClaim(all, {ClaimId(9),
                         Responsibility::kPrimary,
                         Responsibility::kPatient,
                         {line(1, "99213", {}, 10000)}});
  ASSERT_TRUE(plan.postable);
  EXPECT_EQ(plan.outcome, Outcome::kDenied);
  EXPECT_TRUE(plan.entries.empty());
}

TEST(RemittancePosting, TakingMoreThanTheLineOwesIsRefusedWithTheAmounts) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(7, "99213", {}, 10000, Responsibility::kPrimary, 5000)}};
  auto plan = planClaim(claimOf({svc("99213", {}, 10000, 6000, {{"CO", "45", usd(4000)}})}), t);
  EXPECT_FALSE(plan.postable);
  EXPECT_TRUE(plan.entries.empty());
  EXPECT_NE(plan.reason.find("owes 50.00 at primary"), std::string::npos) << plan.reason;
  EXPECT_NE(plan.reason.find("takes 100.00"), std::string::npos) << plan.reason;
}

TEST(RemittancePosting, AnUnknownPayerLineRefusesTheClaim) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(1, "99213", {}, 10000)}};
  auto plan = planClaim(claimOf({svc("99214", {}, 10000, 100, {})}), t);
  EXPECT_FALSE(plan.postable);
  EXPECT_NE(plan.reason.find("line 1 (99214"), std::string::npos) << plan.reason;
  EXPECT_NE(plan.reason.find("matches none"), std::string::npos);
}

TEST(RemittancePosting, ClaimLevelAdjustmentsComeOutOfTheLinesPayments) {
  // managed-care.835: 800.00 − CO-A2 50.00 (claim) − PR-1 300.00 (line) = 450.00 = CLP04,
  // while SVC03 says 500.00: the payer sent 450.00.
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(1, "99213", {}, 80000)}};
  auto c = claimOf({svc("99213", {}, 80000, 50000, {{"PR", "1", usd(30000)}})});
  c.adjustments = {{"CO", "A2", usd(5000)}};
  c.paid = usd(45000);
  auto plan = planClaim(c, t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  EXPECT_EQ(plan.paid, usd(45000));
  EXPECT_EQ(plan.contractual, usd(5000));
  EXPECT_EQ(plan.transferred, usd(30000));
  EXPECT_EQ(plan.entries.size(), 3u);

  c.paid = usd(50000);  // CLP04 disagreeing with the lines is refused, never forced
  plan = planClaim(c, t);
  EXPECT_FALSE(plan.postable);
  EXPECT_NE(plan.reason.find("CLP04 says 500.00"), std::string::npos) << plan.reason;
}

TEST(RemittancePosting, ASecondaryPostsOnlyWhatItOwesAndIgnoresThePrimarysImpact) {
  // Charge 100.00; the primary paid 60.00, wrote off 20.00 and left 20.00 to the secondary.
  PostingTarget t{ClaimId(9),
                  Responsibility::kSecondary,
                  Responsibility::kPatient,
                  {line(1, "99213", {}, 10000, Responsibility::kSecondary, 2000)}};
  auto c = claimOf({svc("99213", {}, 10000, 1500,
                        {{"OA", "23", usd(8000)}, {"CO", "45", usd(300)}, {"PR", "2", usd(200)}})},
                   "2");
  auto plan = planClaim(c, t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  ASSERT_EQ(plan.entries.size(), 3u);
  EXPECT_EQ(plan.entries[0].from, Responsibility::kSecondary);
  EXPECT_EQ(plan.paid, usd(1500));
  EXPECT_EQ(plan.contractual, usd(300));
  EXPECT_EQ(plan.transferred, usd(200));
}

TEST(RemittancePosting, AClaimWithoutLinesHasItsPaymentSpreadOverOurLines) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(1, "99213", {}, 6000), line(2, "36415", {}, 4000)}};
  AdjudicatedClaim c;
  c.status = "1";
  c.charge = usd(10000);
  c.paid = usd(7000);
  c.adjustments = {{"CO", "45", usd(2000)}, {"PR", "3", usd(1000)}};
  auto plan = planClaim(c, t);
  ASSERT_TRUE(plan.postable) << plan.reason;
  EXPECT_EQ(plan.entries[0], (PlannedEntry{ChargeLineId(1),
                                           EntryKind::kInsurancePayment,
                                           usd(6000),
                                           Responsibility::kPrimary,
                                           {},
                                           ""}));
  EXPECT_EQ(plan.paid, usd(7000));
  EXPECT_EQ(plan.contractual, usd(2000));
  EXPECT_EQ(plan.transferred, usd(1000));
}

TEST(RemittancePosting, NegativeAmountsOutsideAReversalAreRefused) {
  PostingTarget t{ClaimId(9),
                  Responsibility::kPrimary,
                  Responsibility::kPatient,
                  {line(1, "99213", {}, 10000)}};
  EXPECT_FALSE(planClaim(claimOf({svc("99213", {}, 10000, -100, {})}), t).postable);
  auto plan = planClaim(claimOf({svc("99213", {}, 10000, 10100, {{"PR", "1", usd(-100)}})}), t);
  EXPECT_FALSE(plan.postable);
  EXPECT_NE(plan.reason.find("negative PR-1"), std::string::npos) << plan.reason;
}

TEST(RemittancePosting, ContractualAndInformationalReasons) {
  EXPECT_TRUE(isContractual("CO", "45"));
  EXPECT_TRUE(isContractual("PI", "253"));
  EXPECT_FALSE(isContractual("OA", "45"));
  EXPECT_FALSE(isContractual("CO", "16"));
  EXPECT_TRUE(isInformational("OA", "23", usd(100)));
  EXPECT_TRUE(isInformational("OA", "94", usd(-900)));
  EXPECT_FALSE(isInformational("OA", "94", usd(900)));
}

}  // namespace
}  // namespace medoffice::domain::remittances
