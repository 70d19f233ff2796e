// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "codecs/x12/problem.hpp"

namespace medoffice::codecs::x12 {

/// The four separators of an interchange, read from its ISA (never assumed).
struct Delimiters {
  char element = '*';     ///< ISA byte 3
  char repetition = '^';  ///< ISA11 (byte 82); '\0' when ISA11 is not a separator (4010's 'U')
  char component = ':';   ///< ISA16 (byte 104)
  char segment = '~';     ///< the byte after ISA16 (byte 105)
  bool operator==(const Delimiters&) const = default;
};

/// True when `c` may serve as a separator: printable or control ASCII, but no letter, digit or
/// space (those occur in data).
bool isSeparatorCandidate(char c);

/// A segment id (up to 4 bytes) packed into an integer, for comparisons without memcmp:
/// `s.key() == segmentKey("CLM")`, or `case segmentKey("ISA"):`.
constexpr std::uint32_t segmentKey(std::string_view id) {
  std::uint32_t key = 0;
  for (std::size_t i = 0; i < id.size() && i < 4; ++i) {
    key = (key << 8) | static_cast<unsigned char>(id[i]);
  }
  return key;
}

/// The n-th (1-based) part of `value` split on `separator`; empty past the last part.
std::string_view part(std::string_view value, char separator, std::size_t n);
/// How many parts `value` has when split on `separator` (1 for a value without it, 0 for "").
std::size_t partCount(std::string_view value, char separator);

/// One segment, as views into the tokenizer's buffer. Valid until the tokenizer's next call.
/// Not thread-safe (elements are split on first use into a buffer the segment owns).
class Segment {
 public:
  /// The segment id ("NM1"): the bytes before the first element separator, at most 4 of them
  /// when there is none (a 4-byte "id" is never valid, so the envelope reader flags it).
  [[nodiscard]] std::string_view id() const { return id_; }
  /// segmentKey(id()).
  [[nodiscard]] std::uint32_t key() const { return key_; }
  /// The whole segment without its terminator (and without a CR before a LF terminator).
  [[nodiscard]] std::string_view text() const { return text_; }
  /// 1-based index of this segment in the input (ISA of the first interchange is 1).
  [[nodiscard]] std::uint64_t index() const { return index_; }
  /// Byte offset of the segment's first byte in the input.
  [[nodiscard]] std::uint64_t offset() const { return offset_; }
  /// The separators of the interchange this segment belongs to.
  [[nodiscard]] const Delimiters& delimiters() const { return delimiters_; }
  /// Number of elements after the id (`NM1*41*2` has 2; trailing empty elements count).
  [[nodiscard]] std::size_t elementCount() const {
    if (!split_) [[unlikely]]
      split();
    return elements_.size() - 1;
  }
  /// Element n (1-based, NM101 is 1); empty when the segment has fewer elements.
  /// Always inline: readers ask for every element of nearly every segment, and the call cost
  /// more than the lookup (5 % of reading an 835).
  [[nodiscard, gnu::always_inline]] std::string_view element(std::size_t n) const {
    if (!split_) [[unlikely]]
      split();
    return n < elements_.size() ? elements_[n] : std::string_view{};
  }

 private:
  friend class Tokenizer;
  void split() const;

  std::string_view text_;
  std::string_view id_;
  std::uint32_t key_ = 0;
  std::uint64_t index_ = 0;
  std::uint64_t offset_ = 0;
  Delimiters delimiters_;
  mutable std::vector<std::string_view> elements_;  // [0] is the id
  mutable bool split_ = false;
};

/// Fills `buffer` with up to `capacity` bytes. Returns how many were written, 0 at the end of
/// the input, or a negative number when reading failed.
using PullSource = std::function<std::ptrdiff_t(char* buffer, std::size_t capacity)>;

/// A PullSource over an istream (binary reads; a failed stream is a read failure). The stream
/// must outlive the source.
PullSource pullFrom(std::istream& in);

struct TokenizerOptions {
  /// Longest segment accepted, terminator excluded. The longest segment of the supported
  /// transactions is a few hundred bytes; a longer one usually means a wrong terminator.
  std::size_t maxSegmentBytes = std::size_t{1} << 20;
  /// Bytes asked of a PullSource per read (stream mode only).
  std::size_t chunkBytes = std::size_t{1} << 16;
};

/// Splits X12 into segments. Reads the separators from each ISA (fixed width: 106 bytes with
/// the terminator), tolerates CR and LF after each terminator, and finds terminators with
/// memchr. Over a string_view (for example a memory-mapped file) segments are views into the
/// input; over a PullSource they are views into one buffer that is reused, so memory is
/// bounded by the longest segment plus one chunk, never by the input size.
///
/// Errors are values: next() returns nullptr and problem() says what and where. Input that is
/// not X12 never crashes, never loops and never allocates more than the limits above.
/// Not thread-safe; one tokenizer per input.
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view input, TokenizerOptions options = {});
  explicit Tokenizer(PullSource source, TokenizerOptions options = {});

  /// The next segment, or nullptr at the end of the input or on a problem (see problem()).
  /// The segment and its views stay valid until the next call.
  const Segment* next();
  /// Set once next() has returned nullptr because of a problem.
  [[nodiscard]] const std::optional<Problem>& problem() const { return problem_; }
  /// Segments returned so far.
  [[nodiscard]] std::uint64_t segmentCount() const { return segment_.index_; }
  /// Bytes consumed so far (the whole input once next() has returned nullptr without a problem).
  [[nodiscard]] std::uint64_t bytesConsumed() const { return base_ + pos_; }

 private:
  bool fill();                     // reads more input; false at the end or on failure
  bool ensure(std::size_t bytes);  // at least `bytes` unconsumed bytes, if the input has them
  const Segment* readIsa();
  const Segment* fail(ProblemKind kind, std::string message, std::uint64_t offset,
                      std::string_view id = {});
  void skipLineBreaks();

  TokenizerOptions options_;
  PullSource source_;
  std::unique_ptr<char[]> storage_;
  std::size_t capacity_ = 0;
  const char* data_ = nullptr;  // the input (view mode) or storage_ (stream mode)
  std::size_t size_ = 0;        // bytes of data_ holding input
  std::size_t pos_ = 0;         // first unconsumed byte in data_
  std::uint64_t base_ = 0;      // input offset of data_[0]
  bool eof_ = false;
  bool started_ = false;
  Delimiters delimiters_;
  Segment segment_;
  std::optional<Problem> problem_;
};

}  // namespace medoffice::codecs::x12
