// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/ack_999.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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
  if (here.is_absolute())
    return here.parent_path().parent_path().parent_path().parent_path() / sub / name;
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

const std::string kIsa =
    "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*MEDOFFICE      *261128*0800*^*00501*"
    "000000777*0*T*:~\n";

/// One interchange and group around `body` (the segments between ST and SE; counts right).
std::string wrap(const std::vector<std::string>& body, const std::string& version = "005010X231A1",
                 const std::string& gs01 = "FA", const std::string& st01 = "999") {
  std::string out = kIsa + "GS*" + gs01 + "*CLEARINGHOUSE*MEDOFFICE*20261128*0800*7*X*" + version +
                    "~\nST*" + st01 + "*0001*" + version + "~\n";
  for (const auto& s : body) out += s + "~\n";
  out += "SE*" + std::to_string(body.size() + 2) + "*0001~\nGE*1*7~\nIEA*1*000000777~\n";
  return out;
}

/// The problem a reader stops at, described; empty when it reads to the end.
std::string problemOf(std::string_view input, std::vector<Ack999>* out = nullptr) {
  Ack999Reader r(input);
  while (const Ack999* a = r.next()) {
    if (out) out->push_back(*a);
  }
  return r.problem() ? r.problem()->describe() : std::string();
}

TEST(X12Ack999, AcceptedGroup) {
  const auto r = parse999(slurp(golden("999-accepted.999")));
  ASSERT_TRUE(r.ok()) << r.error().fields.at(0).message;
  ASSERT_EQ(r->size(), 1u);
  const Ack999& a = r->front();
  EXPECT_EQ(a.envelope.interchangeControl, "000000101");
  EXPECT_EQ(a.envelope.senderId, "CLEARINGHOUSE");
  EXPECT_EQ(a.envelope.receiverId, "MEDOFFICE");
  EXPECT_TRUE(a.envelope.production);
  EXPECT_EQ(a.envelope.groupControl, "101");
  EXPECT_EQ(a.envelope.transactionControl, "0001");
  EXPECT_EQ(a.functionalId, "HC");
  EXPECT_EQ(a.groupControl, "17");
  EXPECT_EQ(a.groupVersion, "005010X222A1");
  ASSERT_EQ(a.transactions.size(), 2u);
  EXPECT_EQ(a.transactions[0].transactionSet, "837");
  EXPECT_EQ(a.transactions[0].controlNumber, "000000031");
  EXPECT_EQ(a.transactions[0].version, "005010X222A1");
  EXPECT_EQ(a.transactions[0].status, AckCode::kAccepted);
  EXPECT_TRUE(a.transactions[0].segmentErrors.empty());
  EXPECT_EQ(a.transactions[0].segment, 5u);
  ASSERT_NE(a.find("000000032"), nullptr);
  EXPECT_TRUE(a.find("000000032")->accepted());
  EXPECT_EQ(a.find("000000033"), nullptr);
  EXPECT_EQ(a.groupStatus, AckCode::kAccepted);
  EXPECT_EQ(a.transactionsIncluded, 2u);
  EXPECT_EQ(a.transactionsReceived, 2u);
  EXPECT_EQ(a.transactionsAccepted, 2u);
  EXPECT_TRUE(a.groupReasons.empty());
  Ack999Tally t;
  t.add(a);
  EXPECT_EQ(t.describe(), "acknowledges 1 group (1 accepted) and 2 transaction sets (2 accepted)");
}

TEST(X12Ack999, PartiallyAcceptedGroupWithSegmentAndElementErrors) {
  const auto r = parse999(slurp(golden("999-partial.999")));
  ASSERT_TRUE(r.ok()) << r.error().fields.at(0).message;
  ASSERT_EQ(r->size(), 1u);
  const Ack999& a = r->front();
  EXPECT_EQ(a.groupControl, "18");
  ASSERT_EQ(a.transactions.size(), 3u);
  EXPECT_EQ(a.transactions[0].status, AckCode::kAccepted);

  const TransactionAck999& rejected = a.transactions[1];
  EXPECT_EQ(rejected.controlNumber, "000000042");
  EXPECT_EQ(rejected.status, AckCode::kRejected);
  EXPECT_FALSE(rejected.accepted());
  EXPECT_TRUE(isRejected(rejected.status));
  ASSERT_EQ(rejected.reasons.size(), 1u);
  EXPECT_EQ(rejected.reasons[0].code, "5");
  EXPECT_EQ(rejected.reasons[0].meaning, "one or more segments are in error");
  ASSERT_EQ(rejected.segmentErrors.size(), 2u);

  const SegmentError999& nm1 = rejected.segmentErrors[0];
  EXPECT_EQ(nm1.segmentId, "NM1");
  EXPECT_EQ(nm1.position, 23u);
  EXPECT_EQ(nm1.loopId, "2010AA");
  EXPECT_EQ(nm1.error.code, "8");
  EXPECT_TRUE(nm1.error.known);
  EXPECT_EQ(nm1.error.meaning, "the segment has element errors");
  EXPECT_EQ(nm1.businessUnit(), "E1002-C1");
  ASSERT_EQ(nm1.elements.size(), 1u);
  EXPECT_EQ(nm1.elements[0].position, 9);
  EXPECT_EQ(nm1.elements[0].component, 0);
  EXPECT_EQ(nm1.elements[0].repeat, 0);
  EXPECT_EQ(nm1.elements[0].reference, "67");
  EXPECT_EQ(nm1.elements[0].error.code, "I12");
  EXPECT_EQ(nm1.elements[0].error.meaning,
            "the value does not match the pattern the guide requires");
  EXPECT_EQ(nm1.elements[0].badValue, "1245319598");
  EXPECT_EQ(nm1.elements[0].segment, 10u);

  const SegmentError999& dtp = rejected.segmentErrors[1];
  EXPECT_EQ(dtp.segmentId, "DTP");
  EXPECT_EQ(dtp.position, 31u);
  ASSERT_EQ(dtp.contexts.size(), 2u);
  EXPECT_TRUE(dtp.contexts[0].isBusinessUnit());
  EXPECT_FALSE(dtp.contexts[1].isBusinessUnit());
  EXPECT_EQ(dtp.contexts[1].segmentId, "LX");
  EXPECT_EQ(dtp.contexts[1].segmentPosition, 29u);
  EXPECT_EQ(dtp.contexts[1].loopId, "2400");
  ASSERT_EQ(dtp.elements.size(), 1u);
  EXPECT_EQ(dtp.elements[0].position, 3);
  EXPECT_EQ(dtp.elements[0].reference, "1251");
  EXPECT_EQ(dtp.elements[0].error.meaning, "the value is not a valid date");
  EXPECT_EQ(dtp.elements[0].badValue, "20261399");

  const TransactionAck999& withErrors = a.transactions[2];
  EXPECT_EQ(withErrors.status, AckCode::kAcceptedWithErrors);
  EXPECT_TRUE(withErrors.accepted());
  ASSERT_EQ(withErrors.segmentErrors.size(), 1u);
  EXPECT_EQ(withErrors.segmentErrors[0].error.code, "I4");
  EXPECT_EQ(withErrors.segmentErrors[0].error.meaning,
            "a segment the guide marks as not used is present");
  EXPECT_EQ(withErrors.segmentErrors[0].businessUnit(), "E1003-C1");

  EXPECT_EQ(a.groupStatus, AckCode::kPartiallyAccepted);
  EXPECT_FALSE(isAccepted(a.groupStatus));
  EXPECT_FALSE(isRejected(a.groupStatus));
  EXPECT_EQ(a.transactionsIncluded, 3u);
  EXPECT_EQ(a.transactionsAccepted, 2u);
  Ack999Tally t;
  t.add(a);
  EXPECT_EQ(t.describe(),
            "acknowledges 1 group (1 partially accepted) and 3 transaction sets (1 accepted, 1 "
            "accepted with errors, 1 rejected)");
}

TEST(X12Ack999, RejectedGroupWithOtherSeparatorsAndCrLf) {
  const std::string in = slurp(golden("999-rejected.999"));
  ASSERT_NE(in.find("|"), std::string::npos);
  ASSERT_NE(in.find("'\r\n"), std::string::npos);
  const auto r = parse999(in);
  ASSERT_TRUE(r.ok()) << r.error().fields.at(0).message;
  const Ack999& a = r->front();
  ASSERT_EQ(a.transactions.size(), 1u);
  const TransactionAck999& t = a.transactions[0];
  EXPECT_EQ(t.controlNumber, "000000051");
  EXPECT_EQ(t.status, AckCode::kRejected);
  ASSERT_EQ(t.reasons.size(), 2u);
  EXPECT_EQ(t.reasons[1].code, "4");
  EXPECT_EQ(t.reasons[1].meaning, "SE01 does not match the number of segments");
  ASSERT_EQ(t.segmentErrors.size(), 2u);
  const ElementError999& clm05 = t.segmentErrors[0].elements.at(0);
  EXPECT_EQ(t.segmentErrors[0].segmentId, "CLM");
  EXPECT_EQ(t.segmentErrors[0].position, 12u);
  EXPECT_EQ(clm05.position, 5);
  EXPECT_EQ(clm05.component, 3);  // "5>3" with '>' as ISA16
  EXPECT_EQ(clm05.error.meaning, "the value is not a valid code");
  EXPECT_EQ(clm05.badValue, "9");
  EXPECT_EQ(t.segmentErrors[1].error.meaning, "a required segment is missing");
  EXPECT_TRUE(t.segmentErrors[1].elements.empty());
  EXPECT_EQ(a.groupStatus, AckCode::kRejected);
  EXPECT_EQ(meaning(a.groupStatus), "rejected");
  EXPECT_EQ(a.transactionsAccepted, 0u);
}

TEST(X12Ack999, StreamingReadsTheSameAsMemory) {
  for (const char* name : {"999-accepted.999", "999-partial.999", "999-rejected.999"}) {
    const std::string in = slurp(golden(name));
    std::size_t pos = 0;
    AckReadOptions options;
    options.tokenizer.chunkBytes = 256;
    Ack999Reader stream(
        [&](char* buf, std::size_t cap) -> std::ptrdiff_t {
          const std::size_t n = std::min<std::size_t>({cap, 7, in.size() - pos});
          std::memcpy(buf, in.data() + pos, n);
          pos += n;
          return static_cast<std::ptrdiff_t>(n);
        },
        options);
    std::vector<Ack999> streamed;
    while (const Ack999* a = stream.next()) streamed.push_back(*a);
    ASSERT_FALSE(stream.problem()) << stream.problem()->describe();
    const auto whole = parse999(in);
    ASSERT_TRUE(whole.ok());
    ASSERT_EQ(streamed.size(), whole->size()) << name;
    EXPECT_EQ(streamed[0].transactions.size(), (*whole)[0].transactions.size()) << name;
    EXPECT_EQ(streamed[0].groupStatus, (*whole)[0].groupStatus) << name;
    EXPECT_EQ(stream.summary().describe(),
              "999 005010X231A1: 1 interchange, 1 group, 1 transaction, 0 claims");
  }
}

TEST(X12Ack999, MissingIk5IsRefusedNamingTheAk2) {
  const std::string p =
      problemOf(wrap({"AK1*HC*17*005010X222A1", "AK2*837*000000031", "IK3*CLM*12*2300*8",
                      "AK2*837*000000032", "IK5*A", "AK9*E*2*2*1"}));
  EXPECT_EQ(p.substr(p.find(':')),
            ": IK5 missing: the AK2 at segment 5 (AK202 '000000031') "
            "has no IK5 acknowledgement code before this AK2");
  EXPECT_NE(problemOf(wrap({"AK1*HC*17", "AK2*837*000000031", "AK9*R*1*1*0"})).find("IK5 missing"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"AK1*HC*17", "AK2*837*000000031"})).find("(SE) at byte"),
            std::string::npos);
}

TEST(X12Ack999, Ak2WithoutSeIsRefused) {
  // The transaction set is cut after its AK2: the envelope check names the missing SE.
  std::string in = wrap({"AK1*HC*17", "AK2*837*000000031", "IK5*A", "AK9*A*1*1*1"});
  in.erase(in.find("\nSE*") + 1, in.find("\nGE*") - in.find("\nSE*"));
  std::vector<Ack999> got;
  const std::string p = problemOf(in, &got);
  EXPECT_TRUE(got.empty());
  EXPECT_NE(p.find("segment 8 (GE)"), std::string::npos) << p;
  EXPECT_NE(p.find("SE missing: the transaction opened by ST at segment 3"), std::string::npos)
      << p;
  // Truncated in the middle of the AK2.
  const std::string whole = wrap({"AK1*HC*17", "AK2*837*000000031", "IK5*A", "AK9*A*1*1*1"});
  const std::string cut = whole.substr(0, whole.find("AK2*837*0000") + 10);
  EXPECT_NE(problemOf(cut).find("truncated"), std::string::npos);
}

TEST(X12Ack999, LoopOrderIsChecked) {
  EXPECT_NE(problemOf(wrap({"AK2*837*000000031", "IK5*A", "AK9*A*1*1*1"}))
                .find("AK1 missing before this AK2"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"AK1*HC*17", "AK2*837*000000031", "IK5*A"})).find("AK9 missing"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"AK1*HC*17", "IK4*1**1"})).find("IK4 outside an IK3"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"AK1*HC*17", "IK3*CLM*1**8"})).find("IK3 outside an AK2 loop"),
            std::string::npos);
  EXPECT_NE(
      problemOf(wrap({"AK1*HC*17", "AK2*837*000000031", "CTX*CLM01:X", "IK5*A", "AK9*A*1*1*1"}))
          .find("CTX outside an IK3 or IK4"),
      std::string::npos);
  EXPECT_NE(problemOf(wrap({"AK1*HC*17", "AK1*HC*18", "AK9*A*0*0*0"})).find("AK1 repeated"),
            std::string::npos);
  EXPECT_NE(problemOf(wrap({"AK1*HC*17", "AK9*A*0*0*0", "AK9*A*0*0*0"})).find("AK9 repeated"),
            std::string::npos);
  const std::string clm = problemOf(wrap({"AK1*HC*17", "AK9*A*0*0*0", "CLM*1*2"}));
  EXPECT_EQ(clm.substr(clm.find(':')),
            ": segment 'CLM' does not belong in a 999 (it holds AK1, "
            "AK2, IK3, CTX, IK4, IK5 and AK9)");
  EXPECT_NE(problemOf(wrap({})).find("AK1 missing"), std::string::npos);
}

TEST(X12Ack999, ElementsTheClaimsNeedAreChecked) {
  const auto at = [](std::vector<std::string> body) { return problemOf(wrap(body)); };
  EXPECT_NE(at({"AK1*HC*ABC", "AK9*A*0*0*0"}).find("AK102 'ABC' is not a group control number"),
            std::string::npos);
  EXPECT_NE(at({"AK1*HC*17", "AK2*837", "IK5*A", "AK9*A*1*1*1"}).find("AK202 ''"),
            std::string::npos);
  EXPECT_NE(at({"AK1*HC*17", "AK2*837*0001", "IK3*CLM*0**8", "IK5*R", "AK9*R*1*1*0"})
                .find("IK302 '0' is not a segment position"),
            std::string::npos);
  EXPECT_NE(at({"AK1*HC*17", "AK2*837*0001", "IK3*CLM*4**8", "IK4*X**7", "IK5*R", "AK9*R*1*1*0"})
                .find("IK401 'X' is not a position"),
            std::string::npos);
  EXPECT_NE(
      at({"AK1*HC*17", "AK2*837*0001", "IK3*CLM*4**8", "IK4*5:1:1:1**7", "IK5*R", "AK9*R*1*1*0"})
          .find("IK401"),
      std::string::npos);
  EXPECT_NE(at({"AK1*HC*17", "AK2*837*0001", "IK3*CLM*4**8", "IK4*5", "IK5*R", "AK9*R*1*1*0"})
                .find("IK403 (the element error code) is missing"),
            std::string::npos);
  EXPECT_NE(at({"AK1*HC*17", "AK2*837*0001", "IK5*Q", "AK9*R*1*1*0"})
                .find("IK501 'Q' is not a transaction set acknowledgement code"),
            std::string::npos);
  EXPECT_NE(at({"AK1*HC*17", "AK2*837*0001", "IK5*P", "AK9*R*1*1*0"}).find("IK501 'P'"),
            std::string::npos);
  EXPECT_NE(at({"AK1*HC*17", "AK9*A*1*one*1"}).find("AK903 'one' is not a count"),
            std::string::npos);
  EXPECT_NE(at({"AK1*HC*17", "AK9"}).find("AK901 ''"), std::string::npos);
}

TEST(X12Ack999, UnknownCodesAreKeptNotRefused) {
  std::vector<Ack999> got;
  const std::string p = problemOf(wrap({"AK1*HC*17", "AK2*837*0001", "IK3*ZZZ*4*2300*Z9",
                                        "IK4*5:2*1325*Q7*BAD", "IK5*R*99", "AK9*R*1*1*0*77"}),
                                  &got);
  ASSERT_EQ(p, "");
  ASSERT_EQ(got.size(), 1u);
  const auto& seg = got[0].transactions[0].segmentErrors[0];
  EXPECT_EQ(seg.error.code, "Z9");
  EXPECT_FALSE(seg.error.known);
  EXPECT_EQ(seg.error.meaning, "a code the 5010 999 does not define");
  EXPECT_FALSE(seg.elements[0].error.known);
  EXPECT_EQ(seg.elements[0].component, 2);
  EXPECT_FALSE(got[0].transactions[0].reasons[0].known);
  EXPECT_FALSE(got[0].groupReasons[0].known);
  EXPECT_EQ(segmentErrorMeaning("Z9"), "");
  EXPECT_EQ(elementErrorMeaning("7"), "the value is not a valid code");
  EXPECT_EQ(transactionErrorMeaning("23"),
            "the control number (ST02) is used twice in the functional group");
  EXPECT_EQ(groupErrorMeaning("2"), "the functional group version (GS08) is not supported");
}

TEST(X12Ack999, WhatIsNotA5010NineNineNineIsRefused) {
  // An 837P group.
  const std::string claim = wrap({"BHT*0019*00*1*20261127*1023*CH"}, "005010X222A1", "HC", "837");
  const auto r = parse999(claim);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kUnsupported);
  EXPECT_EQ(r.error().message, "The X12 input is not a 5010 999 implementation acknowledgement.");
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "segment 2 GS08");
  EXPECT_NE(r.error().fields[0].message.find(
                "GS08 '005010X222A1' is not the version of a 999 implementation acknowledgement "
                "(005010X231A1): this group holds 837P professional claims"),
            std::string::npos);
  // A 4010 997 is refused naming the version.
  const auto old = parse999(wrap({"AK1*HC*17", "AK9*A*0*0*0"}, "004010", "FA", "997"));
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, domain::ErrorCode::kUnsupported);
  EXPECT_NE(old.error().fields[0].message.find("4010"), std::string::npos);
  // Garbage, an empty input, an ISA alone.
  EXPECT_NE(problemOf("hello").find("does not start with an ISA"), std::string::npos);
  EXPECT_NE(problemOf("").find("empty"), std::string::npos);
  EXPECT_NE(problemOf(kIsa).find("IEA missing"), std::string::npos);
  const auto garbage = parse999("hello");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().code, domain::ErrorCode::kInvalid);
}

TEST(X12Ack999, OtherTransactionsAreSkippedOnRequest) {
  // One interchange: an 837P group, then a 999 group.
  std::string in = kIsa;
  in +=
      "GS*HC*A*B*20261128*0800*1*X*005010X222A1~\nST*837*0001*005010X222A1~\n"
      "BHT*0019*00*1*20261127*1023*CH~\nSE*3*0001~\nGE*1*1~\n";
  in +=
      "GS*FA*A*B*20261128*0800*2*X*005010X231A1~\nST*999*0001*005010X231A1~\nAK1*HC*9~\n"
      "AK9*A*0*0*0~\nSE*4*0001~\nGE*1*2~\nIEA*2*000000777~\n";
  EXPECT_NE(problemOf(in).find("segment 2 (GS)"), std::string::npos);
  AckReadOptions skip;
  skip.skipOtherTransactions = true;
  Ack999Reader r(in, skip);
  const Ack999* a = r.next();
  ASSERT_NE(a, nullptr) << (r.problem() ? r.problem()->describe() : "");
  EXPECT_EQ(a->groupControl, "9");
  EXPECT_EQ(a->envelope.groupControl, "2");
  EXPECT_EQ(r.next(), nullptr);
  EXPECT_FALSE(r.problem());
  EXPECT_EQ(
      r.summary().describe(),
      "837P+999 005010X222A1,005010X231A1: 1 interchange, 2 groups, 2 transactions, 0 claims");
}

TEST(X12Ack999, EnvelopeErrorsAreRefusedAsX12CheckRefusesThem) {
  std::string in = wrap({"AK1*HC*17", "AK9*A*0*0*0"});
  in.replace(in.find("SE*4*"), 5, "SE*5*");
  EXPECT_NE(problemOf(in).find("SE01 says 5 segments; the transaction has 4"), std::string::npos);
}

}  // namespace
}  // namespace medoffice::codecs::x12
