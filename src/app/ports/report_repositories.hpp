// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Ports of statements and reports (issue 15). Reports read the running balances (charge lines
// that still owe, account balances) and the dated AR summaries; only one period's entries are
// ever read (the day sheet, collections, one closed day being summarised).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/billing/aging.hpp"
#include "domain/billing/ledger.hpp"
#include "domain/billing/statement.hpp"
#include "domain/common/fields.hpp"

namespace medoffice::app {

/// How far the AR summaries reach for one practice.
struct SummaryState {
  std::string timeZone;                         ///< the zone their days are in
  domain::Date firstDay;                        ///< the local day of the first entry
  domain::Date summarizedThrough;               ///< the last closed day in the day deltas
  std::optional<domain::Date> snapshotThrough;  ///< the last month-end snapshot
};

/// One account's AR on one date of service (insurance and patient sides).
struct AccountArCell {
  domain::GuarantorAccountId accountId;
  domain::Date dateOfService;
  domain::Money insurance;
  domain::Money patient;
};

/// Entries of one period summed by what a day sheet shows. `kind` is the entry's kind, or for a
/// reversal the kind it reverses (with `amount` negated).
struct EntryTotal {
  domain::EntryKind kind = domain::EntryKind::kCharge;
  std::optional<domain::Responsibility> from;  ///< the place money left
  std::optional<domain::Responsibility> to;
  std::string method;           ///< the payment's method for patient payments and refunds, else ""
  std::int64_t locationId = 0;  ///< the payment's location, else the encounter's (0: none)
  std::int64_t providerId = 0;  ///< the line's rendering provider, else the encounter's (0: none)
  std::int64_t payerId = 0;     ///< the payer of the insurance place it left or went to (0: none)
  domain::Money amount;
  std::int64_t entries = 0;
};

/// One location's part of a scheduling report: its appointments starting in [from, to) (the
/// report's local days in the location's zone).
struct LocationSpan {
  domain::LocationId locationId;
  domain::Instant from, to;
};

/// Appointments of one provider counted by what became of them (scheduling report).
struct VisitCounts {
  std::int64_t providerId = 0;
  std::int64_t booked = 0;  ///< not cancelled
  std::int64_t cancelled = 0;
  std::int64_t started = 0;    ///< not cancelled, starting before `now`
  std::int64_t completed = 0;  ///< checked out
  std::int64_t noShows = 0;
};

/// Waits from arrival (check-in) to roomed of one provider (0: all of them), in microseconds.
/// The median is the mean of the middle two of an even count; p90 the nearest rank (ceil 0.9 n).
struct WaitStats {
  std::int64_t providerId = 0;
  std::int64_t count = 0;
  std::int64_t medianMicros = 0;
  std::int64_t p90Micros = 0;
};

/// The time an appointment holds on its provider's calendar (not cancelled, not a no-show).
struct HeldTime {
  std::int64_t providerId = 0;
  std::int64_t locationId = 0;
  domain::Instant start, end;
};

class ReportRepository {
 public:
  virtual ~ReportRepository() = default;
  /// What every line owes now, summed by date of service and payer (domain::kPatientPayer for
  /// the patient side, domain::kUnknownPayer for an insurance place without a payer).
  virtual std::vector<domain::ArCell> openAr(domain::OrganizationId org) = 0;
  /// How the lines' balances moved through the entries posted in [from, to), by date of service
  /// and payer.
  virtual std::vector<domain::ArCell> movedBetween(domain::OrganizationId org, domain::Instant from,
                                                   domain::Instant to) = 0;
  /// The posting instant of the practice's first entry (unset: none yet).
  virtual std::optional<domain::Instant> firstEntryAt(domain::OrganizationId org) = 0;

  virtual std::optional<SummaryState> summaryState(domain::OrganizationId org) = 0;
  virtual void saveSummaryState(domain::OrganizationId org, const SummaryState& s) = 0;
  /// Drops every summary of the practice (its reporting time zone changed).
  virtual void clearSummaries(domain::OrganizationId org) = 0;
  /// Adds one closed day's movements (cells with zero are skipped).
  virtual void addDayDeltas(domain::OrganizationId org, domain::Date postedOn,
                            const std::vector<domain::ArCell>& cells) = 0;
  /// The day deltas of the days in (after, through], summed by date of service and payer.
  /// `after` unset: from the first.
  virtual std::vector<domain::ArCell> dayDeltas(domain::OrganizationId org,
                                                std::optional<domain::Date> after,
                                                domain::Date through) = 0;
  virtual void saveSnapshot(domain::OrganizationId org, domain::Date monthEnd,
                            const std::vector<domain::ArCell>& cells) = 0;
  virtual std::vector<domain::ArCell> snapshot(domain::OrganizationId org,
                                               domain::Date monthEnd) = 0;

  /// Up to `limit` accounts with something owed now, in id order after `afterAccount`, and
  /// their AR cells.
  virtual std::vector<AccountArCell> openArByAccount(domain::OrganizationId org,
                                                     std::int64_t afterAccount, int limit,
                                                     std::vector<std::int64_t>& accounts) = 0;
  /// Up to `limit` accounts that have entries, in id order after `afterAccount`.
  virtual std::vector<std::int64_t> accountsWithEntries(domain::OrganizationId org,
                                                        std::int64_t afterAccount, int limit) = 0;
  /// The AR cells of these accounts from their entries posted before `before` (history: for a
  /// page of accounts only).
  virtual std::vector<AccountArCell> accountArBefore(domain::OrganizationId org,
                                                     const std::vector<std::int64_t>& accounts,
                                                     domain::Instant before) = 0;

  /// The account's entries, oldest first, at most `limit` (the account ledger report).
  virtual std::vector<domain::LedgerEntry> accountHistory(domain::OrganizationId org,
                                                          domain::GuarantorAccountId account,
                                                          int limit) = 0;
  /// Entries posted in [from, to), summed for the day sheet and collections.
  virtual std::vector<EntryTotal> entryTotals(domain::OrganizationId org, domain::Instant from,
                                              domain::Instant to) = 0;

  /// Appointments starting in the spans (of `provider` only when set), counted by provider, in
  /// provider order. Reads the covering index ix_appointments_location.
  virtual std::vector<VisitCounts> visitCounts(domain::OrganizationId org,
                                               const std::vector<LocationSpan>& spans,
                                               domain::ProviderId provider,
                                               domain::Instant now) = 0;
  /// Time held by the appointments starting in the spans, by provider and start.
  virtual std::vector<HeldTime> heldTimes(domain::OrganizationId org,
                                          const std::vector<LocationSpan>& spans,
                                          domain::ProviderId provider) = 0;
  /// The waits from arrival to roomed of the appointments starting in the spans that recorded
  /// both (roomed not before arrival), by provider in provider order, then for all (id 0).
  virtual std::vector<WaitStats> roomingWaits(domain::OrganizationId org,
                                              const std::vector<LocationSpan>& spans,
                                              domain::ProviderId provider) = 0;
};

/// A statement run: one per practice and cycle.
struct StatementRun {
  domain::StatementRunId id;
  domain::OrganizationId organizationId;
  std::string cycleKey;
  std::optional<int> cycleDay;
  domain::Date statementDate;
  domain::Money minBalance;
  std::string status = "running";  ///< running | done
  std::int64_t total = 0;          ///< accounts to consider
  std::int64_t done = 0;           ///< accounts considered so far
  std::int64_t statements = 0;
  domain::Money amountDue;
  std::int64_t lastAccountId = 0;  ///< accounts up to this one are done
  std::int64_t startedBy = 0;
  domain::Instant startedAt;
  std::optional<domain::Instant> finishedAt;
  domain::RecordMeta meta;
};

/// A line of an account that still owes, with what has happened to it, for a statement.
struct StatementLineFacts {
  domain::ChargeLineId lineId;
  domain::PatientId patientId;
  std::string patientGivenName, patientFamilyName;  ///< both empty: the patient was not found
  domain::Date dateOfService;
  std::string code;
  std::string modifiers;
  domain::Money charge, insurancePaid, adjustments, patientPaid, insuranceOwed, patientOwed;
};

class StatementRepository {
 public:
  virtual ~StatementRepository() = default;
  /// The run of the cycle (any status).
  virtual std::optional<StatementRun> runOfCycle(domain::OrganizationId org,
                                                 const std::string& cycleKey) = 0;
  virtual std::optional<StatementRun> run(domain::OrganizationId org,
                                          domain::StatementRunId id) = 0;
  /// kConflict when the cycle has a run already.
  virtual Result<StatementRun> insertRun(const StatementRun& run, domain::Instant now) = 0;
  /// Writes progress and status (no version check: the caller holds the run by its cycle). The
  /// write may reach the database with the transaction's next statement or its commit.
  virtual void updateRun(const StatementRun& run, domain::Instant now) = 0;
  virtual Result<Page<StatementRun>> runs(domain::OrganizationId org, const PageRequest& page) = 0;
  /// How many accounts with a patient balance the run would look at.
  virtual std::int64_t countCandidates(domain::OrganizationId org) = 0;
  /// Up to `limit` accounts, in id order after `afterAccount`, whose guarantor owes more than
  /// the credit held (patient balance - credit >= minDue), with their cycle day setting and what
  /// a statement prints of the guarantor (read with them: no read per account).
  struct Candidate {
    domain::GuarantorAccountId accountId;
    std::optional<int> cycleDay;
    domain::Money patient, insurance, credit;
    std::string givenName, familyName;  ///< the guarantor's, on the account
    domain::Address address;            ///< the account's
    domain::Address patientAddress;     ///< the guarantor patient's (empty: none linked)
  };
  virtual std::vector<Candidate> candidates(domain::OrganizationId org, std::int64_t afterAccount,
                                            domain::Money minDue, int limit) = 0;
  /// The lines of these accounts that still owe, with their sums by kind and their patients'
  /// names, by account and oldest first.
  virtual std::vector<std::pair<domain::GuarantorAccountId, StatementLineFacts>> openLines(
      domain::OrganizationId org, const std::vector<domain::GuarantorAccountId>& accounts) = 0;
  /// Stores the statements and their lines, except those whose account has one for the cycle
  /// already (nothing of those is written). Returns the new ids in the order given, unset for
  /// each statement skipped. The lines may reach the database with the transaction's next
  /// statement or its commit (SqlConnection::executeLater): a failure then fails the transaction.
  virtual std::vector<std::optional<domain::StatementId>> insertStatements(
      const std::vector<domain::Statement>& statements, domain::Instant now) = 0;
  /// The statement with its lines.
  virtual std::optional<domain::Statement> get(domain::OrganizationId org,
                                               domain::StatementId id) = 0;
  /// Statements of one run in id order, with their lines (up to 10,000 a page).
  virtual Result<Page<domain::Statement>> ofRun(domain::OrganizationId org,
                                                domain::StatementRunId runId,
                                                const PageRequest& page) = 0;
  /// Statements of one account, newest first, without their lines.
  virtual Result<Page<domain::Statement>> ofAccount(domain::OrganizationId org,
                                                    domain::GuarantorAccountId account,
                                                    const PageRequest& page) = 0;
};

}  // namespace medoffice::app
