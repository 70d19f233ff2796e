// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/reports/report_tables.hpp"

#include "codecs/reports/report_pdf.hpp"

namespace medoffice::codecs {

namespace bill = app::billing;
using tabular::Cell;
using tabular::Column;
using tabular::ColumnType;
using tabular::Table;

namespace {

// emplace_back with the alternative named: pushing a temporary variant makes GCC 12 warn
// (-Wmaybe-uninitialized, a false positive about the string alternative).
void addCents(std::vector<Cell>& row, domain::Money m) {
  row.emplace_back(std::in_place_type<std::int64_t>, m.cents());
}

void agingCells(std::vector<Cell>& row, const domain::Aging& a) {
  for (const auto& b : a.buckets) addCents(row, b);
  addCents(row, a.total());
}

void agingColumns(std::vector<Column>& cols) {
  for (std::size_t k = 0; k < domain::kAgingBuckets; ++k) {
    const auto b = static_cast<domain::AgingBucket>(k);
    cols.push_back({std::string(domain::bucketKey(b)), std::string(domain::bucketTitle(b)),
                    ColumnType::kCents});
  }
  cols.push_back({"total", "Total", ColumnType::kCents});
}

std::vector<Column> moneyColumns() {
  return {{"charges", "Charges", ColumnType::kCents},
          {"insurance_payments", "Insurance payments", ColumnType::kCents},
          {"patient_payments", "Patient payments", ColumnType::kCents},
          {"contractual_adjustments", "Contractual adjustments", ColumnType::kCents},
          {"write_offs", "Write-offs", ColumnType::kCents},
          {"refunds", "Refunds", ColumnType::kCents},
          {"transfers", "Transfers", ColumnType::kCents},
          {"entries", "Entries", ColumnType::kInteger}};
}

void moneyCells(std::vector<Cell>& row, const bill::MoneyTotals& t) {
  for (auto m : {t.charges, t.insurancePayments, t.patientPayments, t.contractualAdjustments,
                 t.writeOffs, t.refunds, t.transfers}) {
    addCents(row, m);
  }
  row.emplace_back(std::in_place_type<std::int64_t>, t.entries);
}

}  // namespace

std::vector<Table> reportTables(const bill::AgingReport& r) {
  Table t;
  t.sheetName = "AR aging";
  t.title = "Accounts receivable aging as of " + r.asOf.toString();
  if (r.by == bill::AgingBy::kAccount) {
    t.columns = {{"account_id", "Account", ColumnType::kInteger},
                 {"account", "Guarantor", ColumnType::kText},
                 {"insurance", "Insurance", ColumnType::kCents},
                 {"patient", "Patient", ColumnType::kCents}};
  } else {
    t.columns = {{"payer_id", "Payer id", ColumnType::kInteger},
                 {"payer", "Payer", ColumnType::kText}};
  }
  agingColumns(t.columns);
  for (const auto& row : r.rows) {
    std::vector<Cell> cells{row.id, row.name};
    if (r.by == bill::AgingBy::kAccount) {
      addCents(cells, row.insurance);
      addCents(cells, row.patient);
    }
    agingCells(cells, row.aging);
    t.rows.push_back(std::move(cells));
  }
  std::vector<Cell> total{std::monostate{}, std::string("Total")};
  if (r.by == bill::AgingBy::kAccount) {
    total.emplace_back(std::monostate{});
    total.emplace_back(std::monostate{});
  }
  agingCells(total, r.total);
  t.rows.push_back(std::move(total));
  return {std::move(t)};
}

std::vector<Table> reportTables(const bill::DaySheet& d) {
  Table t;
  t.sheetName = "Day sheet";
  t.title = "Day sheet for " + d.date.toString();
  t.columns = {{"group", "Group", ColumnType::kText}, {"name", "Name", ColumnType::kText}};
  auto money = moneyColumns();
  t.columns.insert(t.columns.end(), money.begin(), money.end());
  auto add = [&](const char* group, const std::string& name, const bill::MoneyTotals& m) {
    std::vector<Cell> row{std::string(group), name};
    moneyCells(row, m);
    t.rows.push_back(std::move(row));
  };
  for (const auto& p : d.byProvider) add("provider", p.name, p.totals);
  for (const auto& l : d.byLocation) add("location", l.name, l.totals);
  add("total", "All", d.totals);
  Table deposits;
  deposits.sheetName = "Deposits";
  deposits.title = "Deposits for " + d.date.toString();
  deposits.columns = {{"method", "Method", ColumnType::kText},
                      {"amount", "Amount", ColumnType::kCents},
                      {"count", "Entries", ColumnType::kInteger}};
  for (const auto& dep : d.deposits)
    deposits.rows.push_back({dep.method, dep.amount.cents(), dep.count});
  deposits.rows.push_back({std::string("Total"), d.depositTotal.cents(), std::monostate{}});
  return {std::move(t), std::move(deposits)};
}

std::vector<Table> reportTables(const bill::Collections& c) {
  Table t;
  t.sheetName = "Collections";
  t.title = "Collections by payer, " + c.from.toString() + " to " + c.to.toString();
  t.columns = {{"payer_id", "Payer id", ColumnType::kInteger},
               {"payer", "Payer", ColumnType::kText}};
  auto money = moneyColumns();
  t.columns.insert(t.columns.end(), money.begin() + 1, money.end());  // no charges
  auto add = [&](Cell id, const std::string& name, const bill::MoneyTotals& m) {
    std::vector<Cell> row{std::move(id), name};
    for (auto v : {m.insurancePayments, m.patientPayments, m.contractualAdjustments, m.writeOffs,
                   m.refunds, m.transfers}) {
      addCents(row, v);
    }
    row.emplace_back(std::in_place_type<std::int64_t>, m.entries);
    t.rows.push_back(std::move(row));
  };
  for (const auto& p : c.byPayer) add(p.id, p.name, p.totals);
  add(std::monostate{}, "Total", c.totals);
  return {std::move(t)};
}

std::vector<Table> reportTables(const bill::AccountLedger& l) {
  Table t;
  t.sheetName = "Account ledger";
  t.title = "Ledger of account " + std::to_string(l.account.id.value) + " (" +
            l.account.displayName() + ")";
  t.columns = {
      {"entry_id", "Entry", ColumnType::kInteger}, {"posted_on", "Posted (UTC)", ColumnType::kDate},
      {"kind", "Kind", ColumnType::kText},         {"line_id", "Line", ColumnType::kInteger},
      {"amount", "Amount", ColumnType::kCents},    {"change", "Change", ColumnType::kCents},
      {"balance", "Balance", ColumnType::kCents},  {"reason", "Reason", ColumnType::kText}};
  for (const auto& line : l.lines) {
    const auto& e = line.entry;
    t.rows.push_back({e.id.value, e.postedAt.utcDate().toString(),
                      std::string(domain::toString(e.kind)),
                      e.lineId.valid() ? Cell(e.lineId.value) : Cell(std::monostate{}),
                      e.amount.cents(), line.change.cents(), line.balance.cents(), e.reason});
  }
  return {std::move(t)};
}

/// The vendor CSV of statements: one row per statement, with the mailing address, the figures
/// and the PDF's file name.
tabular::Table statementVendorTable(const std::vector<domain::Statement>& statements) {
  using tabular::ColumnType;
  tabular::Table t;
  t.sheetName = "Statements";
  t.title = "Statements for mailing";
  t.columns = {{"statement_number", "Statement number", ColumnType::kText},
               {"account_number", "Account number", ColumnType::kText},
               {"guarantor", "Guarantor", ColumnType::kText},
               {"address_1", "Address 1", ColumnType::kText},
               {"address_2", "Address 2", ColumnType::kText},
               {"address_3", "Address 3", ColumnType::kText},
               {"statement_date", "Statement date", ColumnType::kDate},
               {"due_date", "Due date", ColumnType::kDate},
               {"amount_due", "Amount due", ColumnType::kCents},
               {"insurance_pending", "Insurance pending", ColumnType::kCents},
               {"days_0_30", "0-30", ColumnType::kCents},
               {"days_31_60", "31-60", ColumnType::kCents},
               {"days_61_90", "61-90", ColumnType::kCents},
               {"days_91_120", "91-120", ColumnType::kCents},
               {"days_120_plus", "120+", ColumnType::kCents},
               {"message", "Message", ColumnType::kText},
               {"pdf", "PDF file", ColumnType::kText}};
  for (const auto& s : statements) {
    std::vector<tabular::Cell> row{s.statementNumber, accountNumber(s.accountId), s.guarantorName};
    for (std::size_t k = 0; k < 3; ++k) {
      row.emplace_back(k < s.guarantorAddress.size() ? s.guarantorAddress[k] : std::string());
    }
    row.emplace_back(s.statementDate.toString());
    row.emplace_back(s.dueDate.toString());
    row.emplace_back(s.amountDue.cents());
    row.emplace_back(s.insurancePending.cents());
    for (const auto& b : s.aging.buckets) row.emplace_back(b.cents());
    row.emplace_back(s.message);
    row.emplace_back(s.statementNumber + ".pdf");
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace medoffice::codecs
