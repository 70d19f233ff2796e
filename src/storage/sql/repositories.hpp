// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <memory>

#include "app/ports/repositories.hpp"
#include "storage/sql/sql.hpp"

namespace medoffice::storage {

class ReferenceCache;

/// Every repository over one connection, for one transaction: it only assembles the
/// repositories of the *_repository files (one per aggregate). Create one per transaction; it
/// borrows the connection, the transaction's notices and the engine's reference cache, and is
/// not thread-safe.
class SqlRepositories final : public app::Repositories {
 public:
  SqlRepositories(SqlConnection& conn, app::ChangeNotices& changes, ReferenceCache& reference);
  ~SqlRepositories() override;
  app::OrganizationRepository& organizations() override;
  app::LocationRepository& locations() override;
  app::ProviderRepository& providers() override;
  app::PayerRepository& payers() override;
  app::CoverageRepository& coverages() override;
  app::PatientRepository& patients() override;
  app::SequenceRepository& sequences() override;
  app::IdempotencyRepository& idempotency() override;
  app::UserRepository& users() override;
  app::SessionRepository& sessions() override;
  app::AuditRepository& audit() override;
  app::TokenRepository& tokens() override;
  app::LoginThrottleRepository& loginThrottle() override;
  app::SchedulingRepository& scheduling() override;
  app::AppointmentRepository& appointments() override;
  app::WaitlistRepository& waitlist() override;
  app::PaymentRepository& payments() override;
  app::CodeRepository& codes() override;
  app::FeeScheduleRepository& feeSchedules() override;
  app::AccountRepository& accounts() override;
  app::EncounterRepository& encounters() override;
  app::LedgerRepository& ledger() override;
  app::ReportRepository& reports() override;
  app::StatementRepository& statements() override;
  app::ClaimRepository& claims() override;
  app::RemittanceRepository& remittances() override;
  app::EligibilityRepository& eligibility() override;
  app::CalendarFeedRepository& calendarFeeds() override;
  app::OutboxRepository& outbox() override;
  app::DenialRepository& denials() override;
  app::ChangeNotices& changes() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace medoffice::storage
