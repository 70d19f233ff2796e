// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The 277 claim status response (005010X212) reader: the payer's answer to our 276, per claim
// and per service line, with the claim's state in words. The 277CA (005010X214) is read by
// ack_277ca; its status composite types (StatusCode277, Status277, Party277) are reused here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codecs/x12/ack_277ca.hpp"
#include "codecs/x12/ack_common.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::x12 {

/// The family of a claim status category (STC01-1's first letter).
enum class StatusFamily {
  kAcknowledgement,  ///< A: received, accepted or rejected on entry
  kPending,          ///< P: still in adjudication
  kFinalized,        ///< F: adjudicated (paid, denied, revised, forwarded)
  kMoreInformation,  ///< R: the payer asks for more information
  kNotPossible,      ///< E: the request could not be answered
  kDataReporting,    ///< D: encounters
  kUnknown,          ///< anything else, kept as received
};
std::string_view toString(StatusFamily f);  ///< "acknowledgement", "pending", "finalized" ...
/// The family of a category code ("F1" → kFinalized).
StatusFamily statusFamily(std::string_view category);
/// A short name of a claim status category ("F1": "finalized/payment"); for a code we do not
/// list, the family's name ("pending"), or empty for an unknown family.
std::string_view claimStatusCategoryName(std::string_view category);

/// One STC of a 277 claim status response: the 277CA's Status277 (STC01 to STC04, STC10 to
/// STC12) and the payment elements only the 005010X212 277 fills.
struct ClaimStatusEntry {
  Status277 status;                             ///< STC04 is status.amountCents (the charge)
  std::optional<std::int64_t> paidCents;        ///< STC05: the amount paid
  std::optional<domain::Date> adjudicatedDate;  ///< STC06
  std::string paymentMethod;                    ///< STC07: ACH, BOP, CHK, FWT, NON
  std::optional<domain::Date> checkDate;        ///< STC08: check issue or EFT effective date
  std::string checkNumber;                      ///< STC09: check or EFT trace number
  [[nodiscard]] StatusFamily family() const;    ///< of the first code (STC01)
};

/// 2200E/2220D... one service line of a claim as the payer answered it (SVC, STC, REF, DTP).
struct ClaimStatusLine {
  std::string procedureQualifier;           ///< SVC01-1: "HC", "NU"
  std::string procedureCode;                ///< SVC01-2: "99213"
  std::vector<std::string> modifiers;       ///< SVC01-3 to -6
  std::optional<std::int64_t> chargeCents;  ///< SVC02
  std::optional<std::int64_t> paidCents;    ///< SVC03
  std::string revenueCode;                  ///< SVC04
  std::string units;                        ///< SVC07 as received
  std::string lineControlNumber;            ///< REF*FJ: our REF*6R line item control number
  std::optional<domain::Date> serviceFrom;  ///< DTP*472
  std::optional<domain::Date> serviceTo;    ///< same as serviceFrom for a single date
  std::vector<ClaimStatusEntry> statuses;   ///< at least one
  std::uint64_t segment = 0;                ///< index of the SVC in the input
};

/// One claim's answer (loop 2200D at the subscriber level or 2200E at the dependent level).
struct ClaimStatus277 {
  std::string trace;                 ///< TRN02: the trace of our 276 (our CLM01)
  std::string payerClaimNumber;      ///< REF*1K: the payer's claim control number
  std::string patientAccountNumber;  ///< REF*EJ: our CLM01 as the payer holds it
  std::string billType;              ///< REF*BLT (institutional claims)
  std::vector<std::pair<std::string, std::string>> otherReferences;  ///< other REF
  std::optional<domain::Date> serviceFrom;  ///< DTP*472 (D8, or the first date of an RD8)
  std::optional<domain::Date> serviceTo;    ///< the last date of an RD8, else serviceFrom
  bool dependent = false;                   ///< the claim sits at the dependent level (HL 23)
  std::string patientLastName;              ///< NM103 of its level (IL or QC)
  std::string patientFirstName;             ///< NM104
  std::string memberId;                     ///< NM109 of the subscriber level
  std::size_t provider = 0;                 ///< index into ClaimStatusResponse277::providers
  std::vector<ClaimStatusEntry> statuses;   ///< claim-level STCs, at least one; first is current
  std::vector<ClaimStatusLine> lines;       ///< service lines, when the payer answered per line
  std::uint64_t segment = 0;                ///< index of the TRN in the input
  /// The current status (the first STC).
  [[nodiscard]] const ClaimStatusEntry& current() const { return statuses.front(); }
};

/// One 277 claim status response transaction set.
struct ClaimStatusResponse277 {
  AckEnvelope envelope;                 ///< where this 277 arrived
  std::string reference;                ///< BHT03
  std::optional<domain::Date> created;  ///< BHT04
  std::vector<Party277> sources;        ///< 2000A: the payer
  std::vector<Party277> receivers;      ///< 2000B: us; STC here answers the whole request
  std::vector<Party277> providers;      ///< 2000C: service providers; STC here answers for one
  std::vector<ClaimStatus277> claims;   ///< in order
  /// The claim whose TRN02 echoes `trace`, or nullptr.
  [[nodiscard]] const ClaimStatus277* byTrace(std::string_view trace) const;
};

/// Reads 277 claim status responses (005010X212), one transaction set at a time, streaming
/// over the tokenizer: memory is bounded by the largest transaction set.
///
/// Every envelope rule of `x12 check` applies; input that is not a 5010 277 claim status
/// response (a 277CA of 005010X214 included) is refused naming the segment and the version
/// (unless skipOtherTransactions). Inside, it checks BHT first, the HL hierarchy (20 → 21 → 19
/// → 22 → 23, HL02 naming the open level above, HL04 optional), that each level names someone
/// (NM1), that a subscriber level without a dependent below and every dependent level hold a
/// claim (TRN), that each claim and line has a status, that only 277 segments appear, and the
/// forms of dates and amounts. Unknown codes are kept as received, never refused. Errors are
/// values with the segment's position; malformed input never crashes or loops. Not thread-safe.
class ClaimStatus277Reader {
 public:
  explicit ClaimStatus277Reader(std::string_view input, const AckReadOptions& options = {});
  explicit ClaimStatus277Reader(PullSource source, const AckReadOptions& options = {});

  /// The next 277, or nullptr at the end of the input or on a problem (see problem()). Valid
  /// until the next call.
  const ClaimStatusResponse277* next();
  [[nodiscard]] const std::optional<Problem>& problem() const { return stream_.problem(); }
  [[nodiscard]] const Summary& summary() const { return stream_.summary(); }

 private:
  enum class Level { kNone, kSource, kReceiver, kProvider, kSubscriber, kDependent };
  bool onSegment(const Segment& s);
  bool onHl(const Segment& s);
  bool onNm1(const Segment& s);
  bool onTrn(const Segment& s);
  bool onStc(const Segment& s);
  bool onRef(const Segment& s);
  bool onDtp(const Segment& s);
  bool onSvc(const Segment& s);
  bool closeClaim(const Segment& at);
  bool closeLevel(const Segment& at);
  Party277* party();
  void fail(const Segment& s, int element, std::string message, int component = 0);

  detail::AckStream stream_;
  ClaimStatusResponse277 answer_;
  bool bht_ = false;
  Level level_ = Level::kNone;
  std::uint64_t levelSegment_ = 0;
  detail::HlLevels hl_;
  bool levelHasName_ = false;
  bool levelHasTrace_ = false;
  bool inClaim_ = false;
  bool inLine_ = false;
  std::size_t claimsAtLevel_ = 0;
  std::string patientLast_;
  std::string patientFirst_;
  std::string memberId_;
};

/// Every 277 of a whole input, or its first problem as a domain error (kUnsupported for input
/// that is not a 5010 277 claim status response, kInvalid otherwise).
domain::Result<std::vector<ClaimStatusResponse277>> parse277(std::string_view input);

/// The claim's current state in words, from its first status: the category's name, then for a
/// finalized claim what was paid and when ("finalized/payment: paid 95.61 on 2026-10-03, check
/// or EFT 889"), then the status code and entity ("status 88, entity patient (QC)").
std::string describeDisposition(const ClaimStatus277& claim);

}  // namespace medoffice::codecs::x12
