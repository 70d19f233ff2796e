// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What the inquiry writers (the 270 eligibility and 276 claim status requests) share: both group
// their requests under a payer (HL 20) and a provider (HL 21) before numbering, write HL, NM1 and
// DMG the same way, and count segments as they go. Internal to codecs/x12.

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/claim_837p.hpp"
#include "codecs/x12/writer.hpp"
#include "domain/claims/claim.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::x12::inquiries {

inline constexpr std::size_t kNameMax = 60;   ///< NM103
inline constexpr std::size_t kFirstMax = 35;  ///< NM104
inline constexpr std::size_t kIdMax = 80;     ///< NM109

/// CCYYMMDD.
inline std::string date8(const domain::Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year(), d.month(), d.day());
  return buf;
}

/// DMG03: F, M, or nothing for an unknown sex.
inline std::string_view sexCode(domain::claims::Sex s) {
  switch (s) {
    case domain::claims::Sex::kFemale:
      return "F";
    case domain::claims::Sex::kMale:
      return "M";
    case domain::claims::Sex::kUnknown:
      break;
  }
  return {};
}

// The hierarchy before numbering: payers hold providers, providers hold the requests' indexes.
struct ProviderNode {
  std::string name;
  std::string first;
  std::string npi;
  std::vector<std::size_t> requests;
};
struct PayerNode {
  std::string name;
  std::string id;
  std::vector<ProviderNode> providers;
};

/// Requests grouped by payer (name and id), then by provider (name, first name and NPI), each in
/// the order first seen. `Request` has payerName, payerId, providerName, providerFirstName, npi.
template <class Request>
std::vector<PayerNode> groupByPayer(std::span<const Request> rs) {
  std::vector<PayerNode> payers;
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const Request& r = rs[i];
    PayerNode* payer = nullptr;
    for (auto& p : payers) {
      if (p.name == r.payerName && p.id == r.payerId) payer = &p;
    }
    if (payer == nullptr) payer = &payers.emplace_back(PayerNode{r.payerName, r.payerId, {}});
    ProviderNode* prov = nullptr;
    for (auto& n : payer->providers) {
      if (n.name == r.providerName && n.first == r.providerFirstName && n.npi == r.npi) prov = &n;
    }
    if (prov == nullptr) {
      prov = &payer->providers.emplace_back(
          ProviderNode{r.providerName, r.providerFirstName, r.npi, {}});
    }
    prov->requests.push_back(i);
  }
  return payers;
}

/// Writes segments through the Writer, cleaning text for the delimiters, and knows the position
/// of the next segment in the transaction (ST = 1).
class Emitter {
 public:
  Emitter(Writer& w, const Delimiters& d) : w_(w), d_(d) {}

  std::string text(std::string_view v, std::size_t max) { return cleanX12Text(v, max, d_); }
  std::string id(std::string_view v, std::size_t max) {
    return cleanX12Text(v, max, d_, TextKind::kIdentifier);
  }
  domain::Status put(const SegmentBuilder& s) {
    if (auto st = w_.write(s); !st) return st.error();
    ++position_;
    return {};
  }
  [[nodiscard]] std::uint32_t position() const { return position_; }
  Writer& writer() { return w_; }

 private:
  Writer& w_;
  Delimiters d_;
  std::uint32_t position_ = 1;  // the ST
};

inline domain::Status hl(Emitter& e, std::uint32_t id, std::uint32_t parent, std::string_view level,
                         bool children) {
  SegmentBuilder s("HL");
  s.element(1, std::to_string(id));
  if (parent != 0) s.element(2, std::to_string(parent));
  s.element(3, level);
  s.element(4, children ? "1" : "0");
  return e.put(s);
}

/// NM1 for a person; NM108/NM109 only with an id.
inline domain::Status person(Emitter& e, std::string_view entity, std::string_view last,
                             std::string_view first, std::string_view idQualifier,
                             std::string_view id) {
  SegmentBuilder s("NM1");
  s.element(1, entity);
  s.element(2, "1");
  s.element(3, e.text(last, kNameMax));
  s.element(4, e.text(first, kFirstMax));
  if (!id.empty()) {
    s.element(8, idQualifier);
    s.element(9, e.id(id, kIdMax));
  }
  return e.put(s);
}

/// DMG with what is known; nothing when neither the birth date nor the sex is.
inline domain::Status demographics(Emitter& e, const std::optional<domain::Date>& birth,
                                   domain::claims::Sex sex) {
  if (!birth && sexCode(sex).empty()) return {};
  SegmentBuilder s("DMG");
  if (birth) {
    s.element(1, "D8");
    s.element(2, date8(*birth));
  }
  s.element(3, sexCode(sex));
  return e.put(s);
}

}  // namespace medoffice::codecs::x12::inquiries
