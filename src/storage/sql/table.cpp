// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/table.hpp"

#include <charconv>

#include "storage/sql/cursor.hpp"

namespace medoffice::storage {

void addAddress(Params& p, const domain::Address& a) {
  p.emplace_back(a.line1);
  p.emplace_back(a.line2);
  p.emplace_back(a.city);
  p.emplace_back(a.state);
  p.emplace_back(a.postalCode);
}

std::string joinList(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) {
    if (!out.empty()) out += ',';
    out += x;
  }
  return out;
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<std::int64_t> parseInteger(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<domain::Date> Reader::date() {
  if (r_.isNull(i_)) {
    ++i_;
    return std::nullopt;
  }
  return domain::Date::parse(r_.text(i_++));
}

std::optional<domain::Instant> Reader::optionalInstant() {
  if (r_.isNull(i_)) {
    ++i_;
    return std::nullopt;
  }
  return instant();
}

domain::Address Reader::address() {
  domain::Address a;
  a.line1 = text();
  a.line2 = text();
  a.city = text();
  a.state = text();
  a.postalCode = text();
  return a;
}

domain::RecordMeta Reader::meta() {
  domain::RecordMeta m;
  m.version = i64();
  m.createdAt = instant();
  m.updatedAt = instant();
  return m;
}

domain::Result<std::int64_t> idAfter(const app::PageRequest& page, std::string_view kind) {
  if (page.cursor.empty()) return std::int64_t{0};
  if (auto parts = decodeCursor(kind, page.cursor, 1)) {
    if (auto id = parseInteger((*parts)[0]); id && *id >= 0) return *id;
  }
  return domain::Error::invalidField("cursor", "is not a cursor from this list");
}

std::string encodeIdCursor(std::string_view kind, std::int64_t id) {
  return encodeCursor(kind, {std::to_string(id)});
}

}  // namespace medoffice::storage
