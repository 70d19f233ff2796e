// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Guarantor accounts (issue 14, point 3): the person responsible for the bill, shared by the
// patients they pay for.

#include <vector>

#include "app/ports/repositories.hpp"
#include "domain/billing/account.hpp"

namespace medoffice::app::billing {

/// The patient's account. A patient is linked to one the first time they are billed (or by
/// linkExistingPatients): to the account of the guarantor recorded at registration when one
/// exists already (a parent's account for a second child), else to a new one made by
/// domain::accountFor (their own when the guarantor is "self"). Serialised per patient: two
/// first postings at once open one account.
Result<domain::GuarantorAccount> ensureAccount(Repositories& r, domain::Instant now,
                                               const domain::Patient& patient);

/// A new account (a guarantor who is not a patient, set up by hand). Validated.
Result<domain::GuarantorAccount> createAccount(Repositories& r, domain::Instant now,
                                               domain::OrganizationId org,
                                               domain::GuarantorAccount a);
/// Changes the guarantor's name, birth date, phone, address or active flag.
Result<domain::GuarantorAccount> updateAccount(Repositories& r, domain::Instant now,
                                               domain::OrganizationId org,
                                               domain::GuarantorAccount a,
                                               std::int64_t expectedVersion);

/// An account with its running balances and the patients it pays for.
struct AccountView {
  domain::GuarantorAccount account;
  AccountBalance balance;
  std::vector<domain::Patient> members;
};
Result<AccountView> accountView(Repositories& r, domain::OrganizationId org,
                                domain::GuarantorAccountId id);

/// Moves a patient to another account of the practice: encounters created from now on bill
/// it; lines already posted stay on the account they were posted to (their history is theirs).
Result<domain::Patient> movePatient(Repositories& r, domain::Instant now,
                                    domain::OrganizationId org, domain::PatientId patient,
                                    domain::GuarantorAccountId account);

/// The migration for patients registered before accounts existed: links every patient without
/// an account, `batch` per transaction, siblings with one recorded guarantor to one account.
/// Idempotent. Returns how many patients it linked.
Result<std::int64_t> linkExistingPatients(UnitOfWork& uow, domain::Instant now, int batch = 500);

}  // namespace medoffice::app::billing
