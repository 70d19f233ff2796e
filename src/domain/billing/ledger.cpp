// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/ledger.hpp"

#include <utility>

namespace medoffice::domain {

namespace {

constexpr std::pair<Responsibility, std::string_view> kResponsibilityNames[] = {
    {Responsibility::kPrimary, "primary"},
    {Responsibility::kSecondary, "secondary"},
    {Responsibility::kTertiary, "tertiary"},
    {Responsibility::kPatient, "patient"},
};

constexpr std::pair<EntryKind, std::string_view> kKindNames[] = {
    {EntryKind::kCharge, "charge"},
    {EntryKind::kInsurancePayment, "insurance_payment"},
    {EntryKind::kContractualAdjustment, "contractual_adjustment"},
    {EntryKind::kWriteOff, "write_off"},
    {EntryKind::kTransfer, "transfer"},
    {EntryKind::kPatientPayment, "patient_payment"},
    {EntryKind::kAllocation, "allocation"},
    {EntryKind::kRefund, "refund"},
    {EntryKind::kReversal, "reversal"},
};

template <class E, std::size_t N>
std::string_view nameOf(const std::pair<E, std::string_view> (&names)[N], E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "unknown";
}

template <class E, std::size_t N>
std::optional<E> valueOf(const std::pair<E, std::string_view> (&names)[N], std::string_view s) {
  for (const auto& [v, name] : names) {
    if (name == s) return v;
  }
  return std::nullopt;
}

std::size_t slot(Responsibility r) {
  return static_cast<std::size_t>(r);
}

/// Which places a kind uses: whether it needs `from`, `to` and a line, and which `from` values
/// it accepts.
struct Shape {
  bool from = false;
  bool to = false;
  bool line = true;
  bool insuranceFrom = false;  ///< `from` must be an insurance
  bool payment = false;        ///< names a patient payment
};

Shape shapeOf(EntryKind k) {
  switch (k) {
    case EntryKind::kCharge:
      return {false, true, true, false, false};
    case EntryKind::kInsurancePayment:
    case EntryKind::kContractualAdjustment:
      return {true, false, true, true, false};
    case EntryKind::kWriteOff:
      return {true, false, true, false, false};
    case EntryKind::kTransfer:
      return {true, true, true, false, false};
    case EntryKind::kPatientPayment:
      return {false, false, false, false, true};  // the line is optional (on account)
    case EntryKind::kAllocation:
      return {false, false, true, false, true};
    case EntryKind::kRefund:
      return {false, false, false, false, true};
    case EntryKind::kReversal:
      return {false, false, false, false, false};
  }
  return {};
}

}  // namespace

std::string_view toString(Responsibility r) {
  return nameOf(kResponsibilityNames, r);
}
std::optional<Responsibility> parseResponsibility(std::string_view s) {
  return valueOf(kResponsibilityNames, s);
}
std::string_view toString(EntryKind k) {
  return nameOf(kKindNames, k);
}
std::optional<EntryKind> parseEntryKind(std::string_view s) {
  return valueOf(kKindNames, s);
}

Money LineBalance::insurance() const {
  return of(Responsibility::kPrimary) + of(Responsibility::kSecondary) +
         of(Responsibility::kTertiary);
}

Status validateShape(const LedgerEntry& e) {
  FieldErrors errors;
  if (e.amount.cents() <= 0) errors.add("amount_cents", "must be positive");
  if (e.amount.cents() > kMaxLedgerCents) errors.add("amount_cents", "is too large");
  if (!e.accountId.valid()) errors.add("account_id", "is required");
  const Shape s = shapeOf(e.kind);
  if (e.kind == EntryKind::kReversal) {
    if (!e.reverses.valid()) errors.add("reverses", "names the entry a reversal undoes");
    if (e.from || e.to) errors.add("from", "a reversal takes its places from the entry it undoes");
    return errors.empty() ? Status{} : errors.toError();
  }
  if (e.reverses.valid()) errors.add("reverses", "is only for a reversal");
  if (s.from != e.from.has_value()) {
    errors.add("from", s.from ? "is required for a " + std::string(toString(e.kind))
                              : "is not used by a " + std::string(toString(e.kind)));
  }
  if (s.to != e.to.has_value()) {
    errors.add("to", s.to ? "is required for a " + std::string(toString(e.kind))
                          : "is not used by a " + std::string(toString(e.kind)));
  }
  if (s.insuranceFrom && e.from && !isInsurance(*e.from)) {
    errors.add("from", "must be an insurance (primary, secondary or tertiary)");
  }
  if (e.kind == EntryKind::kTransfer && e.from && e.to && *e.from == *e.to) {
    errors.add("to", "must differ from `from`");
  }
  if (s.line && !e.lineId.valid()) errors.add("line_id", "is required");
  if (e.kind == EntryKind::kRefund && e.lineId.valid()) {
    errors.add("line_id", "a refund returns credit held on the account, not a line's money");
  }
  if (s.payment && !e.paymentId.valid()) errors.add("payment_id", "is required");
  return errors.empty() ? Status{} : errors.toError();
}

EntryEffect effectOf(const LedgerEntry& e) {
  EntryEffect out;
  out.lineId = e.lineId;
  auto& d = out.lineDelta;
  switch (e.kind) {
    case EntryKind::kCharge:
      d[slot(*e.to)] = e.amount;
      break;
    case EntryKind::kInsurancePayment:
    case EntryKind::kContractualAdjustment:
    case EntryKind::kWriteOff:
      d[slot(*e.from)] = -e.amount;
      break;
    case EntryKind::kTransfer:
      d[slot(*e.from)] = -e.amount;
      d[slot(*e.to)] = e.amount;
      break;
    case EntryKind::kPatientPayment:
      if (e.lineId.valid()) {
        d[slot(Responsibility::kPatient)] = -e.amount;
      } else {
        out.creditDelta = e.amount;
      }
      break;
    case EntryKind::kAllocation:
      d[slot(Responsibility::kPatient)] = -e.amount;
      out.creditDelta = -e.amount;
      break;
    case EntryKind::kRefund:
      out.creditDelta = -e.amount;
      break;
    case EntryKind::kReversal:
      break;  // the caller negates the reversed entry's effect
  }
  return out;
}

EntryEffect negated(EntryEffect effect) {
  for (auto& m : effect.lineDelta) m = -m;
  effect.creditDelta = -effect.creditDelta;
  return effect;
}

Result<EntryEffect> AccountLedger::effect(const LedgerEntry& e) const {
  if (auto s = validateShape(e); !s.ok()) return s.error();
  if (e.kind != EntryKind::kReversal) return effectOf(e);
  auto it = byId_.find(e.reverses.value);
  if (it == byId_.end()) {
    return Error::conflict("There is no such entry on this account to reverse.",
                           {{"reverses", "is not an entry of this account"}});
  }
  const LedgerEntry& original = entries_[it->second];
  if (original.kind == EntryKind::kReversal) {
    return Error::conflict("A reversal cannot be reversed; post the original entry again.",
                           {{"reverses", "is itself a reversal"}});
  }
  if (reversed_.count(original.id.value) != 0) {
    return Error::conflict("This entry was reversed already.",
                           {{"reverses", "was reversed already"}});
  }
  if (original.amount != e.amount) {
    return Error::invalidField("amount_cents", "must equal the amount of the entry it reverses");
  }
  return negated(effectOf(original));
}

Status AccountLedger::post(const LedgerEntry& e) {
  auto eff = effect(e);
  if (!eff) return eff.error();
  if (byId_.count(e.id.value) != 0) {
    return Error::conflict("An entry with this id was posted already.", {{"id", "is taken"}});
  }
  LineBalance next;
  if (eff->lineId.valid()) {
    auto it = lines_.find(eff->lineId.value);
    const bool known = it != lines_.end();
    if (!known && e.kind != EntryKind::kCharge) {
      return Error::invalidField("line_id", "has no charge on this account");
    }
    if (known) next = it->second;
    for (std::size_t k = 0; k < kResponsibilities; ++k) {
      next.owed[k] = next.owed[k] + eff->lineDelta[k];
      if (next.owed[k].cents() < 0) {
        return Error::invalidField(
            "amount_cents",
            "is more than the " + std::string(toString(static_cast<Responsibility>(k))) +
                " balance of the line (" + (next.owed[k] - eff->lineDelta[k]).toString() +
                "); post the rest on account");
      }
    }
  }
  const Money credit = credit_ + eff->creditDelta;
  if (credit.cents() < 0) {
    return Error::invalidField(
        "amount_cents", "is more than the credit held on the account (" + credit_.toString() + ")");
  }
  if (eff->lineId.valid()) lines_[eff->lineId.value] = next;
  credit_ = credit;
  if (e.kind == EntryKind::kReversal) reversed_.insert(e.reverses.value);
  byId_.emplace(e.id.value, entries_.size());
  entries_.push_back(e);
  return {};
}

LineBalance AccountLedger::line(ChargeLineId id) const {
  auto it = lines_.find(id.value);
  return it == lines_.end() ? LineBalance{} : it->second;
}

Money AccountLedger::insuranceBalance() const {
  Money total;
  for (const auto& [id, b] : lines_) total = total + b.insurance();
  return total;
}

Money AccountLedger::patientBalance() const {
  Money total;
  for (const auto& [id, b] : lines_) total = total + b.patient();
  return total;
}

}  // namespace medoffice::domain
