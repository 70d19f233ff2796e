// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/insurance/insurance.hpp"

#include "domain/common/validation.hpp"
#include "domain/patients/patient.hpp"

namespace medoffice::domain {

std::string_view toString(CoveragePriority p) {
  switch (p) {
    case CoveragePriority::kPrimary:
      return "primary";
    case CoveragePriority::kSecondary:
      return "secondary";
    case CoveragePriority::kTertiary:
      return "tertiary";
  }
  return "primary";
}

std::optional<CoveragePriority> parseCoveragePriority(std::string_view s) {
  if (s == "primary") return CoveragePriority::kPrimary;
  if (s == "secondary") return CoveragePriority::kSecondary;
  if (s == "tertiary") return CoveragePriority::kTertiary;
  return std::nullopt;
}

std::optional<std::string> parseRelationship(std::string_view s) {
  if (s == "self") return "18";
  if (s == "spouse") return "01";
  if (s == "child") return "19";
  if (s == "employee") return "20";
  if (s == "unknown") return "21";
  if (s == "life_partner") return "53";
  if (s == "other") return "G8";
  if (validation::isIndividualRelationshipCode(s)) return std::string(s);
  return std::nullopt;
}

bool Coverage::overlaps(const Coverage& o) const {
  if (!active || !o.active) return false;
  const Date maxDay = *Date::fromYmd(9999, 12, 31);
  Date aEnd = endDate.value_or(maxDay);
  Date bEnd = o.endDate.value_or(maxDay);
  return effectiveDate <= bEnd && o.effectiveDate <= aEnd;
}

std::vector<FieldError> validate(Payer& p) {
  FieldErrors e;
  checkText(p.name, e, "name", true, 60);
  if (p.x12PayerId.empty()) {
    e.add("x12_payer_id", "is required");
  } else if (!validation::isPayerIdentifier(p.x12PayerId)) {
    e.add("x12_payer_id", "must be 2 to 80 letters or digits");
  }
  if (p.claimFilingIndicator.empty()) {
    e.add("claim_filing_indicator", "is required");
  } else if (!validation::isClaimFilingIndicator(p.claimFilingIndicator)) {
    e.add("claim_filing_indicator", "must be an X12 claim filing indicator such as MB, MC or CI");
  }
  if (p.timelyFilingDays < 1 || p.timelyFilingDays > 3650) {
    e.add("timely_filing_days", "must be between 1 and 3650");
  }
  checkPhone(p.phone, e, "phone", false);
  validateAddress(p.address, e, "address", false);
  return e.list();
}

std::vector<FieldError> validate(Coverage& c, Date today) {
  FieldErrors e;
  if (!c.patientId.valid()) e.add("patient_id", "is required");
  if (!c.payerId.valid()) e.add("payer_id", "is required");
  checkText(c.memberId, e, "member_id", true, 80);
  if (!c.memberId.empty() && c.memberId.size() <= 80 &&
      !validation::isCardIdentifier(c.memberId, false)) {
    e.add("member_id", "may hold only letters, digits and hyphens");
  }
  checkText(c.groupNumber, e, "group_number", false, 50);
  if (!c.groupNumber.empty() && c.groupNumber.size() <= 50 &&
      !validation::isCardIdentifier(c.groupNumber, true)) {
    e.add("group_number", "may hold only letters, digits, hyphens and spaces");
  }
  checkText(c.planName, e, "plan_name", false, 60);
  if (c.endDate && *c.endDate < c.effectiveDate) {
    e.add("end_date", "must not be before effective_date");
  }
  if (c.copay < Money() || c.copay > Money::fromCents(10'000'00)) {
    e.add("copay_cents", "must be between 0 and 1000000");
  }
  if (c.relationship == "18") {
    c.subscriber = Subscriber{};
  } else {
    checkName(c.subscriber.familyName, e, "subscriber.family_name", true, 60);
    checkName(c.subscriber.givenName, e, "subscriber.given_name", true, 35);
    if (!c.subscriber.birthDate) {
      e.add("subscriber.birth_date", "is required");
    } else if (*c.subscriber.birthDate > today) {
      e.add("subscriber.birth_date", "must not be in the future");
    }
    if (!c.subscriber.sex.empty() && !isAdministrativeSex(c.subscriber.sex)) {
      e.add("subscriber.sex", "must be female, male, other or unknown");
    }
    validateAddress(c.subscriber.address, e, "subscriber.address", false);
  }
  return e.list();
}

}  // namespace medoffice::domain
