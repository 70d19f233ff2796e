// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>

#include "app/ports/common.hpp"
#include "domain/insurance/insurance.hpp"
#include "domain/practice/practice.hpp"

namespace medoffice::app {

/// Repositories of the practice registry: the practice itself, its locations, providers and
/// payers. The contracts of app/ports/common.hpp apply.
class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  virtual Result<domain::Organization> insert(const domain::Organization& o,
                                              domain::Instant now) = 0;
  virtual Result<domain::Organization> update(const domain::Organization& o,
                                              std::int64_t expectedVersion,
                                              domain::Instant now) = 0;
  virtual std::optional<domain::Organization> get(domain::OrganizationId id) = 0;
  virtual Result<Page<domain::Organization>> list(const PageRequest& page) = 0;
  /// The organization with the lowest id, if any (demo and /healthz use it as "is there one?").
  virtual std::optional<domain::OrganizationId> defaultOrganization() = 0;
};

class LocationRepository {
 public:
  virtual ~LocationRepository() = default;
  virtual Result<domain::Location> insert(const domain::Location& l, domain::Instant now) = 0;
  virtual Result<domain::Location> update(const domain::Location& l, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
  virtual std::optional<domain::Location> get(domain::OrganizationId org,
                                              domain::LocationId id) = 0;
  virtual Result<Page<domain::Location>> list(domain::OrganizationId org,
                                              const PageRequest& page) = 0;
  /// Archives (false) or restores (true); the version check and answers of update().
  virtual Result<domain::Location> setActive(domain::OrganizationId org, domain::LocationId id,
                                             bool active, std::int64_t expectedVersion,
                                             domain::Instant now) = 0;
};

class ProviderRepository {
 public:
  virtual ~ProviderRepository() = default;
  virtual Result<domain::Provider> insert(const domain::Provider& p, domain::Instant now) = 0;
  virtual Result<domain::Provider> update(const domain::Provider& p, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
  virtual std::optional<domain::Provider> get(domain::OrganizationId org,
                                              domain::ProviderId id) = 0;
  virtual Result<Page<domain::Provider>> list(domain::OrganizationId org,
                                              const PageRequest& page) = 0;
  /// Archives (false) or restores (true); the version check and answers of update().
  virtual Result<domain::Provider> setActive(domain::OrganizationId org, domain::ProviderId id,
                                             bool active, std::int64_t expectedVersion,
                                             domain::Instant now) = 0;
};

class PayerRepository {
 public:
  virtual ~PayerRepository() = default;
  virtual Result<domain::Payer> insert(const domain::Payer& p, domain::Instant now) = 0;
  virtual Result<domain::Payer> update(const domain::Payer& p, std::int64_t expectedVersion,
                                       domain::Instant now) = 0;
  virtual std::optional<domain::Payer> get(domain::OrganizationId org, domain::PayerId id) = 0;
  virtual Result<Page<domain::Payer>> list(domain::OrganizationId org, const PageRequest& page) = 0;
  /// Archives (false) or restores (true); the version check and answers of update().
  virtual Result<domain::Payer> setActive(domain::OrganizationId org, domain::PayerId id,
                                          bool active, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
};

}  // namespace medoffice::app
