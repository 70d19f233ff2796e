// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/repositories.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "storage/sql/cursor.hpp"

namespace medoffice::storage {
namespace {

using app::Page;
using app::PageRequest;
using domain::Address;
using domain::Date;
using domain::Error;
using domain::Instant;
using domain::OrganizationId;
using domain::Result;

constexpr int kMaxLimit = 200;

int clampLimit(int limit) {
  return std::clamp(limit, 1, kMaxLimit);
}

/// Reads consecutive columns of a row.
class Reader {
 public:
  explicit Reader(const Row& r) : r_(r) {}
  std::int64_t i64() { return r_.i64(i_++); }
  std::string text() { return r_.text(i_++); }
  bool boolean() { return r_.boolean(i_++); }
  std::optional<Date> date() {
    if (r_.isNull(i_)) {
      ++i_;
      return std::nullopt;
    }
    return Date::parse(r_.text(i_++));
  }
  Date requiredDate() { return date().value_or(Date{}); }
  Instant instant() { return Instant::fromMicros(i64()); }
  Address address() {
    Address a;
    a.line1 = text();
    a.line2 = text();
    a.city = text();
    a.state = text();
    a.postalCode = text();
    return a;
  }
  domain::RecordMeta meta() {
    domain::RecordMeta m;
    m.version = i64();
    m.createdAt = instant();
    m.updatedAt = instant();
    return m;
  }

 private:
  const Row& r_;
  std::size_t i_ = 0;
};

void addAddress(Params& p, const Address& a) {
  p.emplace_back(a.line1);
  p.emplace_back(a.line2);
  p.emplace_back(a.city);
  p.emplace_back(a.state);
  p.emplace_back(a.postalCode);
}
SqlValue dateOrNull(const std::optional<Date>& d) {
  if (!d) return sqlNull();
  return d->toString();
}
SqlValue b(bool v) {
  return std::int64_t{v ? 1 : 0};
}
SqlValue i(std::int64_t v) {
  return v;
}
/// An optional reference: NULL for an unset id (0).
SqlValue optionalId(std::int64_t v) {
  return v > 0 ? SqlValue(v) : SqlValue(std::monostate{});
}

constexpr const char* kAddr = "addr_line1, addr_line2, addr_city, addr_state, addr_postal_code";

/// Runs an INSERT/UPDATE, turning unique violations into conflicts naming the field.
template <class F>
Result<std::int64_t> guarded(F&& f, const char* what) {
  try {
    return f();
  } catch (const SqlError& e) {
    if (e.kind() == SqlError::Kind::kUnique) {
      std::string field = e.constraintField();
      return Error::conflict(std::string("Another ") + what + " already uses this " + field + ".",
                             {{field, "is already in use"}});
    }
    throw;
  }
}

/// Parses an id cursor; kInvalid names the `cursor` field.
Result<std::int64_t> idAfter(const PageRequest& page, const char* kind) {
  if (page.cursor.empty()) return std::int64_t{0};
  auto parts = decodeCursor(kind, page.cursor, 1);
  std::int64_t id = 0;
  if (parts) {
    const auto& s = (*parts)[0];
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec == std::errc() && p == s.data() + s.size() && id >= 0) return id;
  }
  return Error::invalidField("cursor", "is not a cursor from this list");
}

template <class T, class F>
Page<T> pageOf(const Rows& rows, int limit, const char* kind, F&& decode) {
  Page<T> out;
  for (std::size_t k = 0; k < rows.size() && static_cast<int>(k) < limit; ++k) {
    out.items.push_back(decode(rows[k]));
  }
  if (static_cast<int>(rows.size()) > limit) {
    out.nextCursor = encodeCursor(kind, {std::to_string(out.items.back().id.value)});
  }
  return out;
}

/// A version-checked UPDATE touched no row: tell "gone" from "changed by someone else".
Error missingOrStale(SqlConnection& c, const char* table, std::int64_t org, std::int64_t id,
                     const char* what) {
  std::string sql = std::string("SELECT 1 FROM ") + table + " WHERE id = ?" +
                    (std::string(table) == "organizations" ? "" : " AND organization_id = ?");
  Params p{i(id)};
  if (std::string(table) != "organizations") p.emplace_back(org);
  if (c.query(sql, p).empty()) return Error::notFound(std::string(what) + " not found");
  return Error::versionMismatch();
}

// ---------------------------------------------------------------------------------------------
class SqlOrganizations final : public app::OrganizationRepository {
 public:
  explicit SqlOrganizations(SqlConnection& c) : c_(c) {}

  static constexpr const char* kCols =
      "id, legal_name, npi, tin, taxonomy, phone, addr_line1, addr_line2, addr_city, addr_state, "
      "addr_postal_code, active, version, created_at, updated_at";

  static domain::Organization decode(const Row& row) {
    Reader r(row);
    domain::Organization o;
    o.id = OrganizationId(r.i64());
    o.legalName = r.text();
    o.npi = r.text();
    o.tin = r.text();
    o.taxonomy = r.text();
    o.phone = r.text();
    o.billingAddress = r.address();
    o.active = r.boolean();
    o.meta = r.meta();
    return o;
  }
  static Params fields(const domain::Organization& o) {
    Params p{o.legalName, o.npi, o.tin, o.taxonomy, o.phone};
    addAddress(p, o.billingAddress);
    p.push_back(b(o.active));
    return p;
  }

  Result<domain::Organization> insert(const domain::Organization& o, Instant now) override {
    Params p = fields(o);
    p.push_back(i(now.micros()));
    p.push_back(i(now.micros()));
    auto id = guarded(
        [&] {
          return c_.insertId(
              std::string("INSERT INTO organizations (legal_name, npi, tin, taxonomy, "
                          "phone, ") +
                  kAddr +
                  ", active, version, created_at, updated_at) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
              p);
        },
        "organization");
    if (!id) return id.error();
    return *get(OrganizationId(*id));
  }

  Result<domain::Organization> update(const domain::Organization& o, std::int64_t expected,
                                      Instant now) override {
    Params p = fields(o);
    p.push_back(i(now.micros()));
    p.push_back(i(o.id.value));
    p.push_back(i(expected));
    auto n = guarded(
        [&] {
          return c_.execute(
              "UPDATE organizations SET legal_name = ?, npi = ?, tin = ?, taxonomy = ?, phone = ?, "
              "addr_line1 = ?, addr_line2 = ?, addr_city = ?, addr_state = ?, addr_postal_code = "
              "?, "
              "active = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
              p);
        },
        "organization");
    if (!n) return n.error();
    if (*n == 0) return missingOrStale(c_, "organizations", 0, o.id.value, "organization");
    return *get(o.id);
  }

  std::optional<domain::Organization> get(OrganizationId id) override {
    auto rows = c_.query(std::string("SELECT ") + kCols + " FROM organizations WHERE id = ?",
                         {i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decode(rows[0]);
  }

  Result<Page<domain::Organization>> list(const PageRequest& page) override {
    auto after = idAfter(page, "org");
    if (!after) return after.error();
    int limit = clampLimit(page.limit);
    auto rows =
        c_.query(std::string("SELECT ") + kCols + " FROM organizations WHERE id > ?" +
                     (page.includeInactive ? "" : " AND active = 1") + " ORDER BY id LIMIT ?",
                 {i(*after), i(limit + 1)});
    return pageOf<domain::Organization>(rows, limit, "org", decode);
  }

  std::optional<OrganizationId> defaultOrganization() override {
    auto rows = c_.query("SELECT MIN(id) FROM organizations WHERE active = 1", {});
    if (rows.empty() || rows[0].isNull(0)) return std::nullopt;
    return OrganizationId(rows[0].i64(0));
  }

 private:
  SqlConnection& c_;
};

// ---------------------------------------------------------------------------------------------
class SqlLocations final : public app::LocationRepository {
 public:
  explicit SqlLocations(SqlConnection& c) : c_(c) {}
  static constexpr const char* kCols =
      "id, organization_id, name, addr_line1, addr_line2, addr_city, addr_state, addr_postal_code, "
      "place_of_service, time_zone, phone, active, version, created_at, updated_at";

  static domain::Location decode(const Row& row) {
    Reader r(row);
    domain::Location l;
    l.id = domain::LocationId(r.i64());
    l.organizationId = OrganizationId(r.i64());
    l.name = r.text();
    l.address = r.address();
    l.placeOfService = r.text();
    l.timeZone = r.text();
    l.phone = r.text();
    l.active = r.boolean();
    l.meta = r.meta();
    return l;
  }
  static Params fields(const domain::Location& l) {
    Params p{l.name};
    addAddress(p, l.address);
    p.emplace_back(l.placeOfService);
    p.emplace_back(l.timeZone);
    p.emplace_back(l.phone);
    p.push_back(b(l.active));
    return p;
  }

  Result<domain::Location> insert(const domain::Location& l, Instant now) override {
    Params p = fields(l);
    p.push_back(i(l.organizationId.value));
    p.push_back(i(now.micros()));
    p.push_back(i(now.micros()));
    auto id = c_.insertId(std::string("INSERT INTO locations (name, ") + kAddr +
                              ", place_of_service, time_zone, phone, active, organization_id, "
                              "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                              "?, ?, 1, ?, ?)",
                          p);
    return *get(l.organizationId, domain::LocationId(id));
  }

  Result<domain::Location> update(const domain::Location& l, std::int64_t expected,
                                  Instant now) override {
    Params p = fields(l);
    p.push_back(i(now.micros()));
    p.push_back(i(l.id.value));
    p.push_back(i(l.organizationId.value));
    p.push_back(i(expected));
    auto n = c_.execute(
        "UPDATE locations SET name = ?, addr_line1 = ?, addr_line2 = ?, addr_city = ?, "
        "addr_state = ?, addr_postal_code = ?, place_of_service = ?, time_zone = ?, phone = ?, "
        "active = ?, version = version + 1, updated_at = ? WHERE id = ? AND organization_id = ? "
        "AND version = ?",
        p);
    if (n == 0) {
      return missingOrStale(c_, "locations", l.organizationId.value, l.id.value, "location");
    }
    return *get(l.organizationId, l.id);
  }

  std::optional<domain::Location> get(OrganizationId org, domain::LocationId id) override {
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM locations WHERE id = ? AND organization_id = ?",
        {i(id.value), i(org.value)});
    if (rows.empty()) return std::nullopt;
    return decode(rows[0]);
  }

  Result<Page<domain::Location>> list(OrganizationId org, const PageRequest& page) override {
    auto after = idAfter(page, "loc");
    if (!after) return after.error();
    int limit = clampLimit(page.limit);
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM locations WHERE organization_id = ? AND id > ?" +
            (page.includeInactive ? "" : " AND active = 1") + " ORDER BY id LIMIT ?",
        {i(org.value), i(*after), i(limit + 1)});
    return pageOf<domain::Location>(rows, limit, "loc", decode);
  }

 private:
  SqlConnection& c_;
};

// ---------------------------------------------------------------------------------------------
class SqlProviders final : public app::ProviderRepository {
 public:
  explicit SqlProviders(SqlConnection& c) : c_(c) {}
  static constexpr const char* kCols =
      "id, organization_id, family_name, given_name, credentials, npi, taxonomy, specialty, "
      "active, version, created_at, updated_at";

  static domain::Provider decode(const Row& row) {
    Reader r(row);
    domain::Provider p;
    p.id = domain::ProviderId(r.i64());
    p.organizationId = OrganizationId(r.i64());
    p.familyName = r.text();
    p.givenName = r.text();
    p.credentials = r.text();
    p.npi = r.text();
    p.taxonomy = r.text();
    p.specialty = r.text();
    p.active = r.boolean();
    p.meta = r.meta();
    return p;
  }
  static Params fields(const domain::Provider& p) {
    return {p.familyName, p.givenName, p.credentials, p.npi, p.taxonomy, p.specialty, b(p.active)};
  }

  void loadLocations(domain::Provider& p) {
    for (const auto& row : c_.query("SELECT location_id FROM provider_locations WHERE provider_id "
                                    "= ? ORDER BY location_id",
                                    {i(p.id.value)})) {
      p.locationIds.emplace_back(row.i64(0));
    }
  }
  void saveLocations(const domain::Provider& p) {
    c_.execute("DELETE FROM provider_locations WHERE provider_id = ?", {i(p.id.value)});
    for (auto loc : p.locationIds) {
      c_.execute(
          "INSERT INTO provider_locations (organization_id, provider_id, location_id) VALUES (?, "
          "?, ?)",
          {i(p.organizationId.value), i(p.id.value), i(loc.value)});
    }
  }

  Result<domain::Provider> insert(const domain::Provider& p, Instant now) override {
    Params ps = fields(p);
    ps.push_back(i(p.organizationId.value));
    ps.push_back(i(now.micros()));
    ps.push_back(i(now.micros()));
    auto id = guarded(
        [&] {
          return c_.insertId(
              "INSERT INTO providers (family_name, given_name, credentials, npi, taxonomy, "
              "specialty, active, organization_id, version, created_at, updated_at) VALUES "
              "(?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
              ps);
        },
        "provider");
    if (!id) return id.error();
    domain::Provider stored = p;
    stored.id = domain::ProviderId(*id);
    saveLocations(stored);
    return *get(p.organizationId, stored.id);
  }

  Result<domain::Provider> update(const domain::Provider& p, std::int64_t expected,
                                  Instant now) override {
    Params ps = fields(p);
    ps.push_back(i(now.micros()));
    ps.push_back(i(p.id.value));
    ps.push_back(i(p.organizationId.value));
    ps.push_back(i(expected));
    auto n = guarded(
        [&] {
          return c_.execute(
              "UPDATE providers SET family_name = ?, given_name = ?, credentials = ?, npi = ?, "
              "taxonomy = ?, specialty = ?, active = ?, version = version + 1, updated_at = ? "
              "WHERE id = ? AND organization_id = ? AND version = ?",
              ps);
        },
        "provider");
    if (!n) return n.error();
    if (*n == 0) {
      return missingOrStale(c_, "providers", p.organizationId.value, p.id.value, "provider");
    }
    saveLocations(p);
    return *get(p.organizationId, p.id);
  }

  std::optional<domain::Provider> get(OrganizationId org, domain::ProviderId id) override {
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM providers WHERE id = ? AND organization_id = ?",
        {i(id.value), i(org.value)});
    if (rows.empty()) return std::nullopt;
    auto p = decode(rows[0]);
    loadLocations(p);
    return p;
  }

  Result<Page<domain::Provider>> list(OrganizationId org, const PageRequest& page) override {
    auto after = idAfter(page, "prov");
    if (!after) return after.error();
    int limit = clampLimit(page.limit);
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM providers WHERE organization_id = ? AND id > ?" +
            (page.includeInactive ? "" : " AND active = 1") + " ORDER BY id LIMIT ?",
        {i(org.value), i(*after), i(limit + 1)});
    auto out = pageOf<domain::Provider>(rows, limit, "prov", decode);
    for (auto& p : out.items) loadLocations(p);
    return out;
  }

 private:
  SqlConnection& c_;
};

// ---------------------------------------------------------------------------------------------
class SqlPayers final : public app::PayerRepository {
 public:
  explicit SqlPayers(SqlConnection& c) : c_(c) {}
  static constexpr const char* kCols =
      "id, organization_id, name, x12_payer_id, claim_filing_indicator, timely_filing_days, phone, "
      "addr_line1, addr_line2, addr_city, addr_state, addr_postal_code, active, version, "
      "created_at, updated_at";

  static domain::Payer decode(const Row& row) {
    Reader r(row);
    domain::Payer p;
    p.id = domain::PayerId(r.i64());
    p.organizationId = OrganizationId(r.i64());
    p.name = r.text();
    p.x12PayerId = r.text();
    p.claimFilingIndicator = r.text();
    p.timelyFilingDays = static_cast<int>(r.i64());
    p.phone = r.text();
    p.address = r.address();
    p.active = r.boolean();
    p.meta = r.meta();
    return p;
  }
  static Params fields(const domain::Payer& p) {
    Params ps{p.name, p.x12PayerId, p.claimFilingIndicator, i(p.timelyFilingDays), p.phone};
    addAddress(ps, p.address);
    ps.push_back(b(p.active));
    return ps;
  }

  Result<domain::Payer> insert(const domain::Payer& p, Instant now) override {
    Params ps = fields(p);
    ps.push_back(i(p.organizationId.value));
    ps.push_back(i(now.micros()));
    ps.push_back(i(now.micros()));
    auto id = c_.insertId(std::string("INSERT INTO payers (name, x12_payer_id, "
                                      "claim_filing_indicator, timely_filing_days, phone, ") +
                              kAddr +
                              ", active, organization_id, version, created_at, updated_at) VALUES "
                              "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                          ps);
    return *get(p.organizationId, domain::PayerId(id));
  }

  Result<domain::Payer> update(const domain::Payer& p, std::int64_t expected,
                               Instant now) override {
    Params ps = fields(p);
    ps.push_back(i(now.micros()));
    ps.push_back(i(p.id.value));
    ps.push_back(i(p.organizationId.value));
    ps.push_back(i(expected));
    auto n = c_.execute(
        "UPDATE payers SET name = ?, x12_payer_id = ?, claim_filing_indicator = ?, "
        "timely_filing_days = ?, phone = ?, addr_line1 = ?, addr_line2 = ?, addr_city = ?, "
        "addr_state = ?, addr_postal_code = ?, active = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND organization_id = ? AND version = ?",
        ps);
    if (n == 0) return missingOrStale(c_, "payers", p.organizationId.value, p.id.value, "payer");
    return *get(p.organizationId, p.id);
  }

  std::optional<domain::Payer> get(OrganizationId org, domain::PayerId id) override {
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM payers WHERE id = ? AND organization_id = ?",
        {i(id.value), i(org.value)});
    if (rows.empty()) return std::nullopt;
    return decode(rows[0]);
  }

  Result<Page<domain::Payer>> list(OrganizationId org, const PageRequest& page) override {
    auto after = idAfter(page, "payer");
    if (!after) return after.error();
    int limit = clampLimit(page.limit);
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM payers WHERE organization_id = ? AND id > ?" +
            (page.includeInactive ? "" : " AND active = 1") + " ORDER BY id LIMIT ?",
        {i(org.value), i(*after), i(limit + 1)});
    return pageOf<domain::Payer>(rows, limit, "payer", decode);
  }

 private:
  SqlConnection& c_;
};

// ---------------------------------------------------------------------------------------------
class SqlCoverages final : public app::CoverageRepository {
 public:
  explicit SqlCoverages(SqlConnection& c) : c_(c) {}
  static constexpr const char* kCols =
      "id, organization_id, patient_id, payer_id, member_id, group_number, plan_name, "
      "relationship, sub_family_name, sub_given_name, sub_birth_date, sub_sex, sub_addr_line1, "
      "sub_addr_line2, sub_addr_city, sub_addr_state, sub_addr_postal_code, priority, "
      "effective_date, end_date, copay_cents, active, version, created_at, updated_at";

  static domain::Coverage decode(const Row& row) {
    Reader r(row);
    domain::Coverage c;
    c.id = domain::CoverageId(r.i64());
    c.organizationId = OrganizationId(r.i64());
    c.patientId = domain::PatientId(r.i64());
    c.payerId = domain::PayerId(r.i64());
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
    c.meta = r.meta();
    return c;
  }
  static Params fields(const domain::Coverage& c) {
    Params p{i(c.payerId.value),     c.memberId,
             c.groupNumber,          c.planName,
             c.relationship,         c.subscriber.familyName,
             c.subscriber.givenName, dateOrNull(c.subscriber.birthDate),
             c.subscriber.sex};
    addAddress(p, c.subscriber.address);
    p.push_back(i(static_cast<int>(c.priority)));
    p.emplace_back(c.effectiveDate.toString());
    p.push_back(dateOrNull(c.endDate));
    p.push_back(i(c.copay.cents()));
    p.push_back(b(c.active));
    return p;
  }

  Result<domain::Coverage> insert(const domain::Coverage& c, Instant now) override {
    Params p = fields(c);
    p.push_back(i(c.organizationId.value));
    p.push_back(i(c.patientId.value));
    p.push_back(i(now.micros()));
    p.push_back(i(now.micros()));
    auto id = c_.insertId(
        "INSERT INTO coverages (payer_id, member_id, group_number, plan_name, "
        "relationship, sub_family_name, sub_given_name, sub_birth_date, sub_sex, "
        "sub_addr_line1, sub_addr_line2, sub_addr_city, sub_addr_state, "
        "sub_addr_postal_code, priority, effective_date, end_date, copay_cents, "
        "active, organization_id, patient_id, version, created_at, updated_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        p);
    return *get(c.organizationId, domain::CoverageId(id));
  }

  Result<domain::Coverage> update(const domain::Coverage& c, std::int64_t expected,
                                  Instant now) override {
    Params p = fields(c);
    p.push_back(i(now.micros()));
    p.push_back(i(c.id.value));
    p.push_back(i(c.organizationId.value));
    p.push_back(i(expected));
    auto n = c_.execute(
        "UPDATE coverages SET payer_id = ?, member_id = ?, group_number = ?, plan_name = ?, "
        "relationship = ?, sub_family_name = ?, sub_given_name = ?, sub_birth_date = ?, "
        "sub_sex = ?, sub_addr_line1 = ?, sub_addr_line2 = ?, sub_addr_city = ?, "
        "sub_addr_state = ?, sub_addr_postal_code = ?, priority = ?, effective_date = ?, "
        "end_date = ?, copay_cents = ?, active = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND organization_id = ? AND version = ?",
        p);
    if (n == 0) {
      return missingOrStale(c_, "coverages", c.organizationId.value, c.id.value, "coverage");
    }
    return *get(c.organizationId, c.id);
  }

  std::optional<domain::Coverage> get(OrganizationId org, domain::CoverageId id) override {
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM coverages WHERE id = ? AND organization_id = ?",
        {i(id.value), i(org.value)});
    if (rows.empty()) return std::nullopt;
    return decode(rows[0]);
  }

  Result<Page<domain::Coverage>> list(OrganizationId org, domain::PatientId patient,
                                      const PageRequest& page) override {
    auto after = idAfter(page, "cov");
    if (!after) return after.error();
    int limit = clampLimit(page.limit);
    std::string sql = std::string("SELECT ") + kCols + " FROM coverages WHERE organization_id = ?";
    Params p{i(org.value)};
    if (patient.valid()) {
      sql += " AND patient_id = ?";
      p.push_back(i(patient.value));
    }
    sql += " AND id > ?";
    p.push_back(i(*after));
    if (!page.includeInactive) sql += " AND active = 1";
    sql += " ORDER BY id LIMIT ?";
    p.push_back(i(limit + 1));
    return pageOf<domain::Coverage>(c_.query(sql, p), limit, "cov", decode);
  }

  std::optional<domain::PatientId> ownerPatient(domain::CoverageId id) override {
    auto rows = c_.query("SELECT patient_id FROM coverages WHERE id = ?", {i(id.value)});
    if (rows.empty()) return std::nullopt;
    return domain::PatientId(rows[0].i64(0));
  }

  std::vector<domain::Coverage> activeForPatient(OrganizationId org,
                                                 domain::PatientId patient) override {
    std::vector<domain::Coverage> out;
    for (const auto& row :
         c_.query(std::string("SELECT ") + kCols +
                      " FROM coverages WHERE organization_id = ? AND patient_id = ? AND active = 1 "
                      "ORDER BY priority, id",
                  {i(org.value), i(patient.value)})) {
      out.push_back(decode(row));
    }
    return out;
  }

  std::int64_t reassignPatient(OrganizationId org, domain::PatientId from, domain::PatientId to,
                               Instant now) override {
    return c_.execute(
        "UPDATE coverages SET patient_id = ?, version = version + 1, updated_at = ? WHERE "
        "organization_id = ? AND patient_id = ?",
        {i(to.value), i(now.micros()), i(org.value), i(from.value)});
  }

 private:
  SqlConnection& c_;
};

// ---------------------------------------------------------------------------------------------
class SqlPatients final : public app::PatientRepository {
 public:
  explicit SqlPatients(SqlConnection& c) : c_(c) {}
  static constexpr const char* kCols =
      "id, organization_id, mrn, family_name, given_name, middle_name, birth_date, sex, phone, "
      "email, addr_line1, addr_line2, addr_city, addr_state, addr_postal_code, "
      "preferred_language, pref_channel, allow_sms, allow_email, allow_voice, allow_mail, ec_name, "
      "ec_relationship, ec_phone, g_relationship, g_family_name, g_given_name, g_birth_date, "
      "g_phone, g_addr_line1, g_addr_line2, g_addr_city, g_addr_state, g_addr_postal_code, "
      "status, merged_into_id, version, created_at, updated_at";

  static domain::Patient decode(const Row& row) {
    Reader r(row);
    domain::Patient p;
    p.id = domain::PatientId(r.i64());
    p.organizationId = OrganizationId(r.i64());
    p.mrn = r.text();
    p.familyName = r.text();
    p.givenName = r.text();
    p.middleName = r.text();
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
    p.status = domain::parsePatientStatus(r.text()).value_or(domain::PatientStatus::kActive);
    p.mergedInto = domain::PatientId(r.i64());
    p.meta = r.meta();
    return p;
  }

  static Params fields(const domain::Patient& p) {
    Params ps{p.familyName,
              p.givenName,
              p.middleName,
              domain::nameSearchKey(p.familyName),
              domain::nameSearchKey(p.givenName),
              p.birthDate.toString(),
              p.sex,
              p.phone,
              p.email};
    addAddress(ps, p.address);
    ps.emplace_back(p.preferredLanguage);
    ps.emplace_back(p.contactPreferences.preferredChannel);
    ps.push_back(b(p.contactPreferences.allowSms));
    ps.push_back(b(p.contactPreferences.allowEmail));
    ps.push_back(b(p.contactPreferences.allowVoice));
    ps.push_back(b(p.contactPreferences.allowMail));
    ps.emplace_back(p.emergencyContact.name);
    ps.emplace_back(p.emergencyContact.relationship);
    ps.emplace_back(p.emergencyContact.phone);
    ps.emplace_back(p.guarantor.relationship);
    ps.emplace_back(p.guarantor.familyName);
    ps.emplace_back(p.guarantor.givenName);
    ps.push_back(dateOrNull(p.guarantor.birthDate));
    ps.emplace_back(p.guarantor.phone);
    addAddress(ps, p.guarantor.address);
    ps.emplace_back(std::string(toString(p.status)));
    ps.push_back(p.mergedInto.valid() ? SqlValue(p.mergedInto.value) : sqlNull());
    return ps;
  }

  static constexpr const char* kFieldCols =
      "family_name, given_name, middle_name, family_key, given_key, birth_date, sex, phone, email, "
      "addr_line1, addr_line2, addr_city, addr_state, addr_postal_code, preferred_language, "
      "pref_channel, allow_sms, allow_email, allow_voice, allow_mail, ec_name, ec_relationship, "
      "ec_phone, g_relationship, g_family_name, g_given_name, g_birth_date, g_phone, "
      "g_addr_line1, g_addr_line2, g_addr_city, g_addr_state, g_addr_postal_code, status, "
      "merged_into_id";

  Result<domain::Patient> insert(const domain::Patient& p, Instant now) override {
    Params ps = fields(p);
    ps.push_back(i(p.organizationId.value));
    ps.emplace_back(p.mrn);
    ps.push_back(i(now.micros()));
    ps.push_back(i(now.micros()));
    std::string sql = std::string("INSERT INTO patients (") + kFieldCols +
                      ", organization_id, mrn, version, created_at, updated_at) VALUES (";
    for (std::size_t k = 0; k < ps.size() - 2; ++k) sql += "?, ";
    sql += "1, ?, ?)";
    auto id = guarded([&] { return c_.insertId(sql, ps); }, "patient");
    if (!id) return id.error();
    domain::Patient stored = p;
    stored.id = domain::PatientId(*id);
    stored.meta = {1, now, now};
    return stored;
  }

  Result<domain::Patient> update(const domain::Patient& p, std::int64_t expected,
                                 Instant now) override {
    Params ps = fields(p);
    ps.push_back(i(now.micros()));
    ps.push_back(i(p.id.value));
    ps.push_back(i(p.organizationId.value));
    ps.push_back(i(expected));
    auto n = c_.execute(
        "UPDATE patients SET family_name = ?, given_name = ?, middle_name = ?, family_key = ?, "
        "given_key = ?, birth_date = ?, sex = ?, phone = ?, email = ?, addr_line1 = ?, "
        "addr_line2 = ?, addr_city = ?, addr_state = ?, addr_postal_code = ?, "
        "preferred_language = ?, pref_channel = ?, allow_sms = ?, allow_email = ?, "
        "allow_voice = ?, allow_mail = ?, ec_name = ?, ec_relationship = ?, ec_phone = ?, "
        "g_relationship = ?, g_family_name = ?, g_given_name = ?, g_birth_date = ?, g_phone = ?, "
        "g_addr_line1 = ?, g_addr_line2 = ?, g_addr_city = ?, g_addr_state = ?, "
        "g_addr_postal_code = ?, status = ?, merged_into_id = ?, version = version + 1, "
        "updated_at = ? WHERE id = ? AND organization_id = ? AND version = ?",
        ps);
    if (n == 0) {
      return missingOrStale(c_, "patients", p.organizationId.value, p.id.value, "patient");
    }
    return *get(p.organizationId, p.id);
  }

  std::optional<domain::Patient> get(OrganizationId org, domain::PatientId id) override {
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM patients WHERE id = ? AND organization_id = ?",
        {i(id.value), i(org.value)});
    if (rows.empty()) return std::nullopt;
    return decode(rows[0]);
  }

  Result<Page<domain::Patient>> search(OrganizationId org, const app::PatientQuery& q) override {
    int limit = clampLimit(q.page.limit);
    std::string sql = std::string("SELECT ") + kCols + " FROM patients WHERE organization_id = ?";
    Params p{i(org.value)};
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
    if (q.birthDate) {
      sql += " AND birth_date = ?";
      p.emplace_back(q.birthDate->toString());
    }
    if (!q.phone.empty()) {
      sql += " AND phone = ?";
      p.emplace_back(q.phone);
    }
    if (!q.mrn.empty()) {
      sql += " AND mrn = ?";
      p.emplace_back(q.mrn);
    }
    if (!q.anyStatus) {
      sql += " AND status = ?";
      p.emplace_back(std::string(toString(q.status.value_or(domain::PatientStatus::kActive))));
    }
    if (!q.page.cursor.empty()) {
      // The cursor holds only the id of the last row, never a name: cursors travel in URLs.
      auto after = idAfter(q.page, "pat");
      if (!after) return after.error();
      auto keys = c_.query(
          "SELECT family_key, given_key FROM patients WHERE id = ? AND "
          "organization_id = ?",
          {i(*after), i(org.value)});
      if (keys.empty()) return Error::invalidField("cursor", "is not a cursor from this list");
      std::string fk = keys[0].text(0), gk = keys[0].text(1);
      sql +=
          " AND (family_key > ? OR (family_key = ? AND (given_key > ? OR (given_key = ? AND id > "
          "?))))";
      p.insert(p.end(), {fk, fk, gk, gk, i(*after)});
    }
    sql += " ORDER BY family_key, given_key, id LIMIT ?";
    p.push_back(i(limit + 1));
    auto rows = c_.query(sql, p);
    return pageOf<domain::Patient>(rows, limit, "pat", decode);
  }

  std::optional<OrganizationId> ownerOf(domain::PatientId id) override {
    auto rows = c_.query("SELECT organization_id FROM patients WHERE id = ?", {i(id.value)});
    if (rows.empty()) return std::nullopt;
    return OrganizationId(rows[0].i64(0));
  }

  std::vector<domain::DuplicateCandidate> findDuplicates(const domain::Patient& p,
                                                         domain::PatientId exclude,
                                                         int limit) override {
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
    Params params{i(p.organizationId.value),
                  domain::nameSearchKey(p.familyName),
                  domain::nameSearchKey(p.givenName),
                  p.birthDate.toString(),
                  i(exclude.value),
                  i(limit)};
    if (!p.phone.empty()) {
      params.emplace_back(i(p.organizationId.value));
      params.emplace_back(p.phone);
      params.emplace_back(i(exclude.value));
      params.emplace_back(i(limit));
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

  void recordMerge(OrganizationId org, const app::PatientMerge& m) override {
    c_.execute(
        "INSERT INTO patient_merges (organization_id, target_id, source_id, source_mrn, "
        "coverages_moved, merged_at) VALUES (?, ?, ?, ?, ?, ?)",
        {i(org.value), i(m.target.value), i(m.source.value), m.sourceMrn, i(m.coveragesMoved),
         i(m.mergedAt.micros())});
  }

  std::vector<app::PatientMerge> merges(OrganizationId org, domain::PatientId id) override {
    std::vector<app::PatientMerge> out;
    for (const auto& r :
         c_.query("SELECT target_id, source_id, source_mrn, coverages_moved, merged_at FROM "
                  "patient_merges WHERE organization_id = ? AND (target_id = ? OR source_id = ?) "
                  "ORDER BY id",
                  {i(org.value), i(id.value), i(id.value)})) {
      out.push_back({domain::PatientId(r.i64(0)), domain::PatientId(r.i64(1)), r.text(2), r.i64(3),
                     Instant::fromMicros(r.i64(4))});
    }
    return out;
  }

 private:
  SqlConnection& c_;
};

// ---------------------------------------------------------------------------------------------
class SqlSequences final : public app::SequenceRepository {
 public:
  explicit SqlSequences(SqlConnection& c) : c_(c) {}
  std::int64_t next(OrganizationId org, const std::string& name) override {
    if (c_.dialect() == Dialect::kPostgres && name == "mrn") {
      return c_.query("SELECT nextval('seq_mrn')", {}).at(0).i64(0);
    }
    // UPDATE then SELECT rather than an upsert with RETURNING: on SQLite, RETURNING builds a
    // temporary table per statement, which made this counter a fifth of a registration's cost.
    const Params key{i(org.value), name};
    if (c_.execute("UPDATE sequences SET value = value + 1 WHERE organization_id = ? AND name = ?",
                   key) == 0) {
      c_.execute(
          "INSERT INTO sequences (organization_id, name, value) VALUES (?, ?, 1) ON CONFLICT "
          "(organization_id, name) DO UPDATE SET value = sequences.value + 1",
          key);
    }
    return c_.query("SELECT value FROM sequences WHERE organization_id = ? AND name = ?", key)
        .at(0)
        .i64(0);
  }

 private:
  SqlConnection& c_;
};

class SqlIdempotency final : public app::IdempotencyRepository {
 public:
  explicit SqlIdempotency(SqlConnection& c) : c_(c) {}
  std::optional<app::IdempotencyRecord> find(OrganizationId org, const std::string& key) override {
    auto rows = c_.query(
        "SELECT fingerprint, status, body, location, etag FROM idempotency_keys WHERE "
        "organization_id = ? AND idem_key = ?",
        {i(org.value), key});
    if (rows.empty()) return std::nullopt;
    const Row& r = rows[0];
    return app::IdempotencyRecord{r.text(0),
                                  {static_cast<int>(r.i64(1)), r.text(2), r.text(3), r.text(4)}};
  }
  bool save(OrganizationId org, const std::string& key, const app::IdempotencyRecord& rec,
            Instant now) override {
    return c_.execute(
               "INSERT INTO idempotency_keys (organization_id, idem_key, fingerprint, status, "
               "body, location, etag, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
               "(organization_id, idem_key) DO NOTHING",
               {i(org.value), key, rec.fingerprint, i(rec.response.status), rec.response.body,
                rec.response.location, rec.response.etag, i(now.micros())}) == 1;
  }

 private:
  SqlConnection& c_;
};

// ---------------------------------------------------------------------------------------------
std::string joinIds(const std::vector<domain::LocationId>& ids) {
  std::string out;
  for (auto id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id.value);
  }
  return out;
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string joinList(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) {
    if (!out.empty()) out += ',';
    out += x;
  }
  return out;
}

class SqlUsers final : public app::UserRepository {
 public:
  explicit SqlUsers(SqlConnection& c) : c_(c) {}

  static constexpr const char* kCols =
      "id, organization_id, username, display_name, roles, location_ids, active, mfa_enabled, "
      "version, created_at, updated_at";

  static domain::User decode(const Row& row) {
    Reader r(row);
    domain::User u;
    u.id = domain::UserId(r.i64());
    u.organizationId = OrganizationId(r.i64());
    u.username = r.text();
    u.displayName = r.text();
    for (const auto& name : splitList(r.text())) {
      if (auto role = domain::parseRole(name)) u.roles.push_back(*role);
    }
    for (const auto& id : splitList(r.text())) {
      std::int64_t v = 0;
      std::from_chars(id.data(), id.data() + id.size(), v);
      u.locationIds.emplace_back(v);
    }
    u.active = r.boolean();
    u.mfaEnabled = r.boolean();
    u.meta = r.meta();
    return u;
  }
  static std::string roles(const domain::User& u) {
    std::vector<std::string> names;
    for (auto role : u.roles) names.emplace_back(domain::toString(role));
    return joinList(names);
  }

  Result<domain::User> insert(const domain::User& u, const std::string& hash,
                              Instant now) override {
    auto id = guarded(
        [&] {
          return c_.insertId(
              "INSERT INTO users (organization_id, username, display_name, roles, "
              "location_ids, active, password_hash, version, created_at, updated_at) VALUES "
              "(?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
              {i(u.organizationId.value), u.username, u.displayName, roles(u),
               joinIds(u.locationIds), b(u.active), hash, i(now.micros()), i(now.micros())});
        },
        "user");
    if (!id) return id.error();
    domain::User out = u;
    out.id = domain::UserId(*id);
    out.meta = {1, now, now};
    return out;
  }

  Result<domain::User> update(const domain::User& u, std::int64_t expected, Instant now) override {
    auto n = c_.execute(
        "UPDATE users SET display_name = ?, roles = ?, location_ids = ?, active = ?, "
        "version = version + 1, updated_at = ? WHERE id = ? AND organization_id = ? AND "
        "version = ?",
        {u.displayName, roles(u), joinIds(u.locationIds), b(u.active), i(now.micros()),
         i(u.id.value), i(u.organizationId.value), i(expected)});
    if (n == 0) return missingOrStale(c_, "users", u.organizationId.value, u.id.value, "user");
    return *get(u.organizationId, u.id);
  }

  std::optional<domain::User> get(OrganizationId org, domain::UserId id) override {
    auto rows = c_.query(
        std::string("SELECT ") + kCols + " FROM users WHERE id = ? AND organization_id = ?",
        {i(id.value), i(org.value)});
    if (rows.empty()) return std::nullopt;
    return decode(rows[0]);
  }

  std::vector<domain::User> list(OrganizationId org) override {
    std::vector<domain::User> out;
    for (const auto& r : c_.query(std::string("SELECT ") + kCols +
                                      " FROM users WHERE organization_id = ? ORDER BY username",
                                  {i(org.value)})) {
      out.push_back(decode(r));
    }
    return out;
  }

  std::optional<app::Credentials> credentials(const std::string& username) override {
    auto rows = c_.query(std::string("SELECT ") + kCols +
                             ", password_hash, mfa_secret, recovery_codes FROM users WHERE "
                             "username = ?",
                         {username});
    if (rows.empty()) return std::nullopt;
    app::Credentials c;
    c.user = decode(rows[0]);
    c.passwordHash = rows[0].text(11);
    c.mfaSecret = rows[0].text(12);
    c.recoveryCodeHashes = splitList(rows[0].text(13));
    return c;
  }

  void setPassword(domain::UserId id, const std::string& hash, Instant now) override {
    c_.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
               {hash, i(now.micros()), i(id.value)});
  }

  void setMfa(domain::UserId id, const std::string& sealed, bool enabled,
              const std::vector<std::string>& codes, Instant now) override {
    c_.execute(
        "UPDATE users SET mfa_secret = ?, mfa_enabled = ?, recovery_codes = ?, updated_at = ? "
        "WHERE id = ?",
        {sealed, b(enabled), joinList(codes), i(now.micros()), i(id.value)});
  }

  void setRecoveryCodes(domain::UserId id, const std::vector<std::string>& codes) override {
    c_.execute("UPDATE users SET recovery_codes = ? WHERE id = ?", {joinList(codes), i(id.value)});
  }

  void setPendingMfa(domain::UserId id, const std::string& sealed) override {
    c_.execute("UPDATE users SET mfa_pending = ? WHERE id = ?", {sealed, i(id.value)});
  }

  std::string pendingMfa(domain::UserId id) override {
    auto rows = c_.query("SELECT mfa_pending FROM users WHERE id = ?", {i(id.value)});
    return rows.empty() ? std::string() : rows[0].text(0);
  }

  std::int64_t count() override { return c_.query("SELECT count(*) FROM users", {}).at(0).i64(0); }

 private:
  SqlConnection& c_;
};

class SqlSessions final : public app::SessionRepository {
 public:
  explicit SqlSessions(SqlConnection& c) : c_(c) {}

  std::int64_t insert(const app::SessionRecord& s) override {
    return c_.insertId(
        "INSERT INTO sessions (token_hash, csrf_hash, user_id, organization_id, created_at, "
        "last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {s.tokenHash, s.csrfHash, i(s.userId.value), i(s.organizationId.value),
         i(s.createdAt.micros()), i(s.lastSeenAt.micros()), i(s.expiresAt.micros()), s.ip,
         s.userAgent});
  }

  std::optional<app::SessionRecord> findByTokenHash(const std::string& hash) override {
    auto rows = c_.query(
        "SELECT id, token_hash, csrf_hash, user_id, organization_id, created_at, last_seen_at, "
        "expires_at, revoked_at, break_glass_until, break_glass_reason, ip, user_agent FROM "
        "sessions WHERE token_hash = ?",
        {hash});
    if (rows.empty()) return std::nullopt;
    const Row& row = rows[0];
    Reader r(row);
    app::SessionRecord s;
    s.id = r.i64();
    s.tokenHash = r.text();
    s.csrfHash = r.text();
    s.userId = domain::UserId(r.i64());
    s.organizationId = OrganizationId(r.i64());
    s.createdAt = r.instant();
    s.lastSeenAt = r.instant();
    s.expiresAt = r.instant();
    if (!row.isNull(8)) s.revokedAt = Instant::fromMicros(row.i64(8));
    if (!row.isNull(9)) s.breakGlassUntil = Instant::fromMicros(row.i64(9));
    s.breakGlassReason = row.text(10);
    s.ip = row.text(11);
    s.userAgent = row.text(12);
    return s;
  }

  void touch(std::int64_t id, Instant at) override {
    c_.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", {i(at.micros()), i(id)});
  }
  void revoke(std::int64_t id, Instant at) override {
    c_.execute("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
               {i(at.micros()), i(id)});
  }
  void revokeAllForUser(domain::UserId id, Instant at) override {
    c_.execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
               {i(at.micros()), i(id.value)});
  }
  void setBreakGlass(std::int64_t id, Instant until, const std::string& reason) override {
    c_.execute("UPDATE sessions SET break_glass_until = ?, break_glass_reason = ? WHERE id = ?",
               {i(until.micros()), reason, i(id)});
  }

 private:
  SqlConnection& c_;
};

class SqlAudit final : public app::AuditRepository {
 public:
  static constexpr std::int64_t kAuditLockKey = 0x6d6f617564;  // "moaud"

  explicit SqlAudit(SqlConnection& c) : c_(c) {}

  static constexpr const char* kCols =
      "seq, at, organization_id, user_id, username, ip, user_agent, action, resource_type, "
      "resource_id, patient_id, outcome, reason, break_glass, prev_mac, mac";

  static constexpr const char* kPendingCols =
      "id, at, organization_id, user_id, username, ip, user_agent, action, resource_type, "
      "resource_id, patient_id, outcome, reason, break_glass";

  /// A chain row (`kCols`), or a pending one (`kPendingCols`: `id` in seq's place, no MACs).
  static domain::AuditEvent decode(const Row& row, bool pending = false) {
    Reader r(row);
    domain::AuditEvent e;
    e.seq = r.i64();
    e.at = r.instant();
    e.organizationId = OrganizationId(r.i64());
    e.userId = domain::UserId(r.i64());
    e.username = r.text();
    e.ip = r.text();
    e.userAgent = r.text();
    std::string action = r.text();
    e.resourceType = r.text();
    e.resourceId = r.text();
    e.patientId = domain::PatientId(r.i64());
    std::string outcome = r.text();
    e.reason = r.text();
    e.breakGlass = r.boolean();
    if (!pending) {
      e.prevMac = r.text();
      e.mac = r.text();
    }
    // Unknown names (an edited row) decode to values whose MAC cannot match; keep the text
    // visible in the reason so that verification reports the edit rather than crashing.
    if (auto a = domain::parseAuditAction(action)) {
      e.action = *a;
    } else {
      e.reason += " [unknown action " + action + "]";
    }
    if (auto o = domain::parseAuditOutcome(outcome)) {
      e.outcome = *o;
    } else {
      e.reason += " [unknown outcome " + outcome + "]";
    }
    return e;
  }

  bool chainsInline() override { return c_.dialect() == Dialect::kSqlite; }

  void appendPending(const domain::AuditEvent& e) override {
    c_.execute(
        "INSERT INTO audit_pending (at, organization_id, user_id, username, ip, user_agent, "
        "action, resource_type, resource_id, patient_id, outcome, reason, break_glass) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {i(e.at.micros()), i(e.organizationId.value), i(e.userId.value), e.username, e.ip,
         e.userAgent, std::string(domain::toString(e.action)), e.resourceType, e.resourceId,
         i(e.patientId.value), std::string(domain::toString(e.outcome)), e.reason,
         b(e.breakGlass)});
  }

  // DELETE … RETURNING takes exactly the rows it removes: an event committed meanwhile is
  // neither lost nor taken twice.
  std::vector<domain::AuditEvent> takePending(int limit) override {
    std::vector<domain::AuditEvent> out;
    for (const auto& r :
         c_.query(std::string("DELETE FROM audit_pending WHERE id IN (SELECT id FROM "
                              "audit_pending ORDER BY id LIMIT ?) RETURNING ") +
                      kPendingCols,
                  {i(limit)})) {
      out.push_back(decode(r, true));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    for (auto& e : out) e.seq = 0;
    return out;
  }

  std::int64_t pendingCount() override {
    return c_.query("SELECT COUNT(*) FROM audit_pending", {}).at(0).i64(0);
  }

  // The head is the last event itself: one indexed lookup of the highest seq, no extra row to
  // update per event. On PostgreSQL a transaction-scoped advisory lock serialises appenders
  // until COMMIT, so two transactions never take the same sequence number.
  app::AuditHead lockHead() override {
    if (c_.dialect() == Dialect::kPostgres) {
      c_.query("SELECT pg_advisory_xact_lock(" + std::to_string(kAuditLockKey) + ")", {});
    }
    return head();
  }

  app::AuditHead head() override {
    auto rows = c_.query("SELECT seq, mac FROM audit_event ORDER BY seq DESC LIMIT 1", {});
    if (rows.empty()) return {0, std::string(domain::kAuditGenesisMac)};
    return {rows[0].i64(0), rows[0].text(1)};
  }

  /// The values of `kCols`, in order.
  static Params row(const domain::AuditEvent& e) {
    return {i(e.seq),
            i(e.at.micros()),
            i(e.organizationId.value),
            i(e.userId.value),
            e.username,
            e.ip,
            e.userAgent,
            std::string(domain::toString(e.action)),
            e.resourceType,
            e.resourceId,
            i(e.patientId.value),
            std::string(domain::toString(e.outcome)),
            e.reason,
            b(e.breakGlass),
            e.prevMac,
            e.mac};
  }

  void append(const domain::AuditEvent& e) override {
    static const std::string kInsert = std::string("INSERT INTO audit_event (") + kCols +
                                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    c_.execute(kInsert, row(e));
  }

  void appendAll(const std::vector<domain::AuditEvent>& events) override {
    // Chunks of 64, 32, …, 1 rows: few statements, and at most seven statement texts to prepare.
    for (std::size_t first = 0, size = 64; first < events.size(); first += size) {
      while (size > events.size() - first) size /= 2;
      const std::size_t last = first + size;
      std::string sql = std::string("INSERT INTO audit_event (") + kCols + ") VALUES ";
      Params p;
      p.reserve((last - first) * 16);
      for (std::size_t k = first; k < last; ++k) {
        const auto& e = events[k];
        sql += k == first ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                          : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        for (auto&& v : row(e)) p.push_back(std::move(v));
      }
      c_.execute(sql, p);
    }
  }

  std::vector<domain::AuditEvent> chain(std::int64_t afterSeq, int limit) override {
    std::vector<domain::AuditEvent> out;
    for (const auto& r : c_.query(std::string("SELECT ") + kCols +
                                      " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?",
                                  {i(afterSeq), i(limit)})) {
      out.push_back(decode(r));
    }
    return out;
  }

  std::vector<domain::AuditEvent> search(const app::AuditQuery& q) override {
    std::string sql =
        std::string("SELECT ") + kCols + " FROM audit_event WHERE organization_id = ? AND seq > ?";
    Params p{i(q.organizationId.value), i(q.afterSeq)};
    if (q.patientId.valid()) {
      sql += " AND patient_id = ?";
      p.emplace_back(q.patientId.value);
    }
    if (q.userId.valid()) {
      sql += " AND user_id = ?";
      p.emplace_back(q.userId.value);
    }
    if (q.action) {
      sql += " AND action = ?";
      p.emplace_back(std::string(domain::toString(*q.action)));
    }
    if (q.from) {
      sql += " AND at >= ?";
      p.emplace_back(q.from->micros());
    }
    if (q.to) {
      sql += " AND at < ?";
      p.emplace_back(q.to->micros());
    }
    sql += " ORDER BY seq LIMIT ?";
    p.emplace_back(static_cast<std::int64_t>(clampLimit(q.limit) + 1));
    std::vector<domain::AuditEvent> out;
    for (const auto& r : c_.query(sql, p)) out.push_back(decode(r));
    return out;
  }

 private:
  SqlConnection& c_;
};

class SqlTokens final : public app::TokenRepository {
 public:
  explicit SqlTokens(SqlConnection& c) : c_(c) {}

  static constexpr const char* kCols =
      "id, user_id, organization_id, name, token_hash, scopes, created_at, expires_at, revoked_at";

  static app::ApiToken decode(const Row& row) {
    Reader r(row);
    app::ApiToken t;
    t.id = r.i64();
    t.userId = domain::UserId(r.i64());
    t.organizationId = OrganizationId(r.i64());
    t.name = r.text();
    t.tokenHash = r.text();
    for (const auto& name : splitList(r.text())) {
      if (auto p = domain::parsePermission(name)) t.scopes.push_back(*p);
    }
    t.createdAt = r.instant();
    t.expiresAt = r.instant();
    if (!row.isNull(8)) t.revokedAt = Instant::fromMicros(row.i64(8));
    return t;
  }

  std::int64_t insert(const app::ApiToken& t) override {
    std::vector<std::string> names;
    for (auto p : t.scopes) names.emplace_back(domain::toString(p));
    return c_.insertId(
        "INSERT INTO api_tokens (user_id, organization_id, name, token_hash, scopes, "
        "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {i(t.userId.value), i(t.organizationId.value), t.name, t.tokenHash, joinList(names),
         i(t.createdAt.micros()), i(t.expiresAt.micros())});
  }

  std::optional<app::ApiToken> findByHash(const std::string& hash) override {
    auto rows =
        c_.query(std::string("SELECT ") + kCols + " FROM api_tokens WHERE token_hash = ?", {hash});
    if (rows.empty()) return std::nullopt;
    return decode(rows[0]);
  }

  std::vector<app::ApiToken> listForUser(domain::UserId user) override {
    std::vector<app::ApiToken> out;
    for (const auto& r :
         c_.query(std::string("SELECT ") + kCols + " FROM api_tokens WHERE user_id = ? ORDER BY id",
                  {i(user.value)})) {
      out.push_back(decode(r));
    }
    return out;
  }

  bool revoke(domain::UserId user, std::int64_t id, Instant at) override {
    return c_.execute(
               "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND "
               "revoked_at IS NULL",
               {i(at.micros()), i(id), i(user.value)}) == 1;
  }

 private:
  SqlConnection& c_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
class SqlScheduling final : public app::SchedulingRepository {
 public:
  explicit SqlScheduling(SqlConnection& c) : c_(c) {}

  // Appointment types ---------------------------------------------------------------------
  static constexpr const char* kTypeCols =
      "id, organization_id, name, duration_minutes, buffer_before_minutes, buffer_after_minutes, "
      "colour, telehealth, requires_room, default_cpt_codes, provider_ids, active, version, "
      "created_at, updated_at";

  static domain::AppointmentType decodeType(const Row& row) {
    Reader r(row);
    domain::AppointmentType t;
    t.id = domain::AppointmentTypeId(r.i64());
    t.organizationId = OrganizationId(r.i64());
    t.name = r.text();
    t.durationMinutes = static_cast<int>(r.i64());
    t.bufferBeforeMinutes = static_cast<int>(r.i64());
    t.bufferAfterMinutes = static_cast<int>(r.i64());
    t.colour = r.text();
    t.telehealth = r.boolean();
    t.requiresRoom = r.boolean();
    t.defaultCptCodes = splitList(r.text());
    for (const auto& id : splitList(r.text())) t.providerIds.emplace_back(std::stoll(id));
    t.active = r.boolean();
    t.meta = r.meta();
    return t;
  }
  static Params typeFields(const domain::AppointmentType& t) {
    std::vector<std::string> providers;
    for (auto p : t.providerIds) providers.push_back(std::to_string(p.value));
    return {t.name,
            i(t.durationMinutes),
            i(t.bufferBeforeMinutes),
            i(t.bufferAfterMinutes),
            t.colour,
            b(t.telehealth),
            b(t.requiresRoom),
            joinList(t.defaultCptCodes),
            joinList(providers),
            b(t.active)};
  }

  Result<domain::AppointmentType> insertType(const domain::AppointmentType& t,
                                             Instant now) override {
    Params ps = typeFields(t);
    ps.push_back(i(t.organizationId.value));
    ps.push_back(i(now.micros()));
    ps.push_back(i(now.micros()));
    auto id = guarded(
        [&] {
          return c_.insertId(
              "INSERT INTO appointment_types (name, duration_minutes, buffer_before_minutes, "
              "buffer_after_minutes, colour, telehealth, requires_room, default_cpt_codes, "
              "provider_ids, active, organization_id, version, created_at, updated_at) VALUES "
              "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
              ps);
        },
        "appointment type");
    if (!id) return id.error();
    return *getType(t.organizationId, domain::AppointmentTypeId(*id));
  }

  Result<domain::AppointmentType> updateType(const domain::AppointmentType& t,
                                             std::int64_t expected, Instant now) override {
    Params ps = typeFields(t);
    ps.push_back(i(now.micros()));
    ps.push_back(i(t.id.value));
    ps.push_back(i(t.organizationId.value));
    ps.push_back(i(expected));
    auto n = guarded(
        [&] {
          return c_.execute(
              "UPDATE appointment_types SET name = ?, duration_minutes = ?, "
              "buffer_before_minutes = ?, buffer_after_minutes = ?, colour = ?, telehealth = ?, "
              "requires_room = ?, default_cpt_codes = ?, provider_ids = ?, active = ?, "
              "version = version + 1, updated_at = ? WHERE id = ? AND organization_id = ? AND "
              "version = ?",
              ps);
        },
        "appointment type");
    if (!n) return n.error();
    if (*n == 0) {
      return missingOrStale(c_, "appointment_types", t.organizationId.value, t.id.value,
                            "appointment type");
    }
    return *getType(t.organizationId, t.id);
  }

  std::optional<domain::AppointmentType> getType(OrganizationId org,
                                                 domain::AppointmentTypeId id) override {
    static const std::string sql = std::string("SELECT ") + kTypeCols +
                                   " FROM appointment_types WHERE organization_id = ? AND id = ?";
    auto rows = c_.query(sql, {i(org.value), i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decodeType(rows[0]);
  }

  Result<Page<domain::AppointmentType>> listTypes(OrganizationId org,
                                                  const PageRequest& page) override {
    auto after = idAfter(page, "type");
    if (!after) return after.error();
    int limit = clampLimit(page.limit);
    auto rows =
        c_.query(std::string("SELECT ") + kTypeCols +
                     " FROM appointment_types WHERE organization_id = ? AND id > ?" +
                     (page.includeInactive ? "" : " AND active = 1") + " ORDER BY id LIMIT ?",
                 {i(org.value), i(*after), i(limit + 1)});
    return pageOf<domain::AppointmentType>(rows, limit, "type", decodeType);
  }

  // Rooms ------------------------------------------------------------------------------------
  static constexpr const char* kRoomCols =
      "id, organization_id, location_id, name, active, version, created_at, updated_at";
  static domain::Room decodeRoom(const Row& row) {
    Reader r(row);
    domain::Room m;
    m.id = domain::RoomId(r.i64());
    m.organizationId = OrganizationId(r.i64());
    m.locationId = domain::LocationId(r.i64());
    m.name = r.text();
    m.active = r.boolean();
    m.meta = r.meta();
    return m;
  }
  Result<domain::Room> insertRoom(const domain::Room& m, Instant now) override {
    auto id = guarded(
        [&] {
          return c_.insertId(
              "INSERT INTO rooms (organization_id, location_id, name, active, version, "
              "created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
              {i(m.organizationId.value), i(m.locationId.value), m.name, b(m.active),
               i(now.micros()), i(now.micros())});
        },
        "room");
    if (!id) return id.error();
    return *getRoom(m.organizationId, domain::RoomId(*id));
  }
  Result<domain::Room> updateRoom(const domain::Room& m, std::int64_t expected,
                                  Instant now) override {
    auto n = guarded(
        [&] {
          return c_.execute(
              "UPDATE rooms SET name = ?, active = ?, version = version + 1, updated_at = ? "
              "WHERE id = ? AND organization_id = ? AND version = ?",
              {m.name, b(m.active), i(now.micros()), i(m.id.value), i(m.organizationId.value),
               i(expected)});
        },
        "room");
    if (!n) return n.error();
    if (*n == 0) return missingOrStale(c_, "rooms", m.organizationId.value, m.id.value, "room");
    return *getRoom(m.organizationId, m.id);
  }
  std::optional<domain::Room> getRoom(OrganizationId org, domain::RoomId id) override {
    auto rows = c_.query(
        std::string("SELECT ") + kRoomCols + " FROM rooms WHERE organization_id = ? AND id = ?",
        {i(org.value), i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decodeRoom(rows[0]);
  }
  std::vector<domain::Room> rooms(OrganizationId org, domain::LocationId location,
                                  bool includeInactive) override {
    std::string sql = std::string("SELECT ") + kRoomCols + " FROM rooms WHERE organization_id = ?";
    Params p{i(org.value)};
    if (location.valid()) {
      sql += " AND location_id = ?";
      p.emplace_back(location.value);
    }
    if (!includeInactive) sql += " AND active = 1";
    sql += " ORDER BY id LIMIT 1000";
    std::vector<domain::Room> out;
    for (const auto& row : c_.query(sql, p)) out.push_back(decodeRoom(row));
    return out;
  }

  // Availability rules ---------------------------------------------------------------------
  static constexpr const char* kRuleCols =
      "id, organization_id, provider_id, location_id, weekdays, start_minute, end_minute, "
      "effective_from, effective_to, appointment_type_ids, active, version, created_at, "
      "updated_at";
  static domain::AvailabilityRule decodeRule(const Row& row) {
    Reader r(row);
    domain::AvailabilityRule a;
    a.id = domain::AvailabilityRuleId(r.i64());
    a.organizationId = OrganizationId(r.i64());
    a.providerId = domain::ProviderId(r.i64());
    a.locationId = domain::LocationId(r.i64());
    a.weekdays = static_cast<domain::WeekdaySet>(r.i64());
    a.startMinute = static_cast<int>(r.i64());
    a.endMinute = static_cast<int>(r.i64());
    a.effectiveFrom = r.requiredDate();
    a.effectiveTo = r.date();
    for (const auto& id : splitList(r.text())) a.appointmentTypeIds.emplace_back(std::stoll(id));
    a.active = r.boolean();
    a.meta = r.meta();
    return a;
  }
  static Params ruleFields(const domain::AvailabilityRule& a) {
    std::vector<std::string> types;
    for (auto t : a.appointmentTypeIds) types.push_back(std::to_string(t.value));
    return {i(a.providerId.value),
            i(a.locationId.value),
            i(a.weekdays),
            i(a.startMinute),
            i(a.endMinute),
            a.effectiveFrom.toString(),
            a.effectiveTo ? SqlValue(a.effectiveTo->toString()) : SqlValue(std::monostate{}),
            joinList(types),
            b(a.active)};
  }
  Result<domain::AvailabilityRule> insertRule(const domain::AvailabilityRule& a,
                                              Instant now) override {
    Params p = ruleFields(a);
    p.push_back(i(a.organizationId.value));
    p.push_back(i(now.micros()));
    p.push_back(i(now.micros()));
    const auto id = c_.insertId(
        "INSERT INTO availability_rules (provider_id, location_id, weekdays, start_minute, "
        "end_minute, effective_from, effective_to, appointment_type_ids, active, organization_id, "
        "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        p);
    return *getRule(a.organizationId, domain::AvailabilityRuleId(id));
  }
  Result<domain::AvailabilityRule> updateRule(const domain::AvailabilityRule& a,
                                              std::int64_t expected, Instant now) override {
    Params p = ruleFields(a);
    p.push_back(i(now.micros()));
    p.push_back(i(a.id.value));
    p.push_back(i(a.organizationId.value));
    p.push_back(i(expected));
    const auto n = c_.execute(
        "UPDATE availability_rules SET provider_id = ?, location_id = ?, weekdays = ?, "
        "start_minute = ?, end_minute = ?, effective_from = ?, effective_to = ?, "
        "appointment_type_ids = ?, active = ?, version = version + 1, updated_at = ? WHERE id = ? "
        "AND organization_id = ? AND version = ?",
        p);
    if (n == 0) {
      return missingOrStale(c_, "availability_rules", a.organizationId.value, a.id.value,
                            "availability rule");
    }
    return *getRule(a.organizationId, a.id);
  }
  std::optional<domain::AvailabilityRule> getRule(OrganizationId org,
                                                  domain::AvailabilityRuleId id) override {
    auto rows = c_.query(std::string("SELECT ") + kRuleCols +
                             " FROM availability_rules WHERE organization_id = ? AND id = ?",
                         {i(org.value), i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decodeRule(rows[0]);
  }
  std::vector<domain::AvailabilityRule> rules(OrganizationId org, domain::ProviderId provider,
                                              bool includeInactive) override {
    std::string sql =
        std::string("SELECT ") + kRuleCols + " FROM availability_rules WHERE organization_id = ?";
    Params p{i(org.value)};
    if (provider.valid()) {
      sql += " AND provider_id = ?";
      p.emplace_back(provider.value);
    }
    if (!includeInactive) sql += " AND active = 1";
    sql += " ORDER BY id LIMIT 5000";
    std::vector<domain::AvailabilityRule> out;
    for (const auto& row : c_.query(sql, p)) out.push_back(decodeRule(row));
    return out;
  }

  // Blocks -----------------------------------------------------------------------------------
  static constexpr const char* kBlockCols =
      "id, organization_id, kind, provider_id, location_id, start_at, end_at, reason, version, "
      "created_at, updated_at";
  static domain::ScheduleBlock decodeBlock(const Row& row) {
    Reader r(row);
    domain::ScheduleBlock k;
    k.id = domain::ScheduleBlockId(r.i64());
    k.organizationId = OrganizationId(r.i64());
    k.kind = domain::parseBlockKind(r.text()).value_or(domain::BlockKind::kBlock);
    k.providerId = domain::ProviderId(r.i64());
    k.locationId = domain::LocationId(r.i64());
    k.start = r.instant();
    k.end = r.instant();
    k.reason = r.text();
    k.meta = r.meta();
    return k;
  }
  Result<domain::ScheduleBlock> insertBlock(const domain::ScheduleBlock& k, Instant now) override {
    const auto id = c_.insertId(
        "INSERT INTO schedule_blocks (organization_id, kind, provider_id, location_id, start_at, "
        "end_at, reason, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        {i(k.organizationId.value), std::string(domain::toString(k.kind)),
         i(std::max<std::int64_t>(0, k.providerId.value)),
         i(std::max<std::int64_t>(0, k.locationId.value)), i(k.start.micros()), i(k.end.micros()),
         k.reason, i(now.micros()), i(now.micros())});
    return *getBlock(k.organizationId, domain::ScheduleBlockId(id));
  }
  std::optional<domain::ScheduleBlock> getBlock(OrganizationId org,
                                                domain::ScheduleBlockId id) override {
    auto rows = c_.query(std::string("SELECT ") + kBlockCols +
                             " FROM schedule_blocks WHERE organization_id = ? AND id = ?",
                         {i(org.value), i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decodeBlock(rows[0]);
  }
  bool deleteBlock(OrganizationId org, domain::ScheduleBlockId id) override {
    return c_.execute("DELETE FROM schedule_blocks WHERE organization_id = ? AND id = ?",
                      {i(org.value), i(id.value)}) == 1;
  }
  std::vector<domain::ScheduleBlock> blocks(OrganizationId org, domain::ProviderId provider,
                                            domain::LocationId location,
                                            domain::Interval during) override {
    std::string sql = std::string("SELECT ") + kBlockCols +
                      " FROM schedule_blocks WHERE organization_id = ? AND start_at < ? AND "
                      "end_at > ?";
    Params p{i(org.value), i(during.end.micros()), i(during.start.micros())};
    if (provider.valid()) {
      sql += " AND provider_id IN (0, ?)";
      p.emplace_back(provider.value);
    }
    if (location.valid()) {
      sql += " AND location_id IN (0, ?)";
      p.emplace_back(location.value);
    }
    sql += " ORDER BY start_at, id LIMIT 5000";
    std::vector<domain::ScheduleBlock> out;
    for (const auto& row : c_.query(sql, p)) out.push_back(decodeBlock(row));
    return out;
  }

  // Appointments ----------------------------------------------------------------------------
  static constexpr const char* kApptCols =
      "id, organization_id, patient_id, provider_id, location_id, room_id, appointment_type_id, "
      "start_at, end_at, status, series_id, overbooked, walk_in, note, cancel_reason, "
      "late_cancel, series_exception, demographics_confirmed, coverage_confirmed_id, status_times, "
      "version, created_at, updated_at";
  static constexpr std::size_t kApptColCount = 23;
  static constexpr std::int64_t kLongest = std::int64_t{12} * 3600 * 1'000'000;

  /// `status=micros:user,...` for every status entered.
  static std::string encodeStatusTimes(const domain::Appointment& a) {
    std::string out;
    for (std::size_t k = 0; k < a.statusAt.size(); ++k) {
      if (!a.statusAt[k]) continue;
      if (!out.empty()) out += ',';
      out += std::string(domain::toString(static_cast<domain::AppointmentStatus>(k))) + "=" +
             std::to_string(a.statusAt[k]->micros()) + ":" + std::to_string(a.statusBy[k]);
    }
    return out;
  }
  static void decodeStatusTimes(const std::string& text, domain::Appointment& a) {
    for (const auto& item : splitList(text)) {
      auto eq = item.find('=');
      auto colon = item.find(':', eq);
      if (eq == std::string::npos || colon == std::string::npos) continue;
      auto s = domain::parseAppointmentStatus(item.substr(0, eq));
      if (!s) continue;
      auto k = static_cast<std::size_t>(*s);
      a.statusAt[k] = Instant::fromMicros(std::stoll(item.substr(eq + 1, colon - eq - 1)));
      a.statusBy[k] = std::stoll(item.substr(colon + 1));
    }
  }

  static domain::Appointment decodeAppt(const Row& row) {
    Reader r(row);
    domain::Appointment a;
    a.id = domain::AppointmentId(r.i64());
    a.organizationId = OrganizationId(r.i64());
    a.patientId = domain::PatientId(r.i64());
    a.providerId = domain::ProviderId(r.i64());
    a.locationId = domain::LocationId(r.i64());
    a.roomId = domain::RoomId(r.i64());  // NULL reads as 0: no room
    a.appointmentTypeId = domain::AppointmentTypeId(r.i64());
    a.start = r.instant();
    a.end = r.instant();
    a.status =
        domain::parseAppointmentStatus(r.text()).value_or(domain::AppointmentStatus::kBooked);
    a.seriesId = domain::SeriesId(r.i64());
    a.overbooked = r.boolean();
    a.walkIn = r.boolean();
    a.note = r.text();
    a.cancelReason = r.text();
    a.lateCancel = r.boolean();
    a.seriesException = r.boolean();
    a.demographicsConfirmed = r.boolean();
    a.coverageConfirmed = domain::CoverageId(r.i64());
    decodeStatusTimes(r.text(), a);
    a.meta = r.meta();
    return a;
  }

  /// Maps an exclusion-constraint refusal (PostgreSQL, a booking that raced ours) to a conflict.
  template <class F>
  Result<std::int64_t> overlapGuarded(F&& f) {
    try {
      return f();
    } catch (const SqlError& e) {
      if (e.kind() == SqlError::Kind::kOverlap) {
        const std::string field = e.constraintField() + "_id";
        return Error::conflict("The time overlaps another appointment.",
                               {{field, "has another appointment at this time"}});
      }
      throw;
    }
  }

  Result<domain::Appointment> insertAppointment(const domain::Appointment& a,
                                                Instant now) override {
    auto id = overlapGuarded([&] {
      return c_.insertId(
          "INSERT INTO appointments (organization_id, patient_id, provider_id, location_id, "
          "room_id, appointment_type_id, start_at, end_at, status, holds_time, series_id, "
          "overbooked, walk_in, note, cancel_reason, late_cancel, series_exception, "
          "demographics_confirmed, coverage_confirmed_id, status_times, version, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, "
          "?)",
          {i(a.organizationId.value),
           i(a.patientId.value),
           i(a.providerId.value),
           i(a.locationId.value),
           optionalId(a.roomId.value),
           i(a.appointmentTypeId.value),
           i(a.start.micros()),
           i(a.end.micros()),
           std::string(domain::toString(a.status)),
           b(domain::holdsTime(a.status)),
           optionalId(a.seriesId.value),
           b(a.overbooked),
           b(a.walkIn),
           a.note,
           a.cancelReason,
           b(a.lateCancel),
           b(a.seriesException),
           b(a.demographicsConfirmed),
           optionalId(a.coverageConfirmed.value),
           encodeStatusTimes(a),
           i(now.micros()),
           i(now.micros())});
    });
    if (!id) return id.error();
    // What was written, with the new id and metadata: no second round trip to read it back.
    domain::Appointment stored = a;
    stored.id = domain::AppointmentId(*id);
    stored.meta = {1, now, now};
    return stored;
  }

  Result<domain::Appointment> updateAppointment(const domain::Appointment& a, std::int64_t expected,
                                                Instant now) override {
    auto n = overlapGuarded([&] {
      return c_.execute(
          "UPDATE appointments SET provider_id = ?, location_id = ?, room_id = ?, "
          "appointment_type_id = ?, start_at = ?, end_at = ?, status = ?, holds_time = ?, "
          "overbooked = ?, note = ?, cancel_reason = ?, late_cancel = ?, series_exception = ?, "
          "demographics_confirmed = ?, coverage_confirmed_id = ?, status_times = ?, "
          "version = version + 1, updated_at = ? WHERE id = ? AND organization_id = ? AND "
          "version = ?",
          {i(a.providerId.value),
           i(a.locationId.value),
           optionalId(a.roomId.value),
           i(a.appointmentTypeId.value),
           i(a.start.micros()),
           i(a.end.micros()),
           std::string(domain::toString(a.status)),
           b(domain::holdsTime(a.status)),
           b(a.overbooked),
           a.note,
           a.cancelReason,
           b(a.lateCancel),
           b(a.seriesException),
           b(a.demographicsConfirmed),
           optionalId(a.coverageConfirmed.value),
           encodeStatusTimes(a),
           i(now.micros()),
           i(a.id.value),
           i(a.organizationId.value),
           i(expected)});
    });
    if (!n) return n.error();
    if (*n == 0) {
      return missingOrStale(c_, "appointments", a.organizationId.value, a.id.value, "appointment");
    }
    return *getAppointment(a.organizationId, a.id);
  }

  std::optional<domain::Appointment> getAppointment(OrganizationId org,
                                                    domain::AppointmentId id) override {
    static const std::string sql = std::string("SELECT ") + kApptCols +
                                   " FROM appointments WHERE organization_id = ? AND id = ?";
    auto rows = c_.query(sql, {i(org.value), i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decodeAppt(rows[0]);
  }

  domain::SeriesId insertSeries(OrganizationId org, const std::string& rrule, Instant firstStart,
                                Instant now) override {
    return domain::SeriesId(c_.insertId(
        "INSERT INTO appointment_series (organization_id, rrule, first_start_at, created_at) "
        "VALUES (?, ?, ?, ?)",
        {i(org.value), rrule, i(firstStart.micros()), i(now.micros())}));
  }

  std::vector<domain::Appointment> seriesAppointments(OrganizationId org, domain::SeriesId series,
                                                      Instant from) override {
    std::vector<domain::Appointment> out;
    for (const auto& row :
         c_.query(std::string("SELECT ") + kApptCols +
                      " FROM appointments WHERE organization_id = ? AND series_id = ? AND "
                      "start_at >= ? ORDER BY start_at, id LIMIT 1000",
                  {i(org.value), i(series.value), i(from.micros())})) {
      out.push_back(decodeAppt(row));
    }
    return out;
  }

  /// One index-bounded probe per column (provider, patient, room), glued with UNION ALL so that
  /// the three checks cost one round trip; the last column says which probe matched.
  static std::string overlapProbe(const char* column, int kind) {
    return std::string("SELECT ") + kApptCols + ", " + std::to_string(kind) + " FROM (SELECT " +
           kApptCols + " FROM appointments WHERE organization_id = ? AND " + column +
           " = ? AND start_at < ? AND start_at > ? AND end_at > ? AND holds_time = 1 AND "
           "overbooked = 0 AND id <> ? ORDER BY start_at LIMIT 1) AS probe" +
           std::to_string(kind);
  }

  app::AppointmentConflicts conflicts(const domain::Appointment& c,
                                      domain::AppointmentId exclude) override {
    static const std::string kWithoutRoom =
        overlapProbe("provider_id", 0) + " UNION ALL " + overlapProbe("patient_id", 1);
    static const std::string kWithRoom = kWithoutRoom + " UNION ALL " + overlapProbe("room_id", 2);
    Params p;
    auto probe = [&](std::int64_t value) {
      for (SqlValue v : {SqlValue(c.organizationId.value), SqlValue(value),
                         SqlValue(c.end.micros()), SqlValue(c.start.micros() - kLongest),
                         SqlValue(c.start.micros()), SqlValue(exclude.value)}) {
        p.push_back(std::move(v));
      }
    };
    probe(c.providerId.value);
    probe(c.patientId.value);
    if (c.roomId.valid()) probe(c.roomId.value);
    app::AppointmentConflicts out;
    for (const auto& row : c_.query(c.roomId.valid() ? kWithRoom : kWithoutRoom, p)) {
      auto a = decodeAppt(row);
      switch (row.i64(kApptColCount)) {
        case 0:
          out.provider = std::move(a);
          break;
        case 1:
          out.patient = std::move(a);
          break;
        default:
          out.room = std::move(a);
          break;
      }
    }
    return out;
  }

  /// The query of a calendar range selecting `columns`: overlap with `during` (index-bounded
  /// by the longest visit), the ids that narrow it, start order, the limit.
  static std::pair<std::string, Params> rangeQuery(const std::string& columns,
                                                   const app::AppointmentRange& q) {
    std::string sql = "SELECT " + columns +
                      " FROM appointments WHERE organization_id = ? AND start_at < ? AND "
                      "start_at > ? AND end_at > ?";
    Params p{i(q.organizationId.value), i(q.during.end.micros()),
             i(q.during.start.micros() - kLongest), i(q.during.start.micros())};
    auto narrow = [&](const char* column, std::int64_t v) {
      if (v <= 0) return;
      sql += std::string(" AND ") + column + " = ?";
      p.emplace_back(v);
    };
    narrow("location_id", q.locationId.value);
    narrow("provider_id", q.providerId.value);
    narrow("patient_id", q.patientId.value);
    narrow("room_id", q.roomId.value);
    if (q.holdingOnly) sql += " AND holds_time = 1";
    sql += " ORDER BY start_at, id LIMIT ?";
    p.emplace_back(static_cast<std::int64_t>(std::clamp(q.limit, 1, 50'000)));
    return {std::move(sql), std::move(p)};
  }

  std::vector<domain::Appointment> appointments(const app::AppointmentRange& q) override {
    const auto [sql, p] = rangeQuery(kApptCols, q);
    std::vector<domain::Appointment> out;
    for (const auto& r : c_.query(sql, p)) out.push_back(decodeAppt(r));
    return out;
  }

  std::vector<app::CalendarEntry> calendar(const app::AppointmentRange& q) override {
    const auto [sql, p] = rangeQuery(
        "id, patient_id, provider_id, room_id, appointment_type_id, status, start_at, end_at, "
        "overbooked, version",
        q);
    std::vector<app::CalendarEntry> out;
    for (const auto& row : c_.query(sql, p)) {
      Reader r(row);
      app::CalendarEntry e;
      e.id = domain::AppointmentId(r.i64());
      e.patientId = domain::PatientId(r.i64());
      e.providerId = domain::ProviderId(r.i64());
      e.roomId = domain::RoomId(r.i64());
      e.typeId = domain::AppointmentTypeId(r.i64());
      e.status =
          domain::parseAppointmentStatus(r.text()).value_or(domain::AppointmentStatus::kBooked);
      e.when.start = r.instant();
      e.when.end = r.instant();
      e.overbooked = r.boolean();
      e.version = r.i64();
      out.push_back(e);
    }
    if (!q.patientNames) return out;
    // The names, by primary key, 500 patients per query (a week at a busy location is a few
    // thousand visits of fewer patients).
    std::vector<std::int64_t> ids;
    ids.reserve(out.size());
    for (const auto& e : out) ids.push_back(e.patientId.value);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::unordered_map<std::int64_t, std::string> names;
    for (std::size_t at = 0; at < ids.size(); at += 500) {
      const std::size_t n = std::min<std::size_t>(500, ids.size() - at);
      // "+organization_id": look the ids up by primary key; without the plus SQLite walks an
      // index on organization_id (every patient of the practice).
      std::string sql =
          "SELECT id, family_name, given_name FROM patients WHERE +organization_id = ? AND id IN (";
      Params p{i(q.organizationId.value)};
      for (std::size_t k = 0; k < n; ++k) {
        sql += k == 0 ? "?" : ",?";
        p.emplace_back(ids[at + k]);
      }
      sql += ")";
      for (const auto& row : c_.query(sql, p)) {
        Reader r(row);
        const std::int64_t id = r.i64();
        std::string family = r.text();
        names[id] = family + ", " + r.text();
      }
    }
    for (auto& e : out) {
      if (auto it = names.find(e.patientId.value); it != names.end()) e.patientName = it->second;
    }
    return out;
  }

  std::vector<app::BusyTime> busyTimes(OrganizationId org,
                                       const std::vector<domain::ProviderId>& providers,
                                       domain::LocationId location,
                                       domain::Interval during) override {
    std::vector<app::BusyTime> out;
    if (providers.empty() && !location.valid()) return out;
    // Index range scans only: (organization_id, provider_id, start_at) per provider and
    // (organization_id, location_id, start_at) for the rooms.
    const std::string window =
        " AND start_at < ? AND start_at > ? AND end_at > ? AND holds_time = 1";
    std::string sql;
    Params p;
    auto bounds = [&] {
      p.push_back(i(during.end.micros()));
      p.push_back(i(during.start.micros() - kLongest));
      p.push_back(i(during.start.micros()));
    };
    if (!providers.empty()) {
      sql =
          "SELECT provider_id, patient_id, room_id, appointment_type_id, start_at, end_at FROM "
          "appointments WHERE organization_id = ? AND provider_id IN (";
      p.push_back(i(org.value));
      for (std::size_t k = 0; k < providers.size(); ++k) {
        sql += k == 0 ? "?" : ", ?";
        p.push_back(i(providers[k].value));
      }
      sql += ")" + window;
      bounds();
    }
    if (location.valid()) {
      if (!sql.empty()) sql += " UNION ALL ";
      sql +=
          "SELECT provider_id, patient_id, room_id, appointment_type_id, start_at, end_at FROM "
          "appointments WHERE organization_id = ? AND location_id = ?" +
          window + " AND room_id IS NOT NULL";
      p.push_back(i(org.value));
      p.push_back(i(location.value));
      bounds();
    }
    for (const auto& row : c_.query(sql, p)) {
      Reader r(row);
      app::BusyTime b;
      b.providerId = domain::ProviderId(r.i64());
      b.patientId = domain::PatientId(r.i64());
      b.roomId = domain::RoomId(r.i64());
      b.typeId = domain::AppointmentTypeId(r.i64());
      b.when.start = r.instant();
      b.when.end = r.instant();
      out.push_back(b);
    }
    return out;
  }

  // Waitlist -------------------------------------------------------------------------------
  static constexpr const char* kWaitCols =
      "id, organization_id, patient_id, appointment_type_id, location_id, provider_ids, weekdays, "
      "time_from, time_to, window_from, window_to, priority, appointment_id, note, status, "
      "booked_appointment_id, version, created_at, updated_at";
  static domain::WaitlistEntry decodeWait(const Row& row) {
    Reader r(row);
    domain::WaitlistEntry e;
    e.id = domain::WaitlistEntryId(r.i64());
    e.organizationId = OrganizationId(r.i64());
    e.patientId = domain::PatientId(r.i64());
    e.appointmentTypeId = domain::AppointmentTypeId(r.i64());
    e.locationId = domain::LocationId(r.i64());
    for (const auto& id : splitList(r.text())) e.providerIds.emplace_back(std::stoll(id));
    e.weekdays = static_cast<domain::WeekdaySet>(r.i64());
    e.timeFrom = static_cast<int>(r.i64());
    e.timeTo = static_cast<int>(r.i64());
    e.windowFrom = r.requiredDate();
    e.windowTo = r.requiredDate();
    e.priority = static_cast<int>(r.i64());
    e.appointmentId = domain::AppointmentId(r.i64());
    e.note = r.text();
    e.status = domain::parseWaitlistStatus(r.text()).value_or(domain::WaitlistStatus::kRemoved);
    e.bookedAppointmentId = domain::AppointmentId(r.i64());
    e.meta = r.meta();
    return e;
  }
  static Params waitFields(const domain::WaitlistEntry& e) {
    std::vector<std::string> providers;
    for (auto p : e.providerIds) providers.push_back(std::to_string(p.value));
    return {i(e.patientId.value),
            i(e.appointmentTypeId.value),
            i(e.locationId.value),
            joinList(providers),
            i(e.weekdays),
            i(e.timeFrom),
            i(e.timeTo),
            e.windowFrom.toString(),
            e.windowTo.toString(),
            i(e.priority),
            optionalId(e.appointmentId.value),
            e.note,
            std::string(domain::toString(e.status)),
            optionalId(e.bookedAppointmentId.value)};
  }
  Result<domain::WaitlistEntry> insertWaitlistEntry(const domain::WaitlistEntry& e,
                                                    Instant now) override {
    Params p = waitFields(e);
    p.push_back(i(e.organizationId.value));
    p.push_back(i(now.micros()));
    p.push_back(i(now.micros()));
    const auto id = c_.insertId(
        "INSERT INTO waitlist_entries (patient_id, appointment_type_id, location_id, "
        "provider_ids, weekdays, time_from, time_to, window_from, window_to, priority, "
        "appointment_id, note, status, booked_appointment_id, organization_id, version, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        p);
    domain::WaitlistEntry stored = e;
    stored.id = domain::WaitlistEntryId(id);
    stored.meta = {1, now, now};
    return stored;
  }
  Result<domain::WaitlistEntry> updateWaitlistEntry(const domain::WaitlistEntry& e,
                                                    std::int64_t expected, Instant now) override {
    Params p = waitFields(e);
    p.push_back(i(now.micros()));
    p.push_back(i(e.id.value));
    p.push_back(i(e.organizationId.value));
    p.push_back(i(expected));
    const auto n = c_.execute(
        "UPDATE waitlist_entries SET patient_id = ?, appointment_type_id = ?, location_id = ?, "
        "provider_ids = ?, weekdays = ?, time_from = ?, time_to = ?, window_from = ?, "
        "window_to = ?, priority = ?, appointment_id = ?, note = ?, status = ?, "
        "booked_appointment_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND "
        "organization_id = ? AND version = ?",
        p);
    if (n == 0) {
      return missingOrStale(c_, "waitlist_entries", e.organizationId.value, e.id.value,
                            "waitlist entry");
    }
    return *getWaitlistEntry(e.organizationId, e.id);
  }
  std::optional<domain::WaitlistEntry> getWaitlistEntry(OrganizationId org,
                                                        domain::WaitlistEntryId id) override {
    static const std::string sql = std::string("SELECT ") + kWaitCols +
                                   " FROM waitlist_entries WHERE organization_id = ? AND id = ?";
    auto rows = c_.query(sql, {i(org.value), i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decodeWait(rows[0]);
  }
  std::vector<domain::WaitlistEntry> waitlist(OrganizationId org, domain::LocationId location,
                                              std::optional<domain::WaitlistStatus> status,
                                              int limit) override {
    std::string sql =
        std::string("SELECT ") + kWaitCols + " FROM waitlist_entries WHERE organization_id = ?";
    Params p{i(org.value)};
    if (location.valid()) {
      sql += " AND location_id = ?";
      p.push_back(i(location.value));
    }
    if (status) {
      sql += " AND status = ?";
      p.emplace_back(std::string(domain::toString(*status)));
    }
    sql += " ORDER BY priority, created_at, id LIMIT ?";
    p.push_back(i(std::clamp(limit, 1, 1000)));
    std::vector<domain::WaitlistEntry> out;
    for (const auto& row : c_.query(sql, p)) out.push_back(decodeWait(row));
    return out;
  }
  std::vector<domain::WaitlistEntry> waitingFor(OrganizationId org, domain::LocationId location,
                                                domain::Date day) override {
    static const std::string sql =
        std::string("SELECT ") + kWaitCols +
        " FROM waitlist_entries WHERE organization_id = ? AND location_id = ? AND status = "
        "'waiting' AND window_to >= ? AND window_from <= ? ORDER BY priority, created_at, id "
        "LIMIT 500";
    std::vector<domain::WaitlistEntry> out;
    for (const auto& row :
         c_.query(sql, {i(org.value), i(location.value), day.toString(), day.toString()})) {
      out.push_back(decodeWait(row));
    }
    return out;
  }

  static constexpr const char* kOfferCols =
      "id, organization_id, entry_id, patient_id, provider_id, location_id, appointment_type_id, "
      "start_at, end_at, rank, status, appointment_id, version, created_at, updated_at";
  static domain::WaitlistOffer decodeOffer(const Row& row) {
    Reader r(row);
    domain::WaitlistOffer o;
    o.id = domain::WaitlistOfferId(r.i64());
    o.organizationId = OrganizationId(r.i64());
    o.entryId = domain::WaitlistEntryId(r.i64());
    o.patientId = domain::PatientId(r.i64());
    o.providerId = domain::ProviderId(r.i64());
    o.locationId = domain::LocationId(r.i64());
    o.appointmentTypeId = domain::AppointmentTypeId(r.i64());
    o.start = r.instant();
    o.end = r.instant();
    o.rank = static_cast<int>(r.i64());
    o.status = domain::parseOfferStatus(r.text()).value_or(domain::OfferStatus::kTaken);
    o.appointmentId = domain::AppointmentId(r.i64());
    o.meta = r.meta();
    return o;
  }
  Result<domain::WaitlistOffer> insertOffer(const domain::WaitlistOffer& o, Instant now) override {
    const auto id = c_.insertId(
        "INSERT INTO waitlist_offers (organization_id, entry_id, patient_id, provider_id, "
        "location_id, appointment_type_id, start_at, end_at, rank, status, appointment_id, "
        "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        {i(o.organizationId.value), i(o.entryId.value), i(o.patientId.value), i(o.providerId.value),
         i(o.locationId.value), i(o.appointmentTypeId.value), i(o.start.micros()),
         i(o.end.micros()), i(o.rank), std::string(domain::toString(o.status)),
         optionalId(o.appointmentId.value), i(now.micros()), i(now.micros())});
    domain::WaitlistOffer stored = o;
    stored.id = domain::WaitlistOfferId(id);
    stored.meta = {1, now, now};
    return stored;
  }
  Result<domain::WaitlistOffer> updateOffer(const domain::WaitlistOffer& o, std::int64_t expected,
                                            Instant now) override {
    const auto n = c_.execute(
        "UPDATE waitlist_offers SET status = ?, appointment_id = ?, version = version + 1, "
        "updated_at = ? WHERE id = ? AND organization_id = ? AND version = ?",
        {std::string(domain::toString(o.status)), optionalId(o.appointmentId.value),
         i(now.micros()), i(o.id.value), i(o.organizationId.value), i(expected)});
    if (n == 0) {
      return missingOrStale(c_, "waitlist_offers", o.organizationId.value, o.id.value,
                            "waitlist offer");
    }
    return *getOffer(o.organizationId, o.id);
  }
  std::optional<domain::WaitlistOffer> getOffer(OrganizationId org,
                                                domain::WaitlistOfferId id) override {
    static const std::string sql = std::string("SELECT ") + kOfferCols +
                                   " FROM waitlist_offers WHERE organization_id = ? AND id = ?";
    auto rows = c_.query(sql, {i(org.value), i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decodeOffer(rows[0]);
  }
  std::vector<domain::WaitlistOffer> offers(OrganizationId org, domain::LocationId location,
                                            std::optional<domain::OfferStatus> status,
                                            domain::WaitlistEntryId entry, Instant startsFrom,
                                            int limit) override {
    std::string sql = std::string("SELECT ") + kOfferCols +
                      " FROM waitlist_offers WHERE organization_id = ? AND start_at >= ?";
    Params p{i(org.value), i(startsFrom.micros())};
    if (location.valid()) {
      sql += " AND location_id = ?";
      p.push_back(i(location.value));
    }
    if (status) {
      sql += " AND status = ?";
      p.emplace_back(std::string(domain::toString(*status)));
    }
    if (entry.valid()) {
      sql += " AND entry_id = ?";
      p.push_back(i(entry.value));
    }
    sql += " ORDER BY start_at, rank, id LIMIT ?";
    p.push_back(i(std::clamp(limit, 1, 1000)));
    std::vector<domain::WaitlistOffer> out;
    for (const auto& row : c_.query(sql, p)) out.push_back(decodeOffer(row));
    return out;
  }

 private:
  SqlConnection& c_;
};

class SqlPayments final : public app::PaymentRepository {
 public:
  explicit SqlPayments(SqlConnection& c) : c_(c) {}

  static constexpr const char* kCols =
      "id, organization_id, patient_id, appointment_id, location_id, coverage_id, amount_cents, "
      "method, reference, kind, receipt_number, received_at, received_by, posted, version, "
      "created_at, updated_at";
  static domain::Payment decode(const Row& row) {
    Reader r(row);
    domain::Payment p;
    p.id = domain::PaymentId(r.i64());
    p.organizationId = OrganizationId(r.i64());
    p.patientId = domain::PatientId(r.i64());
    p.appointmentId = domain::AppointmentId(r.i64());
    p.locationId = domain::LocationId(r.i64());
    p.coverageId = domain::CoverageId(r.i64());
    p.amount = domain::Money::fromCents(r.i64());
    p.method = domain::parsePaymentMethod(r.text()).value_or(domain::PaymentMethod::kOther);
    p.reference = r.text();
    p.kind = r.text();
    p.receiptNumber = r.text();
    p.receivedAt = r.instant();
    p.receivedBy = r.i64();
    p.posted = r.boolean();
    p.meta = r.meta();
    return p;
  }
  Result<domain::Payment> insert(const domain::Payment& p, Instant now) override {
    const auto id = c_.insertId(
        "INSERT INTO payments (organization_id, patient_id, appointment_id, location_id, "
        "coverage_id, amount_cents, method, reference, kind, receipt_number, received_at, "
        "received_by, posted, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, 1, ?, ?)",
        {i(p.organizationId.value), i(p.patientId.value), optionalId(p.appointmentId.value),
         optionalId(p.locationId.value), optionalId(p.coverageId.value), i(p.amount.cents()),
         std::string(domain::toString(p.method)), p.reference, p.kind, p.receiptNumber,
         i(p.receivedAt.micros()), i(p.receivedBy), b(p.posted), i(now.micros()), i(now.micros())});
    domain::Payment stored = p;
    stored.id = domain::PaymentId(id);
    stored.meta = {1, now, now};
    return stored;
  }
  std::optional<domain::Payment> get(OrganizationId org, domain::PaymentId id) override {
    static const std::string sql =
        std::string("SELECT ") + kCols + " FROM payments WHERE organization_id = ? AND id = ?";
    auto rows = c_.query(sql, {i(org.value), i(id.value)});
    if (rows.empty()) return std::nullopt;
    return decode(rows[0]);
  }
  std::vector<domain::Payment> list(OrganizationId org, domain::PatientId patient,
                                    domain::AppointmentId appointment, int limit) override {
    std::string sql = std::string("SELECT ") + kCols + " FROM payments WHERE organization_id = ?";
    Params p{i(org.value)};
    if (patient.valid()) {
      sql += " AND patient_id = ?";
      p.push_back(i(patient.value));
    }
    if (appointment.valid()) {
      sql += " AND appointment_id = ?";
      p.push_back(i(appointment.value));
    }
    sql += " ORDER BY received_at DESC, id DESC LIMIT ?";
    p.push_back(i(std::clamp(limit, 1, 1000)));
    std::vector<domain::Payment> out;
    for (const auto& row : c_.query(sql, p)) out.push_back(decode(row));
    return out;
  }

 private:
  SqlConnection& c_;
};

class SqlCalendarFeeds final : public app::CalendarFeedRepository {
 public:
  explicit SqlCalendarFeeds(SqlConnection& c) : c_(c) {}
  std::int64_t insert(OrganizationId org, domain::ProviderId provider, const std::string& tokenHash,
                      Instant now) override {
    return c_.insertId(
        "INSERT INTO calendar_feeds (organization_id, provider_id, token_hash, created_at) "
        "VALUES (?, ?, ?, ?)",
        {i(org.value), i(provider.value), tokenHash, i(now.micros())});
  }
  std::optional<app::CalendarFeed> findByHash(const std::string& tokenHash) override {
    auto rows = c_.query(
        "SELECT id, organization_id, provider_id, created_at FROM calendar_feeds WHERE "
        "token_hash = ? AND revoked_at IS NULL",
        {tokenHash});
    if (rows.empty()) return std::nullopt;
    Reader r(rows[0]);
    app::CalendarFeed f;
    f.id = r.i64();
    f.organizationId = OrganizationId(r.i64());
    f.providerId = domain::ProviderId(r.i64());
    f.createdAt = r.instant();
    return f;
  }
  std::int64_t revokeAll(OrganizationId org, domain::ProviderId provider, Instant now) override {
    return c_.execute(
        "UPDATE calendar_feeds SET revoked_at = ? WHERE organization_id = ? AND provider_id = ? "
        "AND revoked_at IS NULL",
        {i(now.micros()), i(org.value), i(provider.value)});
  }

 private:
  SqlConnection& c_;
};

class SqlOutbox final : public app::OutboxRepository {
 public:
  explicit SqlOutbox(SqlConnection& c) : c_(c) {}
  std::int64_t enqueue(OrganizationId org, const std::string& channel, const std::string& kind,
                       const std::string& payload, Instant now) override {
    return c_.insertId(
        "INSERT INTO outbox (organization_id, channel, kind, payload, created_at) VALUES (?, ?, "
        "?, ?, ?)",
        {i(org.value), channel, kind, payload, i(now.micros())});
  }
  std::vector<app::OutboxMessage> pending(const std::string& channel, int limit) override {
    std::vector<app::OutboxMessage> out;
    for (const auto& row : c_.query(
             "SELECT id, organization_id, channel, kind, payload, created_at FROM outbox WHERE "
             "channel = ? AND sent_at IS NULL ORDER BY id LIMIT ?",
             {channel, i(std::clamp(limit, 1, 1000))})) {
      Reader r(row);
      app::OutboxMessage m;
      m.id = r.i64();
      m.organizationId = OrganizationId(r.i64());
      m.channel = r.text();
      m.kind = r.text();
      m.payload = r.text();
      m.createdAt = r.instant();
      out.push_back(std::move(m));
    }
    return out;
  }
  void markSent(std::int64_t id, Instant now) override {
    c_.execute("UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
               {i(now.micros()), i(id)});
  }

 private:
  SqlConnection& c_;
};

struct SqlRepositories::Impl {
  explicit Impl(SqlConnection& c)
      : orgs(c),
        locs(c),
        provs(c),
        payers(c),
        covs(c),
        pats(c),
        seqs(c),
        idem(c),
        users(c),
        sessions(c),
        audit(c),
        tokens(c),
        scheduling(c),
        payments(c),
        feeds(c),
        outbox(c) {}
  SqlOrganizations orgs;
  SqlLocations locs;
  SqlProviders provs;
  SqlPayers payers;
  SqlCoverages covs;
  SqlPatients pats;
  SqlSequences seqs;
  SqlIdempotency idem;
  SqlUsers users;
  SqlSessions sessions;
  SqlAudit audit;
  SqlTokens tokens;
  SqlScheduling scheduling;
  SqlPayments payments;
  SqlCalendarFeeds feeds;
  SqlOutbox outbox;
};

SqlRepositories::SqlRepositories(SqlConnection& conn) : impl_(std::make_unique<Impl>(conn)) {}
SqlRepositories::~SqlRepositories() = default;
app::OrganizationRepository& SqlRepositories::organizations() {
  return impl_->orgs;
}
app::LocationRepository& SqlRepositories::locations() {
  return impl_->locs;
}
app::ProviderRepository& SqlRepositories::providers() {
  return impl_->provs;
}
app::PayerRepository& SqlRepositories::payers() {
  return impl_->payers;
}
app::CoverageRepository& SqlRepositories::coverages() {
  return impl_->covs;
}
app::PatientRepository& SqlRepositories::patients() {
  return impl_->pats;
}
app::SequenceRepository& SqlRepositories::sequences() {
  return impl_->seqs;
}
app::IdempotencyRepository& SqlRepositories::idempotency() {
  return impl_->idem;
}
app::UserRepository& SqlRepositories::users() {
  return impl_->users;
}
app::SessionRepository& SqlRepositories::sessions() {
  return impl_->sessions;
}
app::AuditRepository& SqlRepositories::audit() {
  return impl_->audit;
}
app::TokenRepository& SqlRepositories::tokens() {
  return impl_->tokens;
}
app::SchedulingRepository& SqlRepositories::scheduling() {
  return impl_->scheduling;
}
app::PaymentRepository& SqlRepositories::payments() {
  return impl_->payments;
}
app::CalendarFeedRepository& SqlRepositories::calendarFeeds() {
  return impl_->feeds;
}
app::OutboxRepository& SqlRepositories::outbox() {
  return impl_->outbox;
}

}  // namespace medoffice::storage
