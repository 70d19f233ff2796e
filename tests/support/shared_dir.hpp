// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace medoffice::test {

/// The shared fixtures and code sets: MEDOFFICE_SHARED, else ../shared beside the repository
/// (found from this file's path). Tests read them in place and skip when they are absent.
inline std::filesystem::path sharedDir() {
  if (const char* env = std::getenv("MEDOFFICE_SHARED"); env != nullptr && *env != '\0') {
    return env;
  }
  const auto self = std::filesystem::path(__FILE__).lexically_normal();
  return self.parent_path().parent_path().parent_path().parent_path() / "shared";
}

/// A file of the shared code sets: codesets/<relative>.
inline std::filesystem::path sharedCodeSet(const std::string& relative) {
  return sharedDir() / "codesets" / relative;
}

}  // namespace medoffice::test

/// Skips the current GoogleTest test, saying why, when the shared file `path` is absent.
#define MEDOFFICE_REQUIRE_SHARED(path)                                                       \
  if (!std::filesystem::exists(path)) {                                                      \
    GTEST_SKIP() << (path).string()                                                          \
                 << " not found (set MEDOFFICE_SHARED to the shared fixtures folder to run " \
                    "this test)";                                                            \
  }
