// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/payment.hpp"

#include <gtest/gtest.h>

namespace medoffice::domain {
namespace {

std::vector<std::string> fieldsOf(Payment p) {
  std::vector<std::string> out;
  for (const auto& f : validate(p)) out.push_back(f.field);
  return out;
}

TEST(Payment, AmountsAreCentsWithinBounds) {
  Payment p;
  p.amount = Money::fromCents(2500);
  EXPECT_TRUE(fieldsOf(p).empty());
  p.amount = Money::fromCents(0);
  EXPECT_EQ(fieldsOf(p), std::vector<std::string>{"amount"});
  p.amount = Money::fromCents(-100);
  EXPECT_EQ(fieldsOf(p), std::vector<std::string>{"amount"});
  p.amount = Money::fromCents(10'000'001);
  EXPECT_EQ(fieldsOf(p), std::vector<std::string>{"amount"});
}

TEST(Payment, CardReferenceIsTheTerminalsOrTheLastFourDigitsNeverTheCardNumber) {
  Payment p;
  p.amount = Money::fromCents(2500);
  p.method = PaymentMethod::kCard;
  EXPECT_TRUE(fieldsOf(p).empty()) << "the reference is optional";
  // The last four digits, an approval code, a 12-digit retrieval reference number.
  for (const char* good : {"4242", "A1B2C3", "123456789012", "TXN-0042-7781"}) {
    p.reference = good;
    EXPECT_TRUE(fieldsOf(p).empty()) << good;
  }
  // Card numbers (Luhn-valid, hyphens or not), spaces, too long.
  const std::string tooLong(41, 'A');
  for (const char* bad : {"4111111111111111", "4111-1111-1111-1111", "ref-5500000000000004",
                          "4242 ", tooLong.c_str()}) {
    p.reference = bad;
    EXPECT_EQ(fieldsOf(p), std::vector<std::string>{"reference"}) << bad;
  }
}

TEST(Payment, CheckNeedsItsNumber) {
  Payment p;
  p.amount = Money::fromCents(1000);
  p.method = PaymentMethod::kCheck;
  EXPECT_EQ(fieldsOf(p), std::vector<std::string>{"reference"});
  p.reference = "1042";
  EXPECT_TRUE(fieldsOf(p).empty());
  p.reference = "10 42";
  EXPECT_EQ(fieldsOf(p), std::vector<std::string>{"reference"});
  p.reference = "1042";
  p.kind = "refund";
  EXPECT_EQ(fieldsOf(p), std::vector<std::string>{"kind"});
}

TEST(Payment, ReceiptNumbersSortInIssueOrder) {
  EXPECT_EQ(receiptNumber(1), "R-000001");
  EXPECT_EQ(receiptNumber(123456), "R-123456");
  EXPECT_EQ(receiptNumber(1234567), "R-1234567");
  EXPECT_LT(receiptNumber(9), receiptNumber(10));
  EXPECT_EQ(parsePaymentMethod("card"), PaymentMethod::kCard);
  EXPECT_FALSE(parsePaymentMethod("bitcoin"));
}

}  // namespace
}  // namespace medoffice::domain
