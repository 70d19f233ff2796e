// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/registry_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::Organization>& organizationTable();
const Table<domain::Location>& locationTable();
const Table<domain::Provider>& providerTable();
const Table<domain::Payer>& payerTable();

/// A provider's locations live in `provider_locations`: the statement that reads them, and how
/// its rows fill a provider (for reading a provider together with other records).
SqlStatement providerLocationsStatement(domain::ProviderId id);
void setProviderLocations(domain::Provider& p, const Rows& rows);

class SqlOrganizations final : public app::OrganizationRepository {
 public:
  explicit SqlOrganizations(SqlConnection& c) : c_(c) {}
  Result<domain::Organization> insert(const domain::Organization& o, domain::Instant now) override;
  Result<domain::Organization> update(const domain::Organization& o, std::int64_t expected,
                                      domain::Instant now) override;
  std::optional<domain::Organization> get(domain::OrganizationId id) override;
  Result<app::Page<domain::Organization>> list(const app::PageRequest& page) override;
  std::optional<domain::OrganizationId> defaultOrganization() override;

 private:
  SqlConnection& c_;
};

class SqlLocations final : public app::LocationRepository {
 public:
  explicit SqlLocations(SqlConnection& c) : c_(c) {}
  Result<domain::Location> insert(const domain::Location& l, domain::Instant now) override;
  Result<domain::Location> update(const domain::Location& l, std::int64_t expected,
                                  domain::Instant now) override;
  std::optional<domain::Location> get(domain::OrganizationId org, domain::LocationId id) override;
  Result<app::Page<domain::Location>> list(domain::OrganizationId org,
                                           const app::PageRequest& page) override;
  Result<domain::Location> setActive(domain::OrganizationId org, domain::LocationId id, bool active,
                                     std::int64_t expected, domain::Instant now) override;

 private:
  SqlConnection& c_;
};

class SqlProviders final : public app::ProviderRepository {
 public:
  explicit SqlProviders(SqlConnection& c) : c_(c) {}
  Result<domain::Provider> insert(const domain::Provider& p, domain::Instant now) override;
  Result<domain::Provider> update(const domain::Provider& p, std::int64_t expected,
                                  domain::Instant now) override;
  std::optional<domain::Provider> get(domain::OrganizationId org, domain::ProviderId id) override;
  Result<app::Page<domain::Provider>> list(domain::OrganizationId org,
                                           const app::PageRequest& page) override;
  Result<domain::Provider> setActive(domain::OrganizationId org, domain::ProviderId id, bool active,
                                     std::int64_t expected, domain::Instant now) override;

 private:
  Result<domain::Provider> withLocations(Result<domain::Provider> p);
  void saveLocations(const domain::Provider& p);
  SqlConnection& c_;
};

class SqlPayers final : public app::PayerRepository {
 public:
  explicit SqlPayers(SqlConnection& c) : c_(c) {}
  Result<domain::Payer> insert(const domain::Payer& p, domain::Instant now) override;
  Result<domain::Payer> update(const domain::Payer& p, std::int64_t expected,
                               domain::Instant now) override;
  std::optional<domain::Payer> get(domain::OrganizationId org, domain::PayerId id) override;
  Result<app::Page<domain::Payer>> list(domain::OrganizationId org,
                                        const app::PageRequest& page) override;
  Result<domain::Payer> setActive(domain::OrganizationId org, domain::PayerId id, bool active,
                                  std::int64_t expected, domain::Instant now) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
