// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/csv/csv_reader.hpp"

#include "domain/common/validation.hpp"

namespace medoffice::codecs::csv {

Reader::Reader(std::istream& in, std::size_t maxRecordLines, std::size_t maxLine)
    : lines_(in, maxLine), maxRecordLines_(maxRecordLines) {}

std::nullopt_t Reader::fail(std::size_t line, std::string message) {
  problem_ = Problem{line, std::move(message)};
  return std::nullopt;
}

void Reader::endField() {
  // A quoted field is kept as written; an unquoted one loses its surrounding spaces.
  rec_.fields.emplace_back(afterQuote_ ? field_ : std::string(text::trim(field_)));
  field_.clear();
  afterQuote_ = false;
}

std::optional<std::string> Reader::feed(std::string_view line) {
  ++recLines_;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (inQuotes_) {
      if (c != '"') {
        field_ += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        field_ += '"';
        ++i;
      } else {
        inQuotes_ = false;
        afterQuote_ = true;
      }
    } else if (c == ',') {
      endField();
    } else if (c == '"') {
      if (!text::trim(field_).empty() || afterQuote_) {
        return "a quote inside a field that is not quoted";
      }
      field_.clear();
      inQuotes_ = true;
    } else if (afterQuote_) {
      if (c != ' ') return "text after the closing quote of a field";
    } else {
      field_ += c;
    }
  }
  if (inQuotes_) {
    field_ += '\n';  // a line break inside a quoted field
  } else {
    endField();
  }
  return std::nullopt;
}

std::optional<Record> Reader::next() {
  if (problem_) return std::nullopt;
  while (auto next = lines_.next()) {
    std::string_view l = *next;
    if (lines_.number() == 1 && l.substr(0, 3) == "\xEF\xBB\xBF") l.remove_prefix(3);
    if (recLines_ == 0) {
      if (text::trim(l).empty()) continue;
      rec_.line = lines_.number();
    }
    if (!domain::validation::isCleanText(l)) {
      return fail(lines_.number(),
                  "the text is not UTF-8 or holds control characters (save the file as UTF-8 "
                  "CSV)");
    }
    if (auto why = feed(l)) return fail(lines_.number(), std::move(*why));
    if (inQuotes_) {
      if (recLines_ >= maxRecordLines_) {
        return fail(rec_.line, "a quoted field is not closed within " +
                                   std::to_string(maxRecordLines_) + " lines");
      }
      continue;
    }
    Record done = std::move(rec_);
    rec_ = Record{};
    recLines_ = 0;
    return done;
  }
  if (lines_.tooLong()) {
    return fail(lines_.number(), "the line is too long for a CSV file (wrong file?)");
  }
  if (recLines_ > 0) return fail(rec_.line, "a quoted field is not closed at the end of file");
  return std::nullopt;
}

std::string field(std::string_view value) {
  const bool plain = value.find_first_of(",\"\r\n") == std::string_view::npos &&
                     (value.empty() || (value.front() != ' ' && value.back() != ' '));
  if (plain) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace medoffice::codecs::csv
