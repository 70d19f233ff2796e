// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <nlohmann/json.hpp>

#include "codecs/json/json_writer.hpp"
#include "domain/billing/fee_schedule.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs {

/// A fee schedule entry: `{"payer_id"?: id or null (the standard fees), "code", "modifier"?:
/// two letters or digits, or null/"" (none), "amount_cents", "effective_from", "effective_to"?:
/// date or null}`; read-only members of a GET (`id`, `version`, `active`...) are accepted and
/// ignored. Strict: wrong types and unknown members are errors naming the field; the domain
/// checks the values.
domain::Result<domain::FeeScheduleEntry> decodeFeeScheduleEntry(const nlohmann::json& j);
void write(JsonWriter& w, const domain::FeeScheduleEntry& e);

}  // namespace medoffice::codecs
