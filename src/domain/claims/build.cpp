// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/build.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace medoffice::domain::claims {

namespace {

std::string_view responsibilityName(PayerResponsibility r) {
  switch (r) {
    case PayerResponsibility::kSecondary:
      return "secondary";
    case PayerResponsibility::kTertiary:
      return "tertiary";
    case PayerResponsibility::kPrimary:
      break;
  }
  return "primary";
}

std::string num(std::int64_t v) {
  return std::to_string(v);
}

/// Upper case, inner runs of spaces reduced to one, outer spaces dropped: "Suite  200 " and
/// "SUITE 200" are the same line.
std::string folded(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// 60611 and 60611-1234 are the same place: a ZIP+4 narrows a ZIP, it does not move it.
bool samePostalCode(std::string_view a, std::string_view b) {
  const std::string fa = folded(a);
  const std::string fb = folded(b);
  if (fa == fb) return true;
  const std::string_view za = std::string_view(fa).substr(0, 5);
  const std::string_view zb = std::string_view(fb).substr(0, 5);
  return za == zb && (fa.size() <= 5 || fb.size() <= 5);
}

bool sameAddress(const Address& a, const Address& b) {
  return folded(a.line1) == folded(b.line1) && folded(a.line2) == folded(b.line2) &&
         folded(a.city) == folded(b.city) && folded(a.state) == folded(b.state) &&
         samePostalCode(a.postalCode, b.postalCode);
}

ProviderRef providerRef(const Provider& p) {
  return {PartyName::person(p.familyName, p.givenName), p.npi, p.taxonomy};
}

std::string withoutDots(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != '.') out += c;
  }
  return out;
}

/// 2000B, 2010BA, 2010BB and 2000C/2010CA for billing `cov` at `rank`: the patient is the
/// subscriber when the coverage's relationship is 18 (self), else the coverage's subscriber is,
/// with a patient loop. Replaces what the claim had there.
void billCoverage(Claim& c, const domain::Patient& pt, const Coverage& cov,
                  const domain::Payer& payer, PayerResponsibility rank) {
  Subscriber sub;
  sub.responsibility = rank;
  sub.groupNumber = cov.groupNumber;
  sub.claimFilingIndicator = payer.claimFilingIndicator;
  sub.memberId = cov.memberId;
  c.patient.reset();
  if (cov.relationship == "18") {
    sub.name = PartyName::person(pt.familyName, pt.givenName, pt.middleName);
    sub.birthDate = pt.birthDate;
    sub.sex = claimSex(pt.sex);
    sub.address = pt.address;
  } else {
    sub.name = PartyName::person(cov.subscriber.familyName, cov.subscriber.givenName);
    sub.birthDate = cov.subscriber.birthDate;
    sub.sex = claimSex(cov.subscriber.sex);
    sub.address = cov.subscriber.address;
    Patient p;
    p.relationship = cov.relationship;
    p.name = PartyName::person(pt.familyName, pt.givenName, pt.middleName);
    p.birthDate = pt.birthDate;
    p.sex = claimSex(pt.sex);
    p.address = pt.address;
    c.patient = std::move(p);
  }
  c.subscriber = std::move(sub);
  c.payer.name = payer.name;
  c.payer.payerId = payer.x12PayerId;
  c.payer.address = payer.address;
}

/// The reason the sources cannot make one claim, or nullopt.
std::optional<Error> mismatch(const ClaimSources& s) {
  const Encounter& e = s.encounter;
  if (e.status != EncounterStatus::kFinalized) {
    return Error::conflict("Encounter " + num(e.id.value) + " is " +
                           std::string(toString(e.status)) +
                           ", not finalized: only a finalized encounter is billed.");
  }
  if (e.lines.empty()) {
    return Error::conflict("Encounter " + num(e.id.value) + " has no charge lines to bill.");
  }
  if (s.patient.id != e.patientId) {
    return Error::conflict("Patient " + num(s.patient.id.value) +
                           " is not the patient of encounter " + num(e.id.value) + " (patient " +
                           num(e.patientId.value) + ").");
  }
  if (s.coverage.patientId != e.patientId) {
    return Error::conflict("Coverage " + num(s.coverage.id.value) + " belongs to patient " +
                           num(s.coverage.patientId.value) + ", not to the encounter's patient " +
                           num(e.patientId.value) + ".");
  }
  if (s.coverage.payerId != s.payer.id) {
    return Error::conflict("Coverage " + num(s.coverage.id.value) + " is with payer " +
                           num(s.coverage.payerId.value) + ", not with payer " +
                           num(s.payer.id.value) + ".");
  }
  if (s.practice.id != e.organizationId) {
    return Error::conflict("Organization " + num(s.practice.id.value) +
                           " is not the practice of encounter " + num(e.id.value) + ".");
  }
  if (s.location.id != e.locationId) {
    return Error::conflict("Location " + num(s.location.id.value) +
                           " is not the location of encounter " + num(e.id.value) + ".");
  }
  if (s.provider.id != e.providerId) {
    return Error::conflict("Provider " + num(s.provider.id.value) +
                           " is not the provider of encounter " + num(e.id.value) + ".");
  }
  // The priorities were fixed when the encounter was finalized; billing the same policy at
  // another place in the order of payment would misstate SBR01 and the coordination of benefits.
  for (std::size_t k = 0; k < e.coverages.size(); ++k) {
    if (!e.coverages[k].valid() || e.coverages[k] != s.coverage.id) continue;
    const auto recorded = static_cast<PayerResponsibility>(k);
    if (recorded != s.responsibility) {
      return Error::conflict("Coverage " + num(s.coverage.id.value) + " is the " +
                             std::string(responsibilityName(recorded)) + " coverage of encounter " +
                             num(e.id.value) + ", not the " +
                             std::string(responsibilityName(s.responsibility)) + ".");
    }
  }
  return std::nullopt;
}

}  // namespace

Sex claimSex(std::string_view administrativeSex) {
  const std::string s = folded(administrativeSex);
  if (s == "FEMALE" || s == "F") return Sex::kFemale;
  if (s == "MALE" || s == "M") return Sex::kMale;
  return Sex::kUnknown;
}

Result<Claim> buildClaim(const ClaimSources& s) {
  if (auto problem = mismatch(s)) return std::move(*problem);
  const Encounter& e = s.encounter;
  const domain::Patient& pt = s.patient;
  const Coverage& cov = s.coverage;

  Claim c;
  c.submitter.name = PartyName::organization(s.clearinghouse.submitterName);
  c.submitter.id = s.clearinghouse.submitterId;
  c.submitter.contact = s.clearinghouse.submitterContact;
  c.receiver.name = s.clearinghouse.receiverName;
  c.receiver.id = s.clearinghouse.receiverId;

  BillingProvider& b = c.billingProvider;
  b.name = PartyName::organization(s.practice.legalName);
  b.npi = s.practice.npi;
  b.taxIdKind = TaxIdKind::kEin;
  b.taxId = s.practice.tin;
  b.taxonomy = s.practice.taxonomy;
  b.address = s.practice.billingAddress.empty() ? s.location.address : s.practice.billingAddress;
  b.contact.phone = s.practice.phone;

  billCoverage(c, pt, cov, s.payer, s.responsibility);

  c.patientControlNumber = s.patientControlNumber;
  c.placeOfService = s.location.placeOfService;
  c.frequency = s.extras.frequency;
  c.originalClaimNumber = s.extras.originalClaimNumber;
  c.accident = s.extras.accident;
  c.onsetDate = s.extras.onsetDate;
  c.patientPaid = s.extras.patientPaid;
  c.priorAuthorization = s.extras.priorAuthorization;
  c.referralNumber = s.extras.referralNumber;
  c.referringProvider = s.extras.referringProvider;

  c.diagnoses.reserve(e.diagnoses.size());
  for (const auto& d : e.diagnoses) c.diagnoses.push_back(withoutDots(d));

  c.renderingProvider = providerRef(s.provider);
  if (!s.location.address.empty() && !sameAddress(s.location.address, b.address)) {
    c.serviceFacility = ServiceFacility{s.location.name, {}, s.location.address};
  }

  c.lines.reserve(e.lines.size());
  for (const ChargeLine& l : e.lines) {
    ServiceLine out;
    if (l.id.valid()) out.controlNumber = "L" + num(l.id.value);
    out.procedureCode = l.code;
    out.modifiers = l.modifiers;
    out.charge = l.charge;
    out.unitBasis = UnitBasis::kUnits;
    out.units = l.units;
    if (!l.placeOfService.empty() && l.placeOfService != c.placeOfService) {
      out.placeOfService = l.placeOfService;
    }
    out.diagnosisPointers = l.diagnosisPointers;
    out.serviceDate = serviceDate(e, l);
    out.ndc = l.ndc;
    if (l.renderingProviderId.valid() && l.renderingProviderId != e.providerId) {
      const Provider* other = s.providerById ? s.providerById(l.renderingProviderId) : nullptr;
      // An unknown provider still gets a 2420A, empty, so that validate() points at the line
      // instead of the claim silently crediting the encounter's provider with the service.
      ProviderRef ref =
          other ? providerRef(*other) : ProviderRef{PartyName::person({}, {}), {}, {}};
      if (ref != *c.renderingProvider) out.renderingProvider = std::move(ref);
    }
    c.lines.push_back(std::move(out));
  }
  return c;
}

namespace {

int rankOf(PayerResponsibility r) {
  return static_cast<int>(r);
}

/// Checks `a` before anything is built from it; errors under `adjudication.`.
std::optional<Error> invalidAdjudication(const PayerAdjudication& a) {
  const auto problems = validate(a);
  if (problems.empty()) return std::nullopt;
  FieldErrors errors;
  errors.append(problems, "adjudication.");
  return errors.toError();
}

/// The prior payer's 2320/2330A/2330B, from the claim as it was sent to it.
OtherPayer priorPayerOf(const Claim& sent, const PayerAdjudication& a) {
  OtherPayer o;
  o.responsibility = sent.subscriber.responsibility;
  // SBR02 of 2320 is the patient's relationship to that payer's subscriber, 18 when the same.
  o.relationship = sent.patient ? sent.patient->relationship : "18";
  o.groupNumber = sent.subscriber.groupNumber;
  o.groupName = sent.subscriber.groupName;
  o.insuranceTypeCode = sent.subscriber.insuranceTypeCode;
  o.claimFilingIndicator = sent.subscriber.claimFilingIndicator;
  o.adjustments = a.adjustments;
  o.paidAmount = a.paid;
  o.remainingPatientLiability = a.remainingPatientLiability;
  o.benefitsAssignment = sent.benefitsAssignment;
  o.releaseOfInformation = sent.releaseOfInformation;
  o.subscriberName = sent.subscriber.name;
  o.subscriberMemberId = sent.subscriber.memberId;
  o.subscriberAddress = sent.subscriber.address;
  o.payerName = sent.payer.name;
  o.payerId = sent.payer.payerId;
  o.payerAddress = sent.payer.address;
  o.adjudicationDate = a.adjudicationDate;
  o.payerClaimControlNumber = a.payerClaimControlNumber;
  return o;
}

}  // namespace

Status addPriorPayer(Claim& claim, const Claim& sent, const PayerAdjudication& adjudication) {
  if (auto problem = invalidAdjudication(adjudication)) return std::move(*problem);
  const PayerResponsibility prior = sent.subscriber.responsibility;
  if (rankOf(prior) >= rankOf(claim.subscriber.responsibility)) {
    return Error::conflict("Claim " + sent.patientControlNumber + " went to the " +
                           std::string(responsibilityName(prior)) +
                           " payer; a claim billed to the " +
                           std::string(responsibilityName(claim.subscriber.responsibility)) +
                           " payer can carry only payers that pay before it.");
  }
  for (const OtherPayer& o : claim.otherPayers) {
    if (o.responsibility == prior) {
      return Error::conflict("The claim already carries a " +
                             std::string(responsibilityName(prior)) + " payer (" + o.payerName +
                             "); one adjudication per payer.");
    }
  }
  // Every line named must be found before anything is changed: all or nothing.
  std::vector<std::size_t> lineOf(adjudication.lines.size());
  FieldErrors unknown;
  for (std::size_t k = 0; k < adjudication.lines.size(); ++k) {
    const std::string& control = adjudication.lines[k].lineControlNumber;
    const auto it = std::find_if(claim.lines.begin(), claim.lines.end(),
                                 [&](const ServiceLine& l) { return l.controlNumber == control; });
    if (it == claim.lines.end()) {
      unknown.add(
          "adjudication.lines[" + num(static_cast<std::int64_t>(k)) + "].line_control_number",
          "is '" + control + "', which no line of the claim has");
      continue;
    }
    lineOf[k] = static_cast<std::size_t>(it - claim.lines.begin());
  }
  if (!unknown.empty()) {
    return Error::conflict("The adjudication names lines claim " + sent.patientControlNumber +
                               " does not have; match each payer line to one of ours first.",
                           unknown.list());
  }

  OtherPayer o = priorPayerOf(sent, adjudication);
  for (std::size_t k = 0; k < adjudication.lines.size(); ++k) {
    const AdjudicatedLine& in = adjudication.lines[k];
    LineAdjudication out;
    out.otherPayerId = o.payerId;
    out.paidAmount = in.paid;
    out.procedureCode = in.procedureCode;
    if (!in.procedureCode.empty()) out.modifiers = in.modifiers;
    out.paidUnits = in.paidUnits;
    out.adjustments = in.adjustments;
    out.adjudicationDate = in.adjudicationDate.value_or(adjudication.adjudicationDate);
    claim.lines[lineOf[k]].adjudications.push_back(std::move(out));
  }
  // 2320 loops in the order of payment (P, S, T), whatever order they were added in.
  const auto at =
      std::find_if(claim.otherPayers.begin(), claim.otherPayers.end(),
                   [&](const OtherPayer& x) { return rankOf(x.responsibility) > rankOf(prior); });
  claim.otherPayers.insert(at, std::move(o));
  return {};
}

Result<Claim> buildNextClaim(const NextClaimSources& s) {
  if (auto problem = invalidAdjudication(s.adjudication)) return std::move(*problem);
  const Claim& sent = s.sent;
  const PayerResponsibility prior = sent.subscriber.responsibility;
  if (!s.adjudication.patientControlNumber.empty() &&
      s.adjudication.patientControlNumber != sent.patientControlNumber) {
    return Error::conflict("The adjudication is of claim " + s.adjudication.patientControlNumber +
                               ", not of claim " + sent.patientControlNumber + ".",
                           {{"adjudication.patient_control_number",
                             "is not the sent claim's patient_control_number"}});
  }
  if (sent.frequency == ClaimFrequency::kVoid) {
    return Error::conflict("Claim " + sent.patientControlNumber +
                           " is a void: it has no adjudication to pass on to another payer.");
  }
  if (prior == PayerResponsibility::kTertiary) {
    return Error::conflict("Claim " + sent.patientControlNumber +
                           " went to the tertiary payer; MedOffice bills at most three payers.");
  }
  const auto next = static_cast<PayerResponsibility>(rankOf(prior) + 1);
  if (s.coverage.patientId != s.patient.id) {
    return Error::conflict("Coverage " + num(s.coverage.id.value) + " belongs to patient " +
                           num(s.coverage.patientId.value) + ", not to patient " +
                           num(s.patient.id.value) + ".");
  }
  if (s.coverage.payerId != s.payer.id) {
    return Error::conflict("Coverage " + num(s.coverage.id.value) + " is with payer " +
                           num(s.coverage.payerId.value) + ", not with payer " +
                           num(s.payer.id.value) + ".");
  }
  if (s.payer.x12PayerId == sent.payer.payerId && s.coverage.memberId == sent.subscriber.memberId) {
    return Error::conflict("Coverage " + num(s.coverage.id.value) + " is the policy claim " +
                           sent.patientControlNumber + " was sent to (payer " + sent.payer.payerId +
                           ", member " + sent.subscriber.memberId + "); the " +
                           std::string(responsibilityName(next)) +
                           " claim goes to another coverage.");
  }

  Claim c = sent;
  c.id = ClaimId{};
  c.patientControlNumber = s.patientControlNumber;
  c.frequency = ClaimFrequency::kOriginal;
  c.originalClaimNumber.clear();
  // An authorisation or referral number is the payer's own (2300 REF*G1/9F belong to the payer
  // billed); the earlier payer's does not carry over.
  c.priorAuthorization.clear();
  c.referralNumber.clear();
  billCoverage(c, s.patient, s.coverage, s.payer, next);

  // Earlier payers stay with their adjudications; the payer billed now, listed on the sent
  // claim as a payer to come, is no longer an "other" payer (nor is the one that just paid,
  // added back below with its adjudication).
  std::vector<OtherPayer> kept;
  for (OtherPayer& o : c.otherPayers) {
    if (o.responsibility != next && o.responsibility != prior) kept.push_back(std::move(o));
  }
  c.otherPayers = std::move(kept);
  for (ServiceLine& l : c.lines) {
    std::erase_if(l.adjudications, [&](const LineAdjudication& a) {
      return std::none_of(c.otherPayers.begin(), c.otherPayers.end(),
                          [&](const OtherPayer& o) { return o.payerId == a.otherPayerId; });
    });
  }
  if (auto added = addPriorPayer(c, sent, s.adjudication); !added) return added.error();
  return c;
}

}  // namespace medoffice::domain::claims
