// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

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
    ASSERT_GE(all.size(), 14u);
    // 0012 (eligibility): no later step builds on it (0014 rebuilds the ledger with the columns
    // of 0010 and 0013, so those cannot be the one skipped).
    const int skipped = 12;
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

namespace {

/// A fresh SQLite file with the migrations up to `version` applied as migrate applies them.
struct SchemaAt {
  std::filesystem::path path;
  std::unique_ptr<SqliteConnection> c;
  SchemaAt(const char* name, int version)
      : path(std::filesystem::temp_directory_path() /
             (std::string(name) + "-" + std::to_string(::getpid()) + ".db")) {
    std::filesystem::remove(path);
    c = std::make_unique<SqliteConnection>(path.string(), SqliteConnection::Mode::kCreate);
    c->script(
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)");
    for (const auto& m : migrations(Dialect::kSqlite)) {
      if (m.version > version) break;
      c->script(std::string(m.sql));
      c->execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)",
                 {std::int64_t{m.version}, std::string(m.name)});
    }
  }
  ~SchemaAt() {
    c.reset();
    std::filesystem::remove(path);
  }
  /// An account and a line to post to (parents not needed: foreign keys off while they go in).
  void accountAndLine() {
    c->script(
        "PRAGMA foreign_keys = OFF;"
        "INSERT INTO guarantor_accounts (id, organization_id, family_name, given_name, "
        "family_key, given_key, version, created_at, updated_at) VALUES (1, 1, 'Doe', 'Jo', "
        "'doe', 'jo', 1, 0, 0);"
        "INSERT INTO charge_lines (id, organization_id, encounter_id, patient_id, account_id, "
        "revision, line_number, code, units, diagnosis_pointers, charge_cents, status, "
        "created_at) VALUES (1, 1, 1, 1, 1, 0, 1, '99213', 1, '1', 12500, 'posted', 0);"
        "PRAGMA foreign_keys = ON;");
  }
  void entry(int id, int account, const char* reverses, int amount) {
    c->script("PRAGMA foreign_keys = OFF");
    c->execute(
        "INSERT INTO ledger_entries (id, organization_id, account_id, patient_id, encounter_id, "
        "line_id, kind, amount_cents, to_place, reverses, reason, d_primary, d_secondary, "
        "d_tertiary, d_patient, d_credit, posted_by, posted_at, created_at, provider_id, "
        "remittance_claim_id) VALUES (?, 1, ?, 1, 1, 1, ?, ?, 'primary', " +
            std::string(reverses) + ", 'r', ?, 0, 0, 0, 0, 7, 100, 100, 3, NULL)",
        {std::int64_t{id}, std::int64_t{account},
         std::string(std::string_view(reverses) == "NULL" ? "charge" : "reversal"),
         std::int64_t{amount},
         std::int64_t{std::string_view(reverses) == "NULL" ? amount : -amount}});
    c->script("PRAGMA foreign_keys = ON");
  }
  std::int64_t one(const std::string& sql) { return c->query(sql, {}).front().i64(0); }
  /// The parent tables ledger_entries' foreign keys name, sorted.
  std::string ledgerParents() {
    std::string out;
    for (const auto& row : c->query(
             "SELECT \"table\" FROM pragma_foreign_key_list('ledger_entries') ORDER BY 1", {})) {
      out += row.text(0) + " ";
    }
    return out;
  }
};

}  // namespace

// 0014 rebuilds ledger_entries on SQLite without the foreign keys of its copied keys: the
// entries come through whole, the guards and the remaining keys hold, and foreign keys are on
// again afterwards.
TEST(Migrations, TheLedgerRebuildKeepsEveryEntryAndItsGuards) {
  SchemaAt db("medoffice-rebuild", 13);
  db.accountAndLine();
  db.entry(1, 1, "NULL", 12500);
  db.entry(2, 1, "1", 12500);
  EXPECT_EQ(db.ledgerParents(),
            "charge_lines encounters guarantor_accounts ledger_entries organizations patients "
            "payments remittance_claims ");
  EXPECT_EQ(migrate(*db.c), 1);
  EXPECT_EQ(currentSchemaVersion(*db.c), 14);
  EXPECT_EQ(db.ledgerParents(), "charge_lines guarantor_accounts ledger_entries payments ");
  EXPECT_EQ(db.one("PRAGMA foreign_keys"), 1) << "foreign keys are on again";
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM ledger_entries"), 2);
  EXPECT_EQ(db.one("SELECT reverses FROM ledger_entries WHERE id = 2"), 1);
  EXPECT_EQ(db.one("SELECT SUM(d_primary) FROM ledger_entries"), 0);
  EXPECT_EQ(db.one("SELECT provider_id FROM ledger_entries WHERE id = 1"), 3);
  EXPECT_THROW(db.c->execute("UPDATE ledger_entries SET amount_cents = 1 WHERE id = 1", {}),
               SqlError);
  EXPECT_THROW(db.c->execute("DELETE FROM ledger_entries WHERE id = 1", {}), SqlError);
  // An entry reversed twice, and one of an account that does not exist, are still refused.
  EXPECT_THROW(db.c->execute("INSERT INTO ledger_entries (organization_id, account_id, "
                             "patient_id, kind, amount_cents, reverses, d_primary, d_secondary, "
                             "d_tertiary, d_patient, d_credit, posted_by, posted_at, created_at) "
                             "VALUES (1, 1, 1, 'reversal', 1, 1, 0, 0, 0, 0, 0, 7, 0, 0)",
                             {}),
               SqlError);
  EXPECT_THROW(db.c->execute("INSERT INTO ledger_entries (organization_id, account_id, "
                             "patient_id, kind, amount_cents, d_primary, d_secondary, "
                             "d_tertiary, d_patient, d_credit, posted_by, posted_at, created_at) "
                             "VALUES (1, 99, 1, 'charge', 1, 0, 0, 0, 0, 0, 7, 0, 0)",
                             {}),
               SqlError);
  EXPECT_EQ(migrate(*db.c), 0);
}

// A ledger whose entries name a missing account cannot be rebuilt: the step rolls back whole,
// says why, and leaves foreign keys on.
TEST(Migrations, ALedgerRebuildThatWouldBreakAForeignKeyRollsBack) {
  SchemaAt db("medoffice-rebuild-broken", 13);
  db.accountAndLine();
  db.entry(1, 42, "NULL", 12500);
  try {
    migrate(*db.c);
    ADD_FAILURE() << "migrate went through";
  } catch (const SqlError& e) {
    EXPECT_NE(
        std::string(e.what()).find("ledger_entries referring to a missing guarantor_accounts"),
        std::string::npos)
        << e.what();
  }
  EXPECT_EQ(currentSchemaVersion(*db.c), 13);
  EXPECT_EQ(db.one("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM ledger_entries"), 1);
  EXPECT_NE(db.ledgerParents().find("organizations"), std::string::npos)
      << "the table is as it was";
}

}  // namespace medoffice::storage
