// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Accounts receivable by age (issue 15): the buckets every aging report and statement uses,
// and the statement rules that depend on age (cycles, messages).

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// Age of money owed, in days from the date of service to the as-of date: 0–30, 31–60, 61–90,
/// 91–120, over 120. A service after the as-of date counts as 0–30.
enum class AgingBucket { k0To30 = 0, k31To60, k61To90, k91To120, kOver120 };
inline constexpr std::size_t kAgingBuckets = 5;
/// "0_30", "31_60", "61_90", "91_120", "120_plus" (the API's keys).
std::string_view bucketKey(AgingBucket b);
/// "0–30", "31–60", "61–90", "91–120", "120+" (column titles).
std::string_view bucketTitle(AgingBucket b);
AgingBucket bucketFor(std::int64_t ageDays);
/// Days from `from` to `to` (negative when `to` is earlier).
std::int64_t daysBetween(Date from, Date to);

/// Money by aging bucket.
struct Aging {
  std::array<Money, kAgingBuckets> buckets{};
  void add(std::int64_t ageDays, Money m) {
    auto& b = buckets[static_cast<std::size_t>(bucketFor(ageDays))];
    b = b + m;
  }
  [[nodiscard]] Money of(AgingBucket b) const { return buckets[static_cast<std::size_t>(b)]; }
  [[nodiscard]] Money total() const;
  Aging& operator+=(const Aging& o);
  bool operator==(const Aging&) const = default;
};

/// Who owes a sum in AR: a payer, the patient side (kPatientPayer), or an insurance place with
/// no coverage recorded (kUnknownPayer, from lines posted before coverages were kept).
inline constexpr std::int64_t kPatientPayer = 0;
inline constexpr std::int64_t kUnknownPayer = -1;

/// One cell of AR: what is owed for services on one date, by one payer (or the patient).
struct ArCell {
  Date dateOfService;
  std::int64_t payerId = kPatientPayer;
  Money owed;
};

/// Cells with the same date of service and payer added together; zero cells dropped; ordered
/// by date of service, then payer.
std::vector<ArCell> mergeCells(std::vector<ArCell> cells);

/// Folds cells into aging as of `asOf`, by payer (kPatientPayer for the patient side).
std::map<std::int64_t, Aging> agingByPayer(const std::vector<ArCell>& cells, Date asOf);

/// Statement cycles: an account belongs to cycle day 1–28 (set on the account, or spread by
/// id), and a cycle is one statement month and cycle day.
inline constexpr int kMaxCycleDay = 28;
int cycleDayOf(GuarantorAccountId account, std::optional<int> configured);
/// "2026-12/05" for a cycle day, "2026-12/all" for a run of every account.
std::string cycleKey(Date statementDate, std::optional<int> cycleDay);

/// The message of a statement, by the age in days of the oldest money the guarantor owes.
std::string statementMessage(std::int64_t oldestDays);

}  // namespace medoffice::domain
