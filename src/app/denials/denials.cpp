// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/denials/denials.hpp"

#include <algorithm>
#include <unordered_map>

#include "app/billing/ledger.hpp"
#include "domain/billing/code_sets.hpp"
#include "domain/claims/lifecycle.hpp"
#include "domain/common/validation.hpp"

namespace medoffice::app::denials {

using domain::AgeBucket;
using domain::Date;
using domain::Denial;
using domain::DenialAction;
using domain::DenialId;
using domain::Error;
using domain::Instant;
using domain::Money;
using domain::OrganizationId;

namespace {

constexpr std::size_t kMaxNote = 4000;

/// Today in each location's zone (the practice's few locations, read once per request).
class Todays {
 public:
  Todays(Repositories& r, const TimeZones& zones, OrganizationId org, Instant now)
      : fallback_(now.utcDate()) {
    PageRequest page;
    page.limit = 200;
    page.includeInactive = true;
    for (;;) {
      auto locations = r.locations().list(org, page);
      if (!locations) break;
      for (const auto& l : locations->items) {
        const auto local = zones.toLocal(l.timeZone, now);
        const Date d = local ? local->date : fallback_;
        byLocation_.emplace(l.id.value, d);
        earliest_ = earliest_ ? std::min(*earliest_, d) : d;
        latest_ = latest_ ? std::max(*latest_, d) : d;
      }
      if (locations->nextCursor.empty()) break;
      page.cursor = locations->nextCursor;
    }
  }

  [[nodiscard]] Date of(domain::LocationId l) const {
    auto it = byLocation_.find(l.value);
    return it == byLocation_.end() ? fallback_ : it->second;
  }
  [[nodiscard]] Date earliest() const { return std::min(earliest_.value_or(fallback_), fallback_); }
  [[nodiscard]] Date latest() const { return std::max(latest_.value_or(fallback_), fallback_); }

 private:
  Date fallback_;
  std::unordered_map<std::int64_t, Date> byLocation_;
  std::optional<Date> earliest_, latest_;
};

QueueEntry entryOf(DenialItem item, const DenialsSetup& setup, Date today) {
  QueueEntry e;
  e.ageDays = domain::ageDays(item.denial.deniedOn, today);
  e.bucket = domain::bucketOf(e.ageDays);
  e.suggestion = domain::denials::suggest(setup.rules->rules, item.denial);
  e.item = std::move(item);
  return e;
}

/// Narrows the query's denial dates to those that can fall in `bucket` in some location's zone
/// (the exact test is made per denial afterwards).
void narrowToBucket(DenialQuery& q, AgeBucket bucket, const Todays& todays) {
  const auto range = domain::rangeOf(bucket);
  if (range.max) {
    const Date from = todays.earliest().plusDays(-*range.max);
    q.deniedFrom = q.deniedFrom ? std::max(*q.deniedFrom, from) : from;
  }
  // A denial dated after today (a clock set back) is 0 days old, so the first bucket has no
  // upper date.
  if (bucket != AgeBucket::k0To30) {
    const Date to = todays.latest().plusDays(-range.min);
    q.deniedTo = q.deniedTo ? std::min(*q.deniedTo, to) : to;
  }
}

std::string reasonKey(const std::string& group, const std::string& carc, const std::string& rarc) {
  std::string key = group + "-" + carc;
  if (!rarc.empty()) {
    key += ' ';
    for (char c : rarc) key += c == ',' ? ' ' : c;
  }
  return key;
}

std::vector<QueueGroup> groupsOf(const std::vector<DenialTally>& tallies, GroupBy by,
                                 const std::optional<AgeBucket>& age, const Todays& todays) {
  std::vector<QueueGroup> out;
  std::unordered_map<std::string, std::size_t> at;
  for (const auto& t : tallies) {
    const AgeBucket bucket = domain::bucketOf(domain::ageDays(t.deniedOn, todays.of(t.locationId)));
    if (age && bucket != *age) continue;
    std::string key;
    switch (by) {
      case GroupBy::kReason:
        key = reasonKey(t.group, t.carc, t.rarc);
        break;
      case GroupBy::kPayer:
        key = std::to_string(t.payerId.value);
        break;
      case GroupBy::kAge:
      case GroupBy::kNone:
        key = std::string(domain::toString(bucket));
        break;
    }
    auto [it, fresh] = at.emplace(key, out.size());
    if (fresh) {
      QueueGroup g;
      g.key = key;
      if (by == GroupBy::kReason) {
        g.group = t.group;
        g.carc = t.carc;
        std::string rest = t.rarc;
        while (!rest.empty()) {
          const auto comma = rest.find(',');
          g.rarcs.push_back(rest.substr(0, comma));
          rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
        }
      } else if (by == GroupBy::kPayer) {
        g.payerId = t.payerId;
        g.payerName = t.payerName;
      } else {
        g.bucket = bucket;
      }
      out.push_back(std::move(g));
    }
    QueueGroup& g = out[it->second];
    g.count += t.count;
    g.amount = g.amount + t.amount;
  }
  std::stable_sort(out.begin(), out.end(), [by](const QueueGroup& a, const QueueGroup& b) {
    if (by == GroupBy::kAge) return a.bucket < b.bucket;
    if (a.amount != b.amount) return a.amount > b.amount;
    return a.key < b.key;
  });
  return out;
}

Result<QueueEntry> entryFor(Repositories& r, const DenialsSetup& setup, OrganizationId org,
                            DenialId id, Instant now) {
  auto item = r.denials().item(org, id);
  if (!item) return Error::notFound("denial not found");
  const Todays todays(r, setup.zones, org, now);
  const Date today = todays.of(item->locationId);
  return entryOf(std::move(*item), setup, today);
}

/// Checks text with line breaks: each line clean.
bool cleanLines(std::string_view text) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!domain::validation::isCleanText(line)) return false;
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return true;
}

Status checkNote(const std::string& body, const char* field) {
  const bool blank = std::all_of(body.begin(), body.end(), [](char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  });
  if (blank) return Error::invalidField(field, "is required");
  if (body.size() > kMaxNote) return Error::invalidField(field, "is longer than 4000 characters");
  if (!cleanLines(body)) {
    return Error::invalidField(field,
                               "must be text without control characters (line breaks are fine)");
  }
  return {};
}

/// The ledger lines a denial's money sits on: its line, or the claim's posted lines in order.
Result<std::vector<LedgerLine>> linesOf(Repositories& r, OrganizationId org, const Denial& d,
                                        const ClaimRecord& claim) {
  std::vector<LedgerLine> out;
  if (d.lineId.valid()) {
    auto line = r.ledger().line(org, d.lineId);
    if (!line) return Error::conflict("The denied charge line no longer exists.");
    out.push_back(std::move(*line));
    return out;
  }
  for (auto& l : r.encounters().history(org, claim.encounterId)) {
    if (l.status == "posted") out.push_back(std::move(l));
  }
  std::sort(out.begin(), out.end(), [](const LedgerLine& a, const LedgerLine& b) {
    return a.line.lineNumber < b.line.lineNumber;
  });
  return out;
}

/// Writes off, or transfers to the patient, the denied amount from the payer's place: at most
/// what that place still owes on each line, in line order.
Result<std::vector<domain::LedgerEntry>> moveMoney(Repositories& r, OrganizationId org,
                                                   const Denial& d, const ClaimRecord& claim,
                                                   DenialAction action, Instant now,
                                                   domain::UserId user) {
  const auto place = domain::placeOf(d);
  if (!place) return Error::conflict("The denial names no insurance place on the line.");
  auto lines = linesOf(r, org, d, claim);
  if (!lines) return lines.error();
  std::vector<domain::LedgerEntry> out;
  if (lines->empty()) return out;
  // Balances that decide a posting are read under the account's lock (as allocation does), so
  // a payment committed meanwhile is seen.
  r.accounts().lock(org, lines->front().accountId);
  Money left = d.amount;
  for (const auto& stale : *lines) {
    if (left.cents() <= 0) break;
    auto line = r.ledger().line(org, stale.id);
    if (!line) continue;
    const Money take = std::min(left, line->balance.of(*place));
    if (take.cents() <= 0) continue;
    domain::LedgerEntry e;
    e.kind = action == DenialAction::kWriteOff ? domain::EntryKind::kWriteOff
                                               : domain::EntryKind::kTransfer;
    e.lineId = line->id;
    e.amount = take;
    e.from = *place;
    if (action == DenialAction::kBillPatient) e.to = domain::Responsibility::kPatient;
    e.claimId = d.claimId;
    e.reason = domain::reasonCode(d);
    auto posted = billing::postEntry(r, now, org, e, user.value);
    if (!posted) return posted.error();
    out.push_back(std::move(*posted));
    left = left - take;
  }
  return out;
}

Status appealClaim(Repositories& r, ClaimRecord& claim, const Denial& d, Instant now,
                   domain::UserId user) {
  using domain::claims::ClaimState;
  if (claim.state == ClaimState::kAppealed) return {};
  if (auto s = domain::claims::checkTransition(claim.state, ClaimState::kAppealed); !s.ok()) {
    return s;
  }
  ClaimHistoryEntry h;
  h.at = now;
  h.from = claim.state;
  h.to = ClaimState::kAppealed;
  h.userId = user.value;
  h.note = "appealed: denial " + std::to_string(d.id.value) + " (" + domain::reasonCode(d) + ")";
  r.claims().addHistory(claim.organizationId, claim.id, h);
  claim.state = ClaimState::kAppealed;
  auto saved = r.claims().update(claim, claim.meta.version, now);
  if (!saved) return saved.error();
  claim = std::move(*saved);
  return {};
}

std::optional<std::string> codeText(Repositories& r, domain::CodeSystem system, OrganizationId org,
                                    const std::string& code) {
  auto releases = r.codes().releases(system, org);
  if (releases.empty()) return std::nullopt;
  auto found = r.codes().find(releases.back().id, code);
  if (!found) return std::nullopt;
  if (!found->longDescription.empty()) return found->longDescription;
  if (!found->shortDescription.empty()) return found->shortDescription;
  return std::nullopt;
}

}  // namespace

std::optional<GroupBy> parseGroupBy(std::string_view s) {
  if (s == "reason") return GroupBy::kReason;
  if (s == "payer") return GroupBy::kPayer;
  if (s == "age") return GroupBy::kAge;
  return std::nullopt;
}

Result<Queue> listQueue(Repositories& r, const DenialsSetup& setup, const QueueRequest& request,
                        Instant now) {
  const OrganizationId org = request.query.organizationId;
  const Todays todays(r, setup.zones, org, now);
  DenialQuery q = request.query;
  if (request.age) narrowToBucket(q, *request.age, todays);
  auto page = r.denials().list(q);
  if (!page) return page.error();
  Queue out;
  out.nextCursor = page->nextCursor;
  out.items.reserve(page->items.size());
  for (auto& item : page->items) {
    const Date today = todays.of(item.locationId);
    QueueEntry e = entryOf(std::move(item), setup, today);
    if (request.age && e.bucket != *request.age) continue;
    out.items.push_back(std::move(e));
  }
  if (request.groupBy != GroupBy::kNone) {
    const DenialGrouping grouping = request.groupBy == GroupBy::kReason  ? DenialGrouping::kReason
                                    : request.groupBy == GroupBy::kPayer ? DenialGrouping::kPayer
                                                                         : DenialGrouping::kAge;
    out.groups = groupsOf(r.denials().tally(q, grouping), request.groupBy, request.age, todays);
  }
  return out;
}

Result<DenialDetail> getDenial(Repositories& r, const DenialsSetup& setup, OrganizationId org,
                               DenialId id, Instant now) {
  auto entry = entryFor(r, setup, org, id, now);
  if (!entry) return entry.error();
  DenialDetail out;
  out.entry = std::move(*entry);
  out.notes = r.denials().notes(org, id);
  return out;
}

Result<QueueEntry> editDenial(Repositories& r, const DenialsSetup& setup, OrganizationId org,
                              DenialId id, const DenialEdits& edits,
                              std::optional<std::int64_t> expectedVersion, Instant now) {
  auto d = r.denials().get(org, id);
  if (!d) return Error::notFound("denial not found");
  if (d->state != domain::DenialState::kOpen) {
    return Error::conflict("This denial is resolved (" + std::string(toString(d->resolution)) +
                           "); only open denials are assigned or given due dates.");
  }
  if (edits.assignedTo) {
    if (edits.assignedTo->valid()) {
      auto u = r.users().get(org, *edits.assignedTo);
      if (!u || !u->active) {
        return Error::invalidField("assigned_to", "is not an active user of the practice");
      }
      if (!domain::allows(u->roles, domain::Permission::kClaimSubmit)) {
        return Error::invalidField("assigned_to",
                                   "may not work denials (a biller or a manager may)");
      }
    }
    d->assignedTo = *edits.assignedTo;
  }
  if (edits.dueOn) d->dueOn = *edits.dueOn;
  auto saved = r.denials().update(*d, expectedVersion.value_or(d->meta.version), now);
  if (!saved) return saved.error();
  return entryFor(r, setup, org, id, now);
}

std::vector<Assignee> assignees(Repositories& r, OrganizationId org) {
  std::vector<Assignee> out;
  for (auto& u : r.users().list(org)) {
    // The same test as editDenial's, so every name offered is accepted.
    if (!u.active || !domain::allows(u.roles, domain::Permission::kClaimSubmit)) continue;
    out.push_back({u.id, std::move(u.displayName)});
  }
  std::sort(out.begin(), out.end(), [](const Assignee& a, const Assignee& b) {
    return a.displayName != b.displayName ? a.displayName < b.displayName : a.id.value < b.id.value;
  });
  return out;
}

Result<DenialNote> addNote(Repositories& r, OrganizationId org, DenialId id,
                           const std::string& body, Instant now, domain::UserId user) {
  if (auto s = checkNote(body, "body"); !s.ok()) return s.error();
  if (!r.denials().get(org, id)) return Error::notFound("denial not found");
  DenialNote n;
  n.organizationId = org;
  n.denialId = id;
  n.author = user;
  n.body = body;
  n.createdAt = now;
  auto stored = r.denials().addNote(n);
  if (stored) {
    if (auto u = r.users().get(org, user)) stored->authorName = u->displayName;
  }
  return stored;
}

Result<ResolveOutcome> resolve(Repositories& r, const DenialsSetup& setup, OrganizationId org,
                               DenialId id, const ResolveRequest& request, Instant now,
                               domain::UserId user) {
  if (!request.note.empty()) {
    if (auto s = checkNote(request.note, "note"); !s.ok()) return s.error();
  }
  auto d = r.denials().get(org, id);
  if (!d) return Error::notFound("denial not found");
  if (request.expectedVersion && *request.expectedVersion != d->meta.version) {
    return Error::versionMismatch();
  }
  if (d->state != domain::DenialState::kOpen) {
    return Error::conflict("This denial was resolved already (" +
                           std::string(toString(d->resolution)) + ").");
  }
  auto claim = r.claims().get(org, d->claimId);
  if (!claim) return Error::conflict("The denied claim no longer exists.");
  ResolveOutcome out;
  switch (request.action) {
    case DenialAction::kWriteOff:
    case DenialAction::kBillPatient: {
      auto entries = moveMoney(r, org, *d, *claim, request.action, now, user);
      if (!entries) return entries.error();
      out.entries = std::move(*entries);
      for (const auto& e : out.entries) out.posted = out.posted + e.amount;
      break;
    }
    case DenialAction::kAppeal:
      if (auto s = appealClaim(r, *claim, *d, now, user); !s.ok()) return s.error();
      out.claim = *claim;
      break;
    case DenialAction::kCorrectAndResubmit:
      out.claim = *claim;
      break;
  }
  d->state = domain::DenialState::kResolved;
  d->resolution = domain::resolutionOf(request.action);
  d->resolvedAt = now;
  d->resolvedBy = user;
  auto saved = r.denials().update(*d, d->meta.version, now);
  if (!saved) return saved.error();
  if (!request.note.empty()) {
    auto note = addNote(r, org, id, request.note, now, user);
    if (!note) return note.error();
  }
  auto entry = entryFor(r, setup, org, id, now);
  if (!entry) return entry.error();
  out.entry = std::move(*entry);
  return out;
}

Result<AppealLetter> appealLetter(Repositories& r, const DenialsSetup& setup, OrganizationId org,
                                  DenialId id, Instant now, domain::UserId user) {
  auto entry = entryFor(r, setup, org, id, now);
  if (!entry) return entry.error();
  const Denial& d = entry->item.denial;
  auto claim = r.claims().get(org, d.claimId);
  if (!claim) return Error::notFound("claim not found");
  auto practice = r.organizations().get(org);
  auto payer = r.payers().get(org, d.payerId);
  auto patient = r.patients().get(org, d.patientId);
  if (!practice || !payer || !patient) return Error::notFound("claim records not found");
  AppealLetter out;
  out.practice = std::move(*practice);
  out.payer = std::move(*payer);
  out.patient = std::move(*patient);
  if (auto coverage = r.coverages().get(org, claim->coverageId)) out.memberId = coverage->memberId;
  out.deniedOn = d.deniedOn;
  out.today = Todays(r, setup.zones, org, now).of(entry->item.locationId);
  out.letterTemplate = setup.rules->appealLetter;
  if (auto u = r.users().get(org, user)) out.signer = u->displayName;
  for (const Denial& other : r.denials().ofClaim(org, d.claimId)) {
    // The letter argues what is appealed: this denial, and the others of the same remittance
    // claim that were appealed too (an open one may yet be written off or resubmitted).
    const bool appealedWithIt = other.remittanceClaimId == d.remittanceClaimId &&
                                other.resolution == domain::DenialResolution::kAppealed;
    if (other.id != d.id && !appealedWithIt) continue;
    AppealLine line;
    line.denialId = other.id;
    line.serviceDate = claim->serviceDate;
    line.charge = claim->total;
    if (other.lineId.valid()) {
      if (auto l = r.ledger().line(org, other.lineId)) {
        line.serviceDate = l->line.dateOfService.value_or(claim->serviceDate);
        line.procedureCode = l->line.code;
        line.modifiers = l->line.modifiers;
        line.charge = l->line.charge;
      }
    }
    line.denied = other.amount;
    line.group = other.group;
    line.carc = other.carc;
    line.rarcs = other.rarcs;
    if (!out.carcTexts.count(other.carc)) {
      if (auto t = codeText(r, domain::CodeSystem::kCarc, org, other.carc)) {
        out.carcTexts.emplace(other.carc, *t);
      }
    }
    for (const auto& code : other.rarcs) {
      if (out.rarcTexts.count(code)) continue;
      if (auto t = codeText(r, domain::CodeSystem::kRarc, org, code)) {
        out.rarcTexts.emplace(code, *t);
      }
    }
    out.lines.push_back(std::move(line));
  }
  out.claim = std::move(*claim);
  return out;
}

}  // namespace medoffice::app::denials
