// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What the code-set readers share: the first problem of a file (with its line), small text
// helpers, and the streaming line reader of codecs/text. The readers (icd10cm.hpp, hcpcs.hpp,
// cpt_csv.hpp) read a file line by line with one reused buffer, hand each record to a callback as
// soon as it is complete, and stop at the first problem; they never throw or assert on input.

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/text/line_reader.hpp"
#include "domain/billing/code_sets.hpp"

namespace medoffice::codecs::codesets {

using text::LineReader;
using text::trim;
using text::trimRight;

/// The first problem of a file: its 1-based line (0: the file as a whole) and what is wrong.
struct LineProblem {
  std::size_t line = 0;
  std::string message;
  /// "line 12: <message>", or the message alone for line 0.
  [[nodiscard]] std::string describe() const;
};

/// What a reader did: the lines it read, the records it delivered, and the problem that stopped
/// it (none when it read the whole file). Records delivered before a problem are not to be kept
/// on their own: a file is loaded whole or not at all.
struct ReadResult {
  std::size_t lines = 0;
  std::size_t records = 0;
  std::optional<LineProblem> problem;
  [[nodiscard]] bool ok() const { return !problem.has_value(); }
};

/// Receives each record as soon as it is complete.
using CodeSink = std::function<void(domain::CodeRecord&&)>;
/// Called now and then with the bytes read so far (for a progress bar).
using ByteProgress = std::function<void(std::size_t bytesRead)>;

/// The problem of an over-long line, or of a last line with no line break (a truncated file),
/// or nullopt. `what` names the file kind in the message ("an order-file line").
std::optional<LineProblem> lineEndProblem(const LineReader& lines, std::string_view what);
/// Latin-1 bytes as UTF-8 (0xA0 becomes U+00A0; ASCII is unchanged).
std::string latin1ToUtf8(std::string_view s);
/// The 0-based position of the first byte above 0x7F, or nullopt.
std::optional<std::size_t> firstNonAscii(std::string_view s);
/// `col` as "column N" (1-based) for messages.
std::string column(std::size_t zeroBased);

/// The release year in a CMS file name: `icd10cm_order_2026.txt` (also `icd10cm-order-2026`,
/// the addenda) → 2026; `HCPC2025_JAN_ANWEB_12172024.txt`, `HCPC2019_CONTR_ANWEB.txt` → 2025,
/// 2019. Directories are ignored. nullopt when the name carries no year of that system.
std::optional<int> releaseYearFromFileName(domain::CodeSystem system, std::string_view path);

}  // namespace medoffice::codecs::codesets
