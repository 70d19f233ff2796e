// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/patient_repository.hpp"

#include <algorithm>

namespace medoffice::storage {

using domain::Error;
using domain::Instant;
using domain::OrganizationId;

// ---- mappings --------------------------------------------------------------------------------

const Table<domain::Patient>& patientTable() {
  static const Table<domain::Patient> table({
      .table = "patients",
      .noun = "patient",
      .cursorKind = "pat",
      // family_key and given_key are the search keys of the names (domain::nameSearchKey).
      .columns = {"family_name",
                  "given_name",
                  "middle_name",
                  "family_key",
                  "given_key",
                  "birth_date",
                  "sex",
                  "phone",
                  "email",
                  "addr_line1",
                  "addr_line2",
                  "addr_city",
                  "addr_state",
                  "addr_postal_code",
                  "preferred_language",
                  "pref_channel",
                  "allow_sms",
                  "allow_email",
                  "allow_voice",
                  "allow_mail",
                  "ec_name",
                  "ec_relationship",
                  "ec_phone",
                  "g_relationship",
                  "g_family_name",
                  "g_given_name",
                  "g_birth_date",
                  "g_phone",
                  "g_addr_line1",
                  "g_addr_line2",
                  "g_addr_city",
                  "g_addr_state",
                  "g_addr_postal_code",
                  "status",
                  "merged_into_id"},
      .insertOnlyColumns = {"mrn"},
      .readOnlyColumns = {"account_id"},
      .read =
          [](Reader& r, domain::Patient& p) {
            p.familyName = r.text();
            p.givenName = r.text();
            p.middleName = r.text();
            r.skip(2);  // the search keys
            p.birthDate = r.requiredDate();
            p.sex = r.text();
            p.phone = r.text();
            p.email = r.text();
            p.address = r.address();
            p.preferredLanguage = r.text();
            p.contactPreferences.preferredChannel = r.text();
            p.contactPreferences.allowSms = r.boolean();
            p.contactPreferences.allowEmail = r.boolean();
            p.contactPreferences.allowVoice = r.boolean();
            p.contactPreferences.allowMail = r.boolean();
            p.emergencyContact.name = r.text();
            p.emergencyContact.relationship = r.text();
            p.emergencyContact.phone = r.text();
            p.guarantor.relationship = r.text();
            p.guarantor.familyName = r.text();
            p.guarantor.givenName = r.text();
            p.guarantor.birthDate = r.date();
            p.guarantor.phone = r.text();
            p.guarantor.address = r.address();
            p.status =
                domain::parsePatientStatus(r.text()).value_or(domain::PatientStatus::kActive);
            p.mergedInto = r.id<domain::PatientId>();
            p.mrn = r.text();
            p.accountId = r.id<domain::GuarantorAccountId>();
          },
      .write =
          [](Params& ps, const domain::Patient& p) {
            append(ps, p.familyName, p.givenName, p.middleName, domain::nameSearchKey(p.familyName),
                   domain::nameSearchKey(p.givenName), p.birthDate.toString(), p.sex, p.phone,
                   p.email);
            addAddress(ps, p.address);
            const auto& prefs = p.contactPreferences;
            append(ps, p.preferredLanguage, prefs.preferredChannel, sqlBool(prefs.allowSms),
                   sqlBool(prefs.allowEmail), sqlBool(prefs.allowVoice), sqlBool(prefs.allowMail),
                   p.emergencyContact.name, p.emergencyContact.relationship,
                   p.emergencyContact.phone, p.guarantor.relationship, p.guarantor.familyName,
                   p.guarantor.givenName, dateOrNull(p.guarantor.birthDate), p.guarantor.phone);
            addAddress(ps, p.guarantor.address);
            append(ps, std::string(toString(p.status)), optionalId(p.mergedInto.value));
          },
      .writeInsertOnly = [](Params& ps, const domain::Patient& p) { ps.emplace_back(p.mrn); },
  });
  return table;
}

const Table<domain::Coverage>& coverageTable() {
  static const Table<domain::Coverage> table({
      .table = "coverages",
      .noun = "coverage",
      .cursorKind = "cov",
      .columns = {"payer_id", "member_id", "group_number", "plan_name", "relationship",
                  "sub_family_name", "sub_given_name", "sub_birth_date", "sub_sex",
                  "sub_addr_line1", "sub_addr_line2", "sub_addr_city", "sub_addr_state",
                  "sub_addr_postal_code", "priority", "effective_date", "end_date", "copay_cents",
                  "active"},
      .insertOnlyColumns = {"patient_id"},
      .read =
          [](Reader& r, domain::Coverage& c) {
            c.payerId = r.id<domain::PayerId>();
            c.memberId = r.text();
            c.groupNumber = r.text();
            c.planName = r.text();
            c.relationship = r.text();
            c.subscriber.familyName = r.text();
            c.subscriber.givenName = r.text();
            c.subscriber.birthDate = r.date();
            c.subscriber.sex = r.text();
            c.subscriber.address = r.address();
            c.priority = static_cast<domain::CoveragePriority>(r.i64());
            c.effectiveDate = r.requiredDate();
            c.endDate = r.date();
            c.copay = domain::Money::fromCents(r.i64());
            c.active = r.boolean();
            c.patientId = r.id<domain::PatientId>();
          },
      .write =
          [](Params& p, const domain::Coverage& c) {
            append(p, sqlInt(c.payerId.value), c.memberId, c.groupNumber, c.planName,
                   c.relationship, c.subscriber.familyName, c.subscriber.givenName,
                   dateOrNull(c.subscriber.birthDate), c.subscriber.sex);
            addAddress(p, c.subscriber.address);
            append(p, sqlInt(static_cast<int>(c.priority)), c.effectiveDate.toString(),
                   dateOrNull(c.endDate), sqlInt(c.copay.cents()), sqlBool(c.active));
          },
      .writeInsertOnly = [](Params& p,
                            const domain::Coverage& c) { p.push_back(sqlInt(c.patientId.value)); },
  });
  return table;
}

// ---- patients --------------------------------------------------------------------------------

Result<domain::Patient> SqlPatients::insert(const domain::Patient& p, Instant now) {
  return patientTable().insert(c_, p, now);
}

Result<domain::Patient> SqlPatients::update(const domain::Patient& p, std::int64_t expected,
                                            Instant now) {
  return patientTable().update(c_, p, expected, now);
}

std::optional<domain::Patient> SqlPatients::get(OrganizationId org, domain::PatientId id) {
  return patientTable().get(c_, org, id.value);
}

std::optional<OrganizationId> SqlPatients::ownerOf(domain::PatientId id) {
  auto rows = c_.query("SELECT organization_id FROM patients WHERE id = ?", {sqlInt(id.value)});
  if (rows.empty()) return std::nullopt;
  return OrganizationId(rows[0].i64(0));
}

Result<app::Page<domain::Patient>> SqlPatients::search(OrganizationId org,
                                                       const app::PatientQuery& q) {
  const int limit = clampLimit(q.page.limit);
  std::string sql = patientTable().select("WHERE organization_id = ?");
  Params p{sqlInt(org.value)};
  auto prefix = [&](const char* col, const std::string& key) {
    if (key.empty()) return;
    std::string upper = key;
    upper.back() = static_cast<char>(upper.back() + 1);
    sql += std::string(" AND ") + col + " >= ? AND " + col + " < ?";
    p.emplace_back(key);
    p.emplace_back(upper);
  };
  // Name prefixes are ranges on (organization_id, family_key, given_key, id): the index both
  // finds and orders the rows, so a page costs O(limit) whatever the table size.
  prefix("family_key", q.familyPrefix);
  prefix("given_key", q.givenPrefix);
  if (q.birthDate) andIf(sql, p, true, "birth_date = ?", q.birthDate->toString());
  andIf(sql, p, !q.phone.empty(), "phone = ?", q.phone);
  andIf(sql, p, !q.mrn.empty(), "mrn = ?", q.mrn);
  if (!q.anyStatus) {
    sql += " AND status = ?";
    p.emplace_back(std::string(toString(q.status.value_or(domain::PatientStatus::kActive))));
  }
  if (!q.page.cursor.empty()) {
    // The cursor holds only the id of the last row, never a name: cursors travel in URLs.
    auto after = idAfter(q.page, "pat");
    if (!after) return after.error();
    auto keys =
        c_.query("SELECT family_key, given_key FROM patients WHERE id = ? AND organization_id = ?",
                 {sqlInt(*after), sqlInt(org.value)});
    if (keys.empty()) return Error::invalidField("cursor", "is not a cursor from this list");
    std::string fk = keys[0].text(0), gk = keys[0].text(1);
    sql +=
        " AND (family_key > ? OR (family_key = ? AND (given_key > ? OR (given_key = ? AND id > "
        "?))))";
    append(p, fk, fk, gk, gk, sqlInt(*after));
  }
  sql += " ORDER BY family_key, given_key, id LIMIT ?";
  p.push_back(sqlInt(limit + 1));
  return pageOf<domain::Patient>(c_.query(sql, p), limit, "pat",
                                 [](const Row& row) { return patientTable().decode(row); });
}

std::vector<domain::DuplicateCandidate> SqlPatients::findDuplicates(const domain::Patient& p,
                                                                    domain::PatientId exclude,
                                                                    int limit) {
  // One statement for both rules (a round trip less on PostgreSQL): name and birth date
  // matches first, then phone matches, each in id order.
  static const std::string kByName =
      "SELECT 0, id, mrn FROM (SELECT id, mrn FROM patients WHERE organization_id = ? AND "
      "family_key = ? AND given_key = ? AND birth_date = ? AND status <> 'merged' AND id <> ? "
      "ORDER BY id LIMIT ?) AS by_name";
  static const std::string kByNameOrPhone =
      kByName +
      " UNION ALL SELECT 1, id, mrn FROM (SELECT id, mrn FROM patients WHERE organization_id = "
      "? AND phone = ? AND status <> 'merged' AND id <> ? ORDER BY id LIMIT ?) AS by_phone";
  Params params{sqlInt(p.organizationId.value),
                domain::nameSearchKey(p.familyName),
                domain::nameSearchKey(p.givenName),
                p.birthDate.toString(),
                sqlInt(exclude.value),
                sqlInt(limit)};
  if (!p.phone.empty()) {
    append(params, sqlInt(p.organizationId.value), p.phone, sqlInt(exclude.value), sqlInt(limit));
  }
  auto rows = c_.query(p.phone.empty() ? kByName : kByNameOrPhone, params);
  // UNION ALL keeps no order: sort by rule, then id.
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::pair(a.i64(0), a.i64(1)) < std::pair(b.i64(0), b.i64(1));
  });
  std::vector<domain::DuplicateCandidate> out;
  for (const auto& r : rows) {
    domain::PatientId id(r.i64(1));
    if (static_cast<int>(out.size()) >= limit) break;
    if (std::any_of(out.begin(), out.end(), [&](const auto& d) { return d.id == id; })) continue;
    out.push_back({id, r.text(2), r.i64(0) == 0 ? "same name and birth date" : "same phone"});
  }
  return out;
}

void SqlPatients::recordMerge(OrganizationId org, const app::PatientMerge& m) {
  c_.execute(
      "INSERT INTO patient_merges (organization_id, target_id, source_id, source_mrn, "
      "coverages_moved, merged_at) VALUES (?, ?, ?, ?, ?, ?)",
      {sqlInt(org.value), sqlInt(m.target.value), sqlInt(m.source.value), m.sourceMrn,
       sqlInt(m.coveragesMoved), sqlInt(m.mergedAt.micros())});
}

std::vector<app::PatientMerge> SqlPatients::merges(OrganizationId org, domain::PatientId id) {
  std::vector<app::PatientMerge> out;
  for (const auto& row :
       c_.query("SELECT target_id, source_id, source_mrn, coverages_moved, merged_at FROM "
                "patient_merges WHERE organization_id = ? AND (target_id = ? OR source_id = ?) "
                "ORDER BY id",
                {sqlInt(org.value), sqlInt(id.value), sqlInt(id.value)})) {
    Reader r(row);
    app::PatientMerge m;
    m.target = r.id<domain::PatientId>();
    m.source = r.id<domain::PatientId>();
    m.sourceMrn = r.text();
    m.coveragesMoved = r.i64();
    m.mergedAt = r.instant();
    out.push_back(std::move(m));
  }
  return out;
}

// ---- coverages -------------------------------------------------------------------------------

Result<domain::Coverage> SqlCoverages::insert(const domain::Coverage& c, Instant now) {
  return coverageTable().insert(c_, c, now);
}

Result<domain::Coverage> SqlCoverages::update(const domain::Coverage& c, std::int64_t expected,
                                              Instant now) {
  return coverageTable().update(c_, c, expected, now);
}

std::optional<domain::Coverage> SqlCoverages::get(OrganizationId org, domain::CoverageId id) {
  return coverageTable().get(c_, org, id.value);
}

Result<app::Page<domain::Coverage>> SqlCoverages::list(OrganizationId org,
                                                       domain::PatientId patient,
                                                       const app::PageRequest& page) {
  if (!patient.valid()) return coverageTable().list(c_, org, page);
  return coverageTable().list(c_, org, page, {{"patient_id", sqlInt(patient.value)}});
}

std::optional<domain::PatientId> SqlCoverages::ownerPatient(domain::CoverageId id) {
  auto rows = c_.query("SELECT patient_id FROM coverages WHERE id = ?", {sqlInt(id.value)});
  if (rows.empty()) return std::nullopt;
  return domain::PatientId(rows[0].i64(0));
}

std::vector<domain::Coverage> SqlCoverages::activeForPatient(OrganizationId org,
                                                             domain::PatientId patient) {
  static const std::string sql = coverageTable().select(
      "WHERE organization_id = ? AND patient_id = ? AND active = 1 ORDER BY priority, id");
  return coverageTable().query(c_, sql, {sqlInt(org.value), sqlInt(patient.value)});
}

std::int64_t SqlCoverages::reassignPatient(OrganizationId org, domain::PatientId from,
                                           domain::PatientId to, Instant now) {
  return c_.execute(
      "UPDATE coverages SET patient_id = ?, version = version + 1, updated_at = ? WHERE "
      "organization_id = ? AND patient_id = ?",
      {sqlInt(to.value), sqlInt(now.micros()), sqlInt(org.value), sqlInt(from.value)});
}

Result<domain::Coverage> SqlCoverages::setActive(OrganizationId org, domain::CoverageId id,
                                                 bool active, std::int64_t expected, Instant now) {
  return coverageTable().setActive(c_, org, id.value, active, expected, now);
}

std::unordered_map<std::int64_t, std::string> patientNames(SqlConnection& c, OrganizationId org,
                                                           std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::unordered_map<std::int64_t, std::string> names;
  for (std::size_t at = 0; at < ids.size(); at += 500) {
    const std::size_t n = std::min<std::size_t>(500, ids.size() - at);
    // "+organization_id": look the ids up by primary key; without the plus SQLite walks an
    // index on organization_id (every patient of the practice).
    std::string sql =
        "SELECT id, family_name, given_name FROM patients WHERE +organization_id = ? AND id IN (";
    Params p{sqlInt(org.value)};
    for (std::size_t k = 0; k < n; ++k) {
      sql += k == 0 ? "?" : ",?";
      p.push_back(sqlInt(ids[at + k]));
    }
    sql += ")";
    for (const auto& row : c.query(sql, p)) {
      Reader r(row);
      const std::int64_t id = r.i64();
      std::string family = r.text();
      names[id] = family + ", " + r.text();
    }
  }
  return names;
}

}  // namespace medoffice::storage
