// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/layout_parts.hpp"

#include <algorithm>

namespace medoffice::codecs::pdf::parts {

double addressBlock(Document& doc, const Party& party, double x, double top, double width,
                    TextStyle nameStyle, TextStyle lineStyle, std::size_t maxLines,
                    bool withPhone) {
  double y = top;
  if (!party.name.empty()) {
    doc.text(x, Document::baselineBelow(y, nameStyle.size), party.name, nameStyle, Align::kLeft,
             width);
    y -= Document::leading(nameStyle.size);
  }
  std::size_t printed = 0;
  for (const auto& line : party.addressLines) {
    if (line.empty()) continue;
    if (printed++ == maxLines) break;
    doc.text(x, Document::baselineBelow(y, lineStyle.size), line, lineStyle, Align::kLeft, width);
    y -= Document::leading(lineStyle.size);
  }
  if (withPhone && !party.phone.empty()) {
    doc.text(x, Document::baselineBelow(y, lineStyle.size), party.phone, lineStyle, Align::kLeft,
             width);
    y -= Document::leading(lineStyle.size);
  }
  return y;
}

double keyValues(Document& doc, const std::vector<KeyValue>& rows, double x, double top,
                 double width, double size) {
  double y = top;
  const double gap = 6;
  for (const auto& row : rows) {
    const TextStyle style{size, row.bold ? Weight::kBold : Weight::kRegular};
    if (row.bold) {
      doc.line(x, y - 1, x + width, y - 1, 0.5);
      y -= 3;
    }
    const double baseline = Document::baselineBelow(y, size);
    // The value gets the room it needs (up to 60%); the key has the rest.
    const double valueWidth = std::min(doc.textWidth(row.value, style), width * 0.6);
    doc.textShrunk(x + width, baseline, row.value, style, Align::kRight, width * 0.6);
    doc.text(x, baseline, row.key, style, Align::kLeft, width - valueWidth - gap);
    y -= Document::leading(size);
  }
  return y;
}

double titledBox(Document& doc, std::string_view title, const std::vector<KeyValue>& rows, double x,
                 double top, double width) {
  const TextStyle titleStyle{18, Weight::kBold};
  doc.text(x + width, Document::baselineBelow(top, titleStyle.size), title, titleStyle,
           Align::kRight, width);
  const double boxTop = top - 26;
  const double pad = 5;
  const double bottom = keyValues(doc, rows, x + pad, boxTop - pad, width - 2 * pad, 9) - pad;
  doc.rect(x, bottom, width, boxTop - bottom, 0.75);
  return bottom;
}

double sectionHeading(Document& doc, std::string_view text, double x, double top, double width) {
  const TextStyle style{10, Weight::kBold};
  doc.text(x, Document::baselineBelow(top, style.size), text, style, Align::kLeft, width);
  return top - Document::leading(style.size) - 2;
}

}  // namespace medoffice::codecs::pdf::parts
