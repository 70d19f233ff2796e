// SPDX-License-Identifier: AGPL-3.0-or-later
// 837P generation (issue 16, point 2; target ≥ 100,000 claims/s without the database read):
// 100,000 claims of two lines each written by codecs/x12 write837P into one string, as 20
// interchanges of 5,000 claims (the guide's limit per transaction). The claims are built in
// memory first, as the database read would give them: 5,000 distinct claims (a quarter of them
// for dependents, a third with a rendering provider other than the billing provider, 40
// billing providers) written 20 times with new control numbers. Validation, the HL tree, text
// cleaning and the envelope are all inside the measured loop.
//   build/h-837-rel/x12_837p_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "codecs/x12/claim_837p.hpp"
#include "domain/claims/sample_claims.hpp"

using namespace medoffice;
using namespace medoffice::codecs::x12;
namespace claims = medoffice::domain::claims;

namespace {

constexpr std::size_t kBatch = kMaxClaimsPerTransaction;
constexpr std::size_t kBatches = 20;  // 100,000 claims per iteration

/// A small deterministic generator (no floating point: amounts are cents).
class Lcg {
 public:
  std::uint32_t next(std::uint32_t bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state_ >> 33) % bound;
  }

 private:
  std::uint64_t state_ = 20261005;
};

std::vector<claims::Claim> batch() {
  static const char* const kFamily[] = {"Smith",  "Johnson", "Williams", "Brown",  "García",
                                        "Miller", "Davis",   "Martínez", "Okafor", "Nguyen"};
  static const char* const kGiven[] = {"Jane", "John", "María", "Ada", "Liam", "Emma", "Noah"};
  static const char* const kCodes[] = {"99213", "99214", "99203", "36415", "85025",
                                       "80053", "93000", "90471", "97110", "99395"};
  static const char* const kDx[] = {"J20.9", "R05.1", "E11.9", "I10", "M54.50", "Z00.00"};
  Lcg rng;
  std::vector<claims::Claim> out;
  out.reserve(kBatch);
  for (std::size_t i = 0; i < kBatch; ++i) {
    claims::Claim c = claims::samples::claim(std::to_string(500000 + i));
    c.billingProvider.npi = "12453195" + std::to_string(10 + i % 40);
    c.billingProvider.taxId = std::to_string(100000000 + i % 40);
    c.subscriber.name = claims::PartyName::person(kFamily[rng.next(10)], kGiven[rng.next(7)]);
    c.subscriber.memberId = "W" + std::to_string(100000000 + rng.next(900000000));
    if (rng.next(4) == 0) {
      c.patient = claims::samples::dependent();
      c.patient->name.first = kGiven[rng.next(7)];
    }
    if (rng.next(3) == 0) c.renderingProvider = claims::samples::renderingProvider();
    c.diagnoses = {kDx[rng.next(6)], kDx[rng.next(6)]};
    for (auto& l : c.lines) {
      l.procedureCode = kCodes[rng.next(10)];
      l.charge = domain::Money::fromCents(1000 + rng.next(40000));
    }
    out.push_back(std::move(c));
  }
  return out;
}

Transmission837P transmission(std::size_t n) {
  Transmission837P t;
  t.interchange.senderId = "MEDOFFICE01";
  t.interchange.receiverId = "12345";
  t.interchange.date = *domain::Date::fromYmd(2026, 10, 5);
  t.interchange.time = {9, 30};
  t.group.senderCode = "MEDOFFICE01";
  t.group.receiverCode = "12345";
  t.group.date = t.interchange.date;
  t.group.time = t.interchange.time;
  t.batchReference = "B" + std::to_string(n);
  t.created = t.interchange.date;
  t.createdTime = t.interchange.time;
  return t;
}

void run(benchmark::State& state, bool withMap) {
  const std::vector<claims::Claim> claims = batch();
  std::vector<Transmission837P> headers;
  for (std::size_t b = 0; b < kBatches; ++b) headers.push_back(transmission(b + 1));
  std::string out;
  out.reserve(std::size_t{80} << 20);
  SegmentMap map;
  std::uint32_t control = 1;
  std::size_t written = 0;
  for (auto _ : state) {
    out.clear();
    StringSink sink(out);
    for (std::size_t b = 0; b < kBatches; ++b) {
      CountingControlNumbers numbers(control, control, control);
      ++control;
      auto r = write837P(claims, headers[b], sink, numbers, {}, withMap ? &map : nullptr);
      if (!r) {
        state.SkipWithError(r.error().message.c_str());
        return;
      }
      written += r->claims;
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["claims_per_s"] =
      benchmark::Counter(static_cast<double>(written), benchmark::Counter::kIsRate);
  state.counters["bytes_per_claim"] =
      static_cast<double>(out.size()) / static_cast<double>(kBatch * kBatches);
  state.SetBytesProcessed(static_cast<std::int64_t>(out.size()) * state.iterations());
}

void BM_X12Write837P(benchmark::State& state) {
  run(state, false);
}
void BM_X12Write837PWithSegmentMap(benchmark::State& state) {
  run(state, true);
}

BENCHMARK(BM_X12Write837P)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_X12Write837PWithSegmentMap)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
