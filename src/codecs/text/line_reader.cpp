// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/text/line_reader.hpp"

#include <cstring>

namespace medoffice::codecs::text {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 16;

}  // namespace

LineReader::LineReader(std::istream& in, std::size_t maxLine)
    : in_(in), maxLine_(maxLine), buf_(maxLine + kChunk + 2) {}

bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const std::size_t room = buf_.size() - end_;
  if (room == 0) return false;
  in_.read(buf_.data() + end_, static_cast<std::streamsize>(room));
  const auto got = static_cast<std::size_t>(in_.gcount());
  end_ += got;
  bytesRead_ += got;
  if (got == 0) eof_ = true;
  return got > 0;
}

std::optional<std::string_view> LineReader::take(const char* start, std::size_t len,
                                                 bool terminated) {
  ++number_;
  terminated_ = terminated;
  if (len > 0 && start[len - 1] == '\r') --len;
  if (len > maxLine_) {
    tooLong_ = true;
    return std::nullopt;
  }
  return std::string_view(start, len);
}

std::optional<std::string_view> LineReader::next() {
  if (tooLong_) return std::nullopt;
  std::size_t scanned = 0;  // bytes after begin_ already searched for LF
  for (;;) {
    const char* start = buf_.data() + begin_;
    const std::size_t have = end_ - begin_;
    const void* lf = have > scanned ? std::memchr(start + scanned, '\n', have - scanned) : nullptr;
    if (lf != nullptr) {
      const std::size_t len = static_cast<const char*>(lf) - start;
      begin_ += len + 1;
      return take(start, len, true);
    }
    scanned = have;  // relative to begin_, which fill() keeps pointing at the same byte
    if (have > maxLine_ + 1) {
      ++number_;
      tooLong_ = true;
      return std::nullopt;
    }
    if (!fill()) {
      if (end_ == begin_) return std::nullopt;
      // The last line has no line break.
      const char* last = buf_.data() + begin_;
      const std::size_t len = end_ - begin_;
      begin_ = end_;
      return take(last, len, false);
    }
  }
}

std::string_view trimRight(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = trimRight(s);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

}  // namespace medoffice::codecs::text
