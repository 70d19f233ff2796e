// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Reading text files line by line with bounded memory (the code-set files, CSV files).

#include <cstddef>
#include <istream>
#include <optional>
#include <string_view>
#include <vector>

namespace medoffice::codecs::text {

/// Splits a byte stream into lines ended by LF or CRLF, reading 64 KiB at a time into one buffer
/// that is reused: memory stays bounded by the longest line whatever the file size. Not
/// thread-safe.
class LineReader {
 public:
  explicit LineReader(std::istream& in, std::size_t maxLine = std::size_t{1} << 16);
  /// The next line without its LF or CRLF; valid until the next call. nullopt at the end of the
  /// input, or when a line is longer than maxLine (then tooLong()).
  std::optional<std::string_view> next();
  /// The 1-based number of the line last returned (or of the over-long line).
  [[nodiscard]] std::size_t number() const { return number_; }
  /// Whether the line last returned ended with a line break (the last line of a truncated file
  /// does not).
  [[nodiscard]] bool terminated() const { return terminated_; }
  [[nodiscard]] bool tooLong() const { return tooLong_; }
  [[nodiscard]] std::size_t bytesRead() const { return bytesRead_; }

 private:
  bool fill();
  /// Counts a line of `len` bytes at `start`, without a trailing CR.
  std::optional<std::string_view> take(const char* start, std::size_t len, bool terminated);

  std::istream& in_;
  std::size_t maxLine_;
  std::vector<char> buf_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  bool terminated_ = true;
  bool tooLong_ = false;
  std::size_t number_ = 0;
  std::size_t bytesRead_ = 0;
};

/// `s` without trailing spaces.
std::string_view trimRight(std::string_view s);
/// `s` without surrounding spaces.
std::string_view trim(std::string_view s);

}  // namespace medoffice::codecs::text
