// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the 835 reader and its balancing: the same bytes read from a buffer,
// from a stream in uneven chunks and through a claim sink must give the same remittances, the
// same balance problems and the same problem; whatever the reader accepts must pass the
// envelope check with the same summary; every value it hands out must be one posting can use
// (a patient control number on each claim, known adjustment groups, differences that add up).
// Any crash, hang, UB, leak or difference is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/era_835.hpp"
#include "fuzz_support.hpp"

using namespace medoffice::codecs::x12;
using medoffice::fuzz::readAll;
using medoffice::fuzz::readBothWays;
using medoffice::fuzz::Reading;

namespace {

/// A flat picture of one claim, for comparing two readings.
std::string picture(const Claim835& c) {
  std::string out = c.patientControlNumber + "|" + c.status.code + "|" +
                    std::to_string(c.chargeCents) + "|" + std::to_string(c.paidCents) + "|" +
                    c.payerClaimControlNumber + "|" + c.patient.last + "|";
  for (const auto& a : c.adjustments) {
    out += a.group.code + a.reason.code + "=" + std::to_string(a.amountCents) + ",";
  }
  for (const auto& l : c.lines) {
    out += "[" + l.procedure.display() + "/" + l.billedProcedure().display() + "/" +
           std::to_string(l.chargeCents) + "/" + std::to_string(l.paidCents) + "/" +
           l.lineControlNumber + "/";
    for (const auto& a : l.adjustments) out += a.reason.code + "=" + std::to_string(a.amountCents);
    for (const auto& r : l.remarks) out += r + ",";
    out += "]";
  }
  return out;
}

std::string picture(const Remittance& r) {
  std::string out = r.envelope.transactionControl + "|" + r.payment.handling.code + "|" +
                    std::to_string(r.payment.amountCents) + "|" + r.trace.number + "|" +
                    r.payer.name + "|" + r.payee.id + "|" + std::to_string(r.claimCount) + "|" +
                    std::to_string(r.claimsPaidCents) + "|";
  for (const auto& p : r.providerAdjustments) {
    out += p.reason.code + ":" + p.reference + "=" + std::to_string(p.amountCents) + ",";
  }
  return out;
}

std::string picture(const std::vector<BalanceProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.message + "\n";
  return out;
}

void checkValues(const Remittance& r) {
  if (!r.payment.handling.known || !r.payment.method.known || r.payment.amountCents < 0) {
    std::abort();
  }
  if (!r.payment.date || r.trace.number.empty() || r.payer.name.empty() || r.payee.id.empty()) {
    std::abort();
  }
  for (const auto& c : r.claims) {
    if (c.patientControlNumber.empty() || c.status.code.empty() || c.header >= r.headers.size()) {
      std::abort();
    }
    if (c.status.known != !claimStatusMeaning(c.status.code).empty()) std::abort();
    for (const auto& l : c.lines) {
      if (l.procedure.qualifier.size() != 2 || l.procedure.code.empty()) std::abort();
      for (const auto& a : l.adjustments) {
        if (!a.group.known || a.reason.code.empty() || a.reason.meaning.empty()) std::abort();
      }
    }
  }
  for (const auto& p : r.providerAdjustments) {
    if (p.reason.code.empty() || !p.fiscalPeriodEnd) std::abort();
  }
  for (const auto& p : checkBalance(r)) {
    if (p.message.empty()) std::abort();
    if (!p.overflow && p.statedCents - p.computedCents != p.differenceCents) std::abort();
    if (!p.overflow && p.differenceCents == 0) std::abort();
  }
}

/// A remittance, its claims and its balance problems, as one picture.
std::string pictureWithBalance(const Remittance& r) {
  std::string p = picture(r);
  for (const auto& c : r.claims) p += picture(c);
  return p + "\n" + picture(checkBalance(r));
}

Reading readOnce(Era835Reader& r) {
  Era835Tally tally;
  return readAll(r, [&](const Remittance& a) {
    checkValues(a);
    tally.add(a);
    (void)tally.describe();
    return pictureWithBalance(a);
  });
}

/// Through a claim sink: the same claims and balance problems, none kept, the same problem.
void readThroughSink(std::string_view input, const AckReadOptions& options, const Reading& a) {
  Era835Reader sunk(input, options);
  std::string pending;
  std::vector<BalanceProblem> problems;
  sunk.onClaim([&](const Remittance&, const Claim835& c, std::size_t index) {
    pending += picture(c);
    checkClaimBalance(c, index, problems);
  });
  std::vector<std::string> items;
  while (const Remittance* r = sunk.next()) {
    if (!r->claims.empty()) std::abort();
    if (auto p = checkTransactionBalance(*r)) problems.push_back(std::move(*p));
    items.push_back(picture(*r) + pending + "\n" + picture(problems));
    pending.clear();
    problems.clear();
  }
  if (items != a.items) std::abort();
  if ((sunk.problem() ? sunk.problem()->describe() : std::string()) != a.problem) std::abort();
  (void)requireBalanced(Remittance{});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  readBothWays<Era835Reader>(input, readOnce, [&](const AckReadOptions& options, const Reading& a) {
    readThroughSink(input, options, a);
  });
  (void)parse835(input);
  return 0;
}
