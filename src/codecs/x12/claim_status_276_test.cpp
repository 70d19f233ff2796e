// SPDX-License-Identifier: AGPL-3.0-or-later
// The 276 writer: golden files, field-by-field content, the envelope check over what we write
// and over the shared 276 samples, and validation that names fields.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "codecs/x12/claim_status_276.hpp"
#include "codecs/x12/eligibility_test_support.hpp"
#include "codecs/x12/envelope.hpp"
#include "codecs/x12/tokenizer.hpp"

namespace medoffice::codecs::x12 {
namespace {

using namespace eligibility_test;
using domain::claims::Sex;

domain::Date ymd(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

Transmission276 transmission() {
  Transmission276 t;
  t.interchange.senderId = "MEDOFFICE";
  t.interchange.receiverId = "ACMEHEALTH";
  t.interchange.date = ymd(2026, 10, 1);
  t.interchange.time = {16, 5};
  t.group.senderCode = "MEDOFFICE";
  t.group.receiverCode = "ACMEHEALTH";
  t.group.date = ymd(2026, 10, 1);
  t.group.time = {16, 5};
  t.reference = "STAT20261001";
  t.created = ymd(2026, 10, 1);
  t.createdTime = {16, 5};
  t.receiverName = "Maple Family Practice";
  t.receiverId = "MEDOFF01";
  return t;
}

ClaimStatusRequest subscriberRequest() {
  ClaimStatusRequest r;
  r.payerName = "Acme Health";
  r.payerId = "ACME01";
  r.providerName = "Maple Family Practice";
  r.npi = "1234567893";
  r.memberId = "W123456789";
  r.subscriberLastName = "Doe";
  r.subscriberFirstName = "Jane";
  r.subscriberBirthDate = ymd(1980, 2, 14);
  r.subscriberSex = Sex::kFemale;
  r.patientControlNumber = "MO-2026-0042";
  r.totalChargeCents = 12000;
  r.serviceFrom = r.serviceTo = ymd(2026, 9, 14);
  return r;
}

ClaimStatusRequest dependentRequest() {
  ClaimStatusRequest r = subscriberRequest();
  r.memberId = "W555000111";
  r.subscriberLastName = "Müller";
  r.subscriberFirstName = "Hans";
  r.subscriberBirthDate = ymd(1975, 6, 1);
  r.subscriberSex = Sex::kMale;
  r.dependent = ClaimStatusDependent{"Müller", "Zoë*Ann", ymd(2015, 9, 30), Sex::kFemale};
  r.patientControlNumber = "MO-2026-0043";
  r.payerClaimNumber = "ACME7788";
  r.totalChargeCents = 851388;
  r.serviceFrom = ymd(2026, 9, 1);
  r.serviceTo = ymd(2026, 9, 3);
  return r;
}

struct Written {
  std::string text;
  Write276Result result;
};

Written write(const std::vector<ClaimStatusRequest>& rs) {
  Written w;
  StringSink sink(w.text);
  CountingControlNumbers numbers(101, 201, 301);
  WriterOptions options;
  options.lineBreaks = true;
  auto r = write276(rs, transmission(), sink, numbers, options);
  if (!r.ok()) {
    ADD_FAILURE() << r.error().message << " " << r.error().fields.at(0).field << ": "
                  << r.error().fields.at(0).message;
    return w;
  }
  w.result = *r;
  return w;
}

std::vector<std::string> body(const std::string& text) {
  std::vector<std::string> out;
  Tokenizer t(text);
  bool in = false;
  while (const Segment* s = t.next()) {
    if (s->id() == "ST") in = true;
    if (in) out.emplace_back(s->text());
    if (s->id() == "SE") in = false;
  }
  EXPECT_FALSE(t.problem().has_value());
  return out;
}

void compareGolden(const std::string& name, const std::string& actual) {
  const fs::path path = golden("276", name);
  const char* update = std::getenv("MEDOFFICE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path << " is missing: run with MEDOFFICE_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, slurp(path)) << "differs from " << path
                                 << " (MEDOFFICE_UPDATE_GOLDEN=1 rewrites it after review)";
}

TEST(ClaimStatus276, SubscriberFieldByField) {
  const Written w = write({subscriberRequest()});
  const std::vector<std::string> expected = {
      "ST*276*0301*005010X212",
      "BHT*0010*13*STAT20261001*20261001*1605",
      "HL*1**20*1",
      "NM1*PR*2*ACME HEALTH*****PI*ACME01",
      "HL*2*1*21*1",
      "NM1*41*2*MAPLE FAMILY PRACTICE*****46*MEDOFF01",
      "HL*3*2*19*1",
      "NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893",
      "HL*4*3*22*0",
      "DMG*D8*19800214*F",
      "NM1*IL*1*DOE*JANE****MI*W123456789",
      "TRN*1*MO-2026-0042",
      "REF*EJ*MO-2026-0042",
      "AMT*T3*120",
      "DTP*472*D8*20260914",
      "SE*16*0301",
  };
  EXPECT_EQ(body(w.text), expected);
  EXPECT_EQ(w.result.requests, 1u);
  EXPECT_EQ(w.result.segments, 16u);
  EXPECT_EQ(w.result.interchangeControl, 101u);
  EXPECT_EQ(w.result.groupControl, 201u);
  EXPECT_EQ(w.result.transactionControl, 301u);
  ASSERT_EQ(w.result.placements.size(), 1u);
  EXPECT_EQ(w.result.placements[0].subscriberHl, 4u);
  EXPECT_EQ(w.result.placements[0].dependentHl, 0u);
  EXPECT_EQ(w.result.placements[0].traceSegment, 12u);
  EXPECT_NE(w.text.find("GS*HR*MEDOFFICE*ACMEHEALTH*20261001*1605*201*X*005010X212~"),
            std::string::npos);
}

TEST(ClaimStatus276, DependentFieldByField) {
  const Written w = write({dependentRequest()});
  const std::vector<std::string> expected = {
      "ST*276*0301*005010X212",
      "BHT*0010*13*STAT20261001*20261001*1605",
      "HL*1**20*1",
      "NM1*PR*2*ACME HEALTH*****PI*ACME01",
      "HL*2*1*21*1",
      "NM1*41*2*MAPLE FAMILY PRACTICE*****46*MEDOFF01",
      "HL*3*2*19*1",
      "NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893",
      "HL*4*3*22*1",
      "NM1*IL*1*MULLER*HANS****MI*W555000111",
      "HL*5*4*23*0",
      "DMG*D8*20150930*F",
      "NM1*QC*1*MULLER*ZOE ANN",
      "TRN*1*MO-2026-0043",
      "REF*1K*ACME7788",
      "REF*EJ*MO-2026-0043",
      "AMT*T3*8513.88",
      "DTP*472*RD8*20260901-20260903",
      "SE*19*0301",
  };
  EXPECT_EQ(body(w.text), expected);
  EXPECT_EQ(w.result.placements.at(0).subscriberHl, 4u);
  EXPECT_EQ(w.result.placements.at(0).dependentHl, 5u);
  EXPECT_EQ(w.result.placements.at(0).traceSegment, 14u);
}

TEST(ClaimStatus276, HierarchySharesPayerAndProviderLevels) {
  ClaimStatusRequest other = subscriberRequest();
  other.payerName = "Other Payer";
  other.payerId = "OTH99";
  other.patientControlNumber = "MO-2026-0044";
  const Written w = write({subscriberRequest(), other, dependentRequest()});
  std::vector<std::string> hls;
  for (const auto& s : body(w.text)) {
    if (s.rfind("HL*", 0) == 0) hls.push_back(s);
  }
  // Acme (1) → us (2) → Maple (3) → Jane (4), Hans (5) → Zoë (6); Other (7) → us (8) →
  // Maple (9) → Jane (10).
  EXPECT_EQ(hls, (std::vector<std::string>{
                     "HL*1**20*1", "HL*2*1*21*1", "HL*3*2*19*1", "HL*4*3*22*0", "HL*5*3*22*1",
                     "HL*6*5*23*0", "HL*7**20*1", "HL*8*7*21*1", "HL*9*8*19*1", "HL*10*9*22*0"}));
  EXPECT_EQ(w.result.placements.at(1).subscriberHl, 10u);
  EXPECT_EQ(w.result.placements.at(2).subscriberHl, 5u);
  EXPECT_EQ(w.result.placements.at(2).dependentHl, 6u);
  const CheckReport report = check(w.text);
  ASSERT_TRUE(report.ok()) << report.problems.front().describe();
}

TEST(ClaimStatus276, GoldenFilesPassTheEnvelopeCheck) {
  const Written sub = write({subscriberRequest()});
  const Written dep = write({dependentRequest()});
  for (const std::string* text : {&sub.text, &dep.text}) {
    const CheckReport report = check(*text);
    ASSERT_TRUE(report.ok()) << report.problems.front().describe();
    EXPECT_NE(report.summary.describe().find("276 005010X212: 1 interchange, 1 group"),
              std::string::npos)
        << report.summary.describe();
  }
  compareGolden("subscriber.276", sub.text);
  compareGolden("dependent.276", dep.text);
}

TEST(ClaimStatus276, SharedSamplesPassTheEnvelopeCheck) {
  const fs::path dir = sharedDir() / "fixtures" / "x12" / "276";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " is absent (../shared is not beside the repo)";
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names, (std::vector<std::string>{
                       "claim-level-status-ncpdp.276", "claim-level-status.276",
                       "information-receiver-level-status.276", "provider-level-status.276"}))
      << "a new 276 sample: add what it must give";
  for (const auto& name : names) {
    const CheckReport report = check(slurp(dir / name));
    ASSERT_TRUE(report.ok()) << name << ": " << report.problems.front().describe();
    EXPECT_NE(report.summary.describe().find("276 005010X212"), std::string::npos) << name;
  }
  // Our writer's claim loop has the shape of the samples' (TRN, REF*EJ, AMT*T3, DTP*472).
  const std::vector<std::string> sample =
      body(slurp(dir / "information-receiver-level-status.276"));
  ASSERT_GE(sample.size(), 16u);
  EXPECT_EQ(sample[11], "TRN*1*ABCXYZ1");
  EXPECT_EQ(sample[13], "REF*EJ*SM123456");
  EXPECT_EQ(sample[14], "AMT*T3*8513.88");
}

TEST(ClaimStatus276, ValidationNamesFieldsAndWritesNothing) {
  ClaimStatusRequest bad = dependentRequest();
  bad.npi = "1234567890";
  bad.patientControlNumber = "has space";
  bad.totalChargeCents = 0;
  bad.dependent->birthDate.reset();
  bad.serviceTo = ymd(2026, 8, 1);
  std::string text;
  StringSink sink(text);
  CountingControlNumbers numbers(1, 1, 1);
  Transmission276 t = transmission();
  t.receiverId = "";
  const std::vector<ClaimStatusRequest> rs = {subscriberRequest(), bad};
  const auto r = write276(rs, t, sink, numbers);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  for (const char* want :
       {"requests[1].npi", "requests[1].patient_control_number", "requests[1].total_charge_cents",
        "requests[1].dependent.birth_date", "requests[1].service_to", "receiver_id"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), want), fields.end()) << want;
  }
  for (const auto& f : fields) EXPECT_EQ(f.rfind("requests[0]", 0), std::string::npos) << f;
  EXPECT_TRUE(text.empty());
  // No control number was drawn: the next one is still 1.
  EXPECT_EQ(*numbers.nextInterchange(), 1u);

  EXPECT_FALSE(write276({}, transmission(), sink, numbers).ok());
  EXPECT_TRUE(text.empty());
}

}  // namespace
}  // namespace medoffice::codecs::x12
