// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/utf8_text.hpp"

#include <gtest/gtest.h>

namespace medoffice::codecs::pdf {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8Text, ValidTextIsKept) {
  const std::string s = "Zoë Ñúñez-O'Brien, Łukasz, Ærøskøbing, 中文, \xF0\x9F\x98\x80";
  EXPECT_EQ(validUtf8(s), s);
}

TEST(Utf8Text, IllFormedSequencesBecomeReplacementCharacters) {
  EXPECT_EQ(validUtf8("a\xFF"
                      "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(validUtf8("\xC0\xAF"), kFffd + kFffd);               // overlong '/'
  EXPECT_EQ(validUtf8("\xED\xA0\x80"), kFffd + kFffd + kFffd);   // a surrogate
  EXPECT_EQ(validUtf8("\xF4\x90\x80\x80").substr(0, 3), kFffd);  // past U+10FFFF
  EXPECT_EQ(validUtf8("x\xE2\x82"), "x" + kFffd + kFffd);        // cut short
}

TEST(Utf8Text, PdfLinesHaveNoControlsAndStayInTheBasicPlane) {
  EXPECT_EQ(pdfLine("a\tb\nc\r\x01\x7F"), "a b c   ");
  EXPECT_EQ(pdfLine("smile \xF0\x9F\x98\x80!"), "smile " + kFffd + "!");
  EXPECT_EQ(pdfLine("\xC2\x85"
                    "x"),
            " x");  // C1 NEL
  EXPECT_EQ(pdfParagraph("one\r\ntwo\rthree\nfour\xE2\x80\xA8"
                         "five\tsix"),
            "one\ntwo\nthree\nfour\nfive six");
}

TEST(Utf8Text, PrefixesNeverSplitACodePoint) {
  const std::string s = "Zoë!";
  EXPECT_EQ(prefixBytes(s, 0), 0u);
  EXPECT_EQ(prefixBytes(s, 2), 2u);
  EXPECT_EQ(prefixBytes(s, 3), 4u);
  EXPECT_EQ(prefixBytes(s, 10), s.size());
}

}  // namespace
}  // namespace medoffice::codecs::pdf
