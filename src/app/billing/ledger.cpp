// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/ledger.hpp"

#include <algorithm>
#include <unordered_set>

#include "app/billing/accounts.hpp"
#include "app/security/audit_trail.hpp"

namespace medoffice::app::billing {

using domain::EntryKind;
using domain::Error;
using domain::LedgerEntry;
using domain::Money;

namespace {

/// Fills in who, when and what; validates the shape; posts.
Result<LedgerEntry> postOne(Repositories& r, domain::Instant now, LedgerEntry e,
                            std::int64_t byUser) {
  e.id = {};
  e.postedBy = byUser;
  e.postedAt = now;
  if (auto s = domain::validateShape(e); !s.ok()) return s.error();
  if (e.kind != EntryKind::kReversal) e.effect = domain::effectOf(e);
  return r.ledger().post(e);
}

LedgerEntry allocationOf(const LedgerLine& line, const domain::Payment& p, Money amount) {
  LedgerEntry e;
  e.organizationId = line.organizationId;
  e.accountId = line.accountId;
  e.patientId = line.patientId;
  e.encounterId = line.encounterId;
  e.lineId = line.id;
  e.kind = EntryKind::kAllocation;
  e.amount = amount;
  e.paymentId = p.id;
  return e;
}

/// Pairs payments with credit (in order) with lines the patient owes on (in order).
Result<std::vector<LedgerEntry>> pairUp(Repositories& r, domain::Instant now,
                                        std::vector<domain::Payment> payments,
                                        std::vector<LedgerLine> lines, std::int64_t byUser) {
  std::vector<LedgerEntry> out;
  std::size_t pi = 0;
  for (auto& line : lines) {
    Money owed = line.balance.patient();
    while (owed.cents() > 0 && pi < payments.size()) {
      auto& p = payments[pi];
      const Money take = std::min(owed, p.unallocated);
      if (take.cents() > 0) {
        auto posted = postOne(r, now, allocationOf(line, p, take), byUser);
        if (!posted) return posted.error();
        out.push_back(*posted);
        owed = owed - take;
        p.unallocated = p.unallocated - take;
      }
      if (p.unallocated.cents() == 0) ++pi;
    }
    if (pi >= payments.size()) break;
  }
  return out;
}

Status checkPayment(const std::optional<domain::Payment>& p, std::string_view field) {
  if (!p) return Error::invalidField(std::string(field), "is not a payment of the practice");
  if (!p->posted) return Error::invalidField(std::string(field), "is not posted to the ledger");
  return {};
}

}  // namespace

std::optional<AllocationMode> parseAllocationMode(std::string_view s) {
  if (s == "oldest_first") return AllocationMode::kOldestFirst;
  if (s == "none") return AllocationMode::kNone;
  return std::nullopt;
}

Result<LedgerEntry> postEntry(Repositories& r, domain::Instant now, domain::OrganizationId org,
                              LedgerEntry e, std::int64_t byUser) {
  e.organizationId = org;
  if (e.kind != EntryKind::kReversal && e.reverses.valid()) {
    return Error::invalidField("reverses", "is only for an entry of kind reversal");
  }
  if (e.kind == EntryKind::kReversal) {
    if (!e.reverses.valid()) return Error::invalidField("reverses", "is required");
    auto original = r.ledger().get(org, e.reverses);
    if (!original) return Error::invalidField("reverses", "is not an entry of the practice");
    if (original->kind == EntryKind::kReversal) {
      return Error::conflict("A reversal cannot be reversed; post the original entry again.",
                             {{"reverses", "is itself a reversal"}});
    }
    if (r.ledger().isReversed(org, original->id)) {
      return Error::conflict("This entry was reversed already.",
                             {{"reverses", "was reversed already"}});
    }
    if (e.amount.cents() != 0 && e.amount != original->amount) {
      return Error::invalidField(
          "amount_cents",
          "must equal the amount of the entry it reverses (" + original->amount.toString() + ")");
    }
    LedgerEntry rev = *original;
    rev.kind = EntryKind::kReversal;
    rev.from.reset();
    rev.to.reset();
    rev.reverses = original->id;
    rev.reason = e.reason;
    rev.effect = domain::negated(original->effect);
    return postOne(r, now, rev, byUser);
  }
  switch (e.kind) {
    case EntryKind::kInsurancePayment:
    case EntryKind::kContractualAdjustment:
    case EntryKind::kWriteOff:
    case EntryKind::kTransfer:
      break;
    case EntryKind::kCharge:
      return Error::invalidField("kind", "charges are posted by finalizing an encounter");
    case EntryKind::kPatientPayment:
      return Error::invalidField("kind", "patient payments are taken with POST /api/v1/payments");
    case EntryKind::kAllocation:
      return Error::invalidField("kind",
                                 "allocate credit with POST /api/v1/accounts/{id}/allocate");
    case EntryKind::kRefund:
      return Error::invalidField("kind", "refund with POST /api/v1/payments/{id}/refund");
    case EntryKind::kReversal:
      break;
  }
  if (!e.lineId.valid()) return Error::invalidField("line_id", "is required");
  auto line = r.ledger().line(org, e.lineId);
  if (!line) return Error::invalidField("line_id", "is not a charge line of the practice");
  if (line->status == "open") {
    return Error::invalidField("line_id", "belongs to an encounter not finalized yet");
  }
  e.accountId = line->accountId;
  e.patientId = line->patientId;
  e.encounterId = line->encounterId;
  e.paymentId = {};
  e.reverses = {};
  return postOne(r, now, e, byUser);
}

Result<std::vector<LedgerEntry>> postPayment(Repositories& r, domain::Instant now,
                                             const domain::Payment& p, AllocationMode mode,
                                             const std::vector<ManualAllocation>& manual,
                                             std::int64_t byUser) {
  const auto org = p.organizationId;
  auto patient = r.patients().get(org, p.patientId);
  if (!patient) return Error::notFound("patient not found");
  auto account = ensureAccount(r, now, *patient);
  if (!account) return account.error();
  if (!r.ledger().markPaymentPosted(org, p.id, account->id)) {
    return Error::conflict("This payment was posted already.", {{"payment_id", "is posted"}});
  }
  LedgerEntry e;
  e.organizationId = org;
  e.accountId = account->id;
  e.patientId = p.patientId;
  e.kind = EntryKind::kPatientPayment;
  e.amount = p.amount;
  e.paymentId = p.id;
  auto posted = postOne(r, now, e, byUser);
  if (!posted) return posted.error();
  std::vector<LedgerEntry> out{*posted};
  if (manual.empty() && mode == AllocationMode::kNone) return out;
  std::vector<ManualAllocation> own = manual;
  for (auto& m : own) {
    if (!m.payment.valid()) m.payment = p.id;
  }
  Result<std::vector<LedgerEntry>> more =
      own.empty() ? Result<std::vector<LedgerEntry>>(
                        pairUp(r, now, {*r.payments().get(org, p.id)},
                               r.ledger().patientOwedLines(org, account->id, 1000), byUser))
                  : allocate(r, now, org, account->id, own, byUser);
  if (!more) return more.error();
  out.insert(out.end(), more->begin(), more->end());
  return out;
}

Result<std::vector<LedgerEntry>> allocate(Repositories& r, domain::Instant now,
                                          domain::OrganizationId org,
                                          domain::GuarantorAccountId account,
                                          const std::vector<ManualAllocation>& manual,
                                          std::int64_t byUser) {
  if (!r.accounts().get(org, account)) return Error::notFound("account not found");
  // The credit and the lines are read once the account is locked: PostgreSQL reads what is
  // committed, and a posting committed between reading and posting would leave this one short
  // (refused as more than there is, though it only allocates what it found).
  r.accounts().lock(org, account);
  if (manual.empty()) {
    return pairUp(r, now, r.ledger().paymentsWithCredit(org, account),
                  r.ledger().patientOwedLines(org, account, 1000), byUser);
  }
  std::vector<LedgerEntry> out;
  for (std::size_t k = 0; k < manual.size(); ++k) {
    const auto& m = manual[k];
    const std::string at = "allocations[" + std::to_string(k) + "].";
    if (m.amount.cents() <= 0) return Error::invalidField(at + "amount_cents", "must be positive");
    auto line = r.ledger().line(org, m.line);
    if (!line || line->accountId != account) {
      return Error::invalidField(at + "line_id", "is not a charge line of this account");
    }
    if (m.amount > line->balance.patient()) {
      return Error::invalidField(
          at + "amount_cents",
          "is more than the patient owes on the line (" + line->balance.patient().toString() + ")");
    }
    std::vector<domain::Payment> sources;
    if (m.payment.valid()) {
      auto p = r.payments().get(org, m.payment);
      if (auto s = checkPayment(p, at + "payment_id"); !s.ok()) return s.error();
      if (p->accountId != account) {
        return Error::invalidField(at + "payment_id", "was posted to another account");
      }
      sources.push_back(*p);
    } else {
      sources = r.ledger().paymentsWithCredit(org, account);
    }
    Money left = m.amount;
    for (auto& p : sources) {
      const Money take = std::min(left, p.unallocated);
      if (take.cents() <= 0) continue;
      auto posted = postOne(r, now, allocationOf(*line, p, take), byUser);
      if (!posted) return posted.error();
      out.push_back(*posted);
      left = left - take;
      if (left.cents() == 0) break;
    }
    if (left.cents() > 0) {
      return Error::invalidField(at + "amount_cents", "is more than the credit available");
    }
  }
  return out;
}

Result<std::vector<LedgerEntry>> allocateVisitCredit(Repositories& r, domain::Instant now,
                                                     domain::OrganizationId org,
                                                     domain::GuarantorAccountId account,
                                                     domain::AppointmentId appointment,
                                                     const std::vector<domain::ChargeLineId>& ids,
                                                     std::int64_t byUser) {
  if (!appointment.valid()) return std::vector<LedgerEntry>{};
  std::vector<domain::Payment> payments;
  for (auto& p : r.ledger().paymentsWithCredit(org, account)) {
    if (p.appointmentId == appointment) payments.push_back(std::move(p));
  }
  if (payments.empty()) return std::vector<LedgerEntry>{};
  std::vector<LedgerLine> lines;
  for (auto id : ids) {
    auto l = r.ledger().line(org, id);
    if (l && l->balance.patient().cents() > 0) lines.push_back(*l);
  }
  return pairUp(r, now, std::move(payments), std::move(lines), byUser);
}

Result<LedgerEntry> refund(Repositories& r, domain::Instant now, domain::OrganizationId org,
                           domain::PaymentId payment, Money amount, std::string reason,
                           std::int64_t byUser) {
  auto p = r.payments().get(org, payment);
  if (!p) return Error::notFound("payment not found");
  if (auto s = checkPayment(p, "payment_id"); !s.ok()) return s.error();
  if (amount.cents() <= 0) return Error::invalidField("amount_cents", "must be positive");
  // Read what is unallocated after taking the account's lock: a posting that committed since
  // the first read is seen (PostgreSQL reads a snapshot per statement).
  r.accounts().lock(org, p->accountId);
  p = r.payments().get(org, payment);
  if (amount > p->unallocated) {
    return Error::invalidField("amount_cents", "is more than the payment has unallocated (" +
                                                   p->unallocated.toString() +
                                                   "); reverse its allocations first");
  }
  LedgerEntry e;
  e.organizationId = org;
  e.accountId = p->accountId;
  e.patientId = p->patientId;
  e.kind = EntryKind::kRefund;
  e.amount = amount;
  e.paymentId = payment;
  e.reason = std::move(reason);
  return postOne(r, now, e, byUser);
}

Result<std::vector<LedgerEntry>> reversePayment(Repositories& r, domain::Instant now,
                                                domain::OrganizationId org,
                                                domain::PaymentId payment, std::string reason,
                                                std::int64_t byUser) {
  auto p = r.payments().get(org, payment);
  if (!p) return Error::notFound("payment not found");
  if (auto s = checkPayment(p, "payment_id"); !s.ok()) return s.error();
  auto entries = r.ledger().ofPayment(org, payment);
  std::unordered_set<std::int64_t> reversed;
  for (const auto& e : entries) {
    if (e.kind == EntryKind::kReversal) reversed.insert(e.reverses.value);
  }
  for (const auto& e : entries) {
    if (e.kind == EntryKind::kRefund && reversed.count(e.id.value) == 0) {
      return Error::conflict("Part of this payment was refunded; reverse the refund (entry " +
                                 std::to_string(e.id.value) + ") before the payment.",
                             {{"payment_id", "has a refund"}});
    }
  }
  std::vector<LedgerEntry> out;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->kind == EntryKind::kReversal || reversed.count(it->id.value) != 0) continue;
    LedgerEntry rev;
    rev.kind = EntryKind::kReversal;
    rev.reverses = it->id;
    rev.reason = reason;
    auto posted = postEntry(r, now, org, rev, byUser);
    if (!posted) return posted.error();
    out.push_back(*posted);
  }
  if (out.empty()) {
    return Error::conflict("This payment was reversed already.", {{"payment_id", "is reversed"}});
  }
  return out;
}

Result<PatientLedger> patientLedger(Repositories& r, domain::OrganizationId org,
                                    domain::PatientId patient, const PageRequest& page) {
  auto p = r.patients().get(org, patient);
  if (!p) return Error::notFound("patient not found");
  PatientLedger out;
  out.patientId = patient;
  if (p->accountId.valid()) {
    out.account = r.accounts().get(org, p->accountId);
    out.accountBalance = r.accounts().balance(org, p->accountId);
  }
  auto entries = r.ledger().entries(org, {}, patient, page);
  if (!entries) return entries.error();
  out.entries = std::move(*entries);
  out.balance = r.ledger().patientBalance(org, patient);
  return out;
}

Result<std::int64_t> postStoredPayments(UnitOfWork& uow, Secrets& secrets, domain::Instant now,
                                        int batch) {
  std::int64_t posted = 0;
  std::int64_t after = 0;
  for (;;) {
    std::size_t seen = 0;
    Status s = uow.write([&](Repositories& r) -> Status {
      auto payments = r.ledger().unpostedPayments(after, batch);
      seen = payments.size();
      for (const auto& p : payments) {
        after = p.id.value;
        auto done = postPayment(r, now, p, AllocationMode::kNone, {}, 0);
        if (!done) return done.error();
        domain::AuditEvent event;
        event.at = now;
        event.organizationId = p.organizationId;
        event.username = "system";
        event.action = domain::AuditAction::kUpdate;
        event.resourceType = "payment";
        event.resourceId = std::to_string(p.id.value) + " posted to the ledger (migration)";
        event.patientId = p.patientId;
        audit::record(r, secrets, event);
        ++posted;
      }
      return {};
    });
    if (!s.ok()) return s.error();
    if (seen < static_cast<std::size_t>(batch)) return posted;
  }
}

}  // namespace medoffice::app::billing
