// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codecs/x12/ack_common.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::x12 {

/// What a claim status category (STC01-1) means for the claim's lifecycle.
enum class ClaimDisposition {
  kAccepted,  ///< A2 accepted into adjudication, A5 split on acceptance
  kReceived,  ///< A0 forwarded, A1 received: an interim answer, neither accepted nor rejected
  kRejected,  ///< A3, A4, A6, A7, A8: fix the claim and send it again as a new claim
  kOther,     ///< anything else (E, P, F, R families, unknown): keep and show, decide nothing
};
std::string_view toString(ClaimDisposition d);  ///< "accepted", "received", "rejected", "other"

/// Meaning of a claim status category code ("A7"); empty for an unknown code.
std::string_view categoryMeaning(std::string_view category);
/// What a category means for the claim (kOther for an unknown code).
ClaimDisposition categoryDisposition(std::string_view category);
/// Meaning of an entity identifier code of STC01-3 ("85": billing provider); empty when we do
/// not list it.
std::string_view entityMeaning(std::string_view entity);

/// One status composite (STC01, STC10 or STC11): category, status and entity.
struct StatusCode277 {
  std::string category;  ///< -1: "A7"
  std::string status;    ///< -2: the claim status code ("562"), kept as received
  std::string entity;    ///< -3: whose data is at fault ("85"); empty when absent
  std::string codeList;  ///< -4: a code list qualifier (NCPDP reject codes); rarely present
  std::string_view categoryText;  ///< categoryMeaning(category), or a note for an unknown code
  std::string_view entityText;    ///< entityMeaning(entity); empty when unknown or absent
  ClaimDisposition disposition = ClaimDisposition::kOther;
};

/// One STC segment.
struct Status277 {
  std::vector<StatusCode277> codes;         ///< STC01, then STC10 and STC11 when present
  std::optional<domain::Date> date;         ///< STC02: when the status took effect
  std::string action;                       ///< STC03: WQ accepted, U rejected; may be empty
  std::optional<std::int64_t> amountCents;  ///< STC04: the total charge acknowledged
  std::string message;                      ///< STC12: free text from the payer or clearinghouse
  std::uint64_t segment = 0;                ///< index of the STC in the input
  /// The most decisive disposition of the codes: rejected, then accepted, then received;
  /// with no known category, STC03 decides (U rejected, WQ accepted).
  [[nodiscard]] ClaimDisposition disposition() const;
};

/// 2220D: the acknowledgement of one service line.
struct ServiceLine277 {
  std::string procedureQualifier;           ///< SVC01-1: "HC"
  std::string procedureCode;                ///< SVC01-2: "99213"
  std::vector<std::string> modifiers;       ///< SVC01-3 to -6
  std::optional<std::int64_t> chargeCents;  ///< SVC02
  std::string units;                        ///< SVC07 as received
  std::string lineControlNumber;            ///< REF*FJ: our REF*6R line item control number
  std::optional<domain::Date> serviceFrom;  ///< DTP*472
  std::optional<domain::Date> serviceTo;    ///< same as serviceFrom for a single date
  std::vector<Status277> statuses;          ///< at least one
  std::uint64_t segment = 0;                ///< index of the SVC in the input
  [[nodiscard]] ClaimDisposition disposition() const;
};

/// 2200D: the acknowledgement of one claim.
struct ClaimAck277 {
  std::string patientControlNumber;     ///< TRN02: our CLM01
  std::string payerClaimControlNumber;  ///< REF*1K: the payer's number (the F8 of a correction)
  std::string clearinghouseTrace;       ///< REF*D9: the clearinghouse's trace of our claim
  std::string billType;                 ///< REF*BLT (institutional claims)
  std::vector<std::pair<std::string, std::string>>
      otherReferences;  ///< other REF (qualifier, value)
  /// STC04 of the claim's first status that carries one: the total charge the receiver saw.
  std::optional<std::int64_t> chargeCents;
  std::optional<domain::Date> serviceFrom;  ///< DTP*472 (D8, or the first date of an RD8)
  std::optional<domain::Date> serviceTo;    ///< the last date of an RD8, else serviceFrom
  std::string patientLastName;              ///< 2100D NM103
  std::string patientFirstName;             ///< NM104
  std::string memberId;                     ///< NM109
  std::size_t provider = 0;                 ///< index into Ack277CA::providers (providerOf())
  std::vector<Status277> statuses;          ///< claim-level STCs, at least one
  std::vector<ServiceLine277> lines;        ///< 2220D loops, when the receiver answered per line
  std::uint64_t segment = 0;                ///< index of the TRN in the input
  /// Rejected when any claim-level status rejects, else accepted when any accepts, else
  /// received, else other.
  [[nodiscard]] ClaimDisposition disposition() const;
};

/// A party of the hierarchy: an information source (2000A), receiver (2000B) or billing
/// provider (2000C).
struct Party277 {
  std::string entity;               ///< NM101: "PR", "AY", "41", "85"
  std::string name;                 ///< NM103 (an organisation's name, a person's last name)
  std::string idQualifier;          ///< NM108: "XX" (NPI), "46", "PI" ...
  std::string id;                   ///< NM109
  std::string trace;                ///< TRN02 of its 2200 loop
  std::size_t parent = 0;           ///< receivers: index into sources; providers: into receivers
  std::vector<Status277> statuses;  ///< STCs at this level (2200B, 2200C)
  std::optional<std::uint64_t> acceptedQuantity;  ///< QTY*90 / QTY*QA
  std::optional<std::uint64_t> rejectedQuantity;  ///< QTY*AA / QTY*QC
  std::optional<std::int64_t> acceptedCents;      ///< AMT*YU
  std::optional<std::int64_t> rejectedCents;      ///< AMT*YY
  std::optional<domain::Date> receivedDate;       ///< 2200A DTP*050 (sources only)
  std::optional<domain::Date> processedDate;      ///< 2200A DTP*009 (sources only)
  std::uint64_t segment = 0;                      ///< index of its HL in the input
};

/// One 277CA transaction set: normally the acknowledgement of the claims of one 837
/// transaction (one source and one receiver), but the hierarchy may repeat every level.
struct Ack277CA {
  AckEnvelope envelope;                 ///< where this 277CA arrived
  std::string reference;                ///< BHT03 of the 277CA
  std::optional<domain::Date> created;  ///< BHT04
  std::vector<Party277> sources;        ///< 2000A: the payer or clearinghouse
  /// 2000B, us. A receiver's trace is 2200B TRN02: the BHT03 of our 837 transaction, which
  /// links the acknowledgement to our batch. An STC03 of U here rejects that whole transaction.
  std::vector<Party277> receivers;
  std::vector<Party277> providers;  ///< 2000C billing providers, in order
  std::vector<ClaimAck277> claims;  ///< 2200D claims, in order
  /// The billing provider level a claim sits under.
  [[nodiscard]] const Party277& providerOf(const ClaimAck277& c) const {
    return providers[c.provider];
  }
  /// The receiver level a claim sits under (its trace is our 837's BHT03).
  [[nodiscard]] const Party277& receiverOf(const ClaimAck277& c) const {
    return receivers[providers[c.provider].parent];
  }
};

/// Reads 277CA claim acknowledgements (005010X214), one transaction set at a time, streaming
/// over the tokenizer: memory is bounded by the largest 277CA transaction set.
///
/// Every envelope rule of `x12 check` applies; input that is not a 5010 277CA (a 277 claim
/// status response of 005010X212 included) is refused, naming the segment (unless
/// skipOtherTransactions). Inside it checks the HL hierarchy (20 source → 21 receiver → 19
/// provider → PT patient, each HL02 naming the open level above; 22/23 are read as the patient
/// level too), that BHT comes first, that only 277CA segments appear, that each claim (a TRN
/// at the patient level) has a patient control number and a status, that each line has a
/// status, and the forms of dates and amounts. Unknown status categories, status codes and
/// entities are kept as received (kOther), never refused. Errors are values; malformed input
/// never crashes or loops.
///
/// A transaction set is yielded when its SE has been read and checked; see Ack999Reader for
/// what that means for a problem later in the file. Not thread-safe.
class Ack277CAReader {
 public:
  explicit Ack277CAReader(std::string_view input, const AckReadOptions& options = {});
  explicit Ack277CAReader(PullSource source, const AckReadOptions& options = {});

  /// The next 277CA transaction set, or nullptr at the end of the input or on a problem (see
  /// problem()). Valid until the next call.
  const Ack277CA* next();
  [[nodiscard]] const std::optional<Problem>& problem() const { return stream_.problem(); }
  /// The envelope summary of the input (complete once next() has returned nullptr).
  [[nodiscard]] const Summary& summary() const { return stream_.summary(); }

 private:
  enum class Level { kNone, kSource, kReceiver, kProvider, kPatient };
  bool onSegment(const Segment& s);
  bool onHl(const Segment& s);
  bool onStc(const Segment& s);
  bool onRef(const Segment& s);
  bool onDtp(const Segment& s);
  bool onSvc(const Segment& s);
  bool closeClaim(const Segment& at);
  bool closeLevel(const Segment& at);
  Party277* party();
  void fail(const Segment& s, int element, std::string message, int component = 0);

  detail::AckStream stream_;
  Ack277CA ack_;
  bool bht_ = false;
  Level level_ = Level::kNone;
  std::uint64_t levelSegment_ = 0;  // the HL that opened the current level
  detail::HlLevels hl_;             // HL01 of the open source, receiver, provider, patient
  bool levelHasName_ = false;       // NM1 seen in the current level
  bool levelHasTrace_ = false;      // TRN seen in the current (non-patient) level
  bool inClaim_ = false;            // a TRN at the patient level opened a claim
  bool inLine_ = false;             // an SVC opened a line of that claim
  std::size_t claimsAtLevel_ = 0;   // claims of the open patient level
  std::string patientLast_;         // 2100D of the open patient level
  std::string patientFirst_;
  std::string memberId_;
};

/// Every 277CA of a whole input, or its first problem as a domain error (kUnsupported for
/// input that is not a 5010 277CA, kInvalid otherwise).
domain::Result<std::vector<Ack277CA>> parse277CA(std::string_view input);

/// Counts over the 277CAs of an input, for `x12 check`'s summary line.
struct Ack277CATally {
  std::uint64_t claims = 0;
  std::uint64_t accepted = 0;
  std::uint64_t received = 0;
  std::uint64_t rejected = 0;
  std::uint64_t other = 0;
  /// Receiver levels (2000B) whose status rejects the whole 837 transaction.
  std::uint64_t transactionsRejected = 0;
  void add(const Ack277CA& ack);
  /// "2 accepted, 1 rejected" (categories with no claim left out; "no claim statuses"), then
  /// ", 1 whole transaction rejected" when a receiver level rejects.
  [[nodiscard]] std::string describe() const;
};

namespace detail {

/// Reads the elements of an STC that the 277CA and the 277 share into `st`: STC01 (its
/// category and status required), STC10 and STC11 (each with a category), STC02 (a date),
/// STC03, STC04 (an amount) and STC12; `code` makes each composite a StatusCode277. Fails on
/// `stream` and returns false when an element is not in its form.
bool readStatus(AckStream& stream, const Segment& s, Status277& st,
                StatusCode277 (*code)(std::string_view composite, char component));
/// A status composite with its meanings: categoryMeaning(), else `otherCategory(category)`
/// for a category that table does not hold.
StatusCode277 statusCode(std::string_view composite, char component,
                         std::string_view (*otherCategory)(std::string_view category));
/// At `at`, which closes an HL level (`levelName`, opened at segment `levelSegment`): true when
/// the level named its party (`named`, an NM1), else fails.
bool levelNamed(AckStream& stream, const Segment& at, bool named, std::string_view levelName,
                std::uint64_t levelSegment);

/// Reads SVC01 (the procedure: qualifier and code required, modifiers from -3 to -6), SVC02
/// (the charge, an amount when present) and SVC07 (units, as received) into a service line of
/// a 277CA or 277. Fails on `stream` and returns false when SVC01 or SVC02 is not in its form.
template <class Line>
bool readServiceLine(AckStream& stream, const Segment& s, Line& line) {
  const char component = s.delimiters().component;
  line.segment = s.index();
  line.procedureQualifier = std::string(part(s.element(1), component, 1));
  line.procedureCode = std::string(part(s.element(1), component, 2));
  if (line.procedureQualifier.empty() || line.procedureCode.empty()) {
    stream.fail(s, 1,
                "SVC01 " + quote(s.element(1)) + " is not a procedure (qualifier" +
                    std::string(1, component) + "code)");
    return false;
  }
  for (std::size_t n = 3; n <= 6; ++n) {
    const std::string_view m = part(s.element(1), component, n);
    if (!m.empty()) line.modifiers.emplace_back(m);
  }
  if (!s.element(2).empty()) {
    line.chargeCents = amountCents(s.element(2));
    if (!line.chargeCents) {
      stream.fail(s, 2, "SVC02 " + quote(s.element(2)) + " is not an amount");
      return false;
    }
  }
  line.units = std::string(s.element(7));
  return true;
}

/// Sets the service dates (DTP*472) of the open claim `c`, or of its last line when `inLine`.
template <class Claim>
void setServiceDates(Claim& c, bool inLine, const std::optional<domain::Date>& from,
                     const std::optional<domain::Date>& to) {
  if (inLine) {
    c.lines.back().serviceFrom = from;
    c.lines.back().serviceTo = to;
  } else {
    c.serviceFrom = from;
    c.serviceTo = to;
  }
}

/// The party of the open level of a 277CA or 277 (`Level` has kSource, kReceiver and
/// kProvider); nullptr at the levels of people.
template <class Level, class Answer>
Party277* partyAt(Level level, Answer& answer) {
  switch (level) {
    case Level::kSource:
      return &answer.sources.back();
    case Level::kReceiver:
      return &answer.receivers.back();
    case Level::kProvider:
      return &answer.providers.back();
    default:
      return nullptr;
  }
}

/// True when the open claim `c` (and its last line, when `inLine`) has a status; else fails
/// on `stream` at `at`, the segment that closes them, naming the claim by its `key`
/// (`keyName` says what it is: "patient control number", "trace").
template <class Claim>
bool hasStatuses(AckStream& stream, const Segment& at, const Claim& c, bool inLine,
                 const std::string& key, std::string_view keyName) {
  if (inLine && c.lines.back().statuses.empty()) {
    stream.fail(at, 0,
                "STC missing: the service line at segment " +
                    std::to_string(c.lines.back().segment) + " (claim " + quote(key) +
                    ") has no status before this " + std::string(at.id()));
    return false;
  }
  if (c.statuses.empty()) {
    stream.fail(at, 0,
                "STC missing: the claim at segment " + std::to_string(c.segment) + " (" +
                    std::string(keyName) + " " + quote(key) +
                    ") has no claim-level status before this " + std::string(at.id()));
    return false;
  }
  return true;
}

}  // namespace detail

}  // namespace medoffice::codecs::x12
