// SPDX-License-Identifier: AGPL-3.0-or-later
// The shipped list of common and breached passwords (zxcvbn-ts "language-common", MIT licence),
// embedded at build time by cmake/embed_passwords.cmake, one per line; lowercased and sorted on
// first use.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/validation.hpp"
#include "domain/security/access.hpp"

namespace medoffice::domain {

namespace {
#include "common_passwords.inc"

const std::vector<std::string_view>& list() {
  static const std::vector<std::string_view> words = [] {
    static const std::string text =
        validation::asciiLower(std::string_view(kCommonPasswords, sizeof kCommonPasswords - 1));
    std::vector<std::string_view> out;
    out.reserve(50000);
    std::string_view rest = text;
    while (!rest.empty()) {
      auto nl = rest.find('\n');
      if (nl == std::string_view::npos) nl = rest.size();
      if (nl > 0) out.push_back(rest.substr(0, nl));
      rest.remove_prefix(std::min(rest.size(), nl + 1));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return words;
}
}  // namespace

bool isCommonPassword(std::string_view s) {
  const std::string l = validation::asciiLower(s);
  const auto& words = list();
  return std::binary_search(words.begin(), words.end(), std::string_view(l));
}

}  // namespace medoffice::domain
