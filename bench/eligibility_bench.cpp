// SPDX-License-Identifier: AGPL-3.0-or-later
// Eligibility in process (issue 17, "Performance": "a 271 parse under 50 µs"): one 271 read and
// summarised for the desk, three ways and two sizes, and one 270 written.
//   BM_Parse271Summarize/<size>  the streaming Eligibility271Reader (every envelope and HL
//                                rule), the member found by its trace, summarize() for 30 and
//                                the visit's type (98)
//   BM_Parse271Copy/<size>       the same through x12::parse271(), which copies each transaction
//                                out of the reader (for comparison)
//   BM_Read271/<size>            the same through app::EligibilityFormats::read271, as a check
//                                does: plus the AAA of every level and the summary as JSON
//   BM_Write270                  app::EligibilityFormats::write270 of one subscriber inquiry
// Sizes: 0 is a typical answer (plan, group, dates, 7 benefits: 1.2 KB, the golden active.271);
// 1 is a long one from a payer that lists every service type in and out of network (about 150
// EB segments with messages and dates, about 17 KB).
//   build/h-elig-rel/eligibility_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "codecs/eligibility/x12_eligibility_formats.hpp"
#include "codecs/x12/eligibility_271.hpp"

using namespace medoffice;

namespace {

const char* const kHead =
    "ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*MEDOFFICE      *261215*1030*^*00501*"
    "000000777*0*T*:~GS*HB*ACMEHEALTH*MEDOFFICE*20261215*1030*7*X*005010X279A1~"
    "ST*271*0001*005010X279A1~BHT*0022*11*BATCH42*20261215*1030~HL*1**20*1~"
    "NM1*PR*2*ACME HEALTH*****PI*ACME01~HL*2*1*21*1~"
    "NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893~HL*3*2*22*0~"
    "TRN*2*ELIG-0001*1123456789~NM1*IL*1*DOE*JANE****MI*W123456789~N3*12 MAIN ST~"
    "N4*SPRINGFIELD*IL*62701~DMG*D8*19800214*F~REF*18*PLAN-77~REF*6P*GRP-5500*ACME EMPLOYEES~"
    "DTP*346*D8*20260101~DTP*356*D8*20260101~DTP*357*D8*20261231~";

/// A 271 with `longForm` false: the golden active answer; true: every service type listed.
std::string make271(bool longForm) {
  std::vector<std::string> body;
  body.emplace_back("EB*1*IND*30*PR*ACME GOLD PPO");
  if (!longForm) {
    body.emplace_back("EB*1*IND*1^33^35^47^86^88^98^AL^MH^UC");
    body.emplace_back("EB*B*IND*98*PR*ACME GOLD PPO*27*25.00*****Y");
    body.emplace_back("EB*B*IND*98*PR*ACME GOLD PPO*27*60.00*****N");
    body.emplace_back("EB*B*IND*30*PR*ACME GOLD PPO*27*40.00*****Y");
    body.emplace_back("EB*A*IND*30*PR*ACME GOLD PPO*23**0.2****Y");
    body.emplace_back("MSG*CO-INSURANCE APPLIES AFTER THE DEDUCTIBLE");
    body.emplace_back("EB*A*IND*30*PR*ACME GOLD PPO*23**0.4****N");
    body.emplace_back("EB*C*IND*30*PR*ACME GOLD PPO*23*1500.00*****Y");
    body.emplace_back("DTP*348*D8*20260101");
    body.emplace_back("EB*C*IND*30*PR*ACME GOLD PPO*29*1125.50*****Y");
  } else {
    const char* types[] = {"1",  "2",  "4",  "5",  "6",  "7",  "12", "13", "18", "20", "33",
                           "35", "40", "42", "45", "47", "48", "50", "51", "52", "53", "62",
                           "65", "68", "73", "76", "78", "80", "82", "86", "88", "93", "98",
                           "A4", "A6", "A7", "A8", "AI", "AL", "BG", "BH", "MH", "UC", "30"};
    for (const char* t : types) {
      for (const char* net : {"Y", "N"}) {
        char seg[160];
        const bool in = net[0] == 'Y';
        std::snprintf(seg, sizeof seg, "EB*B*IND*%s*PR*ACME GOLD PPO*27*%s*****%s", t,
                      in ? "40.00" : "80.00", net);
        body.emplace_back(seg);
        std::snprintf(seg, sizeof seg, "EB*A*IND*%s*PR*ACME GOLD PPO*23**%s****%s", t,
                      in ? "0.2" : "0.4", net);
        body.emplace_back(seg);
        if (in) body.emplace_back("MSG*PRIOR AUTHORIZATION MAY BE REQUIRED FOR THIS SERVICE");
      }
      char seg[160];
      std::snprintf(seg, sizeof seg, "EB*C*IND*%s*PR*ACME GOLD PPO*23*1500.00*****Y", t);
      body.emplace_back(seg);
      body.emplace_back("DTP*348*D8*20260101");
    }
    body.emplace_back("EB*C*FAM*30*PR*ACME GOLD PPO*23*3000.00*****Y");
    body.emplace_back("EB*C*FAM*30*PR*ACME GOLD PPO*29*2750.00*****Y");
    body.emplace_back("EB*C*IND*30*PR*ACME GOLD PPO*29*1125.50*****Y");
  }
  std::string out = kHead;
  for (const auto& s : body) out += s + "~";
  // ST … SE: ST, BHT, 3 HL with their NM1, TRN, N3, N4, DMG, 2 REF, 3 DTP = 17 before the body.
  out += "SE*" + std::to_string(17 + body.size() + 1) + "*0001~GE*1*7~IEA*1*000000777~";
  return out;
}

const std::string& input(std::int64_t size) {
  static const std::string small = make271(false);
  static const std::string large = make271(true);
  return size == 0 ? small : large;
}

void BM_Parse271Summarize(benchmark::State& state) {
  const std::string& x = input(state.range(0));
  for (auto _ : state) {
    codecs::x12::Eligibility271Reader reader(x);
    std::optional<codecs::x12::EligibilitySummary> summary;
    while (const auto* t = reader.next()) {
      if (const auto* member = t->byTrace("ELIG-0001")) {
        summary = codecs::x12::summarize(*member, "98");
      }
    }
    if (reader.problem() || !summary) {
      state.SkipWithError("the 271 did not read");
      return;
    }
    benchmark::DoNotOptimize(summary);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * x.size()));
  state.counters["bytes"] = static_cast<double>(x.size());
}
BENCHMARK(BM_Parse271Summarize)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Parse271Copy(benchmark::State& state) {
  const std::string& x = input(state.range(0));
  for (auto _ : state) {
    auto parsed = codecs::x12::parse271(x);
    if (!parsed) {
      state.SkipWithError(parsed.error().message.c_str());
      return;
    }
    auto summary = codecs::x12::summarize(*parsed->front().byTrace("ELIG-0001"), "98");
    benchmark::DoNotOptimize(summary);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * x.size()));
}
BENCHMARK(BM_Parse271Copy)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Read271(benchmark::State& state) {
  const std::string& x = input(state.range(0));
  codecs::X12EligibilityFormats formats;
  for (auto _ : state) {
    auto answer = formats.read271(x, "ELIG-0001", "98");
    if (!answer) {
      state.SkipWithError(answer.error().message.c_str());
      return;
    }
    benchmark::DoNotOptimize(answer);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * x.size()));
  state.counters["bytes"] = static_cast<double>(x.size());
}
BENCHMARK(BM_Read271)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Write270(benchmark::State& state) {
  codecs::X12EligibilityFormats formats;
  app::EligibilityInquiry q;
  q.senderId = "SUB1";
  q.receiverId = "CH1";
  q.applicationSender = "SUB1";
  q.applicationReceiver = "CH1";
  q.date = *domain::Date::parse("2026-12-14");
  q.hour = 18;
  q.interchange = 123;
  q.group = 45;
  q.transaction = 67;
  q.reference = "MO1-5-123";
  q.traceOriginator = "1364455667";
  q.payerName = "Acme Health";
  q.payerId = "ACME01";
  q.providerName = "Maple Family Practice";
  q.npi = "1234567893";
  q.memberId = "W123456789";
  q.subscriber = {"Doe", "Jane", domain::Date::parse("1980-02-14"), domain::claims::Sex::kFemale};
  q.serviceDate = *domain::Date::parse("2026-12-15");
  q.serviceTypes = {"30", "98"};
  q.traceNumber = "MO1-5-123";
  for (auto _ : state) {
    auto x = formats.write270(q);
    if (!x) {
      state.SkipWithError(x.error().message.c_str());
      return;
    }
    benchmark::DoNotOptimize(x);
  }
}
BENCHMARK(BM_Write270)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
