// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/ports/repositories.hpp"
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

nlohmann::json encode(const domain::Organization& o);
nlohmann::json encode(const domain::Location& l);
nlohmann::json encode(const domain::Provider& p);
nlohmann::json encode(const domain::Payer& p);
nlohmann::json encode(const domain::Coverage& c);
nlohmann::json encode(const domain::Patient& p);
nlohmann::json encode(const domain::DuplicateCandidate& d);
nlohmann::json encode(const app::PatientMerge& m);

/// `{"items":[...],"next_cursor":...}` with null when there is no next page.
template <class T>
nlohmann::json encodePage(const app::Page<T>& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(encode(item));
  return {{"items", std::move(items)},
          {"next_cursor",
           page.nextCursor.empty() ? nlohmann::json(nullptr) : nlohmann::json(page.nextCursor)}};
}

/// Applies an RFC 7396 JSON merge patch to `target`.
void mergePatch(nlohmann::json& target, const nlohmann::json& patch);

}  // namespace medoffice::codecs
