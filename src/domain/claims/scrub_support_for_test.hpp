// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// For the scrubber's tests and benchmark only: a real CodeCheck answered from MedOffice's
// default code set (domain/billing/default_code_sets.hpp) through the same chooseRelease and
// judgeCode rules the code-set repository uses, with no storage. A code the default set lacks is
// an error here (the application warns instead until the official files are imported).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/billing/code_sets.hpp"
#include "domain/billing/default_code_sets.hpp"
#include "domain/billing/encounter.hpp"

namespace medoffice::domain::claims {

/// The default code set indexed by system and release year. Immutable after construction.
class DefaultCodeIndexForTest {
 public:
  DefaultCodeIndexForTest() {
    for (const auto& set : defaultCodeSets()) {
      auto& years = systems_[static_cast<int>(set.system)];
      auto& codes = years.byYear[set.year];
      years.years.push_back(set.year);
      for (const auto& r : set.codes) codes.emplace(r.code, r);
    }
  }

  /// nullopt when `code` is valid for `date`, else judgeCode's sentence.
  [[nodiscard]] std::optional<std::string> why(CodeSystem s, std::string_view code,
                                               Date date) const {
    const auto sys = systems_.find(static_cast<int>(s));
    if (sys == systems_.end()) return "No " + std::string(displayName(s)) + " codes are loaded.";
    const auto choice = chooseRelease(s, sys->second.years, date);
    std::optional<CodeRecord> found;
    if (choice) {
      const auto& codes = sys->second.byYear.at(choice->year);
      if (auto it = codes.find(std::string(code)); it != codes.end()) found = it->second;
    }
    CodeVerdict v = judgeCode(s, code, choice, found, date);
    if (v.valid()) return std::nullopt;
    return v.message;
  }

  /// The three questions of CodeCheck, answered from this index (which must outlive it).
  [[nodiscard]] CodeCheck check() const {
    CodeCheck c;
    c.diagnosis = [this](std::string_view code, Date d) {
      return why(CodeSystem::kIcd10Cm, code, d);
    };
    c.procedure = [this](std::string_view code, Date d) -> std::optional<std::string> {
      if (isHcpcsCode(code)) return why(CodeSystem::kHcpcs, code, d);
      if (isCptCode(code)) return why(CodeSystem::kCpt, code, d);
      return "must be a CPT or HCPCS Level II code";
    };
    c.modifier = [this](std::string_view code) { return why(CodeSystem::kModifier, code, Date{}); };
    return c;
  }

 private:
  struct Years {
    std::vector<int> years;
    std::map<int, std::unordered_map<std::string, CodeRecord>> byYear;
  };
  std::map<int, Years> systems_;
};

/// One index for the process (built on first use; thread-safe to read).
inline const DefaultCodeIndexForTest& defaultCodeIndexForTest() {
  static const DefaultCodeIndexForTest index;
  return index;
}

}  // namespace medoffice::domain::claims
