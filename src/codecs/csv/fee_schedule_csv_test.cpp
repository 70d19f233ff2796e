// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/csv/fee_schedule_csv.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace medoffice::codecs::csv {
namespace {

using domain::Money;

FeeScheduleFile read(const std::string& text) {
  std::istringstream in(text);
  return readFeeSchedule(in);
}

std::vector<std::string> described(const FeeScheduleFile& f) {
  std::vector<std::string> out;
  for (const auto& p : f.problems) out.push_back(describeProblem(p));
  return out;
}

TEST(FeeScheduleCsv, DollarsBecomeCentsExactly) {
  EXPECT_EQ(parseDollars("125.00").value(), Money::fromCents(12500));
  EXPECT_EQ(parseDollars("125").value(), Money::fromCents(12500));
  EXPECT_EQ(parseDollars("125.5").value(), Money::fromCents(12550));
  EXPECT_EQ(parseDollars("$0.29").value(), Money::fromCents(29));  // 0.29 is not exact in binary
  EXPECT_EQ(parseDollars("1.10").value(), Money::fromCents(110));
  EXPECT_EQ(parseDollars("-5.00").value(), Money::fromCents(-500));
  EXPECT_EQ(parseDollars("9999999999999.99").value(), Money::fromCents(999'999'999'999'999));
  auto message = [](const char* text) {
    auto r = parseDollars(text);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? std::string()
                  : r.error().fields.at(0).field + ": " + r.error().fields[0].message;
  };
  EXPECT_EQ(message("125.005"), "amount: has more than 2 decimals");
  EXPECT_EQ(message("1,250.00"),
            "amount: must be written without thousands separators, such as 1250.00");
  for (const char* bad : {"", "abc", "12.", ".5", "1e3", "12.3.4", "+5", " 5", "0x10", "$"}) {
    EXPECT_EQ(message(bad), "amount: must be an amount in dollars, such as 125.00") << bad;
  }
  EXPECT_EQ(message("99999999999999.00"), "amount: is too large");
  // 2^53 cents is the most a fee may be (domain::validate): an entry at that amount exports as
  // 90071992547409.92 and must import again; a cent more is refused, as are amounts whose
  // cents would not fit in 64 bits.
  EXPECT_EQ(parseDollars("90071992547409.92").value(), Money::fromCents(std::int64_t{1} << 53));
  EXPECT_EQ(message("90071992547409.93"), "amount: is too large");
  EXPECT_EQ(message("999999999999999.99"), "amount: is too large");
  EXPECT_EQ(message("92233720368547758.08"), "amount: is too large");
  EXPECT_EQ(message("100000000000000000000"), "amount: is too large");
}

TEST(FeeScheduleCsv, TheLargestFeeRoundTripsAndOneCentMoreIsRefusedNamingTheLine) {
  domain::FeeScheduleEntry top;
  top.code = "99215";
  top.amount = Money::fromCents(std::int64_t{1} << 53);
  top.effectiveFrom = *domain::Date::parse("2026-01-01");
  const auto back = read(writeFeeSchedule({top}));
  ASSERT_TRUE(back.ok()) << described(back).at(0);
  EXPECT_EQ(back.rows.at(0).entry.amount, top.amount);
  const auto over = read(
      "code,amount,effective_from\n"
      "99213,125.00,2026-01-01\n"
      "99215,90071992547409.93,2026-01-01\n");
  EXPECT_EQ(described(over), std::vector<std::string>{"line 3, amount: is too large"});
}

TEST(FeeScheduleCsv, LinesOfEmptyFieldsAreSkippedAsSpreadsheetsSaveThem) {
  const auto f = read(
      "code,modifier,amount,effective_from,effective_to\r\n"
      "99213,,125.00,2026-01-01,\r\n"
      ",,,,\r\n"
      " , ,\"\", ,\r\n"
      "99214,,160.00,2026-01-01,\r\n"
      ",,,\r\n");
  ASSERT_TRUE(f.ok()) << described(f).at(0);
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_EQ(f.rows[1].line, 5u);
  EXPECT_EQ(f.rows[1].entry.code, "99214");
  // A line with something in it is still a row, and refused when it is not a fee.
  EXPECT_EQ(described(read("code,amount,effective_from\n,1,\n")),
            (std::vector<std::string>{"line 2, code: must be a 5-character CPT or HCPCS code",
                                      "line 2, effective_from: is required"}));
  const auto ok = read("code,amount,effective_from\n99213,1,2026-01-01\n,,\n");
  ASSERT_TRUE(ok.ok()) << described(ok).at(0);
  EXPECT_EQ(ok.rows.size(), 1u);
}

TEST(FeeScheduleCsv, ReadsColumnsByTheirHeaderInAnyOrder) {
  const auto f = read(
      "\xEF\xBB\xBF"
      "Amount,CODE,Effective_From,modifier\r\n"
      "$1250,g0439,1/2/2026,\r\n"
      "\r\n"
      "20.5,93000,2026-01-01,26\r\n");
  ASSERT_TRUE(f.ok()) << described(f).at(0);
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_EQ(f.rows[0].line, 2u);
  EXPECT_EQ(f.rows[0].entry.code, "G0439");
  EXPECT_EQ(f.rows[0].entry.modifier, "");
  EXPECT_EQ(f.rows[0].entry.amount, Money::fromCents(125000));
  EXPECT_EQ(f.rows[0].entry.effectiveFrom.toString(), "2026-01-02");
  EXPECT_FALSE(f.rows[0].entry.effectiveTo);
  EXPECT_EQ(f.rows[1].line, 4u);
  EXPECT_EQ(f.rows[1].entry.modifier, "26");
  EXPECT_EQ(f.rows[1].entry.amount, Money::fromCents(2050));
}

TEST(FeeScheduleCsv, EveryBadRowIsNamedByItsLineAndColumn) {
  const auto f = read(
      "code,modifier,amount,effective_from,effective_to\n"
      "99213,,125.00,2026-01-01,\n"
      "99214,,12.345,2026-01-01,\n"
      "9921,5,0,2026-01-01,2025-12-31\n"
      "99215,,,2026-02-30,\n"
      "99215,,100\n"
      "992,x,1.001,tomorrow,\n");
  EXPECT_TRUE(f.rows.size() <= 1u);
  EXPECT_EQ(described(f), (std::vector<std::string>{
                              "line 3, amount: has more than 2 decimals",
                              "line 4, code: must be a 5-character CPT or HCPCS code",
                              "line 4, modifier: must be two letters or digits, or empty",
                              "line 4, amount: must be more than zero",
                              "line 4, effective_to: is before effective_from",
                              "line 5, amount: is required",
                              "line 5, effective_from: must be a date (YYYY-MM-DD)",
                              "line 6: expected 5 fields as in the header, found 3",
                              // Every column of a row is checked, in the file's order.
                              "line 7, code: must be a 5-character CPT or HCPCS code",
                              "line 7, modifier: must be two letters or digits, or empty",
                              "line 7, amount: has more than 2 decimals",
                              "line 7, effective_from: must be a date (YYYY-MM-DD)",
                          }));
  EXPECT_EQ(f.problems[7].field, "file");
}

TEST(FeeScheduleCsv, AFileThatIsNotAScheduleIsRefusedAsAWhole) {
  EXPECT_EQ(described(read("")).at(0).rfind("the file is empty", 0), 0u);
  EXPECT_EQ(read("").problems.at(0).field, "file");
  EXPECT_EQ(described(read("code,amount,effective_from\n")),
            std::vector<std::string>{"the file holds no fees, only its header"});
  EXPECT_EQ(describeProblem({"payer_id", "is not a payer of this practice"}),
            "payer_id: is not a payer of this practice");
  EXPECT_EQ(described(read("99213,,125.00,2026-01-01,\n"))
                .at(0)
                .rfind("line 1: '99213' is not a column", 0),
            0u);
  EXPECT_EQ(described(read("code,modifier,amount\n99213,,1\n")).at(0),
            "line 1: the header has no effective_from column (expected "
            "code,modifier,amount,effective_from,effective_to)");
  EXPECT_EQ(described(read("code,code,amount,effective_from\n")).at(0),
            "line 1: the column code is named twice");
  // A broken structure stops reading; the rows before it are not kept on their own.
  const auto quoted =
      read("code,amount,effective_from\n99213,1,2026-01-01\n\"99214,2,2026-01-01\n");
  EXPECT_EQ(described(quoted),
            std::vector<std::string>{"line 3: a quoted field is not closed at the end of file"});
  EXPECT_FALSE(quoted.ok());
}

TEST(FeeScheduleCsv, AtMostTwentyProblemsAreListed) {
  std::string text = "code,amount,effective_from\n";
  for (int k = 0; k < 50; ++k) text += "99213,1.001,2026-01-01\n";
  EXPECT_EQ(read(text).problems.size(), 20u);
}

TEST(FeeScheduleCsv, WhatIsWrittenReadsBackTheSame) {
  std::vector<domain::FeeScheduleEntry> entries(2);
  entries[0].code = "93000";
  entries[0].modifier = "26";
  entries[0].amount = Money::fromCents(2050);
  entries[0].effectiveFrom = *domain::Date::parse("2026-01-01");
  entries[0].effectiveTo = *domain::Date::parse("2026-06-30");
  entries[1].code = "99213";
  entries[1].amount = Money::fromCents(12500);
  entries[1].effectiveFrom = *domain::Date::parse("2025-10-01");
  const std::string text = writeFeeSchedule(entries);
  EXPECT_EQ(text,
            "code,modifier,amount,effective_from,effective_to\r\n"
            "93000,26,20.50,2026-01-01,2026-06-30\r\n"
            "99213,,125.00,2025-10-01,\r\n");
  const auto back = read(text);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back.rows.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& e = back.rows[k].entry;
    EXPECT_EQ(e.code, entries[k].code);
    EXPECT_EQ(e.modifier, entries[k].modifier);
    EXPECT_EQ(e.amount, entries[k].amount);
    EXPECT_EQ(e.effectiveFrom, entries[k].effectiveFrom);
    EXPECT_EQ(e.effectiveTo, entries[k].effectiveTo);
  }
}

}  // namespace
}  // namespace medoffice::codecs::csv
