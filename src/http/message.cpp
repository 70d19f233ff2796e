// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/message.hpp"

#include <charconv>

#include "domain/common/validation.hpp"

namespace medoffice::http {

std::optional<std::string> percentDecode(std::string_view s, bool plusIsSpace) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec != std::errc() || p != s.data() + i + 3) return std::nullopt;
      out.push_back(static_cast<char>(v));
      i += 2;
    } else if (c == '+' && plusIsSpace) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

QueryReader::QueryReader(const Request& req, domain::FieldErrors& errors)
    : req_(req), errors_(errors) {}

std::vector<std::string> QueryReader::all(const char* name) {
  used_.insert(name);
  std::vector<std::string> out;
  for (const auto& [k, v] : req_.query) {
    if (k != name) continue;
    if (out.size() >= 100 || v.size() > 512 || !domain::validation::isCleanText(v)) {
      errors_.add(name, "must be at most 100 values of clean text");
      return {};
    }
    out.push_back(v);
  }
  return out;
}

std::optional<std::string> QueryReader::get(const char* name) {
  used_.insert(name);
  std::optional<std::string> out;
  for (const auto& [k, v] : req_.query) {
    if (k != name) continue;
    if (out) {
      errors_.add(name, "is given more than once");
      return std::nullopt;
    }
    if (v.size() > 512 || !domain::validation::isCleanText(v)) {
      errors_.add(name, "must be clean UTF-8 text of at most 512 bytes");
      return std::nullopt;
    }
    out = v;
  }
  return out;
}

int QueryReader::integer(const char* name, int min, int max, int fallback) {
  auto v = get(name);
  if (!v) return fallback;
  int out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < min || out > max) {
    errors_.add(name,
                "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return fallback;
  }
  return out;
}

bool QueryReader::boolean(const char* name, bool fallback) {
  auto v = get(name);
  if (!v) return fallback;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  errors_.add(name, "must be true or false");
  return fallback;
}

void QueryReader::finish() {
  for (const auto& [k, v] : req_.query) {
    if (!used_.contains(k)) {
      std::string name = domain::validation::isCleanText(k) && k.size() < 64 ? k : "(unprintable)";
      errors_.add(name, "is not a known query parameter");
    }
  }
}

}  // namespace medoffice::http
