// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/denials/rules.hpp"

#include <algorithm>
#include <unordered_map>

#include "domain/billing/code_sets.hpp"
#include "domain/common/validation.hpp"
#include "domain/denials/letter_template.hpp"

namespace medoffice::domain::denials {

namespace {

constexpr std::size_t kMaxList = 200;

bool contains(const std::vector<std::string>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool isRuleId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

std::string indexed(std::string_view name, std::size_t k) {
  return std::string(name) + "[" + std::to_string(k) + "]";
}

template <class Check>
void checkCodes(FieldErrors& e, std::string_view name, const std::vector<std::string>& list,
                Check ok, std::string_view what) {
  if (list.size() > kMaxList) {
    e.add(std::string(name), "has more than 200 entries");
    return;
  }
  for (std::size_t k = 0; k < list.size(); ++k) {
    if (!ok(list[k])) e.add(indexed(name, k), std::string(what));
  }
}

const Rule& builtInFallback() {
  static const Rule r = [] {
    Rule f;
    f.id = "fallback";
    f.action = DenialAction::kAppeal;
    f.explanation =
        "No rule covers this reason. Read the remark codes and the payer's explanation: if the "
        "claim was wrong, correct and resubmit it; if it was right, appeal.";
    f.dueDays = 30;
    return f;
  }();
  return r;
}

bool isFallback(const Rule& r) {
  return r.enabled && specificity(r) == 0;
}

}  // namespace

int specificity(const Rule& r) {
  return (r.payerIds.empty() ? 0 : 8) + (r.rarcs.empty() ? 0 : 4) + (r.carcs.empty() ? 0 : 2) +
         (r.groups.empty() ? 0 : 1);
}

bool matches(const Rule& r, const Denial& d) {
  if (!r.groups.empty() && !contains(r.groups, d.group)) return false;
  if (!r.carcs.empty() && !contains(r.carcs, d.carc)) return false;
  if (!r.payerIds.empty() &&
      std::find(r.payerIds.begin(), r.payerIds.end(), d.payerId) == r.payerIds.end()) {
    return false;
  }
  if (!r.rarcs.empty() && std::none_of(d.rarcs.begin(), d.rarcs.end(),
                                       [&](const auto& code) { return contains(r.rarcs, code); })) {
    return false;
  }
  return true;
}

Suggestion suggest(const std::vector<Rule>& rules, const Denial& d) {
  const Rule* best = nullptr;
  int bestScore = -1;
  for (const Rule& r : rules) {
    if (!r.enabled || !matches(r, d)) continue;
    // `>=`: of equally specific rules the later one wins (a practice's rule over a default).
    if (const int score = specificity(r); score >= bestScore) {
      best = &r;
      bestScore = score;
    }
  }
  if (best == nullptr) best = &builtInFallback();
  Suggestion s;
  s.ruleId = best->id;
  s.action = best->action;
  s.explanation = best->explanation;
  s.dueDays = best->dueDays;
  s.dueOn = d.dueOn ? *d.dueOn : d.deniedOn.plusDays(best->dueDays);
  return s;
}

std::vector<FieldError> validate(const Rule& r) {
  FieldErrors e;
  if (r.id.empty()) {
    e.add("id", "is required");
  } else if (!isRuleId(r.id)) {
    e.add("id", "must be 1 to 64 lower-case letters, digits, '.', '_' or '-'");
  }
  checkCodes(
      e, "groups", r.groups, [](const std::string& g) { return isDenialGroup(g); },
      "must be a claim adjustment group: CO, PI, OA or PR");
  checkCodes(
      e, "carcs", r.carcs, [](const std::string& c) { return isCarcCode(c); },
      "must be a claim adjustment reason code (1 to 3 capital letters or digits, as 50 "
      "or B7)");
  checkCodes(
      e, "rarcs", r.rarcs, [](const std::string& c) { return isRarcCode(c); },
      "must be a remark code (one or two capital letters and one to three digits, as "
      "N130)");
  if (r.payerIds.size() > kMaxList) e.add("payer_ids", "has more than 200 entries");
  for (std::size_t k = 0; k < r.payerIds.size() && k < kMaxList; ++k) {
    if (!r.payerIds[k].valid()) e.add(indexed("payer_ids", k), "must be a positive payer id");
  }
  if (r.explanation.empty()) {
    e.add("explanation", "is required: say what happened and what to do");
  } else if (r.explanation.size() > 500) {
    e.add("explanation", "is longer than 500 characters");
  } else if (!validation::isCleanText(r.explanation)) {
    e.add("explanation", "must be text without control characters");
  }
  if (r.dueDays < 1 || r.dueDays > 365) e.add("due_days", "must be between 1 and 365");
  return e.list();
}

std::vector<FieldError> validate(const RuleSet& set) {
  FieldErrors e;
  std::unordered_map<std::string_view, std::size_t> ids;
  for (std::size_t k = 0; k < set.rules.size(); ++k) {
    const std::string prefix = indexed("rules", k) + ".";
    e.append(validate(set.rules[k]), prefix);
    if (set.rules[k].id.empty()) continue;
    const auto [it, fresh] = ids.emplace(set.rules[k].id, k);
    if (!fresh) e.add(prefix + "id", "is the same as " + indexed("rules", it->second) + ".id");
  }
  if (std::none_of(set.rules.begin(), set.rules.end(), isFallback)) {
    e.add("rules",
          "needs an enabled rule without conditions (the fallback), so that every "
          "denial gets a suggestion");
  }
  e.append(checkLetterTemplate(set.appealLetter, "appeal_letter"));
  return e.list();
}

Result<RuleSet> applyPatch(RuleSet base, const RuleSetPatch& patch) {
  FieldErrors e;
  std::unordered_map<std::string, std::size_t> byId;
  for (std::size_t i = 0; i < base.rules.size(); ++i) byId.emplace(base.rules[i].id, i);
  std::vector<std::ptrdiff_t> origin(base.rules.size(), -1);
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t k = 0; k < patch.rules.size(); ++k) {
    const RulePatch& p = patch.rules[k];
    const std::string prefix = indexed("rules", k) + ".";
    if (p.id.empty()) {
      e.add(prefix + "id", "is required");
      continue;
    }
    if (const auto [it, fresh] = seen.emplace(p.id, k); !fresh) {
      e.add(prefix + "id", "is the same as " + indexed("rules", it->second) + ".id");
      continue;
    }
    Rule* r = nullptr;
    if (auto it = byId.find(p.id); it != byId.end()) {
      r = &base.rules[it->second];
      origin[it->second] = static_cast<std::ptrdiff_t>(k);
    } else {
      // An incomplete new rule is still laid in, so that its other members are checked too
      // (a missing explanation by validate()); the errors keep the set from being returned.
      if (!p.action) {
        e.add(prefix + "action", "is required for a rule that is not one of the defaults");
      }
      Rule fresh;
      fresh.id = p.id;
      base.rules.push_back(std::move(fresh));
      origin.push_back(static_cast<std::ptrdiff_t>(k));
      byId.emplace(p.id, base.rules.size() - 1);
      r = &base.rules.back();
    }
    if (p.enabled) r->enabled = *p.enabled;
    if (p.groups) r->groups = *p.groups;
    if (p.carcs) r->carcs = *p.carcs;
    if (p.rarcs) r->rarcs = *p.rarcs;
    if (p.payerIds) r->payerIds = *p.payerIds;
    if (p.action) r->action = *p.action;
    if (p.explanation) r->explanation = *p.explanation;
    if (p.dueDays) r->dueDays = *p.dueDays;
  }
  // Report in the file's order, whatever the order of the rules the patches landed on.
  std::vector<std::pair<std::ptrdiff_t, std::size_t>> touched;
  for (std::size_t i = 0; i < base.rules.size(); ++i) {
    if (origin[i] >= 0) touched.emplace_back(origin[i], i);
  }
  std::sort(touched.begin(), touched.end());
  for (const auto& [k, i] : touched) {
    e.append(validate(base.rules[i]), indexed("rules", static_cast<std::size_t>(k)) + ".");
  }
  if (patch.appealLetter) {
    base.appealLetter = *patch.appealLetter;
    e.append(checkLetterTemplate(base.appealLetter, "appeal_letter"));
  }
  if (std::none_of(base.rules.begin(), base.rules.end(), isFallback)) {
    e.add("rules",
          "leaves no enabled rule without conditions (the fallback); keep "
          "\"fallback\" enabled, or add a rule without groups, carcs, rarcs or payer_ids");
  }
  if (!e.empty()) return e.toError();
  return base;
}

}  // namespace medoffice::domain::denials
