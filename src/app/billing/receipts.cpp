// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/receipts.hpp"

#include <cstdio>
#include <map>

#include "app/billing/reports.hpp"

namespace medoffice::app::billing {

using domain::Error;

namespace {

std::string clockText(const LocalTime& t) {
  const int h = t.minuteOfDay / 60;
  const int m = t.minuteOfDay % 60;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %d:%02d %s", t.date.toString().c_str(),
                h % 12 == 0 ? 12 : h % 12, m, h < 12 ? "AM" : "PM");
  return buf;
}

std::string offsetText(int minutes) {
  char buf[32];
  const int a = minutes < 0 ? -minutes : minutes;
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

}  // namespace

Result<Receipt> receipt(Repositories& r, const TimeZones& zones, domain::OrganizationId org,
                        domain::PaymentId id) {
  auto payment = r.payments().get(org, id);
  if (!payment) return Error::notFound("payment not found");
  auto practice = r.organizations().get(org);
  if (!practice) return Error::notFound("payment not found");
  Receipt out;
  out.practice = *practice;
  out.payment = *payment;
  std::string zone = reportingZone(r, org);
  if (payment->locationId.valid()) {
    out.location = r.locations().get(org, payment->locationId);
    if (out.location && !out.location->timeZone.empty()) zone = out.location->timeZone;
  }
  if (auto local = zones.toLocal(zone, payment->receivedAt)) {
    out.receivedAtLocal = clockText(*local);
    out.zoneAbbreviation = offsetText(local->utcOffsetMinutes);
  } else {
    out.receivedAtLocal = payment->receivedAt.toString();
  }
  if (auto p = r.patients().get(org, payment->patientId)) {
    out.patientName = p->givenName + " " + p->familyName;
  }
  if (auto u = r.users().get(org, domain::UserId(payment->receivedBy))) {
    out.receivedBy = u->displayName;
  }
  // The lines it paid: its line payments and allocations, reversals netted.
  std::map<std::int64_t, std::size_t> byLine;
  for (const auto& e : r.ledger().ofPayment(org, id)) {
    if (!e.lineId.valid()) continue;
    const bool pays =
        e.kind == domain::EntryKind::kPatientPayment || e.kind == domain::EntryKind::kAllocation;
    domain::Money amount = e.amount;
    if (e.kind == domain::EntryKind::kReversal) {
      amount = -amount;
    } else if (!pays) {
      continue;
    }
    auto it = byLine.find(e.lineId.value);
    if (it == byLine.end()) {
      auto line = r.ledger().line(org, e.lineId);
      if (!line) continue;
      ReceiptLine l;
      l.dateOfService = line->line.dateOfService.value_or(domain::Date{});
      l.description = line->line.code;
      for (const auto& m : line->line.modifiers) l.description += "-" + m;
      if (auto p = r.patients().get(org, line->patientId)) {
        l.patient = p->givenName + " " + p->familyName;
      }
      it = byLine.emplace(e.lineId.value, out.lines.size()).first;
      out.lines.push_back(std::move(l));
    }
    out.lines[it->second].amount = out.lines[it->second].amount + amount;
  }
  std::erase_if(out.lines, [](const ReceiptLine& l) { return l.amount.cents() == 0; });
  out.onAccount = payment->unallocated;
  if (payment->accountId.valid()) {
    out.remaining = r.accounts().balance(org, payment->accountId).patientDue();
  }
  return out;
}

}  // namespace medoffice::app::billing
