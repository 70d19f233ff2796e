// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string_view>
#include <vector>

#include "codecs/json/json_reader.hpp"
#include "codecs/json/json_writer.hpp"
#include "domain/common/fields.hpp"

/// Pieces every resource codec shares (registry_json.cpp, scheduling_json.cpp).
namespace medoffice::codecs {

/// Accepts and ignores the read-only members of a stored record, so that a GET body can be sent
/// back as a PUT.
inline void ignoreRecordMeta(ObjectReader& r) {
  r.ignore({"id", "organization_id", "version", "created_at", "updated_at"});
}

/// Reports unknown members, then answers `value` or the collected field errors.
template <class T>
domain::Result<T> finish(ObjectReader& r, domain::FieldErrors& e, T value) {
  r.finish();
  if (!e.empty()) return e.toError();
  return value;
}

inline void writeMeta(JsonWriter& w, const domain::RecordMeta& m) {
  w.member("version", m.version)
      .member("created_at", m.createdAt.toString())
      .member("updated_at", m.updatedAt.toString());
}

/// `"key":[1,2,3]` for typed ids.
template <class Id>
void writeIds(JsonWriter& w, std::string_view key, const std::vector<Id>& ids) {
  w.key(key).beginArray();
  for (auto id : ids) w.value(id.value);
  w.endArray();
}

}  // namespace medoffice::codecs
