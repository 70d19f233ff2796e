// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/reports.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace medoffice::app::billing {

using domain::ArCell;
using domain::Date;
using domain::EntryKind;
using domain::Error;
using domain::Instant;
using domain::Money;
using domain::OrganizationId;

namespace {

struct DayBounds {
  Instant from, to;
};

std::optional<DayBounds> boundsOf(const TimeZones& zones, const std::string& zone, Date day) {
  auto from = zones.toUtc(zone, day, 0);
  auto to = zones.toUtc(zone, day, 1440);
  if (!from || !to) return std::nullopt;
  return DayBounds{*from, *to};
}

Date localDate(const TimeZones& zones, const std::string& zone, Instant t) {
  auto local = zones.toLocal(zone, t);
  return local ? local->date : t.utcDate();
}

/// The last day of the month before `d`'s, or `d` itself when it is a month end: the snapshot
/// AR as of `d` starts from.
Date snapshotBefore(Date d) {
  if (d.plusDays(1).day() == 1) return d;
  return d.plusDays(-d.day());
}

std::string payerName(Repositories& r, OrganizationId org, std::int64_t id) {
  if (id == domain::kPatientPayer) return "Patient";
  if (id == domain::kUnknownPayer) return "Insurance (payer not recorded)";
  auto p = r.payers().get(org, domain::PayerId(id));
  return p ? p->name : "Payer " + std::to_string(id);
}

}  // namespace

std::string reportingZone(Repositories& r, OrganizationId org) {
  PageRequest page;
  page.limit = 200;
  auto locations = r.locations().list(org, page);
  if (locations) {
    for (const auto& l : locations->items) {
      if (l.active && !l.timeZone.empty()) return l.timeZone;
    }
  }
  return "UTC";
}

Date localToday(Repositories& r, const TimeZones& zones, Instant now, OrganizationId org) {
  return localDate(zones, reportingZone(r, org), now);
}

Result<bool> summarize(Repositories& r, const TimeZones& zones, Instant now, OrganizationId org,
                       int maxDays) {
  const std::string zone = reportingZone(r, org);
  const Date today = localDate(zones, zone, now);
  auto& reports = r.reports();
  auto state = reports.summaryState(org);
  if (state && state->timeZone != zone) {
    // Days in another zone cover other hours: start over.
    reports.clearSummaries(org);
    state.reset();
  }
  if (!state) {
    auto first = reports.firstEntryAt(org);
    if (!first) return false;
    const Date firstDay = localDate(zones, zone, *first);
    state = SummaryState{zone, firstDay, firstDay.plusDays(-1), std::nullopt};
    reports.saveSummaryState(org, *state);
  }
  Date day = state->summarizedThrough.plusDays(1);
  int done = 0;
  for (; day < today && done < maxDays; day = day.plusDays(1), ++done) {
    auto bounds = boundsOf(zones, zone, day);
    if (!bounds) return Error::internal("the reporting time zone " + zone + " is unknown");
    reports.addDayDeltas(org, day, reports.movedBetween(org, bounds->from, bounds->to));
    if (day.plusDays(1).day() == 1) {
      // A month ends: its snapshot is the previous one plus the month's days.
      std::vector<ArCell> cells;
      if (state->snapshotThrough) cells = reports.snapshot(org, *state->snapshotThrough);
      auto moved = reports.dayDeltas(org, state->snapshotThrough, day);
      cells.insert(cells.end(), moved.begin(), moved.end());
      reports.saveSnapshot(org, day, domain::mergeCells(std::move(cells)));
      state->snapshotThrough = day;
    }
    state->summarizedThrough = day;
  }
  if (done > 0) reports.saveSummaryState(org, *state);
  return day < today;
}

Status summarizeAll(UnitOfWork& uow, const TimeZones& zones, Instant now, OrganizationId org) {
  for (;;) {
    auto more =
        writeValue<bool>(uow, [&](Repositories& r) { return summarize(r, zones, now, org); });
    if (!more) return more.error();
    if (!*more) return {};
  }
}

std::optional<AgingBy> parseAgingBy(std::string_view s) {
  if (s.empty()) return AgingBy::kTotal;
  if (s == "payer") return AgingBy::kPayer;
  if (s == "account") return AgingBy::kAccount;
  return std::nullopt;
}

namespace {

/// The accounts' rows from their cells, in account order, zero accounts left out.
std::vector<AgingRow> accountRows(Repositories& r, OrganizationId org,
                                  const std::vector<AccountArCell>& cells, Date asOf) {
  std::map<std::int64_t, AgingRow> rows;
  for (const auto& c : cells) {
    auto& row = rows[c.accountId.value];
    row.id = c.accountId.value;
    row.aging.add(domain::daysBetween(c.dateOfService, asOf), c.insurance + c.patient);
    row.insurance = row.insurance + c.insurance;
    row.patient = row.patient + c.patient;
  }
  std::vector<AgingRow> out;
  for (auto& [id, row] : rows) {
    if (row.aging.total().cents() == 0 && row.insurance.cents() == 0) continue;
    auto account = r.accounts().get(org, domain::GuarantorAccountId(id));
    row.name = account ? account->displayName() : "Account " + std::to_string(id);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

Result<AgingReport> arAging(Repositories& r, const TimeZones& zones, Instant now,
                            OrganizationId org, std::optional<Date> asOf, AgingBy by,
                            const PageRequest& page) {
  const std::string zone = reportingZone(r, org);
  const Date today = localDate(zones, zone, now);
  AgingReport out;
  out.asOf = asOf.value_or(today);
  out.by = by;
  if (out.asOf > today) {
    return Error::invalidField("as_of", "is in the future (today is " + today.toString() + ")");
  }
  auto first = r.reports().firstEntryAt(org);
  if (!first) {
    if (out.asOf < today) {
      return Error::invalidField("as_of",
                                 "is before the practice's first ledger entry (it has none yet)");
    }
    return out;
  }
  const Date firstDay = localDate(zones, zone, *first);
  if (out.asOf < firstDay) {
    return Error::invalidField(
        "as_of", "is before the practice's first ledger entry (" + firstDay.toString() + ")");
  }
  std::vector<ArCell> cells;
  if (out.asOf == today) {
    cells = r.reports().openAr(org);
  } else {
    auto state = r.reports().summaryState(org);
    if (!state || state->timeZone != zone || state->summarizedThrough < out.asOf) {
      return Error::unavailable("the AR summaries are being brought up to date; try again");
    }
    const Date base = snapshotBefore(out.asOf);
    cells = r.reports().snapshot(org, base);
    auto moved = r.reports().dayDeltas(org, base, out.asOf);
    cells.insert(cells.end(), moved.begin(), moved.end());
    cells = domain::mergeCells(std::move(cells));
  }
  auto byPayer = domain::agingByPayer(cells, out.asOf);
  for (const auto& [payer, aging] : byPayer) out.total += aging;
  if (by == AgingBy::kPayer) {
    for (const auto& [payer, aging] : byPayer) {
      out.rows.push_back({payer, payerName(r, org, payer), aging, {}, {}});
    }
  } else if (by == AgingBy::kAccount) {
    std::int64_t after = 0;
    if (!page.cursor.empty()) {
      try {
        std::size_t used = 0;
        after = std::stoll(page.cursor, &used);
        if (used != page.cursor.size() || after < 0) throw std::invalid_argument("cursor");
      } catch (const std::exception&) {
        return Error::invalidField("cursor", "is not a cursor of this report");
      }
    }
    const int limit = std::clamp(page.limit, 1, 500);
    std::vector<std::int64_t> accounts;
    std::vector<AccountArCell> accountCells;
    if (out.asOf == today) {
      accountCells = r.reports().openArByAccount(org, after, limit, accounts);
    } else {
      accounts = r.reports().accountsWithEntries(org, after, limit);
      auto bounds = boundsOf(zones, zone, out.asOf);
      if (!bounds) return Error::internal("the reporting time zone " + zone + " is unknown");
      accountCells = r.reports().accountArBefore(org, accounts, bounds->to);
    }
    out.rows = accountRows(r, org, accountCells, out.asOf);
    if (static_cast<int>(accounts.size()) == limit) {
      out.nextCursor = std::to_string(accounts.back());
    }
  }
  return out;
}

void MoneyTotals::add(const EntryTotal& t) {
  switch (t.kind) {
    case EntryKind::kCharge:
      charges = charges + t.amount;
      break;
    case EntryKind::kInsurancePayment:
      insurancePayments = insurancePayments + t.amount;
      break;
    case EntryKind::kPatientPayment:
      patientPayments = patientPayments + t.amount;
      break;
    case EntryKind::kContractualAdjustment:
      contractualAdjustments = contractualAdjustments + t.amount;
      break;
    case EntryKind::kWriteOff:
      writeOffs = writeOffs + t.amount;
      break;
    case EntryKind::kRefund:
      refunds = refunds + t.amount;
      break;
    case EntryKind::kTransfer:
      transfers = transfers + t.amount;
      break;
    case EntryKind::kAllocation:  // credit moving onto a line: no new money
    case EntryKind::kReversal:
      break;
  }
  entries += t.entries;
}

namespace {

std::vector<NamedTotals> named(std::map<std::int64_t, MoneyTotals>& byId,
                               const std::function<std::string(std::int64_t)>& nameOf) {
  std::vector<NamedTotals> out;
  for (auto& [id, totals] : byId) out.push_back({id, nameOf(id), totals});
  return out;
}

}  // namespace

Result<DaySheet> daySheet(Repositories& r, const TimeZones& zones, Instant now, OrganizationId org,
                          std::optional<Date> date, domain::LocationId location) {
  const std::string zone = reportingZone(r, org);
  const Date today = localDate(zones, zone, now);
  DaySheet out;
  out.date = date.value_or(today);
  if (out.date > today) {
    return Error::invalidField("date", "is in the future (today is " + today.toString() + ")");
  }
  if (location.valid() && !r.locations().get(org, location)) {
    return Error::invalidField("location_id", "is not a location of the practice");
  }
  auto bounds = boundsOf(zones, zone, out.date);
  if (!bounds) return Error::internal("the reporting time zone " + zone + " is unknown");
  std::map<std::int64_t, MoneyTotals> providers, locations;
  std::map<std::string, Deposit> deposits;
  for (const auto& t : r.reports().entryTotals(org, bounds->from, bounds->to)) {
    if (location.valid() && t.locationId != location.value) continue;
    out.totals.add(t);
    providers[t.providerId].add(t);
    locations[t.locationId].add(t);
    std::string method;
    Money amount = t.amount;
    if (t.kind == EntryKind::kPatientPayment) {
      method = t.method.empty() ? "other" : t.method;
    } else if (t.kind == EntryKind::kRefund) {
      method = t.method.empty() ? "other" : t.method;
      amount = -amount;
    } else if (t.kind == EntryKind::kInsurancePayment) {
      method = "insurance";
    } else {
      continue;
    }
    auto& d = deposits[method];
    d.method = method;
    d.amount = d.amount + amount;
    d.count += t.entries;
  }
  out.byProvider = named(providers, [&](std::int64_t id) -> std::string {
    if (id == 0) return "No provider (money on account)";
    auto p = r.providers().get(org, domain::ProviderId(id));
    return p ? p->familyName + ", " + p->givenName : "Provider " + std::to_string(id);
  });
  out.byLocation = named(locations, [&](std::int64_t id) -> std::string {
    if (id == 0) return "No location";
    auto l = r.locations().get(org, domain::LocationId(id));
    return l ? l->name : "Location " + std::to_string(id);
  });
  for (auto& [method, d] : deposits) {
    out.depositTotal = out.depositTotal + d.amount;
    out.deposits.push_back(d);
  }
  return out;
}

Result<Collections> collections(Repositories& r, const TimeZones& zones, Instant now,
                                OrganizationId org, Date from, Date to) {
  const std::string zone = reportingZone(r, org);
  const Date today = localDate(zones, zone, now);
  if (to > today) {
    return Error::invalidField("to", "is in the future (today is " + today.toString() + ")");
  }
  if (to < from) return Error::invalidField("to", "is before from");
  if (domain::daysBetween(from, to) > 366) {
    return Error::invalidField("to", "is more than 366 days after from");
  }
  auto start = boundsOf(zones, zone, from);
  auto end = boundsOf(zones, zone, to);
  if (!start || !end) return Error::internal("the reporting time zone " + zone + " is unknown");
  Collections out;
  out.from = from;
  out.to = to;
  std::map<std::int64_t, MoneyTotals> payers;
  for (const auto& t : r.reports().entryTotals(org, start->from, end->to)) {
    if (t.kind == EntryKind::kCharge || t.kind == EntryKind::kTransfer ||
        t.kind == EntryKind::kAllocation) {
      continue;
    }
    const bool patientSide =
        t.kind == EntryKind::kPatientPayment || t.kind == EntryKind::kRefund ||
        (t.kind == EntryKind::kWriteOff && t.from == domain::Responsibility::kPatient);
    out.totals.add(t);
    payers[patientSide ? domain::kPatientPayer : t.payerId].add(t);
  }
  out.byPayer = named(payers, [&](std::int64_t id) { return payerName(r, org, id); });
  return out;
}

Result<AccountLedger> accountLedger(Repositories& r, OrganizationId org,
                                    domain::GuarantorAccountId account) {
  auto a = r.accounts().get(org, account);
  if (!a) return Error::notFound("account not found");
  AccountLedger out;
  out.account = *a;
  Money balance;
  for (auto& e : r.reports().accountHistory(org, account, 100000)) {
    Money change;
    for (const auto& d : e.effect.lineDelta) change = change + d;
    change = change - e.effect.creditDelta;
    balance = balance + change;
    out.lines.push_back({std::move(e), change, balance});
  }
  out.balance = balance;
  return out;
}

}  // namespace medoffice::app::billing
