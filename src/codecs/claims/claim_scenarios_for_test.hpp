// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// For the tests of codecs/claims only: valid claims built on domain::claims::samples that
// between them set every member of the claim model, and a comparison that says which member
// differs (Claim has no operator==, and ServiceLine's defaulted one is deleted because
// NdcDetail has none).

#include <string>
#include <vector>

#include "domain/claims/sample_claims.hpp"

namespace medoffice::codecs::scenarios {

namespace claims = domain::claims;

inline domain::Date dayForTest(int y, int m, int d) {
  return domain::Date::fromYmd(y, m, d).value_or(domain::Date{});
}

/// The subscriber is the patient (no 2000C).
inline claims::Claim selfClaim(const std::string& pcn) {
  return claims::samples::claim(pcn);
}

/// The patient is the subscriber's child (2000C).
inline claims::Claim dependentClaim(const std::string& pcn) {
  claims::Claim c = claims::samples::claim(pcn);
  c.patient = claims::samples::dependent();
  return c;
}

/// A replacement with every optional 2010/2300/2310/2400 member set, a pay-to address, an
/// SSN, minutes, an NDC and a service date range.
inline claims::Claim replacementClaim(const std::string& pcn) {
  claims::Claim c = dependentClaim(pcn);
  c.id = domain::ClaimId(4242);
  c.billingProvider.payToAddress = domain::Address{"PO Box 42", "", "Chicago", "IL", "606900042"};
  c.billingProvider.contact = {"Front Desk", "3125550101", "desk@example.org"};
  c.billingProvider.taxIdKind = claims::TaxIdKind::kSsn;
  c.subscriber.groupName = "Retail Workers";
  c.subscriber.insuranceTypeCode = "12";
  c.subscriber.name.suffix = "JR";
  c.frequency = claims::ClaimFrequency::kReplacement;
  c.originalClaimNumber = "2026100200123";
  c.providerSignatureOnFile = false;
  c.assignment = claims::Assignment::kLabOnly;
  c.benefitsAssignment = claims::BenefitsAssignment::kNotApplicable;
  c.releaseOfInformation = claims::ReleaseOfInformation::kInformed;
  c.priorAuthorization = "AUTH-778";
  c.referralNumber = "REF 991";
  c.onsetDate = dayForTest(2026, 9, 28);
  c.accident = claims::Accident{{"AA", "OA"}, "IL", dayForTest(2026, 9, 27)};
  c.patientPaid = domain::Money::fromCents(2000);
  c.diagnoses = {"S13.4XXA", "M54.2", "V43.52XA"};
  c.referringProvider =
      claims::ProviderRef{claims::PartyName::person("Welby", "Marcus", "A"), "1112223338", ""};
  c.renderingProvider = claims::samples::renderingProvider();
  c.serviceFacility =
      claims::ServiceFacility{"Lakeside Imaging Center",
                              "1447788997",
                              {"200 Lake Shore Dr", "Floor 2", "Chicago", "IL", "606111234"}};
  c.lines[0].modifiers = {"25", "59"};
  c.lines[0].diagnosisPointers = {1, 2, 3};
  claims::ServiceLine drug = claims::samples::line(pcn + "-3", "J3490", 1050, {1});
  drug.description = "Unlisted drug: see NDC";
  drug.ndc = domain::NdcDetail{"00026063512", "ML", 1500};
  drug.units = 2;
  c.lines.push_back(drug);
  claims::ServiceLine therapy = claims::samples::line(pcn + "-4", "97110", 9000, {2});
  therapy.serviceDateEnd = dayForTest(2026, 10, 9);
  therapy.placeOfService = "22";
  therapy.unitBasis = claims::UnitBasis::kMinutes;
  therapy.units = 45;
  therapy.renderingProvider = claims::ProviderRef{claims::PartyName::person("Quinn", "Michaela"),
                                                  "1677889903", "225100000X"};
  c.lines.push_back(therapy);
  return c;
}

/// A claim to the secondary payer after the primary paid (2320/2330A/2330B and 2430).
inline claims::Claim secondaryClaim(const std::string& pcn) {
  claims::Claim c = claims::samples::claim(pcn);
  c.subscriber.responsibility = claims::PayerResponsibility::kSecondary;
  c.subscriber.memberId = "SEC4455667";
  c.subscriber.groupNumber = "";
  c.subscriber.groupName = "Retirees Plan";
  c.payer = claims::Payer{"Second Mutual", "77001", {}};
  claims::OtherPayer o;
  o.responsibility = claims::PayerResponsibility::kPrimary;
  o.relationship = "18";
  o.groupNumber = "GRP01020102";
  o.insuranceTypeCode = "";
  o.claimFilingIndicator = "CI";
  o.adjustments = {{"PR", "1", domain::Money::fromCents(2189), 0},
                   {"PR", "2", domain::Money::fromCents(1500), 0},
                   {"OA", "23", domain::Money::fromCents(-500), 2}};
  o.paidAmount = domain::Money::fromCents(9561);
  o.nonCoveredAmount = domain::Money::fromCents(0);
  o.remainingPatientLiability = domain::Money::fromCents(3689);
  o.benefitsAssignment = claims::BenefitsAssignment::kNo;
  o.subscriberName = claims::PartyName::person("Smith", "Jane", "Q");
  o.subscriberMemberId = "W123456789";
  o.subscriberAddress = {"236 N Main St", "", "Chicago", "IL", "60614"};
  o.payerName = "Great Prairies Health";
  o.payerId = "12345";
  o.payerAddress = {"4456 South Shore Blvd", "", "Chicago", "IL", "60615"};
  o.adjudicationDate = dayForTest(2026, 10, 20);
  o.payerClaimControlNumber = "2026100200123";
  c.otherPayers.push_back(o);
  claims::LineAdjudication first;
  first.otherPayerId = "12345";
  first.paidAmount = domain::Money::fromCents(12000);
  first.adjustments = {{"CO", "45", domain::Money::fromCents(500), 1}};
  first.adjudicationDate = dayForTest(2026, 10, 20);
  first.remainingPatientLiability = domain::Money::fromCents(0);
  claims::LineAdjudication second = first;
  second.paidAmount = domain::Money::fromCents(1250);
  second.adjustments = {};
  second.procedureCode = "36416";
  second.modifiers = {"90"};
  second.paidUnits = 2;
  second.remainingPatientLiability.reset();
  c.lines[0].adjudications.push_back(first);
  c.lines[1].adjudications.push_back(second);
  return c;
}

/// Text outside ASCII, an organisation as subscriber with a separate patient, and the
/// extremes of the amounts.
inline claims::Claim unusualClaim(const std::string& pcn) {
  claims::Claim c = dependentClaim(pcn);
  c.subscriber.name = claims::PartyName::organization("Café Müller GmbH \"Ost\"");
  c.subscriber.birthDate.reset();
  c.subscriber.sex = claims::Sex::kUnknown;
  c.patient->name = claims::PartyName::person("Núñez", "José", "Ñ");
  c.patient->name.suffix = "III";
  c.submitter.contact.name = "Tab\there, newline\nthere, back\\slash";
  c.lines[0].charge = domain::Money::fromCents(claims::kMaxLineChargeCents);
  c.lines[1].charge = domain::Money::fromCents(0);
  c.lines[1].ndc = domain::NdcDetail{"00026063512", "F2", 123456789012345};
  return c;
}

/// Every scenario, in a fixed order.
inline std::vector<claims::Claim> allClaims() {
  return {selfClaim("1001"), dependentClaim("1002"), replacementClaim("2001"),
          secondaryClaim("3001"), unusualClaim("4001")};
}

inline bool sameNdc(const std::optional<domain::NdcDetail>& a,
                    const std::optional<domain::NdcDetail>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->code == b->code && a->unit == b->unit && a->quantityMilli == b->quantityMilli);
}

/// The path of the first member in which `a` and `b` differ; empty when they are equal.
inline std::string claimDifference(const claims::Claim& a, const claims::Claim& b) {
#define MO_SAME(member) \
  if (!(a.member == b.member)) return #member
  MO_SAME(id);
  MO_SAME(submitter);
  MO_SAME(receiver);
  MO_SAME(billingProvider);
  MO_SAME(subscriber);
  MO_SAME(payer);
  MO_SAME(patient);
  MO_SAME(patientControlNumber);
  MO_SAME(placeOfService);
  MO_SAME(frequency);
  MO_SAME(originalClaimNumber);
  MO_SAME(providerSignatureOnFile);
  MO_SAME(assignment);
  MO_SAME(benefitsAssignment);
  MO_SAME(releaseOfInformation);
  MO_SAME(accident);
  MO_SAME(onsetDate);
  MO_SAME(patientPaid);
  MO_SAME(priorAuthorization);
  MO_SAME(referralNumber);
  MO_SAME(diagnoses);
  MO_SAME(referringProvider);
  MO_SAME(renderingProvider);
  MO_SAME(serviceFacility);
  MO_SAME(otherPayers);
  if (a.lines.size() != b.lines.size()) return "lines";
  for (std::size_t k = 0; k < a.lines.size(); ++k) {
    const claims::ServiceLine& x = a.lines[k];
    const claims::ServiceLine& y = b.lines[k];
    const std::string at = "lines[" + std::to_string(k) + "].";
    if (x.controlNumber != y.controlNumber) return at + "controlNumber";
    if (x.procedureCode != y.procedureCode) return at + "procedureCode";
    if (x.modifiers != y.modifiers) return at + "modifiers";
    if (x.description != y.description) return at + "description";
    if (x.charge != y.charge) return at + "charge";
    if (x.unitBasis != y.unitBasis) return at + "unitBasis";
    if (x.units != y.units) return at + "units";
    if (x.placeOfService != y.placeOfService) return at + "placeOfService";
    if (x.diagnosisPointers != y.diagnosisPointers) return at + "diagnosisPointers";
    if (x.serviceDate != y.serviceDate) return at + "serviceDate";
    if (x.serviceDateEnd != y.serviceDateEnd) return at + "serviceDateEnd";
    if (!sameNdc(x.ndc, y.ndc)) return at + "ndc";
    if (x.renderingProvider != y.renderingProvider) return at + "renderingProvider";
    if (x.adjudications != y.adjudications) return at + "adjudications";
  }
#undef MO_SAME
  return {};
}

}  // namespace medoffice::codecs::scenarios
