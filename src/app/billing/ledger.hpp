// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The ledger (issue 14, points 5 and 6): posting entries, patient payments and their
// allocation to lines, refunds and reversals, and reading balances. Every function here runs
// inside the caller's write or read transaction; the routes write the audit event in it.

#include <optional>
#include <string>
#include <vector>

#include "app/ports/repositories.hpp"
#include "app/ports/security.hpp"
#include "domain/billing/ledger.hpp"
#include "domain/billing/payment.hpp"

namespace medoffice::app::billing {

/// Posts one entry made by a person (an adjustment, a write-off, a transfer, an insurance
/// payment from a paper EOB, a reversal). The account, patient and encounter come from the
/// line (or, for money on account, from the payment); a reversal takes everything but its
/// reason from the entry it reverses. kInvalid naming the field for a bad shape or a balance
/// that would go below zero; kConflict for reversing twice or reversing a reversal; kNotFound
/// for a line, payment or entry of another practice.
Result<domain::LedgerEntry> postEntry(Repositories& r, domain::Instant now,
                                      domain::OrganizationId org, domain::LedgerEntry e,
                                      std::int64_t byUser);

/// How a patient payment reaches the lines.
enum class AllocationMode {
  kOldestFirst,  ///< to the account's lines the patient owes on, oldest service first
  kNone,         ///< kept as credit on the account (a co-pay before its visit is billed)
};
std::optional<AllocationMode> parseAllocationMode(std::string_view s);

/// One allocation by hand: `amount` of the account's credit (of `payment`, or of the oldest
/// payments with credit when unset) to one line.
struct ManualAllocation {
  domain::ChargeLineId line;
  domain::Money amount;
  domain::PaymentId payment;
};

/// Posts a stored payment once: the money to the patient's account as credit, then allocated
/// by `mode` (or by `manual`, when not empty). Returns the entries. kConflict when it was
/// posted already.
Result<std::vector<domain::LedgerEntry>> postPayment(Repositories& r, domain::Instant now,
                                                     const domain::Payment& p, AllocationMode mode,
                                                     const std::vector<ManualAllocation>& manual,
                                                     std::int64_t byUser);

/// Allocates the account's credit automatically (oldest payments to oldest lines) or by hand.
Result<std::vector<domain::LedgerEntry>> allocate(Repositories& r, domain::Instant now,
                                                  domain::OrganizationId org,
                                                  domain::GuarantorAccountId account,
                                                  const std::vector<ManualAllocation>& manual,
                                                  std::int64_t byUser);
/// Allocates the credit of the payments taken for `appointment` to `lines` (the visit's own
/// charges, when the patient owes them), oldest first.
Result<std::vector<domain::LedgerEntry>> allocateVisitCredit(
    Repositories& r, domain::Instant now, domain::OrganizationId org,
    domain::GuarantorAccountId account, domain::AppointmentId appointment,
    const std::vector<domain::ChargeLineId>& lines, std::int64_t byUser);

/// Gives back `amount` of a payment's unallocated money (at most what it has left).
Result<domain::LedgerEntry> refund(Repositories& r, domain::Instant now, domain::OrganizationId org,
                                   domain::PaymentId payment, domain::Money amount,
                                   std::string reason, std::int64_t byUser);

/// Undoes a payment (a bounced check, a payment keyed twice): reverses its allocations and
/// line payments newest first, then the payment itself. Refunded money must be reversed first
/// (kConflict).
Result<std::vector<domain::LedgerEntry>> reversePayment(Repositories& r, domain::Instant now,
                                                        domain::OrganizationId org,
                                                        domain::PaymentId payment,
                                                        std::string reason, std::int64_t byUser);

/// The ledger of one patient: entries newest first, the balance of their lines, and their
/// account's running balances.
struct PatientLedger {
  domain::PatientId patientId;
  std::optional<domain::GuarantorAccount> account;  ///< none until first billed
  Page<domain::LedgerEntry> entries;
  domain::LineBalance balance;  ///< the patient's own lines
  AccountBalance accountBalance;
};
Result<PatientLedger> patientLedger(Repositories& r, domain::OrganizationId org,
                                    domain::PatientId patient, const PageRequest& page);

/// Posts the payments stored before the ledger existed (co-pays taken at check-in), each once,
/// as credit on the patient's account, with an audit event each: the migration of issue 14.
/// `batch` per transaction. Returns how many it posted.
Result<std::int64_t> postStoredPayments(UnitOfWork& uow, Secrets& secrets, domain::Instant now,
                                        int batch = 500);

}  // namespace medoffice::app::billing
