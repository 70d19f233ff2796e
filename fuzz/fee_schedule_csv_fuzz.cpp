// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for fee schedule files (codecs/csv): every input is read; the reader may
// refuse it but then names a line and a column (or `file`) and keeps no rows, and at most 20
// problems. A file it accepts is written again and read back to the same entries, so that an
// export always imports. Any crash, hang, UB, leak or broken promise is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "codecs/csv/fee_schedule_csv.hpp"

using namespace medoffice;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

bool same(const domain::FeeScheduleEntry& a, const domain::FeeScheduleEntry& b) {
  return a.code == b.code && a.modifier == b.modifier && a.amount == b.amount &&
         a.effectiveFrom == b.effectiveFrom && a.effectiveTo == b.effectiveTo;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  const auto file = codecs::csv::readFeeSchedule(in);
  require(file.problems.size() <= 20);
  for (const auto& p : file.problems) {
    require((!p.field.empty() && p.message.rfind("line ", 0) == 0) ||
            (p.field == "file" && !p.message.empty()));
    require(!codecs::csv::describeProblem(p).empty());
  }
  if (!file.ok()) return 0;
  std::vector<domain::FeeScheduleEntry> entries;
  for (const auto& row : file.rows) entries.push_back(row.entry);
  std::istringstream again(codecs::csv::writeFeeSchedule(entries));
  const auto back = codecs::csv::readFeeSchedule(again);
  require(back.ok() && back.rows.size() == entries.size());
  for (std::size_t k = 0; k < entries.size(); ++k) require(same(back.rows[k].entry, entries[k]));
  return 0;
}
