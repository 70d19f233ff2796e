// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/codesets/hcpcs.hpp"

#include <algorithm>
#include <unordered_map>

namespace medoffice::codecs::codesets {

namespace {

constexpr std::size_t kRecord = 320;
constexpr std::size_t kPreambleLines = 20;
constexpr std::size_t kProgressEvery = 2048;  // lines

bool allDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The code of a record line (a procedure code, or a modifier without its three leading
/// spaces), or empty when the line is not an HCPCS record.
std::string_view recordCode(std::string_view l) {
  if (l.size() < 11 || !allDigits(l.substr(5, 5))) return {};
  const char type = l[10];
  if (type == '3' || type == '4') {
    return domain::isHcpcsCode(l.substr(0, 5)) ? l.substr(0, 5) : std::string_view{};
  }
  if (type == '7' || type == '8') {
    const bool ok = l.substr(0, 3) == "   " && domain::isModifierCode(l.substr(3, 2));
    return ok ? l.substr(3, 2) : std::string_view{};
  }
  return {};
}

/// CCYYMMDD, or blank for none.
std::optional<std::optional<domain::Date>> terminationDate(std::string_view field) {
  if (trim(field).empty()) return std::optional<domain::Date>{};
  if (field.size() != 8 || !allDigits(field)) return std::nullopt;
  auto num = [&](std::size_t at, std::size_t n) {
    return std::stoi(std::string(field.substr(at, n)));
  };
  auto d = domain::Date::fromYmd(num(0, 4), num(4, 2), num(6, 2));
  if (!d) return std::nullopt;
  return std::optional<domain::Date>(*d);
}

}  // namespace

ReadResult readHcpcs(std::istream& in, const CodeSink& sink, HcpcsCounts* counts,
                     const ByteProgress& progress) {
  ReadResult out;
  LineReader lines(in);
  std::unordered_map<std::string, std::size_t> seen;
  struct Pending {
    domain::CodeRecord record;
    bool modifier = false;
    std::string sequence;
    bool active = false;
  } cur;
  auto emit = [&] {
    if (!cur.active) return;
    cur.active = false;
    ++out.records;
    if (counts) ++(cur.modifier ? counts->modifiers : counts->procedures);
    sink(std::move(cur.record));
  };
  auto fail = [&](std::string message) {
    out.problem = LineProblem{lines.number(), std::move(message)};
    return out;
  };
  bool started = false;
  while (auto line = lines.next()) {
    out.lines = lines.number();
    if (progress && out.lines % kProgressEvery == 0) progress(lines.bytesRead());
    const std::string_view l = *line;
    const std::string_view code = recordCode(l);
    if (!started) {
      // The preamble: anything before the first record.
      if (code.empty()) {
        if (lines.number() >= kPreambleLines) {
          return fail("no HCPCS record in the first " + std::to_string(kPreambleLines) +
                      " lines (is this the CMS HCPCS Level II file?)");
        }
        continue;
      }
      started = true;
    }
    if (trim(l).empty()) continue;
    if (auto why = lineEndProblem(lines, "an HCPCS file")) return fail(why->message);
    if (code.empty()) {
      return fail(
          "not an HCPCS record: expected the code in columns 1-5, a sequence number in 6-10 and "
          "the record type 3, 4, 7 or 8 in column 11");
    }
    if (l.size() > kRecord) {
      return fail("the record is " + std::to_string(l.size()) + " bytes long; HCPCS records are " +
                  std::to_string(kRecord));
    }
    const char type = l[10];
    const bool modifier = type == '7' || type == '8';
    const std::string_view sequence = l.substr(5, 5);
    if (type == '3' || type == '7') {
      if (l.size() != kRecord) {
        return fail("the record is " + std::to_string(l.size()) +
                    " bytes long; HCPCS records are " + std::to_string(kRecord) + " (truncated?)");
      }
      emit();
      if (auto [it, fresh] = seen.emplace(std::string(code), lines.number()); !fresh) {
        return fail(std::string(code) + " is listed again (first on line " +
                    std::to_string(it->second) + ")");
      }
      auto ends = terminationDate(l.substr(284, 8));
      if (!ends) {
        return fail("the termination date '" + std::string(l.substr(284, 8)) +
                    "' in columns 285-292 is not a date (CCYYMMDD)");
      }
      cur.record = {std::string(code), true, latin1ToUtf8(trimRight(l.substr(91, 28))),
                    latin1ToUtf8(trim(l.substr(11, 80))), *ends};
      cur.modifier = modifier;
      cur.sequence = std::string(sequence);
      cur.active = true;
      continue;
    }
    // A continuation of the long description.
    if (!cur.active || cur.record.code != code || cur.modifier != modifier) {
      return fail("this continuation of " + std::string(code) + " does not follow its first line");
    }
    if (sequence <= cur.sequence) {
      return fail("sequence number " + std::string(sequence) + " of " + std::string(code) +
                  " does not follow " + cur.sequence);
    }
    cur.sequence = std::string(sequence);
    const std::string_view piece = trim(l.substr(11, std::min<std::size_t>(80, l.size() - 11)));
    if (!piece.empty()) {
      if (!cur.record.longDescription.empty()) cur.record.longDescription += ' ';
      cur.record.longDescription += latin1ToUtf8(piece);
    }
  }
  out.lines = lines.number();
  if (lines.tooLong()) {
    out.problem = lineEndProblem(lines, "an HCPCS file");
    return out;
  }
  if (!started) {
    out.problem = LineProblem{0, "the file holds no HCPCS records"};
    return out;
  }
  emit();
  if (progress) progress(lines.bytesRead());
  return out;
}

}  // namespace medoffice::codecs::codesets
