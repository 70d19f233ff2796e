// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace medoffice::cli {

/// Adds `statements run`: `medoffice statements run [--db URL] [--cycle-day N] [--min-balance
/// CENTS] [--statement-date YYYY-MM-DD] [--organization ID] [--key-file FILE] --out DIR` runs
/// (or resumes) the cycle's statements, writes each statement of the run as DIR/<number>.pdf
/// and the print vendor's DIR/statement-run-<id>.csv (files written under a temporary name and
/// renamed, so a rerun after a crash rewrites the same files and sends no account twice), shows
/// a progress bar on a TTY, and prints the count. Bad options exit 1 naming them.
void addStatementsCommand(CLI::App& app, std::string& db);

}  // namespace medoffice::cli
