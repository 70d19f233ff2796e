// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/encounter.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace medoffice::domain {
namespace {

Encounter visit() {
  Encounter e;
  e.patientId = PatientId(1);
  e.providerId = ProviderId(2);
  e.locationId = LocationId(3);
  e.dateOfService = *Date::parse("2026-11-30");
  e.diagnoses = {"e11.9", "I10"};
  ChargeLine office;
  office.code = "99213";
  office.diagnosisPointers = {1, 2};
  office.charge = Money::fromCents(12500);
  ChargeLine a1c;
  a1c.code = "83036";
  a1c.modifiers = {"qw"};
  a1c.diagnosisPointers = {1};
  a1c.charge = Money::fromCents(2500);
  e.lines = {office, a1c};
  return e;
}

std::vector<std::string> fieldsOf(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(Encounter, AValidVisitIsNormalised) {
  Encounter e = visit();
  EXPECT_TRUE(validate(e, {}).empty());
  EXPECT_EQ(e.diagnoses[0], "E119");
  EXPECT_EQ(e.lines[1].modifiers[0], "QW");
  EXPECT_EQ(e.lines[1].lineNumber, 2);
  EXPECT_EQ(serviceDate(e, e.lines[0]), e.dateOfService);
}

TEST(Encounter, EveryStructuralProblemNamesItsField) {
  Encounter e = visit();
  e.diagnoses.push_back("E119");  // twice
  e.diagnoses.push_back("1234");  // not ICD-10-CM
  e.lines[0].diagnosisPointers = {1, 5, 1, 2, 3};
  e.lines[0].units = 0;
  e.lines[0].modifiers = {"25", "25", "5", "AA", "BB"};
  e.lines[1].charge = Money::fromCents(0);
  e.lines[1].code = "9921";
  e.lines[1].placeOfService = "1";
  e.lines[1].dateOfService = *Date::parse("2026-11-29");
  e.lines[1].ndc = NdcDetail{"1234-5678-90", "XX", 0};
  const auto fields = fieldsOf(validate(e, {}));
  for (const char* want : {"diagnoses[2]", "diagnoses[3]", "lines[0].diagnosis_pointers",
                           "lines[0].diagnosis_pointers[1]", "lines[0].diagnosis_pointers[2]",
                           "lines[0].units", "lines[0].modifiers", "lines[0].modifiers[1]",
                           "lines[0].modifiers[2]", "lines[1].charge_cents", "lines[1].code",
                           "lines[1].place_of_service", "lines[1].date_of_service",
                           "lines[1].ndc.code", "lines[1].ndc.unit", "lines[1].ndc.quantity"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), want), fields.end()) << want;
  }
  // A pointer to diagnosis 4 is in range now that there are four diagnoses.
  EXPECT_EQ(std::count(fields.begin(), fields.end(), "lines[0].diagnosis_pointers[3]"), 0);
}

TEST(Encounter, TheCodeSetsHaveTheLastWordOnEachCode) {
  Encounter e = visit();
  CodeCheck codes;
  codes.diagnosis = [](std::string_view code, Date) -> std::optional<std::string> {
    if (code == "I10") return "is a header code, not billable";
    return std::nullopt;
  };
  codes.procedure = [](std::string_view code, Date d) -> std::optional<std::string> {
    if (code == "83036" && d.toString() == "2026-11-30") return "is not valid on 2026-11-30";
    return std::nullopt;
  };
  codes.modifier = [](std::string_view m) -> std::optional<std::string> {
    if (m == "QW") return std::nullopt;
    return "is not a modifier";
  };
  const auto errors = validate(e, codes);
  EXPECT_EQ(fieldsOf(errors), (std::vector<std::string>{"diagnoses[1]", "lines[1].code"}));
  EXPECT_EQ(errors[0].message, "is a header code, not billable");
}

TEST(Encounter, OnlyAnOpenEncounterChangesState) {
  EXPECT_TRUE(canTransition(EncounterStatus::kOpen, EncounterStatus::kFinalized));
  EXPECT_TRUE(canTransition(EncounterStatus::kOpen, EncounterStatus::kVoided));
  EXPECT_FALSE(canTransition(EncounterStatus::kFinalized, EncounterStatus::kOpen));
  EXPECT_FALSE(canTransition(EncounterStatus::kFinalized, EncounterStatus::kVoided));
  EXPECT_FALSE(canTransition(EncounterStatus::kVoided, EncounterStatus::kFinalized));
  for (auto s : {EncounterStatus::kOpen, EncounterStatus::kFinalized, EncounterStatus::kVoided}) {
    EXPECT_EQ(parseEncounterStatus(toString(s)), s);
  }
}

}  // namespace
}  // namespace medoffice::domain
