// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/aging.hpp"

#include <cstdio>

namespace medoffice::domain {

std::string_view bucketKey(AgingBucket b) {
  switch (b) {
    case AgingBucket::k0To30:
      return "0_30";
    case AgingBucket::k31To60:
      return "31_60";
    case AgingBucket::k61To90:
      return "61_90";
    case AgingBucket::k91To120:
      return "91_120";
    case AgingBucket::kOver120:
      return "120_plus";
  }
  return "0_30";
}

std::string_view bucketTitle(AgingBucket b) {
  switch (b) {
    case AgingBucket::k0To30:
      return "0–30";
    case AgingBucket::k31To60:
      return "31–60";
    case AgingBucket::k61To90:
      return "61–90";
    case AgingBucket::k91To120:
      return "91–120";
    case AgingBucket::kOver120:
      return "120+";
  }
  return "0–30";
}

AgingBucket bucketFor(std::int64_t ageDays) {
  if (ageDays <= 30) return AgingBucket::k0To30;
  if (ageDays <= 60) return AgingBucket::k31To60;
  if (ageDays <= 90) return AgingBucket::k61To90;
  if (ageDays <= 120) return AgingBucket::k91To120;
  return AgingBucket::kOver120;
}

std::int64_t daysBetween(Date from, Date to) {
  return to.daysSinceEpoch() - from.daysSinceEpoch();
}

Money Aging::total() const {
  Money sum;
  for (const auto& b : buckets) sum = sum + b;
  return sum;
}

Aging& Aging::operator+=(const Aging& o) {
  for (std::size_t k = 0; k < kAgingBuckets; ++k) buckets[k] = buckets[k] + o.buckets[k];
  return *this;
}

std::vector<ArCell> mergeCells(std::vector<ArCell> cells) {
  std::map<std::pair<std::int64_t, std::int64_t>, ArCell> byKey;
  for (auto& c : cells) {
    auto [it, added] = byKey.try_emplace({c.dateOfService.daysSinceEpoch(), c.payerId}, c);
    if (!added) it->second.owed = it->second.owed + c.owed;
  }
  std::vector<ArCell> out;
  out.reserve(byKey.size());
  for (auto& [key, c] : byKey) {
    if (c.owed.cents() != 0) out.push_back(c);
  }
  return out;
}

std::map<std::int64_t, Aging> agingByPayer(const std::vector<ArCell>& cells, Date asOf) {
  std::map<std::int64_t, Aging> out;
  for (const auto& c : cells) {
    if (c.owed.cents() == 0) continue;
    out[c.payerId].add(daysBetween(c.dateOfService, asOf), c.owed);
  }
  return out;
}

int cycleDayOf(GuarantorAccountId account, std::optional<int> configured) {
  if (configured && *configured >= 1 && *configured <= kMaxCycleDay) return *configured;
  const std::int64_t id = account.value > 0 ? account.value : 1;
  return static_cast<int>((id - 1) % kMaxCycleDay) + 1;
}

std::string cycleKey(Date statementDate, std::optional<int> cycleDay) {
  char buf[32];
  if (cycleDay) {
    std::snprintf(buf, sizeof buf, "%04d-%02d/%02d", statementDate.year(), statementDate.month(),
                  *cycleDay);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d/all", statementDate.year(), statementDate.month());
  }
  return buf;
}

std::string statementMessage(std::int64_t oldestDays) {
  if (oldestDays <= 30) {
    return "Thank you for choosing our practice. This statement shows what your insurance has "
           "paid and the balance that is yours to pay.";
  }
  if (oldestDays <= 60) {
    return "Your account has a balance more than 30 days old. Please pay the amount due, or call "
           "us to set up a payment plan.";
  }
  if (oldestDays <= 90) {
    return "Your account is past due (over 60 days). Please pay the amount due now or call our "
           "billing office today.";
  }
  return "FINAL NOTICE: your account is more than 90 days past due. Please pay in full within 10 "
         "days or call our billing office to avoid collection action.";
}

}  // namespace medoffice::domain
