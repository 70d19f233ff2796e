// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Reports and statements as JSON (issue 15). Money is integer cents in members ending
// `_cents`; dates are YYYY-MM-DD.

#include <string>

#include "app/billing/reports.hpp"
#include "app/billing/statements.hpp"
#include "codecs/json/json_writer.hpp"

namespace medoffice::codecs {

void write(JsonWriter& w, const domain::Aging& a);
std::string toJson(const app::billing::AgingReport& r);
std::string toJson(const app::billing::DaySheet& d);
std::string toJson(const app::billing::Collections& c);
std::string toJson(const app::billing::AccountLedger& l);
void write(JsonWriter& w, const app::StatementRun& run);
/// The statement with its lines (`with_lines`), or its summary.
void write(JsonWriter& w, const domain::Statement& s, bool withLines);

}  // namespace medoffice::codecs
