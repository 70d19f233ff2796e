// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What the data commands (import/export fees, statements) share: failures that end the command
// with their lines on stderr, opening a current database, and choosing the organization.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "domain/common/ids.hpp"
#include "storage/database.hpp"

namespace medoffice::cli {

/// Thrown to end the command with its lines on stderr and exit status 1.
struct Failure {
  std::vector<std::string> lines;
};

/// The database at `db`, refused (Failure) unless its schema is current.
std::unique_ptr<storage::Database> openCurrent(const std::string& db);

/// The organization named (`wanted` > 0), or the only one; Failure otherwise.
domain::OrganizationId organizationFor(storage::Database& db, std::int64_t wanted);

/// Runs `run` as a subcommand's callback: a Failure or exception becomes its lines on stderr and
/// exit status 1 (CLI::RuntimeError).
void runOrFail(const std::function<int()>& run);

}  // namespace medoffice::cli
