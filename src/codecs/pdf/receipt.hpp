// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The receipt handed to a patient for a payment (issue 15): who paid whom, when and how, the
// visits it paid, the total paid and what is still owed. Unlike OpenEMR's receipts, ours always
// show the total.

#include <cstdint>
#include <string>
#include <vector>

#include "codecs/pdf/document.hpp"
#include "codecs/pdf/party.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs::pdf {

struct ReceiptLine {
  std::string dateOfService;
  std::string patient;
  std::string description;
  std::int64_t amountCents = 0;
};

struct ReceiptView {
  Party practice;
  std::string receiptNumber;
  std::string receivedAt;  ///< already formatted local time, e.g. "2026-12-04 2:05 PM CST"
  std::string patientName;
  std::string accountNumber;
  std::string method;  ///< "cash", "check 1234", "card ending 4242"
  std::string receivedBy;
  std::vector<ReceiptLine> lines;          ///< the visits/lines this payment paid (may be empty)
  std::int64_t totalPaidCents = 0;         ///< the whole payment
  std::int64_t onAccountCents = 0;         ///< the part no line took (credit)
  std::int64_t remainingBalanceCents = 0;  ///< still owed after it (negative = credit)
};

/// The receipt as a PDF (US Letter; more pages when the lines need them): the practice, receipt
/// number and date, the patient and account, the method and who received it, a table of the
/// lines paid (or a sentence saying none was), then "Applied to visits" (the lines' sum, when
/// there are lines), "On account (credit)" (when not zero), "Total paid" and "Remaining balance".
/// Amounts are printed as given; the caller's figures are not recomputed. Any text is accepted:
/// long text is cut with "…" or wrapped, never run off the page. kInternal when a font file is
/// missing (naming it) or libharu fails. Thread-safe (each thread renders with its own fonts).
domain::Result<std::string> renderReceipt(const FontFiles& fonts, const ReceiptView& v,
                                          const DocumentOptions& options = {});

}  // namespace medoffice::codecs::pdf
