// SPDX-License-Identifier: AGPL-3.0-or-later
// Micro-benchmarks of the request decoding path and the validators it calls.
#include <benchmark/benchmark.h>

#include "codecs/json/json_reader.hpp"
#include "codecs/json/registry_json.hpp"
#include "domain/common/validation.hpp"
#include "domain/patients/patient.hpp"

using namespace medoffice;

namespace {
const std::string kPatient =
    R"({"family_name":"Doe","given_name":"Jane","birth_date":"1980-02-03","sex":"female",)"
    R"("phone":"+12175550123","email":"jane.doe@example.org","address":{"line1":"1 Main St",)"
    R"("city":"Springfield","state":"IL","postal_code":"62701"},"emergency_contact":{"name":)"
    R"("John Doe","relationship":"spouse","phone":"+12175550124"}})";

void BM_DecodeAndValidatePatient(benchmark::State& state) {
  const domain::Date today = *domain::Date::parse("2026-11-26");
  for (auto _ : state) {
    auto doc = codecs::parseObject(kPatient);
    auto p = codecs::decodePatient(*doc);
    benchmark::DoNotOptimize(domain::validate(*p, today));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPatient.size()));
}
BENCHMARK(BM_DecodeAndValidatePatient);

void BM_EncodePatient(benchmark::State& state) {
  auto p = *codecs::decodePatient(*codecs::parseObject(kPatient));
  for (auto _ : state) benchmark::DoNotOptimize(codecs::toJson(p));
}
BENCHMARK(BM_EncodePatient);

void BM_NpiCheck(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(domain::validation::isValidNpi("1234567893"));
}
BENCHMARK(BM_NpiCheck);

void BM_NameSearchKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(domain::nameSearchKey("Castañeda-O'Brien"));
}
BENCHMARK(BM_NameSearchKey);
}  // namespace

BENCHMARK_MAIN();
