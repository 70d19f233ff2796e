// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medoffice::domain {

/// An amount of US dollars as integer cents. There is no floating point anywhere in billing.
class Money {
 public:
  constexpr Money() = default;
  static constexpr Money fromCents(std::int64_t cents) { return Money(cents); }
  [[nodiscard]] constexpr std::int64_t cents() const { return cents_; }

  /// Parses "12", "12.3", "12.34", "-0.50". Returns nullopt for anything else, including
  /// more than two decimals, exponents, or values beyond ±90 trillion dollars.
  static std::optional<Money> parse(std::string_view text);
  /// Formats with exactly two decimals and no thousands separators: "-1234.50".
  [[nodiscard]] std::string toString() const;

  constexpr Money operator+(Money o) const { return Money(cents_ + o.cents_); }
  constexpr Money operator-(Money o) const { return Money(cents_ - o.cents_); }
  constexpr Money operator-() const { return Money(-cents_); }
  auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(std::int64_t c) : cents_(c) {}
  std::int64_t cents_ = 0;
};

}  // namespace medoffice::domain
