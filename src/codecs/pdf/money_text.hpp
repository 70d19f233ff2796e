// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Money as people read it on paper, and as spreadsheets read it. Both are exact: integer
// arithmetic on cents, never floating point, for every std::int64_t including the minimum.

#include <cstdint>
#include <string>

namespace medoffice::codecs::pdf {

/// "$1,234.56", "-$12.00", "$0.05": a dollar sign, thousands separators, two decimals, and the
/// minus sign before the dollar sign.
std::string formatDollars(std::int64_t cents);

/// "1234.56", "-0.05", "0.00": two decimals, no dollar sign and no separators (CSV cells).
std::string formatDecimal(std::int64_t cents);

}  // namespace medoffice::codecs::pdf
