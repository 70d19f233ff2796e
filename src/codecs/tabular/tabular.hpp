// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Report tables (issue 15) as files people open in a spreadsheet: CSV (RFC 4180) and XLSX
// (libxlsxwriter). A Table says what each column holds; the codecs write money as exact decimal
// text in CSV and as numbers with a money format in XLSX, and dates as real Excel dates.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "domain/common/result.hpp"

namespace medoffice::codecs::tabular {

enum class ColumnType { kText, kInteger, kCents, kDate };  // kDate cells hold "YYYY-MM-DD" text

struct Column {
  std::string key;    ///< machine name ("insurance_balance"); not written by these codecs
  std::string title;  ///< the header people read ("Insurance balance")
  ColumnType type = ColumnType::kText;
};

/// Empty, text, or an integer (cents in a kCents column, a count or id in a kInteger column).
using Cell = std::variant<std::monostate, std::string, std::int64_t>;

struct Table {
  std::string sheetName;  ///< the XLSX worksheet's name (sanitised there); not in CSV
  std::string title;      ///< a line above the header in XLSX; not in CSV
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  ///< each as many cells as columns: missing cells are
                                        ///< empty, cells past the last column are ignored
};

struct CsvOptions {
  /// Starts the file with a UTF-8 byte-order mark, which Excel needs to read accents right when
  /// a CSV file is double-clicked (RFC 4180 has none; other readers skip it).
  bool byteOrderMark = false;
};

/// The table as CSV text (RFC 4180): a header row of the column titles, then one record per row,
/// each ending in CRLF. A field with a comma, quote, CR or LF is quoted, quotes doubled. An integer
/// in a kCents column is exact decimal dollars, "1234.56" or "-0.05" (no $ and no separators);
/// other integers are plain decimal. Text is written byte for byte, except that text starting with
/// = + - @ TAB or CR gets a leading apostrophe so that spreadsheets do not run it as a formula.
std::string toCsv(const Table& t, const CsvOptions& options = {});

/// The tables as one XLSX workbook, one worksheet per table in order. Each sheet: the title in
/// bold on the first row (when not empty), then the header row in bold, frozen with the rows above
/// it, with an autofilter; then the rows. kCents integers are numbers (cents / 100) formatted
/// "#,##0.00", kInteger integers numbers (exact up to 2^53), kDate text "YYYY-MM-DD" real dates
/// formatted yyyy-mm-dd (text that is not a date from 1900 to 9999 stays text); other cells text.
/// Text that is not UTF-8 gets U+FFFD and text past Excel's 32,767 characters is cut. Column
/// widths follow the longest content (8 to 60 characters). Sheet names are made valid and unique:
/// []:*?/\ become _, leading and trailing apostrophes go, at most 31 characters, "Sheet" when
/// empty, " (2)"... added to repeats (Excel compares names ignoring case). kInvalid when there is
/// no table or a table has more rows or columns than Excel holds; kInternal when libxlsxwriter or
/// the temporary file fails. libxlsxwriter 1.1.4 cannot write to memory, so the workbook is
/// written to a private temporary file (mode 0600 in $TMPDIR or /tmp) that is removed before
/// returning, on every path. Thread-safe.
domain::Result<std::string> toXlsx(const std::vector<Table>& sheets);

/// The name toXlsx gives each table's worksheet, in order.
std::vector<std::string> sheetNames(const std::vector<Table>& sheets);

}  // namespace medoffice::codecs::tabular
