// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/remittance_repository.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "storage/sql/billing_ledger_repository.hpp"
#include "storage/sql/table.hpp"
#include "storage/sql/table_impl.hpp"

namespace medoffice::storage {

using app::ClaimTarget;
using app::RemittanceClaimRecord;
using app::RemittanceRecord;
using domain::Money;
using domain::OrganizationId;
using domain::Responsibility;

namespace {

constexpr const char* kRemittanceColumns =
    "id, payer_key, trace_number, payer_name, payment_cents, payment_method, payment_date, "
    "claims, posted_claims, posted_cents, provider_adjustment_cents, posted_by, created_at, "
    "organization_id";

RemittanceRecord remittanceOf(const Row& row) {
  Reader r(row);
  RemittanceRecord out;
  out.id = r.id<domain::RemittanceId>();
  out.payerKey = r.text();
  out.traceNumber = r.text();
  out.payerName = r.text();
  out.payment = Money::fromCents(r.i64());
  out.paymentMethod = r.text();
  out.paymentDate = r.date();
  out.claims = r.i64();
  out.postedClaims = r.i64();
  out.posted = Money::fromCents(r.i64());
  out.providerAdjustments = Money::fromCents(r.i64());
  out.postedBy = r.i64();
  out.createdAt = r.instant();
  out.organizationId = r.id<OrganizationId>();
  return out;
}

constexpr const char* kClaimColumns =
    "id, organization_id, remittance_id, position, claim_id, patient_control_number, status_code, "
    "charge_cents, paid_cents, patient_responsibility_cents, payer_claim_number, outcome, reason, "
    "adjudication, created_at";

RemittanceClaimRecord claimOf(const Row& row) {
  Reader r(row);
  RemittanceClaimRecord out;
  out.id = r.id<domain::RemittanceClaimId>();
  out.organizationId = r.id<OrganizationId>();
  out.remittanceId = r.id<domain::RemittanceId>();
  out.position = r.i64();
  out.claimId = r.id<domain::ClaimId>();
  out.patientControlNumber = r.text();
  out.status = r.text();
  out.charge = Money::fromCents(r.i64());
  out.paid = Money::fromCents(r.i64());
  out.patientResponsibility = Money::fromCents(r.i64());
  out.payerClaimNumber = r.text();
  out.posted = r.text() == "posted";
  out.reason = r.text();
  out.adjudication = r.text();
  out.createdAt = r.instant();
  return out;
}

/// "?, ?, ?" for `n` values.
std::string marks(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += k == 0 ? "?" : ", ?";
  return s;
}

/// Row counts of the bulk statements: full blocks, then the rest in smaller fixed sizes, so
/// that few distinct statements are prepared whatever the count.
std::vector<std::size_t> blocks(std::size_t count, std::size_t full) {
  std::vector<std::size_t> out;
  while (count >= full) {
    out.push_back(full);
    count -= full;
  }
  for (std::size_t size : {std::size_t{64}, std::size_t{16}, std::size_t{4}, std::size_t{1}}) {
    while (count >= size) {
      out.push_back(size);
      count -= size;
    }
  }
  return out;
}

/// `WITH v(<names>) AS (VALUES (CAST(? AS BIGINT), ...), ...) `: a list of integer tuples both
/// engines join to (PostgreSQL needs the types named).
std::string valuesList(const std::vector<std::string_view>& names, std::size_t rows) {
  std::string tuple = "(";
  for (std::size_t k = 0; k < names.size(); ++k) {
    tuple += k == 0 ? "CAST(? AS BIGINT)" : ", CAST(? AS BIGINT)";
  }
  tuple += ")";
  std::string sql = "WITH v(";
  for (std::size_t k = 0; k < names.size(); ++k) sql.append(k == 0 ? "" : ", ").append(names[k]);
  sql += ") AS (VALUES ";
  for (std::size_t k = 0; k < rows; ++k) sql.append(k == 0 ? "" : ", ").append(tuple);
  return sql + ") ";
}

constexpr std::size_t kPrimary = 0, kSecondary = 1, kTertiary = 2, kPatient = 3;

}  // namespace

std::optional<RemittanceRecord> SqlRemittances::find(OrganizationId org,
                                                     const std::string& payerKey,
                                                     const std::string& traceNumber) {
  static const std::string sql = std::string("SELECT ") + kRemittanceColumns +
                                 " FROM remittances WHERE organization_id = ? AND payer_key = ? "
                                 "AND trace_number = ?";
  auto rows = c_.query(sql, {sqlInt(org.value), payerKey, traceNumber});
  if (rows.empty()) return std::nullopt;
  return remittanceOf(rows[0]);
}

Result<RemittanceRecord> SqlRemittances::insert(const RemittanceRecord& r) {
  static const std::string sql =
      "INSERT INTO remittances (organization_id, payer_key, trace_number, payer_name, "
      "payment_cents, payment_method, payment_date, claims, posted_claims, posted_cents, "
      "provider_adjustment_cents, posted_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, "
      "?, ?)";
  auto id = uniqueGuarded("remittance", [&] {
    return c_.insertId(sql, {sqlInt(r.organizationId.value), r.payerKey, r.traceNumber, r.payerName,
                             sqlInt(r.payment.cents()), r.paymentMethod, dateOrNull(r.paymentDate),
                             sqlInt(r.postedBy), sqlInt(r.createdAt.micros())});
  });
  if (!id) return id.error();
  RemittanceRecord out = r;
  out.id = domain::RemittanceId(*id);
  return out;
}

void SqlRemittances::finish(const RemittanceRecord& r) {
  c_.execute(
      "UPDATE remittances SET claims = ?, posted_claims = ?, posted_cents = ?, "
      "provider_adjustment_cents = ? WHERE id = ? AND organization_id = ?",
      {sqlInt(r.claims), sqlInt(r.postedClaims), sqlInt(r.posted.cents()),
       sqlInt(r.providerAdjustments.cents()), sqlInt(r.id.value), sqlInt(r.organizationId.value)});
}

std::optional<RemittanceRecord> SqlRemittances::get(OrganizationId org, domain::RemittanceId id) {
  static const std::string sql = std::string("SELECT ") + kRemittanceColumns +
                                 " FROM remittances WHERE id = ? AND organization_id = ?";
  auto rows = c_.query(sql, {sqlInt(id.value), sqlInt(org.value)});
  if (rows.empty()) return std::nullopt;
  return remittanceOf(rows[0]);
}

Result<app::Page<RemittanceRecord>> SqlRemittances::list(OrganizationId org,
                                                         const app::PageRequest& page) {
  const int limit = clampLimit(page.limit);
  auto before = idAfter(page, "rem");
  if (!before) return before.error();
  std::string sql =
      std::string("SELECT ") + kRemittanceColumns + " FROM remittances WHERE organization_id = ?";
  Params p{sqlInt(org.value)};
  andIf(sql, p, *before > 0, "id < ?", sqlInt(*before));
  sql += " ORDER BY id DESC LIMIT ?";
  p.push_back(sqlInt(limit + 1));
  return pageOf<RemittanceRecord>(c_.query(sql, p), limit, "rem", remittanceOf);
}

std::vector<RemittanceClaimRecord> SqlRemittances::claimsOf(OrganizationId org,
                                                            domain::RemittanceId id) {
  static const std::string sql = std::string("SELECT ") + kClaimColumns +
                                 " FROM remittance_claims WHERE remittance_id = ? AND "
                                 "organization_id = ? ORDER BY position, id";
  std::vector<RemittanceClaimRecord> out;
  for (const auto& row : c_.query(sql, {sqlInt(id.value), sqlInt(org.value)})) {
    out.push_back(claimOf(row));
  }
  return out;
}

std::vector<ClaimTarget> SqlRemittances::targets(OrganizationId org,
                                                 const std::vector<std::string>& numbers,
                                                 bool lock) {
  std::vector<ClaimTarget> out;
  if (numbers.empty()) return out;
  // The live claims (a corrected one's replacement keeps its CLM01) with their encounters.
  std::string sql =
      "SELECT c.id, c.patient_control_number, c.state, c.patient_id, c.encounter_id, c.payer_id, "
      "c.responsibility, e.account_id, e.location_id, e.provider_id, e.secondary_payer_id, "
      "e.tertiary_payer_id FROM claims c JOIN encounters e ON e.id = c.encounter_id WHERE "
      "c.organization_id = ? AND c.state NOT IN ('corrected', 'closed') AND "
      "c.patient_control_number IN (" +
      marks(numbers.size()) + ")";
  Params p{sqlInt(org.value)};
  for (const auto& n : numbers) p.push_back(n);
  std::vector<domain::ProviderId> encounterProvider;
  std::unordered_map<std::int64_t, std::size_t> byEncounter;
  std::unordered_map<std::int64_t, std::size_t> byClaim;
  for (const auto& row : c_.query(sql, p)) {
    Reader r(row);
    ClaimTarget t;
    t.id = r.id<domain::ClaimId>();
    t.patientControlNumber = r.text();
    t.state =
        domain::claims::parseClaimState(r.text()).value_or(domain::claims::ClaimState::kDraft);
    t.patientId = r.id<domain::PatientId>();
    t.encounterId = r.id<domain::EncounterId>();
    t.payerId = r.id<domain::PayerId>();
    const auto responsibility = r.i64();
    t.accountId = r.id<domain::GuarantorAccountId>();
    t.locationId = r.id<domain::LocationId>();
    encounterProvider.emplace_back(r.i64());
    const bool secondary = !r.isNull();
    r.skip();
    const bool tertiary = !r.isNull();
    t.target.claimId = t.id;
    t.target.place = responsibility == 2   ? Responsibility::kSecondary
                     : responsibility == 3 ? Responsibility::kTertiary
                                           : Responsibility::kPrimary;
    if (t.target.place == Responsibility::kPrimary && secondary) {
      t.target.next = Responsibility::kSecondary;
    } else if (t.target.place == Responsibility::kSecondary && tertiary) {
      t.target.next = Responsibility::kTertiary;
    } else {
      t.target.next = Responsibility::kPatient;
    }
    byEncounter.emplace(t.encounterId.value, out.size());
    byClaim.emplace(t.id.value, out.size());
    out.push_back(std::move(t));
  }
  if (out.empty()) return out;
  if (lock && c_.dialect() == Dialect::kPostgres) {
    // Every posting to an account locks its balances row first (LedgerRepository::post); in id
    // order here, so two remittances sharing accounts wait instead of deadlocking.
    std::vector<std::int64_t> accounts;
    for (const auto& t : out) accounts.push_back(t.accountId.value);
    std::sort(accounts.begin(), accounts.end());
    accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
    Params lp{sqlInt(org.value)};
    for (auto a : accounts) lp.push_back(sqlInt(a));
    c_.query(
        "SELECT account_id FROM account_balances WHERE organization_id = ? AND account_id IN (" +
            marks(accounts.size()) + ") ORDER BY account_id FOR UPDATE",
        lp);
  }
  std::string lines =
      "SELECT encounter_id, id, code, modifiers, units, charge_cents, date_of_service, "
      "owed_primary_cents, owed_secondary_cents, owed_tertiary_cents, owed_patient_cents, "
      "rendering_provider_id, primary_payer_id, secondary_payer_id, tertiary_payer_id FROM "
      "charge_lines WHERE organization_id = ? AND status = 'posted' AND encounter_id IN (" +
      marks(byEncounter.size()) + ") ORDER BY encounter_id, line_number, id";
  Params lp{sqlInt(org.value)};
  for (const auto& [e, k] : byEncounter) lp.push_back(sqlInt(e));
  for (const auto& row : c_.query(lines, lp)) {
    Reader r(row);
    const std::int64_t encounter = r.i64();
    auto& t = out[byEncounter.at(encounter)];
    domain::remittances::TargetLine l;
    l.id = r.id<domain::ChargeLineId>();
    l.code = r.text();
    const std::string modifiers = r.text();
    for (const auto& m : splitList(modifiers)) l.modifiers.push_back(m);
    l.units = r.i64();
    l.charge = Money::fromCents(r.i64());
    l.serviceDate = r.date();
    for (auto& owed : l.balance.owed) owed = Money::fromCents(r.i64());
    app::LineDimensions d;
    const std::int64_t rendering = r.i64();
    d.provider = rendering > 0 ? domain::ProviderId(rendering)
                               : encounterProvider[byEncounter.at(encounter)];
    for (auto& payer : d.payers) payer = r.id<domain::PayerId>();
    t.target.lines.push_back(std::move(l));
    t.dimensions.push_back(d);
  }
  std::string posted =
      "SELECT id, remittance_id, claim_id, charge_cents, paid_cents, payer_claim_number FROM "
      "remittance_claims WHERE organization_id = ? AND outcome = 'posted' AND status_code <> '22' "
      "AND reversed_by IS NULL AND claim_id IN (" +
      marks(byClaim.size()) + ") ORDER BY id";
  Params pp{sqlInt(org.value)};
  for (const auto& [c, k] : byClaim) pp.push_back(sqlInt(c));
  for (const auto& row : c_.query(posted, pp)) {
    Reader r(row);
    app::PostedAdjudication a;
    a.id = r.id<domain::RemittanceClaimId>();
    a.remittanceId = r.id<domain::RemittanceId>();
    const std::int64_t claim = r.i64();
    a.charge = Money::fromCents(r.i64());
    a.paid = Money::fromCents(r.i64());
    a.payerClaimNumber = r.text();
    out[byClaim.at(claim)].posted.push_back(std::move(a));
  }
  return out;
}

std::vector<RemittanceClaimRecord> SqlRemittances::insertClaims(
    const std::vector<RemittanceClaimRecord>& claims) {
  std::vector<RemittanceClaimRecord> out = claims;
  if (claims.empty()) return out;
  static constexpr std::size_t kColumns = 14;
  insertRows(c_,
             "INSERT INTO remittance_claims (organization_id, remittance_id, position, claim_id, "
             "patient_control_number, status_code, charge_cents, paid_cents, "
             "patient_responsibility_cents, payer_claim_number, outcome, reason, adjudication, "
             "created_at) VALUES ",
             kColumns, claims.size(), [&](std::size_t k, Params& p) {
               const auto& c = claims[k];
               append(p, sqlInt(c.organizationId.value), sqlInt(c.remittanceId.value),
                      sqlInt(c.position), optionalId(c.claimId.value), c.patientControlNumber,
                      c.status, sqlInt(c.charge.cents()), sqlInt(c.paid.cents()),
                      sqlInt(c.patientResponsibility.cents()), c.payerClaimNumber,
                      std::string(c.posted ? "posted" : "not_posted"), c.reason, c.adjudication,
                      sqlInt(c.createdAt.micros()));
             });
  // A chunk's positions are one ascending run within one remittance.
  std::int64_t lo = claims.front().position, hi = claims.front().position;
  for (const auto& c : claims) {
    lo = std::min(lo, c.position);
    hi = std::max(hi, c.position);
  }
  std::unordered_map<std::int64_t, std::int64_t> ids;
  for (const auto& row :
       c_.query("SELECT position, id FROM remittance_claims WHERE remittance_id "
                "= ? AND organization_id = ? AND position BETWEEN ? AND ?",
                {sqlInt(claims.front().remittanceId.value),
                 sqlInt(claims.front().organizationId.value), sqlInt(lo), sqlInt(hi)})) {
    ids[row.i64(0)] = row.i64(1);
  }
  for (auto& c : out) c.id = domain::RemittanceClaimId(ids[c.position]);
  return out;
}

Status SqlRemittances::post(const std::vector<app::RemittanceEntry>& entries, domain::Instant now) {
  if (entries.empty()) return {};
  const OrganizationId org = entries.front().entry.organizationId;
  // 1. The entries, with the report columns of 0010 and the remittance claim they came by.
  const auto& table = ledgerEntryTable();
  std::string head = "INSERT INTO ledger_entries (";
  for (auto col : table.spec().columns) head.append(col).append(", ");
  head +=
      "organization_id, created_at, provider_id, location_id, payer_id, remittance_claim_id) "
      "VALUES ";
  const std::size_t width = table.spec().columns.size() + 6;
  auto inserted = uniqueGuarded("ledger entry", [&] {
    insertRows(c_, head, width, entries.size(), [&](std::size_t k, Params& p) {
      const auto& e = entries[k];
      table.spec().write(p, e.entry);
      append(p, sqlInt(org.value), sqlInt(now.micros()), optionalId(e.provider.value),
             optionalId(e.location.value), optionalId(e.payer.value), optionalId(e.via.value));
    });
    return true;
  });
  if (!inserted) return inserted.error();

  // 2. The lines' running balances, summed per line, none below zero.
  std::map<std::int64_t, std::array<std::int64_t, 4>> lines;
  struct AccountDelta {
    std::int64_t insurance = 0, patient = 0, credit = 0, entries = 0;
  };
  std::map<std::int64_t, AccountDelta> accounts;
  for (const auto& e : entries) {
    const auto& d = e.entry.effect.lineDelta;
    auto& l = lines[e.entry.effect.lineId.value];
    for (std::size_t k = 0; k < 4; ++k) l[k] += d[k].cents();
    auto& a = accounts[e.entry.accountId.value];
    a.insurance += (d[kPrimary] + d[kSecondary] + d[kTertiary]).cents();
    a.patient += d[kPatient].cents();
    a.credit += e.entry.effect.creditDelta.cents();
    a.entries += 1;
  }
  {
    std::vector<std::pair<std::int64_t, std::array<std::int64_t, 4>>> rows(lines.begin(),
                                                                           lines.end());
    std::size_t at = 0;
    for (std::size_t n : blocks(rows.size(), 256)) {
      const std::string sql =
          valuesList({"id", "d0", "d1", "d2", "d3"}, n) +
          "UPDATE charge_lines SET owed_primary_cents = owed_primary_cents + v.d0, "
          "owed_secondary_cents = owed_secondary_cents + v.d1, owed_tertiary_cents = "
          "owed_tertiary_cents + v.d2, owed_patient_cents = owed_patient_cents + v.d3 FROM v WHERE "
          "charge_lines.id = v.id AND charge_lines.organization_id = ? AND charge_lines.status <> "
          "'open' AND charge_lines.owed_primary_cents + v.d0 >= 0 AND "
          "charge_lines.owed_secondary_cents + v.d1 >= 0 AND charge_lines.owed_tertiary_cents + "
          "v.d2 >= 0 AND charge_lines.owed_patient_cents + v.d3 >= 0";
      Params p;
      p.reserve(n * 5 + 1);
      for (std::size_t k = 0; k < n; ++k) {
        const auto& [id, d] = rows[at + k];
        append(p, sqlInt(id), sqlInt(d[0]), sqlInt(d[1]), sqlInt(d[2]), sqlInt(d[3]));
      }
      p.push_back(sqlInt(org.value));
      if (c_.execute(sql, p) != static_cast<std::int64_t>(n)) {
        return domain::Error::invalidField(
            "amount_cents", "is more than a line owes in that place (or the line is not posted)");
      }
      at += n;
    }
  }
  // 3. The accounts' running balances.
  {
    std::vector<std::pair<std::int64_t, AccountDelta>> rows(accounts.begin(), accounts.end());
    std::size_t at = 0;
    for (std::size_t n : blocks(rows.size(), 256)) {
      const std::string sql =
          valuesList({"id", "ins", "pat", "cre", "n"}, n) +
          "UPDATE account_balances SET insurance_cents = insurance_cents + v.ins, patient_cents = "
          "patient_cents + v.pat, credit_cents = credit_cents + v.cre, entry_count = entry_count + "
          "v.n, last_entry_at = ? FROM v WHERE account_balances.account_id = v.id AND "
          "account_balances.organization_id = ? AND account_balances.insurance_cents + v.ins >= 0 "
          "AND account_balances.patient_cents + v.pat >= 0 AND account_balances.credit_cents + "
          "v.cre >= 0";
      Params p;
      p.reserve(n * 5 + 2);
      for (std::size_t k = 0; k < n; ++k) {
        const auto& [id, a] = rows[at + k];
        append(p, sqlInt(id), sqlInt(a.insurance), sqlInt(a.patient), sqlInt(a.credit),
               sqlInt(a.entries));
      }
      append(p, sqlInt(now.micros()), sqlInt(org.value));
      if (c_.execute(sql, p) != static_cast<std::int64_t>(n)) {
        return domain::Error::invalidField("amount_cents",
                                           "is more than an account owes in that place");
      }
      at += n;
    }
  }
  return {};
}

void SqlRemittances::changeStates(OrganizationId org,
                                  const std::vector<app::ClaimStateChange>& changes,
                                  std::int64_t byUser, domain::Instant now) {
  if (changes.empty()) return;
  // Only moves between states; a claim that stays where it is gets its history line alone.
  std::vector<const app::ClaimStateChange*> moves;
  for (const auto& ch : changes) {
    if (ch.from != ch.to) moves.push_back(&ch);
  }
  // Grouped by (from, to) so each statement names its states as text. The payer's claim number
  // (CLP07) goes on the claim in the same statement when the payer gave one.
  std::map<std::pair<std::string, std::string>, std::vector<const app::ClaimStateChange*>> groups;
  for (const auto* m : moves) {
    groups[{std::string(domain::claims::toString(m->from)),
            std::string(domain::claims::toString(m->to))}]
        .push_back(m);
  }
  for (const auto& [states, group] : groups) {
    std::size_t at = 0;
    for (std::size_t n : blocks(group.size(), 256)) {
      std::string sql = "WITH v(id, icn) AS (VALUES ";
      Params p;
      p.reserve(2 * n + 4);
      for (std::size_t k = 0; k < n; ++k) {
        sql += k == 0 ? "(CAST(? AS BIGINT), CAST(? AS TEXT))"
                      : ", (CAST(? AS BIGINT), CAST(? AS TEXT))";
        append(p, sqlInt(group[at + k]->claim.value), group[at + k]->payerClaimNumber);
      }
      sql +=
          ") UPDATE claims SET state = ?, version = version + 1, updated_at = ?, "
          "payer_claim_number = CASE WHEN v.icn = '' THEN claims.payer_claim_number ELSE v.icn "
          "END FROM v WHERE claims.organization_id = ? AND claims.state = ? AND claims.id = v.id";
      append(p, states.second, sqlInt(now.micros()), sqlInt(org.value), states.first);
      c_.execute(sql, p);
      at += n;
    }
  }
  insertRows(c_,
             "INSERT INTO claim_history (organization_id, claim_id, at, from_state, to_state, "
             "user_id, note) VALUES ",
             7, changes.size(), [&](std::size_t k, Params& p) {
               const auto& ch = changes[k];
               append(p, sqlInt(org.value), sqlInt(ch.claim.value), sqlInt(now.micros()),
                      std::string(domain::claims::toString(ch.from)),
                      std::string(domain::claims::toString(ch.to)), sqlInt(byUser), ch.note);
             });
}

void SqlRemittances::insertProviderAdjustments(
    OrganizationId org, domain::RemittanceId remittance,
    const std::vector<domain::remittances::ProviderAdjustment>& adjustments, domain::Instant now) {
  if (adjustments.empty()) return;
  insertRows(c_,
             "INSERT INTO provider_adjustments (organization_id, remittance_id, "
             "provider_identifier, fiscal_period_end, reason, reference, amount_cents, created_at) "
             "VALUES ",
             8, adjustments.size(), [&](std::size_t k, Params& p) {
               const auto& a = adjustments[k];
               append(p, sqlInt(org.value), sqlInt(remittance.value), a.providerIdentifier,
                      dateOrNull(a.fiscalPeriodEnd), a.reason, a.reference,
                      sqlInt(a.amount.cents()), sqlInt(now.micros()));
             });
}

std::vector<domain::LedgerEntry> SqlRemittances::entriesOf(OrganizationId org,
                                                           domain::RemittanceClaimId id) {
  static const std::string sql = ledgerEntryTable().select(
      "WHERE remittance_claim_id = ? AND organization_id = ? ORDER BY id");
  return ledgerEntryTable().query(c_, sql, {sqlInt(id.value), sqlInt(org.value)});
}

void SqlRemittances::markReversed(OrganizationId org, domain::RemittanceClaimId original,
                                  domain::RemittanceClaimId by) {
  c_.execute("UPDATE remittance_claims SET reversed_by = ? WHERE id = ? AND organization_id = ?",
             {sqlInt(by.value), sqlInt(original.value), sqlInt(org.value)});
}

std::optional<RemittanceClaimRecord> SqlRemittances::latestPosted(OrganizationId org,
                                                                  domain::ClaimId claim) {
  static const std::string sql = std::string("SELECT ") + kClaimColumns +
                                 " FROM remittance_claims WHERE claim_id = ? AND organization_id = "
                                 "? AND outcome = 'posted' AND status_code <> '22' AND reversed_by "
                                 "IS NULL ORDER BY id DESC LIMIT 1";
  auto rows = c_.query(sql, {sqlInt(claim.value), sqlInt(org.value)});
  if (rows.empty()) return std::nullopt;
  return claimOf(rows[0]);
}

}  // namespace medoffice::storage
