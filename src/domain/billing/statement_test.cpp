// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/statement.hpp"

#include <gtest/gtest.h>

namespace medoffice::domain {
namespace {

TEST(Statement, TotalsAgeWhatTheGuarantorOwesAndNetTheCredit) {
  Statement s;
  s.statementDate = *Date::parse("2026-12-04");
  s.credit = Money::fromCents(500);
  StatementLine recent;
  recent.dateOfService = *Date::parse("2026-11-30");
  recent.patientDue = Money::fromCents(2000);
  recent.insurancePending = Money::fromCents(8000);
  StatementLine old;
  old.dateOfService = *Date::parse("2026-08-01");  // 125 days
  old.patientDue = Money::fromCents(1500);
  StatementLine insuranceOnly;
  insuranceOnly.dateOfService = *Date::parse("2026-06-01");  // not the guarantor's: no aging
  insuranceOnly.insurancePending = Money::fromCents(700);
  s.lines = {recent, old, insuranceOnly};
  totalStatement(s);
  EXPECT_EQ(s.patientDue.cents(), 3500);
  EXPECT_EQ(s.insurancePending.cents(), 8700);
  EXPECT_EQ(s.amountDue.cents(), 3000);
  EXPECT_EQ(s.aging.of(AgingBucket::k0To30).cents(), 2000);
  EXPECT_EQ(s.aging.of(AgingBucket::kOver120).cents(), 1500);
  EXPECT_EQ(s.oldestDays, 125);
  EXPECT_NE(s.message.find("FINAL NOTICE"), std::string::npos);
  EXPECT_EQ(s.dueDate, *Date::parse("2026-12-25"));
  EXPECT_EQ(statementNumber(s.statementDate, GuarantorAccountId(42)), "S20261204-000042");
}

}  // namespace
}  // namespace medoffice::domain
