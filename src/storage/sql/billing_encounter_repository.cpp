// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/billing_encounter_repository.hpp"

#include <unordered_map>

namespace medoffice::storage {

using domain::EncounterId;
using domain::Instant;
using domain::OrganizationId;

namespace {

std::string joinPointers(const std::vector<int>& pointers) {
  std::string out;
  for (int p : pointers) {
    if (!out.empty()) out += ',';
    out += std::to_string(p);
  }
  return out;
}

std::vector<int> splitPointers(const std::string& s) {
  std::vector<int> out;
  for (const auto& item : splitList(s)) {
    if (auto v = parseInteger(item)) out.push_back(static_cast<int>(*v));
  }
  return out;
}

}  // namespace

const Table<domain::Encounter>& encounterTable() {
  static const Table<domain::Encounter> table({
      .table = "encounters",
      .noun = "encounter",
      .cursorKind = "enc",
      .columns = {"provider_id", "location_id", "date_of_service", "diagnoses", "status",
                  "corrections", "finalized_at", "finalized_by", "primary_coverage_id",
                  "secondary_coverage_id", "tertiary_coverage_id", "primary_payer_id",
                  "secondary_payer_id", "tertiary_payer_id"},
      .insertOnlyColumns = {"patient_id", "appointment_id", "account_id"},
      .read =
          [](Reader& r, domain::Encounter& e) {
            e.providerId = r.id<domain::ProviderId>();
            e.locationId = r.id<domain::LocationId>();
            e.dateOfService = r.requiredDate();
            e.diagnoses = splitList(r.text());
            e.status =
                domain::parseEncounterStatus(r.text()).value_or(domain::EncounterStatus::kOpen);
            e.corrections = r.i32();
            e.finalizedAt = r.optionalInstant();
            e.finalizedBy = r.i64();
            for (auto& c : e.coverages) c = r.id<domain::CoverageId>();
            for (auto& p : e.payers) p = r.id<domain::PayerId>();
            e.patientId = r.id<domain::PatientId>();
            e.appointmentId = r.id<domain::AppointmentId>();
            e.accountId = r.id<domain::GuarantorAccountId>();
          },
      .write =
          [](Params& p, const domain::Encounter& e) {
            append(p, sqlInt(e.providerId.value), sqlInt(e.locationId.value),
                   e.dateOfService.toString(), joinList(e.diagnoses),
                   std::string(domain::toString(e.status)), sqlInt(e.corrections),
                   e.finalizedAt ? SqlValue(e.finalizedAt->micros()) : sqlNull(),
                   e.finalizedBy > 0 ? SqlValue(e.finalizedBy) : sqlNull());
            for (const auto& c : e.coverages) p.push_back(optionalId(c.value));
            for (const auto& payer : e.payers) p.push_back(optionalId(payer.value));
          },
      .writeInsertOnly =
          [](Params& p, const domain::Encounter& e) {
            append(p, sqlInt(e.patientId.value), optionalId(e.appointmentId.value),
                   sqlInt(e.accountId.value));
          },
  });
  return table;
}

const Table<app::LedgerLine>& chargeLineTable() {
  static const Table<app::LedgerLine> table({
      .table = "charge_lines",
      .noun = "charge line",
      .cursorKind = "line",
      .columns = {"encounter_id", "patient_id", "account_id", "revision", "line_number", "code",
                  "modifiers", "units", "diagnosis_pointers", "ndc_code", "ndc_unit",
                  "ndc_quantity_milli", "place_of_service", "rendering_provider_id",
                  "date_of_service", "charge_cents", "fee_from_schedule", "status"},
      .readOnlyColumns = {"owed_primary_cents", "owed_secondary_cents", "owed_tertiary_cents",
                          "owed_patient_cents"},
      .read =
          [](Reader& r, app::LedgerLine& l) {
            l.encounterId = r.id<domain::EncounterId>();
            l.patientId = r.id<domain::PatientId>();
            l.accountId = r.id<domain::GuarantorAccountId>();
            l.revision = r.i32();
            auto& c = l.line;
            c.lineNumber = r.i32();
            c.code = r.text();
            c.modifiers = splitList(r.text());
            c.units = r.i32();
            c.diagnosisPointers = splitPointers(r.text());
            std::string ndc = r.text();
            std::string unit = r.text();
            std::int64_t quantity = r.i64();
            if (!ndc.empty()) c.ndc = domain::NdcDetail{ndc, unit, quantity};
            c.placeOfService = r.text();
            c.renderingProviderId = r.id<domain::ProviderId>();
            c.dateOfService = r.date();
            c.charge = domain::Money::fromCents(r.i64());
            c.feeFromSchedule = r.boolean();
            l.status = r.text();
            for (auto& owed : l.balance.owed) owed = domain::Money::fromCents(r.i64());
          },
      .write =
          [](Params& p, const app::LedgerLine& l) {
            const auto& c = l.line;
            append(p, sqlInt(l.encounterId.value), sqlInt(l.patientId.value),
                   sqlInt(l.accountId.value), sqlInt(l.revision), sqlInt(c.lineNumber), c.code,
                   joinList(c.modifiers), sqlInt(c.units), joinPointers(c.diagnosisPointers),
                   c.ndc ? c.ndc->code : std::string(), c.ndc ? c.ndc->unit : std::string(),
                   sqlInt(c.ndc ? c.ndc->quantityMilli : 0), c.placeOfService,
                   optionalId(c.renderingProviderId.value), dateOrNull(c.dateOfService),
                   sqlInt(c.charge.cents()), sqlBool(c.feeFromSchedule), l.status);
          },
      .versioning = Versioning::kInsertOnly,
  });
  return table;
}

namespace {

/// The lines of `e` as rows to insert (open, at the encounter's corrections count).
std::vector<domain::ChargeLine> insertLines(SqlConnection& c, const domain::Encounter& e,
                                            const std::vector<domain::ChargeLine>& lines,
                                            Instant now) {
  std::vector<domain::ChargeLine> out;
  out.reserve(lines.size());
  for (const auto& line : lines) {
    app::LedgerLine row;
    row.organizationId = e.organizationId;
    row.encounterId = e.id;
    row.patientId = e.patientId;
    row.accountId = e.accountId;
    row.revision = e.corrections;
    row.status = "open";
    row.line = line;
    // The effective date is stored on every line: payments go to lines oldest service first.
    row.line.dateOfService = domain::serviceDate(e, line);
    auto stored = chargeLineTable().insert(c, row, now);
    // Lines have no unique columns: an insert fails only with the transaction (SqlError).
    out.push_back(row.line);  // as stored: with its date of service
    out.back().id = stored ? domain::ChargeLineId(stored->id.value) : domain::ChargeLineId();
  }
  return out;
}

const std::string& currentLinesSql() {
  static const std::string sql = chargeLineTable().select(
      "WHERE encounter_id = ? AND organization_id = ? AND status IN ('open', 'posted') ORDER BY "
      "line_number, id");
  return sql;
}

std::vector<domain::ChargeLine> linesOf(const Rows& rows) {
  std::vector<domain::ChargeLine> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    app::LedgerLine l = chargeLineTable().decode(row);
    l.line.id = l.id;
    out.push_back(std::move(l.line));
  }
  return out;
}

}  // namespace

Result<domain::Encounter> SqlEncounters::insert(const domain::Encounter& e, Instant now) {
  auto stored = encounterTable().insert(c_, e, now);
  if (!stored) return stored.error();
  stored->lines = insertLines(c_, *stored, e.lines, now);
  return stored;
}

Result<domain::Encounter> SqlEncounters::update(const domain::Encounter& e,
                                                std::int64_t expectedVersion, Instant now) {
  auto stored = encounterTable().update(c_, e, expectedVersion, now);
  if (!stored) return stored.error();
  stored->lines = e.lines;
  return stored;
}

std::vector<domain::ChargeLine> SqlEncounters::replaceOpenLines(const domain::Encounter& e,
                                                                Instant now) {
  // Open lines were never posted: no ledger entry names them, so they can go.
  c_.execute(
      "DELETE FROM charge_lines WHERE encounter_id = ? AND organization_id = ? AND status = "
      "'open'",
      {sqlInt(e.id.value), sqlInt(e.organizationId.value)});
  return insertLines(c_, e, e.lines, now);
}

std::vector<domain::ChargeLine> SqlEncounters::addLines(
    const domain::Encounter& e, const std::vector<domain::ChargeLine>& lines, Instant now) {
  return insertLines(c_, e, lines, now);
}

void SqlEncounters::markReplaced(OrganizationId org,
                                 const std::vector<domain::ChargeLineId>& lines) {
  for (auto id : lines) {
    c_.execute(
        "UPDATE charge_lines SET status = 'replaced' WHERE id = ? AND organization_id = ? AND "
        "status = 'posted'",
        {sqlInt(id.value), sqlInt(org.value)});
  }
}

std::optional<domain::Encounter> SqlEncounters::get(OrganizationId org, EncounterId id) {
  auto rows = c_.queryAll({encounterTable().getStatement(org, id.value),
                           {currentLinesSql(), {sqlInt(id.value), sqlInt(org.value)}}});
  if (rows[0].empty()) return std::nullopt;
  domain::Encounter e = encounterTable().decode(rows[0][0]);
  e.lines = linesOf(rows[1]);
  return e;
}

std::vector<domain::Encounter> SqlEncounters::getMany(OrganizationId org,
                                                      const std::vector<EncounterId>& ids) {
  std::vector<domain::Encounter> out;
  if (ids.empty()) return out;
  std::string in;
  Params p{sqlInt(org.value)};
  for (auto id : ids) {
    in += in.empty() ? "?" : ", ?";
    p.push_back(sqlInt(id.value));
  }
  // `+organization_id`: without statistics SQLite would take the practice's status index for
  // the organization and scan every encounter of the practice instead of looking up the ids
  // (bulk finalize became quadratic). PostgreSQL reads it as the same column.
  const std::string encSql =
      encounterTable().select("WHERE +organization_id = ? AND id IN (" + in + ")");
  const std::string lineSql = chargeLineTable().select(
      "WHERE organization_id = ? AND encounter_id IN (" + in +
      ") AND status IN ('open', 'posted') ORDER BY encounter_id, line_number, id");
  auto rows = c_.queryAll({{encSql, p}, {lineSql, p}});
  std::unordered_map<std::int64_t, domain::Encounter> byId;
  for (const auto& row : rows[0]) {
    domain::Encounter e = encounterTable().decode(row);
    byId.emplace(e.id.value, std::move(e));
  }
  for (const auto& row : rows[1]) {
    app::LedgerLine l = chargeLineTable().decode(row);
    auto it = byId.find(l.encounterId.value);
    if (it == byId.end()) continue;
    l.line.id = l.id;
    it->second.lines.push_back(std::move(l.line));
  }
  out.reserve(byId.size());
  for (auto id : ids) {
    auto it = byId.find(id.value);
    if (it != byId.end()) out.push_back(std::move(it->second));
  }
  return out;
}

std::optional<domain::Encounter> SqlEncounters::ofAppointment(OrganizationId org,
                                                              domain::AppointmentId a) {
  auto rows = c_.query(
      "SELECT id FROM encounters WHERE appointment_id = ? AND organization_id = ? AND status <> "
      "'voided'",
      {sqlInt(a.value), sqlInt(org.value)});
  if (rows.empty()) return std::nullopt;
  return get(org, EncounterId(rows[0].i64(0)));
}

Result<app::Page<domain::Encounter>> SqlEncounters::list(OrganizationId org, const Filter& f,
                                                         const app::PageRequest& page) {
  const int limit = clampLimit(page.limit);
  auto after = idAfter(page, "enc");
  if (!after) return after.error();
  std::string sql = encounterTable().select("WHERE organization_id = ? AND id > ?");
  Params p{sqlInt(org.value), sqlInt(*after)};
  andId(sql, p, "patient_id = ?", f.patient);
  andIf(sql, p, f.status.has_value(), "status = ?",
        f.status ? std::string(domain::toString(*f.status)) : std::string());
  andIf(sql, p, f.from.has_value(), "date_of_service >= ?",
        f.from ? f.from->toString() : std::string());
  andIf(sql, p, f.to.has_value(), "date_of_service <= ?", f.to ? f.to->toString() : std::string());
  sql += " ORDER BY id LIMIT ?";
  p.push_back(sqlInt(limit + 1));
  return pageOf<domain::Encounter>(c_.query(sql, p), limit, "enc",
                                   [](const Row& r) { return encounterTable().decode(r); });
}

std::vector<app::LedgerLine> SqlEncounters::history(OrganizationId org, EncounterId id) {
  static const std::string sql = chargeLineTable().select(
      "WHERE encounter_id = ? AND organization_id = ? ORDER BY revision, line_number, id");
  auto lines = chargeLineTable().query(c_, sql, {sqlInt(id.value), sqlInt(org.value)});
  for (auto& l : lines) l.line.id = l.id;
  return lines;
}

}  // namespace medoffice::storage
