// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/common/error.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs {

/// Parses a request body into a JSON object. Rejects malformed JSON, invalid UTF-8, nesting
/// deeper than 16, and anything but an object, with kInvalid naming the field `body`.
domain::Result<nlohmann::json> parseObject(std::string_view body);

/// Reads the members of one JSON object strictly: wrong types are errors naming the field,
/// members never read are reported by finish() as unknown. Missing members read as empty.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& obj, domain::FieldErrors& errors, std::string prefix = {});

  /// Members accepted and ignored (read-only fields echoed back from a GET).
  void ignore(std::initializer_list<const char*> keys);
  std::string str(const char* key);
  bool boolean(const char* key, bool fallback);
  std::optional<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max);
  std::optional<domain::Date> date(const char* key);
  /// Positive integer ids; at most `max` of them.
  std::vector<std::int64_t> idArray(const char* key, std::size_t max = 1000);
  /// An array of short strings (at most 100 of up to 64 characters).
  std::vector<std::string> strArray(const char* key);
  /// An RFC 3339 date-time.
  std::optional<domain::Instant> instant(const char* key);
  /// Reads a nested object with `fn`; absent or null leaves it untouched.
  void object(const char* key, const std::function<void(ObjectReader&)>& fn);
  /// True when the member is present and not null.
  [[nodiscard]] bool has(const char* key) const;
  /// Reports unknown members. Call once after reading.
  void finish();

 private:
  const nlohmann::json* member(const char* key);
  std::string path(const char* key) const { return prefix_ + key; }

  const nlohmann::json& obj_;
  domain::FieldErrors& errors_;
  std::string prefix_;
  std::set<std::string, std::less<>> seen_;
};

}  // namespace medoffice::codecs
