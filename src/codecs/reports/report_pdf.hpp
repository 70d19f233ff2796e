// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Statements and receipts as PDF (issue 15): the stored statement or the receipt facts laid out
// by codecs/pdf.

#include <string>

#include "app/billing/receipts.hpp"
#include "codecs/pdf/document.hpp"
#include "domain/billing/statement.hpp"
#include "domain/practice/practice.hpp"

namespace medoffice::codecs {

/// "A000042": how statements, receipts and screens print an account number.
std::string accountNumber(domain::GuarantorAccountId id);

domain::Result<std::string> statementPdf(const pdf::FontFiles& fonts,
                                         const domain::Organization& practice,
                                         const domain::Statement& s);
domain::Result<std::string> receiptPdf(const pdf::FontFiles& fonts, const app::billing::Receipt& r);

}  // namespace medoffice::codecs
