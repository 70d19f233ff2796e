// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/claim.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace medoffice::domain::claims {

namespace {

/// Paths are built only for problems: a valid claim costs no allocation here.
std::string at(std::string_view prefix, std::string_view field) {
  std::string s(prefix);
  if (!s.empty() && !field.empty() && field.front() != '[') s += '.';
  s.append(field);
  return s;
}

std::string indexed(std::string_view prefix, std::string_view field, std::size_t i) {
  return at(prefix, std::string(field) + "[" + std::to_string(i) + "]");
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

void required(FieldErrors& errors, std::string_view prefix, std::string_view field,
              std::string_view value) {
  if (blank(value)) errors.add(at(prefix, field), "is required");
}

void checkName(FieldErrors& errors, std::string_view prefix, const PartyName& n,
               bool personOnly = false) {
  required(errors, prefix, "name.last", n.last);
  if (personOnly && n.type != EntityType::kPerson) {
    errors.add(at(prefix, "name.type"), "must be a person");
  }
}

void checkAddress(FieldErrors& errors, std::string_view prefix, const Address& a) {
  required(errors, prefix, "address.line1", a.line1);
  required(errors, prefix, "address.city", a.city);
  required(errors, prefix, "address.state", a.state);
  required(errors, prefix, "address.postal_code", a.postalCode);
}

void checkProvider(FieldErrors& errors, std::string_view prefix, const ProviderRef& p) {
  checkName(errors, prefix, p.name, true);
  required(errors, prefix, "npi", p.npi);
}

constexpr std::array<std::string_view, 5> kGroupCodes = {"CO", "CR", "OA", "PI", "PR"};

void checkAdjustments(FieldErrors& errors, std::string_view prefix,
                      const std::vector<Adjustment>& adjustments) {
  for (std::size_t k = 0; k < adjustments.size(); ++k) {
    const Adjustment& a = adjustments[k];
    if (std::find(kGroupCodes.begin(), kGroupCodes.end(), a.groupCode) == kGroupCodes.end()) {
      errors.add(indexed(prefix, "adjustments", k) + ".group_code", "must be CO, CR, OA, PI or PR");
    }
    if (blank(a.reasonCode)) {
      errors.add(indexed(prefix, "adjustments", k) + ".reason_code", "is required");
    }
    if (a.quantity < 0) {
      errors.add(indexed(prefix, "adjustments", k) + ".quantity", "must not be negative");
    }
  }
  for (std::string_view group : kGroupCodes) {
    const auto n = std::count_if(adjustments.begin(), adjustments.end(),
                                 [&](const Adjustment& a) { return a.groupCode == group; });
    if (static_cast<std::size_t>(n) > kMaxAdjustmentsPerGroup) {
      errors.add(at(prefix, "adjustments"), "has more than 6 adjustments in group " +
                                                std::string(group) +
                                                " (one CAS segment holds six)");
    }
  }
}

void checkLine(FieldErrors& errors, const Claim& c, std::size_t index) {
  const ServiceLine& l = c.lines[index];
  const std::string prefix = "lines[" + std::to_string(index) + "]";
  if (blank(l.controlNumber)) {
    errors.add(prefix + ".control_number", "is required");
  } else if (l.controlNumber.size() > kMaxLineControlNumber) {
    errors.add(prefix + ".control_number", "is longer than 50 characters");
  } else {
    for (std::size_t k = 0; k < index; ++k) {
      if (c.lines[k].controlNumber == l.controlNumber) {
        errors.add(prefix + ".control_number",
                   "is the same as lines[" + std::to_string(k) + "].control_number");
        break;
      }
    }
  }
  required(errors, prefix, "procedure_code", l.procedureCode);
  if (l.modifiers.size() > kMaxModifiers) {
    errors.add(prefix + ".modifiers", "has more than 4 entries");
  }
  for (std::size_t k = 0; k < l.modifiers.size() && k < kMaxModifiers; ++k) {
    if (blank(l.modifiers[k])) errors.add(indexed(prefix, "modifiers", k), "is empty");
  }
  if (l.charge.cents() < 0) {
    errors.add(prefix + ".charge_cents", "must not be negative (void or replace the claim)");
  } else if (l.charge.cents() > kMaxLineChargeCents) {
    errors.add(prefix + ".charge_cents", "is more than 99999999.99");
  }
  if (l.units < 1 || l.units > 99999) errors.add(prefix + ".units", "must be 1 to 99999");
  if (l.diagnosisPointers.empty()) {
    errors.add(prefix + ".diagnosis_pointers", "needs at least one pointer");
  } else if (l.diagnosisPointers.size() > kMaxPointers) {
    errors.add(prefix + ".diagnosis_pointers", "has more than 4 entries");
  }
  for (std::size_t k = 0; k < l.diagnosisPointers.size() && k < kMaxPointers; ++k) {
    const int p = l.diagnosisPointers[k];
    if (p < 1 || static_cast<std::size_t>(p) > c.diagnoses.size()) {
      errors.add(indexed(prefix, "diagnosis_pointers", k),
                 "is " + std::to_string(p) + ", outside the claim's " +
                     std::to_string(c.diagnoses.size()) + " diagnoses (1-based)");
    }
  }
  if (l.serviceDateEnd && *l.serviceDateEnd < l.serviceDate) {
    errors.add(prefix + ".service_date_end", "is before service_date");
  }
  if (l.ndc) {
    required(errors, prefix, "ndc.code", l.ndc->code);
    required(errors, prefix, "ndc.unit", l.ndc->unit);
    if (l.ndc->quantityMilli <= 0) errors.add(prefix + ".ndc.quantity", "must be more than zero");
  }
  if (l.renderingProvider)
    checkProvider(errors, prefix + ".rendering_provider", *l.renderingProvider);
  for (std::size_t k = 0; k < l.adjudications.size(); ++k) {
    const LineAdjudication& a = l.adjudications[k];
    const std::string sub = indexed(prefix, "adjudications", k);
    const bool known =
        std::any_of(c.otherPayers.begin(), c.otherPayers.end(),
                    [&](const OtherPayer& o) { return o.payerId == a.otherPayerId; });
    if (blank(a.otherPayerId)) {
      errors.add(sub + ".other_payer_id", "is required");
    } else if (!known) {
      errors.add(sub + ".other_payer_id", "names no payer of other_payers (SVD01 = 2330B NM109)");
    }
    if (a.paidUnits < 0) errors.add(sub + ".paid_units", "must not be negative");
    if (a.modifiers.size() > kMaxModifiers)
      errors.add(sub + ".modifiers", "has more than 4 entries");
    checkAdjustments(errors, sub, a.adjustments);
  }
}

void checkOtherPayer(FieldErrors& errors, const Claim& c, std::size_t index) {
  const OtherPayer& o = c.otherPayers[index];
  const std::string prefix = "other_payers[" + std::to_string(index) + "]";
  required(errors, prefix, "relationship", o.relationship);
  required(errors, prefix, "claim_filing_indicator", o.claimFilingIndicator);
  required(errors, prefix, "subscriber_name.last", o.subscriberName.last);
  required(errors, prefix, "subscriber_member_id", o.subscriberMemberId);
  required(errors, prefix, "payer_name", o.payerName);
  required(errors, prefix, "payer_id", o.payerId);
  for (std::size_t k = 0; k < index; ++k) {
    if (!o.payerId.empty() && c.otherPayers[k].payerId == o.payerId) {
      errors.add(prefix + ".payer_id", "is the same as other_payers[" + std::to_string(k) +
                                           "].payer_id (lines refer to payers by it)");
      break;
    }
  }
  checkAdjustments(errors, prefix, o.adjustments);
}

}  // namespace

char code(PayerResponsibility r) {
  switch (r) {
    case PayerResponsibility::kSecondary:
      return 'S';
    case PayerResponsibility::kTertiary:
      return 'T';
    case PayerResponsibility::kPrimary:
      break;
  }
  return 'P';
}

char code(ClaimFrequency f) {
  switch (f) {
    case ClaimFrequency::kReplacement:
      return '7';
    case ClaimFrequency::kVoid:
      return '8';
    case ClaimFrequency::kOriginal:
      break;
  }
  return '1';
}

char code(Assignment a) {
  switch (a) {
    case Assignment::kLabOnly:
      return 'B';
    case Assignment::kNotAssigned:
      return 'C';
    case Assignment::kAssigned:
      break;
  }
  return 'A';
}

char code(BenefitsAssignment b) {
  switch (b) {
    case BenefitsAssignment::kNo:
      return 'N';
    case BenefitsAssignment::kNotApplicable:
      return 'W';
    case BenefitsAssignment::kYes:
      break;
  }
  return 'Y';
}

char code(ReleaseOfInformation r) {
  return r == ReleaseOfInformation::kInformed ? 'I' : 'Y';
}

Money Claim::totalCharge() const {
  std::int64_t cents = 0;
  for (const auto& l : lines) cents += l.charge.cents();
  return Money::fromCents(cents);
}

std::vector<FieldError> validate(const Claim& c) {
  FieldErrors errors;
  required(errors, "submitter", "name.last", c.submitter.name.last);
  required(errors, "submitter", "id", c.submitter.id);
  if (blank(c.submitter.contact.phone) && blank(c.submitter.contact.email)) {
    errors.add("submitter.contact", "needs a phone number or an email address (1000A PER)");
  }
  required(errors, "receiver", "name", c.receiver.name);
  required(errors, "receiver", "id", c.receiver.id);

  const BillingProvider& b = c.billingProvider;
  checkName(errors, "billing_provider", b.name);
  required(errors, "billing_provider", "npi", b.npi);
  required(errors, "billing_provider", "tax_id", b.taxId);
  checkAddress(errors, "billing_provider", b.address);
  if (b.payToAddress) {
    required(errors, "billing_provider.pay_to_address", "line1", b.payToAddress->line1);
    required(errors, "billing_provider.pay_to_address", "city", b.payToAddress->city);
    required(errors, "billing_provider.pay_to_address", "state", b.payToAddress->state);
    required(errors, "billing_provider.pay_to_address", "postal_code", b.payToAddress->postalCode);
  }

  const Subscriber& s = c.subscriber;
  checkName(errors, "subscriber", s.name);
  required(errors, "subscriber", "member_id", s.memberId);
  required(errors, "subscriber", "claim_filing_indicator", s.claimFilingIndicator);
  if (!c.patient) {
    // The subscriber is the patient: 2010BA then needs the address and DMG.
    if (s.name.type != EntityType::kPerson) {
      errors.add("subscriber.name.type", "must be a person when the subscriber is the patient");
    }
    if (!s.birthDate) errors.add("subscriber.birth_date", "is required for the patient");
    checkAddress(errors, "subscriber", s.address);
  }
  required(errors, "payer", "name", c.payer.name);
  required(errors, "payer", "payer_id", c.payer.payerId);

  if (c.patient) {
    const Patient& p = *c.patient;
    if (blank(p.relationship)) {
      errors.add("patient.relationship", "is required");
    } else if (p.relationship == "18") {
      errors.add("patient.relationship",
                 "is 18 (self): a patient who is the subscriber has no patient loop");
    }
    checkName(errors, "patient", p.name, true);
    checkAddress(errors, "patient", p.address);
  }

  if (blank(c.patientControlNumber)) {
    errors.add("patient_control_number", "is required");
  } else if (c.patientControlNumber.size() > kMaxPatientControlNumber) {
    errors.add("patient_control_number", "is longer than 20 characters");
  }
  required(errors, "", "place_of_service", c.placeOfService);
  if (c.frequency == ClaimFrequency::kOriginal) {
    if (!c.originalClaimNumber.empty()) {
      errors.add("original_claim_number",
                 "is only sent with frequency 7 (replacement) or 8 (void)");
    }
  } else if (blank(c.originalClaimNumber)) {
    errors.add("original_claim_number",
               "is required for a replacement or void (the payer's claim number, REF*F8)");
  }
  if (c.accident) {
    if (c.accident->causes.empty() || c.accident->causes.size() > 2) {
      errors.add("accident.causes", "needs one or two of AA, EM and OA");
    }
    for (std::size_t k = 0; k < c.accident->causes.size(); ++k) {
      const auto& cause = c.accident->causes[k];
      if (cause != "AA" && cause != "EM" && cause != "OA") {
        errors.add(indexed("accident", "causes", k), "must be AA, EM or OA");
      }
    }
  }

  if (c.diagnoses.empty()) errors.add("diagnoses", "needs at least one ICD-10-CM code");
  if (c.diagnoses.size() > kMaxDiagnoses) errors.add("diagnoses", "has more than 12 entries");
  for (std::size_t k = 0; k < c.diagnoses.size() && k < kMaxDiagnoses; ++k) {
    if (blank(c.diagnoses[k])) errors.add(indexed("", "diagnoses", k), "is empty");
  }

  if (c.referringProvider) checkProvider(errors, "referring_provider", *c.referringProvider);
  if (c.renderingProvider) checkProvider(errors, "rendering_provider", *c.renderingProvider);
  if (c.serviceFacility) {
    required(errors, "service_facility", "name", c.serviceFacility->name);
    checkAddress(errors, "service_facility", c.serviceFacility->address);
  }

  if (c.otherPayers.size() > kMaxOtherPayers) {
    errors.add("other_payers", "has more than 10 entries");
  }
  for (std::size_t k = 0; k < c.otherPayers.size(); ++k) checkOtherPayer(errors, c, k);

  if (c.lines.empty()) errors.add("lines", "needs at least one service line");
  if (c.lines.size() > kMaxLines) errors.add("lines", "has more than 50 entries");
  for (std::size_t k = 0; k < c.lines.size(); ++k) checkLine(errors, c, k);
  return errors.list();
}

}  // namespace medoffice::domain::claims
