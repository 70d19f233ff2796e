// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/repositories.hpp"

#include "storage/sql/appointment_repository.hpp"
#include "storage/sql/audit_repository.hpp"
#include "storage/sql/billing_account_repository.hpp"
#include "storage/sql/billing_encounter_repository.hpp"
#include "storage/sql/billing_ledger_repository.hpp"
#include "storage/sql/claim_repository.hpp"
#include "storage/sql/code_repository.hpp"
#include "storage/sql/denial_repository.hpp"
#include "storage/sql/eligibility_repository.hpp"
#include "storage/sql/fee_schedule_repository.hpp"
#include "storage/sql/outbox_repository.hpp"
#include "storage/sql/patient_repository.hpp"
#include "storage/sql/payment_repository.hpp"
#include "storage/sql/registry_repository.hpp"
#include "storage/sql/remittance_repository.hpp"
#include "storage/sql/report_repository.hpp"
#include "storage/sql/scheduling_repository.hpp"
#include "storage/sql/security_repository.hpp"
#include "storage/sql/sequence_repository.hpp"
#include "storage/sql/waitlist_repository.hpp"

namespace medoffice::storage {

struct SqlRepositories::Impl {
  Impl(SqlConnection& c, app::ChangeNotices& n, ReferenceCache& reference)
      : organizations(c),
        locations(c),
        providers(c),
        payers(c),
        coverages(c),
        patients(c),
        sequences(c),
        idempotency(c),
        users(c),
        sessions(c),
        audit(c),
        tokens(c),
        loginThrottle(c),
        scheduling(c),
        appointments(c, n, reference),
        waitlist(c),
        payments(c),
        codes(c),
        feeSchedules(c),
        accounts(c),
        encounters(c),
        ledger(c),
        reports(c),
        statements(c),
        claims(c),
        remittances(c),
        eligibility(c),
        calendarFeeds(c),
        outbox(c),
        denials(c),
        changes(n) {}
  SqlOrganizations organizations;
  SqlLocations locations;
  SqlProviders providers;
  SqlPayers payers;
  SqlCoverages coverages;
  SqlPatients patients;
  SqlSequences sequences;
  SqlIdempotency idempotency;
  SqlUsers users;
  SqlSessions sessions;
  SqlAudit audit;
  SqlTokens tokens;
  SqlLoginThrottle loginThrottle;
  SqlScheduling scheduling;
  SqlAppointments appointments;
  SqlWaitlist waitlist;
  SqlPayments payments;
  SqlCodes codes;
  SqlFeeSchedules feeSchedules;
  SqlAccounts accounts;
  SqlEncounters encounters;
  SqlLedger ledger;
  SqlReports reports;
  SqlStatements statements;
  SqlClaims claims;
  SqlRemittances remittances;
  SqlEligibility eligibility;
  SqlCalendarFeeds calendarFeeds;
  SqlOutbox outbox;
  SqlDenials denials;
  app::ChangeNotices& changes;
};

SqlRepositories::SqlRepositories(SqlConnection& conn, app::ChangeNotices& changes,
                                 ReferenceCache& reference)
    : impl_(std::make_unique<Impl>(conn, changes, reference)) {}
SqlRepositories::~SqlRepositories() = default;

// clang-format off
app::OrganizationRepository& SqlRepositories::organizations() { return impl_->organizations; }
app::LocationRepository& SqlRepositories::locations() { return impl_->locations; }
app::ProviderRepository& SqlRepositories::providers() { return impl_->providers; }
app::PayerRepository& SqlRepositories::payers() { return impl_->payers; }
app::CoverageRepository& SqlRepositories::coverages() { return impl_->coverages; }
app::PatientRepository& SqlRepositories::patients() { return impl_->patients; }
app::SequenceRepository& SqlRepositories::sequences() { return impl_->sequences; }
app::IdempotencyRepository& SqlRepositories::idempotency() { return impl_->idempotency; }
app::UserRepository& SqlRepositories::users() { return impl_->users; }
app::SessionRepository& SqlRepositories::sessions() { return impl_->sessions; }
app::AuditRepository& SqlRepositories::audit() { return impl_->audit; }
app::TokenRepository& SqlRepositories::tokens() { return impl_->tokens; }
app::LoginThrottleRepository& SqlRepositories::loginThrottle() { return impl_->loginThrottle; }
app::SchedulingRepository& SqlRepositories::scheduling() { return impl_->scheduling; }
app::AppointmentRepository& SqlRepositories::appointments() { return impl_->appointments; }
app::WaitlistRepository& SqlRepositories::waitlist() { return impl_->waitlist; }
app::PaymentRepository& SqlRepositories::payments() { return impl_->payments; }
app::CodeRepository& SqlRepositories::codes() { return impl_->codes; }
app::FeeScheduleRepository& SqlRepositories::feeSchedules() { return impl_->feeSchedules; }
app::AccountRepository& SqlRepositories::accounts() { return impl_->accounts; }
app::EncounterRepository& SqlRepositories::encounters() { return impl_->encounters; }
app::LedgerRepository& SqlRepositories::ledger() { return impl_->ledger; }
app::ReportRepository& SqlRepositories::reports() { return impl_->reports; }
app::StatementRepository& SqlRepositories::statements() { return impl_->statements; }
app::ClaimRepository& SqlRepositories::claims() { return impl_->claims; }
app::RemittanceRepository& SqlRepositories::remittances() { return impl_->remittances; }
app::EligibilityRepository& SqlRepositories::eligibility() { return impl_->eligibility; }
app::CalendarFeedRepository& SqlRepositories::calendarFeeds() { return impl_->calendarFeeds; }
app::OutboxRepository& SqlRepositories::outbox() { return impl_->outbox; }
app::DenialRepository& SqlRepositories::denials() { return impl_->denials; }
app::ChangeNotices& SqlRepositories::changes() { return impl_->changes; }
// clang-format on

}  // namespace medoffice::storage
