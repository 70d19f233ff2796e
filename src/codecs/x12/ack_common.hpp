// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codecs/x12/envelope.hpp"
#include "codecs/x12/problem.hpp"
#include "codecs/x12/tokenizer.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::x12 {

/// A code from an acknowledgement with its meaning in plain English. `known` is false for a
/// code the 5010 lists do not have: it is kept as received, never refused, and `meaning` then
/// says so.
struct CodedValue {
  std::string code;
  std::string_view meaning;  ///< static text; empty only when `code` is empty
  bool known = false;
  bool operator==(const CodedValue&) const = default;
};

/// The interchange, group and transaction an acknowledgement arrived in (its own envelope, not
/// the one of the file it acknowledges).
struct AckEnvelope {
  std::string interchangeControl;  ///< ISA13 of the acknowledgement
  std::string senderQualifier;     ///< ISA05
  std::string senderId;            ///< ISA06, trailing spaces removed (who sent the ack)
  std::string receiverQualifier;   ///< ISA07
  std::string receiverId;          ///< ISA08, trailing spaces removed (normally us)
  bool production = false;         ///< ISA15 is P
  std::string groupSender;         ///< GS02
  std::string groupReceiver;       ///< GS03
  std::string groupControl;        ///< GS06
  std::string transactionControl;  ///< ST02
  std::uint64_t segment = 0;       ///< index of the ST in the input
};

/// How the acknowledgement readers treat their input.
struct AckReadOptions {
  TokenizerOptions tokenizer;
  /// Pass over transactions of other types (a mixed interchange, as `x12 check` reads) instead
  /// of refusing the input at the first one.
  bool skipOtherTransactions = false;
};

namespace detail {

/// The part the 999 and 277CA readers share: tokenises, checks every envelope rule through
/// EnvelopeValidator (so a wrong count, control number or version is refused exactly as
/// `x12 check` refuses it), keeps the envelope values, and hands over the segments of the
/// wanted transaction type between an ST and its SE. Stops at the first problem.
/// Not thread-safe.
class AckStream {
 public:
  enum class Event {
    kBegin,    ///< an ST of the wanted type (segment() is the ST)
    kSegment,  ///< a segment inside it
    kEnd,      ///< its SE (the envelope checks of that transaction have passed)
    kDone,     ///< the end of a valid input
    kFailed,   ///< a problem (see problem())
  };

  AckStream(std::string_view input, const AckReadOptions& options, TransactionType want);
  AckStream(PullSource source, const AckReadOptions& options, TransactionType want);

  Event next();
  /// The segment of the last kBegin, kSegment or kEnd.
  [[nodiscard]] const Segment& segment() const { return *segment_; }
  [[nodiscard]] const AckEnvelope& envelope() const { return envelope_; }
  [[nodiscard]] const std::optional<Problem>& problem() const { return problem_; }
  /// The envelope summary of what has been read (complete after kDone).
  [[nodiscard]] const Summary& summary() const { return validator_.summary(); }

  /// Records a problem in segment `s` (element and component 1-based, 0 for the whole) and
  /// ends the reading: the next call to next() returns kFailed.
  void fail(const Segment& s, int element, std::string message, int component = 0,
            ProblemKind kind = ProblemKind::kElement);

 private:
  Event begin(const Segment& s);
  Event refuse(const Segment& s, int element, std::string message);

  Tokenizer tokenizer_;
  EnvelopeValidator validator_;
  TransactionType want_;
  const Guide* guide_ = nullptr;  // of `want_`
  bool skip_ = false;
  bool inWanted_ = false;
  bool finished_ = false;
  std::string gs01_;
  std::string gs08_;
  const Segment* segment_ = nullptr;
  AckEnvelope envelope_;
  std::optional<Problem> problem_;
};

/// Digits only, at most `maxDigits` of them.
std::optional<std::uint64_t> unsignedNumber(std::string_view s, std::size_t maxDigits = 9);
/// An X12 decimal amount ("150", "150.5", "-9.00", ".5") in integer cents; nullopt for more
/// than two decimals, an exponent or anything else.
std::optional<std::int64_t> amountCents(std::string_view s);
/// A CCYYMMDD date.
std::optional<domain::Date> date8(std::string_view s);
/// `s` without trailing spaces.
std::string trimRight(std::string_view s);
/// `'value'` for messages, made printable and cut at 40 bytes.
std::string quote(std::string_view s);
/// "IK304" from "IK3" and 4.
std::string elementName(std::string_view id, int element);

}  // namespace detail
}  // namespace medoffice::codecs::x12
