// SPDX-License-Identifier: AGPL-3.0-or-later
// The eligibility formats adapter: the 270 it writes (segment by segment, and through the
// envelope check of `x12 check`), field errors named in the inquiry's terms, and the 271 answers
// it reads — our golden files, the shared samples, a refusal of the whole request, and inputs
// that are not an answer to us.
#include "codecs/eligibility/x12_eligibility_formats.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "codecs/x12/envelope.hpp"
#include "support/shared_dir.hpp"

namespace medoffice::codecs {
namespace {

namespace fs = std::filesystem;
using app::EligibilityAnswer;

fs::path repoRoot() {
  fs::path root = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
  if (fs::exists(root / "tests" / "golden" / "x12" / "271")) return root;
  for (fs::path dir = fs::current_path(); !dir.empty() && dir != dir.parent_path();
       dir = dir.parent_path()) {
    if (fs::exists(dir / "tests" / "golden" / "x12" / "271")) return dir;
  }
  return root;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string golden271(const std::string& name) {
  return slurp(repoRoot() / "tests" / "golden" / "x12" / "271" / name);
}

app::EligibilityInquiry inquiry() {
  app::EligibilityInquiry q;
  q.senderId = "SUB1";
  q.receiverId = "CH1";
  q.applicationSender = "SUB1";
  q.applicationReceiver = "CH1";
  q.date = *domain::Date::parse("2026-12-14");
  q.hour = 18;
  q.minute = 5;
  q.interchange = 123;
  q.group = 45;
  q.transaction = 67;
  q.reference = "MO1-5-123";
  q.traceOriginator = "1364455667";
  q.payerName = "Acme Health";
  q.payerId = "ACME01";
  q.providerName = "Maple Family Practice";
  q.npi = "1234567893";
  q.memberId = "ACT123";
  q.subscriber = {"Doe", "Jane", domain::Date::parse("1980-02-14"), domain::claims::Sex::kFemale};
  q.serviceDate = *domain::Date::parse("2026-12-15");
  q.serviceTypes = {"30", "98"};
  q.traceNumber = "MO1-5-123";
  return q;
}

std::vector<std::string> segments(const std::string& x12) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < x12.size()) {
    const auto end = x12.find('~', at);
    out.push_back(x12.substr(at, end - at));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

TEST(X12EligibilityFormats, WritesThe270OfASubscriberWithItsNumbers) {
  X12EligibilityFormats f;
  auto x = f.write270(inquiry());
  ASSERT_TRUE(x.ok()) << x.error().message;
  const auto report = x12::check(*x);
  ASSERT_TRUE(report.problems.empty()) << report.problems.front().describe();
  const auto s = segments(*x);
  ASSERT_GE(s.size(), 16u);
  EXPECT_EQ(s[0].substr(0, 3), "ISA");
  EXPECT_NE(s[0].find("*000000123*0*T*:"), std::string::npos) << s[0];
  EXPECT_EQ(s[1], "GS*HS*SUB1*CH1*20261214*1805*45*X*005010X279A1");
  EXPECT_EQ(s[2], "ST*270*0067*005010X279A1");
  EXPECT_EQ(s[3], "BHT*0022*13*MO1-5-123*20261214*1805");
  EXPECT_EQ(s[4], "HL*1**20*1");
  EXPECT_EQ(s[5], "NM1*PR*2*ACME HEALTH*****PI*ACME01");
  EXPECT_EQ(s[6], "HL*2*1*21*1");
  EXPECT_EQ(s[7], "NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893");
  EXPECT_EQ(s[8], "HL*3*2*22*0");
  EXPECT_EQ(s[9], "TRN*1*MO1-5-123*1364455667");
  EXPECT_EQ(s[10], "NM1*IL*1*DOE*JANE****MI*ACT123");
  EXPECT_EQ(s[11], "DMG*D8*19800214*F");
  EXPECT_EQ(s[12], "DTP*291*D8*20261215");
  EXPECT_EQ(s[13], "EQ*30^98");
  EXPECT_EQ(s[14], "SE*13*0067");
  EXPECT_EQ(s[15], "GE*1*45");
  EXPECT_EQ(s[16], "IEA*1*000000123");
}

TEST(X12EligibilityFormats, WritesADependentUnderTheSubscriber) {
  auto q = inquiry();
  q.subscriber = {"Doe", "John", domain::Date::parse("1975-06-01"), domain::claims::Sex::kMale};
  q.dependent = app::InquiryPerson{"Doe", "Amy", domain::Date::parse("2015-09-30"),
                                   domain::claims::Sex::kFemale};
  q.relationship = "19";
  q.serviceTypes = {"30"};
  X12EligibilityFormats f;
  auto x = f.write270(q);
  ASSERT_TRUE(x.ok()) << x.error().message;
  const auto s = segments(*x);
  const auto has = [&](const std::string& seg) {
    return std::find(s.begin(), s.end(), seg) != s.end();
  };
  EXPECT_TRUE(has("HL*3*2*22*1"));
  EXPECT_TRUE(has("NM1*IL*1*DOE*JOHN****MI*ACT123"));
  EXPECT_TRUE(has("HL*4*3*23*0"));
  EXPECT_TRUE(has("NM1*03*1*DOE*AMY"));
  EXPECT_TRUE(has("INS*N*19"));
  EXPECT_TRUE(has("DMG*D8*20150930*F"));
  EXPECT_TRUE(x12::check(*x).problems.empty());
}

TEST(X12EligibilityFormats, NamesTheInquiryFieldsItCannotWrite) {
  auto q = inquiry();
  q.npi = "1234567890";  // wrong check digit
  q.memberId.clear();
  X12EligibilityFormats f;
  auto x = f.write270(q);
  ASSERT_FALSE(x.ok());
  std::vector<std::string> fields;
  for (const auto& e : x.error().fields) fields.push_back(e.field);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "npi"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "member_id"), fields.end());
}

TEST(X12EligibilityFormats, ReadsAnActive271ForTheVisitAndThePlan) {
  X12EligibilityFormats f;
  auto a = f.read271(golden271("active.271"), "ELIG-0001", "98");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->coverage, EligibilityAnswer::Coverage::kActive);
  EXPECT_EQ(a->memberId, "W123456789");
  EXPECT_EQ(a->planName, "ACME GOLD PPO");
  EXPECT_EQ(a->groupNumber, "GRP-5500");
  EXPECT_EQ(a->groupName, "ACME EMPLOYEES");
  EXPECT_EQ(a->general.copayCents, 4000);
  EXPECT_EQ(a->general.copayNetwork, "Y");
  EXPECT_EQ(a->general.coinsuranceBasisPoints, 2000);
  EXPECT_EQ(a->general.deductibleCents, 150000);
  EXPECT_EQ(a->general.deductibleRemainingCents, 112550);
  EXPECT_EQ(a->visit.serviceType, "98");
  EXPECT_EQ(a->visit.copayCents, 2500);
  EXPECT_TRUE(a->rejections.empty());
  const auto j = nlohmann::json::parse(a->summaryJson);
  EXPECT_EQ(j["coverage"], "active");
  EXPECT_EQ(j["plan_name"], "ACME GOLD PPO");
  EXPECT_EQ(j["general"]["copay_cents"], 4000);
  EXPECT_EQ(j["general"]["copay_in_network"], true);
  EXPECT_EQ(j["general"]["deductible_remaining_cents"], 112550);
  EXPECT_EQ(j["visit"]["copay_cents"], 2500);
  EXPECT_EQ(j["payer"]["id"], "ACME01");
  EXPECT_EQ(j["plan_begin"], "2026-01-01");
  EXPECT_EQ(j["eligibility_end"], "2026-12-31");
}

TEST(X12EligibilityFormats, ReadsInactiveAndRejectedAnswers) {
  X12EligibilityFormats f;
  auto inactive = f.read271(golden271("inactive.271"), "ELIG-0002", "30");
  ASSERT_TRUE(inactive.ok()) << inactive.error().message;
  EXPECT_EQ(inactive->coverage, EligibilityAnswer::Coverage::kInactive);

  auto rejected = f.read271(golden271("rejected.271"), "ELIG-0003", "30");
  ASSERT_TRUE(rejected.ok()) << rejected.error().message;
  EXPECT_EQ(rejected->coverage, EligibilityAnswer::Coverage::kUnknown);
  ASSERT_EQ(rejected->rejections.size(), 1u);
  EXPECT_NE(rejected->rejections[0].find("(72)"), std::string::npos) << rejected->rejections[0];
  EXPECT_NE(rejected->rejections[0].find("correct"), std::string::npos) << rejected->rejections[0];
  EXPECT_FALSE(rejected->retryable);
  const auto j = nlohmann::json::parse(rejected->summaryJson);
  EXPECT_EQ(j["coverage"], "unknown");
  EXPECT_EQ(j["rejections"][0], rejected->rejections[0]);
}

TEST(X12EligibilityFormats, ReadsARefusalOfTheWholeRequestAndKnowsWhenToAskAgain) {
  // The payer refused at its own level (42: cannot answer now, R: send it again) and the
  // provider's (51), with no member level at all.
  const std::string x =
      "ISA*00*          *00*          *ZZ*CH1            *ZZ*SUB1           *261215*1030*^*00501*"
      "000000778*0*T*:~GS*HB*CH1*SUB1*20261215*1030*8*X*005010X279A1~ST*271*0001*005010X279A1~"
      "BHT*0022*11*MO1-5-123*20261215*1030~HL*1**20*1~NM1*PR*2*ACME HEALTH*****PI*ACME01~"
      "AAA*Y**42*R~HL*2*1*21*0~NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893~AAA*Y**51*N~"
      "SE*9*0001~GE*1*8~IEA*1*000000778~";
  X12EligibilityFormats f;
  auto a = f.read271(x, "MO1-5-123", "30");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->coverage, EligibilityAnswer::Coverage::kUnknown);
  ASSERT_EQ(a->rejections.size(), 2u);
  EXPECT_NE(a->rejections[0].find("(42)"), std::string::npos);
  EXPECT_NE(a->rejections[1].find("(51)"), std::string::npos);
  EXPECT_TRUE(a->retryable);
}

TEST(X12EligibilityFormats, RefusesWhatIsNotAnAnswerToUs) {
  X12EligibilityFormats f;
  auto other = f.read271(golden271("active.271"), "SOMEONE-ELSE", "30");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, domain::ErrorCode::kInvalid);
  ASSERT_FALSE(other.error().fields.empty());
  EXPECT_NE(other.error().fields[0].message.find("SOMEONE-ELSE"), std::string::npos);

  for (const std::string& bad : {std::string("<html><body>Service unavailable</body></html>"),
                                 std::string(), golden271("active.271").substr(0, 300)}) {
    auto r = f.read271(bad, "ELIG-0001", "30");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid);
  }
}

TEST(X12EligibilityFormats, ReadsTheSharedSamples) {
  const auto dir = test::sharedDir() / "fixtures" / "x12" / "271";
  MEDOFFICE_REQUIRE_SHARED(dir);
  X12EligibilityFormats f;
  auto subscriber =
      f.read271(slurp(dir / "subscriber-health-benefit-check.271"), "93175-012547", "98");
  ASSERT_TRUE(subscriber.ok()) << subscriber.error().message;
  EXPECT_EQ(subscriber->coverage, EligibilityAnswer::Coverage::kActive);
  EXPECT_EQ(subscriber->planName, "GOLD 123 PLAN");
  EXPECT_EQ(subscriber->visit.copayCents, 1000);  // in network before the $30 out of network
  EXPECT_EQ(subscriber->visit.copayNetwork, "Y");

  auto dependent =
      f.read271(slurp(dir / "dependent-health-benefit-check.271"), "93175-012547", "30");
  ASSERT_TRUE(dependent.ok()) << dependent.error().message;
  EXPECT_EQ(dependent->coverage, EligibilityAnswer::Coverage::kActive);

  // SE02 does not match ST02 (X12-NOTES §1.6): refused, as `x12 check` refuses it.
  auto error =
      f.read271(slurp(dir / "subscriber-health-benefit-check-error.271"), "93175-012547", "30");
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().code, domain::ErrorCode::kInvalid);
}

}  // namespace
}  // namespace medoffice::codecs
