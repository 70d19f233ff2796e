// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace medoffice::cli {

/// Adds `import icd10cm|hcpcs|cpt FILE` to the command line (code sets, issue 14). Each reads
/// the whole file first (a progress bar on a TTY), then stores the release in one transaction,
/// and prints the count of codes loaded on stdout (exit 0); a malformed file is reported on
/// stderr naming its line, with nothing stored, and ends the parse with CLI::RuntimeError(1),
/// which main() turns into exit status 1. `--db` binds to `db`, which holds the default URL.
/// Also adds `import fees` (fee_schedule_command.hpp).
void addImportCommand(CLI::App& app, std::string& db);

}  // namespace medoffice::cli
