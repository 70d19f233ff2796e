// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/billing/encounters.hpp"

#include <algorithm>
#include <cctype>

#include "app/billing/accounts.hpp"
#include "app/billing/code_sets.hpp"
#include "app/billing/fee_schedules.hpp"
#include "app/billing/ledger.hpp"

namespace medoffice::app::billing {

using domain::CodeStatus;
using domain::CodeSystem;
using domain::Encounter;
using domain::EncounterStatus;
using domain::Error;
using domain::Responsibility;

namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

constexpr const char* kCorrectionRoute = "POST /api/v1/encounters/{id}/corrections";

/// Lines without a charge take the standard fee schedule's fee for all their units.
void fillFees(Repositories& r, domain::OrganizationId org, Encounter& e) {
  for (auto& line : e.lines) {
    if (line.charge.cents() != 0) {
      line.feeFromSchedule = false;
      continue;
    }
    std::vector<std::string> modifiers;
    for (const auto& m : line.modifiers) modifiers.push_back(upper(m));
    auto fee = fees::unitFee(r, org, {}, upper(line.code), modifiers, domain::serviceDate(e, line));
    if (fee) {
      line.charge = domain::Money::fromCents(fee->cents() * line.units);
      line.feeFromSchedule = true;
    }
  }
}

/// Fixes the coverages billed: those in force on the date of service, by priority (the oldest
/// when two of one priority overlap).
void chooseCoverages(Repositories& r, Encounter& e) {
  e.coverages = {};
  e.payers = {};
  for (const auto& c : r.coverages().activeForPatient(e.organizationId, e.patientId)) {
    const auto slot = static_cast<std::size_t>(c.priority) - 1;
    if (slot >= e.coverages.size() || !c.inForceOn(e.dateOfService)) continue;
    if (e.coverages[slot].valid() && e.coverages[slot].value < c.id.value) continue;
    e.coverages[slot] = c.id;
    e.payers[slot] = c.payerId;
  }
}

/// Who is billed first: the primary coverage in force on the date of service, else the patient.
Responsibility billedTo(const Encounter& e) {
  return e.coverages[0].valid() ? Responsibility::kPrimary : Responsibility::kPatient;
}

/// Provider and location must be the practice's.
Status checkReferences(Repositories& r, domain::OrganizationId org, const Encounter& e) {
  domain::FieldErrors errors;
  if (e.providerId.valid() && !r.providers().get(org, e.providerId)) {
    errors.add("provider_id", "is not a provider of the practice");
  }
  if (e.locationId.valid() && !r.locations().get(org, e.locationId)) {
    errors.add("location_id", "is not a location of the practice");
  }
  for (std::size_t k = 0; k < e.lines.size(); ++k) {
    const auto& p = e.lines[k].renderingProviderId;
    if (p.valid() && !r.providers().get(org, p)) {
      errors.add("lines[" + std::to_string(k) + "].rendering_provider_id",
                 "is not a provider of the practice");
    }
  }
  return errors.empty() ? Status{} : errors.toError();
}

Status validated(Repositories& r, CodeJudge& judge, Encounter& e) {
  auto errors = domain::validate(e, judge.checks(r));
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return checkReferences(r, e.organizationId, e);
}

/// The same service: what a claim line says.
bool sameService(const Encounter& e, const domain::ChargeLine& stored,
                 const domain::ChargeLine& wanted) {
  auto ndc = [](const std::optional<domain::NdcDetail>& n) {
    return n ? n->code + "|" + n->unit + "|" + std::to_string(n->quantityMilli) : std::string();
  };
  return stored.code == wanted.code && stored.modifiers == wanted.modifiers &&
         stored.units == wanted.units && stored.diagnosisPointers == wanted.diagnosisPointers &&
         ndc(stored.ndc) == ndc(wanted.ndc) && stored.placeOfService == wanted.placeOfService &&
         stored.renderingProviderId == wanted.renderingProviderId &&
         domain::serviceDate(e, stored) == domain::serviceDate(e, wanted) &&
         stored.charge == wanted.charge;
}

/// `wrote` (may be null) is set when the first write is made: a failure after it leaves the
/// transaction half done, and the caller must abandon it.
Result<FinalizeResult> finalizeLoaded(Repositories& r, domain::Instant now, Encounter e,
                                      std::optional<std::int64_t> expectedVersion,
                                      std::int64_t byUser, CodeJudge& judge,
                                      bool* wrote = nullptr) {
  if (e.status == EncounterStatus::kVoided) {
    return Error::conflict("This encounter is voided and cannot be finalized.");
  }
  if (e.status != EncounterStatus::kOpen) {
    return Error::conflict("This encounter is " + std::string(domain::toString(e.status)) +
                           "; a finalized encounter is changed with " + kCorrectionRoute + ".");
  }
  if (expectedVersion && *expectedVersion != e.meta.version) return Error::versionMismatch();
  judge.clearWarnings();
  if (auto s = validated(r, judge, e); !s.ok()) return s.error();
  const std::int64_t version = e.meta.version;
  e.status = EncounterStatus::kFinalized;
  e.finalizedAt = now;
  e.finalizedBy = byUser;
  chooseCoverages(r, e);
  if (wrote) *wrote = true;
  auto stored = r.encounters().update(e, version, now);
  if (!stored) return stored.error();
  FinalizeResult out;
  out.encounter = *stored;
  out.billedTo = billedTo(e);
  out.entries = r.ledger().postCharges(*stored, out.billedTo, byUser, now);
  out.warnings = judge.warnings();
  if (out.billedTo == Responsibility::kPatient && e.appointmentId.valid()) {
    std::vector<domain::ChargeLineId> lines;
    for (const auto& entry : out.entries) lines.push_back(entry.lineId);
    auto applied =
        allocateVisitCredit(r, now, e.organizationId, e.accountId, e.appointmentId, lines, byUser);
    if (!applied) return applied.error();
    out.entries.insert(out.entries.end(), applied->begin(), applied->end());
  }
  return out;
}

}  // namespace

// ---- code checks ---------------------------------------------------------------------------

domain::CodeCheck CodeJudge::checks(Repositories& r) {
  domain::CodeCheck c;
  c.diagnosis = [this, &r](std::string_view code, domain::Date d) {
    return judge(r, CodeSystem::kIcd10Cm, code, d);
  };
  c.procedure = [this, &r](std::string_view code, domain::Date d) -> std::optional<std::string> {
    if (domain::isHcpcsCode(code)) return judge(r, CodeSystem::kHcpcs, code, d);
    if (domain::isCptCode(code)) return judge(r, CodeSystem::kCpt, code, d);
    return "must be a CPT or HCPCS Level II code";
  };
  c.modifier = [this, &r](std::string_view code) {
    return judge(r, CodeSystem::kModifier, code, domain::Date{});
  };
  return c;
}

std::optional<std::string> CodeJudge::judge(Repositories& r, CodeSystem s, std::string_view code,
                                            domain::Date date) {
  const auto key = std::make_tuple(static_cast<int>(s), std::string(code), date.daysSinceEpoch());
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  auto official = official_.find(static_cast<int>(s));
  if (official == official_.end()) {
    bool any = false;
    for (const auto& rel : r.codes().releases(s, org_)) {
      any = any || rel.source != domain::ReleaseSource::kBuiltin;
    }
    official = official_.emplace(static_cast<int>(s), any).first;
  }
  auto warn = [this](domain::CodeWarning w) {
    if (std::find(warnings_.begin(), warnings_.end(), w) == warnings_.end()) {
      warnings_.push_back(std::move(w));
    }
  };
  std::optional<std::string> answer;
  auto verdict = codes::checkCode(r, org_, s, code, date);
  if (!verdict) {
    answer = "could not be checked: " + verdict.error().message;
  } else {
    for (const auto& w : verdict->warnings) warn(w);
    switch (verdict->status) {
      case CodeStatus::kValid:
        break;
      case CodeStatus::kUnknown:
        if (official->second) {
          answer = verdict->message;
        } else {
          warn({"not_in_code_set",
                std::string(code) +
                    " is not in MedOffice's default code set; import the official " +
                    "file to check it (docs/workflows/code-sets.md)",
                0, 0});
        }
        break;
      case CodeStatus::kNoRelease:
        warn({"no_release", verdict->message, 0, 0});
        break;
      case CodeStatus::kHeader:
      case CodeStatus::kEnded:
      case CodeStatus::kMalformed:
        answer = verdict->message;
        break;
    }
  }
  // Warnings are remembered with the answer's first sighting; the memo keeps only the verdict.
  memo_.emplace(key, answer);
  return answer;
}

// ---- use cases -----------------------------------------------------------------------------

Result<EncounterResult> createEncounter(Repositories& r, const TimeZones& zones,
                                        domain::Instant now, domain::OrganizationId org,
                                        NewEncounter request) {
  Encounter e = std::move(request.encounter);
  e.organizationId = org;
  e.id = {};
  e.status = EncounterStatus::kOpen;
  e.corrections = 0;
  e.finalizedAt.reset();
  e.finalizedBy = 0;
  if (!e.patientId.valid()) return Error::invalidField("patient_id", "is required");
  auto patient = r.patients().get(org, e.patientId);
  if (!patient) return Error::invalidField("patient_id", "is not a patient of the practice");
  if (patient->status != domain::PatientStatus::kActive) {
    return Error::invalidField("patient_id", "is not an active patient (merged or archived)");
  }
  std::optional<domain::Date> date = request.dateOfService;
  if (e.appointmentId.valid()) {
    auto a = r.appointments().get(org, e.appointmentId);
    if (!a) return Error::invalidField("appointment_id", "is not an appointment of the practice");
    if (a->patientId != e.patientId) {
      return Error::invalidField("appointment_id", "is another patient's appointment");
    }
    using S = domain::AppointmentStatus;
    if (a->status != S::kArrived && a->status != S::kRoomed && a->status != S::kWithProvider &&
        a->status != S::kCheckedOut) {
      return Error::invalidField("appointment_id",
                                 "is " + std::string(domain::toString(a->status)) +
                                     "; an encounter comes from a visit checked in or out");
    }
    if (auto existing = r.encounters().ofAppointment(org, e.appointmentId)) {
      return Error::conflict(
          "This visit has encounter " + std::to_string(existing->id.value) + " already.",
          {{"appointment_id", "has an encounter"}});
    }
    if (!e.providerId.valid()) e.providerId = a->providerId;
    if (!e.locationId.valid()) e.locationId = a->locationId;
    if (!date) {
      if (auto loc = r.locations().get(org, a->locationId)) {
        if (auto local = zones.toLocal(loc->timeZone, a->start)) date = local->date;
      }
      if (!date) date = a->start.utcDate();
    }
  }
  if (!date) return Error::invalidField("date_of_service", "is required without an appointment");
  if (now.utcDate().plusDays(1) < *date) {
    return Error::invalidField("date_of_service", "is in the future");
  }
  e.dateOfService = *date;
  fillFees(r, org, e);
  CodeJudge judge(org);
  if (auto s = validated(r, judge, e); !s.ok()) return s.error();
  auto account = ensureAccount(r, now, *patient);
  if (!account) return account.error();
  e.accountId = account->id;
  auto stored = r.encounters().insert(e, now);
  if (!stored) return stored.error();
  return EncounterResult{*stored, judge.warnings()};
}

Result<EncounterResult> updateEncounter(Repositories& r, domain::Instant now,
                                        domain::OrganizationId org, Encounter e,
                                        std::optional<std::int64_t> expected) {
  auto current = r.encounters().get(org, e.id);
  if (!current) return Error::notFound("encounter not found");
  if (current->status != EncounterStatus::kOpen) {
    return Error::conflict("This encounter is " + std::string(domain::toString(current->status)) +
                           " and cannot be edited in place; correct it with " + kCorrectionRoute +
                           ".");
  }
  const std::int64_t expectedVersion = expected.value_or(current->meta.version);
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  e.organizationId = org;
  e.patientId = current->patientId;
  e.appointmentId = current->appointmentId;
  e.accountId = current->accountId;
  e.status = EncounterStatus::kOpen;
  e.corrections = 0;
  if (!e.providerId.valid()) e.providerId = current->providerId;
  if (!e.locationId.valid()) e.locationId = current->locationId;
  fillFees(r, org, e);
  CodeJudge judge(org);
  if (auto s = validated(r, judge, e); !s.ok()) return s.error();
  auto stored = r.encounters().update(e, expectedVersion, now);
  if (!stored) return stored.error();
  stored->lines = r.encounters().replaceOpenLines(*stored, now);
  return EncounterResult{*stored, judge.warnings()};
}

Result<FinalizeResult> finalizeEncounter(Repositories& r, domain::Instant now,
                                         domain::OrganizationId org, domain::EncounterId id,
                                         std::optional<std::int64_t> expectedVersion,
                                         std::int64_t byUser, CodeJudge* judge) {
  auto e = r.encounters().get(org, id);
  if (!e) return Error::notFound("encounter not found");
  CodeJudge own(org);
  return finalizeLoaded(r, now, std::move(*e), expectedVersion, byUser, judge ? *judge : own);
}

Result<FinalizeResult> correctEncounter(Repositories& r, domain::Instant now,
                                        domain::OrganizationId org, Encounter corrected,
                                        std::optional<std::int64_t> expected, std::int64_t byUser) {
  auto current = r.encounters().get(org, corrected.id);
  if (!current) return Error::notFound("encounter not found");
  if (current->status != EncounterStatus::kFinalized) {
    return Error::conflict(
        "Only a finalized encounter is corrected; this one is " +
        std::string(domain::toString(current->status)) +
        (current->status == EncounterStatus::kOpen ? ": edit it instead." : "."));
  }
  const std::int64_t expectedVersion = expected.value_or(current->meta.version);
  if (current->meta.version != expectedVersion) return Error::versionMismatch();
  corrected.organizationId = org;
  corrected.patientId = current->patientId;
  corrected.appointmentId = current->appointmentId;
  corrected.accountId = current->accountId;
  corrected.status = EncounterStatus::kFinalized;
  corrected.finalizedAt = current->finalizedAt;
  corrected.finalizedBy = current->finalizedBy;
  if (!corrected.providerId.valid()) corrected.providerId = current->providerId;
  if (!corrected.locationId.valid()) corrected.locationId = current->locationId;
  // A line that keeps its code, modifiers and units keeps its stored charge when none is given
  // (a fee schedule changed since must not alter it); a changed one is priced anew.
  for (std::size_t k = 0; k < corrected.lines.size(); ++k) {
    auto& line = corrected.lines[k];
    if (!line.id.valid()) continue;
    auto it = std::find_if(current->lines.begin(), current->lines.end(),
                           [&](const domain::ChargeLine& l) { return l.id == line.id; });
    if (it == current->lines.end()) {
      return Error::invalidField("lines[" + std::to_string(k) + "].id",
                                 "is not a current line of this encounter");
    }
    if (line.charge.cents() == 0 && upper(line.code) == it->code && line.units == it->units) {
      std::vector<std::string> modifiers;
      for (const auto& m : line.modifiers) modifiers.push_back(upper(m));
      if (modifiers == it->modifiers) line.charge = it->charge;
    }
  }
  fillFees(r, org, corrected);
  CodeJudge judge(org);
  if (auto s = validated(r, judge, corrected); !s.ok()) return s.error();

  std::vector<domain::ChargeLine> added;
  std::vector<domain::ChargeLineId> kept;
  for (const auto& line : corrected.lines) {
    auto it = std::find_if(current->lines.begin(), current->lines.end(),
                           [&](const domain::ChargeLine& l) { return l.id == line.id; });
    if (line.id.valid() && it != current->lines.end() && sameService(corrected, *it, line) &&
        std::find(kept.begin(), kept.end(), line.id) == kept.end()) {
      kept.push_back(line.id);
    } else {
      added.push_back(line);
      added.back().id = {};
    }
  }
  std::vector<domain::ChargeLineId> replaced;
  for (const auto& line : current->lines) {
    if (std::find(kept.begin(), kept.end(), line.id) == kept.end()) replaced.push_back(line.id);
  }
  const bool sameHeader = corrected.diagnoses == current->diagnoses &&
                          corrected.providerId == current->providerId &&
                          corrected.locationId == current->locationId &&
                          corrected.dateOfService == current->dateOfService;
  if (replaced.empty() && added.empty() && sameHeader) {
    return Error::invalidField("lines", "the correction changes nothing");
  }
  FinalizeResult out;
  const std::string reason = "correction " + std::to_string(current->corrections + 1);
  for (auto id : replaced) {
    auto entries = r.ledger().ofLine(org, id);
    // Postings that were reversed, and the reversals themselves, net to nothing: the line may
    // be replaced once only its charge stands.
    std::vector<std::int64_t> undone;
    for (const auto& entry : entries) {
      if (entry.kind == domain::EntryKind::kReversal) undone.push_back(entry.reverses.value);
    }
    const auto stands = [&](const domain::LedgerEntry& entry) {
      return entry.kind != domain::EntryKind::kReversal &&
             std::find(undone.begin(), undone.end(), entry.id.value) == undone.end();
    };
    const domain::LedgerEntry* charge = nullptr;
    for (const auto& entry : entries) {
      if (!stands(entry)) continue;
      if (entry.kind == domain::EntryKind::kCharge && !charge) {
        charge = &entry;
        continue;
      }
      auto number = std::find_if(current->lines.begin(), current->lines.end(),
                                 [&](const domain::ChargeLine& l) { return l.id == id; });
      return Error::conflict(
          "Line " + std::to_string(number->lineNumber) + " (" + number->code +
              ") has payments or adjustments posted; reverse them before replacing the line.",
          {{"lines", "line " + std::to_string(number->lineNumber) + " has postings"}});
    }
    if (charge) {
      domain::LedgerEntry rev;
      rev.kind = domain::EntryKind::kReversal;
      rev.reverses = charge->id;
      rev.reason = reason;
      auto posted = postEntry(r, now, org, rev, byUser);
      if (!posted) return posted.error();
      out.entries.push_back(*posted);
    }
  }
  r.encounters().markReplaced(org, replaced);
  corrected.corrections = current->corrections + 1;
  chooseCoverages(r, corrected);
  auto stored = r.encounters().update(corrected, expectedVersion, now);
  if (!stored) return stored.error();
  r.encounters().addLines(*stored, added, now);
  out.billedTo = billedTo(*stored);
  auto charges = r.ledger().postCharges(*stored, out.billedTo, byUser, now);
  out.entries.insert(out.entries.end(), charges.begin(), charges.end());
  auto reread = r.encounters().get(org, stored->id);
  out.encounter = reread ? *reread : *stored;
  out.warnings = judge.warnings();
  return out;
}

Result<Encounter> voidEncounter(Repositories& r, domain::Instant now, domain::OrganizationId org,
                                domain::EncounterId id, std::optional<std::int64_t> expected) {
  auto e = r.encounters().get(org, id);
  if (!e) return Error::notFound("encounter not found");
  if (!domain::canTransition(e->status, EncounterStatus::kVoided)) {
    return Error::conflict("This encounter is " + std::string(domain::toString(e->status)) +
                           "; only an open encounter is voided (correct a finalized one with " +
                           kCorrectionRoute + ").");
  }
  const std::int64_t version = expected.value_or(e->meta.version);
  e->status = EncounterStatus::kVoided;
  return r.encounters().update(*e, version, now);
}

Result<BulkFinalizeOutcome> finalizeMany(
    UnitOfWork& uow, domain::Instant now, domain::OrganizationId org,
    const std::vector<domain::EncounterId>& ids, std::int64_t byUser, int batch,
    const std::function<void(Repositories&, const FinalizeResult&)>& audit) {
  BulkFinalizeOutcome out;
  CodeJudge judge(org);
  const std::size_t step = static_cast<std::size_t>(std::max(1, batch));
  for (std::size_t first = 0; first < ids.size(); first += step) {
    std::vector<domain::EncounterId> chunk(
        ids.begin() + static_cast<std::ptrdiff_t>(first),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), first + step)));
    BulkFinalizeOutcome part;
    std::vector<std::pair<domain::EncounterId, Error>> halfDone;
    for (;;) {
      // An encounter refused before its first write (not open, codes no longer valid) leaves
      // nothing behind and the batch goes on. One refused after it (its visit's co-pays could
      // not be applied) abandons the batch's transaction, which runs again without it.
      std::optional<std::pair<domain::EncounterId, Error>> abandoned;
      Status s = uow.write([&](Repositories& r) -> Status {
        part = {};
        abandoned.reset();
        auto loaded = r.encounters().getMany(org, chunk);
        std::size_t next = 0;
        for (auto id : chunk) {
          if (next >= loaded.size() || loaded[next].id != id) {
            part.failed.emplace_back(id, Error::notFound("encounter not found"));
            continue;
          }
          bool wrote = false;
          auto done = finalizeLoaded(r, now, std::move(loaded[next++]), std::nullopt, byUser, judge,
                                     &wrote);
          if (!done) {
            if (wrote) {
              abandoned.emplace(id, done.error());
              return done.error();
            }
            part.failed.emplace_back(id, done.error());
            continue;
          }
          ++part.finalized;
          part.lines += static_cast<std::int64_t>(done->encounter.lines.size());
          if (audit) audit(r, *done);
        }
        return {};
      });
      if (s.ok()) break;
      if (!abandoned) return s.error();
      halfDone.push_back(*abandoned);
      std::erase(chunk, abandoned->first);
    }
    part.failed.insert(part.failed.end(), halfDone.begin(), halfDone.end());
    out.finalized += part.finalized;
    out.lines += part.lines;
    out.failed.insert(out.failed.end(), part.failed.begin(), part.failed.end());
  }
  return out;
}

Result<Superbill> superbill(Repositories& r, domain::OrganizationId org,
                            domain::AppointmentTypeId type, domain::Date date) {
  auto t = r.scheduling().getType(org, type);
  if (!t) return Error::notFound("appointment type not found");
  Superbill out{t->id, t->name, {}};
  for (const auto& code : t->defaultCptCodes) {
    SuperbillItem item{code, {}, std::nullopt};
    const CodeSystem s = domain::isHcpcsCode(code) ? CodeSystem::kHcpcs : CodeSystem::kCpt;
    if (auto v = codes::checkCode(r, org, s, code, date); v && v->record) {
      item.description = v->record->shortDescription.empty() ? v->record->longDescription
                                                             : v->record->shortDescription;
    }
    item.unitFee = fees::unitFee(r, org, {}, code, {}, date);
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace medoffice::app::billing
