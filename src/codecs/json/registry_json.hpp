// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/ports/repositories.hpp"
#include "codecs/json/json_writer.hpp"
#include "domain/common/result.hpp"
#include "domain/insurance/insurance.hpp"
#include "domain/patients/patient.hpp"
#include "domain/practice/practice.hpp"

namespace medoffice::codecs {

/// JSON <-> domain for the practice registry API. Decoders are strict: wrong types and unknown
/// members are errors naming the field (read-only members such as `id` and `version` are
/// accepted and ignored so a GET body can be sent back). Business rules are checked later by
/// the domain; decoders only check shape.
domain::Result<domain::Organization> decodeOrganization(const nlohmann::json& j);
domain::Result<domain::Location> decodeLocation(const nlohmann::json& j);
domain::Result<domain::Provider> decodeProvider(const nlohmann::json& j);
domain::Result<domain::Payer> decodePayer(const nlohmann::json& j);
domain::Result<domain::Coverage> decodeCoverage(const nlohmann::json& j);
domain::Result<domain::Patient> decodePatient(const nlohmann::json& j);

/// Writes the API representation of each resource (one object) to `w`.
void write(JsonWriter& w, const domain::Organization& o);
void write(JsonWriter& w, const domain::Location& l);
void write(JsonWriter& w, const domain::Provider& p);
void write(JsonWriter& w, const domain::Payer& p);
void write(JsonWriter& w, const domain::Coverage& c);
void write(JsonWriter& w, const domain::Patient& p);
void write(JsonWriter& w, const domain::DuplicateCandidate& d);
void write(JsonWriter& w, const app::PatientMerge& m);

/// The representation as a JSON text.
template <class T>
std::string toJson(const T& value) {
  JsonWriter w;
  write(w, value);
  return w.take();
}

/// The representation as a tree, for callers that edit it (merge patch) or inspect it (tests).
template <class T>
nlohmann::json encode(const T& value) {
  return nlohmann::json::parse(toJson(value));
}

/// `{"items":[...],"next_cursor":...}` with null when there is no next page.
template <class T>
std::string pageJson(const app::Page<T>& page) {
  JsonWriter w;
  w.beginObject().key("items").beginArray();
  for (const auto& item : page.items) write(w, item);
  w.endArray().key("next_cursor").optional(page.nextCursor).endObject();
  return w.take();
}

/// Adds members (JSON member text `"name":value,...`) to the end of an encoded object:
/// `withMembers(R"({"a":1})", R"("b":2)")` is `{"a":1,"b":2}`. Empty `members` changes nothing.
std::string withMembers(std::string object, std::string_view members);

/// Applies an RFC 7396 JSON merge patch to `target`.
void mergePatch(nlohmann::json& target, const nlohmann::json& patch);

}  // namespace medoffice::codecs
