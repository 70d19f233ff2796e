// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Ports of billing (issue 14): guarantor accounts, encounters and their charge lines, and the
// insert-only ledger with the running balances kept in each entry's transaction.

#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/billing/account.hpp"
#include "domain/billing/encounter.hpp"
#include "domain/billing/ledger.hpp"
#include "domain/billing/payment.hpp"

namespace medoffice::app {

/// An account's running balances: one indexed row, whatever its history.
struct AccountBalance {
  domain::GuarantorAccountId accountId;
  domain::Money insurance;  ///< what the insurances owe on the account's lines
  domain::Money patient;    ///< what the guarantor owes on them
  domain::Money credit;     ///< paid by the guarantor, not yet taken by a line
  std::int64_t entries = 0;
  std::optional<domain::Instant> lastEntryAt;
  [[nodiscard]] domain::Money total() const { return insurance + patient; }
  /// What the guarantor owes net of credit (negative: the practice owes them).
  [[nodiscard]] domain::Money patientDue() const { return patient - credit; }
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;
  /// Stores the account with zero balances.
  virtual Result<domain::GuarantorAccount> insert(const domain::GuarantorAccount& a,
                                                  domain::Instant now) = 0;
  virtual Result<domain::GuarantorAccount> update(const domain::GuarantorAccount& a,
                                                  std::int64_t expectedVersion,
                                                  domain::Instant now) = 0;
  virtual std::optional<domain::GuarantorAccount> get(domain::OrganizationId org,
                                                      domain::GuarantorAccountId id) = 0;
  /// Accounts in id order; `nameQuery` (when not empty) keeps those whose family name starts
  /// with it (accent- and case-blind).
  virtual Result<Page<domain::GuarantorAccount>> list(domain::OrganizationId org,
                                                      const std::string& nameQuery,
                                                      const PageRequest& page) = 0;
  /// The account whose guarantor is this patient.
  virtual std::optional<domain::GuarantorAccount> ofGuarantorPatient(domain::OrganizationId org,
                                                                     domain::PatientId p) = 0;
  /// Accounts of guarantors who are not patients of the practice, born on `birthDate`.
  virtual std::vector<domain::GuarantorAccount> bornOn(domain::OrganizationId org,
                                                       domain::Date birthDate) = 0;
  virtual AccountBalance balance(domain::OrganizationId org, domain::GuarantorAccountId id) = 0;
  /// Locks the patient's row until the transaction ends (two first postings for one patient
  /// open one account) and returns the patient's account (unset: none yet, or no such patient).
  virtual domain::GuarantorAccountId lockPatient(domain::OrganizationId org,
                                                 domain::PatientId patient) = 0;
  /// Locks the account's balances until the transaction ends. Every posting to the account
  /// takes that lock first (LedgerRepository::post), so balances read after it stay true until
  /// the transaction ends. False when there is no such account.
  virtual bool lock(domain::OrganizationId org, domain::GuarantorAccountId account) = 0;
  /// Links the patient to the account. With `onlyIfUnlinked`, only when the patient has none
  /// yet (false when it already had one). Never changes the patient's version.
  virtual bool linkPatient(domain::OrganizationId org, domain::PatientId patient,
                           domain::GuarantorAccountId account, bool onlyIfUnlinked) = 0;
  /// The patients linked to the account, by name.
  virtual std::vector<domain::Patient> members(domain::OrganizationId org,
                                               domain::GuarantorAccountId account) = 0;
  /// Up to `limit` patients (of any organization) with no account yet, in id order after
  /// `afterId`: the migration that links existing patients walks them.
  virtual std::vector<domain::Patient> unlinkedPatients(std::int64_t afterId, int limit) = 0;
};

/// A charge line with its running balance, as the ledger sees it.
struct LedgerLine {
  domain::ChargeLineId id;  ///< the same as line.id
  domain::OrganizationId organizationId;
  domain::ChargeLine line;  ///< dateOfService always set
  domain::EncounterId encounterId;
  domain::PatientId patientId;
  domain::GuarantorAccountId accountId;
  int revision = 0;    ///< the encounter's corrections count when the line was entered
  std::string status;  ///< open | posted | replaced
  domain::LineBalance balance;
};

/// Encounters and their charge lines. `get` returns the encounter with its current lines (not
/// the replaced or removed ones).
class EncounterRepository {
 public:
  virtual ~EncounterRepository() = default;
  /// Stores the encounter and its lines (status open) and returns them with their ids.
  virtual Result<domain::Encounter> insert(const domain::Encounter& e, domain::Instant now) = 0;
  /// Writes the encounter's own fields (not its lines) when its version is `expectedVersion`
  /// and bumps the version.
  virtual Result<domain::Encounter> update(const domain::Encounter& e, std::int64_t expectedVersion,
                                           domain::Instant now) = 0;
  /// Replaces the open (never posted) lines of the encounter by `e.lines` and returns them with
  /// their ids. Posted lines are kept.
  virtual std::vector<domain::ChargeLine> replaceOpenLines(const domain::Encounter& e,
                                                           domain::Instant now) = 0;
  /// Adds lines (open, at the encounter's current corrections count) and returns them with ids.
  virtual std::vector<domain::ChargeLine> addLines(const domain::Encounter& e,
                                                   const std::vector<domain::ChargeLine>& lines,
                                                   domain::Instant now) = 0;
  /// Marks posted lines replaced by a correction (their charges are reversed by the caller).
  virtual void markReplaced(domain::OrganizationId org,
                            const std::vector<domain::ChargeLineId>& lines) = 0;
  virtual std::optional<domain::Encounter> get(domain::OrganizationId org,
                                               domain::EncounterId id) = 0;
  /// Several encounters with their lines, in the order of `ids` (absent ones skipped).
  virtual std::vector<domain::Encounter> getMany(domain::OrganizationId org,
                                                 const std::vector<domain::EncounterId>& ids) = 0;
  /// The live (not voided) encounter of a visit.
  virtual std::optional<domain::Encounter> ofAppointment(domain::OrganizationId org,
                                                         domain::AppointmentId a) = 0;
  struct Filter {
    domain::PatientId patient;
    std::optional<domain::EncounterStatus> status;
    std::optional<domain::Date> from, to;  ///< date of service, inclusive
  };
  /// Encounters in id order, without their lines.
  virtual Result<Page<domain::Encounter>> list(domain::OrganizationId org, const Filter& f,
                                               const PageRequest& page) = 0;
  /// Every line the encounter has had, replaced ones included, with its status and running
  /// balance: the history of corrections.
  virtual std::vector<LedgerLine> history(domain::OrganizationId org, domain::EncounterId id) = 0;
};

/// The ledger and its running balances. Every posting writes the entry and changes the
/// balances of its line, its account and its payment in the caller's transaction, with
/// conditional updates (`... WHERE x + delta >= 0`) so that concurrent postings to one account
/// wait for each other and lose nothing.
class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;
  /// Posts one entry with its effect (`e.effect`: from domain::effectOf, or the negated effect
  /// of the entry it reverses). kInvalid naming `amount_cents` when a balance would go below zero
  /// (the caller must abandon the transaction: an earlier update of this posting may stand);
  /// kConflict when the entry it reverses is already reversed or the payment is already posted.
  virtual Result<domain::LedgerEntry> post(const domain::LedgerEntry& e) = 0;
  /// Posts the charges of an encounter's open lines (each line's charge to `to`), marks them
  /// posted: one entry per line, in bulk. Returns the entries.
  virtual std::vector<domain::LedgerEntry> postCharges(const domain::Encounter& e,
                                                       domain::Responsibility to,
                                                       std::int64_t byUser,
                                                       domain::Instant now) = 0;
  virtual std::optional<domain::LedgerEntry> get(domain::OrganizationId org,
                                                 domain::LedgerEntryId id) = 0;
  /// Whether the entry has been reversed.
  virtual bool isReversed(domain::OrganizationId org, domain::LedgerEntryId id) = 0;
  /// Entries of one patient (unset: any) of one account (unset: any), newest first.
  virtual Result<Page<domain::LedgerEntry>> entries(domain::OrganizationId org,
                                                    domain::GuarantorAccountId account,
                                                    domain::PatientId patient,
                                                    const PageRequest& page) = 0;
  /// Entries of one line or of one payment, oldest first.
  virtual std::vector<domain::LedgerEntry> ofLine(domain::OrganizationId org,
                                                  domain::ChargeLineId line) = 0;
  virtual std::vector<domain::LedgerEntry> ofPayment(domain::OrganizationId org,
                                                     domain::PaymentId payment) = 0;
  virtual std::optional<LedgerLine> line(domain::OrganizationId org, domain::ChargeLineId id) = 0;
  /// The account's lines on which the patient owes something, oldest service first.
  virtual std::vector<LedgerLine> patientOwedLines(domain::OrganizationId org,
                                                   domain::GuarantorAccountId account,
                                                   int limit) = 0;
  /// The account's payments with unallocated money, oldest first.
  virtual std::vector<domain::Payment> paymentsWithCredit(domain::OrganizationId org,
                                                          domain::GuarantorAccountId account) = 0;
  /// What one patient's lines owe (sums of their running balances).
  virtual domain::LineBalance patientBalance(domain::OrganizationId org,
                                             domain::PatientId patient) = 0;
  /// Marks a payment posted to `account` (with nothing unallocated yet: the posting's effect
  /// sets that). False when it was already posted.
  virtual bool markPaymentPosted(domain::OrganizationId org, domain::PaymentId payment,
                                 domain::GuarantorAccountId account) = 0;
  /// Up to `limit` payments (of any organization) not posted yet, in id order after `afterId`.
  virtual std::vector<domain::Payment> unpostedPayments(std::int64_t afterId, int limit) = 0;

  /// A place where a running balance differs from the sum of its entries, or an entry whose
  /// copy of a key differs from where it came from.
  struct Mismatch {
    /// "line 42 primary", "account 7 credit", "payment 9 unallocated"; "entry 5 patient",
    /// "entry 5 encounter", "entry 5 organization", "entry 5 remittance claim"
    std::string what;
    std::int64_t running = 0;  ///< the running balance; for an entry, its key
    std::int64_t summed = 0;   ///< the sum of the entries; for an entry, its source's key (0: none)
  };
  /// Recomputes every balance of the organization (unset: all) from the entries and lists the
  /// places where a running balance differs, then checks every entry's copied keys against the
  /// account, line and remittance claim they came from. Empty: the ledger balances.
  virtual std::vector<Mismatch> verify(domain::OrganizationId org) = 0;
};

}  // namespace medoffice::app
