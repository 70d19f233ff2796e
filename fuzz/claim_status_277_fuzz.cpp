// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the 277 claim status reader (005010X212): the same bytes read from a
// buffer and from a stream in uneven chunks must give the same answers and the same problem;
// whatever the reader accepts must pass the envelope check with the same summary; every claim
// it hands out must carry what the claims use case matches and decides on (a trace, a current
// status with a category, parties in range) and describe itself. Any crash, hang, UB, leak or
// difference is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "codecs/x12/claim_status_277.hpp"
#include "fuzz_support.hpp"

using namespace medoffice::codecs::x12;
using medoffice::fuzz::readAll;
using medoffice::fuzz::readBothWays;
using medoffice::fuzz::Reading;

namespace {

std::string picture(const ClaimStatusResponse277& a) {
  std::string out = a.envelope.transactionControl + "|" + a.reference + "|";
  for (const auto& c : a.claims) {
    out += c.trace + "/" + c.payerClaimNumber + "/" + c.patientAccountNumber + "/" +
           describeDisposition(c) + "/" + std::to_string(c.lines.size()) + ";";
  }
  return out;
}

void checkValues(const ClaimStatusResponse277& a) {
  if (a.sources.empty() || a.receivers.empty()) std::abort();
  for (const auto& c : a.claims) {
    if (c.trace.empty() || c.statuses.empty() || c.current().status.codes.empty()) std::abort();
    if (c.current().status.codes.front().category.empty()) std::abort();
    if (c.provider >= a.providers.size()) std::abort();
    if (a.byTrace(c.trace) == nullptr) std::abort();
    if (c.serviceFrom.has_value() != c.serviceTo.has_value()) std::abort();
    for (const auto& l : c.lines) {
      if (l.statuses.empty() || l.procedureCode.empty()) std::abort();
    }
  }
}

Reading readOnce(ClaimStatus277Reader& r) {
  return readAll(r, [&](const ClaimStatusResponse277& a) {
    checkValues(a);
    return picture(a);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  readBothWays<ClaimStatus277Reader>(input, readOnce, [](const AckReadOptions&, const Reading&) {});
  (void)parse277(input);
  return 0;
}
