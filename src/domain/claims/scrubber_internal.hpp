// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Private to the scrubber (scrubber.cpp and the checks in scrubber_*.cpp): the finding sink and
// the small text helpers every check's messages use, and the checks kept in their own files.
// Not for use outside src/domain/claims/scrubber*.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/claims/claim.hpp"
#include "domain/claims/scrubber.hpp"
#include "domain/common/money.hpp"

namespace medoffice::domain::claims::scrubbing {

inline bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

/// A value as it is shown in a message: printable ASCII kept, at most 40 characters, quoted.
inline std::string shown(std::string_view v) {
  if (blank(v)) return "(empty)";
  std::string out = "'";
  for (std::size_t i = 0; i < v.size() && i < 40; ++i) {
    const char c = v[i];
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (v.size() > 40) out += "...";
  out += "'";
  return out;
}

inline std::string displayName(const PartyName& n) {
  if (n.type == EntityType::kOrganization || n.first.empty()) return n.last;
  return n.first + " " + n.last;
}

/// `$12.50`, `-$0.01`: exact from cents, for any amount (Money::toString cannot negate the
/// smallest int64).
inline std::string dollars(Money m) {
  const std::int64_t c = m.cents();
  const std::uint64_t magnitude =
      c < 0 ? static_cast<std::uint64_t>(-(c + 1)) + 1 : static_cast<std::uint64_t>(c);
  const std::uint64_t fraction = magnitude % 100;
  return std::string(c < 0 ? "-$" : "$") + std::to_string(magnitude / 100) + "." +
         static_cast<char>('0' + fraction / 10) + static_cast<char>('0' + fraction % 10);
}

inline std::string lineLabel(std::size_t i, const ServiceLine& l) {
  std::string out = "Line " + std::to_string(i + 1);
  if (!blank(l.procedureCode)) out += " (" + std::string(l.procedureCode.substr(0, 8)) + ")";
  return out;
}

inline std::string linePath(std::size_t i) {
  return "lines[" + std::to_string(i) + "]";
}

inline std::string indexed(std::string_view field, std::size_t k) {
  return std::string(field) + "[" + std::to_string(k) + "]";
}

// ---- the finding sink ----

/// Adds findings of one rule, with its id, severity and note.

class Sink {
 public:
  Sink(const Rule& rule, std::vector<Finding>& out) : rule_(rule), out_(out) {}
  void add(std::string field, std::string message, std::string segment) const {
    if (!rule_.note.empty()) {
      message += " ";
      message += rule_.note;
    }
    out_.push_back(
        {rule_.severity, rule_.id, std::move(field), std::move(message), std::move(segment)});
  }
  [[nodiscard]] const RuleParams& params() const { return rule_.params; }

 private:
  const Rule& rule_;
  std::vector<Finding>& out_;
};

// ---- coordination of benefits (scrubber_cob.cpp) ----

/// cob_payer_order: SBR01 of the claim and of its 2320s each appear once, and every rank before
/// the claim's (P for S; P and S for T) is among its other payers.
void checkCobPayerOrder(const Sink& s, const Claim& c);
/// cob_prior_payer: each payer ranked before the claim's has its payer id (2330B NM109), what
/// it paid (AMT*D) and when it adjudicated (DTP*573 in 2330B or on its 2430s).
void checkCobPriorPayer(const Sink& s, const Claim& c);
/// cob_line_balance: per earlier payer that adjudicated by line, each line's SV102 equals its
/// SVD02 plus its 2430 CAS amounts, and no line lacks its 2430.
void checkCobLineBalance(const Sink& s, const Claim& c);
/// cob_claim_balance: per earlier payer with AMT*D, CLM02 equals AMT*D plus its 2320 CAS and
/// its 2430 CAS amounts.
void checkCobClaimBalance(const Sink& s, const Claim& c);

}  // namespace medoffice::domain::claims::scrubbing
