// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/csv/csv_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace medoffice::codecs::csv {
namespace {

struct Read {
  std::vector<Record> records;
  std::optional<Problem> problem;
};

Read readAll(const std::string& text, std::size_t maxRecordLines = 20) {
  std::istringstream in(text);
  Reader reader(in, maxRecordLines);
  Read out;
  while (auto r = reader.next()) out.records.push_back(std::move(*r));
  out.problem = reader.problem();
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvReader, ReadsQuotedFieldsAcrossLinesWithTheirFirstLine) {
  const auto r = readAll(
      "\xEF\xBB\xBF"
      "a, b ,c\r\n"
      "\n"
      "\"x, y\",\"say \"\"hi\"\"\" ,\"two\r\nlines\"\n"
      ",,\n"
      "last");
  ASSERT_FALSE(r.problem) << r.problem->message;
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(r.records[1].fields, (Fields{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(r.records[1].line, 3u);
  EXPECT_EQ(r.records[2].fields, (Fields{"", "", ""}));
  EXPECT_EQ(r.records[2].line, 5u);
  EXPECT_EQ(r.records[3].fields, (Fields{"last"}));
}

TEST(CsvReader, StopsAtTheFirstProblemNamingItsLine) {
  auto r = readAll("a,b\nab\"c\n");
  ASSERT_TRUE(r.problem);
  EXPECT_EQ(r.problem->line, 2u);
  EXPECT_NE(r.problem->message.find("a quote inside a field"), std::string::npos);
  EXPECT_EQ(r.records.size(), 1u);

  r = readAll("\"closed\" trailing\n");
  EXPECT_NE(r.problem->message.find("text after the closing quote"), std::string::npos);

  r = readAll("ok\n\"open\nstill\n");
  EXPECT_EQ(r.problem->line, 2u);
  EXPECT_NE(r.problem->message.find("not closed at the end of file"), std::string::npos);

  r = readAll("\"open\na\nb\nc\n", 3);
  EXPECT_EQ(r.problem->line, 1u);
  EXPECT_NE(r.problem->message.find("not closed within 3 lines"), std::string::npos);

  r = readAll("caf\xE9\n");
  EXPECT_NE(r.problem->message.find("not UTF-8"), std::string::npos);

  r = readAll(std::string(70'000, 'x') + "\n");
  EXPECT_EQ(r.problem->line, 1u);
  EXPECT_NE(r.problem->message.find("too long"), std::string::npos);
}

TEST(CsvReader, FieldsAreQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(field("99213"), "99213");
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field(" padded"), "\" padded\"");
  EXPECT_EQ(field("two\nlines"), "\"two\nlines\"");
  // What field() writes, the reader reads back.
  const auto r = readAll(field("a,\"b\"\nc ") + "," + field(" x") + "\n");
  ASSERT_FALSE(r.problem);
  EXPECT_EQ(r.records.at(0).fields, (Fields{"a,\"b\"\nc ", " x"}));
}

}  // namespace
}  // namespace medoffice::codecs::csv
