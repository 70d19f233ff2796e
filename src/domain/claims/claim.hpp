// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// A professional claim as the 837P (005010X222A1) needs it (issue 16, point 2). The claim is
// self-contained: names, addresses and identifiers are copied in when it is built from an
// encounter and its coverage, so the X12 writer needs no repository and a claim that was sent
// can be shown (or sent again) exactly as it left. Loop names in the comments are the 837P's.
//
// Secondary and tertiary claims carry what earlier payers did (OtherPayer for 2320/2330A/2330B,
// LineAdjudication for 2430); the remittance issue fills them from the 835.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/billing/encounter.hpp"
#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"
#include "domain/common/validation.hpp"

namespace medoffice::domain::claims {

inline constexpr std::size_t kMaxDiagnoses = 12;             ///< HI01-HI12
inline constexpr std::size_t kMaxLines = 50;                 ///< 2400 loops per claim
inline constexpr std::size_t kMaxModifiers = 4;              ///< SV101-3 to SV101-6
inline constexpr std::size_t kMaxPointers = 4;               ///< SV107-1 to SV107-4
inline constexpr std::size_t kMaxOtherPayers = 10;           ///< 2320 loops per claim
inline constexpr std::size_t kMaxAdjustmentsPerGroup = 6;    ///< CAS triplets per group code
inline constexpr std::size_t kMaxPatientControlNumber = 20;  ///< our CLM01 (the guide allows 38)
inline constexpr std::size_t kMaxLineControlNumber = 50;     ///< REF02 of REF*6R
/// Largest charge per line: $99,999,999.99. Keeps CLM02 (50 lines) far from overflow and
/// inside the 18 characters of an X12 amount.
inline constexpr std::int64_t kMaxLineChargeCents = 9'999'999'999;

/// NM102: a person (1) or an organisation (2).
enum class EntityType { kPerson, kOrganization };

/// The name parts of an NM1 segment.
struct PartyName {
  EntityType type = EntityType::kPerson;
  std::string last;    ///< NM103: family name, or the organisation's name
  std::string first;   ///< NM104 (persons only)
  std::string middle;  ///< NM105 (persons only)
  std::string suffix;  ///< NM107 (persons only): JR, III...
  bool operator==(const PartyName&) const = default;

  static PartyName organization(std::string name) {
    return {EntityType::kOrganization, std::move(name), {}, {}, {}};
  }
  static PartyName person(std::string last, std::string first, std::string middle = {}) {
    return {EntityType::kPerson, std::move(last), std::move(first), std::move(middle), {}};
  }
};

/// A PER*IC contact. At least one of phone and email is needed where PER is sent.
struct Contact {
  std::string name;   ///< PER02
  std::string phone;  ///< TE: digits (E.164 `+1...` is reduced to its ten digits)
  std::string email;  ///< EM
  bool operator==(const Contact&) const = default;
  [[nodiscard]] bool empty() const { return name.empty() && phone.empty() && email.empty(); }
};

/// DMG03.
enum class Sex { kFemale, kMale, kUnknown };

/// 1000A: who sends the file (us, or the billing service), as the receiver knows us.
struct Submitter {
  PartyName name;  ///< usually an organisation
  std::string id;  ///< NM109 (qualifier 46): the id the receiver assigned to us
  Contact contact;
  bool operator==(const Submitter&) const = default;
};

/// 1000B: the clearinghouse or payer that receives the file.
struct Receiver {
  std::string name;  ///< NM103
  std::string id;    ///< NM109 (qualifier 46)
  bool operator==(const Receiver&) const = default;
};

/// REF*EI (employer identification number) or REF*SY (social security number, sole
/// proprietors only).
enum class TaxIdKind { kEin, kSsn };

/// 2000A/2010AA (and 2010AB): who bills and is paid.
struct BillingProvider {
  PartyName name;   ///< an organisation, or a person for a sole proprietor
  std::string npi;  ///< NM109 (XX)
  TaxIdKind taxIdKind = TaxIdKind::kEin;
  std::string taxId;                    ///< 9 digits; hyphens are dropped on output
  std::string taxonomy;                 ///< PRV*BI*PXC; empty: no PRV
  Address address;                      ///< a street address, not a PO box; ZIP+4
  Contact contact;                      ///< PER*IC in 2010AA; empty: none
  std::optional<Address> payToAddress;  ///< 2010AB, only when payments go elsewhere
  bool operator==(const BillingProvider&) const = default;
};

/// SBR01 (and 2320 SBR01): the payer's place in the order of payment.
enum class PayerResponsibility { kPrimary, kSecondary, kTertiary };
/// 'P', 'S' or 'T'.
char code(PayerResponsibility r);

/// 2000B/2010BA: the policy holder of the coverage billed.
struct Subscriber {
  PayerResponsibility responsibility = PayerResponsibility::kPrimary;  ///< SBR01
  std::string groupNumber;                                             ///< SBR03
  std::string groupName;             ///< SBR04, sent only without a group number
  std::string insuranceTypeCode;     ///< SBR05 (Medicare secondary payer types); may be empty
  std::string claimFilingIndicator;  ///< SBR09: CI, MB, MC, BL, HM...
  PartyName name;
  std::string memberId;  ///< NM109 (MI)
  std::optional<Date> birthDate;
  Sex sex = Sex::kUnknown;
  Address address;  ///< may be empty when the subscriber is not the patient
  bool operator==(const Subscriber&) const = default;
};

/// 2010BB: the payer the claim is sent to.
struct Payer {
  std::string name;     ///< NM103
  std::string payerId;  ///< NM109 (PI): the clearinghouse payer id
  Address address;      ///< may be empty
  bool operator==(const Payer&) const = default;
};

/// 2000C/2010CA: the patient, present only when the patient is not the subscriber.
struct Patient {
  std::string relationship;  ///< PAT01: 01 spouse, 19 child, 20 employee, 21 unknown, G8 other...
  PartyName name;            ///< a person
  Date birthDate;
  Sex sex = Sex::kUnknown;
  Address address;
  bool operator==(const Patient&) const = default;
};

/// CLM05-3.
enum class ClaimFrequency { kOriginal, kReplacement, kVoid };
/// '1', '7' or '8'.
char code(ClaimFrequency f);

/// CLM07: the provider accepts assignment (A), lab services only (B), or not (C).
enum class Assignment { kAssigned, kLabOnly, kNotAssigned };
char code(Assignment a);
/// CLM08 and OI03: the patient assigned benefits to the provider (Y), did not (N), or it does
/// not apply (W).
enum class BenefitsAssignment { kYes, kNo, kNotApplicable };
char code(BenefitsAssignment b);
/// CLM09 and OI06: signed release on file (Y), or informed consent without a signature (I).
enum class ReleaseOfInformation { kSigned, kInformed };
char code(ReleaseOfInformation r);

/// CLM11 related causes and the accident date (DTP*439).
struct Accident {
  std::vector<std::string> causes;  ///< 1 or 2 of AA (auto), EM (employment), OA (other)
  std::string state;                ///< CLM11-4, where an auto accident happened
  std::optional<Date> date;         ///< DTP*439
  bool operator==(const Accident&) const = default;
};

/// A person provider in 2310A (referring), 2310B and 2420A (rendering).
struct ProviderRef {
  PartyName name;
  std::string npi;       ///< NM109 (XX)
  std::string taxonomy;  ///< PRV*PE*PXC for rendering providers; empty: no PRV
  bool operator==(const ProviderRef&) const = default;
};

/// 2310C: where the service was given, when not the billing provider's address.
struct ServiceFacility {
  std::string name;
  std::string npi;  ///< may be empty
  Address address;
  bool operator==(const ServiceFacility&) const = default;
};

/// One CAS triplet. The writer groups triplets by group code (one CAS per group).
struct Adjustment {
  std::string groupCode;      ///< CO, CR, OA, PI or PR
  std::string reasonCode;     ///< CARC
  Money amount;               ///< may be negative
  std::int64_t quantity = 0;  ///< units adjusted; 0: not sent
  bool operator==(const Adjustment&) const = default;
};

/// 2320 with 2330A and 2330B: one payer that adjudicated the claim before the one billed now.
struct OtherPayer {
  // 2320
  PayerResponsibility responsibility = PayerResponsibility::kPrimary;  ///< SBR01
  std::string relationship = "18";        ///< SBR02: patient's relationship to that subscriber
  std::string groupNumber;                ///< SBR03
  std::string groupName;                  ///< SBR04
  std::string insuranceTypeCode;          ///< SBR05
  std::string claimFilingIndicator;       ///< SBR09
  std::vector<Adjustment> adjustments;    ///< claim-level CAS
  std::optional<Money> paidAmount;        ///< AMT*D
  std::optional<Money> nonCoveredAmount;  ///< AMT*A8
  std::optional<Money> remainingPatientLiability;                             ///< AMT*EAF
  BenefitsAssignment benefitsAssignment = BenefitsAssignment::kYes;           ///< OI03
  ReleaseOfInformation releaseOfInformation = ReleaseOfInformation::kSigned;  ///< OI06
  // 2330A: the subscriber of that payer's policy
  PartyName subscriberName;
  std::string subscriberMemberId;
  Address subscriberAddress;  ///< may be empty
  // 2330B: that payer
  std::string payerName;
  std::string payerId;                   ///< NM109 (PI); lines' SVD01 refer to it
  Address payerAddress;                  ///< may be empty
  std::optional<Date> adjudicationDate;  ///< DTP*573, when the lines carry none
  std::string payerClaimControlNumber;   ///< REF*F8: that payer's claim number; may be empty
  bool operator==(const OtherPayer&) const = default;
};

/// 2430: what one earlier payer did with one line.
struct LineAdjudication {
  std::string otherPayerId;   ///< SVD01: the payerId of one of the claim's other payers
  Money paidAmount;           ///< SVD02
  std::string procedureCode;  ///< SVD03-2 as adjudicated; empty: the line's code and modifiers
  std::vector<std::string> modifiers;
  int paidUnits = 1;                               ///< SVD05
  std::vector<Adjustment> adjustments;             ///< line-level CAS
  Date adjudicationDate;                           ///< DTP*573
  std::optional<Money> remainingPatientLiability;  ///< AMT*EAF
  bool operator==(const LineAdjudication&) const = default;
};

/// SV103: what SV104 counts.
enum class UnitBasis { kUnits, kMinutes };

/// 2400: one service line.
struct ServiceLine {
  std::string controlNumber;           ///< REF*6R: unique within the claim, at most 50 characters
  std::string procedureCode;           ///< CPT or HCPCS Level II
  std::vector<std::string> modifiers;  ///< up to 4
  std::string description;  ///< SV101-7, for not-otherwise-classified codes; may be empty
  Money charge;             ///< SV102, for all units
  UnitBasis unitBasis = UnitBasis::kUnits;
  int units = 1;                       ///< SV104
  std::string placeOfService;          ///< SV105; empty, or equal to the claim's: not sent
  std::vector<int> diagnosisPointers;  ///< SV107: 1 to 4 pointers, each 1..diagnoses.size()
  Date serviceDate;                    ///< DTP*472
  std::optional<Date> serviceDateEnd;  ///< a range (RD8) when set and after serviceDate
  std::optional<NdcDetail> ndc;        ///< 2410 LIN*N4 and CTP
  std::optional<ProviderRef> renderingProvider;  ///< 2420A, only when it differs from the claim's
  std::vector<LineAdjudication> adjudications;   ///< 2430, one per earlier payer
  bool operator==(const ServiceLine&) const = default;
};

/// One professional claim: one encounter billed to one coverage.
struct Claim {
  ClaimId id;  ///< ours; not written (CLM01 is patientControlNumber)
  Submitter submitter;
  Receiver receiver;
  BillingProvider billingProvider;
  Subscriber subscriber;
  Payer payer;
  std::optional<Patient> patient;  ///< 2000C; absent when the patient is the subscriber
  // 2300
  std::string patientControlNumber;  ///< CLM01: our claim id, kept on corrections
  std::string placeOfService;        ///< CLM05-1
  ClaimFrequency frequency = ClaimFrequency::kOriginal;
  std::string originalClaimNumber;  ///< REF*F8: the payer's number of the claim replaced or voided
  bool providerSignatureOnFile = true;                                        ///< CLM06
  Assignment assignment = Assignment::kAssigned;                              ///< CLM07
  BenefitsAssignment benefitsAssignment = BenefitsAssignment::kYes;           ///< CLM08
  ReleaseOfInformation releaseOfInformation = ReleaseOfInformation::kSigned;  ///< CLM09
  std::optional<Accident> accident;                                           ///< CLM11 and DTP*439
  std::optional<Date> onsetDate;                                              ///< DTP*431
  std::optional<Money> patientPaid;                                           ///< AMT*F5
  std::string priorAuthorization;                                             ///< REF*G1
  std::string referralNumber;                                                 ///< REF*9F
  std::vector<std::string> diagnoses;  ///< ICD-10-CM, no dot; the first is the principal (ABK)
  std::optional<ProviderRef> referringProvider;    ///< 2310A
  std::optional<ProviderRef> renderingProvider;    ///< 2310B, written only when its NPI differs
  std::optional<ServiceFacility> serviceFacility;  ///< 2310C
  std::vector<OtherPayer> otherPayers;             ///< 2320 and 2330, for secondary claims
  std::vector<ServiceLine> lines;

  /// CLM02: the sum of the lines' charges. Computed, never stored, so it always balances.
  [[nodiscard]] Money totalCharge() const;
};

/// Checks what the 837P writer cannot do without, and nothing more: identifiers and names
/// present, one to 50 lines, up to 12 diagnoses, pointers in range, line control numbers
/// unique, amounts within bounds, and the frequency's payer claim number. Each problem names
/// its field as a path (`lines[2].diagnosis_pointers[0]`, `subscriber.member_id`). Code sets,
/// NPI check digits, formats and payer rules are the scrubber's. Pure; never throws.
std::vector<FieldError> validate(const Claim& claim);

/// True when `npi` is ten digits, starts with 1 or 2, and ends in the Luhn check digit computed
/// over 80840 and its first nine digits (the CMS NPI check-digit rule). For the scrubber.
inline bool isValidNpi(std::string_view npi) {
  return validation::isValidNpi(npi);
}

}  // namespace medoffice::domain::claims
