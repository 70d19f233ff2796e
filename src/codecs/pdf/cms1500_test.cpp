// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/cms1500.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "codecs/pdf/pdf_text_for_test.hpp"
#include "domain/claims/sample_claims.hpp"

namespace medoffice::codecs::pdf {
namespace {

namespace claims = domain::claims;
namespace samples = domain::claims::samples;
using testing::findWord;
using testing::havePdfToText;
using testing::pdfText;
using testing::WordBox;
using testing::wordBoxes;

#define REQUIRE_PDFTOTEXT()                                                               \
  if (!havePdfToText()) {                                                                 \
    GTEST_SKIP() << "pdftotext is not installed (Debian: poppler-utils); the PDF's text " \
                    "cannot be read back";                                                \
  }

// The grid of cms1500.cpp as pdftotext -bbox measures it (from the top-left corner): column c
// starts at 18 + (c - 1) * 7.2 points.
double colX(int col) {
  return 18 + (col - 1) * 7.2;
}

claims::Claim typicalClaim() {
  claims::Claim c = samples::claim("1001");
  c.renderingProvider = samples::renderingProvider();
  c.lines[0].modifiers = {"25", "59"};
  c.billingProvider.contact.phone = "+13125550123";
  return c;
}

std::string render(const claims::Claim& c, const Cms1500Options& options = {}) {
  auto pdf = renderCms1500(FontFiles::dejavu(), c, options);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
  return pdf.ok() ? *pdf : std::string();
}

std::vector<std::string> pages(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t ff; (ff = text.find('\f', start)) != std::string::npos; start = ff + 1) {
    out.push_back(text.substr(start, ff - start));
  }
  if (start < text.size() && text.find_first_not_of(" \n", start) != std::string::npos) {
    out.push_back(text.substr(start));
  }
  return out;
}

/// The words on the same printed row as `anchor`, left to right, joined by single spaces.
std::string rowOf(const std::vector<WordBox>& words, const WordBox& anchor) {
  std::vector<WordBox> row;
  for (const auto& w : words) {
    if (w.page == anchor.page && std::abs(w.yMax - anchor.yMax) < 2.5) row.push_back(w);
  }
  std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.xMin < b.xMin; });
  std::string out;
  for (const auto& w : row) out += (out.empty() ? "" : " ") + w.text;
  return out;
}

std::string rowOf(const std::vector<WordBox>& words, const std::string& anchor, int page = 1) {
  const auto w = findWord(words, anchor, page);
  return w ? rowOf(words, *w) : std::string("<no " + anchor + ">");
}

/// True when an "X" mark sits within `dx` points right of `label`'s left edge and `dy` points
/// below (or on) its row.
bool markedNear(const std::vector<WordBox>& words, const std::string& label, double dxMin,
                double dxMax, double dyMax, int page = 1) {
  const auto l = findWord(words, label, page);
  if (!l) return false;
  return std::any_of(words.begin(), words.end(), [&](const WordBox& w) {
    return w.page == page && w.text == "X" && w.xMin >= l->xMin + dxMin &&
           w.xMin <= l->xMin + dxMax && w.yMax >= l->yMax - 3 && w.yMax <= l->yMax + dyMax;
  });
}

TEST(Cms1500, ASampleClaimPrintsEveryItemInItsBox) {
  REQUIRE_PDFTOTEXT();
  const std::string pdf = render(typicalClaim());
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  EXPECT_EQ(pages(*text).size(), 1u);
  for (const char* s :
       {"1a. INSURED'S I.D. NUMBER", "2. PATIENT'S NAME", "33. BILLING PROVIDER INFO & PH #",
        "HEALTH INSURANCE CLAIM FORM", "GREAT PRAIRIES HEALTH", "4456 SOUTH SHORE BLVD",
        "W123456789", "SMITH, JANE, Q", "236 N MAIN ST", "GRP01020102", "SIGNATURE ON FILE",
        "LAKESIDE FAMILY PRACTICE", "100 LAKE SHORE DR SUITE 200", "CHICAGO IL 60611-1234",
        "123456789", "1245319599", "ZZ207Q00000X"}) {
    EXPECT_NE(text->find(s), std::string::npos) << s << "\n" << *text;
  }
  EXPECT_EQ(text->find("CONTINUED"), std::string::npos);
  EXPECT_EQ(text->find("J20.9"), std::string::npos) << "NUCC: diagnosis codes without the point";

  const auto words = wordBoxes(pdf);
  // Item 21: ICD-10 indicator 0, A and B beside their codes.
  EXPECT_NE(rowOf(words, "J209").find("A. J209 B. R051"), std::string::npos)
      << rowOf(words, "J209");
  EXPECT_NE(rowOf(words, "Ind.").find("Ind. 0"), std::string::npos) << rowOf(words, "Ind.");
  // Item 24: dates, POS, code, modifiers, pointer letters, charge as dollars and cents, units and
  // the rendering NPI, on one row each.
  EXPECT_NE(rowOf(words, "99213")
                .find("10 02 26 10 02 26 11 99213 25 59 AB 125 00 1 NPI "
                      "1999996667"),
            std::string::npos)
      << rowOf(words, "99213");
  EXPECT_NE(rowOf(words, "36415").find("10 02 26 10 02 26 11 36415 A 12 50 1 NPI 1999996667"),
            std::string::npos)
      << rowOf(words, "36415");
  // Items 25 to 29: tax id (EIN), account number, assignment, total charge.
  const std::string totals = rowOf(words, "1001");
  EXPECT_NE(totals.find("123456789"), std::string::npos) << totals;
  EXPECT_NE(totals.find("137 50"), std::string::npos) << totals;
  EXPECT_TRUE(markedNear(words, "EIN", -2, 8, 20)) << totals;
  // The phone in 33, the area code between the form's parentheses.
  EXPECT_NE(rowOf(words, "5550123").find("( 312 ) 5550123"), std::string::npos)
      << rowOf(words, "5550123");
  // Check boxes: item 1 (CI is a group health plan), 3 and 11a (female), 6 (self), 27 (yes).
  EXPECT_TRUE(markedNear(words, "GROUP", -2, 8, 20));
  EXPECT_FALSE(markedNear(words, "MEDICARE", -2, 8, 20));
  EXPECT_TRUE(markedNear(words, "Self", 14, 26, 3));
  EXPECT_FALSE(markedNear(words, "Child", 14, 26, 3));
}

TEST(Cms1500, NineLinesTakeTwoFormsWithTheTotalOnTheLast) {
  REQUIRE_PDFTOTEXT();
  claims::Claim c = typicalClaim();
  c.lines.clear();
  for (int i = 1; i <= 9; ++i) {
    c.lines.push_back(
        samples::line("L" + std::to_string(i), "9921" + std::to_string(i % 10), 1000 * i + i, {1}));
  }
  const std::string pdf = render(c);
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  const auto ps = pages(*text);
  ASSERT_EQ(ps.size(), 2u) << *text;
  for (const auto& p : ps) {
    EXPECT_NE(p.find("SMITH, JANE, Q"), std::string::npos);
    EXPECT_NE(p.find("28. TOTAL CHARGE"), std::string::npos);
  }
  EXPECT_NE(ps[0].find("CONTINUED"), std::string::npos) << ps[0];
  EXPECT_EQ(ps[1].find("CONTINUED"), std::string::npos);
  const auto words = wordBoxes(pdf);
  // 10.01 + 20.02 + ... + 90.09 = 450.45, on page 2 only.
  EXPECT_FALSE(findWord(words, "450", 1));
  ASSERT_TRUE(findWord(words, "450", 2));
  EXPECT_NE(rowOf(words, *findWord(words, "450", 2)).find("450 45"), std::string::npos);
  for (int i = 1; i <= 9; ++i) {
    const std::string code = "9921" + std::to_string(i % 10);
    const int page = i <= 6 ? 1 : 2;
    ASSERT_TRUE(findWord(words, code, page)) << code;
    EXPECT_FALSE(findWord(words, code, 3 - page)) << code;
    EXPECT_NE(rowOf(words, *findWord(words, code, page))
                  .find(code + " A " + std::to_string(10 * i) + " 0" + std::to_string(i)),
              std::string::npos)
        << rowOf(words, *findWord(words, code, page));
  }
}

TEST(Cms1500, ASecondaryClaimShowsTheOtherInsuredAndTheAmountPaid) {
  REQUIRE_PDFTOTEXT();
  claims::Claim c = typicalClaim();
  c.subscriber.responsibility = claims::PayerResponsibility::kSecondary;
  claims::OtherPayer o;
  o.claimFilingIndicator = "MB";
  o.subscriberName = claims::PartyName::person("Smith", "John", "Albert");
  o.subscriberMemberId = "PRI998877";
  o.payerName = "Blue Lake Insurance";
  o.payerId = "99999";
  o.paidAmount = domain::Money::fromCents(8012);
  c.otherPayers.push_back(o);
  const std::string pdf = render(c);
  const auto words = wordBoxes(pdf);
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("SMITH, JOHN, A"), std::string::npos) << *text;
  EXPECT_NE(text->find("PRI998877"), std::string::npos);
  EXPECT_NE(text->find("BLUE LAKE INSURANCE"), std::string::npos);
  // 9 above 9a above 9d, in the left column.
  const auto name = findWord(words, "JOHN,");
  const auto policy = findWord(words, "PRI998877");
  const auto plan = findWord(words, "BLUE");
  ASSERT_TRUE(name && policy && plan);
  EXPECT_LT(name->yMax, policy->yMax);
  EXPECT_LT(policy->yMax, plan->yMax);
  EXPECT_LT(plan->xMax, colX(30));
  // 28 and 29 side by side.
  EXPECT_NE(rowOf(words, "1001").find("137 50 80 12"), std::string::npos) << rowOf(words, "1001");
  // 11d: another plan, yes.
  EXPECT_NE(rowOf(words, "If").find("YES X NO"), std::string::npos) << rowOf(words, "If");
}

TEST(Cms1500, AReplacementShowsTheResubmissionCodeAndOriginalReference) {
  REQUIRE_PDFTOTEXT();
  claims::Claim c = typicalClaim();
  c.frequency = claims::ClaimFrequency::kReplacement;
  c.originalClaimNumber = "PAYER-CLM-7788";
  c.priorAuthorization = "AUTH42";
  const std::string pdf = render(c);
  const auto words = wordBoxes(pdf);
  const auto ref = findWord(words, "PAYER-CLM-7788");
  ASSERT_TRUE(ref);
  EXPECT_EQ(rowOf(words, *ref).substr(rowOf(words, *ref).size() - 16), "7 PAYER-CLM-7788");
  EXPECT_GE(ref->xMin, colX(62));
  const auto auth = findWord(words, "AUTH42");
  ASSERT_TRUE(auth);
  EXPECT_GT(auth->yMin, ref->yMin);  // 23 below 22
  EXPECT_GE(auth->xMin, colX(50));

  const auto original = wordBoxes(render(typicalClaim()));
  EXPECT_FALSE(findWord(original, "7"));
}

TEST(Cms1500, DataOnlyPrintsTheSameDataAtTheSamePlacesWithoutTheForm) {
  REQUIRE_PDFTOTEXT();
  Cms1500Options dataOnly;
  dataOnly.withForm = false;
  const std::string pdf = render(typicalClaim(), dataOnly);
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  for (const char* caption : {"INSURED'S I.D. NUMBER", "PATIENT'S NAME", "HEALTH INSURANCE",
                              "BILLING PROVIDER INFO", "NPI ", "MEDICARE", "Self", "A. "}) {
    EXPECT_EQ(text->find(caption), std::string::npos) << caption << "\n" << *text;
  }
  const auto plain = wordBoxes(pdf);
  const auto formed = wordBoxes(render(typicalClaim()));
  for (const char* data : {"W123456789", "J209", "R051", "99213", "1999996667", "137", "123456789",
                           "1245319599", "SMITH,", "GREAT", "X"}) {
    const auto a = findWord(plain, data);
    const auto b = findWord(formed, data);
    ASSERT_TRUE(a && b) << data;
    EXPECT_NEAR(a->xMin, b->xMin, 0.01) << data;
    EXPECT_NEAR(a->yMin, b->yMin, 0.01) << data;
  }
}

TEST(Cms1500, NamesWithAccentsAndApostrophesPrintInUpperCase) {
  REQUIRE_PDFTOTEXT();
  claims::Claim c = typicalClaim();
  claims::Patient p = samples::dependent();
  p.name = claims::PartyName::person("Ñúñez-O'Brien", "Zoë", "élodie");
  p.address.line1 = "77 Ærøskøbing Lane, Apt. #4";
  c.patient = p;
  c.subscriber.name = claims::PartyName::person("Łukasz", "Jürgen");
  const std::string pdf = render(c);
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("ÑÚÑEZ-O'BRIEN, ZOË, É"), std::string::npos) << *text;
  EXPECT_NE(text->find("77 ÆRØSKØBING LANE APT 4"), std::string::npos) << *text;
  EXPECT_NE(text->find("ŁUKASZ, JÜRGEN"), std::string::npos) << *text;
  const auto words = wordBoxes(pdf);
  EXPECT_TRUE(markedNear(words, "Child", 14, 26, 3));
  EXPECT_FALSE(markedNear(words, "Self", 14, 26, 3));
}

TEST(Cms1500, LongTextIsCutAtItsBoxAndNeverRunsIntoTheNext) {
  REQUIRE_PDFTOTEXT();
  claims::Claim c = typicalClaim();
  c.subscriber.name = claims::PartyName::person("Castañeda-Montgomery-Fitzwilliam-Throckmorton",
                                                "Maria-Fernanda-de-los-Angeles", "Q");
  c.subscriber.address.line1 = "12345 North Extraordinarily Long Boulevard Name Avenue";
  c.patientControlNumber = "ACCT-0000000000012345";
  c.patientControlNumber.resize(20);
  const std::string pdf = render(c);
  const auto words = wordBoxes(pdf);
  const auto name = std::find_if(words.begin(), words.end(),
                                 [](const WordBox& w) { return w.text.starts_with("CASTAÑEDA"); });
  ASSERT_NE(name, words.end());
  EXPECT_EQ(std::count_if(words.begin(), words.end(),
                          [](const WordBox& w) { return w.text.starts_with("CASTAÑEDA"); }),
            2)
      << "items 2 and 4";
  // Item 2 (columns 1-29) ends where item 3 begins; item 4 (50-80) at the page's grid edge.
  for (const auto& w : words) {
    if (std::abs(w.yMax - name->yMax) > 2.5) continue;
    if (w.xMin < colX(30)) {
      EXPECT_LE(w.xMax, colX(30)) << w.text;
    }
    if (w.xMin >= colX(50)) {
      EXPECT_LE(w.xMax, colX(81)) << w.text;
    }
  }
  const auto street = findWord(words, "EXTRAORDINARILY");
  ASSERT_TRUE(street);
  for (const auto& w : words) {
    if (std::abs(w.yMax - street->yMax) < 2.5 && w.xMin < colX(30)) {
      EXPECT_LE(w.xMax, colX(30)) << w.text;
    }
  }
  // An identifier is set smaller rather than cut: the account number prints whole in item 26.
  const auto account = findWord(words, c.patientControlNumber);
  ASSERT_TRUE(account);
  EXPECT_GE(account->xMin, colX(22));
  EXPECT_LE(account->xMax, colX(36));
}

TEST(Cms1500, ADrugPrintsInTheShadedRowAboveItsLine) {
  REQUIRE_PDFTOTEXT();
  claims::Claim c = typicalClaim();
  c.lines[1].procedureCode = "J3420";
  c.lines[1].ndc = domain::NdcDetail{"00409123401", "ML", 1500};
  const std::string pdf = render(c);
  const auto words = wordBoxes(pdf);
  const auto ndc = findWord(words, "N400409123401");
  const auto code = findWord(words, "J3420");
  ASSERT_TRUE(ndc && code);
  EXPECT_EQ(rowOf(words, *ndc), "N400409123401 ML1.5");
  EXPECT_NEAR(code->yMax - ndc->yMax, 12, 1);
  EXPECT_LT(ndc->xMin, colX(2));
}

TEST(Cms1500, AnAccidentChecksItsBoxAndGivesTheState) {
  REQUIRE_PDFTOTEXT();
  claims::Claim c = typicalClaim();
  c.accident = claims::Accident{{"AA"}, "IL", std::nullopt};
  c.onsetDate = domain::Date::fromYmd(2026, 9, 28);
  c.referringProvider =
      claims::ProviderRef{claims::PartyName::person("Welby", "Marcus", "T"), "1999996667", ""};
  const std::string pdf = render(c);
  const auto words = wordBoxes(pdf);
  const auto state = std::find_if(words.begin(), words.end(), [](const WordBox& w) {
    return w.text == "IL" && w.xMin > colX(44) && w.xMax < colX(50);
  });
  ASSERT_NE(state, words.end());
  EXPECT_NE(rowOf(words, *state).find("YES X NO IL"), std::string::npos) << rowOf(words, *state);
  // 10a and 10c: no.
  const auto yes = std::count_if(words.begin(), words.end(), [](const WordBox& w) {
    // Rows 20 to 25 of the grid: items 10a to 10c.
    return w.text == "X" && w.xMin > colX(30) && w.xMax < colX(50) && w.yMax > 19 * 12 &&
           w.yMax < 25 * 12 + 2;
  });
  EXPECT_EQ(yes, 3);
  EXPECT_TRUE(markedNear(words, "NO", 4, 16, 3, 1)) << "10a: no";
  EXPECT_NE(rowOf(words, "431").find("09 28 26 QUAL. 431"), std::string::npos)
      << rowOf(words, "431");
  EXPECT_NE(rowOf(words, "WELBY").find("DN MARCUS T WELBY 17b. NPI 1999996667"), std::string::npos)
      << rowOf(words, "WELBY");
}

TEST(Cms1500, AnInvalidClaimIsRefusedWithItsProblems) {
  claims::Claim c = typicalClaim();
  c.lines[0].diagnosisPointers = {5};
  c.subscriber.memberId.clear();
  const auto pdf = renderCms1500(FontFiles::dejavu(), c);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, domain::ErrorCode::kInvalid);
  EXPECT_EQ(pdf.error().fields.size(), 2u);
  EXPECT_NE(pdf.error().message.find("subscriber.member_id"), std::string::npos)
      << pdf.error().message;
  const bool namesPointer =
      std::any_of(pdf.error().fields.begin(), pdf.error().fields.end(),
                  [](const auto& f) { return f.field == "lines[0].diagnosis_pointers[0]"; });
  EXPECT_TRUE(namesPointer);
}

TEST(Cms1500, AMissingFontIsAnErrorNamingThePath) {
  FontFiles fonts = FontFiles::dejavu();
  fonts.bold = "/no/such/dir/DejaVuSans-Bold.ttf";
  const auto pdf = renderCms1500(fonts, typicalClaim());
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, domain::ErrorCode::kInternal);
  EXPECT_NE(pdf.error().message.find("/no/such/dir/DejaVuSans-Bold.ttf"), std::string::npos);
}

TEST(Cms1500, ClaimFilingIndicatorsPickTheProgramBox) {
  EXPECT_EQ(cms1500Program("MB"), Cms1500Program::kMedicare);
  EXPECT_EQ(cms1500Program("MA"), Cms1500Program::kMedicare);
  EXPECT_EQ(cms1500Program("MC"), Cms1500Program::kMedicaid);
  EXPECT_EQ(cms1500Program("CH"), Cms1500Program::kTricare);
  EXPECT_EQ(cms1500Program("VA"), Cms1500Program::kChampva);
  EXPECT_EQ(cms1500Program("CI"), Cms1500Program::kGroupHealthPlan);
  EXPECT_EQ(cms1500Program("BL"), Cms1500Program::kGroupHealthPlan);
  EXPECT_EQ(cms1500Program("12"), Cms1500Program::kGroupHealthPlan);
  EXPECT_EQ(cms1500Program("WC"), Cms1500Program::kOther);
  EXPECT_EQ(cms1500Program(""), Cms1500Program::kOther);
}

}  // namespace
}  // namespace medoffice::codecs::pdf
