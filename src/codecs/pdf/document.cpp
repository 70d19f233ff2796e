// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/document.hpp"

#include <hpdf.h>

#include <algorithm>
#include <array>
#include <utility>

#include "codecs/pdf/font_set.hpp"
#include "codecs/pdf/font_subset.hpp"
#include "codecs/pdf/utf8_text.hpp"

namespace medoffice::codecs::pdf {
namespace {

// No line can show more than this many code points (540 pt at 4 pt is about 250 narrow glyphs);
// cutting first keeps measuring cheap whatever the input's length.
constexpr std::size_t kMaxLineCodePoints = 1000;
constexpr std::size_t kMaxParagraphCodePoints = 20000;
constexpr double kMinShrinkSize = 4;
const std::string kEllipsis = "\xE2\x80\xA6";  // U+2026
// Whether the single-byte fonts' embedded programs are deflated (see bench/pdf_bench.cpp).
constexpr HPDF_UINT kLatinCompression = HPDF_COMP_TEXT;

}  // namespace

using detail::FontSet;
using detail::haruMessage;
using detail::identify;

struct Document::Impl {
  FontSet* fonts = nullptr;
  std::unique_ptr<FontSet> owned;  // when this thread's set was busy (a document inside another)
  HPDF_Doc doc = nullptr;
  bool useSubset = false;  // this thread's FontSet has subsets and the options allow them
  // Per weight (regular, bold), made when a document first needs them: the subset face as a
  // single-byte TrueType font in CP1252, which libharu makes in microseconds; the subset face as
  // a UTF-8 (CID) font; and the full face as a UTF-8 font. A UTF-8 font costs libharu about
  // 1.5 ms (subset) or 4 ms (full) per document to make, and a 128 KB code-to-glyph map to
  // write, so text takes the first of the three that has all its characters. All three have
  // the same glyphs and metrics: which one a line uses does not show.
  mutable std::array<HPDF_Font, 2> latin{};
  mutable std::array<HPDF_Font, 2> subsetCid{};
  mutable std::array<HPDF_Font, 2> fullCid{};

  std::vector<HPDF_Page> pages;
  HPDF_Page page = nullptr;  // the page drawn on
  bool inText = false;
  HPDF_Font pageFont = nullptr;
  double pageSize = 0;

  double cursor = kPageHeight - kMargin;
  double bottomLimit = kMargin;
  std::function<void(Document&)> pageBreakHeading;

  bool tableOpen = false;
  double tableX = 0;
  std::vector<TableColumn> columns;
  TableStyle tableStyle;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (fonts == nullptr) return;
    if (fonts == detail::threadFontSet().get()) {
      if (fonts->error.code != HPDF_OK) {
        detail::threadFontSet().reset();  // a set that saw an error is not trusted again
      } else {
        HPDF_FreeDoc(doc);  // frees this document; the font definitions stay
        fonts->inUse = false;
      }
    }
  }

  [[nodiscard]] bool failed() const { return fonts->error.code != HPDF_OK; }
  void during(const char* what) const { fonts->error.current = what; }
  // Text as libharu draws it: the font, and the bytes in that font's encoding.
  struct Run {
    HPDF_Font font = nullptr;
    std::string bytes;
  };

  HPDF_Font make(HPDF_Font& slot, const char* name, const char* encoding,
                 HPDF_UINT compression) const {
    if (slot == nullptr && name != nullptr && !failed()) {
      during("preparing a font");
      // libharu sets a font's stream filters when it makes the font.
      HPDF_SetCompressionMode(doc, compression);
      slot = HPDF_GetFont(doc, name, encoding);
      HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    }
    return slot;
  }

  [[nodiscard]] Run run(Weight w, const std::string& clean) const {
    const std::size_t i = w == Weight::kBold ? 1 : 0;
    if (useSubset) {
      if (auto single = toCp1252(clean)) {
        return {make(latin[i], fonts->winAnsi[i].c_str(), "CP1252", kLatinCompression),
                std::move(*single)};
      }
      if (inSubsetRepertoire(clean)) {
        return {make(subsetCid[i], fonts->extended[i].c_str(), "UTF-8", HPDF_COMP_ALL), clean};
      }
    }
    return {make(fullCid[i], fonts->full(w), "UTF-8", HPDF_COMP_ALL), clean};
  }

  [[nodiscard]] double width(const std::string& clean, TextStyle style) const {
    if (clean.empty() || failed()) return 0;
    const Run r = run(style.weight, clean);
    if (r.font == nullptr) return 0;
    during("measuring text");
    const HPDF_TextWidth tw =
        HPDF_Font_TextWidth(r.font, reinterpret_cast<const HPDF_BYTE*>(r.bytes.data()),
                            static_cast<HPDF_UINT>(r.bytes.size()));
    return static_cast<double>(tw.width) * style.size / 1000.0;
  }

  void endText() {
    if (inText && page != nullptr) HPDF_Page_EndText(page);
    inText = false;
  }

  void usePage(HPDF_Page p) {
    if (p == page) return;
    endText();
    page = p;
    pageFont = nullptr;
    pageSize = 0;
  }

  void show(double x, double baseline, const std::string& clean, TextStyle style) {
    if (failed() || page == nullptr || clean.empty()) return;
    during("drawing text");
    if (!inText) {
      HPDF_Page_BeginText(page);
      inText = true;
    }
    const Run r = run(style.weight, clean);
    if (r.font == nullptr) return;
    if (r.font != pageFont || style.size != pageSize) {
      HPDF_Page_SetFontAndSize(page, r.font, static_cast<HPDF_REAL>(style.size));
      pageFont = r.font;
      pageSize = style.size;
    }
    HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(baseline),
                      r.bytes.c_str());
  }

  void showAligned(double x, double baseline, const std::string& clean, TextStyle style,
                   Align align) {
    double left = x;
    if (align != Align::kLeft) {
      const double w = width(clean, style);
      left = align == Align::kRight ? x - w : x - w / 2;
    }
    show(left, baseline, clean, style);
  }

  // The longest prefix of `clean` that, followed by `suffix`, fits `maxWidth` (trailing spaces
  // dropped). Empty when not even one code point does.
  [[nodiscard]] std::string longestFitting(const std::string& clean, const std::string& suffix,
                                           TextStyle style, double maxWidth) const {
    std::vector<std::size_t> ends;  // byte end of each code point
    for (std::size_t i = 0; i < clean.size();) {
      i += std::max<std::size_t>(1, prefixBytes(std::string_view(clean).substr(i), 1));
      ends.push_back(i);
    }
    const auto candidate = [&](std::size_t count) {
      std::string s = clean.substr(0, count == 0 ? 0 : ends[count - 1]);
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s;
    };
    std::size_t lo = 0;
    std::size_t hi = ends.size();
    while (lo < hi) {  // largest count whose candidate fits
      const std::size_t mid = (lo + hi + 1) / 2;
      if (width(candidate(mid) + suffix, style) <= maxWidth) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return candidate(lo);
  }

  [[nodiscard]] std::string ellipsize(const std::string& clean, TextStyle style, double maxWidth,
                                      bool force) const {
    if (!force && width(clean, style) <= maxWidth) return clean;
    if (width(kEllipsis, style) > maxWidth) return {};
    return longestFitting(clean, kEllipsis, style, maxWidth) + kEllipsis;
  }

  void drawTableHeader(Document& self) {
    const TextStyle hs = tableStyle.header;
    std::vector<std::vector<std::string>> titles;
    std::size_t lines = 1;
    for (const auto& c : columns) {
      titles.push_back(self.wrap(c.title, hs, c.width - 2 * tableStyle.padding, 2));
      lines = std::max(lines, titles.back().size());
    }
    const double height = 2 * tableStyle.padding + static_cast<double>(lines) * leading(hs.size);
    fillRect(tableX, cursor - height, tableWidth(), height, 0.9);
    drawCells(titles, hs, cursor);
    cursor -= height;
    self.line(tableX, cursor, tableX + tableWidth(), cursor, 0.75);
  }

  [[nodiscard]] double tableWidth() const {
    double w = 0;
    for (const auto& c : columns) w += c.width;
    return w;
  }

  void drawCells(const std::vector<std::vector<std::string>>& cells, TextStyle style, double top) {
    double x = tableX;
    for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      const TableColumn& c = columns[i];
      const double inner = c.width - 2 * tableStyle.padding;
      double baseline = baselineBelow(top - tableStyle.padding, style.size);
      for (const auto& line : cells[i]) {
        const double anchor = c.align == Align::kLeft    ? x + tableStyle.padding
                              : c.align == Align::kRight ? x + c.width - tableStyle.padding
                                                         : x + c.width / 2;
        TextStyle s = style;
        if (c.overflow == Overflow::kShrink) {
          s.size = shrinkSize(line, style, inner);
          showAligned(anchor, baseline, ellipsize(line, s, inner, false), s, c.align);
        } else {
          showAligned(anchor, baseline, line, s, c.align);
        }
        baseline -= leading(style.size);
      }
      x += c.width;
    }
  }

  [[nodiscard]] double shrinkSize(const std::string& clean, TextStyle style,
                                  double maxWidth) const {
    const double w = width(clean, style);
    if (w <= maxWidth || w <= 0) return style.size;
    return std::max(kMinShrinkSize, style.size * maxWidth / w * 0.999);
  }

  void fillRect(double x, double y, double w, double h, double gray) {
    if (failed() || page == nullptr) return;
    endText();
    during("drawing a box");
    HPDF_Page_SetGrayFill(page, static_cast<HPDF_REAL>(gray));
    HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y),
                        static_cast<HPDF_REAL>(w), static_cast<HPDF_REAL>(h));
    HPDF_Page_Fill(page);
    HPDF_Page_SetGrayFill(page, 0);
  }
};

Document::Document(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

domain::Result<Document> Document::create(const FontFiles& fonts, const DocumentOptions& options) {
  auto regularId = identify(fonts.regular, "regular");
  if (!regularId) return regularId.error();
  auto boldId = identify(fonts.bold, "bold");
  if (!boldId) return boldId.error();

  auto impl = std::make_unique<Impl>();
  if (detail::threadFontSet() && !detail::threadFontSet()->inUse &&
      detail::threadFontSet()->serves(fonts, *regularId, *boldId)) {
    impl->fonts = detail::threadFontSet().get();
  } else {
    auto loaded = loadFontSet(fonts, *regularId, *boldId);
    if (!loaded) return loaded.error();
    if (detail::threadFontSet() && detail::threadFontSet()->inUse) {
      impl->owned = std::move(*loaded);
      impl->fonts = impl->owned.get();
    } else {
      detail::threadFontSet() = std::move(*loaded);
      impl->fonts = detail::threadFontSet().get();
    }
  }
  FontSet& set = *impl->fonts;
  set.inUse = true;
  impl->doc = set.doc;
  set.error = {};
  impl->during("starting a PDF document");
  if (HPDF_NewDoc(set.doc) == HPDF_OK) {
    HPDF_SetCompressionMode(set.doc, HPDF_COMP_ALL);
    HPDF_SetCurrentEncoder(set.doc, "UTF-8");
    impl->useSubset = set.subset() && options.subsetFonts;
    // The first fonts are made now rather than on first use, so that a font libharu refuses is
    // reported here.
    const std::string probe = "a";
    for (const Weight w : {Weight::kRegular, Weight::kBold}) {
      if (impl->run(w, probe).font == nullptr && set.error.code == HPDF_OK) {
        set.error.code = HPDF_INVALID_FONT_NAME;
      }
    }
  }
  if (impl->failed()) {
    if (set.error.code == HPDF_OK) set.error.code = HPDF_INVALID_FONT_NAME;
    return domain::Error::internal(haruMessage(set.error));
  }
  return Document(std::move(impl));
}

void Document::addPage() {
  Impl& m = *impl_;
  if (m.failed()) return;
  m.during("adding a page");
  HPDF_Page p = HPDF_AddPage(m.doc);
  if (p == nullptr) return;
  HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_LETTER, HPDF_PAGE_PORTRAIT);
  m.pages.push_back(p);
  m.usePage(p);
  m.cursor = kPageHeight - kMargin;
  m.bottomLimit = kMargin;
}

int Document::pageCount() const {
  return static_cast<int>(impl_->pages.size());
}
double Document::y() const {
  return impl_->cursor;
}
void Document::setY(double y) {
  impl_->cursor = y;
}
double Document::bottom() const {
  return impl_->bottomLimit;
}
void Document::setBottom(double y) {
  impl_->bottomLimit = y;
}

void Document::onPageBreak(std::function<void(Document&)> drawHeading) {
  impl_->pageBreakHeading = std::move(drawHeading);
}

bool Document::ensureRoom(double height) {
  Impl& m = *impl_;
  if (m.page != nullptr && m.cursor - height >= m.bottomLimit) return false;
  const bool firstPage = m.page == nullptr;
  addPage();
  if (!firstPage && m.pageBreakHeading) m.pageBreakHeading(*this);
  if (m.tableOpen) m.drawTableHeader(*this);
  return true;
}

double Document::textWidth(std::string_view text, TextStyle style) const {
  return impl_->width(pdfLine(text.substr(0, prefixBytes(text, kMaxLineCodePoints))), style);
}

std::string Document::fit(std::string_view text, TextStyle style, double maxWidth) const {
  return impl_->ellipsize(pdfLine(text.substr(0, prefixBytes(text, kMaxLineCodePoints))), style,
                          maxWidth, false);
}

std::vector<std::string> Document::wrap(std::string_view text, TextStyle style, double maxWidth,
                                        std::size_t maxLines) const {
  const Impl& m = *impl_;
  std::vector<std::string> lines;
  if (maxLines == 0) return lines;
  const std::size_t cut = prefixBytes(text, kMaxParagraphCodePoints);
  const std::string clean = pdfParagraph(text.substr(0, cut));
  const bool truncated = cut < text.size();

  // Greedy filling, stopped once one line more than allowed exists (the rest is cut anyway).
  const auto full = [&] { return lines.size() > maxLines; };
  std::size_t start = 0;
  while (!full()) {
    std::size_t end = clean.find('\n', start);
    if (end == std::string::npos) end = clean.size();
    const std::string_view para = std::string_view(clean).substr(start, end - start);
    std::string current;
    std::size_t pos = 0;
    while (pos < para.size() && !full()) {
      if (para[pos] == ' ') {
        ++pos;
        continue;
      }
      std::size_t wordEnd = para.find(' ', pos);
      if (wordEnd == std::string_view::npos) wordEnd = para.size();
      std::string word(para.substr(pos, wordEnd - pos));
      pos = wordEnd;
      std::string candidate = current.empty() ? word : current + " " + word;
      if (m.width(candidate, style) <= maxWidth) {
        current = std::move(candidate);
        continue;
      }
      if (!current.empty()) lines.push_back(std::move(current));
      current.clear();
      while (m.width(word, style) > maxWidth && !full()) {  // a word wider than a line breaks
        std::string head = m.longestFitting(word, "", style, maxWidth);
        if (head.empty()) head = word.substr(0, std::max<std::size_t>(1, prefixBytes(word, 1)));
        word.erase(0, head.size());
        lines.push_back(std::move(head));
      }
      current = std::move(word);
    }
    lines.push_back(std::move(current));  // an empty paragraph is a blank line
    if (end == clean.size()) break;
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return lines;
  if (lines.size() > maxLines || truncated) {
    const std::size_t last = std::min(lines.size(), maxLines) - 1;
    std::string rest;
    for (std::size_t i = last; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      if (!rest.empty()) rest.push_back(' ');
      rest += lines[i];
    }
    lines.resize(last);
    lines.push_back(m.ellipsize(rest, style, maxWidth, true));
  }
  return lines;
}

double Document::fittingSize(std::string_view text, TextStyle style, double maxWidth) const {
  return impl_->shrinkSize(pdfLine(text.substr(0, prefixBytes(text, kMaxLineCodePoints))), style,
                           maxWidth);
}

void Document::text(double x, double baseline, std::string_view text, TextStyle style, Align align,
                    double maxWidth) {
  std::string clean = maxWidth > 0 ? fit(text, style, maxWidth)
                                   : pdfLine(text.substr(0, prefixBytes(text, kMaxLineCodePoints)));
  impl_->showAligned(x, baseline, clean, style, align);
}

void Document::textShrunk(double x, double baseline, std::string_view text, TextStyle style,
                          Align align, double maxWidth) {
  std::string clean = pdfLine(text.substr(0, prefixBytes(text, kMaxLineCodePoints)));
  style.size = impl_->shrinkSize(clean, style, maxWidth);
  clean = impl_->ellipsize(clean, style, maxWidth, false);  // only at the smallest size
  impl_->showAligned(x, baseline, clean, style, align);
}

double Document::paragraph(double x, double top, std::string_view text, TextStyle style,
                           double maxWidth, std::size_t maxLines, Align align) {
  const auto lines = wrap(text, style, maxWidth, maxLines);
  double baseline = baselineBelow(top, style.size);
  const double anchor = align == Align::kLeft    ? x
                        : align == Align::kRight ? x + maxWidth
                                                 : x + maxWidth / 2;
  for (const auto& l : lines) {
    impl_->showAligned(anchor, baseline, l, style, align);
    baseline -= leading(style.size);
  }
  return static_cast<double>(lines.size()) * leading(style.size);
}

void Document::line(double x1, double y1, double x2, double y2, double width, double gray,
                    bool dashed) {
  Impl& m = *impl_;
  if (m.failed() || m.page == nullptr) return;
  m.endText();
  m.during("drawing a line");
  HPDF_Page_SetLineWidth(m.page, static_cast<HPDF_REAL>(width));
  HPDF_Page_SetGrayStroke(m.page, static_cast<HPDF_REAL>(gray));
  if (dashed) {
    static const HPDF_UINT16 kDash[] = {4, 3};
    HPDF_Page_SetDash(m.page, kDash, 2, 0);
  }
  HPDF_Page_MoveTo(m.page, static_cast<HPDF_REAL>(x1), static_cast<HPDF_REAL>(y1));
  HPDF_Page_LineTo(m.page, static_cast<HPDF_REAL>(x2), static_cast<HPDF_REAL>(y2));
  HPDF_Page_Stroke(m.page);
  if (dashed) HPDF_Page_SetDash(m.page, nullptr, 0, 0);
  HPDF_Page_SetGrayStroke(m.page, 0);
}

void Document::rect(double x, double y, double w, double h, double width, double gray) {
  Impl& m = *impl_;
  if (m.failed() || m.page == nullptr) return;
  m.endText();
  m.during("drawing a box");
  HPDF_Page_SetLineWidth(m.page, static_cast<HPDF_REAL>(width));
  HPDF_Page_SetGrayStroke(m.page, static_cast<HPDF_REAL>(gray));
  HPDF_Page_Rectangle(m.page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y),
                      static_cast<HPDF_REAL>(w), static_cast<HPDF_REAL>(h));
  HPDF_Page_Stroke(m.page);
  HPDF_Page_SetGrayStroke(m.page, 0);
}

void Document::fillRect(double x, double y, double w, double h, double gray) {
  impl_->fillRect(x, y, w, h, gray);
}

void Document::beginTable(double x, std::vector<TableColumn> columns, TableStyle style) {
  Impl& m = *impl_;
  m.tableX = x;
  m.columns = std::move(columns);
  m.tableStyle = style;
  m.tableOpen = true;
  // The header and one row must fit together: a header alone at a page's foot helps no one.
  const double rowGuess = 2 * style.padding + leading(style.body.size) + 2 * style.padding +
                          2 * leading(style.header.size);
  if (!ensureRoom(rowGuess)) m.drawTableHeader(*this);
}

void Document::tableRow(const std::vector<std::string>& cells, Weight weight) {
  Impl& m = *impl_;
  if (!m.tableOpen) return;
  TextStyle style = m.tableStyle.body;
  style.weight = weight;
  std::vector<std::vector<std::string>> lines;
  std::size_t count = 1;
  for (std::size_t i = 0; i < m.columns.size(); ++i) {
    const TableColumn& c = m.columns[i];
    const std::string_view cell = i < cells.size() ? std::string_view(cells[i]) : "";
    if (c.overflow == Overflow::kShrink) {
      lines.push_back({pdfLine(cell.substr(0, prefixBytes(cell, kMaxLineCodePoints)))});
    } else {
      lines.push_back(wrap(cell, style, c.width - 2 * m.tableStyle.padding,
                           std::max<std::size_t>(1, m.tableStyle.maxLines)));
    }
    count = std::max(count, lines.back().size());
  }
  const double height = 2 * m.tableStyle.padding + static_cast<double>(count) * leading(style.size);
  ensureRoom(height);
  m.drawCells(lines, style, m.cursor);
  m.cursor -= height;
  line(m.tableX, m.cursor, m.tableX + m.tableWidth(), m.cursor, 0.25, 0.6);
}

void Document::endTable() {
  impl_->tableOpen = false;
}

domain::Result<std::string> Document::finish(std::string_view footerLeft) {
  Impl& m = *impl_;
  if (m.pages.empty()) addPage();
  const std::string total = std::to_string(m.pages.size());
  const TextStyle footer{7.5, Weight::kRegular};
  for (std::size_t i = 0; i < m.pages.size(); ++i) {
    m.usePage(m.pages[i]);
    const std::string pageText = "Page " + std::to_string(i + 1) + " of " + total;
    const double right = kPageWidth - kMargin;
    m.showAligned(right, kFooterBaseline, pageText, footer, Align::kRight);
    if (!footerLeft.empty()) {
      text(kMargin, kFooterBaseline, footerLeft, footer, Align::kLeft,
           right - kMargin - m.width(pageText, footer) - 12);
    }
  }
  m.endText();
  if (m.failed()) return domain::Error::internal(haruMessage(m.fonts->error));
  m.during("writing the PDF");
  if (HPDF_SaveToStream(m.doc) != HPDF_OK || m.failed()) {
    return domain::Error::internal(haruMessage(m.fonts->error));
  }
  const HPDF_UINT32 size = HPDF_GetStreamSize(m.doc);
  std::string out(size, '\0');
  HPDF_UINT32 read = size;
  if (size == 0 ||
      HPDF_ReadFromStream(m.doc, reinterpret_cast<HPDF_BYTE*>(out.data()), &read) != HPDF_OK ||
      read != size) {
    if (m.fonts->error.code == HPDF_OK) m.fonts->error.code = HPDF_STREAM_EOF;
    return domain::Error::internal(haruMessage(m.fonts->error));
  }
  return out;
}

}  // namespace medoffice::codecs::pdf
