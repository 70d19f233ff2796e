// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The REST JSON of the denials work queue (issue 17, point 5).

#include <string>

#include <nlohmann/json.hpp>

#include "app/denials/denials.hpp"
#include "codecs/json/json_writer.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs {

/// One denial as the queue shows it:
/// `{"id", "state", "resolution", "group", "carc", "rarc": [..], "payer_id", "payer_name",
///   "age_days", "age_bucket", "suggested_action", "explanation", "suggestion_rule", "due_on",
///   "due_on_set", "amount_cents", "still_owed_cents", "denied_on", "responsibility",
///   "patient_id", "patient": {"id", "family_name", "given_name"}, "claim_id",
///   "claim": {"id", "patient_control_number", "state"}, "line_id",
///   "line": {"id", "procedure_code", "modifiers", "charge_cents"} | null, "service_date",
///   "remittance_id", "remittance_claim_id", "assigned_to", "resolved_at", "resolved_by",
///   "version", "created_at", "updated_at"}`, and `"notes": [...]` when `notes` is given.
void writeDenial(JsonWriter& w, const app::denials::QueueEntry& e,
                 const std::vector<app::DenialNote>* notes = nullptr);

/// `{"id", "denial_id", "author_id", "author_name", "body", "created_at"}`.
void writeDenialNote(JsonWriter& w, const app::DenialNote& n);

/// `[{"key", "count", "amount_cents", ...}]`: by reason also `group`, `carc`, `rarc`; by payer
/// `payer_id`, `payer_name`; by age `age_bucket`.
void writeDenialGroups(JsonWriter& w, const std::vector<app::denials::QueueGroup>& groups,
                       app::denials::GroupBy by);

/// A PATCH body: `assigned_to` (a user id, or null to unassign) and `due_on` (YYYY-MM-DD, or
/// null for the rule's period); anything else is an error naming it, as are values of the wrong
/// form.
domain::Result<app::denials::DenialEdits> decodeDenialEdits(const nlohmann::json& body);

/// A resolve body: `action` (required: correct_and_resubmit, appeal, write_off, bill_patient)
/// and `note` (optional text). The version comes from If-Match, not from here.
domain::Result<app::denials::ResolveRequest> decodeResolveRequest(const nlohmann::json& body);

}  // namespace medoffice::codecs
