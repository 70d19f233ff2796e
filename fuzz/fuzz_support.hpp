// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What the X12 fuzz targets share: a stream that hands the input out in uneven pieces, and
// the check every transaction reader must pass (the same readings from a buffer and from a
// stream, with and without skipOtherTransactions, and an accepted input passing check() with
// the same envelope summary).

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/ack_common.hpp"
#include "codecs/x12/envelope.hpp"

namespace medoffice::fuzz {

/// `input` as a stream in pieces of at most 37 bytes, so that segments (and the ISA) straddle
/// reads; `pos` is where the next piece starts.
inline codecs::x12::PullSource unevenChunks(std::string_view input, std::size_t& pos) {
  return [input, &pos](char* buf, std::size_t cap) -> std::ptrdiff_t {
    const std::size_t n = std::min<std::size_t>({cap, 37, input.size() - pos});
    std::memcpy(buf, input.data() + pos, n);
    pos += n;
    return static_cast<std::ptrdiff_t>(n);
  };
}

/// What one reading gave, flattened for comparing two readings.
struct Reading {
  std::vector<std::string> items;  ///< a picture of each transaction set, in order
  std::string problem;             ///< the problem's description; empty when none
  std::string summary;             ///< the envelope summary
};

/// Reads every transaction set of `reader`; `each(t)` checks one and returns its picture.
template <class Reader, class Each>
Reading readAll(Reader& reader, Each&& each) {
  Reading out;
  while (const auto* t = reader.next()) out.items.push_back(each(*t));
  if (reader.problem()) {
    out.problem = reader.problem()->describe();
    (void)codecs::x12::toError(*reader.problem());
  }
  out.summary = reader.summary().describe();
  return out;
}

/// Reads `input` with a `Reader` from a buffer and from unevenChunks(), with small limits,
/// without and with skipOtherTransactions; `read(reader)` gives a Reading. Aborts when the two
/// readings differ, or when an input the reader accepted does not pass check() with the same
/// summary. `more(options, reading)` adds the target's own checks to each pass.
template <class Reader, class Read, class More>
void readBothWays(std::string_view input, Read&& read, More&& more) {
  for (const bool skip : {false, true}) {
    codecs::x12::AckReadOptions options;
    options.tokenizer.maxSegmentBytes = 1024;
    options.tokenizer.chunkBytes = 256;
    options.skipOtherTransactions = skip;

    Reader whole(input, options);
    const Reading a = read(whole);
    std::size_t pos = 0;
    Reader streamed(unevenChunks(input, pos), options);
    const Reading b = read(streamed);
    if (a.items != b.items || a.problem != b.problem) std::abort();
    more(options, a);

    if (a.problem.empty()) {
      codecs::x12::CheckOptions co;
      co.tokenizer = options.tokenizer;
      const codecs::x12::CheckReport report = codecs::x12::check(input, co);
      if (!report.ok() || report.summary.describe() != a.summary) std::abort();
    }
  }
}

}  // namespace medoffice::fuzz
