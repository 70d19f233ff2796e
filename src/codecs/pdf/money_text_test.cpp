// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/money_text.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace medoffice::codecs::pdf {
namespace {

TEST(MoneyText, DollarsHaveSeparatorsTwoDecimalsAndTheSignFirst) {
  EXPECT_EQ(formatDollars(123456), "$1,234.56");
  EXPECT_EQ(formatDollars(-1200), "-$12.00");
  EXPECT_EQ(formatDollars(0), "$0.00");
  EXPECT_EQ(formatDollars(5), "$0.05");
  EXPECT_EQ(formatDollars(-5), "-$0.05");
  EXPECT_EQ(formatDollars(99999), "$999.99");
  EXPECT_EQ(formatDollars(100000), "$1,000.00");
  EXPECT_EQ(formatDollars(100000000), "$1,000,000.00");
  EXPECT_EQ(formatDollars(-12345678901), "-$123,456,789.01");
}

TEST(MoneyText, ExtremesAreExact) {
  EXPECT_EQ(formatDollars(std::numeric_limits<std::int64_t>::max()), "$92,233,720,368,547,758.07");
  EXPECT_EQ(formatDollars(std::numeric_limits<std::int64_t>::min()), "-$92,233,720,368,547,758.08");
  EXPECT_EQ(formatDecimal(std::numeric_limits<std::int64_t>::min()), "-92233720368547758.08");
}

TEST(MoneyText, DecimalsHaveNoDollarSignNorSeparators) {
  EXPECT_EQ(formatDecimal(123456), "1234.56");
  EXPECT_EQ(formatDecimal(-5), "-0.05");
  EXPECT_EQ(formatDecimal(0), "0.00");
  EXPECT_EQ(formatDecimal(-100), "-1.00");
  EXPECT_EQ(formatDecimal(1234567890), "12345678.90");
}

}  // namespace
}  // namespace medoffice::codecs::pdf
