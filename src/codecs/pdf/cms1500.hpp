// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The CMS-1500 (02/12) paper claim (issue 16, point 6), drawn from the claim model for payers
// that take paper. We may not ship the red OCR form image, so on plain paper the form's boxes and
// captions are drawn here; for pre-printed red forms the same data is printed at the same places
// with nothing else. Data sits on the grid the form is designed for (10 characters per inch, 6
// lines per inch), field by field as the NUCC 1500 instructions ask: upper case, dates as
// MM DD YY (birth dates MM DD YYYY), amounts without dollar sign or point (dollars and cents in
// their own boxes), codes without punctuation, and nothing wider than its box. Six service lines
// fit a form; a longer claim takes more pages, each a complete form, with the total charge on the
// last one and "CONTINUED" in item 28 on the others.

#include <optional>
#include <string>

#include "codecs/pdf/document.hpp"
#include "domain/claims/claim.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::pdf {

inline constexpr int kCms1500LinesPerPage = 6;  ///< item 24 rows on one form

struct Cms1500Options {
  /// True: draw the form (boxes, shading and captions) with the data, for plain paper. False:
  /// the data only, at the same positions, for pre-printed red forms.
  bool withForm = true;
  /// Item 31's date (the date the form is signed); absent: left blank. The codec reads no clock.
  std::optional<domain::Date> signedDate;
  /// Item 19 (additional claim information), when a payer asks for it; printed as given, cut to
  /// the box.
  std::string additionalInformation;
  /// Moves everything (data and form) right and down by this many points, to line the data up
  /// with a printer's pre-printed stock. 0 for plain paper.
  double offsetRight = 0;
  double offsetDown = 0;
  DocumentOptions document;
};

/// Item 1's box for a claim filing indicator (SBR09): MA and MB Medicare, MC Medicaid, CH
/// TRICARE, VA CHAMPVA, commercial and managed care plans (12-17, BL, CI, FI, HM) group health
/// plan, anything else (workers' compensation, auto, liability...) other.
enum class Cms1500Program { kMedicare, kMedicaid, kTricare, kChampva, kGroupHealthPlan, kOther };
Cms1500Program cms1500Program(const std::string& claimFilingIndicator);

/// The CMS-1500 (02/12) for `claim`: one form per six service lines. The claim must pass
/// domain::claims::validate(); otherwise kInvalid with every field problem (the message names the
/// first) and no PDF. kInvalid too when the other payers' paid amounts overflow when summed.
/// kInternal when a font file is missing (naming it) or libharu fails. Any text is accepted;
/// each field is cut to its box, never drawn into the next. Thread-safe (each thread renders with
/// its own fonts).
domain::Result<std::string> renderCms1500(const FontFiles& fonts,
                                          const domain::claims::Claim& claim,
                                          const Cms1500Options& options = {});

}  // namespace medoffice::codecs::pdf
