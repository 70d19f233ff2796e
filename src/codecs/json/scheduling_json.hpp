// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <nlohmann/json.hpp>

#include "codecs/json/json_writer.hpp"
#include "domain/billing/payment.hpp"
#include "domain/common/result.hpp"
#include "domain/scheduling/scheduling.hpp"
#include "domain/scheduling/slots.hpp"
#include "domain/scheduling/waitlist.hpp"

namespace medoffice::codecs {

/// JSON <-> domain for scheduling (issue 4). Times of day are "HH:MM" (local to the location),
/// weekdays are ["MO","TU",...], instants RFC 3339 (answers in UTC).
domain::Result<domain::AppointmentType> decodeAppointmentType(const nlohmann::json& j);
domain::Result<domain::Room> decodeRoom(const nlohmann::json& j);
domain::Result<domain::AvailabilityRule> decodeAvailabilityRule(const nlohmann::json& j);
domain::Result<domain::ScheduleBlock> decodeScheduleBlock(const nlohmann::json& j);

/// A booking: `{"patient_id","provider_id","location_id","appointment_type_id","start","end",
/// "room_id"?,"note"?,"overbook"?,"walk_in"?}`.
struct BookingRequest {
  domain::Appointment draft;
  bool overbook = false;
  bool walkIn = false;
  std::string rrule;           ///< a recurring series (RFC 5545 subset); empty: one visit
  bool skipConflicts = false;  ///< series: book what fits and list the rest
};
domain::Result<BookingRequest> decodeBooking(const nlohmann::json& j);

/// `{"patient_id","appointment_type_id","location_id","provider_ids"?,"weekdays"?,"time_from"?,
/// "time_to"?,"window_from","window_to","priority"?,"appointment_id"?,"note"?}`.
domain::Result<domain::WaitlistEntry> decodeWaitlistEntry(const nlohmann::json& j);
/// A desk payment: `{"amount_cents","method","reference"?,"patient_id"?,"appointment_id"?,
/// "kind"?}`; inside a check-in body the patient and appointment come from the visit.
domain::Result<domain::Payment> decodePayment(const nlohmann::json& j);

void write(JsonWriter& w, const domain::WaitlistEntry& e);
void write(JsonWriter& w, const domain::WaitlistOffer& o);
void write(JsonWriter& w, const domain::Payment& p);
void write(JsonWriter& w, const domain::AppointmentType& t);
void write(JsonWriter& w, const domain::Room& r);
void write(JsonWriter& w, const domain::AvailabilityRule& r);
void write(JsonWriter& w, const domain::ScheduleBlock& b);
void write(JsonWriter& w, const domain::Appointment& a);
void write(JsonWriter& w, const domain::Slot& s);

}  // namespace medoffice::codecs
