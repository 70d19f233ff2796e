// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the 999 reader: the same bytes read from a buffer and from a stream in
// uneven chunks must give the same acknowledgements and the same problem; whatever the reader
// accepts must pass the envelope check with the same summary; every value it hands out must be
// one the claims can use (positions from 1, known codes with a meaning). Any crash, hang, UB,
// leak or difference is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/ack_999.hpp"
#include "fuzz_support.hpp"

using namespace medoffice::codecs::x12;
using medoffice::fuzz::readAll;
using medoffice::fuzz::readBothWays;
using medoffice::fuzz::Reading;

namespace {

/// A flat picture of what a reader gave, for comparing two readings.
std::string picture(const Ack999& a) {
  std::string out = a.envelope.interchangeControl + "|" + a.groupControl + "|" +
                    std::string(toString(a.groupStatus)) + "|";
  for (const auto& t : a.transactions) {
    out += t.controlNumber + "/" + std::string(toString(t.status)) + "/";
    for (const auto& s : t.segmentErrors) {
      out += s.segmentId + "@" + std::to_string(s.position) + ":" + s.error.code + "(";
      for (const auto& e : s.elements) {
        out += std::to_string(e.position) + "." + std::to_string(e.component) + "." +
               std::to_string(e.repeat) + "=" + e.error.code + "," + e.badValue + ";";
      }
      out += std::to_string(s.contexts.size()) + ")";
    }
    for (const auto& r : t.reasons) out += r.code + ",";
  }
  return out;
}

void checkValues(const Ack999& a) {
  if (a.groupControl.empty()) std::abort();
  for (const auto& t : a.transactions) {
    if (t.controlNumber.size() < 4 || t.controlNumber.size() > 9) std::abort();
    if (a.find(t.controlNumber) == nullptr) std::abort();
    for (const auto& s : t.segmentErrors) {
      if (s.position == 0 || s.segmentId.empty()) std::abort();
      if (!s.error.code.empty() && s.error.meaning.empty()) std::abort();
      for (const auto& e : s.elements) {
        if (e.position <= 0 || e.component < 0 || e.repeat < 0) std::abort();
        if (e.error.code.empty() || e.error.meaning.empty()) std::abort();
        if (e.error.known != !elementErrorMeaning(e.error.code).empty()) std::abort();
      }
    }
    if (isAccepted(t.status) == isRejected(t.status)) std::abort();
  }
}

Reading readOnce(Ack999Reader& r) {
  Ack999Tally tally;
  return readAll(r, [&](const Ack999& a) {
    checkValues(a);
    tally.add(a);
    (void)tally.describe();
    return picture(a);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  readBothWays<Ack999Reader>(input, readOnce, [](const AckReadOptions&, const Reading&) {});
  (void)parse999(input);
  return 0;
}
