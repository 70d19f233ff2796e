// SPDX-License-Identifier: AGPL-3.0-or-later
// The scrubber's coordination-of-benefits checks (issue 17, point 4; X12-NOTES §2.8 and §6
// R-COB-2/R-COB-3): a claim to a secondary or tertiary payer must say what each earlier payer
// did, and say it so that the receiving payer's balancing accepts it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/claims/scrubber_internal.hpp"

namespace medoffice::domain::claims::scrubbing {

namespace {

int rankOf(PayerResponsibility r) {
  return static_cast<int>(r);
}

std::string_view rankWord(PayerResponsibility r) {
  switch (r) {
    case PayerResponsibility::kSecondary:
      return "secondary";
    case PayerResponsibility::kTertiary:
      return "tertiary";
    case PayerResponsibility::kPrimary:
      break;
  }
  return "primary";
}

std::string payerLabel(const OtherPayer& o) {
  std::string out = "the " + std::string(rankWord(o.responsibility)) + " payer";
  if (!blank(o.payerName)) out += " " + shown(o.payerName);
  return out;
}

bool isEarlier(const OtherPayer& o, const Claim& c) {
  return rankOf(o.responsibility) < rankOf(c.subscriber.responsibility);
}

/// An exact sum of cents that remembers when it no longer fits in 64 bits (the amounts of a
/// claim read from anywhere can be anything; such a sum never balances).
class Total {
 public:
  void add(Money m) {
    if (overflow_) return;
    overflow_ = __builtin_add_overflow(cents_, m.cents(), &cents_);
  }
  void add(const std::vector<Adjustment>& adjustments) {
    for (const auto& a : adjustments) add(a.amount);
  }
  void add(const Total& t) {
    if (t.overflow_) {
      overflow_ = true;
    } else {
      add(Money::fromCents(t.cents_));
    }
  }
  [[nodiscard]] bool equals(Money m) const { return !overflow_ && cents_ == m.cents(); }
  [[nodiscard]] bool overflow() const { return overflow_; }
  [[nodiscard]] Money money() const { return Money::fromCents(cents_); }
  /// `(difference $1.00)` as `total` minus `expected`, or a note that it cannot be added up.
  [[nodiscard]] std::string difference(Money expected) const {
    if (overflow_) return "the amounts are too large to add up; check them";
    std::int64_t d = 0;
    if (__builtin_sub_overflow(cents_, expected.cents(), &d)) return "the difference is too large";
    return "difference " + dollars(Money::fromCents(d));
  }

 private:
  std::int64_t cents_ = 0;
  bool overflow_ = false;
};

/// Σ CLM02 as a Total (the lines' charges can be anything on a claim read from anywhere).
Total claimCharge(const Claim& c) {
  Total t;
  for (const auto& l : c.lines) t.add(l.charge);
  return t;
}

}  // namespace

void checkCobPayerOrder(const Sink& s, const Claim& c) {
  const PayerResponsibility own = c.subscriber.responsibility;
  for (std::size_t k = 0; k < c.otherPayers.size(); ++k) {
    const OtherPayer& o = c.otherPayers[k];
    const std::string field = indexed("other_payers", k) + ".responsibility";
    if (o.responsibility == own) {
      s.add(field,
            "The claim is billed to " + shown(c.payer.name) + " as the " +
                std::string(rankWord(own)) + " payer, and " + payerLabel(o) +
                " is listed in the same place; each payer has its own place in the order of "
                "payment. Correct the order of the patient's coverages.",
            "SBR01 of 2320");
      continue;
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (c.otherPayers[j].responsibility == o.responsibility) {
        s.add(field,
              "Two other payers are listed as the " + std::string(rankWord(o.responsibility)) +
                  " payer (" + shown(c.otherPayers[j].payerName) + " and " + shown(o.payerName) +
                  "); each place in the order of payment holds one payer.",
              "SBR01 of 2320");
        break;
      }
    }
  }
  for (int r = 0; r < rankOf(own); ++r) {
    const auto rank = static_cast<PayerResponsibility>(r);
    bool present = false;
    for (const auto& o : c.otherPayers) present = present || o.responsibility == rank;
    if (present) continue;
    s.add("other_payers",
          "The claim is billed to " + shown(c.payer.name) + " as the " +
              std::string(rankWord(own)) + " payer, but no " + std::string(rankWord(rank)) +
              " payer is listed with what it did. Build the claim from the " +
              std::string(rankWord(rank)) +
              " payer's posted remittance, or bill this payer as the " +
              std::string(rankWord(rank)) + " if it is.",
          "SBR01 of 2320");
  }
}

void checkCobPriorPayer(const Sink& s, const Claim& c) {
  for (std::size_t k = 0; k < c.otherPayers.size(); ++k) {
    const OtherPayer& o = c.otherPayers[k];
    if (!isEarlier(o, c)) continue;
    const std::string at = indexed("other_payers", k);
    if (blank(o.payerId)) {
      s.add(at + ".payer_id",
            "The payer id of " + payerLabel(o) +
                " is missing; the next payer and each line's adjudication (SVD01) name it. Set "
                "the payer's clearinghouse id.",
            "NM109 of 2330B");
    }
    if (!o.paidAmount) {
      s.add(at + ".paid_amount_cents",
            "What " + payerLabel(o) +
                " paid is missing; a claim to a later payer states each earlier payer's payment "
                "($0.00 when it paid nothing). Take it from that payer's remittance.",
            "AMT*D of 2320");
    }
    bool byLine = false;
    for (const auto& l : c.lines) {
      for (const auto& a : l.adjudications) byLine = byLine || a.otherPayerId == o.payerId;
    }
    if (!o.adjudicationDate && !byLine) {
      s.add(at + ".adjudication_date",
            "The date " + payerLabel(o) +
                " adjudicated the claim is missing; the next payer counts its filing limit from "
                "it. Take it from that payer's remittance (its payment date).",
            "DTP*573 of 2330B");
    }
  }
}

void checkCobLineBalance(const Sink& s, const Claim& c) {
  for (const OtherPayer& o : c.otherPayers) {
    if (!isEarlier(o, c) || blank(o.payerId)) continue;
    // The payer adjudicated by line when any line carries its 2430; then every line must.
    std::vector<std::optional<std::size_t>> first(c.lines.size());
    bool byLine = false;
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
      const auto& adj = c.lines[i].adjudications;
      for (std::size_t j = 0; j < adj.size(); ++j) {
        if (adj[j].otherPayerId != o.payerId) continue;
        if (!first[i]) first[i] = j;
        byLine = true;
      }
    }
    if (!byLine) continue;
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
      const ServiceLine& l = c.lines[i];
      if (!first[i]) {
        s.add(linePath(i) + ".adjudications",
              lineLabel(i, l) + " has no adjudication from " + payerLabel(o) +
                  ", which adjudicated the claim's other lines; add what it did with this line "
                  "(paid $0.00 with its adjustments when it denied it).",
              "SVD of 2430");
        continue;
      }
      Total paid;
      Total adjusted;
      for (const auto& a : l.adjudications) {
        if (a.otherPayerId != o.payerId) continue;
        paid.add(a.paidAmount);
        adjusted.add(a.adjustments);
      }
      Total total = paid;
      total.add(adjusted);
      if (total.equals(l.charge)) continue;
      s.add(linePath(i) + indexed(".adjudications", *first[i]) + ".paid_amount_cents",
            lineLabel(i, l) + " does not balance for " + payerLabel(o) + ": paid " +
                dollars(paid.money()) + " plus adjustments " + dollars(adjusted.money()) + " is " +
                dollars(total.money()) + ", but the line's charge is " + dollars(l.charge) + " (" +
                total.difference(l.charge) +
                "). Copy the payer's line payment and adjustments (CAS) from its remittance "
                "unchanged.",
            "SVD02 and CAS of 2430");
    }
  }
}

void checkCobClaimBalance(const Sink& s, const Claim& c) {
  const Total charge = claimCharge(c);
  for (std::size_t k = 0; k < c.otherPayers.size(); ++k) {
    const OtherPayer& o = c.otherPayers[k];
    if (!isEarlier(o, c) || !o.paidAmount) continue;
    Total claimLevel;
    claimLevel.add(o.adjustments);
    Total lineLevel;
    for (const auto& l : c.lines) {
      for (const auto& a : l.adjudications) {
        if (!blank(o.payerId) && a.otherPayerId == o.payerId) lineLevel.add(a.adjustments);
      }
    }
    Total total;
    total.add(*o.paidAmount);
    total.add(claimLevel);
    total.add(lineLevel);
    if (!charge.overflow() && total.equals(charge.money())) continue;
    s.add(indexed("other_payers", k) + ".paid_amount_cents",
          "The claim does not balance for " + payerLabel(o) + ": paid " + dollars(*o.paidAmount) +
              " plus claim adjustments " + dollars(claimLevel.money()) + " plus line adjustments " +
              dollars(lineLevel.money()) + " is " + dollars(total.money()) +
              ", but the claim's charge is " + dollars(charge.money()) + " (" +
              total.difference(charge.money()) +
              "). The payer must account for the whole charge; copy its payment and adjustments "
              "(CAS) from its remittance unchanged.",
          "AMT*D and CAS of 2320");
  }
}

}  // namespace medoffice::domain::claims::scrubbing
