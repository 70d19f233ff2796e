// SPDX-License-Identifier: AGPL-3.0-or-later
#include <algorithm>
#include <initializer_list>
#include <map>

#include "storage/sql/report_repository.hpp"

namespace medoffice::storage {

using domain::Date;
using domain::Instant;
using domain::Money;
using domain::OrganizationId;

const Table<app::StatementRun>& statementRunTable() {
  static const Table<app::StatementRun> table({
      .table = "statement_runs",
      .noun = "statement run",
      .cursorKind = "srun",
      .columns = {"status", "total", "done", "statements", "amount_due_cents", "last_account_id",
                  "finished_at"},
      .insertOnlyColumns = {"cycle_key", "cycle_day", "statement_date", "min_balance_cents",
                            "started_by", "started_at"},
      .read =
          [](Reader& r, app::StatementRun& s) {
            s.status = r.text();
            s.total = r.i64();
            s.done = r.i64();
            s.statements = r.i64();
            s.amountDue = Money::fromCents(r.i64());
            s.lastAccountId = r.i64();
            s.finishedAt = r.optionalInstant();
            s.cycleKey = r.text();
            if (r.isNull()) {
              r.skip();
              s.cycleDay.reset();
            } else {
              s.cycleDay = r.i32();
            }
            s.statementDate = r.requiredDate();
            s.minBalance = Money::fromCents(r.i64());
            s.startedBy = r.i64();
            s.startedAt = r.instant();
          },
      .write =
          [](Params& p, const app::StatementRun& s) {
            append(p, s.status, sqlInt(s.total), sqlInt(s.done), sqlInt(s.statements),
                   sqlInt(s.amountDue.cents()), sqlInt(s.lastAccountId),
                   s.finishedAt ? SqlValue(s.finishedAt->micros()) : sqlNull());
          },
      .writeInsertOnly =
          [](Params& p, const app::StatementRun& s) {
            append(p, s.cycleKey, s.cycleDay ? SqlValue(std::int64_t{*s.cycleDay}) : sqlNull(),
                   s.statementDate.toString(), sqlInt(s.minBalance.cents()), sqlInt(s.startedBy),
                   sqlInt(s.startedAt.micros()));
          },
  });
  return table;
}

namespace {
std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}
std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// `count` rows split into multi-row statements of the given sizes (largest first). PostgreSQL
/// prepares each statement text once per connection and keeps it: a text per row count would
/// fill that cache, a few sizes make a few texts.
std::vector<std::size_t> pieces(std::size_t count, std::initializer_list<std::size_t> sizes) {
  std::vector<std::size_t> out;
  for (const std::size_t size : sizes) {
    for (; count >= size; count -= size) out.push_back(size);
  }
  return out;
}

/// `?, ?, ?` for n values.
std::string marks(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += k == 0 ? "?" : ", ?";
  return s;
}

/// `head` followed by `rows` copies of `tuple`, comma separated, then `tail`.
std::string rowsOf(const std::string& head, const std::string& tuple, std::size_t rows,
                   const std::string& tail = {}) {
  std::string sql = head;
  sql.reserve(head.size() + rows * (tuple.size() + 2) + tail.size());
  for (std::size_t k = 0; k < rows; ++k) sql.append(k == 0 ? "" : ", ").append(tuple);
  return sql + tail;
}

/// `?, ?, ...` for an IN list of `ids` (not empty), their values appended to `p`. The list is
/// padded to a power of two by repeating the last id, which changes no result and keeps the
/// number of statement texts small (see pieces()).
std::string inList(const std::vector<std::int64_t>& ids, Params& p) {
  std::size_t padded = 1;
  while (padded < ids.size()) padded *= 2;
  for (std::size_t k = 0; k < padded; ++k) p.push_back(sqlInt(ids[std::min(k, ids.size() - 1)]));
  return marks(padded);
}
}  // namespace

const Table<domain::Statement>& statementTable() {
  static const Table<domain::Statement> table({
      .table = "statements",
      .noun = "statement",
      .cursorKind = "stmt",
      .columns = {"run_id", "account_id", "cycle_key", "statement_number", "statement_date",
                  "due_date", "guarantor_name", "guarantor_address", "message", "amount_due_cents",
                  "patient_due_cents", "insurance_pending_cents", "credit_cents",
                  "aging_0_30_cents", "aging_31_60_cents", "aging_61_90_cents",
                  "aging_91_120_cents", "aging_120_plus_cents", "oldest_days"},
      .read =
          [](Reader& r, domain::Statement& s) {
            s.runId = r.id<domain::StatementRunId>();
            s.accountId = r.id<domain::GuarantorAccountId>();
            s.cycleKey = r.text();
            s.statementNumber = r.text();
            s.statementDate = r.requiredDate();
            s.dueDate = r.requiredDate();
            s.guarantorName = r.text();
            s.guarantorAddress = splitLines(r.text());
            s.message = r.text();
            s.amountDue = Money::fromCents(r.i64());
            s.patientDue = Money::fromCents(r.i64());
            s.insurancePending = Money::fromCents(r.i64());
            s.credit = Money::fromCents(r.i64());
            for (auto& b : s.aging.buckets) b = Money::fromCents(r.i64());
            s.oldestDays = r.i64();
          },
      .write =
          [](Params& p, const domain::Statement& s) {
            append(p, sqlInt(s.runId.value), sqlInt(s.accountId.value), s.cycleKey,
                   s.statementNumber, s.statementDate.toString(), s.dueDate.toString(),
                   s.guarantorName, joinLines(s.guarantorAddress), s.message,
                   sqlInt(s.amountDue.cents()), sqlInt(s.patientDue.cents()),
                   sqlInt(s.insurancePending.cents()), sqlInt(s.credit.cents()));
            for (const auto& b : s.aging.buckets) p.push_back(sqlInt(b.cents()));
            p.push_back(sqlInt(s.oldestDays));
          },
      .versioning = Versioning::kInsertOnly,
  });
  return table;
}

std::optional<app::StatementRun> SqlStatements::runOfCycle(OrganizationId org,
                                                           const std::string& cycleKey) {
  static const std::string sql =
      statementRunTable().select("WHERE organization_id = ? AND cycle_key = ?");
  auto rows = statementRunTable().query(c_, sql, {sqlInt(org.value), cycleKey});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<app::StatementRun> SqlStatements::run(OrganizationId org, domain::StatementRunId id) {
  return statementRunTable().get(c_, org, id.value);
}

Result<app::StatementRun> SqlStatements::insertRun(const app::StatementRun& run, Instant now) {
  return statementRunTable().insert(c_, run, now);
}

void SqlStatements::updateRun(const app::StatementRun& run, Instant now) {
  static const std::string sql =
      "UPDATE statement_runs SET status = ?, total = ?, done = ?, statements = ?, "
      "amount_due_cents = ?, last_account_id = ?, finished_at = ?, version = version + 1, "
      "updated_at = ? WHERE id = ? AND organization_id = ?";
  // Nobody reads its answer: it travels with the chunk's commit.
  c_.executeLater(
      sql, {run.status, sqlInt(run.total), sqlInt(run.done), sqlInt(run.statements),
            sqlInt(run.amountDue.cents()), sqlInt(run.lastAccountId),
            run.finishedAt ? SqlValue(run.finishedAt->micros()) : sqlNull(), sqlInt(now.micros()),
            sqlInt(run.id.value), sqlInt(run.organizationId.value)});
}

Result<app::Page<app::StatementRun>> SqlStatements::runs(OrganizationId org,
                                                         const app::PageRequest& page) {
  const int limit = clampLimit(page.limit);
  auto before = idAfter(page, "srun");
  if (!before) return before.error();
  std::string sql = statementRunTable().select("WHERE organization_id = ?");
  Params p{sqlInt(org.value)};
  andIf(sql, p, *before > 0, "id < ?", sqlInt(*before));
  sql += " ORDER BY id DESC LIMIT ?";
  p.push_back(sqlInt(limit + 1));
  return pageOf<app::StatementRun>(c_.query(sql, p), limit, "srun",
                                   [](const Row& r) { return statementRunTable().decode(r); });
}

std::int64_t SqlStatements::countCandidates(OrganizationId org) {
  auto rows = c_.query(
      "SELECT COUNT(*) FROM account_balances WHERE organization_id = ? AND patient_cents > 0",
      {sqlInt(org.value)});
  return rows.empty() ? 0 : rows[0].i64(0);
}

std::vector<app::StatementRepository::Candidate> SqlStatements::candidates(
    OrganizationId org, std::int64_t afterAccount, Money minDue, int limit) {
  // The guarantor's name and addresses come with the balances: no read per account.
  static const std::string sql =
      "SELECT b.account_id, a.statement_cycle_day, b.patient_cents, b.insurance_cents, "
      "b.credit_cents, a.given_name, a.family_name, a.addr_line1, a.addr_line2, a.addr_city, "
      "a.addr_state, a.addr_postal_code, g.addr_line1, g.addr_line2, g.addr_city, g.addr_state, "
      "g.addr_postal_code FROM account_balances b JOIN guarantor_accounts a ON a.id = "
      "b.account_id AND a.organization_id = b.organization_id LEFT JOIN patients g ON g.id = "
      "a.guarantor_patient_id AND g.organization_id = a.organization_id WHERE b.organization_id "
      "= ? AND b.patient_cents > 0 AND b.account_id > ? AND b.patient_cents - b.credit_cents >= ? "
      "ORDER BY b.account_id LIMIT ?";
  std::vector<Candidate> out;
  for (const auto& row : c_.query(sql, {sqlInt(org.value), sqlInt(afterAccount),
                                        sqlInt(std::max<std::int64_t>(minDue.cents(), 1)),
                                        sqlInt(std::clamp(limit, 1, 5000))})) {
    Candidate c;
    c.accountId = domain::GuarantorAccountId(row.i64(0));
    if (!row.isNull(1)) c.cycleDay = static_cast<int>(row.i64(1));
    c.patient = Money::fromCents(row.i64(2));
    c.insurance = Money::fromCents(row.i64(3));
    c.credit = Money::fromCents(row.i64(4));
    Reader r(row, 5);
    c.givenName = r.text();
    c.familyName = r.text();
    c.address = r.address();
    c.patientAddress = r.address();
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::pair<domain::GuarantorAccountId, app::StatementLineFacts>>
SqlStatements::openLines(OrganizationId org,
                         const std::vector<domain::GuarantorAccountId>& accounts) {
  std::vector<std::pair<domain::GuarantorAccountId, app::StatementLineFacts>> out;
  if (accounts.empty()) return out;
  std::vector<std::int64_t> ids;
  ids.reserve(accounts.size());
  for (const auto& a : accounts) ids.push_back(a.value);
  // The open lines with their patients' names, and what happened to each (payments and
  // adjustments, reversals netted), in one round trip: both start from the accounts' open lines.
  const std::string open =
      " AND l.owed_primary_cents + l.owed_secondary_cents + l.owed_tertiary_cents + "
      "l.owed_patient_cents > 0 AND l.organization_id = ?";
  SqlStatement lines;
  lines.sql =
      "SELECT l.account_id, l.id, l.patient_id, l.date_of_service, l.code, l.modifiers, "
      "l.charge_cents, l.owed_primary_cents + l.owed_secondary_cents + l.owed_tertiary_cents, "
      "l.owed_patient_cents, p.given_name, p.family_name FROM charge_lines l LEFT JOIN patients p "
      "ON p.id = l.patient_id AND p.organization_id = l.organization_id WHERE l.account_id IN (" +
      inList(ids, lines.params) + ")" + open + " ORDER BY l.account_id, l.date_of_service, l.id";
  lines.params.push_back(sqlInt(org.value));
  SqlStatement entries;
  entries.sql =
      "SELECT e.line_id, e.kind, r.kind, e.amount_cents FROM charge_lines l JOIN ledger_entries e "
      "ON e.line_id = l.id LEFT JOIN ledger_entries r ON r.id = e.reverses WHERE l.account_id IN "
      "(" +
      inList(ids, entries.params) + ")" + open + " AND e.organization_id = ?";
  append(entries.params, sqlInt(org.value), sqlInt(org.value));
  auto rows = c_.queryAll({lines, entries});
  std::map<std::int64_t, std::size_t> byLine;
  for (const auto& row : rows.at(0)) {
    app::StatementLineFacts f;
    f.lineId = domain::ChargeLineId(row.i64(1));
    f.patientId = domain::PatientId(row.i64(2));
    f.dateOfService = Date::parse(row.text(3)).value_or(Date{});
    f.code = row.text(4);
    f.modifiers = row.text(5);
    f.charge = Money::fromCents(row.i64(6));
    f.insuranceOwed = Money::fromCents(row.i64(7));
    f.patientOwed = Money::fromCents(row.i64(8));
    f.patientGivenName = row.text(9);
    f.patientFamilyName = row.text(10);
    byLine[f.lineId.value] = out.size();
    out.emplace_back(domain::GuarantorAccountId(row.i64(0)), f);
  }
  for (const auto& row : rows.at(1)) {
    auto it = byLine.find(row.i64(0));
    if (it == byLine.end()) continue;
    auto kind = domain::parseEntryKind(row.text(1));
    std::int64_t cents = row.i64(3);
    if (kind == domain::EntryKind::kReversal) {
      kind = domain::parseEntryKind(row.text(2));
      cents = -cents;
    }
    if (!kind) continue;
    auto& f = out[it->second].second;
    const Money m = Money::fromCents(cents);
    switch (*kind) {
      case domain::EntryKind::kInsurancePayment:
        f.insurancePaid = f.insurancePaid + m;
        break;
      case domain::EntryKind::kContractualAdjustment:
      case domain::EntryKind::kWriteOff:
        f.adjustments = f.adjustments + m;
        break;
      case domain::EntryKind::kPatientPayment:
      case domain::EntryKind::kAllocation:
        f.patientPaid = f.patientPaid + m;
        break;
      default:
        break;
    }
  }
  return out;
}

std::vector<std::optional<domain::StatementId>> SqlStatements::insertStatements(
    const std::vector<domain::Statement>& statements, Instant now) {
  std::vector<std::optional<domain::StatementId>> out(statements.size());
  if (statements.empty()) return out;
  // Multi-row INSERTs sent together (one round trip); ON CONFLICT DO NOTHING, because a unique
  // violation would abort a PostgreSQL transaction. RETURNING says which were stored (in no
  // promised order: matched by account and cycle).
  static const std::string head = [] {
    std::string cols = "organization_id";
    for (auto c : statementTable().spec().columns) cols.append(", ").append(c);
    return "INSERT INTO statements (" + cols + ", created_at) VALUES ";
  }();
  static const std::string tuple = "(" + marks(statementTable().spec().columns.size() + 2) + ")";
  static const std::string tail =
      " ON CONFLICT (organization_id, account_id, cycle_key) DO NOTHING RETURNING id, account_id, "
      "cycle_key";
  std::vector<SqlStatement> batch;
  std::size_t at = 0;
  for (const std::size_t n : pieces(statements.size(), {128, 32, 8, 2, 1})) {
    SqlStatement st{rowsOf(head, tuple, n, tail), {}};
    st.params.reserve(n * (statementTable().spec().columns.size() + 2));
    for (std::size_t k = at; k < at + n; ++k) {
      st.params.push_back(sqlInt(statements[k].organizationId.value));
      statementTable().spec().write(st.params, statements[k]);
      st.params.push_back(sqlInt(now.micros()));
    }
    batch.push_back(std::move(st));
    at += n;
  }
  std::map<std::pair<std::int64_t, std::string>, std::size_t> index;
  for (std::size_t k = statements.size(); k-- > 0;) {
    index[{statements[k].accountId.value, statements[k].cycleKey}] = k;
  }
  for (const auto& rows : c_.queryAll(batch)) {
    for (const auto& row : rows) {
      auto it = index.find({row.i64(1), row.text(2)});
      if (it != index.end()) out[it->second] = domain::StatementId(row.i64(0));
    }
  }
  // The lines of those stored, sent with the transaction's next statement or its commit.
  struct LineRow {
    const domain::Statement* statement;
    domain::StatementId id;
    const domain::StatementLine* line;
  };
  std::vector<LineRow> lines;
  for (std::size_t k = 0; k < statements.size(); ++k) {
    if (!out[k]) continue;
    for (const auto& l : statements[k].lines) lines.push_back({&statements[k], *out[k], &l});
  }
  static const std::string linesHead =
      "INSERT INTO statement_lines (organization_id, statement_id, line_id, patient_name, "
      "date_of_service, description, charge_cents, insurance_paid_cents, adjustment_cents, "
      "patient_paid_cents, insurance_pending_cents, patient_due_cents) VALUES ";
  static const std::string lineTuple = "(" + marks(12) + ")";
  at = 0;
  for (const std::size_t n : pieces(lines.size(), {256, 64, 16, 4, 1})) {
    Params q;
    q.reserve(n * 12);
    for (std::size_t k = at; k < at + n; ++k) {
      const auto& l = *lines[k].line;
      append(q, sqlInt(lines[k].statement->organizationId.value), sqlInt(lines[k].id.value),
             sqlInt(l.lineId.value), l.patientName, l.dateOfService.toString(), l.description,
             sqlInt(l.charge.cents()), sqlInt(l.insurancePaid.cents()),
             sqlInt(l.adjustments.cents()), sqlInt(l.patientPaid.cents()),
             sqlInt(l.insurancePending.cents()), sqlInt(l.patientDue.cents()));
    }
    c_.executeLater(rowsOf(linesHead, lineTuple, n), std::move(q));
    at += n;
  }
  return out;
}

void SqlStatements::loadLines(OrganizationId org, std::vector<domain::Statement>& statements) {
  if (statements.empty()) return;
  std::map<std::int64_t, domain::Statement*> byId;
  std::string in;
  Params p;
  for (auto& s : statements) {
    byId[s.id.value] = &s;
    in += in.empty() ? "?" : ", ?";
    p.push_back(sqlInt(s.id.value));
  }
  p.push_back(sqlInt(org.value));
  const std::string sql =
      "SELECT statement_id, line_id, patient_name, date_of_service, description, charge_cents, "
      "insurance_paid_cents, adjustment_cents, patient_paid_cents, insurance_pending_cents, "
      "patient_due_cents FROM statement_lines WHERE statement_id IN (" +
      in + ") AND organization_id = ? ORDER BY statement_id, id";
  for (const auto& row : c_.query(sql, p)) {
    auto it = byId.find(row.i64(0));
    if (it == byId.end()) continue;
    domain::StatementLine l;
    l.lineId = domain::ChargeLineId(row.i64(1));
    l.patientName = row.text(2);
    l.dateOfService = Date::parse(row.text(3)).value_or(Date{});
    l.description = row.text(4);
    l.charge = Money::fromCents(row.i64(5));
    l.insurancePaid = Money::fromCents(row.i64(6));
    l.adjustments = Money::fromCents(row.i64(7));
    l.patientPaid = Money::fromCents(row.i64(8));
    l.insurancePending = Money::fromCents(row.i64(9));
    l.patientDue = Money::fromCents(row.i64(10));
    it->second->lines.push_back(std::move(l));
  }
}

std::optional<domain::Statement> SqlStatements::get(OrganizationId org, domain::StatementId id) {
  auto s = statementTable().get(c_, org, id.value);
  if (!s) return s;
  std::vector<domain::Statement> one{std::move(*s)};
  loadLines(org, one);
  return std::move(one.front());
}

Result<app::Page<domain::Statement>> SqlStatements::ofRun(OrganizationId org,
                                                          domain::StatementRunId runId,
                                                          const app::PageRequest& page) {
  const int limit = std::clamp(page.limit, 1, 10000);
  auto after = idAfter(page, "stmt");
  if (!after) return after.error();
  static const std::string sql = statementTable().select(
      "WHERE run_id = ? AND organization_id = ? AND id > ? ORDER BY id LIMIT ?");
  auto out = pageOf<domain::Statement>(
      c_.query(sql, {sqlInt(runId.value), sqlInt(org.value), sqlInt(*after), sqlInt(limit + 1)}),
      limit, "stmt", [](const Row& r) { return statementTable().decode(r); });
  loadLines(org, out.items);
  return out;
}

Result<app::Page<domain::Statement>> SqlStatements::ofAccount(OrganizationId org,
                                                              domain::GuarantorAccountId account,
                                                              const app::PageRequest& page) {
  const int limit = clampLimit(page.limit);
  auto before = idAfter(page, "stmt");
  if (!before) return before.error();
  std::string sql = statementTable().select("WHERE organization_id = ? AND account_id = ?");
  Params p{sqlInt(org.value), sqlInt(account.value)};
  andIf(sql, p, *before > 0, "id < ?", sqlInt(*before));
  sql += " ORDER BY id DESC LIMIT ?";
  p.push_back(sqlInt(limit + 1));
  return pageOf<domain::Statement>(c_.query(sql, p), limit, "stmt",
                                   [](const Row& r) { return statementTable().decode(r); });
}

}  // namespace medoffice::storage
