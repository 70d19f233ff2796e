// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/billing/ledger.hpp"
#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "app/scheduling/booking.hpp"
#include "domain/billing/payment.hpp"

/// The front desk's day: check-in with co-pay, check-out with the follow-up visit, the flow
/// board.
namespace medoffice::app::scheduling {

// ---- check-in and check-out ----------------------------------------------------------------

/// What the desk sees before checking a patient in.
struct CheckInSummary {
  domain::Appointment appointment;
  domain::Patient patient;
  std::optional<domain::Coverage> primary;  ///< in force on the visit's local date
  std::optional<domain::Payer> payer;
  domain::Money copayDue;   ///< the primary coverage's co-pay (0 without coverage)
  domain::Money copayPaid;  ///< co-pays already taken for this visit
  std::vector<domain::Payment> payments;
};
Result<CheckInSummary> checkInSummary(Repositories& r, const TimeZones& zones,
                                      domain::OrganizationId org, domain::AppointmentId id);

/// How a payment taken at the desk reaches the ledger.
struct PaymentPosting {
  /// Unset: a co-pay is kept as credit for its visit, another payment pays what the patient
  /// owes, oldest service first.
  std::optional<billing::AllocationMode> mode;
  std::vector<billing::ManualAllocation> manual;  ///< by hand, when not empty
};

/// Takes a desk payment, gives it the next receipt number and posts it to the patient's
/// account in the same transaction. The patient (and appointment, when set) must exist; the
/// payment is validated.
Result<domain::Payment> collectPayment(Repositories& r, domain::Instant now,
                                       domain::OrganizationId org, domain::Payment p,
                                       std::int64_t byUser, const PaymentPosting& posting = {});

struct CheckIn {
  domain::AppointmentId id;
  std::optional<std::int64_t> expectedVersion;
  bool demographicsConfirmed = false;
  bool coverageConfirmed = false;
  std::optional<domain::Payment> copay;  ///< amount, method, reference
};
struct CheckInResult {
  domain::Appointment appointment;
  std::optional<domain::Payment> payment;
};
/// Checks the patient in (arrived, by whom and when), records what the desk confirmed (the
/// primary coverage's id when coverage was confirmed) and takes the co-pay, all or nothing.
Result<CheckInResult> checkIn(Repositories& r, const TimeZones& zones, domain::Instant now,
                              domain::OrganizationId org, const CheckIn& req, std::int64_t byUser);

struct CheckOutResult {
  domain::Appointment appointment;
  std::optional<domain::Appointment> followUp;
};
/// Checks the patient out and, with `followUp`, books the next visit in the same transaction
/// (all or nothing).
Result<CheckOutResult> checkOut(Repositories& r, const TimeZones& zones, domain::Instant now,
                                domain::OrganizationId org, domain::AppointmentId id,
                                std::optional<std::int64_t> expectedVersion,
                                std::optional<BookRequest> followUp, std::int64_t byUser);

// ---- flow board ---------------------------------------------------------------------------

/// One line of a location's flow board.
struct BoardEntry {
  domain::Appointment appointment;
  std::string patientName;   ///< "Doe, J.": enough for the desk to call the patient
  std::string providerName;  ///< "Okafor"
  std::string roomName;      ///< empty until roomed
  std::optional<std::int64_t> minutesInStep;  ///< since arriving, being roomed or seen
};

/// Today's (in the location's zone) visits at a location that are not over: booked or
/// confirmed ones still to come, and patients arrived, roomed or with the provider, each with
/// how long they have been in that step. In start order.
Result<std::vector<BoardEntry>> flowBoard(Repositories& r, const TimeZones& zones,
                                          domain::Instant now, domain::OrganizationId org,
                                          domain::LocationId location);

}  // namespace medoffice::app::scheduling
