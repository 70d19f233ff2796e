// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The 270 eligibility inquiry (005010X279A1) writer: one request per subscriber (2000C) or
// dependent (2000D), through the codec's Writer, which owns the envelope and the counts.

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

/// The patient when they are not the subscriber (2000D/2100D).
struct EligibilityDependent {
  std::string lastName;                   ///< NM103, required
  std::string firstName;                  ///< NM104, required
  std::optional<domain::Date> birthDate;  ///< DMG02, required: payers search dependents by it
  domain::claims::Sex sex = domain::claims::Sex::kUnknown;  ///< DMG03 (omitted when unknown)
  std::string relationship;  ///< INS02 ("01" spouse, "19" child, "34" other adult); optional
};

/// One question to a payer: is this member covered on this date, and for what.
struct EligibilityRequest {
  std::string payerName;            ///< 2100A NM103
  std::string payerId;              ///< 2100A NM109 (PI)
  std::string providerName;         ///< 2100B NM103: the practice (or the provider's last name)
  std::string providerFirstName;    ///< NM104; non-empty makes the receiver a person (NM102 1)
  std::string npi;                  ///< 2100B NM109 (XX), checked for its check digit
  std::string memberId;             ///< 2100C NM109 (MI), required
  std::string subscriberLastName;   ///< 2100C NM103 (optional when a dependent is asked for)
  std::string subscriberFirstName;  ///< NM104
  std::optional<domain::Date> subscriberBirthDate;                    ///< 2100C DMG02
  domain::claims::Sex subscriberSex = domain::claims::Sex::kUnknown;  ///< DMG03
  std::optional<EligibilityDependent> dependent;  ///< set when the patient is not the subscriber
  domain::Date serviceDate;                       ///< DTP*291: the appointment's date
  std::vector<std::string> serviceTypes{"30"};    ///< EQ01 repetitions (1 to 99 codes)
  std::string traceNumber;  ///< TRN02: our reference, echoed in the 271's TRN*2 (1-50)
};

/// What one call of write270 puts around its requests: one ISA/GS/ST.
struct Transmission270 {
  InterchangeHeader interchange;
  GroupHeader group;      ///< GS01 and GS08 are set by the writer (HS, 005010X279A1)
  std::string reference;  ///< BHT03, unique per transaction
  domain::Date created;   ///< BHT04
  TimeOfDay createdTime;  ///< BHT05
  /// TRN03: who assigned the trace numbers, 10 characters ("1" and our EIN, by convention).
  std::string traceOriginator;
};

/// The batch limit we keep per ST/SE (the guide's batch advice is 99 patient requests).
inline constexpr std::size_t kMaxEligibilityRequestsPerTransaction = 99;

/// Where one request went.
struct EligibilityPlacement {
  std::uint32_t subscriberHl = 0;  ///< HL01 of its 2000C
  std::uint32_t dependentHl = 0;   ///< HL01 of its 2000D; 0 when the subscriber is the patient
  std::uint32_t traceSegment = 0;  ///< position of its TRN, 1-based from ST
};

/// What write270 wrote.
struct Write270Result {
  std::size_t requests = 0;
  std::vector<EligibilityPlacement> placements;  ///< per request, in the order given
  std::uint32_t interchangeControl = 0;          ///< ISA13
  std::uint32_t groupControl = 0;                ///< GS06
  std::uint32_t transactionControl = 0;          ///< ST02
  std::uint64_t segments = 0;                    ///< SE01
};

/// Writes `requests` as one interchange (ISA/GS/ST/BHT*0022*13 ... SE/GE/IEA) to `sink`.
///
/// The HL hierarchy is 20 information source (payer) → 21 information receiver (provider) → 22
/// subscriber (→ 23 dependent): requests with the same payer share one 2000A, and with the same
/// provider under it one 2000B; every request has its own 2000C (and 2000D), so the TRN of each
/// answer matches one request. Levels are numbered in one pre-order pass (HL01, HL02, HL04).
/// Text is cleaned with cleanX12Text (upper case, ASCII, no delimiters, cut to length).
///
/// Before anything is written every request is validated (errors name
/// `requests[2].npi`, `requests[0].dependent.birth_date` ...), and there must be 1 to
/// kMaxEligibilityRequestsPerTransaction of them; then nothing is written and no control number
/// is drawn. A later error (a sink that failed) leaves output that must be discarded.
domain::Result<Write270Result> write270(std::span<const EligibilityRequest> requests,
                                        const Transmission270& transmission, Sink& sink,
                                        ControlNumberSource& numbers, WriterOptions options = {});

/// The field errors of one request (paths relative to the request), empty when it can be sent.
std::vector<domain::FieldError> validate(const EligibilityRequest& request);

}  // namespace medoffice::codecs::x12
