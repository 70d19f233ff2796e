// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/denials/denial_json.hpp"

#include <cstdint>

#include "codecs/json/json_reader.hpp"

namespace medoffice::codecs {

namespace {

std::string_view placeName(int responsibility) {
  switch (responsibility) {
    case 1:
      return "primary";
    case 2:
      return "secondary";
    case 3:
      return "tertiary";
    default:
      return "unknown";
  }
}

}  // namespace

void writeDenial(JsonWriter& w, const app::denials::QueueEntry& e,
                 const std::vector<app::DenialNote>* notes) {
  const app::DenialItem& it = e.item;
  const domain::Denial& d = it.denial;
  w.beginObject();
  w.member("id", d.id.value);
  w.member("state", domain::toString(d.state));
  w.key("resolution").optional(domain::toString(d.resolution));
  w.member("group", d.group);
  w.member("carc", d.carc);
  w.key("rarc").beginArray();
  for (const auto& code : d.rarcs) w.value(code);
  w.endArray();
  w.member("payer_id", d.payerId.value);
  w.member("payer_name", it.payerName);
  w.member("age_days", e.ageDays);
  w.member("age_bucket", domain::toString(e.bucket));
  w.member("suggested_action", domain::toString(e.suggestion.action));
  w.member("explanation", e.suggestion.explanation);
  w.member("suggestion_rule", e.suggestion.ruleId);
  w.member("due_on", e.suggestion.dueOn.toString());
  w.member("due_on_set", d.dueOn.has_value());
  w.member("amount_cents", d.amount.cents());
  w.member("still_owed_cents", it.stillOwed.cents());
  w.member("denied_on", d.deniedOn.toString());
  w.member("responsibility", placeName(d.responsibility));
  w.member("patient_id", d.patientId.value);
  w.key("patient").beginObject();
  w.member("id", d.patientId.value);
  w.member("family_name", it.patientFamilyName);
  w.member("given_name", it.patientGivenName);
  w.endObject();
  w.member("claim_id", d.claimId.value);
  w.key("claim").beginObject();
  w.member("id", d.claimId.value);
  w.member("patient_control_number", it.patientControlNumber);
  w.member("state", domain::claims::toString(it.claimState));
  w.endObject();
  optionalId(w, "line_id", d.lineId.value);
  w.key("line");
  if (d.lineId.valid()) {
    w.beginObject();
    w.member("id", d.lineId.value);
    w.member("procedure_code", it.procedureCode);
    w.key("modifiers").beginArray();
    for (const auto& m : it.modifiers) w.value(m);
    w.endArray();
    w.member("charge_cents", it.lineCharge.cents());
    w.endObject();
  } else {
    w.null();
  }
  w.member("service_date", it.serviceDate.toString());
  w.member("remittance_id", d.remittanceId.value);
  w.member("remittance_claim_id", d.remittanceClaimId.value);
  optionalId(w, "assigned_to", d.assignedTo.value);
  w.key("resolved_at");
  if (d.resolvedAt) {
    w.value(d.resolvedAt->toString());
  } else {
    w.null();
  }
  optionalId(w, "resolved_by", d.resolvedBy.value);
  w.member("version", d.meta.version);
  w.member("created_at", d.meta.createdAt.toString());
  w.member("updated_at", d.meta.updatedAt.toString());
  if (notes != nullptr) {
    w.key("notes").beginArray();
    for (const auto& n : *notes) writeDenialNote(w, n);
    w.endArray();
  }
  w.endObject();
}

void writeDenialNote(JsonWriter& w, const app::DenialNote& n) {
  w.beginObject();
  w.member("id", n.id.value);
  w.member("denial_id", n.denialId.value);
  w.member("author_id", n.author.value);
  w.member("author_name", n.authorName);
  w.member("body", n.body);
  w.member("created_at", n.createdAt.toString());
  w.endObject();
}

void writeDenialGroups(JsonWriter& w, const std::vector<app::denials::QueueGroup>& groups,
                       app::denials::GroupBy by) {
  using app::denials::GroupBy;
  w.beginArray();
  for (const auto& g : groups) {
    w.beginObject();
    w.member("key", g.key);
    if (by == GroupBy::kReason) {
      w.member("group", g.group);
      w.member("carc", g.carc);
      w.key("rarc").beginArray();
      for (const auto& code : g.rarcs) w.value(code);
      w.endArray();
    } else if (by == GroupBy::kPayer) {
      w.member("payer_id", g.payerId.value);
      w.member("payer_name", g.payerName);
    } else if (g.bucket) {
      w.member("age_bucket", domain::toString(*g.bucket));
    }
    w.member("count", g.count);
    w.member("amount_cents", g.amount.cents());
    w.endObject();
  }
  w.endArray();
}

domain::Result<app::denials::DenialEdits> decodeDenialEdits(const nlohmann::json& body) {
  domain::FieldErrors e;
  ObjectReader in(body, e);
  app::denials::DenialEdits out;
  if (body.contains("assigned_to")) {
    if (body["assigned_to"].is_null()) {
      in.ignore({"assigned_to"});
      out.assignedTo = domain::UserId();
    } else if (auto id = in.integer("assigned_to", 1, INT64_MAX)) {
      out.assignedTo = domain::UserId(*id);
    }
  }
  if (body.contains("due_on")) {
    if (body["due_on"].is_null()) {
      in.ignore({"due_on"});
      out.dueOn = std::optional<domain::Date>();
    } else if (auto d = in.date("due_on")) {
      out.dueOn = d;
    }
  }
  in.finish();
  if (!e.empty()) return e.toError();
  if (!out.assignedTo && !out.dueOn) {
    return domain::Error::invalidField("body", "must change assigned_to or due_on");
  }
  return out;
}

domain::Result<app::denials::ResolveRequest> decodeResolveRequest(const nlohmann::json& body) {
  domain::FieldErrors e;
  ObjectReader in(body, e);
  app::denials::ResolveRequest out;
  if (!in.has("action")) {
    in.ignore({"action"});
    e.add("action", "is required: correct_and_resubmit, appeal, write_off or bill_patient");
  } else {
    const std::string action = in.str("action");
    if (body["action"].is_string()) {
      if (auto a = domain::parseDenialAction(action)) {
        out.action = *a;
      } else {
        e.add("action", "must be correct_and_resubmit, appeal, write_off or bill_patient");
      }
    }
  }
  out.note = in.str("note");
  in.finish();
  if (!e.empty()) return e.toError();
  return out;
}

}  // namespace medoffice::codecs
