// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Eligibility checks, their batch report and a clearinghouse's real-time settings as REST JSON.

#include "app/eligibility/eligibility.hpp"
#include "codecs/json/json_writer.hpp"

namespace medoffice::codecs {

/// One check: `id`, `coverage_id`, `patient_id`, `payer_id`, `clearinghouse_id` (null when
/// none), `service_date`, `service_type`, `state`, `reason` (null when empty), `cached`,
/// `checked_at`, `elapsed_ms`, `trace_number`, `interchange_control` (null when no 270 went
/// out), `summary` (the stored summary object, or null).
void writeCheck(JsonWriter& w, const app::EligibilityCheck& c, bool cached);

/// The batch report: `dates`, `appointments`, `elapsed_ms`, `counts` by state, and `items`
/// (one per coverage and day: `coverage_id`, `patient_id`, `service_date`, `state`, `reason`,
/// `cached`, `check_id`, `elapsed_ms`, `summary`).
void writeBatchReport(JsonWriter& w, const app::eligibility::BatchReport& r);

/// `url`, `connect_timeout_ms`, `timeout_ms`, `version`, `updated_at`.
void writeSettings(JsonWriter& w, domain::ClearinghouseId id,
                   const domain::claims::RealtimeEligibility& s);

}  // namespace medoffice::codecs
