// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// RFC 4180 CSV, read record by record with bounded memory (a practice's CPT descriptors, fee
// schedules) and written field by field.

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/text/line_reader.hpp"

namespace medoffice::codecs::csv {

/// One record: its fields, and the 1-based line it starts on.
struct Record {
  std::vector<std::string> fields;
  std::size_t line = 0;
};

/// What stopped a Reader: the 1-based line and what is wrong with it.
struct Problem {
  std::size_t line = 0;
  std::string message;
};

/// Reads records from a stream: fields separated by commas; a field in double quotes may hold
/// commas, doubled quotes and line breaks (kept as LF); spaces around an unquoted field and
/// after a quoted one are dropped; LF or CRLF line ends; a UTF-8 byte-order mark at the start
/// and empty lines between records are skipped. Stops at the first problem, named by its line:
/// text that is not UTF-8 or holds control characters, a quote inside an unquoted field, text
/// after a closing quote, a quoted field still open after `maxRecordLines` lines or at the end
/// of the file, a line longer than `maxLine` bytes. Never throws or asserts on input. Not
/// thread-safe.
class Reader {
 public:
  explicit Reader(std::istream& in, std::size_t maxRecordLines = 20,
                  std::size_t maxLine = std::size_t{1} << 16);
  /// The next record; nullopt at the end of the input or at a problem (then problem()).
  std::optional<Record> next();
  [[nodiscard]] const std::optional<Problem>& problem() const { return problem_; }
  /// How many lines were read so far.
  [[nodiscard]] std::size_t lines() const { return lines_.number(); }

 private:
  /// Reads one line into the record being built; an error message for malformed quoting.
  std::optional<std::string> feed(std::string_view line);
  void endField();
  std::nullopt_t fail(std::size_t line, std::string message);

  text::LineReader lines_;
  std::size_t maxRecordLines_;
  std::optional<Problem> problem_;
  Record rec_;
  std::string field_;
  std::size_t recLines_ = 0;  ///< lines of the record being built
  bool inQuotes_ = false;
  bool afterQuote_ = false;  ///< the current field was quoted and its closing quote was read
};

/// `value` as one field: as is, or in double quotes (quotes doubled) when it holds a comma, a
/// quote, a line break or surrounding spaces. It does not guard against spreadsheet formulas:
/// callers writing free text from users must.
std::string field(std::string_view value);

}  // namespace medoffice::codecs::csv
