// SPDX-License-Identifier: AGPL-3.0-or-later
// The 835 reader: envelope, header, payer and payee loops, LX and CLP, and the element readers.
// The claim, service line and PLB segments are in era_835_loops.cpp.
#include "codecs/x12/era_835.hpp"

#include <cstring>
#include <memory>
#include <utility>

namespace medoffice::codecs::x12 {

namespace {

using detail::elementName;
using detail::quote;

/// An X12 decimal ("150", "-9.00", ".5", "34.000") as an integer with `scale` decimals,
/// exactly: further decimals are accepted only when they are zeros. At most 15 whole digits,
/// so the value always fits. One pass over the bytes: amounts are most of an 835's elements.
std::optional<std::int64_t> scaled(std::string_view s, int scale) {
  const char* p = s.data();
  const char* const end = p + s.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::int64_t v = 0;
  int whole = 0;
  for (; p != end && *p != '.'; ++p) {
    const unsigned d = static_cast<unsigned char>(*p) - '0';
    if (d > 9 || ++whole > 15) return std::nullopt;
    v = v * 10 + d;
  }
  int decimals = 0;
  if (p != end) {  // at the '.'
    ++p;
    if (whole == 0 && p == end) return std::nullopt;  // "." alone
    for (; p != end; ++p) {
      const unsigned d = static_cast<unsigned char>(*p) - '0';
      if (d > 9) return std::nullopt;
      if (decimals < scale) {
        v = v * 10 + d;
        ++decimals;
      } else if (d != 0) {
        return std::nullopt;  // a fraction of a cent (or of a thousandth): never rounded
      }
    }
  } else if (whole == 0) {
    return std::nullopt;  // "" or "-"
  }
  for (; decimals < scale; ++decimals) v *= 10;
  return negative ? -v : v;
}

}  // namespace

Era835Reader::Era835Reader(std::string_view input, const AckReadOptions& options)
    : stream_(input, options, TransactionType::k835) {}

Era835Reader::Era835Reader(PullSource source, const AckReadOptions& options)
    : stream_(std::move(source), options, TransactionType::k835) {}

void Era835Reader::fail(const Segment& s, int element, std::string message, int component) {
  stream_.fail(s, element, std::move(message), component);
}

bool Era835Reader::cents(const Segment& s, int n, std::optional<std::int64_t>& out, bool required,
                         std::string_view what) {
  const std::string_view v = s.element(static_cast<std::size_t>(n));
  if (v.empty()) {
    if (!required) return true;
    fail(s, n, elementName(s.id(), n) + " (" + std::string(what) + ") is missing");
    return false;
  }
  out = scaled(v, 2);
  if (!out) {
    fail(s, n,
         elementName(s.id(), n) + " " + quote(v) + " (" + std::string(what) +
             ") is not an amount: a decimal number of dollars, at most two decimals");
    return false;
  }
  return true;
}

bool Era835Reader::cents(const Segment& s, int n, std::int64_t& out, std::string_view what) {
  std::optional<std::int64_t> v;
  if (!cents(s, n, v, true, what)) return false;
  out = *v;
  return true;
}

bool Era835Reader::quantity(const Segment& s, int n, std::optional<std::int64_t>& out,
                            bool required, std::string_view what) {
  const std::string_view v = s.element(static_cast<std::size_t>(n));
  if (v.empty()) {
    if (!required) return true;
    fail(s, n, elementName(s.id(), n) + " (" + std::string(what) + ") is missing");
    return false;
  }
  out = scaled(v, 3);
  if (!out) {
    fail(s, n,
         elementName(s.id(), n) + " " + quote(v) + " (" + std::string(what) +
             ") is not a quantity: a decimal number, at most three decimals");
    return false;
  }
  return true;
}

bool Era835Reader::date(const Segment& s, int n, std::optional<domain::Date>& out,
                        std::string_view what) {
  const std::string_view v = s.element(static_cast<std::size_t>(n));
  if (v.empty()) {
    fail(s, n, elementName(s.id(), n) + " (" + std::string(what) + ") is missing");
    return false;
  }
  if (lastDate_ && v.size() == 8 && std::memcmp(v.data(), lastDateText_, 8) == 0) {
    out = lastDate_;
    return true;
  }
  out = detail::date8(v);
  if (out) {
    std::memcpy(lastDateText_, v.data(), 8);
    lastDate_ = out;
  } else {
    fail(s, n,
         elementName(s.id(), n) + " " + quote(v) + " (" + std::string(what) +
             ") is not a CCYYMMDD date");
    return false;
  }
  return true;
}

bool Era835Reader::required(const Segment& s, int n, std::string_view what) {
  if (!s.element(static_cast<std::size_t>(n)).empty()) return true;
  fail(s, n, elementName(s.id(), n) + " (" + std::string(what) + ") is missing");
  return false;
}

bool Era835Reader::procedure(const Segment& s, int n, Procedure835& out) {
  const char cs = s.delimiters().component;
  const std::string_view v = s.element(static_cast<std::size_t>(n));
  // The components in one pass (part() would scan again from the start for each).
  std::string_view parts[8];
  std::size_t count = 0;
  const char* begin = v.data();
  for (const char* q = begin;; ++q) {
    if (q != v.data() + v.size() && *q != cs) continue;
    if (count == 8) {
      count = 9;  // more than the composite may have
      break;
    }
    parts[count++] = std::string_view(begin, static_cast<std::size_t>(q - begin));
    if (q == v.data() + v.size()) break;
    begin = q + 1;
  }
  out.qualifier = std::string(parts[0]);
  out.code = std::string(parts[1]);
  if (out.qualifier.size() != 2 || out.code.empty()) {
    fail(s, n,
         elementName(s.id(), n) + " composite malformed: " + quote(v) +
             " is not a procedure (a 2-character qualifier" + std::string(1, cs) +
             "code, then up to four modifiers)",
         out.qualifier.size() != 2 ? 1 : 2);
    return false;
  }
  if (count > 8) {
    fail(s, n, elementName(s.id(), n) + " composite has more than 8 components", 9);
    return false;
  }
  for (std::size_t k = 2; k < 6; ++k) {
    if (!parts[k].empty()) out.modifiers.emplace_back(parts[k]);
  }
  out.description = std::string(parts[6]);
  return true;
}

std::string Era835Reader::where() const {
  switch (state_) {
    case State::kStart:
      return "before the BPR";
    case State::kAfterBpr:
      return "right after the BPR";
    case State::kHeader:
      return "in the header (after TRN)";
    case State::kPayer:
      return "in the payer loop (1000A, N1*PR)";
    case State::kPayee:
      return "in the payee loop (1000B, N1*PE)";
    case State::kLx:
      return "right after the LX at segment " + std::to_string(remittance_.headers.back().segment);
    case State::kClaim:
      return "in claim " + quote(claim_.patientControlNumber) + " (2100, CLP at segment " +
             std::to_string(claim_.segment) + ")";
    case State::kLine:
      return "in a service line of claim " + quote(claim_.patientControlNumber) +
             " (2110, SVC at segment " + std::to_string(claim_.lines.back().segment) + ")";
    case State::kPlb:
      return "among the provider adjustments (PLB) that end the transaction";
  }
  return {};
}

bool Era835Reader::outOfPlace(const Segment& s, std::string_view belongs) {
  fail(s, 0,
       std::string(s.id()) + " out of place " + where() + ": it belongs " + std::string(belongs));
  return false;
}

const Remittance* Era835Reader::next() {
  return detail::nextTransaction<Remittance>(
      stream_,
      [this] {
        remittance_ = Remittance{};
        remittance_.envelope = stream_.envelope();
        resetClaim();
        state_ = State::kStart;
        party_ = nullptr;
      },
      [this](const Segment& s) { return onSegment(s); },
      [this](const Segment& se) { return onEnd(se) ? &remittance_ : nullptr; });
}

bool Era835Reader::onEnd(const Segment& s) {
  switch (state_) {
    case State::kStart:
      fail(s, 0, "BPR missing: an 835 starts with the BPR payment segment after ST");
      return false;
    case State::kAfterBpr:
      fail(s, 0, "TRN missing: the BPR must be followed by the TRN reassociation trace");
      return false;
    case State::kHeader:
      fail(s, 0, "N1*PR missing: the 835 names no payer (loop 1000A)");
      return false;
    case State::kPayer:
      fail(s, 0, "N1*PE missing: the 835 names no payee (loop 1000B)");
      return false;
    case State::kLx:
      fail(s, 0,
           "CLP missing: the LX at segment " + std::to_string(remittance_.headers.back().segment) +
               " has no claim before SE");
      return false;
    case State::kClaim:
    case State::kLine:
      return closeClaim(s);
    case State::kPayee:
    case State::kPlb:
      return true;
  }
  return false;
}

bool Era835Reader::closeClaim(const Segment& at) {
  if (state_ != State::kClaim && state_ != State::kLine) return true;
  if (!claimHasPatient_) {
    fail(at, 0,
         "NM1*QC missing: claim " + quote(claim_.patientControlNumber) + " (CLP at segment " +
             std::to_string(claim_.segment) + ") names no patient before this " +
             std::string(at.id()));
    return false;
  }
  const std::size_t index = remittance_.claimCount - 1;
  if (sink_) {
    sink_(remittance_, claim_, index);
  } else {
    remittance_.claims.push_back(std::move(claim_));
  }
  resetClaim();
  state_ = State::kPayee;  // between loops; the caller sets the next state
  return true;
}

namespace {

/// `v` cleared, keeping its memory.
template <class T>
std::vector<T> emptied(std::vector<T>&& v) {
  v.clear();
  return std::move(v);
}

}  // namespace

void Era835Reader::resetClaim() {
  std::vector<ServiceLine835> lines = std::move(claim_.lines);
  std::vector<Adjustment835> adjustments = std::move(claim_.adjustments);
  std::vector<Reference835> references = std::move(claim_.references);
  std::vector<Value835> amounts = std::move(claim_.amounts);
  // Every member back to its default, whatever members Claim835 gains later.
  std::destroy_at(&claim_);
  std::construct_at(&claim_);
  claim_.adjustments = emptied(std::move(adjustments));
  claim_.references = emptied(std::move(references));
  claim_.amounts = emptied(std::move(amounts));
  // The lines' lists of adjustments and amounts (nearly every line has both) are kept for
  // the next claims' lines; a claim of thousands of lines leaves no more than a few hundred.
  constexpr std::size_t kMostSpares = 256;
  for (ServiceLine835& l : lines) {
    if (l.adjustments.capacity() != 0 && spareAdjustments_.size() < kMostSpares) {
      spareAdjustments_.push_back(emptied(std::move(l.adjustments)));
    }
    if (l.amounts.capacity() != 0 && spareAmounts_.size() < kMostSpares) {
      spareAmounts_.push_back(emptied(std::move(l.amounts)));
    }
  }
  claim_.lines = emptied(std::move(lines));
}

ServiceLine835& Era835Reader::newLine() {
  ServiceLine835& line = claim_.lines.emplace_back();
  if (!spareAdjustments_.empty()) {
    line.adjustments = std::move(spareAdjustments_.back());
    spareAdjustments_.pop_back();
  }
  if (!spareAmounts_.empty()) {
    line.amounts = std::move(spareAmounts_.back());
    spareAmounts_.pop_back();
  }
  return line;
}

bool Era835Reader::onSegment(const Segment& s) {
  if (state_ == State::kStart && s.key() != segmentKey("BPR")) {
    fail(s, 0, "BPR missing: an 835 starts with BPR after ST, not " + quote(s.id()));
    return false;
  }
  if (state_ == State::kAfterBpr && s.key() != segmentKey("TRN")) {
    fail(s, 0,
         "TRN missing: the BPR must be followed by the TRN reassociation trace, not " +
             quote(s.id()));
    return false;
  }
  switch (s.key()) {
    case segmentKey("BPR"):
      if (state_ != State::kStart) {
        fail(s, 0, "BPR repeated: an 835 transaction carries one payment");
        return false;
      }
      return onBpr(s);
    case segmentKey("TRN"):
      if (state_ != State::kAfterBpr) {
        fail(s, 0, "TRN repeated: an 835 transaction has one reassociation trace");
        return false;
      }
      return onTrn(s);
    case segmentKey("CUR"):
      if (state_ != State::kHeader) return outOfPlace(s, "in the header, after TRN");
      if (!remittance_.currency.empty()) {
        fail(s, 0, "CUR repeated");
        return false;
      }
      if (!required(s, 2, "the currency code")) return false;
      remittance_.currency = std::string(s.element(2));
      return true;
    case segmentKey("N1"):
      return onN1(s);
    case segmentKey("N3"):
    case segmentKey("N4"): {
      if (state_ != State::kPayer && state_ != State::kPayee) {
        return outOfPlace(s, "to the payer (N1*PR) or payee (N1*PE) loop");
      }
      Address835& a = party_->address;
      if (s.key() == segmentKey("N3")) {
        if (!required(s, 1, "the address")) return false;
        a.line1 = std::string(s.element(1));
        a.line2 = std::string(s.element(2));
      } else {
        a.city = std::string(s.element(1));
        a.state = std::string(s.element(2));
        a.postalCode = std::string(s.element(3));
        a.country = std::string(s.element(4));
      }
      return true;
    }
    case segmentKey("RDM"):
      if (state_ != State::kPayee) return outOfPlace(s, "to the payee loop (1000B)");
      return true;
    case segmentKey("LX"):
      return onLx(s);
    case segmentKey("TS3"):
      return onTs3(s);
    case segmentKey("TS2"):
      if (state_ != State::kLx) return outOfPlace(s, "right after an LX, before its first CLP");
      return true;
    case segmentKey("CLP"):
      return onClp(s);
    case segmentKey("CAS"):
      return onCas(s);
    case segmentKey("NM1"):
      return onNm1(s);
    case segmentKey("MIA"):
      return onMia(s);
    case segmentKey("MOA"):
      return onMoa(s);
    case segmentKey("REF"):
      return onRef(s);
    case segmentKey("DTM"):
      return onDtm(s);
    case segmentKey("PER"):
      return onPer(s);
    case segmentKey("AMT"):
    case segmentKey("QTY"):
      return onAmtQty(s);
    case segmentKey("SVC"):
      return onSvc(s);
    case segmentKey("LQ"):
      return onLq(s);
    case segmentKey("PLB"):
      return onPlb(s);
    default:
      fail(s, 0,
           "segment " + quote(s.id()) +
               " does not belong in an 835 (it holds BPR, TRN, CUR, REF, DTM, N1, N3, N4, PER, "
               "RDM, LX, TS3, TS2, CLP, CAS, NM1, MIA, MOA, AMT, QTY, SVC, LQ and PLB)");
      return false;
  }
}

bool Era835Reader::onBpr(const Segment& s) {
  Payment835& p = remittance_.payment;
  p.segment = s.index();
  const std::string_view handling = s.element(1);
  p.handling = detail::codedValue(handling, handlingMeaning(handling), {});
  if (!p.handling.known) {
    fail(
        s, 1,
        "BPR01 " + quote(handling) + " is not a transaction handling code (C, D, H, I, P, U or X)");
    return false;
  }
  if (!cents(s, 2, p.amountCents, "the total payment")) return false;
  if (p.amountCents < 0) {
    fail(s, 2,
         "BPR02 " + quote(s.element(2)) +
             " is negative: a payment never is (a payer carries a negative balance forward "
             "with PLB FB)");
    return false;
  }
  const std::string_view cd = s.element(3);
  if (cd != "C" && cd != "D") {
    fail(s, 3, "BPR03 " + quote(cd) + " is neither C (credit) nor D (debit)");
    return false;
  }
  p.credit = cd == "C";
  const std::string_view method = s.element(4);
  p.method = detail::codedValue(method, paymentMethodMeaning(method), {});
  if (!p.method.known) {
    fail(s, 4, "BPR04 " + quote(method) + " is not a payment method (ACH, BOP, CHK, FWT or NON)");
    return false;
  }
  p.format = std::string(s.element(5));
  p.originatingCompany = std::string(s.element(10));
  if (!date(s, 16, p.date, "the payment date")) return false;
  state_ = State::kAfterBpr;
  return true;
}

bool Era835Reader::onTrn(const Segment& s) {
  if (s.element(1) != "1") {
    fail(s, 1, "TRN01 " + quote(s.element(1)) + " is not 1 (current transaction trace numbers)");
    return false;
  }
  if (!required(s, 2, "the check or EFT trace number")) return false;
  if (!required(s, 3, "the payer's identifier")) return false;
  Trace835& t = remittance_.trace;
  t.type = std::string(s.element(1));
  t.number = std::string(s.element(2));
  t.payerId = std::string(s.element(3));
  t.supplemental = std::string(s.element(4));
  state_ = State::kHeader;
  return true;
}

bool Era835Reader::onN1(const Segment& s) {
  const std::string_view entity = s.element(1);
  if (entity == "PR") {
    if (state_ != State::kHeader) {
      return outOfPlace(s, "once, after the header and before the payee (N1*PE)");
    }
    party_ = &remittance_.payer;
    state_ = State::kPayer;
  } else if (entity == "PE") {
    if (state_ != State::kPayer) {
      return outOfPlace(
          s, "once, after the payer loop (N1*PR) and before the first LX (N1*PE names the payee)");
    }
    if (!required(s, 3, "the payee's identification qualifier") ||
        !required(s, 4, "the payee's identifier")) {
      return false;
    }
    party_ = &remittance_.payee;
    state_ = State::kPayee;
  } else {
    fail(s, 1, "N101 " + quote(entity) + " is not a party of an 835 (PR payer, PE payee)");
    return false;
  }
  if (!required(s, 2, "the name")) return false;
  party_->name = std::string(s.element(2));
  party_->idQualifier = std::string(s.element(3));
  party_->id = std::string(s.element(4));
  party_->segment = s.index();
  return true;
}

bool Era835Reader::onLx(const Segment& s) {
  if (state_ == State::kLx) {
    fail(s, 0,
         "CLP missing: the LX at segment " + std::to_string(remittance_.headers.back().segment) +
             " has no claim before the next LX");
    return false;
  }
  if (state_ != State::kPayee && state_ != State::kClaim && state_ != State::kLine) {
    return outOfPlace(s, "after the payee loop (N1*PE), before the PLBs");
  }
  if (!closeClaim(s)) return false;
  if (!required(s, 1, "the header number")) return false;
  if (s.element(1).size() > 6 || !detail::unsignedNumber(s.element(1), 6)) {
    fail(s, 1, "LX01 " + quote(s.element(1)) + " is not a header number (1 to 6 digits)");
    return false;
  }
  Header835 h;
  h.number = std::string(s.element(1));
  h.segment = s.index();
  remittance_.headers.push_back(std::move(h));
  state_ = State::kLx;
  return true;
}

bool Era835Reader::onTs3(const Segment& s) {
  if (state_ != State::kLx) return outOfPlace(s, "right after an LX, before its first CLP");
  Header835& h = remittance_.headers.back();
  if (!h.providerId.empty()) {
    fail(s, 0, "TS3 repeated: an LX has one provider summary");
    return false;
  }
  if (!required(s, 1, "the provider identifier") || !required(s, 2, "the facility type code") ||
      !date(s, 3, h.fiscalPeriodEnd, "the fiscal period end") ||
      !quantity(s, 4, h.claimCount, true, "the claim count") ||
      !cents(s, 5, h.totalChargeCents, true, "the total claim charge")) {
    return false;
  }
  h.providerId = std::string(s.element(1));
  h.facilityCode = std::string(s.element(2));
  return true;
}

bool Era835Reader::onClp(const Segment& s) {
  if (state_ != State::kLx && state_ != State::kClaim && state_ != State::kLine) {
    return outOfPlace(s, "in an LX loop (2000), after the payee loop and before the PLBs");
  }
  if (!closeClaim(s)) return false;
  Claim835& c = claim_;
  c.segment = s.index();
  c.header = remittance_.headers.size() - 1;
  const std::string_view pcn = s.element(1);
  if (!required(s, 1, "the patient control number, our CLM01")) return false;
  if (pcn.size() > 38) {
    fail(s, 1, "CLP01 " + quote(pcn) + " is longer than a patient control number (38)");
    return false;
  }
  c.patientControlNumber = std::string(pcn);
  if (!required(s, 2, "the claim status")) return false;
  c.status = detail::codedValue(s.element(2), claimStatusMeaning(s.element(2)),
                                "a claim status code X221A1 does not define");
  if (!cents(s, 3, c.chargeCents, "the claim's charge") ||
      !cents(s, 4, c.paidCents, "the claim's payment") ||
      !cents(s, 5, c.patientResponsibilityCents, false, "the patient responsibility") ||
      !required(s, 6, "the claim filing indicator") ||
      !required(s, 7, "the payer claim control number")) {
    return false;
  }
  c.filingIndicator = std::string(s.element(6));
  c.payerClaimControlNumber = std::string(s.element(7));
  c.facilityCode = std::string(s.element(8));
  c.frequency = std::string(s.element(9));
  c.drgCode = std::string(s.element(11));
  if (__builtin_add_overflow(remittance_.claimsPaidCents, c.paidCents,
                             &remittance_.claimsPaidCents)) {
    fail(s, 4, "CLP04: the claims' payments add up to more than MedOffice can count");
    return false;
  }
  ++remittance_.claimCount;
  claimHasPatient_ = false;
  state_ = State::kClaim;
  return true;
}

domain::Result<std::vector<Remittance>> parse835(std::string_view input) {
  Era835Reader reader(input);
  return detail::readAll<Remittance>(reader, "The X12 input is not a 5010 835 remittance advice.");
}

}  // namespace medoffice::codecs::x12
