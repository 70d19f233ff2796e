// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/patients/patient.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/insurance/insurance.hpp"

namespace medoffice::domain {
namespace {

Patient jane() {
  Patient p;
  p.familyName = "Doe";
  p.givenName = "Jane";
  p.birthDate = *Date::parse("1980-02-03");
  p.sex = "female";
  p.phone = "+12175550123";
  p.address = {"1 Main St", "", "Springfield", "IL", "627011234"};
  return p;
}

bool hasField(const std::vector<FieldError>& e, const std::string& f) {
  return std::any_of(e.begin(), e.end(), [&](const FieldError& x) { return x.field == f; });
}

const Date kToday = *Date::parse("2026-11-26");

}  // namespace

TEST(PatientValidation, AcceptsAndNormalises) {
  Patient p = jane();
  EXPECT_TRUE(validate(p, kToday).empty());
  EXPECT_EQ(p.address.postalCode, "62701-1234");
}

TEST(PatientValidation, NamesEachBadField) {
  Patient p = jane();
  p.familyName = "";
  p.birthDate = *Date::parse("2027-01-01");
  p.sex = "f";
  p.phone = "217-555-0123";
  p.email = "nope";
  p.address.state = "ZZ";
  p.preferredLanguage = "english";
  auto e = validate(p, kToday);
  for (const char* f : {"family_name", "birth_date", "sex", "phone", "email", "address.state",
                        "preferred_language"}) {
    EXPECT_TRUE(hasField(e, f)) << f;
  }
}

TEST(PatientValidation, GuarantorAndEmergencyContact) {
  Patient p = jane();
  p.guarantor.relationship = "parent";
  auto e = validate(p, kToday);
  EXPECT_TRUE(hasField(e, "guarantor.family_name"));
  p.guarantor.relationship = "uncle";
  EXPECT_TRUE(hasField(validate(p, kToday), "guarantor.relationship"));
  p = jane();
  p.emergencyContact.name = "John Doe";
  EXPECT_TRUE(hasField(validate(p, kToday), "emergency_contact.phone"));
  p = jane();
  p.contactPreferences.allowSms = false;
  EXPECT_TRUE(hasField(validate(p, kToday), "contact_preferences.preferred_channel"));
}

TEST(PatientStatus, ExplicitTransitions) {
  EXPECT_TRUE(canTransition(PatientStatus::kActive, PatientStatus::kArchived));
  EXPECT_TRUE(canTransition(PatientStatus::kArchived, PatientStatus::kActive));
  EXPECT_TRUE(canTransition(PatientStatus::kActive, PatientStatus::kMerged));
  EXPECT_FALSE(canTransition(PatientStatus::kMerged, PatientStatus::kActive));
  EXPECT_FALSE(canTransition(PatientStatus::kMerged, PatientStatus::kArchived));
  EXPECT_FALSE(canTransition(PatientStatus::kActive, PatientStatus::kActive));
}

TEST(NameSearchKey, FoldsCaseAccentsAndPunctuation) {
  EXPECT_EQ(nameSearchKey("O'Brien-Smith"), "obriensmith");
  EXPECT_EQ(nameSearchKey("José"), "jose");
  EXPECT_EQ(nameSearchKey("MÜLLER"), "muller");
  EXPECT_EQ(nameSearchKey("Castañeda"), "castaneda");
  EXPECT_EQ(nameSearchKey("  "), "");
}

TEST(Mrn, FormatAndCheckDigit) {
  EXPECT_EQ(formatMrn(1).size(), 12u);
  EXPECT_TRUE(isMrn(formatMrn(1)));
  EXPECT_TRUE(isMrn(formatMrn(987654)));
  std::string m = formatMrn(42);
  m[5] = m[5] == '9' ? '8' : static_cast<char>(m[5] + 1);
  EXPECT_FALSE(isMrn(m));
  EXPECT_NE(formatMrn(1), formatMrn(2));
}

TEST(Coverage, OverlapAndValidation) {
  Coverage a;
  a.patientId = PatientId(1);
  a.payerId = PayerId(1);
  a.memberId = "W123";
  a.effectiveDate = *Date::parse("2024-01-01");
  a.endDate = *Date::parse("2024-12-31");
  Coverage b = a;
  b.effectiveDate = *Date::parse("2025-01-01");
  b.endDate.reset();
  EXPECT_FALSE(a.overlaps(b));
  b.effectiveDate = *Date::parse("2024-12-31");
  EXPECT_TRUE(a.overlaps(b));
  b.active = false;
  EXPECT_FALSE(a.overlaps(b));
  EXPECT_TRUE(validate(a, kToday).empty());
  a.endDate = *Date::parse("2023-01-01");
  a.relationship = "19";
  auto e = validate(a, kToday);
  EXPECT_TRUE(hasField(e, "end_date"));
  EXPECT_TRUE(hasField(e, "subscriber.family_name"));
  EXPECT_TRUE(hasField(e, "subscriber.birth_date"));
  EXPECT_EQ(parseRelationship("spouse"), "01");
  EXPECT_EQ(parseRelationship("G8"), "G8");
  EXPECT_FALSE(parseRelationship("cousin"));
}

}  // namespace medoffice::domain
