// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string_view>
#include <vector>

#include "storage/sql/sql.hpp"

namespace medoffice::storage {

/// One embedded schema step. Versions start at 1 and have no gaps.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

/// The migrations compiled into this binary for `dialect`, in version order.
const std::vector<Migration>& migrations(Dialect dialect);
/// The schema version this binary was built for.
int latestSchemaVersion(Dialect dialect);
/// The database's schema version: the last migration applied with every earlier one applied
/// too (a later step applied before an earlier one does not count until the earlier one is);
/// the highest recorded when it is newer than this binary; 0 for an empty database.
int currentSchemaVersion(SqlConnection& conn);
/// Applies every migration not recorded yet, in version order, each in its own transaction
/// (also one that was skipped while a later one was applied). Returns how many ran.
/// A SQLite step whose first line is `-- medoffice: foreign keys off, check TABLE` (a table
/// rebuild) runs with foreign keys off, and TABLE must pass PRAGMA foreign_key_check before it
/// commits (else the step rolls back and migrate throws naming the table).
/// Throws SqlError when the database is newer than this binary or a step fails.
int migrate(SqlConnection& conn);

}  // namespace medoffice::storage
