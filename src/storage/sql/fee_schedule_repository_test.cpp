// SPDX-License-Identifier: AGPL-3.0-or-later
// The fee schedule table's generated SQL, pinned as table_test.cpp pins others, and the
// multi-row insert of imports.
#include "storage/sql/fee_schedule_repository.hpp"

#include <gtest/gtest.h>

namespace medoffice::storage {
namespace {

/// Records what it is asked to run.
class RecordingConnection final : public SqlConnection {
 public:
  Dialect dialect() const override { return Dialect::kSqlite; }
  Rows query(std::string_view sql, const Params& params) override {
    statements.push_back({std::string(sql), params});
    return {};
  }
  std::int64_t execute(std::string_view sql, const Params& params) override {
    statements.push_back({std::string(sql), params});
    return 0;
  }
  std::int64_t insertId(std::string_view sql, const Params& params) override {
    statements.push_back({std::string(sql), params});
    return 1;
  }
  void script(const std::string&) override {}
  std::vector<SqlStatement> statements;
};

domain::FeeScheduleEntry entry(const char* code, std::int64_t cents) {
  domain::FeeScheduleEntry e;
  e.organizationId = domain::OrganizationId(4);
  e.code = code;
  e.amount = domain::Money::fromCents(cents);
  e.effectiveFrom = *domain::Date::parse("2026-01-01");
  return e;
}

TEST(FeeScheduleTable, DeclaresItsColumnsOnce) {
  const auto& t = feeScheduleTable();
  EXPECT_EQ(t.selectList(),
            "id, organization_id, code, modifier, amount_cents, effective_from, effective_to, "
            "active, payer_id, version, created_at, updated_at");
  EXPECT_EQ(t.statements()[3],
            "INSERT INTO fee_schedule_entries (code, modifier, amount_cents, effective_from, "
            "effective_to, active, payer_id, organization_id, version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
  // The payer is written at insert only: no update moves an entry to another schedule.
  EXPECT_EQ(t.statements()[4].find("payer_id = ?"), std::string::npos);
}

TEST(FeeScheduleTable, ReadsAreTheInverseOfWrites) {
  auto e = entry("93000", 2050);
  e.modifier = "26";
  e.effectiveTo = *domain::Date::parse("2026-06-30");
  e.payerId = domain::PayerId(7);
  const auto& t = feeScheduleTable();
  Params values;
  t.spec().write(values, e);
  t.spec().writeInsertOnly(values, e);
  std::vector<SqlValue> cells{std::int64_t{12}, std::int64_t{4}};
  cells.insert(cells.end(), values.begin(), values.end());
  cells.insert(cells.end(), {std::int64_t{2}, std::int64_t{10}, std::int64_t{20}});
  const auto back = t.decode(Row(cells));
  EXPECT_EQ(back.id.value, 12);
  EXPECT_EQ(back.code, "93000");
  EXPECT_EQ(back.modifier, "26");
  EXPECT_EQ(back.amount.cents(), 2050);
  EXPECT_EQ(back.effectiveFrom.toString(), "2026-01-01");
  EXPECT_EQ(back.effectiveTo->toString(), "2026-06-30");
  EXPECT_TRUE(back.active);
  EXPECT_EQ(back.payerId.value, 7);
  EXPECT_EQ(back.meta.version, 2);
  // The standard schedule stores no payer (NULL), which reads back as unset.
  Params standard;
  t.spec().writeInsertOnly(standard, entry("99213", 100));
  EXPECT_EQ(standard.at(0).index(), 0u);
}

TEST(FeeScheduleTable, InsertManyWritesManyRowsPerStatement) {
  RecordingConnection c;
  std::vector<domain::FeeScheduleEntry> many;
  for (int k = 0; k < 400; ++k) many.push_back(entry("99213", 100 + k));
  ASSERT_TRUE(SqlFeeSchedules(c).insertMany(many, domain::Instant::fromMicros(5)).ok());
  // 11 values a row, 4,000 parameters a statement: 363 rows, then the other 37.
  ASSERT_EQ(c.statements.size(), 2u);
  const auto& first = c.statements[0];
  EXPECT_EQ(first.sql.rfind(
                "INSERT INTO fee_schedule_entries (code, modifier, amount_cents, effective_from, "
                "effective_to, active, payer_id, organization_id, version, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?",
                0),
            0u);
  EXPECT_EQ(first.params.size(), 363u * 11);
  EXPECT_EQ(c.statements[1].params.size(), 37u * 11);
  EXPECT_EQ(std::get<std::int64_t>(first.params[2]), 100);  // amount_cents of the first row
  EXPECT_EQ(std::get<std::int64_t>(first.params[8]), 1);    // version
  EXPECT_TRUE(SqlFeeSchedules(c).insertMany({}, domain::Instant{}).ok());
  EXPECT_EQ(c.statements.size(), 2u) << "nothing to write, nothing run";
}

}  // namespace
}  // namespace medoffice::storage
