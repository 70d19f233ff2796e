// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/tabular/tabular.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "codecs/pdf/money_text.hpp"
#include "codecs/pdf/utf8_text.hpp"

namespace medoffice::codecs::tabular {
namespace {

constexpr std::size_t kMaxSheetName = 31;          // Excel's limit, in characters
constexpr std::size_t kMaxCellCharacters = 32767;  // Excel's limit per cell
constexpr double kMinWidth = 8;
constexpr double kMaxWidth = 60;

const Cell kEmpty{};

const Cell& cellAt(const std::vector<Cell>& row, std::size_t i) {
  return i < row.size() ? row[i] : kEmpty;
}

// ---- CSV ----

bool startsFormula(const std::string& s) {
  return !s.empty() &&
         (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

void appendField(std::string& out, const std::string& text) {
  const std::string guarded = startsFormula(text) ? "'" + text : text;
  if (guarded.find_first_of(",\"\r\n") == std::string::npos) {
    out += guarded;
    return;
  }
  out.push_back('"');
  for (const char c : guarded) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string numberText(std::int64_t v, ColumnType type) {
  return type == ColumnType::kCents ? pdf::formatDecimal(v) : std::to_string(v);
}

// ---- XLSX ----

// Days in a month of the proleptic Gregorian calendar.
int daysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool parseDate(const std::string& s, lxw_datetime& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  const auto digits = [&](std::size_t from, std::size_t n, int& v) {
    v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return false;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return false;
  out = lxw_datetime{y, m, d, 0, 0, 0};
  return true;
}

std::string cellText(const std::string& s) {
  std::string clean = pdf::validUtf8(s);
  clean.resize(pdf::prefixBytes(clean, kMaxCellCharacters));
  return clean;
}

std::size_t characters(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// The width (in characters) a cell needs as Excel shows it.
std::size_t shownLength(const Cell& cell, ColumnType type) {
  if (const auto* i = std::get_if<std::int64_t>(&cell)) {
    return type == ColumnType::kCents ? pdf::formatDollars(*i).size() - 1  // no "$" shown
                                      : std::to_string(*i).size();
  }
  if (const auto* s = std::get_if<std::string>(&cell)) {
    lxw_datetime d{};
    if (type == ColumnType::kDate && parseDate(*s, d)) return 10;
    std::size_t longest = 0;  // a cell with line breaks is as wide as its longest line
    std::istringstream lines(*s);
    for (std::string line; std::getline(lines, line);)
      longest = std::max(longest, characters(line));
    return longest;
  }
  return 0;
}

std::string asciiLower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string validSheetName(const std::string& wanted) {
  std::string name = pdf::pdfLine(wanted);  // valid UTF-8 without controls
  for (char& c : name) {
    if (std::strchr("[]:*?/\\", c) != nullptr && c != '\0') c = '_';
  }
  const auto trim = [&name] {
    while (!name.empty() && (name.front() == '\'' || name.front() == ' ')) name.erase(0, 1);
    while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  };
  trim();
  name.resize(pdf::prefixBytes(name, kMaxSheetName));
  trim();
  if (name.empty()) name = "Sheet";
  if (asciiLower(name) == "history") name += "_";  // Excel reserves it
  return name;
}

// Removes the workbook's temporary file however toXlsx returns.
struct TempFile {
  std::string path;
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

// Closes (and frees) the workbook if toXlsx returns before closing it.
struct Workbook {
  lxw_workbook* wb = nullptr;
  Workbook() = default;
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook() {
    if (wb != nullptr) workbook_close(wb);
  }
  lxw_error close() {
    const lxw_error e = workbook_close(wb);
    wb = nullptr;
    return e;
  }
};

domain::Error libraryError(const char* what, lxw_error e) {
  return domain::Error::internal(std::string("Writing the XLSX workbook failed while ") + what +
                                 ": " + lxw_strerror(e) + ".");
}

}  // namespace

std::string toCsv(const Table& t, const CsvOptions& options) {
  std::string out;
  if (options.byteOrderMark) out += "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) out.push_back(',');
    appendField(out, t.columns[i].title);
  }
  out += "\r\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i > 0) out.push_back(',');
      const Cell& cell = cellAt(row, i);
      if (const auto* v = std::get_if<std::int64_t>(&cell)) {
        out += numberText(*v, t.columns[i].type);
      } else if (const auto* s = std::get_if<std::string>(&cell)) {
        appendField(out, *s);
      }
    }
    out += "\r\n";
  }
  return out;
}

std::vector<std::string> sheetNames(const std::vector<Table>& sheets) {
  std::vector<std::string> names;
  std::vector<std::string> taken;  // lower-cased, as Excel compares them
  for (const auto& t : sheets) {
    const std::string base = validSheetName(t.sheetName);
    std::string name = base;
    for (int n = 2; std::find(taken.begin(), taken.end(), asciiLower(name)) != taken.end(); ++n) {
      const std::string suffix = " (" + std::to_string(n) + ")";
      std::string head = base.substr(0, pdf::prefixBytes(base, kMaxSheetName - suffix.size()));
      while (!head.empty() && (head.back() == ' ' || head.back() == '\'')) head.pop_back();
      name = head + suffix;
    }
    taken.push_back(asciiLower(name));
    names.push_back(name);
  }
  return names;
}

domain::Result<std::string> toXlsx(const std::vector<Table>& sheets) {
  if (sheets.empty()) return domain::Error::invalidField("sheets", "A workbook needs a table.");
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string field = "sheets[" + std::to_string(i) + "]";
    if (sheets[i].columns.size() > LXW_COL_MAX) {
      return domain::Error::invalidField(field + ".columns",
                                         "Excel holds at most 16,384 columns per sheet.");
    }
    if (sheets[i].rows.size() + 2 > LXW_ROW_MAX) {
      return domain::Error::invalidField(
          field + ".rows", "Excel holds at most 1,048,574 rows under a title and a header.");
    }
  }

  const char* tmpdir = std::getenv("TMPDIR");
  const std::string dir = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  std::string pattern = dir + (dir.back() == '/' ? "" : "/") + "medoffice-xlsx-XXXXXX";
  TempFile temp;
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    return domain::Error::internal("Cannot create a temporary file for the XLSX workbook in " +
                                   dir + ": " + std::strerror(errno) + ".");
  }
  ::close(fd);
  temp.path = pattern;

  lxw_workbook_options opts{};
  opts.constant_memory = LXW_FALSE;
  opts.tmpdir = nullptr;
  opts.use_zip64 = LXW_FALSE;
  Workbook book;
  book.wb = workbook_new_opt(temp.path.c_str(), &opts);
  if (book.wb == nullptr) return domain::Error::internal("libxlsxwriter cannot start a workbook.");

  lxw_format* titleFormat = workbook_add_format(book.wb);
  format_set_bold(titleFormat);
  format_set_font_size(titleFormat, 14);
  lxw_format* headerFormat = workbook_add_format(book.wb);
  format_set_bold(headerFormat);
  format_set_bottom(headerFormat, LXW_BORDER_THIN);
  format_set_text_wrap(headerFormat);
  lxw_format* moneyFormat = workbook_add_format(book.wb);
  format_set_num_format(moneyFormat, "#,##0.00");
  lxw_format* dateFormat = workbook_add_format(book.wb);
  format_set_num_format(dateFormat, "yyyy-mm-dd");

  const auto names = sheetNames(sheets);
  for (std::size_t s = 0; s < sheets.size(); ++s) {
    const Table& t = sheets[s];
    lxw_worksheet* ws = workbook_add_worksheet(book.wb, names[s].c_str());
    if (ws == nullptr) {
      return domain::Error::internal("libxlsxwriter refused the worksheet name \"" + names[s] +
                                     "\".");
    }
    lxw_error e = LXW_NO_ERROR;
    const auto check = [&e](lxw_error r) {
      if (e == LXW_NO_ERROR) e = r;
    };
    lxw_row_t row = 0;
    if (!t.title.empty()) {
      check(worksheet_write_string(ws, row, 0, cellText(t.title).c_str(), titleFormat));
      row += 1;
    }
    const lxw_row_t headerRow = row;
    std::vector<std::size_t> widths(t.columns.size(), 0);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      check(worksheet_write_string(ws, headerRow, col, cellText(t.columns[c].title).c_str(),
                                   headerFormat));
      widths[c] = characters(t.columns[c].title);
    }
    row += 1;
    for (const auto& cells : t.rows) {
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const Cell& cell = cellAt(cells, c);
        const ColumnType type = t.columns[c].type;
        widths[c] = std::max(widths[c], shownLength(cell, type));
        if (const auto* v = std::get_if<std::int64_t>(&cell)) {
          if (type == ColumnType::kCents) {
            check(
                worksheet_write_number(ws, row, col, static_cast<double>(*v) / 100.0, moneyFormat));
          } else {
            check(worksheet_write_number(ws, row, col, static_cast<double>(*v), nullptr));
          }
        } else if (const auto* text = std::get_if<std::string>(&cell)) {
          lxw_datetime date{};
          if (type == ColumnType::kDate && parseDate(*text, date)) {
            check(worksheet_write_datetime(ws, row, col, &date, dateFormat));
          } else {
            check(worksheet_write_string(ws, row, col, cellText(*text).c_str(), nullptr));
          }
        }
      }
      row += 1;
    }
    if (e != LXW_NO_ERROR) return libraryError(("writing sheet \"" + names[s] + "\"").c_str(), e);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const double width = std::clamp(static_cast<double>(widths[c]) + 2, kMinWidth, kMaxWidth);
      const auto col = static_cast<lxw_col_t>(c);
      check(worksheet_set_column(ws, col, col, width, nullptr));
    }
    if (!t.columns.empty()) {
      check(worksheet_autofilter(ws, headerRow, 0, row > headerRow + 1 ? row - 1 : headerRow,
                                 static_cast<lxw_col_t>(t.columns.size() - 1)));
    }
    worksheet_freeze_panes(ws, headerRow + 1, 0);
    if (e != LXW_NO_ERROR) return libraryError("setting the columns", e);
  }
  if (const lxw_error e = book.close(); e != LXW_NO_ERROR) {
    return libraryError("saving the file", e);
  }

  std::ifstream in(temp.path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return domain::Error::internal("Cannot read back the XLSX workbook from " + temp.path + ".");
  }
  if (bytes.empty()) return domain::Error::internal("libxlsxwriter wrote an empty workbook.");
  return bytes;
}

}  // namespace medoffice::codecs::tabular
