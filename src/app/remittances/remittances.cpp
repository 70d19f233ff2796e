// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/remittances/remittances.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <utility>

namespace medoffice::app::remittances {

using domain::Error;
using domain::Money;
using domain::Responsibility;
using domain::claims::ClaimState;
namespace rem = domain::remittances;

Money PostingReport::payment() const {
  Money m;
  for (const auto& r : remittances) {
    if (!r.duplicate) m = m + r.payment;
  }
  return m;
}

std::size_t PostingReport::postedClaims() const {
  std::size_t n = 0;
  for (const auto& r : remittances) n += r.posted.size();
  return n;
}

std::size_t PostingReport::notPostedClaims() const {
  std::size_t n = 0;
  for (const auto& r : remittances) n += r.notPosted.size();
  return n;
}

namespace {

/// Our lines the plan answered, in our line order: how each was matched and what went to it.
/// Read off the plan the poster has already made (no second pass over the 835): one row per
/// line of the claim, those the plan did not touch dropped at the end.
std::vector<PostedLine> postedLines(const rem::PostingTarget& target, const rem::ClaimPlan& plan) {
  const auto& lines = target.lines;
  // A row per line of the claim, in place; a row is used once its lineId is set.
  std::vector<PostedLine> out(lines.size());
  const auto indexOf = [&lines](domain::ChargeLineId id) {
    for (std::size_t j = 0; j < lines.size(); ++j) {
      if (lines[j].id == id) return j;
    }
    return lines.size();
  };
  // A line only claim-level amounts reached keeps kCode: the claim, not an SVC, found it.
  for (auto& p : out) p.matchedBy = rem::MatchKind::kCode;
  for (const auto& m : plan.matches) {
    for (auto id : m.lines) {
      if (auto j = indexOf(id); j < lines.size()) {
        out[j].matchedBy = m.kind;  // the last SVC's: a split line reads kSplit
        out[j].lineId = id;
      }
    }
  }
  for (const auto& e : plan.entries) {
    const std::size_t j = indexOf(e.line);
    if (j == lines.size()) continue;
    auto& p = out[j];
    p.lineId = e.line;
    switch (e.kind) {
      case domain::EntryKind::kInsurancePayment:
        p.paid = p.paid + e.amount;
        break;
      case domain::EntryKind::kContractualAdjustment:
        p.contractual = p.contractual + e.amount;
        break;
      case domain::EntryKind::kTransfer:
        p.transferred = p.transferred + e.amount;
        if (e.to) p.transferredTo = *e.to;
        break;
      default:
        break;
    }
  }
  for (const auto& d : plan.denials) {
    const std::size_t j = indexOf(d.line);
    if (j == lines.size()) continue;
    out[j].lineId = d.line;
    out[j].denied = out[j].denied + d.amount;
    out[j].denials.push_back(d.group + "-" + d.carc);
  }
  std::size_t kept = 0;
  for (std::size_t j = 0; j < lines.size(); ++j) {
    if (!out[j].lineId.valid()) continue;
    auto& p = out[kept++];
    if (&p != &out[j]) p = std::move(out[j]);
    p.code = lines[j].code;
    p.modifiers = lines[j].modifiers;
    if (p.transferred.cents() == 0) p.transferredTo = target.next;
  }
  out.resize(kept);
  return out;
}

/// States a claim can take a remittance in: sent to the payer, or decided and open to a
/// reversal and a new decision, or appealed.
bool takesRemittance(ClaimState s) {
  switch (s) {
    case ClaimState::kBatched:
    case ClaimState::kAccepted:
    case ClaimState::kPaid:
    case ClaimState::kPartiallyPaid:
    case ClaimState::kDenied:
    case ClaimState::kAppealed:
      return true;
    default:
      return false;
  }
}

ClaimState stateOf(rem::Outcome o) {
  switch (o) {
    case rem::Outcome::kPaid:
      return ClaimState::kPaid;
    case rem::Outcome::kPartiallyPaid:
      return ClaimState::kPartiallyPaid;
    case rem::Outcome::kDenied:
      return ClaimState::kDenied;
  }
  return ClaimState::kPaid;
}

/// The adjudication as stored: each SVC matched to one of our lines names it (REF*6R "L<id>"),
/// also when the payer did not echo it, so the next payer's claim can carry the line's 2430.
rem::AdjudicatedClaim withOurLines(const rem::AdjudicatedClaim& c,
                                   const std::vector<rem::LineMatch>& matches) {
  rem::AdjudicatedClaim out = c;
  for (const auto& m : matches) {
    if (m.lines.size() == 1 && m.svc < out.lines.size()) {
      out.lines[m.svc].lineControlNumber = "L" + std::to_string(m.lines.front().value);
    }
  }
  return out;
}

/// Code and modifiers of an adjudicated procedure shown as "HC:99213:25".
std::pair<std::string, std::vector<std::string>> procedureOf(const std::string& shown) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  for (;;) {
    const auto colon = shown.find(':', at);
    parts.push_back(shown.substr(at, colon == std::string::npos ? std::string::npos : colon - at));
    if (colon == std::string::npos) break;
    at = colon + 1;
  }
  if (parts.size() < 2) return {};
  return {parts[1], std::vector<std::string>(parts.begin() + 2, parts.end())};
}

/// What the payer did, as the next payer's claim carries it (2320, 2430); none when a line of
/// the remittance stands for several of ours (bundled), which a 2430 cannot say.
std::optional<domain::claims::PayerAdjudication> cobOf(const rem::AdjudicatedClaim& c,
                                                       domain::Date date) {
  domain::claims::PayerAdjudication a;
  a.patientControlNumber = c.patientControlNumber;
  a.adjudicationDate = date;
  a.paid = c.paid;
  a.payerClaimControlNumber = c.payerClaimNumber;
  Money patient;
  for (const auto& adj : c.adjustments) {
    a.adjustments.push_back({adj.group, adj.reason, adj.amount, 0});
    if (adj.group == "PR") patient = patient + adj.amount;
  }
  for (const auto& l : c.lines) {
    if (l.lineControlNumber.empty()) return std::nullopt;
    domain::claims::AdjudicatedLine line;
    line.lineControlNumber = l.lineControlNumber;
    auto [code, modifiers] = procedureOf(l.adjudicated);
    if (code != l.code || modifiers != l.modifiers) {
      line.procedureCode = code;
      line.modifiers = modifiers;
    }
    line.paid = l.paid;
    // SVC05 in whole units (fractions rounded); a line the payer paid no units of says 0.
    line.paidUnits = static_cast<int>((l.paidUnitsMilli + 500) / 1000);
    for (const auto& adj : l.adjustments) {
      line.adjustments.push_back({adj.group, adj.reason, adj.amount, 0});
      if (adj.group == "PR") patient = patient + adj.amount;
    }
    a.lines.push_back(std::move(line));
  }
  if (c.patientResponsibility.cents() != 0) {
    a.remainingPatientLiability = c.patientResponsibility;
  } else if (patient.cents() != 0) {
    a.remainingPatientLiability = patient;
  }
  return a;
}

/// Posts one ERA inside its transaction: claims come in as the cursor reads them and are
/// planned and written a chunk at a time.
class EraPoster {
 public:
  EraPoster(Repositories& r, RemittanceFormats& formats, domain::OrganizationId org,
            const PostingOptions& options, domain::Instant now, RemittanceReport& report)
      : r_(r), formats_(formats), org_(org), options_(options), now_(now), report_(report) {}

  Status claim(const rem::RemittanceHeader& header, const rem::AdjudicatedClaim& c) {
    if (!started_) {
      if (auto s = start(header); !s.ok()) return s;
    }
    ++report_.claims;
    if (report_.duplicate) return {};
    buffer_.push_back(c);
    if (buffer_.size() >= options_.chunk) return flush();
    return {};
  }

  Status finish(const rem::RemittanceHeader& header) {
    if (!started_) {
      if (auto s = start(header); !s.ok()) return s;
    }
    report_.providerAdjustments = header.providerAdjustments;
    if (report_.duplicate) return {};
    if (auto s = flush(); !s.ok()) return s;
    if (options_.dryRun) return {};
    r_.remittances().insertProviderAdjustments(org_, record_.id, header.providerAdjustments, now_);
    Money providerAdjustments;
    for (const auto& p : header.providerAdjustments) {
      providerAdjustments = providerAdjustments + p.amount;
    }
    record_.claims = static_cast<std::int64_t>(report_.claims);
    record_.postedClaims = static_cast<std::int64_t>(report_.posted.size());
    record_.posted = report_.paid;
    record_.providerAdjustments = providerAdjustments;
    r_.remittances().finish(record_);
    return {};
  }

 private:
  Status start(const rem::RemittanceHeader& header) {
    started_ = true;
    date_ = header.date().value_or(now_.utcDate());
    report_.transaction = header.transaction;
    report_.payerName = header.payerName;
    report_.payerKey = header.payerKey;
    report_.traceNumber = header.traceNumber;
    report_.payment = header.payment;
    report_.paymentDate = header.paymentDate;
    if (header.payerKey.empty() || header.traceNumber.empty()) {
      return Error::invalidField("TRN02",
                                 "names no trace number (or the payer no id): the remittance "
                                 "cannot be told from another, so it is not posted");
    }
    if (auto old = r_.remittances().find(org_, header.payerKey, header.traceNumber)) {
      report_.duplicate = true;
      report_.id = old->id;
      return {};
    }
    if (options_.dryRun) return {};
    RemittanceRecord rec;
    rec.organizationId = org_;
    rec.payerKey = header.payerKey;
    rec.traceNumber = header.traceNumber;
    rec.payerName = header.payerName;
    rec.payment = header.payment;
    rec.paymentMethod = header.paymentMethod;
    rec.paymentDate = header.paymentDate;
    rec.postedBy = options_.byUser;
    rec.createdAt = now_;
    auto stored = r_.remittances().insert(rec);
    if (!stored) return stored.error();
    record_ = *stored;
    report_.id = record_.id;
    return {};
  }

  void notPosted(const rem::AdjudicatedClaim& c, std::string reason, RemittanceClaimRecord& rc) {
    rc.reason = reason;
    report_.notPosted.push_back({c.patientControlNumber, c.position, std::move(reason)});
  }

  /// Applies an entry's effect to the in-memory balances, so a later claim of the chunk (a
  /// correction after its reversal) plans against them.
  static void apply(ClaimTarget& t, const domain::EntryEffect& e) {
    for (auto& l : t.target.lines) {
      if (l.id != e.lineId) continue;
      for (std::size_t k = 0; k < domain::kResponsibilities; ++k) {
        l.balance.owed[k] = l.balance.owed[k] + e.lineDelta[k];
      }
    }
  }

  domain::LedgerEntry entryFor(const ClaimTarget& t, const rem::PlannedEntry& p) const {
    domain::LedgerEntry e;
    e.organizationId = org_;
    e.accountId = t.accountId;
    e.patientId = t.patientId;
    e.encounterId = t.encounterId;
    e.lineId = p.line;
    e.kind = p.kind;
    e.amount = p.amount;
    e.from = p.from;
    e.to = p.to;
    e.claimId = t.id;
    e.reason = p.reason;
    e.postedBy = options_.byUser;
    e.postedAt = now_;
    e.effect = domain::effectOf(e);
    return e;
  }

  RemittanceEntry withDimensions(const ClaimTarget& t, domain::LedgerEntry e) const {
    RemittanceEntry out;
    out.location = t.locationId;
    for (std::size_t j = 0; j < t.target.lines.size(); ++j) {
      if (t.target.lines[j].id != e.lineId) continue;
      out.provider = t.dimensions[j].provider;
      std::optional<Responsibility> place;
      if (e.from && domain::isInsurance(*e.from)) {
        place = e.from;
      } else if (e.to && domain::isInsurance(*e.to)) {
        place = e.to;
      }
      if (place) out.payer = t.dimensions[j].payers[static_cast<std::size_t>(*place)];
    }
    out.entry = std::move(e);
    return out;
  }

  /// A CLP02 22: the entries of the adjudication it names are reversed, newest first.
  Status reverse(ClaimTarget& t, const rem::AdjudicatedClaim& c, RemittanceClaimRecord& rc,
                 std::vector<std::pair<std::size_t, std::vector<domain::LedgerEntry>>>& reversals,
                 std::size_t rcIndex) {
    auto it = std::find_if(t.posted.rbegin(), t.posted.rend(), [&](const PostedAdjudication& p) {
      return p.charge == -c.charge && p.paid == -c.paid &&
             (c.payerClaimNumber.empty() || p.payerClaimNumber.empty() ||
              p.payerClaimNumber == c.payerClaimNumber);
    });
    if (it == t.posted.rend()) {
      notPosted(c,
                "reverses a payment of " + (-c.paid).toString() + " on a charge of " +
                    (-c.charge).toString() + " that was never posted for this claim" +
                    (c.payerClaimNumber.empty() ? "" : " (ICN '" + c.payerClaimNumber + "')"),
                rc);
      return {};
    }
    if (!it->id.valid()) {
      notPosted(c, "reverses an adjudication of this same remittance; post it by hand", rc);
      return {};
    }
    auto entries = r_.remittances().entriesOf(org_, it->id);
    std::vector<domain::LedgerEntry> out;
    ClaimTarget trial = t;
    for (auto e = entries.rbegin(); e != entries.rend(); ++e) {
      domain::LedgerEntry rev;
      rev.organizationId = org_;
      rev.accountId = e->accountId;
      rev.patientId = e->patientId;
      rev.encounterId = e->encounterId;
      rev.lineId = e->lineId;
      rev.kind = domain::EntryKind::kReversal;
      rev.amount = e->amount;
      rev.from = e->from;
      rev.to = e->to;
      rev.claimId = t.id;
      rev.reverses = e->id;
      rev.reason = "CLP02 22" + (c.payerClaimNumber.empty() ? "" : " ICN " + c.payerClaimNumber);
      rev.postedBy = options_.byUser;
      rev.postedAt = now_;
      rev.effect = domain::negated(e->effect);
      apply(trial, rev.effect);
      out.push_back(std::move(rev));
    }
    for (const auto& l : trial.target.lines) {
      for (const auto& m : l.balance.owed) {
        if (m.cents() < 0) {
          notPosted(c,
                    "cannot take back the earlier posting: money moved on since (line L" +
                        std::to_string(l.id.value) +
                        " no longer holds it; the patient may have paid it)",
                    rc);
          return {};
        }
      }
    }
    const auto reversedId = it->id;
    const auto at = std::distance(t.posted.begin(), std::next(it).base());
    t = std::move(trial);
    t.posted.erase(t.posted.begin() + at);
    rc.posted = true;
    PostedClaim p;
    p.claim = c.patientControlNumber;
    p.claimId = t.id;
    p.status = c.status;
    p.reversal = true;
    p.paid = c.paid;
    p.entries = out.size();
    p.state = std::string(domain::claims::toString(t.state));
    p.notes.push_back("took back remittance claim " + std::to_string(reversedId.value));
    report_.posted.push_back(std::move(p));
    report_.entries += out.size();
    reversedOf_.emplace_back(rcIndex, reversedId);
    reversals.emplace_back(rcIndex, std::move(out));
    return {};
  }

  Status flush() {
    if (buffer_.empty()) return {};
    std::vector<std::string> numbers;
    numbers.reserve(buffer_.size());
    for (const auto& c : buffer_) numbers.push_back(c.patientControlNumber);
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    auto targets = r_.remittances().targets(org_, numbers, !options_.dryRun);
    std::unordered_map<std::string, ClaimTarget*> byNumber;
    for (auto& t : targets) byNumber.emplace(t.patientControlNumber, &t);

    std::vector<RemittanceClaimRecord> rcs;
    rcs.reserve(buffer_.size());
    // Per remittance claim (by index in rcs): the planned entries and denials.
    std::vector<std::pair<std::size_t, std::vector<RemittanceEntry>>> planned;
    std::vector<std::pair<std::size_t, std::vector<domain::LedgerEntry>>> reversals;
    std::vector<std::pair<std::size_t, std::vector<domain::Denial>>> denials;
    std::vector<std::pair<std::size_t, ClaimStateChange>> changes;
    reversedOf_.clear();
    for (const auto& c : buffer_) {
      RemittanceClaimRecord rc;
      rc.organizationId = org_;
      rc.remittanceId = record_.id;
      rc.position = static_cast<std::int64_t>(c.position);
      rc.patientControlNumber = c.patientControlNumber;
      rc.status = c.status;
      rc.charge = c.charge;
      rc.paid = c.paid;
      rc.patientResponsibility = c.patientResponsibility;
      rc.payerClaimNumber = c.payerClaimNumber;
      rc.createdAt = now_;
      const std::size_t index = rcs.size();
      auto found = byNumber.find(c.patientControlNumber);
      if (found == byNumber.end()) {
        rc.adjudication = formats_.adjudicationText(c);
        notPosted(c, "matches no claim of this practice (CLP01 '" + c.patientControlNumber + "')",
                  rc);
        rcs.push_back(std::move(rc));
        continue;
      }
      ClaimTarget& t = *found->second;
      rc.claimId = t.id;
      if (c.isReversal()) {
        rc.adjudication = formats_.adjudicationText(c);
        if (auto s = reverse(t, c, rc, reversals, index); !s.ok()) return s;
        rcs.push_back(std::move(rc));
        continue;
      }
      if (rc.adjudication.empty() && (c.status == "23" || c.status == "25" ||
                                      !takesRemittance(t.state) || !t.posted.empty())) {
        rc.adjudication = formats_.adjudicationText(c);
      }
      if (c.status == "23") {
        notPosted(c, "the payer forwarded the claim to another payer (CLP02 23); nothing was paid",
                  rc);
      } else if (c.status == "25") {
        notPosted(c, "a predetermination (CLP02 25): nothing is paid on it", rc);
      } else if (!takesRemittance(t.state)) {
        notPosted(c,
                  "claim " + c.patientControlNumber + " is " +
                      std::string(domain::claims::toString(t.state)) +
                      ": it was not sent to this payer, so nothing is posted to it",
                  rc);
      } else if (!t.posted.empty()) {
        notPosted(c,
                  "an earlier remittance of this claim is posted; a new decision must follow "
                  "its reversal (CLP02 22)",
                  rc);
      } else {
        auto plan = rem::planClaim(c, t.target);
        const auto stored = withOurLines(c, plan.matches);
        rc.adjudication = formats_.adjudicationText(stored);
        if (!plan.postable) {
          notPosted(c, plan.reason, rc);
        } else {
          rc.posted = true;
          std::vector<RemittanceEntry> entries;
          entries.reserve(plan.entries.size());
          for (const auto& pe : plan.entries) {
            auto e = entryFor(t, pe);
            apply(t, e.effect);
            entries.push_back(withDimensions(t, std::move(e)));
          }
          std::vector<domain::Denial> ds;
          for (const auto& pd : plan.denials) {
            domain::Denial d;
            d.organizationId = org_;
            d.remittanceId = record_.id;
            d.claimId = t.id;
            d.lineId = pd.line;
            d.patientId = t.patientId;
            d.payerId = t.payerId;
            d.responsibility = static_cast<int>(t.target.place) + 1;
            d.group = pd.group;
            d.carc = pd.carc;
            d.rarcs = pd.remarks;
            d.amount = pd.amount;
            d.deniedOn = date_;
            ds.push_back(std::move(d));
          }
          const ClaimState to = stateOf(plan.outcome);
          changes.emplace_back(index, ClaimStateChange{t.id, t.state, to,
                                                       "remittance " + report_.traceNumber +
                                                           ": paid " + plan.paid.toString(),
                                                       c.payerClaimNumber});
          PostedClaim p;
          p.claim = c.patientControlNumber;
          p.claimId = t.id;
          p.status = c.status;
          p.paid = plan.paid;
          p.contractual = plan.contractual;
          p.transferred = plan.transferred;
          p.denied = plan.denied;
          p.state = std::string(domain::claims::toString(to));
          p.entries = entries.size();
          p.notes = std::move(plan.notes);
          p.lines = postedLines(t.target, plan);
          report_.paid = report_.paid + plan.paid;
          report_.contractual = report_.contractual + plan.contractual;
          report_.transferred = report_.transferred + plan.transferred;
          report_.denied = report_.denied + plan.denied;
          report_.entries += entries.size();
          report_.denials += ds.size();
          report_.posted.push_back(std::move(p));
          t.state = to;
          // A second decision for the claim in this remittance must come after a reversal.
          t.posted.push_back(
              PostedAdjudication{{}, record_.id, c.charge, c.paid, c.payerClaimNumber});
          planned.emplace_back(index, std::move(entries));
          if (options_.claims != nullptr && plan.transferred.cents() > 0 &&
              domain::isInsurance(t.target.next)) {
            next_.push_back({t.id, report_.posted.size() - 1, stored});
          }
          if (!ds.empty()) denials.emplace_back(index, std::move(ds));
        }
      }
      rcs.push_back(std::move(rc));
    }
    buffer_.clear();
    if (options_.dryRun) {
      next_.clear();
      return {};
    }

    auto stored = r_.remittances().insertClaims(rcs);
    std::vector<RemittanceEntry> all;
    for (auto& [index, entries] : reversals) {
      for (auto& e : entries) {
        RemittanceEntry re;
        re.entry = std::move(e);
        re.via = stored[index].id;
        all.push_back(std::move(re));
      }
    }
    for (auto& [index, entries] : planned) {
      for (auto& e : entries) {
        e.via = stored[index].id;
        all.push_back(std::move(e));
      }
    }
    if (auto s = r_.remittances().post(all, now_); !s.ok()) return s;
    for (const auto& [index, original] : reversedOf_) {
      r_.remittances().markReversed(org_, original, stored[index].id);
      r_.denials().resolveOpen(org_, stored[index].claimId, original,
                               domain::DenialResolution::kReversed, domain::UserId{}, now_);
    }
    std::vector<domain::Denial> flat;
    for (auto& [index, ds] : denials) {
      for (auto& d : ds) {
        d.remittanceClaimId = stored[index].id;
        flat.push_back(std::move(d));
      }
    }
    if (!flat.empty()) {
      if (auto s = r_.denials().insertMany(flat, now_); !s.ok()) return s;
    }
    std::vector<ClaimStateChange> moves;
    moves.reserve(changes.size());
    for (auto& [index, ch] : changes) moves.push_back(std::move(ch));
    r_.remittances().changeStates(org_, moves, options_.byUser, now_);
    return makeNextClaims();
  }

  /// The next payers' claims of the claims just posted (PostingOptions::claims).
  Status makeNextClaims() {
    for (const auto& n : next_) {
      auto& posted = report_.posted[n.report];
      auto cob = cobOf(n.adjudication, date_);
      if (!cob) {
        posted.notes.push_back(
            "the payer answered one line for several of ours: make the next payer's claim by "
            "hand");
        continue;
      }
      auto made =
          claims::createNextClaim(r_, *options_.claims, org_, n.claim, *cob, now_, options_.byUser);
      if (!made) {
        posted.notes.push_back("the next payer's claim could not be made: " + made.error().message);
        continue;
      }
      if (*made) {
        posted.notes.push_back("claim " + (*made)->patientControlNumber +
                               " made for the next payer (" +
                               std::string(domain::claims::toString((*made)->state)) + ")");
        posted.nextClaim = (*made)->id;
      }
    }
    next_.clear();
    return {};
  }

  Repositories& r_;
  RemittanceFormats& formats_;
  domain::OrganizationId org_;
  const PostingOptions& options_;
  domain::Instant now_;
  RemittanceReport& report_;
  RemittanceRecord record_;
  domain::Date date_;
  bool started_ = false;
  std::vector<rem::AdjudicatedClaim> buffer_;
  std::vector<std::pair<std::size_t, domain::RemittanceClaimId>> reversedOf_;
  struct NextClaim {
    domain::ClaimId claim;
    std::size_t report = 0;  ///< index into report_.posted
    rem::AdjudicatedClaim adjudication;
  };
  std::vector<NextClaim> next_;
};

}  // namespace

Result<PostingReport> postFile(UnitOfWork& uow, RemittanceFormats& formats,
                               domain::OrganizationId org, std::string_view input,
                               const PostingOptions& options, domain::Instant now,
                               const OnRemittance& onRemittance) {
  if (auto s = formats.check(input); !s.ok()) return s.error();
  PostingOptions o = options;
  if (o.chunk == 0) o.chunk = 1;
  auto cursor = formats.open(input);
  PostingReport report;
  report.dryRun = o.dryRun;
  for (;;) {
    RemittanceReport one;
    bool done = false;
    auto body = [&](Repositories& r) -> Status {
      one = RemittanceReport{};
      EraPoster poster(r, formats, org, o, now, one);
      auto header =
          cursor->next([&](const rem::RemittanceHeader& h, const rem::AdjudicatedClaim& c) {
            return poster.claim(h, c);
          });
      if (!header) return header.error();
      if (!*header) {
        done = true;
        return {};
      }
      if (auto s = poster.finish(**header); !s.ok()) return s;
      if (!o.dryRun && !one.duplicate && onRemittance) onRemittance(r, one);
      return {};
    };
    Status s = o.dryRun ? uow.read(body) : uow.write(body);
    if (!s.ok()) return s.error();
    if (done) break;
    report.remittances.push_back(std::move(one));
  }
  return report;
}

}  // namespace medoffice::app::remittances
