// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/registry.hpp"

#include <algorithm>

namespace medoffice::app {
namespace registry {
namespace {

using domain::Error;

template <class T>
Result<T> invalidIfAny(const std::vector<domain::FieldError>& errors, T value) {
  if (!errors.empty()) return Error::invalid(errors);
  return value;
}

Status checkProviderLocations(Repositories& r, OrganizationId org, const Provider& p) {
  for (auto id : p.locationIds) {
    if (!r.locations().get(org, id)) {
      return Error::invalidField("location_ids",
                                 "location " + std::to_string(id.value) + " does not exist");
    }
  }
  return {};
}

Status checkCoverage(Repositories& r, OrganizationId org, const Coverage& c) {
  auto patient = r.patients().get(org, c.patientId);
  if (!patient) return Error::invalidField("patient_id", "patient does not exist");
  if (patient->status == domain::PatientStatus::kMerged) {
    return Error::invalidField(
        "patient_id", "patient was merged into " + std::to_string(patient->mergedInto.value));
  }
  auto payer = r.payers().get(org, c.payerId);
  if (!payer) return Error::invalidField("payer_id", "payer does not exist");
  if (!payer->active && c.active) return Error::invalidField("payer_id", "payer is archived");
  if (!c.active) return {};
  for (const auto& other : r.coverages().activeForPatient(org, c.patientId)) {
    if (other.id == c.id || other.priority != c.priority) continue;
    if (c.overlaps(other)) {
      return Error::conflict("The patient already has " + std::string(toString(c.priority)) +
                                 " coverage for part of this period (coverage " +
                                 std::to_string(other.id.value) + ").",
                             {{"priority", "overlaps coverage " + std::to_string(other.id.value)}});
    }
  }
  return {};
}

}  // namespace

Result<Organization> createOrganization(Repositories& r, Instant now, Organization draft) {
  auto errors = validate(draft);
  if (!errors.empty()) return Error::invalid(errors);
  return r.organizations().insert(draft, now);
}

Result<Organization> updateOrganization(Repositories& r, Instant now, Organization changes,
                                        std::int64_t expectedVersion) {
  auto current = r.organizations().get(changes.id);
  if (!current) return Error::notFound("organization not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  auto errors = validate(changes);
  if (!errors.empty()) return Error::invalid(errors);
  return r.organizations().update(changes, expectedVersion, now);
}

Result<Location> createLocation(Repositories& r, const TimeZones& zones, Instant now,
                                OrganizationId org, Location draft) {
  draft.organizationId = org;
  auto errors = validate(draft, zones.exists(draft.timeZone));
  if (!errors.empty()) return Error::invalid(errors);
  return r.locations().insert(draft, now);
}

Result<Location> updateLocation(Repositories& r, const TimeZones& zones, Instant now,
                                OrganizationId org, Location changes,
                                std::int64_t expectedVersion) {
  auto current = r.locations().get(org, changes.id);
  if (!current) return Error::notFound("location not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  changes.organizationId = org;
  auto errors = validate(changes, zones.exists(changes.timeZone));
  if (!errors.empty()) return Error::invalid(errors);
  return r.locations().update(changes, expectedVersion, now);
}

Result<Provider> createProvider(Repositories& r, Instant now, OrganizationId org, Provider draft) {
  draft.organizationId = org;
  auto errors = validate(draft);
  if (!errors.empty()) return Error::invalid(errors);
  if (auto s = checkProviderLocations(r, org, draft); !s) return s.error();
  return r.providers().insert(draft, now);
}

Result<Provider> updateProvider(Repositories& r, Instant now, OrganizationId org, Provider changes,
                                std::int64_t expectedVersion) {
  auto current = r.providers().get(org, changes.id);
  if (!current) return Error::notFound("provider not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  changes.organizationId = org;
  auto errors = validate(changes);
  if (!errors.empty()) return Error::invalid(errors);
  if (auto s = checkProviderLocations(r, org, changes); !s) return s.error();
  return r.providers().update(changes, expectedVersion, now);
}

Result<Payer> createPayer(Repositories& r, Instant now, OrganizationId org, Payer draft) {
  draft.organizationId = org;
  auto errors = validate(draft);
  if (!errors.empty()) return Error::invalid(errors);
  return r.payers().insert(draft, now);
}

Result<Payer> updatePayer(Repositories& r, Instant now, OrganizationId org, Payer changes,
                          std::int64_t expectedVersion) {
  auto current = r.payers().get(org, changes.id);
  if (!current) return Error::notFound("payer not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  changes.organizationId = org;
  auto errors = validate(changes);
  if (!errors.empty()) return Error::invalid(errors);
  return r.payers().update(changes, expectedVersion, now);
}

Result<Coverage> createCoverage(Repositories& r, Instant now, OrganizationId org, Coverage draft) {
  draft.organizationId = org;
  draft.active = true;
  auto errors = validate(draft, now.utcDate());
  if (!errors.empty()) return Error::invalid(errors);
  if (auto s = checkCoverage(r, org, draft); !s) return s.error();
  return r.coverages().insert(draft, now);
}

Result<Coverage> updateCoverage(Repositories& r, Instant now, OrganizationId org, Coverage changes,
                                std::int64_t expectedVersion) {
  auto current = r.coverages().get(org, changes.id);
  if (!current) return Error::notFound("coverage not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  changes.organizationId = org;
  changes.active = current->active;
  if (changes.patientId != current->patientId) {
    return Error::invalidField("patient_id", "cannot move a coverage to another patient");
  }
  auto errors = validate(changes, now.utcDate());
  if (!errors.empty()) return Error::invalid(errors);
  if (auto s = checkCoverage(r, org, changes); !s) return s.error();
  return r.coverages().update(changes, expectedVersion, now);
}

std::vector<domain::DuplicateCandidate> findPossibleDuplicates(Repositories& r, OrganizationId org,
                                                               Patient p) {
  p.organizationId = org;
  return r.patients().findDuplicates(p, {}, 10);
}

Result<Registration> registerPatient(Repositories& r, Instant now, OrganizationId org,
                                     Patient draft, bool checkDuplicates) {
  draft.organizationId = org;
  draft.status = domain::PatientStatus::kActive;
  draft.mergedInto = {};
  auto errors = validate(draft, now.utcDate());
  if (!errors.empty()) return Error::invalid(errors);
  Registration out;
  if (checkDuplicates) out.possibleDuplicates = r.patients().findDuplicates(draft, {}, 10);
  draft.mrn = domain::formatMrn(r.sequences().next(org, "mrn"));
  auto stored = r.patients().insert(draft, now);
  if (!stored) return stored.error();
  out.patient = std::move(stored).value();
  return out;
}

Result<Patient> updatePatient(Repositories& r, Instant now, OrganizationId org, Patient changes,
                              std::int64_t expectedVersion) {
  auto current = r.patients().get(org, changes.id);
  if (!current) return Error::notFound("patient not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  if (current->status == domain::PatientStatus::kMerged) {
    return Error::conflict("A merged patient record cannot be changed; update patient " +
                           std::to_string(current->mergedInto.value) + " instead.");
  }
  changes.organizationId = org;
  changes.mrn = current->mrn;
  changes.status = current->status;
  changes.mergedInto = current->mergedInto;
  auto errors = validate(changes, now.utcDate());
  if (!errors.empty()) return Error::invalid(errors);
  return r.patients().update(changes, expectedVersion, now);
}

Result<Patient> setPatientStatus(Repositories& r, Instant now, OrganizationId org,
                                 domain::PatientId id, domain::PatientStatus to,
                                 std::int64_t expectedVersion) {
  auto current = r.patients().get(org, id);
  if (!current) return Error::notFound("patient not found");
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  if (current->status == to) return *current;
  if (to == domain::PatientStatus::kMerged || !canTransition(current->status, to)) {
    return Error::conflict("A " + std::string(toString(current->status)) +
                           " patient cannot become " + std::string(toString(to)) + ".");
  }
  current->status = to;
  return r.patients().update(*current, expectedVersion, now);
}

Result<MergeOutcome> mergePatients(Repositories& r, Instant now, OrganizationId org,
                                   domain::PatientId targetId, domain::PatientId sourceId,
                                   std::int64_t expectedTargetVersion) {
  if (targetId == sourceId) {
    return Error::invalidField("source_id", "must differ from the surviving patient");
  }
  auto target = r.patients().get(org, targetId);
  if (!target) return Error::notFound("patient not found");
  if (target->meta.version != expectedTargetVersion) return Error::versionMismatch();
  if (target->status != domain::PatientStatus::kActive) {
    return Error::conflict("The surviving patient must be active.");
  }
  auto source = r.patients().get(org, sourceId);
  if (!source) return Error::invalidField("source_id", "patient does not exist");
  if (!canTransition(source->status, domain::PatientStatus::kMerged)) {
    return Error::invalidField("source_id", "patient was already merged");
  }
  source->status = domain::PatientStatus::kMerged;
  source->mergedInto = targetId;
  auto storedSource = r.patients().update(*source, source->meta.version, now);
  if (!storedSource) return storedSource.error();
  PatientMerge merge{targetId, sourceId, source->mrn, 0, now};
  merge.coveragesMoved = r.coverages().reassignPatient(org, sourceId, targetId, now);
  r.patients().recordMerge(org, merge);
  // Bump the target so caches and other editors see that its record changed.
  auto storedTarget = r.patients().update(*target, expectedTargetVersion, now);
  if (!storedTarget) return storedTarget.error();
  return MergeOutcome{std::move(storedTarget).value(), merge};
}

namespace {
template <class T, class Repo, class IdT>
Result<T> setActive(Repo& repo, Instant now, OrganizationId org, IdT id, bool active,
                    std::int64_t version, const char* what) {
  auto current = repo.get(org, id);
  if (!current) return Error::notFound(std::string(what) + " not found");
  if (current->meta.version != version) return Error::versionMismatch();
  if (current->active == active) return *current;
  return repo.setActive(org, id, active, version, now);
}
}  // namespace

Result<Location> setLocationActive(Repositories& r, Instant now, OrganizationId org,
                                   domain::LocationId id, bool active, std::int64_t version) {
  return setActive<Location>(r.locations(), now, org, id, active, version, "location");
}
Result<Provider> setProviderActive(Repositories& r, Instant now, OrganizationId org,
                                   domain::ProviderId id, bool active, std::int64_t version) {
  return setActive<Provider>(r.providers(), now, org, id, active, version, "provider");
}
Result<Payer> setPayerActive(Repositories& r, Instant now, OrganizationId org, domain::PayerId id,
                             bool active, std::int64_t version) {
  return setActive<Payer>(r.payers(), now, org, id, active, version, "payer");
}
Result<Coverage> setCoverageActive(Repositories& r, Instant now, OrganizationId org,
                                   domain::CoverageId id, bool active, std::int64_t version) {
  if (active) {
    auto current = r.coverages().get(org, id);
    if (current) {
      current->active = true;
      if (auto s = checkCoverage(r, org, *current); !s) return s.error();
    }
  }
  return setActive<Coverage>(r.coverages(), now, org, id, active, version, "coverage");
}

}  // namespace registry

Result<StoredResponse> idempotentPost(
    UnitOfWork& uow, domain::Instant now, domain::OrganizationId org, const std::string& key,
    const std::string& fingerprint,
    const std::function<Result<StoredResponse>(Repositories&)>& run) {
  return writeValue<StoredResponse>(uow, [&](Repositories& r) -> Result<StoredResponse> {
    if (!key.empty()) {
      if (auto prior = r.idempotency().find(org, key)) {
        if (prior->fingerprint != fingerprint) {
          return domain::Error::conflict(
              "This Idempotency-Key was already used for a different request.",
              {{"Idempotency-Key", "was used with another request body or route"}});
        }
        return prior->response;
      }
    }
    auto out = run(r);
    if (out.ok() && !key.empty()) r.idempotency().save(org, key, {fingerprint, *out}, now);
    return out;
  });
}

}  // namespace medoffice::app
