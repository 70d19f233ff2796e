// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// A practice's licensed CPT descriptors as CSV. MedOffice ships no CPT text (the descriptors are
// the AMA's); a practice that holds a licence imports its own file.

#include <istream>

#include "codecs/codesets/code_file.hpp"

namespace medoffice::codecs::codesets {

/// Reads `code,description` rows (RFC 4180: fields in double quotes may hold commas, doubled
/// quotes and line breaks; a UTF-8 byte-order mark and a first row `code,description` are
/// skipped; empty lines are skipped; LF or CRLF). Each row goes to `sink` as a billable code
/// whose long description is the text (line breaks inside it become spaces). Stops at the first
/// bad row, named by the line it starts on: not two fields, a code that is not CPT (five digits,
/// or four and F, T or U), an empty or over-long (1,000 bytes) description, text that is not
/// UTF-8 or holds control characters, a quote left open, or a code listed twice.
ReadResult readCptCsv(std::istream& in, const CodeSink& sink);

}  // namespace medoffice::codecs::codesets
