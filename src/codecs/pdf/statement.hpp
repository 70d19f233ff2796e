// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The patient statement mailed to a guarantor (issue 15): the open visits of every patient on the
// account, what insurance still owes apart from what the guarantor owes, the guarantor's balance
// by age, a message, and a payment coupon to detach and return.

#include <cstdint>
#include <string>
#include <vector>

#include "codecs/pdf/document.hpp"
#include "codecs/pdf/party.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs::pdf {

struct StatementLine {
  std::string dateOfService;
  std::string patient;
  std::string description;
  std::int64_t chargeCents = 0, insurancePaidCents = 0, adjustmentCents = 0, patientPaidCents = 0,
               insurancePendingCents = 0, patientDueCents = 0;
};

struct AgingBuckets {
  std::int64_t days0To30 = 0, days31To60 = 0, days61To90 = 0, days91To120 = 0, over120 = 0;
};

struct StatementView {
  Party practice;   ///< also the remit-to address on the coupon
  Party guarantor;  ///< the mailing address
  std::string accountNumber, statementNumber, statementDate /*YYYY-MM-DD*/, dueDate;
  std::vector<StatementLine> lines;  ///< open visits of all the account's patients, oldest first
  AgingBuckets aging;                ///< patient due by age
  std::int64_t insurancePendingCents = 0, patientDueCents = 0, creditCents = 0, amountDueCents = 0;
  std::string message;  ///< chosen by age by the caller ("Your account is past due...")
};

/// The statement as a PDF on US Letter pages.
///
/// Page 1, top to bottom: the practice (return address) and a STATEMENT box (statement date and
/// number, account number, due date, amount due); the guarantor's name and address where a #10
/// window envelope shows it (1 in from the left, 2.125 in from the top, lines cut with "…" at
/// 3.75 in); the lines table (date, patient, description, charges, insurance paid, adjustments,
/// you paid, insurance pending, you owe); and, below a dashed rule with "Please detach and return
/// with your payment", the coupon: guarantor, account number, statement date, due date, amount due,
/// an "Amount enclosed" box and the practice as remit-to address. Lines that do not fit above the
/// coupon continue on further pages, each with a heading and the table header repeated. After the
/// table: "Insurance pending", "Your balance", "Credit on account" (when not zero) and "Amount due
/// from you"; the aging row (0–30, 31–60, 61–90, 91–120, over 120 days); then the message (up to 6
/// lines). Every page ends with "Page n of m". Amounts are printed as given, never recomputed.
/// Any text is accepted and never runs off the page. kInternal when a font file is missing (naming
/// it) or libharu fails. Thread-safe (each thread renders with its own fonts).
domain::Result<std::string> renderStatement(const FontFiles& fonts, const StatementView& v,
                                            const DocumentOptions& options = {});

}  // namespace medoffice::codecs::pdf
