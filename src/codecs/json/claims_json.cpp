// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/claims_json.hpp"

#include "codecs/json/record_json.hpp"

namespace medoffice::codecs {

using domain::FieldErrors;
using nlohmann::json;

domain::Result<domain::claims::Clearinghouse> decodeClearinghouse(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"active"});
  domain::claims::Clearinghouse c;
  c.name = r.str("name");
  c.submitterId = r.str("submitter_id");
  if (r.has("submitter_qualifier")) c.submitterQualifier = r.str("submitter_qualifier");
  c.receiverId = r.str("receiver_id");
  if (r.has("receiver_qualifier")) c.receiverQualifier = r.str("receiver_qualifier");
  c.receiverName = r.str("receiver_name");
  c.applicationSender = r.str("application_sender");
  c.applicationReceiver = r.str("application_receiver");
  c.production = r.boolean("production", false);
  c.contactName = r.str("contact_name");
  c.contactPhone = r.str("contact_phone");
  c.contactEmail = r.str("contact_email");
  const std::string transport = r.has("transport") ? r.str("transport") : "file_drop";
  if (transport == "sftp") {
    c.transport = domain::claims::TransportKind::kSftp;
  } else if (transport != "file_drop") {
    e.add("transport", "must be file_drop or sftp");
  }
  c.outbox = r.str("outbox");
  c.inbox = r.str("inbox");
  c.archive = r.str("archive");
  c.sftpHost = r.str("sftp_host");
  if (auto p = r.integer("sftp_port", 1, 65535)) c.sftpPort = static_cast<int>(*p);
  c.sftpUser = r.str("sftp_user");
  c.sftpKeyFile = r.str("sftp_key_file");
  c.sftpKnownHosts = r.str("sftp_known_hosts");
  r.finish();
  if (e.empty()) e.append(domain::claims::validate(c));
  if (!e.empty()) return e.toError();
  return c;
}

void write(JsonWriter& w, const domain::claims::Clearinghouse& c) {
  w.beginObject()
      .member("id", c.id.value)
      .member("organization_id", c.organizationId.value)
      .member("name", c.name)
      .member("submitter_id", c.submitterId)
      .member("submitter_qualifier", c.submitterQualifier)
      .member("receiver_id", c.receiverId)
      .member("receiver_qualifier", c.receiverQualifier)
      .member("receiver_name", c.receiverName)
      .member("application_sender", c.applicationSender)
      .member("application_receiver", c.applicationReceiver)
      .member("production", c.production)
      .member("contact_name", c.contactName)
      .member("contact_phone", c.contactPhone)
      .member("contact_email", c.contactEmail)
      .member("transport", std::string(domain::claims::toString(c.transport)))
      .member("outbox", c.outbox)
      .member("inbox", c.inbox)
      .member("archive", c.archive)
      .member("sftp_host", c.sftpHost)
      .member("sftp_port", c.sftpPort)
      .member("sftp_user", c.sftpUser)
      .member("sftp_key_file", c.sftpKeyFile)
      .member("sftp_known_hosts", c.sftpKnownHosts)
      .member("active", c.active);
  writeMeta(w, c.meta);
  w.endObject();
}

domain::Result<app::claims::ClaimEdits> decodeClaimEdits(const json& j,
                                                         std::initializer_list<const char*> more) {
  FieldErrors e;
  ObjectReader r(j, e);
  r.ignore(more);
  app::claims::ClaimEdits out;
  if (r.has("prior_authorization")) {
    out.priorAuthorization = r.str("prior_authorization");
    if (out.priorAuthorization->size() > 50) e.add("prior_authorization", "is longer than 50");
  }
  if (r.has("referral_number")) {
    out.referralNumber = r.str("referral_number");
    if (out.referralNumber->size() > 50) e.add("referral_number", "is longer than 50");
  }
  if (r.has("referring_provider_id")) {
    const json* v = j.is_object() && j.contains("referring_provider_id")
                        ? &j.at("referring_provider_id")
                        : nullptr;
    if (v != nullptr && v->is_null()) {
      r.ignore({"referring_provider_id"});
      out.referringProviderId = domain::ProviderId();
    } else if (auto id = r.integer("referring_provider_id", 1, INT64_MAX)) {
      out.referringProviderId = domain::ProviderId(*id);
    }
  }
  if (r.has("onset_date")) {
    const json* v = j.is_object() && j.contains("onset_date") ? &j.at("onset_date") : nullptr;
    if (v != nullptr && v->is_null()) {
      r.ignore({"onset_date"});
      out.onsetDate = std::optional<domain::Date>();
    } else {
      out.onsetDate = r.date("onset_date");
    }
  }
  return finish(r, e, std::move(out));
}

void write(JsonWriter& w, const domain::claims::Finding& f) {
  w.beginObject()
      .member("severity", std::string(domain::claims::toString(f.severity)))
      .member("rule", f.rule)
      .member("field", f.field)
      .member("message", f.message);
  if (!f.segment.empty()) w.member("segment", f.segment);
  w.endObject();
}

void writeClaim(JsonWriter& w, const app::ClaimRecord& c, bool withContent,
                const std::vector<app::ClaimHistoryEntry>* history) {
  w.beginObject()
      .member("id", c.id.value)
      .member("organization_id", c.organizationId.value)
      .member("encounter_id", c.encounterId.value)
      .member("patient_id", c.patientId.value)
      .member("coverage_id", c.coverageId.value)
      .member("payer_id", c.payerId.value)
      .member("responsibility", std::string(c.responsibility == 1   ? "primary"
                                            : c.responsibility == 2 ? "secondary"
                                                                    : "tertiary"))
      .member("patient_control_number", c.patientControlNumber)
      .member("state", std::string(domain::claims::toString(c.state)))
      .member(
          "frequency",
          std::string(c.frequency == domain::claims::ClaimFrequency::kOriginal      ? "original"
                      : c.frequency == domain::claims::ClaimFrequency::kReplacement ? "replacement"
                                                                                    : "void"));
  w.key("replaces_claim_id");
  if (c.replaces.valid()) {
    w.value(c.replaces.value);
  } else {
    w.null();
  }
  w.key("payer_claim_number").optional(c.payerClaimNumber);
  w.key("prior_authorization").optional(c.priorAuthorization);
  w.key("referral_number").optional(c.referralNumber);
  w.key("referring_provider_id");
  if (c.referringProviderId.valid()) {
    w.value(c.referringProviderId.value);
  } else {
    w.null();
  }
  w.key("onset_date");
  if (c.onsetDate) {
    w.value(c.onsetDate->toString());
  } else {
    w.null();
  }
  w.member("service_date", c.serviceDate.toString())
      .member("total_cents", c.total.cents())
      .member("errors", c.errors)
      .member("warnings", c.warnings);
  w.key("scrubbed_at");
  if (c.scrubbedAt) {
    w.value(c.scrubbedAt->toString());
  } else {
    w.null();
  }
  w.key("batch_id");
  if (c.batchId.valid()) {
    w.value(c.batchId.value);
  } else {
    w.null();
  }
  w.key("status_note").optional(c.statusNote);
  // Only the work list reads the name (GET /api/v1/claims); a single claim has it in its content.
  if (!c.patientName.empty()) w.member("patient_name", c.patientName);
  w.key("findings").beginArray();
  for (const auto& f : c.findings) write(w, f);
  w.endArray();
  if (withContent && !c.content.empty()) w.key("claim").raw(c.content);
  if (history != nullptr) {
    w.key("history").beginArray();
    for (const auto& h : *history) {
      w.beginObject().member("at", h.at.toString());
      w.key("from");
      if (h.from) {
        w.value(std::string(domain::claims::toString(*h.from)));
      } else {
        w.null();
      }
      w.member("to", std::string(domain::claims::toString(h.to)));
      w.key("user_id");
      if (h.userId > 0) {
        w.value(h.userId);
      } else {
        w.null();
      }
      w.member("note", h.note).endObject();
    }
    w.endArray();
  }
  writeMeta(w, c.meta);
  w.endObject();
}

void write(JsonWriter& w, const app::ClaimBatch& b) {
  w.beginObject()
      .member("id", b.id.value)
      .member("organization_id", b.organizationId.value)
      .member("clearinghouse_id", b.clearinghouseId.value)
      .member("state", b.state)
      .member("file_name", b.fileName)
      .member("claims", b.claims)
      .member("total_cents", b.total.cents())
      .member("segments", static_cast<std::int64_t>(b.segments))
      .member("production", b.production)
      .member("batch_reference", b.batchReference)
      .member("interchange_control", static_cast<std::int64_t>(b.interchangeControl))
      .member("group_control", static_cast<std::int64_t>(b.groupControl))
      .member("transaction_control", static_cast<std::int64_t>(b.transactionControl));
  w.key("sent_at");
  if (b.sentAt) {
    w.value(b.sentAt->toString());
  } else {
    w.null();
  }
  w.key("send_reference").optional(b.sendReference);
  w.key("send_error").optional(b.sendError);
  writeMeta(w, b.meta);
  w.endObject();
}

void write(JsonWriter& w, const app::claims::AckOutcome& a) {
  w.beginObject()
      .member("acknowledgement_id", a.acknowledgementId)
      .member("kind", a.kind)
      .member("duplicate", a.duplicate);
  w.key("batch_id");
  if (a.batchId.valid()) {
    w.value(a.batchId.value);
  } else {
    w.null();
  }
  w.key("claims").beginArray();
  for (const auto& c : a.changes) {
    w.beginObject()
        .member("claim_id", c.claimId.value)
        .member("patient_control_number", c.patientControlNumber)
        .member("from", c.from)
        .member("to", c.to)
        .member("changed", c.from != c.to)
        .member("reason", c.reason);
    w.key("errors").beginArray();
    for (const auto& f : c.errors) write(w, f);
    w.endArray().endObject();
  }
  w.endArray();
  w.key("unmatched").beginArray();
  for (const auto& u : a.unmatched) w.value(u);
  w.endArray().endObject();
}

}  // namespace medoffice::codecs
