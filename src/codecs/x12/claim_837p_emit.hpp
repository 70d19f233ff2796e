// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Private to the 837P writer: what claim_837p.cpp (envelope, hierarchy, 2300/2400) and
// claim_837p_cob.cpp (2320/2330A/2330B, 2430) share: element lengths, exact number and date
// formatting, text cleaning, and the segment emitter that records where each segment came from.
// Not for use outside src/codecs/x12/claim_837p*.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/claim_837p.hpp"
#include "domain/claims/claim.hpp"
#include "domain/common/error.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs::x12 {

namespace detail837p {

// Maximum lengths of the elements written from free data (X12 5010 element dictionary).
constexpr std::size_t kNameMax = 60;         // 1035 NM103, 93 PER02/SBR04
constexpr std::size_t kFirstMax = 35;        // 1036 NM104
constexpr std::size_t kMiddleMax = 25;       // 1037 NM105
constexpr std::size_t kSuffixMax = 10;       // 1039 NM107
constexpr std::size_t kIdMax = 80;           // 67 NM109, SVD01
constexpr std::size_t kAddressMax = 55;      // 166 N301/N302
constexpr std::size_t kCityMax = 30;         // 19 N401
constexpr std::size_t kStateMax = 2;         // 156 N402
constexpr std::size_t kPostalMax = 15;       // 116 N403
constexpr std::size_t kRefMax = 50;          // 127 REF02, SBR03, PRV03, BHT03
constexpr std::size_t kPhoneMax = 256;       // 364 PER04/PER06
constexpr std::size_t kClaimIdMax = 38;      // 1028 CLM01
constexpr std::size_t kCodeMax = 48;         // 234 SV101-2, LIN03
constexpr std::size_t kModifierMax = 2;      // 1339
constexpr std::size_t kDescriptionMax = 80;  // 352 SV101-7
constexpr std::size_t kDiagnosisMax = 30;    // 1271 HI0n-2
constexpr std::size_t kShortCodeMax = 3;     // POS, SBR05, SBR09, PAT01, CAS group/reason (5)
constexpr std::size_t kReasonMax = 5;        // 1034 CAS reason

// ---- numbers and dates, exact, into caller buffers ----

/// `value` / 10^scale (scale 2 or 3) in the shortest exact form. `buf` holds at least 24 bytes.
std::string_view formatFixed(char* buf, std::int64_t value, int scale);
/// A whole number. `buf` holds at least 24 bytes.
std::string_view formatInt(char* buf, std::int64_t value);
/// CCYYMMDD into buf[0..8).
std::string_view formatDate(char* buf, const domain::Date& d);

// ---- text cleaning ----

/// How each ASCII byte is cleaned, given the file's delimiters.
class CharTable {
 public:
  enum Kind : std::uint8_t { kSeparator, kKeep, kLower, kDelimiter };
  explicit CharTable(const Delimiters& d) {
    kinds_.fill(kDelimiter);  // controls are treated like delimiters
    for (int c = 0x21; c < 0x7F; ++c) kinds_[c] = c >= 'a' && c <= 'z' ? kLower : kKeep;
    kinds_[' '] = kSeparator;
    for (char c : {d.element, d.component, d.segment, d.repetition}) {
      const auto u = static_cast<unsigned char>(c);
      if (u != 0 && u < 0x80) kinds_[u] = kDelimiter;
    }
  }
  [[nodiscard]] Kind of(unsigned char c) const { return static_cast<Kind>(kinds_[c & 0x7FU]); }

 private:
  std::array<std::uint8_t, 128> kinds_{};
};

/// `value` cleaned for one element (see cleanX12Text) into `out`.
void cleanInto(std::string& out, std::string_view value, std::size_t maxLength,
               const CharTable& table, TextKind kind);

}  // namespace detail837p

// ---- the emitter ----

/// Writes segments through the Writer, cleaning values on the way and recording each segment's
/// origin when a SegmentMap is wanted.
class Claim837PEmitter {
 public:
  Claim837PEmitter(Writer& w, const Delimiters& d, SegmentMap* map, std::size_t claimCount)
      : w_(w), table_(d), map_(map), claimCount_(claimCount) {}

  std::int32_t claim = -1;
  std::int32_t line = -1;
  std::int32_t otherPayer = -1;
  std::uint32_t hl = 0;
  std::size_t errorClaim = 0;  // the claim named in an error from a shared segment

  void begin(std::string_view id, std::string_view loop, std::string_view qualifier,
             std::span<const ElementField> fields) {
    s_.reset(id);
    id_ = id;
    loop_ = loop;
    qualifier_ = qualifier;
    fields_ = fields;
  }
  /// A value we generated (codes, qualifiers, dates, amounts): no cleaning needed.
  void raw(std::size_t n, std::string_view v) { s_.element(n, v); }
  void raw(std::size_t n, std::size_t k, std::string_view v) { s_.value(n, 1, k, v); }
  void raw(std::size_t n, char c) { s_.element(n, std::string_view(&c, 1)); }
  void amount(std::size_t n, domain::Money m) {
    s_.element(n, detail837p::formatFixed(num_, m.cents(), 2));
  }
  void integer(std::size_t n, std::int64_t v) { s_.element(n, detail837p::formatInt(num_, v)); }
  void date(std::size_t n, const domain::Date& d) {
    s_.element(n, detail837p::formatDate(num_, d));
  }

  /// A value from the claim: cleaned, cut, upper-cased. Returns false when nothing is left.
  bool text(std::size_t n, std::size_t k, std::string_view v, std::size_t max,
            TextKind kind = TextKind::kText) {
    detail837p::cleanInto(scratch_, v, max, table_, kind);
    if (scratch_.empty()) return false;
    s_.value(n, 1, k, scratch_);
    return true;
  }
  bool text(std::size_t n, std::string_view v, std::size_t max, TextKind kind = TextKind::kText) {
    return text(n, 1, v, max, kind);
  }
  bool id(std::size_t n, std::string_view v, std::size_t max) {
    return text(n, 1, v, max, TextKind::kIdentifier);
  }
  /// Digits only (tax ids, ZIP codes, phone numbers, NDCs).
  bool digits(std::size_t n, std::string_view v, std::size_t max) {
    scratch_.clear();
    for (char c : v) {
      if (c >= '0' && c <= '9' && scratch_.size() < max) scratch_ += c;
    }
    if (scratch_.empty()) return false;
    s_.element(n, scratch_);
    return true;
  }
  /// text() that records an error naming `field` (relative to the claim) when nothing is left.
  void required(std::size_t n, std::string_view v, std::size_t max, std::string_view field,
                TextKind kind = TextKind::kText) {
    if (!text(n, 1, v, max, kind)) missing(field);
  }
  void missing(std::string_view field) {
    if (failure_) return;
    std::string path = "claims[" +
                       std::to_string(claim >= 0 ? static_cast<std::size_t>(claim) : errorClaim) +
                       "].";
    if (line >= 0) path += "lines[" + std::to_string(line) + "].";
    if (otherPayer >= 0) {
      path += line >= 0 ? "adjudications[" : "other_payers[";
      path += std::to_string(otherPayer) + "].";
    }
    path.append(field);
    failure_ = domain::Error::invalidField(std::move(path),
                                           "has no characters an X12 file can carry once cleaned");
  }

  domain::Status end() {
    if (failure_) return *failure_;
    if (map_ != nullptr) record(id_, loop_, qualifier_, fields_);
    return w_.write(s_);
  }

  /// Records a segment the Writer writes itself (ST, SE).
  void record(std::string_view id, std::string_view loop, std::string_view qualifier,
              std::span<const ElementField> fields) {
    if (map_ == nullptr) return;
    SegmentOrigin o;
    o.position = static_cast<std::uint32_t>(w_.transactionSegments() + 1);
    o.claim = claim;
    o.line = line;
    o.otherPayer = otherPayer;
    o.hl = hl;
    o.loop = loop;
    o.segment = id;
    o.qualifier = qualifier;
    o.fields = fields;
    map_->origins_.push_back(o);
  }
  void setPlacements(const std::vector<ClaimPlacement>& p) {
    if (map_ != nullptr) map_->placements_ = p;
  }
  void clearMap() {
    if (map_ == nullptr) return;
    map_->origins_.clear();
    map_->placements_.clear();
    map_->origins_.reserve(claimCount_ * 24 + 8);
  }

  Writer& writer() { return w_; }

 private:
  Writer& w_;
  detail837p::CharTable table_;
  SegmentMap* map_;
  std::size_t claimCount_;
  SegmentBuilder s_{"ST"};
  std::string_view id_;
  std::string_view loop_;
  std::string_view qualifier_;
  std::span<const ElementField> fields_;
  std::string scratch_;
  char num_[32] = {};
  std::optional<domain::Error> failure_;
};

namespace detail837p {

using Emitter = Claim837PEmitter;

#define MO_TRY(expr)                                 \
  do {                                               \
    if (auto st_ = (expr); !st_) return st_.error(); \
  } while (false)

// ---- pieces several loops write (claim_837p.cpp) ----

/// NM102 to NM107 of a name; `field` names the required NM103 in an error.
void name(Emitter& e, const domain::claims::PartyName& n, std::string_view field);
/// N3 and N4, each only when it has a value.
domain::Status address(Emitter& e, const domain::Address& a, std::string_view loop,
                       std::span<const ElementField> n3, std::span<const ElementField> n4);
/// The composite `HC:code:mod1..mod4[:description]` into element `n`.
domain::Status procedure(Emitter& e, std::size_t n, std::string_view code,
                         const std::vector<std::string>& modifiers, std::string_view description);

// ---- coordination of benefits (claim_837p_cob.cpp) ----

/// 2320, 2330A and 2330B for each of the claim's other payers (e.otherPayer set to each).
domain::Status otherPayerLoops(Emitter& e, const domain::claims::Claim& c);
/// 2430 for each earlier payer's adjudication of line `l` (e.otherPayer set to each).
domain::Status lineAdjudicationLoops(Emitter& e, const domain::claims::ServiceLine& l);

}  // namespace detail837p

}  // namespace medoffice::codecs::x12
