// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The scheduling metrics report as JSON and as a table (CSV, XLSX). Rates are percentages and
// waits minutes, both with one decimal; null where there is nothing to divide by or measure.

#include <string>
#include <vector>

#include "app/billing/scheduling_report.hpp"
#include "codecs/tabular/tabular.hpp"

namespace medoffice::codecs {

std::string toJson(const app::billing::SchedulingReport& r);
std::vector<tabular::Table> reportTables(const app::billing::SchedulingReport& r);
/// `n` tenths as a decimal with one digit after the point ("12.5", "-0.3", "7.0").
std::string tenthsText(std::int64_t n);

}  // namespace medoffice::codecs
