// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/codesets/cpt_csv.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "codecs/csv/csv_reader.hpp"

namespace medoffice::codecs::codesets {

namespace {

constexpr std::size_t kMaxDescription = 1000;

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
  csv::Reader reader(in);
  std::unordered_map<std::string, std::size_t> seen;
  bool first = true;
  auto fail = [&](std::size_t line, std::string message) {
    out.problem = LineProblem{line, std::move(message)};
    return out;
  };
  while (auto done = reader.next()) {
    out.lines = reader.lines();
    const bool header = first && !done->fields.empty() && lowerAscii(done->fields[0]) == "code";
    first = false;
    if (header) continue;
    if (done->fields.size() != 2) {
      return fail(done->line, "expected 2 fields (code,description), found " +
                                  std::to_string(done->fields.size()));
    }
    auto code = domain::normalizeCode(domain::CodeSystem::kCpt, done->fields[0]);
    if (!code) {
      return fail(done->line, "'" + done->fields[0] +
                                  "' is not a CPT code (five digits, or four and F, T or U)");
    }
    std::string& text = done->fields[1];
    std::replace(text.begin(), text.end(), '\n', ' ');  // line breaks inside a quoted field
    if (text.empty()) return fail(done->line, "the description of " + *code + " is empty");
    if (text.size() > kMaxDescription) {
      return fail(done->line, "the description of " + *code + " is longer than " +
                                  std::to_string(kMaxDescription) + " bytes");
    }
    if (auto [it, fresh] = seen.emplace(*code, done->line); !fresh) {
      return fail(done->line,
                  *code + " is listed again (first on line " + std::to_string(it->second) + ")");
    }
    ++out.records;
    sink(domain::CodeRecord{*code, true, "", std::move(text), {}});
  }
  out.lines = reader.lines();
  if (const auto& p = reader.problem()) return fail(p->line, p->message);
  if (out.records == 0) out.problem = LineProblem{0, "the file holds no CPT codes"};
  return out;
}

}  // namespace medoffice::codecs::codesets
