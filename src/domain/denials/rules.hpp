// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The rules that suggest what to do with a denial (issue 17, point 5), as data. A rule names the
// denials it is about by CAS group, CARC, remark codes and payer (each an optional list) and
// says what to do: an action, an explanation in plain English, and how many days the office has
// for it. The rule set MedOffice ships is in default_rules.hpp; a practice's rules file is laid
// over it by rule id (codecs/denials/denial_rules_json.hpp), like the scrubber's rules.
//
// Which rule answers: of the enabled rules whose every condition holds, the most specific one
// (a payer condition counts 8, a remark code condition 4, a CARC condition 2, a group condition
// 1); between equally specific rules the one listed later, so that a practice's own rule beats
// a default that says as much. A valid rule set always has an enabled rule without conditions,
// the fallback, so every denial gets a suggestion.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/result.hpp"
#include "domain/denials/denial.hpp"

namespace medoffice::domain::denials {

/// One rule.
struct Rule {
  std::string id;  ///< unique in the set: lower-case letters, digits, '.', '_', '-'
  bool enabled = true;
  std::vector<std::string> groups;  ///< CAS groups it applies to (CO, PI, OA, PR); empty: any
  std::vector<std::string> carcs;   ///< CARCs it applies to; empty: any
  std::vector<std::string> rarcs;   ///< applies when the denial carries one of these; empty: any
  std::vector<PayerId> payerIds;    ///< MedOffice payer records; empty: any
  DenialAction action = DenialAction::kAppeal;
  std::string explanation;  ///< what happened and what to do, in plain English (1-500 characters)
  int dueDays = 30;         ///< days from the denial the office has to work it (1-365)
  bool operator==(const Rule&) const = default;
};

/// The letter sent with an appeal; a template whose fields are `{{name}}` (letter_template.hpp).
struct RuleSet {
  std::vector<Rule> rules;
  std::string appealLetter;
  bool operator==(const RuleSet&) const = default;
};

/// How specific a rule is (see above); the fallback's is 0.
int specificity(const Rule& r);
/// True when every condition of `r` holds for the denial.
bool matches(const Rule& r, const Denial& d);

/// What the rules say about one denial.
struct Suggestion {
  std::string ruleId;
  DenialAction action = DenialAction::kAppeal;
  std::string explanation;
  int dueDays = 30;
  Date dueOn;  ///< the denial's due date when set, else deniedOn + dueDays
};

/// The suggestion of the rule that answers for `d` (see above). A rule set without an enabled
/// fallback (which validate() refuses) answers with a built-in "appeal" fallback rather than
/// failing. Pure and thread-safe.
Suggestion suggest(const std::vector<Rule>& rules, const Denial& d);

/// Checks one rule: its id, the form of every code in its lists, positive payer ids, the
/// explanation (required, clean text, at most 500 characters) and dueDays in 1..365. Paths are
/// relative to the rule (`carcs[2]`, `due_days`).
std::vector<FieldError> validate(const Rule& r);
/// validate() for each rule (paths `rules[3].carcs[0]`), ids unique, an enabled fallback
/// present (`rules`), and the appeal letter a valid template (`appeal_letter`).
std::vector<FieldError> validate(const RuleSet& set);

/// A rule in a practice's file, laid over a base set by id: for an id the base has, the members
/// given replace the base rule's (`enabled: false` alone switches it off; a list given replaces
/// the whole list); a new id is a new rule and needs `action` and `explanation`.
struct RulePatch {
  std::string id;
  std::optional<bool> enabled;
  std::optional<std::vector<std::string>> groups;
  std::optional<std::vector<std::string>> carcs;
  std::optional<std::vector<std::string>> rarcs;
  std::optional<std::vector<PayerId>> payerIds;
  std::optional<DenialAction> action;
  std::optional<std::string> explanation;
  std::optional<int> dueDays;
};

/// A practice's file: rule patches and, optionally, its own appeal letter.
struct RuleSetPatch {
  std::vector<RulePatch> rules;
  std::optional<std::string> appealLetter;
};

/// `base` with `patch` laid over it (new rules after the base's, in file order). Errors name the
/// rule and field in the file: `rules[3].action` "is required for a rule that is not one of the
/// defaults", `rules[1].id` "is the same as rules[0].id", `rules[2].carcs[0]` "must be a claim
/// adjustment reason code"; `rules` when no enabled fallback is left; `appeal_letter` for a
/// template naming an unknown field. Every problem is listed, and nothing is returned then.
Result<RuleSet> applyPatch(RuleSet base, const RuleSetPatch& patch);

}  // namespace medoffice::domain::denials
