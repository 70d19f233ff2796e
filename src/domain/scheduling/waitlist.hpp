// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/time.hpp"
#include "domain/scheduling/scheduling.hpp"

namespace medoffice::domain {

enum class WaitlistStatus { kWaiting, kBooked, kRemoved };
std::string_view toString(WaitlistStatus s);
std::optional<WaitlistStatus> parseWaitlistStatus(std::string_view s);

/// A patient waiting for an (earlier) slot: which visit, where, with whom, on which days and
/// times, between two dates. When a slot frees, the waiting entries it suits are offered it in
/// priority order (1 most urgent, then who waited longest).
struct WaitlistEntry {
  WaitlistEntryId id;
  OrganizationId organizationId;
  PatientId patientId;
  AppointmentTypeId appointmentTypeId;
  LocationId locationId;
  std::vector<ProviderId> providerIds;  ///< empty: any provider
  WeekdaySet weekdays = 0x7f;           ///< bit 0 Sunday ... bit 6 Saturday
  int timeFrom = 0;                     ///< earliest local start, minutes after midnight
  int timeTo = 1440;                    ///< latest local start (exclusive)
  Date windowFrom;                      ///< first acceptable date (inclusive)
  Date windowTo;                        ///< last acceptable date (inclusive)
  int priority = 3;                     ///< 1 (most urgent) to 5
  AppointmentId appointmentId;          ///< the booked visit to move earlier; unset: a new one
  std::string note;
  WaitlistStatus status = WaitlistStatus::kWaiting;
  AppointmentId bookedAppointmentId;  ///< set when an offer was booked
  RecordMeta meta;

  /// Does a visit with `provider` starting on local `date` at `minute` suit this entry?
  [[nodiscard]] bool wants(ProviderId provider, LocationId location, Date date, int minute) const;
};

std::vector<FieldError> validate(WaitlistEntry& e);

enum class OfferStatus { kOpen, kBooked, kDeclined, kTaken };
std::string_view toString(OfferStatus s);
std::optional<OfferStatus> parseOfferStatus(std::string_view s);

/// A freed slot offered to one waiting entry. `kTaken`: the slot went to someone else (or the
/// entry was booked through another offer) before this one was answered.
struct WaitlistOffer {
  WaitlistOfferId id;
  OrganizationId organizationId;
  WaitlistEntryId entryId;
  PatientId patientId;
  ProviderId providerId;
  LocationId locationId;
  AppointmentTypeId appointmentTypeId;
  Instant start;
  Instant end;
  int rank = 1;  ///< 1: the best-matching entry for this slot
  OfferStatus status = OfferStatus::kOpen;
  AppointmentId appointmentId;  ///< what booking the offer made
  RecordMeta meta;
};

}  // namespace medoffice::domain
