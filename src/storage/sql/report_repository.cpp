// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/report_repository.hpp"

#include "storage/sql/billing_ledger_repository.hpp"

namespace medoffice::storage {

using domain::ArCell;
using domain::Date;
using domain::Instant;
using domain::Money;
using domain::OrganizationId;

namespace {

/// `?, ?, ?` for n values.
std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += k == 0 ? "?" : ", ?";
  return s;
}

/// Cells from a row of (date of service, 3 payer ids, 4 sums: primary, secondary, tertiary,
/// patient) starting at column `first`: one per place that is not zero.
void appendPlaces(const Row& row, std::size_t first, std::vector<ArCell>& out) {
  auto dos = Date::parse(row.text(first));
  if (!dos) return;
  for (std::size_t k = 0; k < 3; ++k) {
    const std::int64_t cents = row.i64(first + 4 + k);
    if (cents == 0) continue;
    const std::int64_t payer =
        row.isNull(first + 1 + k) ? domain::kUnknownPayer : row.i64(first + 1 + k);
    out.push_back({*dos, payer, Money::fromCents(cents)});
  }
  if (const std::int64_t patient = row.i64(first + 7); patient != 0) {
    out.push_back({*dos, domain::kPatientPayer, Money::fromCents(patient)});
  }
}

std::vector<ArCell> cellsOf(const Rows& rows) {
  std::vector<ArCell> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    auto dos = Date::parse(row.text(0));
    if (dos) out.push_back({*dos, row.i64(1), Money::fromCents(row.i64(2))});
  }
  return out;
}

void insertCells(SqlConnection& c, const std::string& head, const std::string& tail,
                 OrganizationId org, const std::string& day, const std::vector<ArCell>& cells) {
  constexpr std::size_t kRowsPerStatement = 500;
  for (std::size_t start = 0; start < cells.size(); start += kRowsPerStatement) {
    const std::size_t end = std::min(cells.size(), start + kRowsPerStatement);
    std::string sql = head;
    Params p;
    p.reserve((end - start) * 5);
    for (std::size_t k = start; k < end; ++k) {
      sql += k == start ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
      append(p, sqlInt(org.value), day, cells[k].dateOfService.toString(), sqlInt(cells[k].payerId),
             sqlInt(cells[k].owed.cents()));
    }
    c.execute(sql + tail, p);
  }
}

}  // namespace

std::vector<ArCell> SqlReports::openAr(OrganizationId org) {
  // Only the lines that still owe: the covering partial index ix_charge_lines_ar.
  static const std::string sql =
      "SELECT date_of_service, primary_payer_id, secondary_payer_id, tertiary_payer_id, "
      "SUM(owed_primary_cents), SUM(owed_secondary_cents), SUM(owed_tertiary_cents), "
      "SUM(owed_patient_cents) FROM charge_lines WHERE organization_id = ? AND owed_primary_cents "
      "+ owed_secondary_cents + owed_tertiary_cents + owed_patient_cents > 0 GROUP BY "
      "date_of_service, primary_payer_id, secondary_payer_id, tertiary_payer_id";
  std::vector<ArCell> out;
  for (const auto& row : c_.query(sql, {sqlInt(org.value)})) appendPlaces(row, 0, out);
  return domain::mergeCells(std::move(out));
}

std::vector<ArCell> SqlReports::movedBetween(OrganizationId org, Instant from, Instant to) {
  static const std::string sql =
      "SELECT l.date_of_service, l.primary_payer_id, l.secondary_payer_id, l.tertiary_payer_id, "
      "SUM(e.d_primary), SUM(e.d_secondary), SUM(e.d_tertiary), SUM(e.d_patient) FROM "
      "ledger_entries e JOIN charge_lines l ON l.id = e.line_id WHERE e.organization_id = ? AND "
      "e.posted_at >= ? AND e.posted_at < ? GROUP BY l.date_of_service, l.primary_payer_id, "
      "l.secondary_payer_id, l.tertiary_payer_id";
  std::vector<ArCell> out;
  for (const auto& row :
       c_.query(sql, {sqlInt(org.value), sqlInt(from.micros()), sqlInt(to.micros())})) {
    appendPlaces(row, 0, out);
  }
  return domain::mergeCells(std::move(out));
}

std::optional<Instant> SqlReports::firstEntryAt(OrganizationId org) {
  auto rows = c_.query("SELECT MIN(posted_at) FROM ledger_entries WHERE organization_id = ?",
                       {sqlInt(org.value)});
  if (rows.empty() || rows[0].isNull(0)) return std::nullopt;
  return Instant::fromMicros(rows[0].i64(0));
}

std::optional<app::SummaryState> SqlReports::summaryState(OrganizationId org) {
  auto rows = c_.query(
      "SELECT time_zone, first_day, summarized_through, snapshot_through FROM report_summaries "
      "WHERE organization_id = ?",
      {sqlInt(org.value)});
  if (rows.empty()) return std::nullopt;
  app::SummaryState s;
  s.timeZone = rows[0].text(0);
  s.firstDay = Date::parse(rows[0].text(1)).value_or(Date{});
  s.summarizedThrough = Date::parse(rows[0].text(2)).value_or(Date{});
  if (!rows[0].isNull(3)) s.snapshotThrough = Date::parse(rows[0].text(3));
  return s;
}

void SqlReports::saveSummaryState(OrganizationId org, const app::SummaryState& s) {
  c_.execute(
      "INSERT INTO report_summaries (organization_id, time_zone, first_day, summarized_through, "
      "snapshot_through) VALUES (?, ?, ?, ?, ?) ON CONFLICT (organization_id) DO UPDATE SET "
      "time_zone = excluded.time_zone, first_day = excluded.first_day, summarized_through = "
      "excluded.summarized_through, snapshot_through = excluded.snapshot_through",
      {sqlInt(org.value), s.timeZone, s.firstDay.toString(), s.summarizedThrough.toString(),
       dateOrNull(s.snapshotThrough)});
}

void SqlReports::clearSummaries(OrganizationId org) {
  const Params p{sqlInt(org.value)};
  c_.execute("DELETE FROM ar_day_deltas WHERE organization_id = ?", p);
  c_.execute("DELETE FROM ar_month_snapshots WHERE organization_id = ?", p);
  c_.execute("DELETE FROM report_summaries WHERE organization_id = ?", p);
}

void SqlReports::addDayDeltas(OrganizationId org, Date postedOn, const std::vector<ArCell>& cells) {
  std::vector<ArCell> nonZero;
  for (const auto& c : cells) {
    if (c.owed.cents() != 0) nonZero.push_back(c);
  }
  insertCells(c_,
              "INSERT INTO ar_day_deltas (organization_id, posted_on, date_of_service, payer_id, "
              "delta_cents) VALUES ",
              " ON CONFLICT (organization_id, posted_on, date_of_service, payer_id) DO UPDATE SET "
              "delta_cents = ar_day_deltas.delta_cents + excluded.delta_cents",
              org, postedOn.toString(), nonZero);
}

std::vector<ArCell> SqlReports::dayDeltas(OrganizationId org, std::optional<Date> after,
                                          Date through) {
  static const std::string sql =
      "SELECT date_of_service, payer_id, SUM(delta_cents) FROM ar_day_deltas WHERE "
      "organization_id = ? AND posted_on > ? AND posted_on <= ? GROUP BY date_of_service, "
      "payer_id";
  return domain::mergeCells(cellsOf(c_.query(
      sql, {sqlInt(org.value), after ? after->toString() : "0001-01-01", through.toString()})));
}

void SqlReports::saveSnapshot(OrganizationId org, Date monthEnd, const std::vector<ArCell>& cells) {
  c_.execute("DELETE FROM ar_month_snapshots WHERE organization_id = ? AND month_end = ?",
             {sqlInt(org.value), monthEnd.toString()});
  std::vector<ArCell> nonZero;
  for (const auto& c : cells) {
    if (c.owed.cents() != 0) nonZero.push_back(c);
  }
  insertCells(c_,
              "INSERT INTO ar_month_snapshots (organization_id, month_end, date_of_service, "
              "payer_id, owed_cents) VALUES ",
              "", org, monthEnd.toString(), nonZero);
}

std::vector<ArCell> SqlReports::snapshot(OrganizationId org, Date monthEnd) {
  static const std::string sql =
      "SELECT date_of_service, payer_id, owed_cents FROM ar_month_snapshots WHERE "
      "organization_id = ? AND month_end = ?";
  return cellsOf(c_.query(sql, {sqlInt(org.value), monthEnd.toString()}));
}

namespace {
std::vector<app::AccountArCell> accountCells(const Rows& rows) {
  std::vector<app::AccountArCell> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    auto dos = Date::parse(row.text(1));
    if (!dos) continue;
    out.push_back({domain::GuarantorAccountId(row.i64(0)), *dos, Money::fromCents(row.i64(2)),
                   Money::fromCents(row.i64(3))});
  }
  return out;
}
}  // namespace

std::vector<app::AccountArCell> SqlReports::openArByAccount(OrganizationId org,
                                                            std::int64_t afterAccount, int limit,
                                                            std::vector<std::int64_t>& accounts) {
  accounts.clear();
  static const std::string page =
      "SELECT account_id FROM account_balances WHERE organization_id = ? AND insurance_cents + "
      "patient_cents > 0 AND account_id > ? ORDER BY account_id LIMIT ?";
  for (const auto& row : c_.query(
           page, {sqlInt(org.value), sqlInt(afterAccount), sqlInt(std::clamp(limit, 1, 1000))})) {
    accounts.push_back(row.i64(0));
  }
  if (accounts.empty()) return {};
  std::string sql =
      "SELECT account_id, date_of_service, SUM(owed_primary_cents + owed_secondary_cents + "
      "owed_tertiary_cents), SUM(owed_patient_cents) FROM charge_lines WHERE account_id IN (" +
      placeholders(accounts.size()) +
      ") AND owed_primary_cents + owed_secondary_cents + owed_tertiary_cents + owed_patient_cents "
      "> 0 AND organization_id = ? GROUP BY account_id, date_of_service ORDER BY account_id, "
      "date_of_service";
  Params p;
  for (auto a : accounts) p.push_back(sqlInt(a));
  p.push_back(sqlInt(org.value));
  return accountCells(c_.query(sql, p));
}

std::vector<std::int64_t> SqlReports::accountsWithEntries(OrganizationId org,
                                                          std::int64_t afterAccount, int limit) {
  static const std::string sql =
      "SELECT account_id FROM account_balances WHERE account_id > ? AND organization_id = ? AND "
      "entry_count > 0 ORDER BY account_id LIMIT ?";
  std::vector<std::int64_t> out;
  for (const auto& row : c_.query(
           sql, {sqlInt(afterAccount), sqlInt(org.value), sqlInt(std::clamp(limit, 1, 1000))})) {
    out.push_back(row.i64(0));
  }
  return out;
}

std::vector<app::AccountArCell> SqlReports::accountArBefore(
    OrganizationId org, const std::vector<std::int64_t>& accounts, Instant before) {
  if (accounts.empty()) return {};
  std::string sql =
      "SELECT e.account_id, l.date_of_service, SUM(e.d_primary + e.d_secondary + e.d_tertiary), "
      "SUM(e.d_patient) FROM ledger_entries e JOIN charge_lines l ON l.id = e.line_id WHERE "
      "e.organization_id = ? AND e.account_id IN (" +
      placeholders(accounts.size()) +
      ") AND e.posted_at < ? GROUP BY e.account_id, l.date_of_service ORDER BY e.account_id, "
      "l.date_of_service";
  Params p{sqlInt(org.value)};
  for (auto a : accounts) p.push_back(sqlInt(a));
  p.push_back(sqlInt(before.micros()));
  return accountCells(c_.query(sql, p));
}

std::vector<domain::LedgerEntry> SqlReports::accountHistory(OrganizationId org,
                                                            domain::GuarantorAccountId account,
                                                            int limit) {
  static const std::string sql =
      ledgerEntryTable().select("WHERE organization_id = ? AND account_id = ? ORDER BY id LIMIT ?");
  return ledgerEntryTable().query(
      c_, sql, {sqlInt(org.value), sqlInt(account.value), sqlInt(std::clamp(limit, 1, 100000))});
}

std::vector<app::EntryTotal> SqlReports::entryTotals(OrganizationId org, Instant from, Instant to) {
  // Each entry carries the provider, location and payer it counts under (migration 0010), so the
  // period's entries are read alone: the payment only for its method (entries of a payment),
  // and a reversal's original for its kind and places (a reversal has none of its own).
  static const std::string sql =
      "SELECT e.kind, NULL, e.from_place, e.to_place, COALESCE(p.method, ''), "
      "COALESCE(e.location_id, 0), COALESCE(e.provider_id, 0), e.payer_id, SUM(e.amount_cents), "
      "COUNT(*) FROM ledger_entries e LEFT JOIN payments p ON p.id = e.payment_id WHERE "
      "e.organization_id = ? AND e.posted_at >= ? AND e.posted_at < ? AND e.reverses IS NULL "
      "GROUP BY e.kind, e.from_place, e.to_place, COALESCE(p.method, ''), COALESCE(e.location_id, "
      "0), COALESCE(e.provider_id, 0), e.payer_id UNION ALL SELECT e.kind, r.kind, r.from_place, "
      "r.to_place, COALESCE(p.method, ''), COALESCE(e.location_id, 0), COALESCE(e.provider_id, "
      "0), e.payer_id, SUM(e.amount_cents), COUNT(*) FROM ledger_entries e JOIN ledger_entries r "
      "ON r.id = e.reverses LEFT JOIN payments p ON p.id = e.payment_id WHERE e.organization_id = "
      "? AND e.posted_at >= ? AND e.posted_at < ? AND e.reverses IS NOT NULL GROUP BY e.kind, "
      "r.kind, r.from_place, r.to_place, COALESCE(p.method, ''), COALESCE(e.location_id, 0), "
      "COALESCE(e.provider_id, 0), e.payer_id";
  const Params p{sqlInt(org.value), sqlInt(from.micros()), sqlInt(to.micros())};
  Params twice = p;
  twice.insert(twice.end(), p.begin(), p.end());
  std::vector<app::EntryTotal> out;
  for (const auto& row : c_.query(sql, twice)) {
    app::EntryTotal t;
    auto kind = domain::parseEntryKind(row.text(0));
    if (!kind) continue;
    const bool reversal = *kind == domain::EntryKind::kReversal;
    if (reversal) {
      auto original = domain::parseEntryKind(row.text(1));
      if (!original) continue;
      kind = original;
    }
    t.kind = *kind;
    if (!row.isNull(2)) t.from = domain::parseResponsibility(row.text(2));
    if (!row.isNull(3)) t.to = domain::parseResponsibility(row.text(3));
    t.method = row.text(4);
    t.locationId = row.i64(5);
    t.providerId = row.i64(6);
    // The payer of the insurance place it left, else the one it went to (the place recorded
    // without a payer: kUnknownPayer).
    const auto insurance = [](const std::optional<domain::Responsibility>& place) {
      return place && domain::isInsurance(*place);
    };
    if (insurance(t.from) || insurance(t.to)) {
      t.payerId = row.isNull(7) ? domain::kUnknownPayer : row.i64(7);
    }
    t.amount = Money::fromCents(reversal ? -row.i64(8) : row.i64(8));
    t.entries = row.i64(9);
    out.push_back(t);
  }
  return out;
}

namespace {

/// The appointments starting in the spans (of one provider when set), as a derived table `a` of
/// `columns`: one branch per span, glued with UNION ALL, so that each is a range of the covering
/// index ix_appointments_location (an OR of spans would let the planner scan the practice).
std::string spanRows(const std::string& columns, const std::string& where, OrganizationId org,
                     const std::vector<app::LocationSpan>& spans, domain::ProviderId provider,
                     Params& p) {
  std::string sql = "(";
  for (std::size_t k = 0; k < spans.size(); ++k) {
    if (k > 0) sql += " UNION ALL ";
    sql += "SELECT " + columns +
           " FROM appointments WHERE organization_id = ? AND location_id = ? AND start_at >= ? AND "
           "start_at < ?";
    append(p, sqlInt(org.value), sqlInt(spans[k].locationId.value), sqlInt(spans[k].from.micros()),
           sqlInt(spans[k].to.micros()));
    if (provider.value > 0) {
      sql += " AND provider_id = ?";
      p.push_back(sqlInt(provider.value));
    }
    sql += where;
  }
  return sql + ") a";
}

}  // namespace

std::vector<app::VisitCounts> SqlReports::visitCounts(OrganizationId org,
                                                      const std::vector<app::LocationSpan>& spans,
                                                      domain::ProviderId provider, Instant now) {
  if (spans.empty()) return {};
  Params p{sqlInt(now.micros())};
  const std::string sql =
      "SELECT provider_id, SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END), SUM(CASE WHEN "
      "status = 'cancelled' THEN 1 ELSE 0 END), SUM(CASE WHEN status <> 'cancelled' AND start_at "
      "< ? THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'checked_out' THEN 1 ELSE 0 END), SUM(CASE "
      "WHEN status = 'no_show' THEN 1 ELSE 0 END) FROM " +
      spanRows("provider_id, status, start_at", "", org, spans, provider, p) +
      " GROUP BY provider_id ORDER BY provider_id";
  std::vector<app::VisitCounts> out;
  for (const auto& row : c_.query(sql, p)) {
    out.push_back({row.i64(0), row.i64(1), row.i64(2), row.i64(3), row.i64(4), row.i64(5)});
  }
  return out;
}

std::vector<app::HeldTime> SqlReports::heldTimes(OrganizationId org,
                                                 const std::vector<app::LocationSpan>& spans,
                                                 domain::ProviderId provider) {
  if (spans.empty()) return {};
  Params p;
  const std::string sql = "SELECT provider_id, location_id, start_at, end_at FROM " +
                          spanRows("provider_id, location_id, start_at, end_at",
                                   " AND holds_time = 1", org, spans, provider, p) +
                          " ORDER BY provider_id, start_at";
  std::vector<app::HeldTime> out;
  for (const auto& row : c_.query(sql, p)) {
    out.push_back(
        {row.i64(0), row.i64(1), Instant::fromMicros(row.i64(2)), Instant::fromMicros(row.i64(3))});
  }
  return out;
}

std::vector<app::WaitStats> SqlReports::roomingWaits(OrganizationId org,
                                                     const std::vector<app::LocationSpan>& spans,
                                                     domain::ProviderId provider) {
  if (spans.empty()) return {};
  // status_times holds `status=micros:user,...`; the two instants are read out of it in SQL.
  const bool pg = c_.dialect() == Dialect::kPostgres;
  const std::string wait =
      pg ? "CAST(substring(status_times from 'roomed=([0-9]+)') AS BIGINT) - "
           "CAST(substring(status_times from 'arrived=([0-9]+)') AS BIGINT)"
         : "CAST(substr(status_times, instr(status_times, 'roomed=') + 7) AS INTEGER) - "
           "CAST(substr(status_times, instr(status_times, 'arrived=') + 8) AS INTEGER)";
  const std::string both =
      pg ? "strpos(status_times, 'arrived=') > 0 AND strpos(status_times, 'roomed=') > 0"
         : "instr(status_times, 'arrived=') > 0 AND instr(status_times, 'roomed=') > 0";
  Params p;
  // Ranks in SQL: the median is the mean of rows (n+1)/2 and (n+2)/2 (one row when n is odd),
  // p90 the row ceil(0.9 n).
  const std::string sql =
      "WITH w AS (SELECT provider_id AS p, " + wait + " AS m FROM " +
      spanRows("provider_id, status_times", " AND " + both, org, spans, provider, p) +
      "), v AS (SELECT p, m FROM w WHERE m >= 0), r AS (SELECT p, m, ROW_NUMBER() OVER "
      "(PARTITION BY p ORDER BY m) AS rn, COUNT(*) OVER (PARTITION BY p) AS n FROM v UNION ALL "
      "SELECT 0, m, ROW_NUMBER() OVER (ORDER BY m), COUNT(*) OVER () FROM v) SELECT p, MAX(n), "
      "MAX(CASE WHEN rn = (n + 1) / 2 THEN m END), MAX(CASE WHEN rn = (n + 2) / 2 THEN m END), "
      "MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN m END) FROM r GROUP BY p ORDER BY p";
  std::vector<app::WaitStats> out;
  for (const auto& row : c_.query(sql, p)) {
    const std::int64_t lo = row.i64(2), hi = row.i64(3);
    out.push_back({row.i64(0), row.i64(1), lo + (hi - lo) / 2, row.i64(4)});
  }
  return out;
}

}  // namespace medoffice::storage
