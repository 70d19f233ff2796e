// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/statement.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "codecs/pdf/pdf_text_for_test.hpp"

namespace medoffice::codecs::pdf {
namespace {

using testing::findWord;
using testing::havePdfToText;
using testing::pdfText;
using testing::wordBoxes;

#define REQUIRE_PDFTOTEXT()                                                               \
  if (!havePdfToText()) {                                                                 \
    GTEST_SKIP() << "pdftotext is not installed (Debian: poppler-utils); the PDF's text " \
                    "cannot be read back";                                                \
  }

StatementView typicalStatement(int lines = 8) {
  StatementView v;
  v.practice = {"Springfield Family Medicine",
                {"1200 Main Street, Suite 4", "Springfield, IL 62701"},
                "(217) 555-0100"};
  v.guarantor = {"Zoë Ñúñez-O'Brien", {"77 Ærøskøbing Lane", "Peoria, IL 61602"}, ""};
  v.accountNumber = "A-000457";
  v.statementNumber = "S-2026-001234";
  v.statementDate = "2026-12-01";
  v.dueDate = "2026-12-31";
  const char* patients[] = {"Zoë Ñúñez-O'Brien", "Łukasz Ñúñez-O'Brien"};
  for (int i = 0; i < lines; ++i) {
    StatementLine l;
    const int month = 1 + i % 12;
    l.dateOfService = "2026-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-15";
    l.patient = patients[i % 2];
    l.description = "Office visit " + std::to_string(i + 1);
    l.chargeCents = 15000;
    l.insurancePaidCents = 9000;
    l.adjustmentCents = -2500;
    l.patientPaidCents = 1000;
    l.insurancePendingCents = i % 3 == 0 ? 1500 : 0;
    l.patientDueCents = 2500 - l.insurancePendingCents;
    v.lines.push_back(l);
  }
  v.aging = {12345, 2000, 0, 1050, 99999};
  v.insurancePendingCents = 4500;
  v.patientDueCents = 115494;
  v.creditCents = 0;
  v.amountDueCents = 115494;
  v.message =
      "Your account is past due. Please pay the amount due by 2026-12-31 or call our "
      "billing office at (217) 555-0100 to set up a payment plan.";
  return v;
}

std::string render(const StatementView& v) {
  auto pdf = renderStatement(FontFiles::dejavu(), v);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
  return pdf.ok() ? *pdf : std::string();
}

bool has(const std::string& text, const std::string& pattern) {
  return std::regex_search(text, std::regex(pattern));
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

TEST(PdfStatement, ShowsTheAccountItsLinesTotalsAgingMessageAndCoupon) {
  REQUIRE_PDFTOTEXT();
  const std::string pdf = render(typicalStatement());
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  for (const char* s :
       {"Springfield Family Medicine", "1200 Main Street, Suite 4", "(217) 555-0100", "STATEMENT",
        "S-2026-001234", "2026-12-01", "2026-12-31", "Zoë Ñúñez-O'Brien", "77 Ærøskøbing Lane",
        "Peoria, IL 61602", "Office visit 8",
        "Please detach and return "
        "with your payment",
        "Amount enclosed", "Remit to:", "Page 1 of 1", "Your account is past due."}) {
    EXPECT_NE(text->find(s), std::string::npos) << s << "\n" << *text;
  }
  EXPECT_EQ(count(*text, "A-000457"), 3u);  // the box, the coupon and the footer
  // The first line of the table, every column.
  EXPECT_TRUE(has(
      *text,
      R"(2026-01-15 +Zoë Ñúñez-O'Brien +Office visit 1 +\$150\.00 +\$90\.00 +-\$25\.00 +\$10\.00 +\$15\.00 +\$10\.00)"))
      << *text;
  EXPECT_TRUE(
      has(*text, R"(Office visit 2 +\$150\.00 +\$90\.00 +-\$25\.00 +\$10\.00 +\$0\.00 +\$25\.00)"));
  EXPECT_TRUE(has(*text, R"(Insurance pending +\$45\.00)"));
  EXPECT_TRUE(has(*text, R"(Your balance +\$1,154\.94)"));
  EXPECT_TRUE(has(*text, R"(Amount due from you +\$1,154\.94)"));
  EXPECT_EQ(text->find("Credit on account"), std::string::npos);
  EXPECT_TRUE(has(*text, "0–30 days +31–60 days +61–90 days +91–120 days +Over 120 days")) << *text;
  EXPECT_TRUE(has(*text, R"(\$123\.45 +\$20\.00 +\$0\.00 +\$10\.50 +\$999\.99)"));
  EXPECT_GE(count(*text, "$1,154.94"), 4u);  // box, totals twice, coupon
}

TEST(PdfStatement, TheAddressSitsInTheEnvelopeWindowAndTheCouponBelowThePerforation) {
  REQUIRE_PDFTOTEXT();
  const auto words = wordBoxes(render(typicalStatement()));
  ASSERT_FALSE(words.empty());
  // #10 window: about 0.875–4.875 in from the left, 1.9–3.1 in from the top.
  const auto street = findWord(words, "Ærøskøbing");
  ASSERT_TRUE(street);
  EXPECT_GE(street->xMin, 0.875 * 72);
  EXPECT_LE(street->xMax, 4.875 * 72);
  EXPECT_GE(street->yMin, 1.9 * 72);
  EXPECT_LE(street->yMax, 3.1 * 72);
  const auto city = findWord(words, "Peoria,");
  ASSERT_TRUE(city);
  EXPECT_LE(city->yMax, 3.1 * 72);

  const auto detach = findWord(words, "detach");
  const auto enclosed = findWord(words, "enclosed");
  const auto remit = findWord(words, "Remit");
  ASSERT_TRUE(detach && enclosed && remit);
  EXPECT_GT(enclosed->yMin, detach->yMax);
  EXPECT_GT(remit->yMin, detach->yMax);
  EXPECT_GT(detach->yMin, 792 - 260.0);  // the coupon is the foot of page 1
  // Nothing of the table reaches into the coupon.
  for (const auto& w : words) {
    if (w.text.rfind("visit", 0) == 0) {
      EXPECT_LT(w.yMax, detach->yMin) << w.text;
    }
  }
}

TEST(PdfStatement, SixtyLinesSpanPagesWithTheHeaderRepeatedAndOneCoupon) {
  REQUIRE_PDFTOTEXT();
  StatementView v = typicalStatement(60);
  const std::string pdf = render(v);
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  const std::size_t pages = count(*text, "\f");
  ASSERT_GE(pages, 2u);
  EXPECT_NE(text->find("Page 2 of " + std::to_string(pages)), std::string::npos) << *text;
  EXPECT_EQ(count(*text, "Please detach and return with your payment"), 1u);
  EXPECT_EQ(count(*text, "(continued)"), pages - 1);
  // Each page with lines repeats the table header.
  std::size_t pagesWithLines = 0;
  for (std::size_t start = 0, end = 0; start < text->size(); start = end + 1) {
    end = text->find('\f', start);
    if (end == std::string::npos) end = text->size();
    const std::string page = text->substr(start, end - start);
    if (page.find("Office visit") == std::string::npos) continue;
    ++pagesWithLines;
    EXPECT_EQ(count(page, "Description"), 1u) << page;
  }
  EXPECT_GE(pagesWithLines, 2u);
  for (int i = 1; i <= 60; ++i) {
    EXPECT_TRUE(has(*text, "Office visit " + std::to_string(i) + R"( +\$150\.00)")) << i;
  }
  EXPECT_TRUE(has(*text, R"(Amount due from you +\$1,154\.94)"));
  const auto firstPage = text->substr(0, text->find('\f'));
  EXPECT_NE(firstPage.find("Amount enclosed"), std::string::npos);
  EXPECT_NE(firstPage.find("Office visit 1 "), std::string::npos);
}

TEST(PdfStatement, LongNamesAndAddressesAreCutOrWrappedKeepingTheirStart) {
  REQUIRE_PDFTOTEXT();
  StatementView v = typicalStatement(2);
  v.guarantor.name =
      "Maria-Fernanda de los Ángeles Castañeda-O'Brien y Ñúñez de la Torre Santos Villanueva";
  v.guarantor.addressLines = {
      "Apartment 1204, The Residences at Ærøskøbing Harbourfront Tower, 77 Long Avenue "
      "Northwest",
      "Springfield, IL 62701-1234"};
  v.lines[0].description =
      "Comprehensive preventive medicine reevaluation and management of an established patient "
      "including an age and gender appropriate history, examination and counseling";
  v.lines[1].patient = "Bartholomew-Alexander Ñúñez-O'Brien-Castañeda de la Torre";
  v.creditCents = 2500;
  const auto text = pdfText(render(v));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Maria-Fernanda de los Ángeles"), std::string::npos) << *text;
  EXPECT_NE(text->find("Apartment 1204, The Residences"), std::string::npos);
  EXPECT_NE(text->find("…"), std::string::npos);
  EXPECT_NE(text->find("Springfield, IL 62701-1234"), std::string::npos);
  EXPECT_NE(text->find("Comprehensive"), std::string::npos);
  EXPECT_NE(text->find("Bartholomew-"), std::string::npos);
  EXPECT_TRUE(has(*text, R"(Credit on account +\$25\.00)"));
  const auto words = wordBoxes(render(v));
  for (const auto& w : words) {
    EXPECT_LE(w.xMax, 612 - 36 + 0.5) << w.text;  // nothing past the right margin
    EXPECT_GE(w.xMin, 36 - 0.5) << w.text;
  }
}

TEST(PdfStatement, AnEmptyAccountStillPrintsAllItsParts) {
  REQUIRE_PDFTOTEXT();
  StatementView v = typicalStatement(0);
  v.message.clear();
  v.amountDueCents = 0;
  const auto text = pdfText(render(v));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("No visits have a balance."), std::string::npos);
  EXPECT_TRUE(has(*text, R"(Amount due from you +\$0\.00)"));
  EXPECT_NE(text->find("Amount enclosed"), std::string::npos);
}

TEST(PdfStatement, AMissingFontIsAnErrorNamingThePath) {
  FontFiles fonts = FontFiles::dejavu();
  fonts.bold = "/no/such/dir/DejaVuSans-Bold.ttf";
  const auto pdf = renderStatement(fonts, typicalStatement());
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.error().message.find("/no/such/dir/DejaVuSans-Bold.ttf"), std::string::npos);
}

}  // namespace
}  // namespace medoffice::codecs::pdf
