// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/ical/ical.hpp"

#include <gtest/gtest.h>

namespace medoffice::codecs::ical {
namespace {

TEST(ICal, LinesAreCrlfFoldedAt75OctetsAndTextIsEscaped) {
  Calendar c;
  c.name = "Dr Ada Okafor";
  Event e;
  e.uid = "appointment-1@medoffice";
  e.start = *domain::Instant::parse("2026-12-01T15:00:00Z");
  e.end = *domain::Instant::parse("2026-12-01T15:30:00Z");
  e.stamp = e.start;
  e.summary = "Visit; follow-up, with \\ notes\nand more " + std::string(80, 'x') +
              "\xC3\xA9\xC3\xA9\xC3\xA9";
  e.status = "CONFIRMED";
  c.events.push_back(e);
  const std::string text = encode(c);
  EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\n", 0), 0U);
  EXPECT_NE(text.find("DTSTART:20261201T150000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("SUMMARY:Visit\\; follow-up\\, with \\\\ notes\\nand more"),
            std::string::npos);
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(end - start, 75U) << text.substr(start, end - start);
    // A folded line never starts inside a UTF-8 sequence.
    if (text[start] == ' ') {
      EXPECT_NE(static_cast<unsigned char>(text[start + 1]) & 0xC0, 0x80);
    }
    start = end + 2;
  }
  EXPECT_EQ(text.substr(text.size() - 15), "END:VCALENDAR\r\n");
}

}  // namespace
}  // namespace medoffice::codecs::ical
