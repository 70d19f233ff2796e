// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the 277CA reader: the same bytes read from a buffer and from a stream in
// uneven chunks must give the same claims and the same problem; whatever the reader accepts must
// pass the envelope check with the same summary; every claim it hands out must carry what the
// claims use case matches on (a patient control number, a status, a provider and receiver in
// range). Any crash, hang, UB, leak or difference is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/ack_277ca.hpp"
#include "fuzz_support.hpp"

using namespace medoffice::codecs::x12;
using medoffice::fuzz::readAll;
using medoffice::fuzz::readBothWays;
using medoffice::fuzz::Reading;

namespace {

std::string picture(const Ack277CA& a) {
  std::string out = a.envelope.transactionControl + "|" + a.reference + "|";
  for (const auto& r : a.receivers) out += r.trace + "," + std::to_string(r.statuses.size()) + ";";
  for (const auto& c : a.claims) {
    out += c.patientControlNumber + "/" + c.payerClaimControlNumber + "/" + c.clearinghouseTrace +
           "/" + std::string(toString(c.disposition())) + "/" +
           std::to_string(c.chargeCents.value_or(-1)) + "/" + std::to_string(c.lines.size());
    for (const auto& l : c.lines) out += "[" + l.lineControlNumber + "]";
    out += ";";
  }
  return out;
}

void checkValues(const Ack277CA& a) {
  if (a.sources.empty() || a.receivers.empty()) std::abort();
  for (const auto& p : a.receivers) {
    if (p.parent >= a.sources.size()) std::abort();
  }
  for (const auto& p : a.providers) {
    if (p.parent >= a.receivers.size()) std::abort();
  }
  for (const auto& c : a.claims) {
    if (c.patientControlNumber.empty() || c.statuses.empty()) std::abort();
    if (c.provider >= a.providers.size()) std::abort();
    (void)a.receiverOf(c).trace;
    if (c.serviceFrom.has_value() != c.serviceTo.has_value()) std::abort();
    if (c.serviceFrom && *c.serviceTo < *c.serviceFrom) std::abort();
    for (const auto& st : c.statuses) {
      if (st.codes.empty()) std::abort();
      for (const auto& code : st.codes) {
        if (code.category.empty() || code.categoryText.empty()) std::abort();
        if (code.disposition != categoryDisposition(code.category)) std::abort();
      }
    }
    for (const auto& l : c.lines) {
      if (l.statuses.empty() || l.procedureCode.empty()) std::abort();
    }
  }
}

Reading readOnce(Ack277CAReader& r) {
  Ack277CATally tally;
  return readAll(r, [&](const Ack277CA& a) {
    checkValues(a);
    tally.add(a);
    (void)tally.describe();
    return picture(a);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  readBothWays<Ack277CAReader>(input, readOnce, [](const AckReadOptions&, const Reading&) {});
  (void)parse277CA(input);
  return 0;
}
