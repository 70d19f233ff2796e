// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the X12 tokenizer: the same bytes read from a buffer and from a stream in
// uneven chunks must give the same segments, elements and problem. Any crash, hang, UB, leak or
// difference is a bug.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/tokenizer.hpp"

using namespace medoffice::codecs::x12;

namespace {

struct Seen {
  std::string text;
  std::uint64_t offset;
  std::vector<std::string> elements;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> read(Tokenizer& t) {
  std::vector<Seen> out;
  while (const Segment* s = t.next()) {
    Seen seen{std::string(s->text()), s->offset(), {}};
    for (std::size_t n = 0; n <= s->elementCount(); ++n) {
      const std::string_view e = s->element(n);
      seen.elements.emplace_back(e);
      // Components and repetitions of every element.
      for (std::size_t k = 1; k <= partCount(e, s->delimiters().component) && k < 64; ++k) {
        (void)part(e, s->delimiters().component, k);
      }
      if (s->delimiters().repetition != '\0') (void)partCount(e, s->delimiters().repetition);
    }
    out.push_back(std::move(seen));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the chunk size of the stream reading; the rest is the input.
  const std::size_t step = 1 + data[0] % 97;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  TokenizerOptions options;
  options.maxSegmentBytes = 512;  // small, so the limit path is reached
  options.chunkBytes = 256;

  Tokenizer whole(input, options);
  const auto a = read(whole);

  std::size_t pos = 0;
  Tokenizer streamed(
      [&](char* buf, std::size_t cap) -> std::ptrdiff_t {
        const std::size_t n = std::min({step, cap, input.size() - pos});
        std::memcpy(buf, input.data() + pos, n);
        pos += n;
        return static_cast<std::ptrdiff_t>(n);
      },
      options);
  const auto b = read(streamed);

  if (a != b || whole.problem().has_value() != streamed.problem().has_value()) std::abort();
  if (whole.problem()) {
    const Problem& p = *whole.problem();
    const Problem& q = *streamed.problem();
    if (p.kind != q.kind || p.offset != q.offset || p.segment != q.segment) std::abort();
    (void)p.describe();
    (void)toError(p);
  } else if (whole.bytesConsumed() != input.size() || streamed.bytesConsumed() != input.size()) {
    std::abort();
  }
  return 0;
}
