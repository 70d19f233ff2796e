// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/billing_ledger_repository.hpp"

#include "storage/sql/billing_encounter_repository.hpp"
#include "storage/sql/payment_repository.hpp"

namespace medoffice::storage {

using domain::Instant;
using domain::LedgerEntry;
using domain::OrganizationId;
using domain::Responsibility;

namespace {

SqlValue placeOrNull(const std::optional<Responsibility>& r) {
  if (!r) return sqlNull();
  return std::string(domain::toString(*r));
}

std::optional<Responsibility> place(Reader& r) {
  if (r.isNull()) {
    r.skip();
    return std::nullopt;
  }
  return domain::parseResponsibility(r.text());
}

constexpr std::size_t kPrimary = 0, kSecondary = 1, kTertiary = 2, kPatient = 3;

/// The insurance place whose payer the reports count an entry under: the one it moves money
/// from, else the one it moves money to (unset: none).
std::optional<Responsibility> payerPlace(const LedgerEntry& e) {
  if (e.from && domain::isInsurance(*e.from)) return e.from;
  if (e.to && domain::isInsurance(*e.to)) return e.to;
  return std::nullopt;
}

/// `INSERT INTO ledger_entries (<columns>, organization_id, created_at, provider_id, location_id,
/// payer_id) VALUES (<placeholders>, <dimensions>)`: the three report columns of migration 0010
/// computed by `dimensions` in the same statement.
std::string insertWith(const std::string& dimensions) {
  std::string sql = "INSERT INTO ledger_entries (";
  std::string marks;
  for (auto col : ledgerEntryTable().spec().columns) {
    sql.append(col).append(", ");
    marks += "?, ";
  }
  return sql + "organization_id, created_at, provider_id, location_id, payer_id) VALUES (" + marks +
         "?, ?, " + dimensions + ")";
}

}  // namespace

const Table<LedgerEntry>& ledgerEntryTable() {
  static const Table<LedgerEntry> table({
      .table = "ledger_entries",
      .noun = "ledger entry",
      .cursorKind = "led",
      .columns = {"account_id", "patient_id", "encounter_id", "line_id", "kind", "amount_cents",
                  "from_place", "to_place", "payment_id", "claim_id", "reverses", "reason",
                  "d_primary", "d_secondary", "d_tertiary", "d_patient", "d_credit", "posted_by",
                  "posted_at"},
      .read =
          [](Reader& r, LedgerEntry& e) {
            e.accountId = r.id<domain::GuarantorAccountId>();
            e.patientId = r.id<domain::PatientId>();
            e.encounterId = r.id<domain::EncounterId>();
            e.lineId = r.id<domain::ChargeLineId>();
            e.kind = domain::parseEntryKind(r.text()).value_or(domain::EntryKind::kCharge);
            e.amount = domain::Money::fromCents(r.i64());
            e.from = place(r);
            e.to = place(r);
            e.paymentId = r.id<domain::PaymentId>();
            e.claimId = r.id<domain::ClaimId>();
            e.reverses = r.id<domain::LedgerEntryId>();
            e.reason = r.text();
            e.effect.lineId = e.lineId;
            for (auto& d : e.effect.lineDelta) d = domain::Money::fromCents(r.i64());
            e.effect.creditDelta = domain::Money::fromCents(r.i64());
            e.postedBy = r.i64();
            e.postedAt = r.instant();
          },
      .write =
          [](Params& p, const LedgerEntry& e) {
            const auto& d = e.effect.lineDelta;
            append(p, sqlInt(e.accountId.value), sqlInt(e.patientId.value),
                   optionalId(e.encounterId.value), optionalId(e.lineId.value),
                   std::string(domain::toString(e.kind)), sqlInt(e.amount.cents()),
                   placeOrNull(e.from), placeOrNull(e.to), optionalId(e.paymentId.value),
                   optionalId(e.claimId.value), optionalId(e.reverses.value), e.reason,
                   sqlInt(d[kPrimary].cents()), sqlInt(d[kSecondary].cents()),
                   sqlInt(d[kTertiary].cents()), sqlInt(d[kPatient].cents()),
                   sqlInt(e.effect.creditDelta.cents()), sqlInt(e.postedBy),
                   sqlInt(e.postedAt.micros()));
          },
      .versioning = Versioning::kInsertOnly,
  });
  return table;
}

Result<LedgerEntry> SqlLedger::post(const LedgerEntry& e) {
  const auto& d = e.effect.lineDelta;
  const std::int64_t org = e.organizationId.value;
  bool lineMoves = false;
  for (const auto& m : d) lineMoves = lineMoves || m.cents() != 0;
  {
    // The account's row first: every posting to an account takes its lock before any line's,
    // so that a transaction posting to several lines and one posting to one of them wait for
    // each other instead of deadlocking.
    static const std::string sql =
        "UPDATE account_balances SET insurance_cents = insurance_cents + ?, patient_cents = "
        "patient_cents + ?, credit_cents = credit_cents + ?, entry_count = entry_count + 1, "
        "last_entry_at = ? WHERE account_id = ? AND organization_id = ? AND insurance_cents + ? "
        ">= 0 AND patient_cents + ? >= 0 AND credit_cents + ? >= 0";
    const std::int64_t insurance = (d[kPrimary] + d[kSecondary] + d[kTertiary]).cents();
    const std::int64_t patient = d[kPatient].cents();
    const std::int64_t credit = e.effect.creditDelta.cents();
    if (c_.execute(sql, {sqlInt(insurance), sqlInt(patient), sqlInt(credit),
                         sqlInt(e.postedAt.micros()), sqlInt(e.accountId.value), sqlInt(org),
                         sqlInt(insurance), sqlInt(patient), sqlInt(credit)}) == 0) {
      // The account owes the sums of its lines' places: less there means less on the line.
      return domain::Error::invalidField("amount_cents",
                                         credit < 0 ? "is more than the credit held on the account"
                                                    : "is more than the line owes in that place");
    }
  }
  if (e.effect.lineId.valid() && lineMoves) {
    // The line's places move together, none below zero; a line still being coded takes nothing.
    static const std::string sql =
        "UPDATE charge_lines SET owed_primary_cents = owed_primary_cents + ?, "
        "owed_secondary_cents = owed_secondary_cents + ?, owed_tertiary_cents = "
        "owed_tertiary_cents + ?, owed_patient_cents = owed_patient_cents + ? WHERE id = ? AND "
        "organization_id = ? AND account_id = ? AND status <> 'open' AND owed_primary_cents + ? >= "
        "0 AND owed_secondary_cents + ? >= 0 AND owed_tertiary_cents + ? >= 0 AND "
        "owed_patient_cents + ? >= 0";
    Params p;
    for (const auto& m : d) p.push_back(sqlInt(m.cents()));
    append(p, sqlInt(e.effect.lineId.value), sqlInt(org), sqlInt(e.accountId.value));
    for (const auto& m : d) p.push_back(sqlInt(m.cents()));
    if (c_.execute(sql, p) == 0) {
      return domain::Error::invalidField(
          "amount_cents", "is more than the line owes in that place (or the line is not posted)");
    }
  }
  if (e.paymentId.valid() && e.effect.creditDelta.cents() != 0) {
    static const std::string sql =
        "UPDATE payments SET unallocated_cents = unallocated_cents + ? WHERE id = ? AND "
        "organization_id = ? AND account_id = ? AND unallocated_cents + ? >= 0";
    const std::int64_t credit = e.effect.creditDelta.cents();
    if (c_.execute(sql, {sqlInt(credit), sqlInt(e.paymentId.value), sqlInt(org),
                         sqlInt(e.accountId.value), sqlInt(credit)}) == 0) {
      return domain::Error::invalidField(
          "amount_cents",
          "is more than the payment has left unallocated (or it is another account's)");
    }
  }
  // The provider, location and payer the day sheet and collections count the entry under, read
  // by the INSERT itself (no round trip of its own): the line's rendering provider else the
  // encounter's, the payment's location else the encounter's, the line's payer of its insurance
  // place; a reversal takes those of the entry it reverses.
  static const std::string posting = insertWith(
      "COALESCE((SELECT rendering_provider_id FROM charge_lines WHERE id = ?), (SELECT "
      "provider_id FROM encounters WHERE id = ?)), COALESCE((SELECT location_id FROM payments "
      "WHERE id = ?), (SELECT location_id FROM encounters WHERE id = ?)), (SELECT CASE CAST(? AS "
      "INTEGER) WHEN 0 THEN primary_payer_id WHEN 1 THEN secondary_payer_id WHEN 2 THEN "
      "tertiary_payer_id END FROM charge_lines WHERE id = ?)");
  static const std::string reversal = insertWith(
      "(SELECT provider_id FROM ledger_entries WHERE id = ?), (SELECT location_id FROM "
      "ledger_entries WHERE id = ?), (SELECT payer_id FROM ledger_entries WHERE id = ?)");
  Params p;
  p.reserve(ledgerEntryTable().spec().columns.size() + 8);
  ledgerEntryTable().spec().write(p, e);
  append(p, sqlInt(org), sqlInt(e.postedAt.micros()));
  const bool reverses = e.reverses.valid();
  if (reverses) {
    append(p, sqlInt(e.reverses.value), sqlInt(e.reverses.value), sqlInt(e.reverses.value));
  } else {
    const auto place = payerPlace(e);
    append(p, optionalId(e.lineId.value), optionalId(e.encounterId.value),
           optionalId(e.paymentId.value), optionalId(e.encounterId.value),
           place ? SqlValue(static_cast<std::int64_t>(*place)) : sqlNull(),
           optionalId(e.lineId.value));
  }
  // The unique indexes refuse a second reversal of one entry and a second posting of one payment.
  auto id = uniqueGuarded(ledgerEntryTable().spec().noun,
                          [&] { return c_.insertId(reverses ? reversal : posting, p); });
  if (!id) return id.error();
  LedgerEntry stored = e;
  stored.id = domain::LedgerEntryId(*id);
  return stored;
}

std::vector<LedgerEntry> SqlLedger::postCharges(const domain::Encounter& e, Responsibility to,
                                                std::int64_t byUser, Instant now) {
  static const std::array<std::string, domain::kResponsibilities> post = [] {
    std::array<std::string, domain::kResponsibilities> out;
    const char* cols[] = {"owed_primary_cents", "owed_secondary_cents", "owed_tertiary_cents",
                          "owed_patient_cents"};
    for (std::size_t k = 0; k < out.size(); ++k) {
      out[k] = std::string("UPDATE charge_lines SET status = 'posted', ") + cols[k] +
               " = charge_cents, primary_payer_id = ?, secondary_payer_id = ?, tertiary_payer_id "
               "= ? WHERE encounter_id = ? AND organization_id = ? AND status = 'open' RETURNING "
               "id, charge_cents, rendering_provider_id";
    }
    return out;
  }();
  const auto slot = static_cast<std::size_t>(to);
  // The lines keep the payers billed, for AR by payer.
  Rows posted = c_.query(post[slot], {optionalId(e.payers[0].value), optionalId(e.payers[1].value),
                                      optionalId(e.payers[2].value), sqlInt(e.id.value),
                                      sqlInt(e.organizationId.value)});
  std::vector<LedgerEntry> out;
  if (posted.empty()) return out;
  out.reserve(posted.size());
  std::vector<std::int64_t> providers;  // what the reports count each charge under (0010)
  providers.reserve(posted.size());
  domain::Money total;
  for (const auto& row : posted) {
    providers.push_back(row.isNull(2) ? e.providerId.value : row.i64(2));
    LedgerEntry entry;
    entry.organizationId = e.organizationId;
    entry.accountId = e.accountId;
    entry.patientId = e.patientId;
    entry.encounterId = e.id;
    entry.lineId = domain::ChargeLineId(row.i64(0));
    entry.kind = domain::EntryKind::kCharge;
    entry.amount = domain::Money::fromCents(row.i64(1));
    entry.to = to;
    entry.postedBy = byUser;
    entry.postedAt = now;
    entry.effect = domain::effectOf(entry);
    total = total + entry.amount;
    out.push_back(std::move(entry));
  }
  // One statement for all the entries; RETURNING pairs each new id with its line (row order is
  // not promised).
  const auto& table = ledgerEntryTable();
  std::string sql = "INSERT INTO ledger_entries (";
  for (auto col : table.spec().columns) sql.append(col).append(", ");
  sql += "organization_id, created_at, provider_id, location_id, payer_id) VALUES ";
  Params p;
  const std::size_t width = table.spec().columns.size() + 5;
  p.reserve(out.size() * width);
  // The line's payer of the place charged is the encounter's (set on the lines just above).
  const SqlValue payer =
      domain::isInsurance(to) ? optionalId(e.payers[slot].value) : SqlValue(sqlNull());
  for (std::size_t k = 0; k < out.size(); ++k) {
    sql += k == 0 ? "(" : ", (";
    for (std::size_t c = 0; c < width; ++c) sql += c == 0 ? "?" : ", ?";
    sql += ")";
    table.spec().write(p, out[k]);
    append(p, sqlInt(e.organizationId.value), sqlInt(now.micros()), optionalId(providers[k]),
           optionalId(e.locationId.value), payer);
  }
  sql += " RETURNING id, line_id";
  for (const auto& row : c_.query(sql, p)) {
    for (auto& entry : out) {
      if (entry.lineId.value == row.i64(1)) entry.id = domain::LedgerEntryId(row.i64(0));
    }
  }
  const bool insurance = domain::isInsurance(to);
  c_.execute(
      "UPDATE account_balances SET insurance_cents = insurance_cents + ?, patient_cents = "
      "patient_cents + ?, entry_count = entry_count + ?, last_entry_at = ? WHERE account_id = ? "
      "AND organization_id = ?",
      {sqlInt(insurance ? total.cents() : 0), sqlInt(insurance ? 0 : total.cents()),
       sqlInt(static_cast<std::int64_t>(out.size())), sqlInt(now.micros()),
       sqlInt(e.accountId.value), sqlInt(e.organizationId.value)});
  return out;
}

std::optional<LedgerEntry> SqlLedger::get(OrganizationId org, domain::LedgerEntryId id) {
  return ledgerEntryTable().get(c_, org, id.value);
}

bool SqlLedger::isReversed(OrganizationId org, domain::LedgerEntryId id) {
  return !c_.query("SELECT 1 FROM ledger_entries WHERE reverses = ? AND organization_id = ?",
                   {sqlInt(id.value), sqlInt(org.value)})
              .empty();
}

Result<app::Page<LedgerEntry>> SqlLedger::entries(OrganizationId org,
                                                  domain::GuarantorAccountId account,
                                                  domain::PatientId patient,
                                                  const app::PageRequest& page) {
  const int limit = clampLimit(page.limit);
  auto before = idAfter(page, "led");
  if (!before) return before.error();
  std::string sql = ledgerEntryTable().select("WHERE organization_id = ?");
  Params p{sqlInt(org.value)};
  andId(sql, p, "account_id = ?", account);
  andId(sql, p, "patient_id = ?", patient);
  andIf(sql, p, *before > 0, "id < ?", sqlInt(*before));
  sql += " ORDER BY id DESC LIMIT ?";
  p.push_back(sqlInt(limit + 1));
  return pageOf<LedgerEntry>(c_.query(sql, p), limit, "led",
                             [](const Row& r) { return ledgerEntryTable().decode(r); });
}

std::vector<LedgerEntry> SqlLedger::ofLine(OrganizationId org, domain::ChargeLineId line) {
  static const std::string sql =
      ledgerEntryTable().select("WHERE line_id = ? AND organization_id = ? ORDER BY id");
  return ledgerEntryTable().query(c_, sql, {sqlInt(line.value), sqlInt(org.value)});
}

std::vector<LedgerEntry> SqlLedger::ofPayment(OrganizationId org, domain::PaymentId payment) {
  static const std::string sql =
      ledgerEntryTable().select("WHERE payment_id = ? AND organization_id = ? ORDER BY id");
  return ledgerEntryTable().query(c_, sql, {sqlInt(payment.value), sqlInt(org.value)});
}

std::optional<app::LedgerLine> SqlLedger::line(OrganizationId org, domain::ChargeLineId id) {
  auto l = chargeLineTable().get(c_, org, id.value);
  if (l) l->line.id = l->id;
  return l;
}

std::vector<app::LedgerLine> SqlLedger::patientOwedLines(OrganizationId org,
                                                         domain::GuarantorAccountId account,
                                                         int limit) {
  static const std::string sql = chargeLineTable().select(
      "WHERE account_id = ? AND owed_patient_cents > 0 AND organization_id = ? ORDER BY "
      "date_of_service, id LIMIT ?");
  auto lines = chargeLineTable().query(
      c_, sql, {sqlInt(account.value), sqlInt(org.value), sqlInt(std::clamp(limit, 1, 10000))});
  for (auto& l : lines) l.line.id = l.id;
  return lines;
}

std::vector<domain::Payment> SqlLedger::paymentsWithCredit(OrganizationId org,
                                                           domain::GuarantorAccountId account) {
  static const std::string sql = paymentTable().select(
      "WHERE account_id = ? AND unallocated_cents > 0 AND organization_id = ? ORDER BY "
      "received_at, id LIMIT 1000");
  return paymentTable().query(c_, sql, {sqlInt(account.value), sqlInt(org.value)});
}

domain::LineBalance SqlLedger::patientBalance(OrganizationId org, domain::PatientId patient) {
  auto rows = c_.query(
      "SELECT COALESCE(SUM(owed_primary_cents), 0), COALESCE(SUM(owed_secondary_cents), 0), "
      "COALESCE(SUM(owed_tertiary_cents), 0), COALESCE(SUM(owed_patient_cents), 0) FROM "
      "charge_lines WHERE organization_id = ? AND patient_id = ? AND status <> 'open'",
      {sqlInt(org.value), sqlInt(patient.value)});
  domain::LineBalance b;
  if (rows.empty()) return b;
  for (std::size_t k = 0; k < domain::kResponsibilities; ++k) {
    b.owed[k] = domain::Money::fromCents(rows[0].i64(k));
  }
  return b;
}

bool SqlLedger::markPaymentPosted(OrganizationId org, domain::PaymentId payment,
                                  domain::GuarantorAccountId account) {
  return c_.execute(
             "UPDATE payments SET posted = 1, account_id = ? WHERE id = ? AND organization_id = ? "
             "AND posted = 0",
             {sqlInt(account.value), sqlInt(payment.value), sqlInt(org.value)}) > 0;
}

std::vector<domain::Payment> SqlLedger::unpostedPayments(std::int64_t afterId, int limit) {
  static const std::string sql =
      paymentTable().select("WHERE id > ? AND posted = 0 ORDER BY id LIMIT ?");
  return paymentTable().query(c_, sql, {sqlInt(afterId), sqlInt(std::clamp(limit, 1, 10000))});
}

std::vector<app::LedgerRepository::Mismatch> SqlLedger::verify(OrganizationId org) {
  std::vector<Mismatch> out;
  const Params p{sqlInt(org.value), sqlInt(org.value)};
  // Lines: each place against the sum of the entries' deltas there.
  static const std::string lines =
      "SELECT l.id, l.owed_primary_cents, l.owed_secondary_cents, l.owed_tertiary_cents, "
      "l.owed_patient_cents, COALESCE(SUM(e.d_primary), 0), COALESCE(SUM(e.d_secondary), 0), "
      "COALESCE(SUM(e.d_tertiary), 0), COALESCE(SUM(e.d_patient), 0) FROM charge_lines l LEFT "
      "JOIN ledger_entries e ON e.line_id = l.id WHERE (? = 0 OR l.organization_id = ?) GROUP BY "
      "l.id HAVING l.owed_primary_cents <> COALESCE(SUM(e.d_primary), 0) OR "
      "l.owed_secondary_cents <> COALESCE(SUM(e.d_secondary), 0) OR l.owed_tertiary_cents <> "
      "COALESCE(SUM(e.d_tertiary), 0) OR l.owed_patient_cents <> COALESCE(SUM(e.d_patient), 0) "
      "LIMIT 1000";
  const char* places[] = {"primary", "secondary", "tertiary", "patient"};
  for (const auto& row : c_.query(lines, p)) {
    for (std::size_t k = 0; k < 4; ++k) {
      if (row.i64(1 + k) != row.i64(5 + k)) {
        out.push_back({"line " + std::to_string(row.i64(0)) + " " + places[k], row.i64(1 + k),
                       row.i64(5 + k)});
      }
    }
  }
  static const std::string accounts =
      "SELECT b.account_id, b.insurance_cents, b.patient_cents, b.credit_cents, b.entry_count, "
      "COALESCE(SUM(e.d_primary + e.d_secondary + e.d_tertiary), 0), "
      "COALESCE(SUM(e.d_patient), 0), COALESCE(SUM(e.d_credit), 0), COUNT(e.id) FROM "
      "account_balances b LEFT JOIN ledger_entries e ON e.account_id = b.account_id WHERE (? = 0 "
      "OR b.organization_id = ?) GROUP BY b.account_id HAVING b.insurance_cents <> "
      "COALESCE(SUM(e.d_primary + e.d_secondary + e.d_tertiary), 0) OR b.patient_cents <> "
      "COALESCE(SUM(e.d_patient), 0) OR b.credit_cents <> COALESCE(SUM(e.d_credit), 0) OR "
      "b.entry_count <> COUNT(e.id) LIMIT 1000";
  const char* sums[] = {"insurance", "patient", "credit", "entries"};
  for (const auto& row : c_.query(accounts, p)) {
    for (std::size_t k = 0; k < 4; ++k) {
      if (row.i64(1 + k) != row.i64(5 + k)) {
        out.push_back({"account " + std::to_string(row.i64(0)) + " " + sums[k], row.i64(1 + k),
                       row.i64(5 + k)});
      }
    }
  }
  static const std::string payments =
      "SELECT p.id, p.unallocated_cents, COALESCE(SUM(e.d_credit), 0) FROM payments p LEFT JOIN "
      "ledger_entries e ON e.payment_id = p.id WHERE p.posted = 1 AND (? = 0 OR "
      "p.organization_id = ?) GROUP BY p.id HAVING p.unallocated_cents <> "
      "COALESCE(SUM(e.d_credit), 0) LIMIT 1000";
  for (const auto& row : c_.query(payments, p)) {
    out.push_back(
        {"payment " + std::to_string(row.i64(0)) + " unallocated", row.i64(1), row.i64(2)});
  }
  // The keys an entry copies without a foreign key (migration 0014): each must agree with the
  // account, line or remittance claim it came from, and name a patient of the practice. The
  // pair is the entry's key and its source's (0: no such row in the practice).
  static const std::string copies =
      "SELECT e.id, 'organization', e.organization_id, a.organization_id FROM ledger_entries e "
      "JOIN guarantor_accounts a ON a.id = e.account_id WHERE (? = 0 OR e.organization_id = ?) "
      "AND a.organization_id <> e.organization_id "
      "UNION ALL SELECT e.id, 'patient', e.patient_id, l.patient_id FROM ledger_entries e JOIN "
      "charge_lines l ON l.id = e.line_id WHERE (? = 0 OR e.organization_id = ?) AND "
      "l.patient_id <> e.patient_id "
      "UNION ALL SELECT e.id, 'patient', e.patient_id, 0 FROM ledger_entries e LEFT JOIN "
      "patients pt ON pt.id = e.patient_id AND pt.organization_id = e.organization_id WHERE (? = "
      "0 OR e.organization_id = ?) AND e.line_id IS NULL AND pt.id IS NULL "
      "UNION ALL SELECT e.id, 'encounter', COALESCE(e.encounter_id, 0), l.encounter_id FROM "
      "ledger_entries e JOIN charge_lines l ON l.id = e.line_id WHERE (? = 0 OR "
      "e.organization_id = ?) AND COALESCE(e.encounter_id, 0) <> l.encounter_id "
      "UNION ALL SELECT e.id, 'encounter', e.encounter_id, 0 FROM ledger_entries e LEFT JOIN "
      "encounters enc ON enc.id = e.encounter_id AND enc.organization_id = e.organization_id "
      "WHERE (? = 0 OR e.organization_id = ?) AND e.line_id IS NULL AND e.encounter_id IS NOT "
      "NULL AND enc.id IS NULL "
      "UNION ALL SELECT e.id, 'remittance claim', e.remittance_claim_id, 0 FROM ledger_entries e "
      "LEFT JOIN remittance_claims rc ON rc.id = e.remittance_claim_id AND rc.organization_id = "
      "e.organization_id WHERE (? = 0 OR e.organization_id = ?) AND e.remittance_claim_id IS NOT "
      "NULL AND rc.id IS NULL LIMIT 1000";
  Params cp;
  for (int k = 0; k < 6; ++k) append(cp, sqlInt(org.value), sqlInt(org.value));
  for (const auto& row : c_.query(copies, cp)) {
    out.push_back(
        {"entry " + std::to_string(row.i64(0)) + " " + row.text(1), row.i64(2), row.i64(3)});
  }
  return out;
}

}  // namespace medoffice::storage
