// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The appeal letter sent to a payer for a denied claim (issue 17, point 5): the practice's
// letterhead, the date, the payer's appeals department, the patient and claim identifiers, the
// denied lines with what each reason code means, and the body from the practice's template.

#include <cstdint>
#include <string>
#include <vector>

#include "app/denials/denials.hpp"
#include "codecs/pdf/document.hpp"
#include "codecs/pdf/party.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs::pdf {

struct AppealLetterLine {
  std::string serviceDate;  ///< "09/18/2026"
  std::string procedure;    ///< "99214-25", or "Whole claim"
  std::int64_t chargeCents = 0;
  std::int64_t deniedCents = 0;
  std::string reason;                ///< "CO-50"
  std::string reasonText;            ///< what the CARC means
  std::vector<std::string> remarks;  ///< "N130: what it means", one per remark code
};

struct AppealLetterView {
  Party practice;
  std::string practiceNpi;
  std::string date;  ///< the letter's date, as printed
  Party payer;       ///< printed under "Appeals department"
  std::string patientName;
  std::string birthDate;
  std::string memberId;
  std::string claimNumber;       ///< our CLM01
  std::string payerClaimNumber;  ///< the payer's ICN; empty: "not given"
  std::string serviceDate;
  std::vector<AppealLetterLine> lines;
  std::string body;  ///< the filled template: paragraphs separated by blank lines
};

/// The letter's view from what the use case gathered: dates as MM/DD/YYYY, amounts as dollars,
/// each CARC's meaning from the 835 code list (codecs/x12), else from the code set loaded, else
/// "unknown code X"; remark codes from the code set, else "unknown code X"; and the body filled
/// from `letter.letterTemplate` (domain/denials/letter_template.hpp).
AppealLetterView appealLetterView(const app::denials::AppealLetter& letter);

/// The letter as a PDF (US Letter; more pages when the lines or the body need them). Any text is
/// accepted: long text is cut with "…" or wrapped, never run off the page. kInternal when a font
/// file is missing (naming it) or libharu fails. Thread-safe (each thread renders with its own
/// fonts).
domain::Result<std::string> renderAppealLetter(const FontFiles& fonts, const AppealLetterView& v,
                                               const DocumentOptions& options = {});

}  // namespace medoffice::codecs::pdf
