// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/remittances/posting.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace medoffice::domain::remittances {

namespace {

/// Contractual reasons: the payer's fee schedule or contract, written off, never billed on.
constexpr std::array<std::string_view, 9> kContractual = {"45",  "42",  "59",  "104", "131",
                                                          "144", "237", "253", "A2"};

/// The SVC amounts that landed on one of our lines.
struct LineAmounts {
  Money paid;
  std::vector<Adjustment> adjustments;
  std::vector<std::string> remarks;
  bool answered = false;
};

/// Amounts keyed by reason, in the order the reasons first appear.
struct ByReason {
  std::vector<std::pair<std::string, Money>> items;
  void add(const std::string& key, Money m) {
    for (auto& [k, v] : items) {
      if (k == key) {
        v = v + m;
        return;
      }
    }
    items.emplace_back(key, m);
  }
  [[nodiscard]] Money total() const {
    Money t;
    for (const auto& [k, v] : items) t = t + v;
    return t;
  }
};

struct DenialKey {
  std::string group, carc;
  Money amount;
};

/// What posting does with one line: computed from its amounts, then claim-level ones added.
struct LinePlan {
  Money paid;
  ByReason contractual;  // "CO-45"
  ByReason transfers;    // "PR-1"
  std::vector<DenialKey> denials;
  std::vector<std::string> remarks;
  Money capacity;  // what it still owes at the place after all of the above
};

std::string describe(const AdjudicatedLine& l, std::size_t index) {
  std::string s = "line " + std::to_string(index + 1) + " (" + l.code;
  for (const auto& m : l.modifiers) s += ":" + m;
  if (!l.lineControlNumber.empty()) s += ", REF*6R '" + l.lineControlNumber + "'";
  return s + ", charge " + l.charge.toString() + ")";
}

std::string describe(const TargetLine& l) {
  std::string s = "our line L" + std::to_string(l.id.value) + " (" + l.code;
  for (const auto& m : l.modifiers) s += ":" + m;
  return s + ")";
}

/// Our line id in a REF*6R we wrote ("L42"); unset for anything else.
ChargeLineId lineOf(const std::string& lcn) {
  if (lcn.size() < 2 || lcn.size() > 19 || lcn[0] != 'L') return {};
  std::int64_t v = 0;
  for (std::size_t i = 1; i < lcn.size(); ++i) {
    if (lcn[i] < '0' || lcn[i] > '9') return {};
    v = v * 10 + (lcn[i] - '0');
  }
  return ChargeLineId(v);
}

bool sameModifiers(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

/// Every modifier the payer sent is one we billed (it may have dropped some).
bool modifiersWithin(const std::vector<std::string>& theirs, const std::vector<std::string>& ours) {
  return std::all_of(theirs.begin(), theirs.end(), [&](const std::string& m) {
    return std::find(ours.begin(), ours.end(), m) != ours.end();
  });
}

__extension__ typedef __int128 Wide;  // a product of two amounts of up to 2^53 cents

/// `amount` shared in proportion to `weights` (all positive): each share rounded toward zero,
/// the remainder to the last (or, without `remainderToLast`, left for the caller to place).
std::vector<Money> share(Money amount, const std::vector<Money>& weights,
                         bool remainderToLast = true) {
  Wide total = 0;
  for (const auto& w : weights) total += w.cents();
  std::vector<Money> out;
  Money given;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    if (k + 1 == weights.size() && remainderToLast) {
      out.push_back(amount - given);
      break;
    }
    const auto part =
        static_cast<std::int64_t>(static_cast<Wide>(amount.cents()) * weights[k].cents() / total);
    out.push_back(Money::fromCents(part));
    given = given + out.back();
  }
  return out;
}

}  // namespace

bool isContractual(std::string_view group, std::string_view reason) {
  if (group != "CO" && group != "PI") return false;
  return std::find(kContractual.begin(), kContractual.end(), reason) != kContractual.end();
}

bool isInformational(std::string_view group, std::string_view reason, Money amount) {
  return group == "OA" && (reason == "23" || amount.cents() < 0);
}

std::string_view toString(Outcome o) {
  switch (o) {
    case Outcome::kPaid:
      return "paid";
    case Outcome::kPartiallyPaid:
      return "partially_paid";
    case Outcome::kDenied:
      return "denied";
  }
  return "paid";
}

std::string_view toString(MatchKind k) {
  switch (k) {
    case MatchKind::kControlNumber:
      return "control_number";
    case MatchKind::kCodeModifiers:
      return "code_modifiers";
    case MatchKind::kCodeCharge:
      return "code_charge";
    case MatchKind::kCode:
      return "code";
    case MatchKind::kBundle:
      return "bundle";
    case MatchKind::kSplit:
      return "split";
  }
  return "code";
}

ClaimPlan planClaim(const AdjudicatedClaim& claim, const PostingTarget& target) {
  ClaimPlan plan;
  auto refuse = [&plan](std::string why) {
    plan = ClaimPlan{};
    plan.reason = std::move(why);
    return plan;
  };
  const auto& lines = target.lines;
  const std::size_t place = static_cast<std::size_t>(target.place);
  if (lines.empty()) return refuse("the claim has no lines left to post to");
  if (claim.isReversal()) return refuse("a reversal undoes stored entries; it is not planned");

  // 1. Each SVC to our lines.
  std::vector<LineAmounts> amounts(lines.size());
  std::vector<bool> bySix(lines.size(), false);  // taken by REF*6R or a match below
  auto add = [&](std::size_t j, const AdjudicatedLine& svc, Money paid,
                 const std::vector<Adjustment>& adjustments) {
    amounts[j].paid = amounts[j].paid + paid;
    amounts[j].adjustments.insert(amounts[j].adjustments.end(), adjustments.begin(),
                                  adjustments.end());
    amounts[j].remarks.insert(amounts[j].remarks.end(), svc.remarks.begin(), svc.remarks.end());
    amounts[j].answered = true;
    bySix[j] = true;
  };
  std::vector<bool> matched(claim.lines.size(), false);
  for (std::size_t i = 0; i < claim.lines.size(); ++i) {
    const auto& svc = claim.lines[i];
    if (svc.paid.cents() < 0) {
      return refuse(describe(svc, i) + " pays a negative amount outside a reversal (CLP02 22)");
    }
    const ChargeLineId id = lineOf(svc.lineControlNumber);
    if (!id.valid()) continue;
    for (std::size_t j = 0; j < lines.size(); ++j) {
      if (lines[j].id == id) {
        add(j, svc, svc.paid, svc.adjustments);
        matched[i] = true;
        plan.matches.push_back({i, {id}, "REF*6R", MatchKind::kControlNumber});
        break;
      }
    }
  }
  using Test = bool (*)(const AdjudicatedLine&, const TargetLine&);
  struct Pass {
    Test first;
    std::string_view second;
    MatchKind kind;
  };
  auto run = [&](const Pass& pass) {
    for (std::size_t i = 0; i < claim.lines.size(); ++i) {
      if (matched[i]) continue;
      for (std::size_t j = 0; j < lines.size(); ++j) {
        if (bySix[j] || !pass.first(claim.lines[i], lines[j])) continue;
        add(j, claim.lines[i], claim.lines[i].paid, claim.lines[i].adjustments);
        matched[i] = true;
        plan.matches.push_back({i, {lines[j].id}, std::string(pass.second), pass.kind});
        break;
      }
    }
  };
  static const std::array<Pass, 3> close = {{
      {[](const AdjudicatedLine& s, const TargetLine& l) {
         return s.code == l.code && sameModifiers(s.modifiers, l.modifiers) &&
                s.unitsMilli == l.units * 1000 &&
                (!s.serviceDate || !l.serviceDate || *s.serviceDate == *l.serviceDate);
       },
       "code, modifiers, units and date", MatchKind::kCodeModifiers},
      {[](const AdjudicatedLine& s, const TargetLine& l) {
         return s.code == l.code && sameModifiers(s.modifiers, l.modifiers);
       },
       "code and modifiers", MatchKind::kCodeModifiers},
      {[](const AdjudicatedLine& s, const TargetLine& l) {
         return s.code == l.code && modifiersWithin(s.modifiers, l.modifiers);
       },
       "code (the payer dropped a modifier)", MatchKind::kCodeModifiers},
  }};
  static const std::array<Pass, 2> loose = {{
      {[](const AdjudicatedLine& s, const TargetLine& l) {
         return s.code == l.code && s.charge == l.charge;
       },
       "code and charge", MatchKind::kCodeCharge},
      {[](const AdjudicatedLine& s, const TargetLine& l) { return s.code == l.code; }, "code",
       MatchKind::kCode},
  }};
  for (const auto& pass : close) run(pass);
  for (std::size_t i = 0; i < claim.lines.size(); ++i) {
    if (matched[i]) continue;
    const auto& svc = claim.lines[i];
    // Bundled: one SVC for several of our lines of its code, charged their sum.
    std::vector<std::size_t> group;
    std::vector<Money> weights;
    Money sum;
    for (std::size_t j = 0; j < lines.size(); ++j) {
      if (bySix[j] || lines[j].code != svc.code) continue;
      group.push_back(j);
      weights.push_back(lines[j].charge);
      sum = sum + lines[j].charge;
    }
    if (group.size() >= 2 && sum == svc.charge) {
      // Each amount (the payment, then each adjustment) in proportion to the lines' charges,
      // then the cents left by rounding to the lines with room, so each line takes exactly its
      // charge.
      std::vector<Money> items{svc.paid};
      for (const auto& a : svc.adjustments) items.push_back(a.amount);
      std::vector<std::vector<Money>> parts;
      std::vector<Money> room = weights;
      for (const auto& item : items) {
        parts.push_back(share(item, weights, /*remainderToLast=*/false));
        for (std::size_t k = 0; k < group.size(); ++k) room[k] = room[k] - parts.back()[k];
      }
      for (std::size_t n = 0; n < items.size(); ++n) {
        Money left = items[n];
        for (const auto& p : parts[n]) left = left - p;
        for (std::size_t k = 0; k < group.size() && left.cents() != 0; ++k) {
          const Money give = left.cents() < 0 || k + 1 == group.size()
                                 ? left
                                 : std::min(left, std::max(room[k], Money{}));
          parts[n][k] = parts[n][k] + give;
          room[k] = room[k] - give;
          left = left - give;
        }
      }
      const auto& paid = parts[0];
      std::vector<std::vector<Adjustment>> adj(group.size());
      for (std::size_t n = 1; n < items.size(); ++n) {
        const auto& a = svc.adjustments[n - 1];
        for (std::size_t k = 0; k < group.size(); ++k) {
          adj[k].push_back({a.group, a.reason, parts[n][k]});
        }
      }
      LineMatch m{i, {}, "code (one payer line for several of ours)", MatchKind::kBundle};
      for (std::size_t k = 0; k < group.size(); ++k) {
        add(group[k], svc, paid[k], adj[k]);
        m.lines.push_back(lines[group[k]].id);
      }
      matched[i] = true;
      plan.matches.push_back(std::move(m));
      continue;
    }
  }
  for (const auto& pass : loose) run(pass);
  for (std::size_t i = 0; i < claim.lines.size(); ++i) {
    if (matched[i]) continue;
    const auto& svc = claim.lines[i];
    // Split: a further SVC for a line already answered (the payer split its units).
    for (std::size_t j = 0; j < lines.size(); ++j) {
      if (lines[j].code != svc.code || !amounts[j].answered) continue;
      add(j, svc, svc.paid, svc.adjustments);
      matched[i] = true;
      plan.matches.push_back(
          {i, {lines[j].id}, "code (the payer split our line)", MatchKind::kSplit});
      break;
    }
    if (!matched[i]) return refuse(describe(svc, i) + " matches none of the claim's lines");
  }

  // 2. Line-level amounts by kind, each line within what it owes at the place.
  std::vector<LinePlan> planned(lines.size());
  for (std::size_t j = 0; j < lines.size(); ++j) {
    auto& p = planned[j];
    const Money owed = lines[j].balance.owed[place];
    p.paid = amounts[j].paid;
    p.remarks = amounts[j].remarks;
    p.remarks.insert(p.remarks.end(), claim.remarks.begin(), claim.remarks.end());
    Money deniedAsked;
    for (const auto& a : amounts[j].adjustments) {
      if (isInformational(a.group, a.reason, a.amount) || a.amount.cents() == 0) continue;
      const std::string key = a.group + "-" + a.reason;
      if (a.amount.cents() < 0) {
        return refuse(describe(lines[j]) + " has a negative " + key + " adjustment of " +
                      a.amount.toString() + "; post it by hand");
      }
      if (a.group == "PR") {
        p.transfers.add(key, a.amount);
      } else if (isContractual(a.group, a.reason)) {
        p.contractual.add(key, a.amount);
      } else {
        p.denials.push_back({a.group, a.reason, a.amount});
        deniedAsked = deniedAsked + a.amount;
      }
    }
    const Money taken = p.paid + p.contractual.total() + p.transfers.total();
    if (taken > owed) {
      return refuse(describe(lines[j]) + " owes " + owed.toString() + " at " +
                    std::string(toString(target.place)) + ", but the remittance takes " +
                    taken.toString() + " from it (paid " + p.paid.toString() + ", adjusted " +
                    p.contractual.total().toString() + ", patient responsibility " +
                    p.transfers.total().toString() + ")");
    }
    // A denial reports money at stake; it cannot be more than the line still owes here.
    Money room = owed - taken;
    for (auto& d : p.denials) {
      d.amount = std::min(d.amount, room);
      room = room - d.amount;
    }
    p.capacity = room;
  }

  // 3. Claim-level amounts, in order, each line up to what it still owes.
  struct ClaimItem {
    std::string group, reason;
    Money amount;
    bool payment = false;
  };
  std::vector<ClaimItem> items;
  if (claim.lines.empty()) {
    if (claim.paid.cents() < 0)
      return refuse("the claim pays a negative amount outside a reversal");
    if (claim.paid.cents() > 0) items.push_back({"", "", claim.paid, true});
  }
  for (const auto& a : claim.adjustments) {
    if (isInformational(a.group, a.reason, a.amount) || a.amount.cents() == 0) continue;
    if (a.amount.cents() < 0) {
      return refuse("the claim has a negative " + a.group + "-" + a.reason + " adjustment of " +
                    a.amount.toString() + "; post it by hand");
    }
    items.push_back({a.group, a.reason, a.amount, false});
  }
  for (const auto& item : items) {
    Money left = item.amount;
    const bool denial =
        !item.payment && item.group != "PR" && !isContractual(item.group, item.reason);
    const std::string key = item.group + "-" + item.reason;
    auto apply = [&](LinePlan& p, Money take) {
      if (item.payment) {
        p.paid = p.paid + take;
      } else if (item.group == "PR") {
        p.transfers.add(key, take);
      } else if (!denial) {
        p.contractual.add(key, take);
      } else {
        p.denials.push_back({item.group, item.reason, take});
      }
    };
    // CLP04 = Σ SVC03 − Σ claim CAS: a claim-level adjustment first comes out of what the lines
    // say they paid, then out of what they still owe.
    if (!item.payment && !claim.lines.empty()) {
      for (std::size_t j = 0; j < lines.size() && left.cents() > 0; ++j) {
        auto& p = planned[j];
        const Money take = std::min(left, p.paid);
        if (take.cents() == 0) continue;
        p.paid = p.paid - take;
        apply(p, take);
        left = left - take;
      }
    }
    for (std::size_t j = 0; j < lines.size() && left.cents() > 0; ++j) {
      auto& p = planned[j];
      const Money take = std::min(left, p.capacity);
      if (take.cents() == 0) continue;
      apply(p, take);
      p.capacity = p.capacity - take;
      left = left - take;
    }
    if (left.cents() > 0 && !denial) {
      return refuse("the claim's " + (item.payment ? std::string("payment") : key) + " of " +
                    item.amount.toString() + " is more than its lines still owe at " +
                    std::string(toString(target.place)) + " (" + left.toString() + " left over)");
    }
  }
  {
    Money paid;
    for (const auto& p : planned) paid = paid + p.paid;
    if (paid != claim.paid) {
      return refuse("the lines' payments come to " + paid.toString() +
                    " after the claim's "
                    "adjustments, but CLP04 says " +
                    claim.paid.toString());
    }
  }

  // 4. The entries, line by line: the payment, the adjustments, the transfers.
  for (std::size_t j = 0; j < lines.size(); ++j) {
    const auto& p = planned[j];
    const ChargeLineId id = lines[j].id;
    if (p.paid.cents() > 0) {
      plan.entries.push_back({id, EntryKind::kInsurancePayment, p.paid, target.place, {}, ""});
      plan.paid = plan.paid + p.paid;
    }
    for (const auto& [key, m] : p.contractual.items) {
      plan.entries.push_back({id, EntryKind::kContractualAdjustment, m, target.place, {}, key});
      plan.contractual = plan.contractual + m;
    }
    for (const auto& [key, m] : p.transfers.items) {
      plan.entries.push_back({id, EntryKind::kTransfer, m, target.place, target.next, key});
      plan.transferred = plan.transferred + m;
    }
    for (const auto& d : p.denials) {
      if (d.amount.cents() == 0) continue;
      plan.denials.push_back({id, d.group, d.carc, p.remarks, d.amount});
      plan.denied = plan.denied + d.amount;
    }
    if (!amounts[j].answered && !claim.lines.empty()) {
      plan.notes.push_back(describe(lines[j]) + " was not in the remittance; it stays owed at " +
                           std::string(toString(target.place)));
    }
  }
  // A claim the payer did not recognise (CLP02 4) with nothing else said is denied whole.
  if (claim.status == "4" && plan.denials.empty() && plan.paid.cents() == 0) {
    for (std::size_t j = 0; j < lines.size(); ++j) {
      if (planned[j].capacity.cents() == 0) continue;
      plan.denials.push_back({lines[j].id, "OA", "", claim.remarks, planned[j].capacity});
      plan.denied = plan.denied + planned[j].capacity;
    }
    plan.notes.push_back("the payer did not recognise the patient (CLP02 4)");
  }
  if (plan.paid.cents() == 0 && (!plan.denials.empty() || claim.status == "4")) {
    plan.outcome = Outcome::kDenied;
  } else if (!plan.denials.empty()) {
    plan.outcome = Outcome::kPartiallyPaid;
  } else {
    plan.outcome = Outcome::kPaid;
  }
  plan.postable = true;
  return plan;
}

}  // namespace medoffice::domain::remittances
