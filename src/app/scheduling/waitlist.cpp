// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/scheduling/waitlist.hpp"

#include <algorithm>

#include "app/scheduling/internal.hpp"

namespace medoffice::app::scheduling {

namespace {

/// The checks shared by adding and editing a waitlist entry.
Status checkWaitlistEntry(Repositories& r, Instant now, domain::OrganizationId org,
                          domain::WaitlistEntry& e) {
  domain::FieldErrors errors;
  errors.append(domain::validate(e));
  if (!errors.empty()) return errors.toError();
  auto patient = r.patients().get(org, e.patientId);
  if (!patient || patient->status != domain::PatientStatus::kActive) {
    return Error::notFound("patient not found (or archived or merged)");
  }
  auto type = r.scheduling().getType(org, e.appointmentTypeId);
  if (!type || !type->active) return Error::notFound("appointment type not found");
  auto location = r.locations().get(org, e.locationId);
  if (!location || !location->active) return Error::notFound("location not found");
  for (std::size_t k = 0; k < e.providerIds.size(); ++k) {
    auto p = r.providers().get(org, e.providerIds[k]);
    if (!p || !p->active) {
      errors.add("provider_ids[" + std::to_string(k) + "]", "is not a provider of this practice");
    }
  }
  if (e.appointmentId.valid()) {
    auto a = r.appointments().get(org, e.appointmentId);
    if (!a || a->patientId != e.patientId) {
      errors.add("appointment_id", "is not an appointment of this patient");
    } else if (a->status != AppointmentStatus::kBooked &&
               a->status != AppointmentStatus::kConfirmed) {
      errors.add("appointment_id", "is not booked or confirmed");
    }
  }
  if (e.windowTo < now.utcDate()) errors.add("window_to", "is in the past");
  if (!errors.empty()) return errors.toError();
  return {};
}

}  // namespace

Result<domain::WaitlistEntry> addToWaitlist(Repositories& r, Instant now,
                                            domain::OrganizationId org, domain::WaitlistEntry e) {
  e.organizationId = org;
  e.id = {};
  e.status = domain::WaitlistStatus::kWaiting;
  e.bookedAppointmentId = {};
  if (auto s = checkWaitlistEntry(r, now, org, e); !s.ok()) return s.error();
  return r.waitlist().insertEntry(e, now);
}

Result<domain::WaitlistEntry> updateWaitlistEntry(Repositories& r, Instant now,
                                                  domain::OrganizationId org,
                                                  domain::WaitlistEntry changes,
                                                  std::int64_t expectedVersion) {
  auto current = r.waitlist().getEntry(org, changes.id);
  if (!current) return Error::notFound("waitlist entry not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  if (current->status != domain::WaitlistStatus::kWaiting) {
    return Error::conflict("The entry is " + std::string(domain::toString(current->status)) +
                           ", not waiting.");
  }
  if (changes.patientId != current->patientId) {
    return Error::invalidField("patient_id", "cannot change: add the other patient instead");
  }
  changes.organizationId = org;
  changes.status = current->status;
  changes.bookedAppointmentId = current->bookedAppointmentId;
  changes.meta = current->meta;
  if (auto s = checkWaitlistEntry(r, now, org, changes); !s.ok()) return s.error();
  return r.waitlist().updateEntry(changes, expectedVersion, now);
}

namespace {

/// Offers one slot (a provider's time at a location from `start`) to the entries that suit it.
std::vector<domain::WaitlistOffer> offerSlot(Repositories& r, const TimeZones& zones, Instant now,
                                             domain::OrganizationId org,
                                             domain::ProviderId provider,
                                             domain::LocationId location, Instant start,
                                             domain::PatientId leaving) {
  std::vector<domain::WaitlistOffer> made;
  if (start < now) return made;
  auto loc = r.locations().get(org, location);
  if (!loc || !loc->active) return made;
  auto local = zones.toLocal(loc->timeZone, start);
  if (!local) return made;
  // Who was offered this slot already, and how many offers are still open.
  std::vector<domain::WaitlistEntryId> offered;
  int open = 0;
  for (const auto& o : r.waitlist().offers(org, location, std::nullopt, {}, start, 1000)) {
    if (start < o.start) break;  // earliest slot first: the rest start later
    if (o.providerId != provider || o.start != start) continue;
    offered.push_back(o.entryId);
    if (o.status == domain::OfferStatus::kOpen) ++open;
  }
  int checked = 0;
  for (const auto& e : r.waitlist().waitingFor(org, location, local->date)) {
    if (open >= kOffersPerSlot || checked >= 50) break;
    if (e.patientId == leaving || !e.wants(provider, location, local->date, local->minuteOfDay) ||
        std::find(offered.begin(), offered.end(), e.id) != offered.end()) {
      continue;
    }
    ++checked;
    auto type = r.scheduling().getType(org, e.appointmentTypeId);
    if (!type || !type->active) continue;
    Appointment draft;
    draft.id = e.appointmentId;  // moving that visit: it does not conflict with itself
    draft.organizationId = org;
    draft.patientId = e.patientId;
    draft.providerId = provider;
    draft.locationId = location;
    draft.appointmentTypeId = e.appointmentTypeId;
    draft.start = start;
    draft.end = Instant::fromMicros(start.micros() + type->durationMinutes * kMinute);
    if (e.appointmentId.valid()) {
      auto current = r.appointments().get(org, e.appointmentId);
      if (current && domain::holdsTime(current->status) && !(draft.start < current->start)) {
        continue;  // not earlier than the visit the patient has
      }
    }
    if (!checkBookable(r, zones, now, org, draft, false, false, false).ok()) continue;
    domain::WaitlistOffer o;
    o.organizationId = org;
    o.entryId = e.id;
    o.patientId = e.patientId;
    o.providerId = provider;
    o.locationId = location;
    o.appointmentTypeId = e.appointmentTypeId;
    o.start = draft.start;
    o.end = draft.end;
    o.rank = static_cast<int>(offered.size()) + 1;
    if (auto stored = r.waitlist().insertOffer(o, now)) {
      made.push_back(*stored);
      offered.push_back(e.id);
      ++open;
    }
  }
  return made;
}

/// Sets the status of every open offer of `entry` or of the slot (provider, start) to taken.
void closeOtherOffers(Repositories& r, Instant now, const domain::WaitlistOffer& booked) {
  // Open offers of the same patient's entry (any time), and of slots overlapping the booked one
  // (an appointment lasts at most 12 hours).
  auto same = r.waitlist().offers(booked.organizationId, {}, domain::OfferStatus::kOpen,
                                  booked.entryId, Instant(), 1000);
  auto near =
      r.waitlist().offers(booked.organizationId, booked.locationId, domain::OfferStatus::kOpen, {},
                          Instant::fromMicros(booked.start.micros() - 720 * kMinute), 1000);
  for (auto o : near) {
    if (o.providerId == booked.providerId && o.start < booked.end && booked.start < o.end) {
      same.push_back(std::move(o));
    }
  }
  std::vector<domain::WaitlistOfferId> done;
  for (auto& o : same) {
    if (o.id == booked.id || std::find(done.begin(), done.end(), o.id) != done.end()) continue;
    done.push_back(o.id);
    o.status = domain::OfferStatus::kTaken;
    (void)r.waitlist().updateOffer(o, o.meta.version, now);
  }
}

}  // namespace

std::vector<domain::WaitlistOffer> offerFreedSlot(Repositories& r, const TimeZones& zones,
                                                  Instant now, domain::OrganizationId org,
                                                  const Appointment& freed) {
  if (!domain::holdsTime(freed.status) || freed.end < now) return {};
  return offerSlot(r, zones, now, org, freed.providerId, freed.locationId, freed.start,
                   freed.patientId);
}

Result<Appointment> bookOffer(Repositories& r, const TimeZones& zones, Instant now,
                              domain::OrganizationId org, domain::WaitlistOfferId id,
                              std::int64_t byUser) {
  auto offer = r.waitlist().getOffer(org, id);
  if (!offer) return Error::notFound("waitlist offer not found");
  if (offer->status != domain::OfferStatus::kOpen) {
    return Error::conflict("This offer is " + std::string(domain::toString(offer->status)) + ".");
  }
  auto entry = r.waitlist().getEntry(org, offer->entryId);
  if (!entry || entry->status != domain::WaitlistStatus::kWaiting) {
    return Error::conflict("The patient is no longer waiting.");
  }
  std::optional<Appointment> current;
  if (entry->appointmentId.valid()) current = r.appointments().get(org, entry->appointmentId);
  Result<Appointment> booked = Error::internal("not booked");
  if (current && (current->status == AppointmentStatus::kBooked ||
                  current->status == AppointmentStatus::kConfirmed)) {
    Reschedule rs;
    rs.id = current->id;
    rs.start = offer->start;
    rs.end = offer->end;
    rs.providerId = offer->providerId;
    rs.room = domain::RoomId();  // a room is given when the patient is roomed
    if (current->locationId != offer->locationId) {
      return Error::conflict("The visit to move is at another location.");
    }
    booked = moveOne(r, zones, now, org, rs, true);
  } else {
    BookRequest req;
    req.draft.patientId = entry->patientId;
    req.draft.providerId = offer->providerId;
    req.draft.locationId = offer->locationId;
    req.draft.appointmentTypeId = offer->appointmentTypeId;
    req.draft.start = offer->start;
    req.draft.end = offer->end;
    req.draft.note = entry->note;
    booked = book(r, zones, now, org, req, byUser);
  }
  if (!booked) return booked.error();
  domain::WaitlistOffer o = *offer;
  o.status = domain::OfferStatus::kBooked;
  o.appointmentId = booked->id;
  auto stored = r.waitlist().updateOffer(o, offer->meta.version, now);
  if (!stored) return stored.error();
  domain::WaitlistEntry e = *entry;
  e.status = domain::WaitlistStatus::kBooked;
  e.bookedAppointmentId = booked->id;
  auto done = r.waitlist().updateEntry(e, entry->meta.version, now);
  if (!done) return done.error();
  closeOtherOffers(r, now, *stored);
  return booked;
}

Result<domain::WaitlistOffer> declineOffer(Repositories& r, const TimeZones& zones, Instant now,
                                           domain::OrganizationId org, domain::WaitlistOfferId id) {
  auto offer = r.waitlist().getOffer(org, id);
  if (!offer) return Error::notFound("waitlist offer not found");
  if (offer->status != domain::OfferStatus::kOpen) {
    return Error::conflict("This offer is " + std::string(domain::toString(offer->status)) + ".");
  }
  domain::WaitlistOffer o = *offer;
  o.status = domain::OfferStatus::kDeclined;
  auto stored = r.waitlist().updateOffer(o, offer->meta.version, now);
  if (!stored) return stored.error();
  offerSlot(r, zones, now, org, o.providerId, o.locationId, o.start, {});
  return stored;
}

}  // namespace medoffice::app::scheduling
