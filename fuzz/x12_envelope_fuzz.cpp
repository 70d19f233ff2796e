// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the X12 envelope reader and classifier: check() over a buffer and over a
// stream must agree, and every problem must describe itself. A valid input is then written
// again through the Writer, whose output must check clean with the same summary.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "codecs/x12/envelope.hpp"
#include "codecs/x12/writer.hpp"
#include "fuzz_support.hpp"

using namespace medoffice::codecs::x12;

namespace {

std::string trimmed(std::string_view v) {
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return std::string(v);
}

/// The decimal number in v[from, from + count), or -1 when those bytes are not all digits.
int number(std::string_view v, std::size_t from, std::size_t count) {
  if (from + count > v.size()) return -1;
  int n = 0;
  for (char c : v.substr(from, count)) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

/// Writes a valid input again through the Writer (its own control numbers, the input's
/// delimiters). When the writer accepts every call, the output must check clean and hold the
/// same transactions and claims. The writer may refuse what the reader accepts (errata
/// versions, bytes outside printable ASCII, blank ISA ids): then there is nothing to compare.
void rewrite(std::string_view input, const CheckOptions& options, const Summary& want) {
  Tokenizer t(input, options.tokenizer);
  const Segment* s = t.next();
  if (s == nullptr) return;
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  WriterOptions wo;
  wo.delimiters = s->delimiters();
  Writer w(sink, numbers, wo);
  SegmentBuilder b("NM1");
  for (; s != nullptr; s = t.next()) {
    const std::string_view id = s->id();
    medoffice::domain::Status st;
    if (id == "ISA") {
      InterchangeHeader h;
      h.authorizationQualifier = std::string(s->element(1));
      h.authorization = trimmed(s->element(2));
      h.securityQualifier = std::string(s->element(3));
      h.security = trimmed(s->element(4));
      h.senderQualifier = std::string(s->element(5));
      h.senderId = trimmed(s->element(6));
      h.receiverQualifier = std::string(s->element(7));
      h.receiverId = trimmed(s->element(8));
      const std::string_view date = s->element(9);
      auto d = medoffice::domain::Date::fromYmd(2000 + number(date, 0, 2), number(date, 2, 2),
                                                number(date, 4, 2));
      if (!d || s->delimiters() != wo.delimiters) return;
      h.date = *d;
      h.time = {number(s->element(10), 0, 2), number(s->element(10), 2, 2)};
      st = w.beginInterchange(h);
    } else if (id == "GS") {
      GroupHeader g;
      g.functionalId = std::string(s->element(1));
      g.senderCode = std::string(s->element(2));
      g.receiverCode = std::string(s->element(3));
      const std::string_view date = s->element(4);
      auto d = medoffice::domain::Date::fromYmd(number(date, 0, 4), number(date, 4, 2),
                                                number(date, 6, 2));
      if (!d || date.size() != 8) return;
      g.date = *d;
      g.time = {number(s->element(5), 0, 2), number(s->element(5), 2, 2)};
      g.version = std::string(s->element(8));
      st = w.beginGroup(g);
    } else if (id == "ST") {
      st = w.beginTransaction(s->element(1));
    } else if (id == "SE") {
      st = w.endTransaction();
    } else if (id == "GE") {
      st = w.endGroup();
    } else if (id == "IEA") {
      st = w.endInterchange();
    } else {
      b.reset(id);
      const Delimiters& d = s->delimiters();
      for (std::size_t n = 1; n <= s->elementCount(); ++n) {
        const std::string_view e = s->element(n);
        const std::size_t reps = d.repetition != '\0' ? partCount(e, d.repetition) : 1;
        for (std::size_t r = 1; r <= reps; ++r) {
          const std::string_view rep = d.repetition != '\0' ? part(e, d.repetition, r) : e;
          const std::size_t comps = partCount(rep, d.component);
          for (std::size_t c = 1; c <= comps; ++c) b.value(n, r, c, part(rep, d.component, c));
        }
      }
      st = w.write(b);
    }
    if (!st.ok()) return;
  }
  const CheckReport again = check(out, options);
  if (!again.ok() || again.summary.describe() != want.describe()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckOptions options;
  options.maxProblems = 8;
  options.tokenizer.maxSegmentBytes = 1024;
  options.tokenizer.chunkBytes = 256;

  const CheckReport a = check(input, options);
  std::size_t pos = 0;
  const CheckReport b = check(medoffice::fuzz::unevenChunks(input, pos), options);
  if (a.problems.size() != b.problems.size() || a.summary.describe() != b.summary.describe()) {
    std::abort();
  }
  for (std::size_t i = 0; i < a.problems.size(); ++i) {
    if (a.problems[i].describe() != b.problems[i].describe()) std::abort();
    (void)toError(a.problems[i]);
  }
  if (a.problems.size() > options.maxProblems) std::abort();
  (void)toResult(a);

  if (a.ok()) rewrite(input, options, a.summary);
  return 0;
}
