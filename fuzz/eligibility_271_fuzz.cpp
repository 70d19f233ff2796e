// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the 271 reader and its summary: the same bytes read from a buffer and
// from a stream in uneven chunks must give the same answers and the same problem; whatever
// the reader accepts must pass the envelope check with the same summary; every value it hands
// out must be one the front desk can show (a reason in words for every AAA, known codes with a
// meaning, non-negative percents). Any crash, hang, UB, leak or difference is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/eligibility_271.hpp"
#include "fuzz_support.hpp"

using namespace medoffice::codecs::x12;
using medoffice::fuzz::readAll;
using medoffice::fuzz::readBothWays;
using medoffice::fuzz::Reading;

namespace {

std::string picture(const Eligibility271& a) {
  std::string out = a.envelope.transactionControl + "|" + a.reference + "|";
  for (const auto& p : a.sources)
    out += p.name + "/" + p.id + "/" + std::to_string(p.rejections.size()) + ",";
  for (const auto& p : a.receivers)
    out += p.name + "/" + p.id + "/" + std::to_string(p.rejections.size()) + ",";
  for (const auto& m : a.members) {
    out += "[" + m.trace + "/" + m.memberId + "/" + m.lastName + "/" + m.groupNumber + "/";
    for (const auto& r : m.rejections) out += r.describe() + ";";
    for (const auto& b : m.benefits) {
      out += b.information.code + ":" + std::to_string(b.amountCents.value_or(-1)) + ":" +
             std::to_string(b.percentBasisPoints.value_or(-1)) + ":" + std::string(b.inNetwork) +
             ",";
    }
    out += "]";
  }
  return out;
}

void checkValues(const Eligibility271& a) {
  auto checkRejection = [](const Rejection271& r) {
    if (r.reason.code.empty() || r.reason.meaning.empty() || r.describe().empty()) std::abort();
    if (r.reason.known != !rejectReasonMeaning(r.reason.code).empty()) std::abort();
    if (r.loop.empty()) std::abort();
  };
  if (a.sources.empty()) std::abort();
  for (const auto& p : a.sources)
    for (const auto& r : p.rejections) checkRejection(r);
  for (const auto& p : a.receivers)
    for (const auto& r : p.rejections) checkRejection(r);
  for (const auto& m : a.members) {
    if (m.receiver >= a.receivers.size() || m.subscriber >= a.members.size()) std::abort();
    for (const auto& r : m.rejections) checkRejection(r);
    for (const auto& b : m.benefits) {
      if (b.information.code.empty() || b.information.meaning.empty()) std::abort();
      if (b.percentBasisPoints && *b.percentBasisPoints < 0) std::abort();
      if (b.quantityQualifier.empty() != !b.quantityThousandths.has_value()) std::abort();
    }
    for (std::string_view type : {"30", "98", ""}) {
      const EligibilitySummary s = summarize(m, type);
      if (s.rejections.size() != m.rejections.size()) std::abort();
      if (s.general.serviceType != "30") std::abort();
    }
  }
}

Reading readOnce(Eligibility271Reader& r) {
  return readAll(r, [&](const Eligibility271& a) {
    checkValues(a);
    return picture(a);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  readBothWays<Eligibility271Reader>(input, readOnce, [](const AckReadOptions&, const Reading&) {});
  (void)parse271(input);
  return 0;
}
