// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace medoffice::codecs::pdf {

/// A name and postal address as printed: the practice on every document, the guarantor on a
/// statement. Lines are printed as given (street, "Springfield, IL 62701", ...); any may be empty.
struct Party {
  std::string name;
  std::vector<std::string> addressLines;
  std::string phone;
};

}  // namespace medoffice::codecs::pdf
