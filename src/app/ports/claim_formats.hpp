// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The claim file formats as the claims use cases see them (issues 16 and 17): the claim
// snapshot kept with each claim, the 837P batch file, the acknowledgements (999, 277CA) that
// come back, and the claim status request (276) with its answer (277).
// The X12 and JSON codecs implement it (codecs/claims/x12_claim_formats.hpp); the server wires
// it. Pure: no I/O, thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/claims/claim.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::app {

/// The envelope of one 837P batch: who sends, who receives, when, and its control numbers.
/// Everything needed to write the same file again byte for byte from the same claims.
struct BatchEnvelope {
  std::string senderQualifier = "ZZ";    ///< ISA05
  std::string senderId;                  ///< ISA06 (1-15 characters)
  std::string receiverQualifier = "ZZ";  ///< ISA07
  std::string receiverId;                ///< ISA08 (1-15 characters)
  std::string applicationSender;         ///< GS02 (2-15 characters)
  std::string applicationReceiver;       ///< GS03 (2-15 characters)
  bool production = false;               ///< ISA15: P, else T
  domain::Date date;                     ///< ISA09, GS04, BHT04 (the practice's local date)
  int hour = 0;                          ///< ISA10, GS05, BHT05 (local time)
  int minute = 0;
  std::string batchReference;     ///< BHT03: unique per batch; a 277CA names it in TRN02
  std::uint32_t interchange = 0;  ///< ISA13: drawn for the receiver, never reused
  std::uint32_t group = 0;        ///< GS06
  std::uint32_t transaction = 0;  ///< ST02
};

/// Where one claim of a batch was written (segment positions counted from ST = 1).
struct ClaimSpan {
  std::uint32_t firstSegment = 0;  ///< its CLM
  std::uint32_t lastSegment = 0;   ///< the last segment of its 2300/2400 loops
};

/// An 837P file as written.
struct BatchFile {
  std::string bytes;
  std::vector<ClaimSpan> claims;  ///< in the order of the claims given
  std::uint64_t segments = 0;     ///< SE01
};

/// One element a 999 names (IK3 segment position, IK4 element and component).
struct ElementRef {
  std::uint32_t segmentPosition = 0;  ///< from ST = 1
  int element = 0;                    ///< 0: the whole segment
  int component = 0;
};

/// What an ElementRef points at in the claims of a batch.
struct ElementLocation {
  std::vector<std::size_t> claims;  ///< indexes into the batch's claims (all for a shared segment)
  std::string field;                ///< path in the claim (`lines[1].modifiers[0]`); may be empty
  std::string loop;                 ///< "2010BA"
  std::string segment;              ///< "NM1"
};

/// One problem a 999 reported inside a transaction set.
struct AckError {
  ElementRef at;
  std::string segmentId;       ///< IK301
  std::string loopId;          ///< IK303
  std::string code;            ///< IK304 or IK403
  std::string message;         ///< plain English, with the bad value when the 999 copied it
  std::string claimReference;  ///< CTX CLM01 business unit when given: our patient control number
};

/// The answer for one 837 transaction set (999 AK2 … IK5).
struct AckTransaction {
  std::string controlNumber;  ///< AK202: our ST02
  bool accepted = false;      ///< IK501 A or E
  std::string status;         ///< IK501 letter
  std::string message;        ///< plain English (IK502-IK506 meanings)
  std::vector<AckError> errors;
};

/// One claim of a 277CA, or of a 277 claim status response.
struct AckClaimStatus {
  std::string patientControlNumber;  ///< TRN02 of 2200D: our CLM01 (a 277: our 276's trace)
  std::string batchReference;        ///< TRN02 of 2200B: our BHT03; may be empty (always, 277)
  std::string payerClaimNumber;      ///< REF*1K; may be empty
  /// 277CA: "accepted", "rejected", "received" (interim), or "other" (kept, decides nothing).
  /// 277 (from the current status's category): "rejected" (A3, A4 not found, A6 to A8),
  /// "denied" (F2), "pending" (P), "finalized" (another F: the money comes with the 835),
  /// "more information" (R), "not possible" (E: the request could not be answered), or
  /// "other".
  std::string disposition;
  std::string codes;    ///< the status composites as received: "A7:562:85"
  std::string message;  ///< plain English: the categories' meanings and STC12
};

/// An acknowledgement file as read: a 999 (transaction answers by our GS06/ST02), a 277CA
/// (claim answers by our CLM01), or a 277 claim status response (claim answers by the trace
/// of our 276, which is the CLM01).
struct Acknowledgement {
  enum class Kind { k999, k277CA, k277 };
  Kind kind = Kind::k999;
  std::string senderId;            ///< ISA06 of the acknowledgement (who answers)
  std::string interchangeControl;  ///< its ISA13
  // 999: one per functional group acknowledged (AK1); usually one.
  struct Group {
    std::string groupControl;  ///< AK102: our GS06
    std::string status;        ///< AK901 letter
    std::vector<AckTransaction> transactions;
  };
  std::vector<Group> groups;
  // 277CA and 277
  std::vector<AckClaimStatus> claims;
};

/// The most claims one 276 asks about (one ST/SE; the guide's batch advice is 99).
inline constexpr std::size_t kMaxStatusQuestions = 99;

/// One claim to ask its payer about in a 276: the claim as it was sent, and the payer's
/// claim number when a 277CA or 835 gave it.
struct StatusQuestion {
  domain::claims::Claim claim;
  std::string payerClaimNumber;
};

/// A 276 claim status request file as written.
struct StatusRequestFile {
  std::string bytes;
  std::vector<std::size_t> asked;  ///< the questions written (indexes), in the order given
  /// The questions left out, with why in words ("member_id is required"): their claims lack
  /// what a 276 needs.
  std::vector<std::pair<std::size_t, std::string>> refused;
  std::uint64_t segments = 0;  ///< SE01
};

/// The formats. Implementations must be deterministic: the same claims and envelope always
/// give the same bytes, so that locate() finds what a 999 names in a batch written earlier.
class ClaimFormats {
 public:
  virtual ~ClaimFormats() = default;

  /// The claim as a JSON object (the API's representation and the stored snapshot).
  [[nodiscard]] virtual std::string encode(const domain::claims::Claim& claim) const = 0;
  /// The claim from encode()'s output (or an API body); errors name the field.
  [[nodiscard]] virtual domain::Result<domain::claims::Claim> decode(
      std::string_view json) const = 0;

  /// Writes `claims` as one 837P interchange with the envelope's control numbers. Errors name
  /// `claims[i].field` (domain::claims::validate()) and write nothing.
  [[nodiscard]] virtual domain::Result<BatchFile> write837P(
      std::span<const domain::claims::Claim> claims, const BatchEnvelope& envelope) const = 0;

  /// What each of `refs` points at in the file write837P(claims, envelope) gives.
  [[nodiscard]] virtual domain::Result<std::vector<ElementLocation>> locate(
      std::span<const domain::claims::Claim> claims, const BatchEnvelope& envelope,
      std::span<const ElementRef> refs) const = 0;

  /// Reads a 999, 277CA or 277 file (the kind from its ST01 and GS08). Anything else, or a
  /// malformed file, is kInvalid naming the segment position and the problem.
  [[nodiscard]] virtual domain::Result<Acknowledgement> readAcknowledgement(
      std::string_view bytes) const = 0;

  /// Writes one 276 claim status request (005010X212) asking about each question's claim:
  /// the envelope's ISA13, GS06 and ST02 exactly, BHT03 its batchReference, the claim's
  /// submitter as the information receiver, its CLM01 as the trace (TRN02) the 277 echoes.
  /// A question whose claim lacks what a 276 needs is left out and listed in `refused`.
  /// kInvalid when there are none or more than kMaxStatusQuestions, when every one is
  /// refused (naming the first reason), or when the envelope cannot be written.
  [[nodiscard]] virtual domain::Result<StatusRequestFile> write276(
      std::span<const StatusQuestion> questions, const BatchEnvelope& envelope) const = 0;
};

}  // namespace medoffice::app
