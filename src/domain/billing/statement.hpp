// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Patient statements (issue 15): one per guarantor account and cycle, covering the open lines
// of all the account's patients, with aging of what the guarantor owes and a message by age.

#include <optional>
#include <string>
#include <vector>

#include "domain/billing/aging.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// One open line as printed.
struct StatementLine {
  ChargeLineId lineId;
  std::string patientName;
  Date dateOfService;
  std::string description;  ///< "99213-25" (code and modifiers)
  Money charge, insurancePaid, adjustments, patientPaid, insurancePending, patientDue;
  bool operator==(const StatementLine&) const = default;
};

/// A statement as sent: everything printed is kept, so a reprint shows what the guarantor got.
struct Statement {
  StatementId id;
  OrganizationId organizationId;
  StatementRunId runId;
  GuarantorAccountId accountId;
  std::string cycleKey;
  std::string statementNumber;  ///< "S20261204-000042"
  Date statementDate;
  Date dueDate;
  std::string guarantorName;
  std::vector<std::string> guarantorAddress;  ///< mailing lines
  std::string message;
  Aging aging;                  ///< what the guarantor owes, by age
  Money patientDue;             ///< sum of the lines' patient balances
  Money insurancePending;       ///< sum of the lines' insurance balances
  Money credit;                 ///< unallocated credit on the account
  Money amountDue;              ///< patientDue - credit
  std::int64_t oldestDays = 0;  ///< age of the oldest money the guarantor owes
  std::vector<StatementLine> lines;
  RecordMeta meta;
};

/// Days a guarantor has to pay a statement.
inline constexpr int kStatementTermDays = 21;

/// Fills the totals, aging, amount due, oldest age and message of `s` from its lines and
/// credit, as of its statement date.
void totalStatement(Statement& s);

/// How an address is printed on an envelope: line 1, line 2, "City, ST 12345" (empty parts
/// left out).
std::vector<std::string> mailingLines(const Address& a);

/// "S20261204-000042".
std::string statementNumber(Date statementDate, GuarantorAccountId account);

}  // namespace medoffice::domain
