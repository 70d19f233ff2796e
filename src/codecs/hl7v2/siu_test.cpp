// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/hl7v2/siu.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace medoffice::codecs::hl7v2 {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

TEST(Siu, SegmentsFieldsAndEscaping) {
  domain::Appointment a;
  a.id = domain::AppointmentId(42);
  a.start = *domain::Instant::parse("2026-12-01T15:00:00Z");
  a.end = *domain::Instant::parse("2026-12-01T15:30:00Z");
  a.status = domain::AppointmentStatus::kCancelled;
  a.cancelReason = "sick | fever & chills";
  domain::Patient p;
  p.mrn = "M000123";
  p.familyName = "O'Brien";
  p.givenName = "Ann^Marie";
  p.birthDate = *domain::Date::parse("1980-02-03");
  p.sex = "female";
  domain::Provider dr;
  dr.npi = "1234567893";
  dr.familyName = "Okafor";
  dr.givenName = "Ada";
  domain::Location loc;
  loc.name = "Springfield Clinic";
  SiuInput in;
  in.event = SiuEvent::kS15;
  in.controlId = "A42V3S15";
  in.sentAt = *domain::Instant::parse("2026-11-27T10:00:00Z");
  in.sendingFacility = "Demo Family Practice";
  in.appointment = &a;
  in.patient = &p;
  in.provider = &dr;
  in.location = &loc;
  in.appointmentTypeName = "Follow-up visit";
  in.roomName = "Exam 2";
  const std::string m = encodeSiu(in);
  auto segments = split(m.substr(0, m.size() - 1), '\r');
  ASSERT_EQ(segments.size(), 8U);
  std::vector<std::string> ids;
  for (const auto& s : segments) ids.push_back(s.substr(0, 3));
  EXPECT_EQ(ids,
            (std::vector<std::string>{"MSH", "SCH", "TQ1", "PID", "RGS", "AIS", "AIP", "AIL"}));
  auto msh = split(segments[0], '|');
  ASSERT_EQ(msh.size(), 12U);
  EXPECT_EQ(msh[1], "^~\\&");
  EXPECT_EQ(msh[6], "20261127100000+0000");
  EXPECT_EQ(msh[8], "SIU^S15^SIU_S12");
  EXPECT_EQ(msh[9], "A42V3S15");
  EXPECT_EQ(msh[11], "2.5.1");
  auto sch = split(segments[1], '|');
  ASSERT_EQ(sch.size(), 26U);
  EXPECT_EQ(sch[1], "42^MEDOFFICE");
  EXPECT_EQ(sch[6], "CANCELLED^sick \\F\\ fever \\T\\ chills");
  EXPECT_EQ(sch[11], "^^30^20261201150000+0000^20261201153000+0000");
  EXPECT_EQ(sch[25], "Cancelled");
  auto pid = split(segments[3], '|');
  ASSERT_EQ(pid.size(), 9U);
  EXPECT_EQ(pid[3], "M000123^^^MEDOFFICE^MR");
  EXPECT_EQ(pid[5], "O'Brien^Ann\\S\\Marie");
  EXPECT_EQ(pid[7], "19800203");
  EXPECT_EQ(pid[8], "F");
  EXPECT_EQ(split(segments[4], '|')[2], "U");
  EXPECT_EQ(split(segments[6], '|')[3], "1234567893^Okafor^Ada^^^^^^NPI");
  EXPECT_EQ(split(segments[7], '|')[3], "Exam 2^^^Springfield Clinic");
}

TEST(Siu, EscapeCoversEveryDelimiter) {
  EXPECT_EQ(escape("a|b^c~d\\e&f\rg"), "a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f g");
  EXPECT_EQ(toString(SiuEvent::kS26), "S26");
}

}  // namespace
}  // namespace medoffice::codecs::hl7v2
