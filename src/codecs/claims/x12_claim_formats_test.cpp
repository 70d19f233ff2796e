// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/claims/x12_claim_formats.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "codecs/claims/claim_scenarios_for_test.hpp"
#include "codecs/x12/envelope.hpp"
#include "codecs/x12/tokenizer.hpp"

namespace medoffice::codecs {
namespace {

namespace fs = std::filesystem;
namespace claims = domain::claims;
using scenarios::dayForTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

/// This repository's root: from this file's path when the compiler gave an absolute one, else
/// by walking up from the working directory (the build directory or the repository root).
fs::path repositoryRoot() {
  const fs::path here = fs::path(__FILE__);
  if (here.is_absolute()) return here.parent_path().parent_path().parent_path().parent_path();
  for (fs::path dir = fs::current_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "tests" / "golden" / "x12" / "ack")) return dir;
    if (dir == dir.parent_path()) break;
  }
  return fs::current_path();
}

/// tests/golden/x12/ack/<name> of this repository.
fs::path golden(const std::string& name) {
  return repositoryRoot() / "tests" / "golden" / "x12" / "ack" / name;
}

/// MEDOFFICE_SHARED, else ../shared beside the repository.
fs::path sharedDir() {
  if (const char* env = std::getenv("MEDOFFICE_SHARED"); env != nullptr && *env != '\0') {
    return env;
  }
  return repositoryRoot().parent_path() / "shared";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string fieldsOf(const domain::Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += "\n  " + f.field + ": " + f.message;
  return out;
}

app::BatchEnvelope envelope() {
  app::BatchEnvelope e;
  e.senderId = "MEDOFFICE01";
  e.receiverId = "12345";
  e.applicationSender = "MEDOFFICE01";
  e.applicationReceiver = "12345";
  e.date = dayForTest(2026, 10, 5);
  e.hour = 9;
  e.minute = 30;
  e.batchReference = "B000000031";
  e.interchange = 31;
  e.group = 17;
  e.transaction = 31;
  return e;
}

/// Another subscriber (John Doe) for the same provider, so the batch has two subscriber levels.
claims::Claim johnsClaim(const std::string& pcn) {
  claims::Claim c = scenarios::selfClaim(pcn);
  c.subscriber.name = claims::PartyName::person("Doe", "John");
  c.subscriber.memberId = "W987654321";
  c.subscriber.sex = claims::Sex::kMale;
  c.subscriber.birthDate = dayForTest(1975, 7, 4);
  c.subscriber.address = {"9 Elm St", "", "Evanston", "IL", "602011234"};
  c.lines[1].procedureCode = "81002";
  return c;
}

/// Given out of the HL tree's order: the writer puts Jane's own claim (index 2) before her
/// child's (index 0), and John's (index 1) last.
std::vector<claims::Claim> batch() {
  return {scenarios::dependentClaim("1002"), johnsClaim("1003"), scenarios::selfClaim("1001")};
}

struct Seg {
  std::uint32_t position;  // from ST = 1
  std::string text;
};

std::vector<Seg> transactionSegments(const std::string& x12) {
  std::vector<Seg> out;
  x12::Tokenizer t(x12);
  bool in = false;
  std::uint32_t n = 0;
  while (const x12::Segment* s = t.next()) {
    if (s->id() == "ST") in = true;
    if (in) out.push_back({++n, std::string(s->text())});
    if (s->id() == "SE") in = false;
  }
  return out;
}

/// The position of the first segment starting with `prefix` after position `after`; 0 when
/// none.
std::uint32_t find(const std::vector<Seg>& segs, std::string_view prefix, std::uint32_t after = 0) {
  for (const Seg& s : segs) {
    if (s.position > after && s.text.rfind(prefix, 0) == 0) return s.position;
  }
  return 0;
}

// ---- encode / decode ----

TEST(X12ClaimFormats, EncodeAndDecodeAreTheClaimJson) {
  const X12ClaimFormats formats;
  for (const auto& c : scenarios::allClaims()) {
    const auto back = formats.decode(formats.encode(c));
    ASSERT_TRUE(back.ok()) << fieldsOf(back.error());
    EXPECT_EQ(scenarios::claimDifference(c, *back), "");
  }
  const auto bad = formats.decode(R"({"lines":[{"unitz":1}]})");
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields.size(), 2U);
  EXPECT_EQ(bad.error().fields[0].field, "lines[0].service_date");
  EXPECT_EQ(bad.error().fields[1].field, "lines[0].unitz");
}

// ---- write837P ----

TEST(X12ClaimFormats, Write837PIsAValidInterchangeWithTheEnvelopeAndPerClaimSpans) {
  const X12ClaimFormats formats;
  const auto cs = batch();
  const auto file = formats.write837P(cs, envelope());
  ASSERT_TRUE(file.ok()) << fieldsOf(file.error());

  // Our own envelope validator, as `x12 check` runs it.
  const x12::CheckReport report = x12::check(file->bytes);
  ASSERT_TRUE(report.ok()) << report.problems.at(0).describe();
  EXPECT_TRUE(report.warnings.empty());
  EXPECT_EQ(report.summary.types, std::vector<x12::TransactionType>{x12::TransactionType::k837P});
  EXPECT_EQ(report.summary.claims, 3U);
  EXPECT_EQ(report.summary.transactions, 1U);

  EXPECT_EQ(
      file->bytes.rfind("ISA*00*          *00*          *ZZ*MEDOFFICE01    *ZZ*12345          "
                        "*261005*0930*^*00501*000000031*0*T*:~",
                        0),
      0U)
      << file->bytes.substr(0, 120);
  EXPECT_THAT(file->bytes, HasSubstr("~GS*HC*MEDOFFICE01*12345*20261005*0930*17*X*005010X222A1~"));
  EXPECT_THAT(file->bytes, HasSubstr("~ST*837*0031*005010X222A1~"));
  EXPECT_THAT(file->bytes, HasSubstr("~BHT*0019*00*B000000031*20261005*0930*CH~"));
  EXPECT_THAT(file->bytes, HasSubstr("~GE*1*17~IEA*1*000000031~"));

  const auto segs = transactionSegments(file->bytes);
  EXPECT_EQ(file->segments, segs.size());
  EXPECT_EQ(segs.back().text, "SE*" + std::to_string(segs.size()) + "*0031");
  ASSERT_EQ(file->claims.size(), cs.size());
  for (std::size_t i = 0; i < cs.size(); ++i) {
    const app::ClaimSpan& span = file->claims[i];
    ASSERT_GE(span.firstSegment, 1U);
    ASSERT_LE(span.lastSegment, segs.size());
    EXPECT_EQ(segs[span.firstSegment - 1].text.rfind("CLM*" + cs[i].patientControlNumber + "*", 0),
              0U)
        << i << ": " << segs[span.firstSegment - 1].text;
    EXPECT_GE(span.lastSegment, span.firstSegment);
    // The span holds the claim's lines and ends before the next HL, CLM or SE.
    std::size_t lines = 0;
    for (std::uint32_t p = span.firstSegment + 1; p <= span.lastSegment; ++p) {
      const std::string& t = segs[p - 1].text;
      EXPECT_NE(t.rfind("CLM*", 0), 0U);
      EXPECT_NE(t.rfind("HL*", 0), 0U);
      if (t.rfind("LX*", 0) == 0) ++lines;
    }
    EXPECT_EQ(lines, cs[i].lines.size());
    const std::string& next = segs[span.lastSegment].text;
    EXPECT_TRUE(next.rfind("HL*", 0) == 0 || next.rfind("CLM*", 0) == 0 ||
                next.rfind("SE*", 0) == 0)
        << next;
  }
  // The HL tree reorders the claims; the spans still follow the order given.
  EXPECT_LT(file->claims[2].firstSegment, file->claims[0].firstSegment);
  EXPECT_LT(file->claims[0].firstSegment, file->claims[1].firstSegment);
}

TEST(X12ClaimFormats, Write837PIsDeterministic) {
  const auto cs = batch();
  const auto a = X12ClaimFormats().write837P(cs, envelope());
  const auto b = X12ClaimFormats().write837P(cs, envelope());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->bytes, b->bytes);
  app::BatchEnvelope production = envelope();
  production.production = true;
  production.interchange = 32;
  const auto c = X12ClaimFormats().write837P(cs, production);
  ASSERT_TRUE(c.ok());
  EXPECT_THAT(c->bytes, HasSubstr("*00501*000000032*0*P*:~"));
  EXPECT_NE(c->bytes, a->bytes);
}

TEST(X12ClaimFormats, Write837PRefusesInvalidClaimsAndEnvelopesNamingTheField) {
  const X12ClaimFormats formats;
  auto cs = batch();
  cs[1].subscriber.memberId = "";
  const auto bad = formats.write837P(cs, envelope());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "claims[1].subscriber.member_id");

  const auto none = formats.write837P({}, envelope());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().fields.at(0).field, "claims");

  app::BatchEnvelope e = envelope();
  e.interchange = 0;
  const auto zero = formats.write837P(batch(), e);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().fields.at(0).field, "ISA13");
  e = envelope();
  e.transaction = 1'000'000'000;
  const auto big = formats.write837P(batch(), e);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().fields.at(0).field, "ST02");
  e = envelope();
  e.senderId = "";
  const auto sender = formats.write837P(batch(), e);
  ASSERT_FALSE(sender.ok());
  EXPECT_EQ(sender.error().fields.at(0).field, "ISA06");
  e = envelope();
  e.batchReference = "";
  const auto bht = formats.write837P(batch(), e);
  ASSERT_FALSE(bht.ok());
  EXPECT_EQ(bht.error().fields.at(0).field, "batch_reference");
}

// ---- locate ----

TEST(X12ClaimFormats, LocateLeadsPositionsBackToClaimsAndFields) {
  const X12ClaimFormats formats;
  const auto cs = batch();
  const auto file = formats.write837P(cs, envelope());
  ASSERT_TRUE(file.ok());
  const auto segs = transactionSegments(file->bytes);

  const std::uint32_t john = find(segs, "NM1*IL*1*DOE*JOHN");
  const std::uint32_t jane = find(segs, "NM1*IL*1*SMITH*JANE");
  const std::uint32_t johnsSv1 = find(segs, "SV1*", file->claims[1].firstSegment);
  const std::uint32_t johnsSecondSv1 = find(segs, "SV1*", johnsSv1);
  const std::uint32_t tedsClm = file->claims[0].firstSegment;
  const std::uint32_t tedsDmg = find(segs, "DMG*D8*20120314");
  ASSERT_TRUE(john && jane && johnsSv1 && johnsSecondSv1 && tedsDmg);
  ASSERT_EQ(segs[johnsSecondSv1 - 1].text.rfind("SV1*HC:81002*", 0), 0U);

  const std::vector<app::ElementRef> refs = {{john, 9, 0},
                                             {jane, 9, 0},
                                             {johnsSv1, 1, 2},
                                             {johnsSecondSv1, 2, 0},
                                             {johnsSecondSv1, 7, 1},
                                             {tedsClm, 5, 3},
                                             {tedsDmg, 3, 0},
                                             {1, 0, 0},
                                             {john, 1, 0},
                                             {0, 1, 0},
                                             {static_cast<std::uint32_t>(segs.size() + 1), 1, 0}};
  const auto loc = formats.locate(cs, envelope(), refs);
  ASSERT_TRUE(loc.ok()) << fieldsOf(loc.error());
  ASSERT_EQ(loc->size(), refs.size());
  const auto& l = *loc;
  // Claim 2 of the task is index 1 here: John's own claim, alone under his subscriber level.
  EXPECT_THAT(l[0].claims, ElementsAre(1));
  EXPECT_EQ(l[0].field, "subscriber.member_id");
  EXPECT_EQ(l[0].loop, "2010BA");
  EXPECT_EQ(l[0].segment, "NM1");
  // Jane's subscriber level holds her own claim and her son's.
  EXPECT_THAT(l[1].claims, ElementsAre(0, 2));
  EXPECT_EQ(l[1].field, "subscriber.member_id");
  EXPECT_THAT(l[2].claims, ElementsAre(1));
  EXPECT_EQ(l[2].field, "lines[0].procedure_code");
  EXPECT_EQ(l[2].loop, "2400");
  EXPECT_EQ(l[2].segment, "SV1");
  EXPECT_EQ(l[3].field, "lines[1].charge_cents");
  EXPECT_EQ(l[4].field, "lines[1].diagnosis_pointers[0]");
  EXPECT_THAT(l[5].claims, ElementsAre(0));
  EXPECT_EQ(l[5].field, "frequency");
  EXPECT_EQ(l[5].loop, "2300");
  EXPECT_THAT(l[6].claims, ElementsAre(0));
  EXPECT_EQ(l[6].field, "patient.sex");
  EXPECT_EQ(l[6].loop, "2010CA");
  // ST concerns every claim and is written from no field; NM101 is a qualifier.
  EXPECT_THAT(l[7].claims, ElementsAre(0, 1, 2));
  EXPECT_EQ(l[7].field, "");
  EXPECT_EQ(l[7].segment, "ST");
  EXPECT_EQ(l[8].field, "");
  EXPECT_EQ(l[8].loop, "2010BA");
  // Outside the transaction: empty, not an error.
  for (std::size_t k : {9U, 10U}) {
    EXPECT_TRUE(l[k].claims.empty()) << k;
    EXPECT_EQ(l[k].field, "") << k;
    EXPECT_EQ(l[k].loop, "") << k;
    EXPECT_EQ(l[k].segment, "") << k;
  }

  auto invalid = cs;
  invalid[0].lines.clear();
  const auto refused = formats.locate(invalid, envelope(), refs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "claims[0].lines");
}

// ---- acknowledgements ----

TEST(X12ClaimFormats, Reads999PartiallyAccepted) {
  const auto r = X12ClaimFormats().readAcknowledgement(slurp(golden("999-partial.999")));
  ASSERT_TRUE(r.ok()) << fieldsOf(r.error());
  EXPECT_EQ(r->kind, app::Acknowledgement::Kind::k999);
  EXPECT_EQ(r->senderId, "CLEARINGHOUSE");
  EXPECT_EQ(r->interchangeControl, "000000102");
  EXPECT_TRUE(r->claims.empty());
  ASSERT_EQ(r->groups.size(), 1U);
  const auto& g = r->groups[0];
  EXPECT_EQ(g.groupControl, "18");
  EXPECT_EQ(g.status, "P");
  ASSERT_EQ(g.transactions.size(), 3U);

  const auto& a = g.transactions[0];
  EXPECT_EQ(a.controlNumber, "000000041");
  EXPECT_TRUE(a.accepted);
  EXPECT_EQ(a.status, "A");
  EXPECT_EQ(a.message, "Accepted.");
  EXPECT_TRUE(a.errors.empty());

  const auto& rejected = g.transactions[1];
  EXPECT_EQ(rejected.controlNumber, "000000042");
  EXPECT_FALSE(rejected.accepted);
  EXPECT_EQ(rejected.status, "R");
  EXPECT_EQ(rejected.message, "Rejected: one or more segments are in error.");
  ASSERT_EQ(rejected.errors.size(), 2U);
  const auto& npi = rejected.errors[0];
  EXPECT_EQ(npi.at.segmentPosition, 23U);
  EXPECT_EQ(npi.at.element, 9);
  EXPECT_EQ(npi.at.component, 0);
  EXPECT_EQ(npi.segmentId, "NM1");
  EXPECT_EQ(npi.loopId, "2010AA");
  EXPECT_EQ(npi.code, "I12");
  EXPECT_EQ(npi.claimReference, "E1002-C1");
  EXPECT_EQ(npi.message,
            "NM109 of segment 23 (loop 2010AA): the value does not match the pattern the guide "
            "requires; the value sent was '1245319598'.");
  const auto& date = rejected.errors[1];
  EXPECT_EQ(date.at.segmentPosition, 31U);
  EXPECT_EQ(date.at.element, 3);
  EXPECT_EQ(date.code, "8");
  EXPECT_THAT(date.message, HasSubstr("not a valid date; the value sent was '20261399'"));
  EXPECT_EQ(date.claimReference, "E1002-C1");

  const auto& withErrors = g.transactions[2];
  EXPECT_TRUE(withErrors.accepted);
  EXPECT_EQ(withErrors.status, "E");
  ASSERT_EQ(withErrors.errors.size(), 1U);  // an IK3 without IK4: the whole segment
  EXPECT_EQ(withErrors.errors[0].at.segmentPosition, 17U);
  EXPECT_EQ(withErrors.errors[0].at.element, 0);
  EXPECT_EQ(withErrors.errors[0].segmentId, "PWK");
  EXPECT_EQ(withErrors.errors[0].code, "I4");
  EXPECT_EQ(withErrors.errors[0].claimReference, "E1003-C1");
  EXPECT_EQ(withErrors.errors[0].message,
            "The PWK segment 17 (loop 2300): a segment the guide marks as not used is present.");
}

TEST(X12ClaimFormats, Reads999RejectedWithOtherSeparators) {
  const auto r = X12ClaimFormats().readAcknowledgement(slurp(golden("999-rejected.999")));
  ASSERT_TRUE(r.ok()) << fieldsOf(r.error());
  ASSERT_EQ(r->groups.size(), 1U);
  EXPECT_EQ(r->groups[0].status, "R");
  ASSERT_EQ(r->groups[0].transactions.size(), 1U);
  const auto& t = r->groups[0].transactions[0];
  EXPECT_EQ(t.controlNumber, "000000051");
  EXPECT_FALSE(t.accepted);
  EXPECT_EQ(t.message,
            "Rejected: one or more segments are in error; SE01 does not match the number of "
            "segments.");
  ASSERT_EQ(t.errors.size(), 2U);
  EXPECT_EQ(t.errors[0].at.segmentPosition, 12U);
  EXPECT_EQ(t.errors[0].at.element, 5);
  EXPECT_EQ(t.errors[0].at.component, 3);
  EXPECT_EQ(t.errors[0].code, "7");
  EXPECT_EQ(t.errors[0].claimReference, "E1005-C1");
  EXPECT_THAT(t.errors[0].message, HasSubstr("CLM05-3 of segment 12 (loop 2300)"));
  EXPECT_EQ(t.errors[1].at.segmentPosition, 7U);
  EXPECT_EQ(t.errors[1].at.element, 0);
  EXPECT_EQ(t.errors[1].code, "3");
  EXPECT_EQ(t.errors[1].claimReference, "");
}

TEST(X12ClaimFormats, Reads277CA) {
  const auto r = X12ClaimFormats().readAcknowledgement(slurp(golden("277ca-mixed.277ca")));
  ASSERT_TRUE(r.ok()) << fieldsOf(r.error());
  EXPECT_EQ(r->kind, app::Acknowledgement::Kind::k277CA);
  EXPECT_EQ(r->senderId, "CLEARINGHOUSE");
  EXPECT_EQ(r->interchangeControl, "000000202");
  EXPECT_TRUE(r->groups.empty());
  ASSERT_EQ(r->claims.size(), 4U);
  const auto& accepted = r->claims[0];
  EXPECT_EQ(accepted.patientControlNumber, "E1001-C2");
  EXPECT_EQ(accepted.batchReference, "B000000041");
  EXPECT_EQ(accepted.payerClaimNumber, "2026332009001");
  EXPECT_EQ(accepted.disposition, "accepted");
  EXPECT_EQ(accepted.codes, "A2:20:PR");
  EXPECT_THAT(accepted.message, HasSubstr("Accepted into the payer's adjudication system"));

  const auto& npi = r->claims[1];
  EXPECT_EQ(npi.patientControlNumber, "E1002-C2");
  EXPECT_EQ(npi.disposition, "rejected");
  EXPECT_EQ(npi.payerClaimNumber, "");
  EXPECT_EQ(npi.codes, "A7:562:85");
  EXPECT_EQ(npi.message,
            "Rejected: information is invalid (billing provider); NPI CHECK DIGIT FAILED.");

  const auto& line = r->claims[2];
  EXPECT_EQ(line.codes, "A3:21");
  EXPECT_EQ(line.disposition, "rejected");
  EXPECT_THAT(line.message, HasSubstr("; line E1003-L1: rejected: information is invalid"));

  const auto& two = r->claims[3];
  EXPECT_EQ(two.codes, "A6:35:IL, A6:153:QC");
  EXPECT_EQ(two.batchReference, "B000000041");

  const auto batch =
      X12ClaimFormats().readAcknowledgement(slurp(golden("277ca-batch-rejected.277ca")));
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->kind, app::Acknowledgement::Kind::k277CA);
  EXPECT_TRUE(batch->claims.empty());
  EXPECT_EQ(batch->interchangeControl, "000000203");
}

/// One interchange and group around 999 `body` (segments between ST and SE; counts right).
std::string wrap999(const std::vector<std::string>& body,
                    const std::string& control = "000000901") {
  std::string out =
      "ISA*00*          *00*          *ZZ*12345          *ZZ*MEDOFFICE01    *261006*0800*^*"
      "00501*" +
      control +
      "*0*T*:~GS*FA*12345*MEDOFFICE01*20261006*0800*901*X*005010X231A1~ST*999*0001*"
      "005010X231A1~";
  for (const auto& s : body) out += s + "~";
  out += "SE*" + std::to_string(body.size() + 2) + "*0001~GE*1*901~IEA*1*" + control + "~";
  return out;
}

TEST(X12ClaimFormats, A999ForOurBatchLeadsBackToTheLineField) {
  const X12ClaimFormats formats;
  const auto cs = batch();
  const app::BatchEnvelope env = envelope();
  const auto file = formats.write837P(cs, env);
  ASSERT_TRUE(file.ok());
  const auto segs = transactionSegments(file->bytes);
  // Jane's own claim (index 2), its second line's SV1: SV101-2 (the procedure code).
  const std::uint32_t sv1 = find(segs, "SV1*", find(segs, "SV1*", file->claims[2].firstSegment));
  ASSERT_NE(sv1, 0U);
  ASSERT_LE(sv1, file->claims[2].lastSegment);
  const std::string ack = wrap999({"AK1*HC*17*005010X222A1", "AK2*837*0031*005010X222A1",
                                   "IK3*SV1*" + std::to_string(sv1) + "*2400*8", "CTX*CLM01:1001",
                                   "IK4*1:2*234*7*36415", "IK5*R*5", "AK9*R*1*1*0"});
  const auto r = formats.readAcknowledgement(ack);
  ASSERT_TRUE(r.ok()) << fieldsOf(r.error());
  ASSERT_EQ(r->groups.size(), 1U);
  EXPECT_EQ(r->groups[0].groupControl, std::to_string(env.group));
  ASSERT_EQ(r->groups[0].transactions.size(), 1U);
  const auto& t = r->groups[0].transactions[0];
  EXPECT_EQ(t.controlNumber, "0031");  // our ST02 as written
  EXPECT_FALSE(t.accepted);
  ASSERT_EQ(t.errors.size(), 1U);
  EXPECT_EQ(t.errors[0].claimReference, cs[2].patientControlNumber);
  EXPECT_THAT(t.errors[0].message, HasSubstr("SV101-2 of segment"));
  EXPECT_THAT(t.errors[0].message, HasSubstr("'36415'"));

  const auto loc = formats.locate(cs, env, std::vector<app::ElementRef>{t.errors[0].at});
  ASSERT_TRUE(loc.ok());
  ASSERT_EQ(loc->size(), 1U);
  EXPECT_THAT((*loc)[0].claims, ElementsAre(2));
  EXPECT_EQ((*loc)[0].field, "lines[1].procedure_code");
  EXPECT_EQ((*loc)[0].loop, "2400");
  EXPECT_EQ((*loc)[0].segment, "SV1");
}

TEST(X12ClaimFormats, AnythingButA999Or277CAIsInvalid) {
  const X12ClaimFormats formats;
  const std::string good =
      wrap999({"AK1*HC*17*005010X222A1", "AK2*837*0031*005010X222A1", "IK5*A", "AK9*A*1*1*1"});
  ASSERT_TRUE(formats.readAcknowledgement(good).ok());

  struct Case {
    std::string name;
    std::string input;
    std::string field;  // the expected first field (prefix)
  };
  std::string noTrailer = good.substr(0, good.rfind("IEA*"));
  std::string badCount = good;
  badCount.replace(badCount.find("SE*6*"), 5, "SE*7*");
  std::string badIk5 = wrap999({"AK1*HC*17", "AK2*837*0031", "IK5*Q", "AK9*A*1*1*1"});
  // A good 999 followed by a broken interchange: the whole file is refused.
  std::string twoInterchanges = good + wrap999({"AK1*HC*18", "AK9*A*0*0*0"}, "000000902");
  twoInterchanges.resize(twoInterchanges.size() - 16);                      // cut its IEA
  const std::string ackMix = good + slurp(golden("277ca-accepted.277ca"));  // a 277CA after the 999
  const auto written = formats.write837P(batch(), envelope());
  ASSERT_TRUE(written.ok());
  const std::vector<Case> cases = {
      {"empty", "", "input"},
      {"garbage", "hello, this is not X12", "segment"},
      {"no trailer", noTrailer, "segment"},
      {"SE01 count", badCount, "segment 8 SE01"},
      {"IK501", badIk5, "segment 6 IK501"},
      {"broken second interchange", twoInterchanges, "segment"},
      {"999 then 277CA", ackMix, "segment"},
      {"our own 837P", written->bytes, "segment 3 ST01"},
  };
  for (const Case& k : cases) {
    const auto r = formats.readAcknowledgement(k.input);
    ASSERT_FALSE(r.ok()) << k.name;
    EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid) << k.name;
    ASSERT_FALSE(r.error().fields.empty()) << k.name;
    EXPECT_EQ(r.error().fields[0].field.rfind(k.field, 0), 0U)
        << k.name << ": " << fieldsOf(r.error());
    EXPECT_FALSE(r.error().fields[0].message.empty()) << k.name;
  }
}

TEST(X12ClaimFormats, SharedFixturesThatAreNotAcknowledgementsAreInvalid) {
  // ../shared/fixtures/x12 has no 999 or 277CA sample (X12-NOTES: "no fixture"); the goldens
  // above stand in. Its 835 and 837P samples must be refused; its 277 claim status responses
  // (005010X212) are read as such (issue 17), not as 277CAs.
  const fs::path dir = sharedDir() / "fixtures" / "x12";
  if (!fs::exists(dir)) GTEST_SKIP() << "X12 fixtures not found at " << dir;
  const X12ClaimFormats formats;
  struct Case {
    const char* file;
    const char* field;
  };
  for (const Case& k : {Case{"835/managed-care.835", "segment 3 ST01"},
                        Case{"837p/demo.example1.837", "segment 3 ST01"}}) {
    const fs::path p = dir / k.file;
    if (!fs::exists(p)) GTEST_SKIP() << "X12 fixture not found: " << p;
    const auto r = formats.readAcknowledgement(slurp(p));
    ASSERT_FALSE(r.ok()) << k.file;
    EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid) << k.file;
    ASSERT_FALSE(r.error().fields.empty());
    EXPECT_EQ(r.error().fields[0].field, k.field) << k.file << ": " << fieldsOf(r.error());
  }
  const auto status = formats.readAcknowledgement(slurp(dir / "277" / "claim-level-status.277"));
  ASSERT_TRUE(status.ok()) << fieldsOf(status.error());
  EXPECT_EQ(status->kind, app::Acknowledgement::Kind::k277);
  std::vector<std::string> answers;
  for (const auto& c : status->claims)
    answers.push_back(c.patientControlNumber + " " + c.disposition);
  EXPECT_THAT(answers, ElementsAre("ABCXYZ1 pending", "ABCXYZ2 finalized", "ABCXYC3 denied"));
}

// ---- claim status: 276 out, 277 in (issue 17, point 7) ----

/// The segments of `x12` that start with `prefix`, whole.
std::vector<std::string> segments(const std::string& x12, const std::string& prefix) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < x12.size()) {
    std::size_t end = x12.find('~', at);
    if (end == std::string::npos) end = x12.size();
    const std::string s = x12.substr(at, end - at);
    if (s.rfind(prefix, 0) == 0) out.push_back(s);
    at = end + 1;
  }
  return out;
}

TEST(X12ClaimFormats, Write276AsksAboutEachClaimWithTheEnvelopesNumbers) {
  const X12ClaimFormats formats;
  claims::Claim self = scenarios::selfClaim("C1001");
  claims::Claim child = scenarios::dependentClaim("C1002");
  child.lines[0].serviceDateEnd = child.lines[0].serviceDate.plusDays(2);
  const std::vector<app::StatusQuestion> questions = {{self, "ICN77"}, {child, ""}};
  auto file = formats.write276(questions, envelope());
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_THAT(file->asked, ElementsAre(0u, 1u));
  EXPECT_TRUE(file->refused.empty());

  const auto report = x12::check(std::string_view(file->bytes));
  ASSERT_TRUE(report.ok()) << report.problems.front().describe();
  EXPECT_EQ(report.summary.describe(),
            "276 005010X212: 1 interchange, 1 group, 1 transaction, "
            "0 claims");
  EXPECT_THAT(segments(file->bytes, "ISA")[0], HasSubstr("*000000031*"));
  EXPECT_THAT(segments(file->bytes, "GS"), ElementsAre(HasSubstr("*17*X*005010X212")));
  EXPECT_THAT(segments(file->bytes, "ST"), ElementsAre("ST*276*0031*005010X212"));
  EXPECT_THAT(segments(file->bytes, "BHT"), ElementsAre("BHT*0010*13*B000000031*20261005*0930"));
  // Each claim's CLM01 is its trace and REF*EJ; the payer's number goes in REF*1K.
  EXPECT_THAT(segments(file->bytes, "TRN"), ElementsAre("TRN*1*C1001", "TRN*1*C1002"));
  EXPECT_THAT(segments(file->bytes, "REF"),
              ElementsAre("REF*1K*ICN77", "REF*EJ*C1001", "REF*EJ*C1002"));
  EXPECT_EQ(segments(file->bytes, "AMT*T3").size(), 2u);
  EXPECT_THAT(segments(file->bytes, "NM1*41"), ElementsAre(HasSubstr("*46*" + self.submitter.id)));
  EXPECT_THAT(segments(file->bytes, "NM1*1P"),
              ElementsAre(HasSubstr("*XX*" + self.billingProvider.npi)));
  // The dependent's dates of service span its lines.
  const auto dates = segments(file->bytes, "DTP*472");
  ASSERT_EQ(dates.size(), 2u);
  EXPECT_THAT(dates[1], HasSubstr("RD8*"));
  EXPECT_EQ(file->segments, static_cast<std::uint64_t>(segments(file->bytes, "").size() - 4));
}

TEST(X12ClaimFormats, Write276LeavesOutClaimsItCannotAskAbout) {
  const X12ClaimFormats formats;
  claims::Claim noMember = scenarios::selfClaim("C2001");
  noMember.subscriber.memberId.clear();
  const std::vector<app::StatusQuestion> questions = {{noMember, ""},
                                                      {scenarios::selfClaim("C2002"), ""}};
  auto file = formats.write276(questions, envelope());
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_THAT(file->asked, ElementsAre(1u));
  ASSERT_EQ(file->refused.size(), 1u);
  EXPECT_EQ(file->refused[0].first, 0u);
  EXPECT_THAT(file->refused[0].second, HasSubstr("member_id"));
  EXPECT_THAT(segments(file->bytes, "TRN"), ElementsAre("TRN*1*C2002"));

  // None left: refused as a whole, naming the reason; too many: refused too.
  auto none = formats.write276(std::vector<app::StatusQuestion>{{noMember, ""}}, envelope());
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.error().fields.at(0).message, HasSubstr("member_id"));
  std::vector<app::StatusQuestion> many(app::kMaxStatusQuestions + 1,
                                        app::StatusQuestion{scenarios::selfClaim("C3"), ""});
  EXPECT_FALSE(formats.write276(many, envelope()).ok());
}

/// A 277 (005010X212) answering claims by their trace, one status each.
std::string answer(const std::vector<std::pair<std::string, std::string>>& traceAndStc) {
  std::vector<std::string> body = {"BHT*0010*08*STAT1*20261005*0810*DG",
                                   "HL*1**20*1",
                                   "NM1*PR*2*ACME HEALTH*****PI*ACME01",
                                   "HL*2*1*21*1",
                                   "NM1*41*2*MAPLE FAMILY PRACTICE*****46*MEDOFF01",
                                   "HL*3*2*19*1",
                                   "NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893"};
  int hl = 3;
  for (const auto& [trace, stc] : traceAndStc) {
    body.push_back("HL*" + std::to_string(++hl) + "*3*22*0");
    body.push_back("NM1*IL*1*DOE*JANE****MI*W123456789");
    body.push_back("TRN*2*" + trace);
    body.push_back(stc);
    body.push_back("REF*1K*ICN-" + trace);
  }
  std::string out =
      "ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*MEDOFFICE      *261005*0810*^*"
      "00501*000000777*0*T*:~GS*HN*ACMEHEALTH*MEDOFFICE*20261005*0810*77*X*005010X212~"
      "ST*277*0001*005010X212~";
  for (const auto& s : body) out += s + "~";
  return out + "SE*" + std::to_string(body.size() + 2) + "*0001~GE*1*77~IEA*1*000000777~";
}

TEST(X12ClaimFormats, Reads277IntoClaimAnswersWithWhatTheyDecide) {
  const X12ClaimFormats formats;
  auto ack = formats.readAcknowledgement(answer({
      {"C1", "STC*A4:35*20261004"},
      {"C2", "STC*F2:88:QC*20261004**150.00*0.00"},
      {"C3", "STC*P1:20*20261004**150.00"},
      {"C4", "STC*F1:65*20261004**150.00*95.61*20261003*CHK*20261003*889"},
      {"C5", "STC*A7:562:85*20261004"},
      {"C6", "STC*E0:0*20261004"},
  }));
  ASSERT_TRUE(ack.ok()) << ack.error().message;
  EXPECT_EQ(ack->kind, app::Acknowledgement::Kind::k277);
  EXPECT_EQ(ack->senderId, "ACMEHEALTH");
  ASSERT_EQ(ack->claims.size(), 6u);
  std::vector<std::string> dispositions;
  for (const auto& c : ack->claims) dispositions.push_back(c.disposition);
  EXPECT_THAT(dispositions, ElementsAre("rejected", "denied", "pending", "finalized", "rejected",
                                        "not possible"));
  EXPECT_EQ(ack->claims[0].patientControlNumber, "C1");
  EXPECT_EQ(ack->claims[0].payerClaimNumber, "ICN-C1");
  EXPECT_TRUE(ack->claims[0].batchReference.empty());
  EXPECT_EQ(ack->claims[1].codes, "F2:88:QC");
  EXPECT_THAT(ack->claims[0].message, HasSubstr("not found"));
  EXPECT_THAT(ack->claims[1].message, HasSubstr("Finalized/denial"));
  EXPECT_THAT(ack->claims[1].message, HasSubstr("entity patient (QC)"));
  EXPECT_THAT(ack->claims[3].message, HasSubstr("paid 95.61 on 2026-10-03, check or EFT 889"));
}

TEST(X12ClaimFormats, A277CAAndA277AreToldApartByTheirVersion) {
  const X12ClaimFormats formats;
  // ST01 277 under GS08 005010X214 is a 277CA, answered as before.
  const std::vector<std::string> body = {"ST*277*0001*005010X214",
                                         "BHT*0085*08*CA1*20261204*1200*TH",
                                         "HL*1**20*1",
                                         "NM1*PR*2*CLEARINGHOUSE*****46*CH1",
                                         "TRN*1*CA1",
                                         "DTP*050*D8*20261204",
                                         "DTP*009*D8*20261204",
                                         "HL*2*1*21*1",
                                         "NM1*41*2*PRACTICE*****46*SUB1",
                                         "TRN*2*MO1-2-40",
                                         "STC*A1:19*20261204*WQ*150",
                                         "HL*3*2*19*1",
                                         "NM1*85*2*PRACTICE*****XX*1245319599",
                                         "HL*4*3*PT",
                                         "NM1*QC*1*DOE*JANE",
                                         "TRN*2*C1",
                                         "STC*A2:20*20261204*WQ*150"};
  std::string ca =
      "ISA*00*          *00*          *ZZ*CH1            *ZZ*SUB1           *261204*1200*^*"
      "00501*000000778*0*T*:~GS*HN*CH1*SUB1*20261204*1200*78*X*005010X214~";
  for (const auto& s : body) ca += s + "~";
  ca += "SE*" + std::to_string(body.size() + 1) + "*0001~GE*1*78~IEA*1*000000778~";
  auto read = formats.readAcknowledgement(ca);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->kind, app::Acknowledgement::Kind::k277CA);
  EXPECT_EQ(read->claims.at(0).disposition, "accepted");
  // A 276 is not an answer.
  const std::vector<app::StatusQuestion> q = {{scenarios::selfClaim("C9"), ""}};
  auto request = formats.write276(q, envelope());
  ASSERT_TRUE(request.ok());
  auto refused = formats.readAcknowledgement(request->bytes);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("not an acknowledgement"));
}

}  // namespace
}  // namespace medoffice::codecs
