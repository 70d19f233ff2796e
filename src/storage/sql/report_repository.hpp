// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/report_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

/// Report queries on the running balances and the dated AR summaries (issue 15).
class SqlReports final : public app::ReportRepository {
 public:
  explicit SqlReports(SqlConnection& c) : c_(c) {}
  std::vector<domain::ArCell> openAr(domain::OrganizationId org) override;
  std::vector<domain::ArCell> movedBetween(domain::OrganizationId org, domain::Instant from,
                                           domain::Instant to) override;
  std::optional<domain::Instant> firstEntryAt(domain::OrganizationId org) override;
  std::optional<app::SummaryState> summaryState(domain::OrganizationId org) override;
  void saveSummaryState(domain::OrganizationId org, const app::SummaryState& s) override;
  void clearSummaries(domain::OrganizationId org) override;
  void addDayDeltas(domain::OrganizationId org, domain::Date postedOn,
                    const std::vector<domain::ArCell>& cells) override;
  std::vector<domain::ArCell> dayDeltas(domain::OrganizationId org,
                                        std::optional<domain::Date> after,
                                        domain::Date through) override;
  void saveSnapshot(domain::OrganizationId org, domain::Date monthEnd,
                    const std::vector<domain::ArCell>& cells) override;
  std::vector<domain::ArCell> snapshot(domain::OrganizationId org, domain::Date monthEnd) override;
  std::vector<app::AccountArCell> openArByAccount(domain::OrganizationId org,
                                                  std::int64_t afterAccount, int limit,
                                                  std::vector<std::int64_t>& accounts) override;
  std::vector<std::int64_t> accountsWithEntries(domain::OrganizationId org,
                                                std::int64_t afterAccount, int limit) override;
  std::vector<app::AccountArCell> accountArBefore(domain::OrganizationId org,
                                                  const std::vector<std::int64_t>& accounts,
                                                  domain::Instant before) override;
  std::vector<domain::LedgerEntry> accountHistory(domain::OrganizationId org,
                                                  domain::GuarantorAccountId account,
                                                  int limit) override;
  std::vector<app::EntryTotal> entryTotals(domain::OrganizationId org, domain::Instant from,
                                           domain::Instant to) override;
  std::vector<app::VisitCounts> visitCounts(domain::OrganizationId org,
                                            const std::vector<app::LocationSpan>& spans,
                                            domain::ProviderId provider,
                                            domain::Instant now) override;
  std::vector<app::HeldTime> heldTimes(domain::OrganizationId org,
                                       const std::vector<app::LocationSpan>& spans,
                                       domain::ProviderId provider) override;
  std::vector<app::WaitStats> roomingWaits(domain::OrganizationId org,
                                           const std::vector<app::LocationSpan>& spans,
                                           domain::ProviderId provider) override;

 private:
  SqlConnection& c_;
};

const Table<app::StatementRun>& statementRunTable();
const Table<domain::Statement>& statementTable();

/// Statement runs and the statements they made: one per account and cycle (a unique key).
class SqlStatements final : public app::StatementRepository {
 public:
  explicit SqlStatements(SqlConnection& c) : c_(c) {}
  std::optional<app::StatementRun> runOfCycle(domain::OrganizationId org,
                                              const std::string& cycleKey) override;
  std::optional<app::StatementRun> run(domain::OrganizationId org,
                                       domain::StatementRunId id) override;
  Result<app::StatementRun> insertRun(const app::StatementRun& run, domain::Instant now) override;
  void updateRun(const app::StatementRun& run, domain::Instant now) override;
  Result<app::Page<app::StatementRun>> runs(domain::OrganizationId org,
                                            const app::PageRequest& page) override;
  std::int64_t countCandidates(domain::OrganizationId org) override;
  std::vector<Candidate> candidates(domain::OrganizationId org, std::int64_t afterAccount,
                                    domain::Money minDue, int limit) override;
  std::vector<std::pair<domain::GuarantorAccountId, app::StatementLineFacts>> openLines(
      domain::OrganizationId org, const std::vector<domain::GuarantorAccountId>& accounts) override;
  std::vector<std::optional<domain::StatementId>> insertStatements(
      const std::vector<domain::Statement>& statements, domain::Instant now) override;
  std::optional<domain::Statement> get(domain::OrganizationId org, domain::StatementId id) override;
  Result<app::Page<domain::Statement>> ofRun(domain::OrganizationId org,
                                             domain::StatementRunId runId,
                                             const app::PageRequest& page) override;
  Result<app::Page<domain::Statement>> ofAccount(domain::OrganizationId org,
                                                 domain::GuarantorAccountId account,
                                                 const app::PageRequest& page) override;

 private:
  /// Reads the lines of these statements into them.
  void loadLines(domain::OrganizationId org, std::vector<domain::Statement>& statements);
  SqlConnection& c_;
};

}  // namespace medoffice::storage
