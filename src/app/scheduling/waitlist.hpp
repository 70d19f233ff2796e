// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/scheduling/waitlist.hpp"

/// The waitlist: patients who want an earlier visit, and offers of freed time.
namespace medoffice::app::scheduling {

/// Puts a patient on the waitlist: the records must exist, an appointment to move earlier must
/// be the patient's and booked or confirmed, and the window must not end in the past.
Result<domain::WaitlistEntry> addToWaitlist(Repositories& r, domain::Instant now,
                                            domain::OrganizationId org, domain::WaitlistEntry e);

/// Changes a waiting entry's constraints, priority or note (the patient stays the same) with the
/// checks of addToWaitlist; `expectedVersion` is the If-Match version. Entries already booked
/// or removed cannot change (kConflict).
Result<domain::WaitlistEntry> updateWaitlistEntry(Repositories& r, domain::Instant now,
                                                  domain::OrganizationId org,
                                                  domain::WaitlistEntry changes,
                                                  std::int64_t expectedVersion);

/// How many open offers one freed slot gets at most (the best-matching entries).
inline constexpr int kOffersPerSlot = 3;

/// Offers freed time (a cancelled or moved appointment's) to the waiting entries it suits, most
/// urgent first: the location, a wanted provider, weekday, start time and date window, a visit
/// of the entry's type that fits from the freed start, earlier than the visit the entry wants to
/// move, and bookable right now (availability, blocks, the patient's and room's other visits).
/// Entries already offered this slot are skipped; at most kOffersPerSlot offers are open per
/// slot. Returns the new offers.
std::vector<domain::WaitlistOffer> offerFreedSlot(Repositories& r, const TimeZones& zones,
                                                  domain::Instant now, domain::OrganizationId org,
                                                  const domain::Appointment& freed);

/// Books an open offer in one action: moves the entry's appointment to the offered time (or
/// books a new visit), marks the offer and the entry booked and the other open offers of the
/// entry and of the slot taken. A slot taken meanwhile answers kConflict.
Result<domain::Appointment> bookOffer(Repositories& r, const TimeZones& zones, domain::Instant now,
                                      domain::OrganizationId org, domain::WaitlistOfferId id,
                                      std::int64_t byUser);

/// The patient said no: the offer is declined and the slot offered to the next entry.
Result<domain::WaitlistOffer> declineOffer(Repositories& r, const TimeZones& zones,
                                           domain::Instant now, domain::OrganizationId org,
                                           domain::WaitlistOfferId id);

}  // namespace medoffice::app::scheduling
