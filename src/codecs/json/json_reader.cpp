// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/json_reader.hpp"

#include "domain/common/validation.hpp"

namespace medoffice::codecs {

using domain::Error;
using nlohmann::json;

namespace {
constexpr int kMaxDepth = 16;

bool depthWithin(std::string_view s, int limit) {
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (inString) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}
}  // namespace

domain::Result<json> parseObject(std::string_view body) {
  if (body.empty()) return Error::invalidField("body", "is empty; send a JSON object");
  if (!depthWithin(body, kMaxDepth)) {
    return Error::invalidField("body", "nests deeper than 16 levels");
  }
  json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Error::invalidField("body", "is not valid JSON (or not valid UTF-8)");
  }
  if (!doc.is_object()) return Error::invalidField("body", "must be a JSON object");
  return doc;
}

ObjectReader::ObjectReader(const json& obj, domain::FieldErrors& errors, std::string prefix)
    : obj_(obj), errors_(errors), prefix_(std::move(prefix)) {}

void ObjectReader::ignore(std::initializer_list<const char*> keys) {
  for (const char* k : keys) seen_.insert(k);
}

const json* ObjectReader::member(const char* key) {
  seen_.insert(key);
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool ObjectReader::has(const char* key) const {
  auto it = obj_.find(key);
  return it != obj_.end() && !it->is_null();
}

std::string ObjectReader::str(const char* key) {
  const json* v = member(key);
  if (!v) return {};
  if (!v->is_string()) {
    errors_.add(path(key), "must be a string");
    return {};
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > 4096) {
    errors_.add(path(key), "is too long");
    return {};
  }
  // Trim surrounding blanks: forms pad, and "Doe " must match "Doe".
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return s.empty() ? std::string{} : std::string(" ");
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool ObjectReader::boolean(const char* key, bool fallback) {
  const json* v = member(key);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    errors_.add(path(key), "must be true or false");
    return fallback;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> ObjectReader::integer(const char* key, std::int64_t min,
                                                  std::int64_t max) {
  const json* v = member(key);
  if (!v) return std::nullopt;
  std::int64_t out = 0;
  if (v->is_number_unsigned()) {
    auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) {
      errors_.add(path(key),
                  "must be between " + std::to_string(min) + " and " + std::to_string(max));
      return std::nullopt;
    }
    out = static_cast<std::int64_t>(u);
  } else if (v->is_number_integer()) {
    out = v->get<std::int64_t>();
  } else {
    errors_.add(path(key), "must be an integer");
    return std::nullopt;
  }
  if (out < min || out > max) {
    errors_.add(path(key),
                "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return out;
}

std::optional<domain::Date> ObjectReader::date(const char* key) {
  const json* v = member(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    errors_.add(path(key), "must be a date string YYYY-MM-DD");
    return std::nullopt;
  }
  auto d = domain::Date::parse(v->get_ref<const std::string&>());
  if (!d) errors_.add(path(key), "must be a real date in the form YYYY-MM-DD");
  return d;
}

std::vector<std::int64_t> ObjectReader::idArray(const char* key, std::size_t max) {
  std::vector<std::int64_t> out;
  const json* v = member(key);
  if (!v) return out;
  if (!v->is_array() || v->size() > max) {
    errors_.add(path(key), "must be an array of at most " + std::to_string(max) + " ids");
    return out;
  }
  for (const auto& e : *v) {
    if (!e.is_number_integer() || e.get<std::int64_t>() <= 0) {
      errors_.add(path(key), "must hold positive integer ids");
      return {};
    }
    out.push_back(e.get<std::int64_t>());
  }
  return out;
}

std::vector<std::string> ObjectReader::strArray(const char* key) {
  std::vector<std::string> out;
  const json* v = member(key);
  if (!v) return out;
  if (!v->is_array() || v->size() > 100) {
    errors_.add(path(key), "must be an array of at most 100 strings");
    return out;
  }
  for (const auto& e : *v) {
    if (!e.is_string() || e.get_ref<const std::string&>().size() > 64) {
      errors_.add(path(key), "must hold strings of at most 64 characters");
      return {};
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::optional<domain::Instant> ObjectReader::instant(const char* key) {
  const json* v = member(key);
  if (!v) return std::nullopt;
  if (v->is_string()) {
    if (auto t = domain::Instant::parse(v->get_ref<const std::string&>())) return t;
  }
  errors_.add(path(key), "must be an RFC 3339 date-time such as 2026-12-01T15:00:00Z");
  return std::nullopt;
}

void ObjectReader::object(const char* key, const std::function<void(ObjectReader&)>& fn) {
  const json* v = member(key);
  if (!v) return;
  if (!v->is_object()) {
    errors_.add(path(key), "must be an object");
    return;
  }
  ObjectReader inner(*v, errors_, prefix_ + key + ".");
  fn(inner);
  inner.finish();
}

void ObjectReader::finish() {
  for (const auto& [k, v] : obj_.items()) {
    if (!seen_.contains(k)) {
      std::string name = domain::validation::isCleanText(k) && k.size() < 100 ? k : "(unprintable)";
      errors_.add(prefix_ + name, "is not a known field");
    }
  }
}

}  // namespace medoffice::codecs
