// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

#include "domain/patients/patient.hpp"
#include "domain/practice/practice.hpp"
#include "domain/scheduling/scheduling.hpp"

namespace medoffice::codecs::hl7v2 {

/// The SIU trigger events MedOffice sends (HL7 v2.5.1, chapter 10).
enum class SiuEvent {
  kS12,  ///< new appointment booked
  kS13,  ///< rescheduled
  kS14,  ///< modified (confirmed, checked in, roomed, seen, checked out)
  kS15,  ///< cancelled
  kS26,  ///< no-show
};
std::string_view toString(SiuEvent e);  ///< "S12"

/// What one SIU message says. Pointers are never null.
struct SiuInput {
  SiuEvent event = SiuEvent::kS12;
  std::string controlId;  ///< MSH-10, unique per message
  domain::Instant sentAt;
  std::string sendingFacility;  ///< MSH-4: the practice
  const domain::Appointment* appointment = nullptr;
  const domain::Patient* patient = nullptr;
  const domain::Provider* provider = nullptr;
  const domain::Location* location = nullptr;
  std::string appointmentTypeName;
  std::string roomName;  ///< empty: no room
};

/// An ER7-encoded SIU message: MSH, SCH, TQ1, PID, RGS, AIS, AIP, AIL (rooms), segments ended
/// by CR. Text is escaped (\F\ \S\ \R\ \E\ \T\); times are UTC (+0000).
std::string encodeSiu(const SiuInput& in);

/// HL7 v2 escaping of one field value's text.
std::string escape(std::string_view text);

}  // namespace medoffice::codecs::hl7v2
