// SPDX-License-Identifier: AGPL-3.0-or-later
// The ledger's rules by example, and its invariants by property tests (RapidCheck): random
// sequences of charges, payments, adjustments, write-offs, transfers, allocations, refunds and
// reversals, some of them invalid, against sums computed independently from the entries.
#include "domain/billing/ledger.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

namespace medoffice::domain {
namespace {

using R = Responsibility;

Money cents(std::int64_t c) {
  return Money::fromCents(c);
}

/// Builds entries with fresh ids on one account.
class Book {
 public:
  LedgerEntry make(EntryKind kind, std::int64_t amount, std::int64_t line = 0,
                   std::optional<R> from = std::nullopt, std::optional<R> to = std::nullopt,
                   std::int64_t payment = 0) {
    LedgerEntry e;
    e.id = LedgerEntryId(++next_);
    e.organizationId = OrganizationId(1);
    e.accountId = GuarantorAccountId(7);
    e.lineId = ChargeLineId(line);
    e.kind = kind;
    e.amount = cents(amount);
    e.from = from;
    e.to = to;
    e.paymentId = PaymentId(payment);
    return e;
  }
  LedgerEntry reversal(const LedgerEntry& of) {
    LedgerEntry e = make(EntryKind::kReversal, of.amount.cents(), of.lineId.value);
    e.reverses = of.id;
    return e;
  }

 private:
  std::int64_t next_ = 0;
};

TEST(Ledger, AVisitFromChargeToZero) {
  Book b;
  AccountLedger l;
  ASSERT_TRUE(l.post(b.make(EntryKind::kCharge, 15000, 1, {}, R::kPrimary)).ok());
  // The payer allows 90.00, pays 70.00, the patient owes 20.00 coinsurance.
  ASSERT_TRUE(l.post(b.make(EntryKind::kContractualAdjustment, 6000, 1, R::kPrimary)).ok());
  ASSERT_TRUE(l.post(b.make(EntryKind::kInsurancePayment, 7000, 1, R::kPrimary)).ok());
  ASSERT_TRUE(l.post(b.make(EntryKind::kTransfer, 2000, 1, R::kPrimary, R::kPatient)).ok());
  EXPECT_EQ(l.line(ChargeLineId(1)).insurance(), cents(0));
  EXPECT_EQ(l.line(ChargeLineId(1)).patient(), cents(2000));
  EXPECT_EQ(l.patientDue(), cents(2000));
  ASSERT_TRUE(l.post(b.make(EntryKind::kPatientPayment, 2000, 1, {}, {}, 5)).ok());
  EXPECT_EQ(l.line(ChargeLineId(1)).total(), cents(0));
}

TEST(Ledger, APrepaymentIsCreditUntilAllocatedAndMayBeRefunded) {
  Book b;
  AccountLedger l;
  ASSERT_TRUE(l.post(b.make(EntryKind::kPatientPayment, 5000, 0, {}, {}, 9)).ok());  // on account
  EXPECT_EQ(l.credit(), cents(5000));
  EXPECT_EQ(l.patientDue(), cents(-5000));
  ASSERT_TRUE(l.post(b.make(EntryKind::kCharge, 3000, 2, {}, R::kPatient)).ok());
  ASSERT_TRUE(l.post(b.make(EntryKind::kAllocation, 3000, 2, {}, {}, 9)).ok());
  EXPECT_EQ(l.credit(), cents(2000));
  EXPECT_EQ(l.line(ChargeLineId(2)).total(), cents(0));
  // A second allocation of the same credit to a new line works on what is left (OpenEMR #8156).
  ASSERT_TRUE(l.post(b.make(EntryKind::kCharge, 4000, 3, {}, R::kPatient)).ok());
  ASSERT_TRUE(l.post(b.make(EntryKind::kAllocation, 2000, 3, {}, {}, 9)).ok());
  EXPECT_EQ(l.credit(), cents(0));
  EXPECT_EQ(l.line(ChargeLineId(3)).patient(), cents(2000));
  auto tooMuch = l.post(b.make(EntryKind::kRefund, 1, 0, {}, {}, 9));
  ASSERT_FALSE(tooMuch.ok());
  EXPECT_EQ(tooMuch.error().fields.at(0).field, "amount_cents");
}

TEST(Ledger, NoPlaceGoesBelowZeroAndARefusalChangesNothing) {
  Book b;
  AccountLedger l;
  ASSERT_TRUE(l.post(b.make(EntryKind::kCharge, 10000, 1, {}, R::kPrimary)).ok());
  const auto before = l.line(ChargeLineId(1));
  auto over = l.post(b.make(EntryKind::kInsurancePayment, 10001, 1, R::kPrimary));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kInvalid);
  // The patient owes nothing on this line: a patient payment for it is refused too.
  EXPECT_FALSE(l.post(b.make(EntryKind::kPatientPayment, 1, 1, {}, {}, 3)).ok());
  // Money for a line that was never charged.
  EXPECT_FALSE(l.post(b.make(EntryKind::kWriteOff, 1, 99, R::kPatient)).ok());
  EXPECT_EQ(l.line(ChargeLineId(1)), before);
  EXPECT_EQ(l.entries().size(), 1u);
}

TEST(Ledger, ShapesAreCheckedNamingTheField) {
  Book b;
  auto fieldOf = [](const LedgerEntry& e) {
    auto s = validateShape(e);
    return s.ok() ? std::string() : s.error().fields.at(0).field;
  };
  EXPECT_EQ(fieldOf(b.make(EntryKind::kCharge, 0, 1, {}, R::kPatient)), "amount_cents");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kCharge, kMaxLedgerCents + 1, 1, {}, R::kPatient)),
            "amount_cents");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kCharge, 100, 1)), "to");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kInsurancePayment, 100, 1, R::kPatient)), "from");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kTransfer, 100, 1, R::kPrimary, R::kPrimary)), "to");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kAllocation, 100, 0, {}, {}, 4)), "line_id");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kPatientPayment, 100, 1)), "payment_id");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kRefund, 100, 1, {}, {}, 4)), "line_id");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kReversal, 100, 1)), "reverses");
  EXPECT_EQ(fieldOf(b.make(EntryKind::kWriteOff, 100, 1, R::kSecondary)), "");
}

TEST(Ledger, AReversalIsExactOnceAndNeverReversed) {
  Book b;
  AccountLedger l;
  const auto charge = b.make(EntryKind::kCharge, 12000, 1, {}, R::kPrimary);
  ASSERT_TRUE(l.post(charge).ok());
  const auto pay = b.make(EntryKind::kInsurancePayment, 5000, 1, R::kPrimary);
  ASSERT_TRUE(l.post(pay).ok());
  // The charge cannot go while the payment stands on it.
  EXPECT_FALSE(l.post(b.reversal(charge)).ok());
  const auto undo = b.reversal(pay);
  ASSERT_TRUE(l.post(undo).ok());
  EXPECT_EQ(l.line(ChargeLineId(1)).of(R::kPrimary), cents(12000));
  auto twice = l.post(b.reversal(pay));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto ofReversal = l.post(b.reversal(undo));
  ASSERT_FALSE(ofReversal.ok());
  EXPECT_EQ(ofReversal.error().code, ErrorCode::kConflict);
  LedgerEntry wrongAmount = b.reversal(charge);
  wrongAmount.amount = cents(1);
  EXPECT_FALSE(l.post(wrongAmount).ok());
  ASSERT_TRUE(l.post(b.reversal(charge)).ok());
  EXPECT_EQ(l.line(ChargeLineId(1)).total(), cents(0));
}

// ---- properties ------------------------------------------------------------------------------

/// One step of a random history: what kind, on which of three lines, how much, which places.
struct Step {
  int kind = 0;     ///< index into kKinds
  int line = 0;     ///< 0: none; 1..3
  int amount = 1;   ///< cents
  int from = 0;     ///< Responsibility
  int to = 0;       ///< Responsibility
  int payment = 1;  ///< 1..2
  int target = 0;   ///< which posted entry a reversal undoes
};

constexpr EntryKind kKinds[] = {
    EntryKind::kCharge,           EntryKind::kCharge,
    EntryKind::kInsurancePayment, EntryKind::kContractualAdjustment,
    EntryKind::kWriteOff,         EntryKind::kTransfer,
    EntryKind::kPatientPayment,   EntryKind::kAllocation,
    EntryKind::kRefund,           EntryKind::kReversal,
};

rc::Gen<Step> genStep() {
  return rc::gen::build<Step>(
      rc::gen::set(&Step::kind, rc::gen::inRange(0, static_cast<int>(std::size(kKinds)))),
      rc::gen::set(&Step::line, rc::gen::inRange(0, 4)),
      rc::gen::set(&Step::amount, rc::gen::inRange(1, 5001)),
      rc::gen::set(&Step::from, rc::gen::inRange(0, 4)),
      rc::gen::set(&Step::to, rc::gen::inRange(0, 4)),
      rc::gen::set(&Step::payment, rc::gen::inRange(1, 3)),
      rc::gen::set(&Step::target, rc::gen::inRange(0, 1000)));
}

/// The entry a step describes, with only the places its kind uses (and, now and then, a wrong
/// one: the ledger must refuse those).
LedgerEntry entryOf(const Step& s, Book& b, const std::vector<LedgerEntry>& posted) {
  const EntryKind kind = kKinds[s.kind];
  const auto from = static_cast<R>(s.from);
  const auto to = static_cast<R>(s.to);
  switch (kind) {
    case EntryKind::kCharge:
      // Charges are larger than what comes off them, so that most later steps can post.
      return b.make(kind, s.amount * 4, s.line, {}, to);
    case EntryKind::kInsurancePayment:
    case EntryKind::kContractualAdjustment:
    case EntryKind::kWriteOff:
      return b.make(kind, s.amount, s.line, from);
    case EntryKind::kTransfer:
      return b.make(kind, s.amount, s.line, from, to);
    case EntryKind::kPatientPayment:
    case EntryKind::kAllocation:
    case EntryKind::kRefund:
      return b.make(kind, s.amount, s.line, {}, {}, s.payment);
    case EntryKind::kReversal:
      if (posted.empty()) return b.make(kind, s.amount, s.line);
      return b.reversal(posted[static_cast<std::size_t>(s.target) % posted.size()]);
  }
  return b.make(kind, s.amount, s.line);
}

/// Sums of the posted entries, each reversal counted against the kind it undoes.
struct Sums {
  std::map<EntryKind, std::int64_t> byKind;
  std::int64_t linePatientPayments = 0;          ///< patient payments posted straight to a line
  std::int64_t onAccount = 0;                    ///< patient payments posted on account
  std::map<std::int64_t, std::int64_t> lineNet;  ///< per line: charges minus everything taken off

  static Sums of(const std::vector<LedgerEntry>& entries) {
    Sums out;
    std::map<std::int64_t, const LedgerEntry*> byId;
    for (const auto& e : entries) byId[e.id.value] = &e;
    for (const auto& e : entries) {
      const LedgerEntry& base = e.kind == EntryKind::kReversal ? *byId.at(e.reverses.value) : e;
      const std::int64_t sign = e.kind == EntryKind::kReversal ? -1 : 1;
      const std::int64_t amount = sign * base.amount.cents();
      out.byKind[base.kind] += amount;
      const std::int64_t line = base.lineId.value;
      switch (base.kind) {
        case EntryKind::kCharge:
          out.lineNet[line] += amount;
          break;
        case EntryKind::kInsurancePayment:
        case EntryKind::kContractualAdjustment:
        case EntryKind::kWriteOff:
        case EntryKind::kAllocation:
          out.lineNet[line] -= amount;
          break;
        case EntryKind::kPatientPayment:
          if (base.lineId.valid()) {
            out.lineNet[line] -= amount;
            out.linePatientPayments += amount;
          } else {
            out.onAccount += amount;
          }
          break;
        default:
          break;  // transfers move money within a line; refunds leave the account's credit
      }
    }
    return out;
  }
  std::int64_t operator[](EntryKind k) const {
    auto it = byKind.find(k);
    return it == byKind.end() ? 0 : it->second;
  }
};

struct Snapshot {
  std::array<LineBalance, 4> lines;
  Money credit;
  std::size_t entries = 0;
  bool operator==(const Snapshot&) const = default;
  static Snapshot of(const AccountLedger& l) {
    Snapshot s;
    for (int k = 0; k < 4; ++k) s.lines[k] = l.line(ChargeLineId(k));
    s.credit = l.credit();
    s.entries = l.entries().size();
    return s;
  }
};

RC_GTEST_PROP(LedgerProperties, BalancesAreTheSumsOfTheEntriesAndNeverNegative, ()) {
  const auto steps = *rc::gen::container<std::vector<Step>>(genStep());
  Book b;
  AccountLedger l;
  for (const auto& step : steps) {
    const Snapshot before = Snapshot::of(l);
    const LedgerEntry e = entryOf(step, b, l.entries());
    if (!l.post(e).ok()) {
      RC_ASSERT(Snapshot::of(l) == before);  // a refusal changes nothing
      continue;
    }
    // Nothing owes less than zero, and no credit is spent that was not there.
    for (int k = 1; k < 4; ++k) {
      for (Money m : l.line(ChargeLineId(k)).owed) RC_ASSERT(m.cents() >= 0);
    }
    RC_ASSERT(l.credit().cents() >= 0);
  }
  const Sums s = Sums::of(l.entries());
  // Every charge is paid, adjusted, written off or still owed.
  std::int64_t outstanding = 0;
  for (int k = 1; k < 4; ++k) outstanding += l.line(ChargeLineId(k)).total().cents();
  RC_ASSERT(s[EntryKind::kCharge] == s[EntryKind::kInsurancePayment] +
                                         s[EntryKind::kContractualAdjustment] +
                                         s[EntryKind::kWriteOff] + s.linePatientPayments +
                                         s[EntryKind::kAllocation] + outstanding);
  // Every dollar the patient paid on account was allocated, is still held, or went back.
  RC_ASSERT(s.onAccount == s[EntryKind::kAllocation] + l.credit().cents() + s[EntryKind::kRefund]);
  // Each line's insurance and patient parts add up to what its own entries leave.
  for (int k = 1; k < 4; ++k) {
    const LineBalance line = l.line(ChargeLineId(k));
    const auto it = s.lineNet.find(k);
    RC_ASSERT(line.insurance() + line.patient() == cents(it == s.lineNet.end() ? 0 : it->second));
  }
  RC_ASSERT(l.insuranceBalance() + l.patientBalance() == cents(outstanding));
}

RC_GTEST_PROP(LedgerProperties, AReversalNetsToZero, ()) {
  const auto steps = *rc::gen::container<std::vector<Step>>(genStep());
  Book b;
  AccountLedger l;
  for (const auto& step : steps) (void)l.post(entryOf(step, b, l.entries()));
  // Any entry that can be posted now and then reversed leaves the balances as they were.
  const Step extra = *genStep();
  const LedgerEntry e = entryOf(extra, b, l.entries());
  if (e.kind == EntryKind::kReversal) return;
  const Snapshot before = Snapshot::of(l);
  if (!l.post(e).ok()) return;
  RC_ASSERT(l.post(b.reversal(e)).ok());
  Snapshot after = Snapshot::of(l);
  after.entries -= 2;
  RC_ASSERT(after == before);
}

}  // namespace
}  // namespace medoffice::domain
