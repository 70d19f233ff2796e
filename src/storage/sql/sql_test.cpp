// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include "storage/postgres/pg_connection.hpp"
#include "storage/sql/cursor.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/sql.hpp"

namespace medoffice::storage {

TEST(Cursor, RoundTripsAndRejectsForeignCursors) {
  auto c = encodeCursor("pat", {"42"});
  EXPECT_EQ(decodeCursor("pat", c, 1), (std::vector<std::string>{"42"}));
  EXPECT_FALSE(decodeCursor("cov", c, 1));
  EXPECT_FALSE(decodeCursor("pat", c, 2));
  EXPECT_FALSE(decodeCursor("pat", "' OR 1=1 --", 1));
  EXPECT_FALSE(decodeCursor("pat", "", 1));
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(base64UrlDecode(base64UrlEncode(s)), s);
  }
}

TEST(Postgres, PlaceholdersSkipQuotedText) {
  EXPECT_EQ(toPostgresPlaceholders("SELECT ? , '?' , \"a?\" FROM t WHERE a = ?"),
            "SELECT $1 , '?' , \"a?\" FROM t WHERE a = $2");
}

TEST(Constraint, FieldNames) {
  EXPECT_EQ(fieldFromConstraint("uq_providers__npi"), "npi");
  EXPECT_EQ(
      fieldFromConstraint("UNIQUE constraint failed: providers.organization_id, providers.npi"),
      "npi");
}

TEST(Migrations, EmbeddedForBothDialectsWithoutGaps) {
  for (auto d : {Dialect::kSqlite, Dialect::kPostgres}) {
    int expected = 1;
    for (const auto& m : migrations(d)) {
      EXPECT_EQ(m.version, expected++);
      EXPECT_FALSE(m.sql.empty());
    }
    EXPECT_GE(latestSchemaVersion(d), 1);
  }
  EXPECT_EQ(latestSchemaVersion(Dialect::kSqlite), latestSchemaVersion(Dialect::kPostgres));
}

}  // namespace medoffice::storage
