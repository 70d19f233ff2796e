// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/claims/cob_835.hpp"

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medoffice::codecs {

namespace claims = domain::claims;

namespace {

/// Thousandths to whole units, half away from zero.
std::int64_t wholeUnits(std::int64_t thousandths) {
  const std::int64_t whole = thousandths / 1000;
  const std::int64_t rest = thousandths % 1000;
  if (rest >= 500) return whole + 1;
  if (rest <= -500) return whole - 1;
  return whole;
}

int asInt(std::int64_t v) {
  if (v > INT_MAX) return INT_MAX;
  if (v < INT_MIN) return INT_MIN;
  return static_cast<int>(v);
}

std::vector<claims::Adjustment> adjustments(const std::vector<x12::Adjustment835>& in) {
  std::vector<claims::Adjustment> out;
  out.reserve(in.size());
  for (const auto& a : in) {
    out.push_back({a.group.code, a.reason.code, domain::Money::fromCents(a.amountCents),
                   a.quantity ? wholeUnits(*a.quantity) : 0});
  }
  return out;
}

}  // namespace

domain::Result<claims::PayerAdjudication> payerAdjudicationFrom835(const x12::Remittance& r,
                                                                   const x12::Claim835& c) {
  const std::string at = "segment " + std::to_string(c.segment) + " ";
  if (c.isReversal()) {
    return domain::Error::invalidField(
        at + "CLP02",
        "is 22, a reversal of an earlier payment: post it, it is no adjudication "
        "to pass on to the next payer");
  }
  const std::optional<domain::Date> date = r.payment.date ? r.payment.date : r.productionDate;
  if (!date) {
    return domain::Error::invalidField(
        "segment " + std::to_string(r.payment.segment) + " BPR16",
        "is missing, and there is no DTM*405: the adjudication date (DTP*573) is unknown");
  }
  claims::PayerAdjudication out;
  out.patientControlNumber = c.patientControlNumber;
  out.adjudicationDate = *date;
  out.paid = domain::Money::fromCents(c.paidCents);
  if (c.patientResponsibilityCents) {
    out.remainingPatientLiability = domain::Money::fromCents(*c.patientResponsibilityCents);
  }
  out.payerClaimControlNumber = c.payerClaimControlNumber;
  out.adjustments = adjustments(c.adjustments);
  out.lines.reserve(c.lines.size());
  for (const auto& l : c.lines) {
    claims::AdjudicatedLine line;
    line.lineControlNumber = l.lineControlNumber;
    if (l.procedure.qualifier == "HC") {
      line.procedureCode = l.procedure.code;
      line.modifiers = l.procedure.modifiers;
    }
    line.paid = domain::Money::fromCents(l.paidCents);
    line.paidUnits = l.unitsPaid ? asInt(wholeUnits(*l.unitsPaid)) : 1;
    line.adjustments = adjustments(l.adjustments);
    out.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace medoffice::codecs
