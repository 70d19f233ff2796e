// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/receipt.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "codecs/pdf/pdf_text_for_test.hpp"

namespace medoffice::codecs::pdf {
namespace {

using testing::havePdfToText;
using testing::pdfText;

#define REQUIRE_PDFTOTEXT()                                                               \
  if (!havePdfToText()) {                                                                 \
    GTEST_SKIP() << "pdftotext is not installed (Debian: poppler-utils); the PDF's text " \
                    "cannot be read back";                                                \
  }

ReceiptView typicalReceipt() {
  ReceiptView v;
  v.practice = {"Springfield Family Medicine",
                {"1200 Main Street, Suite 4", "Springfield, IL 62701"},
                "(217) 555-0100"};
  v.receiptNumber = "R-2026-000123";
  v.receivedAt = "2026-12-04 2:05 PM CST";
  v.patientName = "Zoë Ñúñez-O'Brien";
  v.accountNumber = "A-000457";
  v.method = "card ending 4242";
  v.receivedBy = "Łukasz Kowalski";
  v.lines = {{"2026-10-02", "Zoë Ñúñez-O'Brien", "Office visit, established patient", 4500},
             {"2026-11-15", "Ærø Ñúñez-O'Brien", "Vaccine administration", 12550}};
  v.totalPaidCents = 20000;
  v.onAccountCents = 2950;
  v.remainingBalanceCents = 123456;
  return v;
}

std::string render(const ReceiptView& v) {
  auto pdf = renderReceipt(FontFiles::dejavu(), v);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
  return pdf.ok() ? *pdf : std::string();
}

bool hasLine(const std::string& text, const std::string& pattern) {
  return std::regex_search(text, std::regex(pattern));
}

TEST(PdfReceipt, ShowsWhoPaidWhatAndTheTotals) {
  REQUIRE_PDFTOTEXT();
  const std::string pdf = render(typicalReceipt());
  EXPECT_LT(pdf.size(), 250u * 1024);
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  for (const char* s :
       {"Springfield Family Medicine", "1200 Main Street, Suite 4", "Springfield, IL 62701",
        "(217) 555-0100", "RECEIPT", "R-2026-000123", "2026-12-04 2:05 PM CST", "Zoë Ñúñez-O'Brien",
        "A-000457", "card ending 4242", "Łukasz Kowalski", "Ærø Ñúñez-O'Brien",
        "Office visit, established patient", "Vaccine administration", "2026-10-02", "2026-11-15",
        "Thank you for your payment.", "Page 1 of 1"}) {
    EXPECT_NE(text->find(s), std::string::npos) << s << "\n" << *text;
  }
  EXPECT_TRUE(hasLine(
      *text, R"(2026-10-02 +Zoë Ñúñez-O'Brien +Office visit, established patient +\$45\.00)"))
      << *text;
  EXPECT_TRUE(hasLine(*text, R"(Vaccine administration +\$125\.50)"));
  EXPECT_TRUE(hasLine(*text, R"(Applied to visits +\$170\.50)"));
  EXPECT_TRUE(hasLine(*text, R"(On account \(credit\) +\$29\.50)"));
  EXPECT_TRUE(hasLine(*text, R"(Total paid +\$200\.00)"));
  EXPECT_TRUE(hasLine(*text, R"(Remaining balance +\$1,234\.56)"));
  EXPECT_EQ(text->find("credit on your account"), std::string::npos);
}

TEST(PdfReceipt, APaymentThatPaidNoVisitSaysSoAndShowsACredit) {
  REQUIRE_PDFTOTEXT();
  ReceiptView v = typicalReceipt();
  v.lines.clear();
  v.totalPaidCents = 5000;
  v.onAccountCents = 5000;
  v.remainingBalanceCents = -1500;
  const auto text = pdfText(render(v));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("not applied to any visit"), std::string::npos) << *text;
  EXPECT_EQ(text->find("Applied to visits"), std::string::npos);
  EXPECT_TRUE(hasLine(*text, R"(On account \(credit\) +\$50\.00)"));
  EXPECT_TRUE(hasLine(*text, R"(Total paid +\$50\.00)"));
  EXPECT_TRUE(hasLine(*text, R"(Remaining balance +-\$15\.00)"));
  EXPECT_NE(text->find("A negative balance is a credit on your account."), std::string::npos);
}

TEST(PdfReceipt, ManyLinesContinueOnTheNextPage) {
  REQUIRE_PDFTOTEXT();
  ReceiptView v = typicalReceipt();
  v.lines.clear();
  for (int i = 0; i < 70; ++i) {
    v.lines.push_back({"2026-01-01", "Patient " + std::to_string(i),
                       "Visit number " + std::to_string(i), 100 + i});
  }
  const auto text = pdfText(render(v));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Page 2 of 2"), std::string::npos);
  EXPECT_NE(text->find("Receipt R-2026-000123 (continued)"), std::string::npos);
  for (int i = 0; i < 70; ++i) {
    EXPECT_NE(text->find("Visit number " + std::to_string(i) + " "), std::string::npos) << i;
  }
  EXPECT_TRUE(hasLine(*text, R"(Total paid +\$200\.00)"));
}

TEST(PdfReceipt, LongTextIsCutOrWrappedKeepingItsStart) {
  REQUIRE_PDFTOTEXT();
  ReceiptView v = typicalReceipt();
  v.practice.name =
      "Springfield Family Medicine and Pediatrics Associates of Central Illinois Incorporated";
  v.patientName = "Maria-Fernanda de los Ángeles Castañeda-O'Brien y Ñúñez de la Torre Santos";
  v.lines[0].description =
      "Comprehensive preventive medicine reevaluation and management of an established patient "
      "including an age and gender appropriate history, examination and counseling";
  const auto text = pdfText(render(v));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Springfield Family Medicine and"), std::string::npos) << *text;
  EXPECT_NE(text->find("Maria-Fernanda de los"), std::string::npos);
  EXPECT_NE(text->find("…"), std::string::npos);
  EXPECT_NE(text->find("Comprehensive preventive"), std::string::npos);
  EXPECT_TRUE(hasLine(*text, R"(Total paid +\$200\.00)"));
}

TEST(PdfReceipt, AMissingFontIsAnErrorNamingThePath) {
  FontFiles fonts = FontFiles::dejavu();
  fonts.regular = "/no/such/dir/DejaVuSans.ttf";
  const auto pdf = renderReceipt(fonts, typicalReceipt());
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, domain::ErrorCode::kInternal);
  EXPECT_NE(pdf.error().message.find("/no/such/dir/DejaVuSans.ttf"), std::string::npos);
}

}  // namespace
}  // namespace medoffice::codecs::pdf
