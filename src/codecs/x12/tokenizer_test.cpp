// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/tokenizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

namespace medoffice::codecs::x12 {
namespace {

/// A 106-byte ISA with the given separators (the terminator included).
std::string isa(char e = '*', char rep = '^', char comp = ':', char term = '~') {
  std::string s =
      "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261127*"
      "1200*^*00501*000000001*0*T*:~";
  std::replace(s.begin(), s.end(), '*', e);
  s[82] = rep;
  s[104] = comp;
  s[105] = term;
  return s;
}

struct Seen {
  std::string id;
  std::string text;
  std::uint64_t index;
  std::uint64_t offset;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> all(Tokenizer& t) {
  std::vector<Seen> out;
  while (const Segment* s = t.next()) {
    out.push_back({std::string(s->id()), std::string(s->text()), s->index(), s->offset()});
  }
  return out;
}

/// A pull source that hands out at most `step` bytes per read, to cross every boundary.
PullSource trickle(const std::string& data, std::size_t step, std::size_t* pulled = nullptr) {
  auto pos = std::make_shared<std::size_t>(0);
  return [&data, step, pos, pulled](char* buf, std::size_t cap) -> std::ptrdiff_t {
    const std::size_t n = std::min({step, cap, data.size() - *pos});
    std::memcpy(buf, data.data() + *pos, n);
    *pos += n;
    if (pulled != nullptr) *pulled += n;
    return static_cast<std::ptrdiff_t>(n);
  };
}

TEST(X12Tokenizer, ReadsSeparatorsFromTheIsaAndSplitsElements) {
  const std::string in =
      isa('|', '!', '>', '\'') + "GS|HC|A|B'ST|837|0001'NM1|85|2|NAME|||||XX|123'";
  Tokenizer t(in);
  const Segment* s = t.next();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->id(), "ISA");
  EXPECT_EQ(s->delimiters(), (Delimiters{'|', '!', '>', '\''}));
  EXPECT_EQ(s->elementCount(), 16U);
  EXPECT_EQ(s->element(6), "SENDER         ");
  EXPECT_EQ(s->element(16), ">");
  s = t.next();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->id(), "GS");
  EXPECT_EQ(s->offset(), 106U);
  EXPECT_EQ(s->index(), 2U);
  ASSERT_NE(t.next(), nullptr);
  s = t.next();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->id(), "NM1");
  EXPECT_EQ(s->elementCount(), 9U);
  EXPECT_EQ(s->element(3), "NAME");
  EXPECT_EQ(s->element(4), "");
  EXPECT_EQ(s->element(8), "XX");
  EXPECT_EQ(s->element(9), "123");
  EXPECT_EQ(s->element(10), "");
  EXPECT_EQ(t.next(), nullptr);
  EXPECT_FALSE(t.problem().has_value());
  EXPECT_EQ(t.bytesConsumed(), in.size());
}

TEST(X12Tokenizer, ToleratesCrLfAfterTerminatorsButNotElsewhere) {
  const std::string in = isa() + "\r\nGS*HC~\nST*837*0001~\r\n\r\nSE*2*0001~\r\n";
  Tokenizer t(in);
  auto segs = all(t);
  ASSERT_EQ(segs.size(), 4U);
  EXPECT_EQ(segs[1].text, "GS*HC");
  EXPECT_EQ(segs[1].offset, 108U);
  EXPECT_EQ(segs[2].text, "ST*837*0001");
  EXPECT_EQ(segs[3].text, "SE*2*0001");
  EXPECT_FALSE(t.problem().has_value());
  // A line break inside a segment is data, not skipped.
  const std::string inner = isa() + "NTE*A\r\nB~";
  Tokenizer u(inner);
  segs = all(u);
  ASSERT_EQ(segs.size(), 2U);
  EXPECT_EQ(segs[1].text, "NTE*A\r\nB");
}

TEST(X12Tokenizer, LineFeedTerminatorWithCrLfLines) {
  const std::string in = isa('*', '^', ':', '\n').substr(0, 105) + "\r\nGS*HC\r\nST*837\r\n";
  Tokenizer t(in);
  auto segs = all(t);
  ASSERT_EQ(segs.size(), 3U) << (t.problem() ? t.problem()->describe() : "");
  EXPECT_EQ(segs[1].text, "GS*HC");
  EXPECT_EQ(segs[2].text, "ST*837");
}

TEST(X12Tokenizer, StreamGivesTheSameSegmentsAsTheBufferAtEveryChunkSize) {
  std::string in = isa() + "\n";
  for (int i = 0; i < 50; ++i) {
    in += "NM1*85*2*BILLING PROVIDER " + std::to_string(i) + "*****XX*1912301953~\r\n";
  }
  in +=
      isa('|', '!', '>', '\n') + "GS|HC|X\nST|837|0001\n";  // a second interchange, new separators
  Tokenizer whole(in);
  const auto expected = all(whole);
  ASSERT_FALSE(whole.problem().has_value());
  ASSERT_EQ(expected.size(), 54U);
  EXPECT_EQ(expected[52].text, "GS|HC|X");
  for (std::size_t step : {1, 2, 3, 7, 64, 105, 106, 107, 4096}) {
    TokenizerOptions o;
    o.chunkBytes = 256;
    Tokenizer t(trickle(in, step), o);
    EXPECT_EQ(all(t), expected) << "step " << step;
    EXPECT_FALSE(t.problem().has_value()) << "step " << step;
    EXPECT_EQ(t.bytesConsumed(), in.size());
  }
  std::istringstream stream(in);
  Tokenizer fromStream(pullFrom(stream));
  EXPECT_EQ(all(fromStream), expected);
}

TEST(X12Tokenizer, RefusesGarbageBeforeTheIsa) {
  for (std::string in :
       {std::string("\xEF\xBB\xBF") + isa(), "hello " + isa(), std::string("GS*HC~")}) {
    Tokenizer t(in);
    EXPECT_EQ(t.next(), nullptr);
    ASSERT_TRUE(t.problem().has_value());
    EXPECT_EQ(t.problem()->kind, ProblemKind::kSyntax);
    EXPECT_EQ(t.problem()->offset, 0U);
    EXPECT_NE(t.problem()->message.find("does not start with an ISA"), std::string::npos)
        << t.problem()->message;
  }
}

// Found by fuzz/x12_envelope_fuzz (regression-garbage-message-depends-on-chunk): the message
// quoted only the bytes of the first chunk, so a stream and a buffer described it differently.
TEST(X12Tokenizer, GarbageIsDescribedTheSameFromABufferAndAStream) {
  const std::string in = std::string(30, '\n') + std::string(32, '\xFF') + "ISA";
  Tokenizer whole(in);
  Tokenizer streamed(trickle(in, 5));
  EXPECT_EQ(whole.next(), nullptr);
  EXPECT_EQ(streamed.next(), nullptr);
  ASSERT_TRUE(whole.problem() && streamed.problem());
  EXPECT_EQ(whole.problem()->describe(), streamed.problem()->describe());
  EXPECT_EQ(whole.problem()->offset, 30U);
  EXPECT_NE(
      whole.problem()->message.find(
          "(it starts with "
          "'\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF...')"),
      std::string::npos)
      << whole.problem()->message;
}

TEST(X12Tokenizer, NamesTheIsaElementWithTheWrongWidth) {
  std::string in = isa() + "GS*HC~";
  in.erase(in.find("SENDER") + 6, 1);  // ISA06 is 14 characters
  Tokenizer t(in);
  EXPECT_EQ(t.next(), nullptr);
  ASSERT_TRUE(t.problem().has_value());
  EXPECT_EQ(t.problem()->segmentId, "ISA");
  EXPECT_EQ(t.problem()->element, 6);
  EXPECT_NE(t.problem()->message.find("ISA06 is 14 characters long; it must be exactly 15"),
            std::string::npos)
      << t.problem()->message;
}

TEST(X12Tokenizer, RefusesSeparatorsThatAreNotDistinctOrAreData) {
  for (const std::string& in :
       {isa('*', '^', '*', '~'), isa('*', '^', ':', ':'), isa('*', '^', ':', 'A'),
        isa('*', '^', ' ', '~'), isa().substr(0, 60)}) {
    Tokenizer t(in);
    EXPECT_EQ(t.next(), nullptr);
    ASSERT_TRUE(t.problem().has_value()) << in;
    EXPECT_EQ(t.problem()->kind, ProblemKind::kSyntax);
    EXPECT_EQ(t.problem()->segmentId, "ISA");
  }
  // 4010 put a standards id in ISA11: no repetition separator, but the file still tokenises.
  const std::string old4010 = isa('*', 'U', ':', '~') + "GS*HC~";
  Tokenizer old(old4010);
  ASSERT_NE(old.next(), nullptr);
  EXPECT_EQ(old.next()->delimiters().repetition, '\0');
}

// Found by fuzz/x12_tokenizer_fuzz (fuzz/corpus/*/regression-isa-at-end-of-input): "ISA" as the
// last three bytes was read one byte past the end.
TEST(X12Tokenizer, IsaAtTheVeryEndOfTheInputIsTruncatedNotOverread) {
  for (const std::string& in : {std::string("ISA"), isa() + "GS*HC~ISA"}) {
    const std::string exact = in;  // no byte after the buffer to read by accident
    Tokenizer t(std::string_view(exact.data(), exact.size()));
    while (t.next() != nullptr) {
    }
    ASSERT_TRUE(t.problem().has_value());
    EXPECT_EQ(t.problem()->segmentId, "ISA");
    EXPECT_NE(t.problem()->message.find("only 3 remain"), std::string::npos);
  }
}

TEST(X12Tokenizer, TruncatedInputNamesTheUnterminatedSegment) {
  const std::string in = isa() + "GS*HC~ST*837*00";
  Tokenizer t(in);
  EXPECT_EQ(all(t).size(), 2U);
  ASSERT_TRUE(t.problem().has_value());
  EXPECT_EQ(t.problem()->segment, 3U);
  EXPECT_EQ(t.problem()->offset, 112U);
  EXPECT_EQ(t.problem()->segmentId, "ST");
  EXPECT_NE(t.problem()->message.find("truncated"), std::string::npos);
}

TEST(X12Tokenizer, TenMegabyteSegmentIsRefusedWithBoundedMemory) {
  std::string in = isa() + "NTE*" + std::string(10 << 20, 'A') + "~";
  // Buffer mode: refused without reading past the limit.
  Tokenizer view(in);
  EXPECT_EQ(all(view).size(), 1U);
  ASSERT_TRUE(view.problem().has_value());
  EXPECT_EQ(view.problem()->kind, ProblemKind::kLimit);
  EXPECT_EQ(view.problem()->segment, 2U);
  EXPECT_EQ(view.problem()->offset, 106U);
  // Stream mode: reads only about the limit, never the whole segment.
  std::size_t pulled = 0;
  Tokenizer stream(trickle(in, 1 << 16, &pulled));
  EXPECT_EQ(all(stream).size(), 1U);
  ASSERT_TRUE(stream.problem().has_value());
  EXPECT_EQ(stream.problem()->kind, ProblemKind::kLimit);
  EXPECT_LE(pulled, (std::size_t{1} << 20) + (std::size_t{3} << 16));
  // A larger limit lets it through.
  TokenizerOptions big;
  big.maxSegmentBytes = 11 << 20;
  Tokenizer allowed(trickle(in, 1 << 16), big);
  auto segs = all(allowed);
  ASSERT_EQ(segs.size(), 2U);
  EXPECT_EQ(segs[1].text.size(), (10U << 20) + 4);
}

TEST(X12Tokenizer, ReadFailureIsAProblem) {
  int calls = 0;
  const std::string head = isa();
  Tokenizer t([&](char* buf, std::size_t cap) -> std::ptrdiff_t {
    if (calls++ == 0) {
      std::memcpy(buf, head.data(), std::min(cap, head.size()));
      return static_cast<std::ptrdiff_t>(std::min(cap, head.size()));
    }
    return -1;
  });
  EXPECT_EQ(all(t).size(), 1U);
  ASSERT_TRUE(t.problem().has_value());
  EXPECT_EQ(t.problem()->kind, ProblemKind::kIo);
}

TEST(X12Tokenizer, SegmentIdIsAtMostFourBytesWhenThereIsNoSeparator) {
  const std::string in = isa() + "SE~ABCDEFG~~";
  Tokenizer t(in);
  auto segs = all(t);
  ASSERT_EQ(segs.size(), 4U);
  EXPECT_EQ(segs[1].id, "SE");
  EXPECT_EQ(segs[2].id, "ABCD");
  EXPECT_EQ(segs[3].id, "");
}

TEST(X12Tokenizer, PartsOfCompositesAndRepetitions) {
  EXPECT_EQ(part("HC:J3490:::::Hep Lock", ':', 2), "J3490");
  EXPECT_EQ(part("HC:J3490:::::Hep Lock", ':', 4), "");
  EXPECT_EQ(part("HC:J3490:::::Hep Lock", ':', 7), "Hep Lock");
  EXPECT_EQ(part("HC:J3490:::::Hep Lock", ':', 8), "");
  EXPECT_EQ(partCount("HC:J3490:::::Hep Lock", ':'), 7U);
  EXPECT_EQ(part("1^33^35", '^', 3), "35");
  EXPECT_EQ(partCount("", '^'), 0U);
  EXPECT_EQ(partCount("30", '^'), 1U);
  EXPECT_EQ(part("30", '^', 0), "");
}

}  // namespace
}  // namespace medoffice::codecs::x12
