// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// A small layer over libharu (libhpdf 2.3) for the practice's printed documents: US Letter pages,
// DejaVu Sans regular and bold embedded as TrueType with UTF-8 text (so that Zoë, Łukasz and
// Ærøskøbing print), text that never runs off the page (ellipsis, word wrap, or a smaller size
// for amounts), rules and boxes, tables that break across pages with their header repeated, and
// "Page n of m" footers. libharu's errors are recorded by its error handler and returned as
// domain::Error; nothing here aborts or unwinds through libharu.
//
// Speed (bench/pdf_bench.cpp). With the full DejaVu files every document costs about 20 ms and
// 190 KB whatever it holds: per document and per face libharu 2.3 makes a UTF-8 (CID) font by
// looking up all 65,536 BMP code points in the font's 193 cmap segments and writes a 128 KB
// code-to-glyph map, and it embeds the hmtx, loca, post, name and cmap tables whole (only glyph
// outlines are subset). So each thread keeps one libharu document whose font definitions outlive
// each PDF (parsing a face costs 4.5 ms), and text is drawn with the first of three fonts per
// face that has all its characters: (1) a subset of the face cut to Windows-1252, as a
// single-byte TrueType font (no 65,536-entry map; its program embedded undeflated, which is
// faster than deflating it and keeps a statement under 50 KB); (2) a subset cut to Latin, Greek
// and Cyrillic (font_subset.hpp) as a UTF-8 font; (3) the full face as a UTF-8 font. The three
// draw the same glyphs with the same metrics; (2) and (3) cost a document 1.5 and 4 ms per face
// the first time a line needs them.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/result.hpp"

namespace medoffice::codecs::pdf {

/// The TrueType files of the two faces every document uses.
struct FontFiles {
  std::string regular;
  std::string bold;
  /// DejaVu Sans and DejaVu Sans Bold in `dir` (Debian's fonts-dejavu-core puts them in the
  /// default directory).
  static FontFiles dejavu(std::string dir = "/usr/share/fonts/truetype/dejavu");
};

/// Ok when both files are readable regular files; otherwise kInternal whose message names the
/// missing or unreadable path (a server set up without its fonts cannot print).
domain::Status checkFontFiles(const FontFiles& fonts);

enum class Weight { kRegular, kBold };
enum class Align { kLeft, kCenter, kRight };

struct TextStyle {
  double size = 10;  ///< points
  Weight weight = Weight::kRegular;
};

/// What a table cell does with text wider than its column.
enum class Overflow {
  kWrap,    ///< wraps onto up to TableStyle::maxLines lines; the last one ends in "…" if cut
  kShrink,  ///< one line, set smaller until it fits (amounts: a figure is never cut)
};

struct TableColumn {
  std::string title;
  double width = 0;  ///< points
  Align align = Align::kLeft;
  Overflow overflow = Overflow::kWrap;
};

struct TableStyle {
  TextStyle header{7.5, Weight::kBold};
  TextStyle body{8, Weight::kRegular};
  std::size_t maxLines = 2;  ///< per body cell; header titles take up to 2
  double padding = 2;        ///< points around each cell's text
};

struct DocumentOptions {
  /// Draws with the fonts cut down to subsetRepertoire() (font_subset.hpp) where the text allows,
  /// the fast path; false draws everything with the full fonts (for comparisons).
  bool subsetFonts = true;
};

/// One PDF being drawn. Coordinates are points from the bottom-left corner of the page. A
/// Document is not thread-safe; each thread may have its own. Text may be any bytes: it is
/// cleaned first (see pdfLine). After a libharu error, drawing calls do nothing and finish()
/// returns the error.
class Document {
 public:
  static constexpr double kPageWidth = 612;   ///< US Letter, 8.5 in
  static constexpr double kPageHeight = 792;  ///< 11 in
  static constexpr double kMargin = 36;       ///< 0.5 in on every side
  static constexpr double kFooterBaseline = 20;

  /// A document with no pages yet. kInternal naming the path when a font file is missing or not
  /// a TrueType font (checkFontFiles), or when libharu fails.
  static domain::Result<Document> create(const FontFiles& fonts,
                                         const DocumentOptions& options = {});

  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  ~Document();

  // ---- pages and the cursor ----
  /// Adds a US Letter page and makes it current: the cursor goes to the top margin and the
  /// bottom limit to the bottom margin.
  void addPage();
  [[nodiscard]] int pageCount() const;
  /// The cursor: the y where the next block's top goes. Layouts move it down as they draw.
  [[nodiscard]] double y() const;
  void setY(double y);
  /// The lowest y content may reach on the current page (raised on a page that keeps room for
  /// something at its foot, like a statement's coupon).
  [[nodiscard]] double bottom() const;
  void setBottom(double y);
  /// Called after every page break that ensureRoom or a table row makes, before a table's header
  /// is repeated; it draws the continued page's heading and leaves the cursor below it.
  void onPageBreak(std::function<void(Document&)> drawHeading);
  /// Breaks the page when fewer than `height` points are left above the bottom limit. Returns
  /// true when it did.
  bool ensureRoom(double height);

  // ---- text ----
  /// Width in points of `text` (cleaned) in `style`.
  [[nodiscard]] double textWidth(std::string_view text, TextStyle style) const;
  /// `text` (cleaned) cut to fit `maxWidth`, ending in "…" when cut. The start is always kept.
  [[nodiscard]] std::string fit(std::string_view text, TextStyle style, double maxWidth) const;
  /// `text` (cleaned, line breaks kept) wrapped at spaces into lines no wider than `maxWidth`; a
  /// word wider than a line is broken. When more than `maxLines` are needed the last line kept
  /// ends in "…".
  [[nodiscard]] std::vector<std::string> wrap(std::string_view text, TextStyle style,
                                              double maxWidth, std::size_t maxLines) const;
  /// The size (at most style.size, at least 4 pt) at which `text` fits `maxWidth` on one line.
  [[nodiscard]] double fittingSize(std::string_view text, TextStyle style, double maxWidth) const;

  /// Draws one line with its baseline at `baseline`. `x` is the left edge, the centre or the
  /// right edge as `align` says. With `maxWidth` > 0 the text is cut to fit (fit()).
  void text(double x, double baseline, std::string_view text, TextStyle style,
            Align align = Align::kLeft, double maxWidth = 0);
  /// Like text(), but a line wider than `maxWidth` is set smaller (fittingSize) rather than cut:
  /// for amounts and numbers that must print whole.
  void textShrunk(double x, double baseline, std::string_view text, TextStyle style, Align align,
                  double maxWidth);
  /// Draws `text` wrapped (wrap()) with its first line's top at `top`; returns the height used.
  double paragraph(double x, double top, std::string_view text, TextStyle style, double maxWidth,
                   std::size_t maxLines, Align align = Align::kLeft);
  /// Vertical distance between baselines for a size.
  static double leading(double size) { return size * 1.25; }
  /// The baseline of a line whose top is at `top`.
  static double baselineBelow(double top, double size) { return top - size * 0.95; }

  // ---- lines ----
  void line(double x1, double y1, double x2, double y2, double width = 0.5, double gray = 0,
            bool dashed = false);
  void rect(double x, double y, double w, double h, double width = 0.75, double gray = 0);
  void fillRect(double x, double y, double w, double h, double gray);

  // ---- tables ----
  /// Starts a table at the cursor with its left edge at `x`, drawing the header row.
  void beginTable(double x, std::vector<TableColumn> columns, TableStyle style = {});
  /// One row below the previous one; breaks the page first (repeating the header) when the row
  /// does not fit above the bottom limit. Cells past the columns are ignored.
  void tableRow(const std::vector<std::string>& cells, Weight weight = Weight::kRegular);
  /// Ends the table; the cursor is left just below its last row.
  void endTable();

  // ---- output ----
  /// Draws the footer on every page ("Page n of m" at the right, `footerLeft` at the left) and
  /// returns the PDF's bytes. A document without pages gets one blank page. kInternal when
  /// libharu reported an error at any point.
  domain::Result<std::string> finish(std::string_view footerLeft = {});

 private:
  struct Impl;
  explicit Document(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace medoffice::codecs::pdf
