// SPDX-License-Identifier: AGPL-3.0-or-later
// The audit trail for managers and admins: search, CSV export, and the accounting of
// disclosures of one patient. Reading the trail is itself audited.

#include "http/routes/audit_routes.hpp"
#include "codecs/json/json_writer.hpp"

namespace medoffice::http {

using domain::AuditAction;
using domain::AuditEvent;
using domain::Error;
using domain::Result;

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

/// Reads the shared filters; `patientFixed` is set for the per-patient report.
Result<app::AuditQuery> readQuery(const Request& req, int maxLimit,
                                  domain::PatientId patientFixed) {
  domain::FieldErrors errors;
  QueryReader q(req, errors);
  app::AuditQuery out;
  out.organizationId = caller(req).organizationId;
  out.limit = q.integer("limit", 1, maxLimit, std::min(100, maxLimit));
  if (auto c = q.get("cursor")) {
    if (auto v = positiveInteger(*c)) {
      out.afterSeq = *v;
    } else {
      errors.add("cursor", "is not a cursor from this list");
    }
  }
  if (patientFixed.valid()) {
    out.patientId = patientFixed;
  } else if (auto p = q.get("patient_id")) {
    if (auto v = positiveInteger(*p)) {
      out.patientId = domain::PatientId(*v);
    } else {
      errors.add("patient_id", "must be a positive integer");
    }
  }
  if (auto u = q.get("user_id")) {
    if (auto v = positiveInteger(*u)) {
      out.userId = domain::UserId(*v);
    } else {
      errors.add("user_id", "must be a positive integer");
    }
  }
  if (auto a = q.get("action")) {
    out.action = domain::parseAuditAction(*a);
    if (!out.action) errors.add("action", "is not an audit action");
  }
  for (const char* name : {"from", "to"}) {
    if (auto d = q.get(name)) {
      auto date = domain::Date::parse(*d);
      if (!date) {
        errors.add(name, "must be a date YYYY-MM-DD (UTC)");
        continue;
      }
      auto at = domain::Instant::fromMicros(date->daysSinceEpoch() * kMicrosPerDay);
      if (std::string_view(name) == "from") {
        out.from = at;
      } else {
        out.to = domain::Instant::fromMicros(at.micros() + kMicrosPerDay);  // inclusive day
      }
    }
  }
  q.finish();
  if (!errors.empty()) return errors.toError();
  return out;
}

/// Runs the search and records that the trail was read, in one transaction.
Result<std::vector<AuditEvent>> search(ApiContext& ctx, const Request& req,
                                       const app::AuditQuery& q, AuditAction action,
                                       const std::string& what) {
  // PostgreSQL: link the events still pending first, so that the answer is complete up to now.
  (void)app::audit::seal(ctx.uow, ctx.security.secrets());
  return app::writeValue<std::vector<AuditEvent>>(
      ctx.uow, [&](Repositories& r) -> Result<std::vector<AuditEvent>> {
        if (q.patientId.valid() && !r.patients().get(q.organizationId, q.patientId)) {
          return Error::notFound("patient not found");
        }
        auto found = r.audit().search(q);
        audit(r, ctx, req, action, "audit_event", what, q.patientId);
        return found;
      });
}

void writeEvent(codecs::JsonWriter& w, const AuditEvent& e) {
  w.beginObject().member("seq", e.seq).member("at", e.at.toString()).key("user_id");
  if (e.userId.valid()) {
    w.value(e.userId.value);
  } else {
    w.null();
  }
  w.member("username", e.username)
      .member("ip", e.ip)
      .member("user_agent", e.userAgent)
      .member("action", domain::toString(e.action))
      .member("resource_type", e.resourceType)
      .member("resource_id", e.resourceId)
      .key("patient_id");
  if (e.patientId.valid()) {
    w.value(e.patientId.value);
  } else {
    w.null();
  }
  w.member("outcome", domain::toString(e.outcome))
      .member("reason", e.reason)
      .member("break_glass", e.breakGlass)
      .endObject();
}

std::string pageJson(std::vector<AuditEvent> events, int limit) {
  std::string next;
  if (static_cast<int>(events.size()) > limit) {
    events.resize(static_cast<std::size_t>(limit));
    next = std::to_string(events.back().seq);
  }
  codecs::JsonWriter w;
  w.beginObject().key("items").beginArray();
  for (const auto& e : events) writeEvent(w, e);
  w.endArray().key("next_cursor").optional(next).endObject();
  return w.take();
}

}  // namespace

std::string csvField(std::string_view v) {
  std::string s(v);
  // Spreadsheet formula injection: a cell starting with = + - @ (or a tab/CR) is text.
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    s.insert(s.begin(), '\'');
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void registerAuditRoutes(Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/audit-events",
             "Search the audit trail (patient_id, user_id, action, from, to)",
             Access::need(domain::Permission::kAuditRead),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto q = readQuery(req, 500, {});
               if (!q) return q.error();
               auto found = search(ctx, req, *q, AuditAction::kSearch, "audit search");
               if (!found) return found.error();
               return jsonResponse(200, pageJson(std::move(*found), q->limit), true);
             });

  router.add("GET", "/api/v1/audit-events.csv", "Export the audit trail as CSV (same filters)",
             Access::need(domain::Permission::kAuditExport),
             [&ctx](const Request& req, const PathParams&) -> Result<Response> {
               auto q = readQuery(req, 100000, {});
               if (!q) return q.error();
               auto found = search(ctx, req, *q, AuditAction::kExport, "audit CSV export");
               if (!found) return found.error();
               if (static_cast<int>(found->size()) > q->limit) {
                 found->resize(static_cast<std::size_t>(q->limit));
               }
               std::string csv =
                   "seq,at,user_id,username,ip,user_agent,action,resource_type,resource_id,"
                   "patient_id,outcome,reason,break_glass\r\n";
               for (const auto& e : *found) {
                 csv += std::to_string(e.seq) + "," + e.at.toString() + "," +
                        (e.userId.valid() ? std::to_string(e.userId.value) : "") + "," +
                        csvField(e.username) + "," + csvField(e.ip) + "," + csvField(e.userAgent) +
                        "," + std::string(domain::toString(e.action)) + "," +
                        csvField(e.resourceType) + "," + csvField(e.resourceId) + "," +
                        (e.patientId.valid() ? std::to_string(e.patientId.value) : "") + "," +
                        std::string(domain::toString(e.outcome)) + "," + csvField(e.reason) + "," +
                        (e.breakGlass ? "true" : "false") + "\r\n";
               }
               Response res;
               res.contentType = "text/csv; charset=utf-8";
               res.body = std::move(csv);
               res.phi = true;
               res.header("Content-Disposition", "attachment; filename=\"audit-events.csv\"");
               return res;
             });

  router.add("GET", "/api/v1/patients/{id}/disclosures",
             "Accounting of disclosures: every recorded access to one patient's record",
             Access::need(domain::Permission::kAuditRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               auto q = readQuery(req, 500, domain::PatientId(*id));
               if (!q) return q.error();
               auto found = search(ctx, req, *q, AuditAction::kRead, "accounting of disclosures");
               if (!found) return found.error();
               return jsonResponse(200, pageJson(std::move(*found), q->limit), true);
             });
}

}  // namespace medoffice::http
