// SPDX-License-Identifier: AGPL-3.0-or-later
// Secondary and tertiary claims from a real remittance: the shared COB sample
// (../shared/fixtures/x12/835/cob-contractural-adjustment.835, read in place) turned into a
// PayerAdjudication, built into the next claim and written as the golden 837Ps
// tests/golden/x12/837p/{secondary,tertiary}_from_835.x12 (which node-x12 reads in
// tests/interop/). And the 835 → adjudication mapping on its own.
#include "codecs/claims/cob_835.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "codecs/claims/x12_claim_formats.hpp"
#include "codecs/x12/claim_837p.hpp"
#include "codecs/x12/envelope.hpp"
#include "domain/claims/build.hpp"
#include "domain/claims/default_rules.hpp"
#include "domain/claims/sample_claims.hpp"
#include "domain/claims/scrubber.hpp"
#include "support/shared_dir.hpp"

namespace medoffice::codecs {
namespace {

namespace fs = std::filesystem;
namespace claims = domain::claims;
using domain::Money;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

domain::Date day(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ---- the mapping on its own ----

x12::Adjustment835 cas(std::string group, std::string reason, std::int64_t cents,
                       std::optional<std::int64_t> quantity = std::nullopt) {
  x12::Adjustment835 a;
  a.group.code = std::move(group);
  a.reason.code = std::move(reason);
  a.amountCents = cents;
  a.quantity = quantity;
  return a;
}

TEST(PayerAdjudicationFrom835, TakesEveryAmountAndCodeUnchanged) {
  x12::Remittance r;
  r.payment.date = day(2026, 10, 20);
  r.productionDate = day(2026, 10, 19);
  x12::Claim835 c;
  c.patientControlNumber = "3001";
  c.status.code = "1";
  c.chargeCents = 13750;
  c.paidCents = 10000;
  c.patientResponsibilityCents = 3250;
  c.payerClaimControlNumber = "GP-ICN-1";
  c.adjustments = {cas("CO", "A2", 0, 1500)};  // 1.5 days: rounded to 2
  x12::ServiceLine835 office;
  office.procedure = {"HC", "99213", {"25"}, ""};
  office.chargeCents = 12500;
  office.paidCents = 10000;
  office.adjustments = {cas("CO", "45", 500), cas("PR", "2", 2000)};
  office.lineControlNumber = "3001-1";
  x12::ServiceLine835 draw;
  draw.procedure = {"NU", "0300", {}, ""};  // not HC: the 2430 repeats what we billed
  draw.chargeCents = 1250;
  draw.unitsPaid = 2000;
  draw.adjustments = {cas("PR", "1", 1250, 499)};
  c.lines = {office, draw};

  const auto a = payerAdjudicationFrom835(r, c);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->patientControlNumber, "3001");
  EXPECT_EQ(a->adjudicationDate, day(2026, 10, 20));
  EXPECT_EQ(a->paid, Money::fromCents(10000));
  EXPECT_EQ(a->remainingPatientLiability, Money::fromCents(3250));
  EXPECT_EQ(a->payerClaimControlNumber, "GP-ICN-1");
  EXPECT_EQ(a->adjustments,
            (std::vector<claims::Adjustment>{{"CO", "A2", Money::fromCents(0), 2}}));
  ASSERT_EQ(a->lines.size(), 2u);
  EXPECT_EQ(a->lines[0], (claims::AdjudicatedLine{"3001-1",
                                                  "99213",
                                                  {"25"},
                                                  Money::fromCents(10000),
                                                  1,
                                                  {{"CO", "45", Money::fromCents(500), 0},
                                                   {"PR", "2", Money::fromCents(2000), 0}},
                                                  std::nullopt}));
  EXPECT_EQ(a->lines[1].lineControlNumber, "");  // no REF*6R: the posting matches the line
  EXPECT_EQ(a->lines[1].procedureCode, "");
  EXPECT_EQ(a->lines[1].paidUnits, 2);
  EXPECT_EQ(a->lines[1].adjustments[0].quantity, 0);  // 0.499 units

  // The production date stands in for a missing payment date; without either, refused.
  r.payment.date.reset();
  EXPECT_EQ(payerAdjudicationFrom835(r, c)->adjudicationDate, day(2026, 10, 19));
  r.productionDate.reset();
  r.payment.segment = 4;
  const auto undated = payerAdjudicationFrom835(r, c);
  ASSERT_FALSE(undated.ok());
  EXPECT_EQ(undated.error().fields.at(0).field, "segment 4 BPR16");

  // A reversal takes money back; it is posted, not passed on.
  r.payment.date = day(2026, 10, 20);
  c.status.code = "22";
  c.segment = 17;
  const auto reversal = payerAdjudicationFrom835(r, c);
  ASSERT_FALSE(reversal.ok());
  EXPECT_EQ(reversal.error().fields.at(0).field, "segment 17 CLP02");
  EXPECT_THAT(reversal.error().fields[0].message, HasSubstr("reversal"));
}

// ---- the shared COB sample, built into the next claim ----

/// The sample with the two defects the 835 reader refuses (era_835_fixtures_test.cpp): BPR16
/// in BPR15, and '>' in the bodies while ISA16 declares ':'.
std::string repairedCobSample(const fs::path& file) {
  std::string text = slurp(file);
  const std::size_t bpr = text.find("\nBPR*");
  const std::size_t date = text.rfind('*', text.find('~', bpr));
  text.insert(date, "*");
  text[104] = '>';
  return text;
}

/// Raymond Burck: billed first to one payer, then to "Your Tax Dollars At Work" (the 835's
/// payer), then to his wife's plan.
struct Burck {
  domain::Patient raymond;
  domain::Payer sunshine;
  domain::Coverage ruthsPlan;
  domain::Payer yourTaxDollars;
  domain::Coverage federalPlan;

  Burck() {
    raymond.id = domain::PatientId(55);
    raymond.familyName = "Burck";
    raymond.givenName = "Raymond";
    raymond.middleName = "W";
    raymond.birthDate = day(1948, 6, 12);
    raymond.sex = "male";
    raymond.address = {"3502 Johnson Street", "", "Sunshine", "FL", "12345"};
    sunshine.id = domain::PayerId(71);
    sunshine.name = "Sunshine Health Plan";
    sunshine.x12PayerId = "SUN01";
    sunshine.claimFilingIndicator = "CI";
    ruthsPlan.id = domain::CoverageId(81);
    ruthsPlan.patientId = raymond.id;
    ruthsPlan.payerId = sunshine.id;
    ruthsPlan.memberId = "SUN778899";
    ruthsPlan.groupNumber = "SUN-G1";
    ruthsPlan.relationship = "01";
    ruthsPlan.subscriber = {"Burck", "Ruth", day(1950, 3, 3), "female", raymond.address};
    yourTaxDollars.id = domain::PayerId(72);
    yourTaxDollars.name = "Your Tax Dollars At Work";
    yourTaxDollars.x12PayerId = "YTDAW";
    yourTaxDollars.claimFilingIndicator = "12";  // CLP06 of the sample
    yourTaxDollars.address = {"481A00 Dear Run Road", "", "West Palm Bch", "FL", "11114"};
    federalPlan.id = domain::CoverageId(82);
    federalPlan.patientId = raymond.id;
    federalPlan.payerId = yourTaxDollars.id;
    federalPlan.memberId = "987654321";  // NM1*QC of the sample
    federalPlan.relationship = "18";
  }

  /// The claim to `payer` at `rank` for the sample's service: 55669 on 2005-02-02, 541.00.
  [[nodiscard]] claims::Claim sentTo(const domain::Payer& payer, const std::string& memberId,
                                     claims::PayerResponsibility rank,
                                     const std::string& pcn) const {
    claims::Claim c = claims::samples::claim(pcn);
    c.subscriber.responsibility = rank;
    c.subscriber.name = claims::PartyName::person("Burck", "Raymond", "W");
    c.subscriber.memberId = memberId;
    c.subscriber.groupNumber = "";
    c.subscriber.claimFilingIndicator = payer.claimFilingIndicator;
    c.subscriber.birthDate = raymond.birthDate;
    c.subscriber.sex = claims::Sex::kMale;
    c.subscriber.address = raymond.address;
    c.payer = claims::Payer{payer.name, payer.x12PayerId, payer.address};
    c.diagnoses = {"N40.0"};
    c.lines = {claims::samples::line(pcn + "-1", "55669", 54100, {1})};
    c.lines[0].serviceDate = day(2005, 2, 2);
    return c;
  }
};

/// The sample's only claim as an adjudication, its line matched to ours the way the posting
/// does when the payer sent no REF*6R (by code: the claim has one line).
claims::PayerAdjudication fixtureAdjudication(const std::string& lineControlNumber) {
  const fs::path file = test::sharedDir() / "fixtures/x12/835/cob-contractural-adjustment.835";
  const auto read = x12::parse835(repairedCobSample(file));
  EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
  if (!read.ok() || read->size() != 1 || read->front().claims.size() != 1) return {};
  const x12::Remittance& r = read->front();
  EXPECT_TRUE(x12::checkBalance(r).empty());
  auto a = payerAdjudicationFrom835(r, r.claims[0]);
  EXPECT_TRUE(a.ok());
  if (!a.ok()) return {};
  EXPECT_EQ(a->lines.size(), 1u);
  EXPECT_EQ(a->lines[0].lineControlNumber, "");
  a->lines[0].lineControlNumber = lineControlNumber;
  return *a;
}

std::vector<claims::Finding> scrubCob(const claims::Claim& c) {
  std::vector<claims::Rule> cob;
  for (const auto& r : claims::defaultRules()) {
    if (r.id.rfind("cob.", 0) == 0) cob.push_back(r);
  }
  claims::ScrubContext ctx;
  ctx.today = day(2005, 3, 25);
  return claims::scrub(c, cob, ctx);
}

/// tests/golden/x12/837p of this checkout (found as claim_837p_test.cpp finds it).
fs::path goldenDir() {
  auto isRoot = [](const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "src" / "codecs" / "x12" / "claim_837p.hpp", ec);
  };
  fs::path root = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
  if (!isRoot(root)) {
    for (fs::path dir = fs::current_path(); !dir.empty(); dir = dir.parent_path()) {
      if (isRoot(dir)) {
        root = dir;
        break;
      }
      if (dir == dir.parent_path()) break;
    }
  }
  return root / "tests" / "golden" / "x12" / "837p";
}

/// The 837P of `c`, checked by our own validator, compared with (or, with
/// MEDOFFICE_UPDATE_GOLDEN=1, written to) the golden file `name`.
void compareGolden(const std::string& name, const claims::Claim& c) {
  x12::Transmission837P t;
  t.interchange.senderId = "MEDOFFICE01";
  t.interchange.receiverId = "12345";
  t.interchange.date = day(2005, 3, 25);
  t.interchange.time = {10, 15};
  t.group.senderCode = "MEDOFFICE01";
  t.group.receiverCode = "12345";
  t.group.date = t.interchange.date;
  t.group.time = t.interchange.time;
  t.batchReference = "COB" + c.patientControlNumber;
  t.created = t.interchange.date;
  t.createdTime = t.interchange.time;
  std::string text;
  x12::StringSink sink(text);
  x12::CountingControlNumbers numbers(41, 41, 41);
  const std::vector<claims::Claim> cs{c};
  const auto written = x12::write837P(cs, t, sink, numbers, {.lineBreaks = true});
  ASSERT_TRUE(written.ok()) << written.error().message;
  const x12::CheckReport report = x12::check(text);
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].describe());
  EXPECT_TRUE(report.warnings.empty());

  const fs::path path = goldenDir() / name;
  const char* update = std::getenv("MEDOFFICE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << text;
    GTEST_SKIP() << "rewrote " << path;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing: run with MEDOFFICE_UPDATE_GOLDEN=1";
  EXPECT_EQ(text, slurp(path)) << "differs from " << path
                               << " (MEDOFFICE_UPDATE_GOLDEN=1 rewrites it after review)";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CobFromSharedSample : public ::testing::Test {
 protected:
  void SetUp() override {
    MEDOFFICE_REQUIRE_SHARED(test::sharedDir() /
                             "fixtures/x12/835/cob-contractural-adjustment.835");
  }
};

// The sample's CLP02 is 2 (its payer processed the claim as secondary, hence OA-23 for an
// earlier payer's impact). The builder takes the rank from the claim as sent, not from CLP02, so
// here the same adjudication is, first, the primary's (the secondary claim), then, more
// faithfully, the secondary's after a primary (a tertiary claim).
TEST_F(CobFromSharedSample, SecondaryClaimGolden) {
  const Burck b;
  const claims::Claim primary =
      b.sentTo(b.yourTaxDollars, "987654321", claims::PayerResponsibility::kPrimary, "0001000055");
  const claims::PayerAdjudication paid = fixtureAdjudication("0001000055-1");
  EXPECT_EQ(paid.patientControlNumber, "0001000055");
  EXPECT_EQ(paid.adjudicationDate, day(2005, 3, 18));
  EXPECT_EQ(paid.paid, Money::fromCents(3400));
  EXPECT_EQ(paid.payerClaimControlNumber, "50650619501");
  const auto built =
      claims::buildNextClaim({primary, paid, b.raymond, b.ruthsPlan, b.sunshine, "0001000056"});
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_THAT(claims::validate(*built), IsEmpty());
  // 541.00 = 34.00 + 516.00 - 9.00 on the line and for the claim.
  EXPECT_THAT(scrubCob(*built), IsEmpty());
  compareGolden("secondary_from_835.x12", *built);
}

TEST_F(CobFromSharedSample, TertiaryClaimGolden) {
  const Burck b;
  domain::Payer atlantic = b.sunshine;
  atlantic.name = "Atlantic Mutual Health";
  atlantic.x12PayerId = "ATL01";
  const claims::Claim primary =
      b.sentTo(atlantic, "ATL5551212", claims::PayerResponsibility::kPrimary, "0001000054");
  // The primary's share, consistent with the sample's OA-23 516.00: 482.00 paid and 34.00
  // contractual; 25.00 left as deductible, which the secondary then paid (with 9.00 more).
  claims::PayerAdjudication first;
  first.patientControlNumber = "0001000054";
  first.adjudicationDate = day(2005, 2, 20);
  first.paid = Money::fromCents(48200);
  first.remainingPatientLiability = Money::fromCents(2500);
  first.payerClaimControlNumber = "ATL-0420";
  first.lines = {{"0001000054-1",
                  "55669",
                  {},
                  Money::fromCents(48200),
                  1,
                  {{"CO", "45", Money::fromCents(3400), 0}, {"PR", "1", Money::fromCents(2500), 0}},
                  std::nullopt}};
  const auto secondary = claims::buildNextClaim(
      {primary, first, b.raymond, b.federalPlan, b.yourTaxDollars, "0001000055"});
  ASSERT_TRUE(secondary.ok()) << secondary.error().message;
  EXPECT_THAT(scrubCob(*secondary), IsEmpty());

  const claims::PayerAdjudication second = fixtureAdjudication("0001000054-1");
  const auto built = claims::buildNextClaim(
      {*secondary, second, b.raymond, b.ruthsPlan, b.sunshine, "0001000056"});
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(built->subscriber.responsibility, claims::PayerResponsibility::kTertiary);
  ASSERT_EQ(built->otherPayers.size(), 2u);
  EXPECT_EQ(built->otherPayers[1].payerName, "Your Tax Dollars At Work");
  EXPECT_THAT(claims::validate(*built), IsEmpty());
  EXPECT_THAT(scrubCob(*built), IsEmpty());
  compareGolden("tertiary_from_835.x12", *built);
}

TEST_F(CobFromSharedSample, LocateLeadsCobSegmentsOfTheBatchBackToFields) {
  const Burck b;
  const claims::Claim primary =
      b.sentTo(b.yourTaxDollars, "987654321", claims::PayerResponsibility::kPrimary, "0001000055");
  const auto built = claims::buildNextClaim({primary, fixtureAdjudication("0001000055-1"),
                                             b.raymond, b.ruthsPlan, b.sunshine, "0001000056"});
  ASSERT_TRUE(built.ok());
  app::BatchEnvelope env;
  env.senderId = env.applicationSender = "MEDOFFICE01";
  env.receiverId = env.applicationReceiver = "12345";
  env.date = day(2005, 3, 25);
  env.batchReference = "B1";
  env.interchange = env.group = env.transaction = 1;
  const X12ClaimFormats formats;
  const std::vector<claims::Claim> cs{*built};
  const auto file = formats.write837P(cs, env);
  ASSERT_TRUE(file.ok());
  // Segment positions from ST = 1, as a 999's IK3 gives them.
  std::vector<std::string> segs;
  bool in = false;
  for (std::size_t at = 0; at < file->bytes.size();) {
    const std::size_t end = file->bytes.find('~', at);
    std::string s = file->bytes.substr(at, end - at);
    while (!s.empty() && (s.front() == '\n' || s.front() == '\r')) s.erase(0, 1);
    if (s.rfind("ST*", 0) == 0) in = true;
    if (in) segs.push_back(s);
    if (s.rfind("SE*", 0) == 0) break;
    at = end + 1;
  }
  auto position = [&](const std::string& prefix) -> std::uint32_t {
    for (std::size_t k = 0; k < segs.size(); ++k) {
      if (segs[k].rfind(prefix, 0) == 0) return static_cast<std::uint32_t>(k + 1);
    }
    return 0;
  };
  const std::uint32_t cas = position("CAS*OA*23*516**94*-9");
  const std::uint32_t svd = position("SVD*YTDAW*34*HC:55669**1");
  const std::uint32_t amt = position("AMT*D*34");
  ASSERT_TRUE(cas != 0 && svd != 0 && amt != 0) << file->bytes;
  const auto loc =
      formats.locate(cs, env, std::vector<app::ElementRef>{{cas, 3, 0}, {svd, 1, 0}, {amt, 2, 0}});
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ((*loc)[0].field, "lines[0].adjudications[0].adjustments");
  EXPECT_EQ((*loc)[0].loop, "2430");
  EXPECT_THAT((*loc)[0].claims, ElementsAre(0));
  EXPECT_EQ((*loc)[1].field, "lines[0].adjudications[0].other_payer_id");
  EXPECT_EQ((*loc)[2].field, "other_payers[0].paid_amount_cents");
  EXPECT_EQ((*loc)[2].loop, "2320");
  // The 835's two OA CAS segments are one CAS in the 837 (one per group code).
  EXPECT_FALSE(contains(file->bytes, "CAS*OA*94"));
}

}  // namespace
}  // namespace medoffice::codecs
