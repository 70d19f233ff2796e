// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/hl7v2/siu.hpp"

#include <cstdio>

namespace medoffice::codecs::hl7v2 {

namespace {

/// YYYYMMDDHHMMSS+0000 (HL7 DTM in UTC).
std::string dtm(domain::Instant t) {
  const std::string iso = t.toString();  // 2026-12-01T15:00:00Z or with fraction
  std::string out;
  for (char c : iso.substr(0, 19)) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out + "+0000";
}

std::string date8(domain::Date d) {
  std::string s = d.toString();
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

std::string sexCode(const std::string& sex) {
  if (sex == "female") return "F";
  if (sex == "male") return "M";
  if (sex == "other") return "O";
  return "U";
}

/// SCH-25 filler status (HL7 table 0278).
std::string fillerStatus(domain::AppointmentStatus s) {
  switch (s) {
    case domain::AppointmentStatus::kBooked:
    case domain::AppointmentStatus::kConfirmed:
      return "Booked";
    case domain::AppointmentStatus::kArrived:
    case domain::AppointmentStatus::kRoomed:
    case domain::AppointmentStatus::kWithProvider:
      return "Started";
    case domain::AppointmentStatus::kCheckedOut:
      return "Complete";
    case domain::AppointmentStatus::kCancelled:
      return "Cancelled";
    case domain::AppointmentStatus::kNoShow:
      return "Noshow";
  }
  return "Booked";
}

/// SCH-6 event reason: what happened, in words.
std::string eventReason(SiuEvent e, const domain::Appointment& a) {
  switch (e) {
    case SiuEvent::kS12:
      return "BOOKED^Appointment booked";
    case SiuEvent::kS13:
      return "RESCHEDULED^Appointment rescheduled";
    case SiuEvent::kS14:
      return std::string(domain::toString(a.status)) + "^Status " +
             std::string(domain::toString(a.status));
    case SiuEvent::kS15:
      return "CANCELLED^" + escape(a.cancelReason.empty() ? "Cancelled" : a.cancelReason);
    case SiuEvent::kS26:
      return "NOSHOW^Patient did not arrive";
  }
  return "";
}

}  // namespace

std::string_view toString(SiuEvent e) {
  switch (e) {
    case SiuEvent::kS12:
      return "S12";
    case SiuEvent::kS13:
      return "S13";
    case SiuEvent::kS14:
      return "S14";
    case SiuEvent::kS15:
      return "S15";
    case SiuEvent::kS26:
      return "S26";
  }
  return "S12";
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '|':
        out += "\\F\\";
        break;
      case '^':
        out += "\\S\\";
        break;
      case '~':
        out += "\\R\\";
        break;
      case '\\':
        out += "\\E\\";
        break;
      case '&':
        out += "\\T\\";
        break;
      case '\r':
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string encodeSiu(const SiuInput& in) {
  const domain::Appointment& a = *in.appointment;
  const domain::Patient& p = *in.patient;
  const domain::Provider& dr = *in.provider;
  const domain::Location& loc = *in.location;
  const std::string event(toString(in.event));
  const std::string id = std::to_string(a.id.value);
  const std::int64_t minutes = (a.end.micros() - a.start.micros()) / 60'000'000;
  const std::string duration = std::to_string(minutes);
  const std::string action = in.event == SiuEvent::kS12 ? "A" : "U";
  std::string m;
  // MSH-9 message type SIU^Sxx^SIU_S12 (every SIU event shares the S12 structure).
  m += "MSH|^~\\&|MEDOFFICE|" + escape(in.sendingFacility) + "|||" + dtm(in.sentAt) + "||SIU^" +
       event + "^SIU_S12|" + escape(in.controlId) + "|P|2.5.1\r";
  // SCH-1 placer id, SCH-2 filler id, SCH-6 event reason, SCH-7 appointment reason,
  // SCH-8 appointment type, SCH-9/10 duration, SCH-11 timing (^^duration^start^end),
  // SCH-25 filler status.
  m += "SCH|" + id + "^MEDOFFICE|" + id + "^MEDOFFICE||||" + eventReason(in.event, a) + "|" +
       (a.note.empty() ? "" : "^" + escape(a.note)) + "|^" + escape(in.appointmentTypeName) + "|" +
       duration + "|min|^^" + duration + "^" + dtm(a.start) + "^" + dtm(a.end) + "||||||||||||||" +
       fillerStatus(a.status) + "\r";
  m += "TQ1|1||||||" + dtm(a.start) + "|" + dtm(a.end) + "\r";
  std::string name = escape(p.familyName) + "^" + escape(p.givenName);
  if (!p.middleName.empty()) name += "^" + escape(p.middleName);
  m += "PID|1||" + escape(p.mrn) + "^^^MEDOFFICE^MR||" + name + "||" + date8(p.birthDate) + "|" +
       sexCode(p.sex) + "\r";
  m += "RGS|1|" + action + "\r";
  m += "AIS|1|" + action + "|^" + escape(in.appointmentTypeName) + "|" + dtm(a.start) + "|||" +
       duration + "|min\r";
  m += "AIP|1|" + action + "|" + escape(dr.npi) + "^" + escape(dr.familyName) + "^" +
       escape(dr.givenName) + "^^^^^^NPI|||" + dtm(a.start) + "|||" + duration + "|min\r";
  m += "AIL|1|" + action + "|" + (in.roomName.empty() ? "" : escape(in.roomName)) + "^^^" +
       escape(loc.name) + "|||" + dtm(a.start) + "|||" + duration + "|min\r";
  return m;
}

}  // namespace medoffice::codecs::hl7v2
