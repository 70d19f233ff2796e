// SPDX-License-Identifier: AGPL-3.0-or-later
// The three balancing equations of the 835 (X12-NOTES §3.3), checked before anything is
// posted. Nothing is ever forced to balance: every difference is reported.
#include <utility>

#include "codecs/x12/era_835.hpp"

namespace medoffice::codecs::x12 {

namespace {

/// A sum of cents that notices when it no longer fits.
struct Sum {
  std::int64_t value = 0;
  bool overflow = false;
  void add(std::int64_t v) { overflow = __builtin_add_overflow(value, v, &value) || overflow; }
  void sub(std::int64_t v) { overflow = __builtin_sub_overflow(value, v, &value) || overflow; }
  void add(const Sum& s) {
    add(s.value);
    overflow = overflow || s.overflow;
  }
};

Sum adjustments(const std::vector<Adjustment835>& list) {
  Sum s;
  for (const auto& a : list) s.add(a.amountCents);
  return s;
}

std::string claimName(const Claim835& c, std::size_t index) {
  return "claim " + std::to_string(index + 1) + " (CLP01 " + detail::quote(c.patientControlNumber) +
         " at segment " + std::to_string(c.segment) + ")";
}

/// Fills the amounts and the tail of the message: "..., but CLP04 says 450.00 (difference
/// -45.00)".
void conclude(BalanceProblem& p, const Sum& computed, std::int64_t stated,
              std::string_view statedName) {
  p.statedCents = stated;
  p.computedCents = computed.value;
  Sum difference;
  difference.add(stated);
  difference.sub(computed.value);
  p.overflow = computed.overflow || difference.overflow;
  if (p.overflow) {
    p.computedCents = p.differenceCents = 0;
    p.message += ": the amounts are too large to add up exactly, so " + std::string(statedName) +
                 " cannot be checked";
    return;
  }
  p.differenceCents = difference.value;
  p.message += " is " + detail::centsText(computed.value) + ", but " + std::string(statedName) +
               " says " + detail::centsText(stated) + " (difference " +
               detail::centsText(difference.value) + ")";
}

}  // namespace

namespace detail {

std::string centsText(std::int64_t cents) {
  // Built from the unsigned magnitude, so INT64_MIN prints too.
  const bool negative = cents < 0;
  std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(cents) + 1 : static_cast<std::uint64_t>(cents);
  std::string digits = std::to_string(magnitude / 100);
  const std::uint64_t fraction = magnitude % 100;
  digits += fraction < 10 ? ".0" : ".";
  digits += std::to_string(fraction);
  return negative ? "-" + digits : digits;
}

}  // namespace detail

std::string_view toString(BalanceEquation e) {
  switch (e) {
    case BalanceEquation::kLine:
      return "line";
    case BalanceEquation::kClaim:
      return "claim";
    case BalanceEquation::kTransaction:
      return "transaction";
  }
  return "transaction";
}

void checkClaimBalance(const Claim835& claim, std::size_t index, std::vector<BalanceProblem>& out) {
  Sum lineAdjustments;
  for (std::size_t i = 0; i < claim.lines.size(); ++i) {
    const ServiceLine835& line = claim.lines[i];
    const Sum cas = adjustments(line.adjustments);
    lineAdjustments.add(cas);
    Sum computed;
    computed.add(line.chargeCents);
    computed.sub(cas.value);
    computed.overflow = computed.overflow || cas.overflow;
    if (!computed.overflow && computed.value == line.paidCents) continue;
    BalanceProblem p;
    p.equation = BalanceEquation::kLine;
    p.patientControlNumber = claim.patientControlNumber;
    p.claimIndex = index;
    p.lineIndex = i;
    p.lineCode = line.procedure.display();
    p.lineControlNumber = line.lineControlNumber;
    p.segment = line.segment;
    p.message = claimName(claim, index) + ", line " + std::to_string(i + 1) + " (" + p.lineCode;
    if (!line.lineControlNumber.empty()) {
      p.message += ", REF*6R " + detail::quote(line.lineControlNumber);
    }
    p.message += " at segment " + std::to_string(line.segment) + "): SVC02 " +
                 detail::centsText(line.chargeCents) + " minus the line's adjustments " +
                 (cas.overflow ? std::string("(too large)") : detail::centsText(cas.value));
    conclude(p, computed, line.paidCents, "SVC03");
    out.push_back(std::move(p));
  }
  const Sum claimAdjustments = adjustments(claim.adjustments);
  Sum computed;
  computed.add(claim.chargeCents);
  computed.sub(claimAdjustments.value);
  computed.sub(lineAdjustments.value);
  computed.overflow = computed.overflow || claimAdjustments.overflow || lineAdjustments.overflow;
  if (!computed.overflow && computed.value == claim.paidCents) return;
  BalanceProblem p;
  p.equation = BalanceEquation::kClaim;
  p.patientControlNumber = claim.patientControlNumber;
  p.claimIndex = index;
  p.segment = claim.segment;
  p.message = claimName(claim, index) + ": CLP03 " + detail::centsText(claim.chargeCents) +
              " minus the claim adjustments " + detail::centsText(claimAdjustments.value) +
              " and the line adjustments " + detail::centsText(lineAdjustments.value);
  conclude(p, computed, claim.paidCents, "CLP04");
  out.push_back(std::move(p));
}

std::optional<BalanceProblem> checkTransactionBalance(const Remittance& r) {
  Sum paid;
  if (r.claims.size() == r.claimCount) {
    for (const auto& c : r.claims) paid.add(c.paidCents);
  } else {
    paid.add(r.claimsPaidCents);
  }
  Sum plb;
  for (const auto& p : r.providerAdjustments) plb.add(p.amountCents);
  Sum computed = paid;
  computed.sub(plb.value);
  computed.overflow = computed.overflow || plb.overflow;
  if (!computed.overflow && computed.value == r.payment.amountCents) return std::nullopt;
  BalanceProblem p;
  p.equation = BalanceEquation::kTransaction;
  p.segment = r.payment.segment;
  p.message = "the transaction (ST02 " + detail::quote(r.envelope.transactionControl) + ", TRN02 " +
              detail::quote(r.trace.number) + "): the claim payments (sum of CLP04) " +
              detail::centsText(paid.value) + " minus the provider adjustments (sum of PLB) " +
              detail::centsText(plb.value);
  conclude(p, computed, r.payment.amountCents, "BPR02");
  return p;
}

std::vector<BalanceProblem> checkBalance(const Remittance& r) {
  std::vector<BalanceProblem> out;
  for (std::size_t i = 0; i < r.claims.size(); ++i) checkClaimBalance(r.claims[i], i, out);
  if (auto p = checkTransactionBalance(r)) out.push_back(std::move(*p));
  return out;
}

domain::Status requireBalanced(const Remittance& r) {
  const auto problems = checkBalance(r);
  if (problems.empty()) return {};
  domain::FieldErrors errors;
  for (const auto& p : problems) {
    std::string field = "transaction";
    if (p.claimIndex) field = "claim " + std::to_string(*p.claimIndex + 1);
    if (p.lineIndex) field += " line " + std::to_string(*p.lineIndex + 1);
    errors.add(std::move(field), p.message);
  }
  domain::Error e = errors.toError();
  e.message = "The 835 does not balance: nothing of it may be posted.";
  return e;
}

void Era835Tally::add(const Remittance& r) {
  ++remittances;
  claims += r.claimCount;
  for (std::size_t i = 0; i < r.claims.size(); ++i) addClaim(r.claims[i], i);
  if (__builtin_add_overflow(paidCents, r.payment.amountCents, &paidCents)) paidCents = INT64_MAX;
  providerAdjustments += r.providerAdjustments.size();
  if (auto p = checkTransactionBalance(r)) {
    if (unbalanced++ == 0) firstProblem = p->message;
  }
}

void Era835Tally::addClaim(const Claim835& c, std::size_t index) {
  if (c.isReversal()) ++reversals;
  lines += c.lines.size();
  std::vector<BalanceProblem> problems;
  checkClaimBalance(c, index, problems);
  if (!problems.empty() && unbalanced == 0) firstProblem = problems.front().message;
  unbalanced += problems.size();
}

std::string Era835Tally::describe() const {
  const auto count = [](std::uint64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
  };
  std::string out =
      "pays " + detail::centsText(paidCents) + " on " + count(claims, "claim", "claims");
  if (reversals != 0) out += " (" + count(reversals, "reversal", "reversals") + ")";
  out += ", " + count(lines, "service line", "service lines");
  if (providerAdjustments != 0) {
    out += ", " + count(providerAdjustments, "provider adjustment", "provider adjustments");
  }
  if (unbalanced == 0) return out + "; balanced";
  return out + "; " + count(unbalanced, "balancing problem", "balancing problems") +
         ", the first: " + firstProblem;
}

}  // namespace medoffice::codecs::x12
