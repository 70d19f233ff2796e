// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/denial_repository.hpp"

#include <array>
#include <string_view>

namespace medoffice::storage {

using domain::Denial;
using domain::DenialId;
using domain::Instant;
using domain::Money;
using domain::OrganizationId;

namespace {

SqlValue optionalInstant(const std::optional<Instant>& i) {
  return i ? SqlValue(i->micros()) : sqlNull();
}

domain::UserId optionalUser(Reader& r) {
  if (r.isNull()) {
    r.skip();
    return {};
  }
  return domain::UserId(r.i64());
}

// The columns a posting writes once (insert-only) and the ones working the denial changes.
constexpr std::array<std::string_view, 6> kMutable = {"state",      "assigned_to", "due_on",
                                                      "resolution", "resolved_at", "resolved_by"};
constexpr std::array<std::string_view, 12> kRecorded = {
    "remittance_id",  "remittance_claim_id", "claim_id", "line_id", "patient_id",   "payer_id",
    "responsibility", "group_code",          "carc",     "rarc",    "amount_cents", "denied_on"};

/// `cols` ("id, organization_id, state, ...") with each column qualified by `alias`.
std::string qualified(const std::string& cols, std::string_view alias) {
  std::string out;
  std::size_t at = 0;
  while (at <= cols.size()) {
    const auto comma = cols.find(", ", at);
    const auto name = std::string_view(cols).substr(
        at, comma == std::string::npos ? std::string::npos : comma - at);
    if (!out.empty()) out += ", ";
    out.append(alias).append(".").append(name);
    if (comma == std::string::npos) break;
    at = comma + 2;
  }
  return out;
}

/// What the payer's place still owes: on the line, or on the claim's posted lines.
constexpr const char* kStillOwed =
    "CASE WHEN d.line_id IS NULL THEN (SELECT COALESCE(SUM(CASE d.responsibility "
    "WHEN 1 THEN x.owed_primary_cents WHEN 2 THEN x.owed_secondary_cents "
    "ELSE x.owed_tertiary_cents END), 0) FROM charge_lines x WHERE x.encounter_id = c.encounter_id "
    "AND x.organization_id = d.organization_id AND x.status = 'posted') "
    "ELSE (CASE d.responsibility WHEN 1 THEN l.owed_primary_cents "
    "WHEN 2 THEN l.owed_secondary_cents ELSE l.owed_tertiary_cents END) END";

/// The joins every queue read makes: patient, claim, its encounter, payer, and the line.
constexpr const char* kJoins =
    " FROM denials d JOIN patients p ON p.id = d.patient_id JOIN claims c ON c.id = d.claim_id "
    "JOIN encounters e ON e.id = c.encounter_id JOIN payers py ON py.id = d.payer_id "
    "LEFT JOIN charge_lines l ON l.id = d.line_id";

const std::string& itemSelect() {
  static const std::string sql = "SELECT " + qualified(denialTable().selectList(), "d") +
                                 ", p.family_name, p.given_name, c.patient_control_number, "
                                 "c.state, c.encounter_id, e.location_id, "
                                 "COALESCE(l.date_of_service, c.service_date), py.name, "
                                 "COALESCE(l.code, ''), COALESCE(l.modifiers, ''), "
                                 "COALESCE(l.charge_cents, 0), " +
                                 std::string(kStillOwed) + kJoins;
  return sql;
}

app::DenialItem decodeItem(const Row& row) {
  app::DenialItem out;
  out.denial = denialTable().decode(row);
  Reader r(row, denialTable().columnCount());
  out.patientFamilyName = r.text();
  out.patientGivenName = r.text();
  out.patientControlNumber = r.text();
  out.claimState =
      domain::claims::parseClaimState(r.text()).value_or(domain::claims::ClaimState::kDraft);
  out.encounterId = r.id<domain::EncounterId>();
  out.locationId = r.id<domain::LocationId>();
  out.serviceDate = r.requiredDate();
  out.payerName = r.text();
  out.procedureCode = r.text();
  out.modifiers = splitList(r.text());
  out.lineCharge = Money::fromCents(r.i64());
  out.stillOwed = Money::fromCents(r.i64());
  return out;
}

/// The WHERE conditions of a query (without the keyset), appending their values.
std::string conditions(const app::DenialQuery& q, Params& p) {
  std::string sql = " WHERE d.organization_id = ?";
  p.push_back(sqlInt(q.organizationId.value));
  andIf(sql, p, q.state.has_value(), "d.state = ?",
        std::string(domain::toString(q.state.value_or(domain::DenialState::kOpen))));
  andIf(sql, p, !q.group.empty(), "d.group_code = ?", q.group);
  andIf(sql, p, !q.carc.empty(), "d.carc = ?", q.carc);
  andId(sql, p, "d.payer_id = ?", q.payerId);
  if (q.assignedTo) {
    if (q.assignedTo->valid()) {
      andId(sql, p, "d.assigned_to = ?", *q.assignedTo);
    } else {
      sql += " AND d.assigned_to IS NULL";
    }
  }
  andId(sql, p, "d.claim_id = ?", q.claimId);
  andId(sql, p, "d.patient_id = ?", q.patientId);
  andIf(sql, p, q.deniedFrom.has_value(), "d.denied_on >= ?", dateOrNull(q.deniedFrom));
  andIf(sql, p, q.deniedTo.has_value(), "d.denied_on <= ?", dateOrNull(q.deniedTo));
  return sql;
}

// ---- bulk insert ------------------------------------------------------------------------------

// Rows per statement are powers of two up to kMaxRows, so that a database prepares at most eight
// texts of this INSERT per connection however many denials each posting brings.
constexpr std::size_t kMaxRows = 128;
constexpr std::size_t kSizes = 8;  // 1, 2, 4 ... 128

const std::array<std::string, kSizes>& insertTexts() {
  static const std::array<std::string, kSizes> texts = [] {
    std::string head = "INSERT INTO denials (";
    for (auto c : kMutable) head.append(c).append(", ");
    for (auto c : kRecorded) head.append(c).append(", ");
    head += "organization_id, version, created_at, updated_at) VALUES ";
    std::string tuple = "(";
    for (std::size_t k = 0; k < kMutable.size() + kRecorded.size() + 1; ++k) tuple += "?, ";
    tuple += "1, ?, ?)";
    std::array<std::string, kSizes> out;
    for (std::size_t s = 0; s < kSizes; ++s) {
      const std::size_t rows = std::size_t{1} << s;
      std::string sql = head;
      sql.reserve(head.size() + rows * (tuple.size() + 2));
      for (std::size_t k = 0; k < rows; ++k) sql.append(k == 0 ? "" : ", ").append(tuple);
      out[s] = std::move(sql);
    }
    return out;
  }();
  return texts;
}

void appendRow(Params& p, const Denial& d, Instant now) {
  const auto& spec = denialTable().spec();
  spec.write(p, d);
  spec.writeInsertOnly(p, d);
  append(p, sqlInt(d.organizationId.value), sqlInt(now.micros()), sqlInt(now.micros()));
}

}  // namespace

const Table<Denial>& denialTable() {
  static const Table<Denial> table({
      .table = "denials",
      .noun = "denial",
      .cursorKind = "den",
      .columns = {kMutable.begin(), kMutable.end()},
      .insertOnlyColumns = {kRecorded.begin(), kRecorded.end()},
      .read =
          [](Reader& r, Denial& d) {
            d.state = domain::parseDenialState(r.text()).value_or(domain::DenialState::kOpen);
            d.assignedTo = optionalUser(r);
            d.dueOn = r.date();
            d.resolution =
                domain::parseDenialResolution(r.text()).value_or(domain::DenialResolution::kOther);
            d.resolvedAt = r.optionalInstant();
            d.resolvedBy = optionalUser(r);
            d.remittanceId = r.id<domain::RemittanceId>();
            d.remittanceClaimId = r.id<domain::RemittanceClaimId>();
            d.claimId = r.id<domain::ClaimId>();
            d.lineId = domain::ChargeLineId(r.isNull() ? (r.skip(), 0) : r.i64());
            d.patientId = r.id<domain::PatientId>();
            d.payerId = r.id<domain::PayerId>();
            d.responsibility = r.i32();
            d.group = r.text();
            d.carc = r.text();
            d.rarcs = splitList(r.text());
            d.amount = Money::fromCents(r.i64());
            d.deniedOn = r.requiredDate();
          },
      .write =
          [](Params& p, const Denial& d) {
            append(p, std::string(domain::toString(d.state)), optionalId(d.assignedTo.value),
                   dateOrNull(d.dueOn), std::string(domain::toString(d.resolution)),
                   optionalInstant(d.resolvedAt), optionalId(d.resolvedBy.value));
          },
      .writeInsertOnly =
          [](Params& p, const Denial& d) {
            append(p, sqlInt(d.remittanceId.value), sqlInt(d.remittanceClaimId.value),
                   sqlInt(d.claimId.value), optionalId(d.lineId.value), sqlInt(d.patientId.value),
                   sqlInt(d.payerId.value), sqlInt(d.responsibility), d.group, d.carc,
                   joinList(d.rarcs), sqlInt(d.amount.cents()), d.deniedOn.toString());
          },
  });
  return table;
}

Status SqlDenials::insertMany(const std::vector<Denial>& denials, Instant now) {
  domain::FieldErrors errors;
  for (std::size_t k = 0; k < denials.size(); ++k) {
    errors.append(domain::validate(denials[k]), "denials[" + std::to_string(k) + "].");
  }
  if (!errors.empty()) return errors.toError();
  const auto& texts = insertTexts();
  std::vector<SqlStatement> trip;
  std::size_t at = 0;
  while (at < denials.size()) {
    const std::size_t left = denials.size() - at;
    std::size_t s = kSizes - 1;
    while ((std::size_t{1} << s) > left) --s;
    const std::size_t rows = std::size_t{1} << s;
    SqlStatement st{texts[s], {}};
    st.params.reserve(rows * (kMutable.size() + kRecorded.size() + 3));
    for (std::size_t k = 0; k < rows; ++k) appendRow(st.params, denials[at + k], now);
    trip.push_back(std::move(st));
    at += rows;
    if (trip.size() == kStatementsPerTrip || at == denials.size()) {
      c_.queryAll(trip);
      trip.clear();
    }
  }
  return {};
}

std::optional<Denial> SqlDenials::get(OrganizationId org, DenialId id) {
  return denialTable().get(c_, org, id.value);
}

std::optional<app::DenialItem> SqlDenials::item(OrganizationId org, DenialId id) {
  auto rows = c_.query(itemSelect() + " WHERE d.id = ? AND d.organization_id = ?",
                       {sqlInt(id.value), sqlInt(org.value)});
  if (rows.empty()) return std::nullopt;
  return decodeItem(rows[0]);
}

Result<app::Page<app::DenialItem>> SqlDenials::list(const app::DenialQuery& q) {
  auto after = idAfter(q.page, "den");
  if (!after) return after.error();
  const int limit = clampLimit(q.page.limit);
  Params p;
  std::string sql = itemSelect() + conditions(q, p) + " AND d.id > ? ORDER BY d.id LIMIT ?";
  append(p, sqlInt(*after), sqlInt(limit + 1));
  const Rows rows = c_.query(sql, p);
  app::Page<app::DenialItem> out;
  const std::size_t n = std::min(rows.size(), static_cast<std::size_t>(limit));
  out.items.reserve(n);
  for (std::size_t k = 0; k < n; ++k) out.items.push_back(decodeItem(rows[k]));
  if (rows.size() > n && !out.items.empty()) {
    out.nextCursor = encodeIdCursor("den", out.items.back().denial.id.value);
  }
  return out;
}

std::vector<app::DenialTally> SqlDenials::tally(const app::DenialQuery& q,
                                                app::DenialGrouping grouping) {
  std::string keys;
  switch (grouping) {
    case app::DenialGrouping::kReason:
      keys = "d.group_code, d.carc, d.rarc";
      break;
    case app::DenialGrouping::kPayer:
      keys = "d.payer_id, py.name";
      break;
    case app::DenialGrouping::kAge:
      break;
  }
  const std::string by = (keys.empty() ? "" : keys + ", ") + "d.denied_on, e.location_id";
  Params p;
  std::string sql =
      "SELECT " + by + ", COUNT(*), SUM(d.amount_cents)" +
      " FROM denials d JOIN claims c ON c.id = d.claim_id JOIN encounters e ON "
      "e.id = c.encounter_id" +
      (grouping == app::DenialGrouping::kPayer ? " JOIN payers py ON py.id = d.payer_id" : "") +
      conditions(q, p) + " GROUP BY " + by;
  std::vector<app::DenialTally> out;
  for (const Row& row : c_.query(sql, p)) {
    Reader r(row);
    app::DenialTally t;
    if (grouping == app::DenialGrouping::kReason) {
      t.group = r.text();
      t.carc = r.text();
      t.rarc = r.text();
    } else if (grouping == app::DenialGrouping::kPayer) {
      t.payerId = r.id<domain::PayerId>();
      t.payerName = r.text();
    }
    t.deniedOn = r.requiredDate();
    t.locationId = r.id<domain::LocationId>();
    t.count = r.i64();
    t.amount = Money::fromCents(r.i64());
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Denial> SqlDenials::ofClaim(OrganizationId org, domain::ClaimId claim) {
  return denialTable().query(
      c_, denialTable().select("WHERE claim_id = ? AND organization_id = ? ORDER BY id"),
      {sqlInt(claim.value), sqlInt(org.value)});
}

Result<Denial> SqlDenials::update(const Denial& d, std::int64_t expectedVersion, Instant now) {
  return denialTable().update(c_, d, expectedVersion, now);
}

std::int64_t SqlDenials::resolveOpen(OrganizationId org, domain::ClaimId claim,
                                     domain::RemittanceClaimId remittanceClaim,
                                     domain::DenialResolution resolution, domain::UserId by,
                                     Instant now) {
  return c_.execute(
      "UPDATE denials SET state = 'resolved', resolution = ?, resolved_at = ?, resolved_by = ?, "
      "version = version + 1, updated_at = ? WHERE claim_id = ? AND organization_id = ? AND "
      "remittance_claim_id = ? AND state = 'open'",
      {std::string(domain::toString(resolution)), sqlInt(now.micros()), optionalId(by.value),
       sqlInt(now.micros()), sqlInt(claim.value), sqlInt(org.value),
       sqlInt(remittanceClaim.value)});
}

Result<app::DenialNote> SqlDenials::addNote(const app::DenialNote& note) {
  app::DenialNote out = note;
  out.id = domain::DenialNoteId(c_.insertId(
      "INSERT INTO denial_notes (organization_id, denial_id, author, body, created_at) VALUES "
      "(?, ?, ?, ?, ?)",
      {sqlInt(note.organizationId.value), sqlInt(note.denialId.value), sqlInt(note.author.value),
       note.body, sqlInt(note.createdAt.micros())}));
  return out;
}

std::vector<app::DenialNote> SqlDenials::notes(OrganizationId org, DenialId denial) {
  std::vector<app::DenialNote> out;
  for (const Row& row : c_.query(
           "SELECT n.id, n.organization_id, n.denial_id, n.author, COALESCE(u.display_name, ''), "
           "n.body, n.created_at FROM denial_notes n LEFT JOIN users u ON u.id = n.author "
           "WHERE n.denial_id = ? AND n.organization_id = ? ORDER BY n.id",
           {sqlInt(denial.value), sqlInt(org.value)})) {
    Reader r(row);
    app::DenialNote n;
    n.id = r.id<domain::DenialNoteId>();
    n.organizationId = r.id<OrganizationId>();
    n.denialId = r.id<DenialId>();
    n.author = r.id<domain::UserId>();
    n.authorName = r.text();
    n.body = r.text();
    n.createdAt = r.instant();
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace medoffice::storage
