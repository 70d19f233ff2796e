// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/cms1500.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "codecs/pdf/utf8_text.hpp"

namespace medoffice::codecs::pdf {
namespace {

namespace claims = domain::claims;
using domain::Date;

// The form is laid out for 10 characters per inch and 6 lines per inch: 80 columns of 7.2 pt
// from a quarter inch in, and 66 rows of 12 pt from the top of the page. Every position below is
// a (column, row) of that grid, 1-based, so the data lands where a pre-printed form expects it.
constexpr double kCol = 7.2;
constexpr double kRow = 12;
constexpr double kGridLeft = 18;
constexpr int kLastCol = 80;

constexpr TextStyle kData{9, Weight::kRegular};
constexpr TextStyle kMark{8, Weight::kBold};
constexpr TextStyle kCaption{5, Weight::kRegular};
constexpr TextStyle kTitle{11, Weight::kBold};
// Identifiers and amounts are set smaller rather than cut; below this they are cut after all.
constexpr double kSmallest = 5;

// ---- text as the form wants it ----

char32_t upperOf(char32_t c) {
  if (c >= U'a' && c <= U'z') return c - 32;
  if (c < 0x80) return c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c == 0x131) return U'I';
  if (c == 0x17F) return U'S';
  // Latin Extended-A pairs: upper case on the even code point up to U+0137 and from U+014A, on
  // the odd one in U+0139-U+0148 and U+0179-U+017E.
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c & 1) ? c - 1 : c;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c : c - 1;
  if (c == 0x1A1 || c == 0x1B0) return c - 1;  // Vietnamese ơ, ư
  if (c >= 0x1E00 && c <= 0x1EFF && !(c >= 0x1E96 && c <= 0x1E9F)) return (c & 1) ? c - 1 : c;
  if (c == 0x3C2) return 0x3A3;  // final sigma
  if (c >= 0x3B1 && c <= 0x3C9) return c - 0x20;
  if (c == 0x3AC) return 0x386;
  if (c >= 0x3AD && c <= 0x3AF) return c - 0x25;
  if (c == 0x3CC) return 0x38C;
  if (c == 0x3CD || c == 0x3CE) return c - 0x3F;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  return c;
}

/// Upper case, valid UTF-8, runs of white space as one space, trimmed; `drop` characters (ASCII)
/// left out.
std::string formText(std::string_view text, std::string_view drop = {}) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t n = decodeUtf8(text, i, cp);
    if (n == 0) {
      cp = 0xFFFD;
      n = 1;
    }
    i += n;
    if (cp < 0x80 && drop.find(static_cast<char>(cp)) != std::string_view::npos) continue;
    if (cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    appendUtf8(out, upperOf(cp));
  }
  return out;
}

// NUCC: no periods in names, no punctuation other than the hyphen in addresses.
std::string nameText(std::string_view s) {
  return formText(s, ".");
}
std::string addressText(std::string_view s) {
  return formText(s, ".,#");
}

std::string digitsOf(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

/// "LAST SUFFIX, FIRST, M" (items 2, 4, 9); an organisation's name as it is.
std::string lastFirst(const claims::PartyName& n) {
  if (n.type == claims::EntityType::kOrganization) return nameText(n.last);
  std::string out = nameText(n.last);
  if (const std::string suffix = nameText(n.suffix); !suffix.empty()) out += " " + suffix;
  if (const std::string first = nameText(n.first); !first.empty()) out += ", " + first;
  if (const std::string middle = nameText(n.middle); !middle.empty()) {
    out += ", " + middle.substr(0, prefixBytes(middle, 1));
  }
  return out;
}

/// "FIRST M LAST SUFFIX" (item 17, item 33's provider name).
std::string firstLast(const claims::PartyName& n) {
  if (n.type == claims::EntityType::kOrganization) return nameText(n.last);
  std::string out;
  auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out.push_back(' ');
    out += part;
  };
  add(nameText(n.first));
  const std::string middle = nameText(n.middle);
  add(middle.substr(0, prefixBytes(middle, 1)));
  add(nameText(n.last));
  add(nameText(n.suffix));
  return out;
}

std::string street(const domain::Address& a) {
  std::string out = addressText(a.line1);
  if (const std::string second = addressText(a.line2); !second.empty()) {
    out += out.empty() ? second : " " + second;
  }
  return out;
}

std::string cityStateZip(const domain::Address& a) {
  std::string out = addressText(a.city);
  for (const std::string& part : {formText(a.state, ".,"), formText(a.postalCode, " .,")}) {
    if (part.empty()) continue;
    out += out.empty() ? part : " " + part;
  }
  return out;
}

std::string two(int v) {
  std::string s = std::to_string(v % 100);
  return s.size() < 2 ? "0" + s : s;
}

/// NDC quantities are kept in thousandths; the form takes up to three decimals, no trailing zeros.
std::string quantityText(std::int64_t milli) {
  const bool negative = milli < 0;
  const std::uint64_t m =
      negative ? 0 - static_cast<std::uint64_t>(milli) : static_cast<std::uint64_t>(milli);
  std::string out = (negative ? "-" : "") + std::to_string(m / 1000);
  std::uint64_t frac = m % 1000;
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 3 - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

// ---- the grid ----

class Form {
 public:
  Form(Document& doc, const Cms1500Options& options) : doc_(doc), options_(options) {}

  [[nodiscard]] bool withForm() const { return options_.withForm; }
  [[nodiscard]] double x(int col) const {
    return kGridLeft + (col - 1) * kCol + options_.offsetRight;
  }
  /// The top edge of a row.
  [[nodiscard]] double top(int row) const {
    return Document::kPageHeight - (row - 1) * kRow - options_.offsetDown;
  }
  /// Where data sits in a row: near its foot, below the box's caption.
  [[nodiscard]] double base(int row) const { return top(row) - kRow + 2.5; }
  static double width(int cols) { return cols * kCol; }

  /// A box over columns c1..c2 and rows r1..r2 with its caption in the top left corner.
  void box(int c1, int r1, int c2, int r2, std::string_view caption = {}) {
    if (!withForm()) return;
    doc_.rect(x(c1), top(r2 + 1), width(c2 - c1 + 1), (r2 - r1 + 1) * kRow, 0.5);
    if (!caption.empty()) label(c1, r1, c2 - c1 + 1, caption);
  }
  void shade(int c1, int row, int c2) {
    if (withForm()) doc_.fillRect(x(c1), top(row + 1), width(c2 - c1 + 1), kRow, 0.9);
  }
  void vline(int col, int r1, int r2) {
    if (withForm()) doc_.line(x(col), top(r1), x(col), top(r2 + 1), 0.5);
  }
  void hline(int c1, int c2, int row, bool dashed = false) {
    if (withForm()) doc_.line(x(c1), top(row), x(c2 + 1), top(row), dashed ? 0.3 : 0.5, 0, dashed);
  }

  /// A caption line of the form: `line` 0 at the top of `row`, each further line 5.5 pt lower.
  void label(int col, int row, int cols, std::string_view text, int line = 0, double dx = 1.2,
             TextStyle style = kCaption) {
    if (!withForm()) return;
    const double baseline = top(row) - 5 - 5.5 * line;
    doc_.text(x(col) + dx, baseline, cut(text, style, width(cols) - dx - 0.5), style);
  }
  /// A caption on a data row's baseline (the small words beside check boxes).
  void inlineLabel(int col, int row, int cols, std::string_view text, double dx = 1) {
    if (!withForm()) return;
    doc_.text(x(col) + dx, base(row) + 0.5, cut(text, kCaption, width(cols) - dx), kCaption);
  }

  /// Data cut to the field (names, addresses: their start is what matters).
  void put(int col, int row, int cols, const std::string& text) {
    if (text.empty()) return;
    doc_.text(x(col) + 1, base(row), cut(text, kData, width(cols) - 1.5), kData);
  }
  /// Data that must print whole (identifiers, amounts): set smaller to fit, cut only below 5 pt.
  void putWhole(int col, int row, int cols, const std::string& text, Align align = Align::kLeft) {
    if (text.empty()) return;
    const double w = width(cols) - 1.5;
    TextStyle style = kData;
    style.size = std::max(kSmallest, doc_.fittingSize(text, kData, w));
    const std::string fitted = cut(text, style, w);
    if (align == Align::kRight) {
      doc_.text(x(col + cols) - 1, base(row), fitted, style, Align::kRight);
    } else {
      doc_.text(x(col) + 1, base(row), fitted, style);
    }
  }

  /// MM DD YY (or YYYY) in the form's three date boxes, three columns apart.
  void date(int col, int row, const std::optional<Date>& d, bool fullYear) {
    if (!d) return;
    putWhole(col, row, 3, two(d->month()));
    putWhole(col + 3, row, 3, two(d->day()));
    putWhole(col + 6, row, fullYear ? 4 : 2, fullYear ? std::to_string(d->year()) : two(d->year()));
  }

  /// A check box at `col` (drawn with the form) and its X when `checked`.
  void check(int col, int row, bool checked) {
    if (withForm()) doc_.rect(x(col) + 1, base(row) - 1.5, 7, 7, 0.5);
    if (checked) doc_.text(x(col) + 4.5, base(row) - 0.8, "X", kMark, Align::kCenter);
  }

  /// Dollars right-aligned before the cents column, cents in their two columns (no "$", no
  /// point, as the form has a rule between them).
  void amount(int firstCol, int centsCol, int row, std::int64_t cents) {
    const bool negative = cents < 0;
    const std::uint64_t u =
        negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
    putWhole(firstCol, row, centsCol - firstCol, (negative ? "-" : "") + std::to_string(u / 100),
             Align::kRight);
    putWhole(centsCol, row, 2, two(static_cast<int>(u % 100)));
  }

  /// `text` cut (without an ellipsis, which OCR would misread) to at most `maxWidth` points.
  [[nodiscard]] std::string cut(std::string_view text, TextStyle style, double maxWidth) const {
    if (doc_.textWidth(text, style) <= maxWidth) return std::string(text);
    const std::string valid = validUtf8(text);
    std::size_t lo = 0;
    std::size_t hi = valid.size();  // code points are never more than bytes
    while (lo < hi) {
      const std::size_t mid = (lo + hi + 1) / 2;
      if (doc_.textWidth(std::string_view(valid).substr(0, prefixBytes(valid, mid)), style) <=
          maxWidth) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    std::string out = valid.substr(0, prefixBytes(valid, lo));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  Document& doc() { return doc_; }

 private:
  Document& doc_;
  const Cms1500Options& options_;
};

// ---- the form itself (plain paper only) ----

// Columns of item 24.
constexpr int kFromCol = 1, kToCol = 9, kPosCol = 17, kEmgCol = 20, kCptCol = 22, kModCol = 29,
              kPointerCol = 41, kChargeCol = 45, kChargeCentsCol = 52, kUnitsCol = 54,
              kEpsdtCol = 58, kQualCol = 60, kRenderingCol = 63;
constexpr int kFirstLineRow = 44;  // the shaded row of line 1; its data row is the next

void drawFormLines(Form& f) {
  Document& doc = f.doc();
  doc.text(f.x(1) + 1, f.base(6), "HEALTH INSURANCE CLAIM FORM", kTitle);
  f.label(1, 7, 49, "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12");
  f.label(50, 2, 31, "CARRIER: PAYER NAME AND ADDRESS");

  // Items 1 to 11.
  f.box(1, 8, 49, 9);
  const std::array<std::pair<int, const char*>, 7> programs = {{{1, "1. MEDICARE"},
                                                                {8, "MEDICAID"},
                                                                {15, "TRICARE"},
                                                                {22, "CHAMPVA"},
                                                                {29, "GROUP HEALTH PLAN"},
                                                                {37, "FECA BLK LUNG"},
                                                                {44, "OTHER"}}};
  const std::array<const char*, 7> programIds = {
      "(Medicare#)", "(Medicaid#)", "(ID#/DoD#)", "(Member ID#)", "(ID#)", "(ID#)", "(ID#)"};
  for (std::size_t i = 0; i < programs.size(); ++i) {
    const int col = programs[i].first;
    const int next = i + 1 < programs.size() ? programs[i + 1].first : 50;
    f.label(col, 8, next - col, programs[i].second);
    f.check(col, 9, false);
    f.inlineLabel(col + 1, 9, next - col - 1, programIds[i], 1.5);
  }
  f.box(50, 8, 80, 9, "1a. INSURED'S I.D. NUMBER (For Program in Item 1)");
  f.box(1, 10, 29, 11, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)");
  f.box(30, 10, 49, 11, "3. PATIENT'S BIRTH DATE");
  f.label(30, 10, 20, "MM      DD      YY", 1, 4);
  f.label(40, 10, 10, "SEX", 0, 8);
  f.inlineLabel(40, 11, 2, "M");
  f.check(41, 11, false);
  f.inlineLabel(44, 11, 2, "F");
  f.check(45, 11, false);
  f.box(50, 10, 80, 11, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)");
  f.box(1, 12, 29, 13, "5. PATIENT'S ADDRESS (No., Street)");
  f.box(1, 14, 25, 15, "CITY");
  f.box(26, 14, 29, 15, "STATE");
  f.box(1, 16, 13, 17, "ZIP CODE");
  f.box(14, 16, 29, 17, "TELEPHONE (Include Area Code)");
  f.box(30, 12, 49, 13, "6. PATIENT RELATIONSHIP TO INSURED");
  const std::array<std::pair<int, const char*>, 4> relations = {
      {{30, "Self"}, {34, "Spouse"}, {39, "Child"}, {44, "Other"}}};
  for (const auto& [col, name] : relations) {
    f.inlineLabel(col, 13, 3, name);
    f.check(col + 3, 13, false);
  }
  f.box(50, 12, 80, 13, "7. INSURED'S ADDRESS (No., Street)");
  f.box(50, 14, 73, 15, "CITY");
  f.box(74, 14, 80, 15, "STATE");
  f.box(50, 16, 62, 17, "ZIP CODE");
  f.box(63, 16, 80, 17, "TELEPHONE (Include Area Code)");
  f.box(30, 14, 49, 17, "8. RESERVED FOR NUCC USE");

  f.box(1, 18, 29, 19, "9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)");
  f.box(1, 20, 29, 21, "a. OTHER INSURED'S POLICY OR GROUP NUMBER");
  f.box(1, 22, 29, 23, "b. RESERVED FOR NUCC USE");
  f.box(1, 24, 29, 25, "c. RESERVED FOR NUCC USE");
  f.box(1, 26, 29, 27, "d. INSURANCE PLAN NAME OR PROGRAM NAME");
  f.box(30, 18, 49, 19, "10. IS PATIENT'S CONDITION RELATED TO:");
  const std::array<std::pair<int, const char*>, 3> related = {
      {{20, "a. EMPLOYMENT? (Current or Previous)"},
       {22, "b. AUTO ACCIDENT?"},
       {24, "c. OTHER ACCIDENT?"}}};
  for (const auto& [row, caption] : related) {
    f.box(30, row, 49, row + 1, caption);
    f.inlineLabel(31, row + 1, 2, "YES");
    f.check(33, row + 1, false);
    f.inlineLabel(37, row + 1, 2, "NO");
    f.check(39, row + 1, false);
  }
  f.label(43, 22, 7, "PLACE (State)");
  f.box(30, 26, 49, 27, "10d. CLAIM CODES (Designated by NUCC)");
  f.box(50, 18, 80, 19, "11. INSURED'S POLICY GROUP OR FECA NUMBER");
  f.box(50, 20, 80, 21, "a. INSURED'S DATE OF BIRTH");
  f.label(51, 20, 12, "MM      DD      YY", 1, 4);
  f.label(65, 20, 4, "SEX");
  f.inlineLabel(66, 21, 2, "M");
  f.check(67, 21, false);
  f.inlineLabel(72, 21, 2, "F");
  f.check(73, 21, false);
  f.box(50, 22, 80, 23, "b. OTHER CLAIM ID (Designated by NUCC)");
  f.box(50, 24, 80, 25, "c. INSURANCE PLAN NAME OR PROGRAM NAME");
  f.box(50, 26, 80, 27, "d. IS THERE ANOTHER HEALTH BENEFIT PLAN?");
  f.inlineLabel(50, 27, 2, "YES");
  f.check(52, 27, false);
  f.inlineLabel(55, 27, 2, "NO");
  f.check(57, 27, false);
  f.inlineLabel(60, 27, 21, "If yes, complete items 9, 9a, and 9d.");

  // Items 12 and 13.
  f.box(1, 28, 49, 31, "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE");
  f.label(1, 28, 49,
          "I authorize the release of any medical or other information necessary to process "
          "this claim.",
          1);
  f.label(1, 28, 49,
          "I also request payment of government benefits to myself or to the party who accepts "
          "assignment.",
          2);
  f.inlineLabel(1, 31, 4, "SIGNED");
  f.inlineLabel(31, 31, 3, "DATE");
  f.box(50, 28, 80, 31, "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE");
  f.label(50, 28, 31, "I authorize payment of medical benefits to the undersigned physician", 1);
  f.label(50, 28, 31, "or supplier for services described below.", 2);
  f.inlineLabel(50, 31, 4, "SIGNED");

  // Items 14 to 23.
  f.box(1, 32, 29, 33, "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)");
  f.inlineLabel(12, 33, 3, "QUAL.");
  f.box(30, 32, 49, 33, "15. OTHER DATE");
  f.inlineLabel(30, 33, 3, "QUAL.");
  f.box(50, 32, 80, 33, "16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION");
  f.inlineLabel(50, 33, 3, "FROM");
  f.inlineLabel(66, 33, 2, "TO");
  f.box(1, 34, 29, 35, "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE");
  f.shade(30, 34, 49);
  f.box(30, 34, 49, 34);
  f.inlineLabel(30, 34, 3, "17a.");
  f.box(30, 35, 49, 35);
  f.inlineLabel(30, 35, 4, "17b. NPI");
  f.box(50, 34, 80, 35, "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES");
  f.inlineLabel(50, 35, 3, "FROM");
  f.inlineLabel(66, 35, 2, "TO");
  f.box(1, 36, 49, 37, "19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)");
  f.box(50, 36, 80, 37, "20. OUTSIDE LAB?");
  f.label(64, 36, 10, "$ CHARGES");
  f.inlineLabel(50, 37, 2, "YES");
  f.check(52, 37, false);
  f.inlineLabel(55, 37, 2, "NO");
  f.check(57, 37, false);
  f.box(1, 38, 49, 41,
        "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY Relate A-L to service line below (24E)");
  f.inlineLabel(38, 38, 4, "ICD Ind.");
  const char* letters = "ABCDEFGHIJKL";
  for (int i = 0; i < 12; ++i) {
    f.inlineLabel(1 + 12 * (i % 4), 39 + i / 4, 1, std::string(1, letters[i]) + ".");
  }
  f.box(50, 38, 80, 39, "22. RESUBMISSION CODE");
  f.label(62, 38, 19, "ORIGINAL REF. NO.");
  f.vline(62, 38, 39);
  f.box(50, 40, 80, 41, "23. PRIOR AUTHORIZATION NUMBER");

  // Item 24: the header, then six lines of a shaded supplemental row over a data row.
  f.box(1, 42, 80, 43);
  struct Head {
    int col;
    int cols;
    std::array<const char*, 3> lines;
  };
  const std::array<Head, 11> heads = {{
      {kFromCol, 16, {"24. A. DATE(S) OF SERVICE", "From", "MM   DD   YY"}},
      {kToCol, 8, {"", "To", "MM   DD   YY"}},
      {kPosCol, 3, {"B.", "PLACE OF", "SERVICE"}},
      {kEmgCol, 2, {"C.", "EMG", ""}},
      {kCptCol,
       19,
       {"D. PROCEDURES, SERVICES, OR SUPPLIES", "(Explain Unusual Circumstances)",
        "CPT/HCPCS            MODIFIER"}},
      {kPointerCol, 4, {"E.", "DIAGNOSIS", "POINTER"}},
      {kChargeCol, 9, {"F.", "", "$ CHARGES"}},
      {kUnitsCol, 4, {"G.", "DAYS OR", "UNITS"}},
      {kEpsdtCol, 2, {"H. EPSDT", "Family", "Plan"}},
      {kQualCol, 3, {"I.", "ID.", "QUAL."}},
      {kRenderingCol, 18, {"J.", "RENDERING", "PROVIDER ID. #"}},
  }};
  for (const Head& h : heads) {
    for (int i = 0; i < 3; ++i) {
      if (*h.lines[i] != '\0')
        f.label(h.col, 42, h.cols, h.lines[i], i, 1, {4.2, Weight::kRegular});
    }
  }
  for (int k = 0; k < kCms1500LinesPerPage; ++k) {
    const int row = kFirstLineRow + 2 * k;
    f.shade(1, row, kLastCol);
    f.hline(1, kLastCol, row);
    f.hline(1, kLastCol, row + 1, true);
    f.inlineLabel(kQualCol, row + 1, 3, "NPI");
    f.doc().text(f.x(kLastCol + 1) + 3, f.base(row + 1), std::to_string(k + 1), {7, Weight::kBold});
  }
  f.box(1, kFirstLineRow, kLastCol, kFirstLineRow + 11);
  // Column rules from the header down; the shaded rows are open across 24A-24G (their
  // supplemental information runs across), so rules stop at each data row there.
  for (int col : {kPosCol, kEmgCol, kCptCol, kModCol, kModCol + 3, kModCol + 6, kModCol + 9,
                  kPointerCol, kChargeCol, kChargeCentsCol, kUnitsCol}) {
    // D's modifiers and F's cents are divided in the rows only, under the header's words.
    if (col != kModCol && col != kModCol + 3 && col != kModCol + 6 && col != kModCol + 9 &&
        col != kChargeCentsCol) {
      f.vline(col, 42, 43);
    }
    for (int k = 0; k < kCms1500LinesPerPage; ++k)
      f.vline(col, kFirstLineRow + 2 * k + 1, kFirstLineRow + 2 * k + 1);
  }
  for (int col : {kToCol, kEpsdtCol, kQualCol, kRenderingCol}) f.vline(col, 42, kFirstLineRow + 11);

  // Items 25 to 33.
  f.box(1, 56, 21, 57, "25. FEDERAL TAX I.D. NUMBER");
  f.label(15, 56, 3, "SSN");
  f.label(18, 56, 3, "EIN");
  f.check(15, 57, false);
  f.check(18, 57, false);
  f.box(22, 56, 35, 57, "26. PATIENT'S ACCOUNT NO.");
  f.box(36, 56, 49, 57, "27. ACCEPT ASSIGNMENT?");
  f.inlineLabel(36, 57, 2, "YES");
  f.check(38, 57, false);
  f.inlineLabel(42, 57, 2, "NO");
  f.check(44, 57, false);
  f.box(50, 56, 61, 57, "28. TOTAL CHARGE");
  f.vline(60, 57, 57);
  f.box(62, 56, 72, 57, "29. AMOUNT PAID");
  f.vline(71, 57, 57);
  f.box(73, 56, 80, 57, "30. Rsvd for NUCC Use");
  f.box(1, 58, 21, 62, "31. SIGNATURE OF PHYSICIAN OR SUPPLIER");
  f.label(1, 58, 21, "INCLUDING DEGREES OR CREDENTIALS", 1);
  f.inlineLabel(1, 62, 4, "SIGNED");
  f.inlineLabel(11, 62, 3, "DATE");
  f.box(22, 58, 49, 62, "32. SERVICE FACILITY LOCATION INFORMATION");
  f.box(22, 62, 34, 62);
  f.inlineLabel(22, 62, 1, "a.");
  f.shade(35, 62, 49);
  f.box(35, 62, 49, 62);
  f.inlineLabel(35, 62, 1, "b.");
  f.box(50, 58, 80, 62, "33. BILLING PROVIDER INFO & PH #");
  f.doc().text(f.x(67) + 1, f.base(58), "(", kData);
  f.doc().text(f.x(71) - 1, f.base(58), ")", kData);
  f.box(50, 62, 61, 62);
  f.inlineLabel(50, 62, 1, "a.");
  f.shade(62, 62, 80);
  f.box(62, 62, 80, 62);
  f.inlineLabel(62, 62, 1, "b.");
  f.label(1, 63, 30, "NUCC Instruction Manual available at: www.nucc.org");
  f.label(33, 63, 15, "PLEASE PRINT OR TYPE");
  f.label(56, 63, 25, "APPROVED OMB-0938-1197 FORM 1500 (02-12)");
}

// ---- the claim's data ----

struct PatientView {
  claims::PartyName name;
  std::optional<Date> birthDate;
  claims::Sex sex = claims::Sex::kUnknown;
  domain::Address address;
};

PatientView patientOf(const claims::Claim& c) {
  if (c.patient) return {c.patient->name, c.patient->birthDate, c.patient->sex, c.patient->address};
  return {c.subscriber.name, c.subscriber.birthDate, c.subscriber.sex, c.subscriber.address};
}

void sexBoxes(Form& f, int maleCol, int femaleCol, int row, claims::Sex sex) {
  if (sex == claims::Sex::kMale) f.check(maleCol, row, true);
  if (sex == claims::Sex::kFemale) f.check(femaleCol, row, true);
}

void yesNo(Form& f, int yesCol, int noCol, int row, bool yes) {
  f.check(yes ? yesCol : noCol, row, true);
}

void phone(Form& f, int areaCol, int numberCol, int row, std::string_view raw) {
  std::string d = digitsOf(raw);
  if (d.size() == 11 && d.front() == '1') d.erase(0, 1);
  if (d.size() == 10) {
    f.putWhole(areaCol, row, 3, d.substr(0, 3));
    f.putWhole(numberCol, row, 9, d.substr(3));
  } else {
    f.putWhole(numberCol, row, 9, d);
  }
}

void drawClaimData(Form& f, const claims::Claim& c, const Cms1500Options& options) {
  // The payer, in the carrier block above the form.
  {
    int row = 3;
    f.put(50, row++, 31, formText(c.payer.name));
    if (const std::string s = addressText(c.payer.address.line1); !s.empty())
      f.put(50, row++, 31, s);
    if (const std::string s = addressText(c.payer.address.line2); !s.empty())
      f.put(50, row++, 31, s);
    if (const std::string s = cityStateZip(c.payer.address); !s.empty() && row <= 6) {
      f.put(50, row, 31, s);
    }
  }

  // Item 1 and 1a.
  constexpr std::array<int, 6> kProgramCols = {1, 8, 15, 22, 29, 44};
  f.check(kProgramCols[static_cast<std::size_t>(cms1500Program(c.subscriber.claimFilingIndicator))],
          9, true);
  f.putWhole(51, 9, 30, formText(c.subscriber.memberId));

  // Items 2, 3, 5: the patient (the subscriber when there is no patient loop).
  const PatientView p = patientOf(c);
  f.put(1, 11, 29, lastFirst(p.name));
  f.date(30, 11, p.birthDate, true);
  sexBoxes(f, 41, 45, 11, p.sex);
  f.put(1, 13, 29, street(p.address));
  f.put(1, 15, 25, addressText(p.address.city));
  f.putWhole(26, 15, 4, formText(p.address.state, ".,"));
  f.putWhole(1, 17, 13, formText(p.address.postalCode, " .,"));

  // Items 4, 6, 7: the insured.
  const claims::Subscriber& s = c.subscriber;
  f.put(51, 11, 30, lastFirst(s.name));
  int relationCol = 33;  // self
  if (c.patient) {
    const std::string& r = c.patient->relationship;
    relationCol = r == "01" ? 37 : r == "19" ? 42 : 47;
  }
  f.check(relationCol, 13, true);
  const domain::Address& insuredAddress = s.address.empty() && !c.patient ? p.address : s.address;
  f.put(50, 13, 31, street(insuredAddress));
  f.put(50, 15, 24, addressText(insuredAddress.city));
  f.putWhole(74, 15, 7, formText(insuredAddress.state, ".,"));
  f.putWhole(50, 17, 13, formText(insuredAddress.postalCode, " .,"));

  // Items 9, 9a, 9d: the payer before this one, on a secondary or tertiary claim.
  if (!c.otherPayers.empty()) {
    const claims::OtherPayer& o = c.otherPayers.front();
    f.put(1, 19, 29, lastFirst(o.subscriberName));
    f.putWhole(1, 21, 29,
               formText(o.subscriberMemberId.empty() ? o.groupNumber : o.subscriberMemberId));
    f.put(1, 27, 29, formText(o.payerName));
  }

  // Item 10: related causes.
  const auto hasCause = [&c](std::string_view cause) {
    return c.accident && std::find(c.accident->causes.begin(), c.accident->causes.end(), cause) !=
                             c.accident->causes.end();
  };
  yesNo(f, 33, 39, 21, hasCause("EM"));
  yesNo(f, 33, 39, 23, hasCause("AA"));
  if (hasCause("AA")) f.putWhole(45, 23, 5, formText(c.accident->state, ".,"));
  yesNo(f, 33, 39, 25, hasCause("OA"));

  // Item 11.
  f.putWhole(50, 19, 31, formText(s.groupNumber));
  f.date(52, 21, s.birthDate, true);
  sexBoxes(f, 67, 73, 21, s.sex);
  f.put(50, 25, 31, formText(s.groupName.empty() ? c.payer.name : s.groupName));
  yesNo(f, 52, 57, 27, !c.otherPayers.empty());

  // Items 12, 13: release of information and assignment of benefits on file.
  if (c.releaseOfInformation == claims::ReleaseOfInformation::kSigned) {
    f.put(6, 31, 24, "SIGNATURE ON FILE");
  }
  if (c.benefitsAssignment == claims::BenefitsAssignment::kYes) {
    f.put(55, 31, 26, "SIGNATURE ON FILE");
  }

  // Item 14: onset (qualifier 431); 17: the referring provider (DN).
  if (c.onsetDate) {
    f.date(2, 33, c.onsetDate, false);
    f.putWhole(15, 33, 3, "431");
  }
  if (c.referringProvider) {
    f.putWhole(1, 35, 3, "DN");
    f.put(4, 35, 26, firstLast(c.referringProvider->name));
    f.putWhole(35, 35, 15, formText(c.referringProvider->npi));
  }

  f.put(1, 37, 49, formText(options.additionalInformation));

  // Item 21: ICD-10 (indicator 0), codes without their point.
  f.putWhole(43, 38, 2, "0");
  for (std::size_t i = 0; i < c.diagnoses.size() && i < claims::kMaxDiagnoses; ++i) {
    const int col = 2 + 12 * static_cast<int>(i % 4);
    f.putWhole(col, 39 + static_cast<int>(i / 4), 10, formText(c.diagnoses[i], ". "));
  }

  // Item 22: a replacement (7) or void (8) and the payer's claim number; 23: prior authorisation,
  // or else the referral number (the box takes one of them).
  if (c.frequency != claims::ClaimFrequency::kOriginal) {
    f.putWhole(51, 39, 10, std::string(1, claims::code(c.frequency)));
    f.putWhole(62, 39, 19, formText(c.originalClaimNumber));
  }
  f.putWhole(51, 41, 30,
             formText(c.priorAuthorization.empty() ? c.referralNumber : c.priorAuthorization));

  // Items 25 to 27.
  f.putWhole(1, 57, 14, digitsOf(c.billingProvider.taxId));
  f.check(c.billingProvider.taxIdKind == claims::TaxIdKind::kSsn ? 15 : 18, 57, true);
  f.putWhole(22, 57, 14, formText(c.patientControlNumber));
  yesNo(f, 38, 44, 57, c.assignment != claims::Assignment::kNotAssigned);

  // Item 31.
  if (c.providerSignatureOnFile) f.put(1, 61, 21, "SIGNATURE ON FILE");
  f.date(14, 62, options.signedDate, false);

  // Item 32: the service facility, when not the billing provider's address.
  if (c.serviceFacility) {
    const claims::ServiceFacility& sf = *c.serviceFacility;
    f.put(22, 59, 28, formText(sf.name, "."));
    f.put(22, 60, 28, street(sf.address));
    f.put(22, 61, 28, cityStateZip(sf.address));
    f.putWhole(23, 62, 12, formText(sf.npi));
  }

  // Item 33: the billing provider.
  const claims::BillingProvider& b = c.billingProvider;
  phone(f, 68, 72, 58, b.contact.phone);
  f.put(50, 59, 31, firstLast(b.name));
  f.put(50, 60, 31, street(b.address));
  f.put(50, 61, 31, cityStateZip(b.address));
  f.putWhole(51, 62, 11, formText(b.npi));
  if (!b.taxonomy.empty()) f.putWhole(63, 62, 18, "ZZ" + formText(b.taxonomy));
}

void drawLine(Form& f, const claims::Claim& c, const claims::ServiceLine& l, int row) {
  // The shaded row: the drug (N4, the 11-digit NDC, its unit and quantity), or the description of
  // a not-otherwise-classified code.
  if (l.ndc) {
    f.putWhole(1, row, 53,
               "N4" + formText(l.ndc->code, "- ") + " " + formText(l.ndc->unit) +
                   quantityText(l.ndc->quantityMilli));
  } else if (!l.description.empty()) {
    f.put(1, row, 53, "ZZ" + formText(l.description));
  }
  const int data = row + 1;
  f.date(kFromCol, data, l.serviceDate, false);
  f.date(kToCol, data, l.serviceDateEnd ? *l.serviceDateEnd : l.serviceDate, false);
  f.putWhole(kPosCol, data, 3,
             formText(l.placeOfService.empty() ? c.placeOfService : l.placeOfService));
  f.putWhole(kCptCol, data, kModCol - kCptCol, formText(l.procedureCode));
  for (std::size_t m = 0; m < l.modifiers.size() && m < claims::kMaxModifiers; ++m) {
    f.putWhole(kModCol + 3 * static_cast<int>(m), data, 3, formText(l.modifiers[m]));
  }
  std::string pointers;
  for (std::size_t k = 0; k < l.diagnosisPointers.size() && k < claims::kMaxPointers; ++k) {
    const int ptr = l.diagnosisPointers[k];
    if (ptr >= 1 && ptr <= 12) pointers.push_back(static_cast<char>('A' + ptr - 1));
  }
  f.putWhole(kPointerCol, data, kChargeCol - kPointerCol, pointers);
  f.amount(kChargeCol, kChargeCentsCol, data, l.charge.cents());
  f.putWhole(kUnitsCol, data, kEpsdtCol - kUnitsCol, std::to_string(l.units));
  const claims::ProviderRef* rendering =
      l.renderingProvider ? &*l.renderingProvider
                          : (c.renderingProvider ? &*c.renderingProvider : nullptr);
  if (rendering != nullptr) {
    f.putWhole(kRenderingCol, data, kLastCol - kRenderingCol + 1, formText(rendering->npi));
  }
}

domain::Error refusal(const std::vector<domain::FieldError>& problems) {
  domain::Error e = domain::Error::invalid(problems);
  e.message = "The claim cannot be printed on a CMS-1500: " + problems.front().field + " " +
              problems.front().message;
  if (problems.size() > 1) {
    e.message += " (and " + std::to_string(problems.size() - 1) + " more)";
  }
  e.message += ".";
  return e;
}

}  // namespace

Cms1500Program cms1500Program(const std::string& indicator) {
  if (indicator == "MA" || indicator == "MB") return Cms1500Program::kMedicare;
  if (indicator == "MC") return Cms1500Program::kMedicaid;
  if (indicator == "CH") return Cms1500Program::kTricare;
  if (indicator == "VA") return Cms1500Program::kChampva;
  for (const char* group : {"12", "13", "14", "15", "16", "17", "BL", "CI", "FI", "HM"}) {
    if (indicator == group) return Cms1500Program::kGroupHealthPlan;
  }
  return Cms1500Program::kOther;
}

domain::Result<std::string> renderCms1500(const FontFiles& fonts, const claims::Claim& claim,
                                          const Cms1500Options& options) {
  if (const auto problems = claims::validate(claim); !problems.empty()) return refusal(problems);
  std::int64_t paid = 0;
  bool anyPaid = false;
  for (const auto& o : claim.otherPayers) {
    if (!o.paidAmount) continue;
    anyPaid = true;
    if (__builtin_add_overflow(paid, o.paidAmount->cents(), &paid)) {
      return domain::Error::invalidField("other_payers", "paid amounts are too large to add up");
    }
  }
  if (claim.patientPaid) {
    anyPaid = true;
    if (__builtin_add_overflow(paid, claim.patientPaid->cents(), &paid)) {
      return domain::Error::invalidField("patient_paid", "is too large to add to other payments");
    }
  }

  auto created = Document::create(fonts, options.document);
  if (!created) return created.error();
  Document& doc = *created;
  Form form(doc, options);
  const std::size_t pages = (claim.lines.size() + kCms1500LinesPerPage - 1) / kCms1500LinesPerPage;
  for (std::size_t page = 0; page < pages; ++page) {
    doc.addPage();
    if (options.withForm) drawFormLines(form);
    drawClaimData(form, claim, options);
    const std::size_t first = page * kCms1500LinesPerPage;
    const std::size_t end = std::min(claim.lines.size(), first + kCms1500LinesPerPage);
    for (std::size_t i = first; i < end; ++i) {
      drawLine(form, claim, claim.lines[i], kFirstLineRow + 2 * static_cast<int>(i - first));
    }
    // NUCC: the totals go on the last page of a claim only; the others say it continues.
    if (page + 1 < pages) {
      form.put(50, 57, 12, "CONTINUED");
    } else {
      form.amount(50, 60, 57, claim.totalCharge().cents());
      if (anyPaid) form.amount(62, 71, 57, paid);
    }
  }
  return doc.finish();
}

}  // namespace medoffice::codecs::pdf
