// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The claim scrubber's rules file (issue 16, point 3): a practice's rules as JSON, laid over
// the defaults by rule id, and the default set written out so that an office can start from it.
//
//   {"version": 1,
//    "rules": [
//      {"id": "auth.xyz.mri_brain", "kind": "prior_authorization", "severity": "error",
//       "payers": {"x12_payer_ids": ["XYZ01"]}, "params": {"codes": ["70551-70553"]},
//       "note": "XYZ authorises MRI through its portal."},
//      {"id": "patient.sex.known", "enabled": false},
//      {"id": "modifier.25.minor_procedure", "severity": "error"},
//      {"id": "dos.abc.timely_filing", "kind": "timely_filing",
//       "payers": {"x12_payer_ids": ["ABC01"]}, "params": {"days": 90}}]}
//
// Rule members: `id` (required), `kind` (a check kind's name; required for a new id),
// `severity` ("error" | "warning"), `enabled` (bool), `payers` (`payer_ids`: MedOffice payer
// ids, `x12_payer_ids`, `claim_filing_indicators`), `params` (`provider`, `patterns`, `values`,
// `codes`, `modifiers`, `with_codes`, `replacements`, `days`, `margin_days`, `required`; see
// domain::claims::RuleParams) and `note`. A rule with a default's id changes only the members it
// gives (`params` and `payers` are replaced whole); see domain::claims::RulePatch.

#include <string>
#include <string_view>
#include <vector>

#include "domain/claims/default_rules.hpp"
#include "domain/claims/scrubber.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs {

/// Reads a rules file into patches, strictly: a body that is not a JSON object, a member of the
/// wrong type, an unknown member, an unknown check kind or severity and a rule without an id are
/// errors (kInvalid) naming their path (`rules[3].kind`, `rules[0].params.dayz`), all of them at
/// once. Values are checked by loadScrubRules. Pure; never throws.
domain::Result<std::vector<domain::claims::RulePatch>> decodeScrubRulePatches(
    std::string_view json);

/// Reads a rules file and lays it over `base` (domain::claims::applyPatches): the rule set the
/// scrubber runs. Every problem, of form or of value (a missing parameter, a duplicate id, a
/// parameter the kind does not take), is an error naming its path in the file. Pure; never
/// throws.
domain::Result<std::vector<domain::claims::Rule>> loadScrubRules(
    std::string_view json,
    const std::vector<domain::claims::Rule>& base = domain::claims::defaultRules());

/// Writes `rules` in full as a rules file (indented, every rule with its id, kind, severity and
/// enabled; payers, params and note when set). loadScrubRules(encodeScrubRules(r), {}) == r for
/// every valid rule set, and the same over the defaults when r is them.
std::string encodeScrubRules(const std::vector<domain::claims::Rule>& rules);

}  // namespace medoffice::codecs
