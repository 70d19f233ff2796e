// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Pieces the receipt and the statement draw alike. Each takes the top of the block and returns
// the y just below what it drew.

#include <string>
#include <string_view>
#include <vector>

#include "codecs/pdf/document.hpp"
#include "codecs/pdf/party.hpp"

namespace medoffice::codecs::pdf::parts {

/// A name and address block: the name in `nameStyle`, then up to `maxLines` address lines and
/// the phone in `lineStyle`, each cut with "…" to `width`.
double addressBlock(Document& doc, const Party& party, double x, double top, double width,
                    TextStyle nameStyle, TextStyle lineStyle, std::size_t maxLines,
                    bool withPhone = true);

struct KeyValue {
  std::string key;
  std::string value;
  bool bold = false;
};

/// Rows of "key ..... value" between `x` and `x + width`: keys at the left (cut to fit), values
/// at the right (set smaller rather than cut). A bold row gets a rule above it.
double keyValues(Document& doc, const std::vector<KeyValue>& rows, double x, double top,
                 double width, double size);

/// The document's title (STATEMENT, RECEIPT) right-aligned at the top right, and a framed box of
/// key/values below it; returns the box's bottom.
double titledBox(Document& doc, std::string_view title, const std::vector<KeyValue>& rows, double x,
                 double top, double width);

/// A thin heading line in bold with a rule below it.
double sectionHeading(Document& doc, std::string_view text, double x, double top, double width);

}  // namespace medoffice::codecs::pdf::parts
