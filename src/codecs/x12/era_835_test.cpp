// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/era_835.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "codecs/x12/era_835_test_support.hpp"

namespace medoffice::codecs::x12 {
namespace {

using namespace era835_test;

TEST(Era835Golden, BalancedTwoClaimsWithLineAdjustmentsAndPlb) {
  const Remittance r = readOne(slurp(golden("balanced_two_claims_plb.835")));
  EXPECT_EQ(r.envelope.interchangeControl, "000000501");
  EXPECT_EQ(r.envelope.senderId, "ACMEHEALTH");
  EXPECT_TRUE(r.envelope.production);
  EXPECT_EQ(r.envelope.groupControl, "501");
  EXPECT_EQ(r.envelope.transactionControl, "0001");
  EXPECT_EQ(r.envelope.segment, 3u);

  EXPECT_EQ(r.payment.handling.code, "C");
  EXPECT_EQ(r.payment.handling.meaning, "payment accompanies the remittance advice");
  EXPECT_EQ(r.payment.amountCents, 35415);
  EXPECT_TRUE(r.payment.credit);
  EXPECT_EQ(r.payment.method.code, "ACH");
  EXPECT_EQ(r.payment.format, "CCP");
  EXPECT_EQ(r.payment.originatingCompany, "1512345678");
  EXPECT_EQ(r.payment.date, ymd(2026, 12, 15));
  EXPECT_EQ(r.payment.segment, 4u);
  EXPECT_EQ(r.trace.type, "1");
  EXPECT_EQ(r.trace.number, "EFT20261215001");
  EXPECT_EQ(r.trace.payerId, "1512345678");
  EXPECT_EQ(r.receiverId, "MEDOFFICE");
  EXPECT_EQ(r.productionDate, ymd(2026, 12, 14));
  EXPECT_TRUE(r.currency.empty());

  EXPECT_EQ(r.payer.name, "ACME HEALTH PLAN");
  EXPECT_EQ(r.payer.address, (Address835{"100 INSURANCE WAY", "", "HARTFORD", "CT", "06101", ""}));
  EXPECT_EQ(r.payer.payerId(), "ACME01");
  ASSERT_EQ(r.payer.contacts.size(), 3u);
  EXPECT_EQ(r.payer.contacts[0], (Contact835{"CX", "PROVIDER SERVICES", {{"TE", "8005550199"}}}));
  EXPECT_EQ(r.payer.contacts[1],
            (Contact835{"BL", "EDI SUPPORT", {{"TE", "8005550188"}, {"EM", "edi@acme.example"}}}));
  EXPECT_EQ(r.payer.contacts[2], (Contact835{"IC", "", {{"UR", "www.acme.example"}}}));
  EXPECT_EQ(r.payee.name, "RIVERSIDE FAMILY PRACTICE");
  EXPECT_EQ(r.payee.npi(), "1234567893");
  EXPECT_EQ(r.payee.taxId(), "371234567");
  EXPECT_EQ(r.payee.address.postalCode, "627011234");

  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].number, "1");
  EXPECT_EQ(r.claimCount, 2u);
  EXPECT_EQ(r.claimsPaidCents, 40200);
  ASSERT_EQ(r.claims.size(), 2u);

  const Claim835& c1 = r.claims[0];
  EXPECT_EQ(c1.patientControlNumber, "E1001-C1");
  EXPECT_EQ(c1.status.code, "1");
  EXPECT_EQ(c1.status.meaning, "processed as primary");
  EXPECT_TRUE(c1.status.known);
  EXPECT_FALSE(c1.isReversal());
  EXPECT_EQ(c1.chargeCents, 25000);
  EXPECT_EQ(c1.paidCents, 16200);
  EXPECT_EQ(c1.patientResponsibilityCents, 4000);
  EXPECT_EQ(c1.filingIndicator, "12");
  EXPECT_EQ(c1.payerClaimControlNumber, "2026335000101");
  EXPECT_EQ(c1.facilityCode, "11");
  EXPECT_EQ(c1.frequency, "1");
  EXPECT_TRUE(c1.adjustments.empty());
  EXPECT_EQ(c1.patient, (Name835{"QC", "1", "DOE", "JANE", "Q", "", "MI", "W123456789"}));
  ASSERT_TRUE(c1.insured.has_value());
  EXPECT_EQ(c1.insured->first, "JOHN");
  EXPECT_EQ(c1.insured->id, "W123456700");
  ASSERT_TRUE(c1.renderingProvider.has_value());
  EXPECT_EQ(c1.renderingProvider->idQualifier, "XX");
  EXPECT_EQ(c1.renderingProvider->id, "1234567893");
  EXPECT_FALSE(c1.correctedInsured.has_value());
  ASSERT_TRUE(c1.outpatient.has_value());
  EXPECT_EQ(c1.outpatient->remarks, (std::vector<std::string>{"MA01", "N130"}));
  EXPECT_EQ(c1.remarks(), (std::vector<std::string>{"MA01", "N130"}));
  EXPECT_EQ(c1.reference("EA"), "MRN4471");
  EXPECT_EQ(c1.statementFrom, ymd(2026, 12, 1));
  EXPECT_EQ(c1.statementTo, ymd(2026, 12, 1));
  EXPECT_EQ(c1.received, ymd(2026, 12, 5));
  ASSERT_EQ(c1.contacts.size(), 1u);
  EXPECT_EQ(c1.contacts[0].name, "CLAIMS DESK");
  EXPECT_EQ(c1.amount("AU"), 25000);
  EXPECT_EQ(c1.segment, 20u);
  ASSERT_EQ(c1.lines.size(), 2u);

  const ServiceLine835& l1 = c1.lines[0];
  EXPECT_EQ(l1.procedure, (Procedure835{"HC", "99214", {}, ""}));
  ASSERT_TRUE(l1.originalProcedure.has_value());
  EXPECT_EQ(l1.originalProcedure->code, "99215");
  EXPECT_EQ(l1.originalProcedure->modifiers, (std::vector<std::string>{"25"}));
  EXPECT_EQ(l1.billedProcedure().display(), "HC:99215:25");
  EXPECT_EQ(l1.chargeCents, 18000);
  EXPECT_EQ(l1.paidCents, 12000);
  EXPECT_EQ(l1.unitsPaid, 1000);
  EXPECT_EQ(l1.serviceDate, ymd(2026, 12, 1));
  ASSERT_EQ(l1.adjustments.size(), 2u);
  EXPECT_EQ(l1.adjustments[0].group.code, "CO");
  EXPECT_EQ(l1.adjustments[0].reason.code, "45");
  EXPECT_TRUE(l1.adjustments[0].reason.known);
  EXPECT_EQ(l1.adjustments[0].reason.meaning,
            "charge above the fee schedule, maximum allowable or contracted fee");
  EXPECT_EQ(l1.adjustments[0].amountCents, 3000);
  EXPECT_EQ(l1.adjustments[1].group.code, "PR");
  EXPECT_EQ(l1.adjustments[1].reason.meaning, "coinsurance");
  EXPECT_EQ(l1.adjustments[1].amountCents, 3000);
  EXPECT_EQ(l1.lineControlNumber, "E1001-L1");
  EXPECT_EQ(l1.allowedCents(), 15000);
  EXPECT_EQ(l1.remarks, (std::vector<std::string>{"N381"}));
  EXPECT_EQ(c1.lines[1].procedure.display(), "HC:36415");
  EXPECT_FALSE(c1.lines[1].originalProcedure.has_value());
  EXPECT_EQ(c1.lines[1].lineControlNumber, "E1001-L2");
  EXPECT_EQ(c1.lines[1].adjustments[1].reason.meaning, "deductible");

  const Claim835& c2 = r.claims[1];
  EXPECT_EQ(c2.patientControlNumber, "E1002-C1");
  EXPECT_EQ(c2.patientResponsibilityCents, 0);
  ASSERT_EQ(c2.adjustments.size(), 1u);
  EXPECT_EQ(c2.adjustments[0].amountCents, 2000);
  ASSERT_TRUE(c2.correctedInsured.has_value());
  EXPECT_EQ(c2.correctedInsured->first, "MARIA");
  EXPECT_EQ(c2.correctedInsured->idQualifier, "C");
  ASSERT_EQ(c2.quantities.size(), 1u);
  EXPECT_EQ(c2.quantities[0], (Value835{"CA", 1000}));
  ASSERT_EQ(c2.lines.size(), 1u);
  const ServiceLine835& l2 = c2.lines[0];
  EXPECT_EQ(l2.procedure.modifiers, (std::vector<std::string>{"RT", "59"}));
  EXPECT_EQ(l2.serviceFrom, ymd(2026, 12, 2));
  EXPECT_EQ(l2.serviceTo, ymd(2026, 12, 3));
  EXPECT_FALSE(l2.serviceDate.has_value());
  // Two triplets in one CAS, the first with a quantity.
  ASSERT_EQ(l2.adjustments.size(), 2u);
  EXPECT_EQ(l2.adjustments[0].quantity, 1000);
  EXPECT_EQ(l2.adjustments[1].reason.code, "253");
  EXPECT_EQ(l2.adjustments[1].amountCents, 4000);
  EXPECT_FALSE(l2.adjustments[1].quantity.has_value());
  EXPECT_EQ(l2.adjustments[0].segment, l2.adjustments[1].segment);
  EXPECT_EQ(l2.remarks, (std::vector<std::string>{"M15", "N20"}));
  // Σ SVC03 (260.00) differs from CLP04 (240.00): the claim-level CAS lowers only the claim.
  EXPECT_EQ(l2.paidCents, 26000);
  EXPECT_EQ(c2.paidCents, 24000);

  ASSERT_EQ(r.providerAdjustments.size(), 2u);
  const ProviderAdjustment835& interest = r.providerAdjustments[0];
  EXPECT_EQ(interest.providerId, "1234567893");
  EXPECT_EQ(interest.fiscalPeriodEnd, ymd(2026, 12, 31));
  EXPECT_EQ(interest.reason.code, "L6");
  EXPECT_EQ(interest.reason.meaning, "interest owed");
  EXPECT_EQ(interest.reference, "E1002-C1");
  EXPECT_EQ(interest.amountCents, -215);
  EXPECT_EQ(r.providerAdjustments[1].reason.meaning, "overpayment recovery");
  EXPECT_EQ(r.providerAdjustments[1].reference, "2026300000077");
  EXPECT_EQ(r.providerAdjustments[1].amountCents, 5000);
  EXPECT_EQ(r.providerAdjustmentCents(), 4785);

  // 402.00 on claims, minus 47.85 of provider adjustments, is the 354.15 paid.
  EXPECT_TRUE(checkBalance(r).empty());
  EXPECT_TRUE(requireBalanced(r).ok());
}

TEST(Era835Golden, ReversalAndCorrectionBalanceLikeAnyClaim) {
  const Remittance r = readOne(slurp(golden("reversal_and_correction.835")));
  ASSERT_EQ(r.claims.size(), 2u);
  const Claim835& reversal = r.claims[0];
  EXPECT_TRUE(reversal.isReversal());
  EXPECT_EQ(reversal.status.meaning, "reversal of a previous payment");
  EXPECT_EQ(reversal.chargeCents, -20000);
  EXPECT_EQ(reversal.paidCents, -12000);
  EXPECT_FALSE(reversal.patientResponsibilityCents.has_value());
  EXPECT_EQ(reversal.payerClaimControlNumber, "2026300000555");
  ASSERT_EQ(reversal.lines.size(), 1u);
  EXPECT_EQ(reversal.lines[0].unitsPaid, -1000);
  EXPECT_EQ(reversal.lines[0].adjustments[0].group.code, "CO");
  EXPECT_EQ(reversal.lines[0].adjustments[0].amountCents, -6000);
  EXPECT_EQ(reversal.lines[0].adjustments[1].amountCents, -2000);
  const Claim835& correction = r.claims[1];
  EXPECT_FALSE(correction.isReversal());
  EXPECT_EQ(correction.patientControlNumber, reversal.patientControlNumber);
  EXPECT_EQ(correction.paidCents, 14000);
  EXPECT_EQ(correction.payerClaimControlNumber, "2026350000556");
  EXPECT_EQ(r.claimsPaidCents, 2000);
  EXPECT_EQ(r.payment.amountCents, 2000);
  EXPECT_TRUE(checkBalance(r).empty());

  // A reversal that forgets to negate one adjustment does not balance.
  Remittance wrong = r;
  wrong.claims[0].lines[0].adjustments[1].amountCents = 2000;
  const auto problems = checkBalance(wrong);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].equation, BalanceEquation::kLine);
  EXPECT_EQ(problems[0].computedCents, -16000);
  EXPECT_EQ(problems[0].statedCents, -12000);
  EXPECT_EQ(problems[0].differenceCents, 4000);
  EXPECT_EQ(problems[1].equation, BalanceEquation::kClaim);
  EXPECT_EQ(problems[1].claimIndex, 0u);
}

TEST(Era835Golden, UnbalancedLineIsNamedWithClaimLineAndDifference) {
  const Remittance r = readOne(slurp(golden("unbalanced_line.835")));
  const auto problems = checkBalance(r);
  ASSERT_EQ(problems.size(), 1u);
  const BalanceProblem& p = problems[0];
  EXPECT_EQ(p.equation, BalanceEquation::kLine);
  EXPECT_EQ(toString(p.equation), "line");
  EXPECT_EQ(p.patientControlNumber, "E3001-C1");
  EXPECT_EQ(p.claimIndex, 0u);
  EXPECT_EQ(p.lineIndex, 0u);
  EXPECT_EQ(p.lineCode, "HC:99213");
  EXPECT_EQ(p.lineControlNumber, "E3001-L1");
  EXPECT_EQ(p.computedCents, 10000);
  EXPECT_EQ(p.statedCents, 9500);
  EXPECT_EQ(p.differenceCents, -500);
  EXPECT_FALSE(p.overflow);
  EXPECT_EQ(p.segment, 22u);
  EXPECT_EQ(p.message,
            "claim 1 (CLP01 'E3001-C1' at segment 20), line 1 (HC:99213, REF*6R 'E3001-L1' at "
            "segment 22): SVC02 150.00 minus the line's adjustments 50.00 is 100.00, but SVC03 "
            "says 95.00 (difference -5.00)");
  const auto status = requireBalanced(r);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, domain::ErrorCode::kInvalid);
  EXPECT_EQ(status.error().message, "The 835 does not balance: nothing of it may be posted.");
  ASSERT_EQ(status.error().fields.size(), 1u);
  EXPECT_EQ(status.error().fields[0].field, "claim 1 line 1");
  EXPECT_EQ(status.error().fields[0].message, p.message);
}

TEST(Era835Golden, UnbalancedClaimUsesClaimAndLineAdjustments) {
  const Remittance r = readOne(slurp(golden("unbalanced_claim.835")));
  const auto problems = checkBalance(r);
  ASSERT_EQ(problems.size(), 1u);
  const BalanceProblem& p = problems[0];
  EXPECT_EQ(p.equation, BalanceEquation::kClaim);
  EXPECT_EQ(p.patientControlNumber, "E3002-C1");
  EXPECT_EQ(p.claimIndex, 0u);
  EXPECT_FALSE(p.lineIndex.has_value());
  EXPECT_TRUE(p.lineCode.empty());
  EXPECT_EQ(p.computedCents, 9000);
  EXPECT_EQ(p.statedCents, 10000);
  EXPECT_EQ(p.differenceCents, 1000);
  EXPECT_EQ(p.segment, 20u);
  EXPECT_EQ(p.message,
            "claim 1 (CLP01 'E3002-C1' at segment 20): CLP03 150.00 minus the claim adjustments "
            "0.00 and the line adjustments 60.00 is 90.00, but CLP04 says 100.00 (difference "
            "10.00)");
  EXPECT_EQ(requireBalanced(r).error().fields.at(0).field, "claim 1");
}

TEST(Era835Golden, UnbalancedTransactionMindsThePlbSign) {
  const Remittance r = readOne(slurp(golden("unbalanced_transaction.835")));
  const auto problems = checkBalance(r);
  ASSERT_EQ(problems.size(), 1u);
  const BalanceProblem& p = problems[0];
  EXPECT_EQ(p.equation, BalanceEquation::kTransaction);
  EXPECT_TRUE(p.patientControlNumber.empty());
  EXPECT_FALSE(p.claimIndex.has_value());
  // Interest (L6 -1.00) raises the payment: 90.00 - (-1.00) = 91.00 was due.
  EXPECT_EQ(p.computedCents, 9100);
  EXPECT_EQ(p.statedCents, 9000);
  EXPECT_EQ(p.differenceCents, -100);
  EXPECT_EQ(p.segment, 4u);
  EXPECT_EQ(p.message,
            "the transaction (ST02 '0001', TRN02 'CHK0003001'): the claim payments (sum of CLP04) "
            "90.00 minus the provider adjustments (sum of PLB) -1.00 is 91.00, but BPR02 says "
            "90.00 (difference -1.00)");
  EXPECT_EQ(requireBalanced(r).error().fields.at(0).field, "transaction");
}

/// One defect of a sample: where the reader refuses it, why, and how to repair it in memory
/// (never on disk) to reach the next defect.
TEST(Era835Reader, DecimalsAreReadExactlyIntoCents) {
  struct Case {
    std::string text;
    std::optional<std::int64_t> cents;
  };
  const std::vector<Case> cases = {{"34", 3400},
                                   {"34.5", 3450},
                                   {".5", 50},
                                   {"-9.00", -900},
                                   {"0", 0},
                                   {"1.000", 100},
                                   {"0.07", 7},
                                   {"-0.01", -1},
                                   {"1.005", std::nullopt},
                                   {"1e3", std::nullopt},
                                   {"1,000.00", std::nullopt},
                                   {"-", std::nullopt},
                                   {"12.3.4", std::nullopt},
                                   {"+5", std::nullopt},
                                   {"1234567890123456", std::nullopt}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto body = minimal();
    body[8] = "CAS*PR*1*" + c.text;
    std::vector<Remittance> out;
    const auto p = problemOf(wrap(body), &out);
    if (c.cents) {
      ASSERT_FALSE(p.has_value()) << p->describe();
      EXPECT_EQ(out.at(0).claims.at(0).lines.at(0).adjustments.at(0).amountCents, *c.cents);
    } else {
      ASSERT_TRUE(p.has_value());
      EXPECT_EQ(p->segment, 12u);
      EXPECT_EQ(p->element, 3);
      EXPECT_NE(p->message.find("CAS03"), std::string::npos) << p->message;
      EXPECT_NE(p->message.find("is not an amount"), std::string::npos) << p->message;
    }
  }
}

TEST(Era835Reader, UnknownCodesAreKeptNotRefused) {
  auto body = minimal();
  body[5] = "CLP*A1*7*150.00*100.00*50.00*12*ICN1";
  body[8] = "CAS*PR*ZZ9*50.00";
  body.push_back("PLB*1234567893*20261231*Q9:REF1*0");
  std::vector<Remittance> out;
  const auto p = problemOf(wrap(body), &out);
  ASSERT_FALSE(p.has_value()) << p->describe();
  const Claim835& c = out.at(0).claims.at(0);
  EXPECT_EQ(c.status.code, "7");
  EXPECT_FALSE(c.status.known);
  EXPECT_EQ(c.status.meaning, "a claim status code X221A1 does not define");
  EXPECT_EQ(c.lines[0].adjustments[0].reason.code, "ZZ9");
  EXPECT_FALSE(c.lines[0].adjustments[0].reason.known);
  EXPECT_EQ(c.lines[0].adjustments[0].reason.meaning,
            "an adjustment reason code MedOffice does not list");
  EXPECT_EQ(out[0].providerAdjustments.at(0).reason.code, "Q9");
  EXPECT_FALSE(out[0].providerAdjustments[0].reason.known);
  // The code tables.
  EXPECT_EQ(claimStatusMeaning("4"),
            "denied: the patient or subscriber is not recognised and the claim was not forwarded");
  EXPECT_EQ(claimStatusMeaning("99"), "");
  EXPECT_EQ(adjustmentGroupMeaning("CO"),
            "contractual obligation: written off, never billed to the patient");
  EXPECT_EQ(adjustmentGroupMeaning("PR"),
            "patient responsibility: billed to the patient or the next payer");
  EXPECT_EQ(adjustmentGroupMeaning("CR"),
            "correction or reversal (a 4010 group, not valid in a 5010 835)");
  EXPECT_EQ(adjustmentReasonMeaning("3"), "co-payment");
  EXPECT_EQ(adjustmentReasonMeaning("97"),
            "paid as part of another service already adjudicated (bundled)");
  EXPECT_EQ(providerAdjustmentMeaning("FB"), "forwarding balance");
  EXPECT_EQ(handlingMeaning("I"), "remittance information only: the payment travels separately");
  EXPECT_EQ(paymentMethodMeaning("CHK"), "check");
}

TEST(Era835Reader, CodesThatDecideWhereMoneyGoesMustBeKnown) {
  auto body = minimal();
  body[8] = "CAS*XX*1*50.00";
  expectRefused(wrap(body), 12, "CAS", 1, "CAS01 'XX' is not a claim adjustment group code");
  body = minimal();
  body[0] = "BPR*Z*100.00*C*CHK************20261215";
  expectRefused(wrap(body), 4, "BPR", 1, "BPR01 'Z' is not a transaction handling code");
  body = minimal();
  body[0] = "BPR*I*100.00*X*CHK************20261215";
  expectRefused(wrap(body), 4, "BPR", 3, "BPR03 'X' is neither C (credit) nor D (debit)");
  body = minimal();
  body[0] = "BPR*I*100.00*C*CASH************20261215";
  expectRefused(wrap(body), 4, "BPR", 4, "BPR04 'CASH' is not a payment method");
  body = minimal();
  body[0] = "BPR*I*-100.00*C*CHK************20261215";
  expectRefused(wrap(body), 4, "BPR", 2, "BPR02 '-100.00' is negative");
  body = minimal();
  body[0] = "BPR*I*100.00*C*CHK************20261315";
  expectRefused(wrap(body), 4, "BPR", 16, "BPR16 '20261315' (the payment date) is not a CCYYMMDD");
}

TEST(Era835Reader, LoopOrderAndRequiredSegmentsAreChecked) {
  auto body = minimal();
  body.erase(body.begin());  // no BPR
  expectRefused(wrap(body), 4, "TRN", 0, "BPR missing: an 835 starts with BPR after ST, not 'TRN'");
  body = minimal();
  body.erase(body.begin() + 1);  // no TRN
  expectRefused(wrap(body), 5, "N1", 0, "TRN missing");
  body = minimal();
  body.erase(body.begin() + 2);  // no payer
  expectRefused(wrap(body), 6, "N1", 0, "N1 out of place in the header (after TRN): it belongs");
  body = minimal();
  body.erase(body.begin() + 3);  // no payee
  expectRefused(wrap(body), 7, "LX", 0, "LX out of place in the payer loop (1000A, N1*PR)");
  body = minimal();
  body.erase(body.begin() + 4);  // no LX
  expectRefused(wrap(body), 8, "CLP", 0,
                "CLP out of place in the payee loop (1000B, N1*PE): it belongs in an LX loop");
  body = minimal();
  body.erase(body.begin() + 6);  // no patient
  expectRefused(wrap(body), 12, "SE", 0,
                "NM1*QC missing: claim 'A1' (CLP at segment 9) names no patient before this SE");
  body = minimal();
  body.push_back("NM1*IL*1*DOE*JOHN");  // a claim name after the lines
  expectRefused(wrap(body), 13, "NM1", 0,
                "NM1 out of place in a service line of claim 'A1' (2110, SVC at segment 11): it "
                "belongs to a claim, before its first SVC");
  body = minimal();
  body.insert(body.begin() + 4, "PLB*1234567893*20261231*WO:X*1.00");  // PLB before the claims
  expectRefused(wrap(body), 9, "LX", 0, "LX out of place among the provider adjustments");
  body = minimal();
  body.push_back("LX*2");  // an LX without a claim
  expectRefused(wrap(body), 14, "SE", 0,
                "CLP missing: the LX at segment 13 has no claim before SE");
  body = minimal();
  body.push_back("HL*1**20*1");
  expectRefused(wrap(body), 13, "HL", 0, "segment 'HL' does not belong in an 835");
  body = minimal();
  body.push_back("BPR*I*100.00*C*CHK************20261215");
  expectRefused(wrap(body), 13, "BPR", 0, "BPR repeated");
  body = minimal();
  body.push_back("DTM*999*20261201");
  expectRefused(wrap(body), 13, "DTM", 1,
                "DTM01 '999' is not a date qualifier of an 835 here (472, 150 or 151 in a service "
                "line)");
  body = minimal();
  body.push_back("REF*6R*L1");
  body.push_back("REF*6R*L2");
  expectRefused(wrap(body), 14, "REF", 0, "REF*6R repeated");
}

TEST(Era835Reader, ElementsPostingNeedsAreChecked) {
  auto body = minimal();
  body[5] = "CLP**1*150.00*100.00*50.00*12*ICN1";
  expectRefused(wrap(body), 9, "CLP", 1,
                "CLP01 (the patient control number, our CLM01) is missing");
  body = minimal();
  body[5] = "CLP*A1*1*150.00**50.00*12*ICN1";
  expectRefused(wrap(body), 9, "CLP", 4, "CLP04 (the claim's payment) is missing");
  body = minimal();
  body[5] = "CLP*A1*1*150.00*100.00*50.00*12";
  expectRefused(wrap(body), 9, "CLP", 7, "CLP07 (the payer claim control number) is missing");
  body = minimal();
  body[8] = "CAS*PR*1*50.00**2";
  expectRefused(wrap(body), 12, "CAS", 6, "CAS06 (the adjustment amount) is missing");
  body = minimal();
  body[8] = "CAS*PR*1*50.00***3.00";
  expectRefused(wrap(body), 12, "CAS", 5,
                "CAS05 (a reason code) is missing before the amount CAS06");
  body = minimal();
  body[8] = "CAS*PR*1*10*1*1*10*1*1*10*1*1*10*1*1*10*1*1*10*1*1*10";
  expectRefused(wrap(body), 12, "CAS", 20, "CAS has more than six");
  body = minimal();
  body[8] = "CAS*PR*1*50.00*1.2345";
  expectRefused(wrap(body), 12, "CAS", 4,
                "CAS04 '1.2345' (the adjustment quantity) is not a quantity");
  body = minimal();
  body[7] = "SVC*HC:99213*150.00*100.00**1*HC";
  expectRefused(wrap(body), 11, "SVC", 6, "SVC06 composite malformed: 'HC' is not a procedure");
  body = minimal();
  body[7] = "SVC*HC:99213*150.00";
  expectRefused(wrap(body), 11, "SVC", 3, "SVC03 (the line's payment) is missing");
  body = minimal();
  body[6] = "NM1*QC*3*DOE*JANE";
  expectRefused(wrap(body), 10, "NM1", 2, "NM102 '3' is neither 1 (person) nor 2 (organisation)");
  body = minimal();
  body.push_back("PLB*1234567893*20261231*:X*1.00");
  expectRefused(wrap(body), 13, "PLB", 3,
                "PLB03 (the adjustment reason of the first pair) is missing");
  body = minimal();
  body.push_back("PLB*1234567893**WO:X*1.00");
  expectRefused(wrap(body), 13, "PLB", 2, "PLB02 (the fiscal period end) is missing");
  body = minimal();
  body.push_back("LQ*XX*N1");
  expectRefused(wrap(body), 13, "LQ", 1, "LQ01 'XX' is neither HE");
}

TEST(Era835Reader, MalformedEnvelopesAreRefusedNamingTheSegment) {
  const std::string whole = wrap(minimal());
  // Truncated inside a claim: no SE, GE or IEA.
  const std::string cut = whole.substr(0, whole.find("NM1*QC") + 6);
  const auto truncated = problemOf(cut);
  ASSERT_TRUE(truncated.has_value());
  EXPECT_NE(truncated->describe().find("truncated"), std::string::npos) << truncated->describe();
  // Cut after a whole segment: the SE is missing.
  const std::string noSe = whole.substr(0, whole.find("SE*"));
  const auto missing = problemOf(noSe);
  ASSERT_TRUE(missing.has_value());
  EXPECT_TRUE(missing->endOfInput);
  EXPECT_NE(missing->message.find("SE missing"), std::string::npos) << missing->message;
  // Wrong counts.
  std::string counts = whole;
  counts.replace(counts.find("SE*11*"), 6, "SE*12*");
  expectRefused(counts, 13, "SE", 1, "SE01 says 12 segments; the transaction has 11");
  std::string groups = whole;
  groups.replace(groups.find("IEA*1*"), 6, "IEA*2*");
  expectRefused(groups, 15, "IEA", 1, "IEA01");
  // 4010.
  const auto old = parse835(wrap(minimal(), "004010X091A1"));
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, domain::ErrorCode::kUnsupported);
  EXPECT_EQ(old.error().message, "The X12 input is not a 5010 835 remittance advice.");
  EXPECT_EQ(old.error().fields.at(0).field, "segment 2 GS08");
  EXPECT_NE(old.error().fields[0].message.find("4010"), std::string::npos);
  // An 837 instead of an 835.
  const auto claim =
      parse835(wrap({"BHT*0019*00*1*20261127*1023*CH"}, "005010X222A1", "HC", "837"));
  ASSERT_FALSE(claim.ok());
  EXPECT_EQ(claim.error().code, domain::ErrorCode::kUnsupported);
  EXPECT_EQ(claim.error().fields.at(0).field, "segment 2 GS08");
  EXPECT_NE(claim.error().fields[0].message.find(
                "GS08 '005010X222A1' is not the version of a 835 remittance advice "
                "(005010X221A1): this group holds 837P professional claims"),
            std::string::npos)
      << claim.error().fields[0].message;
  // Not X12 at all, and nothing.
  EXPECT_NE(problemOf("hello")->describe().find("does not start with an ISA"), std::string::npos);
  EXPECT_NE(problemOf("")->describe().find("empty"), std::string::npos);
}

TEST(Era835Reader, StreamingReadsTheSameAsMemoryAndASinkTakesTheClaims) {
  const std::string text = slurp(golden("balanced_two_claims_plb.835"));
  // Through a stream in uneven chunks.
  std::size_t pos = 0;
  AckReadOptions options;
  options.tokenizer.chunkBytes = 7;
  Era835Reader streamed(
      [&](char* buf, std::size_t cap) -> std::ptrdiff_t {
        const std::size_t n = std::min<std::size_t>({cap, 13, text.size() - pos});
        std::memcpy(buf, text.data() + pos, n);
        pos += n;
        return static_cast<std::ptrdiff_t>(n);
      },
      options);
  const Remittance* s = streamed.next();
  ASSERT_NE(s, nullptr) << streamed.problem()->describe();
  const Remittance fromMemory = readOne(text);
  ASSERT_EQ(s->claims.size(), fromMemory.claims.size());
  EXPECT_EQ(s->claims[1].lines[0].procedure, fromMemory.claims[1].lines[0].procedure);
  EXPECT_EQ(s->payer.contacts, fromMemory.payer.contacts);
  EXPECT_EQ(streamed.next(), nullptr);
  EXPECT_FALSE(streamed.problem());
  EXPECT_EQ(streamed.summary().describe(),
            "835 005010X221A1: 1 interchange, 1 group, 1 transaction, 2 claims");

  // A sink: the claims are handed over one by one and not kept; balancing per claim and for
  // the transaction gives what checkBalance gives on the whole.
  Era835Reader sunk(text);
  std::vector<std::string> seen;
  std::vector<BalanceProblem> problems;
  sunk.onClaim([&](const Remittance& header, const Claim835& c, std::size_t index) {
    EXPECT_EQ(header.payee.npi(), "1234567893");
    seen.push_back(c.patientControlNumber + "#" + std::to_string(index));
    checkClaimBalance(c, index, problems);
  });
  const Remittance* r = sunk.next();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(seen, (std::vector<std::string>{"E1001-C1#0", "E1002-C1#1"}));
  EXPECT_TRUE(r->claims.empty());
  EXPECT_EQ(r->claimCount, 2u);
  EXPECT_EQ(r->claimsPaidCents, 40200);
  EXPECT_TRUE(problems.empty());
  EXPECT_FALSE(checkTransactionBalance(*r).has_value());
  Remittance lessPaid = *r;
  lessPaid.payment.amountCents -= 1;
  ASSERT_TRUE(checkTransactionBalance(lessPaid).has_value());
  EXPECT_EQ(checkTransactionBalance(lessPaid)->differenceCents, -1);
}

TEST(Era835Reader, SeparatorsAreReadFromTheIsa) {
  const std::string text = slurp(golden("balanced_two_claims_plb.835"));
  std::string other = text;
  std::replace(other.begin(), other.end(), '*', '|');
  std::replace(other.begin(), other.end(), ':', '>');
  for (std::size_t at = other.find("~\n"); at != std::string::npos; at = other.find("~\n", at)) {
    other.replace(at, 2, "'\r\n");
  }
  const Remittance a = readOne(text);
  const Remittance b = readOne(other);
  ASSERT_EQ(b.claims.size(), 2u);
  EXPECT_EQ(b.claims[1].lines[0].procedure, a.claims[1].lines[0].procedure);
  EXPECT_EQ(b.claims[0].lines[0].originalProcedure, a.claims[0].lines[0].originalProcedure);
  EXPECT_EQ(b.providerAdjustments[0].reference, "E1002-C1");
  EXPECT_EQ(b.payer.contacts, a.payer.contacts);
  EXPECT_TRUE(checkBalance(b).empty());
}

TEST(Era835Reader, TallySummarisesForX12Check) {
  Era835Tally tally;
  tally.add(readOne(slurp(golden("reversal_and_correction.835"))));
  EXPECT_EQ(tally.describe(), "pays 20.00 on 2 claims (1 reversal), 2 service lines; balanced");
  tally.add(readOne(slurp(golden("unbalanced_transaction.835"))));
  EXPECT_EQ(tally.describe(),
            "pays 110.00 on 3 claims (1 reversal), 3 service lines, 1 provider adjustment; 1 "
            "balancing problem, the first: the transaction (ST02 '0001', TRN02 'CHK0003001'): the "
            "claim payments (sum of CLP04) 90.00 minus the provider adjustments (sum of PLB) "
            "-1.00 is 91.00, but BPR02 says 90.00 (difference -1.00)");
  // Through a claim sink, as `x12 check` would count a large file: the same line.
  Era835Tally streamed;
  for (const char* name : {"reversal_and_correction.835", "unbalanced_transaction.835"}) {
    const std::string text = slurp(golden(name));  // the reader views it
    Era835Reader reader(text);
    reader.onClaim([&](const Remittance&, const Claim835& c, std::size_t index) {
      streamed.addClaim(c, index);
    });
    while (const Remittance* r = reader.next()) streamed.add(*r);
    ASSERT_FALSE(reader.problem());
  }
  EXPECT_EQ(streamed.describe(), tally.describe());
  EXPECT_EQ(detail::centsText(INT64_MIN), "-92233720368547758.08");
  EXPECT_EQ(detail::centsText(-5), "-0.05");
}

TEST(Era835Reader, HugeAmountsAreReportedNotOverflowed) {
  auto body = minimal();
  body[5] = "CLP*A1*1*150.00*100.00*50.00*12*ICN1";
  body[8] =
      "CAS*PR*1*999999999999999*1*2*999999999999999*1*3*999999999999999*1*45*999999999999999*1*"
      "50*999999999999999*1*96*999999999999999";
  for (int i = 0; i < 20; ++i) body.push_back(body[8]);
  std::vector<Remittance> out;
  const auto p = problemOf(wrap(body), &out);
  ASSERT_FALSE(p.has_value()) << p->describe();
  const auto problems = checkBalance(out.at(0));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_TRUE(problems[0].overflow);
  EXPECT_NE(problems[0].message.find("too large to add up exactly"), std::string::npos);
}

/// Random truncations and byte flips of real 835s: the reader always ends, with remittances or
/// a problem, and whatever it accepts passes the envelope check and can be balanced.
}  // namespace
}  // namespace medoffice::codecs::x12
