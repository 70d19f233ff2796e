// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/envelope.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace medoffice::codecs::x12 {
namespace {

const std::string kIsa =
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261127*1200*^*00501*"
    "000000001*0*T*:~\n";

/// Segments joined by "~\n".
std::string join(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) out += s + "~\n";
  return out;
}

/// One interchange, one group, one transaction with `body` between ST and SE (counts right).
std::string one(const std::vector<std::string>& body, const std::string& version = "005010X222A1",
                const std::string& gs01 = "HC", const std::string& st01 = "837") {
  std::vector<std::string> segs = {"GS*" + gs01 + "*SENDER*RECEIVER*20261127*1200*1*X*" + version,
                                   "ST*" + st01 + "*0001*" + version};
  segs.insert(segs.end(), body.begin(), body.end());
  segs.push_back("SE*" + std::to_string(body.size() + 2) + "*0001");
  segs.push_back("GE*1*1");
  segs.push_back("IEA*1*000000001");
  return kIsa + join(segs);
}

const std::vector<std::string> kClaim = {
    "BHT*0019*00*244579*20261127*1023*CH",
    "NM1*85*2*BILLING SERVICE*****XX*1912301953",
    "N4*MIAMI*FL*331110000",
    "CLM*26463774*100.00***11:B:1*Y*A*Y*I",
    "HI*ABK:J209*ABF:R05",
    "LX*1",
    "SV1*HC:99213:25*100.00*UN*1***1:2",
    "DTP*472*D8*20261003",
};

std::string problems(const CheckReport& r) {
  std::string out;
  for (const auto& p : r.problems) out += p.describe() + "\n";
  return out;
}

TEST(X12Envelope, ValidClaimFileGivesTheSummary) {
  const std::string in = one(kClaim);
  const auto r = check(in);
  ASSERT_TRUE(r.ok()) << problems(r);
  EXPECT_EQ(r.summary.describe(),
            "837P 005010X222A1: 1 interchange, 1 group, 1 transaction, 1 claim");
  EXPECT_EQ(r.summary.segments, 14U);
  EXPECT_EQ(r.summary.bytes, in.size());
  EXPECT_TRUE(r.warnings.empty());
  auto result = toResult(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->claims, 1U);
}

TEST(X12Envelope, ClassifiesEveryTransactionWeRead) {
  struct Case {
    std::string version, gs01, st01, expected;
    std::vector<std::string> body;
  };
  const std::vector<Case> cases = {
      {"005010X222A1", "HC", "837", "837P 005010X222A1", kClaim},
      {"005010X223A2",
       "HC",
       "837",
       "837I 005010X223A2",
       {"CLM*1*10***13:A:1", "CLM*2*10***13:A:1"}},
      {"005010X221A1",
       "HP",
       "835",
       "835 005010X221A1",
       {"BPR*I*10*C*CHK", "CLP*A*1*10*10**12*X", "SVC*HC:99213*10*10", "CLP*B*1*5*5**12*Y"}},
      {"005010X279A1", "HS", "270", "270 005010X279A1", {"BHT*0022*13*1*20261127*1200"}},
      {"005010X279A1", "HB", "271", "271 005010X279A1", {"EB*1**1^33^35"}},
      {"005010X212", "HR", "276", "276 005010X212", {"BHT*0010*13*X*20261127*1200"}},
      {"005010X212", "HN", "277", "277 005010X212", {"BHT*0010*08*X*20261127*1200"}},
      {"005010X214", "HN", "277", "277CA 005010X214", {"BHT*0085*08*X*20261127*1200*TH"}},
      {"005010X231A1", "FA", "999", "999 005010X231A1", {"AK1*HC*1*005010X222A1", "AK9*A*1*1*1"}},
  };
  for (const auto& c : cases) {
    const auto r = check(one(c.body, c.version, c.gs01, c.st01));
    ASSERT_TRUE(r.ok()) << c.expected << "\n" << problems(r);
    EXPECT_EQ(r.summary.describe().substr(0, c.expected.size()), c.expected);
  }
  EXPECT_EQ(check(one(cases[1].body, "005010X223A2")).summary.claims, 2U);
  EXPECT_EQ(check(one(cases[2].body, "005010X221A1", "HP", "835")).summary.claims, 2U);
  // CLM in a 277 is not a claim of the count (only 837 CLM and 835 CLP are).
  EXPECT_EQ(check(one({"CLM*1"}, "005010X212", "HN", "277")).summary.claims, 0U);
}

TEST(X12Envelope, CountsAndControlNumbersMustMatch) {
  struct Case {
    std::string from, to, segment;
    int element;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"SE*10*0001", "SE*11*0001", "SE", 1, "SE01 says 11 segments; the transaction has 10"},
      {"SE*10*0001", "SE*10*0002", "SE", 2, "SE02 '0002' does not match ST02 '0001'"},
      {"SE*10*0001", "SE*ten*0001", "SE", 1, "SE01 'ten' is not a segment count"},
      {"GE*1*1", "GE*2*1", "GE", 1, "GE01 says 2 transactions; there are 1"},
      {"GE*1*1", "GE*1*7", "GE", 2, "GE02 '7' does not match GS06 '1'"},
      {"IEA*1*000000001", "IEA*3*000000001", "IEA", 1, "IEA01 says 3 functional groups"},
      {"IEA*1*000000001", "IEA*1*000000002", "IEA", 2, "IEA02 '000000002' does not match ISA13"},
  };
  for (const auto& c : cases) {
    std::string in = one(kClaim);
    ASSERT_NE(in.find(c.from), std::string::npos) << c.from;
    in.replace(in.find(c.from), c.from.size(), c.to);
    const auto r = check(in);
    ASSERT_EQ(r.problems.size(), 1U) << c.to << "\n" << problems(r);
    const Problem& p = r.problems[0];
    EXPECT_EQ(p.kind, ProblemKind::kEnvelope);
    EXPECT_EQ(p.segmentId, c.segment);
    EXPECT_EQ(p.element, c.element);
    EXPECT_NE(p.message.find(c.message), std::string::npos) << p.message;
    EXPECT_EQ(p.offset, in.find(c.to));
    EXPECT_FALSE(toResult(r).ok());
  }
}

TEST(X12Envelope, MissingTrailersAreNamedWhereTheyWereExpected) {
  // No SE before the next ST: reported at that ST, and the file goes on being checked.
  std::string two =
      kIsa + join({"GS*HC*S*R*20261127*1200*1*X*005010X222A1", "ST*837*0001*005010X222A1",
                   "CLM*1*10***11:B:1", "ST*837*0002*005010X222A1", "CLM*2*10***11:B:1",
                   "SE*3*0002", "GE*2*1", "IEA*1*000000001"});
  auto r = check(two);
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_EQ(r.problems[0].segment, 5U);
  EXPECT_EQ(r.problems[0].segmentId, "ST");
  EXPECT_NE(r.problems[0].message.find("SE missing: the transaction opened by ST at segment 3"),
            std::string::npos);
  EXPECT_EQ(r.summary.transactions, 2U);

  // Truncated after the SE: GE and IEA missing at the end of the input.
  std::string cut = one(kClaim);
  cut.resize(cut.find("GE*1*1"));
  r = check(cut);
  ASSERT_EQ(r.problems.size(), 2U) << problems(r);
  EXPECT_TRUE(r.problems[0].endOfInput);
  EXPECT_NE(r.problems[0].message.find("GE missing"), std::string::npos);
  EXPECT_NE(r.problems[1].message.find("IEA missing"), std::string::npos);
  EXPECT_NE(r.problems[1].describe().find("end of input (after segment 12"), std::string::npos)
      << r.problems[1].describe();

  // Missing IEA before a second ISA.
  std::string noIea = one(kClaim);
  noIea.resize(noIea.find("IEA*"));
  noIea += one(kClaim);
  r = check(noIea);
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_EQ(r.problems[0].segmentId, "ISA");
  EXPECT_NE(r.problems[0].message.find("IEA missing"), std::string::npos);
  EXPECT_EQ(r.summary.interchanges, 2U);

  // Missing GE before IEA.
  std::string noGe = one(kClaim);
  noGe.erase(noGe.find("GE*1*1"), 8);
  r = check(noGe);
  ASSERT_GE(r.problems.size(), 1U);
  EXPECT_EQ(r.problems[0].segmentId, "IEA");
  EXPECT_NE(r.problems[0].message.find("GE missing"), std::string::npos);
}

TEST(X12Envelope, SegmentsOutsideTheirEnvelopeAreRefused) {
  const std::string stray =
      kIsa + join({"GS*HC*S*R*20261127*1200*1*X*005010X222A1", "BHT*0019", "SE*2*0001", "GE*0*1",
                   "GS*HC*S*R*20261127*1200*2*X", "IEA*2*000000001", "GE*0*9", "IEA*0*000000001"});
  const auto r = check(stray);
  ASSERT_GE(r.problems.size(), 3U) << problems(r);
  EXPECT_NE(r.problems[0].message.find("segment 'BHT' outside a transaction"), std::string::npos);
  EXPECT_NE(r.problems[1].message.find("SE without an open transaction"), std::string::npos);
  EXPECT_EQ(r.problems[2].kind, ProblemKind::kVersion);  // the second GS has no GS08
}

TEST(X12Envelope, Refuses4010NamingTheVersion) {
  std::string gs4010 = one(kClaim, "004010X098A1");
  auto r = check(gs4010);
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::kVersion);
  EXPECT_EQ(r.problems[0].segmentId, "GS");
  EXPECT_EQ(r.problems[0].element, 8);
  EXPECT_NE(r.problems[0].message.find("GS08 '004010X098A1' is X12 4010"), std::string::npos);
  EXPECT_EQ(toResult(r).error().code, domain::ErrorCode::kUnsupported);

  std::string isa4010 = one(kClaim);
  isa4010.replace(isa4010.find("00501"), 5, "00401");
  r = check(isa4010);
  ASSERT_EQ(r.problems.size(), 1U);
  EXPECT_EQ(r.problems[0].element, 12);
  EXPECT_NE(r.problems[0].message.find("ISA12 '00401' is X12 4010"), std::string::npos);
}

TEST(X12Envelope, RefusesUnknownAndUnsupportedVersions) {
  auto r = check(one(kClaim, "005010X224A2"));
  ASSERT_EQ(r.problems.size(), 1U);
  EXPECT_NE(r.problems[0].message.find("an X12 5010 guide MedOffice does not read"),
            std::string::npos);
  r = check(one(kClaim, "006020X999"));
  ASSERT_EQ(r.problems.size(), 1U);
  EXPECT_NE(r.problems[0].message.find("is not an X12 5010 version"), std::string::npos);
  std::string isa = one(kClaim);
  isa.replace(isa.find("00501"), 5, "00601");
  r = check(isa);
  ASSERT_EQ(r.problems.size(), 1U);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::kVersion);
}

TEST(X12Envelope, ErrataVersionsAreReadWithAWarning) {
  const auto r = check(one(kClaim, "005010X222A2"));
  ASSERT_TRUE(r.ok()) << problems(r);
  ASSERT_EQ(r.warnings.size(), 1U);
  EXPECT_NE(r.warnings[0].message.find("payers expect 005010X222A1"), std::string::npos);
}

TEST(X12Envelope, FunctionalIdTransactionSetAndSt03MustFitTheVersion) {
  auto r = check(one(kClaim, "005010X222A1", "HP"));
  ASSERT_EQ(r.problems.size(), 2U) << problems(r);
  EXPECT_NE(r.problems[0].message.find("GS01 'HP' is not the functional id"), std::string::npos);
  r = check(one(kClaim, "005010X222A1", "HC", "835"));
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_NE(r.problems[0].message.find("ST01 '835' is not a transaction set of GS08"),
            std::string::npos);
  r = check(one({}, "005010X279A1", "HS", "271"));
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_NE(r.problems[0].message.find("expected GS01 HB"), std::string::npos);
  std::string st03 = one(kClaim);
  st03.replace(st03.find("0001*005010X222A1"), 17, "0001*005010X223A2");
  r = check(st03);
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_EQ(r.problems[0].element, 3);
}

TEST(X12Envelope, TransactionControlNumbersAreUniqueInTheirGroup) {
  const std::string in =
      kIsa + join({"GS*HC*S*R*20261127*1200*1*X*005010X222A1", "ST*837*0001*005010X222A1",
                   "SE*2*0001", "ST*837*0002*005010X222A1", "SE*2*0002", "ST*837*0001*005010X222A1",
                   "SE*2*0001", "GE*3*1", "IEA*1*000000001"});
  const auto r = check(in);
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_EQ(r.problems[0].segment, 7U);
  EXPECT_EQ(r.problems[0].offset, in.find("ST*837*0001", in.find("SE*2*0002")));
  EXPECT_NE(r.problems[0].message.find(
                "ST02 '0001' repeats the control number of the transaction at segment 3"),
            std::string::npos);
}

TEST(X12Envelope, IsaValuesMustHaveTheirForms) {
  std::string in = one(kClaim);
  in.replace(in.find("000000001*0*T"), 13, "00000000A*2*X");
  const auto r = check(in);
  ASSERT_EQ(r.problems.size(), 4U) << problems(r);
  EXPECT_EQ(r.problems[0].element, 13);
  EXPECT_EQ(r.problems[1].element, 14);
  EXPECT_EQ(r.problems[2].element, 15);
  EXPECT_NE(r.problems[3].message.find("IEA02 '000000001' does not match ISA13 '00000000A'"),
            std::string::npos);
}

TEST(X12Envelope, GsValuesMustHaveTheirForms) {
  std::string in = one(kClaim);
  in.replace(in.find("20261127*1200*1*X"), 17, "2026112*12*1*Y");
  const auto r = check(in);
  ASSERT_EQ(r.problems.size(), 3U) << problems(r);
  EXPECT_EQ(r.problems[0].element, 4);
  EXPECT_EQ(r.problems[1].element, 5);
  EXPECT_EQ(r.problems[2].element, 7);
  EXPECT_NE(r.problems[0].message.find("GS04 '2026112' is not a CCYYMMDD date"), std::string::npos);
}

TEST(X12Envelope, WrongComponentSeparatorShowsAsMalformedComposites) {
  std::vector<std::string> body = kClaim;
  for (auto& s : body) std::replace(s.begin(), s.end(), ':', '>');
  const auto r = check(one(body));
  ASSERT_EQ(r.problems.size(), 5U) << problems(r);
  EXPECT_EQ(r.problems[0].segmentId, "CLM");
  EXPECT_EQ(r.problems[0].element, 5);
  EXPECT_EQ(r.problems[0].component, 1);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::kElement);
  EXPECT_NE(r.problems[0].message.find(
                "CLM05 composite malformed: CLM05-1 '11>B>1' is not a 2-digit place of service "
                "or facility type code; it contains '>', but ISA16 declares ':' as the component "
                "separator"),
            std::string::npos)
      << r.problems[0].message;
  EXPECT_NE(r.problems[1].message.find("HI01 composite malformed"), std::string::npos);
  EXPECT_NE(r.problems[2].message.find("HI02 composite malformed"), std::string::npos);
  EXPECT_NE(r.problems[3].message.find("SV101 composite malformed"), std::string::npos);
  EXPECT_NE(r.problems[4].message.find("SV107-1 diagnosis pointer '1>2'"), std::string::npos);
}

TEST(X12Envelope, ElementFormsThatDoNotDependOnTheSeparator) {
  std::vector<std::string> body = kClaim;
  body[2] = "N4*MIAMI*FL*3111";
  body[6] = "SV1*HC:99213*100.00*UN*1***1.00";
  auto r = check(one(body));
  ASSERT_EQ(r.problems.size(), 2U) << problems(r);
  EXPECT_NE(r.problems[0].message.find("N403 '3111' is not a ZIP code"), std::string::npos);
  EXPECT_NE(r.problems[1].message.find("SV107-1 diagnosis pointer '1.00' is not a whole number"),
            std::string::npos);
  // Foreign postal codes and up to four pointers are fine; a fifth is not.
  body[2] = "N4*TORONTO*ON*M5V3L9*CA";
  body[6] = "SV1*HC:99213*100.00*UN*1***1:2:3:12:4";
  r = check(one(body));
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_NE(r.problems[0].message.find("at most 4"), std::string::npos);
  // An 835 service line whose composite was split with the element separator.
  r = check(one({"CLP*A*1*10*10**12*X", "SVC*HC*24599.00*1766.50"}, "005010X221A1", "HP", "835"));
  ASSERT_EQ(r.problems.size(), 1U) << problems(r);
  EXPECT_NE(r.problems[0].message.find(
                "SVC01 composite malformed: SVC01-2 (the procedure code) is missing"),
            std::string::npos);
}

TEST(X12Envelope, InvalidSegmentIdsAndEmptyInput) {
  auto r = check(one({"BHT*0019", "nm1*85", "NM12*X"}));
  ASSERT_EQ(r.problems.size(), 2U) << problems(r);
  EXPECT_NE(r.problems[0].message.find("'nm1' is not a segment id"), std::string::npos);
  EXPECT_EQ(r.problems[1].segment, 6U);
  r = check("");
  ASSERT_EQ(r.problems.size(), 1U);
  EXPECT_NE(r.problems[0].message.find("the input is empty"), std::string::npos);
  r = check("\r\n\r\n");
  ASSERT_EQ(r.problems.size(), 1U);
}

TEST(X12Envelope, ProblemCountIsBounded) {
  std::vector<std::string> body(500, "SV1*HC>1*1");
  CheckOptions o;
  o.maxProblems = 7;
  const auto r = check(one(body), o);
  EXPECT_EQ(r.problems.size(), 7U);
}

TEST(X12Envelope, ProblemsBecomeDomainErrorsNamingSegmentAndElement) {
  std::string in = one(kClaim);
  in.replace(in.find("SE*10*0001"), 10, "SE*10*0002");
  const auto e = toError(check(in).problems.at(0));
  EXPECT_EQ(e.code, domain::ErrorCode::kInvalid);
  ASSERT_EQ(e.fields.size(), 1U);
  EXPECT_EQ(e.fields[0].field, "segment 12 SE02");
  EXPECT_EQ(e.fields[0].message.rfind("segment 12 (SE) at byte ", 0), 0U);
}

/// The process's peak resident set in KiB (VmHWM), or -1 where /proc is not there.
long peakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

/// Makes `transactions` 837P transactions (with distinct ST02) on the fly, so no file of
/// that size exists anywhere.
class Generated {
 public:
  explicit Generated(std::uint64_t transactions) : left_(transactions) {
    text_ = kIsa + "GS*HC*S*R*20261127*1200*1*X*005010X222A1~\n";
    one_ = "ST*837*#########*005010X222A1~\n";
    for (const auto& s : kClaim) one_ += s + "~\n";
    one_ += "SE*10*#########~\n";
    st02_ = one_.find('#');
    se02_ = one_.rfind('#') - 8;
  }
  std::ptrdiff_t pull(char* buf, std::size_t cap) {
    std::size_t n = 0;
    while (n < cap) {
      if (pos_ == text_.size() && !refill()) break;
      const std::size_t k = std::min(cap - n, text_.size() - pos_);
      std::memcpy(buf + n, text_.data() + pos_, k);
      pos_ += k;
      n += k;
    }
    bytes += n;
    return static_cast<std::ptrdiff_t>(n);
  }
  std::uint64_t bytes = 0;

 private:
  bool refill() {
    if (left_ == 0) {
      if (done_) return false;
      done_ = true;
      text_ = "GE*" + std::to_string(count_) + "*1~\nIEA*1*000000001~\n";
      pos_ = 0;
      return true;
    }
    // 256 transactions per refill, numbered 100000001, 100000002, ...
    text_.clear();
    for (int i = 0; i < 256 && left_ > 0; ++i, --left_) {
      std::uint64_t control = 100000000 + ++count_;
      for (int d = 8; d >= 0; --d, control /= 10) {
        one_[st02_ + static_cast<std::size_t>(d)] = static_cast<char>('0' + control % 10);
        one_[se02_ + static_cast<std::size_t>(d)] = one_[st02_ + static_cast<std::size_t>(d)];
      }
      text_ += one_;
    }
    pos_ = 0;
    return true;
  }
  std::uint64_t left_;
  std::uint64_t count_ = 0;
  bool done_ = false;
  std::string text_;
  std::string one_;
  std::size_t st02_ = 0;
  std::size_t se02_ = 0;
  std::size_t pos_ = 0;
};

TEST(X12Envelope, StreamsAGigabyteInBoundedMemory) {
  // About 1.07 GB: 3.95 million transactions of 273 bytes in one group, generated while being
  // read. The tokenizer's buffer stays one chunk; the validator keeps 24 bytes per transaction
  // of the group for the ST02 check (capped at a million), so the peak grows by tens of MB.
  const std::uint64_t transactions = 3'950'000;
  const long before = peakRssKb();
  Generated g(transactions);
  const auto r = check([&](char* b, std::size_t c) { return g.pull(b, c); });
  if (before > 0) {
    EXPECT_LT(peakRssKb() - before, 100 * 1024) << "KiB of peak RSS added";
  }
  ASSERT_TRUE(r.ok()) << problems(r);
  EXPECT_EQ(r.summary.transactions, transactions);
  EXPECT_EQ(r.summary.claims, transactions);
  EXPECT_EQ(r.summary.bytes, g.bytes);
  {
    ASSERT_EQ(r.warnings.size(), 1U);
    EXPECT_NE(r.warnings[0].message.find("first 1000000 transactions"), std::string::npos);
  }
  EXPECT_GT(r.summary.bytes, std::uint64_t{1} << 30);
}

}  // namespace
}  // namespace medoffice::codecs::x12
