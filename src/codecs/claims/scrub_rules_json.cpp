// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/claims/scrub_rules_json.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "codecs/json/json_reader.hpp"

namespace medoffice::codecs {

namespace claims = domain::claims;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxRules = 10000;
constexpr std::size_t kMaxListEntries = 1000;
constexpr std::size_t kMaxEntryLength = 80;

domain::Error invalidRules(std::vector<domain::FieldError> fields) {
  return {domain::ErrorCode::kInvalid, "The claim scrubber rules are invalid.", std::move(fields)};
}

std::string at(const std::string& prefix, const char* key) {
  return prefix + key;
}

/// A list of short strings at `obj[key]`, read by hand because ObjectReader::strArray stops at
/// 100 entries (a payer's authorisation list can be longer). Marks the member read.
std::vector<std::string> strings(const json& obj, const char* key, ObjectReader& r,
                                 domain::FieldErrors& errors, const std::string& prefix) {
  r.ignore({key});
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) {
    errors.add(at(prefix, key), "must be an array of strings");
    return out;
  }
  if (it->size() > kMaxListEntries) {
    errors.add(at(prefix, key), "has more than 1000 entries");
    return out;
  }
  out.reserve(it->size());
  for (std::size_t k = 0; k < it->size(); ++k) {
    const json& v = (*it)[k];
    if (!v.is_string() || v.get_ref<const std::string&>().size() > kMaxEntryLength) {
      errors.add(at(prefix, key) + "[" + std::to_string(k) + "]",
                 "must be a string of at most 80 characters");
      continue;
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<bool> optionalBool(ObjectReader& r, const char* key) {
  if (!r.has(key)) {
    r.ignore({key});
    return std::nullopt;
  }
  return r.boolean(key, false);
}

claims::PayerFilter readPayers(const json& obj, domain::FieldErrors& errors,
                               const std::string& prefix) {
  claims::PayerFilter f;
  ObjectReader r(obj, errors, prefix);
  for (auto id : r.idArray("payer_ids", kMaxListEntries)) f.payerIds.emplace_back(id);
  f.x12PayerIds = strings(obj, "x12_payer_ids", r, errors, prefix);
  f.claimFilingIndicators = strings(obj, "claim_filing_indicators", r, errors, prefix);
  r.finish();
  return f;
}

claims::RuleParams readParams(const json& obj, domain::FieldErrors& errors,
                              const std::string& prefix) {
  claims::RuleParams p;
  ObjectReader r(obj, errors, prefix);
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  p.provider = r.str("provider");
  p.patterns = strings(obj, "patterns", r, errors, prefix);
  p.values = strings(obj, "values", r, errors, prefix);
  p.codes = strings(obj, "codes", r, errors, prefix);
  p.modifiers = strings(obj, "modifiers", r, errors, prefix);
  p.withCodes = strings(obj, "with_codes", r, errors, prefix);
  p.replacements = strings(obj, "replacements", r, errors, prefix);
  p.days = r.integer("days", kMin, kMax);
  p.marginDays = r.integer("margin_days", kMin, kMax);
  p.required = optionalBool(r, "required");
  r.finish();
  return p;
}

std::string kindNames() {
  std::string out;
  for (auto k : claims::kAllCheckKinds) {
    if (!out.empty()) out += ", ";
    out += claims::toString(k);
  }
  return out;
}

claims::RulePatch readRule(const json& obj, domain::FieldErrors& errors,
                           const std::string& prefix) {
  claims::RulePatch p;
  ObjectReader r(obj, errors, prefix);
  if (!r.has("id")) errors.add(at(prefix, "id"), "is required");
  p.id = r.str("id");
  if (r.has("kind")) {
    const std::string kind = r.str("kind");
    p.kind = claims::parseCheckKind(kind);
    if (!p.kind && obj["kind"].is_string()) {
      errors.add(at(prefix, "kind"), "is not a check kind; use one of " + kindNames());
    }
  } else {
    r.ignore({"kind"});
  }
  if (r.has("severity")) {
    const std::string severity = r.str("severity");
    p.severity = claims::parseSeverity(severity);
    if (!p.severity && obj["severity"].is_string()) {
      errors.add(at(prefix, "severity"), "must be error or warning");
    }
  } else {
    r.ignore({"severity"});
  }
  p.enabled = optionalBool(r, "enabled");
  r.ignore({"payers", "params"});
  for (const char* key : {"payers", "params"}) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) continue;
    if (!it->is_object()) {
      errors.add(at(prefix, key), "must be an object");
      continue;
    }
    const std::string inner = at(prefix, key) + ".";
    if (std::string_view(key) == "payers") {
      p.payers = readPayers(*it, errors, inner);
    } else {
      p.params = readParams(*it, errors, inner);
    }
  }
  if (r.has("note")) {
    p.note = r.str("note");
  } else {
    r.ignore({"note"});
  }
  r.finish();
  return p;
}

}  // namespace

domain::Result<std::vector<claims::RulePatch>> decodeScrubRulePatches(std::string_view text) {
  auto doc = parseObject(text);
  if (!doc) return invalidRules(doc.error().fields);
  domain::FieldErrors errors;
  ObjectReader top(*doc, errors);
  if (auto v = top.integer("version", std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max());
      v && *v != 1) {
    errors.add("version", "must be 1, the only version of the rules format");
  }
  top.ignore({"rules"});
  std::vector<claims::RulePatch> out;
  const auto it = doc->find("rules");
  if (it == doc->end() || it->is_null()) {
    errors.add("rules", "is required (an array of rules; [] keeps the defaults)");
  } else if (!it->is_array()) {
    errors.add("rules", "must be an array of rules");
  } else if (it->size() > kMaxRules) {
    errors.add("rules", "has more than 10000 rules");
  } else {
    out.reserve(it->size());
    for (std::size_t k = 0; k < it->size(); ++k) {
      const std::string prefix = "rules[" + std::to_string(k) + "]";
      const json& rule = (*it)[k];
      if (!rule.is_object()) {
        errors.add(prefix, "must be an object");
        continue;
      }
      out.push_back(readRule(rule, errors, prefix + "."));
    }
  }
  top.finish();
  if (!errors.empty()) return invalidRules(errors.list());
  return out;
}

domain::Result<std::vector<claims::Rule>> loadScrubRules(std::string_view text,
                                                         const std::vector<claims::Rule>& base) {
  auto patches = decodeScrubRulePatches(text);
  if (!patches) return patches.error();
  auto rules = claims::applyPatches(base, *patches);
  if (!rules) return invalidRules(rules.error().fields);
  return rules;
}

std::string encodeScrubRules(const std::vector<claims::Rule>& rules) {
  using ojson = nlohmann::ordered_json;
  ojson list = ojson::array();
  for (const auto& r : rules) {
    ojson o;
    o["id"] = r.id;
    o["kind"] = std::string(claims::toString(r.kind));
    o["severity"] = std::string(claims::toString(r.severity));
    o["enabled"] = r.enabled;
    if (!r.payers.empty()) {
      ojson f = ojson::object();
      if (!r.payers.payerIds.empty()) {
        ojson ids = ojson::array();
        for (auto id : r.payers.payerIds) ids.push_back(id.value);
        f["payer_ids"] = std::move(ids);
      }
      if (!r.payers.x12PayerIds.empty()) f["x12_payer_ids"] = r.payers.x12PayerIds;
      if (!r.payers.claimFilingIndicators.empty()) {
        f["claim_filing_indicators"] = r.payers.claimFilingIndicators;
      }
      o["payers"] = std::move(f);
    }
    const claims::RuleParams& p = r.params;
    ojson params = ojson::object();
    if (!p.provider.empty()) params["provider"] = p.provider;
    if (!p.patterns.empty()) params["patterns"] = p.patterns;
    if (!p.values.empty()) params["values"] = p.values;
    if (!p.codes.empty()) params["codes"] = p.codes;
    if (!p.modifiers.empty()) params["modifiers"] = p.modifiers;
    if (!p.withCodes.empty()) params["with_codes"] = p.withCodes;
    if (!p.replacements.empty()) params["replacements"] = p.replacements;
    if (p.days) params["days"] = *p.days;
    if (p.marginDays) params["margin_days"] = *p.marginDays;
    if (p.required) params["required"] = *p.required;
    if (!params.empty()) o["params"] = std::move(params);
    if (!r.note.empty()) o["note"] = r.note;
    list.push_back(std::move(o));
  }
  ojson doc;
  doc["version"] = 1;
  doc["rules"] = std::move(list);
  // Replace rather than throw on text that is not UTF-8 (rules built in code are not checked).
  return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

}  // namespace medoffice::codecs
