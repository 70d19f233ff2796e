// SPDX-License-Identifier: AGPL-3.0-or-later
// Acknowledgements (issue 16): 999s found by our GS06/ST02 and mapped to claims and fields,
// 277CAs found by CLM01 (277 claim status responses by the trace of our 276, in
// claim_status.cpp), taken once per file; and the clearinghouse inbox read file by file.
#include <cstdlib>
#include <map>

#include "app/claims/claims.hpp"
#include "app/claims/internal.hpp"

namespace medoffice::app::claims {

using domain::ClaimBatchId;
using domain::ClaimId;
using domain::Date;
using domain::Error;
using domain::Instant;
using domain::OrganizationId;
using domain::claims::Claim;
using domain::claims::ClaimState;
using domain::claims::Finding;
using domain::claims::Severity;

namespace {

/// Claims of a batch with their decoded contents, for locate().
struct BatchClaims {
  std::vector<ClaimBatchItem> items;
  std::vector<Claim> claims;
};

BatchEnvelope envelopeOf(const ClaimBatch& b) {
  BatchEnvelope env;
  env.senderQualifier = b.senderQualifier;
  env.senderId = b.senderId;
  env.receiverQualifier = b.receiverQualifier;
  env.receiverId = b.receiverId;
  env.applicationSender = b.applicationSender;
  env.applicationReceiver = b.applicationReceiver;
  env.production = b.production;
  env.date = b.fileDate;
  env.hour = b.fileMinute / 60;
  env.minute = b.fileMinute % 60;
  env.batchReference = b.batchReference;
  env.interchange = b.interchangeControl;
  env.group = b.groupControl;
  env.transaction = b.transactionControl;
  return env;
}

/// Applies one outcome to one claim; records the change.
/// Moves one claim to `to` when its state machine allows it, and records what happened to it in
/// `out`. `edited`: the caller changed the record otherwise (the payer's claim number), so it is
/// stored even when the state stays.
Status settle(Repositories& r, AckOutcome& out, ClaimRecord& rec, ClaimState to,
              const std::string& reason, std::vector<Finding> errors, Instant now,
              bool edited = false) {
  AckChange ch;
  ch.claimId = rec.id;
  ch.patientControlNumber = rec.patientControlNumber;
  ch.from = std::string(domain::claims::toString(rec.state));
  ch.reason = reason;
  ch.errors = errors;
  if (rec.state != to && domain::claims::canTransition(rec.state, to)) {
    app::ClaimHistoryEntry h;
    h.at = now;
    h.from = rec.state;
    h.to = to;
    h.note = reason;
    r.claims().addHistory(rec.organizationId, rec.id, h);
    rec.state = to;
    if (to == ClaimState::kRejected) {
      rec.statusNote = reason;
      // The rejection's errors are the findings to work on.
      rec.findings = std::move(errors);
      rec.errors = static_cast<int>(rec.findings.size());
      rec.warnings = 0;
    }
    auto saved = r.claims().update(rec, rec.meta.version, now);
    if (!saved) return saved.error();
  } else if (edited) {
    auto saved = r.claims().update(rec, rec.meta.version, now);
    if (!saved) return saved.error();
  }
  ch.to = std::string(domain::claims::toString(rec.state));
  out.changes.push_back(std::move(ch));
  return {};
}

Status take999(Repositories& r, const ClaimsSetup& setup, OrganizationId org,
               const Acknowledgement& ack, AckOutcome& out, Instant now) {
  for (const auto& group : ack.groups) {
    const auto number = std::strtoul(group.groupControl.c_str(), nullptr, 10);
    std::optional<ClaimBatch> batch;
    for (auto& b : r.claims().batchesByGroupControl(org, static_cast<std::uint32_t>(number))) {
      // The 999 comes from the receiver we sent to.
      if (b.receiverId == ack.senderId || ack.senderId.empty()) {
        batch = std::move(b);
        break;
      }
    }
    if (!batch) {
      out.unmatched.push_back("functional group " + group.groupControl + " from " + ack.senderId +
                              " is not one of our batches");
      continue;
    }
    out.batchId = batch->id;
    BatchClaims bc;
    bc.items = r.claims().batchItems(org, batch->id);
    for (const auto& it : bc.items) {
      auto c = setup.formats.decode(it.content);
      if (c) bc.claims.push_back(std::move(*c));
    }
    const bool complete = bc.claims.size() == bc.items.size();
    bool anyRejected = false;
    bool anyAccepted = false;
    for (const auto& t : group.transactions) {
      if (std::strtoul(t.controlNumber.c_str(), nullptr, 10) != batch->transactionControl) {
        out.unmatched.push_back("transaction " + t.controlNumber + " is not in batch " +
                                std::to_string(batch->id.value));
        continue;
      }
      // Errors mapped back to claims and fields.
      std::map<std::size_t, std::vector<Finding>> errorsOf;
      std::vector<ElementRef> refs;
      for (const auto& e : t.errors) refs.push_back(e.at);
      std::vector<ElementLocation> where;
      if (complete && !refs.empty()) {
        if (auto w = setup.formats.locate(bc.claims, envelopeOf(*batch), refs)) where = *w;
      }
      for (std::size_t k = 0; k < t.errors.size(); ++k) {
        const auto& e = t.errors[k];
        Finding f;
        f.severity = Severity::kError;
        f.rule = "999." + (e.code.empty() ? std::string("error") : e.code);
        f.message = e.message;
        f.segment = e.segmentId + (e.loopId.empty() ? "" : " of " + e.loopId) + " (segment " +
                    std::to_string(e.at.segmentPosition) + ")";
        std::vector<std::size_t> claimsHit;
        if (k < where.size()) {
          f.field = where[k].field;
          claimsHit = where[k].claims;
        }
        if (!e.claimReference.empty()) {
          claimsHit.clear();
          for (std::size_t i = 0; i < bc.claims.size(); ++i) {
            if (bc.claims[i].patientControlNumber == e.claimReference) claimsHit.push_back(i);
          }
        }
        if (claimsHit.empty()) {
          for (std::size_t i = 0; i < bc.items.size(); ++i) {
            if (e.at.segmentPosition >= bc.items[i].firstSegment &&
                e.at.segmentPosition <= bc.items[i].lastSegment) {
              claimsHit.push_back(i);
            }
          }
        }
        if (claimsHit.empty()) {
          for (std::size_t i = 0; i < bc.items.size(); ++i) claimsHit.push_back(i);
        }
        for (auto i : claimsHit) errorsOf[i].push_back(f);
      }
      for (std::size_t i = 0; i < bc.items.size(); ++i) {
        auto rec = r.claims().get(org, bc.items[i].claimId);
        if (!rec || rec->batchId != batch->id) continue;  // sent again in a later batch
        if (t.accepted) {
          anyAccepted = true;
          std::string reason = "999 accepted the transaction (" + t.status + ")";
          if (auto it = errorsOf.find(i); it != errorsOf.end()) {
            reason += " with " + std::to_string(it->second.size()) + " noted errors";
          }
          if (auto st = settle(r, out, *rec, ClaimState::kAccepted, reason, {}, now); !st.ok())
            return st;
        } else {
          anyRejected = true;
          std::string reason = "999 rejected the transaction (" + t.status + ")";
          if (!t.message.empty()) reason += ": " + t.message;
          auto errs = errorsOf.count(i) ? errorsOf[i] : std::vector<Finding>{};
          if (errs.empty()) {
            errs.push_back({Severity::kError, "999." + t.status, "", reason, ""});
          }
          if (auto st = settle(r, out, *rec, ClaimState::kRejected, reason, std::move(errs), now);
              !st.ok())
            return st;
        }
      }
    }
    if (group.transactions.empty() && (group.status == "R" || group.status == "A")) {
      // A group-level answer without AK2 loops covers every transaction of the group.
      for (const auto& it : bc.items) {
        auto rec = r.claims().get(org, it.claimId);
        if (!rec || rec->batchId != batch->id) continue;
        const bool ok = group.status == "A";
        (ok ? anyAccepted : anyRejected) = true;
        const std::string reason =
            std::string("999 ") + (ok ? "accepted" : "rejected") + " the functional group";
        std::vector<Finding> errs;
        if (!ok) errs.push_back({Severity::kError, "999.group", "", reason, ""});
        if (auto st = settle(r, out, *rec, ok ? ClaimState::kAccepted : ClaimState::kRejected,
                             reason, std::move(errs), now);
            !st.ok())
          return st;
      }
    }
    std::string state = anyRejected ? (anyAccepted ? "partial" : "rejected")
                                    : (anyAccepted ? "accepted" : batch->state);
    if (state != batch->state) {
      batch->state = state;
      auto saved = r.claims().updateBatch(*batch, batch->meta.version, now);
      if (!saved) return saved.error();
    }
  }
  return {};
}

Status take277(Repositories& r, OrganizationId org, const Acknowledgement& ack, AckOutcome& out,
               Instant now) {
  for (const auto& c : ack.claims) {
    auto rec = r.claims().byControlNumber(org, c.patientControlNumber);
    if (!rec) {
      out.unmatched.push_back("claim " + c.patientControlNumber + " is not one of ours");
      continue;
    }
    if (!c.batchReference.empty()) {
      if (auto b = r.claims().batch(org, rec->batchId, false);
          b && b->batchReference != c.batchReference) {
        out.unmatched.push_back("claim " + c.patientControlNumber + " was answered for batch " +
                                c.batchReference + ", not its latest batch");
        continue;
      }
    }
    if (!out.batchId.valid()) out.batchId = rec->batchId;
    const bool numbered =
        !c.payerClaimNumber.empty() && rec->payerClaimNumber != c.payerClaimNumber;
    if (numbered) rec->payerClaimNumber = c.payerClaimNumber;
    const std::string reason = "277CA " + c.disposition + " (" + c.codes + ")" +
                               (c.message.empty() ? "" : ": " + c.message);
    // Received or unknown dispositions are kept and shown; the state stays.
    ClaimState to = rec->state;
    std::vector<Finding> errors;
    if (c.disposition == "accepted") {
      to = ClaimState::kAccepted;
    } else if (c.disposition == "rejected") {
      to = ClaimState::kRejected;
      errors.push_back({Severity::kError, "277ca." + c.codes, "", reason, ""});
    }
    if (auto st = settle(r, out, *rec, to, reason, std::move(errors), now, numbered); !st.ok()) {
      return st;
    }
  }
  return {};
}

}  // namespace

Result<AckOutcome> takeAcknowledgement(Repositories& r, const ClaimsSetup& setup,
                                       OrganizationId org, std::string_view bytes,
                                       const std::string& sha256, Instant now, std::int64_t user) {
  AckOutcome out;
  if (auto earlier = r.claims().acknowledgementByHash(org, sha256)) {
    out.acknowledgementId = earlier->id;
    out.kind = earlier->kind;
    out.duplicate = true;
    out.batchId = earlier->batchId;
    return out;
  }
  auto ack = setup.formats.readAcknowledgement(bytes);
  if (!ack) return ack.error();
  switch (ack->kind) {
    case Acknowledgement::Kind::k999:
      out.kind = "999";
      if (auto s = take999(r, setup, org, *ack, out, now); !s.ok()) return s.error();
      break;
    case Acknowledgement::Kind::k277CA:
      out.kind = "277CA";
      if (auto s = take277(r, org, *ack, out, now); !s.ok()) return s.error();
      break;
    case Acknowledgement::Kind::k277:
      out.kind = "277";
      if (auto s = internal::takeClaimStatus(r, org, *ack, out, now); !s.ok()) return s.error();
      break;
  }
  AcknowledgementRecord rec;
  rec.organizationId = org;
  rec.kind = out.kind;
  rec.sha256 = sha256;
  rec.senderId = ack->senderId;
  rec.interchangeControl = ack->interchangeControl;
  rec.batchId = out.batchId;
  rec.summary = std::to_string(out.changes.size()) + " claims answered, " +
                std::to_string(out.unmatched.size()) + " not matched";
  rec.receivedBy = user;
  rec.receivedAt = now;
  auto stored = r.claims().insertAcknowledgement(rec);
  if (!stored) return stored.error();
  out.acknowledgementId = stored->id;
  return out;
}

namespace {

/// ST01 of the first transaction of an X12 file ("999", "277", "835"); empty when there is none.
std::string firstTransactionType(std::string_view bytes) {
  if (bytes.size() < 106 || bytes.substr(0, 3) != "ISA") return {};
  const char e = bytes[3];
  const char t = bytes[105];
  for (std::size_t at = 0; at < bytes.size();) {
    std::size_t end = bytes.find(t, at);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view seg = bytes.substr(at, end - at);
    while (!seg.empty() && (seg.front() == '\r' || seg.front() == '\n')) seg.remove_prefix(1);
    if (seg.size() > 3 && seg.substr(0, 2) == "ST" && seg[2] == e) {
      const auto rest = seg.substr(3);
      return std::string(rest.substr(0, rest.find(e)));
    }
    at = end + 1;
  }
  return {};
}

}  // namespace

Result<InboxOutcome> fetchInbox(UnitOfWork& uow, const ClaimsSetup& setup,
                                ClearinghouseTransport& transport, OrganizationId org,
                                const std::function<std::string(std::string_view)>& hash,
                                const std::function<void(Repositories&, const AckOutcome&)>& audit,
                                Instant now, std::int64_t user) {
  auto files = transport.fetch();
  if (!files) return files.error();
  InboxOutcome out;
  for (const auto& f : *files) {
    const std::string type = firstTransactionType(f.bytes);
    if (type != "999" && type != "277") {
      out.left.push_back(f.name);
      continue;
    }
    const std::string digest = hash(f.bytes);
    auto taken = writeValue<AckOutcome>(uow, [&](Repositories& r) -> Result<AckOutcome> {
      auto a = takeAcknowledgement(r, setup, org, f.bytes, digest, now, user);
      if (a && audit) audit(r, *a);
      return a;
    });
    if (!taken) {
      out.failed.push_back(f.name + ": " + taken.error().message);
      continue;
    }
    if (auto s = transport.archive(f.name); !s.ok()) {
      out.failed.push_back(f.name + ": taken in, but not archived: " + s.error().message);
    }
    out.taken.push_back({f.name, std::move(*taken)});
  }
  return out;
}

}  // namespace medoffice::app::claims
