// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/appeal_letter.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "codecs/pdf/layout_parts.hpp"
#include "codecs/pdf/money_text.hpp"
#include "codecs/x12/era_835.hpp"
#include "domain/denials/letter_template.hpp"

namespace medoffice::codecs::pdf {
namespace {

constexpr double kLeft = Document::kMargin;
constexpr double kRight = Document::kPageWidth - Document::kMargin;
constexpr double kWidth = kRight - kLeft;

std::string usDate(const domain::Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.month(), d.day(), d.year());
  return buf;
}

std::vector<std::string> addressLines(const domain::Address& a) {
  std::vector<std::string> out;
  if (!a.line1.empty()) out.push_back(a.line1);
  if (!a.line2.empty()) out.push_back(a.line2);
  std::string city = a.city;
  if (!a.state.empty()) city += (city.empty() ? "" : ", ") + a.state;
  if (!a.postalCode.empty()) city += (city.empty() ? "" : " ") + a.postalCode;
  if (!city.empty()) out.push_back(city);
  return out;
}

std::string personName(const domain::Patient& p) {
  std::string out = p.givenName;
  if (!p.middleName.empty()) out += " " + p.middleName;
  if (!p.familyName.empty()) out += (out.empty() ? "" : " ") + p.familyName;
  return out;
}

std::string procedureOf(const app::denials::AppealLine& l) {
  if (l.procedureCode.empty()) return "Whole claim";
  std::string out = l.procedureCode;
  for (const auto& m : l.modifiers) out += "-" + m;
  return out;
}

void continuedHeading(Document& doc, const AppealLetterView& v) {
  const double top = Document::kPageHeight - Document::kMargin;
  const TextStyle style{9, Weight::kBold};
  const double left = kWidth * 0.5;
  doc.text(kLeft, Document::baselineBelow(top, style.size), v.practice.name, style, Align::kLeft,
           left - 12);
  doc.text(kRight, Document::baselineBelow(top, style.size),
           "Appeal, claim " + v.claimNumber + " (continued)", style, Align::kRight, kWidth - left);
  doc.line(kLeft, top - 16, kRight, top - 16, 0.5);
  doc.setY(top - 24);
}

/// The body, line by line: wrapped to the width, a blank line as a paragraph gap, breaking the
/// page where a line does not fit.
void body(Document& doc, const std::string& text) {
  const TextStyle style{10, Weight::kRegular};
  const double leading = Document::leading(style.size);
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto nl = text.find('\n', at);
    std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      doc.setY(doc.y() - leading * 0.6);
    } else {
      for (const auto& part : doc.wrap(line, style, kWidth, 200)) {
        doc.ensureRoom(leading);
        doc.text(kLeft, Document::baselineBelow(doc.y(), style.size), part, style);
        doc.setY(doc.y() - leading);
      }
    }
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
}

}  // namespace

AppealLetterView appealLetterView(const app::denials::AppealLetter& letter) {
  AppealLetterView v;
  v.practice.name = letter.practice.legalName;
  v.practice.addressLines = addressLines(letter.practice.billingAddress);
  v.practice.phone = letter.practice.phone;
  v.practiceNpi = letter.practice.npi;
  v.date = usDate(letter.today);
  v.payer.name = letter.payer.name;
  v.payer.addressLines = addressLines(letter.payer.address);
  v.payer.phone = letter.payer.phone;
  v.patientName = personName(letter.patient);
  v.birthDate = usDate(letter.patient.birthDate);
  v.memberId = letter.memberId;
  v.claimNumber = letter.claim.patientControlNumber;
  v.payerClaimNumber = letter.claim.payerClaimNumber;
  v.serviceDate = usDate(letter.claim.serviceDate);

  std::int64_t billed = 0;
  std::int64_t denied = 0;
  std::string reasons;
  for (const auto& l : letter.lines) {
    AppealLetterLine out;
    out.serviceDate = usDate(l.serviceDate);
    out.procedure = procedureOf(l);
    out.chargeCents = l.charge.cents();
    out.deniedCents = l.denied.cents();
    out.reason = l.group + "-" + l.carc;
    if (auto known = x12::adjustmentReasonMeaning(l.carc); !known.empty()) {
      out.reasonText = std::string(known);
    } else if (auto it = letter.carcTexts.find(l.carc); it != letter.carcTexts.end()) {
      out.reasonText = it->second;
    } else {
      out.reasonText = "unknown code " + l.carc;
    }
    for (const auto& code : l.rarcs) {
      auto it = letter.rarcTexts.find(code);
      out.remarks.push_back(code + ": " +
                            (it != letter.rarcTexts.end() ? it->second : "unknown code " + code));
    }
    billed += out.chargeCents;
    denied += out.deniedCents;
    reasons += (reasons.empty() ? "" : "\n") + std::string("- ") + out.procedure + " on " +
               out.serviceDate + ", " + formatDollars(out.deniedCents) + ": " + out.reason + ", " +
               out.reasonText;
    for (const auto& r : out.remarks) reasons += " (remark " + r + ")";
    v.lines.push_back(std::move(out));
  }

  const std::map<std::string, std::string> fields = {
      {"practice_name", letter.practice.legalName},
      {"practice_npi", letter.practice.npi},
      {"practice_phone", letter.practice.phone},
      {"payer_name", letter.payer.name},
      {"patient_name", v.patientName},
      {"patient_birth_date", v.birthDate},
      {"member_id", v.memberId},
      {"claim_number", v.claimNumber},
      {"payer_claim_number", v.payerClaimNumber.empty() ? "not given" : v.payerClaimNumber},
      {"service_date", v.serviceDate},
      {"billed_amount", formatDollars(billed)},
      {"denied_amount", formatDollars(denied)},
      {"denied_on", usDate(letter.deniedOn)},
      {"reasons", reasons},
      {"today", v.date},
      {"signer", letter.signer},
  };
  v.body = domain::denials::fillLetter(letter.letterTemplate, fields);
  return v;
}

domain::Result<std::string> renderAppealLetter(const FontFiles& fonts, const AppealLetterView& v,
                                               const DocumentOptions& options) {
  auto created = Document::create(fonts, options);
  if (!created) return created.error();
  Document& doc = *created;
  doc.addPage();
  doc.onPageBreak([&v](Document& d) { continuedHeading(d, v); });

  const double top = Document::kPageHeight - Document::kMargin;
  const double boxWidth = 210;
  Party letterhead = v.practice;
  if (!v.practiceNpi.empty()) letterhead.addressLines.push_back("NPI " + v.practiceNpi);
  const double head = parts::addressBlock(doc, letterhead, kLeft, top, kWidth - boxWidth - 24,
                                          {14, Weight::kBold}, {9, Weight::kRegular}, 5);
  std::int64_t denied = 0;
  for (const auto& l : v.lines) denied += l.deniedCents;
  const double box = parts::titledBox(doc, "APPEAL",
                                      {{"Date", v.date},
                                       {"Claim number", v.claimNumber},
                                       {"Amount appealed", formatDollars(denied), true}},
                                      kRight - boxWidth, top, boxWidth);
  double y = std::min(head, box) - 20;

  // The addressee, and the identifiers the payer files the appeal under.
  Party addressee = v.payer;
  addressee.addressLines.insert(addressee.addressLines.begin(), v.payer.name);
  addressee.name = "Appeals department";
  const double colWidth = kWidth / 2 - 12;
  const double left = parts::addressBlock(doc, addressee, kLeft, y, colWidth, {10, Weight::kBold},
                                          {10, Weight::kRegular}, 5, false);
  const double right = parts::keyValues(
      doc,
      {{"Patient", v.patientName},
       {"Date of birth", v.birthDate},
       {"Member ID", v.memberId},
       {"Our claim number", v.claimNumber},
       {"Payer claim number", v.payerClaimNumber.empty() ? "not given" : v.payerClaimNumber},
       {"Date of service", v.serviceDate}},
      kRight - colWidth, y, colWidth, 9);
  doc.setY(std::min(left, right) - 18);

  body(doc, v.body);

  doc.setY(doc.y() - 14);
  doc.ensureRoom(60);
  doc.setY(parts::sectionHeading(doc, "Denied services", kLeft, doc.y(), kWidth));
  TableStyle ts;
  ts.body = {8.5, Weight::kRegular};
  ts.header = {8, Weight::kBold};
  ts.maxLines = 6;
  doc.beginTable(kLeft,
                 {{"Date of service", 62, Align::kLeft, Overflow::kShrink},
                  {"Procedure", 72},
                  {"Billed", 64, Align::kRight, Overflow::kShrink},
                  {"Denied", 64, Align::kRight, Overflow::kShrink},
                  {"Reason", 46},
                  {"What the payer's codes say", 232}},
                 ts);
  std::int64_t billed = 0;
  for (const auto& l : v.lines) {
    std::string meaning = l.reasonText;
    for (const auto& r : l.remarks) meaning += "; remark " + r;
    doc.tableRow({l.serviceDate, l.procedure, formatDollars(l.chargeCents),
                  formatDollars(l.deniedCents), l.reason, meaning});
    billed += l.chargeCents;
  }
  doc.tableRow({"Total", "", formatDollars(billed), formatDollars(denied), "", ""}, Weight::kBold);
  doc.endTable();
  return doc.finish("Appeal, claim " + v.claimNumber);
}

}  // namespace medoffice::codecs::pdf
