// SPDX-License-Identifier: AGPL-3.0-or-later
// The CMS-1500 (02/12) paper claim (issue 16, point 6; codecs/pdf/cms1500): time per form.
//
// - BM_Cms1500: one claim of six service lines (a full form: two diagnoses, modifiers, a rendering
//   NPI, one line with an NDC), drawn with the form's boxes and captions for plain paper, on a
//   thread that has drawn before.
// - BM_Cms1500DataOnly: the same claim as data only, for pre-printed red forms.
//
// Each reports `bytes` (the PDF's size) and `ms_per_doc`.
//   build/release/cms1500_bench [benchmark flags]
#include <benchmark/benchmark.h>

#include "codecs/pdf/cms1500.hpp"
#include "domain/claims/sample_claims.hpp"

using namespace medoffice::codecs::pdf;
namespace claims = medoffice::domain::claims;

namespace {

const FontFiles kFonts = FontFiles::dejavu();

claims::Claim sixLineClaim() {
  claims::Claim c = claims::samples::claim("1001");
  c.renderingProvider = claims::samples::renderingProvider();
  c.lines.clear();
  const char* codes[] = {"99214", "36415", "81002", "90686", "90471", "J3420"};
  for (int i = 0; i < 6; ++i) {
    c.lines.push_back(claims::samples::line("1001-" + std::to_string(i + 1), codes[i],
                                            2500 + 1250 * i, {1 + i % 2}));
  }
  c.lines[0].modifiers = {"25"};
  c.lines[5].ndc = medoffice::domain::NdcDetail{"00409123401", "ML", 1000};
  return c;
}

void measure(benchmark::State& state, const Cms1500Options& options) {
  const claims::Claim c = sixLineClaim();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto pdf = renderCms1500(kFonts, c, options);
    if (!pdf) {
      state.SkipWithError(pdf.error().message.c_str());
      return;
    }
    bytes = pdf->size();
    benchmark::DoNotOptimize(pdf->data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["ms_per_doc"] =
      benchmark::Counter(static_cast<double>(state.iterations()) / 1000.0,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Cms1500(benchmark::State& state) {
  measure(state, {});
}
BENCHMARK(BM_Cms1500)->Unit(benchmark::kMillisecond);

void BM_Cms1500DataOnly(benchmark::State& state) {
  Cms1500Options options;
  options.withForm = false;
  measure(state, options);
}
BENCHMARK(BM_Cms1500DataOnly)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
