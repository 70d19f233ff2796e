// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/scheduling/front_desk.hpp"

#include <algorithm>

#include "app/billing/ledger.hpp"
#include "app/scheduling/internal.hpp"

namespace medoffice::app::scheduling {

namespace {

std::optional<domain::Coverage> primaryCoverage(Repositories& r, const TimeZones& zones,
                                                domain::OrganizationId org, const Appointment& a) {
  auto location = r.locations().get(org, a.locationId);
  domain::Date day = a.start.utcDate();
  if (location) {
    if (auto local = zones.toLocal(location->timeZone, a.start)) day = local->date;
  }
  for (const auto& c : r.coverages().activeForPatient(org, a.patientId)) {
    if (c.priority == domain::CoveragePriority::kPrimary && c.inForceOn(day)) return c;
  }
  return std::nullopt;
}

}  // namespace

Result<CheckInSummary> checkInSummary(Repositories& r, const TimeZones& zones,
                                      domain::OrganizationId org, domain::AppointmentId id) {
  auto a = r.appointments().get(org, id);
  if (!a) return Error::notFound("appointment not found");
  auto patient = r.patients().get(org, a->patientId);
  if (!patient) return Error::notFound("patient not found");
  CheckInSummary s{*a, *patient, primaryCoverage(r, zones, org, *a), std::nullopt, {}, {}, {}};
  if (s.primary) {
    s.payer = r.payers().get(org, s.primary->payerId);
    s.copayDue = s.primary->copay;
  }
  s.payments = r.payments().list(org, {}, id, 100);
  for (const auto& p : s.payments) {
    if (p.kind == "copay") s.copayPaid = s.copayPaid + p.amount;
  }
  return s;
}

Result<domain::Payment> collectPayment(Repositories& r, Instant now, domain::OrganizationId org,
                                       domain::Payment p, std::int64_t byUser,
                                       const PaymentPosting& posting) {
  p.organizationId = org;
  p.id = {};
  p.posted = false;
  p.receivedAt = now;
  p.receivedBy = byUser;
  domain::FieldErrors errors;
  errors.append(domain::validate(p));
  if (!errors.empty()) return errors.toError();
  if (p.appointmentId.valid()) {
    auto a = r.appointments().get(org, p.appointmentId);
    if (!a) return Error::notFound("appointment not found");
    if (p.patientId.valid() && p.patientId != a->patientId) {
      return Error::invalidField("patient_id", "is not the appointment's patient");
    }
    p.patientId = a->patientId;
    p.locationId = a->locationId;
  }
  auto patient = r.patients().get(org, p.patientId);
  if (!patient) return Error::notFound("patient not found");
  if (p.coverageId.valid()) {
    auto c = r.coverages().get(org, p.coverageId);
    if (!c || c->patientId != p.patientId) {
      return Error::invalidField("coverage_id", "is not a coverage of this patient");
    }
  }
  p.receiptNumber = domain::receiptNumber(r.sequences().next(org, "receipt"));
  auto stored = r.payments().insert(p, now);
  if (!stored) return stored.error();
  // Posted to the ledger in the same transaction: a co-pay waits as credit for its visit's
  // charges, other payments go to what the patient owes, oldest first (unless told otherwise).
  const auto mode = posting.mode.value_or(
      p.kind == "copay" ? billing::AllocationMode::kNone : billing::AllocationMode::kOldestFirst);
  auto posted = billing::postPayment(r, now, *stored, mode, posting.manual, byUser);
  if (!posted) return posted.error();
  auto reread = r.payments().get(org, stored->id);
  if (!reread) return Error::internal("the payment just stored is missing");
  return *reread;
}

Result<CheckInResult> checkIn(Repositories& r, const TimeZones& zones, Instant now,
                              domain::OrganizationId org, const CheckIn& req, std::int64_t byUser) {
  auto current = r.appointments().get(org, req.id);
  if (!current) return Error::notFound("appointment not found");
  if (req.expectedVersion && *req.expectedVersion != current->meta.version) {
    return Error::versionMismatch();
  }
  if (!domain::canTransition(current->status, AppointmentStatus::kArrived)) {
    return Error::conflict("An appointment that is " +
                           std::string(domain::toString(current->status)) +
                           " cannot be checked in.");
  }
  auto primary = primaryCoverage(r, zones, org, *current);
  Appointment a = *current;
  a.status = AppointmentStatus::kArrived;
  a.statusAt[static_cast<std::size_t>(AppointmentStatus::kArrived)] = now;
  a.statusBy[static_cast<std::size_t>(AppointmentStatus::kArrived)] = byUser;
  a.demographicsConfirmed = req.demographicsConfirmed;
  a.coverageConfirmed = req.coverageConfirmed && primary ? primary->id : domain::CoverageId();
  auto stored = r.appointments().update(a, current->meta.version, now);
  if (!stored) return stored.error();
  CheckInResult out{*stored, std::nullopt};
  if (req.copay) {
    domain::Payment p = *req.copay;
    p.kind = "copay";
    p.appointmentId = a.id;
    p.patientId = a.patientId;
    p.coverageId = primary ? primary->id : domain::CoverageId();
    auto paid = collectPayment(r, now, org, p, byUser);
    if (!paid) {
      domain::Error e = paid.error();
      for (auto& f : e.fields) f.field = "copay." + f.field;
      return e;
    }
    out.payment = *paid;
  }
  return out;
}

Result<CheckOutResult> checkOut(Repositories& r, const TimeZones& zones, Instant now,
                                domain::OrganizationId org, domain::AppointmentId id,
                                std::optional<std::int64_t> expectedVersion,
                                std::optional<BookRequest> followUp, std::int64_t byUser) {
  Transition t;
  t.to = AppointmentStatus::kCheckedOut;
  t.expectedVersion = expectedVersion;
  auto done = transition(r, zones, now, org, id, t, byUser);
  if (!done) return done.error();
  CheckOutResult out{*done, std::nullopt};
  if (followUp) {
    BookRequest next = std::move(*followUp);
    next.draft.patientId = done->patientId;
    if (!next.draft.providerId.valid()) next.draft.providerId = done->providerId;
    if (!next.draft.locationId.valid()) next.draft.locationId = done->locationId;
    if (!next.draft.appointmentTypeId.valid()) {
      next.draft.appointmentTypeId = done->appointmentTypeId;
    }
    auto booked = book(r, zones, now, org, next, byUser);
    if (!booked) {
      domain::Error e = booked.error();
      for (auto& f : e.fields) f.field = "follow_up." + f.field;
      return e;
    }
    out.followUp = *booked;
  }
  return out;
}

Result<std::vector<BoardEntry>> flowBoard(Repositories& r, const TimeZones& zones, Instant now,
                                          domain::OrganizationId org, domain::LocationId location) {
  auto loc = r.locations().get(org, location);
  if (!loc) return Error::notFound("location not found");
  auto today = zones.toLocal(loc->timeZone, now);
  if (!today) return Error::internal("the location's time zone is unknown: " + loc->timeZone);
  auto span = localDay(zones, loc->timeZone, today->date);
  if (!span) return Error::internal("the location's time zone is unknown: " + loc->timeZone);
  AppointmentRange range;
  range.organizationId = org;
  range.locationId = location;
  range.during = *span;
  range.holdingOnly = true;
  std::vector<BoardEntry> out;
  std::vector<std::pair<std::int64_t, std::string>> providers;
  std::vector<std::pair<std::int64_t, std::string>> rooms;
  auto cached = [](auto& cache, std::int64_t id, auto&& load) -> const std::string& {
    for (const auto& [k, v] : cache) {
      if (k == id) return v;
    }
    cache.emplace_back(id, load());
    return cache.back().second;
  };
  for (auto& a : r.appointments().range(range)) {
    if (a.status == AppointmentStatus::kCheckedOut) continue;
    BoardEntry e;
    if (auto p = r.patients().get(org, a.patientId)) {
      e.patientName = p->familyName + ", " + p->givenName.substr(0, 1) + ".";
    }
    e.providerName = cached(providers, a.providerId.value, [&] {
      auto p = r.providers().get(org, a.providerId);
      return p ? p->familyName : std::string();
    });
    if (a.roomId.valid()) {
      e.roomName = cached(rooms, a.roomId.value, [&] {
        auto room = r.scheduling().getRoom(org, a.roomId);
        return room ? room->name : std::string();
      });
    }
    if (a.status == AppointmentStatus::kArrived || a.status == AppointmentStatus::kRoomed ||
        a.status == AppointmentStatus::kWithProvider) {
      if (auto since = a.statusAt[static_cast<std::size_t>(a.status)]) {
        e.minutesInStep = (now.micros() - since->micros()) / kMinute;
      }
    }
    e.appointment = std::move(a);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace medoffice::app::scheduling
