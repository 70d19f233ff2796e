// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/tokenizer.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::x12 {

/// Where a Writer puts its bytes, one whole segment per call.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void write(std::string_view bytes) = 0;
  /// False once a write has failed; the writer then refuses to go on.
  [[nodiscard]] virtual bool ok() const { return true; }
};

/// Appends to a string the caller owns.
class StringSink final : public Sink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  void write(std::string_view bytes) override { out_.append(bytes); }

 private:
  std::string& out_;
};

/// Writes to an ostream the caller owns; a stream in a failed state stops the writer.
class StreamSink final : public Sink {
 public:
  explicit StreamSink(std::ostream& out) : out_(out) {}
  void write(std::string_view bytes) override;
  [[nodiscard]] bool ok() const override;

 private:
  std::ostream& out_;
};

/// Hands out the control numbers of one trading partner: ISA13, GS06 and ST02.
///
/// Contract: a number, once returned, is never returned again for that partner, not after a
/// restart, a rollback or a failed send. Acknowledgements (TA1, 999, 277CA) find our file,
/// group and transaction by these numbers, so a reused number makes an acknowledgement point
/// at the wrong batch. Implementations persist the last number before returning it (a gap after
/// a crash is harmless; a repeat is not). Numbers are 1 to 999,999,999; an implementation
/// that runs out returns an error instead of wrapping around.
class ControlNumberSource {
 public:
  virtual ~ControlNumberSource() = default;
  virtual domain::Result<std::uint32_t> nextInterchange() = 0;  ///< ISA13 / IEA02
  virtual domain::Result<std::uint32_t> nextGroup() = 0;        ///< GS06 / GE02
  virtual domain::Result<std::uint32_t> nextTransaction() = 0;  ///< ST02 / SE02
};

/// Counts up from given numbers and keeps nothing. Only for files whose numbers are recorded
/// elsewhere or never sent (tests, benchmarks, previews): a new instance starts over, so it
/// does not meet the never-reuse contract across runs by itself.
class CountingControlNumbers final : public ControlNumberSource {
 public:
  CountingControlNumbers(std::uint32_t interchange, std::uint32_t group, std::uint32_t transaction)
      : interchange_(interchange), group_(group), transaction_(transaction) {}
  domain::Result<std::uint32_t> nextInterchange() override { return take(interchange_); }
  domain::Result<std::uint32_t> nextGroup() override { return take(group_); }
  domain::Result<std::uint32_t> nextTransaction() override { return take(transaction_); }

 private:
  static domain::Result<std::uint32_t> take(std::uint32_t& n);
  std::uint32_t interchange_;
  std::uint32_t group_;
  std::uint32_t transaction_;
};

struct TimeOfDay {
  int hour = 0;    ///< 0-23
  int minute = 0;  ///< 0-59
};

/// ISA usage indicator (ISA15). A test file sent to production, or the reverse, is a
/// configuration error the caller must prevent.
enum class Usage { kTest, kProduction };

/// What the caller decides about an interchange; the writer pads and numbers it.
struct InterchangeHeader {
  std::string authorizationQualifier = "00";  ///< ISA01, 2 characters
  std::string authorization;                  ///< ISA02, at most 10 (blank-padded)
  std::string securityQualifier = "00";       ///< ISA03, 2 characters
  std::string security;                       ///< ISA04, at most 10
  std::string senderQualifier = "ZZ";         ///< ISA05, 2 characters
  std::string senderId;                       ///< ISA06, 1-15 characters
  std::string receiverQualifier = "ZZ";       ///< ISA07, 2 characters
  std::string receiverId;                     ///< ISA08, 1-15 characters
  domain::Date date;                          ///< ISA09 (YYMMDD)
  TimeOfDay time;                             ///< ISA10 (HHMM)
  bool acknowledgementRequested = false;      ///< ISA14: ask for a TA1
  Usage usage = Usage::kTest;                 ///< ISA15
};

/// What the caller decides about a functional group.
struct GroupHeader {
  std::string functionalId;              ///< GS01: "HC" for 837, must match the version's guide
  std::string senderCode;                ///< GS02, 2-15 characters
  std::string receiverCode;              ///< GS03, 2-15 characters
  domain::Date date;                     ///< GS04 (CCYYMMDD)
  TimeOfDay time;                        ///< GS05 (HHMM)
  std::string version = "005010X222A1";  ///< GS08 and ST03: a guide of guides(), no errata
};

/// One segment's elements by position (never by concatenation): element n (1-based), its
/// components and repetitions. Unset or empty positions become empty elements between set ones,
/// and trailing empty elements and components are never written (`NM1*87*2`). Values are
/// copied, so the arguments need not outlive the call. Reusable through reset().
class SegmentBuilder {
 public:
  explicit SegmentBuilder(std::string_view id) { reset(id); }
  /// Starts a new segment, keeping the buffers.
  void reset(std::string_view id);
  /// Element n (1-based) as one value.
  SegmentBuilder& element(std::size_t n, std::string_view value);
  /// Element n as a composite; empty components keep their positions (`HC:J3490:::::text`).
  SegmentBuilder& composite(std::size_t n, std::initializer_list<std::string_view> components);
  /// Element n as repetitions separated by ISA11 (`1^33^35`).
  SegmentBuilder& repeated(std::size_t n, std::initializer_list<std::string_view> values);
  /// One position, all 1-based: repetition r, component k of element n. For composites and
  /// repetitions built in a loop (SV107 pointers, EB03 service types); value(n, 1, 1, v) is
  /// element(n, v).
  SegmentBuilder& value(std::size_t n, std::size_t r, std::size_t k, std::string_view v);

  [[nodiscard]] std::string_view id() const { return id_; }

 private:
  friend class Writer;
  struct Piece {
    std::uint32_t element;
    std::uint32_t repetition;
    std::uint32_t component;
    std::uint32_t offset;
    std::uint32_t size;
  };
  void add(std::size_t n, std::size_t repetition, std::size_t component, std::string_view value);
  std::string id_;
  std::string data_;
  std::vector<Piece> pieces_;
};

struct WriterOptions {
  Delimiters delimiters;    ///< must all differ, and none may be a letter, digit or space
  bool lineBreaks = false;  ///< write '\n' after each segment terminator (for people reading)
};

/// Writes X12 5010 and owns the envelope: it draws ISA13, GS06 and ST02 from the caller's
/// ControlNumberSource, pads the ISA to its fixed widths, writes ST03 = GS08, and computes SE01,
/// GE01 and IEA01 from the segments it has written (nobody counts by hand).
///
/// A value containing a delimiter, a control character or a non-ASCII byte is refused: the
/// call returns an error naming the element and nothing of that segment is written. So are
/// calls out of order (a segment outside ST/SE, an IEA with a group open). After an error the
/// output written so far is incomplete: discard it; the control numbers drawn stay used.
/// Not thread-safe; one writer per output.
class Writer {
 public:
  Writer(Sink& sink, ControlNumberSource& numbers, WriterOptions options = {});

  domain::Status beginInterchange(const InterchangeHeader& header);  ///< ISA
  domain::Status beginGroup(const GroupHeader& header);              ///< GS
  domain::Status beginTransaction(std::string_view transactionSet);  ///< ST
  domain::Status write(const SegmentBuilder& segment);  ///< any segment between ST and SE
  domain::Status endTransaction();                      ///< SE
  domain::Status endGroup();                            ///< GE
  domain::Status endInterchange();                      ///< IEA

  /// Control numbers in use (0 before the first): ISA13, GS06 and ST02 of the open or last
  /// envelope, so the caller can record what it sent.
  [[nodiscard]] std::uint32_t interchangeControl() const { return isa13_; }
  [[nodiscard]] std::uint32_t groupControl() const { return gs06_; }
  [[nodiscard]] std::uint32_t transactionControl() const { return st02_; }
  /// Segments written in the open (or last) transaction, ST and SE included.
  [[nodiscard]] std::uint64_t transactionSegments() const { return segments_; }

 private:
  domain::Status emit(const SegmentBuilder& segment);
  domain::Status checkValue(std::string_view name, std::string_view value) const;
  domain::Status flush();
  static domain::Status delimiterError();

  Sink& sink_;
  ControlNumberSource& numbers_;
  WriterOptions options_;
  bool delimitersOk_ = false;
  std::string line_;
  SegmentBuilder scratch_{"ST"};
  std::vector<SegmentBuilder::Piece> order_;
  bool inInterchange_ = false;
  bool inGroup_ = false;
  bool inTransaction_ = false;
  std::uint32_t isa13_ = 0;
  std::uint32_t gs06_ = 0;
  std::uint32_t st02_ = 0;
  std::uint64_t groups_ = 0;
  std::uint64_t transactions_ = 0;
  std::uint64_t segments_ = 0;
  std::string version_;
  std::string transactionSet_;
};

}  // namespace medoffice::codecs::x12
