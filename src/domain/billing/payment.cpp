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
      if (!p.reference.empty() &&
          (p.reference.size() != 4 ||
           !std::all_of(p.reference.begin(), p.reference.end(),
                        [](unsigned char c) { return std::isdigit(c) != 0; }))) {
        e.add("reference", "must be the card's last four digits only (never the card number)");
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
