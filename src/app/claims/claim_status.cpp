// SPDX-License-Identifier: AGPL-3.0-or-later
// Claim status (issue 17, point 7): 276 requests for claims the payer has left without an
// answer, sent through the clearinghouse each claim's batch went to, and the 277 answers taken
// into each claim's history (and state, where a 277 may decide it).
#include <algorithm>
#include <map>
#include <span>

#include "app/claims/claims.hpp"
#include "app/claims/internal.hpp"

namespace medoffice::app::claims {

using domain::Error;
using domain::Instant;
using domain::OrganizationId;
using domain::claims::Claim;
using domain::claims::ClaimState;
using domain::claims::Finding;
using domain::claims::Severity;

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
constexpr int kMostDays = 3650;

std::string named(const ClaimRecord& c) {
  return "claim " + std::to_string(c.id.value) + " (" + c.patientControlNumber + ")";
}

/// One 276 to send, as written in the first transaction.
struct Planned {
  StatusInquiry inquiry;
  std::string bytes;
  domain::claims::Clearinghouse settings;
};

struct Plan {
  std::vector<Planned> files;
  std::vector<std::string> skipped;
  bool more = false;
};

/// The waiting claims of one clearinghouse, with what a 276 asks.
struct Group {
  domain::claims::Clearinghouse settings;
  std::vector<ClaimRecord> records;
  std::vector<StatusQuestion> questions;
};

/// Picks the waiting claims, groups them by the clearinghouse of their last batch, draws
/// control numbers and writes one 276 per clearinghouse and kMaxStatusQuestions claims.
Result<Plan> plan(Repositories& r, const ClaimsSetup& setup, OrganizationId org, int days,
                  domain::ClearinghouseId only, Instant now) {
  Plan out;
  const Instant since = Instant::fromMicros(now.micros() - days * kMicrosPerDay);
  auto waiting = r.claims().quietSince(org, {ClaimState::kBatched, ClaimState::kAccepted}, since,
                                       kMaxStatusInquiryClaims + 1);
  if (waiting.size() > kMaxStatusInquiryClaims) {
    waiting.resize(kMaxStatusInquiryClaims);
    out.more = true;
  }
  std::map<std::int64_t, std::optional<ClaimBatch>> batches;
  std::map<std::int64_t, Group> groups;  // by clearinghouse id: files in a stable order
  for (auto& rec : waiting) {
    auto& b = batches[rec.batchId.value];
    if (!b && rec.batchId.valid()) b = r.claims().batch(org, rec.batchId, false);
    if (!b) {
      out.skipped.push_back(named(rec) +
                            ": it was never put in a batch, so no clearinghouse "
                            "knows it");
      continue;
    }
    if (only.valid() && b->clearinghouseId.value != only.value) continue;
    auto it = groups.find(b->clearinghouseId.value);
    if (it == groups.end()) {
      auto settings = r.claims().clearinghouse(org, b->clearinghouseId);
      if (!settings)
        return Error::notFound("the clearinghouse of batch " + std::to_string(b->id.value) +
                               " is gone");
      it = groups.emplace(b->clearinghouseId.value, Group{std::move(*settings), {}, {}}).first;
    }
    Group& g = it->second;
    if (!g.settings.active) {
      out.skipped.push_back(named(rec) + ": its clearinghouse " +
                            std::to_string(g.settings.id.value) + " is not active");
      continue;
    }
    auto claim = setup.formats.decode(rec.content);
    if (!claim) {
      out.skipped.push_back(named(rec) + ": its stored content cannot be read (" +
                            claim.error().message + ")");
      continue;
    }
    g.questions.push_back({std::move(*claim), rec.payerClaimNumber});
    g.records.push_back(std::move(rec));
  }
  for (auto& [id, g] : groups) {
    for (std::size_t from = 0; from < g.questions.size(); from += kMaxStatusQuestions) {
      const std::size_t to = std::min(g.questions.size(), from + kMaxStatusQuestions);
      const std::span<const StatusQuestion> questions(g.questions.data() + from, to - from);
      auto env = internal::newEnvelope(r, setup, org, g.settings, g.records[from].encounterId, now);
      if (!env) return env.error();
      auto file = setup.formats.write276(questions, *env);
      if (!file) {
        // Nothing of this part could be asked (every claim lacks what a 276 needs); its
        // control numbers stay drawn, unused, which is allowed: they never repeat.
        for (std::size_t k = from; k < to; ++k) {
          out.skipped.push_back(named(g.records[k]) + ": " + file.error().message);
        }
        continue;
      }
      for (const auto& [k, why] : file->refused) {
        out.skipped.push_back(named(g.records[from + k]) + ": the 276 needs " + why);
      }
      Planned p;
      p.inquiry.clearinghouseId = g.settings.id;
      p.inquiry.fileName = env->batchReference + ".276";
      p.inquiry.interchangeControl = env->interchange;
      p.inquiry.groupControl = env->group;
      p.inquiry.transactionControl = env->transaction;
      for (std::size_t k : file->asked) p.inquiry.claims.push_back(g.records[from + k]);
      p.bytes = std::move(file->bytes);
      p.settings = g.settings;
      out.files.push_back(std::move(p));
    }
  }
  return out;
}

/// The words a 277 status is recorded with: "277 pending (P1:20): pending/in process ...".
std::string statusNote(const AckClaimStatus& c) {
  std::string out = "277 " + c.disposition + " (" + c.codes + ")";
  if (!c.message.empty()) out += ": " + c.message;
  return out;
}

}  // namespace

Result<StatusInquiryOutcome> sendStatusInquiries(
    UnitOfWork& uow, const ClaimsSetup& setup, ClearinghouseTransports& transports,
    OrganizationId org, int olderThanDays, domain::ClearinghouseId clearinghouse,
    const std::function<void(Repositories&, const StatusInquiryOutcome&)>& audit, Instant now,
    std::int64_t user) {
  if (olderThanDays < 0 || olderThanDays > kMostDays) {
    return Error::invalidField("older_than_days", "must be a whole number of days from 0 to 3650");
  }
  auto planned = writeValue<Plan>(uow, [&](Repositories& r) -> Result<Plan> {
    if (clearinghouse.valid() && !r.claims().clearinghouse(org, clearinghouse)) {
      return Error::invalidField("clearinghouse_id", "is not a clearinghouse of this practice");
    }
    return plan(r, setup, org, olderThanDays, clearinghouse, now);
  });
  if (!planned) return planned.error();

  StatusInquiryOutcome out;
  out.skipped = std::move(planned->skipped);
  out.more = planned->more;
  // The transports run outside any transaction: they may take seconds.
  for (auto& p : planned->files) {
    Result<SendReceipt> receipt = Error::internal("not sent");
    auto transport = transports.open(p.settings);
    if (transport) {
      receipt = (*transport)->send({p.inquiry.fileName, p.bytes});
    } else {
      receipt = transport.error();
    }
    if (receipt) {
      p.inquiry.sent = true;
      p.inquiry.alreadyPresent = receipt->alreadyPresent;
      p.inquiry.sendReference = receipt->reference;
    } else {
      p.inquiry.sendError = receipt.error().message;
    }
    out.inquiries.push_back(std::move(p.inquiry));
  }

  // Only what went out is recorded: a claim whose file was not sent is asked about next time.
  auto recorded =
      writeValue<StatusInquiryOutcome>(uow, [&](Repositories& r) -> Result<StatusInquiryOutcome> {
        StatusInquiryOutcome done = out;
        for (auto& inquiry : done.inquiries) {
          if (!inquiry.sent) continue;
          for (auto& claim : inquiry.claims) {
            auto rec = r.claims().get(org, claim.id);
            if (!rec) continue;
            ClaimHistoryEntry h;
            h.at = now;
            h.from = rec->state;
            h.to = rec->state;
            h.userId = user;
            h.note = "status inquiry sent (276 " + inquiry.fileName + ", ISA13 " +
                     std::to_string(inquiry.interchangeControl) + ")";
            r.claims().addHistory(org, rec->id, h);
            claim = std::move(*rec);
          }
        }
        if (audit) audit(r, done);
        return done;
      });
  if (!recorded) return recorded.error();
  return std::move(*recorded);
}

namespace internal {

Status takeClaimStatus(Repositories& r, OrganizationId org, const Acknowledgement& ack,
                       AckOutcome& out, Instant now) {
  for (const auto& c : ack.claims) {
    auto rec = r.claims().byControlNumber(org, c.patientControlNumber);
    if (!rec) {
      out.unmatched.push_back("claim " + c.patientControlNumber + " is not one of ours");
      continue;
    }
    if (!out.batchId.valid()) out.batchId = rec->batchId;
    const std::string note = statusNote(c);
    // Only a claim still waiting for the payer moves; a 277 about a claim the 835 has decided
    // since (or that was corrected) is kept as history and nothing more.
    const bool waiting = rec->state == ClaimState::kBatched || rec->state == ClaimState::kAccepted;
    ClaimState to = rec->state;
    if (waiting && c.disposition == "rejected") to = ClaimState::kRejected;
    if (waiting && c.disposition == "denied") to = ClaimState::kDenied;
    AckChange change;
    change.claimId = rec->id;
    change.patientControlNumber = rec->patientControlNumber;
    change.from = std::string(domain::claims::toString(rec->state));
    change.reason = note;
    bool edited = !c.payerClaimNumber.empty() && rec->payerClaimNumber != c.payerClaimNumber;
    if (edited) rec->payerClaimNumber = c.payerClaimNumber;
    ClaimHistoryEntry h;
    h.at = now;
    h.from = rec->state;
    h.note = note;
    if (to != rec->state && domain::claims::canTransition(rec->state, to)) {
      rec->state = to;
      rec->statusNote = note;
      if (to == ClaimState::kRejected) {
        // Back on the work list: the payer's reason is the finding to work on.
        rec->findings = {Finding{Severity::kError, "277." + c.codes, "", note, ""}};
        rec->errors = 1;
        rec->warnings = 0;
        change.errors = rec->findings;
      }
      edited = true;
    }
    h.to = rec->state;
    r.claims().addHistory(org, rec->id, h);
    if (edited) {
      auto saved = r.claims().update(*rec, rec->meta.version, now);
      if (!saved) return saved.error();
    }
    change.to = std::string(domain::claims::toString(rec->state));
    out.changes.push_back(std::move(change));
  }
  return {};
}

}  // namespace internal

}  // namespace medoffice::app::claims
