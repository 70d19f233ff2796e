// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Statement runs (issue 15): one statement per guarantor account and cycle, covering the open
// lines of all the account's patients. A run goes through the accounts in id order in
// transactions of a few hundred, recording how far it got; a run that stopped (a crash,
// kill -9) resumes from there when the same cycle is run again, and the unique key (account,
// cycle) means no account ever gets two statements in one cycle, whatever happens.

#include <functional>
#include <optional>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/billing/statement.hpp"

namespace medoffice::app::billing {

struct StatementRunRequest {
  std::optional<int> cycleDay;                ///< 1-28; unset: every account
  domain::Money minBalance;                   ///< the least amount due that gets a statement
  std::optional<domain::Date> statementDate;  ///< unset: today (the practice's local date)
};

struct StatementRunResult {
  StatementRun run;
  bool resumed = false;      ///< it continued a run of the cycle that had stopped
  bool alreadyDone = false;  ///< the cycle's run had finished: nothing new was made
  std::int64_t madeNow = 0;  ///< statements made by this call
};

/// Told after each transaction (progress bars, the API's progress figure).
using RunProgress = std::function<void(const StatementRun&)>;
/// Writes the run's audit event in the transaction that starts (finished false) and that ends
/// it (finished true).
using RunAudit = std::function<void(Repositories&, const StatementRun&, bool finished)>;

/// Runs (or resumes) the cycle's statements. kInvalid naming `cycle_day`,
/// `min_balance_cents` or `statement_date` for a bad request. Thread-safe as UnitOfWork is.
Result<StatementRunResult> runStatements(UnitOfWork& uow, const TimeZones& zones,
                                         const Clock& clock, domain::OrganizationId org,
                                         std::int64_t byUser, const StatementRunRequest& request,
                                         const RunProgress& progress, const RunAudit& audit,
                                         int accountsPerTransaction = 250);

/// Every statement of a run with its lines, in id order.
Result<std::vector<domain::Statement>> statementsOfRun(Repositories& r, domain::OrganizationId org,
                                                       domain::StatementRunId run);

}  // namespace medoffice::app::billing
