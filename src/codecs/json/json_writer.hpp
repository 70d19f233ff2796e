// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medoffice::codecs {

/// Writes compact JSON straight into one string, with no intermediate tree: the answer path
/// of every API call (measured: building an nlohmann::json tree and dumping it cost more than
/// the SQLite insert of a registration). Strings are escaped as RFC 8259 requires; invalid
/// UTF-8 is replaced by U+FFFD so that the output is always valid JSON.
///
/// Usage: `w.beginObject().key("id").value(7).key("name").value("x").endObject();`
/// Misuse (a value where a key is due, unbalanced ends) is a programming error and is caught by
/// assertions in debug builds.
class JsonWriter {
 public:
  JsonWriter() { out_.reserve(512); }
  /// Room for about `bytes` of output, for answers known to be large (no regrowth copies).
  void reserve(std::size_t bytes) { out_.reserve(bytes); }

  /// A writer for a bare list of members (`"a":1,"b":2`, no braces), to be added to an object
  /// written elsewhere (see codecs::withMembers). Call key/value pairs only; no endObject.
  static JsonWriter memberList() {
    JsonWriter w;
    w.first_.push_back(true);
    return w;
  }

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view k);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  /// A string, or null when it is empty (optional text fields).
  JsonWriter& optional(std::string_view s) { return s.empty() ? null() : value(s); }
  /// Inserts already-encoded JSON as one value. The caller guarantees it is valid JSON.
  JsonWriter& raw(std::string_view json);

  /// Shorthand for key(k).value(v).
  template <class V>
  JsonWriter& member(std::string_view k, const V& v) {
    key(k);
    return value(v);
  }

  [[nodiscard]] const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void beforeValue();

  std::string out_;
  // One entry per open container: true until its first element is written.
  std::vector<bool> first_;
  bool afterKey_ = false;
};

/// Appends `s` to `out` as a JSON string literal (with quotes).
void appendJsonString(std::string& out, std::string_view s);

/// `"key": id`, or `"key": null` when the id is unset (0).
inline void optionalId(JsonWriter& w, std::string_view key, std::int64_t id) {
  w.key(key);
  if (id > 0) {
    w.value(id);
  } else {
    w.null();
  }
}

}  // namespace medoffice::codecs
