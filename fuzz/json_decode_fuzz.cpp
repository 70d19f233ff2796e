// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the JSON request decoding path: body → JSON object → every resource
// decoder → domain validation → encode → decode again. Any crash, leak, UB or assert is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codecs/json/json_reader.hpp"
#include "codecs/json/registry_json.hpp"

using namespace medoffice;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto doc = codecs::parseObject(body);
  if (!doc) return 0;
  const domain::Date today = *domain::Date::parse("2026-11-26");
  if (auto p = codecs::decodePatient(*doc)) {
    (void)domain::validate(*p, today);
    auto again = codecs::decodePatient(codecs::encode(*p));
    (void)again;
  }
  if (auto c = codecs::decodeCoverage(*doc)) {
    (void)domain::validate(*c, today);
    (void)codecs::encode(*c).dump();
  }
  if (auto o = codecs::decodeOrganization(*doc)) (void)domain::validate(*o);
  if (auto l = codecs::decodeLocation(*doc)) (void)domain::validate(*l, true);
  if (auto v = codecs::decodeProvider(*doc)) (void)domain::validate(*v);
  if (auto y = codecs::decodePayer(*doc)) (void)domain::validate(*y);
  nlohmann::json target = {{"family_name", "Doe"}, {"address", {{"city", "Springfield"}}}};
  codecs::mergePatch(target, *doc);
  (void)target.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
