// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The 271 eligibility response (005010X279A1) reader, and a summary of one member's answer
// for the front desk.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codecs/x12/ack_common.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::x12 {

/// Meaning of an AAA03 reject reason (element 901) in plain English; empty when unknown.
std::string_view rejectReasonMeaning(std::string_view code);
/// Meaning of an AAA04 follow-up action (C, N, P, R, S, W, X, Y); empty when unknown.
std::string_view followUpMeaning(std::string_view code);
/// Meaning of an EB01 eligibility or benefit information code; empty when unknown.
std::string_view benefitMeaning(std::string_view code);

/// One AAA segment: why the payer could not answer (part of) the request.
struct Rejection271 {
  bool requestValid = false;  ///< AAA01: Y the request was valid but not processed; N invalid
  CodedValue reason;          ///< AAA03
  CodedValue followUp;        ///< AAA04
  std::string_view loop;      ///< "2100A", "2100B", "2100C", "2100D", "2110C", "2110D"
  std::uint64_t segment = 0;  ///< index of the AAA in the input
  /// "subscriber id invalid or missing (72); correct the request and send it again".
  [[nodiscard]] std::string describe() const;
};

/// A DTP segment: a qualifier and a date or a range (RD8).
struct Date271 {
  std::string qualifier;  ///< DTP01: "346" plan begin, "291" plan, "348" benefit begin ...
  domain::Date from;
  domain::Date to;  ///< equal to from for a D8 date
};

/// One EB segment (loop 2110C/D) with what follows it.
///
/// EB02 to EB12 are views into a copy of the EB that its member keeps
/// (Subscriber271::benefitText), shared by every copy of that member: a long 271 lists a few
/// hundred EB, and a string and a vector allocated for each were most of reading it. A
/// Benefit271 copied out of its member is valid only while the member (or a copy) lives.
struct Benefit271 {
  // Written out (not `= default`) so that the reader's emplace_back() does not zero the whole
  // struct before the member initializers run: 5 % of reading a long 271.
  Benefit271() {}

  CodedValue information;                          ///< EB01
  std::string_view coverageLevel;                  ///< EB02: IND, FAM, EMP, ESP, CHD ...
  std::span<const std::string_view> serviceTypes;  ///< EB03 repetitions; empty: not stated
  std::string_view insuranceType;                  ///< EB04: HM, PR, MB ...
  std::string_view planDescription;                ///< EB05
  std::string_view timePeriod;              ///< EB06: 23 calendar year, 27 visit, 29 remaining
  std::optional<std::int64_t> amountCents;  ///< EB07
  /// EB08 exactly, in basis points of the whole: "0.2" (20 %) is 2000. More than four decimals
  /// is refused rather than rounded.
  std::optional<std::int64_t> percentBasisPoints;
  std::string_view quantityQualifier;               ///< EB09
  std::optional<std::int64_t> quantityThousandths;  ///< EB10, exactly in thousandths
  std::string_view authorizationRequired;           ///< EB11: Y, N, U
  std::string_view inNetwork;                       ///< EB12: Y, N, U, W (not applicable)
  std::vector<Date271> dates;                       ///< DTP of the 2110 loop
  std::vector<std::string> messages;                ///< MSG01 texts
  std::vector<std::pair<std::string, std::string>> references;  ///< REF (qualifier, value)
  std::uint64_t segment = 0;                                    ///< index of the EB
  /// True when EB03 lists `serviceType`, or lists nothing.
  [[nodiscard]] bool covers(std::string_view serviceType) const;
};

/// A party of the hierarchy: the information source (payer, 2000A) or receiver (2000B).
struct Party271 {
  std::string entity;       ///< NM101: "PR", "1P", "FA" ...
  std::string name;         ///< NM103
  std::string firstName;    ///< NM104
  std::string idQualifier;  ///< NM108: "PI", "XX", "SV" ...
  std::string id;           ///< NM109
  std::vector<Rejection271> rejections;
  std::size_t parent = 0;     ///< receivers: index into Eligibility271::sources
  std::uint64_t segment = 0;  ///< index of its HL
};

/// One answer about one member: a subscriber (2000C) or a dependent (2000D).
struct Subscriber271 {
  bool dependent = false;                 ///< HL03 23
  std::string trace;                      ///< TRN*2 TRN02: our 270's trace number, echoed
  std::string traceOriginator;            ///< its TRN03
  std::vector<std::string> otherTraces;   ///< TRN*1 (a clearinghouse's own trace)
  std::string entity;                     ///< NM101: IL or 03
  std::string lastName;                   ///< NM103 as returned
  std::string firstName;                  ///< NM104
  std::string idQualifier;                ///< NM108: MI
  std::string memberId;                   ///< NM109 as returned (may differ from the one sent)
  std::optional<domain::Date> birthDate;  ///< DMG02
  std::string sex;                        ///< DMG03: F, M, U
  std::string relationship;               ///< INS02 (dependents: 19 child, 01 spouse)
  std::string planNumber;                 ///< REF*18
  std::string groupNumber;                ///< REF*6P REF02
  std::string groupName;                  ///< REF*6P REF03
  std::vector<std::pair<std::string, std::string>> references;  ///< other REF of 2100
  std::optional<domain::Date> planBegin;                        ///< DTP*346
  std::optional<domain::Date> planEnd;                          ///< DTP*347
  std::optional<domain::Date> eligibilityBegin;                 ///< DTP*356
  std::optional<domain::Date> eligibilityEnd;                   ///< DTP*357
  std::vector<Date271> dates;            ///< every DTP of 2100, the above included
  std::vector<Rejection271> rejections;  ///< AAA of 2100C/D and 2110C/D
  std::vector<Benefit271> benefits;      ///< EB loops in order
  /// Holds the bytes the views of `benefits` point into; shared by the copies of this member.
  std::shared_ptr<const void> benefitText;
  std::size_t receiver = 0;    ///< index into Eligibility271::receivers
  std::size_t subscriber = 0;  ///< dependents: index of their subscriber in `members`
  std::uint64_t segment = 0;   ///< index of its HL
};

/// One 271 transaction set.
struct Eligibility271 {
  AckEnvelope envelope;                 ///< where this 271 arrived
  std::string reference;                ///< BHT03 (echoes our 270's)
  std::optional<domain::Date> created;  ///< BHT04
  std::vector<Party271> sources;        ///< 2000A
  std::vector<Party271> receivers;      ///< 2000B
  std::vector<Subscriber271> members;   ///< 2000C and 2000D, in order
  /// The member whose TRN*2 echoes `trace`, or nullptr.
  [[nodiscard]] const Subscriber271* byTrace(std::string_view trace) const;
};

namespace detail {
class TextBlocks;
}

/// Reads 271 eligibility responses (005010X279A1), one transaction set at a time, streaming
/// over the tokenizer: memory is bounded by the largest transaction set.
///
/// Every envelope rule of `x12 check` applies (a wrong SE02 is refused as it refuses it); input
/// that is not a 5010 271 is refused naming the segment (unless skipOtherTransactions).
/// Inside, it checks BHT first (BHT02 11 response), the HL hierarchy (20 → 21 → 22 → 23, HL02
/// naming the open level above), that each level names someone (NM1) or says why not (AAA),
/// that only 271 segments appear, and the forms of dates, amounts, percents and quantities.
/// Unknown codes are kept with known = false, never refused. The 2120 loop (LS ... LE: a
/// benefit's related entity, such as the primary care provider) is passed over.
/// Errors are values; malformed input never crashes or loops. Not thread-safe.
class Eligibility271Reader {
 public:
  explicit Eligibility271Reader(std::string_view input, const AckReadOptions& options = {});
  explicit Eligibility271Reader(PullSource source, const AckReadOptions& options = {});

  /// The next 271, or nullptr at the end of the input or on a problem (see problem()). Valid
  /// until the next call.
  const Eligibility271* next();
  [[nodiscard]] const std::optional<Problem>& problem() const { return stream_.problem(); }
  [[nodiscard]] const Summary& summary() const { return stream_.summary(); }

 private:
  enum class Level { kNone, kSource, kReceiver, kSubscriber, kDependent };
  bool onSegment(const Segment& s);
  bool onHl(const Segment& s);
  bool onNm1(const Segment& s);
  bool onAaa(const Segment& s);
  bool onEb(const Segment& s);
  bool fillBenefit(const Segment& s, Benefit271& b);
  void keepBenefitText(Subscriber271& m, const Segment& firstEb);
  bool onDtp(const Segment& s);
  bool onRef(const Segment& s);
  bool closeLevel(const Segment& at);
  void fail(const Segment& s, int element, std::string message, int component = 0);
  struct Ahead {
    std::size_t benefits = 1;  // EB segments of the member from this one on
    std::size_t bytes = 0;     // the bytes they span (0 when unknown)
  };
  Ahead benefitsAhead(const Segment& eb) const;

  std::string_view input_;  // the whole input when read from memory; empty for a PullSource
  detail::AckStream stream_;
  Eligibility271 answer_;
  bool bht_ = false;
  Level level_ = Level::kNone;
  detail::HlLevels hl_;  // HL01 of the open source, receiver, subscriber, dependent
  std::uint64_t levelSegment_ = 0;
  bool levelNamed_ = false;
  bool levelRejected_ = false;
  bool inBenefit_ = false;
  bool inLs_ = false;
  std::size_t lastSubscriber_ = 0;
  detail::TextBlocks* benefitText_ = nullptr;  // of the member whose benefits are being read
};

/// Every 271 of a whole input, or its first problem as a domain error.
domain::Result<std::vector<Eligibility271>> parse271(std::string_view input);

/// Whether the payer says the member is covered.
enum class Coverage { kActive, kInactive, kUnknown };
std::string_view toString(Coverage c);  ///< "active", "inactive", "unknown"

/// The money figures for one service type, each from the best-matching EB: in network (EB12
/// Y) before not stated before out of network, an EB listing the type before one listing none.
struct BenefitFigures {
  std::string serviceType;
  std::optional<std::int64_t> copayCents;                ///< EB01 B, EB07
  std::optional<std::int64_t> coinsuranceBasisPoints;    ///< EB01 A, EB08 (2000 = 20 %)
  std::optional<std::int64_t> deductibleCents;           ///< EB01 C, individual, not remaining
  std::optional<std::int64_t> deductibleRemainingCents;  ///< EB01 C, individual, EB06 29
  std::optional<std::int64_t> familyDeductibleCents;     ///< EB01 C, EB02 FAM
  std::optional<std::int64_t> familyDeductibleRemainingCents;  ///< EB01 C, FAM, EB06 29
  std::string copayNetwork;  ///< EB12 of the copay chosen ("Y", "N", "" ...)
};

/// What the front desk needs from one member's answer.
struct EligibilitySummary {
  Coverage coverage = Coverage::kUnknown;
  std::string planName;                 ///< EB05 of the active coverage, else REF*18
  std::string groupNumber;              ///< REF*6P
  std::string groupName;                ///< REF*6P REF03
  BenefitFigures general;               ///< service type 30
  BenefitFigures visit;                 ///< the visit's service type (same as general for "30")
  std::vector<std::string> rejections;  ///< each AAA of the member, in words
};

/// Summarises `member` for service type 30 and for `serviceType` (the visit's type). Coverage is
/// active when an EB01 of 1 to 5 covers 30 or the visit type, else inactive when one of 6 to 8
/// does, else unknown (a member with only rejections is unknown).
EligibilitySummary summarize(const Subscriber271& member, std::string_view serviceType);

}  // namespace medoffice::codecs::x12
