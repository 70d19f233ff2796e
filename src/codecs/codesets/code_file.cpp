// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/codesets/code_file.hpp"

#include <algorithm>

namespace medoffice::codecs::codesets {

namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string LineProblem::describe() const {
  if (line == 0) return message;
  return "line " + std::to_string(line) + ": " + message;
}

std::optional<LineProblem> lineEndProblem(const LineReader& lines, std::string_view what) {
  if (lines.tooLong()) {
    return LineProblem{lines.number(), "the line is too long for " + std::string(what) +
                                           " (wrong file or wrong format?)"};
  }
  if (!lines.terminated()) {
    return LineProblem{lines.number(),
                       "the file ends in the middle of this line (truncated?); every line of " +
                           std::string(what) + " ends with a line break"};
  }
  return std::nullopt;
}

std::string latin1ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::optional<std::size_t> firstNonAscii(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) > 0x7F) return i;
  }
  return std::nullopt;
}

std::string column(std::size_t zeroBased) {
  return "column " + std::to_string(zeroBased + 1);
}

std::optional<int> releaseYearFromFileName(domain::CodeSystem system, std::string_view path) {
  if (auto slash = path.find_last_of('/'); slash != std::string_view::npos) {
    path.remove_prefix(slash + 1);
  }
  std::string name(path);
  std::transform(name.begin(), name.end(), name.begin(), lower);
  std::string_view prefix;
  if (system == domain::CodeSystem::kIcd10Cm) {
    prefix = "icd10cm";
  } else if (system == domain::CodeSystem::kHcpcs) {
    prefix = "hcpc";
  } else {
    return std::nullopt;
  }
  const auto at = name.find(prefix);
  if (at == std::string::npos) return std::nullopt;
  // The first run of exactly four digits after the prefix.
  for (std::size_t i = at + prefix.size(); i + 4 <= name.size(); ++i) {
    if (!isDigit(name[i]) || (i > 0 && isDigit(name[i - 1]))) continue;
    std::size_t end = i;
    while (end < name.size() && isDigit(name[end])) ++end;
    if (end - i != 4) {
      i = end;
      continue;
    }
    const int year = std::stoi(name.substr(i, 4));
    if (year >= 1990 && year <= 2100) return year;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace medoffice::codecs::codesets
