// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/statement.hpp"

#include <algorithm>

#include "codecs/pdf/layout_parts.hpp"
#include "codecs/pdf/money_text.hpp"

namespace medoffice::codecs::pdf {
namespace {

constexpr double kLeft = Document::kMargin;
constexpr double kRight = Document::kPageWidth - Document::kMargin;
constexpr double kWidth = kRight - kLeft;
constexpr double kInch = 72;

// A #10 window envelope shows the recipient through a window about 1 in from the left and 2 in
// from the top of a tri-folded Letter sheet; the block sits inside it.
constexpr double kAddressX = 1.0 * kInch;
constexpr double kAddressTop = Document::kPageHeight - 2.125 * kInch;
constexpr double kAddressWidth = 3.75 * kInch;

// The coupon: everything below the perforation at kCouponTop on page 1.
constexpr double kCouponTop = Document::kMargin + 190;

void continuedHeading(Document& doc, const StatementView& v) {
  const double top = Document::kPageHeight - Document::kMargin;
  const TextStyle style{9, Weight::kBold};
  const double left = kWidth * 0.4;
  doc.text(kLeft, Document::baselineBelow(top, style.size), v.practice.name, style, Align::kLeft,
           left - 12);
  doc.text(kRight, Document::baselineBelow(top, style.size),
           "Statement " + v.statementNumber + ", account " + v.accountNumber + " (continued)",
           style, Align::kRight, kWidth - left);
  doc.line(kLeft, top - 16, kRight, top - 16, 0.5);
  doc.setY(top - 24);
}

void coupon(Document& doc, const StatementView& v) {
  doc.text(Document::kPageWidth / 2, kCouponTop + 6, "Please detach and return with your payment",
           {8, Weight::kRegular}, Align::kCenter, kWidth);
  doc.line(kLeft, kCouponTop, kRight, kCouponTop, 0.75, 0.3, true);

  // Left: who pays, then where to send it (placed for the window of a return envelope).
  const double leftWidth = 250;
  const TextStyle label{8, Weight::kBold};
  const double fromTop = kCouponTop - 12;
  doc.text(kLeft, Document::baselineBelow(fromTop, label.size), "Account holder", label);
  doc.text(kLeft, Document::baselineBelow(fromTop - 12, 10), v.guarantor.name,
           {10, Weight::kRegular}, Align::kLeft, leftWidth);
  const double remitTop = Document::kMargin + 88;
  doc.text(kLeft, Document::baselineBelow(remitTop + 14, label.size), "Remit to:", label);
  parts::addressBlock(doc, v.practice, kAddressX - 18, remitTop, kAddressWidth - 30,
                      {10, Weight::kBold}, {9, Weight::kRegular}, 4, false);

  // Right: the figures the practice needs to post the payment, and the box for the amount.
  const double boxWidth = 230;
  const double bx = kRight - boxWidth;
  const double pad = 5;
  const double boxTop = kCouponTop - 12;
  const double boxBottom = parts::keyValues(doc,
                                            {{"Account number", v.accountNumber},
                                             {"Statement date", v.statementDate},
                                             {"Due date", v.dueDate},
                                             {"Amount due", formatDollars(v.amountDueCents), true}},
                                            bx + pad, boxTop - pad, boxWidth - 2 * pad, 9) -
                           pad;
  doc.rect(bx, boxBottom, boxWidth, boxTop - boxBottom, 0.75);

  const double enclosedTop = boxBottom - 12;
  const TextStyle enclosed{9, Weight::kBold};
  doc.text(bx, Document::baselineBelow(enclosedTop, enclosed.size), "Amount enclosed", enclosed);
  const double fieldTop = enclosedTop - 14;
  const double fieldHeight = 26;
  doc.rect(bx, fieldTop - fieldHeight, boxWidth, fieldHeight, 1.0);
  doc.text(bx + 6, fieldTop - fieldHeight + 9, "$", {12, Weight::kBold});
}

void lineTable(Document& doc, const StatementView& v) {
  TableStyle ts;
  ts.body = {8, Weight::kRegular};
  ts.header = {7.5, Weight::kBold};
  const auto money = [](const char* title, double width) {
    return TableColumn{title, width, Align::kRight, Overflow::kShrink};
  };
  doc.beginTable(kLeft,
                 {{"Date", 52, Align::kLeft, Overflow::kShrink},
                  {"Patient", 96},
                  {"Description", 116},
                  money("Charges", 48),
                  money("Insurance paid", 46),
                  money("Adjust- ments", 46),
                  money("You paid", 44),
                  money("Insurance pending", 46),
                  money("You owe", 46)},
                 ts);
  if (v.lines.empty()) doc.tableRow({"", "", "No visits have a balance."});
  for (const auto& l : v.lines) {
    doc.tableRow({l.dateOfService, l.patient, l.description, formatDollars(l.chargeCents),
                  formatDollars(l.insurancePaidCents), formatDollars(l.adjustmentCents),
                  formatDollars(l.patientPaidCents), formatDollars(l.insurancePendingCents),
                  formatDollars(l.patientDueCents)});
  }
  doc.endTable();
}

void totals(Document& doc, const StatementView& v) {
  std::vector<parts::KeyValue> rows{{"Insurance pending", formatDollars(v.insurancePendingCents)},
                                    {"Your balance", formatDollars(v.patientDueCents)}};
  if (v.creditCents != 0) rows.push_back({"Credit on account", formatDollars(v.creditCents)});
  rows.push_back({"Amount due from you", formatDollars(v.amountDueCents), true});
  const double height = static_cast<double>(rows.size()) * Document::leading(10) + 20;
  doc.ensureRoom(height);
  const double width = 250;
  const double note = doc.y() - 10;
  doc.paragraph(kLeft, note,
                "Insurance pending is billed to your insurance and is not due from you now.",
                {8, Weight::kRegular}, kWidth - width - 30, 3);
  doc.setY(parts::keyValues(doc, rows, kRight - width, note, width, 10) - 10);
}

void agingRow(Document& doc, const StatementView& v) {
  TableStyle ts;
  ts.body = {9, Weight::kRegular};
  ts.header = {8, Weight::kBold};
  doc.ensureRoom(60);
  doc.setY(parts::sectionHeading(doc, "Your balance by age", kLeft, doc.y(), kWidth));
  const double w = kWidth / 5;
  const auto col = [w](const char* title) {
    return TableColumn{title, w, Align::kRight, Overflow::kShrink};
  };
  doc.beginTable(kLeft,
                 {col("0\xE2\x80\x93"
                      "30 days"),
                  col("31\xE2\x80\x93"
                      "60 days"),
                  col("61\xE2\x80\x93"
                      "90 days"),
                  col("91\xE2\x80\x93"
                      "120 days"),
                  col("Over 120 days")},
                 ts);
  doc.tableRow({formatDollars(v.aging.days0To30), formatDollars(v.aging.days31To60),
                formatDollars(v.aging.days61To90), formatDollars(v.aging.days91To120),
                formatDollars(v.aging.over120)});
  doc.endTable();
  doc.setY(doc.y() - 12);
}

void message(Document& doc, const StatementView& v) {
  if (v.message.empty()) return;
  const TextStyle style{9, Weight::kRegular};
  const std::size_t maxLines = 6;
  const double pad = 6;
  const auto lines = doc.wrap(v.message, style, kWidth - 2 * pad, maxLines);
  if (lines.empty()) return;
  const double height = static_cast<double>(lines.size()) * Document::leading(style.size) + 2 * pad;
  doc.ensureRoom(height + 4);
  const double top = doc.y();
  doc.paragraph(kLeft + pad, top - pad, v.message, style, kWidth - 2 * pad, maxLines);
  doc.rect(kLeft, top - height, kWidth, height, 0.75);
  doc.setY(top - height - 8);
}

}  // namespace

domain::Result<std::string> renderStatement(const FontFiles& fonts, const StatementView& v,
                                            const DocumentOptions& options) {
  auto created = Document::create(fonts, options);
  if (!created) return created.error();
  Document& doc = *created;
  doc.addPage();
  doc.onPageBreak([&v](Document& d) { continuedHeading(d, v); });

  const double top = Document::kPageHeight - Document::kMargin;
  const double boxWidth = 220;
  parts::addressBlock(doc, v.practice, kLeft, top, kWidth - boxWidth - 24, {12, Weight::kBold},
                      {9, Weight::kRegular}, 4);
  const double boxBottom = parts::titledBox(doc, "STATEMENT",
                                            {{"Statement date", v.statementDate},
                                             {"Statement number", v.statementNumber},
                                             {"Account number", v.accountNumber},
                                             {"Due date", v.dueDate},
                                             {"Amount due", formatDollars(v.amountDueCents), true}},
                                            kRight - boxWidth, top, boxWidth);

  // The window block: at most 5 lines under the name, so it stays inside the window.
  const double addressBottom =
      parts::addressBlock(doc, v.guarantor, kAddressX, kAddressTop, kAddressWidth,
                          {10, Weight::kBold}, {10, Weight::kRegular}, 5, false);

  doc.setBottom(kCouponTop + 20);
  coupon(doc, v);
  doc.setY(std::min(addressBottom, boxBottom) - 18);
  lineTable(doc, v);
  totals(doc, v);
  agingRow(doc, v);
  message(doc, v);
  return doc.finish("Statement " + v.statementNumber + ", account " + v.accountNumber);
}

}  // namespace medoffice::codecs::pdf
