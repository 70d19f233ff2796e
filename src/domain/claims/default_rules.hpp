// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The claim scrubber's rule set as MedOffice ships it (issue 16, point 3). A practice's rules
// file is laid over it by rule id (see applyPatches and codecs/claims/scrub_rules_json.hpp).

#include <vector>

#include "domain/claims/scrubber.hpp"

namespace medoffice::domain::claims {

/// The default rules, one or more per check kind, in the order a biller reads a claim:
/// providers, subscriber and patient, coverage (SBR09/SBR05), earlier payers (COB), diagnoses,
/// lines, dates, authorisations, duplicates and charges. Most are errors; checks that depend on the
/// payer's policy (modifier 25 pairing, prior authorisation for advanced imaging, an unknown sex, a
/// nearing filing limit, taxonomy form) are warnings, and payer templates (modifier allow and
/// deny lists) ship switched off. Every rule passes validate(). Immutable; thread-safe.
const std::vector<Rule>& defaultRules();

}  // namespace medoffice::domain::claims
