// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/writer.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "codecs/x12/envelope.hpp"

namespace medoffice::codecs::x12 {
namespace {

InterchangeHeader interchange() {
  InterchangeHeader h;
  h.senderId = "MEDOFFICE";
  h.receiverQualifier = "30";
  h.receiverId = "12345";
  h.date = *domain::Date::fromYmd(2026, 11, 27);
  h.time = {9, 5};
  return h;
}

GroupHeader group() {
  GroupHeader g;
  g.functionalId = "HC";
  g.senderCode = "MEDOFFICE";
  g.receiverCode = "12345";
  g.date = *domain::Date::fromYmd(2026, 11, 27);
  g.time = {9, 5};
  return g;
}

/// Writes one claim transaction's body (8 segments) through `w`.
void claimBody(Writer& w, std::string_view claimId) {
  SegmentBuilder s("BHT");
  ASSERT_TRUE(w.write(s.element(1, "0019")
                          .element(2, "00")
                          .element(3, claimId)
                          .element(4, "20261127")
                          .element(5, "0905")
                          .element(6, "CH"))
                  .ok());
  s.reset("NM1");
  ASSERT_TRUE(w.write(s.element(1, "85")
                          .element(2, "2")
                          .element(3, "LAKESIDE FAMILY PRACTICE")
                          .element(8, "XX")
                          .element(9, "1245319599"))
                  .ok());
  s.reset("NM1");
  ASSERT_TRUE(w.write(s.element(1, "87").element(2, "2")).ok());
  s.reset("CLM");
  ASSERT_TRUE(w.write(s.element(1, claimId)
                          .element(2, "100.00")
                          .composite(5, {"11", "B", "1"})
                          .element(6, "Y")
                          .element(7, "A")
                          .element(8, "Y")
                          .element(9, "I"))
                  .ok());
  s.reset("HI");
  ASSERT_TRUE(w.write(s.composite(1, {"ABK", "J209"}).composite(2, {"ABF", "R05"})).ok());
  s.reset("LX");
  ASSERT_TRUE(w.write(s.element(1, "1")).ok());
  s.reset("SV1");
  ASSERT_TRUE(w.write(s.composite(1, {"HC", "J3490", "", "", "", "", "Hep Lock see NDC#"})
                          .element(2, "100.00")
                          .element(3, "UN")
                          .element(4, "1")
                          .composite(7, {"1", "2"}))
                  .ok());
  s.reset("DTP");
  ASSERT_TRUE(w.write(s.element(1, "472").element(2, "D8").element(3, "20261003")).ok());
}

TEST(X12Writer, WritesAnEnvelopeThatChecksCleanWithComputedCounts) {
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(907, 41, 17);
  Writer w(sink, numbers, {.lineBreaks = true});
  ASSERT_TRUE(w.beginInterchange(interchange()).ok());
  ASSERT_TRUE(w.beginGroup(group()).ok());
  for (const char* id : {"CLAIM1", "CLAIM2", "CLAIM3"}) {
    ASSERT_TRUE(w.beginTransaction("837").ok());
    claimBody(w, id);
    ASSERT_TRUE(w.endTransaction().ok());
    EXPECT_EQ(w.transactionSegments(), 10U);
  }
  ASSERT_TRUE(w.endGroup().ok());
  ASSERT_TRUE(w.beginGroup(group()).ok());
  ASSERT_TRUE(w.beginTransaction("837").ok());
  claimBody(w, "CLAIM4");
  ASSERT_TRUE(w.endTransaction().ok());
  ASSERT_TRUE(w.endGroup().ok());
  ASSERT_TRUE(w.endInterchange().ok());
  EXPECT_EQ(w.interchangeControl(), 907U);
  EXPECT_EQ(w.groupControl(), 42U);
  EXPECT_EQ(w.transactionControl(), 20U);

  EXPECT_EQ(out.substr(0, 107),
            "ISA*00*          *00*          *ZZ*MEDOFFICE      *30*12345          *261127*0905*^*"
            "00501*000000907*0*T*:~\n");
  EXPECT_NE(out.find("GS*HC*MEDOFFICE*12345*20261127*0905*41*X*005010X222A1~\n"
                     "ST*837*0017*005010X222A1~\n"),
            std::string::npos);
  EXPECT_NE(out.find("NM1*85*2*LAKESIDE FAMILY PRACTICE*****XX*1245319599~\nNM1*87*2~\n"),
            std::string::npos);
  EXPECT_NE(out.find("CLM*CLAIM1*100.00***11:B:1*Y*A*Y*I~\nHI*ABK:J209*ABF:R05~\n"),
            std::string::npos);
  EXPECT_NE(out.find("SV1*HC:J3490:::::Hep Lock see NDC#*100.00*UN*1***1:2~\n"), std::string::npos);
  EXPECT_NE(out.find("SE*10*0017~\nST*837*0018*"), std::string::npos);
  EXPECT_NE(out.find("GE*3*41~\nGS*"), std::string::npos);
  EXPECT_NE(out.find("SE*10*0020~\nGE*1*42~\nIEA*2*000000907~\n"), std::string::npos);

  const auto r = check(out);
  ASSERT_TRUE(r.ok()) << (r.problems.empty() ? "" : r.problems[0].describe());
  EXPECT_EQ(r.summary.describe(),
            "837P 005010X222A1: 1 interchange, 2 groups, 4 transactions, 4 claims");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(X12Writer, OtherDelimitersAndRepetitions) {
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  Writer w(sink, numbers, {.delimiters = {'|', '!', '>', '\''}});
  auto g = group();
  g.functionalId = "HB";
  g.version = "005010X279A1";
  ASSERT_TRUE(w.beginInterchange(interchange()).ok());
  ASSERT_TRUE(w.beginGroup(g).ok());
  ASSERT_TRUE(w.beginTransaction("271").ok());
  SegmentBuilder eb("EB");
  ASSERT_TRUE(w.write(eb.element(1, "1").repeated(3, {"1", "33", "", "35"})).ok());
  ASSERT_TRUE(w.endTransaction().ok());
  ASSERT_TRUE(w.endGroup().ok());
  ASSERT_TRUE(w.endInterchange().ok());
  EXPECT_EQ(out[3], '|');
  EXPECT_EQ(out[82], '!');
  EXPECT_EQ(out[104], '>');
  EXPECT_EQ(out[105], '\'');
  EXPECT_NE(out.find("'EB|1||1!33!!35'"), std::string::npos) << out;
  const auto r = check(out);
  ASSERT_TRUE(r.ok()) << r.problems[0].describe();
  EXPECT_EQ(r.summary.describe().substr(0, 16), "271 005010X279A1");
}

TEST(X12Writer, RefusesDelimitersAndControlCharactersInValuesAndWritesNothingOfThatSegment) {
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  Writer w(sink, numbers);
  ASSERT_TRUE(w.beginInterchange(interchange()).ok());
  ASSERT_TRUE(w.beginGroup(group()).ok());
  ASSERT_TRUE(w.beginTransaction("837").ok());
  const std::size_t before = out.size();
  for (std::string_view bad : {"A*B", "A^B", "A:B", "A~B", "A\nB", "Jos\xC3\xA9", "A\x7F"}) {
    SegmentBuilder s("NM1");
    s.element(1, "IL").element(3, bad);
    const auto st = w.write(s);
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().code, domain::ErrorCode::kInvalid);
    ASSERT_EQ(st.error().fields.size(), 1U);
    EXPECT_EQ(st.error().fields[0].field, "NM103");
  }
  SegmentBuilder comp("SV1");
  const auto st = w.write(comp.composite(1, {"HC", "992*13"}));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().fields[0].message.find("the element separator"), std::string::npos);
  EXPECT_EQ(out.size(), before);
  // The transaction goes on; the refused segments were never counted.
  ASSERT_TRUE(w.endTransaction().ok());
  EXPECT_NE(out.find("SE*2*0001~"), std::string::npos);
}

TEST(X12Writer, RefusesHeadersThatDoNotFitTheIsaOrTheGuides) {
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  Writer w(sink, numbers);
  auto h = interchange();
  h.senderId = "A-SENDER-ID-LONGER-THAN-15";
  auto st = w.beginInterchange(h);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().fields[0].field, "ISA06");
  h = interchange();
  h.senderQualifier = "Z";
  EXPECT_EQ(w.beginInterchange(h).error().fields[0].field, "ISA05");
  h = interchange();
  h.time = {24, 0};
  EXPECT_EQ(w.beginInterchange(h).error().fields[0].field, "ISA10");
  EXPECT_TRUE(out.empty());
  ASSERT_TRUE(w.beginInterchange(interchange()).ok());
  auto g = group();
  g.version = "005010X222A2";
  st = w.beginGroup(g);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().fields[0].message.find("errata"), std::string::npos);
  g.version = "004010X098A1";
  EXPECT_FALSE(w.beginGroup(g).ok());
  g = group();
  g.functionalId = "HP";
  EXPECT_FALSE(w.beginGroup(g).ok());
  ASSERT_TRUE(w.beginGroup(group()).ok());
  EXPECT_FALSE(w.beginTransaction("835").ok());
  SegmentBuilder se("SE");
  ASSERT_TRUE(w.beginTransaction("837").ok());
  EXPECT_FALSE(w.write(se.element(1, "99")).ok());
  SegmentBuilder lower("nm1");
  EXPECT_FALSE(w.write(lower.element(1, "85")).ok());
  SegmentBuilder far("NM1");
  EXPECT_FALSE(w.write(far.element(100, "X")).ok());
  SegmentBuilder twice("NM1");
  EXPECT_FALSE(w.write(twice.element(1, "85").element(1, "87")).ok());
}

TEST(X12Writer, CallsOutOfOrderAreErrorsNotCrashes) {
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  Writer w(sink, numbers);
  SegmentBuilder s("LX");
  s.element(1, "1");
  EXPECT_EQ(w.write(s).error().code, domain::ErrorCode::kConflict);
  EXPECT_FALSE(w.beginGroup(group()).ok());
  EXPECT_FALSE(w.beginTransaction("837").ok());
  EXPECT_FALSE(w.endTransaction().ok());
  EXPECT_FALSE(w.endGroup().ok());
  EXPECT_FALSE(w.endInterchange().ok());
  ASSERT_TRUE(w.beginInterchange(interchange()).ok());
  EXPECT_FALSE(w.beginInterchange(interchange()).ok());
  ASSERT_TRUE(w.beginGroup(group()).ok());
  ASSERT_TRUE(w.beginTransaction("837").ok());
  EXPECT_FALSE(w.endGroup().ok());
  EXPECT_FALSE(w.beginTransaction("837").ok());
  ASSERT_TRUE(w.endTransaction().ok());
  EXPECT_FALSE(w.endInterchange().ok());
}

/// A source whose numbers come from outside; it can run dry or fail like a database.
class Numbers final : public ControlNumberSource {
 public:
  domain::Result<std::uint32_t> nextInterchange() override { return next(); }
  domain::Result<std::uint32_t> nextGroup() override { return next(); }
  domain::Result<std::uint32_t> nextTransaction() override { return next(); }
  std::vector<domain::Result<std::uint32_t>> queue;

 private:
  domain::Result<std::uint32_t> next() {
    auto r = queue.front();
    queue.erase(queue.begin());
    return r;
  }
};

TEST(X12Writer, ControlNumbersComeFromTheSourceAndItsFailuresStopTheWriter) {
  std::string out;
  StringSink sink(out);
  Numbers n;
  n.queue = {domain::Error::unavailable("database is locked"),
             0U,
             1000000000U,
             999999999U,
             5U,
             123456789U};
  Writer w(sink, n);
  EXPECT_EQ(w.beginInterchange(interchange()).error().code, domain::ErrorCode::kUnavailable);
  EXPECT_EQ(w.beginInterchange(interchange()).error().fields[0].field, "ISA13");
  EXPECT_EQ(w.beginInterchange(interchange()).error().fields[0].field, "ISA13");
  EXPECT_TRUE(out.empty());
  ASSERT_TRUE(w.beginInterchange(interchange()).ok());
  ASSERT_TRUE(w.beginGroup(group()).ok());
  ASSERT_TRUE(w.beginTransaction("837").ok());
  EXPECT_NE(out.find("*999999999*0*T*:~GS*HC*MEDOFFICE*12345*20261127*0905*5*X*005010X222A1~"
                     "ST*837*123456789*005010X222A1~"),
            std::string::npos)
      << out;
  CountingControlNumbers last(999999999, 1, 1);
  EXPECT_TRUE(last.nextInterchange().ok());
  EXPECT_FALSE(last.nextInterchange().ok());
}

TEST(X12Writer, StreamSinkFailureIsReported) {
  std::ostringstream os;
  StreamSink sink(os);
  CountingControlNumbers numbers(1, 1, 1);
  Writer w(sink, numbers);
  ASSERT_TRUE(w.beginInterchange(interchange()).ok());
  os.setstate(std::ios::badbit);
  EXPECT_EQ(w.beginGroup(group()).error().code, domain::ErrorCode::kUnavailable);
}

TEST(X12Writer, RefusesDelimitersThatClash) {
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  for (Delimiters d : {Delimiters{'*', '*', ':', '~'}, Delimiters{'*', '^', 'A', '~'},
                       Delimiters{'*', '^', ':', ' '}, Delimiters{'*', '\0', ':', '~'}}) {
    Writer w(sink, numbers, {.delimiters = d});
    const auto st = w.beginInterchange(interchange());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().fields[0].field, "delimiters");
  }
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace medoffice::codecs::x12
