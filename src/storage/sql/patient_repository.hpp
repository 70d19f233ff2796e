// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/ports/patient_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::Patient>& patientTable();
const Table<domain::Coverage>& coverageTable();

/// "Family, Given" of each patient of `org` among `ids` (any order, repeats allowed), by primary
/// key, 500 per query: the names work lists show beside their rows.
std::unordered_map<std::int64_t, std::string> patientNames(SqlConnection& c,
                                                           domain::OrganizationId org,
                                                           std::vector<std::int64_t> ids);

class SqlPatients final : public app::PatientRepository {
 public:
  explicit SqlPatients(SqlConnection& c) : c_(c) {}
  Result<domain::Patient> insert(const domain::Patient& p, domain::Instant now) override;
  Result<domain::Patient> update(const domain::Patient& p, std::int64_t expected,
                                 domain::Instant now) override;
  std::optional<domain::Patient> get(domain::OrganizationId org, domain::PatientId id) override;
  std::optional<domain::OrganizationId> ownerOf(domain::PatientId id) override;
  Result<app::Page<domain::Patient>> search(domain::OrganizationId org,
                                            const app::PatientQuery& q) override;
  std::vector<domain::DuplicateCandidate> findDuplicates(const domain::Patient& p,
                                                         domain::PatientId exclude,
                                                         int limit) override;
  void recordMerge(domain::OrganizationId org, const app::PatientMerge& m) override;
  std::vector<app::PatientMerge> merges(domain::OrganizationId org, domain::PatientId id) override;

 private:
  SqlConnection& c_;
};

class SqlCoverages final : public app::CoverageRepository {
 public:
  explicit SqlCoverages(SqlConnection& c) : c_(c) {}
  Result<domain::Coverage> insert(const domain::Coverage& c, domain::Instant now) override;
  Result<domain::Coverage> update(const domain::Coverage& c, std::int64_t expected,
                                  domain::Instant now) override;
  std::optional<domain::PatientId> ownerPatient(domain::CoverageId id) override;
  std::optional<domain::Coverage> get(domain::OrganizationId org, domain::CoverageId id) override;
  Result<app::Page<domain::Coverage>> list(domain::OrganizationId org, domain::PatientId patient,
                                           const app::PageRequest& page) override;
  std::vector<domain::Coverage> activeForPatient(domain::OrganizationId org,
                                                 domain::PatientId patient) override;
  std::int64_t reassignPatient(domain::OrganizationId org, domain::PatientId from,
                               domain::PatientId to, domain::Instant now) override;
  Result<domain::Coverage> setActive(domain::OrganizationId org, domain::CoverageId id, bool active,
                                     std::int64_t expected, domain::Instant now) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
