// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/registry_repository.hpp"

namespace medoffice::storage {

using domain::Instant;
using domain::OrganizationId;

// ---- mappings --------------------------------------------------------------------------------

const Table<domain::Organization>& organizationTable() {
  static const Table<domain::Organization> table({
      .table = "organizations",
      .noun = "organization",
      .cursorKind = "org",
      .columns = {"legal_name", "npi", "tin", "taxonomy", "phone", "addr_line1", "addr_line2",
                  "addr_city", "addr_state", "addr_postal_code", "active"},
      .read =
          [](Reader& r, domain::Organization& o) {
            o.legalName = r.text();
            o.npi = r.text();
            o.tin = r.text();
            o.taxonomy = r.text();
            o.phone = r.text();
            o.billingAddress = r.address();
            o.active = r.boolean();
          },
      .write =
          [](Params& p, const domain::Organization& o) {
            append(p, o.legalName, o.npi, o.tin, o.taxonomy, o.phone);
            addAddress(p, o.billingAddress);
            p.push_back(sqlBool(o.active));
          },
      .orgScoped = false,
  });
  return table;
}

const Table<domain::Location>& locationTable() {
  static const Table<domain::Location> table({
      .table = "locations",
      .noun = "location",
      .cursorKind = "loc",
      .columns = {"name", "addr_line1", "addr_line2", "addr_city", "addr_state", "addr_postal_code",
                  "place_of_service", "time_zone", "phone", "active"},
      .read =
          [](Reader& r, domain::Location& l) {
            l.name = r.text();
            l.address = r.address();
            l.placeOfService = r.text();
            l.timeZone = r.text();
            l.phone = r.text();
            l.active = r.boolean();
          },
      .write =
          [](Params& p, const domain::Location& l) {
            p.emplace_back(l.name);
            addAddress(p, l.address);
            append(p, l.placeOfService, l.timeZone, l.phone, sqlBool(l.active));
          },
  });
  return table;
}

const Table<domain::Provider>& providerTable() {
  static const Table<domain::Provider> table({
      .table = "providers",
      .noun = "provider",
      .cursorKind = "prov",
      .columns = {"family_name", "given_name", "credentials", "npi", "taxonomy", "specialty",
                  "active"},
      .read =
          [](Reader& r, domain::Provider& p) {
            p.familyName = r.text();
            p.givenName = r.text();
            p.credentials = r.text();
            p.npi = r.text();
            p.taxonomy = r.text();
            p.specialty = r.text();
            p.active = r.boolean();
          },
      .write =
          [](Params& ps, const domain::Provider& p) {
            append(ps, p.familyName, p.givenName, p.credentials, p.npi, p.taxonomy, p.specialty,
                   sqlBool(p.active));
          },
  });
  return table;
}

const Table<domain::Payer>& payerTable() {
  static const Table<domain::Payer> table({
      .table = "payers",
      .noun = "payer",
      .cursorKind = "payer",
      .columns = {"name", "x12_payer_id", "claim_filing_indicator", "timely_filing_days", "phone",
                  "addr_line1", "addr_line2", "addr_city", "addr_state", "addr_postal_code",
                  "active"},
      .read =
          [](Reader& r, domain::Payer& p) {
            p.name = r.text();
            p.x12PayerId = r.text();
            p.claimFilingIndicator = r.text();
            p.timelyFilingDays = r.i32();
            p.phone = r.text();
            p.address = r.address();
            p.active = r.boolean();
          },
      .write =
          [](Params& ps, const domain::Payer& p) {
            append(ps, p.name, p.x12PayerId, p.claimFilingIndicator, sqlInt(p.timelyFilingDays),
                   p.phone);
            addAddress(ps, p.address);
            ps.push_back(sqlBool(p.active));
          },
  });
  return table;
}

SqlStatement providerLocationsStatement(domain::ProviderId id) {
  return {"SELECT location_id FROM provider_locations WHERE provider_id = ? ORDER BY location_id",
          {sqlInt(id.value)}};
}

void setProviderLocations(domain::Provider& p, const Rows& rows) {
  p.locationIds.clear();
  for (const auto& row : rows) p.locationIds.emplace_back(row.i64(0));
}

// ---- organizations -----------------------------------------------------------------------------

Result<domain::Organization> SqlOrganizations::insert(const domain::Organization& o, Instant now) {
  return organizationTable().insert(c_, o, now);
}

Result<domain::Organization> SqlOrganizations::update(const domain::Organization& o,
                                                      std::int64_t expected, Instant now) {
  return organizationTable().update(c_, o, expected, now);
}

std::optional<domain::Organization> SqlOrganizations::get(OrganizationId id) {
  return organizationTable().get(c_, {}, id.value);
}

Result<app::Page<domain::Organization>> SqlOrganizations::list(const app::PageRequest& page) {
  return organizationTable().list(c_, {}, page);
}

std::optional<OrganizationId> SqlOrganizations::defaultOrganization() {
  auto rows = c_.query("SELECT MIN(id) FROM organizations WHERE active = 1", {});
  if (rows.empty() || rows[0].isNull(0)) return std::nullopt;
  return OrganizationId(rows[0].i64(0));
}

// ---- locations -------------------------------------------------------------------------------

Result<domain::Location> SqlLocations::insert(const domain::Location& l, Instant now) {
  return locationTable().insert(c_, l, now);
}

Result<domain::Location> SqlLocations::update(const domain::Location& l, std::int64_t expected,
                                              Instant now) {
  return locationTable().update(c_, l, expected, now);
}

std::optional<domain::Location> SqlLocations::get(OrganizationId org, domain::LocationId id) {
  return locationTable().get(c_, org, id.value);
}

Result<app::Page<domain::Location>> SqlLocations::list(OrganizationId org,
                                                       const app::PageRequest& page) {
  return locationTable().list(c_, org, page);
}

Result<domain::Location> SqlLocations::setActive(OrganizationId org, domain::LocationId id,
                                                 bool active, std::int64_t expected, Instant now) {
  return locationTable().setActive(c_, org, id.value, active, expected, now);
}

// ---- providers -------------------------------------------------------------------------------

Result<domain::Provider> SqlProviders::withLocations(Result<domain::Provider> p) {
  if (p) {
    auto s = providerLocationsStatement(p->id);
    setProviderLocations(*p, c_.query(s.sql, s.params));
  }
  return p;
}

void SqlProviders::saveLocations(const domain::Provider& p) {
  c_.execute("DELETE FROM provider_locations WHERE provider_id = ?", {sqlInt(p.id.value)});
  for (auto loc : p.locationIds) {
    c_.execute(
        "INSERT INTO provider_locations (organization_id, provider_id, location_id) VALUES (?, ?, "
        "?)",
        {sqlInt(p.organizationId.value), sqlInt(p.id.value), sqlInt(loc.value)});
  }
}

Result<domain::Provider> SqlProviders::insert(const domain::Provider& p, Instant now) {
  auto stored = providerTable().insert(c_, p, now);
  if (stored) saveLocations(*stored);
  return withLocations(std::move(stored));
}

Result<domain::Provider> SqlProviders::update(const domain::Provider& p, std::int64_t expected,
                                              Instant now) {
  auto stored = providerTable().update(c_, p, expected, now);
  if (stored) saveLocations(p);
  return withLocations(std::move(stored));
}

std::optional<domain::Provider> SqlProviders::get(OrganizationId org, domain::ProviderId id) {
  auto p = providerTable().get(c_, org, id.value);
  if (!p) return std::nullopt;
  return *withLocations(std::move(*p));
}

Result<app::Page<domain::Provider>> SqlProviders::list(OrganizationId org,
                                                       const app::PageRequest& page) {
  auto out = providerTable().list(c_, org, page);
  if (out) {
    for (auto& p : out->items) p = *withLocations(std::move(p));
  }
  return out;
}

Result<domain::Provider> SqlProviders::setActive(OrganizationId org, domain::ProviderId id,
                                                 bool active, std::int64_t expected, Instant now) {
  return withLocations(providerTable().setActive(c_, org, id.value, active, expected, now));
}

// ---- payers ----------------------------------------------------------------------------------

Result<domain::Payer> SqlPayers::insert(const domain::Payer& p, Instant now) {
  return payerTable().insert(c_, p, now);
}

Result<domain::Payer> SqlPayers::update(const domain::Payer& p, std::int64_t expected,
                                        Instant now) {
  return payerTable().update(c_, p, expected, now);
}

std::optional<domain::Payer> SqlPayers::get(OrganizationId org, domain::PayerId id) {
  return payerTable().get(c_, org, id.value);
}

Result<app::Page<domain::Payer>> SqlPayers::list(OrganizationId org, const app::PageRequest& page) {
  return payerTable().list(c_, org, page);
}

Result<domain::Payer> SqlPayers::setActive(OrganizationId org, domain::PayerId id, bool active,
                                           std::int64_t expected, Instant now) {
  return payerTable().setActive(c_, org, id.value, active, expected, now);
}

}  // namespace medoffice::storage
