// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/appeal_letter.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "codecs/pdf/pdf_text_for_test.hpp"
#include "domain/denials/default_rules.hpp"

namespace medoffice::codecs::pdf {
namespace {

using testing::havePdfToText;
using testing::pdfText;

#define REQUIRE_PDFTOTEXT()                                                               \
  if (!havePdfToText()) {                                                                 \
    GTEST_SKIP() << "pdftotext is not installed (Debian: poppler-utils); the PDF's text " \
                    "cannot be read back";                                                \
  }

domain::Date day(const char* iso) {
  return domain::Date::parse(iso).value();
}

/// Two denied lines of one claim: a necessity denial with a remark code the code set knows and
/// one it does not, and a bundling denial.
app::denials::AppealLetter typicalLetter() {
  app::denials::AppealLetter l;
  l.practice.legalName = "Prairie Medicine";
  l.practice.npi = "1245678903";
  l.practice.phone = "(217) 555-0100";
  l.practice.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
  l.payer.name = "Prairie Health Plan";
  l.payer.address = {"PO Box 4400", "", "Peoria", "IL", "61601"};
  l.patient.familyName = "Ñúñez";
  l.patient.givenName = "Zoë";
  l.patient.birthDate = day("1980-02-03");
  l.memberId = "XJH123456789";
  l.claim.patientControlNumber = "C1042";
  l.claim.payerClaimNumber = "2026091800123";
  l.claim.serviceDate = day("2026-09-18");
  l.claim.total = domain::Money::fromCents(30500);
  l.deniedOn = day("2026-10-02");
  app::denials::AppealLine a;
  a.serviceDate = day("2026-09-18");
  a.procedureCode = "99214";
  a.modifiers = {"25"};
  a.charge = domain::Money::fromCents(18000);
  a.denied = domain::Money::fromCents(18000);
  a.group = "CO";
  a.carc = "50";
  a.rarcs = {"N130", "N999"};
  app::denials::AppealLine b;
  b.serviceDate = day("2026-09-18");
  b.procedureCode = "96372";
  b.charge = domain::Money::fromCents(12500);
  b.denied = domain::Money::fromCents(4025);
  b.group = "CO";
  b.carc = "Z9";
  l.lines = {a, b};
  l.rarcTexts = {{"N130", "See the plan's benefit documents for the limits that apply"}};
  l.carcTexts = {{"Z9", "A code the payer added this quarter"}};
  l.signer = "Łukasz Kowalski";
  l.today = day("2026-10-05");
  l.letterTemplate = domain::denials::defaultRuleSet().appealLetter;
  return l;
}

bool has(const std::string& text, const std::string& pattern) {
  return std::regex_search(text, std::regex(pattern));
}

TEST(AppealLetterView, FillsTheTemplateAndExplainsEveryCode) {
  const AppealLetterView v = appealLetterView(typicalLetter());
  EXPECT_EQ(v.patientName, "Zoë Ñúñez");
  EXPECT_EQ(v.birthDate, "02/03/1980");
  EXPECT_EQ(v.date, "10/05/2026");
  EXPECT_EQ(v.payer.addressLines, (std::vector<std::string>{"PO Box 4400", "Peoria, IL 61601"}));
  ASSERT_EQ(v.lines.size(), 2u);
  EXPECT_EQ(v.lines[0].procedure, "99214-25");
  EXPECT_EQ(v.lines[0].reason, "CO-50");
  EXPECT_EQ(v.lines[0].reasonText, "not deemed a medical necessity by the payer")
      << "the 835 code list comes first";
  EXPECT_EQ(
      v.lines[0].remarks,
      (std::vector<std::string>{"N130: See the plan's benefit documents for the limits that apply",
                                "N999: unknown code N999"}));
  EXPECT_EQ(v.lines[1].reasonText, "A code the payer added this quarter")
      << "a CARC the 835 list lacks comes from the code set";
  EXPECT_NE(v.body.find("On 10/02/2026 you denied $220.25 of the services we billed for Zoë "
                        "Ñúñez (member ID XJH123456789) on 09/18/2026"),
            std::string::npos)
      << v.body;
  EXPECT_NE(v.body.find("- 99214-25 on 09/18/2026, $180.00: CO-50, not deemed a medical "
                        "necessity by the payer (remark N130: See the plan's"),
            std::string::npos)
      << v.body;
  EXPECT_NE(v.body.find("(your claim number 2026091800123)"), std::string::npos);
  EXPECT_NE(v.body.find("Łukasz Kowalski\nPrairie Medicine"), std::string::npos);
  EXPECT_EQ(v.body.find("{{"), std::string::npos);
}

TEST(AppealLetterView, AnUnknownCodeSaysSoAndAMissingClaimNumberIsNotGiven) {
  auto letter = typicalLetter();
  letter.carcTexts.clear();
  letter.claim.payerClaimNumber.clear();
  letter.lines[1].procedureCode.clear();
  const AppealLetterView v = appealLetterView(letter);
  EXPECT_EQ(v.lines[1].reasonText, "unknown code Z9");
  EXPECT_EQ(v.lines[1].procedure, "Whole claim");
  EXPECT_NE(v.body.find("(your claim number not given)"), std::string::npos);
}

TEST(PdfAppealLetter, PrintsLetterheadAddresseeIdentifiersBodyAndDeniedLines) {
  REQUIRE_PDFTOTEXT();
  auto pdf = renderAppealLetter(FontFiles::dejavu(), appealLetterView(typicalLetter()));
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_LT(pdf->size(), 250u * 1024);
  const auto text = pdfText(*pdf);
  ASSERT_TRUE(text);
  for (const char* s : {"Prairie Medicine",
                        "800 N Rutledge St",
                        "Springfield, IL 62702",
                        "(217) 555-0100",
                        "NPI 1245678903",
                        "APPEAL",
                        "Appeals department",
                        "Prairie Health Plan",
                        "PO Box 4400",
                        "Peoria, IL 61601",
                        "Zoë Ñúñez",
                        "02/03/1980",
                        "XJH123456789",
                        "C1042",
                        "2026091800123",
                        "Re: Request for reconsideration of claim C1042",
                        "Denied services",
                        "Łukasz Kowalski",
                        "Sincerely,",
                        "Page 1 of 1",
                        "Appeal, claim C1042"}) {
    EXPECT_NE(text->find(s), std::string::npos) << s << "\n" << *text;
  }
  EXPECT_TRUE(has(*text, R"(Amount appealed +\$220\.25)")) << *text;
  EXPECT_TRUE(has(*text, R"(09/18/2026 +99214-25 +\$180\.00 +\$180\.00 +CO-50 +not deemed a)"))
      << *text;
  EXPECT_TRUE(has(*text, R"(96372 +\$125\.00 +\$40\.25 +CO-Z9 +A code the payer)")) << *text;
  EXPECT_TRUE(has(*text, R"(Total +\$305\.00 +\$220\.25)")) << *text;
  EXPECT_NE(text->find("N999: unknown code N999"), std::string::npos) << *text;
}

TEST(PdfAppealLetter, ALongLetterContinuesOnTheNextPage) {
  REQUIRE_PDFTOTEXT();
  auto letter = typicalLetter();
  const auto base = letter.lines;
  for (int i = 0; i < 40; ++i) {
    auto l = base[i % 2];
    l.procedureCode = "9" + std::to_string(1000 + i);
    letter.lines.push_back(l);
  }
  auto pdf = renderAppealLetter(FontFiles::dejavu(), appealLetterView(letter));
  ASSERT_TRUE(pdf.ok());
  const auto text = pdfText(*pdf);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Page 2 of"), std::string::npos);
  EXPECT_NE(text->find("Appeal, claim C1042 (continued)"), std::string::npos);
  EXPECT_NE(text->find("91039"), std::string::npos) << "the last line is printed";
  EXPECT_TRUE(has(*text, R"(Total +\$)")) << *text;
}

TEST(PdfAppealLetter, AMissingFontIsAnErrorNamingThePath) {
  FontFiles fonts = FontFiles::dejavu();
  fonts.bold = "/no/such/DejaVuSans-Bold.ttf";
  auto pdf = renderAppealLetter(fonts, appealLetterView(typicalLetter()));
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.error().message.find("/no/such/DejaVuSans-Bold.ttf"), std::string::npos);
}

}  // namespace
}  // namespace medoffice::codecs::pdf
