// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The eligibility formats as the eligibility use cases see them (issue 17, point 6): the 270
// inquiry written from app terms and the 271 answer read into them. The X12 codec implements it
// (codecs/eligibility/x12_eligibility_formats.hpp); the composition roots wire it. Pure: no I/O,
// thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/claims/claim.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::app {

/// A person named in an inquiry.
struct InquiryPerson {
  std::string lastName;
  std::string firstName;
  std::optional<domain::Date> birthDate;
  domain::claims::Sex sex = domain::claims::Sex::kUnknown;
};

/// One 270 with one request, and the envelope around it.
struct EligibilityInquiry {
  // Envelope: who sends, who receives, when, and the control numbers drawn for it.
  std::string senderQualifier = "ZZ";  ///< ISA05
  std::string senderId;                ///< ISA06
  std::string receiverQualifier = "ZZ";
  std::string receiverId;         ///< ISA08
  std::string applicationSender;  ///< GS02
  std::string applicationReceiver;
  bool production = false;  ///< ISA15 P, else T
  domain::Date date;        ///< ISA09, GS04, BHT04 (the practice's local date)
  int hour = 0;
  int minute = 0;
  std::uint32_t interchange = 0;  ///< ISA13
  std::uint32_t group = 0;        ///< GS06
  std::uint32_t transaction = 0;  ///< ST02
  std::string reference;          ///< BHT03
  std::string traceOriginator;    ///< TRN03: 10 characters
  // The request.
  std::string payerName;
  std::string payerId;  ///< the payer's X12 id (2100A NM109)
  std::string providerName;
  std::string providerFirstName;  ///< non-empty: the receiver is a person (a provider)
  std::string npi;
  std::string memberId;
  InquiryPerson subscriber;
  std::optional<InquiryPerson> dependent;  ///< the patient, when not the subscriber
  std::string relationship;                ///< INS02 of the dependent ("19" child...)
  domain::Date serviceDate;
  std::vector<std::string> serviceTypes{"30"};
  std::string traceNumber;  ///< TRN02, echoed by the 271
};

/// Money figures for one service type (X12 EB segments, the best match each).
struct EligibilityFigures {
  std::string serviceType;
  std::optional<std::int64_t> copayCents;
  std::optional<std::int64_t> coinsuranceBasisPoints;  ///< 2000 = 20 %
  std::optional<std::int64_t> deductibleCents;
  std::optional<std::int64_t> deductibleRemainingCents;
  std::optional<std::int64_t> familyDeductibleCents;
  std::optional<std::int64_t> familyDeductibleRemainingCents;
  std::string copayNetwork;  ///< "Y" in network, "N" out, "" not stated
};

/// What a 271 says about the member asked for.
struct EligibilityAnswer {
  enum class Coverage { kActive, kInactive, kUnknown };
  Coverage coverage = Coverage::kUnknown;
  /// Every AAA that concerns the request (the payer's, the provider's or the member's level),
  /// in plain English, in the order of the file.
  std::vector<std::string> rejections;
  /// True when an AAA says the same request may be sent again unchanged (the payer could not
  /// answer now: reason 42, or follow-up P or R): such an answer is not kept as the day's.
  bool retryable = false;
  std::string memberId;  ///< as the payer returned it
  std::string planName;
  std::string groupNumber;
  std::string groupName;
  std::optional<domain::Date> planBegin;
  std::optional<domain::Date> planEnd;
  EligibilityFigures general;  ///< service type 30
  EligibilityFigures visit;    ///< the visit's service type (the same as general for 30)
  /// The whole summary as a JSON object (what is stored and shown): coverage, plan, group,
  /// figures, rejections, dates.
  std::string summaryJson;
};

class EligibilityFormats {
 public:
  virtual ~EligibilityFormats() = default;
  /// The 270 (005010X279A1) of `inquiry`: one ISA/GS/ST with its control numbers exactly.
  /// kInvalid naming the field (`member_id`, `npi`, `subscriber.birth_date`, `sender_id` …)
  /// when it cannot be written.
  [[nodiscard]] virtual domain::Result<std::string> write270(
      const EligibilityInquiry& inquiry) const = 0;
  /// Reads a clearinghouse's answer: the 271 member whose TRN echoes `trace` (or, when the
  /// payer refused the whole request at its own or the provider's level, those AAA reasons).
  /// kInvalid with the reason in words when the input is not a readable 271 (a 999, HTML, a
  /// malformed file) or answers another request.
  [[nodiscard]] virtual domain::Result<EligibilityAnswer> read271(
      std::string_view bytes, std::string_view trace, std::string_view serviceType) const = 0;
};

}  // namespace medoffice::app
