// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/eligibility/eligibility_json.hpp"

namespace medoffice::codecs {

namespace {

/// The stored summary is JSON this codec wrote; anything else (an empty string) is null.
void summary(JsonWriter& w, const std::string& json) {
  w.key("summary");
  if (json.size() >= 2 && json.front() == '{' && json.back() == '}') {
    w.raw(json);
  } else {
    w.null();
  }
}

}  // namespace

void writeCheck(JsonWriter& w, const app::EligibilityCheck& c, bool cached) {
  w.beginObject()
      .member("id", c.id.value)
      .member("coverage_id", c.coverageId.value)
      .member("patient_id", c.patientId.value)
      .member("payer_id", c.payerId.value);
  optionalId(w, "clearinghouse_id", c.clearinghouseId.value);
  w.member("service_date", c.serviceDate.toString())
      .member("service_type", c.serviceType)
      .member("state", app::toString(c.state));
  w.key("reason").optional(c.reason);
  w.member("cached", cached)
      .member("checked_at", c.checkedAt.toString())
      .member("elapsed_ms", c.elapsedMs);
  w.key("trace_number").optional(c.traceNumber);
  optionalId(w, "interchange_control", c.interchangeControl);
  summary(w, c.summary);
  w.endObject();
}

void writeBatchReport(JsonWriter& w, const app::eligibility::BatchReport& r) {
  w.beginObject().key("dates").beginArray();
  for (const auto& d : r.dates) w.value(d.toString());
  w.endArray().member("appointments", r.appointments).member("elapsed_ms", r.elapsedMs);
  w.key("counts").beginObject();
  for (auto s : {app::EligibilityState::kActive, app::EligibilityState::kInactive,
                 app::EligibilityState::kRejected, app::EligibilityState::kFailed,
                 app::EligibilityState::kTimedOut}) {
    w.member(app::toString(s), r.counts[static_cast<int>(s)]);
  }
  w.endObject().key("items").beginArray();
  for (const auto& it : r.items) {
    w.beginObject()
        .member("coverage_id", it.coverage.value)
        .member("patient_id", it.patient.value)
        .member("service_date", it.serviceDate.toString())
        .member("state", app::toString(it.state));
    w.key("reason").optional(it.reason);
    w.member("cached", it.cached);
    optionalId(w, "check_id", it.checkId.value);
    w.member("elapsed_ms", it.elapsedMs);
    summary(w, it.summary);
    w.endObject();
  }
  w.endArray().endObject();
}

void writeSettings(JsonWriter& w, domain::ClearinghouseId id,
                   const domain::claims::RealtimeEligibility& s) {
  w.beginObject()
      .member("clearinghouse_id", id.value)
      .member("url", s.url)
      .member("connect_timeout_ms", s.connectTimeoutMs)
      .member("timeout_ms", s.timeoutMs)
      .member("version", s.meta.version);
  w.key("updated_at");
  if (s.meta.version > 0) {
    w.value(s.meta.updatedAt.toString());
  } else {
    w.null();
  }
  w.endObject();
}

}  // namespace medoffice::codecs
