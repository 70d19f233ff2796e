// SPDX-License-Identifier: AGPL-3.0-or-later
// The 270 writer: golden files, field-by-field content, the envelope check over what we write
// and over the shared 270 samples, and validation that names fields.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codecs/x12/eligibility_270.hpp"
#include "codecs/x12/eligibility_test_support.hpp"
#include "codecs/x12/envelope.hpp"
#include "codecs/x12/tokenizer.hpp"
#include "domain/common/validation.hpp"

namespace medoffice::codecs::x12 {
namespace {

using namespace eligibility_test;
using domain::claims::Sex;

domain::Date ymd(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

Transmission270 transmission() {
  Transmission270 t;
  t.interchange.senderId = "MEDOFFICE";
  t.interchange.receiverId = "ACMEHEALTH";
  t.interchange.date = ymd(2026, 12, 14);
  t.interchange.time = {16, 5};
  t.group.senderCode = "MEDOFFICE";
  t.group.receiverCode = "ACMEHEALTH";
  t.group.date = ymd(2026, 12, 14);
  t.group.time = {16, 5};
  t.reference = "ELIG20261214";
  t.created = ymd(2026, 12, 14);
  t.createdTime = {16, 5};
  t.traceOriginator = "1123456789";
  return t;
}

EligibilityRequest subscriberRequest() {
  EligibilityRequest r;
  r.payerName = "Acme Health";
  r.payerId = "ACME01";
  r.providerName = "Maple Family Practice";
  r.npi = "1234567893";
  r.memberId = "W123456789";
  r.subscriberLastName = "Doe";
  r.subscriberFirstName = "Jane";
  r.subscriberBirthDate = ymd(1980, 2, 14);
  r.subscriberSex = Sex::kFemale;
  r.serviceDate = ymd(2026, 12, 15);
  r.traceNumber = "ELIG-0001";
  return r;
}

EligibilityRequest dependentRequest() {
  EligibilityRequest r = subscriberRequest();
  r.memberId = "W555000111";
  r.subscriberLastName = "Müller";
  r.subscriberFirstName = "Hans";
  r.subscriberBirthDate = ymd(1975, 6, 1);
  r.subscriberSex = Sex::kMale;
  r.dependent = EligibilityDependent{"Müller", "Zoë*Ann", ymd(2015, 9, 30), Sex::kFemale, "19"};
  r.serviceTypes = {"30", "98"};
  r.traceNumber = "ELIG-0002";
  return r;
}

struct Written {
  std::string text;
  Write270Result result;
};

Written write(const std::vector<EligibilityRequest>& rs) {
  Written w;
  StringSink sink(w.text);
  CountingControlNumbers numbers(101, 201, 301);
  WriterOptions options;
  options.lineBreaks = true;
  auto r = write270(rs, transmission(), sink, numbers, options);
  if (!r.ok()) {
    ADD_FAILURE() << r.error().message << " " << r.error().fields.at(0).field << ": "
                  << r.error().fields.at(0).message;
    return w;
  }
  w.result = *r;
  return w;
}

/// The segments between ST and SE, without terminators.
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
  const fs::path path = golden("270", name);
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

TEST(Eligibility270, SubscriberFieldByField) {
  const Written w = write({subscriberRequest()});
  const std::vector<std::string> expected = {
      "ST*270*0301*005010X279A1",
      "BHT*0022*13*ELIG20261214*20261214*1605",
      "HL*1**20*1",
      "NM1*PR*2*ACME HEALTH*****PI*ACME01",
      "HL*2*1*21*1",
      "NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893",
      "HL*3*2*22*0",
      "TRN*1*ELIG-0001*1123456789",
      "NM1*IL*1*DOE*JANE****MI*W123456789",
      "DMG*D8*19800214*F",
      "DTP*291*D8*20261215",
      "EQ*30",
      "SE*13*0301",
  };
  EXPECT_EQ(body(w.text), expected);
  EXPECT_EQ(w.result.requests, 1u);
  EXPECT_EQ(w.result.segments, 13u);
  EXPECT_EQ(w.result.interchangeControl, 101u);
  EXPECT_EQ(w.result.groupControl, 201u);
  EXPECT_EQ(w.result.transactionControl, 301u);
  ASSERT_EQ(w.result.placements.size(), 1u);
  EXPECT_EQ(w.result.placements[0].subscriberHl, 3u);
  EXPECT_EQ(w.result.placements[0].dependentHl, 0u);
  EXPECT_EQ(w.result.placements[0].traceSegment, 8u);  // TRN is the 8th segment from ST
  EXPECT_NE(w.text.find("GS*HS*MEDOFFICE*ACMEHEALTH*20261214*1605*201*X*005010X279A1~"),
            std::string::npos);
}

TEST(Eligibility270, DependentFieldByField) {
  const Written w = write({dependentRequest()});
  const std::vector<std::string> expected = {
      "ST*270*0301*005010X279A1",
      "BHT*0022*13*ELIG20261214*20261214*1605",
      "HL*1**20*1",
      "NM1*PR*2*ACME HEALTH*****PI*ACME01",
      "HL*2*1*21*1",
      "NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893",
      "HL*3*2*22*1",
      "NM1*IL*1*MULLER*HANS****MI*W555000111",
      "DMG*D8*19750601*M",
      "HL*4*3*23*0",
      "TRN*1*ELIG-0002*1123456789",
      "NM1*03*1*MULLER*ZOE ANN",
      "DMG*D8*20150930*F",
      "INS*N*19",
      "DTP*291*D8*20261215",
      "EQ*30^98",
      "SE*17*0301",
  };
  EXPECT_EQ(body(w.text), expected);
  EXPECT_EQ(w.result.placements.at(0).subscriberHl, 3u);
  EXPECT_EQ(w.result.placements.at(0).dependentHl, 4u);
}

TEST(Eligibility270, GoldenFilesPassTheEnvelopeCheck) {
  const Written sub = write({subscriberRequest()});
  const Written dep = write({dependentRequest()});
  for (const std::string* text : {&sub.text, &dep.text}) {
    const CheckReport report = check(*text);
    ASSERT_TRUE(report.ok()) << report.problems.front().describe();
    EXPECT_EQ(report.summary.describe(),
              "270 005010X279A1: 1 interchange, 1 group, 1 transaction, 0 claims");
  }
  compareGolden("subscriber.270", sub.text);
  compareGolden("dependent.270", dep.text);
}

TEST(Eligibility270, HierarchySharesPayerAndProviderLevels) {
  EligibilityRequest other = subscriberRequest();
  other.payerName = "Other Payer";
  other.payerId = "OTH99";
  other.traceNumber = "ELIG-0003";
  const Written w = write({subscriberRequest(), other, dependentRequest()});
  std::vector<std::string> hls;
  for (const auto& s : body(w.text)) {
    if (s.rfind("HL*", 0) == 0) hls.push_back(s);
  }
  // Acme (1) → Maple (2) → Jane (3), Hans (4) → Zoë (5); Other (6) → Maple (7) → Jane (8).
  const std::vector<std::string> expected = {"HL*1**20*1",  "HL*2*1*21*1", "HL*3*2*22*0",
                                             "HL*4*2*22*1", "HL*5*4*23*0", "HL*6**20*1",
                                             "HL*7*6*21*1", "HL*8*7*22*0"};
  EXPECT_EQ(hls, expected);
  EXPECT_EQ(w.result.placements[0].subscriberHl, 3u);
  EXPECT_EQ(w.result.placements[1].subscriberHl, 8u);
  EXPECT_EQ(w.result.placements[2].subscriberHl, 4u);
  EXPECT_EQ(w.result.placements[2].dependentHl, 5u);
  EXPECT_TRUE(check(w.text).ok());
}

TEST(Eligibility270, ValidationNamesFieldsAndWritesNothing) {
  EligibilityRequest bad = subscriberRequest();
  bad.memberId.clear();
  bad.npi = "1234567890";  // wrong check digit
  bad.subscriberBirthDate = ymd(2027, 1, 1);
  bad.serviceTypes = {"30", "3*"};
  bad.traceNumber = "has space";
  EligibilityRequest dep = dependentRequest();
  dep.dependent->birthDate.reset();
  dep.dependent->firstName = "  ";

  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  auto r = write270(std::vector<EligibilityRequest>{bad, dep}, transmission(), sink, numbers);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(*numbers.nextInterchange(), 1u) << "a control number was drawn";
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  const std::vector<std::string> expected = {"requests[0].npi",
                                             "requests[0].member_id",
                                             "requests[0].subscriber_birth_date",
                                             "requests[0].service_types[1]",
                                             "requests[0].trace_number",
                                             "requests[1].dependent.first_name",
                                             "requests[1].dependent.birth_date"};
  EXPECT_EQ(fields, expected);
  EXPECT_NE(r.error().fields[0].message.find("check digit"), std::string::npos);
  EXPECT_EQ(r.error().fields[2].message, "is after the service date");
}

TEST(Eligibility270, RefusesEmptyBatchAndBadOriginator) {
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  Transmission270 t = transmission();
  t.traceOriginator = "123";
  t.createdTime = {24, 0};
  t.reference.clear();
  auto r = write270({}, t, sink, numbers);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().fields.size(), 4u);
  EXPECT_EQ(r.error().fields[0].field, "requests");
  EXPECT_EQ(r.error().fields[1].field, "trace_originator");
  EXPECT_EQ(r.error().fields[2].field, "created_time");
  EXPECT_EQ(r.error().fields[3].field, "reference");
  EXPECT_TRUE(out.empty());
}

TEST(Eligibility270, SharedSamplesPassTheEnvelopeCheck) {
  const fs::path dir = sharedDir() / "fixtures" / "x12" / "270";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " is absent (../shared is not beside the repo)";
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const CheckReport report = check(slurp(entry.path()));
    ASSERT_TRUE(report.ok()) << entry.path() << ": " << report.problems.front().describe();
    EXPECT_EQ(report.summary.describe(),
              "270 005010X279A1: 1 interchange, 1 group, 1 transaction, 0 claims");
    ++seen;
  }
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace medoffice::codecs::x12
