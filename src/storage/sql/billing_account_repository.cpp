// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/billing_account_repository.hpp"

#include <algorithm>
#include <tuple>

#include "storage/sql/patient_repository.hpp"

namespace medoffice::storage {

using domain::GuarantorAccountId;
using domain::Instant;
using domain::OrganizationId;

const Table<domain::GuarantorAccount>& accountTable() {
  static const Table<domain::GuarantorAccount> table({
      .table = "guarantor_accounts",
      .noun = "account",
      .cursorKind = "acct",
      .columns = {"family_name", "given_name", "family_key", "given_key", "birth_date", "phone",
                  "addr_line1", "addr_line2", "addr_city", "addr_state", "addr_postal_code",
                  "guarantor_patient_id", "statement_cycle_day", "active"},
      .read =
          [](Reader& r, domain::GuarantorAccount& a) {
            a.familyName = r.text();
            a.givenName = r.text();
            r.skip(2);  // the search keys
            a.birthDate = r.date();
            a.phone = r.text();
            a.address = r.address();
            a.guarantorPatientId = r.id<domain::PatientId>();
            if (r.isNull()) {
              r.skip();
            } else {
              a.statementCycleDay = r.i32();
            }
            a.active = r.boolean();
          },
      .write =
          [](Params& p, const domain::GuarantorAccount& a) {
            append(p, a.familyName, a.givenName, domain::nameSearchKey(a.familyName),
                   domain::nameSearchKey(a.givenName), dateOrNull(a.birthDate), a.phone);
            addAddress(p, a.address);
            append(p, optionalId(a.guarantorPatientId.value),
                   a.statementCycleDay ? SqlValue(std::int64_t{*a.statementCycleDay}) : sqlNull(),
                   sqlBool(a.active));
          },
  });
  return table;
}

Result<domain::GuarantorAccount> SqlAccounts::insert(const domain::GuarantorAccount& a,
                                                     Instant now) {
  auto stored = accountTable().insert(c_, a, now);
  if (!stored) return stored.error();
  c_.executeLater("INSERT INTO account_balances (account_id, organization_id) VALUES (?, ?)",
                  {sqlInt(stored->id.value), sqlInt(stored->organizationId.value)});
  return stored;
}

Result<domain::GuarantorAccount> SqlAccounts::update(const domain::GuarantorAccount& a,
                                                     std::int64_t expectedVersion, Instant now) {
  return accountTable().update(c_, a, expectedVersion, now);
}

std::optional<domain::GuarantorAccount> SqlAccounts::get(OrganizationId org,
                                                         GuarantorAccountId id) {
  return accountTable().get(c_, org, id.value);
}

Result<app::Page<domain::GuarantorAccount>> SqlAccounts::list(OrganizationId org,
                                                              const std::string& nameQuery,
                                                              const app::PageRequest& page) {
  const int limit = clampLimit(page.limit);
  auto after = idAfter(page, "acct");
  if (!after) return after.error();
  std::string sql = accountTable().select("WHERE organization_id = ? AND id > ?");
  Params p{sqlInt(org.value), sqlInt(*after)};
  const std::string key = domain::nameSearchKey(nameQuery);
  if (!key.empty()) {
    std::string upper = key;
    upper.back() = static_cast<char>(upper.back() + 1);
    sql += " AND family_key >= ? AND family_key < ?";
    append(p, key, upper);
  }
  if (!page.includeInactive) sql += " AND active = 1";
  sql += " ORDER BY id LIMIT ?";
  p.push_back(sqlInt(limit + 1));
  return pageOf<domain::GuarantorAccount>(c_.query(sql, p), limit, "acct",
                                          [](const Row& r) { return accountTable().decode(r); });
}

std::optional<domain::GuarantorAccount> SqlAccounts::ofGuarantorPatient(OrganizationId org,
                                                                        domain::PatientId p) {
  static const std::string sql =
      accountTable().select("WHERE organization_id = ? AND guarantor_patient_id = ?");
  auto found = accountTable().query(c_, sql, {sqlInt(org.value), sqlInt(p.value)});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<domain::GuarantorAccount> SqlAccounts::bornOn(OrganizationId org, domain::Date d) {
  static const std::string sql = accountTable().select(
      "WHERE organization_id = ? AND birth_date = ? AND guarantor_patient_id IS NULL ORDER BY id "
      "LIMIT 200");
  return accountTable().query(c_, sql, {sqlInt(org.value), d.toString()});
}

app::AccountBalance SqlAccounts::balance(OrganizationId org, GuarantorAccountId id) {
  auto rows = c_.query(
      "SELECT insurance_cents, patient_cents, credit_cents, entry_count, last_entry_at FROM "
      "account_balances WHERE account_id = ? AND organization_id = ?",
      {sqlInt(id.value), sqlInt(org.value)});
  app::AccountBalance b;
  b.accountId = id;
  if (rows.empty()) return b;
  Reader r(rows[0]);
  b.insurance = domain::Money::fromCents(r.i64());
  b.patient = domain::Money::fromCents(r.i64());
  b.credit = domain::Money::fromCents(r.i64());
  b.entries = r.i64();
  b.lastEntryAt = r.optionalInstant();
  return b;
}

domain::GuarantorAccountId SqlAccounts::lockPatient(OrganizationId org, domain::PatientId patient) {
  // A no-op update takes the patient's row lock (PostgreSQL) until the transaction ends, so
  // that two first postings for one patient open one account; SQLite has one writer anyway.
  auto rows = c_.query(
      "UPDATE patients SET account_id = account_id WHERE id = ? AND organization_id = ? "
      "RETURNING account_id",
      {sqlInt(patient.value), sqlInt(org.value)});
  if (rows.empty()) return {};
  return GuarantorAccountId(rows[0].i64(0));
}

bool SqlAccounts::lock(OrganizationId org, GuarantorAccountId account) {
  // A no-op update takes the row lock (PostgreSQL); SQLite has one writer anyway.
  return c_.execute(
             "UPDATE account_balances SET entry_count = entry_count WHERE account_id = ? AND "
             "organization_id = ?",
             {sqlInt(account.value), sqlInt(org.value)}) > 0;
}

bool SqlAccounts::linkPatient(OrganizationId org, domain::PatientId patient,
                              GuarantorAccountId account, bool onlyIfUnlinked) {
  std::string sql = "UPDATE patients SET account_id = ? WHERE id = ? AND organization_id = ?";
  if (onlyIfUnlinked) sql += " AND account_id IS NULL";
  return c_.execute(sql, {sqlInt(account.value), sqlInt(patient.value), sqlInt(org.value)}) > 0;
}

std::vector<domain::Patient> SqlAccounts::members(OrganizationId org, GuarantorAccountId account) {
  // Sorted here: an ORDER BY on the name would lead SQLite to the practice's name index.
  static const std::string sql =
      patientTable().select("WHERE account_id = ? AND organization_id = ? LIMIT 200");
  auto out = patientTable().query(c_, sql, {sqlInt(account.value), sqlInt(org.value)});
  std::sort(out.begin(), out.end(), [](const domain::Patient& a, const domain::Patient& b) {
    return std::tie(a.familyName, a.givenName, a.id.value) <
           std::tie(b.familyName, b.givenName, b.id.value);
  });
  return out;
}

std::vector<domain::Patient> SqlAccounts::unlinkedPatients(std::int64_t afterId, int limit) {
  static const std::string sql =
      patientTable().select("WHERE account_id IS NULL AND id > ? ORDER BY id LIMIT ?");
  return patientTable().query(c_, sql, {sqlInt(afterId), sqlInt(limit)});
}

}  // namespace medoffice::storage
