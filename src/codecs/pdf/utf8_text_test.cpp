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

TEST(Utf8Text, Windows1252HasLatin1AndItsOwnPunctuation) {
  EXPECT_EQ(toCp1252("Zoë Ñúñez-O'Brien"),
            "Zo\xEB \xD1\xFA\xF1"
            "ez-O'Brien");
  EXPECT_EQ(toCp1252("Ærøskøbing €5 … – — ‘q’ “q” • ™ Œ ž Ÿ"),
            "\xC6r\xF8sk\xF8"
            "bing \x80"
            "5 \x85 \x96 \x97 \x91q\x92 \x93q\x94 \x95 \x99 \x8C \x9E \x9F");
  EXPECT_EQ(toCp1252(""), "");
  EXPECT_FALSE(toCp1252("Łukasz"));
  EXPECT_FALSE(toCp1252("Ольга"));
  EXPECT_FALSE(toCp1252("a\tb"));
  EXPECT_FALSE(toCp1252("\xC2\x81"));  // U+0081 has no byte of its own
  EXPECT_FALSE(toCp1252("\xFF"));
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
