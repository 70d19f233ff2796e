// SPDX-License-Identifier: AGPL-3.0-or-later
// Claims out (issue 16): clearinghouses, claims from finalized encounters, the scrubber, 837P
// batches and their transport, acknowledgements (999, 277CA), and the CMS-1500 paper form; claim
// status inquiries (276) and their answers (277) of issue 17.
// Claims hold PHI: every read and change is audited with the patient.

#include "app/claims/claims.hpp"
#include "codecs/json/claims_json.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/pdf/cms1500.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/billing_route_support.hpp"
#include "http/routes/patient_query.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::AuditAction;
using domain::Error;
using domain::Permission;
using domain::Result;
namespace cl = app::claims;

namespace {

/// A claims search by patient looks at the first this many patients the text matches, in name
/// order (a page of the patient search): "Smi" in a large practice may need more letters.
constexpr int kSearchPatients = 200;

Result<const cl::ClaimsSetup*> setupOf(ApiContext& ctx) {
  if (ctx.claims == nullptr) return Error::unavailable("Claims are not set up on this server.");
  return ctx.claims;
}

std::string claimBody(const app::ClaimRecord& c,
                      const std::vector<app::ClaimHistoryEntry>* history = nullptr) {
  codecs::JsonWriter w;
  codecs::writeClaim(w, c, true, history);
  return w.take();
}

std::string claimsBody(const std::vector<app::ClaimRecord>& claims) {
  codecs::JsonWriter w;
  w.beginObject().key("items").beginArray();
  for (const auto& c : claims) codecs::writeClaim(w, c, true);
  w.endArray().endObject();
  return w.take();
}

Response textResponse(std::string body, std::string type, const std::string& fileName) {
  Response r;
  r.contentType = std::move(type);
  r.body = std::move(body);
  r.phi = true;
  r.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
  return r;
}

void auditClaim(Repositories& r, ApiContext& ctx, const Request& req, AuditAction action,
                const app::ClaimRecord& c, const std::string& what = {}) {
  audit(r, ctx, req, action, "claim", std::to_string(c.id.value) + (what.empty() ? "" : " " + what),
        c.patientId);
}

/// A user limited to some locations works only on claims of encounters at those locations.
domain::Status mayUseEncounter(Repositories& r, const domain::Principal& who, domain::Instant now,
                               domain::EncounterId encounter) {
  if (who.locationIds.empty() || who.breakingGlass(now)) return {};
  auto e = r.encounters().get(who.organizationId, encounter);
  if (e && !who.mayUseLocation(e->locationId, now)) {
    return Error::forbidden(billing_routes::kLimited);
  }
  return {};
}

domain::Status mayUseClaim(Repositories& r, const domain::Principal& who, domain::Instant now,
                           domain::ClaimId id) {
  if (who.locationIds.empty() || who.breakingGlass(now)) return {};
  auto c = r.claims().get(who.organizationId, id);
  if (!c) return {};  // the use case answers 404
  return mayUseEncounter(r, who, now, c->encounterId);
}

/// One step on one claim (scrub, replace, void), run in a transaction.
using ClaimStep = std::function<Result<app::ClaimRecord>(Repositories&, const cl::ClaimsSetup&,
                                                         const domain::Principal&, domain::ClaimId,
                                                         domain::Instant)>;

/// POST /api/v1/claims/{id}/<step> with an empty body: the location limit checked, the step run
/// and audited with `what`, the claim answered (201 with its Location when the step made a new
/// one).
Handler claimAction(ApiContext& ctx, ClaimStep step, AuditAction action,
                    std::function<std::string(const app::ClaimRecord&, domain::ClaimId)> what,
                    bool makesNew) {
  return [&ctx, step = std::move(step), action, what = std::move(what), makesNew](
             const Request& req, const PathParams& params) -> Result<Response> {
    auto setup = setupOf(ctx);
    if (!setup) return setup.error();
    auto id = pathId(params, "id");
    if (!id) return id.error();
    if (auto s = noBody(req); !s.ok()) return s.error();
    const domain::Principal& who = caller(req);
    const domain::ClaimId claimId(*id);
    auto out = app::writeValue<app::ClaimRecord>(
        ctx.uow, [&](Repositories& r) -> Result<app::ClaimRecord> {
          const auto now = ctx.clock.now();
          if (auto s = mayUseClaim(r, who, now, claimId); !s.ok()) return s.error();
          auto c = step(r, **setup, who, claimId, now);
          if (c) auditClaim(r, ctx, req, action, *c, what(*c, claimId));
          return c;
        });
    if (!out) return out.error();
    auto res = jsonResponse(makesNew ? 201 : 200, claimBody(*out), true);
    if (makesNew) res.header("Location", "/api/v1/claims/" + std::to_string(out->id.value));
    return withEtag(std::move(res), out->meta.version);
  };
}

}  // namespace

void registerClaimRoutes(Router& router, ApiContext& ctx) {
  // ---- clearinghouses: settings, managed like other practice records ----
  ResourceSpec<domain::claims::Clearinghouse> ch;
  ch.collection = "/api/v1/clearinghouses";
  ch.noun = "clearinghouse";
  ch.readPermission = Permission::kPracticeRead;
  ch.writePermission = Permission::kPracticeAdmin;
  ch.decode = codecs::decodeClearinghouse;
  ch.get = [](Repositories& r, domain::OrganizationId org, std::int64_t id) {
    return r.claims().clearinghouse(org, domain::ClearinghouseId(id));
  };
  ch.list = [](Repositories& r, domain::OrganizationId org, const ListArgs& a) {
    return r.claims().clearinghouses(org, a.page);
  };
  ch.create = [](Repositories& r, domain::Instant now, domain::OrganizationId org,
                 domain::claims::Clearinghouse c)
      -> Result<std::pair<domain::claims::Clearinghouse, std::string>> {
    c.organizationId = org;
    auto stored = r.claims().insertClearinghouse(c, now);
    if (!stored) return stored.error();
    return std::pair{std::move(*stored), std::string()};
  };
  ch.update = [](Repositories& r, domain::Instant now, domain::OrganizationId org,
                 domain::claims::Clearinghouse c, std::int64_t expected) {
    c.organizationId = org;
    return r.claims().updateClearinghouse(c, expected, now);
  };
  ch.setActive = [](Repositories& r, domain::Instant now, domain::OrganizationId org,
                    std::int64_t id, bool active, std::int64_t expected) {
    return r.claims().setClearinghouseActive(org, domain::ClearinghouseId(id), active, expected,
                                             now);
  };
  registerResource(router, ctx, std::move(ch));

  // ---- claims ----
  router.add(
      "POST", "/api/v1/claims",
      "Make the claim of a finalized encounter (its primary coverage, or the coverage named)",
      Access::need(Permission::kClaimSubmit),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto setup = setupOf(ctx);
        if (!setup) return setup.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        auto edits = codecs::decodeClaimEdits(*body, {"encounter_id", "coverage_id"});
        if (!edits) return edits.error();
        domain::FieldErrors e;
        codecs::ObjectReader in(*body, e);
        in.ignore(
            {"prior_authorization", "referral_number", "referring_provider_id", "onset_date"});
        auto encounter = in.integer("encounter_id", 1, INT64_MAX);
        if (!encounter && !in.has("encounter_id")) e.add("encounter_id", "is required");
        auto coverage = in.integer("coverage_id", 1, INT64_MAX);
        in.finish();
        if (!e.empty()) return e.toError();
        const domain::Principal& who = caller(req);
        const auto now = ctx.clock.now();
        auto out = app::writeValue<std::vector<app::ClaimRecord>>(
            ctx.uow, [&](Repositories& r) -> Result<std::vector<app::ClaimRecord>> {
              if (auto s = mayUseEncounter(r, who, now, domain::EncounterId(*encounter)); !s.ok())
                return s.error();
              auto made = cl::createClaims(
                  r, **setup, who.organizationId, domain::EncounterId(*encounter),
                  domain::CoverageId(coverage.value_or(0)), *edits, now, who.userId.value);
              if (!made) return made.error();
              for (const auto& c : *made) auditClaim(r, ctx, req, AuditAction::kCreate, c);
              return made;
            });
        if (!out) return out.error();
        if (out->size() == 1) {
          auto res = jsonResponse(201, claimBody(out->front()), true);
          res.header("Location", "/api/v1/claims/" + std::to_string(out->front().id.value));
          return withEtag(std::move(res), out->front().meta.version);
        }
        return jsonResponse(201, claimsBody(*out), true);
      });

  router.add("GET", "/api/v1/claims",
             "Claims by state, patient, encounter or batch (the work list)",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               domain::FieldErrors e;
               QueryReader q(req, e);
               app::ClaimQuery query;
               query.organizationId = caller(req).organizationId;
               if (auto s = q.get("state"); s && !s->empty()) {
                 query.state = domain::claims::parseClaimState(*s);
                 if (!query.state) e.add("state", "is not a claim state");
               }
               query.patientId = domain::PatientId(queryId(q, e, "patient_id"));
               query.encounterId = domain::EncounterId(queryId(q, e, "encounter_id"));
               query.batchId = domain::ClaimBatchId(queryId(q, e, "batch_id"));
               query.page = billing_routes::pageOf(q);
               query.patientNames = true;
               // q: a patient as the patient search takes one (name, birth date, phone, MRN),
               // or the start of a claim number (ours or the payer's).
               std::string text;
               if (auto s = q.get("q")) {
                 text = *s;
                 const auto b = text.find_first_not_of(' ');
                 text = b == std::string::npos ? std::string()
                                               : text.substr(b, text.find_last_not_of(' ') - b + 1);
                 if (text.empty()) e.add("q", "must not be blank");
                 if (text.size() > 100) e.add("q", "must be at most 100 characters");
               }
               q.finish();
               if (!e.empty()) return e.toError();
               std::optional<app::PatientQuery> patients;
               if (!text.empty()) {
                 query.search = true;
                 query.number = text;
                 ListArgs args;
                 args.extra["q"] = text;
                 args.page.limit = kSearchPatients;
                 // Not a patient criterion (a claim number of letters and digits can still be a
                 // name prefix): the number alone decides.
                 if (auto pq = parsePatientQuery(args)) {
                   patients = *pq;
                   patients->anyStatus = true;
                 }
               }
               auto page = app::writeValue<app::Page<app::ClaimRecord>>(
                   ctx.uow, [&](Repositories& r) -> Result<app::Page<app::ClaimRecord>> {
                     if (patients) {
                       auto found = r.patients().search(query.organizationId, *patients);
                       if (!found) return found.error();
                       for (const auto& pt : found->items) query.patients.push_back(pt.id);
                     }
                     auto p = r.claims().list(query);
                     if (!p) return p.error();
                     // The criteria, never what was typed.
                     audit(r, ctx, req, AuditAction::kSearch, "claim",
                           std::to_string(p->items.size()) + " claims" +
                               (query.search ? " by patient or claim number" : ""),
                           query.patientId);
                     return p;
                   });
               if (!page) return page.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& c : page->items) codecs::writeClaim(w, c, false);
               w.endArray().key("next_cursor").optional(page->nextCursor).endObject();
               return jsonResponse(200, w.take(), true);
             });

  // Registered before /api/v1/claims/{id}: the router takes the first match, so "counts" is
  // never read as a claim id.
  router.add(
      "GET", "/api/v1/claims/counts",
      "How many claims stand in each state, how many have findings, and in all",
      Access::need(Permission::kBillingRead),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
          return s.error();
        }
        domain::FieldErrors e;
        QueryReader q(req, e);
        q.finish();  // it takes no parameters: an unknown one is an error
        if (!e.empty()) return e.toError();
        const auto org = caller(req).organizationId;
        auto counts = app::writeValue<app::ClaimCounts>(
            ctx.uow, [&](Repositories& r) -> Result<app::ClaimCounts> {
              auto c = r.claims().counts(org);
              audit(r, ctx, req, AuditAction::kSearch, "claim",
                    "counts: " + std::to_string(c.total) + " claims");
              return c;
            });
        if (!counts) return counts.error();
        // Numbers only: no claim, patient or payer is named, so the answer holds no PHI.
        codecs::JsonWriter w;
        w.beginObject().key("counts").beginObject();
        for (const auto s : domain::claims::kAllClaimStates) {
          w.key(domain::claims::toString(s)).value(counts->byState[static_cast<std::size_t>(s)]);
        }
        w.endObject()
            .key("with_findings")
            .value(counts->withFindings)
            .key("total")
            .value(counts->total)
            .endObject();
        return jsonResponse(200, w.take(), false);
      });

  router.add(
      "GET", "/api/v1/claims/{id}", "A claim with its content, findings and history",
      Access::need(Permission::kBillingRead),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        const domain::Principal& who = caller(req);
        std::vector<app::ClaimHistoryEntry> history;
        auto claim = app::writeValue<app::ClaimRecord>(
            ctx.uow, [&](Repositories& r) -> Result<app::ClaimRecord> {
              auto c = r.claims().get(who.organizationId, domain::ClaimId(*id));
              if (!c) return Error::notFound("claim not found");
              if (auto s = mayUseEncounter(r, who, ctx.clock.now(), c->encounterId); !s.ok()) {
                return s.error();
              }
              history = r.claims().history(who.organizationId, c->id);
              auditClaim(r, ctx, req, AuditAction::kRead, *c);
              return *c;
            });
        if (!claim) return claim.error();
        return withEtag(jsonResponse(200, claimBody(*claim, &history), true), claim->meta.version);
      });

  router.add("PATCH", "/api/v1/claims/{id}",
             "Change a claim's prior authorization, referral, referring provider or onset date",
             Access::need(Permission::kClaimSubmit),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto setup = setupOf(ctx);
               if (!setup) return setup.error();
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto version = optionalIfMatch(req);
               if (!version) return version.error();
               auto body = jsonBody(req, true);
               if (!body) return body.error();
               auto edits = codecs::decodeClaimEdits(*body);
               if (!edits) return edits.error();
               const domain::Principal& who = caller(req);
               auto out = app::writeValue<app::ClaimRecord>(
                   ctx.uow, [&](Repositories& r) -> Result<app::ClaimRecord> {
                     if (auto s = mayUseClaim(r, who, ctx.clock.now(), domain::ClaimId(*id));
                         !s.ok())
                       return s.error();
                     auto c = cl::editClaim(r, **setup, who.organizationId, domain::ClaimId(*id),
                                            *edits, *version, ctx.clock.now(), who.userId.value);
                     if (c) auditClaim(r, ctx, req, AuditAction::kUpdate, *c);
                     return c;
                   });
               if (!out) return out.error();
               return withEtag(jsonResponse(200, claimBody(*out), true), out->meta.version);
             });

  router.add("POST", "/api/v1/claims/{id}/scrub",
             "Rebuild the claim from its records and check it: the findings, and ready or scrubbed",
             Access::need(Permission::kClaimSubmit),
             claimAction(
                 ctx,
                 [](Repositories& r, const cl::ClaimsSetup& setup, const domain::Principal& who,
                    domain::ClaimId id, domain::Instant now) {
                   return cl::scrubClaim(r, setup, who.organizationId, id, now, who.userId.value);
                 },
                 AuditAction::kUpdate,
                 [](const app::ClaimRecord& c, domain::ClaimId) {
                   return "scrubbed: " + std::to_string(c.errors) + " errors";
                 },
                 false));

  router.add("GET", "/api/v1/claims/{id}/cms1500.pdf",
             "The claim on the CMS-1500 (02/12) paper form", Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto setup = setupOf(ctx);
               if (!setup) return setup.error();
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               auto claim = app::writeValue<domain::claims::Claim>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::claims::Claim> {
                     auto c = r.claims().get(who.organizationId, domain::ClaimId(*id));
                     if (!c) return Error::notFound("claim not found");
                     auditClaim(r, ctx, req, AuditAction::kPrint, *c, "CMS-1500");
                     return cl::claimOf(**setup, *c);
                   });
               if (!claim) return claim.error();
               codecs::pdf::Cms1500Options options;
               options.signedDate = ctx.clock.now().utcDate();
               auto pdf = codecs::pdf::renderCms1500(codecs::pdf::FontFiles::dejavu(ctx.fontDir),
                                                     *claim, options);
               if (!pdf) return pdf.error();
               Response res;
               res.contentType = "application/pdf";
               res.body = std::move(*pdf);
               res.phi = true;
               res.header("Content-Disposition",
                          "inline; filename=\"claim-" + std::to_string(*id) + "-cms1500.pdf\"");
               return res;
             });

  for (const bool voidIt : {false, true}) {
    router.add(
        "POST", voidIt ? "/api/v1/claims/{id}/void" : "/api/v1/claims/{id}/replace",
        voidIt
            ? "Void a claim the payer has: a frequency 8 claim with the payer's claim number"
            : "Replace a claim the payer has (frequency 7), built from the encounter as it is now",
        Access::need(Permission::kClaimSubmit),
        claimAction(
            ctx,
            [voidIt](Repositories& r, const cl::ClaimsSetup& setup, const domain::Principal& who,
                     domain::ClaimId id, domain::Instant now) {
              return cl::correctClaim(r, setup, who.organizationId, id, voidIt, now,
                                      who.userId.value);
            },
            AuditAction::kCreate,
            [voidIt](const app::ClaimRecord&, domain::ClaimId old) {
              return std::string(voidIt ? "voids " : "replaces ") + std::to_string(old.value);
            },
            true));
  }

  // ---- batches ----
  router.add(
      "POST", "/api/v1/claim-batches",
      "Put ready claims into one 837P batch for a clearinghouse (each is scrubbed again first)",
      Access::need(Permission::kClaimSubmit),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto setup = setupOf(ctx);
        if (!setup) return setup.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        domain::FieldErrors e;
        codecs::ObjectReader in(*body, e);
        auto ids = in.idArray("claim_ids", 5000);
        auto chId = in.integer("clearinghouse_id", 1, INT64_MAX);
        in.finish();
        if (!e.empty()) return e.toError();
        std::vector<domain::ClaimId> claimIds;
        for (auto v : ids) claimIds.emplace_back(v);
        const domain::Principal& who = caller(req);
        if (auto s = billing_routes::wholePractice(who, ctx.clock.now()); !s.ok()) return s.error();
        auto out = app::writeValue<cl::BatchOutcome>(
            ctx.uow, [&](Repositories& r) -> Result<cl::BatchOutcome> {
              auto b = cl::createBatch(r, **setup, who.organizationId, claimIds,
                                       domain::ClearinghouseId(chId.value_or(0)), ctx.clock.now(),
                                       who.userId.value);
              if (!b) return b.error();
              for (const auto& c : b->claims) {
                auditClaim(r, ctx, req, AuditAction::kCreate, c,
                           "batched in " + std::to_string(b->batch.id.value));
              }
              return b;
            });
        if (!out) return out.error();
        codecs::JsonWriter w;
        w.beginObject().key("batch");
        codecs::write(w, out->batch);
        w.key("claims").beginArray();
        for (const auto& c : out->claims) codecs::writeClaim(w, c, false);
        w.endArray().endObject();
        auto res = jsonResponse(201, w.take(), true);
        res.header("Location", "/api/v1/claim-batches/" + std::to_string(out->batch.id.value));
        return res;
      });

  router.add("GET", "/api/v1/claim-batches", "Claim batches, oldest first",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               domain::FieldErrors e;
               QueryReader q(req, e);
               const app::PageRequest page = billing_routes::pageOf(q);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto batches = app::readValue<app::Page<app::ClaimBatch>>(
                   ctx.uow,
                   [&](Repositories& r) { return r.claims().batches(who.organizationId, page); });
               if (!batches) return batches.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& b : batches->items) codecs::write(w, b);
               w.endArray().key("next_cursor").optional(batches->nextCursor).endObject();
               return jsonResponse(200, w.take(), false);
             });

  router.add(
      "GET", "/api/v1/claim-batches/{id}", "A claim batch", Access::need(Permission::kBillingRead),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
          return s.error();
        }
        auto id = pathId(params, "id");
        if (!id) return id.error();
        const domain::Principal& who = caller(req);
        auto b = app::readValue<app::ClaimBatch>(
            ctx.uow, [&](Repositories& r) -> Result<app::ClaimBatch> {
              auto found = r.claims().batch(who.organizationId, domain::ClaimBatchId(*id), false);
              if (!found) return Error::notFound("claim batch not found");
              return *found;
            });
        if (!b) return b.error();
        codecs::JsonWriter w;
        codecs::write(w, *b);
        return jsonResponse(200, w.take(), false);
      });

  router.add("GET", "/api/v1/claim-batches/{id}/x12", "The batch's 837P file as written",
             Access::need(Permission::kClaimSubmit),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               auto b = app::writeValue<app::ClaimBatch>(
                   ctx.uow, [&](Repositories& r) -> Result<app::ClaimBatch> {
                     auto found =
                         r.claims().batch(who.organizationId, domain::ClaimBatchId(*id), true);
                     if (!found) return Error::notFound("claim batch not found");
                     audit(r, ctx, req, AuditAction::kExport, "claim_batch",
                           std::to_string(found->id.value) + " 837P");
                     return *found;
                   });
               if (!b) return b.error();
               return textResponse(std::move(b->bytes), "application/edi-x12", b->fileName);
             });

  router.add("POST", "/api/v1/claim-batches/{id}/send",
             "Send (or send again) a batch through its clearinghouse's transport",
             Access::need(Permission::kClaimSubmit),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               auto id = pathId(params, "id");
               if (!id) return id.error();
               if (auto s = noBody(req); !s.ok()) return s.error();
               if (ctx.transports == nullptr)
                 return Error::unavailable("No transports on this server.");
               const domain::Principal& who = caller(req);
               struct Loaded {
                 app::ClaimBatch batch;
                 domain::claims::Clearinghouse clearinghouse;
               };
               auto loaded =
                   app::readValue<Loaded>(ctx.uow, [&](Repositories& r) -> Result<Loaded> {
                     auto b = r.claims().batch(who.organizationId, domain::ClaimBatchId(*id), true);
                     if (!b) return Error::notFound("claim batch not found");
                     auto c = r.claims().clearinghouse(who.organizationId, b->clearinghouseId);
                     if (!c) return Error::notFound("the batch's clearinghouse is gone");
                     return Loaded{std::move(*b), std::move(*c)};
                   });
               if (!loaded) return loaded.error();
               // The transport runs outside any transaction: it may take seconds.
               Result<app::SendReceipt> receipt = Error::internal("not sent");
               auto transport = ctx.transports->open(loaded->clearinghouse);
               if (!transport) {
                 receipt = transport.error();
               } else {
                 receipt = (*transport)->send({loaded->batch.fileName, loaded->batch.bytes});
               }
               auto out = app::writeValue<app::ClaimBatch>(
                   ctx.uow, [&](Repositories& r) -> Result<app::ClaimBatch> {
                     auto b = cl::recordSend(r, who.organizationId, loaded->batch.id, receipt,
                                             ctx.clock.now());
                     if (b) {
                       audit(r, ctx, req, AuditAction::kExport, "claim_batch",
                             std::to_string(b->id.value) + (receipt ? " sent" : " send failed"));
                     }
                     return b;
                   });
               if (!out) return out.error();
               if (!receipt) return receipt.error();
               codecs::JsonWriter w;
               w.beginObject().key("batch");
               codecs::write(w, *out);
               w.member("already_present", receipt->alreadyPresent).endObject();
               return jsonResponse(200, w.take(), false);
             });

  router.add("POST", "/api/v1/clearinghouses/{id}/fetch",
             "Take in the acknowledgements waiting in the clearinghouse's inbox (999, 277CA, 277)",
             Access::need(Permission::kClaimSubmit),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               auto setup = setupOf(ctx);
               if (!setup) return setup.error();
               auto id = pathId(params, "id");
               if (!id) return id.error();
               if (auto s = noBody(req); !s.ok()) return s.error();
               if (ctx.transports == nullptr)
                 return Error::unavailable("No transports on this server.");
               const domain::Principal& who = caller(req);
               auto settings = app::readValue<domain::claims::Clearinghouse>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::claims::Clearinghouse> {
                     auto c =
                         r.claims().clearinghouse(who.organizationId, domain::ClearinghouseId(*id));
                     if (!c) return Error::notFound("clearinghouse not found");
                     return *c;
                   });
               if (!settings) return settings.error();
               auto transport = ctx.transports->open(*settings);
               if (!transport) return transport.error();
               auto out = cl::fetchInbox(
                   ctx.uow, **setup, **transport, who.organizationId,
                   [&](std::string_view bytes) { return ctx.security.secrets().sha256(bytes); },
                   [&](Repositories& r, const cl::AckOutcome& a) {
                     audit(r, ctx, req, AuditAction::kCreate, "acknowledgement",
                           a.kind + " " + std::to_string(a.acknowledgementId) +
                               (a.duplicate ? " (again: nothing changed)" : ""));
                   },
                   ctx.clock.now(), who.userId.value);
               if (!out) return out.error();
               codecs::JsonWriter w;
               w.beginObject().key("taken").beginArray();
               for (const auto& t : out->taken) {
                 w.beginObject().member("file", t.file).key("acknowledgement");
                 codecs::write(w, t.outcome);
                 w.endObject();
               }
               w.endArray().key("left").beginArray();
               for (const auto& f : out->left) w.value(f);
               w.endArray().key("failed").beginArray();
               for (const auto& f : out->failed) w.value(f);
               w.endArray().endObject();
               return jsonResponse(200, w.take(), true);
             });

  // ---- claim status (276/277) ----
  router.add("POST", "/api/v1/claim-status-inquiries",
             "Ask the payers (276) about batched or accepted claims without an answer for N days",
             Access::need(Permission::kClaimSubmit),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               auto setup = setupOf(ctx);
               if (!setup) return setup.error();
               if (ctx.transports == nullptr)
                 return Error::unavailable("No transports on this server.");
               auto body = jsonBody(req);
               if (!body) return body.error();
               domain::FieldErrors e;
               codecs::ObjectReader in(*body, e);
               auto days = in.integer("older_than_days", 0, 3650);
               if (!days && !in.has("older_than_days")) e.add("older_than_days", "is required");
               auto chId = in.integer("clearinghouse_id", 1, INT64_MAX);
               in.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto out = cl::sendStatusInquiries(
                   ctx.uow, **setup, *ctx.transports, who.organizationId, static_cast<int>(*days),
                   domain::ClearinghouseId(chId.value_or(0)),
                   [&](Repositories& r, const cl::StatusInquiryOutcome& o) {
                     for (const auto& i : o.inquiries) {
                       if (!i.sent) continue;
                       for (const auto& c : i.claims) {
                         auditClaim(r, ctx, req, AuditAction::kExport, c,
                                    "status inquiry " + i.fileName);
                       }
                     }
                   },
                   ctx.clock.now(), who.userId.value);
               if (!out) return out.error();
               codecs::JsonWriter w;
               w.beginObject().key("inquiries").beginArray();
               for (const auto& i : out->inquiries) {
                 w.beginObject()
                     .member("clearinghouse_id", i.clearinghouseId.value)
                     .member("file_name", i.fileName)
                     .member("interchange_control", static_cast<std::int64_t>(i.interchangeControl))
                     .member("group_control", static_cast<std::int64_t>(i.groupControl))
                     .member("transaction_control", static_cast<std::int64_t>(i.transactionControl))
                     .member("sent", i.sent)
                     .member("already_present", i.alreadyPresent);
                 w.key("send_reference").optional(i.sendReference);
                 w.key("send_error").optional(i.sendError);
                 w.key("claims").beginArray();
                 for (const auto& c : i.claims) codecs::writeClaim(w, c, false);
                 w.endArray().endObject();
               }
               w.endArray().key("skipped").beginArray();
               for (const auto& s : out->skipped) w.value(s);
               w.endArray().member("more", out->more).endObject();
               return jsonResponse(200, w.take(), true);
             });

  // ---- acknowledgements ----
  router.add("POST", "/api/v1/acknowledgements",
             "Take in a 999, 277CA or 277 (raw X12 body): the claims it answers move as it decides",
             Access::need(Permission::kClaimSubmit),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               if (auto s = billing_routes::wholePractice(caller(req), ctx.clock.now()); !s.ok()) {
                 return s.error();
               }
               auto setup = setupOf(ctx);
               if (!setup) return setup.error();
               const std::string type = req.header("content-type");
               if (type.rfind("application/edi-x12", 0) != 0 && type.rfind("text/plain", 0) != 0) {
                 return Error::invalidField("Content-Type",
                                            "must be application/edi-x12 (the 999 or 277CA file)");
               }
               if (req.body.empty())
                 return Error::invalidField("body", "is empty: send the X12 file");
               const domain::Principal& who = caller(req);
               const std::string hash = ctx.security.secrets().sha256(req.body);
               auto out = app::writeValue<cl::AckOutcome>(
                   ctx.uow, [&](Repositories& r) -> Result<cl::AckOutcome> {
                     auto a = cl::takeAcknowledgement(r, **setup, who.organizationId, req.body,
                                                      hash, ctx.clock.now(), who.userId.value);
                     if (!a) return a.error();
                     audit(r, ctx, req, AuditAction::kCreate, "acknowledgement",
                           a->kind + " " + std::to_string(a->acknowledgementId) +
                               (a->duplicate ? " (again: nothing changed)" : ""));
                     return a;
                   });
               if (!out) return out.error();
               codecs::JsonWriter w;
               codecs::write(w, *out);
               return jsonResponse(out->duplicate ? 200 : 201, w.take(), true);
             });
  // A 999 or 277CA answering a large batch runs to megabytes.
  router.allowLargeBody("POST", "/api/v1/acknowledgements");
}

}  // namespace medoffice::http
