// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/codesets/icd10cm.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

namespace medoffice::codecs::codesets {

namespace {

constexpr std::string_view kOrderLine = "an ICD-10-CM order file";
constexpr std::size_t kProgressEvery = 4096;  // lines

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

/// The blank columns of a fixed-width line; the message names the first one that is not.
std::optional<std::string> blankColumns(std::string_view line,
                                        std::initializer_list<std::size_t> columns) {
  for (std::size_t c : columns) {
    if (line[c] != ' ') return column(c) + " must be blank (the columns do not line up)";
  }
  return std::nullopt;
}

/// The code (left-justified, space-padded), the flag and the two descriptions of a line whose
/// code field starts at `codeAt`; an error message when any of them is malformed.
std::optional<std::string> readCodeFields(std::string_view line, std::size_t codeAt,
                                          std::size_t codeWidth, std::size_t flagAt,
                                          std::size_t shortAt, std::size_t longAt,
                                          domain::CodeRecord& out) {
  const std::string_view code = trimRight(line.substr(codeAt, codeWidth));
  if (!domain::isIcd10CmCode(code)) {
    return quoted(code) + " in columns " + std::to_string(codeAt + 1) + "-" +
           std::to_string(codeAt + codeWidth) + " is not an ICD-10-CM code";
  }
  const char flag = line[flagAt];
  if (flag != '0' && flag != '1') {
    return "the flag in " + column(flagAt) + " is " + quoted(std::string_view(&flag, 1)) +
           "; it must be 0 (header) or 1 (billable)";
  }
  const std::string_view longText = trimRight(line.substr(longAt));
  if (longText.empty()) return "the long description (from " + column(longAt) + ") is empty";
  out.code = std::string(code);
  out.billable = flag == '1';
  out.shortDescription = std::string(trimRight(line.substr(shortAt, longAt - 1 - shortAt)));
  out.longDescription = std::string(longText);
  out.endsOn.reset();
  return std::nullopt;
}

std::optional<std::string> notAscii(std::string_view line) {
  if (auto at = firstNonAscii(line)) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(line[*at]));
    return "byte " + std::string(hex) + " in " + column(*at) +
           " is not ASCII; CMS code files are ASCII (wrong file or wrong encoding?)";
  }
  return std::nullopt;
}

}  // namespace

ReadResult readIcd10CmOrder(std::istream& in, const CodeSink& sink, const ByteProgress& progress) {
  ReadResult out;
  LineReader lines(in);
  std::unordered_map<std::string, std::size_t> seen;
  domain::CodeRecord rec;
  auto fail = [&](std::string message) {
    out.problem = LineProblem{lines.number(), std::move(message)};
    return out;
  };
  while (auto line = lines.next()) {
    out.lines = lines.number();
    if (progress && out.lines % kProgressEvery == 0) progress(lines.bytesRead());
    const std::string_view l = *line;
    if (auto why = lineEndProblem(lines, kOrderLine)) return fail(why->message);
    if (auto why = notAscii(l)) return fail(*why);
    if (l.size() < 5 || !allDigits(l.substr(0, 5))) {
      return fail("expected a five-digit order number in columns 1-5, found " +
                  quoted(l.substr(0, 5)) + " (is this an ICD-10-CM order file?)");
    }
    if (l.size() < 78) {
      return fail("the line is " + std::to_string(l.size()) +
                  " bytes long; an order-file line has its long description from column 78");
    }
    if (auto why = blankColumns(l, {5, 13, 15, 76})) return fail(*why);
    const std::size_t order = std::stoul(std::string(l.substr(0, 5)));
    if (order != out.records + 1) {
      return fail("the order number is " + std::string(l.substr(0, 5)) + ", expected " +
                  std::to_string(out.records + 1) + " (a line is missing or out of place)");
    }
    if (auto why = readCodeFields(l, 6, 7, 14, 16, 77, rec)) return fail(*why);
    if (auto [it, fresh] = seen.emplace(rec.code, lines.number()); !fresh) {
      return fail(rec.code + " is listed again (first on line " + std::to_string(it->second) + ")");
    }
    ++out.records;
    sink(std::move(rec));
  }
  out.lines = lines.number();
  if (lines.tooLong()) {
    out.problem = lineEndProblem(lines, kOrderLine);
    return out;
  }
  if (out.records == 0) out.problem = LineProblem{0, "the file holds no ICD-10-CM codes"};
  if (progress) progress(lines.bytesRead());
  return out;
}

ReadResult readIcd10CmAddenda(std::istream& in, const std::function<void(AddendaEntry&&)>& sink) {
  static const std::pair<std::string_view, AddendaEntry::Action> kActions[] = {
      {"Add:", AddendaEntry::Action::kAdd},
      {"Delete:", AddendaEntry::Action::kDelete},
      {"Revise from:", AddendaEntry::Action::kReviseFrom},
      {"Revise to:", AddendaEntry::Action::kReviseTo}};
  ReadResult out;
  LineReader lines(in);
  auto fail = [&](std::string message) {
    out.problem = LineProblem{lines.number(), std::move(message)};
    return out;
  };
  while (auto line = lines.next()) {
    out.lines = lines.number();
    const std::string_view l = *line;
    if (trim(l).empty()) break;  // the summary follows
    if (auto why = notAscii(l)) return fail(*why);
    if (l.size() < 85) {
      return fail("the line is " + std::to_string(l.size()) +
                  " bytes long; an addenda line has its long description from column 85");
    }
    AddendaEntry e;
    const std::string_view action = trimRight(l.substr(0, 13));
    auto known = std::find_if(std::begin(kActions), std::end(kActions),
                              [&](const auto& a) { return a.first == action; });
    if (known == std::end(kActions)) {
      return fail(quoted(action) +
                  " in columns 1-13 is not an addenda action (Add:, Delete:, Revise from:, "
                  "Revise to:)");
    }
    e.action = known->second;
    if (auto why = blankColumns(l, {14, 22, 83})) return fail(*why);
    if (auto why = readCodeFields(l, 15, 7, 13, 23, 84, e.record)) return fail(*why);
    e.line = lines.number();
    ++out.records;
    sink(std::move(e));
  }
  out.lines = lines.number();
  if (lines.tooLong()) out.problem = lineEndProblem(lines, "an addenda file");
  return out;
}

AddendaSummary summarize(const std::vector<AddendaEntry>& entries) {
  using Action = AddendaEntry::Action;
  struct Seen {
    const AddendaEntry* add = nullptr;
    bool deleted = false;
  };
  std::vector<std::string> order;
  std::map<std::string, Seen> byCode;
  AddendaSummary out;
  for (const auto& e : entries) {
    if (e.action == Action::kReviseTo) out.revised.push_back(e.record.code);
    if (e.action != Action::kAdd && e.action != Action::kDelete) continue;
    auto [it, fresh] = byCode.try_emplace(e.record.code);
    if (fresh) order.push_back(e.record.code);
    if (e.action == Action::kAdd) {
      it->second.add = &e;
    } else {
      it->second.deleted = true;
    }
  }
  for (const auto& code : order) {
    const Seen& s = byCode[code];
    if (s.add && s.deleted) {
      (s.add->record.billable ? out.becameBillable : out.becameHeader).push_back(code);
    } else if (s.add) {
      out.added.push_back(code);
    } else {
      out.deleted.push_back(code);
    }
  }
  return out;
}

}  // namespace medoffice::codecs::codesets
