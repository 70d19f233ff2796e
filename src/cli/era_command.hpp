// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace medoffice::cli {

/// Adds `era post`: `medoffice era post [--db URL] [--dry-run] [--organization ID] [--key-file
/// FILE] FILE` posts the 835 remittances of FILE (one transaction per ERA) and prints the posting
/// report: each ERA's payment, each claim posted (paid, adjusted, moved to the patient or the
/// next payer, denied) and each claim not posted with its reason. The same file again posts
/// nothing and exits 0; a file that does not balance (or is no 835) exits 1 naming the claim,
/// line and difference, and posts nothing. `--dry-run` prints the report without posting.
void addEraCommand(CLI::App& app, std::string& db);

}  // namespace medoffice::cli
