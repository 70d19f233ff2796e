// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// FHIR administrative gender values.
bool isAdministrativeSex(std::string_view s);

/// Lifecycle of a patient record. Records are never deleted: they are archived or merged.
enum class PatientStatus { kActive, kArchived, kMerged };
std::string_view toString(PatientStatus s);
std::optional<PatientStatus> parsePatientStatus(std::string_view s);
/// The allowed transitions: active→archived, archived→active, active→merged, archived→merged.
/// A merged record is final.
bool canTransition(PatientStatus from, PatientStatus to);

struct ContactPreferences {
  std::string preferredChannel = "sms";  ///< sms, email, voice, mail or none
  bool allowSms = true;
  bool allowEmail = true;
  bool allowVoice = true;
  bool allowMail = true;
  bool operator==(const ContactPreferences&) const = default;
};

struct EmergencyContact {
  std::string name;
  std::string relationship;
  std::string phone;
  [[nodiscard]] bool empty() const { return name.empty() && relationship.empty() && phone.empty(); }
};

/// Who pays the patient's share. `self` needs no other field.
struct Guarantor {
  std::string relationship = "self";  ///< self, parent, spouse, legal_guardian, other
  std::string familyName;
  std::string givenName;
  std::optional<Date> birthDate;
  std::string phone;
  Address address;
};

struct Patient {
  PatientId id;
  OrganizationId organizationId;
  std::string mrn;  ///< generated at registration; never reused
  std::string familyName;
  std::string givenName;
  std::string middleName;
  Date birthDate;
  std::string sex;
  std::string phone;
  std::string email;
  Address address;
  std::string preferredLanguage = "en";
  ContactPreferences contactPreferences;
  EmergencyContact emergencyContact;
  Guarantor guarantor;
  PatientStatus status = PatientStatus::kActive;
  PatientId mergedInto;  ///< set when status is merged
  /// The guarantor account the patient's bills go to (unset until first billed; see
  /// domain/billing/account.hpp). Changed by billing only, never by a patient update.
  GuarantorAccountId accountId;
  RecordMeta meta;
};

/// Validates a patient being registered or updated; `today` bounds dates of birth.
std::vector<FieldError> validate(Patient& p, Date today);

/// The lower-cased, accent-free search key of a name: `O'Brien-Smith` → `obriensmith`.
std::string nameSearchKey(std::string_view name);

/// Formats MRN number `n` as `MRN` + 8 digits + a Luhn check digit, e.g. `MRN000000127`.
std::string formatMrn(std::int64_t n);
/// True when `s` has the MRN shape and a correct check digit.
bool isMrn(std::string_view s);

/// Why a registered patient may be the same person as a new registration.
struct DuplicateCandidate {
  PatientId id;
  std::string mrn;
  std::string reason;  ///< "same name and birth date" or "same phone"
};

}  // namespace medoffice::domain
