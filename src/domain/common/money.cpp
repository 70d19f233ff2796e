// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/common/money.hpp"

#include <cstdlib>

namespace medoffice::domain {

std::optional<Money> Money::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  std::size_t digits = 0;
  for (; i < text.size() && text[i] != '.'; ++i, ++digits) {
    char c = text[i];
    if (c < '0' || c > '9' || digits >= 14) return std::nullopt;
    whole = whole * 10 + (c - '0');
  }
  std::int64_t frac = 0;
  if (i < text.size()) {
    ++i;  // '.'
    std::size_t fracDigits = text.size() - i;
    if (fracDigits == 0 || fracDigits > 2) return std::nullopt;
    for (std::size_t k = 0; k < fracDigits; ++k) {
      char c = text[i + k];
      if (c < '0' || c > '9') return std::nullopt;
      frac = frac * 10 + (c - '0');
    }
    if (fracDigits == 1) frac *= 10;
  }
  if (digits == 0 && i == 0) return std::nullopt;
  std::int64_t cents = whole * 100 + frac;
  return Money(negative ? -cents : cents);
}

std::string Money::toString() const {
  // The magnitude as unsigned: -INT64_MIN does not fit in int64.
  std::uint64_t c = cents_ < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(cents_)
                               : static_cast<std::uint64_t>(cents_);
  std::string out;
  if (cents_ < 0) out.push_back('-');
  out += std::to_string(c / 100);
  out.push_back('.');
  std::uint64_t f = c % 100;
  out.push_back(static_cast<char>('0' + f / 10));
  out.push_back(static_cast<char>('0' + f % 10));
  return out;
}

}  // namespace medoffice::domain
