// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/codesets/cpt_csv.hpp"

#include <unordered_map>
#include <vector>

#include "domain/common/validation.hpp"

namespace medoffice::codecs::codesets {

namespace {

constexpr std::size_t kMaxDescription = 1000;
constexpr std::size_t kMaxRecordLines = 20;

/// One CSV record being read; it may span lines when a quoted field holds a line break.
struct CsvRecord {
  std::vector<std::string> fields;
  std::string field;
  bool inQuotes = false;
  bool afterQuote = false;  ///< the current field was quoted and its closing quote was read
  std::size_t firstLine = 0;
  std::size_t lines = 0;

  /// Reads one line into the record; an error message for malformed quoting.
  std::optional<std::string> feed(std::string_view line) {
    ++lines;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (inQuotes) {
        if (c != '"') {
          field += c;
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          inQuotes = false;
          afterQuote = true;
        }
      } else if (c == ',') {
        endField();
      } else if (c == '"') {
        if (!trim(field).empty() || afterQuote) return "a quote inside a field that is not quoted";
        field.clear();
        inQuotes = true;
      } else if (afterQuote) {
        if (c != ' ') return "text after the closing quote of a field";
      } else {
        field += c;
      }
    }
    if (inQuotes) {
      field += ' ';  // a line break inside a quoted field
    } else {
      endField();
    }
    return std::nullopt;
  }
  [[nodiscard]] bool complete() const { return !inQuotes; }

 private:
  void endField() {
    fields.emplace_back(afterQuote ? std::string(trimRight(field)) : std::string(trim(field)));
    field.clear();
    afterQuote = false;
  }
};

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

ReadResult readCptCsv(std::istream& in, const CodeSink& sink) {
  ReadResult out;
  LineReader lines(in);
  std::unordered_map<std::string, std::size_t> seen;
  CsvRecord rec;
  bool first = true;
  auto fail = [&](std::size_t line, std::string message) {
    out.problem = LineProblem{line, std::move(message)};
    return out;
  };
  while (auto next = lines.next()) {
    out.lines = lines.number();
    std::string_view l = *next;
    if (lines.number() == 1 && l.substr(0, 3) == "\xEF\xBB\xBF") l.remove_prefix(3);
    if (rec.lines == 0) {
      if (trim(l).empty()) continue;
      rec.firstLine = lines.number();
    }
    if (!domain::validation::isCleanText(l)) {
      return fail(lines.number(),
                  "the text is not UTF-8 or holds control characters (save the file as UTF-8 "
                  "CSV)");
    }
    if (auto why = rec.feed(l)) return fail(lines.number(), *why);
    if (!rec.complete()) {
      if (rec.lines >= kMaxRecordLines) {
        return fail(rec.firstLine, "a quoted field is not closed within " +
                                       std::to_string(kMaxRecordLines) + " lines");
      }
      continue;
    }
    CsvRecord done = std::move(rec);
    rec = CsvRecord{};
    const bool header = first && !done.fields.empty() && lowerAscii(done.fields[0]) == "code";
    first = false;
    if (header) continue;
    if (done.fields.size() != 2) {
      return fail(done.firstLine, "expected 2 fields (code,description), found " +
                                      std::to_string(done.fields.size()));
    }
    auto code = domain::normalizeCode(domain::CodeSystem::kCpt, done.fields[0]);
    if (!code) {
      return fail(done.firstLine, "'" + done.fields[0] +
                                      "' is not a CPT code (five digits, or four and F, T or U)");
    }
    const std::string& text = done.fields[1];
    if (text.empty()) return fail(done.firstLine, "the description of " + *code + " is empty");
    if (text.size() > kMaxDescription) {
      return fail(done.firstLine, "the description of " + *code + " is longer than " +
                                      std::to_string(kMaxDescription) + " bytes");
    }
    if (auto [it, fresh] = seen.emplace(*code, done.firstLine); !fresh) {
      return fail(done.firstLine,
                  *code + " is listed again (first on line " + std::to_string(it->second) + ")");
    }
    ++out.records;
    sink(domain::CodeRecord{*code, true, "", text, {}});
  }
  out.lines = lines.number();
  if (lines.tooLong()) return fail(lines.number(), "the line is too long for a CPT CSV file");
  if (rec.lines > 0) return fail(rec.firstLine, "a quoted field is not closed at the end of file");
  if (out.records == 0) out.problem = LineProblem{0, "the file holds no CPT codes"};
  return out;
}

}  // namespace medoffice::codecs::codesets
