// SPDX-License-Identifier: AGPL-3.0-or-later
// 835 reading and balancing in process (issue 17, "Performance"), on a generated remittance of
// about 24 MB: 50,000 claim loops in 100 transactions of 500, 1 to 4 service lines each, with
// contractual (CO-45) and patient (PR-1 deductible, PR-2 coinsurance, PR-3 co-pay) line CAS,
// REF*6R, AMT*B6, some LQ*HE remarks, MOA, denials (CO-50, nothing paid), reversals (CLP02 22,
// every amount negated) each followed by its correction, and PLB interest and recoupments.
//   build/h-era-rel/era_835_bench                        run the benchmarks
//   build/h-era-rel/era_835_bench --era_835_write=FILE   write the same file (for x12 check)
// MB/s in Google Benchmark's output are MiB/s (bytes_per_second / 2^20); the figures in
// docs/performance.md are 10^6 bytes per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/envelope.hpp"
#include "codecs/x12/era_835.hpp"

using namespace medoffice::codecs::x12;

namespace {

/// A small deterministic generator (amounts are cents: no floating point).
class Lcg {
 public:
  std::uint32_t next(std::uint32_t bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state_ >> 33) % bound;
  }

 private:
  std::uint64_t state_ = 20261204;
};

/// Cents as an X12 decimal ("-12.50").
std::string amount(std::int64_t cents) {
  char buf[32];
  const std::int64_t m = cents < 0 ? -cents : cents;
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>(m / 100), static_cast<long long>(m % 100));
  return buf;
}

struct Line {
  std::string code;
  std::int64_t charge = 0;
  std::int64_t paid = 0;
  std::int64_t contractual = 0;  // CO-45, or CO-50 for a denial
  std::int64_t deductible = 0;   // PR-1
  std::int64_t coinsurance = 0;  // PR-2
  std::int64_t copay = 0;        // PR-3
  bool denied = false;
};

struct Claim {
  std::string pcn;
  std::string icn;
  std::vector<Line> lines;
  std::int64_t charge = 0;
  std::int64_t paid = 0;
  std::int64_t patient = 0;
};

Claim adjudicate(Lcg& rng, std::uint64_t number, bool denial) {
  static const char* const kCodes[] = {"99213",    "99214", "99203", "36415", "85025",
                                       "80053",    "93000", "90471", "97110", "99213:25",
                                       "20610:RT", "11721", "G0439", "81002"};
  Claim c;
  c.pcn = "C" + std::to_string(100000000 + number);
  c.icn = "26338" + std::to_string(4000000 + number);
  const std::uint32_t lines = 1 + rng.next(4);
  for (std::uint32_t i = 0; i < lines; ++i) {
    Line l;
    l.code = kCodes[rng.next(std::size(kCodes))];
    l.charge = 2500 + rng.next(32500);
    if (denial) {
      l.denied = true;
      l.contractual = l.charge;
    } else {
      const std::int64_t allowed = l.charge * (55 + rng.next(40)) / 100;
      l.contractual = l.charge - allowed;
      switch (rng.next(4)) {
        case 0:
          l.deductible = std::min<std::int64_t>(allowed, 1000 + rng.next(5000));
          l.coinsurance = (allowed - l.deductible) / 5;
          break;
        case 1:
          l.coinsurance = allowed / 5;
          break;
        case 2:
          l.copay = std::min<std::int64_t>(allowed, 2000);
          break;
        default:
          break;
      }
      l.paid = allowed - l.deductible - l.coinsurance - l.copay;
    }
    c.charge += l.charge;
    c.paid += l.paid;
    c.patient += l.deductible + l.coinsurance + l.copay;
    c.lines.push_back(std::move(l));
  }
  return c;
}

/// Writes one claim loop; `sign` -1 writes it as its reversal (CLP02 22, every amount negated,
/// no patient responsibility).
void writeClaim(std::string& out, std::size_t& segments, const Claim& c, int sign, Lcg& rng) {
  const auto seg = [&](const std::string& s) {
    out += s;
    out += "~\n";
    ++segments;
  };
  const bool reversal = sign < 0;
  seg("CLP*" + c.pcn + (reversal ? "*22*" : "*1*") + amount(sign * c.charge) + "*" +
      amount(sign * c.paid) + "*" + (reversal ? std::string() : amount(c.patient)) + "*12*" +
      c.icn + "*11*1");
  seg("NM1*QC*1*OKAFOR*ADA****MI*W" + std::to_string(200000000 + rng.next(99999999)));
  if (rng.next(3) == 0) seg("NM1*82*1*KILDARE*BEN****XX*1999996666");
  if (rng.next(8) == 0) seg("MOA***MA01");
  seg("DTM*232*20261101");
  seg("DTM*233*20261101");
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const Line& l = c.lines[i];
    seg("SVC*HC:" + l.code + "*" + amount(sign * l.charge) + "*" + amount(sign * l.paid) +
        (reversal ? "**-1" : "**1"));
    seg("DTM*472*20261101");
    seg(std::string("CAS*CO*") + (l.denied ? "50*" : "45*") + amount(sign * l.contractual));
    if (l.deductible != 0 || l.coinsurance != 0 || l.copay != 0) {
      std::string pr = "CAS*PR";
      if (l.deductible != 0) pr += "*1*" + amount(sign * l.deductible) + "*";
      if (l.coinsurance != 0) pr += "*2*" + amount(sign * l.coinsurance) + "*";
      if (l.copay != 0) pr += "*3*" + amount(sign * l.copay) + "*";
      pr.pop_back();
      seg(pr);
    }
    seg("REF*6R*" + c.pcn + "-" + std::to_string(i + 1));
    if (!l.denied) seg("AMT*B6*" + amount(sign * (l.charge - l.contractual)));
    if (l.denied) seg("LQ*HE*N130");
  }
}

constexpr std::size_t kTransactions = 100;
constexpr std::size_t kClaimsPerTransaction = 500;

/// The benchmark file: one interchange, one group, kTransactions 835s.
const std::string& file835() {
  static const std::string text = [] {
    std::string out;
    out.reserve(26u << 20);
    out +=
        "ISA*00*          *00*          *ZZ*PAYER01        *ZZ*PRACTICE01     *261204*1200*^*"
        "00501*000000101*0*P*:~\n"
        "GS*HP*PAYER01*PRACTICE01*20261204*1200*101*X*005010X221A1~\n";
    Lcg rng;
    std::uint64_t number = 0;
    for (std::size_t t = 1; t <= kTransactions; ++t) {
      std::string body;
      std::size_t segments = 0;
      std::int64_t paid = 0;
      for (std::size_t k = 0; k < kClaimsPerTransaction; ++k) {
        if (k % 25 == 24) {
          // A reversal of an earlier payment and its correction: two claim loops.
          const Claim original = adjudicate(rng, number - 7, false);
          writeClaim(body, segments, original, -1, rng);
          const Claim corrected = adjudicate(rng, number - 7, false);
          writeClaim(body, segments, corrected, 1, rng);
          paid += corrected.paid - original.paid;
          ++k;
          continue;
        }
        const Claim c = adjudicate(rng, number++, k % 10 == 3);
        writeClaim(body, segments, c, 1, rng);
        paid += c.paid;
      }
      const std::int64_t interest = -static_cast<std::int64_t>(100 + rng.next(900));
      const std::int64_t recoupment = 2000 + rng.next(8000);
      const std::string st = std::to_string(1000 + t);
      std::string head = "ST*835*" + st + "~\n";
      head += "BPR*I*" + amount(paid - interest - recoupment) +
              "*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*011000028*DA*987654321*"
              "20261204~\n";
      head += "TRN*1*EFT" + st + "*1512345678~\nREF*EV*PRACTICE01~\nDTM*405*20261203~\n";
      head += "N1*PR*PRAIRIE HEALTH PLAN~\nN3*1 INSURANCE WAY~\nN4*SPRINGFIELD*IL*62701~\n";
      head += "REF*2U*PHP01~\nPER*CX*CLAIMS*TE*8005550100~\nPER*BL*EDI SUPPORT*TE*8005550101~\n";
      head += "N1*PE*PRAIRIE MEDICINE*XX*1245678903~\nREF*TJ*364455667~\nLX*1~\n";
      const std::size_t headSegments = 14;  // ST to LX
      out += head;
      out += body;
      out += "PLB*1245678903*20261231*L6:INT" + st + "*" + amount(interest) + "*WO:" + st +
             "RECOUP*" + amount(recoupment) + "~\n";
      out += "SE*" + std::to_string(headSegments + segments + 2) + "*" + st + "~\n";
    }
    out += "GE*" + std::to_string(kTransactions) + "*101~\nIEA*1*000000101~\n";
    return out;
  }();
  return text;
}

/// A PullSource over the file in 1 MiB reads, as `x12 check` reads a file.
PullSource chunks(const std::string& text, std::size_t& pos) {
  return [&text, &pos](char* buf, std::size_t cap) -> std::ptrdiff_t {
    const std::size_t n = std::min(cap, text.size() - pos);
    std::memcpy(buf, text.data() + pos, n);
    pos += n;
    return static_cast<std::ptrdiff_t>(n);
  };
}

/// Reads with a claim sink (memory bounded by the largest claim) and balances every claim, line
/// and transaction, as `x12 check` does.
template <class Make>
void readAndBalance(benchmark::State& state, Make make) {
  const std::string& text = file835();
  std::uint64_t claims = 0;
  for (auto _ : state) {
    auto reader = make(text);
    Era835Tally tally;
    reader->onClaim(
        [&tally](const Remittance&, const Claim835& c, std::size_t k) { tally.addClaim(c, k); });
    while (const Remittance* r = reader->next()) tally.add(*r);
    if (reader->problem()) {
      state.SkipWithError(reader->problem()->describe().c_str());
      return;
    }
    if (tally.unbalanced != 0) {
      state.SkipWithError(tally.firstProblem.c_str());
      return;
    }
    claims += tally.claims;
    benchmark::DoNotOptimize(tally.paidCents);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(claims));
}

void BM_Era835ReadAndBalanceFromMemory(benchmark::State& state) {
  readAndBalance(state,
                 [](const std::string& text) { return std::make_unique<Era835Reader>(text); });
}
BENCHMARK(BM_Era835ReadAndBalanceFromMemory)->Unit(benchmark::kMillisecond);

void BM_Era835ReadAndBalanceFromStream(benchmark::State& state) {
  std::size_t pos = 0;
  readAndBalance(state, [&pos](const std::string& text) {
    pos = 0;
    AckReadOptions o;
    o.tokenizer.chunkBytes = std::size_t{1} << 20;
    return std::make_unique<Era835Reader>(chunks(text, pos), o);
  });
}
BENCHMARK(BM_Era835ReadAndBalanceFromStream)->Unit(benchmark::kMillisecond);

/// The whole object model: every remittance with its claims kept (memory grows with the
/// file), then checkBalance on each.
void BM_Era835Parse835AndCheckBalance(benchmark::State& state) {
  const std::string& text = file835();
  for (auto _ : state) {
    auto all = parse835(text);
    if (!all) {
      state.SkipWithError(all.error().message.c_str());
      return;
    }
    std::size_t problems = 0;
    for (const Remittance& r : *all) problems += checkBalance(r).size();
    if (problems != 0) {
      state.SkipWithError("the generated file does not balance");
      return;
    }
    benchmark::DoNotOptimize(all->size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Era835Parse835AndCheckBalance)->Unit(benchmark::kMillisecond);

/// For reference: the envelope check alone on the same file (no 835 loops, no balancing).
void BM_Era835EnvelopeCheckOnly(benchmark::State& state) {
  const std::string& text = file835();
  for (auto _ : state) {
    auto report = check(std::string_view(text));
    if (!report.ok()) state.SkipWithError(report.problems[0].describe().c_str());
    benchmark::DoNotOptimize(report.summary.claims);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Era835EnvelopeCheckOnly)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.rfind("--era_835_write=", 0) == 0) {
      const std::string path(arg.substr(16));
      std::ofstream out(path, std::ios::binary);
      out << file835();
      out.close();
      if (!out) {
        std::cerr << "era_835_bench: cannot write " << path << "\n";
        return 1;
      }
      std::cout << path << ": " << file835().size() << " bytes\n";
      return 0;
    }
  }
  std::cerr << "era_835_bench: file " << file835().size() << " bytes\n";
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
