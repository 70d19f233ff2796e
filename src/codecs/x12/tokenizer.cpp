// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/tokenizer.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <istream>
#include <string>

namespace medoffice::codecs::x12 {

namespace {

constexpr std::size_t kIsaBytes = 106;  // "ISA", 16 separators, 86 data bytes, the terminator
constexpr int kIsaWidths[16] = {2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1};

bool isAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string twoDigits(int n) {
  return (n < 10 ? "0" : "") + std::to_string(n);
}

}  // namespace

bool isSeparatorCandidate(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u != 0 && u < 0x80 && c != ' ' && !isAlnum(c);
}

std::string_view part(std::string_view value, char separator, std::size_t n) {
  if (n == 0) return {};
  std::size_t start = 0;
  for (std::size_t k = 1;; ++k) {
    const std::size_t end = value.find(separator, start);
    if (k == n) return value.substr(start, end == std::string_view::npos ? end : end - start);
    if (end == std::string_view::npos) return {};
    start = end + 1;
  }
}

std::size_t partCount(std::string_view value, char separator) {
  if (value.empty()) return 0;
  return static_cast<std::size_t>(std::count(value.begin(), value.end(), separator)) + 1;
}

void Segment::split() const {
  elements_.clear();
  const char sep = delimiters_.element;
  const char* const base = text_.data();
  const std::size_t n = text_.size();
  std::size_t start = 0;
  std::size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    // Eight bytes at a time: elements are short, so a memchr call per element costs more than
    // it finds, and a byte loop was a tenth of reading an 835. Each byte equal to the separator
    // gets its high bit set (exactly: no carry crosses a byte), lowest address first.
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    const std::uint64_t pattern = 0x0101010101010101ULL * static_cast<unsigned char>(sep);
    for (; i + 8 <= n; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, base + i, 8);
      const std::uint64_t x = word ^ pattern;
      std::uint64_t hits = ~(((x & kLow7) + kLow7) | x | kLow7);
      while (hits != 0) {
        const std::size_t at = i + static_cast<std::size_t>(std::countr_zero(hits)) / 8;
        elements_.emplace_back(base + start, at - start);
        start = at + 1;
        hits &= hits - 1;
      }
    }
  }
  for (; i < n; ++i) {
    if (base[i] == sep) {
      elements_.emplace_back(base + start, i - start);
      start = i + 1;
    }
  }
  elements_.emplace_back(base + start, n - start);
  split_ = true;
}

PullSource pullFrom(std::istream& in) {
  return [&in](char* buffer, std::size_t capacity) -> std::ptrdiff_t {
    if (in.bad()) return -1;
    in.read(buffer, static_cast<std::streamsize>(capacity));
    if (in.bad()) return -1;
    return static_cast<std::ptrdiff_t>(in.gcount());
  };
}

Tokenizer::Tokenizer(std::string_view input, TokenizerOptions options)
    : options_(options), data_(input.data()), size_(input.size()), eof_(true) {
  options_.maxSegmentBytes = std::max<std::size_t>(options_.maxSegmentBytes, 128);
}

Tokenizer::Tokenizer(PullSource source, TokenizerOptions options)
    : options_(options), source_(std::move(source)) {
  options_.maxSegmentBytes = std::max<std::size_t>(options_.maxSegmentBytes, 128);
  options_.chunkBytes = std::clamp<std::size_t>(options_.chunkBytes, 256, std::size_t{1} << 26);
  capacity_ = options_.chunkBytes;
  storage_ = std::make_unique<char[]>(capacity_);
  data_ = storage_.get();
}

bool Tokenizer::fill() {
  if (eof_ || problem_) return false;
  if (pos_ > 0) {
    std::memmove(storage_.get(), storage_.get() + pos_, size_ - pos_);
    base_ += pos_;
    size_ -= pos_;
    pos_ = 0;
  }
  if (size_ == capacity_) {
    // One segment fills the buffer: grow, but never past what the segment limit needs.
    const std::size_t most = std::max(options_.chunkBytes, options_.maxSegmentBytes + 2);
    if (capacity_ >= most) return false;  // the caller's limit check reports it
    const std::size_t grown = std::min(most, capacity_ * 2);
    auto bigger = std::make_unique<char[]>(grown);
    std::memcpy(bigger.get(), storage_.get(), size_);
    storage_ = std::move(bigger);
    capacity_ = grown;
    data_ = storage_.get();
  }
  const std::ptrdiff_t n = source_(storage_.get() + size_, capacity_ - size_);
  if (n < 0) {
    problem_ = Problem{ProblemKind::kIo,
                       segment_.index_,
                       base_ + size_,
                       {},
                       0,
                       0,
                       "reading the input failed",
                       false};
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  size_ += static_cast<std::size_t>(
      std::min<std::ptrdiff_t>(n, static_cast<std::ptrdiff_t>(capacity_ - size_)));
  return true;
}

bool Tokenizer::ensure(std::size_t bytes) {
  while (size_ - pos_ < bytes) {
    if (!fill()) return size_ - pos_ >= bytes;
  }
  return true;
}

void Tokenizer::skipLineBreaks() {
  for (;;) {
    while (pos_ < size_) {
      const char c = data_[pos_];
      if ((c != '\r' && c != '\n') || c == delimiters_.segment || c == delimiters_.element) return;
      ++pos_;
    }
    if (!fill()) return;
  }
}

const Segment* Tokenizer::fail(ProblemKind kind, std::string message, std::uint64_t offset,
                               std::string_view id) {
  problem_ =
      Problem{kind, segment_.index_ + 1, offset, std::string(id), 0, 0, std::move(message), false};
  return nullptr;
}

const Segment* Tokenizer::next() {
  if (problem_) return nullptr;
  skipLineBreaks();
  if (problem_) return nullptr;
  if (pos_ == size_) return nullptr;  // the end of the input, between segments
  const std::uint64_t start = base_ + pos_;
  ensure(4);
  if (problem_) return nullptr;
  const std::size_t avail = size_ - pos_;
  const char* p = data_ + pos_;
  if (avail >= 3 && p[0] == 'I' && p[1] == 'S' && p[2] == 'A' && (avail == 3 || !isAlnum(p[3]))) {
    return readIsa();
  }
  if (!started_) {
    ensure(17);  // the message shows the same bytes however the input was chunked
    if (problem_) return nullptr;
    return fail(ProblemKind::kSyntax,
                "the input does not start with an ISA segment (it starts with '" +
                    showBytes(std::string_view(data_ + pos_, size_ - pos_), 16) + "')",
                start);
  }

  // Find the terminator; never search (or buffer) more than the segment limit.
  std::size_t scanned = 0;
  std::size_t length = 0;
  for (;;) {
    const std::size_t limit = std::min(size_ - pos_, options_.maxSegmentBytes + 1);
    if (scanned < limit) {
      const void* hit = std::memchr(data_ + pos_ + scanned, delimiters_.segment, limit - scanned);
      if (hit != nullptr) {
        length = static_cast<std::size_t>(static_cast<const char*>(hit) - (data_ + pos_));
        break;
      }
      scanned = limit;
    }
    if (scanned > options_.maxSegmentBytes) {
      return fail(ProblemKind::kLimit,
                  "the segment is longer than " + std::to_string(options_.maxSegmentBytes) +
                      " bytes without a segment terminator '" + showByte(delimiters_.segment) +
                      "'; no segment of the supported transactions comes close",
                  start, std::string_view(data_ + pos_, std::min<std::size_t>(3, size_ - pos_)));
    }
    if (!fill()) {
      if (problem_) return nullptr;
      std::string_view rest(data_ + pos_, size_ - pos_);
      return fail(ProblemKind::kSyntax,
                  "the input is truncated: it ends inside a segment ('" + showBytes(rest, 24) +
                      "') that has no segment terminator '" + showByte(delimiters_.segment) + "'",
                  start, rest.substr(0, std::min<std::size_t>(3, rest.find(delimiters_.element))));
    }
  }

  std::string_view text(data_ + pos_, length);
  if (delimiters_.segment == '\n' && !text.empty() && text.back() == '\r') text.remove_suffix(1);
  pos_ += length + 1;
  std::size_t k = 0;
  const std::size_t idLimit = std::min<std::size_t>(text.size(), 4);
  while (k < idLimit && text[k] != delimiters_.element) ++k;
  segment_.text_ = text;
  segment_.id_ = text.substr(0, k);
  segment_.key_ = segmentKey(segment_.id_);
  segment_.offset_ = start;
  segment_.delimiters_ = delimiters_;
  segment_.split_ = false;
  ++segment_.index_;
  return &segment_;
}

const Segment* Tokenizer::readIsa() {
  const std::uint64_t start = base_ + pos_;
  const bool whole = ensure(kIsaBytes);
  if (problem_) return nullptr;
  const std::size_t avail = std::min(size_ - pos_, kIsaBytes);
  const char* p = data_ + pos_;
  if (avail < 4) {
    return fail(ProblemKind::kSyntax,
                "the input is truncated inside the ISA: an interchange header is 106 bytes, only " +
                    std::to_string(avail) + " remain",
                start, "ISA");
  }
  const char e = p[3];
  if (!isSeparatorCandidate(e)) {
    return fail(ProblemKind::kSyntax,
                "byte 3 of the ISA ('" + showByte(e) + "') cannot be an element separator", start,
                "ISA");
  }
  // ISA is fixed width: every separator sits at a known offset.
  std::size_t q = 4;
  for (int i = 0; i < 15; ++i) {
    const auto w = static_cast<std::size_t>(kIsaWidths[i]);
    if (q + w >= avail) break;
    if (p[q + w] != e) {
      const void* hit = std::memchr(p + q, e, avail - q);
      const std::string actual =
          hit != nullptr
              ? std::to_string(static_cast<const char*>(hit) - (p + q)) + " characters long"
              : "longer than the whole header";
      problem_ = Problem{ProblemKind::kSyntax,
                         segment_.index_ + 1,
                         start,
                         "ISA",
                         i + 1,
                         0,
                         "ISA" + twoDigits(i + 1) + " is " + actual + "; it must be exactly " +
                             std::to_string(w) +
                             " (the ISA is fixed width: values are padded with spaces)",
                         false};
      return nullptr;
    }
    q += w + 1;
  }
  if (!whole) {
    return fail(ProblemKind::kSyntax,
                "the input is truncated inside the ISA: an interchange header is 106 bytes, only " +
                    std::to_string(size_ - pos_) + " remain",
                start, "ISA");
  }
  if (std::count(p + 4, p + 104, e) != 15) {
    return fail(ProblemKind::kSyntax,
                "an ISA value contains the element separator '" + showByte(e) + "'", start, "ISA");
  }
  const char repetition = p[82];
  const char component = p[104];
  const char terminator = p[105];
  if (!isSeparatorCandidate(component)) {
    problem_ = Problem{ProblemKind::kSyntax,
                       segment_.index_ + 1,
                       start,
                       "ISA",
                       16,
                       0,
                       "ISA16 ('" + showByte(component) + "') cannot be a component separator",
                       false};
    return nullptr;
  }
  if (!isSeparatorCandidate(terminator)) {
    return fail(ProblemKind::kSyntax,
                "the ISA is not followed by a segment terminator: the byte after ISA16 is '" +
                    showByte(terminator) + "'",
                start, "ISA");
  }
  const bool repeats = isSeparatorCandidate(repetition);
  if (e == component || e == terminator || component == terminator ||
      (repeats && (repetition == e || repetition == component || repetition == terminator))) {
    return fail(ProblemKind::kSyntax,
                "the ISA separators are not all different (element '" + showByte(e) +
                    "', repetition '" + showByte(repetition) + "', component '" +
                    showByte(component) + "', segment '" + showByte(terminator) + "')",
                start, "ISA");
  }
  delimiters_ = Delimiters{e, repeats ? repetition : '\0', component, terminator};
  started_ = true;
  segment_.text_ = std::string_view(p, kIsaBytes - 1);
  segment_.id_ = segment_.text_.substr(0, 3);
  segment_.key_ = segmentKey("ISA");
  segment_.offset_ = start;
  segment_.delimiters_ = delimiters_;
  segment_.split_ = false;
  ++segment_.index_;
  pos_ += kIsaBytes;
  return &segment_;
}

}  // namespace medoffice::codecs::x12
