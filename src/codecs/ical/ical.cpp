// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/ical/ical.hpp"

namespace medoffice::codecs::ical {

namespace {

/// 20261201T150000Z
std::string utc(domain::Instant t) {
  const std::string iso = t.toString();
  std::string out;
  for (char c : iso.substr(0, 19)) {
    if (c != '-' && c != ':') out += c;
  }
  return out + "Z";
}

/// Appends one content line, folded so that no line exceeds 75 octets.
void line(std::string& out, const std::string& text) {
  std::size_t pos = 0;
  std::size_t width = 75;
  while (text.size() - pos > width) {
    std::size_t cut = pos + width;
    // Never split a UTF-8 sequence: back up over continuation bytes.
    while (cut > pos && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.append(text, pos, cut - pos);
    out += "\r\n ";
    pos = cut;
    width = 74;  // the leading space counts
  }
  out.append(text, pos, std::string::npos);
  out += "\r\n";
}

}  // namespace

std::string escapeText(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string encode(const Calendar& c) {
  std::string out;
  line(out, "BEGIN:VCALENDAR");
  line(out, "VERSION:2.0");
  line(out, "PRODID:-//MedOffice//Scheduling//EN");
  line(out, "CALSCALE:GREGORIAN");
  line(out, "METHOD:PUBLISH");
  if (!c.name.empty()) line(out, "X-WR-CALNAME:" + escapeText(c.name));
  for (const auto& e : c.events) {
    line(out, "BEGIN:VEVENT");
    line(out, "UID:" + e.uid);
    line(out, "DTSTAMP:" + utc(e.stamp));
    line(out, "DTSTART:" + utc(e.start));
    line(out, "DTEND:" + utc(e.end));
    line(out, "SUMMARY:" + escapeText(e.summary));
    if (!e.location.empty()) line(out, "LOCATION:" + escapeText(e.location));
    if (!e.status.empty()) line(out, "STATUS:" + e.status);
    line(out, "SEQUENCE:" + std::to_string(e.sequence));
    line(out, "TRANSP:OPAQUE");
    line(out, "END:VEVENT");
  }
  line(out, "END:VCALENDAR");
  return out;
}

}  // namespace medoffice::codecs::ical
