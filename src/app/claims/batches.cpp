// SPDX-License-Identifier: AGPL-3.0-or-later
// Batches (issue 16): ready claims scrubbed again and written into one 837P with control numbers
// drawn for the clearinghouse, stored with the claims as sent, all in one transaction.
#include <set>

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

using namespace internal;

namespace {

constexpr std::uint32_t kMaxControlNumber = 999'999'999;
constexpr std::size_t kMaxClaimsPerBatch = 5000;

}  // namespace

namespace internal {

Result<std::uint32_t> drawControl(Repositories& r, OrganizationId org, domain::ClearinghouseId ch,
                                  const char* which) {
  const std::int64_t n = r.sequences().next(org, "x12:" + std::to_string(ch.value) + ":" + which);
  if (n < 1 || n > kMaxControlNumber) {
    return Error::conflict(std::string("The ") + which +
                           " control numbers of this clearinghouse are used up (999,999,999); "
                           "ask the clearinghouse for a new submitter id.");
  }
  return static_cast<std::uint32_t>(n);
}

Result<BatchEnvelope> newEnvelope(Repositories& r, const ClaimsSetup& setup, OrganizationId org,
                                  const domain::claims::Clearinghouse& ch,
                                  domain::EncounterId encounter, Instant now) {
  BatchEnvelope env;
  env.senderQualifier = ch.submitterQualifier;
  env.senderId = ch.submitterId;
  env.receiverQualifier = ch.receiverQualifier;
  env.receiverId = ch.receiverId;
  env.applicationSender = ch.applicationSender.empty() ? ch.submitterId : ch.applicationSender;
  env.applicationReceiver = ch.applicationReceiver.empty() ? ch.receiverId : ch.applicationReceiver;
  env.production = ch.production;
  // The practice's local time, from the visit's location.
  env.date = now.utcDate();
  int minute = static_cast<int>((now.micros() / 60'000'000) % 1440);
  if (auto enc = r.encounters().get(org, encounter)) {
    if (auto loc = r.locations().get(org, enc->locationId)) {
      if (auto local = setup.zones.toLocal(loc->timeZone, now)) {
        env.date = local->date;
        minute = local->minuteOfDay;
      }
    }
  }
  env.hour = minute / 60;
  env.minute = minute % 60;
  auto isa = drawControl(r, org, ch.id, "isa");
  auto gs = drawControl(r, org, ch.id, "gs");
  auto st = drawControl(r, org, ch.id, "st");
  if (!isa) return isa.error();
  if (!gs) return gs.error();
  if (!st) return st.error();
  env.interchange = *isa;
  env.group = *gs;
  env.transaction = *st;
  env.batchReference = "MO" + std::to_string(org.value) + "-" + std::to_string(ch.id.value) + "-" +
                       std::to_string(*isa);
  return env;
}

}  // namespace internal

Result<BatchOutcome> createBatch(Repositories& r, const ClaimsSetup& setup, OrganizationId org,
                                 const std::vector<ClaimId>& claimIds,
                                 domain::ClearinghouseId clearinghouseId, Instant now,
                                 std::int64_t user) {
  if (claimIds.empty()) return Error::invalidField("claim_ids", "must name at least one claim");
  if (claimIds.size() > kMaxClaimsPerBatch) {
    return Error::invalidField("claim_ids", "may name at most 5000 claims (one 837P transaction)");
  }
  std::optional<domain::claims::Clearinghouse> ch =
      clearinghouseId.valid() ? r.claims().clearinghouse(org, clearinghouseId)
                              : defaultClearinghouse(r, org);
  if (!ch || !ch->active) {
    return Error::invalidField(clearinghouseId.valid() ? "clearinghouse_id" : "claim_ids",
                               "no active clearinghouse is set up to send claims to (POST "
                               "/api/v1/clearinghouses)");
  }
  auto practice = r.organizations().get(org);
  if (!practice) return Error::notFound("practice not found");

  Reads reads(r, org);
  domain::FieldErrors problems;
  std::set<std::int64_t> seen;
  std::vector<ClaimRecord> records;
  std::vector<Claim> claims;
  for (std::size_t k = 0; k < claimIds.size(); ++k) {
    const std::string field = "claim_ids[" + std::to_string(k) + "]";
    if (!seen.insert(claimIds[k].value).second) {
      problems.add(field, "names a claim already listed");
      continue;
    }
    auto rec = r.claims().get(org, claimIds[k]);
    if (!rec) {
      problems.add(field, "is not a claim of this practice");
      continue;
    }
    if (!domain::claims::isBatchable(rec->state)) {
      problems.add(field, "is " + std::string(domain::claims::toString(rec->state)) +
                              ": only ready claims (scrubbed without errors) are batched");
      continue;
    }
    // Scrubbed again now: the records it was built from may have changed since.
    auto claim = rebuild(reads, setup.formats, *rec, ch);
    if (!claim) {
      problems.add(field, claim.error().message);
      continue;
    }
    auto findings = check(reads, setup, *rec, *claim, now);
    setFindings(*rec, findings, now);
    if (rec->errors > 0) {
      std::string first;
      for (const auto& f : rec->findings) {
        if (f.severity == Severity::kError) {
          first = f.field + ": " + f.message;
          break;
        }
      }
      problems.add(field, "has an error finding now (" + first + ")");
      continue;
    }
    rec->content = setup.formats.encode(*claim);
    rec->total = claim->totalCharge();
    records.push_back(std::move(*rec));
    claims.push_back(std::move(*claim));
  }
  if (!problems.empty()) return problems.toError();

  // Dated at the first claim's visit; numbers drawn for the clearinghouse.
  auto envelope = newEnvelope(r, setup, org, *ch, records.front().encounterId, now);
  if (!envelope) return envelope.error();
  const BatchEnvelope& env = *envelope;
  auto file = setup.formats.write837P(claims, env);
  if (!file) return file.error();

  ClaimBatch batch;
  batch.organizationId = org;
  batch.clearinghouseId = ch->id;
  batch.state = "written";
  batch.fileName = env.batchReference + ".837";
  batch.bytes = std::move(file->bytes);
  batch.claims = static_cast<int>(claims.size());
  for (const auto& c : claims) batch.total = batch.total + c.totalCharge();
  batch.segments = file->segments;
  batch.senderQualifier = env.senderQualifier;
  batch.senderId = env.senderId;
  batch.receiverQualifier = env.receiverQualifier;
  batch.receiverId = env.receiverId;
  batch.applicationSender = env.applicationSender;
  batch.applicationReceiver = env.applicationReceiver;
  batch.production = env.production;
  batch.fileDate = env.date;
  batch.fileMinute = env.hour * 60 + env.minute;
  batch.batchReference = env.batchReference;
  batch.interchangeControl = env.interchange;
  batch.groupControl = env.group;
  batch.transactionControl = env.transaction;
  batch.createdBy = user;
  std::vector<ClaimBatchItem> items;
  for (std::size_t k = 0; k < records.size(); ++k) {
    ClaimBatchItem it;
    it.position = static_cast<int>(k);
    it.claimId = records[k].id;
    if (k < file->claims.size()) {
      it.firstSegment = file->claims[k].firstSegment;
      it.lastSegment = file->claims[k].lastSegment;
    }
    it.content = records[k].content;
    items.push_back(std::move(it));
  }
  auto stored = r.claims().insertBatch(batch, items, now);
  if (!stored) return stored.error();
  BatchOutcome out;
  for (auto& rec : records) {
    rec.batchId = stored->id;
    rec.statusNote.clear();
    if (auto s = moveTo(r, rec, ClaimState::kBatched, now, user,
                        "batch " + std::to_string(stored->id.value) + " (ISA13 " +
                            std::to_string(env.interchange) + ")");
        !s.ok()) {
      return s.error();
    }
    auto saved = r.claims().update(rec, rec.meta.version, now);
    if (!saved) return saved.error();
    out.claims.push_back(std::move(*saved));
  }
  out.batch = std::move(*stored);
  return out;
}

Result<ClaimBatch> recordSend(Repositories& r, OrganizationId org, ClaimBatchId id,
                              const Result<SendReceipt>& receipt, Instant now) {
  auto b = r.claims().batch(org, id, false);
  if (!b) return Error::notFound("claim batch not found");
  if (receipt) {
    if (b->state == "written") b->state = "sent";
    b->sentAt = now;
    b->sendReference = receipt->reference;
    b->sendError.clear();
  } else {
    b->sendError = receipt.error().message;
  }
  return r.claims().updateBatch(*b, b->meta.version, now);
}

}  // namespace medoffice::app::claims
