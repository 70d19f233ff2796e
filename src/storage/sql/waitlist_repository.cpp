// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/waitlist_repository.hpp"

namespace medoffice::storage {

using domain::Instant;
using domain::OrganizationId;

const Table<domain::WaitlistEntry>& waitlistEntryTable() {
  static const Table<domain::WaitlistEntry> table({
      .table = "waitlist_entries",
      .noun = "waitlist entry",
      .cursorKind = "wait",
      .columns = {"patient_id", "appointment_type_id", "location_id", "provider_ids", "weekdays",
                  "time_from", "time_to", "window_from", "window_to", "priority", "appointment_id",
                  "note", "status", "booked_appointment_id"},
      .read =
          [](Reader& r, domain::WaitlistEntry& e) {
            e.patientId = r.id<domain::PatientId>();
            e.appointmentTypeId = r.id<domain::AppointmentTypeId>();
            e.locationId = r.id<domain::LocationId>();
            e.providerIds = splitIds<domain::ProviderId>(r.text());
            e.weekdays = static_cast<domain::WeekdaySet>(r.i64());
            e.timeFrom = r.i32();
            e.timeTo = r.i32();
            e.windowFrom = r.requiredDate();
            e.windowTo = r.requiredDate();
            e.priority = r.i32();
            e.appointmentId = r.id<domain::AppointmentId>();
            e.note = r.text();
            e.status =
                domain::parseWaitlistStatus(r.text()).value_or(domain::WaitlistStatus::kRemoved);
            e.bookedAppointmentId = r.id<domain::AppointmentId>();
          },
      .write =
          [](Params& p, const domain::WaitlistEntry& e) {
            append(p, sqlInt(e.patientId.value), sqlInt(e.appointmentTypeId.value),
                   sqlInt(e.locationId.value), joinIds(e.providerIds), sqlInt(e.weekdays),
                   sqlInt(e.timeFrom), sqlInt(e.timeTo), e.windowFrom.toString(),
                   e.windowTo.toString(), sqlInt(e.priority), optionalId(e.appointmentId.value),
                   e.note, std::string(domain::toString(e.status)),
                   optionalId(e.bookedAppointmentId.value));
          },
  });
  return table;
}

const Table<domain::WaitlistOffer>& waitlistOfferTable() {
  static const Table<domain::WaitlistOffer> table({
      .table = "waitlist_offers",
      .noun = "waitlist offer",
      .cursorKind = "offer",
      .columns = {"status", "appointment_id"},
      .insertOnlyColumns = {"entry_id", "patient_id", "provider_id", "location_id",
                            "appointment_type_id", "start_at", "end_at", "rank"},
      .read =
          [](Reader& r, domain::WaitlistOffer& o) {
            o.status = domain::parseOfferStatus(r.text()).value_or(domain::OfferStatus::kTaken);
            o.appointmentId = r.id<domain::AppointmentId>();
            o.entryId = r.id<domain::WaitlistEntryId>();
            o.patientId = r.id<domain::PatientId>();
            o.providerId = r.id<domain::ProviderId>();
            o.locationId = r.id<domain::LocationId>();
            o.appointmentTypeId = r.id<domain::AppointmentTypeId>();
            o.start = r.instant();
            o.end = r.instant();
            o.rank = r.i32();
          },
      .write =
          [](Params& p, const domain::WaitlistOffer& o) {
            append(p, std::string(domain::toString(o.status)), optionalId(o.appointmentId.value));
          },
      .writeInsertOnly =
          [](Params& p, const domain::WaitlistOffer& o) {
            append(p, sqlInt(o.entryId.value), sqlInt(o.patientId.value),
                   sqlInt(o.providerId.value), sqlInt(o.locationId.value),
                   sqlInt(o.appointmentTypeId.value), sqlInt(o.start.micros()),
                   sqlInt(o.end.micros()), sqlInt(o.rank));
          },
  });
  return table;
}

// ---- entries ---------------------------------------------------------------------------------

Result<domain::WaitlistEntry> SqlWaitlist::insertEntry(const domain::WaitlistEntry& e,
                                                       Instant now) {
  return waitlistEntryTable().insert(c_, e, now);
}

Result<domain::WaitlistEntry> SqlWaitlist::updateEntry(const domain::WaitlistEntry& e,
                                                       std::int64_t expected, Instant now) {
  return waitlistEntryTable().update(c_, e, expected, now);
}

std::optional<domain::WaitlistEntry> SqlWaitlist::getEntry(OrganizationId org,
                                                           domain::WaitlistEntryId id) {
  return waitlistEntryTable().get(c_, org, id.value);
}

std::vector<domain::WaitlistEntry> SqlWaitlist::entries(
    OrganizationId org, domain::LocationId location, std::optional<domain::WaitlistStatus> status,
    int limit) {
  std::string sql = waitlistEntryTable().select("WHERE organization_id = ?");
  Params p{sqlInt(org.value)};
  andId(sql, p, "location_id = ?", location);
  if (status) andIf(sql, p, true, "status = ?", std::string(domain::toString(*status)));
  sql += " ORDER BY priority, created_at, id LIMIT ?";
  p.push_back(sqlInt(std::clamp(limit, 1, 1000)));
  return waitlistEntryTable().query(c_, sql, p);
}

std::vector<domain::WaitlistEntry> SqlWaitlist::waitingFor(OrganizationId org,
                                                           domain::LocationId location,
                                                           domain::Date day) {
  static const std::string sql = waitlistEntryTable().select(
      "WHERE organization_id = ? AND location_id = ? AND status = 'waiting' AND window_to >= ? "
      "AND window_from <= ? ORDER BY priority, created_at, id LIMIT 500");
  return waitlistEntryTable().query(
      c_, sql, {sqlInt(org.value), sqlInt(location.value), day.toString(), day.toString()});
}

// ---- offers ----------------------------------------------------------------------------------

Result<domain::WaitlistOffer> SqlWaitlist::insertOffer(const domain::WaitlistOffer& o,
                                                       Instant now) {
  return waitlistOfferTable().insert(c_, o, now);
}

Result<domain::WaitlistOffer> SqlWaitlist::updateOffer(const domain::WaitlistOffer& o,
                                                       std::int64_t expected, Instant now) {
  return waitlistOfferTable().update(c_, o, expected, now);
}

std::optional<domain::WaitlistOffer> SqlWaitlist::getOffer(OrganizationId org,
                                                           domain::WaitlistOfferId id) {
  return waitlistOfferTable().get(c_, org, id.value);
}

std::vector<domain::WaitlistOffer> SqlWaitlist::offers(OrganizationId org,
                                                       domain::LocationId location,
                                                       std::optional<domain::OfferStatus> status,
                                                       domain::WaitlistEntryId entry,
                                                       Instant startsFrom, int limit) {
  std::string sql = waitlistOfferTable().select("WHERE organization_id = ? AND start_at >= ?");
  Params p{sqlInt(org.value), sqlInt(startsFrom.micros())};
  andId(sql, p, "location_id = ?", location);
  if (status) andIf(sql, p, true, "status = ?", std::string(domain::toString(*status)));
  andId(sql, p, "entry_id = ?", entry);
  sql += " ORDER BY start_at, rank, id LIMIT ?";
  p.push_back(sqlInt(std::clamp(limit, 1, 1000)));
  return waitlistOfferTable().query(c_, sql, p);
}

}  // namespace medoffice::storage
