// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "storage/postgres/pg_connection.hpp"
#include "storage/sql/cursor.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/sql.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

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

// Regression: 0011_claims landed before 0010_report_speed, and a database migrated in between was
// left at "version 11" without 0010 (migrate applied only versions above the highest).
TEST(Migrations, AStepSkippedWhileALaterOneWasAppliedIsAppliedByMigrate) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("medoffice-migrations-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    SqliteConnection c(path.string(), SqliteConnection::Mode::kCreate);
    const auto& all = migrations(Dialect::kSqlite);
    ASSERT_GE(all.size(), 2u);
    const int skipped = all[all.size() - 2].version;
    // Every step but the one before the last, recorded as migrate records them.
    c.script(
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)");
    for (const auto& m : all) {
      if (m.version == skipped) continue;
      c.script(std::string(m.sql));
      c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)",
                {std::int64_t{m.version}, std::string(m.name)});
    }
    EXPECT_EQ(currentSchemaVersion(c), skipped - 1) << "not up to date while a step is missing";
    EXPECT_EQ(migrate(c), 1);
    EXPECT_EQ(currentSchemaVersion(c), latestSchemaVersion(Dialect::kSqlite));
    EXPECT_EQ(migrate(c), 0);
  }
  std::filesystem::remove(path);
}

}  // namespace medoffice::storage
