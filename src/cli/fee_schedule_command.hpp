// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace medoffice::cli {

/// Adds `fees` to the `import` command: `medoffice import fees [--db URL] [--payer ID]
/// [--organization ID] [--key-file FILE] FILE` reads one fee schedule from CSV (FILE `-`: stdin)
/// and imports it whole in one transaction, with its audit event. Prints the counts added,
/// changed and unchanged (exit 0); a bad file is reported on stderr line by line, naming each
/// line and column, with nothing stored (CLI::RuntimeError(1), exit status 1). `--db` binds to
/// `db`, which holds the default URL.
void addFeeImport(CLI::App& import, std::string& db);

/// Adds `export fees`: `medoffice export fees [--db URL] [--payer ID] [--organization ID]
/// [--output FILE]` writes the active entries of one fee schedule (the standard fees, or with
/// --payer that payer's allowed amounts) as the CSV file `import fees` reads, to stdout or FILE
/// (exit 0). An unknown payer or organization is reported on stderr (exit status 1). Reads only.
void addFeeExport(CLI::App& app, std::string& db);

}  // namespace medoffice::cli
