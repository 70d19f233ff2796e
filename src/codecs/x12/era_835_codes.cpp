// SPDX-License-Identifier: AGPL-3.0-or-later
// The code lists of the 835 in our own words, and the small accessors of its types.
#include <cstdint>
#include <iterator>

#include "codecs/x12/era_835.hpp"

namespace medoffice::codecs::x12 {

namespace {

struct Meaning {
  std::string_view code;
  std::string_view text;
};

/// A code of up to 7 bytes and its length packed into an integer (0 for a longer one), so a
/// table is searched with integer comparisons: a CAS triplet looks its reason up in kReasons,
/// and an 835 has hundreds of thousands of them (memcmp per entry was 5 % of reading one).
constexpr std::uint64_t packCode(std::string_view code) {
  if (code.size() > 7) return 0;
  std::uint64_t key = code.size();
  for (char c : code) key = (key << 8) | static_cast<unsigned char>(c);
  return key;
}

template <std::size_t N>
struct Keys {
  std::uint64_t key[N];
};

template <std::size_t N>
constexpr Keys<N> keysOf(const Meaning (&table)[N]) {
  Keys<N> out{};
  for (std::size_t i = 0; i < N; ++i) out.key[i] = packCode(table[i].code);
  return out;
}

template <const auto& Table>
std::string_view lookup(std::string_view code) {
  static constexpr auto kKeys = keysOf(Table);
  const std::uint64_t key = packCode(code);
  if (key == 0) return {};
  for (std::size_t i = 0; i < std::size(Table); ++i) {
    if (kKeys.key[i] == key) return Table[i].text;
  }
  return {};
}

// CLP02 values X221A1 allows (X12-NOTES §3.2).
constexpr Meaning kClaimStatuses[] = {
    {"1", "processed as primary"},
    {"2", "processed as secondary"},
    {"3", "processed as tertiary"},
    {"4", "denied: the patient or subscriber is not recognised and the claim was not forwarded"},
    {"19", "processed as primary and forwarded to another payer"},
    {"20", "processed as secondary and forwarded to another payer"},
    {"21", "processed as tertiary and forwarded to another payer"},
    {"22", "reversal of a previous payment"},
    {"23", "not our claim: forwarded to another payer"},
    {"25", "predetermination pricing only: no payment"},
};

constexpr Meaning kGroups[] = {
    {"CO", "contractual obligation: written off, never billed to the patient"},
    {"PR", "patient responsibility: billed to the patient or the next payer"},
    {"OA", "other adjustment"},
    {"PI", "payer-initiated reduction: not the patient's liability"},
    {"CR", "correction or reversal (a 4010 group, not valid in a 5010 835)"},
};

// The claim adjustment reason codes seen most on professional claims. The full list is
// maintained by X12 and changes several times a year; posting keeps any other code as
// received.
constexpr Meaning kReasons[] = {
    {"1", "deductible"},
    {"2", "coinsurance"},
    {"3", "co-payment"},
    {"4", "the modifier does not fit the procedure, or a required modifier is missing"},
    {"5", "the procedure or bill type does not fit the place of service"},
    {"6", "the procedure does not fit the patient's age"},
    {"7", "the procedure does not fit the patient's sex"},
    {"11", "the diagnosis does not fit the procedure"},
    {"15", "the authorization number is missing, invalid or does not apply"},
    {"16", "the claim lacks information or has billing errors (see the remark codes)"},
    {"18", "exact duplicate of a claim or service already received"},
    {"19", "work-related injury: the workers' compensation carrier is liable"},
    {"20", "injury covered by another payer (liability)"},
    {"22", "another payer may cover this care (coordination of benefits)"},
    {"23", "the effect of a prior payer's adjudication (payments and adjustments)"},
    {"24", "covered under a capitation agreement or managed care plan"},
    {"26", "incurred before coverage began"},
    {"27", "incurred after coverage ended"},
    {"29", "the time limit for filing has passed"},
    {"31", "the patient cannot be identified as the payer's insured"},
    {"39", "denied when the authorization was requested"},
    {"40", "charges do not meet the criteria for emergency or urgent care"},
    {"45", "charge above the fee schedule, maximum allowable or contracted fee"},
    {"49", "a routine or preventive service not covered"},
    {"50", "not deemed a medical necessity by the payer"},
    {"51", "a pre-existing condition not covered"},
    {"55", "the procedure is considered experimental or investigational"},
    {"59", "reduced under multiple or concurrent procedure rules"},
    {"89", "professional fees removed from the charges"},
    {"94", "processed in excess of charges"},
    {"96", "non-covered charge"},
    {"97", "paid as part of another service already adjudicated (bundled)"},
    {"107", "the related or qualifying claim or service was not paid or identified"},
    {"109", "not covered by this payer: send the claim to the right payer"},
    {"119", "the benefit maximum for this period or occurrence has been reached"},
    {"125", "submission or billing errors"},
    {"129", "prior processing information is wrong"},
    {"136", "failure to follow the prior payer's coverage rules"},
    {"146", "the diagnosis was invalid for the date of service"},
    {"151", "the information does not support this many or this frequency of services"},
    {"167", "the diagnosis is not covered"},
    {"170", "not paid when performed or billed by this type of provider"},
    {"181", "the procedure code was invalid on the date of service"},
    {"182", "the modifier was invalid on the date of service"},
    {"185", "the rendering provider is not eligible to perform this service"},
    {"197", "precertification, authorization or notification was missing"},
    {"198", "precertification or authorization was exceeded"},
    {"204", "not covered under the patient's current benefit plan"},
    {"226", "information requested from the provider was not provided or was insufficient"},
    {"227", "information requested from the patient or insured was not provided"},
    {"234", "this procedure is not paid separately"},
    {"236", "this procedure or combination is not compatible with another procedure"},
    {"242", "services not provided by network or primary care providers"},
    {"243", "services not authorized by network or primary care providers"},
    {"253", "sequestration: a reduction of federal payment"},
    {"A1", "claim or service denied (see the remark codes)"},
    {"A2", "contractual adjustment"},
    {"B7", "the provider was not certified or eligible for this service on this date"},
    {"B9", "the patient is enrolled in a hospice"},
    {"B13", "already paid: payment for this claim or service may have been made already"},
    {"B15", "a qualifying service or procedure was not received or not covered"},
    {"B16", "'new patient' qualifications were not met"},
};

// PLB03-1 provider adjustment reasons of X221A1 (X12-NOTES §3.3; L6 and CV as the fixture
// uses them).
constexpr Meaning kProviderReasons[] = {
    {"50", "late charge"},
    {"51", "interest penalty charge"},
    {"72", "authorized return"},
    {"90", "early payment allowance"},
    {"AH", "origination fee"},
    {"AM", "applied to the borrower's account"},
    {"AP", "acceleration of benefits"},
    {"B2", "rebate"},
    {"B3", "recovery allowance"},
    {"BD", "bad debt adjustment"},
    {"BN", "bonus"},
    {"C5", "temporary allowance"},
    {"CR", "capitation interest"},
    {"CS", "adjustment"},
    {"CT", "capitation payment"},
    {"CV", "capital pass-through"},
    {"CW", "certified registered nurse anesthetist pass-through"},
    {"DM", "direct medical education pass-through"},
    {"E3", "withholding"},
    {"FB", "forwarding balance"},
    {"FC", "fund allocation"},
    {"GO", "graduate medical education pass-through"},
    {"HM", "hemophilia clotting factor supplement"},
    {"IP", "incentive premium payment"},
    {"IR", "internal revenue service withholding"},
    {"IS", "interim settlement"},
    {"J1", "non-reimbursable"},
    {"L3", "penalty"},
    {"L6", "interest owed"},
    {"LE", "levy"},
    {"LS", "lump sum"},
    {"OA", "organ acquisition pass-through"},
    {"OB", "offset for affiliated providers"},
    {"PI", "periodic interim payment"},
    {"PL", "payment final"},
    {"RA", "retroactivity adjustment"},
    {"RE", "return on equity"},
    {"SL", "student loan repayment"},
    {"TL", "third party liability"},
    {"WO", "overpayment recovery"},
    {"WU", "unspecified recovery"},
};

constexpr Meaning kHandling[] = {
    {"C", "payment accompanies the remittance advice"},
    {"D", "payment only, without remittance advice"},
    {"H", "notification only"},
    {"I", "remittance information only: the payment travels separately"},
    {"P", "prenotification of a future transfer"},
    {"U", "payment and remittance split"},
    {"X", "payment and remittance split at the handling party's option"},
};

constexpr Meaning kMethods[] = {
    {"ACH", "automated clearing house (EFT)"},
    {"BOP", "the financial institution's option"},
    {"CHK", "check"},
    {"FWT", "federal reserve funds or wire transfer"},
    {"NON", "no payment"},
};

}  // namespace

std::string_view claimStatusMeaning(std::string_view code) {
  return lookup<kClaimStatuses>(code);
}
std::string_view adjustmentGroupMeaning(std::string_view group) {
  return lookup<kGroups>(group);
}
std::string_view adjustmentReasonMeaning(std::string_view reason) {
  return lookup<kReasons>(reason);
}
std::string_view providerAdjustmentMeaning(std::string_view reason) {
  return lookup<kProviderReasons>(reason);
}
std::string_view handlingMeaning(std::string_view code) {
  return lookup<kHandling>(code);
}
std::string_view paymentMethodMeaning(std::string_view code) {
  return lookup<kMethods>(code);
}

namespace detail {

CodedValue codedValue(std::string_view code, std::string_view meaning, std::string_view unknown) {
  CodedValue v;
  setCodedValue(v, code, meaning, unknown);
  return v;
}

void setCodedValue(CodedValue& v, std::string_view code, std::string_view meaning,
                   std::string_view unknown) {
  v.code.assign(code);
  v.meaning = meaning;
  v.known = !meaning.empty();
  if (!v.known && !code.empty()) v.meaning = unknown;
}

}  // namespace detail

std::string Party835::reference(std::string_view qualifier) const {
  for (const auto& r : references) {
    if (r.qualifier == qualifier) return r.value;
  }
  return {};
}

std::string Party835::payerId() const {
  std::string id = reference("2U");
  return id.empty() ? this->id : id;
}

std::string Party835::npi() const {
  return idQualifier == "XX" ? id : std::string();
}

std::string Party835::taxId() const {
  return idQualifier == "FI" ? id : reference("TJ");
}

std::string Procedure835::display() const {
  std::string out = qualifier + ":" + code;
  for (const auto& m : modifiers) out += ":" + m;
  return out;
}

std::optional<std::int64_t> ServiceLine835::allowedCents() const {
  for (const auto& a : amounts) {
    if (a.qualifier == "B6") return a.value;
  }
  return std::nullopt;
}

std::string Claim835::reference(std::string_view qualifier) const {
  for (const auto& r : references) {
    if (r.qualifier == qualifier) return r.value;
  }
  return {};
}

std::optional<std::int64_t> Claim835::amount(std::string_view qualifier) const {
  for (const auto& a : amounts) {
    if (a.qualifier == qualifier) return a.value;
  }
  return std::nullopt;
}

std::vector<std::string> Claim835::remarks() const {
  std::vector<std::string> out;
  if (outpatient) out.insert(out.end(), outpatient->remarks.begin(), outpatient->remarks.end());
  if (inpatient) out.insert(out.end(), inpatient->remarks.begin(), inpatient->remarks.end());
  return out;
}

std::int64_t Remittance::providerAdjustmentCents() const {
  std::int64_t sum = 0;
  for (const auto& p : providerAdjustments) {
    if (__builtin_add_overflow(sum, p.amountCents, &sum)) {
      return p.amountCents < 0 ? INT64_MIN : INT64_MAX;  // saturated: shown, never balanced on
    }
  }
  return sum;
}

}  // namespace medoffice::codecs::x12
