// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/money_text.hpp"

namespace medoffice::codecs::pdf {
namespace {

// The magnitude as unsigned, so that INT64_MIN (whose negation overflows) is exact too.
std::uint64_t magnitude(std::int64_t cents) {
  return cents < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(cents)
                   : static_cast<std::uint64_t>(cents);
}

std::string format(std::int64_t cents, bool dollarSign, bool separators) {
  const std::uint64_t m = magnitude(cents);
  const std::string whole = std::to_string(m / 100);
  std::string out;
  out.reserve(whole.size() + whole.size() / 3 + 6);
  if (cents < 0) out.push_back('-');
  if (dollarSign) out.push_back('$');
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (separators && i > 0 && (whole.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(whole[i]);
  }
  const auto fraction = static_cast<unsigned>(m % 100);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + fraction / 10));
  out.push_back(static_cast<char>('0' + fraction % 10));
  return out;
}

}  // namespace

std::string formatDollars(std::int64_t cents) {
  return format(cents, true, true);
}

std::string formatDecimal(std::int64_t cents) {
  return format(cents, false, false);
}

}  // namespace medoffice::codecs::pdf
