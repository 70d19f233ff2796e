// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <functional>
#include <optional>

#include "app/ports/audit_repository.hpp"
#include "app/ports/billing_repositories.hpp"
#include "app/ports/changes.hpp"
#include "app/ports/claim_repositories.hpp"
#include "app/ports/code_repositories.hpp"
#include "app/ports/common.hpp"
#include "app/ports/denial_repositories.hpp"
#include "app/ports/eligibility_repositories.hpp"
#include "app/ports/fee_schedule_repository.hpp"
#include "app/ports/outbox_repositories.hpp"
#include "app/ports/patient_repositories.hpp"
#include "app/ports/payment_repository.hpp"
#include "app/ports/registry_repositories.hpp"
#include "app/ports/remittance_repositories.hpp"
#include "app/ports/report_repositories.hpp"
#include "app/ports/scheduling_repositories.hpp"
#include "app/ports/security_repositories.hpp"
#include "app/ports/sequence_repositories.hpp"

namespace medoffice::app {

/// Every repository, bound to one transaction.
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual OrganizationRepository& organizations() = 0;
  virtual LocationRepository& locations() = 0;
  virtual ProviderRepository& providers() = 0;
  virtual PayerRepository& payers() = 0;
  virtual CoverageRepository& coverages() = 0;
  virtual PatientRepository& patients() = 0;
  virtual SequenceRepository& sequences() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual AuditRepository& audit() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual LoginThrottleRepository& loginThrottle() = 0;
  virtual SchedulingRepository& scheduling() = 0;
  virtual AppointmentRepository& appointments() = 0;
  virtual WaitlistRepository& waitlist() = 0;
  virtual PaymentRepository& payments() = 0;
  virtual CodeRepository& codes() = 0;
  virtual FeeScheduleRepository& feeSchedules() = 0;
  virtual AccountRepository& accounts() = 0;
  virtual EncounterRepository& encounters() = 0;
  virtual LedgerRepository& ledger() = 0;
  virtual ReportRepository& reports() = 0;
  virtual StatementRepository& statements() = 0;
  virtual ClaimRepository& claims() = 0;
  virtual RemittanceRepository& remittances() = 0;
  virtual EligibilityRepository& eligibility() = 0;
  virtual CalendarFeedRepository& calendarFeeds() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual DenialRepository& denials() = 0;
  /// Notifications delivered when this transaction commits.
  virtual ChangeNotices& changes() = 0;
};

/// Transactions. Thread-safe: any request thread may call it.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  /// Runs `fn` on a consistent read snapshot. Writes inside `fn` are a bug.
  virtual Status read(const std::function<Status(Repositories&)>& fn) = 0;
  /// Runs `fn` in a transaction. When `fn` returns ok the changes are durable (committed and
  /// synced) before `write` returns; when it returns an error or throws, none of them remain.
  /// Storage failures return kUnavailable or kInternal.
  virtual Status write(const std::function<Status(Repositories&)>& fn) = 0;
};

/// Runs `fn` in a write transaction and returns its value.
template <class T, class F>
Result<T> writeValue(UnitOfWork& uow, F&& fn) {
  std::optional<Result<T>> out;
  Status s = uow.write([&](Repositories& r) -> Status {
    out.emplace(fn(r));
    if (!out->ok()) return out->error();
    return {};
  });
  if (!s.ok()) return s.error();
  return std::move(*out);
}

/// Runs `fn` in a read transaction and returns its value.
template <class T, class F>
Result<T> readValue(UnitOfWork& uow, F&& fn) {
  std::optional<Result<T>> out;
  Status s = uow.read([&](Repositories& r) -> Status {
    out.emplace(fn(r));
    if (!out->ok()) return out->error();
    return {};
  });
  if (!s.ok()) return s.error();
  return std::move(*out);
}

}  // namespace medoffice::app
