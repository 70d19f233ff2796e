// SPDX-License-Identifier: AGPL-3.0-or-later
// Helpers shared by the 270/271 tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace medoffice::codecs::x12::eligibility_test {

namespace fs = std::filesystem;

/// The repository root: from __FILE__ when that resolves (ccache may make it relative), else
/// by walking up from the working directory.
inline fs::path repoRoot() {
  auto isRoot = [](const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "src" / "codecs" / "x12" / "eligibility_271.hpp", ec);
  };
  fs::path root = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
  if (isRoot(root)) return root;
  for (fs::path dir = fs::current_path(); !dir.empty(); dir = dir.parent_path()) {
    if (isRoot(dir)) return dir;
    if (dir == dir.parent_path()) break;
  }
  return root;
}

/// tests/golden/x12/<sub>/<name>.
inline fs::path golden(const std::string& sub, const std::string& name) {
  return repoRoot() / "tests" / "golden" / "x12" / sub / name;
}

/// MEDOFFICE_SHARED, else ../shared beside the repository.
inline fs::path sharedDir() {
  if (const char* env = std::getenv("MEDOFFICE_SHARED"); env != nullptr && *env != '\0') {
    return env;
  }
  return repoRoot().parent_path() / "shared";
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace medoffice::codecs::x12::eligibility_test
