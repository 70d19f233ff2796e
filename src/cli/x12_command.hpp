// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

namespace medoffice::cli {

/// Adds `x12 check FILE` to the command line. The command runs from its CLI11 callback during
/// parsing: it prints a one-line summary on stdout and exits 0 for a valid file; for an invalid
/// or unsupported one (4010 included) it prints each problem with its segment position on
/// stderr and ends the parse with CLI::RuntimeError(1), which main() turns into exit status 1.
void addX12Command(CLI::App& app);

}  // namespace medoffice::cli
