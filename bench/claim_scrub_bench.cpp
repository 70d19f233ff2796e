// SPDX-License-Identifier: AGPL-3.0-or-later
// Claim scrubbing (issue 16, point 3; target ≥ 50,000 claims/s with the default rules): 100,000
// claims of two lines each scrubbed with domain::claims::defaultRules() per iteration, as 10,000
// distinct claims (a quarter for dependents, a third with a rendering provider, 40 billing
// providers, one in twenty with a problem to report) scrubbed 10 times. The code-set questions
// are answered from the default code set in memory, and the duplicate check looks each line up
// in an index of 10,000 claims billed a month earlier: the work a scrub does once the caller has
// loaded the claim and those facts.
//   build/h-scrub-rel/claim_scrub_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "domain/claims/default_rules.hpp"
#include "domain/claims/sample_claims.hpp"
#include "domain/claims/scrub_support_for_test.hpp"
#include "domain/claims/scrubber.hpp"
#include "domain/common/validation.hpp"

using namespace medoffice;
namespace claims = medoffice::domain::claims;

namespace {

constexpr std::size_t kDistinct = 10'000;
constexpr std::size_t kRounds = 10;  // 100,000 claims per iteration

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

std::string npi(std::size_t i) {
  const std::string base = std::to_string(124531000 + i);
  return base + domain::validation::npiCheckDigit(base);
}

std::vector<claims::Claim> makeClaims(int serviceMonth, std::size_t firstPcn) {
  static const char* const kFamily[] = {"Smith",  "Johnson", "Williams", "Brown",  "García",
                                        "Miller", "Davis",   "Martínez", "Okafor", "Nguyen"};
  static const char* const kGiven[] = {"Jane", "John", "María", "Ada", "Liam", "Emma", "Noah"};
  static const char* const kCodes[] = {"99213", "99214", "99203", "36415", "85025",
                                       "80053", "93000", "90471", "81002", "99395"};
  static const char* const kDx[] = {"J20.9", "R05.1", "E11.9", "I10", "M54.50", "Z00.00"};
  Lcg rng;
  std::vector<claims::Claim> out;
  out.reserve(kDistinct);
  for (std::size_t i = 0; i < kDistinct; ++i) {
    claims::Claim c = claims::samples::claim(std::to_string(firstPcn + i));
    c.billingProvider.npi = npi(i % 40);
    c.billingProvider.taxId = std::to_string(100000001 + i % 40);
    c.subscriber.name = claims::PartyName::person(kFamily[rng.next(10)], kGiven[rng.next(7)]);
    c.subscriber.memberId = "W" + std::to_string(100000000 + rng.next(900000000));
    if (rng.next(4) == 0) {
      c.patient = claims::samples::dependent();
      c.patient->name.first = kGiven[rng.next(7)];
    }
    if (rng.next(3) == 0) c.renderingProvider = claims::samples::renderingProvider();
    c.diagnoses = {kDx[rng.next(3)], kDx[rng.next(3) + 3]};  // two different ones
    for (std::size_t k = 0; k < c.lines.size(); ++k) {
      auto& l = c.lines[k];
      l.procedureCode = kCodes[rng.next(5) + 5 * k];  // two different codes per claim
      l.charge = domain::Money::fromCents(1000 + rng.next(40000));
      l.serviceDate = *domain::Date::fromYmd(2026, serviceMonth, 1 + static_cast<int>(i % 28));
    }
    if (i % 20 == 0) c.lines[1].diagnosisPointers = {3};  // one claim in twenty has an error
    out.push_back(std::move(c));
  }
  return out;
}

void BM_ScrubDefaultRules(benchmark::State& state) {
  const std::vector<claims::Claim> batch = makeClaims(9, 500000);
  claims::BilledServices billed;
  for (const auto& c : makeClaims(8, 400000)) billed.add(c);
  claims::ScrubContext ctx;
  ctx.today = *domain::Date::fromYmd(2026, 10, 5);
  ctx.payerClaimFilingIndicator = "CI";
  ctx.payerTimelyFilingDays = 180;
  ctx.codes = claims::defaultCodeIndexForTest().check();
  ctx.alreadyBilled = [&billed](const claims::BilledService& s) { return billed.find(s); };
  const auto& rules = claims::defaultRules();

  std::size_t findings = 0;
  std::size_t blocked = 0;
  for (auto _ : state) {
    findings = 0;
    blocked = 0;
    for (std::size_t round = 0; round < kRounds; ++round) {
      for (const auto& c : batch) {
        const auto f = claims::scrub(c, rules, ctx);
        findings += f.size();
        blocked += claims::batchable(f) ? 0 : 1;
        benchmark::DoNotOptimize(f.data());
      }
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kDistinct * kRounds));
  state.counters["claims"] = static_cast<double>(kDistinct * kRounds);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["not_batchable"] = static_cast<double>(blocked);
  state.counters["claims_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kDistinct * kRounds), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScrubDefaultRules)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
