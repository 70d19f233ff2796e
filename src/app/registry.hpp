// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"

namespace medoffice::app {

/// Use cases of the practice registry. Each function runs inside the transaction whose
/// repositories it is given, so callers can compose one with an idempotency record.
/// `now` comes from the Clock port.
namespace registry {

using domain::Coverage;
using domain::Instant;
using domain::Location;
using domain::Organization;
using domain::OrganizationId;
using domain::Patient;
using domain::Payer;
using domain::Provider;

Result<Organization> createOrganization(Repositories& r, Instant now, Organization draft);
Result<Organization> updateOrganization(Repositories& r, Instant now, Organization changes,
                                        std::int64_t expectedVersion);

Result<Location> createLocation(Repositories& r, const TimeZones& zones, Instant now,
                                OrganizationId org, Location draft);
Result<Location> updateLocation(Repositories& r, const TimeZones& zones, Instant now,
                                OrganizationId org, Location changes, std::int64_t expectedVersion);

Result<Provider> createProvider(Repositories& r, Instant now, OrganizationId org, Provider draft);
Result<Provider> updateProvider(Repositories& r, Instant now, OrganizationId org, Provider changes,
                                std::int64_t expectedVersion);

Result<Payer> createPayer(Repositories& r, Instant now, OrganizationId org, Payer draft);
Result<Payer> updatePayer(Repositories& r, Instant now, OrganizationId org, Payer changes,
                          std::int64_t expectedVersion);

Result<Coverage> createCoverage(Repositories& r, Instant now, OrganizationId org, Coverage draft);
Result<Coverage> updateCoverage(Repositories& r, Instant now, OrganizationId org, Coverage changes,
                                std::int64_t expectedVersion);

struct Registration {
  Patient patient;
  std::vector<domain::DuplicateCandidate> possibleDuplicates;
};

/// Registers a patient with a new MRN. Possible duplicates are reported, not refused: the front
/// desk decides (and can merge later). With `checkDuplicates` false the caller has looked for
/// them already (findPossibleDuplicates on a read snapshot, off the single SQLite writer).
Result<Registration> registerPatient(Repositories& r, Instant now, OrganizationId org,
                                     Patient draft, bool checkDuplicates = true);
/// Registered (active or archived) patients with the same name and birth date, or the same
/// phone, as `p`; at most 10.
std::vector<domain::DuplicateCandidate> findPossibleDuplicates(Repositories& r, OrganizationId org,
                                                               Patient p);
/// Updates demographics. Status, MRN and merge links are not changed here.
Result<Patient> updatePatient(Repositories& r, Instant now, OrganizationId org, Patient changes,
                              std::int64_t expectedVersion);
/// Moves a patient through its state machine (archive, restore). Merged records are final.
Result<Patient> setPatientStatus(Repositories& r, Instant now, OrganizationId org,
                                 domain::PatientId id, domain::PatientStatus to,
                                 std::int64_t expectedVersion);

struct MergeOutcome {
  Patient target;
  PatientMerge merge;
};

/// Folds `source` into `target`: the source becomes `merged` (kept, pointing at the target), its
/// coverages move to the target, and the merge is recorded. `expectedTargetVersion` guards the
/// target; the source must be active or archived.
Result<MergeOutcome> mergePatients(Repositories& r, Instant now, OrganizationId org,
                                   domain::PatientId target, domain::PatientId source,
                                   std::int64_t expectedTargetVersion);

/// Sets `active` on a location, provider, payer or coverage (archive instead of delete).
Result<Location> setLocationActive(Repositories& r, Instant now, OrganizationId org,
                                   domain::LocationId id, bool active, std::int64_t version);
Result<Provider> setProviderActive(Repositories& r, Instant now, OrganizationId org,
                                   domain::ProviderId id, bool active, std::int64_t version);
Result<Payer> setPayerActive(Repositories& r, Instant now, OrganizationId org, domain::PayerId id,
                             bool active, std::int64_t version);
Result<Coverage> setCoverageActive(Repositories& r, Instant now, OrganizationId org,
                                   domain::CoverageId id, bool active, std::int64_t version);

}  // namespace registry

/// Runs a POST exactly once per Idempotency-Key. With an empty key, `run` simply executes in a
/// write transaction. With a key seen before and the same `fingerprint`, the stored response is
/// returned and `run` is not called; with a different fingerprint the answer is kConflict.
/// The record is written in the same transaction as the change.
Result<StoredResponse> idempotentPost(
    UnitOfWork& uow, domain::Instant now, domain::OrganizationId org, const std::string& key,
    const std::string& fingerprint,
    const std::function<Result<StoredResponse>(Repositories&)>& run);

}  // namespace medoffice::app
