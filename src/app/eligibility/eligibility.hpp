// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Eligibility 270/271 (issue 17, point 6): one coverage checked for one day of service, answered
// from the day's cache when the payer already answered, else asked of the clearinghouse in real
// time; and the batch run that checks the coverages of a day's appointments the evening before.
//
// Nothing here is ever on the path of registration, booking or check-in: those use cases do not
// call it, and a check never holds a transaction while it waits on a clearinghouse. A check is
// three short steps: a write transaction that reads the records (or the cached answer), draws the
// 270's control numbers and audits the disclosure; the exchange, time-boxed, outside any
// transaction; a write transaction that stores the outcome and audits it.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/eligibility_exchange.hpp"
#include "app/ports/eligibility_formats.hpp"
#include "app/ports/repositories.hpp"
#include "domain/security/audit.hpp"

namespace medoffice::app::eligibility {

/// Bounds how many checks may wait on clearinghouses at once in one process, so that a slow
/// clearinghouse cannot take every request worker of the server. Thread-safe.
class InFlightLimit {
 public:
  explicit InFlightLimit(int limit) : limit_(limit) {}
  /// Takes a place, or answers false at once when all are taken.
  bool tryAcquire();
  void release();

 private:
  std::mutex m_;
  int used_ = 0;
  int limit_;
};

/// What the eligibility use cases need beyond the repositories. Shared by every request.
struct EligibilitySetup {
  const EligibilityFormats& formats;
  EligibilityExchange& exchange;
  const TimeZones& zones;
  const Clock& clock;
  /// How long a payer's answer serves later checks of the same coverage, day and service type.
  std::int64_t freshForMicros = 24LL * 3600 * 1'000'000;
  /// Checks asked for one by one (the desk) take a place here first; null: no bound. The batch
  /// run bounds itself (BatchRequest::concurrency).
  InFlightLimit* inFlight = nullptr;
};

/// One check asked for.
struct CheckRequest {
  domain::OrganizationId org;
  domain::CoverageId coverage;
  domain::Date serviceDate;
  /// The visit's X12 service type (EQ01), asked together with 30 (health benefit plan coverage).
  std::string serviceType = "30";
  /// The provider the patient sees (the 270's information receiver); unset: the practice.
  domain::ProviderId provider;
  /// Where the practice's local time is read for the envelope; unset: its first location.
  domain::LocationId location;
  /// The clearinghouse to ask; unset: the first active one with a real-time URL.
  domain::ClearinghouseId clearinghouse;
  /// Ask the clearinghouse even when today's answer is cached.
  bool refresh = false;
  std::int64_t user = 0;  ///< who asked; 0 for the command line
};

struct CheckOutcome {
  EligibilityCheck check;
  bool cached = false;  ///< answered from an earlier check, nothing sent
};

/// Records an audit event in the transaction of `r`: what happened to the patient's data
/// (kExport when a 270 is about to go out, kCreate when a check is stored, kRead when a cached
/// one is answered) and a short text naming it.
using CheckAudit = std::function<void(Repositories& r, domain::AuditAction action,
                                      const std::string& what, domain::PatientId patient)>;

/// Checks one coverage for one day of service (see the file comment for the three steps).
///
/// Answers from the newest reusable check of the same coverage, day and service type when it is
/// younger than `freshForMicros` and the coverage and patient have not changed since (`cached`).
/// Otherwise asks the clearinghouse and stores what came of it, always as a check the caller can
/// show: active or inactive (a 271 that says so), rejected (the payer's AAA reasons in plain
/// English), timed_out (no answer within the clearinghouse's time box) or failed (why: no
/// clearinghouse set up, the payer has no X12 id, the request could not be written, the
/// connection failed, the answer could not be read, too many checks waiting).
///
/// Errors are only for bad input — kInvalid naming `coverage_id`, `provider_id`,
/// `clearinghouse_id`, `location_id` or `service_type` — and storage failures.
Result<CheckOutcome> check(UnitOfWork& uow, const EligibilitySetup& setup,
                           const CheckRequest& request, const CheckAudit& audit);

/// The checks of one coverage, newest first.
Result<Page<EligibilityCheck>> checksOfCoverage(Repositories& r, domain::OrganizationId org,
                                                domain::CoverageId coverage,
                                                const PageRequest& page);

/// What the outcome of a 271 is: active, inactive, rejected (with the reasons) or failed (a
/// 271 that says nothing either way), and whether it may serve later checks.
struct Verdict {
  EligibilityState state = EligibilityState::kFailed;
  std::string reason;
  bool reusable = false;
};
Verdict judge(const EligibilityAnswer& answer);

/// A batch run: the coverages of one day's appointments.
struct BatchRequest {
  domain::OrganizationId org;
  /// The day; nullopt: tomorrow at each location (its own time zone).
  std::optional<domain::Date> date;
  /// Only appointments at these locations; empty: every location.
  std::vector<domain::LocationId> locations;
  /// Checks running at once (1-32); each is time-boxed by its clearinghouse's settings.
  int concurrency = 8;
  std::int64_t user = 0;
};

/// What became of one coverage.
struct BatchItem {
  domain::CoverageId coverage;
  domain::PatientId patient;
  domain::Date serviceDate;
  EligibilityState state = EligibilityState::kFailed;
  std::string reason;
  bool cached = false;
  EligibilityCheckId checkId;  ///< the check stored or answered from; unset when none was
  std::int64_t elapsedMs = 0;  ///< waiting on the clearinghouse
  std::string summary;         ///< the check's summary JSON ("" when none)
};

struct BatchReport {
  std::vector<domain::Date> dates;  ///< the days covered (one per location's "tomorrow")
  std::int64_t appointments = 0;    ///< appointments that hold their time on those days
  std::vector<BatchItem> items;     ///< one per coverage and day, in appointment order
  std::int64_t elapsedMs = 0;
  /// How many items ended in each state (index: EligibilityState).
  std::int64_t counts[5] = {0, 0, 0, 0, 0};
};

/// Checks every coverage in force on the day of each appointment that holds its time (booked,
/// confirmed, arrived …; not cancelled or no-show) on the day asked for, once per coverage and
/// day, with at most `concurrency` checks at once. Every check is check() with the appointment's
/// provider and location, so the cache, the time box and the audit are the same; a check that
/// ends in an error (storage) is reported as failed with the reason. The run takes at most
/// about ceil(coverages / concurrency) time boxes. kInvalid naming `concurrency` or
/// `location_ids` for bad input. `progress(done, total)` may be null.
Result<BatchReport> runBatch(UnitOfWork& uow, const EligibilitySetup& setup,
                             const BatchRequest& request, const CheckAudit& audit,
                             const std::function<void(std::int64_t, std::int64_t)>& progress = {});

}  // namespace medoffice::app::eligibility
