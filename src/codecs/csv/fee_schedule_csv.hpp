// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Fee schedule files (issue 14, point 2): one schedule (the practice's standard fees, or one
// payer's allowed amounts) as CSV with a header, `code,modifier,amount,effective_from,
// effective_to`, amounts in dollars (125.00) and dates as YYYY-MM-DD.

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "app/billing/fee_schedules.hpp"
#include "domain/common/error.hpp"
#include "domain/common/money.hpp"

namespace medoffice::codecs::csv {

/// A fee schedule file as read: its rows, or what is wrong with it.
struct FeeScheduleFile {
  std::vector<app::fees::ImportRow> rows;
  /// Each names the column (`code`, `modifier`, `amount`, `effective_from`, `effective_to`), or
  /// `file` for what belongs to no column, and starts its message with the line ("line 17: has
  /// more than 2 decimals"). At most 20.
  std::vector<domain::FieldError> problems;
  [[nodiscard]] bool ok() const { return problems.empty(); }
};

/// Reads a schedule file (RFC 4180, see csv::Reader). The first line is the header: the column
/// names in any order and case, `code`, `amount` and `effective_from` required, `modifier` and
/// `effective_to` optional (empty when absent), no other. Each row has as many fields as the
/// header; empty lines, and lines of empty fields only (`,,,,`), are skipped. Amounts are dollars
/// converted to cents exactly (never through floating point): `125`, `125.5`, `125.00` or
/// `$125.00`, at most 2 decimals, no thousands separators. Dates are YYYY-MM-DD (or M/D/YYYY, as
/// spreadsheets save them); an empty effective_to leaves the entry open. Each row is then checked
/// as an import checks it (domain::validate: codes and modifiers upper-cased, their form, the
/// amount's range, the order of the dates). Reading goes on after a bad row so that up to 20
/// problems are listed at once; problems of the file's structure (quoting, encoding) stop it. Rows
/// listed twice are found on import (app::fees::planImport). At most 200,000 rows. Never throws or
/// asserts on input.
FeeScheduleFile readFeeSchedule(std::istream& in);

/// One problem of a file (of readFeeSchedule or app::fees::planImport) as one line of text:
/// "line 17, amount: has more than 2 decimals" ("line 3: ..." for the file as a whole, and the
/// bare message for `file` problems of no line).
std::string describeProblem(const domain::FieldError& problem);

/// The schedule as a file that readFeeSchedule reads back to the same entries: the header, then
/// one row per entry in the order given, CRLF line ends.
std::string writeFeeSchedule(const std::vector<domain::FeeScheduleEntry>& entries);

/// Dollars as cents, exactly: `125`, `125.5`, `125.00`, `$125.00`, `-5.00`. kInvalid with a
/// message for the `amount` column: more than 2 decimals, not a number, too large (past 2^53
/// cents, $90,071,992,547,409.92, the most a fee may be). Zero and negative amounts are read;
/// domain::validate refuses them.
domain::Result<domain::Money> parseDollars(std::string_view text);

}  // namespace medoffice::codecs::csv
