// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/common/error.hpp"

namespace medoffice::codecs::x12 {

/// What kind of problem stopped or spoiled the reading of an X12 input.
enum class ProblemKind {
  kSyntax,    ///< bytes that are not X12: garbage before ISA, a malformed ISA, no terminator
  kLimit,     ///< a segment longer than the configured limit
  kEnvelope,  ///< ISA/IEA, GS/GE, ST/SE nesting, control numbers or counts
  kVersion,   ///< not X12 5010 (4010 included), or a 5010 guide MedOffice does not support
  kElement,   ///< an element or a composite is not in the form its segment needs
  kIo,        ///< the stream under the tokenizer failed
};
std::string_view toString(ProblemKind k);  ///< "syntax", "envelope", ...

/// One byte as a message shows it: printable ASCII as itself, others as `\xNN` (`\r`, `\n`).
std::string showByte(char c);
/// Up to `max` bytes of `s` as a message shows them, with "..." when cut.
std::string showBytes(std::string_view s, std::size_t max);

/// One problem found in an X12 input, with the place it was found. A value, never thrown.
struct Problem {
  ProblemKind kind = ProblemKind::kSyntax;
  std::uint64_t segment = 0;  ///< 1-based index of the segment in the input (0: none yet)
  std::uint64_t offset = 0;   ///< byte offset of that segment's first byte in the input
  std::string segmentId;      ///< "SE"; empty when the place is not a segment (end of input)
  int element = 0;            ///< 1-based element number (SE01 is 1); 0: the whole segment
  int component = 0;          ///< 1-based component of that element; 0: the whole element
  std::string message;      ///< plain English; names the element ("SE01 ...") where one is at fault
  bool endOfInput = false;  ///< found at the end of the input (a missing trailer)

  /// One line: `segment 42 (SE) at byte 1234: SE01 says 12 segments, the transaction has 13`.
  [[nodiscard]] std::string describe() const;
};

/// The problem as a domain error: kUnsupported for a version problem, kInvalid otherwise, with
/// one field error whose field is `segment 42 SE01` (or `segment 42 SE`).
domain::Error toError(const Problem& p);

}  // namespace medoffice::codecs::x12
