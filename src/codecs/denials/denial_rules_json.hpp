// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The denial rules file (issue 17, point 5): a practice's rules as JSON, laid over the defaults
// by rule id, and its own appeal letter.
//
//   {"version": 1,
//    "rules": [
//      {"id": "medical_necessity", "due_days": 45},
//      {"id": "duplicate", "enabled": false},
//      {"id": "acme.necessity", "carcs": ["50"], "payer_ids": [12],
//       "action": "correct_and_resubmit", "due_days": 14,
//       "explanation": "Acme reprocesses necessity denials sent again with the notes."}],
//    "appeal_letter": "To {{payer_name}}:\n\nPlease reconsider claim {{claim_number}} ..."}
//
// Rule members: `id` (required), `enabled` (bool), `groups` (CAS groups: CO, PI, OA, PR),
// `carcs`, `rarcs`, `payer_ids` (MedOffice payer ids), `action` (correct_and_resubmit, appeal,
// write_off, bill_patient; required for a new id), `explanation` (required for a new id),
// `due_days` (1-365). A rule with a default's id changes only the members it gives (a list
// given replaces the whole list); see domain::denials::RulePatch. `appeal_letter` (optional)
// replaces the default letter; its fields are domain::denials::kLetterFields.

#include <string>
#include <string_view>

#include "domain/common/result.hpp"
#include "domain/denials/default_rules.hpp"
#include "domain/denials/rules.hpp"

namespace medoffice::codecs {

/// Reads a rules file strictly: a body that is not a JSON object, a member of the wrong type, an
/// unknown member, an unknown action and a rule without an id are errors (kInvalid) naming their
/// path (`rules[3].action`, `rules[0].due_dayz`), all at once. Values are checked by
/// loadDenialRules. Pure; never throws.
domain::Result<domain::denials::RuleSetPatch> decodeDenialRulePatch(std::string_view json);

/// Reads a rules file and lays it over `base` (domain::denials::applyPatch): the rule set the
/// queue suggests from. Every problem, of form or of value, is an error naming its path in the
/// file. Pure; never throws.
domain::Result<domain::denials::RuleSet> loadDenialRules(
    std::string_view json,
    const domain::denials::RuleSet& base = domain::denials::defaultRuleSet());

/// Writes `set` in full as a rules file (indented; every rule with all its members, and the
/// appeal letter): loadDenialRules(encodeDenialRules(s), {}) == s for a valid set.
std::string encodeDenialRules(const domain::denials::RuleSet& set);

}  // namespace medoffice::codecs
