// SPDX-License-Identifier: AGPL-3.0-or-later
// X12 codec throughput on a generated 837P of about 25.6 MB (50 claims per ST/SE, written by the
// codec's own Writer): tokenising (segments; segments and elements), the full check (tokenise,
// envelope, counts, element forms, classification) from memory and from a stream, and writing.
//   build/release/x12_bench                      run the benchmarks
//   build/release/x12_bench --x12_write=FILE     write the same file (for bench/x12_node.mjs)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "codecs/x12/envelope.hpp"
#include "codecs/x12/writer.hpp"

using namespace medoffice;
using namespace medoffice::codecs::x12;

namespace {

/// A small deterministic generator (no floating point anywhere: amounts are cents).
class Lcg {
 public:
  std::uint32_t next(std::uint32_t bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state_ >> 33) % bound;
  }

 private:
  std::uint64_t state_ = 20261127;
};

std::string cents(std::uint64_t c) {
  std::string s = std::to_string(c / 100) + ".";
  const auto r = c % 100;
  s += static_cast<char>('0' + r / 10);
  s += static_cast<char>('0' + r % 10);
  return s;
}

std::string digits(Lcg& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.next(10));
  return s;
}

constexpr std::size_t kClaimsPerTransaction = 50;
constexpr std::size_t kTransactions = 900;  // about 25.6 MB

void must(const domain::Status& s) {
  if (!s) {
    std::cerr << "x12_bench: writer refused: " << s.error().message;
    for (const auto& f : s.error().fields) std::cerr << " " << f.field << ": " << f.message;
    std::cerr << "\n";
    std::exit(1);
  }
}

/// One 837P claim in the shape of X12-NOTES §2.1: subscriber (and patient when a dependent),
/// payer, CLM with dates and HI, rendering provider, 1-4 service lines with REF*6R.
void writeClaim(Writer& w, SegmentBuilder& s, Lcg& rng, std::uint64_t claim, std::uint32_t& hl,
                std::uint32_t parent) {
  static const char* const kFamily[] = {"SMITH",  "JOHNSON", "WILLIAMS", "BROWN",  "GARCIA",
                                        "MILLER", "DAVIS",   "MARTINEZ", "OKAFOR", "NGUYEN"};
  static const char* const kGiven[] = {"JANE", "JOHN", "MARIA", "ADA", "LIAM", "EMMA", "NOAH"};
  static const char* const kCodes[] = {"99213", "99214", "99203", "36415", "85025",
                                       "80053", "93000", "90471", "J3490", "97110"};
  static const char* const kDx[] = {"J209", "R05", "E119", "I10", "M545", "Z0000", "K219", "F411"};
  const bool dependent = rng.next(4) == 0;
  const std::string subscriberHl = std::to_string(++hl);
  const std::string family = kFamily[rng.next(10)];
  const std::string given = kGiven[rng.next(7)];
  const std::string member = "W" + digits(rng, 9);
  s.reset("HL");
  must(w.write(s.element(1, subscriberHl)
                   .element(2, std::to_string(parent))
                   .element(3, "22")
                   .element(4, dependent ? "1" : "0")));
  s.reset("SBR");
  must(w.write(s.element(1, "P")
                   .element(2, dependent ? "" : "18")
                   .element(3, "GRP" + digits(rng, 5))
                   .element(9, "CI")));
  s.reset("NM1");
  must(w.write(s.element(1, "IL")
                   .element(2, "1")
                   .element(3, family)
                   .element(4, given)
                   .element(8, "MI")
                   .element(9, member)));
  s.reset("N3");
  must(w.write(s.element(1, digits(rng, 4) + " LAKESHORE DR APT " + digits(rng, 2))));
  s.reset("N4");
  must(w.write(s.element(1, "MADISON").element(2, "WI").element(3, "537" + digits(rng, 2))));
  s.reset("DMG");
  must(w.write(s.element(1, "D8")
                   .element(2, "19" + digits(rng, 2) + "0" + std::to_string(1 + rng.next(9)) + "1" +
                                   std::to_string(rng.next(9)))
                   .element(3, rng.next(2) ? "F" : "M")));
  s.reset("NM1");
  must(w.write(s.element(1, "PR")
                   .element(2, "2")
                   .element(3, "ACME HEALTH PLAN")
                   .element(8, "PI")
                   .element(9, "60054")));
  if (dependent) {
    s.reset("HL");
    must(w.write(s.element(1, std::to_string(++hl))
                     .element(2, subscriberHl)
                     .element(3, "23")
                     .element(4, "0")));
    s.reset("PAT");
    must(w.write(s.element(1, "19")));
    s.reset("NM1");
    must(w.write(s.element(1, "QC").element(2, "1").element(3, family).element(4, "TED")));
    s.reset("DMG");
    must(w.write(s.element(1, "D8").element(2, "20150501").element(3, "M")));
  }
  const std::uint32_t lines = 1 + rng.next(4);
  std::uint64_t charges[4];
  std::uint64_t total = 0;
  for (std::uint32_t i = 0; i < lines; ++i) {
    charges[i] = 2500 + rng.next(30000);
    total += charges[i];
  }
  const std::string claimId = "C" + std::to_string(claim);
  s.reset("CLM");
  must(w.write(s.element(1, claimId)
                   .element(2, cents(total))
                   .composite(5, {"11", "B", "1"})
                   .element(6, "Y")
                   .element(7, "A")
                   .element(8, "Y")
                   .element(9, "Y")));
  s.reset("DTP");
  must(w.write(s.element(1, "431").element(2, "D8").element(3, "2026111" + digits(rng, 1))));
  s.reset("REF");
  must(w.write(s.element(1, "G1").element(2, "PA" + digits(rng, 8))));
  s.reset("HI");
  s.composite(1, {"ABK", kDx[rng.next(8)]});
  const std::uint32_t more = rng.next(4);
  for (std::uint32_t i = 0; i < more; ++i)
    s.value(2 + i, 1, 1, "ABF").value(2 + i, 1, 2, kDx[rng.next(8)]);
  must(w.write(s));
  s.reset("NM1");
  must(w.write(s.element(1, "82")
                   .element(2, "1")
                   .element(3, "KILDARE")
                   .element(4, "BEN")
                   .element(8, "XX")
                   .element(9, "1999996666")));
  s.reset("PRV");
  must(w.write(s.element(1, "PE").element(2, "PXC").element(3, "207Q00000X")));
  for (std::uint32_t i = 0; i < lines; ++i) {
    s.reset("LX");
    must(w.write(s.element(1, std::to_string(i + 1))));
    s.reset("SV1");
    s.composite(1, {"HC", kCodes[rng.next(10)], rng.next(3) == 0 ? "25" : ""})
        .element(2, cents(charges[i]))
        .element(3, "UN")
        .element(4, "1")
        .value(7, 1, 1, "1");
    if (more > 0) s.value(7, 1, 2, "2");
    must(w.write(s));
    s.reset("DTP");
    must(w.write(s.element(1, "472").element(2, "D8").element(3, "2026111" + digits(rng, 1))));
    s.reset("REF");
    must(w.write(s.element(1, "6R").element(2, claimId + "-" + std::to_string(i + 1))));
  }
}

/// The benchmark file: one interchange, one group, kTransactions transactions of
/// kClaimsPerTransaction claims under one billing provider each.
const std::string& file837p() {
  static const std::string text = [] {
    std::string out;
    out.reserve(26u << 20);
    StringSink sink(out);
    CountingControlNumbers numbers(1, 1, 1);
    Writer w(sink, numbers, {.lineBreaks = true});
    InterchangeHeader h;
    h.senderId = "MEDOFFICE";
    h.receiverId = "CLEARINGHOUSE";
    h.date = *domain::Date::fromYmd(2026, 11, 27);
    h.time = {9, 5};
    must(w.beginInterchange(h));
    GroupHeader g;
    g.functionalId = "HC";
    g.senderCode = "MEDOFFICE";
    g.receiverCode = "CLEARINGHOUSE";
    g.date = h.date;
    g.time = h.time;
    must(w.beginGroup(g));
    Lcg rng;
    SegmentBuilder s("BHT");
    std::uint64_t claim = 100000;
    for (std::size_t t = 0; t < kTransactions; ++t) {
      must(w.beginTransaction("837"));
      s.reset("BHT");
      must(w.write(s.element(1, "0019")
                       .element(2, "00")
                       .element(3, "B" + std::to_string(t + 1))
                       .element(4, "20261127")
                       .element(5, "0905")
                       .element(6, "CH")));
      s.reset("NM1");
      must(w.write(s.element(1, "41")
                       .element(2, "2")
                       .element(3, "LAKESIDE FAMILY PRACTICE")
                       .element(8, "46")
                       .element(9, "MEDOFFICE")));
      s.reset("PER");
      must(w.write(s.element(1, "IC")
                       .element(2, "BILLING OFFICE")
                       .element(3, "TE")
                       .element(4, "6085550123")));
      s.reset("NM1");
      must(w.write(s.element(1, "40")
                       .element(2, "2")
                       .element(3, "CLEARINGHOUSE")
                       .element(8, "46")
                       .element(9, "CLEARINGHOUSE")));
      std::uint32_t hl = 1;
      s.reset("HL");
      must(w.write(s.element(1, "1").element(3, "20").element(4, "1")));
      s.reset("PRV");
      must(w.write(s.element(1, "BI").element(2, "PXC").element(3, "207Q00000X")));
      s.reset("NM1");
      must(w.write(s.element(1, "85")
                       .element(2, "2")
                       .element(3, "LAKESIDE FAMILY PRACTICE")
                       .element(8, "XX")
                       .element(9, "1245319599")));
      s.reset("N3");
      must(w.write(s.element(1, "1 LAKE ST")));
      s.reset("N4");
      must(w.write(s.element(1, "MADISON").element(2, "WI").element(3, "537030000")));
      s.reset("REF");
      must(w.write(s.element(1, "EI").element(2, "371234567")));
      for (std::size_t c = 0; c < kClaimsPerTransaction; ++c) writeClaim(w, s, rng, claim++, hl, 1);
      must(w.endTransaction());
    }
    must(w.endGroup());
    must(w.endInterchange());
    return out;
  }();
  return text;
}

void BM_X12TokenizeSegments(benchmark::State& state) {
  const std::string& text = file837p();
  for (auto _ : state) {
    Tokenizer t(text);
    std::size_t ids = 0;
    while (const Segment* s = t.next()) ids += s->id().size();
    benchmark::DoNotOptimize(ids);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_X12TokenizeSegments)->Unit(benchmark::kMillisecond);

void BM_X12TokenizeSegmentsAndElements(benchmark::State& state) {
  const std::string& text = file837p();
  for (auto _ : state) {
    Tokenizer t(text);
    std::size_t elements = 0;
    while (const Segment* s = t.next()) elements += s->elementCount();
    benchmark::DoNotOptimize(elements);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_X12TokenizeSegmentsAndElements)->Unit(benchmark::kMillisecond);

void BM_X12CheckFromMemory(benchmark::State& state) {
  const std::string& text = file837p();
  for (auto _ : state) {
    auto report = check(std::string_view(text));
    if (!report.ok()) state.SkipWithError(report.problems[0].describe().c_str());
    benchmark::DoNotOptimize(report.summary.claims);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_X12CheckFromMemory)->Unit(benchmark::kMillisecond);

void BM_X12CheckFromStream(benchmark::State& state) {
  const std::string& text = file837p();
  for (auto _ : state) {
    std::size_t pos = 0;
    CheckOptions o;
    o.tokenizer.chunkBytes = std::size_t{1} << 20;
    auto report = check(
        [&](char* buf, std::size_t cap) -> std::ptrdiff_t {
          const std::size_t n = std::min(cap, text.size() - pos);
          std::memcpy(buf, text.data() + pos, n);
          pos += n;
          return static_cast<std::ptrdiff_t>(n);
        },
        o);
    if (!report.ok()) state.SkipWithError(report.problems[0].describe().c_str());
    benchmark::DoNotOptimize(report.summary.claims);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_X12CheckFromStream)->Unit(benchmark::kMillisecond);

void BM_X12WriteClaims(benchmark::State& state) {
  // Writing only (the claims' data is generated in the loop too, as the file's was).
  std::string out;
  out.reserve(1u << 20);
  std::uint64_t claims = 0;
  for (auto _ : state) {
    out.clear();
    StringSink sink(out);
    CountingControlNumbers numbers(1, 1, 1);
    Writer w(sink, numbers);
    InterchangeHeader h;
    h.senderId = "MEDOFFICE";
    h.receiverId = "CLEARINGHOUSE";
    h.date = *domain::Date::fromYmd(2026, 11, 27);
    must(w.beginInterchange(h));
    GroupHeader g;
    g.functionalId = "HC";
    g.senderCode = "MEDOFFICE";
    g.receiverCode = "CLEARINGHOUSE";
    g.date = h.date;
    must(w.beginGroup(g));
    must(w.beginTransaction("837"));
    Lcg rng;
    SegmentBuilder s("HL");
    std::uint32_t hl = 1;
    for (std::size_t c = 0; c < 1000; ++c) writeClaim(w, s, rng, 100000 + c, hl, 1);
    must(w.endTransaction());
    must(w.endGroup());
    must(w.endInterchange());
    claims += 1000;
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(claims));
  state.SetLabel("items = claims");
}
BENCHMARK(BM_X12WriteClaims)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.rfind("--x12_write=", 0) == 0) {
      const std::string path(arg.substr(12));
      std::ofstream out(path, std::ios::binary);
      out << file837p();
      out.close();
      if (!out) {
        std::cerr << "x12_bench: cannot write " << path << "\n";
        return 1;
      }
      const auto report = check(std::string_view(file837p()));
      std::cout << path << ": " << file837p().size() << " bytes, " << report.summary.describe()
                << "\n";
      return report.ok() ? 0 : 1;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
