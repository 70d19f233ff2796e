// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The billing ledger (issue 14, point 5): insert-only entries whose sums are the balances.
//
// Money is owed per charge line, split by who is responsible for it now: the primary,
// secondary or tertiary insurance, or the patient (through the guarantor account). A guarantor
// account also holds unallocated credit: money the patient paid that no line has taken yet (a
// prepayment, an overpayment). Every entry moves money between those places, and only these
// moves exist:
//
//   charge                  line[to] += amount
//   insurance payment       line[from] -= amount          (from is an insurance)
//   contractual adjustment  line[from] -= amount          (from is an insurance)
//   write-off               line[from] -= amount
//   transfer                line[from] -= amount; line[to] += amount
//   patient payment         line[patient] -= amount       (with a line: paid for that line)
//                           credit += amount              (without a line: on account)
//   allocation              credit -= amount; line[patient] -= amount
//   refund                  credit -= amount              (money given back)
//   reversal                the exact opposite of the entry it reverses
//
// No place may go below zero: a payment larger than what is owed is posted on account and
// allocated, never as a negative balance. A reversal names the entry it undoes; an entry is
// reversed at most once and a reversal is never reversed (post the original again instead).
// Consequences, proved by the property tests: total charges = insurance payments + allocated
// patient payments + adjustments + write-offs + outstanding line balances; patient payments
// received = allocations + credit + refunds; insurance and patient responsibility add up to
// each line's balance; a reversal nets to zero.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// Who owes a line's money now.
enum class Responsibility { kPrimary = 0, kSecondary = 1, kTertiary = 2, kPatient = 3 };
inline constexpr std::size_t kResponsibilities = 4;
std::string_view toString(Responsibility r);
std::optional<Responsibility> parseResponsibility(std::string_view s);
inline bool isInsurance(Responsibility r) {
  return r != Responsibility::kPatient;
}

enum class EntryKind {
  kCharge,
  kInsurancePayment,
  kContractualAdjustment,
  kWriteOff,
  kTransfer,
  kPatientPayment,
  kAllocation,
  kRefund,
  kReversal,
};
std::string_view toString(EntryKind k);
std::optional<EntryKind> parseEntryKind(std::string_view s);

/// What one entry changes: signed deltas of one line's places and of the account's credit.
struct EntryEffect {
  ChargeLineId lineId;
  std::array<Money, kResponsibilities> lineDelta{};
  Money creditDelta;
};

/// One ledger entry. Immutable once posted. `amount` is always positive: the kind says which
/// way the money moves.
struct LedgerEntry {
  LedgerEntryId id;
  OrganizationId organizationId;
  GuarantorAccountId accountId;
  PatientId patientId;      ///< the patient whose line it is, or who paid
  EncounterId encounterId;  ///< the line's encounter (unset without a line)
  ChargeLineId lineId;      ///< unset for money on account (patient payment, refund)
  EntryKind kind = EntryKind::kCharge;
  Money amount;
  std::optional<Responsibility> from;  ///< the place the money leaves (see the table above)
  std::optional<Responsibility> to;    ///< the place the money goes (charge, transfer)
  PaymentId paymentId;                 ///< the patient payment it posts, allocates or refunds
  ClaimId claimId;                     ///< the claim an insurance payment or adjustment came by
  LedgerEntryId reverses;              ///< set on a reversal only
  std::string reason;                  ///< CARC group and code of an adjustment, or free text
  std::int64_t postedBy = 0;           ///< user id; 0 for the system
  Instant postedAt;
  /// What it did to its line and the account's credit (effectOf(), or for a reversal its
  /// original's negated): stored with the entry, so every balance is a sum of entries.
  EntryEffect effect;
};

/// The balance of one charge line, by who owes it.
struct LineBalance {
  std::array<Money, kResponsibilities> owed{};
  [[nodiscard]] Money of(Responsibility r) const { return owed[static_cast<std::size_t>(r)]; }
  [[nodiscard]] Money insurance() const;
  [[nodiscard]] Money patient() const { return of(Responsibility::kPatient); }
  [[nodiscard]] Money total() const { return insurance() + patient(); }
  bool operator==(const LineBalance&) const = default;
};

/// The effect of `e`, for a kind that is not a reversal (a reversal's effect is the negated
/// effect of the entry it reverses). Assumes `e` passed validateShape().
EntryEffect effectOf(const LedgerEntry& e);
EntryEffect negated(EntryEffect effect);

/// The checks that need no balances: a positive amount of at most 2^53 cents, the places each
/// kind needs (and no others), a line where the kind needs one, a payment for patient payments,
/// allocations and refunds, a reversed entry for a reversal. Errors name the field.
Status validateShape(const LedgerEntry& e);

/// The balances of one guarantor account, folded from its entries in order. What storage keeps
/// as running balances, and what the property tests check them against. Not thread-safe.
class AccountLedger {
 public:
  /// Checks `e` against the balances and applies it. kInvalid (naming the field) for a bad
  /// shape, a place that would go below zero, an unknown line, more credit allocated or refunded
  /// than the account holds; kConflict for reversing an entry twice, reversing a reversal, or
  /// reversing an entry of another account. On error nothing changes.
  Status post(const LedgerEntry& e);

  [[nodiscard]] LineBalance line(ChargeLineId id) const;
  [[nodiscard]] Money credit() const { return credit_; }
  [[nodiscard]] Money insuranceBalance() const;
  [[nodiscard]] Money patientBalance() const;
  /// What the patient owes net of credit: patient balance minus unallocated credit.
  [[nodiscard]] Money patientDue() const { return patientBalance() - credit_; }
  [[nodiscard]] const std::vector<LedgerEntry>& entries() const { return entries_; }
  /// The effect a valid `e` would have now (a reversal: its original's, negated).
  Result<EntryEffect> effect(const LedgerEntry& e) const;

 private:
  std::vector<LedgerEntry> entries_;
  std::unordered_map<std::int64_t, std::size_t> byId_;  ///< entry id → index in entries_
  std::unordered_set<std::int64_t> reversed_;
  std::unordered_map<std::int64_t, LineBalance> lines_;
  Money credit_;
};

/// Money bounds of the ledger: amounts up to 2^53 cents (exact in every JSON number).
inline constexpr std::int64_t kMaxLedgerCents = std::int64_t{1} << 53;

}  // namespace medoffice::domain
