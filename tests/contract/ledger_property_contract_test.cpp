// SPDX-License-Identifier: AGPL-3.0-or-later
// The ledger's running balances in real storage (issue 14, point 5), on every backend, by
// property tests (RapidCheck). Random sequences of encounters (charges), corrections, insurance
// payments, contractual adjustments, write-offs, transfers, patient payments, allocations,
// refunds and reversals go through the billing use cases, one write transaction each. After
// every operation the stored running balances (charge_lines.owed_*, account_balances,
// payments.unallocated_cents) must equal the sums of the stored entries, agree with
// domain::AccountLedger fed the same entries, and keep the ledger's invariants; the use case
// must have accepted exactly what the model says is allowed, and a refused operation must have
// changed nothing. Then concurrent postings to one account, each through its own connection,
// must lose nothing, and two transactions crossing on one account must not deadlock.
// RC_PARAMS="seed=N" replays a run; LEDGERPROP_TRACE=1 prints every case's operations.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "app/billing/encounters.hpp"
#include "app/billing/ledger.hpp"
#include "app/registry.hpp"
#include "app/scheduling/front_desk.hpp"
#include "domain/billing/ledger.hpp"
#include "domain/common/validation.hpp"
#include "support/practice.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
using app::Repositories;
namespace bill = app::billing;
namespace reg = app::registry;
using R = Responsibility;

constexpr int kCases = 25;      // per engine
constexpr int kMaxOps = 30;     // per case
constexpr int kFullSize = 100;  // RapidCheck's nominal size: generators use their whole range
constexpr std::int64_t kUser = 42;
constexpr std::int64_t kMinute = 60'000'000;
constexpr std::int64_t kFakeEntryId = std::int64_t{1} << 50;  // a candidate entry's id in the model

Money cents(std::int64_t c) {
  return Money::fromCents(c);
}

/// Runs a RapidCheck property for at most kCases cases (fewer when RC_PARAMS asks for fewer;
/// its seed is kept, so that a failure can be replayed). rc::check takes its count from
/// RC_PARAMS alone, 100 cases by default: too many round trips here.
template <class Property>
bool checkBounded(const std::string& what, Property&& property) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = std::min(params.maxSuccess, kCases);
  rc::detail::TestMetadata metadata;
  metadata.id = what;
  metadata.description = what;
  std::cerr << "- " << what << "\n";
  const auto result = rc::detail::checkTestable(std::forward<Property>(property), metadata, params);
  rc::detail::printResultMessage(result, std::cerr);
  std::cerr << "\n";
  return result.template is<rc::detail::SuccessResult>();
}

// ---- operations ------------------------------------------------------------------------------

enum class OpKind {
  kEncounter,  ///< create an encounter, finalized in the same transaction or left open
  kFinalize,   ///< finalize an encounter (refused unless it is open)
  kCorrect,    ///< correct a finalized encounter: replace, add or remove a line
  kInsurancePayment,
  kContractual,
  kWriteOff,
  kTransfer,
  kPayment,   ///< take a patient payment: co-pay for a visit, oldest first, on account, by hand
  kAllocate,  ///< allocate the account's credit, automatically or by hand
  kRefund,
  kReverseEntry,
  kReversePayment,
};
constexpr const char* kOpNames[] = {"encounter",   "finalize",  "correct",  "insurance_payment",
                                    "contractual", "write_off", "transfer", "payment",
                                    "allocate",    "refund",    "reverse",  "reverse_payment"};
constexpr std::size_t kOpKinds = std::size(kOpNames);

const char* nameOf(OpKind k) {
  return kOpNames[static_cast<std::size_t>(k)];
}

/// One random operation. Its targets are chosen when it runs, among what exists by then.
struct Op {
  OpKind kind = OpKind::kEncounter;
  int pick = 0;     ///< which patient, line, entry, payment or encounter (modulo how many)
  int variant = 0;  ///< 0-3: the sub-choice of the kind (allocation mode, correction, ...)
  int sizing = 0;   ///< 0: exactly what is there; 1: one cent more; 2-4: part; 5: `amount`
  std::int64_t amount = 1;
  int from = 0;  ///< a place: 0-3 (primary, secondary, tertiary, patient)
  int to = 0;
};

void showValue(const Op& op, std::ostream& os) {
  os << nameOf(op.kind) << "{pick " << op.pick << ", variant " << op.variant << ", sizing "
     << op.sizing << ", " << op.amount << "c, " << op.from << "->" << op.to << "}";
}

rc::Gen<Op> genOp() {
  using K = OpKind;
  return rc::gen::build<Op>(
      rc::gen::set(&Op::kind, rc::gen::weightedElement<K>({{12, K::kEncounter},
                                                           {3, K::kFinalize},
                                                           {6, K::kCorrect},
                                                           {12, K::kInsurancePayment},
                                                           {7, K::kContractual},
                                                           {6, K::kWriteOff},
                                                           {10, K::kTransfer},
                                                           {12, K::kPayment},
                                                           {8, K::kAllocate},
                                                           {6, K::kRefund},
                                                           {12, K::kReverseEntry},
                                                           {4, K::kReversePayment}})),
      rc::gen::set(&Op::pick, rc::gen::inRange(0, 1000)),
      rc::gen::set(&Op::variant, rc::gen::inRange(0, 4)),
      rc::gen::set(&Op::sizing, rc::gen::inRange(0, 6)),
      rc::gen::set(&Op::amount, rc::gen::inRange<std::int64_t>(1, 30001)),
      rc::gen::set(&Op::from, rc::gen::inRange(0, 4)),
      rc::gen::set(&Op::to, rc::gen::inRange(0, 4)));
}

/// `there`, one cent more, part of it (the operation's amount, at most `there`), or the
/// operation's amount whatever is there.
Money sized(const Op& op, Money there) {
  if (op.sizing == 0) return there;
  if (op.sizing == 1) return there + cents(1);
  if (op.sizing < 5 && there.cents() > 0) return std::min(there, cents(op.amount));
  return cents(op.amount);
}

// ---- what storage holds ----------------------------------------------------------------------

/// Everything stored for one case's patients and their account, read in one transaction, and
/// what the checks derive from it.
struct Snapshot {
  GuarantorAccountId account;
  std::vector<GuarantorAccountId> accountOf;        ///< per patient
  std::vector<LedgerEntry> entries;                 ///< the account's, oldest first
  std::map<std::int64_t, app::LedgerLine> lines;    ///< LedgerRepository::line, replaced ones too
  std::map<std::int64_t, app::LedgerLine> history;  ///< EncounterRepository::history
  std::map<std::int64_t, std::vector<LedgerEntry>> ofLine;
  std::map<std::int64_t, Payment> payments;
  std::map<std::int64_t, std::vector<LedgerEntry>> ofPayment;
  std::map<std::int64_t, Encounter> encounters;
  std::vector<LineBalance> patientBalances;  ///< per patient
  std::vector<std::size_t> patientEntries;   ///< per patient
  app::AccountBalance balance;
  std::vector<app::LedgerRepository::Mismatch> mismatches;
  // Derived by audit():
  AccountLedger model;                         ///< fed the stored entries in order
  std::map<std::int64_t, Money> paymentTally;  ///< unallocated, summed by kind from the entries
  std::set<std::int64_t> reversed;             ///< ids of entries a reversal undid
  std::map<std::int64_t, LedgerEntry> byId;
};

bool sameEffect(const EntryEffect& a, const EntryEffect& b) {
  return a.lineId == b.lineId && a.lineDelta == b.lineDelta && a.creditDelta == b.creditDelta;
}

bool sameEntry(const LedgerEntry& a, const LedgerEntry& b) {
  return a.id == b.id && a.organizationId == b.organizationId && a.accountId == b.accountId &&
         a.patientId == b.patientId && a.encounterId == b.encounterId && a.lineId == b.lineId &&
         a.kind == b.kind && a.amount == b.amount && a.from == b.from && a.to == b.to &&
         a.paymentId == b.paymentId && a.reverses == b.reverses && a.reason == b.reason &&
         a.postedAt == b.postedAt && sameEffect(a.effect, b.effect);
}

std::string show(const LineBalance& b) {
  std::string out = "[";
  for (std::size_t k = 0; k < kResponsibilities; ++k) {
    out += (k ? " " : "") + std::to_string(b.owed[k].cents());
  }
  return out + "]";
}

std::string show(const LedgerEntry& e) {
  std::ostringstream os;
  os << "#" << e.id.value << " " << toString(e.kind) << " " << e.amount.cents() << "c";
  if (e.lineId.valid()) os << " line " << e.lineId.value;
  if (e.from) os << " from " << toString(*e.from);
  if (e.to) os << " to " << toString(*e.to);
  if (e.paymentId.valid()) os << " payment " << e.paymentId.value;
  if (e.reverses.valid()) os << " reverses #" << e.reverses.value;
  return os.str();
}

/// Collects the problems found; empty means all is well.
class Problems {
 public:
  void operator()(bool ok, const std::string& what) {
    if (!ok && list_.size() < 20) list_.push_back(what);
  }
  [[nodiscard]] bool empty() const { return list_.empty(); }
  [[nodiscard]] std::string text() const {
    std::string out;
    for (const auto& p : list_) out += "  " + p + "\n";
    return out;
  }

 private:
  std::vector<std::string> list_;
};

/// What a line's total owes gains from an entry that is not a reversal (a transfer moves money
/// between places and changes no total).
std::int64_t lineTotalSign(EntryKind k) {
  switch (k) {
    case EntryKind::kCharge:
      return 1;
    case EntryKind::kInsurancePayment:
    case EntryKind::kContractualAdjustment:
    case EntryKind::kWriteOff:
    case EntryKind::kAllocation:
    case EntryKind::kPatientPayment:  // with a line: paid for that line
      return -1;
    default:
      return 0;
  }
}

/// What a payment's unallocated money gains from an entry that is not a reversal.
std::int64_t paymentSign(const LedgerEntry& e) {
  if (e.kind == EntryKind::kPatientPayment && !e.lineId.valid()) return 1;
  if (e.kind == EntryKind::kAllocation || e.kind == EntryKind::kRefund) return -1;
  return 0;
}

/// Checks one snapshot on its own and derives the model. Returns the problems.
std::string audit(const std::vector<PatientId>& patients, Snapshot& s) {
  Problems bad;
  for (const auto& m : s.mismatches) {
    bad(false, "verify(): " + m.what + " running " + std::to_string(m.running) + " summed " +
                   std::to_string(m.summed));
  }
  // Every patient billed is on the one account of the case (the children share their parent's).
  for (std::size_t k = 0; k < s.accountOf.size(); ++k) {
    bad(!s.accountOf[k].valid() || s.accountOf[k] == s.account,
        "patient " + std::to_string(k) + " is on another account");
  }

  // Replay the stored entries into the domain model; each must be allowed there, and carry the
  // effect the model computes for it. Independently of both, sum the entries by kind.
  std::map<EntryKind, std::int64_t> net;  // amount by kind, reversals taken off their kind
  std::map<std::int64_t, std::int64_t> lineTotal;
  std::int64_t previousId = 0;
  for (const auto& e : s.entries) {
    bad(e.id.value > previousId, "entries are not in id order at " + show(e));
    previousId = e.id.value;
    bad(e.accountId == s.account, show(e) + " is on another account");
    bad(std::find(patients.begin(), patients.end(), e.patientId) != patients.end(),
        show(e) + " names a patient of another case");
    auto effect = s.model.effect(e);
    if (!effect) {
      bad(false, show(e) + " is refused by the model: " + effect.error().message);
      continue;
    }
    bad(sameEffect(*effect, e.effect), show(e) + " has a stored effect the model disagrees with");
    const Status posted = s.model.post(e);
    bad(posted.ok(), show(e) + " is refused by the model: " +
                         (posted.ok() ? std::string() : posted.error().message));
    s.byId[e.id.value] = e;
    if (e.kind == EntryKind::kReversal) {
      auto it = s.byId.find(e.reverses.value);
      if (it == s.byId.end()) {
        bad(false, show(e) + " reverses an entry that is not before it on the account");
        continue;
      }
      const LedgerEntry& o = it->second;
      bad(s.reversed.insert(o.id.value).second, show(e) + " reverses an entry twice");
      bad(o.kind != EntryKind::kReversal, show(e) + " reverses a reversal");
      bad(o.amount == e.amount && o.lineId == e.lineId && o.paymentId == e.paymentId &&
              o.accountId == e.accountId && o.patientId == e.patientId,
          show(e) + " differs from the entry it reverses");
      // A reversal nets to zero with its original.
      bool zero = e.effect.lineId == o.effect.lineId &&
                  (e.effect.creditDelta + o.effect.creditDelta).cents() == 0;
      for (std::size_t k = 0; k < kResponsibilities; ++k) {
        zero = zero && (e.effect.lineDelta[k] + o.effect.lineDelta[k]).cents() == 0;
      }
      bad(zero, show(e) + " does not net to zero with " + show(o));
      net[o.kind] -= e.amount.cents();
      if (o.lineId.valid()) lineTotal[o.lineId.value] -= lineTotalSign(o.kind) * e.amount.cents();
      if (o.paymentId.valid()) {
        s.paymentTally[o.paymentId.value] =
            s.paymentTally[o.paymentId.value] - cents(paymentSign(o) * e.amount.cents());
      }
    } else {
      net[e.kind] += e.amount.cents();
      if (e.lineId.valid()) lineTotal[e.lineId.value] += lineTotalSign(e.kind) * e.amount.cents();
      if (e.paymentId.valid()) {
        s.paymentTally[e.paymentId.value] =
            s.paymentTally[e.paymentId.value] + cents(paymentSign(e) * e.amount.cents());
      }
    }
  }

  // Lines: the running balance of each is the model's, none negative, and the insurance and
  // patient parts add up to what its entries leave owing.
  Money insurance, patient, outstanding;
  std::vector<LineBalance> byPatient(patients.size());
  for (const auto& [id, l] : s.lines) {
    const std::string name = "line " + std::to_string(id);
    bad(l.id.value == id && l.accountId == s.account, name + " is on another account");
    bad(l.balance == s.model.line(l.id),
        name + " stored " + show(l.balance) + " model " + show(s.model.line(l.id)));
    auto h = s.history.find(id);
    bad(h != s.history.end() && h->second.balance == l.balance && h->second.status == l.status,
        name + " differs in the encounter's history");
    for (const auto& owed : l.balance.owed) bad(owed.cents() >= 0, name + " is negative");
    bad((l.balance.insurance() + l.balance.patient()).cents() == lineTotal[id],
        name + " insurance + patient " + std::to_string(l.balance.total().cents()) +
            " but its entries leave " + std::to_string(lineTotal[id]));
    std::vector<std::int64_t> ids, want;
    for (const auto& e : s.ofLine[id]) ids.push_back(e.id.value);
    for (const auto& e : s.entries) {
      if (e.lineId == l.id) want.push_back(e.id.value);
    }
    bad(ids == want, name + ": ofLine() differs from the account's entries on it");
    if (l.status == "open") {
      bad(l.balance == LineBalance{} && want.empty(), name + " is open but has postings");
    }
    insurance = insurance + l.balance.insurance();
    patient = patient + l.balance.patient();
    outstanding = outstanding + l.balance.total();
    for (std::size_t k = 0; k < patients.size(); ++k) {
      if (l.patientId != patients[k] || l.status == "open") continue;
      for (std::size_t p = 0; p < kResponsibilities; ++p) {
        byPatient[k].owed[p] = byPatient[k].owed[p] + l.balance.owed[p];
      }
    }
  }
  for (const auto& e : s.entries) {
    if (e.lineId.valid()) bad(s.lines.count(e.lineId.value) == 1, show(e) + " names no known line");
  }
  for (std::size_t k = 0; k < patients.size(); ++k) {
    bad(s.patientBalances[k] == byPatient[k], "patientBalance(" + std::to_string(k) + ") " +
                                                  show(s.patientBalances[k]) + " but its lines " +
                                                  show(byPatient[k]));
  }

  // Payments: posted to the account, their unallocated money what their entries leave.
  Money credit;
  for (const auto& [id, p] : s.payments) {
    const std::string name = "payment " + std::to_string(id);
    bad(p.posted && p.accountId == s.account, name + " is not posted to the account");
    bad(p.unallocated == s.paymentTally[id],
        name + " unallocated " + std::to_string(p.unallocated.cents()) + " but its entries leave " +
            std::to_string(s.paymentTally[id].cents()));
    bad(p.unallocated.cents() >= 0 && p.unallocated <= p.amount,
        name + " unallocated out of range");
    std::vector<std::int64_t> ids, want;
    for (const auto& e : s.ofPayment[id]) ids.push_back(e.id.value);
    for (const auto& e : s.entries) {
      if (e.paymentId == p.id) want.push_back(e.id.value);
    }
    bad(ids == want, name + ": ofPayment() differs from the account's entries of it");
    credit = credit + p.unallocated;
  }

  // The account's running balances: the model's, the sums of its lines and payments.
  if (s.account.valid()) {
    const auto& b = s.balance;
    bad(b.insurance == s.model.insuranceBalance() && b.insurance == insurance,
        "account insurance " + std::to_string(b.insurance.cents()) + " model " +
            std::to_string(s.model.insuranceBalance().cents()) + " lines " +
            std::to_string(insurance.cents()));
    bad(b.patient == s.model.patientBalance() && b.patient == patient,
        "account patient " + std::to_string(b.patient.cents()) + " model " +
            std::to_string(s.model.patientBalance().cents()) + " lines " +
            std::to_string(patient.cents()));
    bad(b.credit == s.model.credit() && b.credit == credit,
        "account credit " + std::to_string(b.credit.cents()) + " model " +
            std::to_string(s.model.credit().cents()) + " payments " +
            std::to_string(credit.cents()));
    bad(b.entries == static_cast<std::int64_t>(s.entries.size()),
        "account entry count " + std::to_string(b.entries) + " but " +
            std::to_string(s.entries.size()) + " entries");
    bad(b.insurance.cents() >= 0 && b.patient.cents() >= 0 && b.credit.cents() >= 0,
        "an account balance is negative");
  }
  std::size_t perPatient = 0;
  for (auto n : s.patientEntries) perPatient += n;
  bad(perPatient == s.entries.size(), "the patients' entries do not add up to the account's");

  // The ledger's equations. Total charges = insurance payments + contractual adjustments +
  // write-offs + patient payments to lines (by allocation or directly) + what is still owed;
  // patient payments received on account = allocations + credit + refunds.
  auto n = [&](EntryKind k) { return net[k]; };
  std::int64_t linePayments = 0;
  for (const auto& e : s.entries) {
    const LedgerEntry* o = e.kind == EntryKind::kReversal ? &s.byId[e.reverses.value] : &e;
    if (o->kind != EntryKind::kPatientPayment) continue;
    const std::int64_t sign = e.kind == EntryKind::kReversal ? -1 : 1;
    if (o->lineId.valid()) linePayments += sign * e.amount.cents();
  }
  const std::int64_t onAccount = n(EntryKind::kPatientPayment) - linePayments;
  bad(n(EntryKind::kCharge) == n(EntryKind::kInsurancePayment) +
                                   n(EntryKind::kContractualAdjustment) + n(EntryKind::kWriteOff) +
                                   linePayments + n(EntryKind::kAllocation) + outstanding.cents(),
      "charges " + std::to_string(n(EntryKind::kCharge)) +
          " differ from what paid, adjusted, wrote them off and what is owed");
  bad(onAccount == n(EntryKind::kAllocation) + credit.cents() + n(EntryKind::kRefund),
      "patient payments " + std::to_string(onAccount) +
          " differ from allocations + credit + refunds");
  return bad.text();
}

/// What changed between two snapshots where nothing should have.
std::string changes(const Snapshot& a, const Snapshot& b) {
  Problems bad;
  bad(a.account == b.account, "the account changed");
  bad(a.entries.size() == b.entries.size(), "entries were added");
  bad(a.lines.size() == b.lines.size(), "lines were added");
  for (const auto& [id, l] : a.lines) {
    auto it = b.lines.find(id);
    bad(it != b.lines.end() && it->second.balance == l.balance && it->second.status == l.status,
        "line " + std::to_string(id) + " changed");
  }
  bad(a.payments.size() == b.payments.size(), "payments were stored");
  for (const auto& [id, p] : a.payments) {
    auto it = b.payments.find(id);
    bad(it != b.payments.end() && it->second.unallocated == p.unallocated &&
            it->second.posted == p.posted,
        "payment " + std::to_string(id) + " changed");
  }
  bad(a.encounters.size() == b.encounters.size(), "encounters were stored");
  for (const auto& [id, e] : a.encounters) {
    auto it = b.encounters.find(id);
    bad(it != b.encounters.end() && it->second.status == e.status &&
            it->second.meta.version == e.meta.version && it->second.lines.size() == e.lines.size(),
        "encounter " + std::to_string(id) + " changed");
  }
  bad(a.balance.insurance == b.balance.insurance && a.balance.patient == b.balance.patient &&
          a.balance.credit == b.balance.credit && a.balance.entries == b.balance.entries,
      "the account's balances changed");
  return bad.text();
}

/// What an operation should do, judged from the snapshot before it.
struct Expect {
  bool ok = true;
  ErrorCode code = ErrorCode::kInvalid;  ///< when refused
  int newEntries = -1;                   ///< when accepted: how many entries it adds (-1: any)
};
Expect refusal(ErrorCode c) {
  return {false, c, 0};
}
Expect acceptance(int entries) {
  return {true, ErrorCode::kInvalid, entries};
}
/// The model's verdict on one more entry.
Expect modelVerdict(const AccountLedger& model, LedgerEntry e) {
  e.id = LedgerEntryId(kFakeEntryId);
  AccountLedger copy = model;
  const Status s = copy.post(e);
  return s.ok() ? acceptance(1) : refusal(s.error().code);
}

template <class Map>
std::vector<std::int64_t> keysOf(const Map& m) {
  std::vector<std::int64_t> out;
  for (const auto& kv : m) out.push_back(kv.first);
  return out;
}

// ---- the fixture -----------------------------------------------------------------------------

class LedgerProp : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    name_ = std::string("ledgerprop_") + info->name();
    std::replace(name_.begin(), name_.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name_);
    auto ok = db_->write([&](Repositories& r) { return newPractice(r); });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
  }

  /// A valid NPI, different for every n.
  static std::string npi(int n) {
    char base[16];
    std::snprintf(base, sizeof base, "1%08d", n);
    return std::string(base) + validation::npiCheckDigit(base);
  }

  /// A new practice (organization, location, provider, payer, visit type) becomes the one the
  /// test works in: verify() checks a whole organization, so each case has its own.
  Status newPractice(Repositories& r) {
    const int n = ++practices_;
    auto practice = test::createPractice(
        r, zones_, clock_.now(), "Prairie Medicine " + lettersOf(n), npi(2 * n), npi(2 * n + 1));
    if (!practice) return practice.error();
    org_ = practice->org;
    location_ = practice->location;
    provider_ = practice->provider;
    payer_ = practice->payer;
    AppointmentType t;
    t.organizationId = org_;
    t.name = "Follow-up";
    t.durationMinutes = 30;
    t.requiresRoom = false;
    t.defaultCptCodes = {"99213"};
    auto type = r.scheduling().insertType(t, clock_.now());
    if (!type) return type.error();
    type_ = type->id;
    return {};
  }

  /// A name of letters only, different for every n.
  static std::string lettersOf(int n) {
    std::string out = "Q";
    do {
      out += static_cast<char>('a' + n % 26);
      n /= 26;
    } while (n > 0);
    return out;
  }

  /// A new practice with two children whose parent (not a patient) is their guarantor: they
  /// share one account, opened by whichever is billed first. `insured` (0-3): the first child
  /// has a primary coverage unless it is 0, the second when it has bit 1. Each child has a
  /// visit checked in, earlier than now.
  struct Case {
    std::vector<PatientId> patients;
    std::vector<bool> insured;
    std::vector<AppointmentId> visits;
    Snapshot last;
    std::string transcript;
  };

  Case newCase(int insured) {
    Case c;
    const int n = ++cases_;
    auto ok = db_->write([&](Repositories& r) -> Status {
      if (auto practice = newPractice(r); !practice.ok()) return practice;
      for (int k = 0; k < 2; ++k) {
        Patient p;
        p.familyName = lettersOf(n);
        p.givenName = k == 0 ? "Ann" : "Bea";
        p.birthDate = *Date::parse(k == 0 ? "2012-03-04" : "2014-05-06");
        p.sex = "female";
        p.guarantor.relationship = "parent";
        p.guarantor.familyName = lettersOf(n);
        p.guarantor.givenName = "Parent";
        p.guarantor.birthDate = Date::parse("1980-02-03");
        auto stored = reg::registerPatient(r, clock_.now(), org_, p);
        if (!stored) return stored.error();
        c.patients.push_back(stored->patient.id);
        c.insured.push_back(k == 0 ? insured != 0 : (insured & 2) != 0);
        if (c.insured.back()) {
          Coverage cov;
          cov.patientId = stored->patient.id;
          cov.payerId = payer_;
          cov.memberId = "W" + std::to_string(stored->patient.id.value);
          cov.priority = CoveragePriority::kPrimary;
          cov.effectiveDate = *Date::parse("2020-01-01");
          cov.copay = cents(2500);
          auto covered = reg::createCoverage(r, clock_.now(), org_, cov);
          if (!covered) return covered.error();
        }
        // Checked in some time in the last year; one visit per provider slot, never overlapping.
        Appointment a;
        a.organizationId = org_;
        a.patientId = stored->patient.id;
        a.providerId = provider_;
        a.locationId = location_;
        a.appointmentTypeId = type_;
        const std::int64_t start = clock_.now().micros() - 365LL * 24 * 60 * kMinute +
                                   static_cast<std::int64_t>(visits_++) * 40 * kMinute;
        a.start = Instant::fromMicros(start);
        a.end = Instant::fromMicros(start + 30 * kMinute);
        a.status = AppointmentStatus::kArrived;
        a.statusAt[0] = a.start;
        a.statusAt[static_cast<std::size_t>(AppointmentStatus::kArrived)] = a.start;
        a.statusBy[0] = kUser;
        auto visit = r.appointments().insert(a, clock_.now());
        if (!visit) return visit.error();
        c.visits.push_back(visit->id);
      }
      return {};
    });
    RC_ASSERT(ok.ok());
    c.last = snapshot(c);
    const std::string problems = audit(c.patients, c.last);
    if (!problems.empty()) RC_FAIL("a new case is already wrong:\n" + problems);
    return c;
  }

  /// Reads everything of the case in one read transaction.
  Snapshot snapshot(const Case& c) {
    Snapshot s;
    Status ok = db_->read([&](Repositories& r) -> Status {
      for (auto id : c.patients) {
        auto p = r.patients().get(org_, id);
        if (!p) return Error::internal("patient " + std::to_string(id.value) + " is missing");
        s.accountOf.push_back(p->accountId);
        if (!s.account.valid()) s.account = p->accountId;
        s.patientBalances.push_back(r.ledger().patientBalance(org_, id));
        for (auto& pay : r.payments().list(org_, id, {}, 1000)) s.payments[pay.id.value] = pay;
        app::EncounterRepository::Filter f;
        f.patient = id;
        app::PageRequest page;
        page.limit = 200;
        auto list = r.encounters().list(org_, f, page);
        if (!list) return list.error();
        if (!list->nextCursor.empty()) return Error::internal("more encounters than expected");
        for (const auto& e : list->items) {
          auto full = r.encounters().get(org_, e.id);
          if (!full) return Error::internal("a listed encounter is missing");
          s.encounters[e.id.value] = *full;
          for (auto& l : r.encounters().history(org_, e.id)) s.history[l.id.value] = l;
        }
        std::size_t count = 0;
        for (app::PageRequest q{"", 200, false};;) {
          auto entries = r.ledger().entries(org_, {}, id, q);
          if (!entries) return entries.error();
          count += entries->items.size();
          if (entries->nextCursor.empty()) break;
          q.cursor = entries->nextCursor;
        }
        s.patientEntries.push_back(count);
      }
      for (const auto& [id, h] : s.history) {
        auto l = r.ledger().line(org_, h.id);
        if (!l) return Error::internal("line " + std::to_string(id) + " is missing");
        s.lines[id] = *l;
        s.ofLine[id] = r.ledger().ofLine(org_, h.id);
      }
      for (const auto& [id, p] : s.payments) s.ofPayment[id] = r.ledger().ofPayment(org_, p.id);
      if (s.account.valid()) {
        for (app::PageRequest q{"", 200, false};;) {
          auto entries = r.ledger().entries(org_, s.account, {}, q);
          if (!entries) return entries.error();
          s.entries.insert(s.entries.end(), entries->items.begin(), entries->items.end());
          if (entries->nextCursor.empty()) break;
          q.cursor = entries->nextCursor;
        }
        std::reverse(s.entries.begin(), s.entries.end());
        s.balance = r.accounts().balance(org_, s.account);
      }
      s.mismatches = r.ledger().verify(org_);
      return {};
    });
    if (!ok.ok()) RC_FAIL("reading the case failed: " + ok.error().message);
    return s;
  }

  /// Runs one operation through the use cases in one write transaction, after judging from the
  /// last snapshot what it should do. nullopt when there is nothing to apply it to yet.
  std::optional<Status> apply(Case& c, const Op& op, Expect& want, std::string& what,
                              std::string& odd);

  void runCase(Case& c, const std::vector<Op>& ops) {
    for (const auto& op : ops) {
      clock_.advanceForTest(kMinute);
      Expect want;
      std::string what, odd;
      auto status = apply(c, op, want, what, odd);
      if (!status) continue;
      Snapshot now = snapshot(c);
      std::string verdict = status->ok() ? "ok" : status->error().message;
      c.transcript += "  " + what + " -> " + verdict + "\n";
      ++tried_[static_cast<std::size_t>(op.kind)];
      Problems bad;
      if (status->ok()) {
        ++accepted_[static_cast<std::size_t>(op.kind)];
        bad(want.ok, "accepted, but the model refuses it");
        const auto added = static_cast<int>(now.entries.size() - c.last.entries.size());
        bad(want.newEntries < 0 || added == want.newEntries,
            "added " + std::to_string(added) + " entries, not " + std::to_string(want.newEntries));
      } else {
        bad(!want.ok, "refused, but the model accepts it");
        bad(status->error().code == want.code ||
                (want.ok && status->error().code != ErrorCode::kInternal &&
                 status->error().code != ErrorCode::kUnavailable),
            "refused with error code " + std::to_string(static_cast<int>(status->error().code)) +
                ", not " + std::to_string(static_cast<int>(want.code)));
        const std::string changed = changes(c.last, now);
        bad(changed.empty(), "a refused operation changed the ledger:\n" + changed);
      }
      bad(odd.empty(), odd);
      // Insert-only: what was there is still there, unchanged.
      bool prefix = now.entries.size() >= c.last.entries.size();
      for (std::size_t k = 0; prefix && k < c.last.entries.size(); ++k) {
        prefix = sameEntry(c.last.entries[k], now.entries[k]);
      }
      bad(prefix, "a stored entry changed or disappeared");
      std::string problems = audit(c.patients, now) + bad.text();
      if (!problems.empty()) {
        std::string entries;
        for (const auto& e : now.entries) entries += "    " + show(e) + "\n";
        RC_FAIL("after\n" + c.transcript + "the ledger is wrong:\n" + problems + "entries now:\n" +
                entries);
      }
      c.last = std::move(now);
    }
    if (std::getenv("LEDGERPROP_TRACE")) std::cerr << "case:\n" << c.transcript;
  }

  /// A patient without insurance who owes `count` lines of `each` (one finalized encounter).
  struct Debtor {
    PatientId patient;
    GuarantorAccountId account;
    std::vector<ChargeLineId> lines;
  };
  Debtor debtor(const std::string& family, int count, Money each) {
    Debtor d;
    Status ok = db_->write([&](Repositories& r) -> Status {
      Patient p;
      p.familyName = family;
      p.givenName = "Cora";
      p.birthDate = *Date::parse("1975-01-02");
      p.sex = "female";
      auto stored = reg::registerPatient(r, clock_.now(), org_, p);
      if (!stored) return stored.error();
      d.patient = stored->patient.id;
      bill::NewEncounter req;
      req.encounter.patientId = d.patient;
      req.encounter.providerId = provider_;
      req.encounter.locationId = location_;
      req.encounter.diagnoses = {"I10"};
      req.dateOfService = clock_.now().utcDate();
      for (int k = 0; k < count; ++k) {
        ChargeLine l;
        l.code = "99213";
        l.diagnosisPointers = {1};
        l.charge = each;
        req.encounter.lines.push_back(l);
      }
      auto e = bill::createEncounter(r, zones_, clock_.now(), org_, req);
      if (!e) return e.error();
      auto fin =
          bill::finalizeEncounter(r, clock_.now(), org_, e->encounter.id, std::nullopt, kUser);
      if (!fin) return fin.error();
      d.account = fin->encounter.accountId;
      for (const auto& entry : fin->entries) d.lines.push_back(entry.lineId);
      return {};
    });
    EXPECT_TRUE(ok.ok()) << ok.error().message;
    return d;
  }

  /// Takes a payment of `amount` kept as credit on the patient's account.
  Status payOnAccount(storage::Database& db, PatientId patient, Money amount) {
    Payment pay;
    pay.patientId = patient;
    pay.amount = amount;
    pay.kind = "patient_payment";
    app::scheduling::PaymentPosting onAccount;
    onAccount.mode = bill::AllocationMode::kNone;
    return db.write([&](Repositories& r) -> Status {
      auto done = app::scheduling::collectPayment(r, clock_.now(), org_, pay, kUser, onAccount);
      return done ? Status{} : Status(done.error());
    });
  }

  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  std::string name_;
  std::unique_ptr<storage::Database> db_;
  OrganizationId org_;
  LocationId location_;
  ProviderId provider_;
  PayerId payer_;
  AppointmentTypeId type_;
  int cases_ = 0;
  int practices_ = 0;
  int visits_ = 0;
  std::array<int, kOpKinds> tried_{}, accepted_{};
};

std::optional<Status> LedgerProp::apply(Case& c, const Op& op, Expect& want, std::string& what,
                                        std::string& odd) {
  const Snapshot& last = c.last;
  const Instant now = clock_.now();
  const auto lines = keysOf(last.lines);
  const auto payments = keysOf(last.payments);
  const auto encounters = keysOf(last.encounters);
  // Lines with money on them: anywhere, for an insurance, for the patient.
  std::vector<std::int64_t> owing, insuranceOwing, patientOwing;
  for (const auto& [id, l] : last.lines) {
    if (l.balance.total().cents() > 0) owing.push_back(id);
    if (l.balance.insurance().cents() > 0) insuranceOwing.push_back(id);
    if (l.balance.patient().cents() > 0) patientOwing.push_back(id);
  }
  auto pickOf = [](const std::vector<std::int64_t>& ids, int pick) {
    return ids[static_cast<std::size_t>(pick) % ids.size()];
  };
  auto reversed = [&](std::int64_t id) { return last.reversed.count(id) != 0; };
  what = nameOf(op.kind);

  switch (op.kind) {
    case OpKind::kEncounter: {
      const std::size_t p = static_cast<std::size_t>(op.pick) % c.patients.size();
      const bool fromVisit = op.from == 0;
      const bool finalize = op.sizing != 5;
      bill::NewEncounter req;
      Encounter& e = req.encounter;
      e.patientId = c.patients[p];
      if (fromVisit) {
        e.appointmentId = c.visits[p];
      } else {
        e.providerId = provider_;
        e.locationId = location_;
        req.dateOfService = now.utcDate().plusDays(-(op.pick % 90));
      }
      e.diagnoses = {"E11.9", "I10"};
      static const char* kCodes[] = {"99213", "83036", "36415", "99214"};
      const int count = 1 + op.to % 3;
      for (int k = 0; k < count; ++k) {
        ChargeLine l;
        l.code = kCodes[(op.variant + k) % 4];
        l.diagnosisPointers = {1};
        l.charge = cents(op.amount + 1000 * k);
        e.lines.push_back(l);
      }
      what += " of patient " + std::to_string(p) + (fromVisit ? " from the visit" : "") + ", " +
              std::to_string(count) + " lines from " + std::to_string(op.amount) + "c" +
              (finalize ? ", finalized" : ", left open");
      bool visitTaken = false;
      for (const auto& [id, enc] : last.encounters) {
        visitTaken = visitTaken || (fromVisit && enc.appointmentId == c.visits[p] &&
                                    enc.status != EncounterStatus::kVoided);
      }
      // Billed to the patient from a visit, the visit's co-pays are applied as well.
      want = visitTaken ? refusal(ErrorCode::kConflict)
                        : acceptance(!finalize                    ? 0
                                     : fromVisit && !c.insured[p] ? -1
                                                                  : count);
      std::optional<bill::FinalizeResult> done;
      Status s = db_->write([&](Repositories& r) -> Status {
        auto created = bill::createEncounter(r, zones_, now, org_, req);
        if (!created) return created.error();
        if (!finalize) return {};
        auto fin =
            bill::finalizeEncounter(r, now, org_, created->encounter.id, std::nullopt, kUser);
        if (!fin) return fin.error();
        done = *fin;
        return {};
      });
      if (done) {
        const R expected = c.insured[p] ? R::kPrimary : R::kPatient;
        if (done->billedTo != expected) odd = "billed to " + std::string(toString(done->billedTo));
      }
      if (done && fromVisit && !c.insured[p]) {
        // The visit's co-pays pay its charges as far as they go.
        Status read = db_->read([&](Repositories& r) -> Status {
          Money credit, owed;
          for (const auto& pay : r.payments().list(org_, e.patientId, c.visits[p], 1000)) {
            credit = credit + pay.unallocated;
          }
          for (const auto& entry : done->entries) {
            if (entry.kind != EntryKind::kCharge) continue;
            if (auto line = r.ledger().line(org_, entry.lineId))
              owed = owed + line->balance.patient();
          }
          if (credit.cents() != 0 && owed.cents() != 0) {
            odd = "the visit's co-pays were not applied to its charges";
          }
          return {};
        });
        if (!read.ok()) odd = read.error().message;
      }
      return s;
    }

    case OpKind::kFinalize: {
      if (encounters.empty()) return std::nullopt;
      const auto& enc = last.encounters.at(pickOf(encounters, op.pick));
      what += " encounter " + std::to_string(enc.id.value);
      const bool open = enc.status == EncounterStatus::kOpen;
      const auto p = static_cast<std::size_t>(
          std::find(c.patients.begin(), c.patients.end(), enc.patientId) - c.patients.begin());
      want = open ? acceptance(enc.appointmentId.valid() && !c.insured.at(p)
                                   ? -1
                                   : static_cast<int>(enc.lines.size()))
                  : refusal(ErrorCode::kConflict);
      return db_->write([&](Repositories& r) -> Status {
        auto fin = bill::finalizeEncounter(r, now, org_, enc.id, std::nullopt, kUser);
        return fin ? Status{} : Status(fin.error());
      });
    }

    case OpKind::kCorrect: {
      std::vector<std::int64_t> finalized;
      for (const auto& [id, enc] : last.encounters) {
        if (enc.status == EncounterStatus::kFinalized) finalized.push_back(id);
      }
      if (finalized.empty()) return std::nullopt;
      const auto& enc = last.encounters.at(pickOf(finalized, op.pick));
      Encounter corrected = enc;
      const std::size_t target = static_cast<std::size_t>(op.from) % enc.lines.size();
      const auto targetId = enc.lines[target].id;
      // A line is replaced (its charge reversed) only when, postings reversed and their
      // reversals aside, nothing but its charge stands on it.
      int charges = 0, others = 0;
      for (const auto& e : last.ofLine.at(targetId.value)) {
        if (e.kind == EntryKind::kReversal || reversed(e.id.value)) continue;
        ++(e.kind == EntryKind::kCharge ? charges : others);
      }
      const bool replaceable = others == 0 && charges <= 1;
      what += " encounter " + std::to_string(enc.id.value);
      if (op.variant <= 1) {
        what += ": line " + std::to_string(targetId.value) + " charged 1.00 more";
        corrected.lines[target].charge = corrected.lines[target].charge + cents(100);
        want = replaceable ? acceptance(charges + 1) : refusal(ErrorCode::kConflict);
      } else if (op.variant == 2) {
        what += ": a line added";
        ChargeLine l;
        l.code = "85025";
        l.diagnosisPointers = {2};
        l.charge = cents(op.amount);
        corrected.lines.push_back(l);
        want = acceptance(1);
      } else {
        what += ": line " + std::to_string(targetId.value) + " removed";
        corrected.lines.erase(corrected.lines.begin() + static_cast<std::ptrdiff_t>(target));
        want = corrected.lines.empty() ? refusal(ErrorCode::kInvalid)
               : replaceable           ? acceptance(charges)
                                       : refusal(ErrorCode::kConflict);
      }
      return db_->write([&](Repositories& r) -> Status {
        auto fixed = bill::correctEncounter(r, now, org_, corrected, std::nullopt, kUser);
        return fixed ? Status{} : Status(fixed.error());
      });
    }

    case OpKind::kInsurancePayment:
    case OpKind::kContractual:
    case OpKind::kWriteOff:
    case OpKind::kTransfer: {
      if (lines.empty()) return std::nullopt;
      const auto kind = op.kind == OpKind::kInsurancePayment ? EntryKind::kInsurancePayment
                        : op.kind == OpKind::kContractual    ? EntryKind::kContractualAdjustment
                        : op.kind == OpKind::kWriteOff       ? EntryKind::kWriteOff
                                                             : EntryKind::kTransfer;
      const bool insuranceOnly =
          kind == EntryKind::kInsurancePayment || kind == EntryKind::kContractualAdjustment;
      // Mostly a line that owes something (to an insurance, for insurance money); now and then
      // any line (open, replaced, paid off).
      const auto& candidates = insuranceOnly ? insuranceOwing : owing;
      const auto& line = last.lines.at(
          pickOf(op.variant == 3 || candidates.empty() ? lines : candidates, op.pick));
      LedgerEntry e;
      e.lineId = line.id;
      e.kind = kind;
      // Mostly from the place that owes most (the insurance that does, for insurance money);
      // now and then from the primary (the secondary, for insurance money) or from any place
      // (the patient: a shape insurance money refuses).
      std::size_t richest = 0;
      for (std::size_t k = 1; k < (insuranceOnly ? 3 : kResponsibilities); ++k) {
        if (line.balance.owed[k] > line.balance.owed[richest]) richest = k;
      }
      const std::size_t from = op.from <= 2      ? richest
                               : op.variant <= 1 ? (insuranceOnly ? 1 : 0)
                                                 : static_cast<std::size_t>(op.to);
      e.from = static_cast<R>(from);
      if (e.kind == EntryKind::kTransfer) {
        // To another place, or (variant 2, now and then) to the same one: a refused shape.
        const auto to = static_cast<std::size_t>(op.to);
        e.to = static_cast<R>(to == from && op.variant != 2 ? (from + 1) % kResponsibilities : to);
      }
      e.amount = sized(op, line.balance.of(*e.from));
      e.reason = e.kind == EntryKind::kContractualAdjustment ? "CO-45" : "property test";
      what += " " + std::to_string(e.amount.cents()) + "c on line " +
              std::to_string(line.id.value) + " (" + line.status + " " + show(line.balance) +
              ") from " + std::string(toString(*e.from)) +
              (e.to ? " to " + std::string(toString(*e.to)) : "");
      LedgerEntry candidate = e;
      candidate.accountId = line.accountId;
      want = modelVerdict(last.model, candidate);
      return db_->write([&](Repositories& r) -> Status {
        auto posted = bill::postEntry(r, now, org_, e, kUser);
        return posted ? Status{} : Status(posted.error());
      });
    }

    case OpKind::kPayment: {
      const std::size_t p = static_cast<std::size_t>(op.pick) % c.patients.size();
      Payment pay;
      pay.patientId = c.patients[p];
      pay.amount = cents(op.amount);
      pay.method = PaymentMethod::kCash;
      pay.kind = "patient_payment";
      app::scheduling::PaymentPosting posting;
      int variant = op.variant;
      if (variant == 3 && lines.empty()) variant = 2;
      Money allocated;
      what += " of " + std::to_string(op.amount) + "c by patient " + std::to_string(p);
      switch (variant) {
        case 0:
          pay.kind = "copay";
          pay.appointmentId = c.visits[p];
          what += ", a co-pay for the visit";
          want = acceptance(1);
          break;
        case 1:
          what += ", oldest first";
          want = acceptance(-1);
          break;
        case 2:
          posting.mode = bill::AllocationMode::kNone;
          what += ", on account";
          want = acceptance(1);
          break;
        default: {
          const auto& line = last.lines.at(
              pickOf(op.from == 0 || patientOwing.empty() ? lines : patientOwing, op.pick / 2));
          const Money owed = line.balance.patient();
          allocated = op.sizing == 0   ? owed
                      : op.sizing == 1 ? owed + cents(1)
                      : op.sizing < 5  ? std::min(owed.cents() > 0 ? owed : pay.amount,
                                                 cents(std::max<std::int64_t>(1, op.amount / 2)))
                                      : pay.amount;
          posting.manual.push_back({line.id, allocated, {}});
          what += ", " + std::to_string(allocated.cents()) + "c by hand to line " +
                  std::to_string(line.id.value) + " (patient owes " + std::to_string(owed.cents()) +
                  ")";
          const bool fits = allocated.cents() > 0 && allocated <= owed && allocated <= pay.amount;
          want = fits ? acceptance(2) : refusal(ErrorCode::kInvalid);
        }
      }
      std::optional<Payment> taken;
      Status s = db_->write([&](Repositories& r) -> Status {
        auto paid = app::scheduling::collectPayment(r, now, org_, pay, kUser, posting);
        if (!paid) return paid.error();
        taken = *paid;
        return {};
      });
      if (taken) {
        if (!taken->posted) odd = "the payment is not posted";
        if ((variant == 0 || variant == 2) && taken->unallocated != pay.amount) {
          odd = "a payment kept on account was allocated";
        }
        if (variant == 3 && taken->unallocated != pay.amount - allocated) {
          odd = "the payment allocated other than asked";
        }
        if (variant == 1 && taken->unallocated.cents() > 0) {
          // Oldest first leaves money over only when the patient owes nothing more.
          Money owed;
          Status read = db_->read([&](Repositories& r) -> Status {
            owed = r.accounts().balance(org_, taken->accountId).patient;
            return {};
          });
          if (!read.ok() || owed.cents() != 0) odd = "credit left while the patient owes";
        }
      }
      return s;
    }

    case OpKind::kAllocate: {
      if (!last.account.valid()) return std::nullopt;
      if (op.variant == 0 || lines.empty()) {
        what += " automatically";
        want = acceptance(-1);
        Status s = db_->write([&](Repositories& r) -> Status {
          auto done = bill::allocate(r, now, org_, last.account, {}, kUser);
          return done ? Status{} : Status(done.error());
        });
        if (s.ok()) {
          Status read = db_->read([&](Repositories& r) -> Status {
            auto b = r.accounts().balance(org_, last.account);
            if (b.credit.cents() != 0 && b.patient.cents() != 0) {
              odd = "automatic allocation left credit while the patient owes";
            }
            return {};
          });
          if (!read.ok()) odd = read.error().message;
        }
        return s;
      }
      const auto& line = last.lines.at(
          pickOf(op.from == 0 || patientOwing.empty() ? lines : patientOwing, op.pick / 3));
      const Money owed = line.balance.patient();
      bill::ManualAllocation m{line.id, sized(op, owed), {}};
      Money available = last.balance.credit;
      if (op.variant >= 2 && !payments.empty()) {
        m.payment = PaymentId(pickOf(payments, op.pick));
        available = last.payments.at(m.payment.value).unallocated;
      }
      what += " " + std::to_string(m.amount.cents()) + "c by hand to line " +
              std::to_string(line.id.value) + " (patient owes " + std::to_string(owed.cents()) +
              ") from " +
              (m.payment.valid() ? "payment " + std::to_string(m.payment.value) : "any payment") +
              " (" + std::to_string(available.cents()) + "c free)";
      const bool fits = m.amount.cents() > 0 && m.amount <= owed && m.amount <= available;
      want = fits ? acceptance(m.payment.valid() ? 1 : -1) : refusal(ErrorCode::kInvalid);
      return db_->write([&](Repositories& r) -> Status {
        auto done = bill::allocate(r, now, org_, last.account, {m}, kUser);
        return done ? Status{} : Status(done.error());
      });
    }

    case OpKind::kRefund: {
      if (payments.empty()) return std::nullopt;
      const auto& pay = last.payments.at(pickOf(payments, op.pick));
      const Money amount = sized(op, pay.unallocated);
      what += " " + std::to_string(amount.cents()) + "c of payment " +
              std::to_string(pay.id.value) + " (" + std::to_string(pay.unallocated.cents()) +
              "c free)";
      want = amount.cents() > 0 && amount <= pay.unallocated ? acceptance(1)
                                                             : refusal(ErrorCode::kInvalid);
      return db_->write([&](Repositories& r) -> Status {
        auto done = bill::refund(r, now, org_, pay.id, amount, "property test", kUser);
        return done ? Status{} : Status(done.error());
      });
    }

    case OpKind::kReverseEntry: {
      if (last.entries.empty()) return std::nullopt;
      const auto& o = last.entries[static_cast<std::size_t>(op.pick) % last.entries.size()];
      LedgerEntry rev;
      rev.kind = EntryKind::kReversal;
      rev.reverses = o.id;
      rev.reason = "property test";
      if (op.sizing == 1) rev.amount = o.amount + cents(1);
      if (op.sizing == 2) rev.amount = o.amount;
      what += " " + show(o) + (op.sizing == 1 ? " with the wrong amount" : "");
      if (o.kind == EntryKind::kReversal || reversed(o.id.value)) {
        want = refusal(ErrorCode::kConflict);
      } else if (op.sizing == 1) {
        want = refusal(ErrorCode::kInvalid);
      } else {
        LedgerEntry candidate = rev;
        candidate.accountId = o.accountId;
        candidate.amount = o.amount;
        want = modelVerdict(last.model, candidate);
        // The model keeps the account's credit; storage keeps each payment's part of it too.
        const Money credit = -o.effect.creditDelta;
        if (want.ok && o.paymentId.valid() &&
            (last.payments.at(o.paymentId.value).unallocated + credit).cents() < 0) {
          want = refusal(ErrorCode::kInvalid);
        }
      }
      return db_->write([&](Repositories& r) -> Status {
        auto done = bill::postEntry(r, now, org_, rev, kUser);
        return done ? Status{} : Status(done.error());
      });
    }

    case OpKind::kReversePayment: {
      if (payments.empty()) return std::nullopt;
      const auto& pay = last.payments.at(pickOf(payments, op.pick));
      what += " " + std::to_string(pay.id.value);
      bool refunded = false;
      int undone = 0;
      for (const auto& e : last.ofPayment.at(pay.id.value)) {
        if (e.kind == EntryKind::kReversal || reversed(e.id.value)) continue;
        refunded = refunded || e.kind == EntryKind::kRefund;
        ++undone;
      }
      want = refunded ? refusal(ErrorCode::kConflict)
             : undone ? acceptance(undone)
                      : refusal(ErrorCode::kConflict);
      Status s = db_->write([&](Repositories& r) -> Status {
        auto done = bill::reversePayment(r, now, org_, pay.id, "bounced check", kUser);
        return done ? Status{} : Status(done.error());
      });
      if (s.ok()) {
        Status read = db_->read([&](Repositories& r) -> Status {
          auto p = r.payments().get(org_, pay.id);
          if (!p || p->unallocated.cents() != 0) odd = "a reversed payment keeps money";
          for (const auto& e : r.ledger().ofPayment(org_, pay.id)) {
            if (e.kind != EntryKind::kReversal && !r.ledger().isReversed(org_, e.id)) {
              odd = "a reversed payment keeps entry " + show(e);
            }
          }
          return {};
        });
        if (!read.ok()) odd = read.error().message;
      }
      return s;
    }
  }
  return std::nullopt;
}

TEST_P(LedgerProp, StoredRunningBalancesAlwaysEqualTheSumsOfTheEntries) {
  const auto property = [this] {
    // Every case at full size (RapidCheck would start with tiny ones): 1 to kMaxOps operations
    // with picks and amounts drawn from their whole ranges.
    const int insured = *rc::gen::inRange(0, 4);
    const int count = *rc::gen::resize(kFullSize, rc::gen::inRange(1, kMaxOps + 1));
    const auto ops = *rc::gen::resize(
        kFullSize, rc::gen::container<std::vector<Op>>(static_cast<std::size_t>(count), genOp()));
    Case c = newCase(insured);
    runCase(c, ops);
  };
  const bool ok = checkBounded("ledger property on " + GetParam() + ": " + std::to_string(kCases) +
                                   " cases of up to " + std::to_string(kMaxOps) + " operations",
                               property);
  EXPECT_TRUE(ok);
  // The operations must really have been tried, and both accepted and refused.
  int tried = 0, accepted = 0;
  std::ostringstream table;
  for (std::size_t k = 0; k < kOpKinds; ++k) {
    tried += tried_[k];
    accepted += accepted_[k];
    table << "  " << kOpNames[k] << ": " << accepted_[k] << " of " << tried_[k] << " accepted\n";
  }
  std::cout << table.str();
  EXPECT_GT(accepted, tried / 4) << table.str();
  EXPECT_LT(accepted, tried) << table.str();
}

// ---- concurrency -----------------------------------------------------------------------------

/// Transactions refused for contention and tried again.
struct Contention {
  std::atomic<int> retries{0};
  std::mutex mutex;
  std::string last;  ///< why the last one was refused
};

/// Runs `attempt` until it is not refused for contention (SQLITE_BUSY, a serialization failure
/// or a deadlock: kUnavailable), as a client retries a 503.
template <class F>
Status withRetries(F&& attempt, Contention& contention) {
  for (int k = 0;; ++k) {
    Status s = attempt();
    if (s.ok() || s.error().code != ErrorCode::kUnavailable || k >= 200) return s;
    ++contention.retries;
    {
      std::lock_guard lock(contention.mutex);
      contention.last = s.error().message;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1 + k % 10));
  }
}

TEST_P(LedgerProp, ConcurrentPostingsToOneAccountLoseNothing) {
  const bool pg = GetParam() == "postgres";
  const int threads = pg ? 16 : 8;
  constexpr int kRounds = 6;
  constexpr int kLines = 16;
  constexpr std::int64_t kCharge = 6000;
  // One patient without insurance owes 16 lines of 60.00.
  const Debtor d = debtor("Concurrent", kLines, cents(kCharge));
  ASSERT_EQ(d.lines.size(), static_cast<std::size_t>(kLines));
  const PatientId patient = d.patient;
  const GuarantorAccountId account = d.account;
  const std::vector<ChargeLineId>& lines = d.lines;

  // Half the threads share this process's handle (SQLite: group commit, one savepoint per job);
  // the others each open the database again, as other processes would.
  std::vector<std::unique_ptr<storage::Database>> handles;
  for (int t = 0; t < threads; ++t) {
    handles.push_back(t % 2 == 0 ? nullptr : test::openAgain(GetParam(), name_));
  }
  std::atomic<std::int64_t> paid{0}, allocated{0}, writtenOff{0}, entries{0};
  std::atomic<int> refused{0}, staleAutomatic{0}, failures{0};
  Contention contention;
  std::mutex failureMutex;
  std::string failure;
  auto count = [&](const Status& s) {
    if (s.ok()) return true;
    if (s.error().code == ErrorCode::kInvalid) {
      ++refused;  // the line or the credit had not enough left: nothing was written
    } else {
      ++failures;
      std::lock_guard lock(failureMutex);
      failure = s.error().message;
    }
    return false;
  };
  const Instant now = clock_.now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      storage::Database& db = handles[static_cast<std::size_t>(t)]
                                  ? *handles[static_cast<std::size_t>(t)]
                                  : static_cast<storage::Database&>(*db_);
      for (int k = 0; k < kRounds; ++k) {
        // A payment kept as credit on the account.
        const Money amount = cents(3000 + t);
        if (count(withRetries([&] { return payOnAccount(db, patient, amount); }, contention))) {
          paid += amount.cents();
          ++entries;
        }
        // 25.00 of the credit, any payment's, to a line many threads aim at.
        const auto line = lines[static_cast<std::size_t>(t + k) % 4];
        std::int64_t moved = 0, made = 0;
        if (count(withRetries(
                [&] {
                  return db.write([&](Repositories& r) -> Status {
                    auto done =
                        bill::allocate(r, now, org_, account, {{line, cents(2500), {}}}, kUser);
                    if (!done) return done.error();
                    moved = 0;
                    made = static_cast<std::int64_t>(done->size());
                    for (const auto& e : *done) moved += e.amount.cents();
                    return {};
                  });
                },
                contention))) {
          allocated += moved;
          entries += made;
        }
        // A write-off of 7.00 of what the patient owes on another line.
        LedgerEntry off;
        off.kind = EntryKind::kWriteOff;
        off.lineId = lines[static_cast<std::size_t>(t * 3 + k) % kLines];
        off.from = R::kPatient;
        off.amount = cents(700);
        off.reason = "small balance";
        if (count(withRetries(
                [&] {
                  return db.write([&](Repositories& r) -> Status {
                    auto done = bill::postEntry(r, now, org_, off, kUser);
                    return done ? Status{} : Status(done.error());
                  });
                },
                contention))) {
          writtenOff += off.amount.cents();
          ++entries;
        }
        if (k % 2 == 1) {
          // Whatever credit is left, to the oldest lines: never refused, however many post at
          // once. (On PostgreSQL it used to read the credit and lines before locking anything,
          // and a posting committed in between left it short: refused as "more than there is".)
          const Status automatic = withRetries(
              [&] {
                return db.write([&](Repositories& r) -> Status {
                  auto done = bill::allocate(r, now, org_, account, {}, kUser);
                  if (!done) return done.error();
                  moved = 0;
                  made = static_cast<std::int64_t>(done->size());
                  for (const auto& e : *done) moved += e.amount.cents();
                  return {};
                });
              },
              contention);
          if (!automatic.ok() && automatic.error().code == ErrorCode::kInvalid) ++staleAutomatic;
          if (count(automatic)) {
            allocated += moved;
            entries += made;
          }
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  handles.clear();
  std::cout << "  " << threads << " threads: " << contention.retries.load() << " retries"
            << (contention.last.empty() ? "" : " (the last: " + contention.last + ")") << ", "
            << refused.load() << " refused for lack of money\n";
  EXPECT_EQ(failures.load(), 0) << failure;
  EXPECT_EQ(staleAutomatic.load(), 0) << "automatic allocations refused";
  EXPECT_GT(paid.load(), 0);
  EXPECT_GT(allocated.load(), 0);
  EXPECT_GT(writtenOff.load(), 0);

  Status checked = db_->read([&](Repositories& r) -> Status {
    auto mismatches = r.ledger().verify(org_);
    for (const auto& m : mismatches) {
      ADD_FAILURE() << m.what << " running " << m.running << " summed " << m.summed;
    }
    const auto b = r.accounts().balance(org_, account);
    const std::int64_t charges = kLines * kCharge;
    // Every posting that was answered ok is there, and nothing else.
    EXPECT_EQ(b.patient.cents(), charges - allocated.load() - writtenOff.load());
    EXPECT_EQ(b.credit.cents(), paid.load() - allocated.load());
    EXPECT_EQ(b.insurance.cents(), 0);
    EXPECT_EQ(b.entries, kLines + entries.load());
    std::int64_t owed = 0;
    for (auto id : lines) {
      auto l = r.ledger().line(org_, id);
      EXPECT_TRUE(l.has_value());
      if (!l) continue;
      for (const auto& m : l->balance.owed) EXPECT_GE(m.cents(), 0);
      owed += l->balance.total().cents();
    }
    EXPECT_EQ(owed, b.patient.cents());
    std::int64_t unallocated = 0;
    for (const auto& p : r.payments().list(org_, patient, {}, 10000)) {
      unallocated += p.unallocated.cents();
    }
    EXPECT_EQ(unallocated, b.credit.cents());
    return {};
  });
  EXPECT_TRUE(checked.ok()) << checked.error().message;
}

TEST_P(LedgerProp, TwoTransactionsCrossingOnOneAccountDoNotDeadlock) {
  // One transaction allocates credit to two lines of an account, another writes off part of the
  // second line meanwhile. Postings lock the account's balance row before the line's, so the
  // second transaction waits for the first and both succeed. (They used to lock the line first:
  // the write-off held line 2 and waited for the account, the allocation held the account and
  // waited for line 2, and PostgreSQL broke the deadlock after a second by failing one.)
  const Debtor d = debtor("Crossing", 2, cents(5000));
  ASSERT_EQ(d.lines.size(), 2u);
  ASSERT_TRUE(payOnAccount(*db_, d.patient, cents(4000)).ok());
  auto other = test::openAgain(GetParam(), name_);
  std::atomic<bool> firstPosted{false};
  Status first, second;
  std::thread allocating([&] {
    first = db_->write([&](Repositories& r) -> Status {
      auto one =
          bill::allocate(r, clock_.now(), org_, d.account, {{d.lines[0], cents(1000), {}}}, kUser);
      if (!one) return one.error();
      firstPosted = true;
      // Time for the write-off to start and wait.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      auto two =
          bill::allocate(r, clock_.now(), org_, d.account, {{d.lines[1], cents(1000), {}}}, kUser);
      return two ? Status{} : Status(two.error());
    });
  });
  while (!firstPosted) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  LedgerEntry off;
  off.kind = EntryKind::kWriteOff;
  off.lineId = d.lines[1];
  off.from = R::kPatient;
  off.amount = cents(500);
  off.reason = "small balance";
  second = other->write([&](Repositories& r) -> Status {
    auto done = bill::postEntry(r, clock_.now(), org_, off, kUser);
    return done ? Status{} : Status(done.error());
  });
  allocating.join();
  EXPECT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(second.ok()) << second.error().message;
  Status checked = db_->read([&](Repositories& r) -> Status {
    EXPECT_TRUE(r.ledger().verify(org_).empty());
    const auto b = r.accounts().balance(org_, d.account);
    EXPECT_EQ(b.patient, cents(10000 - (first.ok() ? 2000 : 0) - (second.ok() ? 500 : 0)));
    EXPECT_EQ(b.credit, cents(4000 - (first.ok() ? 2000 : 0)));
    return {};
  });
  EXPECT_TRUE(checked.ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerProp, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
