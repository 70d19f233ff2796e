// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace medoffice::cli {

/// Adds `eligibility run`: `medoffice eligibility run [--db URL] [--date YYYY-MM-DD]
/// [--location ID]... [--concurrency N] [--organization ID] [--key-file FILE]` checks every
/// coverage of the day's appointments (tomorrow at each location by default) against the
/// practice's real-time clearinghouse, prints one line per coverage (`coverage 12 patient 34
/// 2026-12-15 active: …`) and a summary, and exits 0 once every coverage has its line, whatever
/// the payers answered. Bad options or an unusable database exit 1 naming them. For cron.
void addEligibilityCommand(CLI::App& app, std::string& db);

}  // namespace medoffice::cli
