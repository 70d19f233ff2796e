// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/scheduling_json.hpp"

#include <array>

#include "codecs/json/record_json.hpp"

namespace medoffice::codecs {

using domain::FieldErrors;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 7> kDays = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

int timeOfDay(ObjectReader& r, FieldErrors& e, const char* key) {
  std::string text = r.str(key);
  if (text.empty()) {
    e.add(key, "is required, as HH:MM");
    return 0;
  }
  auto m = domain::parseTimeOfDay(text);
  if (!m) {
    e.add(key, "must be a time of day such as 09:30");
    return 0;
  }
  return *m;
}

/// ["MO","TU",...] -> a weekday set; an unknown day is an error naming `weekdays`.
domain::WeekdaySet readWeekdays(ObjectReader& r, FieldErrors& e) {
  domain::WeekdaySet set = 0;
  for (const auto& d : r.strArray("weekdays")) {
    auto it = std::find(kDays.begin(), kDays.end(), d);
    if (it == kDays.end()) {
      e.add("weekdays", "must hold days such as MO, TU ... SU");
      break;
    }
    set |= static_cast<domain::WeekdaySet>(1U << (it - kDays.begin()));
  }
  return set;
}

/// `"weekdays":[...]`, Monday first, as people read a week.
void writeWeekdays(JsonWriter& w, domain::WeekdaySet set) {
  w.key("weekdays").beginArray();
  for (int d = 1; d <= 7; ++d) {
    if ((set >> (d % 7)) & 1U) w.value(kDays[static_cast<std::size_t>(d % 7)]);
  }
  w.endArray();
}

}  // namespace

domain::Result<domain::AppointmentType> decodeAppointmentType(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"active"});
  domain::AppointmentType t;
  t.name = r.str("name");
  t.durationMinutes = static_cast<int>(r.integer("duration_minutes", 0, 100000).value_or(0));
  t.bufferBeforeMinutes =
      static_cast<int>(r.integer("buffer_before_minutes", 0, 100000).value_or(0));
  t.bufferAfterMinutes = static_cast<int>(r.integer("buffer_after_minutes", 0, 100000).value_or(0));
  t.colour = r.str("colour");
  t.telehealth = r.boolean("telehealth", false);
  t.requiresRoom = r.boolean("requires_room", !t.telehealth);
  t.defaultCptCodes = r.strArray("default_cpt_codes");
  for (auto id : r.idArray("provider_ids")) t.providerIds.emplace_back(id);
  return finish(r, e, std::move(t));
}

void write(JsonWriter& w, const domain::AppointmentType& t) {
  w.beginObject()
      .member("id", t.id.value)
      .member("organization_id", t.organizationId.value)
      .member("name", t.name)
      .member("duration_minutes", t.durationMinutes)
      .member("buffer_before_minutes", t.bufferBeforeMinutes)
      .member("buffer_after_minutes", t.bufferAfterMinutes)
      .member("colour", t.colour)
      .member("telehealth", t.telehealth)
      .member("requires_room", t.requiresRoom)
      .key("default_cpt_codes")
      .beginArray();
  for (const auto& c : t.defaultCptCodes) w.value(c);
  w.endArray();
  writeIds(w, "provider_ids", t.providerIds);
  w.member("active", t.active);
  writeMeta(w, t.meta);
  w.endObject();
}

domain::Result<domain::Room> decodeRoom(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"active"});
  domain::Room m;
  m.name = r.str("name");
  m.locationId = domain::LocationId(r.integer("location_id", 1, INT64_MAX).value_or(0));
  return finish(r, e, std::move(m));
}

void write(JsonWriter& w, const domain::Room& m) {
  w.beginObject()
      .member("id", m.id.value)
      .member("organization_id", m.organizationId.value)
      .member("location_id", m.locationId.value)
      .member("name", m.name)
      .member("active", m.active);
  writeMeta(w, m.meta);
  w.endObject();
}

domain::Result<domain::AvailabilityRule> decodeAvailabilityRule(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"active"});
  domain::AvailabilityRule a;
  a.providerId = domain::ProviderId(r.integer("provider_id", 1, INT64_MAX).value_or(0));
  a.locationId = domain::LocationId(r.integer("location_id", 1, INT64_MAX).value_or(0));
  a.weekdays = readWeekdays(r, e);
  a.startMinute = timeOfDay(r, e, "start_time");
  a.endMinute = timeOfDay(r, e, "end_time");
  if (auto from = r.date("effective_from")) {
    a.effectiveFrom = *from;
  } else if (!r.has("effective_from")) {
    e.add("effective_from", "is required");
  }
  a.effectiveTo = r.date("effective_to");
  for (auto id : r.idArray("appointment_type_ids")) a.appointmentTypeIds.emplace_back(id);
  return finish(r, e, std::move(a));
}

void write(JsonWriter& w, const domain::AvailabilityRule& a) {
  w.beginObject()
      .member("id", a.id.value)
      .member("organization_id", a.organizationId.value)
      .member("provider_id", a.providerId.value)
      .member("location_id", a.locationId.value);
  writeWeekdays(w, a.weekdays);
  w.member("start_time", domain::formatTimeOfDay(a.startMinute))
      .member("end_time", domain::formatTimeOfDay(a.endMinute))
      .member("effective_from", a.effectiveFrom.toString())
      .key("effective_to")
      .optional(a.effectiveTo ? a.effectiveTo->toString() : std::string());
  writeIds(w, "appointment_type_ids", a.appointmentTypeIds);
  w.member("active", a.active);
  writeMeta(w, a.meta);
  w.endObject();
}

domain::Result<domain::ScheduleBlock> decodeScheduleBlock(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  domain::ScheduleBlock b;
  const std::string kind = r.str("kind");
  if (auto k = domain::parseBlockKind(kind.empty() ? "block" : kind)) {
    b.kind = *k;
  } else {
    e.add("kind", "must be time_off, holiday or block");
  }
  b.providerId = domain::ProviderId(r.integer("provider_id", 1, INT64_MAX).value_or(0));
  b.locationId = domain::LocationId(r.integer("location_id", 1, INT64_MAX).value_or(0));
  auto start = r.instant("start");
  auto end = r.instant("end");
  if (!start && !r.has("start")) e.add("start", "is required");
  if (!end && !r.has("end")) e.add("end", "is required");
  b.start = start.value_or(domain::Instant());
  b.end = end.value_or(domain::Instant());
  b.reason = r.str("reason");
  return finish(r, e, std::move(b));
}

void write(JsonWriter& w, const domain::ScheduleBlock& b) {
  w.beginObject()
      .member("id", b.id.value)
      .member("organization_id", b.organizationId.value)
      .member("kind", domain::toString(b.kind));
  optionalId(w, "provider_id", b.providerId.value);
  optionalId(w, "location_id", b.locationId.value);
  w.member("start", b.start.toString()).member("end", b.end.toString()).member("reason", b.reason);
  writeMeta(w, b.meta);
  w.endObject();
}

domain::Result<BookingRequest> decodeBooking(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"status", "series_id", "overbooked", "cancel_reason", "late_cancel", "series_exception",
            "status_times", "demographics_confirmed", "coverage_confirmed_id"});
  BookingRequest b;
  auto& a = b.draft;
  auto id = [&](const char* key, bool required) -> std::int64_t {
    auto v = r.integer(key, 1, INT64_MAX);
    if (!v && required && !r.has(key)) e.add(key, "is required");
    return v.value_or(0);
  };
  a.patientId = domain::PatientId(id("patient_id", true));
  a.providerId = domain::ProviderId(id("provider_id", true));
  a.locationId = domain::LocationId(id("location_id", true));
  a.appointmentTypeId = domain::AppointmentTypeId(id("appointment_type_id", true));
  a.roomId = domain::RoomId(id("room_id", false));
  auto start = r.instant("start");
  auto end = r.instant("end");
  if (!start && !r.has("start")) e.add("start", "is required");
  if (!end && !r.has("end")) e.add("end", "is required");
  a.start = start.value_or(domain::Instant());
  a.end = end.value_or(domain::Instant());
  a.note = r.str("note");
  b.overbook = r.boolean("overbook", false);
  b.walkIn = r.boolean("walk_in", false);
  b.rrule = r.str("rrule");
  b.skipConflicts = r.boolean("skip_conflicts", false);
  return finish(r, e, std::move(b));
}

void write(JsonWriter& w, const domain::Appointment& a) {
  w.beginObject()
      .member("id", a.id.value)
      .member("organization_id", a.organizationId.value)
      .member("patient_id", a.patientId.value)
      .member("provider_id", a.providerId.value)
      .member("location_id", a.locationId.value);
  optionalId(w, "room_id", a.roomId.value);
  w.member("appointment_type_id", a.appointmentTypeId.value)
      .member("start", a.start.toString())
      .member("end", a.end.toString())
      .member("status", domain::toString(a.status));
  optionalId(w, "series_id", a.seriesId.value);
  if (a.seriesId.valid()) w.member("series_exception", a.seriesException);
  w.member("overbooked", a.overbooked)
      .member("walk_in", a.walkIn)
      .member("note", a.note)
      .key("cancel_reason")
      .optional(a.cancelReason)
      .member("late_cancel", a.lateCancel)
      .member("demographics_confirmed", a.demographicsConfirmed);
  optionalId(w, "coverage_confirmed_id", a.coverageConfirmed.value);
  w.key("status_times").beginObject();
  for (std::size_t k = 0; k < a.statusAt.size(); ++k) {
    if (!a.statusAt[k]) continue;
    w.key(domain::toString(static_cast<domain::AppointmentStatus>(k)))
        .beginObject()
        .member("at", a.statusAt[k]->toString())
        .key("by");
    if (a.statusBy[k] > 0) {
      w.value(a.statusBy[k]);
    } else {
      w.null();
    }
    w.endObject();
  }
  w.endObject();
  writeMeta(w, a.meta);
  w.endObject();
}

domain::Result<domain::WaitlistEntry> decodeWaitlistEntry(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"status", "booked_appointment_id"});
  domain::WaitlistEntry w;
  w.patientId = domain::PatientId(r.integer("patient_id", 1, INT64_MAX).value_or(0));
  w.appointmentTypeId =
      domain::AppointmentTypeId(r.integer("appointment_type_id", 1, INT64_MAX).value_or(0));
  w.locationId = domain::LocationId(r.integer("location_id", 1, INT64_MAX).value_or(0));
  for (auto id : r.idArray("provider_ids")) w.providerIds.emplace_back(id);
  if (r.has("weekdays")) w.weekdays = readWeekdays(r, e);
  if (r.has("time_from")) w.timeFrom = timeOfDay(r, e, "time_from");
  if (r.has("time_to")) w.timeTo = timeOfDay(r, e, "time_to");
  if (auto d = r.date("window_from")) {
    w.windowFrom = *d;
  } else if (!r.has("window_from")) {
    e.add("window_from", "is required (YYYY-MM-DD)");
  }
  if (auto d = r.date("window_to")) {
    w.windowTo = *d;
  } else if (!r.has("window_to")) {
    e.add("window_to", "is required (YYYY-MM-DD)");
  }
  w.priority = static_cast<int>(r.integer("priority", 1, 5).value_or(3));
  w.appointmentId = domain::AppointmentId(r.integer("appointment_id", 1, INT64_MAX).value_or(0));
  w.note = r.str("note");
  return finish(r, e, std::move(w));
}

domain::Result<domain::Payment> decodePayment(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"receipt_number", "received_at", "received_by", "posted", "location_id", "coverage_id",
            "amount", "account_id", "unallocated_cents", "allocate", "allocations"});
  domain::Payment p;
  if (auto v = r.integer("amount_cents", 1, 10'000'000)) {
    p.amount = domain::Money::fromCents(*v);
  } else if (!r.has("amount_cents")) {
    e.add("amount_cents", "is required (integer cents, e.g. 2500 for $25.00)");
  }
  const std::string method = r.str("method");
  if (auto m = domain::parsePaymentMethod(method)) {
    p.method = *m;
  } else {
    e.add("method", "must be cash, check, card or other");
  }
  p.reference = r.str("reference");
  p.patientId = domain::PatientId(r.integer("patient_id", 1, INT64_MAX).value_or(0));
  p.appointmentId = domain::AppointmentId(r.integer("appointment_id", 1, INT64_MAX).value_or(0));
  if (r.has("kind")) p.kind = r.str("kind");
  return finish(r, e, std::move(p));
}

void write(JsonWriter& w, const domain::WaitlistEntry& e) {
  w.beginObject()
      .member("id", e.id.value)
      .member("organization_id", e.organizationId.value)
      .member("patient_id", e.patientId.value)
      .member("appointment_type_id", e.appointmentTypeId.value)
      .member("location_id", e.locationId.value);
  writeIds(w, "provider_ids", e.providerIds);
  writeWeekdays(w, e.weekdays);
  w.member("time_from", domain::formatTimeOfDay(e.timeFrom))
      .member("time_to", domain::formatTimeOfDay(e.timeTo))
      .member("window_from", e.windowFrom.toString())
      .member("window_to", e.windowTo.toString())
      .member("priority", e.priority);
  optionalId(w, "appointment_id", e.appointmentId.value);
  w.member("note", e.note).member("status", domain::toString(e.status));
  optionalId(w, "booked_appointment_id", e.bookedAppointmentId.value);
  writeMeta(w, e.meta);
  w.endObject();
}

void write(JsonWriter& w, const domain::WaitlistOffer& o) {
  w.beginObject()
      .member("id", o.id.value)
      .member("entry_id", o.entryId.value)
      .member("patient_id", o.patientId.value)
      .member("provider_id", o.providerId.value)
      .member("location_id", o.locationId.value)
      .member("appointment_type_id", o.appointmentTypeId.value)
      .member("start", o.start.toString())
      .member("end", o.end.toString())
      .member("rank", o.rank)
      .member("status", domain::toString(o.status));
  optionalId(w, "appointment_id", o.appointmentId.value);
  writeMeta(w, o.meta);
  w.endObject();
}

void write(JsonWriter& w, const domain::Payment& p) {
  w.beginObject()
      .member("id", p.id.value)
      .member("receipt_number", p.receiptNumber)
      .member("patient_id", p.patientId.value);
  optionalId(w, "appointment_id", p.appointmentId.value);
  optionalId(w, "location_id", p.locationId.value);
  optionalId(w, "coverage_id", p.coverageId.value);
  w.member("amount_cents", p.amount.cents())
      .member("amount", p.amount.toString())
      .member("method", domain::toString(p.method))
      .member("reference", p.reference)
      .member("kind", p.kind)
      .member("received_at", p.receivedAt.toString())
      .member("received_by", p.receivedBy)
      .member("posted", p.posted);
  optionalId(w, "account_id", p.accountId.value);
  w.member("unallocated_cents", p.unallocated.cents());
  writeMeta(w, p.meta);
  w.endObject();
}

void write(JsonWriter& w, const domain::Slot& s) {
  w.beginObject()
      .member("start", s.start.toString())
      .member("end", s.end.toString())
      .member("provider_id", s.providerId.value)
      .member("location_id", s.locationId.value)
      .endObject();
}

}  // namespace medoffice::codecs
