// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/accounts.hpp"

namespace medoffice::app::billing {

using domain::Error;
using domain::GuarantorAccount;

namespace {

/// An account already open for the person accountFor(p) names, if any.
std::optional<GuarantorAccount> existingFor(Repositories& r, const GuarantorAccount& wanted) {
  if (wanted.guarantorPatientId.valid()) {
    return r.accounts().ofGuarantorPatient(wanted.organizationId, wanted.guarantorPatientId);
  }
  if (!wanted.birthDate) return std::nullopt;
  for (auto& a : r.accounts().bornOn(wanted.organizationId, *wanted.birthDate)) {
    if (a.active && domain::samePerson(a, wanted)) return a;
  }
  return std::nullopt;
}

}  // namespace

Result<GuarantorAccount> ensureAccount(Repositories& r, domain::Instant now,
                                       const domain::Patient& patient) {
  const auto org = patient.organizationId;
  if (patient.accountId.valid()) {
    if (auto a = r.accounts().get(org, patient.accountId)) return *a;
  }
  // Not linked yet: take the patient's row lock, then look again (another transaction may have
  // linked it while this one waited).
  if (auto linked = r.accounts().lockPatient(org, patient.id); linked.valid()) {
    if (auto a = r.accounts().get(org, linked)) return *a;
  }
  GuarantorAccount wanted = domain::accountFor(patient);
  auto found = existingFor(r, wanted);
  if (!found) {
    if (wanted.familyName.empty() || wanted.givenName.empty()) {
      // A guarantor recorded without a name (older records): the patient is their own.
      domain::Patient self = patient;
      self.guarantor = {};
      wanted = domain::accountFor(self);
      found = existingFor(r, wanted);
    }
  }
  if (!found) {
    auto stored = r.accounts().insert(wanted, now);
    if (!stored) return stored.error();
    found = *stored;
  }
  r.accounts().linkPatient(org, patient.id, found->id, true);
  return *found;
}

Result<GuarantorAccount> createAccount(Repositories& r, domain::Instant now,
                                       domain::OrganizationId org, GuarantorAccount a) {
  a.organizationId = org;
  a.id = {};
  if (auto errors = domain::validate(a); !errors.empty()) return Error::invalid(errors);
  if (a.guarantorPatientId.valid()) {
    auto p = r.patients().get(org, a.guarantorPatientId);
    if (!p) return Error::invalidField("guarantor_patient_id", "is not a patient of the practice");
  }
  return r.accounts().insert(a, now);
}

Result<GuarantorAccount> updateAccount(Repositories& r, domain::Instant now,
                                       domain::OrganizationId org, GuarantorAccount a,
                                       std::int64_t expectedVersion) {
  a.organizationId = org;
  auto current = r.accounts().get(org, a.id);
  if (!current) return Error::notFound("account not found");
  if (auto errors = domain::validate(a); !errors.empty()) return Error::invalid(errors);
  if (a.guarantorPatientId != current->guarantorPatientId) {
    return Error::invalidField("guarantor_patient_id",
                               "cannot change; open another account for another guarantor");
  }
  return r.accounts().update(a, expectedVersion, now);
}

Result<AccountView> accountView(Repositories& r, domain::OrganizationId org,
                                domain::GuarantorAccountId id) {
  auto a = r.accounts().get(org, id);
  if (!a) return Error::notFound("account not found");
  return AccountView{*a, r.accounts().balance(org, id), r.accounts().members(org, id)};
}

Result<domain::Patient> movePatient(Repositories& r, domain::Instant now,
                                    domain::OrganizationId org, domain::PatientId patientId,
                                    domain::GuarantorAccountId account) {
  auto patient = r.patients().get(org, patientId);
  if (!patient) return Error::notFound("patient not found");
  auto target = r.accounts().get(org, account);
  if (!target) return Error::invalidField("account_id", "is not an account of the practice");
  if (!target->active) return Error::invalidField("account_id", "is closed");
  // Serialised with a first posting for the patient (which would open an account), so that the
  // move is the last word and no empty account of their own is left behind.
  r.accounts().lockPatient(org, patientId);
  r.accounts().linkPatient(org, patientId, account, false);
  // The patient's record changed (account_id): a new version, so that caches and If-Match see it.
  auto stored = r.patients().update(*patient, patient->meta.version, now);
  if (!stored) return stored.error();
  return stored;
}

Result<std::int64_t> linkExistingPatients(UnitOfWork& uow, domain::Instant now, int batch) {
  std::int64_t linked = 0;
  std::int64_t after = 0;
  for (;;) {
    std::size_t seen = 0;
    Status s = uow.write([&](Repositories& r) -> Status {
      auto patients = r.accounts().unlinkedPatients(after, batch);
      seen = patients.size();
      for (const auto& p : patients) {
        after = p.id.value;
        auto a = ensureAccount(r, now, p);
        if (!a) return a.error();
        ++linked;
      }
      return {};
    });
    if (!s.ok()) return s.error();
    if (seen < static_cast<std::size_t>(batch)) return linked;
  }
}

}  // namespace medoffice::app::billing
