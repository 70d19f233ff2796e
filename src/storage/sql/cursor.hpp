// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medoffice::storage {

/// Keyset pagination cursors: the sort key of the last row of a page, as opaque base64url text.
/// A cursor carries no PHI in clear text beyond the sort key and is bound to its list kind.
std::string encodeCursor(std::string_view kind, const std::vector<std::string>& key);
/// Returns nullopt when `cursor` was not made by encodeCursor for `kind` with `parts` parts.
std::optional<std::vector<std::string>> decodeCursor(std::string_view kind, std::string_view cursor,
                                                     std::size_t parts);

std::string base64UrlEncode(std::string_view bytes);
std::optional<std::string> base64UrlDecode(std::string_view text);

}  // namespace medoffice::storage
