// SPDX-License-Identifier: AGPL-3.0-or-later
// Micro-benchmarks of the security primitives on a request's path: the Argon2id password hash
// (sign-in; the issue asks for parameters costing about 50-100 ms), the audit chain MAC and the
// session-token hash.
#include <benchmark/benchmark.h>

#include "domain/security/audit.hpp"
#include "integrations/crypto/sodium_security.hpp"

using namespace medoffice;

namespace {
constexpr std::string_view kPassword = "Correct-horse-battery-staple-42";

// Arguments: opslimit, memlimit in MiB. The first row is what MedOffice uses.
void BM_Argon2idVerify(benchmark::State& state) {
  integrations::SodiumPasswordHasher hasher(static_cast<unsigned long long>(state.range(0)),
                                            static_cast<std::size_t>(state.range(1)) << 20);
  const std::string hash = hasher.hash(kPassword);
  for (auto _ : state) benchmark::DoNotOptimize(hasher.verify(hash, kPassword));
}
BENCHMARK(BM_Argon2idVerify)
    ->Args({static_cast<long>(integrations::SodiumPasswordHasher::kOpsLimit),
            static_cast<long>(integrations::SodiumPasswordHasher::kMemLimit >> 20)})
    ->Args({1, 46})
    ->Args({2, 19})
    ->Args({2, 46})
    ->Args({1, 64})
    ->Args({2, 32})
    ->Args({2, 64})
    ->Args({3, 64})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(10);

integrations::MasterKey benchKey() {
  integrations::MasterKey key;
  key.bytes.fill(0x5a);
  return key;
}

void BM_AuditMac(benchmark::State& state) {
  integrations::SodiumSecrets secrets(benchKey());
  domain::AuditEvent e;
  e.seq = 123456;
  e.username = "frontdesk";
  e.ip = "192.0.2.10";
  e.userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36";
  e.resourceType = "Patient";
  e.resourceId = "98765";
  e.prevMac = std::string(64, 'a');
  for (auto _ : state) benchmark::DoNotOptimize(secrets.auditMac(domain::canonicalAuditText(e)));
}
BENCHMARK(BM_AuditMac);

void BM_SessionTokenHash(benchmark::State& state) {
  integrations::SodiumSecrets secrets(benchKey());
  const std::string token = secrets.randomToken(32);
  for (auto _ : state) benchmark::DoNotOptimize(secrets.sha256(token));
}
BENCHMARK(BM_SessionTokenHash);
}  // namespace

BENCHMARK_MAIN();
