// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/insurance/insurance.hpp"
#include "domain/patients/patient.hpp"

namespace medoffice::app {

/// Patient search. Each set criterion narrows the result; results are in name order.
struct PatientQuery {
  std::string familyPrefix;  ///< start of the family name's search key (domain::nameSearchKey)
  std::string givenPrefix;   ///< start of the given name's search key
  std::optional<domain::Date> birthDate;
  std::string phone;  ///< E.164
  std::string mrn;
  std::optional<domain::PatientStatus> status;  ///< nullopt: active only
  bool anyStatus = false;
  PageRequest page;
};

class CoverageRepository {
 public:
  virtual ~CoverageRepository() = default;
  virtual Result<domain::Coverage> insert(const domain::Coverage& c, domain::Instant now) = 0;
  virtual Result<domain::Coverage> update(const domain::Coverage& c, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
  /// The patient a coverage id belongs to, whoever asks (to audit cross-organization probes).
  virtual std::optional<domain::PatientId> ownerPatient(domain::CoverageId id) = 0;
  virtual std::optional<domain::Coverage> get(domain::OrganizationId org,
                                              domain::CoverageId id) = 0;
  /// Coverages of one patient (all of them when `patient` is invalid), by id.
  virtual Result<Page<domain::Coverage>> list(domain::OrganizationId org, domain::PatientId patient,
                                              const PageRequest& page) = 0;
  /// Every active coverage of a patient, unpaged (a patient has a handful).
  virtual std::vector<domain::Coverage> activeForPatient(domain::OrganizationId org,
                                                         domain::PatientId patient) = 0;
  /// Moves every coverage of `from` to `to` (used by merge); returns how many moved.
  virtual std::int64_t reassignPatient(domain::OrganizationId org, domain::PatientId from,
                                       domain::PatientId to, domain::Instant now) = 0;
  /// Archives (false) or restores (true); the version check and answers of update().
  virtual Result<domain::Coverage> setActive(domain::OrganizationId org, domain::CoverageId id,
                                             bool active, std::int64_t expectedVersion,
                                             domain::Instant now) = 0;
};

/// One completed merge: `source` was folded into `target`.
struct PatientMerge {
  domain::PatientId target;
  domain::PatientId source;
  std::string sourceMrn;
  std::int64_t coveragesMoved = 0;
  domain::Instant mergedAt;
};

class PatientRepository {
 public:
  virtual ~PatientRepository() = default;
  /// The caller sets `mrn` (from the SequenceRepository) before inserting.
  virtual Result<domain::Patient> insert(const domain::Patient& p, domain::Instant now) = 0;
  /// Updates demographic fields and status/mergedInto.
  virtual Result<domain::Patient> update(const domain::Patient& p, std::int64_t expectedVersion,
                                         domain::Instant now) = 0;
  virtual std::optional<domain::Patient> get(domain::OrganizationId org, domain::PatientId id) = 0;
  /// The organization a patient id belongs to, whoever asks (to audit cross-organization probes).
  virtual std::optional<domain::OrganizationId> ownerOf(domain::PatientId id) = 0;
  virtual Result<Page<domain::Patient>> search(domain::OrganizationId org,
                                               const PatientQuery& q) = 0;
  /// Active or archived patients with the same name keys and birth date, or the same phone;
  /// at most `limit`, excluding `exclude`.
  virtual std::vector<domain::DuplicateCandidate> findDuplicates(const domain::Patient& p,
                                                                 domain::PatientId exclude,
                                                                 int limit) = 0;
  virtual void recordMerge(domain::OrganizationId org, const PatientMerge& m) = 0;
  /// Merges where `id` was the target or the source, oldest first.
  virtual std::vector<PatientMerge> merges(domain::OrganizationId org, domain::PatientId id) = 0;
};

}  // namespace medoffice::app
