// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/payment.hpp"

#include <algorithm>
#include <cctype>

namespace medoffice::domain {

std::string_view toString(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::kCash:
      return "cash";
    case PaymentMethod::kCheck:
      return "check";
    case PaymentMethod::kCard:
      return "card";
    case PaymentMethod::kOther:
      return "other";
  }
  return "other";
}

std::optional<PaymentMethod> parsePaymentMethod(std::string_view s) {
  for (auto m :
       {PaymentMethod::kCash, PaymentMethod::kCheck, PaymentMethod::kCard, PaymentMethod::kOther}) {
    if (toString(m) == s) return m;
  }
  return std::nullopt;
}

namespace {

/// A run of 13 to 19 digits (hyphens between them ignored) that passes the Luhn check: a
/// primary account number.
bool looksLikeCardNumber(std::string_view s) {
  std::string digits;
  auto check = [&] {
    if (digits.size() < 13 || digits.size() > 19) return false;
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
      int d = *it - '0';
      if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  };
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digits.push_back(c);
    } else if (c != '-') {
      if (check()) return true;
      digits.clear();
    }
  }
  return check();
}

}  // namespace

std::vector<FieldError> validate(Payment& p) {
  FieldErrors e;
  if (p.amount.cents() <= 0 || p.amount.cents() > 10'000'000) {
    e.add("amount", "must be 0.01 to 100000.00");
  }
  auto alnum = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
  };
  switch (p.method) {
    case PaymentMethod::kCheck:
      if (p.reference.empty() || p.reference.size() > 20 || !alnum(p.reference)) {
        e.add("reference", "must be the check number (1-20 letters or digits)");
      }
      break;
    case PaymentMethod::kCard:
      // The terminal's reference for the sale (approval code, transaction or retrieval
      // reference number) or the card's last four digits; never the card number (PCI DSS).
      if (p.reference.size() > 40 ||
          !std::all_of(p.reference.begin(), p.reference.end(),
                       [](unsigned char c) { return std::isalnum(c) != 0 || c == '-'; })) {
        e.add("reference",
              "must be the card terminal's reference (at most 40 letters, digits or hyphens) or "
              "the card's last four digits");
      } else if (looksLikeCardNumber(p.reference)) {
        e.add("reference",
              "looks like a card number: record the terminal's reference or the last four "
              "digits only, never the card number");
      }
      break;
    default:
      if (p.reference.size() > 40) e.add("reference", "must have at most 40 characters");
      break;
  }
  if (p.kind != "copay" && p.kind != "patient_payment") {
    e.add("kind", "must be copay or patient_payment");
  }
  return e.list();
}

std::string receiptNumber(std::int64_t n) {
  std::string digits = std::to_string(n);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "R-" + digits;
}

}  // namespace medoffice::domain
