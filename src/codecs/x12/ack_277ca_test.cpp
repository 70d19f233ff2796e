// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/ack_277ca.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace medoffice::codecs::x12 {
namespace {

namespace fs = std::filesystem;

/// tests/golden/x12/ack of this repository: found from this file's path when the compiler gave
/// an absolute one, else by walking up from the working directory (the build directory or the
/// repository root).
fs::path golden(const std::string& name) {
  const fs::path sub = fs::path("tests") / "golden" / "x12" / "ack";
  const fs::path here = fs::path(__FILE__);
  if (here.is_absolute()) {
    return here.parent_path().parent_path().parent_path().parent_path() / sub / name;
  }
  for (fs::path dir = fs::current_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / sub / name)) return dir / sub / name;
    if (dir == dir.parent_path()) break;
  }
  return sub / name;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

domain::Date day(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

const std::string kIsa =
    "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*MEDOFFICE      *261128*0800*^*00501*"
    "000000777*0*T*:~\n";

/// One interchange and group around `body` (the segments between ST and SE; counts right).
std::string wrap(const std::vector<std::string>& body, const std::string& version = "005010X214",
                 const std::string& gs01 = "HN", const std::string& st01 = "277") {
  std::string out = kIsa + "GS*" + gs01 + "*CLEARINGHOUSE*MEDOFFICE*20261128*0800*7*X*" + version +
                    "~\nST*" + st01 + "*0001*" + version + "~\n";
  for (const auto& s : body) out += s + "~\n";
  out += "SE*" + std::to_string(body.size() + 2) + "*0001~\nGE*1*7~\nIEA*1*000000777~\n";
  return out;
}

/// The levels above the patient, then `patient` (the segments from the patient HL on).
std::string withPatient(const std::vector<std::string>& patient) {
  std::vector<std::string> body = {"BHT*0085*08*R1*20261128*0800*TH",
                                   "HL*1**20*1",
                                   "NM1*PR*2*PAYER*****PI*1",
                                   "TRN*1*T1",
                                   "HL*2*1*21*1",
                                   "NM1*41*2*US*****46*ME",
                                   "TRN*2*B1",
                                   "HL*3*2*19*1",
                                   "NM1*85*2*PRACTICE*****XX*1245319599"};
  body.insert(body.end(), patient.begin(), patient.end());
  return wrap(body);
}

std::string problemOf(std::string_view input, std::vector<Ack277CA>* out = nullptr) {
  Ack277CAReader r(input);
  while (const Ack277CA* a = r.next()) {
    if (out) out->push_back(*a);
  }
  return r.problem() ? r.problem()->describe() : std::string();
}

TEST(X12Ack277CA, AcceptedClaims) {
  const auto r = parse277CA(slurp(golden("277ca-accepted.277ca")));
  ASSERT_TRUE(r.ok()) << r.error().fields.at(0).message;
  ASSERT_EQ(r->size(), 1u);
  const Ack277CA& a = r->front();
  EXPECT_EQ(a.envelope.interchangeControl, "000000201");
  EXPECT_EQ(a.envelope.transactionControl, "0001");
  EXPECT_EQ(a.reference, "CA20261128001");
  EXPECT_EQ(a.created, day(2026, 11, 28));
  ASSERT_EQ(a.sources.size(), 1u);
  EXPECT_EQ(a.sources[0].entity, "PR");
  EXPECT_EQ(a.sources[0].name, "LAKESHORE HEALTH PLAN");
  EXPECT_EQ(a.sources[0].id, "61101");
  EXPECT_EQ(a.sources[0].trace, "LHP202611280001");
  EXPECT_EQ(a.sources[0].receivedDate, day(2026, 11, 27));
  EXPECT_EQ(a.sources[0].processedDate, day(2026, 11, 28));

  ASSERT_EQ(a.receivers.size(), 1u);
  const Party277& us = a.receivers[0];
  EXPECT_EQ(us.entity, "41");
  EXPECT_EQ(us.trace, "B000000031");  // our 837's BHT03
  ASSERT_EQ(us.statuses.size(), 1u);
  EXPECT_EQ(us.statuses[0].codes[0].category, "A1");
  EXPECT_EQ(us.statuses[0].disposition(), ClaimDisposition::kReceived);
  EXPECT_EQ(us.acceptedQuantity, 2u);
  EXPECT_EQ(us.acceptedCents, 37500);
  EXPECT_FALSE(us.rejectedQuantity);

  ASSERT_EQ(a.providers.size(), 1u);
  EXPECT_EQ(a.providers[0].idQualifier, "XX");
  EXPECT_EQ(a.providers[0].id, "1245319599");
  EXPECT_EQ(a.providers[0].acceptedQuantity, 2u);

  ASSERT_EQ(a.claims.size(), 2u);
  const ClaimAck277& c1 = a.claims[0];
  EXPECT_EQ(c1.patientControlNumber, "E1001-C1");
  EXPECT_EQ(c1.payerClaimControlNumber, "2026332001234");
  EXPECT_EQ(c1.clearinghouseTrace, "CH8812345");
  EXPECT_EQ(c1.chargeCents, 12500);
  EXPECT_EQ(c1.serviceFrom, day(2026, 11, 20));
  EXPECT_EQ(c1.serviceTo, day(2026, 11, 20));
  EXPECT_EQ(c1.patientLastName, "DOE");
  EXPECT_EQ(c1.patientFirstName, "JANE");
  EXPECT_EQ(c1.memberId, "W123456789");
  EXPECT_EQ(c1.disposition(), ClaimDisposition::kAccepted);
  ASSERT_EQ(c1.statuses.size(), 1u);
  const StatusCode277& code = c1.statuses[0].codes[0];
  EXPECT_EQ(code.category, "A2");
  EXPECT_EQ(code.status, "20");
  EXPECT_EQ(code.entity, "PR");
  EXPECT_EQ(code.categoryText, "accepted into the payer's adjudication system");
  EXPECT_EQ(code.entityText, "payer");
  EXPECT_EQ(c1.statuses[0].action, "WQ");
  EXPECT_EQ(c1.statuses[0].date, day(2026, 11, 28));
  EXPECT_EQ(a.providerOf(c1).id, "1245319599");
  EXPECT_EQ(a.receiverOf(c1).trace, "B000000031");

  const ClaimAck277& c2 = a.claims[1];
  EXPECT_EQ(c2.patientControlNumber, "E1002-C1");
  EXPECT_EQ(c2.chargeCents, 25000);
  EXPECT_EQ(c2.serviceFrom, day(2026, 11, 18));
  EXPECT_EQ(c2.serviceTo, day(2026, 11, 19));
  EXPECT_EQ(c2.segment, 31u);

  Ack277CATally t;
  t.add(a);
  EXPECT_EQ(t.claims, 2u);
  EXPECT_EQ(t.describe(), "2 accepted");
}

TEST(X12Ack277CA, AcceptedAndRejectedClaimsWithLineStatuses) {
  const auto r = parse277CA(slurp(golden("277ca-mixed.277ca")));
  ASSERT_TRUE(r.ok()) << r.error().fields.at(0).message;
  const Ack277CA& a = r->front();
  EXPECT_EQ(a.receivers[0].acceptedQuantity, 1u);
  EXPECT_EQ(a.receivers[0].rejectedQuantity, 3u);
  EXPECT_EQ(a.receivers[0].rejectedCents, 34000);
  EXPECT_EQ(a.providers[0].rejectedQuantity, 3u);
  ASSERT_EQ(a.claims.size(), 4u);
  EXPECT_EQ(a.claims[0].disposition(), ClaimDisposition::kAccepted);

  const ClaimAck277& npi = a.claims[1];
  EXPECT_EQ(npi.patientControlNumber, "E1002-C2");
  EXPECT_EQ(npi.disposition(), ClaimDisposition::kRejected);
  EXPECT_TRUE(npi.payerClaimControlNumber.empty());
  EXPECT_EQ(npi.clearinghouseTrace, "CH8819002");
  const Status277& st = npi.statuses.at(0);
  EXPECT_EQ(st.codes[0].category, "A7");
  EXPECT_EQ(st.codes[0].status, "562");
  EXPECT_EQ(st.codes[0].entity, "85");
  EXPECT_EQ(st.codes[0].entityText, "billing provider");
  EXPECT_EQ(st.codes[0].categoryText, "rejected: information is invalid");
  EXPECT_EQ(st.action, "U");
  EXPECT_EQ(st.amountCents, 19000);
  EXPECT_EQ(st.message, "NPI CHECK DIGIT FAILED");

  const ClaimAck277& lines = a.claims[2];
  EXPECT_EQ(lines.disposition(), ClaimDisposition::kRejected);
  EXPECT_EQ(lines.statuses[0].codes[0].categoryText,
            "returned as unprocessable: the claim was not accepted");
  ASSERT_EQ(lines.lines.size(), 1u);
  const ServiceLine277& line = lines.lines[0];
  EXPECT_EQ(line.procedureQualifier, "HC");
  EXPECT_EQ(line.procedureCode, "99213");
  EXPECT_EQ(line.modifiers, std::vector<std::string>{"25"});
  EXPECT_EQ(line.chargeCents, 9000);
  EXPECT_EQ(line.units, "1");
  EXPECT_EQ(line.lineControlNumber, "E1003-L1");
  EXPECT_EQ(line.serviceFrom, day(2026, 11, 21));
  ASSERT_EQ(line.statuses.size(), 1u);
  EXPECT_EQ(line.statuses[0].codes[0].status, "454");
  EXPECT_EQ(line.disposition(), ClaimDisposition::kRejected);
  EXPECT_EQ(lines.chargeCents, 9000);  // the claim's STC04, not the line's

  const ClaimAck277& two = a.claims[3];
  ASSERT_EQ(two.statuses[0].codes.size(), 2u);  // STC01 and STC10
  EXPECT_EQ(two.statuses[0].codes[0].entityText, "insured or subscriber");
  EXPECT_EQ(two.statuses[0].codes[1].category, "A6");
  EXPECT_EQ(two.statuses[0].codes[1].status, "153");
  EXPECT_EQ(two.statuses[0].codes[1].entityText, "patient");
  EXPECT_EQ(two.statuses[0].codes[1].categoryText, "rejected: information is missing");

  Ack277CATally t;
  t.add(a);
  EXPECT_EQ(t.describe(), "1 accepted, 3 rejected");
}

TEST(X12Ack277CA, WholeTransactionRejectedAtTheReceiverLevel) {
  const auto r = parse277CA(slurp(golden("277ca-batch-rejected.277ca")));
  ASSERT_TRUE(r.ok()) << r.error().fields.at(0).message;
  const Ack277CA& a = r->front();
  EXPECT_EQ(a.sources[0].entity, "AY");
  EXPECT_TRUE(a.providers.empty());
  EXPECT_TRUE(a.claims.empty());
  const Status277& st = a.receivers[0].statuses.at(0);
  EXPECT_EQ(st.codes[0].entityText, "submitter");
  EXPECT_EQ(st.disposition(), ClaimDisposition::kRejected);
  EXPECT_EQ(a.receivers[0].trace, "B000000051");
  EXPECT_EQ(a.receivers[0].rejectedCents, 21000);
  Ack277CATally t;
  t.add(a);
  EXPECT_EQ(t.describe(), "no claim statuses, 1 whole transaction rejected");
}

TEST(X12Ack277CA, StreamingReadsTheSameAsMemory) {
  for (const char* name :
       {"277ca-accepted.277ca", "277ca-mixed.277ca", "277ca-batch-rejected.277ca"}) {
    std::string in = slurp(golden(name));
    // CR LF after every terminator reads the same.
    std::string crlf;
    for (char c : in) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    std::size_t pos = 0;
    AckReadOptions options;
    options.tokenizer.chunkBytes = 256;
    Ack277CAReader stream(
        [&](char* buf, std::size_t cap) -> std::ptrdiff_t {
          const std::size_t n = std::min<std::size_t>({cap, 11, crlf.size() - pos});
          std::memcpy(buf, crlf.data() + pos, n);
          pos += n;
          return static_cast<std::ptrdiff_t>(n);
        },
        options);
    const Ack277CA* a = stream.next();
    ASSERT_NE(a, nullptr) << name << ": " << stream.problem()->describe();
    const auto whole = parse277CA(in);
    ASSERT_TRUE(whole.ok());
    ASSERT_EQ(a->claims.size(), (*whole)[0].claims.size()) << name;
    for (std::size_t i = 0; i < a->claims.size(); ++i) {
      EXPECT_EQ(a->claims[i].patientControlNumber, (*whole)[0].claims[i].patientControlNumber);
      EXPECT_EQ(a->claims[i].disposition(), (*whole)[0].claims[i].disposition());
    }
    EXPECT_EQ(stream.next(), nullptr);
    EXPECT_FALSE(stream.problem());
    EXPECT_EQ(stream.summary().describe(),
              "277CA 005010X214: 1 interchange, 1 group, 1 transaction, 0 claims");
  }
}

TEST(X12Ack277CA, UnknownCategoriesAreKeptAndDecideNothing) {
  std::vector<Ack277CA> got;
  ASSERT_EQ(problemOf(withPatient({"HL*4*3*PT", "NM1*QC*1*DOE*JANE", "TRN*2*C1",
                                   "STC*Q9:999:ZZ*20261128", "TRN*2*C2", "STC*A9:1*20261128*U",
                                   "TRN*2*C3", "STC*E1:1", "TRN*2*C4", "STC*P1:1*20261128*WQ"}),
                      &got),
            "");
  ASSERT_EQ(got.at(0).claims.size(), 4u);
  const auto& claims = got[0].claims;
  EXPECT_EQ(claims[0].disposition(), ClaimDisposition::kOther);
  EXPECT_EQ(claims[0].statuses[0].codes[0].categoryText,
            "a category the 5010 list does not define");
  EXPECT_EQ(claims[0].statuses[0].codes[0].entityText, "");
  // An unknown category with STC03 U: the action code decides.
  EXPECT_EQ(claims[1].disposition(), ClaimDisposition::kRejected);
  EXPECT_EQ(claims[1].statuses[0].codes[0].categoryText,
            "an acknowledgement category the 5010 list does not define");
  EXPECT_EQ(claims[2].disposition(), ClaimDisposition::kOther);
  EXPECT_EQ(claims[2].statuses[0].codes[0].categoryText,
            "no answer possible: the receiver's system is unavailable");
  // P1 decides nothing (a 277CA should not carry it), so STC03 WQ does.
  EXPECT_EQ(claims[3].disposition(), ClaimDisposition::kAccepted);
  EXPECT_EQ(claims[3].statuses[0].codes[0].categoryText,
            "pending (a claim status category a 277CA should not carry)");
  // Several claims of one patient share the patient's name.
  EXPECT_EQ(claims[3].patientLastName, "DOE");
  EXPECT_EQ(categoryDisposition("A4"), ClaimDisposition::kRejected);
  EXPECT_EQ(categoryDisposition("A5"), ClaimDisposition::kAccepted);
  EXPECT_EQ(categoryDisposition("A0"), ClaimDisposition::kReceived);
  EXPECT_EQ(categoryMeaning("A8"),
            "rejected: values contradict one another (relational field error)");
}

TEST(X12Ack277CA, HierarchyAndClaimsAreChecked) {
  const auto at = [](std::vector<std::string> patient) { return problemOf(withPatient(patient)); };
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "STC*A2:20"}).find("STC before the TRN"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "REF*1K*9"})
                .find("STC missing: the claim at segment 15 (patient control number 'C1') has no "
                      "claim-level status before this SE"),
            std::string::npos);
  EXPECT_NE(
      at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "STC*A2:20", "SVC*HC:99213*10", "HL*5*3*PT"})
          .find("STC missing: the service line at segment 17"),
      std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "HL*5*3*PT"})
                .find("TRN missing: the patient level opened at segment 13 has no claim"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "TRN*2*C1", "STC*A2:20"}).find("NM1 missing"), std::string::npos);
  EXPECT_NE(at({"HL*4*2*PT", "NM1*QC*1*DOE", "TRN*2*C1", "STC*A2:20"})
                .find("HL02 '2' does not name the open billing provider level"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*XX"}).find("HL03 'XX' is not a 277CA level"), std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2", "STC*A2:20"})
                .find("TRN02 (the patient control number, our CLM01) is missing"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "STC*A2"}).find("STC01 'A2'"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "STC*A2:20*2026"})
                .find("STC02 '2026' is not a CCYYMMDD date"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "STC*A2:20**WQ*1.234"})
                .find("STC04 '1.234' is not an amount"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "STC*A2:20", "DTP*472*RD8*20261301"})
                .find("DTP03 '20261301' is not a RD8 date"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "STC*A2:20", "CLM*C1*10"})
                .find("segment 'CLM' does not belong in a 277CA"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "NM1*QC*1*ROE"}).find("NM1 repeated"),
            std::string::npos);
  EXPECT_NE(at({"HL*4*3*PT", "NM1*QC*1*DOE", "TRN*2*C1", "STC*A2:20", "SVC*HC*10"})
                .find("SVC01 composite malformed"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"HL*1**20*1"})).find("BHT missing"), std::string::npos);
  EXPECT_NE(problemOf(wrap({"BHT*0085*08*R1*20261128*0800*TH", "NM1*PR*2*PAYER"}))
                .find("before the first HL"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"BHT*0085*08*R1*20261128*0800*TH", "HL*1**20*1", "NM1*PR*2*P",
                            "HL*2*1*19*1", "NM1*85*2*P"}))
                .find("the billing provider level (HL 19, 2000C) needs an open information "
                      "receiver level"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"BHT*0085*08*R1*20261128*0800*TH", "HL*1**20*1", "NM1*PR*2*P"}))
                .find("the information receiver level (HL 21, loop 2000B) is missing"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"BHT*0085*08*R1*20261128*0800*TH"}))
                .find("the information source level (HL 20, loop 2000A) is missing"),
            std::string::npos);
}

TEST(X12Ack277CA, WhatIsNotA5010Ack277CAIsRefused) {
  // A 277 claim status response (005010X212) is a different guide.
  const auto r = parse277CA(wrap({"BHT*0010*08*1*20261128*0800*DG"}, "005010X212"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kUnsupported);
  EXPECT_EQ(r.error().message, "The X12 input is not a 5010 277CA claim acknowledgement.");
  EXPECT_EQ(r.error().fields.at(0).field, "segment 2 GS08");
  EXPECT_NE(r.error().fields[0].message.find("this group holds 277 claim status responses"),
            std::string::npos);
  const auto ack = parse277CA(wrap({"AK1*HC*1", "AK9*A*0*0*0"}, "005010X231A1", "FA", "999"));
  ASSERT_FALSE(ack.ok());
  EXPECT_NE(ack.error().fields[0].message.find("999 implementation acknowledgements"),
            std::string::npos);
  EXPECT_NE(problemOf("ISA*00").find("truncated"), std::string::npos);
  // The shared 277 samples are claim status responses, not acknowledgements.
  const char* env = std::getenv("MEDOFFICE_SHARED");
  const fs::path shared = env != nullptr && *env != '\0' ? fs::path(env)
                                                         : golden("277ca-accepted.277ca")
                                                                   .parent_path()
                                                                   .parent_path()
                                                                   .parent_path()
                                                                   .parent_path()
                                                                   .parent_path()
                                                                   .parent_path() /
                                                               "shared";
  const fs::path sample = shared / "fixtures" / "x12" / "277" / "claim-level-status.277";
  if (!fs::exists(sample)) GTEST_SKIP() << "X12 fixtures not found at " << sample;
  const auto fixture = parse277CA(slurp(sample));
  ASSERT_FALSE(fixture.ok());
  EXPECT_EQ(fixture.error().fields.at(0).field, "segment 2 GS08");
}

}  // namespace
}  // namespace medoffice::codecs::x12
