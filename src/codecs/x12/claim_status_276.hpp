// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The 276 claim status request (005010X212) writer: one question per claim, through the codec's
// Writer, which owns the envelope and the counts.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "codecs/x12/writer.hpp"
#include "domain/claims/claim.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::x12 {

/// The patient when they are not the subscriber (2000E/2100E).
struct ClaimStatusDependent {
  std::string lastName;                   ///< NM103 (QC), required
  std::string firstName;                  ///< NM104, required
  std::optional<domain::Date> birthDate;  ///< DMG02, required: payers search dependents by it
  domain::claims::Sex sex = domain::claims::Sex::kUnknown;  ///< DMG03 (omitted when unknown)
};

/// One question to a payer: where is this claim.
struct ClaimStatusRequest {
  std::string payerName;            ///< 2100A NM103
  std::string payerId;              ///< 2100A NM109 (PI)
  std::string providerName;         ///< 2100C NM103: the billing provider (or its last name)
  std::string providerFirstName;    ///< NM104; non-empty makes the provider a person (NM102 1)
  std::string npi;                  ///< 2100C NM109 (XX), checked for its check digit
  std::string memberId;             ///< 2100D NM109 (MI), required
  std::string subscriberLastName;   ///< 2100D NM103, required
  std::string subscriberFirstName;  ///< NM104
  std::optional<domain::Date> subscriberBirthDate;                    ///< 2000D DMG02
  domain::claims::Sex subscriberSex = domain::claims::Sex::kUnknown;  ///< DMG03
  std::optional<ClaimStatusDependent> dependent;  ///< set when the patient is not the subscriber
  /// Our CLM01: sent as the TRN02 trace (the 277 echoes it in TRN*2) and as REF*EJ.
  std::string patientControlNumber;
  std::string payerClaimNumber;       ///< REF*1K, when a 277CA or 835 gave it; optional
  std::int64_t totalChargeCents = 0;  ///< AMT*T3: the claim's CLM02
  domain::Date serviceFrom;           ///< DTP*472 (D8 when equal to serviceTo, else RD8)
  domain::Date serviceTo;
};

/// What one call of write276 puts around its requests: one ISA/GS/ST.
struct Transmission276 {
  InterchangeHeader interchange;
  GroupHeader group;         ///< GS01 and GS08 are set by the writer (HR, 005010X212)
  std::string reference;     ///< BHT03, unique per transaction
  domain::Date created;      ///< BHT04
  TimeOfDay createdTime;     ///< BHT05
  std::string receiverName;  ///< 2100B NM103: us, the information receiver (submitter)
  std::string receiverId;    ///< 2100B NM109 (46): our submitter id (ETIN) at the payer
};

/// The batch limit we keep per ST/SE (the guide's batch advice is 99 claim requests).
inline constexpr std::size_t kMaxClaimStatusRequestsPerTransaction = 99;

/// Where one request went.
struct ClaimStatusPlacement {
  std::uint32_t subscriberHl = 0;  ///< HL01 of its 2000D
  std::uint32_t dependentHl = 0;   ///< HL01 of its 2000E; 0 when the subscriber is the patient
  std::uint32_t traceSegment = 0;  ///< position of its TRN, 1-based from ST
};

/// What write276 wrote.
struct Write276Result {
  std::size_t requests = 0;
  std::vector<ClaimStatusPlacement> placements;  ///< per request, in the order given
  std::uint32_t interchangeControl = 0;          ///< ISA13
  std::uint32_t groupControl = 0;                ///< GS06
  std::uint32_t transactionControl = 0;          ///< ST02
  std::uint64_t segments = 0;                    ///< SE01
};

/// Writes `requests` as one interchange (ISA/GS/ST/BHT*0010*13 ... SE/GE/IEA) to `sink`.
///
/// The HL hierarchy is 20 information source (payer) → 21 information receiver (us, from the
/// transmission) → 19 service provider (NPI) → 22 subscriber (→ 23 dependent): requests with the
/// same payer share one 2000A, and with the same provider under it one 2000C; every request has
/// its own 2000D (and 2000E) and its own TRN, so each 277 answer matches one claim. Levels are
/// numbered in one pre-order pass. The claim loop is TRN*1, REF*1K (when known), REF*EJ,
/// AMT*T3, DTP*472. Text is cleaned with cleanX12Text (upper case, ASCII, no delimiters).
///
/// Before anything is written every request is validated (errors name `requests[2].npi`,
/// `requests[0].dependent.birth_date` ...), and there must be 1 to
/// kMaxClaimStatusRequestsPerTransaction of them; then nothing is written and no control
/// number is drawn. A later error (a sink that failed) leaves output that must be discarded.
domain::Result<Write276Result> write276(std::span<const ClaimStatusRequest> requests,
                                        const Transmission276& transmission, Sink& sink,
                                        ControlNumberSource& numbers, WriterOptions options = {});

/// The field errors of one request (paths relative to the request), empty when it can be sent.
std::vector<domain::FieldError> validate(const ClaimStatusRequest& request);

}  // namespace medoffice::codecs::x12
