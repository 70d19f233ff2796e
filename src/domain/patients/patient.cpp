// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/patients/patient.hpp"

#include <cstdio>

#include "domain/common/validation.hpp"

namespace medoffice::domain {

bool isAdministrativeSex(std::string_view s) {
  return s == "female" || s == "male" || s == "other" || s == "unknown";
}

std::string_view toString(PatientStatus s) {
  switch (s) {
    case PatientStatus::kActive:
      return "active";
    case PatientStatus::kArchived:
      return "archived";
    case PatientStatus::kMerged:
      return "merged";
  }
  return "active";
}

std::optional<PatientStatus> parsePatientStatus(std::string_view s) {
  if (s == "active") return PatientStatus::kActive;
  if (s == "archived") return PatientStatus::kArchived;
  if (s == "merged") return PatientStatus::kMerged;
  return std::nullopt;
}

bool canTransition(PatientStatus from, PatientStatus to) {
  switch (from) {
    case PatientStatus::kActive:
      return to == PatientStatus::kArchived || to == PatientStatus::kMerged;
    case PatientStatus::kArchived:
      return to == PatientStatus::kActive || to == PatientStatus::kMerged;
    case PatientStatus::kMerged:
      return false;
  }
  return false;
}

std::vector<FieldError> validate(Patient& p, Date today) {
  FieldErrors e;
  checkName(p.familyName, e, "family_name", true, 60);
  checkName(p.givenName, e, "given_name", true, 35);
  checkName(p.middleName, e, "middle_name", false, 25);
  if (p.birthDate > today) e.add("birth_date", "must not be in the future");
  if (today.year() - p.birthDate.year() > 130) e.add("birth_date", "is more than 130 years ago");
  if (p.sex.empty()) {
    e.add("sex", "is required");
  } else if (!isAdministrativeSex(p.sex)) {
    e.add("sex", "must be female, male, other or unknown");
  }
  checkPhone(p.phone, e, "phone", false);
  if (!p.email.empty() && !validation::isEmail(p.email)) {
    e.add("email", "must be an e-mail address such as name@example.org");
  }
  validateAddress(p.address, e, "address", false);
  if (p.preferredLanguage.empty()) p.preferredLanguage = "en";
  if (!validation::isLanguageTag(p.preferredLanguage)) {
    e.add("preferred_language", "must be a BCP 47 language tag such as en or es");
  }
  const auto& c = p.contactPreferences;
  const std::string& ch = c.preferredChannel;
  if (ch != "sms" && ch != "email" && ch != "voice" && ch != "mail" && ch != "none") {
    e.add("contact_preferences.preferred_channel", "must be sms, email, voice, mail or none");
  } else if ((ch == "sms" && !c.allowSms) || (ch == "email" && !c.allowEmail) ||
             (ch == "voice" && !c.allowVoice) || (ch == "mail" && !c.allowMail)) {
    e.add("contact_preferences.preferred_channel", "is a channel the patient has not allowed");
  }
  if (!p.emergencyContact.empty()) {
    checkName(p.emergencyContact.name, e, "emergency_contact.name", true, 80);
    checkText(p.emergencyContact.relationship, e, "emergency_contact.relationship", false, 40);
    checkPhone(p.emergencyContact.phone, e, "emergency_contact.phone", true);
  }
  auto& g = p.guarantor;
  if (g.relationship.empty()) g.relationship = "self";
  if (g.relationship == "self") {
    g = Guarantor{};
  } else if (g.relationship != "parent" && g.relationship != "spouse" &&
             g.relationship != "legal_guardian" && g.relationship != "other") {
    e.add("guarantor.relationship", "must be self, parent, spouse, legal_guardian or other");
  } else {
    checkName(g.familyName, e, "guarantor.family_name", true, 60);
    checkName(g.givenName, e, "guarantor.given_name", true, 35);
    if (g.birthDate && *g.birthDate > today) {
      e.add("guarantor.birth_date", "must not be in the future");
    }
    checkPhone(g.phone, e, "guarantor.phone", false);
    validateAddress(g.address, e, "guarantor.address", false);
  }
  return e.list();
}

std::string nameSearchKey(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(static_cast<char>(c));
    } else if (c == 0xC3 && i + 1 < name.size()) {
      // Latin-1 supplement letters fold to their base letter (José → jose, Müller → muller).
      auto d = static_cast<unsigned char>(name[++i]);
      static constexpr char kFold[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts";
      unsigned idx = (d | 0x20) - 0xA0;
      if (d == 0xBF) {
        out.push_back('y');  // ÿ
      } else if (d >= 0x80 && d <= 0xBF && idx < 32 && kFold[idx] != ' ') {
        out.push_back(kFold[idx]);
      }
    } else if (c >= 0x80) {
      out.push_back(static_cast<char>(c));  // keep other scripts as bytes
    }
  }
  return out;
}

std::string formatMrn(std::int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08lld", static_cast<long long>(n));
  std::string digits = buf;
  return "MRN" + digits + validation::luhnCheckDigit(digits);
}

bool isMrn(std::string_view s) {
  if (s.size() < 12 || s.substr(0, 3) != "MRN") return false;
  std::string digits(s.substr(3, s.size() - 4));
  for (char c : s.substr(3)) {
    if (c < '0' || c > '9') return false;
  }
  return validation::luhnCheckDigit(digits) == s.back();
}

}  // namespace medoffice::domain
