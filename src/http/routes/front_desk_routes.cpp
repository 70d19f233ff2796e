// SPDX-License-Identifier: AGPL-3.0-or-later
// The front desk (issue 4): check-in with the co-pay, check-out with the follow-up visit, desk
// payments and receipts, the waitlist and the offers made from freed slots. The flow board is in
// flow_board_routes.cpp.

#include <chrono>
#include <memory>
#include <thread>

#include "app/scheduling.hpp"
#include "codecs/json/billing_json.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/json/registry_json.hpp"
#include "codecs/json/scheduling_json.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/hl7_publish.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::Error;
using domain::Instant;
using domain::Permission;
using domain::Result;
namespace sch = app::scheduling;

namespace {

constexpr const char* kLimited = "Your account is limited to other locations.";

/// A `status` filter: `fallback` when absent, none for "any", else one of the statuses.
template <class S, class Parse>
std::optional<S> statusFilter(QueryReader& q, domain::FieldErrors& e, S fallback, Parse parse,
                              const char* choices) {
  auto text = q.get("status");
  if (!text) return fallback;
  if (*text == "any") return std::nullopt;
  auto s = parse(*text);
  if (!s) e.add("status", std::string("must be ") + choices + " or any");
  return s;
}

/// A nested object member of a body, decoded by `decode`; its errors are prefixed with `key.`.
template <class T, class F>
std::optional<T> nested(const nlohmann::json& body, const char* key, domain::FieldErrors& e,
                        F&& decode) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) {
    e.add(key, "must be an object");
    return std::nullopt;
  }
  auto v = decode(*it);
  if (!v) {
    for (const auto& f : v.error().fields) e.add(std::string(key) + "." + f.field, f.message);
    return std::nullopt;
  }
  return *v;
}

/// `{"start","end","appointment_type_id"?,"provider_id"?,"room_id"?,"note"?}`: the next visit.
Result<sch::BookRequest> decodeFollowUp(const nlohmann::json& j) {
  domain::FieldErrors e;
  codecs::ObjectReader in(j, e);
  sch::BookRequest b;
  auto start = in.instant("start");
  auto end = in.instant("end");
  if (!start && !in.has("start")) e.add("start", "is required");
  if (!end && !in.has("end")) e.add("end", "is required");
  b.draft.start = start.value_or(Instant());
  b.draft.end = end.value_or(Instant());
  b.draft.appointmentTypeId =
      domain::AppointmentTypeId(in.integer("appointment_type_id", 1, INT64_MAX).value_or(0));
  b.draft.providerId = domain::ProviderId(in.integer("provider_id", 1, INT64_MAX).value_or(0));
  b.draft.roomId = domain::RoomId(in.integer("room_id", 1, INT64_MAX).value_or(0));
  b.draft.note = in.str("note");
  in.finish();
  if (!e.empty()) return e.toError();
  return b;
}

std::string paymentText(const domain::Payment& p) {
  return std::to_string(p.id.value) + " " + p.receiptNumber + " " + p.kind;
}

}  // namespace

void registerFrontDeskRoutes(Router& router, ApiContext& ctx) {
  // ---- check-in --------------------------------------------------------------------------
  router.add("GET", "/api/v1/appointments/{id}/check-in",
             "What the desk confirms at check-in: demographics, primary coverage, co-pay due",
             Access::need(Permission::kScheduleWrite),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto found = app::writeValue<sch::CheckInSummary>(
                   ctx.uow, [&](Repositories& r) -> Result<sch::CheckInSummary> {
                     auto s = sch::checkInSummary(r, ctx.zones, who.organizationId,
                                                  domain::AppointmentId(*id));
                     if (!s) return s.error();
                     if (!who.mayUseLocation(s->appointment.locationId, now)) {
                       return Error::forbidden(kLimited);
                     }
                     audit(r, ctx, req, domain::AuditAction::kRead, "check_in",
                           std::to_string(s->appointment.id.value), s->patient.id);
                     return s;
                   });
               if (!found) return found.error();
               codecs::JsonWriter w;
               w.beginObject().key("appointment");
               codecs::write(w, found->appointment);
               w.key("patient");
               codecs::write(w, found->patient);
               w.key("primary_coverage");
               if (found->primary) {
                 codecs::write(w, *found->primary);
               } else {
                 w.null();
               }
               w.key("payer_name");
               if (found->payer) {
                 w.value(found->payer->name);
               } else {
                 w.null();
               }
               w.member("copay_due_cents", found->copayDue.cents())
                   .member("copay_paid_cents", found->copayPaid.cents())
                   .key("payments")
                   .beginArray();
               for (const auto& p : found->payments) codecs::write(w, p);
               w.endArray().endObject();
               return jsonResponse(200, w.take(), true);
             });

  router.add("POST", "/api/v1/appointments/{id}/check-in",
             "Check the patient in: confirm demographics and coverage, take the co-pay",
             Access::need(Permission::kScheduleWrite),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               sch::CheckIn c;
               c.id = domain::AppointmentId(*id);
               if (!req.body.empty()) {
                 auto body = jsonBody(req);
                 if (!body) return body.error();
                 domain::FieldErrors e;
                 codecs::ObjectReader in(*body, e);
                 c.demographicsConfirmed = in.boolean("demographics_confirmed", false);
                 c.coverageConfirmed = in.boolean("coverage_confirmed", false);
                 in.ignore({"copay"});
                 c.copay = nested<domain::Payment>(*body, "copay", e, codecs::decodePayment);
                 in.finish();
                 if (!e.empty()) return e.toError();
               }
               auto version = optionalIfMatch(req);
               if (!version) return version.error();
               c.expectedVersion = *version;
               const domain::Principal& who = caller(req);
               if (c.copay && !who.can(Permission::kPaymentCollect)) {
                 return Error::forbidden("Taking a co-pay needs the payment.collect permission.");
               }
               const Instant now = ctx.clock.now();
               auto out = app::writeValue<sch::CheckInResult>(
                   ctx.uow, [&](Repositories& r) -> Result<sch::CheckInResult> {
                     auto current = r.appointments().get(who.organizationId, c.id);
                     if (current && !who.mayUseLocation(current->locationId, now)) {
                       return Error::forbidden(kLimited);
                     }
                     auto done =
                         sch::checkIn(r, ctx.zones, now, who.organizationId, c, who.userId.value);
                     if (!done) return done.error();
                     audit(r, ctx, req, domain::AuditAction::kUpdate, "appointment",
                           std::to_string(c.id.value) + " arrived", done->appointment.patientId);
                     publishSiu(r, ctx, codecs::hl7v2::SiuEvent::kS14, done->appointment);
                     if (done->payment) {
                       audit(r, ctx, req, domain::AuditAction::kCreate, "payment",
                             paymentText(*done->payment), done->appointment.patientId);
                     }
                     return done;
                   });
               if (!out) return out.error();
               const std::string body = codecs::withMembers(
                   codecs::toJson(out->appointment),
                   "\"payment\":" + (out->payment ? codecs::toJson(*out->payment) : "null"));
               return withEtag(jsonResponse(200, body, true), out->appointment.meta.version);
             });

  router.add("POST", "/api/v1/appointments/{id}/check-out",
             "Check the patient out (and book the follow-up visit)",
             Access::need(Permission::kScheduleWrite),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               std::optional<sch::BookRequest> followUp;
               if (!req.body.empty()) {
                 auto body = jsonBody(req);
                 if (!body) return body.error();
                 domain::FieldErrors e;
                 codecs::ObjectReader in(*body, e);
                 in.ignore({"follow_up"});
                 followUp = nested<sch::BookRequest>(*body, "follow_up", e, decodeFollowUp);
                 in.finish();
                 if (!e.empty()) return e.toError();
               }
               auto version = optionalIfMatch(req);
               if (!version) return version.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               if (followUp) followUp->backdate = who.can(Permission::kBackdate);
               auto out = app::writeValue<sch::CheckOutResult>(
                   ctx.uow, [&](Repositories& r) -> Result<sch::CheckOutResult> {
                     auto current =
                         r.appointments().get(who.organizationId, domain::AppointmentId(*id));
                     if (current && !who.mayUseLocation(current->locationId, now)) {
                       return Error::forbidden(kLimited);
                     }
                     if (followUp && followUp->draft.locationId.valid() &&
                         !who.mayUseLocation(followUp->draft.locationId, now)) {
                       return Error::forbidden(kLimited);
                     }
                     auto done = sch::checkOut(r, ctx.zones, now, who.organizationId,
                                               domain::AppointmentId(*id), *version, followUp,
                                               who.userId.value);
                     if (!done) return done.error();
                     audit(r, ctx, req, domain::AuditAction::kUpdate, "appointment",
                           std::to_string(*id) + " checked_out", done->appointment.patientId);
                     publishSiu(r, ctx, codecs::hl7v2::SiuEvent::kS14, done->appointment);
                     if (done->followUp) {
                       audit(r, ctx, req, domain::AuditAction::kCreate, "appointment",
                             std::to_string(done->followUp->id.value) + " follow-up",
                             done->followUp->patientId);
                       publishSiu(r, ctx, codecs::hl7v2::SiuEvent::kS12, *done->followUp);
                     }
                     return done;
                   });
               if (!out) return out.error();
               const std::string body = codecs::withMembers(
                   codecs::toJson(out->appointment),
                   "\"follow_up\":" + (out->followUp ? codecs::toJson(*out->followUp) : "null"));
               return withEtag(jsonResponse(200, body, true), out->appointment.meta.version);
             });

  // ---- desk payments ---------------------------------------------------------------------
  router.add(
      "POST", "/api/v1/payments", "Take a desk payment (a co-pay or on account); gives a receipt",
      Access::need(Permission::kPaymentCollect),
      [&ctx](const Request& req, const PathParams&) -> Result<Response> {
        auto key = idempotencyKey(req);
        if (!key) return key.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        auto payment = codecs::decodePayment(*body);
        if (!payment) return payment.error();
        if (!payment->patientId.valid() && !payment->appointmentId.valid()) {
          return Error::invalidField("patient_id", "is required (or appointment_id)");
        }
        // How the money reaches the patient's lines: `allocate` oldest_first or none, or
        // `allocations` by hand ([{line_id, amount_cents}]).
        sch::PaymentPosting posting;
        if (auto a = body->find("allocate"); a != body->end() && !a->is_null()) {
          posting.mode = a->is_string() ? app::billing::parseAllocationMode(a->get<std::string>())
                                        : std::nullopt;
          if (!posting.mode) return Error::invalidField("allocate", "must be oldest_first or none");
        }
        {
          domain::FieldErrors e;
          for (const auto& a : codecs::decodeAllocations(*body, e)) {
            posting.manual.push_back({a.line, a.amount, a.payment});
          }
          if (!e.empty()) return e.toError();
        }
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        // With an Idempotency-Key, a retried payment answers the first receipt instead of
        // taking the money twice.
        return createOnce<domain::Payment>(
            ctx, req, *key, true,
            [&](Repositories& r) -> Result<domain::Payment> {
              auto p = sch::collectPayment(r, now, who.organizationId, *payment, who.userId.value,
                                           posting);
              if (!p) return p.error();
              if (p->locationId.valid() && !who.mayUseLocation(p->locationId, now)) {
                return Error::forbidden(kLimited);
              }
              audit(r, ctx, req, domain::AuditAction::kCreate, "payment", paymentText(*p),
                    p->patientId);
              return p;
            },
            [](const domain::Payment& p) {
              auto res = jsonResponse(201, codecs::toJson(p), true);
              res.header("Location", "/api/v1/payments/" + std::to_string(p.id.value));
              return res;
            });
      });

  router.add(
      "GET", "/api/v1/payments/{id}", "A desk payment and its receipt number",
      Access::need(Permission::kPatientRead),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        const domain::Principal& who = caller(req);
        auto found = app::writeValue<domain::Payment>(
            ctx.uow, [&](Repositories& r) -> Result<domain::Payment> {
              auto p = r.payments().get(who.organizationId, domain::PaymentId(*id));
              if (!p) return Error::notFound("payment not found");
              if (p->locationId.valid() && !who.mayUseLocation(p->locationId, ctx.clock.now())) {
                return Error::forbidden(kLimited);
              }
              audit(r, ctx, req, domain::AuditAction::kRead, "payment", paymentText(*p),
                    p->patientId);
              return *p;
            });
        if (!found) return found.error();
        return jsonResponse(200, codecs::toJson(*found), true);
      });

  router.add("GET", "/api/v1/payments", "Desk payments of a patient or an appointment",
             Access::need(Permission::kPatientRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               const domain::PatientId patient(queryId(q, e, "patient_id"));
               const domain::AppointmentId appointment(queryId(q, e, "appointment_id"));
               const int limit = q.integer("limit", 1, 500, 100);
               q.finish();
               if (e.empty() && !patient.valid() && !appointment.valid()) {
                 e.add("patient_id", "is required (or appointment_id)");
               }
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               auto found = app::writeValue<std::vector<domain::Payment>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::Payment>> {
                     auto list = r.payments().list(who.organizationId, patient, appointment, limit);
                     std::erase_if(list, [&](const domain::Payment& p) {
                       return p.locationId.valid() &&
                              !who.mayUseLocation(p.locationId, ctx.clock.now());
                     });
                     audit(r, ctx, req, domain::AuditAction::kRead, "payment",
                           "list " + std::to_string(list.size()),
                           list.empty() ? patient : list.front().patientId);
                     return list;
                   });
               if (!found) return found.error();
               return jsonResponse(200, codecs::pageJson(allOf(std::move(*found))), true);
             });

  // ---- waitlist --------------------------------------------------------------------------
  router.add("POST", "/api/v1/waitlist", "Put a patient on the waitlist for an (earlier) slot",
             Access::need(Permission::kScheduleWrite),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto body = jsonBody(req);
               if (!body) return body.error();
               auto entry = codecs::decodeWaitlistEntry(*body);
               if (!entry) return entry.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               if (entry->locationId.valid() && !who.mayUseLocation(entry->locationId, now)) {
                 return Error::forbidden(kLimited);
               }
               auto out = app::writeValue<domain::WaitlistEntry>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::WaitlistEntry> {
                     auto e = sch::addToWaitlist(r, now, who.organizationId, *entry);
                     if (!e) return e.error();
                     audit(r, ctx, req, domain::AuditAction::kCreate, "waitlist_entry",
                           std::to_string(e->id.value), e->patientId);
                     return e;
                   });
               if (!out) return out.error();
               auto res =
                   withEtag(jsonResponse(201, codecs::toJson(*out), true), out->meta.version);
               res.header("Location", "/api/v1/waitlist/" + std::to_string(out->id.value));
               return res;
             });

  router.add("GET", "/api/v1/waitlist", "Who is waiting, most urgent first",
             Access::need(Permission::kScheduleRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               const domain::LocationId location(queryId(q, e, "location_id"));
               const auto status =
                   statusFilter(q, e, domain::WaitlistStatus::kWaiting, domain::parseWaitlistStatus,
                                "waiting, booked, removed");
               const int limit = q.integer("limit", 1, 1000, 200);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               if (location.valid() && !who.mayUseLocation(location, now)) {
                 return Error::forbidden(kLimited);
               }
               auto found = app::writeValue<std::vector<domain::WaitlistEntry>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::WaitlistEntry>> {
                     auto list = r.waitlist().entries(who.organizationId, location, status, limit);
                     std::erase_if(list, [&](const domain::WaitlistEntry& x) {
                       return !who.mayUseLocation(x.locationId, now);
                     });
                     audit(r, ctx, req, domain::AuditAction::kRead, "waitlist_entry",
                           "list " + std::to_string(list.size()));
                     return list;
                   });
               if (!found) return found.error();
               return jsonResponse(200, codecs::pageJson(allOf(std::move(*found))), true);
             });

  router.add(
      "GET", "/api/v1/waitlist/{id}", "One waitlist entry", Access::need(Permission::kScheduleRead),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        const domain::Principal& who = caller(req);
        auto found = app::writeValue<domain::WaitlistEntry>(
            ctx.uow, [&](Repositories& r) -> Result<domain::WaitlistEntry> {
              auto x = r.waitlist().getEntry(who.organizationId, domain::WaitlistEntryId(*id));
              if (!x) return Error::notFound("waitlist entry not found");
              if (!who.mayUseLocation(x->locationId, ctx.clock.now())) {
                return Error::forbidden(kLimited);
              }
              audit(r, ctx, req, domain::AuditAction::kRead, "waitlist_entry",
                    std::to_string(x->id.value), x->patientId);
              return *x;
            });
        if (!found) return found.error();
        return withEtag(jsonResponse(200, codecs::toJson(*found), true), found->meta.version);
      });

  router.add("PATCH", "/api/v1/waitlist/{id}",
             "Change a waiting entry's constraints, priority or note (JSON merge patch, If-Match)",
             Access::need(Permission::kScheduleWrite),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto version = ifMatch(req);
               if (!version) return version.error();
               auto patch = jsonBody(req, true);
               if (!patch) return patch.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto out = app::writeValue<domain::WaitlistEntry>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::WaitlistEntry> {
                     auto current =
                         r.waitlist().getEntry(who.organizationId, domain::WaitlistEntryId(*id));
                     if (!current) return Error::notFound("waitlist entry not found");
                     if (!who.mayUseLocation(current->locationId, now))
                       return Error::forbidden(kLimited);
                     auto doc = codecs::encode(*current);
                     codecs::mergePatch(doc, *patch);
                     auto next = codecs::decodeWaitlistEntry(doc);
                     if (!next) return next.error();
                     next->id = current->id;
                     if (!who.mayUseLocation(next->locationId, now))
                       return Error::forbidden(kLimited);
                     auto updated =
                         sch::updateWaitlistEntry(r, now, who.organizationId, *next,
                                                  version->value_or(current->meta.version));
                     if (!updated) return updated.error();
                     audit(r, ctx, req, domain::AuditAction::kUpdate, "waitlist_entry",
                           std::to_string(updated->id.value), updated->patientId);
                     return updated;
                   });
               if (!out) return out.error();
               return withEtag(jsonResponse(200, codecs::toJson(*out), true), out->meta.version);
             });

  router.add(
      "POST", "/api/v1/waitlist/{id}/remove", "Take a patient off the waitlist",
      Access::need(Permission::kScheduleWrite),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        if (auto b = noBody(req); !b.ok()) return b.error();
        auto version = optionalIfMatch(req);
        if (!version) return version.error();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        auto out = app::writeValue<domain::WaitlistEntry>(
            ctx.uow, [&](Repositories& r) -> Result<domain::WaitlistEntry> {
              auto x = r.waitlist().getEntry(who.organizationId, domain::WaitlistEntryId(*id));
              if (!x) return Error::notFound("waitlist entry not found");
              if (!who.mayUseLocation(x->locationId, now)) return Error::forbidden(kLimited);
              if (x->status != domain::WaitlistStatus::kWaiting) {
                return Error::conflict("The entry is " + std::string(domain::toString(x->status)) +
                                       ", not waiting.");
              }
              x->status = domain::WaitlistStatus::kRemoved;
              auto stored = r.waitlist().updateEntry(*x, version->value_or(x->meta.version), now);
              if (!stored) return stored.error();
              for (auto o : r.waitlist().offers(who.organizationId, {}, domain::OfferStatus::kOpen,
                                                x->id, Instant(), 1000)) {
                o.status = domain::OfferStatus::kTaken;
                (void)r.waitlist().updateOffer(o, o.meta.version, now);
              }
              audit(r, ctx, req, domain::AuditAction::kUpdate, "waitlist_entry",
                    std::to_string(x->id.value) + " removed", x->patientId);
              return stored;
            });
        if (!out) return out.error();
        return withEtag(jsonResponse(200, codecs::toJson(*out), true), out->meta.version);
      });

  router.add("GET", "/api/v1/waitlist-offers", "Freed slots offered to waiting patients",
             Access::need(Permission::kScheduleRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               domain::FieldErrors e;
               QueryReader q(req, e);
               const domain::LocationId location(queryId(q, e, "location_id"));
               const domain::WaitlistEntryId entry(queryId(q, e, "entry_id"));
               // Offers for slots already past are history: from now unless asked otherwise.
               const Instant from = queryInstant(q, e, "from", ctx.clock.now());
               const auto status =
                   statusFilter(q, e, domain::OfferStatus::kOpen, domain::parseOfferStatus,
                                "open, booked, declined, taken");
               const int limit = q.integer("limit", 1, 1000, 200);
               q.finish();
               if (!e.empty()) return e.toError();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               if (location.valid() && !who.mayUseLocation(location, now)) {
                 return Error::forbidden(kLimited);
               }
               auto found = app::writeValue<std::vector<domain::WaitlistOffer>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<domain::WaitlistOffer>> {
                     auto list = r.waitlist().offers(who.organizationId, location, status, entry,
                                                     from, limit);
                     std::erase_if(list, [&](const domain::WaitlistOffer& o) {
                       return !who.mayUseLocation(o.locationId, now);
                     });
                     audit(r, ctx, req, domain::AuditAction::kRead, "waitlist_offer",
                           "list " + std::to_string(list.size()));
                     return list;
                   });
               if (!found) return found.error();
               return jsonResponse(200, codecs::pageJson(allOf(std::move(*found))), true);
             });

  router.add("POST", "/api/v1/waitlist-offers/{id}/book",
             "Book an offered slot in one action (moves the patient's visit or books a new one)",
             Access::need(Permission::kScheduleWrite),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               if (auto b = noBody(req); !b.ok()) return b.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto out = app::writeValue<domain::Appointment>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::Appointment> {
                     auto o =
                         r.waitlist().getOffer(who.organizationId, domain::WaitlistOfferId(*id));
                     if (!o) return Error::notFound("waitlist offer not found");
                     if (!who.mayUseLocation(o->locationId, now)) return Error::forbidden(kLimited);
                     auto a = sch::bookOffer(r, ctx.zones, now, who.organizationId, o->id,
                                             who.userId.value);
                     if (!a) return a.error();
                     audit(r, ctx, req, domain::AuditAction::kUpdate, "appointment",
                           std::to_string(a->id.value) + " booked from waitlist offer " +
                               std::to_string(o->id.value),
                           a->patientId);
                     // A waiting visit moved earlier keeps its id (S13); otherwise a new one (S12).
                     publishSiu(r, ctx,
                                a->meta.version > 1 ? codecs::hl7v2::SiuEvent::kS13
                                                    : codecs::hl7v2::SiuEvent::kS12,
                                *a);
                     return a;
                   });
               if (!out) return out.error();
               return withEtag(jsonResponse(200, codecs::toJson(*out), true), out->meta.version);
             });

  router.add("POST", "/api/v1/waitlist-offers/{id}/decline",
             "The patient declined: the slot goes to the next waiting patient",
             Access::need(Permission::kScheduleWrite),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               if (auto b = noBody(req); !b.ok()) return b.error();
               const domain::Principal& who = caller(req);
               const Instant now = ctx.clock.now();
               auto out = app::writeValue<domain::WaitlistOffer>(
                   ctx.uow, [&](Repositories& r) -> Result<domain::WaitlistOffer> {
                     auto o =
                         r.waitlist().getOffer(who.organizationId, domain::WaitlistOfferId(*id));
                     if (!o) return Error::notFound("waitlist offer not found");
                     if (!who.mayUseLocation(o->locationId, now)) return Error::forbidden(kLimited);
                     auto d = sch::declineOffer(r, ctx.zones, now, who.organizationId, o->id);
                     if (!d) return d.error();
                     audit(r, ctx, req, domain::AuditAction::kUpdate, "waitlist_offer",
                           std::to_string(d->id.value) + " declined", d->patientId);
                     return d;
                   });
               if (!out) return out.error();
               return jsonResponse(200, codecs::toJson(*out), true);
             });
}

}  // namespace medoffice::http
