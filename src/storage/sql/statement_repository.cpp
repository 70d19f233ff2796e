// SPDX-License-Identifier: AGPL-3.0-or-later
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
  c_.execute(sql, {run.status, sqlInt(run.total), sqlInt(run.done), sqlInt(run.statements),
                   sqlInt(run.amountDue.cents()), sqlInt(run.lastAccountId),
                   run.finishedAt ? SqlValue(run.finishedAt->micros()) : sqlNull(),
                   sqlInt(now.micros()), sqlInt(run.id.value), sqlInt(run.organizationId.value)});
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
  static const std::string sql =
      "SELECT b.account_id, a.statement_cycle_day, b.patient_cents, b.insurance_cents, "
      "b.credit_cents FROM account_balances b JOIN guarantor_accounts a ON a.id = b.account_id "
      "WHERE b.organization_id = ? AND b.patient_cents > 0 AND b.account_id > ? AND "
      "b.patient_cents - b.credit_cents >= ? ORDER BY b.account_id LIMIT ?";
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
    out.push_back(c);
  }
  return out;
}

std::vector<std::pair<domain::GuarantorAccountId, app::StatementLineFacts>>
SqlStatements::openLines(OrganizationId org,
                         const std::vector<domain::GuarantorAccountId>& accounts) {
  std::vector<std::pair<domain::GuarantorAccountId, app::StatementLineFacts>> out;
  if (accounts.empty()) return out;
  std::string in;
  Params p;
  for (const auto& a : accounts) {
    in += in.empty() ? "?" : ", ?";
    p.push_back(sqlInt(a.value));
  }
  p.push_back(sqlInt(org.value));
  const std::string lines =
      "SELECT account_id, id, patient_id, date_of_service, code, modifiers, charge_cents, "
      "owed_primary_cents + owed_secondary_cents + owed_tertiary_cents, owed_patient_cents FROM "
      "charge_lines WHERE account_id IN (" +
      in +
      ") AND owed_primary_cents + owed_secondary_cents + owed_tertiary_cents + owed_patient_cents "
      "> 0 AND organization_id = ? ORDER BY account_id, date_of_service, id";
  std::map<std::int64_t, std::size_t> byLine;
  for (const auto& row : c_.query(lines, p)) {
    app::StatementLineFacts f;
    f.lineId = domain::ChargeLineId(row.i64(1));
    f.patientId = domain::PatientId(row.i64(2));
    f.dateOfService = Date::parse(row.text(3)).value_or(Date{});
    f.code = row.text(4);
    f.modifiers = row.text(5);
    f.charge = Money::fromCents(row.i64(6));
    f.insuranceOwed = Money::fromCents(row.i64(7));
    f.patientOwed = Money::fromCents(row.i64(8));
    byLine[f.lineId.value] = out.size();
    out.emplace_back(domain::GuarantorAccountId(row.i64(0)), f);
  }
  if (out.empty()) return out;
  // What happened to each line: payments and adjustments, reversals netted.
  std::string ids;
  Params q;
  for (const auto& [line, index] : byLine) {
    ids += ids.empty() ? "?" : ", ?";
    q.push_back(sqlInt(line));
  }
  q.push_back(sqlInt(org.value));
  const std::string entries =
      "SELECT e.line_id, e.kind, r.kind, e.amount_cents FROM ledger_entries e LEFT JOIN "
      "ledger_entries r ON r.id = e.reverses WHERE e.line_id IN (" +
      ids + ") AND e.organization_id = ?";
  for (const auto& row : c_.query(entries, q)) {
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

std::optional<domain::StatementId> SqlStatements::insertStatement(const domain::Statement& s,
                                                                  Instant now) {
  // ON CONFLICT DO NOTHING: a unique violation would abort a PostgreSQL transaction.
  static const std::string sql = [] {
    std::string cols = "organization_id";
    std::string marks = "?";
    for (auto c : statementTable().spec().columns) {
      cols.append(", ").append(c);
      marks += ", ?";
    }
    return "INSERT INTO statements (" + cols + ", created_at) VALUES (" + marks +
           ", ?) ON CONFLICT (organization_id, account_id, cycle_key) DO NOTHING RETURNING id";
  }();
  Params p{sqlInt(s.organizationId.value)};
  statementTable().spec().write(p, s);
  p.push_back(sqlInt(now.micros()));
  auto rows = c_.query(sql, p);
  if (rows.empty()) return std::nullopt;
  const domain::StatementId id(rows[0].i64(0));
  if (s.lines.empty()) return id;
  std::string lines =
      "INSERT INTO statement_lines (organization_id, statement_id, line_id, patient_name, "
      "date_of_service, description, charge_cents, insurance_paid_cents, adjustment_cents, "
      "patient_paid_cents, insurance_pending_cents, patient_due_cents) VALUES ";
  Params q;
  q.reserve(s.lines.size() * 12);
  for (std::size_t k = 0; k < s.lines.size(); ++k) {
    const auto& l = s.lines[k];
    lines +=
        k == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    append(q, sqlInt(s.organizationId.value), sqlInt(id.value), sqlInt(l.lineId.value),
           l.patientName, l.dateOfService.toString(), l.description, sqlInt(l.charge.cents()),
           sqlInt(l.insurancePaid.cents()), sqlInt(l.adjustments.cents()),
           sqlInt(l.patientPaid.cents()), sqlInt(l.insurancePending.cents()),
           sqlInt(l.patientDue.cents()));
  }
  c_.execute(lines, q);
  return id;
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
