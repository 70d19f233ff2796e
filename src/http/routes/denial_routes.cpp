// SPDX-License-Identifier: AGPL-3.0-or-later
// The denials work queue (issue 17, point 5). Denials hold PHI: every read and change is
// audited with the patient. A user limited to some locations works only on denials of
// encounters at those locations; the whole queue is refused to them, as the claims work list
// is.

#include "http/routes/denial_routes.hpp"

#include "codecs/denials/denial_json.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/pdf/appeal_letter.hpp"
#include "domain/billing/code_sets.hpp"
#include "http/routes/billing_route_support.hpp"

namespace medoffice::http {

using domain::AuditAction;
using domain::Error;
using domain::Permission;
using domain::Result;
namespace den = app::denials;

namespace {

std::string denialBody(const den::QueueEntry& e,
                       const std::vector<app::DenialNote>* notes = nullptr) {
  codecs::JsonWriter w;
  codecs::writeDenial(w, e, notes);
  return w.take();
}

void auditDenial(Repositories& r, ApiContext& ctx, const Request& req, AuditAction action,
                 const domain::Denial& d, const std::string& what = {}) {
  audit(r, ctx, req, action, "denial",
        std::to_string(d.id.value) + (what.empty() ? "" : " " + what), d.patientId);
}

/// The denial's context once the caller may use its location; kNotFound for none, kForbidden
/// for a user limited to other locations.
Result<app::DenialItem> usableItem(Repositories& r, const domain::Principal& who,
                                   domain::Instant now, domain::DenialId id) {
  auto item = r.denials().item(who.organizationId, id);
  if (!item) return Error::notFound("denial not found");
  if (!who.locationIds.empty() && !who.breakingGlass(now) &&
      !who.mayUseLocation(item->locationId, now)) {
    return Error::forbidden(billing_routes::kLimited);
  }
  return *item;
}

/// `state`: open (the default), resolved, or all.
std::optional<domain::DenialState> stateOf(QueryReader& q, domain::FieldErrors& e) {
  const auto s = q.get("state");
  if (!s || s->empty() || *s == "open") return domain::DenialState::kOpen;
  if (*s == "all") return std::nullopt;
  if (*s == "resolved") return domain::DenialState::kResolved;
  e.add("state", "must be open, resolved or all");
  return domain::DenialState::kOpen;
}

}  // namespace

void registerDenialRoutes(Router& router, ApiContext& ctx, const den::DenialsSetup& setup) {
  router.add(
      "GET", "/api/v1/denials",
      "The denials work queue: open denials (by default) with the suggested action, filtered "
      "and grouped by reason, payer or age",
      Access::need(Permission::kBillingRead),
      [&ctx, &setup](const Request& req, const PathParams&) -> Result<Response> {
        const domain::Principal& who = caller(req);
        if (auto s = billing_routes::wholePractice(who, ctx.clock.now()); !s.ok()) {
          return s.error();
        }
        domain::FieldErrors e;
        QueryReader q(req, e);
        den::QueueRequest request;
        app::DenialQuery& query = request.query;
        query.organizationId = who.organizationId;
        query.state = stateOf(q, e);
        // `group` is a CAS group filter (CO, PI, OA, PR); reason, payer and age are taken as
        // group_by, which is what a queue "grouped by reason" asks.
        std::optional<std::string> groupBy = q.get("group_by");
        if (auto g = q.get("group"); g && !g->empty()) {
          if (domain::isDenialGroup(*g)) {
            query.group = *g;
          } else if (den::parseGroupBy(*g) && !groupBy) {
            groupBy = *g;
          } else {
            e.add("group", "must be a CAS group (CO, PI, OA, PR) or reason, payer or age");
          }
        }
        if (groupBy && !groupBy->empty()) {
          if (auto by = den::parseGroupBy(*groupBy)) {
            request.groupBy = *by;
          } else {
            e.add("group_by", "must be reason, payer or age");
          }
        }
        if (auto carc = q.get("carc"); carc && !carc->empty()) {
          if (domain::isCarcCode(*carc)) {
            query.carc = *carc;
          } else {
            e.add("carc",
                  "must be a claim adjustment reason code (1 to 3 capital letters or "
                  "digits)");
          }
        }
        query.payerId = domain::PayerId(queryId(q, e, "payer_id"));
        if (auto a = q.get("assigned_to"); a && !a->empty()) {
          if (*a == "none") {
            query.assignedTo = domain::UserId();
          } else if (*a == "me") {
            query.assignedTo = who.userId;
          } else if (auto id = positiveInteger(*a)) {
            query.assignedTo = domain::UserId(*id);
          } else {
            e.add("assigned_to", "must be a user id, me or none");
          }
        }
        if (auto age = q.get("age"); age && !age->empty()) {
          request.age = domain::parseAgeBucket(*age);
          if (!request.age) e.add("age", "must be 0-30, 31-60, 61-90 or 91+");
        }
        query.claimId = domain::ClaimId(queryId(q, e, "claim_id"));
        query.patientId = domain::PatientId(queryId(q, e, "patient_id"));
        query.page = billing_routes::pageOf(q);
        q.finish();
        if (!e.empty()) return e.toError();
        auto queue =
            app::writeValue<den::Queue>(ctx.uow, [&](Repositories& r) -> Result<den::Queue> {
              auto out = den::listQueue(r, setup, request, ctx.clock.now());
              if (!out) return out.error();
              audit(r, ctx, req, AuditAction::kSearch, "denial",
                    std::to_string(out->items.size()) + " denials", query.patientId);
              return out;
            });
        if (!queue) return queue.error();
        codecs::JsonWriter w;
        w.reserve(1024 + queue->items.size() * 1024);
        w.beginObject().key("items").beginArray();
        for (const auto& item : queue->items) codecs::writeDenial(w, item);
        w.endArray().key("next_cursor").optional(queue->nextCursor);
        if (request.groupBy != den::GroupBy::kNone) {
          w.key("group_by")
              .value(request.groupBy == den::GroupBy::kReason  ? "reason"
                     : request.groupBy == den::GroupBy::kPayer ? "payer"
                                                               : "age");
          w.key("groups");
          codecs::writeDenialGroups(w, queue->groups, request.groupBy);
        }
        w.endObject();
        return jsonResponse(200, w.take(), true);
      });

  // Before `{id}`, which would otherwise take "assignees".
  router.add("GET", "/api/v1/denials/assignees",
             "Active users a denial may be assigned to (billers and managers): id and display "
             "name only",
             Access::need(Permission::kBillingRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               if (auto s = noBody(req); !s.ok()) return s.error();
               domain::FieldErrors e;
               QueryReader q(req, e);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto list = app::readValue<std::vector<den::Assignee>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<den::Assignee>> {
                     return den::assignees(r, who.organizationId);
                   });
               if (!list) return list.error();
               codecs::JsonWriter w;
               w.beginObject().key("items").beginArray();
               for (const auto& a : *list) {
                 w.beginObject()
                     .member("id", a.id.value)
                     .member("display_name", a.displayName)
                     .endObject();
               }
               w.endArray().endObject();
               return jsonResponse(200, w.take(), false);
             });

  router.add("GET", "/api/v1/denials/{id}", "A denial with its suggestion and notes",
             Access::need(Permission::kBillingRead),
             [&ctx, &setup](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               auto detail = app::writeValue<den::DenialDetail>(
                   ctx.uow, [&](Repositories& r) -> Result<den::DenialDetail> {
                     const auto now = ctx.clock.now();
                     auto item = usableItem(r, who, now, domain::DenialId(*id));
                     if (!item) return item.error();
                     auto d =
                         den::getDenial(r, setup, who.organizationId, domain::DenialId(*id), now);
                     if (d) auditDenial(r, ctx, req, AuditAction::kRead, d->entry.item.denial);
                     return d;
                   });
               if (!detail) return detail.error();
               return withEtag(jsonResponse(200, denialBody(detail->entry, &detail->notes), true),
                               detail->entry.item.denial.meta.version);
             });

  router.add("PATCH", "/api/v1/denials/{id}",
             "Assign an open denial to a user (assigned_to) or set its due date (due_on)",
             Access::need(Permission::kClaimSubmit),
             [&ctx, &setup](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto version = ifMatch(req);
               if (!version) return version.error();
               auto body = jsonBody(req, true);
               if (!body) return body.error();
               auto edits = codecs::decodeDenialEdits(*body);
               if (!edits) return edits.error();
               const domain::Principal& who = caller(req);
               auto out = app::writeValue<den::QueueEntry>(
                   ctx.uow, [&](Repositories& r) -> Result<den::QueueEntry> {
                     const auto now = ctx.clock.now();
                     auto item = usableItem(r, who, now, domain::DenialId(*id));
                     if (!item) return item.error();
                     auto e = den::editDenial(r, setup, who.organizationId, domain::DenialId(*id),
                                              *edits, *version, now);
                     if (e) auditDenial(r, ctx, req, AuditAction::kUpdate, e->item.denial);
                     return e;
                   });
               if (!out) return out.error();
               return withEtag(jsonResponse(200, denialBody(*out), true),
                               out->item.denial.meta.version);
             });

  router.add("POST", "/api/v1/denials/{id}/notes", "Add a note to a denial",
             Access::need(Permission::kClaimSubmit),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto key = idempotencyKey(req);
               if (!key) return key.error();
               auto body = jsonBody(req);
               if (!body) return body.error();
               domain::FieldErrors e;
               codecs::ObjectReader in(*body, e);
               if (!in.has("body")) e.add("body", "is required");
               const std::string text = in.str("body");
               in.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               return createOnce<app::DenialNote>(
                   ctx, req, *key, true,
                   [&](Repositories& r) -> Result<app::DenialNote> {
                     const auto now = ctx.clock.now();
                     auto item = usableItem(r, who, now, domain::DenialId(*id));
                     if (!item) return item.error();
                     auto note = den::addNote(r, who.organizationId, domain::DenialId(*id), text,
                                              now, who.userId);
                     if (note) auditDenial(r, ctx, req, AuditAction::kUpdate, item->denial, "note");
                     return note;
                   },
                   [&](const app::DenialNote& n) {
                     app::DenialNote shown = n;
                     shown.authorName = who.username;
                     codecs::JsonWriter w;
                     codecs::writeDenialNote(w, shown);
                     auto res = jsonResponse(201, w.take(), true);
                     res.header("Location", "/api/v1/denials/" + std::to_string(*id));
                     return res;
                   });
             });

  router.add(
      "POST", "/api/v1/denials/{id}/resolve",
      "Resolve a denial by an action: write_off, bill_patient (ledger entries), "
      "correct_and_resubmit, or appeal (the claim becomes appealed)",
      Access::need(Permission::kClaimSubmit),
      [&ctx, &setup](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        auto version = optionalIfMatch(req);
        if (!version) return version.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        auto request = codecs::decodeResolveRequest(*body);
        if (!request) return request.error();
        request->expectedVersion = *version;
        const domain::Principal& who = caller(req);
        auto out = app::writeValue<den::ResolveOutcome>(
            ctx.uow, [&](Repositories& r) -> Result<den::ResolveOutcome> {
              const auto now = ctx.clock.now();
              auto item = usableItem(r, who, now, domain::DenialId(*id));
              if (!item) return item.error();
              auto done = den::resolve(r, setup, who.organizationId, domain::DenialId(*id),
                                       *request, now, who.userId);
              if (!done) return done.error();
              auditDenial(r, ctx, req, AuditAction::kUpdate, done->entry.item.denial,
                          "resolved: " + std::string(domain::toString(request->action)) +
                              (done->entries.empty()
                                   ? ""
                                   : " entries " + billing_routes::entriesText(done->entries)));
              if (done->claim && request->action == domain::DenialAction::kAppeal) {
                audit(r, ctx, req, AuditAction::kUpdate, "claim",
                      std::to_string(done->claim->id.value) + " appealed", done->claim->patientId);
              }
              return done;
            });
        if (!out) return out.error();
        const std::string self = "/api/v1/denials/" + std::to_string(*id);
        codecs::JsonWriter w;
        w.beginObject().key("denial");
        codecs::writeDenial(w, out->entry);
        billing_routes::writeEntries(w, out->entries);
        w.member("posted_cents", out->posted.cents());
        w.key("claim");
        if (out->claim) {
          w.beginObject();
          w.member("id", out->claim->id.value);
          w.member("patient_control_number", out->claim->patientControlNumber);
          w.member("state", domain::claims::toString(out->claim->state));
          w.member("version", out->claim->meta.version);
          w.endObject();
        } else {
          w.null();
        }
        w.key("next");
        switch (request->action) {
          case domain::DenialAction::kCorrectAndResubmit:
            w.value("/api/v1/claims/" + std::to_string(out->entry.item.denial.claimId.value) +
                    "/replace");
            break;
          case domain::DenialAction::kAppeal:
            w.value(self + "/appeal-letter.pdf");
            break;
          case domain::DenialAction::kWriteOff:
          case domain::DenialAction::kBillPatient:
            w.null();
            break;
        }
        w.endObject();
        return withEtag(jsonResponse(200, w.take(), true), out->entry.item.denial.meta.version);
      });

  router.add(
      "GET", "/api/v1/denials/{id}/appeal-letter.pdf",
      "The appeal letter of a denial (and the other denials of its remittance claim) as a PDF",
      Access::need(Permission::kBillingRead),
      [&ctx, &setup](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        const domain::Principal& who = caller(req);
        auto letter = app::writeValue<den::AppealLetter>(
            ctx.uow, [&](Repositories& r) -> Result<den::AppealLetter> {
              const auto now = ctx.clock.now();
              auto item = usableItem(r, who, now, domain::DenialId(*id));
              if (!item) return item.error();
              auto l = den::appealLetter(r, setup, who.organizationId, domain::DenialId(*id), now,
                                         who.userId);
              if (l) auditDenial(r, ctx, req, AuditAction::kPrint, item->denial, "appeal letter");
              return l;
            });
        if (!letter) return letter.error();
        auto pdf = codecs::pdf::renderAppealLetter(codecs::pdf::FontFiles::dejavu(ctx.fontDir),
                                                   codecs::pdf::appealLetterView(*letter));
        if (!pdf) return pdf.error();
        Response res;
        res.contentType = "application/pdf";
        res.body = std::move(*pdf);
        res.phi = true;
        res.header("Content-Disposition",
                   "inline; filename=\"denial-" + std::to_string(*id) + "-appeal.pdf\"");
        return res;
      });
}

}  // namespace medoffice::http
