// SPDX-License-Identifier: AGPL-3.0-or-later
// The 835 reader's claim (2100), service line (2110) and provider adjustment (PLB) segments.
#include <utility>

#include "codecs/x12/era_835.hpp"

namespace medoffice::codecs::x12 {

namespace {

using detail::elementName;
using detail::quote;

void readName(const Segment& s, Name835& n) {
  n.entity.assign(s.element(1));
  n.type.assign(s.element(2));
  n.last.assign(s.element(3));
  n.first.assign(s.element(4));
  n.middle.assign(s.element(5));
  n.suffix.assign(s.element(7));
  n.idQualifier.assign(s.element(8));
  n.id.assign(s.element(9));
}

/// A decimal number of any precision (MOA01 is a rate such as "0.8125").
bool isNumber(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  bool digit = false;
  bool dot = false;
  for (char c : s) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      return false;
    }
  }
  return digit;
}

}  // namespace

bool Era835Reader::onCas(const Segment& s) {
  if (state_ != State::kClaim && state_ != State::kLine) {
    return outOfPlace(s, "to a claim (2100) or a service line (2110)");
  }
  const std::string_view group = s.element(1);
  const std::string_view groupText = adjustmentGroupMeaning(group);
  if (groupText.empty()) {
    fail(s, 1,
         "CAS01 " + quote(group) +
             " is not a claim adjustment group code (CO, OA, PI or PR; CR in 4010)");
    return false;
  }
  if (s.elementCount() > 19) {
    fail(s, 20, "CAS has more than six reason/amount/quantity triplets");
    return false;
  }
  std::vector<Adjustment835>& out =
      state_ == State::kLine ? claim_.lines.back().adjustments : claim_.adjustments;
  for (int k = 0; k < 6; ++k) {
    const int r = 2 + 3 * k;
    const std::string_view reason = s.element(static_cast<std::size_t>(r));
    if (reason.empty()) {
      if (k == 0) {
        fail(s, 2, "CAS02 (the first adjustment reason code) is missing");
        return false;
      }
      if (!s.element(static_cast<std::size_t>(r + 1)).empty() ||
          !s.element(static_cast<std::size_t>(r + 2)).empty()) {
        fail(s, r,
             elementName("CAS", r) + " (a reason code) is missing before the amount " +
                 elementName("CAS", r + 1));
        return false;
      }
      continue;
    }
    if (reason.size() > 5) {
      fail(s, r,
           elementName("CAS", r) + " " + quote(reason) +
               " is not a claim adjustment reason code (1 to 5 characters)");
      return false;
    }
    // Filled in place: a problem ends the reading, so a half-read triplet is never seen.
    Adjustment835& a = out.emplace_back();
    detail::setCodedValue(a.group, group, groupText, {});
    detail::setCodedValue(a.reason, reason, adjustmentReasonMeaning(reason),
                          "an adjustment reason code MedOffice does not list");
    a.segment = s.index();
    if (!cents(s, r + 1, a.amountCents, "the adjustment amount") ||
        !quantity(s, r + 2, a.quantity, false, "the adjustment quantity")) {
      return false;
    }
  }
  return true;
}

bool Era835Reader::onNm1(const Segment& s) {
  if (state_ != State::kClaim) return outOfPlace(s, "to a claim, before its first SVC");
  const std::string_view entity = s.element(1);
  std::optional<Name835>* slot = nullptr;
  if (entity == "QC") {
    if (claimHasPatient_) {
      fail(s, 0, "NM1*QC repeated: a claim has one patient");
      return false;
    }
  } else if (entity == "IL") {
    slot = &claim_.insured;
  } else if (entity == "74") {
    slot = &claim_.correctedInsured;
  } else if (entity == "PR") {
    slot = &claim_.correctedPayer;
  } else if (entity == "GB") {
    slot = &claim_.otherSubscriber;
  } else if (entity == "82") {
    slot = &claim_.renderingProvider;
  } else if (entity == "TT") {
    slot = &claim_.crossoverCarrier;
  } else {
    fail(s, 1,
         "NM101 " + quote(entity) +
             " is not a name of an 835 claim (QC patient, IL insured, 74 corrected insured, 82 "
             "rendering provider, TT crossover carrier, PR corrected payer, GB other subscriber)");
    return false;
  }
  if (s.element(2) != "1" && s.element(2) != "2") {
    fail(s, 2, "NM102 " + quote(s.element(2)) + " is neither 1 (person) nor 2 (organisation)");
    return false;
  }
  if (slot == nullptr) {
    readName(s, claim_.patient);
    claimHasPatient_ = true;
    return true;
  }
  if (slot->has_value()) {
    fail(s, 0, "NM1*" + std::string(entity) + " repeated in one claim");
    return false;
  }
  readName(s, slot->emplace());
  return true;
}

bool Era835Reader::onMia(const Segment& s) {
  if (state_ != State::kClaim) return outOfPlace(s, "to a claim, before its first SVC");
  if (claim_.inpatient) {
    fail(s, 0, "MIA repeated: a claim has one inpatient adjudication");
    return false;
  }
  Inpatient835 m;
  if (!quantity(s, 1, m.coveredDays, false, "covered days or visits")) return false;
  for (int n : {3, 15}) {
    std::optional<std::int64_t> ignored;
    if (!quantity(s, n, ignored, false, "a day count")) return false;
  }
  for (int n : {2, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 24}) {
    std::optional<std::int64_t> v;
    if (!cents(s, n, v, false, "an inpatient amount")) return false;
    if (!v) continue;
    if (n == 4) {
      m.drgAmountCents = v;
    } else {
      m.amounts.emplace_back(n, *v);
    }
  }
  for (int n : {5, 20, 21, 22, 23}) {
    const std::string_view r = s.element(static_cast<std::size_t>(n));
    if (!r.empty()) m.remarks.emplace_back(r);
  }
  claim_.inpatient = std::move(m);
  return true;
}

bool Era835Reader::onMoa(const Segment& s) {
  if (state_ != State::kClaim) return outOfPlace(s, "to a claim, before its first SVC");
  if (claim_.outpatient) {
    fail(s, 0, "MOA repeated: a claim has one outpatient adjudication");
    return false;
  }
  Outpatient835 m;
  if (!s.element(1).empty() && !isNumber(s.element(1))) {
    fail(s, 1, "MOA01 " + quote(s.element(1)) + " is not a reimbursement rate");
    return false;
  }
  m.reimbursementRate = std::string(s.element(1));
  if (!cents(s, 2, m.hcpcsPayableCents, false, "the HCPCS payable amount") ||
      !cents(s, 8, m.esrdPaymentCents, false, "the ESRD payment") ||
      !cents(s, 9, m.nonpayableProfessionalCents, false, "the non-payable professional part")) {
    return false;
  }
  for (int n = 3; n <= 7; ++n) {
    const std::string_view r = s.element(static_cast<std::size_t>(n));
    if (!r.empty()) m.remarks.emplace_back(r);
  }
  claim_.outpatient = std::move(m);
  return true;
}

bool Era835Reader::onRef(const Segment& s) {
  if (!required(s, 1, "the reference qualifier") || !required(s, 2, "the reference")) {
    return false;
  }
  Reference835 r{std::string(s.element(1)), std::string(s.element(2))};
  switch (state_) {
    case State::kHeader:
      if (r.qualifier == "EV") {
        remittance_.receiverId = r.value;
      } else if (r.qualifier == "F2") {
        remittance_.versionId = r.value;
      } else {
        remittance_.references.push_back(std::move(r));
      }
      return true;
    case State::kPayer:
    case State::kPayee:
      party_->references.push_back(std::move(r));
      return true;
    case State::kClaim:
      claim_.references.push_back(std::move(r));
      return true;
    case State::kLine: {
      ServiceLine835& line = claim_.lines.back();
      if (r.qualifier != "6R") {
        line.references.push_back(std::move(r));
        return true;
      }
      if (!line.lineControlNumber.empty()) {
        fail(s, 0, "REF*6R repeated: a service line has one line item control number");
        return false;
      }
      line.lineControlNumber = std::move(r.value);
      return true;
    }
    default:
      return outOfPlace(s, "to the header, the payer or payee loop, a claim or a service line");
  }
}

bool Era835Reader::onDtm(const Segment& s) {
  const std::string_view q = s.element(1);
  std::optional<domain::Date>* slot = nullptr;
  std::string_view allowed;
  switch (state_) {
    case State::kHeader:
      if (q == "405") slot = &remittance_.productionDate;
      allowed = "405 production date in the header";
      break;
    case State::kClaim:
      if (q == "232") slot = &claim_.statementFrom;
      if (q == "233") slot = &claim_.statementTo;
      if (q == "036") slot = &claim_.coverageExpiration;
      if (q == "050") slot = &claim_.received;
      allowed = "232, 233, 036 or 050 in a claim";
      break;
    case State::kLine: {
      ServiceLine835& line = claim_.lines.back();
      if (q == "472") slot = &line.serviceDate;
      if (q == "150") slot = &line.serviceFrom;
      if (q == "151") slot = &line.serviceTo;
      allowed = "472, 150 or 151 in a service line";
      break;
    }
    default:
      return outOfPlace(s, "to the header, a claim or a service line");
  }
  if (slot == nullptr) {
    fail(s, 1,
         "DTM01 " + quote(q) + " is not a date qualifier of an 835 here (" + std::string(allowed) +
             ")");
    return false;
  }
  if (slot->has_value()) {
    fail(s, 1, "DTM*" + std::string(q) + " repeated");
    return false;
  }
  return date(s, 2, *slot, "the date");
}

bool Era835Reader::onPer(const Segment& s) {
  std::vector<Contact835>* out = nullptr;
  if (state_ == State::kPayer) out = &party_->contacts;
  if (state_ == State::kClaim) out = &claim_.contacts;
  if (out == nullptr) return outOfPlace(s, "to the payer loop or a claim, before its first SVC");
  if (!required(s, 1, "the contact function code")) return false;
  Contact835 c;
  c.function = std::string(s.element(1));
  c.name = std::string(s.element(2));
  for (int n = 3; n <= 7; n += 2) {
    const std::string_view q = s.element(static_cast<std::size_t>(n));
    const std::string_view v = s.element(static_cast<std::size_t>(n + 1));
    if (q.empty() && v.empty()) continue;
    if (q.empty() || v.empty()) {
      fail(s, q.empty() ? n : n + 1,
           elementName("PER", n) + "/" + elementName("PER", n + 1) +
               ": a communication number needs both its qualifier and its value");
      return false;
    }
    c.numbers.push_back({std::string(q), std::string(v)});
  }
  out->push_back(std::move(c));
  return true;
}

bool Era835Reader::onAmtQty(const Segment& s) {
  if (state_ != State::kClaim && state_ != State::kLine) {
    return outOfPlace(s, "to a claim or a service line");
  }
  const bool amt = s.key() == segmentKey("AMT");
  if (!required(s, 1, "the qualifier")) return false;
  Value835 v;
  v.qualifier = std::string(s.element(1));
  std::optional<std::int64_t> value;
  if (amt ? !cents(s, 2, value, true, "the amount")
          : !quantity(s, 2, value, true, "the quantity")) {
    return false;
  }
  v.value = *value;
  if (state_ == State::kLine) {
    auto& line = claim_.lines.back();
    (amt ? line.amounts : line.quantities).push_back(std::move(v));
  } else {
    (amt ? claim_.amounts : claim_.quantities).push_back(std::move(v));
  }
  return true;
}

bool Era835Reader::onSvc(const Segment& s) {
  if (state_ != State::kClaim && state_ != State::kLine) {
    return outOfPlace(s, "to a claim (the service lines follow its CLP)");
  }
  // Filled in place: a problem ends the reading, so a half-read line is never seen.
  ServiceLine835& line = newLine();
  line.segment = s.index();
  if (!required(s, 1, "the procedure") || !procedure(s, 1, line.procedure) ||
      !cents(s, 2, line.chargeCents, "the line's charge") ||
      !cents(s, 3, line.paidCents, "the line's payment") ||
      !quantity(s, 5, line.unitsPaid, false, "the units paid") ||
      !quantity(s, 7, line.originalUnits, false, "the units billed")) {
    return false;
  }
  line.revenueCode.assign(s.element(4));
  if (!s.element(6).empty()) {
    Procedure835 original;
    if (!procedure(s, 6, original)) return false;
    line.originalProcedure = std::move(original);
  }
  state_ = State::kLine;
  return true;
}

bool Era835Reader::onLq(const Segment& s) {
  if (state_ != State::kLine) return outOfPlace(s, "to a service line (after its SVC)");
  const std::string_view q = s.element(1);
  if (q != "HE" && q != "RX") {
    fail(s, 1,
         "LQ01 " + quote(q) +
             " is neither HE (remittance advice remark code) nor RX (NCPDP reject code)");
    return false;
  }
  if (!required(s, 2, "the remark code")) return false;
  auto& line = claim_.lines.back();
  (q == "HE" ? line.remarks : line.pharmacyRejects).emplace_back(s.element(2));
  return true;
}

bool Era835Reader::onPlb(const Segment& s) {
  if (state_ == State::kLx) {
    fail(s, 0,
         "CLP missing: the LX at segment " + std::to_string(remittance_.headers.back().segment) +
             " has no claim before the PLB");
    return false;
  }
  if (state_ != State::kPayee && state_ != State::kClaim && state_ != State::kLine &&
      state_ != State::kPlb) {
    return outOfPlace(s, "at the end of the transaction, after the last claim");
  }
  if (!closeClaim(s)) return false;
  state_ = State::kPlb;
  if (!required(s, 1, "the provider identifier")) return false;
  std::optional<domain::Date> period;
  if (!date(s, 2, period, "the fiscal period end")) return false;
  if (s.elementCount() > 14) {
    fail(s, 15, "PLB has more than six adjustment reason/amount pairs");
    return false;
  }
  const char cs = s.delimiters().component;
  for (int k = 0; k < 6; ++k) {
    const int n = 3 + 2 * k;
    const std::string_view composite = s.element(static_cast<std::size_t>(n));
    const std::string_view amount = s.element(static_cast<std::size_t>(n + 1));
    if (composite.empty() && amount.empty() && k > 0) continue;
    const std::string_view reason = part(composite, cs, 1);
    if (reason.empty()) {
      fail(s, n,
           elementName("PLB", n) + " (the adjustment reason" +
               (k == 0 ? std::string(" of the first pair") : std::string()) + ") is missing",
           1);
      return false;
    }
    ProviderAdjustment835 p;
    p.providerId = std::string(s.element(1));
    p.fiscalPeriodEnd = period;
    p.reason = detail::codedValue(reason, providerAdjustmentMeaning(reason),
                                  "a provider adjustment reason MedOffice does not list");
    p.reference = std::string(part(composite, cs, 2));
    p.segment = s.index();
    if (!cents(s, n + 1, p.amountCents, "the provider adjustment amount")) return false;
    remittance_.providerAdjustments.push_back(std::move(p));
  }
  return true;
}

}  // namespace medoffice::codecs::x12
