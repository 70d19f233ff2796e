// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/denials/letter_template.hpp"

#include <optional>

#include "domain/common/validation.hpp"

namespace medoffice::domain::denials {

namespace {

constexpr std::size_t kMaxTemplate = 20000;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string fieldNames() {
  std::string out;
  for (const auto& f : kLetterFields) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

/// Text with line breaks: each line must be clean on its own.
bool cleanLines(std::string_view text) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!validation::isCleanText(line)) return false;
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return true;
}

}  // namespace

bool isLetterField(std::string_view name) {
  for (const auto& f : kLetterFields) {
    if (f.name == name) return true;
  }
  return false;
}

std::vector<FieldError> checkLetterTemplate(std::string_view text, const std::string& field) {
  FieldErrors e;
  if (trimmed(text).empty()) {
    e.add(field, "is required: the letter's body, with fields such as {{patient_name}}");
    return e.list();
  }
  if (text.size() > kMaxTemplate) {
    e.add(field, "is longer than 20000 characters");
    return e.list();
  }
  if (!cleanLines(text)) {
    e.add(field, "must be text without control characters (line breaks and tabs are fine)");
    return e.list();
  }
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string_view::npos) {
    const auto end = text.find("}}", at + 2);
    if (end == std::string_view::npos) {
      e.add(field, "has a '{{' without its '}}' (at character " + std::to_string(at + 1) + ")");
      break;
    }
    const std::string_view name = trimmed(text.substr(at + 2, end - at - 2));
    if (!isLetterField(name)) {
      e.add(field, "names {{" + std::string(name) + "}}, which is not a letter field; use " +
                       fieldNames());
    }
    at = end + 2;
  }
  return e.list();
}

std::string fillLetter(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size() + 256);
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const std::string name(trimmed(text.substr(open + 2, close - open - 2)));
    if (auto it = values.find(name); it != values.end()) out += it->second;
    at = close + 2;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace medoffice::domain::denials
