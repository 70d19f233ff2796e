// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/denials/denial_rules_json.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "codecs/json/json_reader.hpp"

namespace medoffice::codecs {

namespace den = domain::denials;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxRules = 10000;
constexpr std::size_t kMaxListEntries = 200;
constexpr std::size_t kMaxEntryLength = 16;
constexpr std::size_t kMaxLetter = 20000;

domain::Error invalidRules(std::vector<domain::FieldError> fields) {
  return {domain::ErrorCode::kInvalid, "The denial rules are invalid.", std::move(fields)};
}

/// A list of short strings at `obj[key]`; absent: nullopt (the base rule's list stays). Marks
/// the member read.
std::optional<std::vector<std::string>> strings(const json& obj, const char* key, ObjectReader& r,
                                                domain::FieldErrors& errors,
                                                const std::string& prefix) {
  r.ignore({key});
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) {
    errors.add(prefix + key, "must be an array of strings");
    return std::nullopt;
  }
  if (it->size() > kMaxListEntries) {
    errors.add(prefix + key, "has more than 200 entries");
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(it->size());
  for (std::size_t k = 0; k < it->size(); ++k) {
    const json& v = (*it)[k];
    if (!v.is_string() || v.get_ref<const std::string&>().size() > kMaxEntryLength) {
      errors.add(prefix + key + "[" + std::to_string(k) + "]",
                 "must be a string of at most 16 characters");
      continue;
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::string actionNames() {
  std::string out;
  for (auto a : domain::kAllDenialActions) {
    if (!out.empty()) out += ", ";
    out += domain::toString(a);
  }
  return out;
}

den::RulePatch readRule(const json& obj, domain::FieldErrors& errors, const std::string& prefix) {
  den::RulePatch p;
  ObjectReader r(obj, errors, prefix);
  if (!r.has("id")) errors.add(prefix + "id", "is required");
  p.id = r.str("id");
  if (r.has("enabled")) {
    p.enabled = r.boolean("enabled", true);
  } else {
    r.ignore({"enabled"});
  }
  p.groups = strings(obj, "groups", r, errors, prefix);
  p.carcs = strings(obj, "carcs", r, errors, prefix);
  p.rarcs = strings(obj, "rarcs", r, errors, prefix);
  if (r.has("payer_ids")) {
    std::vector<domain::PayerId> ids;
    for (auto id : r.idArray("payer_ids", kMaxListEntries)) ids.emplace_back(id);
    p.payerIds = std::move(ids);
  } else {
    r.ignore({"payer_ids"});
  }
  if (r.has("action")) {
    const std::string action = r.str("action");
    p.action = domain::parseDenialAction(action);
    if (!p.action && obj["action"].is_string()) {
      errors.add(prefix + "action", "is not an action; use one of " + actionNames());
    }
  } else {
    r.ignore({"action"});
  }
  if (r.has("explanation")) {
    p.explanation = r.str("explanation");
  } else {
    r.ignore({"explanation"});
  }
  if (auto days =
          r.integer("due_days", std::numeric_limits<int>::min(), std::numeric_limits<int>::max())) {
    p.dueDays = static_cast<int>(*days);
  }
  r.finish();
  return p;
}

}  // namespace

domain::Result<den::RuleSetPatch> decodeDenialRulePatch(std::string_view text) {
  auto doc = parseObject(text);
  if (!doc) return invalidRules(doc.error().fields);
  domain::FieldErrors errors;
  ObjectReader top(*doc, errors);
  if (auto v = top.integer("version", std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max());
      v && *v != 1) {
    errors.add("version", "must be 1, the only version of the rules format");
  }
  top.ignore({"rules", "appeal_letter"});
  den::RuleSetPatch out;
  const auto it = doc->find("rules");
  if (it == doc->end() || it->is_null()) {
    errors.add("rules", "is required (an array of rules; [] keeps the defaults)");
  } else if (!it->is_array()) {
    errors.add("rules", "must be an array of rules");
  } else if (it->size() > kMaxRules) {
    errors.add("rules", "has more than 10000 rules");
  } else {
    out.rules.reserve(it->size());
    for (std::size_t k = 0; k < it->size(); ++k) {
      const std::string prefix = "rules[" + std::to_string(k) + "]";
      const json& rule = (*it)[k];
      if (!rule.is_object()) {
        errors.add(prefix, "must be an object");
        continue;
      }
      out.rules.push_back(readRule(rule, errors, prefix + "."));
    }
  }
  if (const auto letter = doc->find("appeal_letter"); letter != doc->end() && !letter->is_null()) {
    if (!letter->is_string()) {
      errors.add("appeal_letter", "must be a string (the letter's body, with {{fields}})");
    } else if (letter->get_ref<const std::string&>().size() > kMaxLetter) {
      errors.add("appeal_letter", "is longer than 20000 characters");
    } else {
      out.appealLetter = letter->get<std::string>();
    }
  }
  top.finish();
  if (!errors.empty()) return invalidRules(errors.list());
  return out;
}

domain::Result<den::RuleSet> loadDenialRules(std::string_view text, const den::RuleSet& base) {
  auto patch = decodeDenialRulePatch(text);
  if (!patch) return patch.error();
  auto set = den::applyPatch(base, *patch);
  if (!set) return invalidRules(set.error().fields);
  return set;
}

std::string encodeDenialRules(const den::RuleSet& set) {
  using ojson = nlohmann::ordered_json;
  ojson list = ojson::array();
  for (const auto& r : set.rules) {
    ojson o;
    o["id"] = r.id;
    o["enabled"] = r.enabled;
    o["groups"] = r.groups;
    o["carcs"] = r.carcs;
    o["rarcs"] = r.rarcs;
    ojson ids = ojson::array();
    for (auto id : r.payerIds) ids.push_back(id.value);
    o["payer_ids"] = std::move(ids);
    o["action"] = std::string(domain::toString(r.action));
    o["explanation"] = r.explanation;
    o["due_days"] = r.dueDays;
    list.push_back(std::move(o));
  }
  ojson doc;
  doc["version"] = 1;
  doc["rules"] = std::move(list);
  doc["appeal_letter"] = set.appealLetter;
  return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

}  // namespace medoffice::codecs
