// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The CMS ICD-10-CM order file and its addenda (layouts in ../shared/codesets/icd10cm/
// PROVENANCE.md and the CMS icd10OrderFiles.pdf).

#include <istream>
#include <string>
#include <vector>

#include "codecs/codesets/code_file.hpp"

namespace medoffice::codecs::codesets {

/// Reads `icd10cm_order_YYYY.txt`: fixed width, ASCII, one line per code in tabular order,
/// every line ended by a line break. Columns 1-5 the order number (1, 2, 3... with no gap), 7-13
/// the code without its dot, 15 the flag (0 header, 1 billable), 17-76 the short description,
/// 78 on the long one; columns 6, 14, 16 and 77 blank. Each code goes to `sink` in file order.
/// Stops at the first bad line: a wrong layout, a code that is not ICD-10-CM, a flag other than 0
/// or 1, a non-ASCII byte, a code listed twice, an order number out of sequence, or a last line
/// with no line break (a truncated file); an empty file is a problem too.
ReadResult readIcd10CmOrder(std::istream& in, const CodeSink& sink,
                            const ByteProgress& progress = {});

/// One line of `icd10cm_order_addenda_YYYY.txt`.
struct AddendaEntry {
  enum class Action { kAdd, kDelete, kReviseFrom, kReviseTo };
  Action action = Action::kAdd;
  domain::CodeRecord record;
  std::size_t line = 0;
};

/// Reads the addenda: columns 1-13 the action (`Add:`, `Delete:`, `Revise from:`, `Revise to:`),
/// 14 the flag, 16-22 the code, 24-83 the short description, 85 on the long one. The plain-text
/// summary after the first empty line is not read. Stops at the first bad line.
ReadResult readIcd10CmAddenda(std::istream& in, const std::function<void(AddendaEntry&&)>& sink);

/// What the addenda say a new year changes, by code, each list in file order.
struct AddendaSummary {
  std::vector<std::string> added;           ///< new codes
  std::vector<std::string> deleted;         ///< codes gone from the new year
  std::vector<std::string> becameHeader;    ///< billable last year, a header now
  std::vector<std::string> becameBillable;  ///< a header last year, billable now
  std::vector<std::string> revised;         ///< same code, new descriptions
};
AddendaSummary summarize(const std::vector<AddendaEntry>& entries);

}  // namespace medoffice::codecs::codesets
