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
/// The version recorded in the database; 0 for an empty database.
int currentSchemaVersion(SqlConnection& conn);
/// Applies every missing migration, each in its own transaction. Returns how many ran.
/// Throws SqlError when the database is newer than this binary or a step fails.
int migrate(SqlConnection& conn);

}  // namespace medoffice::storage
