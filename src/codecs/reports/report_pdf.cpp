// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/reports/report_pdf.hpp"

#include <algorithm>
#include <cstdio>

#include "codecs/pdf/receipt.hpp"
#include "codecs/pdf/statement.hpp"

namespace medoffice::codecs {

namespace {

pdf::Party practiceParty(const domain::Organization& o) {
  return {o.legalName, domain::mailingLines(o.billingAddress), o.phone};
}

}  // namespace

std::string accountNumber(domain::GuarantorAccountId id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "A%06lld", static_cast<long long>(id.value));
  return buf;
}

domain::Result<std::string> statementPdf(const pdf::FontFiles& fonts,
                                         const domain::Organization& practice,
                                         const domain::Statement& s) {
  pdf::StatementView v;
  v.practice = practiceParty(practice);
  v.guarantor = {s.guarantorName, s.guarantorAddress, {}};
  v.accountNumber = accountNumber(s.accountId);
  v.statementNumber = s.statementNumber;
  v.statementDate = s.statementDate.toString();
  v.dueDate = s.dueDate.toString();
  for (const auto& l : s.lines) {
    v.lines.push_back({l.dateOfService.toString(), l.patientName, l.description, l.charge.cents(),
                       l.insurancePaid.cents(), l.adjustments.cents(), l.patientPaid.cents(),
                       l.insurancePending.cents(), l.patientDue.cents()});
  }
  using B = domain::AgingBucket;
  v.aging = {s.aging.of(B::k0To30).cents(), s.aging.of(B::k31To60).cents(),
             s.aging.of(B::k61To90).cents(), s.aging.of(B::k91To120).cents(),
             s.aging.of(B::kOver120).cents()};
  v.insurancePendingCents = s.insurancePending.cents();
  v.patientDueCents = s.patientDue.cents();
  v.creditCents = s.credit.cents();
  v.amountDueCents = s.amountDue.cents();
  v.message = s.message;
  return pdf::renderStatement(fonts, v);
}

domain::Result<std::string> receiptPdf(const pdf::FontFiles& fonts,
                                       const app::billing::Receipt& r) {
  pdf::ReceiptView v;
  v.practice = practiceParty(r.practice);
  if (r.location) {
    auto lines = domain::mailingLines(r.location->address);
    if (!lines.empty()) v.practice.addressLines = lines;
    if (!r.location->phone.empty()) v.practice.phone = r.location->phone;
  }
  v.receiptNumber = r.payment.receiptNumber;
  v.receivedAt = r.receivedAtLocal + (r.zoneAbbreviation.empty() ? "" : " " + r.zoneAbbreviation);
  v.patientName = r.patientName;
  if (r.payment.accountId.valid()) v.accountNumber = accountNumber(r.payment.accountId);
  v.method = std::string(domain::toString(r.payment.method));
  if (!r.payment.reference.empty()) {
    const auto& ref = r.payment.reference;
    const bool lastFour = ref.size() == 4 && std::all_of(ref.begin(), ref.end(), [](char c) {
                            return c >= '0' && c <= '9';
                          });
    v.method +=
        r.payment.method == domain::PaymentMethod::kCard && lastFour ? " ending " + ref : " " + ref;
  }
  v.receivedBy = r.receivedBy;
  for (const auto& l : r.lines) {
    v.lines.push_back({l.dateOfService.toString(), l.patient, l.description, l.amount.cents()});
  }
  v.totalPaidCents = r.payment.amount.cents();
  v.onAccountCents = r.onAccount.cents();
  v.remainingBalanceCents = r.remaining.cents();
  return pdf::renderReceipt(fonts, v);
}

}  // namespace medoffice::codecs
