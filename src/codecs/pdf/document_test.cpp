// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/document.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "codecs/pdf/pdf_text_for_test.hpp"

namespace medoffice::codecs::pdf {
namespace {

using testing::hasFont;
using testing::havePdfToText;
using testing::pdfFonts;
using testing::pdfText;
using testing::runOnPdf;

#define REQUIRE_PDFTOTEXT()                                                               \
  if (!havePdfToText()) {                                                                 \
    GTEST_SKIP() << "pdftotext is not installed (Debian: poppler-utils); the PDF's text " \
                    "cannot be read back";                                                \
  }

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

Document makeDocument(const FontFiles& fonts = FontFiles::dejavu()) {
  auto d = Document::create(fonts);
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
  return std::move(*d);
}

std::string finished(Document& doc, std::string_view footer = {}) {
  auto pdf = doc.finish(footer);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
  return pdf.ok() ? *pdf : std::string();
}

TEST(PdfFonts, DejaVuNamesTheDebianFiles) {
  const auto f = FontFiles::dejavu();
  EXPECT_EQ(f.regular, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  EXPECT_EQ(f.bold, "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
  EXPECT_EQ(FontFiles::dejavu("/opt/fonts/").regular, "/opt/fonts/DejaVuSans.ttf");
  EXPECT_TRUE(checkFontFiles(f).ok());
}

TEST(PdfFonts, AMissingFileIsAnErrorNamingItsPath) {
  FontFiles f = FontFiles::dejavu();
  f.bold = "/nonexistent/fonts/NoSuchBold.ttf";
  const auto status = checkFontFiles(f);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, domain::ErrorCode::kInternal);
  EXPECT_NE(status.error().message.find("/nonexistent/fonts/NoSuchBold.ttf"), std::string::npos)
      << status.error().message;
  EXPECT_NE(status.error().message.find("No such file"), std::string::npos);

  const auto doc = Document::create(f);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("/nonexistent/fonts/NoSuchBold.ttf"), std::string::npos);

  const auto dir = FontFiles::dejavu("/nonexistent/dir");
  const auto fromDir = Document::create(dir);
  ASSERT_FALSE(fromDir.ok());
  EXPECT_NE(fromDir.error().message.find("/nonexistent/dir/DejaVuSans.ttf"), std::string::npos);

  EXPECT_FALSE(checkFontFiles({"", f.regular}).ok());
  const auto isDir = checkFontFiles({"/tmp", f.regular});
  ASSERT_FALSE(isDir.ok());
  EXPECT_NE(isDir.error().message.find("not a regular file"), std::string::npos);
}

TEST(PdfFonts, AFileThatIsNotTrueTypeIsAnErrorNamingIt) {
  const auto path = std::filesystem::temp_directory_path() / "medoffice-not-a-font.ttf";
  std::ofstream(path) << "this is not a font\n";
  FontFiles f = FontFiles::dejavu();
  f.regular = path.string();
  const auto doc = Document::create(f);
  std::filesystem::remove(path);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find(path.string()), std::string::npos) << doc.error().message;
  EXPECT_NE(doc.error().message.find("TrueType"), std::string::npos);
  // The thread's fonts are still good for the next document.
  auto next = makeDocument();
  next.addPage();
  next.text(100, 700, "after a bad font", {});
  EXPECT_FALSE(finished(next).empty());
}

TEST(PdfDocument, DrawsAccentedTextWithEmbeddedFonts) {
  REQUIRE_PDFTOTEXT();
  auto doc = makeDocument();
  doc.addPage();
  doc.text(72, 700, "Zoë Ñúñez-O'Brien", {12, Weight::kBold});
  doc.text(72, 680, "Łukasz Żółć, Ærøskøbing, Crème brûlée €5", {10, Weight::kRegular});
  doc.text(540, 660, "$1,234.56", {10, Weight::kRegular}, Align::kRight);
  const std::string pdf = finished(doc);
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Zoë Ñúñez-O'Brien"), std::string::npos) << *text;
  EXPECT_NE(text->find("Łukasz Żółć, Ærøskøbing, Crème brûlée €5"), std::string::npos) << *text;
  EXPECT_NE(text->find("$1,234.56"), std::string::npos);
  EXPECT_NE(text->find("Page 1 of 1"), std::string::npos);

  const auto fonts = pdfFonts(pdf);
  ASSERT_FALSE(fonts.empty());
  for (const auto& f : fonts) {
    EXPECT_TRUE(f.embedded) << f.name;
    EXPECT_NE(f.name.find("+DejaVuSans"), std::string::npos) << f.name;  // a subset tag
  }
  EXPECT_TRUE(hasFont(fonts, "DejaVuSans-Bold-WinAnsi"));  // Zoë in one byte per letter
  EXPECT_TRUE(hasFont(fonts, "DejaVuSans-Latin,Book"));    // Łukasz in UTF-8
}

TEST(PdfDocument, TextBeyondTheSubsetIsDrawnWithTheFullFont) {
  REQUIRE_PDFTOTEXT();
  auto doc = makeDocument();
  doc.addPage();
  doc.text(72, 700, "Ольга Σοφία Nguyễn", {});
  doc.text(72, 680, "田中 太郎 ∑", {});
  const std::string pdf = finished(doc);
  const auto text = pdfText(pdf);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Ольга Σοφία Nguyễn"), std::string::npos) << *text;
  EXPECT_NE(text->find("田中 太郎 ∑"), std::string::npos) << *text;
  const auto fonts = pdfFonts(pdf);
  EXPECT_TRUE(hasFont(fonts, "DejaVuSans,Book")) << "the full face";
  EXPECT_TRUE(hasFont(fonts, "DejaVuSans-Latin,Book")) << "the subset as a UTF-8 font";
}

TEST(PdfDocument, SubsetFontsDrawTheSamePixelsAsTheFullFonts) {
  REQUIRE_PDFTOTEXT();
  std::vector<std::string> pages;
  for (const bool subset : {true, false}) {
    auto d = Document::create(FontFiles::dejavu(), {.subsetFonts = subset});
    ASSERT_TRUE(d.ok());
    d->addPage();
    double y = 740;
    for (const char* s :
         {"Springfield Family Medicine $1,234.56", "Zoë Ñúñez-O'Brien, Ærøskøbing …",
          "Łukasz Żółć, Ольга Σοφία, İstanbul", "田中 ∑ – — “quotes”"}) {
      for (const Weight w : {Weight::kRegular, Weight::kBold}) {
        d->text(40, y, s, {11, w});
        d->text(572, y - 12, s, {8, w}, Align::kRight);
        y -= 30;
      }
    }
    auto pdf = d->finish();
    ASSERT_TRUE(pdf.ok());
    const auto image = runOnPdf(*pdf, "pdftoppm -r 100 -gray", "");
    ASSERT_TRUE(image && image->size() > 100000);
    const auto dark = std::count_if(image->begin() + 20, image->end(),
                                    [](char c) { return static_cast<unsigned char>(c) < 128; });
    EXPECT_GT(dark, 5000) << "the text is drawn";
    pages.push_back(*image);
  }
  EXPECT_TRUE(pages[0] == pages[1]) << "the subset fonts change how the page looks";
}

// libharu 2.3 embeds a composite glyph's components but not theirs, so with the full fonts ễ
// (ê and a tilde, ê being e and a circumflex) loses its e unless the page has an e elsewhere. The
// subsets flatten such glyphs: ễ drawn alone has as much ink as ễ on a page that also has e.
TEST(PdfDocument, NestedCompositeGlyphsKeepAllTheirParts) {
  REQUIRE_PDFTOTEXT();
  const auto ink = [](const std::vector<std::string>& lines) {
    auto d = Document::create(FontFiles::dejavu());
    EXPECT_TRUE(d.ok());
    if (!d.ok()) return std::size_t{0};
    d->addPage();
    double y = 700;
    for (const auto& l : lines) {
      d->text(100, y, l, {40, Weight::kRegular});
      y -= 400;  // below the part of the page measured
    }
    auto pdf = d->finish();
    const auto image = runOnPdf(*pdf, "pdftoppm -r 50 -gray -x 0 -y 0 -W 425 -H 120", "");
    if (!image) return std::size_t{0};
    return static_cast<std::size_t>(std::count_if(image->begin() + 20, image->end(), [](char c) {
      return static_cast<unsigned char>(c) < 128;
    }));
  };
  const std::size_t alone = ink({"ễ ộ"});
  const std::size_t withBases = ink({"ễ ộ", "e ê o ô ~ ^"});
  EXPECT_GT(alone, 200u);
  EXPECT_EQ(alone, withBases);
}

TEST(PdfDocument, AnyBytesAreDrawnSafely) {
  REQUIRE_PDFTOTEXT();
  auto doc = makeDocument();
  doc.addPage();
  doc.text(72, 700, std::string("left\xFF\x01\tright \xF0\x9F\x98\x80 end") + '\0' + "hidden", {});
  doc.paragraph(72, 650, "\xC3", {}, 300, 3);
  doc.text(72, 600, std::string(200000, 'x'), {}, Align::kLeft, 200);
  const auto text = pdfText(finished(doc));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("left"), std::string::npos);
  EXPECT_NE(text->find("right"), std::string::npos);
  EXPECT_NE(text->find("end"), std::string::npos);
  EXPECT_NE(text->find("hidden"), std::string::npos);  // a NUL is a space, not the end
  EXPECT_NE(text->find("xxxxxxxx…"), std::string::npos);
}

TEST(PdfDocument, FitKeepsTheStartAndEndsInAnEllipsis) {
  auto doc = makeDocument();
  const TextStyle style{10, Weight::kRegular};
  const std::string name = "Maria-Fernanda de los Ángeles Castañeda-O'Brien y Ñúñez de la Torre";
  EXPECT_EQ(doc.fit("short", style, 200), "short");
  const std::string cut = doc.fit(name, style, 150);
  ASSERT_GT(cut.size(), 10u);
  EXPECT_EQ(cut.substr(cut.size() - 3), "…");
  EXPECT_EQ(name.rfind(cut.substr(0, cut.size() - 3), 0), 0u) << cut;
  EXPECT_LE(doc.textWidth(cut, style), 150);
  EXPECT_GT(doc.textWidth(cut, style), 130);  // cut no shorter than needed
  EXPECT_EQ(doc.fit(name, style, 2), "");     // not even the ellipsis fits
  EXPECT_GT(doc.textWidth("Zoë", style), doc.textWidth("Zo", style));
  EXPECT_GT(doc.textWidth("Zoë", {10, Weight::kBold}), doc.textWidth("Zoë", style));
}

TEST(PdfDocument, WrapFillsLinesAndBreaksLongWords) {
  auto doc = makeDocument();
  const TextStyle style{9, Weight::kRegular};
  const std::string text =
      "Your account is past due. Please pay the amount due by the due date, or call our billing "
      "office to set up a payment plan.";
  const auto lines = doc.wrap(text, style, 200, 10);
  ASSERT_GE(lines.size(), 3u);
  std::string joined;
  for (const auto& l : lines) {
    EXPECT_LE(doc.textWidth(l, style), 200) << l;
    joined += (joined.empty() ? "" : " ") + l;
  }
  EXPECT_EQ(joined, text);

  const auto two = doc.wrap(text, style, 200, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0], lines[0]);
  EXPECT_EQ(two[1].substr(two[1].size() - 3), "…");
  EXPECT_LE(doc.textWidth(two[1], style), 200);

  const auto broken = doc.wrap(std::string(300, 'W'), style, 100, 100);
  ASSERT_GT(broken.size(), 1u);
  std::size_t letters = 0;
  for (const auto& l : broken) {
    EXPECT_LE(doc.textWidth(l, style), 100);
    letters += l.size();
  }
  EXPECT_EQ(letters, 300u);

  const auto paras = doc.wrap("first\r\n\r\nthird", style, 200, 5);
  EXPECT_EQ(paras, (std::vector<std::string>{"first", "", "third"}));
  EXPECT_TRUE(doc.wrap("", style, 200, 5).empty());
  EXPECT_TRUE(doc.wrap("   \n  ", style, 200, 5).empty());
}

TEST(PdfDocument, TablesBreakPagesRepeatingTheirHeader) {
  REQUIRE_PDFTOTEXT();
  auto doc = makeDocument();
  doc.addPage();
  int headings = 0;
  doc.onPageBreak([&headings](Document& d) {
    ++headings;
    d.text(Document::kMargin, 740, "Continued heading", {9, Weight::kBold});
    d.setY(730);
  });
  doc.setBottom(300);  // the first page keeps room at its foot
  doc.beginTable(Document::kMargin, {{"Visit date", 100},
                                     {"Description of the service", 300},
                                     {"Amount", 140, Align::kRight, Overflow::kShrink}});
  for (int i = 1; i <= 120; ++i) {
    doc.tableRow({"2026-01-" + std::to_string(10 + i % 20), "Row number " + std::to_string(i),
                  "$" + std::to_string(i) + ".00"});
  }
  doc.endTable();
  EXPECT_GE(doc.pageCount(), 3);
  EXPECT_EQ(headings, doc.pageCount() - 1);
  const int pages = doc.pageCount();
  const auto text = pdfText(finished(doc, "Footer left text"));
  ASSERT_TRUE(text);
  EXPECT_EQ(count(*text, "Description of the service"), static_cast<std::size_t>(pages));
  EXPECT_EQ(count(*text, "Continued heading"), static_cast<std::size_t>(pages - 1));
  EXPECT_NE(text->find("Page 2 of " + std::to_string(pages)), std::string::npos);
  EXPECT_EQ(count(*text, "Footer left text"), static_cast<std::size_t>(pages));
  for (int i = 1; i <= 120; ++i) {
    EXPECT_NE(text->find("Row number " + std::to_string(i) + " "), std::string::npos) << i;
  }
  // Nothing below the first page's limit: the first page holds fewer rows than the second.
  const auto firstPage = text->substr(0, text->find('\f'));
  const auto secondPage = text->substr(text->find('\f') + 1);
  EXPECT_LT(count(firstPage, "Row number"),
            count(secondPage.substr(0, secondPage.find('\f')), "Row number"));
}

TEST(PdfDocument, AmountsShrinkRatherThanBeingCut) {
  REQUIRE_PDFTOTEXT();
  auto doc = makeDocument();
  doc.addPage();
  const TextStyle style{10, Weight::kRegular};
  EXPECT_LT(doc.fittingSize("$92,233,720,368,547,758.07", style, 60), 10);
  EXPECT_EQ(doc.fittingSize("$1.00", style, 60), 10);
  doc.textShrunk(300, 700, "$92,233,720,368,547,758.07", style, Align::kRight, 80);
  const auto text = pdfText(finished(doc));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("$92,233,720,368,547,758.07"), std::string::npos) << *text;
}

TEST(PdfDocument, DocumentsOnOneThreadReuseFontsWithoutMixingContent) {
  REQUIRE_PDFTOTEXT();
  std::string first;
  std::string second;
  {
    auto outer = makeDocument();
    outer.addPage();
    outer.text(72, 700, "Outer document", {});
    {
      auto inner = makeDocument();  // while the thread's fonts are busy
      inner.addPage();
      inner.text(72, 700, "Inner document", {});
      second = finished(inner);
    }
    first = finished(outer);
  }
  auto third = makeDocument();
  third.addPage();
  third.text(72, 700, "Third document", {});
  const auto t1 = pdfText(first);
  const auto t2 = pdfText(second);
  const auto t3 = pdfText(finished(third));
  ASSERT_TRUE(t1 && t2 && t3);
  EXPECT_NE(t1->find("Outer document"), std::string::npos);
  EXPECT_EQ(t1->find("Inner"), std::string::npos);
  EXPECT_NE(t2->find("Inner document"), std::string::npos);
  EXPECT_NE(t3->find("Third document"), std::string::npos);
  EXPECT_EQ(t3->find("Outer"), std::string::npos);

  // Other font files replace the thread's set.
  const std::string dir = "/usr/share/fonts/truetype/dejavu/";
  auto serif = makeDocument({dir + "DejaVuSerif.ttf", dir + "DejaVuSerif-Bold.ttf"});
  serif.addPage();
  serif.text(72, 700, "Serif", {});
  EXPECT_TRUE(hasFont(pdfFonts(finished(serif)), "DejaVuSerif"));
}

TEST(PdfDocument, ThreadsRenderAtTheSameTime) {
  REQUIRE_PDFTOTEXT();
  std::vector<std::string> pdfs(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < pdfs.size(); ++t) {
    threads.emplace_back([t, &pdfs] {
      for (int i = 0; i < 5; ++i) {
        auto d = Document::create(FontFiles::dejavu());
        if (!d) return;
        d->addPage();
        d->text(72, 700, "Thread " + std::to_string(t) + " document " + std::to_string(i), {});
        auto pdf = d->finish();
        if (pdf) pdfs[t] = std::move(*pdf);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t t = 0; t < pdfs.size(); ++t) {
    const auto text = pdfText(pdfs[t]);
    ASSERT_TRUE(text) << t;
    EXPECT_NE(text->find("Thread " + std::to_string(t) + " document 4"), std::string::npos);
  }
}

}  // namespace
}  // namespace medoffice::codecs::pdf
