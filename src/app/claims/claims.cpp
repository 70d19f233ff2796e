// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/claims/claims.hpp"

#include <algorithm>
#include <map>

#include "app/billing/encounters.hpp"
#include "app/claims/internal.hpp"
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

namespace internal {

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

const domain::Organization* Reads::practice() {
  return memo(practice_, 0, [&] { return r.organizations().get(org); });
}
const domain::Location* Reads::location(domain::LocationId id) {
  return memo(locations_, id.value, [&] { return r.locations().get(org, id); });
}
const domain::Provider* Reads::provider(domain::ProviderId id) {
  return memo(providers_, id.value, [&] { return r.providers().get(org, id); });
}
const domain::Payer* Reads::payer(domain::PayerId id) {
  return memo(payers_, id.value, [&] { return r.payers().get(org, id); });
}
const domain::Encounter* Reads::encounter(domain::EncounterId id) {
  return memo(encounters_, id.value, [&] { return r.encounters().get(org, id); });
}
const domain::CodeCheck& Reads::codes() {
  if (!codes_) codes_ = judge_.checks(r);
  return *codes_;
}

Result<Sources> loadSources(Reads& reads, domain::EncounterId encounterId,
                            domain::CoverageId coverageId) {
  Repositories& r = reads.r;
  const OrganizationId org = reads.org;
  Sources s;
  const domain::Encounter* enc = reads.encounter(encounterId);
  if (enc == nullptr) return Error::notFound("encounter not found");
  s.encounter = *enc;
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
  const auto* practice = reads.practice();
  const auto* location = reads.location(s.encounter.locationId);
  const auto* provider = reads.provider(s.encounter.providerId);
  auto patient = r.patients().get(org, s.encounter.patientId);
  auto coverage = r.coverages().get(org, coverageId);
  if (!practice || !location || !provider || !patient || !coverage) {
    return Error::notFound("a record the claim is built from is missing");
  }
  const auto* payer = reads.payer(coverage->payerId);
  if (!payer) return Error::notFound("the coverage's payer is missing");
  s.practice = *practice;
  s.location = *location;
  s.provider = *provider;
  s.patient = std::move(*patient);
  s.coverage = std::move(*coverage);
  s.payer = *payer;
  for (const auto& line : s.encounter.lines) {
    const auto id = line.renderingProviderId;
    if (!id.valid() || id == s.provider.id || s.others.count(id.value) != 0) continue;
    if (const auto* p = reads.provider(id)) s.others.emplace(id.value, *p);
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
Result<Claim> rebuild(Reads& reads, const ClaimFormats& formats, const ClaimRecord& record,
                      const std::optional<domain::claims::Clearinghouse>& clearinghouse) {
  Repositories& r = reads.r;
  const OrganizationId org = reads.org;
  auto s = loadSources(reads, record.encounterId, record.coverageId);
  if (!s) return s.error();
  domain::claims::ClaimExtras extras;
  extras.priorAuthorization = record.priorAuthorization;
  extras.referralNumber = record.referralNumber;
  if (record.referringProviderId.valid()) {
    if (const auto* p = reads.provider(record.referringProviderId)) {
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
  if (record.responsibility > 1 && !record.content.empty()) {
    auto before = formats.decode(record.content);
    if (!before) return before.error();
    claim->otherPayers = before->otherPayers;
    for (auto& line : claim->lines) {
      for (const auto& was : before->lines) {
        if (was.controlNumber == line.controlNumber) line.adjudications = was.adjudications;
      }
    }
  }
  return claim;
}

/// The local date at the encounter's location (the scrub's "today").
Date localToday(Reads& reads, const ClaimsSetup& setup, const domain::Encounter& e, Instant now) {
  if (const auto* loc = reads.location(e.locationId)) {
    if (auto local = setup.zones.toLocal(loc->timeZone, now)) return local->date;
  }
  return now.utcDate();
}

/// validate() and the rules, in that order.
std::vector<Finding> check(Reads& reads, const ClaimsSetup& setup, const ClaimRecord& record,
                           const Claim& claim, Instant now) {
  std::vector<Finding> out;
  for (const auto& e : domain::claims::validate(claim)) {
    out.push_back({Severity::kError,
                   "claim.structure",
                   e.field,
                   "The claim cannot be written: " + e.field + " " + e.message + ".",
                   {}});
  }
  const auto* enc = reads.encounter(record.encounterId);
  const auto* payer = reads.payer(record.payerId);
  domain::claims::ScrubContext ctx;
  ctx.today = enc ? localToday(reads, setup, *enc, now) : now.utcDate();
  ctx.payerId = record.payerId;
  if (payer) {
    ctx.payerClaimFilingIndicator = payer->claimFilingIndicator;
    ctx.payerTimelyFilingDays = payer->timelyFilingDays;
    ctx.payerName = payer->name;
  }
  ctx.codes = reads.codes();
  // Services billed already: this patient's claims that went out, around these dates.
  Date first = record.serviceDate;
  Date last = record.serviceDate;
  for (const auto& line : claim.lines) {
    first = std::min(first, line.serviceDate);
    last = std::max(last, line.serviceDate);
  }
  domain::claims::BilledServices billed;
  for (const auto& content :
       reads.r.claims().billedContents(reads.org, record.patientId, first, last, record.id)) {
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

}  // namespace internal

using namespace internal;

namespace {

/// Builds a new claim's content from its records, stores it as draft with its first history
/// entry, and stores the content again once it names the claim's new id.
Result<ClaimRecord> buildAndInsert(Repositories& r, const ClaimsSetup& setup, ClaimRecord rec,
                                   const std::optional<domain::claims::Clearinghouse>& ch,
                                   Instant now, std::int64_t user, std::string note) {
  Reads reads(r, rec.organizationId);
  auto claim = rebuild(reads, setup.formats, rec, ch);
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
  h.note = std::move(note);
  r.claims().addHistory(rec.organizationId, stored->id, h);
  return r.claims().update(*stored, stored->meta.version, now);
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
  // Only the primary claim is made here: a secondary or tertiary claim needs the earlier
  // payer's adjudication (COB from its 835), which the remittance work adds.
  const domain::CoverageId primary = enc->coverages[0];
  if (coverage.valid() && coverage != primary) {
    const bool billedLater = coverage == enc->coverages[1] || coverage == enc->coverages[2];
    return Error::invalidField(
        "coverage_id", billedLater ? "is a secondary or tertiary coverage: its claim is made "
                                     "once the primary payer has paid (from the remittance)"
                                   : "is not a coverage this encounter bills");
  }
  if (!primary.valid()) {
    return Error::invalidField("encounter_id",
                               "has no insurance coverage to bill: the patient owes it "
                               "(statements), no claim is made");
  }
  for (const auto& c : r.claims().ofEncounter(org, encounter)) {
    if (c.coverageId == primary && c.state != ClaimState::kCorrected &&
        c.state != ClaimState::kClosed) {
      return Error::conflict("This encounter already has a claim for that coverage (claim " +
                                 std::to_string(c.id.value) + ").",
                             {{"coverage_id", "already has claim " + std::to_string(c.id.value)}});
    }
  }
  ClaimRecord rec;
  rec.organizationId = org;
  rec.encounterId = encounter;
  rec.patientId = enc->patientId;
  rec.coverageId = primary;
  auto cov = r.coverages().get(org, primary);
  if (!cov) return Error::invalidField("coverage_id", "is not a coverage of this practice");
  rec.payerId = cov->payerId;
  rec.responsibility = 1;
  rec.encounterRevision = enc->corrections;
  rec.patientControlNumber = "C" + std::to_string(r.sequences().next(org, "claim"));
  rec.state = ClaimState::kDraft;
  rec.serviceDate = enc->dateOfService;
  if (edits.priorAuthorization) rec.priorAuthorization = *edits.priorAuthorization;
  if (edits.referralNumber) rec.referralNumber = *edits.referralNumber;
  if (edits.referringProviderId) rec.referringProviderId = *edits.referringProviderId;
  if (edits.onsetDate) rec.onsetDate = *edits.onsetDate;
  if (rec.referringProviderId.valid() && !r.providers().get(org, rec.referringProviderId)) {
    return Error::invalidField("referring_provider_id", "is not a provider of this practice");
  }
  auto saved = buildAndInsert(r, setup, std::move(rec), defaultClearinghouse(r, org), now, user,
                              "built from encounter " + std::to_string(encounter.value));
  if (!saved) return saved.error();
  std::vector<ClaimRecord> out;
  out.push_back(std::move(*saved));
  return out;
}

Result<std::optional<ClaimRecord>> createNextClaim(
    Repositories& r, const ClaimsSetup& setup, OrganizationId org, ClaimId adjudicated,
    const domain::claims::PayerAdjudication& adjudication, Instant now, std::int64_t user) {
  auto sentRecord = r.claims().get(org, adjudicated);
  if (!sentRecord) return Error::notFound("claim not found");
  if (sentRecord->responsibility >= 3) return std::optional<ClaimRecord>{};
  auto enc = r.encounters().get(org, sentRecord->encounterId);
  if (!enc) return Error::notFound("encounter not found");
  const int rank = sentRecord->responsibility + 1;
  const domain::CoverageId coverage = enc->coverages[static_cast<std::size_t>(rank - 1)];
  if (!coverage.valid()) return std::optional<ClaimRecord>{};
  for (const auto& c : r.claims().ofEncounter(org, enc->id)) {
    if (c.coverageId == coverage && c.state != ClaimState::kCorrected &&
        c.state != ClaimState::kClosed) {
      return std::optional<ClaimRecord>{};  // made already (an earlier posting)
    }
  }
  auto sent = setup.formats.decode(sentRecord->content);
  if (!sent) return sent.error();
  auto cov = r.coverages().get(org, coverage);
  if (!cov) return Error::notFound("coverage not found");
  ClaimRecord rec;
  rec.organizationId = org;
  rec.encounterId = enc->id;
  rec.patientId = enc->patientId;
  rec.coverageId = coverage;
  rec.payerId = cov->payerId;
  rec.responsibility = rank;
  rec.encounterRevision = enc->corrections;
  rec.patientControlNumber = "C" + std::to_string(r.sequences().next(org, "claim"));
  rec.state = ClaimState::kDraft;
  rec.serviceDate = enc->dateOfService;
  rec.onsetDate = sentRecord->onsetDate;
  rec.referringProviderId = sentRecord->referringProviderId;
  // The claim as the records make it at this rank, then every payer before it: the sent claim's
  // own earlier payers (a tertiary claim keeps the primary's), and the one that just paid.
  const auto ch = defaultClearinghouse(r, org);
  Reads reads(r, org);
  auto claim = rebuild(reads, setup.formats, rec, ch);
  if (!claim) return claim.error();
  claim->otherPayers = sent->otherPayers;
  if (auto s = domain::claims::addPriorPayer(*claim, *sent, adjudication); !s.ok()) {
    return s.error();
  }
  rec.content = setup.formats.encode(*claim);
  auto saved =
      buildAndInsert(r, setup, std::move(rec), ch, now, user,
                     "after claim " + sentRecord->patientControlNumber + " was adjudicated (835)");
  if (!saved) return saved.error();
  auto scrubbed = scrubClaim(r, setup, org, saved->id, now, user);
  if (!scrubbed) return scrubbed.error();
  return std::optional<ClaimRecord>(std::move(*scrubbed));
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
  Reads reads(r, org);
  auto claim = rebuild(reads, setup.formats, *rec, defaultClearinghouse(r, org));
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
  Reads reads(r, org);
  auto claim = rebuild(reads, setup.formats, *rec, defaultClearinghouse(r, org));
  if (!claim) return claim.error();
  rec->content = setup.formats.encode(*claim);
  rec->total = claim->totalCharge();
  setFindings(*rec, check(reads, setup, *rec, *claim, now), now);
  const ClaimState to = rec->errors > 0 ? ClaimState::kScrubbed : ClaimState::kReady;
  std::string note =
      std::to_string(rec->errors) + " errors, " + std::to_string(rec->warnings) + " warnings";
  if (auto s = moveTo(r, *rec, to, now, user, note); !s.ok()) return s.error();
  if (to == ClaimState::kReady) rec->statusNote.clear();
  return r.claims().update(*rec, rec->meta.version, now);
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
  return buildAndInsert(
      r, setup, std::move(rec), defaultClearinghouse(r, org), now, user,
      std::string(voidIt ? "voids" : "replaces") + " claim " + std::to_string(old->id.value));
}

}  // namespace medoffice::app::claims
