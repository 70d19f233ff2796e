// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/ack_common.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs::x12 {

/// An acknowledgement code of a 999: IK501 for one transaction set, AK901 for the group.
enum class AckCode {
  kAccepted,            ///< A
  kAcceptedWithErrors,  ///< E: accepted, with errors noted (IK3/IK4 say which)
  kPartiallyAccepted,   ///< P (AK901 only): some transaction sets of the group were rejected
  kRejected,            ///< R
  kRejectedMac,         ///< M: the message authentication code failed
  kRejectedAssurance,   ///< W: an assurance failed its validity tests
  kRejectedContent,     ///< X: the content could not be analysed after decryption
};
/// The X12 letter: "A", "E", "P", "R", "M", "W", "X".
std::string_view toString(AckCode c);
/// Plain English: "accepted with errors noted".
std::string_view meaning(AckCode c);
/// True for A and E: the receiver took the transaction set (or group) in; a P group is neither.
bool isAccepted(AckCode c);
/// True for R, M, W and X.
bool isRejected(AckCode c);

/// A CTX segment: why an error was reported (a situational trigger: the segment whose
/// presence required the one in error) or which business unit it concerns (for an 837, CTX01
/// `CLM01:<patient control number>` names the claim).
struct ErrorContext999 {
  std::string name;       ///< CTX01-1: "SITUATIONAL TRIGGER" or a business unit, "CLM01"
  std::string reference;  ///< CTX01-2: the business unit's value (the claim's CLM01)
  std::string segmentId;  ///< CTX02: the trigger segment
  std::uint32_t segmentPosition = 0;  ///< CTX03, counted from ST = 1; 0 when absent
  std::string loopId;                 ///< CTX04
  int elementPosition = 0;            ///< CTX05-1
  int componentPosition = 0;          ///< CTX05-2
  int repeatPosition = 0;             ///< CTX05-3
  std::string elementReference;       ///< CTX06-1
  /// True when this names a business unit (CTX01-1 other than SITUATIONAL TRIGGER).
  [[nodiscard]] bool isBusinessUnit() const;
};

/// IK4: one element in error inside the segment of its IK3.
struct ElementError999 {
  int position = 0;       ///< IK401-1: the element's position in the segment (CLM05 is 5)
  int component = 0;      ///< IK401-2: the component inside a composite; 0 when absent
  int repeat = 0;         ///< IK401-3: the repetition of a repeating element; 0 when absent
  std::string reference;  ///< IK402: the data element reference number ("1028")
  CodedValue error;       ///< IK403 with its meaning
  std::string badValue;   ///< IK404: a copy of the value in error; empty when absent
  std::vector<ErrorContext999> contexts;  ///< CTX after the IK4
  std::uint64_t segment = 0;              ///< index of the IK4 in the 999 input
};

/// IK3: one segment in error in the acknowledged transaction set.
struct SegmentError999 {
  std::string segmentId;       ///< IK301: "NM1"
  std::uint32_t position = 0;  ///< IK302: the segment's position in its transaction set, ST = 1
  std::string loopId;          ///< IK303: "2010AA"; empty when absent
  CodedValue error;            ///< IK304 with its meaning (code empty when absent)
  std::vector<ErrorContext999> contexts;  ///< CTX after the IK3 (business unit, triggers)
  std::vector<ElementError999> elements;  ///< its IK4s
  std::uint64_t segment = 0;              ///< index of the IK3 in the 999 input
  /// CTX01-2 of the first business unit context named `name` ("CLM01"); empty when none.
  [[nodiscard]] std::string businessUnit(std::string_view name = "CLM01") const;
};

/// AK2 ... IK5: the answer for one transaction set that we sent.
struct TransactionAck999 {
  std::string transactionSet;  ///< AK201: "837"
  std::string controlNumber;   ///< AK202: our ST02
  std::string version;         ///< AK203: our ST03 ("005010X222A1"); empty when absent
  std::vector<SegmentError999> segmentErrors;
  AckCode status = AckCode::kRejected;  ///< IK501
  std::vector<CodedValue> reasons;      ///< IK502 to IK506, in order
  std::uint64_t segment = 0;            ///< index of the AK2 in the 999 input
  [[nodiscard]] bool accepted() const { return isAccepted(status); }
};

/// One 999 transaction set: the answer for one functional group that we sent.
struct Ack999 {
  AckEnvelope envelope;                         ///< where this 999 arrived
  std::string functionalId;                     ///< AK101: our GS01 ("HC")
  std::string groupControl;                     ///< AK102: our GS06
  std::string groupVersion;                     ///< AK103: our GS08; empty when absent
  std::vector<TransactionAck999> transactions;  ///< AK2 loops, in order
  AckCode groupStatus = AckCode::kRejected;     ///< AK901
  std::uint32_t transactionsIncluded = 0;       ///< AK902: sets in our group (GE01)
  std::uint32_t transactionsReceived = 0;       ///< AK903
  std::uint32_t transactionsAccepted = 0;       ///< AK904
  std::vector<CodedValue> groupReasons;         ///< AK905 to AK909
  /// The answer for our ST02, or nullptr when the 999 has no AK2 for it.
  [[nodiscard]] const TransactionAck999* find(std::string_view controlNumber) const;
};

/// Meaning of an IK304 code (segment syntax error); empty for an unknown code.
std::string_view segmentErrorMeaning(std::string_view code);
/// Meaning of an IK403 code (element syntax error); empty for an unknown code.
std::string_view elementErrorMeaning(std::string_view code);
/// Meaning of an IK502-IK506 code (transaction set syntax error); empty for an unknown code.
std::string_view transactionErrorMeaning(std::string_view code);
/// Meaning of an AK905-AK909 code (functional group syntax error); empty for an unknown code.
std::string_view groupErrorMeaning(std::string_view code);

/// Reads 999 implementation acknowledgements (005010X231A1), one transaction set at a time,
/// streaming over the tokenizer: memory is bounded by the largest 999 transaction set.
///
/// Every envelope rule of `x12 check` applies (counts, control numbers, 5010 only). Input that
/// is not a 999 (another transaction, 4010) is refused, naming the segment (unless
/// skipOtherTransactions). Inside a 999 it checks the loop order (AK1, then AK2 ... IK5 loops
/// with IK3/CTX/IK4, then AK9) and the elements the claims need (AK102, AK202, IK302, IK401,
/// IK403, IK501, AK901-AK904); a code outside the 5010 lists in IK304, IK403, IK502-506 or
/// AK905-909 is kept with `known == false`, while IK501 and AK901, which decide acceptance,
/// must be one of their letters. Errors are values; malformed input never crashes or loops.
///
/// A 999 is yielded when its SE has been read and checked; a problem found later in the file
/// (a wrong IEA, say) comes after it. A caller that must act on a whole file or not at all
/// reads to the end first (parse999() does). Not thread-safe.
class Ack999Reader {
 public:
  explicit Ack999Reader(std::string_view input, const AckReadOptions& options = {});
  explicit Ack999Reader(PullSource source, const AckReadOptions& options = {});

  /// The next 999 transaction set, or nullptr at the end of the input or on a problem (see
  /// problem()). Valid until the next call.
  const Ack999* next();
  [[nodiscard]] const std::optional<Problem>& problem() const { return stream_.problem(); }
  /// The envelope summary of the input (complete once next() has returned nullptr).
  [[nodiscard]] const Summary& summary() const { return stream_.summary(); }

 private:
  enum class State { kStart, kGroup, kTransaction, kSegmentError, kElementError, kAfterIk5, kEnd };
  bool onSegment(const Segment& s);
  bool onEnd(const Segment& s);
  bool missingIk5(const Segment& s);
  void fail(const Segment& s, int element, std::string message, int component = 0);

  detail::AckStream stream_;
  Ack999 ack_;
  State state_ = State::kStart;
};

/// Every 999 of a whole input, or its first problem as a domain error (kUnsupported for input
/// that is not a 5010 999, kInvalid otherwise, with the field `segment 7 IK403`).
domain::Result<std::vector<Ack999>> parse999(std::string_view input);

/// Counts over the 999s of an input, for `x12 check`'s summary line.
struct Ack999Tally {
  std::uint64_t groups = 0;                   ///< 999 transaction sets (one AK1 each)
  std::uint64_t groupsAccepted = 0;           ///< AK901 A or E
  std::uint64_t groupsPartiallyAccepted = 0;  ///< AK901 P
  std::uint64_t groupsRejected = 0;           ///< AK901 R, M, W or X
  std::uint64_t transactionSets = 0;          ///< AK2 loops
  std::uint64_t accepted = 0;                 ///< IK501 A
  std::uint64_t acceptedWithErrors = 0;       ///< IK501 E
  std::uint64_t rejected = 0;                 ///< IK501 R, M, W or X
  void add(const Ack999& ack);
  /// "acknowledges 1 group (1 partially accepted) and 3 transaction sets (2 accepted,
  /// 1 rejected)".
  [[nodiscard]] std::string describe() const;
};

}  // namespace medoffice::codecs::x12
