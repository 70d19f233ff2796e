// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/claims/claims.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "app/billing/encounters.hpp"
#include "domain/claims/build.hpp"
#include "domain/claims/claim.hpp"
#include "domain/claims/lifecycle.hpp"

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

constexpr std::uint32_t kMaxControlNumber = 999'999'999;
constexpr std::size_t kMaxClaimsPerBatch = 5000;

/// Everything a claim is built from, owned.
struct Sources {
  domain::Encounter encounter;
  domain::Organization practice;
  domain::Location location;
  domain::Provider provider;
  domain::Patient patient;
  domain::Coverage coverage;
  domain::Payer payer;
  std::map<std::int64_t, domain::Provider> others;  ///< rendering providers of lines
  int responsibility = 1;
};

Result<Sources> loadSources(Repositories& r, OrganizationId org, domain::EncounterId encounterId,
                            domain::CoverageId coverageId) {
  Sources s;
  auto enc = r.encounters().get(org, encounterId);
  if (!enc) return Error::notFound("encounter not found");
  s.encounter = std::move(*enc);
  if (s.encounter.status != domain::EncounterStatus::kFinalized) {
    return Error::invalidField("encounter_id",
                               "is not finalized: only finalized encounters are billed");
  }
  int slot = -1;
  for (int k = 0; k < 3; ++k) {
    if (s.encounter.coverages[static_cast<std::size_t>(k)] == coverageId) slot = k;
  }
  if (slot < 0) {
    return Error::invalidField("coverage_id",
                               "is not a coverage this encounter bills (see the encounter's "
                               "coverages, fixed when it was finalized)");
  }
  s.responsibility = slot + 1;
  auto practice = r.organizations().get(org);
  auto location = r.locations().get(org, s.encounter.locationId);
  auto provider = r.providers().get(org, s.encounter.providerId);
  auto patient = r.patients().get(org, s.encounter.patientId);
  auto coverage = r.coverages().get(org, coverageId);
  if (!practice || !location || !provider || !patient || !coverage) {
    return Error::notFound("a record the claim is built from is missing");
  }
  auto payer = r.payers().get(org, coverage->payerId);
  if (!payer) return Error::notFound("the coverage's payer is missing");
  s.practice = std::move(*practice);
  s.location = std::move(*location);
  s.provider = std::move(*provider);
  s.patient = std::move(*patient);
  s.coverage = std::move(*coverage);
  s.payer = std::move(*payer);
  for (const auto& line : s.encounter.lines) {
    const auto id = line.renderingProviderId;
    if (!id.valid() || id == s.provider.id || s.others.count(id.value) != 0) continue;
    if (auto p = r.providers().get(org, id)) s.others.emplace(id.value, std::move(*p));
  }
  return s;
}

std::optional<domain::claims::Clearinghouse> defaultClearinghouse(Repositories& r,
                                                                  OrganizationId org) {
  PageRequest page;
  page.limit = 1;
  auto list = r.claims().clearinghouses(org, page);
  if (!list || list->items.empty()) return std::nullopt;
  return list->items.front();
}

domain::claims::ClearinghouseParty partyOf(const domain::claims::Clearinghouse& c,
                                           const domain::Organization& practice) {
  domain::claims::ClearinghouseParty p;
  p.submitterId = c.submitterId;
  p.submitterName = practice.legalName;
  p.submitterContact.name = c.contactName;
  p.submitterContact.phone = c.contactPhone.empty() ? practice.phone : c.contactPhone;
  p.submitterContact.email = c.contactEmail;
  p.receiverName = c.receiverName;
  p.receiverId = c.receiverId;
  return p;
}

domain::claims::ProviderRef providerRef(const domain::Provider& p) {
  domain::claims::ProviderRef ref;
  ref.name = domain::claims::PartyName::person(p.familyName, p.givenName);
  ref.npi = p.npi;
  ref.taxonomy = p.taxonomy;
  return ref;
}

/// Builds the claim of `record` from its sources as they are now.
Result<Claim> rebuild(Repositories& r, OrganizationId org, const ClaimRecord& record,
                      const std::optional<domain::claims::Clearinghouse>& clearinghouse) {
  auto s = loadSources(r, org, record.encounterId, record.coverageId);
  if (!s) return s.error();
  domain::claims::ClaimExtras extras;
  extras.priorAuthorization = record.priorAuthorization;
  extras.referralNumber = record.referralNumber;
  if (record.referringProviderId.valid()) {
    if (auto p = r.providers().get(org, record.referringProviderId)) {
      extras.referringProvider = providerRef(*p);
    }
  }
  extras.onsetDate = record.onsetDate;
  extras.frequency = record.frequency;
  if (record.replaces.valid()) {
    if (auto old = r.claims().get(org, record.replaces)) {
      extras.originalClaimNumber = old->payerClaimNumber;
    }
  }
  domain::claims::ClaimSources src{
      .practice = s->practice,
      .location = s->location,
      .provider = s->provider,
      .providerById = [&](domain::ProviderId id) -> const domain::Provider* {
        if (id == s->provider.id) return &s->provider;
        auto it = s->others.find(id.value);
        return it == s->others.end() ? nullptr : &it->second;
      },
      .patient = s->patient,
      .coverage = s->coverage,
      .payer = s->payer,
      .responsibility = static_cast<domain::claims::PayerResponsibility>(record.responsibility - 1),
      .encounter = s->encounter,
      .clearinghouse = clearinghouse ? partyOf(*clearinghouse, s->practice)
                                     : domain::claims::ClearinghouseParty{},
      .extras = extras,
      .patientControlNumber = record.patientControlNumber,
  };
  auto claim = domain::claims::buildClaim(src);
  if (!claim) return claim.error();
  claim->id = record.id;
  return claim;
}

/// The local date at the encounter's location (the scrub's "today").
Date localToday(Repositories& r, const ClaimsSetup& setup, OrganizationId org,
                const domain::Encounter& e, Instant now) {
  if (auto loc = r.locations().get(org, e.locationId)) {
    if (auto local = setup.zones.toLocal(loc->timeZone, now)) return local->date;
  }
  return now.utcDate();
}

/// validate() and the rules, in that order.
std::vector<Finding> check(Repositories& r, const ClaimsSetup& setup, OrganizationId org,
                           const ClaimRecord& record, const Claim& claim, Instant now) {
  std::vector<Finding> out;
  for (const auto& e : domain::claims::validate(claim)) {
    out.push_back({Severity::kError,
                   "claim.structure",
                   e.field,
                   "The claim cannot be written: " + e.field + " " + e.message + ".",
                   {}});
  }
  auto enc = r.encounters().get(org, record.encounterId);
  auto payer = r.payers().get(org, record.payerId);
  domain::claims::ScrubContext ctx;
  ctx.today = enc ? localToday(r, setup, org, *enc, now) : now.utcDate();
  ctx.payerId = record.payerId;
  if (payer) {
    ctx.payerClaimFilingIndicator = payer->claimFilingIndicator;
    ctx.payerTimelyFilingDays = payer->timelyFilingDays;
    ctx.payerName = payer->name;
  }
  billing::CodeJudge judge(org);
  ctx.codes = judge.checks(r);
  // Services billed already: this patient's claims that went out, around these dates.
  Date first = record.serviceDate;
  Date last = record.serviceDate;
  for (const auto& line : claim.lines) {
    first = std::min(first, line.serviceDate);
    last = std::max(last, line.serviceDate);
  }
  domain::claims::BilledServices billed;
  for (const auto& content :
       r.claims().billedContents(org, record.patientId, first, last, record.id)) {
    if (auto other = setup.formats.decode(content)) billed.add(*other);
  }
  ctx.alreadyBilled = [&billed](const domain::claims::BilledService& s) { return billed.find(s); };
  for (auto& f : domain::claims::scrub(claim, *setup.rules, ctx)) out.push_back(std::move(f));
  return out;
}

void setFindings(ClaimRecord& record, std::vector<Finding> findings, Instant now) {
  record.errors = 0;
  record.warnings = 0;
  for (const auto& f : findings) {
    (f.severity == Severity::kError ? record.errors : record.warnings) += 1;
  }
  record.findings = std::move(findings);
  record.scrubbedAt = now;
}

Status moveTo(Repositories& r, ClaimRecord& record, ClaimState to, Instant now, std::int64_t user,
              std::string note) {
  if (record.state == to && to != ClaimState::kScrubbed && to != ClaimState::kReady &&
      to != ClaimState::kDraft) {
    return {};
  }
  if (record.state != to) {
    if (auto s = domain::claims::checkTransition(record.state, to); !s.ok()) return s;
  }
  app::ClaimHistoryEntry h;
  h.at = now;
  h.from = record.state;
  h.to = to;
  h.userId = user;
  h.note = std::move(note);
  r.claims().addHistory(record.organizationId, record.id, h);
  record.state = to;
  return {};
}

std::string controlNumberText(std::int64_t n) {
  return std::to_string(n);
}

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

}  // namespace

Result<Claim> claimOf(const ClaimsSetup& setup, const ClaimRecord& record) {
  return setup.formats.decode(record.content);
}

Result<std::vector<ClaimRecord>> createClaims(Repositories& r, const ClaimsSetup& setup,
                                              OrganizationId org, domain::EncounterId encounter,
                                              domain::CoverageId coverage, const ClaimEdits& edits,
                                              Instant now, std::int64_t user) {
  auto enc = r.encounters().get(org, encounter);
  if (!enc) return Error::invalidField("encounter_id", "is not an encounter of this practice");
  if (enc->status != domain::EncounterStatus::kFinalized) {
    return Error::invalidField("encounter_id",
                               "is not finalized: finalize the encounter before billing it");
  }
  std::vector<domain::CoverageId> billed;
  for (int k = 0; k < 3; ++k) {
    const auto id = enc->coverages[static_cast<std::size_t>(k)];
    if (!id.valid()) continue;
    if (coverage.valid() && id != coverage) continue;
    billed.push_back(id);
  }
  if (billed.empty()) {
    return coverage.valid()
               ? Error::invalidField("coverage_id", "is not a coverage this encounter bills")
               : Error::invalidField("encounter_id",
                                     "has no insurance coverage to bill: the patient owes it "
                                     "(statements), no claim is made");
  }
  // Only primary claims are made now: a secondary claim needs the primary's adjudication (COB
  // from the 835), which the remittance work adds.
  if (!coverage.valid())
    billed.resize(1);
  else if (billed.front() != enc->coverages[0]) {
    return Error::invalidField("coverage_id",
                               "is a secondary or tertiary coverage: its claim is made once the "
                               "primary payer has paid (from the remittance)");
  }
  const auto live = r.claims().ofEncounter(org, encounter);
  const auto clearinghouse = defaultClearinghouse(r, org);
  std::vector<ClaimRecord> out;
  for (const auto coverageId : billed) {
    for (const auto& c : live) {
      if (c.coverageId == coverageId && c.state != ClaimState::kCorrected &&
          c.state != ClaimState::kClosed) {
        return Error::conflict(
            "This encounter already has a claim for that coverage (claim " +
                std::to_string(c.id.value) + ").",
            {{"coverage_id", "already has claim " + std::to_string(c.id.value)}});
      }
    }
    ClaimRecord rec;
    rec.organizationId = org;
    rec.encounterId = encounter;
    rec.patientId = enc->patientId;
    rec.coverageId = coverageId;
    auto cov = r.coverages().get(org, coverageId);
    if (!cov) return Error::invalidField("coverage_id", "is not a coverage of this practice");
    rec.payerId = cov->payerId;
    rec.responsibility = 1;
    for (int k = 0; k < 3; ++k) {
      if (enc->coverages[static_cast<std::size_t>(k)] == coverageId) rec.responsibility = k + 1;
    }
    rec.encounterRevision = enc->corrections;
    rec.patientControlNumber = "C" + controlNumberText(r.sequences().next(org, "claim"));
    rec.state = ClaimState::kDraft;
    rec.serviceDate = enc->dateOfService;
    if (edits.priorAuthorization) rec.priorAuthorization = *edits.priorAuthorization;
    if (edits.referralNumber) rec.referralNumber = *edits.referralNumber;
    if (edits.referringProviderId) rec.referringProviderId = *edits.referringProviderId;
    if (edits.onsetDate) rec.onsetDate = *edits.onsetDate;
    if (rec.referringProviderId.valid() && !r.providers().get(org, rec.referringProviderId)) {
      return Error::invalidField("referring_provider_id", "is not a provider of this practice");
    }
    auto claim = rebuild(r, org, rec, clearinghouse);
    if (!claim) return claim.error();
    rec.total = claim->totalCharge();
    rec.content = setup.formats.encode(*claim);
    auto stored = r.claims().insert(rec, now);
    if (!stored) return stored.error();
    // The content names the claim's id once it has one.
    claim->id = stored->id;
    stored->content = setup.formats.encode(*claim);
    app::ClaimHistoryEntry h;
    h.at = now;
    h.to = ClaimState::kDraft;
    h.userId = user;
    h.note = "built from encounter " + std::to_string(encounter.value);
    r.claims().addHistory(org, stored->id, h);
    auto saved = r.claims().update(*stored, stored->meta.version, now);
    if (!saved) return saved.error();
    out.push_back(std::move(*saved));
  }
  return out;
}

Result<ClaimRecord> editClaim(Repositories& r, const ClaimsSetup& setup, OrganizationId org,
                              ClaimId id, const ClaimEdits& edits,
                              std::optional<std::int64_t> expectedVersion, Instant now,
                              std::int64_t user) {
  auto rec = r.claims().get(org, id);
  if (!rec) return Error::notFound("claim not found");
  if (expectedVersion && *expectedVersion != rec->meta.version) {
    return Error{domain::ErrorCode::kVersionMismatch, "The claim was changed meanwhile.", {}};
  }
  if (!domain::claims::isEditable(rec->state)) {
    return Error::conflict("A claim that is " + std::string(domain::claims::toString(rec->state)) +
                           " cannot be changed; correct it with a replacement claim instead.");
  }
  if (edits.priorAuthorization) rec->priorAuthorization = *edits.priorAuthorization;
  if (edits.referralNumber) rec->referralNumber = *edits.referralNumber;
  if (edits.referringProviderId) rec->referringProviderId = *edits.referringProviderId;
  if (edits.onsetDate) rec->onsetDate = *edits.onsetDate;
  if (rec->referringProviderId.valid() && !r.providers().get(org, rec->referringProviderId)) {
    return Error::invalidField("referring_provider_id", "is not a provider of this practice");
  }
  auto claim = rebuild(r, org, *rec, defaultClearinghouse(r, org));
  if (!claim) return claim.error();
  rec->content = setup.formats.encode(*claim);
  rec->total = claim->totalCharge();
  rec->findings.clear();
  rec->errors = 0;
  rec->warnings = 0;
  rec->scrubbedAt.reset();
  if (auto s = moveTo(r, *rec, ClaimState::kDraft, now, user, "edited"); !s.ok()) return s.error();
  return r.claims().update(*rec, rec->meta.version, now);
}

Result<ClaimRecord> scrubClaim(Repositories& r, const ClaimsSetup& setup, OrganizationId org,
                               ClaimId id, Instant now, std::int64_t user) {
  auto rec = r.claims().get(org, id);
  if (!rec) return Error::notFound("claim not found");
  if (!domain::claims::isEditable(rec->state)) {
    return Error::conflict("A claim that is " + std::string(domain::claims::toString(rec->state)) +
                           " was sent already; it is not scrubbed again.");
  }
  auto claim = rebuild(r, org, *rec, defaultClearinghouse(r, org));
  if (!claim) return claim.error();
  rec->content = setup.formats.encode(*claim);
  rec->total = claim->totalCharge();
  setFindings(*rec, check(r, setup, org, *rec, *claim, now), now);
  const ClaimState to = rec->errors > 0 ? ClaimState::kScrubbed : ClaimState::kReady;
  std::string note =
      std::to_string(rec->errors) + " errors, " + std::to_string(rec->warnings) + " warnings";
  if (auto s = moveTo(r, *rec, to, now, user, note); !s.ok()) return s.error();
  if (to == ClaimState::kReady) rec->statusNote.clear();
  return r.claims().update(*rec, rec->meta.version, now);
}

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
    auto claim = rebuild(r, org, *rec, ch);
    if (!claim) {
      problems.add(field, claim.error().message);
      continue;
    }
    auto findings = check(r, setup, org, *rec, *claim, now);
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

  BatchEnvelope env;
  env.senderQualifier = ch->submitterQualifier;
  env.senderId = ch->submitterId;
  env.receiverQualifier = ch->receiverQualifier;
  env.receiverId = ch->receiverId;
  env.applicationSender = ch->applicationSender.empty() ? ch->submitterId : ch->applicationSender;
  env.applicationReceiver =
      ch->applicationReceiver.empty() ? ch->receiverId : ch->applicationReceiver;
  env.production = ch->production;
  // The practice's local time, from the first claim's location.
  env.date = now.utcDate();
  int minute = static_cast<int>((now.micros() / 60'000'000) % 1440);
  if (auto enc = r.encounters().get(org, records.front().encounterId)) {
    if (auto loc = r.locations().get(org, enc->locationId)) {
      if (auto local = setup.zones.toLocal(loc->timeZone, now)) {
        env.date = local->date;
        minute = local->minuteOfDay;
      }
    }
  }
  env.hour = minute / 60;
  env.minute = minute % 60;
  auto isa = drawControl(r, org, ch->id, "isa");
  auto gs = drawControl(r, org, ch->id, "gs");
  auto st = drawControl(r, org, ch->id, "st");
  if (!isa) return isa.error();
  if (!gs) return gs.error();
  if (!st) return st.error();
  env.interchange = *isa;
  env.group = *gs;
  env.transaction = *st;
  env.batchReference = "MO" + std::to_string(org.value) + "-" + std::to_string(ch->id.value) + "-" +
                       std::to_string(*isa);
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
Status settle(Repositories& r, AckOutcome& out, ClaimRecord& rec, ClaimState to,
              const std::string& reason, std::vector<Finding> errors, Instant now) {
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
  } else if (!rec.payerClaimNumber.empty()) {
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
    if (!c.payerClaimNumber.empty() && rec->payerClaimNumber != c.payerClaimNumber) {
      rec->payerClaimNumber = c.payerClaimNumber;
    }
    const std::string reason = "277CA " + c.disposition + " (" + c.codes + ")" +
                               (c.message.empty() ? "" : ": " + c.message);
    if (c.disposition == "accepted") {
      if (auto st = settle(r, out, *rec, ClaimState::kAccepted, reason, {}, now); !st.ok())
        return st;
    } else if (c.disposition == "rejected") {
      if (auto st = settle(r, out, *rec, ClaimState::kRejected, reason,
                           {{Severity::kError, "277ca." + c.codes, "", reason, ""}}, now);
          !st.ok())
        return st;
    } else {
      // Received or unknown: kept and shown, the state stays.
      if (auto st = settle(r, out, *rec, rec->state, reason, {}, now); !st.ok()) return st;
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
  out.kind = ack->kind == Acknowledgement::Kind::k999 ? "999" : "277CA";
  if (ack->kind == Acknowledgement::Kind::k999) {
    if (auto s = take999(r, setup, org, *ack, out, now); !s.ok()) return s.error();
  } else {
    if (auto s = take277(r, org, *ack, out, now); !s.ok()) return s.error();
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

Result<ClaimRecord> correctClaim(Repositories& r, const ClaimsSetup& setup, OrganizationId org,
                                 ClaimId id, bool voidIt, Instant now, std::int64_t user) {
  auto old = r.claims().get(org, id);
  if (!old) return Error::notFound("claim not found");
  if (domain::claims::isEditable(old->state) || old->state == ClaimState::kCorrected ||
      old->state == ClaimState::kClosed) {
    return Error::conflict(
        "A claim that is " + std::string(domain::claims::toString(old->state)) +
        " cannot be replaced or voided: only a claim the payer has (batched or after) can be; "
        "change an unsent claim and scrub it again instead.");
  }
  if (!domain::claims::canTransition(old->state, ClaimState::kCorrected)) {
    return Error::conflict("A claim that is " + std::string(domain::claims::toString(old->state)) +
                           " cannot be corrected until the payer has answered it.");
  }
  ClaimRecord rec = *old;
  rec.id = {};
  rec.state = ClaimState::kDraft;
  rec.frequency =
      voidIt ? domain::claims::ClaimFrequency::kVoid : domain::claims::ClaimFrequency::kReplacement;
  rec.replaces = old->id;
  rec.batchId = {};
  rec.findings.clear();
  rec.errors = 0;
  rec.warnings = 0;
  rec.scrubbedAt.reset();
  rec.statusNote.clear();
  if (auto enc = r.encounters().get(org, old->encounterId)) {
    rec.encounterRevision = enc->corrections;
  }
  // The old claim leaves the live set first: the new one takes its CLM01.
  if (auto s = moveTo(r, *old, ClaimState::kCorrected, now, user,
                      std::string(voidIt ? "voided" : "replaced") + " by a new claim");
      !s.ok()) {
    return s.error();
  }
  auto oldSaved = r.claims().update(*old, old->meta.version, now);
  if (!oldSaved) return oldSaved.error();
  auto claim = rebuild(r, org, rec, defaultClearinghouse(r, org));
  if (!claim) return claim.error();
  rec.total = claim->totalCharge();
  rec.content = setup.formats.encode(*claim);
  auto stored = r.claims().insert(rec, now);
  if (!stored) return stored.error();
  claim->id = stored->id;
  stored->content = setup.formats.encode(*claim);
  app::ClaimHistoryEntry h;
  h.at = now;
  h.to = ClaimState::kDraft;
  h.userId = user;
  h.note = std::string(voidIt ? "voids" : "replaces") + " claim " + std::to_string(old->id.value);
  r.claims().addHistory(org, stored->id, h);
  return r.claims().update(*stored, stored->meta.version, now);
}

}  // namespace medoffice::app::claims
