// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/changes.hpp"
#include "app/ports/scheduling_repositories.hpp"
#include "storage/sql/reference_cache.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::Appointment>& appointmentTable();

/// Appointments and series. A stored change that can be on today's board (every update, and an
/// insert within a day and a half of now) notifies the flow board of its location
/// (app::boardTopic) when the transaction commits. Booking facts take the practice's reference
/// data from the engine's ReferenceCache, checked against its version in the same transaction.
class SqlAppointments final : public app::AppointmentRepository {
 public:
  SqlAppointments(SqlConnection& c, app::ChangeNotices& changes, ReferenceCache& reference)
      : c_(c), changes_(changes), reference_(reference) {}
  Result<domain::Appointment> insert(const domain::Appointment& a, domain::Instant now) override;
  Result<domain::Appointment> update(const domain::Appointment& a, std::int64_t expected,
                                     domain::Instant now) override;
  std::optional<domain::Appointment> get(domain::OrganizationId org,
                                         domain::AppointmentId id) override;
  domain::SeriesId insertSeries(domain::OrganizationId org, const std::string& rrule,
                                domain::Instant firstStart, domain::Instant now) override;
  std::vector<domain::Appointment> series(domain::OrganizationId org, domain::SeriesId series,
                                          domain::Instant from) override;
  app::AppointmentConflicts conflicts(const domain::Appointment& candidate,
                                      domain::AppointmentId exclude) override;
  std::vector<domain::Appointment> range(const app::AppointmentRange& range) override;
  std::vector<app::CalendarEntry> calendar(const app::AppointmentRange& range) override;
  std::vector<app::BusyTime> busyTimes(domain::OrganizationId org,
                                       const std::vector<domain::ProviderId>& providers,
                                       domain::LocationId location,
                                       domain::Interval during) override;
  app::BookingFacts bookingFacts(const domain::Appointment& candidate,
                                 domain::AppointmentId exclude) override;

 private:
  SqlConnection& c_;
  app::ChangeNotices& changes_;
  ReferenceCache& reference_;
};

}  // namespace medoffice::storage
