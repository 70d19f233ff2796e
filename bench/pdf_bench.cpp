// SPDX-License-Identifier: AGPL-3.0-or-later
// PDF rendering for issue 15's statement runs and receipts (codecs/pdf). Target: 10,000 statement
// PDFs in < 20 s on one core, so < 2 ms per statement, and each statement small (< 100 KB).
//
// - BM_Statement: a typical statement (8 lines, 2 patients: Zoë Ñúñez-O'Brien and Łukasz
//   Ñúñez-O'Brien) on a thread that has drawn before, as a statement run does. Ł is not in
//   Windows-1252, so that name is drawn with the Latin subset as a UTF-8 font.
// - BM_StatementLatin1: the same with Jürgen for Łukasz: every line in Windows-1252.
// - BM_StatementFullFonts: BM_Statement drawn with the full DejaVu faces only (no subsets): what
//   libharu costs without them.
// - BM_Receipt: a receipt of 2 lines (Łukasz again).
// - BM_StatementLong: 60 lines (2 pages).
// - BM_StatementFreshThread: one statement per new thread: the fonts are loaded into a new libharu
//   document each time (the subsets are made once per process).
// - BM_StatementRun: 10,000 statements one after the other, the second patient's name taken in
//   turn from 10 (8 in Windows-1252, a Polish and a Vietnamese one).
// - BM_LibharuFloor: libharu alone, no layout: a new document, the two full faces as UTF-8 fonts,
//   one word each, saved. What any document with those fonts costs.
//
// Each reports `bytes` (the PDF's size) and `ms_per_doc`.
//   build/release/pdf_bench [benchmark flags]
#include <benchmark/benchmark.h>
#include <hpdf.h>

#include <thread>

#include "codecs/pdf/receipt.hpp"
#include "codecs/pdf/statement.hpp"

using namespace medoffice::codecs::pdf;

namespace {

const FontFiles kFonts = FontFiles::dejavu();

StatementView statement(int lines, bool latin1Only = false, const char* second = nullptr) {
  StatementView v;
  v.practice = {"Springfield Family Medicine",
                {"1200 Main Street, Suite 4", "Springfield, IL 62701"},
                "(217) 555-0100"};
  v.guarantor = {"Zoë Ñúñez-O'Brien", {"77 Ærøskøbing Lane", "Peoria, IL 61602"}, ""};
  v.accountNumber = "A000457";
  v.statementNumber = "S-2026-001234";
  v.statementDate = "2026-12-01";
  v.dueDate = "2026-12-31";
  const char* patients[] = {"Zoë Ñúñez-O'Brien", second != nullptr ? second
                                                 : latin1Only      ? "Jürgen Ñúñez-O'Brien"
                                                                   : "Łukasz Ñúñez-O'Brien"};
  const char* services[] = {"Office visit, established patient", "Influenza vaccine",
                            "Comprehensive metabolic panel", "Office visit, new patient"};
  for (int i = 0; i < lines; ++i) {
    const int month = 1 + i % 12;
    v.lines.push_back({"2026-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-15",
                       patients[i % 2], services[i % 4], 15000 + 125 * i, 9000, -2500, 1000,
                       i % 3 == 0 ? 1500 : 0, i % 3 == 0 ? 1000 : 2500});
  }
  v.aging = {12345, 2000, 0, 1050, 0};
  v.insurancePendingCents = 4500;
  v.patientDueCents = 15395;
  v.amountDueCents = 15395;
  v.message =
      "Your account is past due. Please pay the amount due by 2026-12-31 or call our "
      "billing office at (217) 555-0100 to set up a payment plan.";
  return v;
}

ReceiptView receipt() {
  ReceiptView v;
  v.practice = statement(0).practice;
  v.receiptNumber = "R-2026-000123";
  v.receivedAt = "2026-12-04 2:05 PM CST";
  v.patientName = "Zoë Ñúñez-O'Brien";
  v.accountNumber = "A000457";
  v.method = "card ending 4242";
  v.receivedBy = "Łukasz Kowalski";
  v.lines = {{"2026-10-02", "Zoë Ñúñez-O'Brien", "Office visit, established patient", 4500},
             {"2026-11-15", "Łukasz Ñúñez-O'Brien", "Influenza vaccine", 12550}};
  v.totalPaidCents = 20000;
  v.onAccountCents = 2950;
  v.remainingBalanceCents = 123456;
  return v;
}

template <class Render>
void measure(benchmark::State& state, Render render) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto pdf = render();
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

void BM_Statement(benchmark::State& state) {
  const auto v = statement(8);
  measure(state, [&] { return renderStatement(kFonts, v); });
}
BENCHMARK(BM_Statement)->Unit(benchmark::kMillisecond);

void BM_StatementLatin1(benchmark::State& state) {
  const auto v = statement(8, true);
  measure(state, [&] { return renderStatement(kFonts, v); });
}
BENCHMARK(BM_StatementLatin1)->Unit(benchmark::kMillisecond);

void BM_StatementFullFonts(benchmark::State& state) {
  const auto v = statement(8);
  measure(state, [&] { return renderStatement(kFonts, v, {.subsetFonts = false}); });
}
BENCHMARK(BM_StatementFullFonts)->Unit(benchmark::kMillisecond);

void BM_Receipt(benchmark::State& state) {
  const auto v = receipt();
  measure(state, [&] { return renderReceipt(kFonts, v); });
}
BENCHMARK(BM_Receipt)->Unit(benchmark::kMillisecond);

void BM_StatementLong(benchmark::State& state) {
  const auto v = statement(60);
  measure(state, [&] { return renderStatement(kFonts, v); });
}
BENCHMARK(BM_StatementLong)->Unit(benchmark::kMillisecond);

void BM_StatementFreshThread(benchmark::State& state) {
  const auto v = statement(8);
  measure(state, [&] {
    medoffice::domain::Result<std::string> out = std::string();
    std::thread([&] { out = renderStatement(kFonts, v); }).join();
    return out;
  });
}
BENCHMARK(BM_StatementFreshThread)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StatementRun(benchmark::State& state) {
  const char* names[] = {"Jürgen Ñúñez-O'Brien", "Mary O'Connor",     "José García",
                         "Anne-Marie Lefèvre",   "Łukasz Wiśniewski", "John Smith",
                         "Zoë Ærøskøbing",       "Nguyễn Văn An",     "Siobhán Ní Bhriain",
                         "Renée Dubois"};
  std::vector<StatementView> views;
  for (const char* n : names) views.push_back(statement(8, false, n));
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    for (int i = 0; i < 10000; ++i) {
      auto pdf = renderStatement(kFonts, views[static_cast<std::size_t>(i) % views.size()]);
      if (!pdf) {
        state.SkipWithError(pdf.error().message.c_str());
        return;
      }
      bytes += pdf->size();
    }
  }
  state.counters["mean_bytes"] = static_cast<double>(bytes) / 10000;
  state.counters["ms_per_doc"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 10.0,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_StatementRun)->Unit(benchmark::kSecond)->Iterations(1);

void BM_LibharuFloor(benchmark::State& state) {
  HPDF_Doc doc = HPDF_New(nullptr, nullptr);
  HPDF_UseUTFEncodings(doc);
  const std::string regular = HPDF_LoadTTFontFromFile(doc, kFonts.regular.c_str(), HPDF_TRUE);
  const std::string bold = HPDF_LoadTTFontFromFile(doc, kFonts.bold.c_str(), HPDF_TRUE);
  std::size_t bytes = 0;
  for (auto _ : state) {
    HPDF_NewDoc(doc);
    HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    HPDF_SetCurrentEncoder(doc, "UTF-8");
    HPDF_Font r = HPDF_GetFont(doc, regular.c_str(), "UTF-8");
    HPDF_Font b = HPDF_GetFont(doc, bold.c_str(), "UTF-8");
    HPDF_Page page = HPDF_AddPage(doc);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, r, 10);
    HPDF_Page_TextOut(page, 72, 700, "Zoë");
    HPDF_Page_SetFontAndSize(page, b, 10);
    HPDF_Page_TextOut(page, 72, 680, "Łukasz");
    HPDF_Page_EndText(page);
    HPDF_SaveToStream(doc);
    bytes = HPDF_GetStreamSize(doc);
    std::string out(bytes, '\0');
    HPDF_UINT32 read = static_cast<HPDF_UINT32>(bytes);
    HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(out.data()), &read);
    benchmark::DoNotOptimize(out.data());
  }
  HPDF_Free(doc);
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["ms_per_doc"] =
      benchmark::Counter(static_cast<double>(state.iterations()) / 1000.0,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_LibharuFloor)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
