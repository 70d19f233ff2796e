// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <vector>

#include "domain/billing/code_sets.hpp"

namespace medoffice::domain {

/// One release of the default set.
struct DefaultCodeSet {
  CodeSystem system;
  int year = 0;  ///< the release year its texts come from; 0 for unversioned lists
  std::vector<CodeRecord> codes;
};

/// The small default set MedOffice ships, so that a new practice can search and pick codes before
/// it imports the official files: common primary-care ICD-10-CM codes (FY2026 texts, public
/// domain), a few HCPCS Level II codes (2025 texts, public domain), bare CPT codes with no text
/// (the descriptors are the AMA's), and CPT/HCPCS modifiers, place-of-service codes and the
/// CARC/RARC codes the billing tests use, described in our own words. Immutable; thread-safe.
const std::vector<DefaultCodeSet>& defaultCodeSets();

}  // namespace medoffice::domain
