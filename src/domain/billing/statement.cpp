// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/statement.hpp"

#include <cstdio>

namespace medoffice::domain {

void totalStatement(Statement& s) {
  s.aging = {};
  s.patientDue = {};
  s.insurancePending = {};
  s.oldestDays = 0;
  for (const auto& l : s.lines) {
    s.patientDue = s.patientDue + l.patientDue;
    s.insurancePending = s.insurancePending + l.insurancePending;
    if (l.patientDue.cents() > 0) {
      const auto age = daysBetween(l.dateOfService, s.statementDate);
      s.aging.add(age, l.patientDue);
      if (age > s.oldestDays) s.oldestDays = age;
    }
  }
  s.amountDue = s.patientDue - s.credit;
  s.dueDate = s.statementDate.plusDays(kStatementTermDays);
  s.message = statementMessage(s.oldestDays);
}

std::vector<std::string> mailingLines(const Address& a) {
  std::vector<std::string> out;
  if (!a.line1.empty()) out.push_back(a.line1);
  if (!a.line2.empty()) out.push_back(a.line2);
  std::string last = a.city;
  if (!a.state.empty()) last += (last.empty() ? "" : ", ") + a.state;
  if (!a.postalCode.empty()) last += (last.empty() ? "" : " ") + a.postalCode;
  if (!last.empty()) out.push_back(last);
  return out;
}

std::string statementNumber(Date statementDate, GuarantorAccountId account) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "S%04d%02d%02d-%06lld", statementDate.year(),
                statementDate.month(), statementDate.day(), static_cast<long long>(account.value));
  return buf;
}

}  // namespace medoffice::domain
