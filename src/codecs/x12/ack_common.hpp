// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/envelope.hpp"
#include "codecs/x12/problem.hpp"
#include "codecs/x12/tokenizer.hpp"
#include "domain/common/result.hpp"
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
  /// What the envelope check noted without refusing the input (an errata version), as
  /// check() reports them.
  [[nodiscard]] const std::vector<Problem>& warnings() const { return validator_.warnings(); }

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

/// The event loop of every reader's next(): `begin()` at an ST of the wanted type,
/// `segment(s)` for each segment inside it (false ends the reading: it has failed on the
/// stream), and `end(se)` at its SE, returning the finished transaction set or nullptr after a
/// problem. nullptr at the end of the input or on a problem.
template <class T, class Begin, class OnSegment, class End>
const T* nextTransaction(AckStream& stream, Begin&& begin, OnSegment&& segment, End&& end) {
  for (;;) {
    switch (stream.next()) {
      case AckStream::Event::kBegin:
        begin();
        break;
      case AckStream::Event::kSegment:
        if (!segment(stream.segment())) return nullptr;
        break;
      case AckStream::Event::kEnd:
        return end(stream.segment());
      case AckStream::Event::kDone:
      case AckStream::Event::kFailed:
        return nullptr;
    }
  }
}

/// Every transaction set `reader` yields (a copy each), or its first problem as a domain
/// error. `notThis`, when not empty, replaces the message of a kUnsupported error (input of
/// another type or version): "The X12 input is not a 5010 835 remittance advice.".
template <class T, class Reader>
domain::Result<std::vector<T>> readAll(Reader& reader, std::string_view notThis = {}) {
  std::vector<T> out;
  while (const T* t = reader.next()) out.push_back(*t);
  if (reader.problem()) {
    domain::Error e = toError(*reader.problem());
    if (!notThis.empty() && e.code == domain::ErrorCode::kUnsupported) {
      e.message = std::string(notThis);
    }
    return e;
  }
  return out;
}

/// The open levels of an HL hierarchy (277CA, 277, 271): the HL01 of each, so that a new HL's
/// parent (HL02) is checked against the level above it. Level 0 is the information source, the
/// top. Not thread-safe.
class HlLevels {
 public:
  /// Checks HL01 (1 to 12 characters); fails on `stream` and returns false otherwise.
  static bool checkId(AckStream& stream, const Segment& s);
  /// Opens level `level` at the HL `s` (whose HL01 passed checkId()): the top level names no
  /// parent, any other the open level above it in HL02 (`names` name the levels in messages:
  /// "information receiver level (HL 21, loop 2000B)"). The levels below it close. Fails on
  /// `stream` and returns false otherwise.
  bool open(AckStream& stream, const Segment& s, std::size_t level,
            std::span<const std::string_view> names);
  /// Closes every level (a new transaction set).
  void clear();

 private:
  static constexpr std::size_t kMost = 6;
  std::string ids_[kMost];
};

/// The first segment after ST of a transaction set that starts with a BHT (277CA, 277, 271):
/// true when it is the BHT, else fails naming the `transaction` ("277CA") and the segment.
bool isBht(AckStream& stream, const Segment& s, std::string_view transaction);
/// Keeps BHT03 (`reference`) and BHT04 (`created`, a CCYYMMDD date when present); fails when
/// BHT04 is not a date.
bool readBht(AckStream& stream, const Segment& s, std::string& reference,
             std::optional<domain::Date>& created);

/// At the SE of a transaction set that starts with a BHT (277CA, 277, 271): true when the BHT
/// was seen, else fails naming the `transaction` ("277CA").
bool sawBht(AckStream& stream, const Segment& se, bool bht, std::string_view transaction);
/// At the SE of a hierarchical transaction set: true when it holds an information source level
/// and, when `receivers` is given, an information receiver level; else fails naming the level.
bool hasTopLevels(AckStream& stream, const Segment& se, std::size_t sources,
                  std::optional<std::size_t> receivers);

/// A DTP date or date range: D8 (`from` and `to` the same day) or RD8 ("20261101-20261105";
/// `to` is left empty when it comes before `from`). False when `format` is neither or a date
/// is not a CCYYMMDD date.
bool dateRange(std::string_view format, std::string_view value, std::optional<domain::Date>& from,
               std::optional<domain::Date>& to);

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
