// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Reports as tables, for CSV and XLSX (issue 15). The first table of each report is its CSV.

#include <vector>

#include "app/billing/reports.hpp"
#include "codecs/tabular/tabular.hpp"
#include "domain/billing/statement.hpp"

namespace medoffice::codecs {

std::vector<tabular::Table> reportTables(const app::billing::AgingReport& r);
std::vector<tabular::Table> reportTables(const app::billing::DaySheet& d);
std::vector<tabular::Table> reportTables(const app::billing::Collections& c);
std::vector<tabular::Table> reportTables(const app::billing::AccountLedger& l);
/// The print-and-mail vendor's file: one row per statement with the mailing address, the
/// figures and the PDF's file name (`<statement number>.pdf`).
tabular::Table statementVendorTable(const std::vector<domain::Statement>& statements);

}  // namespace medoffice::codecs
