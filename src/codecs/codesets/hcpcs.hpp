// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The CMS HCPCS Level II file (HCPC<year>_..._ANWEB*.txt; layouts in ../shared/codesets/hcpcs/:
// HCPCS2019_recordlayout.txt and HCPC2025_recordlayout.txt, the same columns).

#include <istream>

#include "codecs/codesets/code_file.hpp"

namespace medoffice::codecs::codesets {

/// Counts by kind, for the import report.
struct HcpcsCounts {
  std::size_t procedures = 0;  ///< record type 3 (with their type-4 continuations)
  std::size_t modifiers = 0;   ///< record type 7 (with their type-8 continuations)
};

/// Reads an HCPCS Level II file of 320-byte fixed-width records, as bytes: columns 1-5 the
/// code (a modifier is three spaces and its two characters), 6-10 a sequence number, 11 the
/// record type (3 procedure, 7 modifier; 4 and 8 continue the long description of the record
/// before them), 12-91 the long description, 92-119 the short one (first lines only), 285-292
/// the termination date (CCYYMMDD, the last date the code may be used). Long descriptions are
/// the pieces of a code joined with one space; text is Latin-1 and is delivered as UTF-8.
/// Lines may end in LF or CRLF. Lines before the first record are a preamble and are skipped
/// (the 2019 file starts with tab-padded disclaimers holding 0xA0 bytes), as are empty lines.
/// Each code goes to `sink` (HCPCS procedure codes and two-character modifiers) once its last
/// continuation is read. Stops at the first bad line: no record in the first 20 lines (not an
/// HCPCS file), a line that is not a record, a first-line record that is not 320 bytes, a
/// continuation without its first line or out of sequence, a code listed twice, a bad date,
/// or a last line with no line break (a truncated file).
ReadResult readHcpcs(std::istream& in, const CodeSink& sink, HcpcsCounts* counts = nullptr,
                     const ByteProgress& progress = {});

}  // namespace medoffice::codecs::codesets
