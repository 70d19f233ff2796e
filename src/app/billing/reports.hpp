// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Billing reports (issue 15): AR aging as of any date (by payer or by account), the day sheet,
// collections by payer, and an account's ledger with its running balance. Reports read the
// running balances and the dated AR summaries; only one period's entries are ever read.
//
// Days are the practice's local days: the time zone of its first location (UTC when it has
// none). Summaries cover closed days only (before today), so postings never wait for them.

#include <optional>
#include <string>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/billing/aging.hpp"

namespace medoffice::app::billing {

/// The practice's reporting time zone: its first active location's (UTC without one).
std::string reportingZone(Repositories& r, domain::OrganizationId org);
/// The practice's local date at `now`.
domain::Date localToday(Repositories& r, const TimeZones& zones, domain::Instant now,
                        domain::OrganizationId org);

/// Folds up to `maxDays` closed days into the dated AR summaries (and the month-end snapshots
/// they pass). Returns true when days remain (call again in a new transaction). Idempotent and
/// safe to run from several processes (each day is folded once: the summary state row is
/// written in the same transaction).
Result<bool> summarize(Repositories& r, const TimeZones& zones, domain::Instant now,
                       domain::OrganizationId org, int maxDays = 62);
/// Brings the summaries up to yesterday in transactions of `summarize`.
Status summarizeAll(UnitOfWork& uow, const TimeZones& zones, domain::Instant now,
                    domain::OrganizationId org);

enum class AgingBy { kTotal, kPayer, kAccount };
std::optional<AgingBy> parseAgingBy(std::string_view s);

struct AgingRow {
  std::int64_t id = 0;  ///< payer id (0: the patient side, -1: insurance not recorded) or account
  std::string name;
  domain::Aging aging;
  domain::Money insurance;  ///< by account: the insurance side of the total
  domain::Money patient;    ///< by account: the patient side
};

struct AgingReport {
  domain::Date asOf;
  domain::Aging total;
  AgingBy by = AgingBy::kTotal;
  std::vector<AgingRow> rows;
  std::string nextCursor;  ///< by account: the next page
};

/// AR aging as of the end of `asOf` (unset: today). kInvalid naming `as_of` for a date in the
/// future or before the practice's first entry. The summaries must be current through
/// `asOf` (summarizeAll) for a past date. `page` pages the rows by account.
Result<AgingReport> arAging(Repositories& r, const TimeZones& zones, domain::Instant now,
                            domain::OrganizationId org, std::optional<domain::Date> asOf,
                            AgingBy by, const PageRequest& page);

/// Sums of one kind of money on a day sheet or collections row.
struct MoneyTotals {
  domain::Money charges;
  domain::Money insurancePayments;
  domain::Money patientPayments;
  domain::Money contractualAdjustments;
  domain::Money writeOffs;
  domain::Money refunds;
  domain::Money transfers;
  std::int64_t entries = 0;
  [[nodiscard]] domain::Money payments() const { return insurancePayments + patientPayments; }
  [[nodiscard]] domain::Money adjustments() const { return contractualAdjustments + writeOffs; }
  void add(const EntryTotal& t);
};

struct NamedTotals {
  std::int64_t id = 0;
  std::string name;
  MoneyTotals totals;
};

struct Deposit {
  std::string method;  ///< cash, check, card, ..., or "insurance"
  domain::Money amount;
  std::int64_t count = 0;
};

struct DaySheet {
  domain::Date date;
  MoneyTotals totals;
  std::vector<NamedTotals> byProvider;
  std::vector<NamedTotals> byLocation;
  std::vector<Deposit> deposits;
  domain::Money depositTotal;
};

/// The day sheet of one local day (unset: today). kInvalid naming `date` for a future date.
/// `location` (unset: all) keeps that location's money only.
Result<DaySheet> daySheet(Repositories& r, const TimeZones& zones, domain::Instant now,
                          domain::OrganizationId org, std::optional<domain::Date> date,
                          domain::LocationId location);

struct Collections {
  domain::Date from, to;
  std::vector<NamedTotals> byPayer;  ///< id 0: the patients
  MoneyTotals totals;
};

/// Payments and adjustments by payer over local days [from, to] (at most 366 days).
Result<Collections> collections(Repositories& r, const TimeZones& zones, domain::Instant now,
                                domain::OrganizationId org, domain::Date from, domain::Date to);

struct AccountLedgerLine {
  domain::LedgerEntry entry;
  domain::Money change;   ///< what the entry did to the account balance (owed minus credit)
  domain::Money balance;  ///< the balance after it
};

struct AccountLedger {
  domain::GuarantorAccount account;
  std::vector<AccountLedgerLine> lines;
  domain::Money balance;
};

/// Every entry of the account (at most 100,000), oldest first, with the running balance.
Result<AccountLedger> accountLedger(Repositories& r, domain::OrganizationId org,
                                    domain::GuarantorAccountId account);

}  // namespace medoffice::app::billing
