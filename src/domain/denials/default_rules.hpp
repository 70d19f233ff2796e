// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The denial rules and the appeal letter MedOffice ships (issue 17, point 5). A practice's rules
// file is laid over them by rule id (rules.hpp applyPatch; codecs/denials/denial_rules_json.hpp).

#include "domain/denials/rules.hpp"

namespace medoffice::domain::denials {

/// The default rules: the fallback first, then one or more rules for the denials a practice
/// meets most (CARC 4, 11, 15, 16, 18, 22, 26, 27, 29, 31, 50, 96, 97, 109, 119, 146, 151, 181,
/// 182, 197, 204, 236, some narrowed by group or remark code), and the default appeal letter.
/// A denial that carries one remark code meets at most one most-specific default; one carrying
/// both MA130 and N290 gets the later rule (rules.hpp). validate() accepts it. Immutable;
/// thread-safe.
const RuleSet& defaultRuleSet();

}  // namespace medoffice::domain::denials
