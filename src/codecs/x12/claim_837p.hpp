// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The 837P (005010X222A1) writer: claims (domain/claims) into one interchange through the
// codec's Writer, which owns the envelope, the control numbers and the counts.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/writer.hpp"
#include "domain/claims/claim.hpp"
#include "domain/common/money.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs::x12 {

/// What one call of write837P puts around its claims: one ISA/GS/ST.
struct Transmission837P {
  InterchangeHeader interchange;
  GroupHeader group;           ///< GS01 and GS08 are set by the writer (HC, 005010X222A1)
  std::string batchReference;  ///< BHT03, unique per transaction: a 277CA names it in TRN02
  domain::Date created;        ///< BHT04
  TimeOfDay createdTime;       ///< BHT05
};

/// The guide's advice for one ST/SE (at most 5,000 CLM segments); more are refused, so split
/// larger batches over several calls.
inline constexpr std::size_t kMaxClaimsPerTransaction = 5000;

/// Which field of the claim model an element (or one component of it) was written from.
/// `path` is relative to the segment's scope (see SegmentOrigin).
struct ElementField {
  std::uint8_t element;    ///< 1-based (NM109 is 9)
  std::uint8_t component;  ///< 1-based; 0: the whole element
  std::string_view path;   ///< `member_id`, `modifiers[1]`
};

/// Where one segment of the transaction came from.
struct SegmentOrigin {
  std::uint32_t position = 0;  ///< 1-based from ST, as a 999 IK302 counts
  /// Index into the claims given to write837P; -1 when the segment is shared: the header
  /// (BHT, 1000A/B) by every claim, an HL level (2000A/B/C with 2010xx) by the claims under it.
  std::int32_t claim = -1;
  std::int32_t line = -1;        ///< index into the claim's lines; -1 at claim level
  std::int32_t otherPayer = -1;  ///< index into other_payers (2320/2330) or adjudications (2430)
  std::uint32_t hl = 0;          ///< HL01 of the level the segment is in; 0 before the first HL
  std::string_view loop;         ///< "HEADER" (ST, BHT), "1000A", "2010BA", "2300", "2430"...
  std::string_view segment;      ///< "NM1"
  /// The first element when it tells segments apart: "IL", "G1". It may view the claims given
  /// to write837P (a CAS group, a REF qualifier): use the map while they live.
  std::string_view qualifier;
  std::span<const ElementField> fields;  ///< elements written from the model
};

/// Where one claim was written, by HL and by segment (1-based from ST).
struct ClaimPlacement {
  std::uint32_t billingProviderHl = 0;
  std::uint32_t subscriberHl = 0;
  std::uint32_t patientHl = 0;     ///< 0: the patient is the subscriber (no 2000C)
  std::uint32_t firstSegment = 0;  ///< its CLM
  std::uint32_t lastSegment = 0;   ///< the last segment of its 2300 loop (and 2400s)
};

/// Maps a segment position in the transaction back to claims and fields, so that a 999 error
/// (IK3 segment position, IK4 element) can be shown on the claim and field it concerns. Filled
/// by write837P when asked for (one entry of about 100 bytes per segment).
///
/// How it works: write837P records, for every segment as it is written, the loop, the segment
/// id and qualifier, the claim/line/other-payer indexes and a static table from element (and
/// component) positions to paths of the claim model. `claimsAt()` answers the one claim of a
/// 2300/2400 segment, or every claim under an HL for a shared segment (a bad 2010BA member id
/// affects each claim of that subscriber). `fieldPath()` joins the scope (`lines[1].`,
/// `other_payers[0].`, `lines[0].adjudications[0].`) with the table's path, giving the same
/// paths as domain::claims::validate(). Not thread-safe while being filled.
class SegmentMap {
 public:
  /// The segment at `position` (1-based from ST), or nullptr outside the transaction.
  [[nodiscard]] const SegmentOrigin* at(std::uint32_t position) const;
  /// Indexes of the claims an error at `position` concerns (all claims for ST/BHT/1000A/B/SE).
  [[nodiscard]] std::vector<std::size_t> claimsAt(std::uint32_t position) const;
  /// The claim field written into element `element` (component `component`, 0 for the whole
  /// element) of the segment at `position`, as a path relative to the claim
  /// (`lines[1].modifiers[0]`, `subscriber.member_id`); empty when the element was not written
  /// from one field (qualifiers, HL numbers, computed counts).
  [[nodiscard]] std::string fieldPath(std::uint32_t position, int element, int component = 0) const;
  [[nodiscard]] const std::vector<SegmentOrigin>& origins() const { return origins_; }
  [[nodiscard]] const std::vector<ClaimPlacement>& placements() const { return placements_; }

 private:
  friend class Claim837PEmitter;
  std::vector<SegmentOrigin> origins_;
  std::vector<ClaimPlacement> placements_;
};

/// What write837P wrote.
struct Write837PResult {
  std::size_t claims = 0;                  ///< claims written (all of them, or an error)
  std::vector<ClaimPlacement> placements;  ///< per claim, in the order given
  std::uint32_t interchangeControl = 0;    ///< ISA13
  std::uint32_t groupControl = 0;          ///< GS06
  std::uint32_t transactionControl = 0;    ///< ST02
  std::uint64_t segments = 0;              ///< SE01
};

/// Writes `claims` as one interchange (ISA/GS/ST/BHT ... SE/GE/IEA) to `sink`.
///
/// The HL hierarchy is built as a tree first (billing provider → subscriber and payer →
/// patient), merging claims whose billing provider, subscriber/payer and patient are equal, and
/// numbered in one pre-order pass that sets HL01, HL02 and HL04; claims are written in tree
/// order (ClaimPlacement says where each went). CLM02 is the sum of the lines. Amounts are
/// written exactly from cents in their shortest form (`125`, `125.5`, `125.05`). Text is
/// upper-cased, folded to ASCII where a Latin letter has an accent, cleared of control
/// characters and of the four delimiters, and cut to the element's maximum length.
///
/// Before anything is written each claim is checked with domain::claims::validate() (errors
/// name `claims[3].lines[0].diagnosis_pointers[0]`), all claims must share one submitter and
/// receiver, and there must be 1 to kMaxClaimsPerTransaction claims; then nothing is written
/// and no control number is drawn. A later error (a required name left empty once cleaned, a
/// sink that failed) leaves incomplete output that must be discarded; the control numbers
/// drawn stay used. `map`, when given, is cleared and filled. Not thread-safe.
domain::Result<Write837PResult> write837P(std::span<const domain::claims::Claim> claims,
                                          const Transmission837P& transmission, Sink& sink,
                                          ControlNumberSource& numbers, WriterOptions options = {},
                                          SegmentMap* map = nullptr);

/// An amount as an X12 decimal, exactly from cents and in its shortest form: 12500 → `125`,
/// 12550 → `125.5`, 12505 → `125.05`, -900 → `-9`, 0 → `0`.
std::string x12Amount(domain::Money amount);
/// A fixed-point quantity in thousandths as an X12 decimal: 1500 → `1.5`, 10000 → `10`.
std::string x12Decimal(std::int64_t thousandths);

/// How cleanX12Text treats a value.
enum class TextKind {
  kText,        ///< names, addresses: delimiters and controls become spaces, runs of spaces one
  kIdentifier,  ///< ids and codes: delimiters, controls and spaces are dropped
  kEmail,       ///< like kIdentifier, but the case is kept
};
/// `value` as the 837P writer puts it in an element: printable ASCII, upper-cased (not for
/// kEmail), Latin letters with accents folded (`Ñ` → `N`, `ß` → `SS`), characters X12 cannot
/// carry dropped, none of `d`'s delimiters, no leading or trailing spaces, at most `maxLength`
/// bytes. May return "" (the writer refuses a required element that ends up empty).
std::string cleanX12Text(std::string_view value, std::size_t maxLength, const Delimiters& d,
                         TextKind kind = TextKind::kText);

}  // namespace medoffice::codecs::x12
