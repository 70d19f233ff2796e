// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Eligibility checks (issue 17, point 6): every 270/271 exchange and its outcome, which is also
// the cache the desk reads, and the real-time settings of each clearinghouse.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/ports/common.hpp"
#include "domain/claims/clearinghouse.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/time.hpp"

namespace medoffice::app {

using EligibilityCheckId = domain::Id<struct EligibilityCheckTag>;

/// How a check ended. Only a payer's answer (active, inactive, rejected) can be kept as the
/// day's answer; failures are never reused.
enum class EligibilityState { kActive, kInactive, kRejected, kFailed, kTimedOut };
std::string_view toString(EligibilityState s);  ///< "active" … "timed_out"
std::optional<EligibilityState> parseEligibilityState(std::string_view s);

/// One check: a 270 sent (or not, when it could not be made) and what came of it.
struct EligibilityCheck {
  EligibilityCheckId id;
  domain::OrganizationId organizationId;
  domain::CoverageId coverageId;
  domain::PatientId patientId;
  domain::PayerId payerId;
  domain::ClearinghouseId clearinghouseId;  ///< unset when no clearinghouse could be asked
  domain::Date serviceDate;
  std::string serviceType = "30";  ///< the visit's X12 service type (EQ01 besides 30)
  EligibilityState state = EligibilityState::kFailed;
  /// Plain English: the AAA reasons (rejected), why it failed or timed out; empty when active
  /// or inactive without remarks.
  std::string reason;
  std::string summary;   ///< the 271 summary as JSON (EligibilityAnswer::summaryJson); may be ""
  std::string response;  ///< the raw 271 as received; "" when none (lists leave it out)
  /// Whether this answer may serve later checks of the same coverage, day and type (a payer's
  /// final answer, not "try again later").
  bool reusable = false;
  std::int64_t coverageVersion = 0;      ///< the coverage and patient as they were when asked: a
  std::int64_t patientVersion = 0;       ///< change to either (a corrected member id) asks again
  std::string traceNumber;               ///< TRN02 sent
  std::uint32_t interchangeControl = 0;  ///< ISA13 of the 270 (0: none was sent)
  std::uint32_t groupControl = 0;        ///< GS06
  std::uint32_t transactionControl = 0;  ///< ST02
  std::int64_t requestedBy = 0;          ///< user id; 0 for the command line
  std::int64_t elapsedMs = 0;            ///< time spent waiting for the clearinghouse
  domain::Instant checkedAt;
  domain::RecordMeta meta;
};

/// The practice's checks and real-time settings. Checks are insert-only: a new check is a new row
/// and the newest row of a coverage, day and type is the one the cache considers.
class EligibilityRepository {
 public:
  virtual ~EligibilityRepository() = default;

  /// Stores a check; returns it with its id.
  virtual Result<EligibilityCheck> insert(const EligibilityCheck& check, domain::Instant now) = 0;
  /// A check with its raw response; nullopt when absent or another practice's.
  virtual std::optional<EligibilityCheck> get(domain::OrganizationId org,
                                              EligibilityCheckId id) = 0;
  /// The newest reusable check of the coverage for that day and service type, checked at or
  /// after `since`, without its raw response; nullopt when there is none.
  virtual std::optional<EligibilityCheck> latestReusable(domain::OrganizationId org,
                                                         domain::CoverageId coverage,
                                                         domain::Date serviceDate,
                                                         std::string_view serviceType,
                                                         domain::Instant since) = 0;
  /// The checks of a coverage, newest first, without their raw responses.
  virtual Result<Page<EligibilityCheck>> ofCoverage(domain::OrganizationId org,
                                                    domain::CoverageId coverage,
                                                    const PageRequest& page) = 0;

  /// A clearinghouse's real-time settings; nullopt when none were stored.
  virtual std::optional<domain::claims::RealtimeEligibility> settings(
      domain::OrganizationId org, domain::ClearinghouseId clearinghouse) = 0;
  /// Stores a clearinghouse's settings, replacing those of `expectedVersion` (nullopt: whatever
  /// is stored, or none). kVersionMismatch when another version is stored; the stored settings
  /// come back with their new version.
  virtual Result<domain::claims::RealtimeEligibility> saveSettings(
      domain::OrganizationId org, domain::ClearinghouseId clearinghouse,
      const domain::claims::RealtimeEligibility& settings,
      std::optional<std::int64_t> expectedVersion, domain::Instant now) = 0;
};

}  // namespace medoffice::app
