// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/statements.hpp"

#include <map>

#include "app/billing/reports.hpp"

namespace medoffice::app::billing {

using domain::Date;
using domain::Error;
using domain::Money;
using domain::OrganizationId;

namespace {

std::string describe(const StatementLineFacts& f) {
  std::string out = f.code;
  std::string_view mods = f.modifiers;
  while (!mods.empty()) {
    auto comma = mods.find(',');
    out += "-";
    out += mods.substr(0, comma);
    if (comma == std::string_view::npos) break;
    mods.remove_prefix(comma + 1);
  }
  return out;
}

Status validate(const StatementRunRequest& q, Date today) {
  domain::FieldErrors errors;
  if (q.cycleDay && (*q.cycleDay < 1 || *q.cycleDay > domain::kMaxCycleDay)) {
    errors.add("cycle_day", "must be 1 to 28");
  }
  if (q.minBalance.cents() < 0 || q.minBalance.cents() > domain::kMaxLedgerCents) {
    errors.add("min_balance_cents", "must be 0 or more");
  }
  if (q.statementDate && *q.statementDate > today) {
    errors.add("statement_date", "is in the future (today is " + today.toString() + ")");
  }
  return errors.empty() ? Status{} : errors.toError();
}

/// Makes and stores the statements of one chunk of candidates, counting them in `run`.
void makeChunk(Repositories& r, OrganizationId org, StatementRun& run,
               const std::vector<StatementRepository::Candidate>& chunk, std::int64_t& madeNow,
               domain::Instant now) {
  std::vector<domain::GuarantorAccountId> ids;
  std::vector<const StatementRepository::Candidate*> chosen;
  for (const auto& c : chunk) {
    if (run.cycleDay && domain::cycleDayOf(c.accountId, c.cycleDay) != *run.cycleDay) continue;
    ids.push_back(c.accountId);
    chosen.push_back(&c);
  }
  if (ids.empty()) return;
  std::map<std::int64_t, std::vector<StatementLineFacts>> lines;
  for (auto& [account, facts] : r.statements().openLines(org, ids)) {
    lines[account.value].push_back(std::move(facts));
  }
  std::vector<domain::Statement> made;
  made.reserve(chosen.size());
  for (const auto* c : chosen) {
    auto facts = lines.find(c->accountId.value);
    if (facts == lines.end()) continue;
    domain::Statement s;
    s.organizationId = org;
    s.runId = run.id;
    s.accountId = c->accountId;
    s.cycleKey = run.cycleKey;
    s.statementDate = run.statementDate;
    s.statementNumber = domain::statementNumber(run.statementDate, c->accountId);
    s.guarantorName = c->givenName + " " + c->familyName;
    s.guarantorAddress = domain::mailingLines(c->address);
    if (s.guarantorAddress.empty()) s.guarantorAddress = domain::mailingLines(c->patientAddress);
    s.credit = c->credit;
    for (const auto& f : facts->second) {
      domain::StatementLine l;
      l.lineId = f.lineId;
      l.patientName = f.patientGivenName.empty() && f.patientFamilyName.empty()
                          ? std::string("Patient")
                          : f.patientGivenName + " " + f.patientFamilyName;
      l.dateOfService = f.dateOfService;
      l.description = describe(f);
      l.charge = f.charge;
      l.insurancePaid = f.insurancePaid;
      l.adjustments = f.adjustments;
      l.patientPaid = f.patientPaid;
      l.insurancePending = f.insuranceOwed;
      l.patientDue = f.patientOwed;
      s.lines.push_back(std::move(l));
    }
    domain::totalStatement(s);
    if (s.amountDue.cents() <= 0 || s.amountDue < run.minBalance) continue;
    made.push_back(std::move(s));
  }
  const auto stored = r.statements().insertStatements(made, now);
  for (std::size_t k = 0; k < made.size() && k < stored.size(); ++k) {
    if (!stored[k]) continue;
    ++run.statements;
    ++madeNow;
    run.amountDue = run.amountDue + made[k].amountDue;
  }
}

}  // namespace

Result<StatementRunResult> runStatements(UnitOfWork& uow, const TimeZones& zones,
                                         const Clock& clock, OrganizationId org,
                                         std::int64_t byUser, const StatementRunRequest& request,
                                         const RunProgress& progress, const RunAudit& audit,
                                         int accountsPerTransaction) {
  StatementRunResult out;
  Status started = uow.write([&](Repositories& r) -> Status {
    const Date today = localToday(r, zones, clock.now(), org);
    if (auto s = validate(request, today); !s.ok()) return s;
    const Date date = request.statementDate.value_or(today);
    const std::string key = domain::cycleKey(date, request.cycleDay);
    if (auto existing = r.statements().runOfCycle(org, key)) {
      out.run = *existing;
      out.alreadyDone = existing->status == "done";
      out.resumed = !out.alreadyDone;
      if (out.resumed) audit(r, out.run, false);
      return {};
    }
    StatementRun run;
    run.organizationId = org;
    run.cycleKey = key;
    run.cycleDay = request.cycleDay;
    run.statementDate = date;
    run.minBalance = request.minBalance;
    run.total = r.statements().countCandidates(org);
    run.startedBy = byUser;
    run.startedAt = clock.now();
    auto stored = r.statements().insertRun(run, clock.now());
    if (!stored) return stored.error();
    out.run = *stored;
    audit(r, out.run, false);
    return {};
  });
  if (!started.ok()) return started.error();
  if (out.alreadyDone) return out;
  if (progress) progress(out.run);
  const Money minDue = Money::fromCents(std::max<std::int64_t>(out.run.minBalance.cents(), 1));
  for (bool finished = false; !finished;) {
    StatementRun run = out.run;
    std::int64_t made = 0;
    Status s = uow.write([&](Repositories& r) -> Status {
      run = out.run;
      made = 0;
      const auto now = clock.now();
      auto chunk =
          r.statements().candidates(org, run.lastAccountId, minDue, accountsPerTransaction);
      if (chunk.empty()) {
        run.status = "done";
        run.finishedAt = now;
        run.done = std::max(run.done, run.total);
        r.statements().updateRun(run, now);
        audit(r, run, true);
        finished = true;
        return {};
      }
      makeChunk(r, org, run, chunk, made, now);
      run.done += static_cast<std::int64_t>(chunk.size());
      run.lastAccountId = chunk.back().accountId.value;
      r.statements().updateRun(run, now);
      return {};
    });
    if (!s.ok()) return s.error();
    out.run = run;
    out.madeNow += made;
    if (progress) progress(out.run);
  }
  return out;
}

Result<std::vector<domain::Statement>> statementsOfRun(Repositories& r, OrganizationId org,
                                                       domain::StatementRunId run) {
  std::vector<domain::Statement> all;
  PageRequest page;
  page.limit = 1000;
  for (;;) {
    auto p = r.statements().ofRun(org, run, page);
    if (!p) return p.error();
    for (auto& s : p->items) all.push_back(std::move(s));
    if (p->nextCursor.empty()) return all;
    page.cursor = p->nextCursor;
  }
}

}  // namespace medoffice::app::billing
