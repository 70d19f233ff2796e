// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Guarantor accounts (issue 14, point 3): the person responsible for the bill. Several patients
// can share one account (a parent for two children); each patient belongs to one, their own by
// default. Statements go to accounts, and the ledger keeps a balance per account.

#include <optional>
#include <string>
#include <vector>

#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/time.hpp"
#include "domain/patients/patient.hpp"

namespace medoffice::domain {

struct GuarantorAccount {
  GuarantorAccountId id;
  OrganizationId organizationId;
  std::string familyName;
  std::string givenName;
  std::optional<Date> birthDate;
  std::string phone;
  Address address;
  /// The patient who is the guarantor, when the guarantor is a patient of the practice.
  PatientId guarantorPatientId;
  /// The statement cycle day (1-28) the office chose; unset: spread by id (cycleDayOf).
  std::optional<int> statementCycleDay;
  bool active = true;
  RecordMeta meta;

  /// "Doe, Jane": how statements and screens name the account.
  [[nodiscard]] std::string displayName() const { return familyName + ", " + givenName; }
};

/// The account a patient starts with: the patient's own when their guarantor is "self" (the
/// default), else one for the person recorded as their guarantor at registration. The patient
/// must be validated already (validate(Patient&) checks the guarantor fields).
GuarantorAccount accountFor(const Patient& p);

/// True when `a` is the account accountFor(p) makes, so that patients whose guarantors are the
/// same person (same names and birth date, or the same patient) can share one account when
/// existing records are migrated.
bool samePerson(const GuarantorAccount& a, const GuarantorAccount& b);

/// A name is required; the rest as for a patient's guarantor. Lists every problem.
std::vector<FieldError> validate(GuarantorAccount& a);

}  // namespace medoffice::domain
