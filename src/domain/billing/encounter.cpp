// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/encounter.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace medoffice::domain {

namespace {

constexpr std::pair<EncounterStatus, std::string_view> kStatusNames[] = {
    {EncounterStatus::kOpen, "open"},
    {EncounterStatus::kFinalized, "finalized"},
    {EncounterStatus::kVoided, "voided"},
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool allAlnum(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c));
  });
}

constexpr std::string_view kNdcUnits[] = {"F2", "GR", "ME", "ML", "UN"};

void checkLine(const Encounter& e, ChargeLine& l, const std::string& at, FieldErrors& errors,
               const CodeCheck& codes) {
  l.code = upper(l.code);
  if (l.code.empty()) {
    errors.add(at + ".code", "is required");
  } else if (l.code.size() != 5 || !allAlnum(l.code)) {
    errors.add(at + ".code", "must be a 5-character CPT or HCPCS code");
  } else if (codes.procedure) {
    if (auto why = codes.procedure(l.code, serviceDate(e, l))) errors.add(at + ".code", *why);
  }
  if (l.modifiers.size() > kMaxModifiers) errors.add(at + ".modifiers", "has more than 4 entries");
  std::set<std::string> seen;
  for (std::size_t k = 0; k < l.modifiers.size(); ++k) {
    auto& m = l.modifiers[k];
    m = upper(m);
    const std::string field = at + ".modifiers[" + std::to_string(k) + "]";
    if (m.size() != 2 || !allAlnum(m)) {
      errors.add(field, "must be two letters or digits");
    } else if (!seen.insert(m).second) {
      errors.add(field, "is given twice");
    } else if (codes.modifier) {
      if (auto why = codes.modifier(m)) errors.add(field, *why);
    }
  }
  if (l.units < 1 || l.units > kMaxUnits) errors.add(at + ".units", "must be 1 to 9999");
  if (l.diagnosisPointers.empty()) {
    errors.add(at + ".diagnosis_pointers", "needs at least one diagnosis");
  } else if (l.diagnosisPointers.size() > kMaxPointers) {
    errors.add(at + ".diagnosis_pointers", "has more than 4 entries");
  }
  std::set<int> pointed;
  for (std::size_t k = 0; k < l.diagnosisPointers.size() && k < kMaxPointers; ++k) {
    const int p = l.diagnosisPointers[k];
    const std::string field = at + ".diagnosis_pointers[" + std::to_string(k) + "]";
    if (p < 1 || static_cast<std::size_t>(p) > e.diagnoses.size()) {
      errors.add(field,
                 "points past the " + std::to_string(e.diagnoses.size()) + " diagnoses (1-based)");
    } else if (!pointed.insert(p).second) {
      errors.add(field, "is given twice");
    }
  }
  if (l.charge.cents() <= 0) {
    errors.add(at + ".charge_cents", "must be more than zero (no fee schedule entry either)");
  } else if (l.charge.cents() > (std::int64_t{1} << 53)) {
    errors.add(at + ".charge_cents", "is too large");
  }
  if (!l.placeOfService.empty() && (l.placeOfService.size() != 2 || !allDigits(l.placeOfService))) {
    errors.add(at + ".place_of_service", "must be a two-digit place-of-service code");
  }
  if (l.dateOfService && *l.dateOfService < e.dateOfService) {
    errors.add(at + ".date_of_service", "is before the encounter's date of service");
  }
  if (l.ndc) {
    auto& n = *l.ndc;
    n.code.erase(std::remove(n.code.begin(), n.code.end(), '-'), n.code.end());
    n.unit = upper(n.unit);
    if (n.code.size() != 11 || !allDigits(n.code)) {
      errors.add(at + ".ndc.code", "must be the 11-digit NDC (5-4-2)");
    }
    if (std::find(std::begin(kNdcUnits), std::end(kNdcUnits), n.unit) == std::end(kNdcUnits)) {
      errors.add(at + ".ndc.unit", "must be F2, GR, ME, ML or UN");
    }
    if (n.quantityMilli <= 0) errors.add(at + ".ndc.quantity", "must be more than zero");
  }
}

}  // namespace

std::string_view toString(EncounterStatus s) {
  for (const auto& [v, name] : kStatusNames) {
    if (v == s) return name;
  }
  return "unknown";
}

std::optional<EncounterStatus> parseEncounterStatus(std::string_view s) {
  for (const auto& [v, name] : kStatusNames) {
    if (name == s) return v;
  }
  return std::nullopt;
}

bool canTransition(EncounterStatus from, EncounterStatus to) {
  return from == EncounterStatus::kOpen &&
         (to == EncounterStatus::kFinalized || to == EncounterStatus::kVoided);
}

std::vector<FieldError> validate(Encounter& e, const CodeCheck& codes) {
  FieldErrors errors;
  if (!e.patientId.valid()) errors.add("patient_id", "is required");
  if (!e.providerId.valid()) errors.add("provider_id", "is required");
  if (!e.locationId.valid()) errors.add("location_id", "is required");
  if (e.diagnoses.empty()) errors.add("diagnoses", "needs at least one ICD-10-CM code");
  if (e.diagnoses.size() > kMaxDiagnoses) errors.add("diagnoses", "has more than 12 entries");
  std::set<std::string> seen;
  for (std::size_t k = 0; k < e.diagnoses.size(); ++k) {
    auto& d = e.diagnoses[k];
    d = upper(d);
    d.erase(std::remove(d.begin(), d.end(), '.'), d.end());
    const std::string field = "diagnoses[" + std::to_string(k) + "]";
    if (d.size() < 3 || d.size() > 7 || !std::isalpha(static_cast<unsigned char>(d[0])) ||
        !allAlnum(d)) {
      errors.add(field, "must be an ICD-10-CM code such as E11.9");
    } else if (!seen.insert(d).second) {
      errors.add(field, "is given twice");
    } else if (codes.diagnosis) {
      if (auto why = codes.diagnosis(d, e.dateOfService)) errors.add(field, *why);
    }
  }
  if (e.lines.empty()) errors.add("lines", "needs at least one charge line");
  if (e.lines.size() > kMaxLines) errors.add("lines", "has more than 50 entries");
  for (std::size_t k = 0; k < e.lines.size(); ++k) {
    e.lines[k].lineNumber = static_cast<int>(k) + 1;
    checkLine(e, e.lines[k], "lines[" + std::to_string(k) + "]", errors, codes);
  }
  return errors.list();
}

}  // namespace medoffice::domain
