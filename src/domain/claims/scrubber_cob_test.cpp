// SPDX-License-Identifier: AGPL-3.0-or-later
// The scrubber's coordination-of-benefits rules (cob.*), on the balanced secondary claim of
// X12-NOTES §2.8's arithmetic and on each way it can go wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

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

Rule defaultRule(const std::string& id) {
  for (const auto& r : defaultRules()) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "no default rule " << id;
  return {};
}

std::vector<Finding> scrubWith(const Claim& c, const std::string& id) {
  ScrubContext ctx;
  ctx.today = day(2026, 11, 1);
  return scrub(c, std::vector<Rule>{defaultRule(id)}, ctx);
}

std::vector<std::string> fields(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.field);
  return out;
}

OtherPayer primaryPayer() {
  OtherPayer o;
  o.responsibility = PayerResponsibility::kPrimary;
  o.claimFilingIndicator = "CI";
  o.subscriberName = PartyName::person("Smith", "Jane", "Q");
  o.subscriberMemberId = "W123456789";
  o.payerName = "Great Prairies Health";
  o.payerId = "12345";
  return o;
}

/// To the secondary after the primary: line 1 125.00 = 120.00 + CO-45 5.00; line 2 12.50 =
/// 12.50; AMT*D 95.61 with claim-level PR 21.89 + 15.00: 137.50 = 95.61 + 36.89 + 5.00.
Claim secondary() {
  Claim c = samples::claim("3001");
  c.subscriber.responsibility = PayerResponsibility::kSecondary;
  c.subscriber.memberId = "SEC4455667";
  c.payer = Payer{"Second Mutual", "77001", {}};
  OtherPayer o = primaryPayer();
  o.adjustments = {{"PR", "1", usd(2189), 0}, {"PR", "2", usd(1500), 0}};
  o.paidAmount = usd(9561);
  c.otherPayers.push_back(o);
  LineAdjudication first;
  first.otherPayerId = "12345";
  first.paidAmount = usd(12000);
  first.adjustments = {{"CO", "45", usd(500), 1}};
  first.adjudicationDate = day(2026, 10, 20);
  LineAdjudication second = first;
  second.paidAmount = usd(1250);
  second.adjustments = {};
  c.lines[0].adjudications.push_back(first);
  c.lines[1].adjudications.push_back(second);
  return c;
}

TEST(ScrubberCob, TheDefaultSetHasTheFourRulesAsErrors) {
  for (const char* id :
       {"cob.payer_order", "cob.prior_payer", "cob.line_balance", "cob.claim_balance"}) {
    const Rule r = defaultRule(id);
    EXPECT_EQ(r.severity, Severity::kError) << id;
    EXPECT_TRUE(r.enabled) << id;
  }
  EXPECT_EQ(parseCheckKind("cob_line_balance"), CheckKind::kCobLineBalance);
}

TEST(ScrubberCob, ABalancedSecondaryClaimPassesEveryDefaultRule) {
  ScrubContext ctx;
  ctx.today = day(2026, 11, 1);
  EXPECT_THAT(scrub(secondary(), defaultRules(), ctx), IsEmpty());
  // A primary claim is not concerned, with or without payers to come.
  Claim primary = samples::claim();
  EXPECT_THAT(scrub(primary, defaultRules(), ctx), IsEmpty());
  OtherPayer later = primaryPayer();
  later.responsibility = PayerResponsibility::kSecondary;
  later.payerId = "77001";
  primary.otherPayers.push_back(later);  // named, nothing paid yet: no AMT*D needed
  EXPECT_THAT(scrub(primary, defaultRules(), ctx), IsEmpty());
}

TEST(ScrubberCob, PayerOrder) {
  const std::string id = "cob.payer_order";
  EXPECT_THAT(scrubWith(secondary(), id), IsEmpty());

  Claim none = secondary();
  none.otherPayers.clear();
  for (auto& l : none.lines) l.adjudications.clear();
  auto f = scrubWith(none, id);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "other_payers");
  EXPECT_EQ(f[0].segment, "SBR01 of 2320");
  EXPECT_THAT(f[0].message, HasSubstr("as the secondary payer, but no primary payer is listed"));

  Claim tertiary = secondary();
  tertiary.subscriber.responsibility = PayerResponsibility::kTertiary;
  f = scrubWith(tertiary, id);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_THAT(f[0].message, HasSubstr("no secondary payer"));

  Claim same = secondary();
  same.otherPayers[0].responsibility = PayerResponsibility::kSecondary;
  EXPECT_THAT(fields(scrubWith(same, id)),
              ElementsAre("other_payers[0].responsibility", "other_payers"));

  Claim twice = tertiary;
  twice.otherPayers.push_back(primaryPayer());
  twice.otherPayers[1].payerId = "55555";
  f = scrubWith(twice, id);
  EXPECT_THAT(fields(f), ElementsAre("other_payers[1].responsibility", "other_payers"));
  EXPECT_THAT(f[0].message, HasSubstr("Two other payers are listed as the primary payer"));
}

TEST(ScrubberCob, PriorPayerNeedsItsIdPaymentAndDate) {
  const std::string id = "cob.prior_payer";
  EXPECT_THAT(scrubWith(secondary(), id), IsEmpty());

  Claim c = secondary();
  c.otherPayers[0].paidAmount.reset();
  c.otherPayers[0].payerId = "";
  auto f = scrubWith(c, id);
  // Without an id no 2430 is the payer's, so its date is missing too.
  EXPECT_THAT(fields(f),
              ElementsAre("other_payers[0].payer_id", "other_payers[0].paid_amount_cents",
                          "other_payers[0].adjudication_date"));
  EXPECT_EQ(f[1].segment, "AMT*D of 2320");
  EXPECT_THAT(f[1].message, HasSubstr("'Great Prairies Health'"));
  EXPECT_EQ(f[2].segment, "DTP*573 of 2330B");

  // Adjudicated as a whole: the date must be on the 2330B.
  Claim whole = secondary();
  for (auto& l : whole.lines) l.adjudications.clear();
  EXPECT_THAT(fields(scrubWith(whole, id)), ElementsAre("other_payers[0].adjudication_date"));
  whole.otherPayers[0].adjudicationDate = day(2026, 10, 20);
  EXPECT_THAT(scrubWith(whole, id), IsEmpty());
}

TEST(ScrubberCob, LineBalanceNamesTheLineAndTheDifference) {
  const std::string id = "cob.line_balance";
  EXPECT_THAT(scrubWith(secondary(), id), IsEmpty());

  Claim c = secondary();
  c.lines[0].adjudications[0].adjustments[0].amount = usd(400);
  auto f = scrubWith(c, id);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "lines[0].adjudications[0].paid_amount_cents");
  EXPECT_EQ(f[0].segment, "SVD02 and CAS of 2430");
  EXPECT_THAT(f[0].message,
              HasSubstr("Line 1 (99213) does not balance for the primary payer 'Great Prairies "
                        "Health': paid $120.00 plus adjustments $4.00 is $124.00, but the line's "
                        "charge is $125.00 (difference -$1.00)"));

  // A split line (two SVDs from one payer) balances on their sum.
  Claim split = secondary();
  LineAdjudication part = split.lines[0].adjudications[0];
  split.lines[0].adjudications[0].paidAmount = usd(7000);
  part.paidAmount = usd(5000);
  part.adjustments = {};
  split.lines[0].adjudications.push_back(part);
  EXPECT_THAT(scrubWith(split, id), IsEmpty());

  // The payer adjudicated line 1 only: line 2 lacks its 2430.
  Claim missing = secondary();
  missing.lines[1].adjudications.clear();
  f = scrubWith(missing, id);
  EXPECT_THAT(fields(f), ElementsAre("lines[1].adjudications"));
  EXPECT_THAT(f[0].message, HasSubstr("has no adjudication from the primary payer"));

  // Another payer's 2430 does not count for this one.
  Claim foreign = secondary();
  foreign.lines[1].adjudications[0].otherPayerId = "99999";
  EXPECT_THAT(fields(scrubWith(foreign, id)), ElementsAre("lines[1].adjudications"));
}

TEST(ScrubberCob, ClaimBalancePerEarlierPayer) {
  const std::string id = "cob.claim_balance";
  EXPECT_THAT(scrubWith(secondary(), id), IsEmpty());

  Claim c = secondary();
  c.otherPayers[0].paidAmount = usd(9500);
  auto f = scrubWith(c, id);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "other_payers[0].paid_amount_cents");
  EXPECT_EQ(f[0].segment, "AMT*D and CAS of 2320");
  EXPECT_THAT(f[0].message,
              HasSubstr("paid $95.00 plus claim adjustments $36.89 plus line adjustments $5.00 "
                        "is $136.89, but the claim's charge is $137.50 (difference -$0.61)"));

  // A payer to come (after the claim's own) has paid nothing yet and is not checked.
  Claim later = secondary();
  OtherPayer tertiary = primaryPayer();
  tertiary.responsibility = PayerResponsibility::kTertiary;
  tertiary.payerId = "SKIL0";
  tertiary.paidAmount = usd(1);
  later.otherPayers.push_back(tertiary);
  EXPECT_THAT(scrubWith(later, id), IsEmpty());
}

TEST(ScrubberCob, AmountsTooLargeToAddUpAreReportedNotOverflowed) {
  Claim c = secondary();
  c.lines[0].adjudications[0].paidAmount = usd(std::numeric_limits<std::int64_t>::max());
  c.otherPayers[0].paidAmount = usd(std::numeric_limits<std::int64_t>::max());
  auto line = scrubWith(c, "cob.line_balance");
  ASSERT_EQ(line.size(), 1u);
  EXPECT_THAT(line[0].message, HasSubstr("too large to add up"));
  auto claim = scrubWith(c, "cob.claim_balance");
  ASSERT_EQ(claim.size(), 1u);
  EXPECT_THAT(claim[0].message, HasSubstr("too large to add up"));
}

}  // namespace
}  // namespace medoffice::domain::claims
