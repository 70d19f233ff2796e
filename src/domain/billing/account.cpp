// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/account.hpp"

#include "domain/common/fields.hpp"

namespace medoffice::domain {

GuarantorAccount accountFor(const Patient& p) {
  GuarantorAccount a;
  a.organizationId = p.organizationId;
  if (p.guarantor.relationship.empty() || p.guarantor.relationship == "self") {
    a.familyName = p.familyName;
    a.givenName = p.givenName;
    a.birthDate = p.birthDate;
    a.phone = p.phone;
    a.address = p.address;
    a.guarantorPatientId = p.id;
    return a;
  }
  a.familyName = p.guarantor.familyName;
  a.givenName = p.guarantor.givenName;
  a.birthDate = p.guarantor.birthDate;
  a.phone = p.guarantor.phone.empty() ? p.phone : p.guarantor.phone;
  a.address = p.guarantor.address.line1.empty() ? p.address : p.guarantor.address;
  return a;
}

bool samePerson(const GuarantorAccount& a, const GuarantorAccount& b) {
  if (a.organizationId != b.organizationId) return false;
  if (a.guarantorPatientId.valid() || b.guarantorPatientId.valid()) {
    return a.guarantorPatientId == b.guarantorPatientId;
  }
  return nameSearchKey(a.familyName) == nameSearchKey(b.familyName) &&
         nameSearchKey(a.givenName) == nameSearchKey(b.givenName) && a.birthDate && b.birthDate &&
         *a.birthDate == *b.birthDate;
}

std::vector<FieldError> validate(GuarantorAccount& a) {
  FieldErrors errors;
  checkName(a.familyName, errors, "family_name", true, 100);
  checkName(a.givenName, errors, "given_name", true, 100);
  checkPhone(a.phone, errors, "phone", false);
  validateAddress(a.address, errors, "address", false);
  return errors.list();
}

}  // namespace medoffice::domain
