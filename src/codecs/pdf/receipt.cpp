// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/receipt.hpp"

#include <algorithm>

#include "codecs/pdf/layout_parts.hpp"
#include "codecs/pdf/money_text.hpp"

namespace medoffice::codecs::pdf {
namespace {

constexpr double kLeft = Document::kMargin;
constexpr double kRight = Document::kPageWidth - Document::kMargin;
constexpr double kWidth = kRight - kLeft;

void continuedHeading(Document& doc, const ReceiptView& v) {
  const double top = Document::kPageHeight - Document::kMargin;
  const TextStyle style{9, Weight::kBold};
  const double left = kWidth * 0.4;
  doc.text(kLeft, Document::baselineBelow(top, style.size), v.practice.name, style, Align::kLeft,
           left - 12);
  doc.text(kRight, Document::baselineBelow(top, style.size),
           "Receipt " + v.receiptNumber + " (continued)", style, Align::kRight, kWidth - left);
  doc.line(kLeft, top - 16, kRight, top - 16, 0.5);
  doc.setY(top - 24);
}

}  // namespace

domain::Result<std::string> renderReceipt(const FontFiles& fonts, const ReceiptView& v,
                                          const DocumentOptions& options) {
  auto created = Document::create(fonts, options);
  if (!created) return created.error();
  Document& doc = *created;
  doc.addPage();
  doc.onPageBreak([&v](Document& d) { continuedHeading(d, v); });

  const double top = Document::kPageHeight - Document::kMargin;
  const double boxWidth = 210;
  parts::addressBlock(doc, v.practice, kLeft, top, kWidth - boxWidth - 24, {14, Weight::kBold},
                      {9, Weight::kRegular}, 4);
  double y = parts::titledBox(doc, "RECEIPT",
                              {{"Receipt number", v.receiptNumber},
                               {"Date", v.receivedAt},
                               {"Total paid", formatDollars(v.totalPaidCents), true}},
                              kRight - boxWidth, top, boxWidth);
  y = std::min(y, top - 80) - 16;

  // Who paid, and how: two columns of key/values.
  const double colWidth = kWidth / 2 - 12;
  const double left =
      parts::keyValues(doc, {{"Received from", v.patientName}, {"Account number", v.accountNumber}},
                       kLeft, y, colWidth, 10);
  const double right =
      parts::keyValues(doc, {{"Payment method", v.method}, {"Received by", v.receivedBy}},
                       kRight - colWidth, y, colWidth, 10);
  doc.setY(std::min(left, right) - 16);

  doc.setY(parts::sectionHeading(doc, "Applied to", kLeft, doc.y(), kWidth));
  if (v.lines.empty()) {
    doc.setY(doc.y() - 4 -
             doc.paragraph(kLeft, doc.y() - 4,
                           "This payment was not applied to any visit; it is held as a credit "
                           "on the account.",
                           {9, Weight::kRegular}, kWidth, 2));
  } else {
    TableStyle ts;
    ts.body = {9, Weight::kRegular};
    ts.header = {8, Weight::kBold};
    doc.beginTable(kLeft,
                   {{"Date of service", 76, Align::kLeft, Overflow::kShrink},
                    {"Patient", 140},
                    {"Description", 234},
                    {"Amount", 90, Align::kRight, Overflow::kShrink}},
                   ts);
    for (const auto& line : v.lines) {
      doc.tableRow(
          {line.dateOfService, line.patient, line.description, formatDollars(line.amountCents)});
    }
    doc.endTable();
  }

  std::vector<parts::KeyValue> totals;
  std::int64_t applied = 0;
  bool summed = !v.lines.empty();
  for (const auto& line : v.lines) {
    summed = summed && !__builtin_add_overflow(applied, line.amountCents, &applied);
  }
  if (summed) totals.push_back({"Applied to visits", formatDollars(applied)});
  if (v.onAccountCents != 0) {
    totals.push_back({"On account (credit)", formatDollars(v.onAccountCents)});
  }
  totals.push_back({"Total paid", formatDollars(v.totalPaidCents), true});
  totals.push_back({"Remaining balance", formatDollars(v.remainingBalanceCents), true});
  const double totalsHeight = static_cast<double>(totals.size()) * Document::leading(10) + 40;
  doc.ensureRoom(totalsHeight);
  const double totalsWidth = 250;
  double after = parts::keyValues(doc, totals, kRight - totalsWidth, doc.y() - 10, totalsWidth, 10);
  if (v.remainingBalanceCents < 0) {
    doc.text(kRight, Document::baselineBelow(after - 2, 8),
             "A negative balance is a credit on your account.", {8, Weight::kRegular},
             Align::kRight, totalsWidth);
    after -= Document::leading(8) + 2;
  }
  doc.text(Document::kPageWidth / 2, Document::baselineBelow(after - 18, 10),
           "Thank you for your payment.", {10, Weight::kRegular}, Align::kCenter, kWidth);
  return doc.finish("Receipt " + v.receiptNumber);
}

}  // namespace medoffice::codecs::pdf
