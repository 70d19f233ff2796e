// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/fee_schedule_json.hpp"

#include <cstdint>
#include <limits>

#include "codecs/json/record_json.hpp"

namespace medoffice::codecs {

domain::Result<domain::FeeScheduleEntry> decodeFeeScheduleEntry(const nlohmann::json& j) {
  domain::FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"active"});
  domain::FeeScheduleEntry out;
  if (auto v = r.integer("payer_id", 1, std::numeric_limits<std::int64_t>::max())) {
    out.payerId = domain::PayerId(*v);
  }
  out.code = r.str("code");
  out.modifier = r.str("modifier");
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  if (auto v = r.integer("amount_cents", kMin, kMax)) {
    out.amount = domain::Money::fromCents(*v);
  } else if (!r.has("amount_cents")) {
    e.add("amount_cents", "is required");
  }
  if (auto d = r.date("effective_from")) {
    out.effectiveFrom = *d;
  } else if (!r.has("effective_from")) {
    e.add("effective_from", "is required");
  }
  out.effectiveTo = r.date("effective_to");
  return finish(r, e, std::move(out));
}

void write(JsonWriter& w, const domain::FeeScheduleEntry& e) {
  w.beginObject()
      .member("id", e.id.value)
      .member("organization_id", e.organizationId.value)
      .key("payer_id");
  if (e.payerId.valid()) {
    w.value(e.payerId.value);
  } else {
    w.null();
  }
  w.member("code", e.code)
      .key("modifier")
      .optional(e.modifier)
      .member("amount_cents", e.amount.cents())
      .member("effective_from", e.effectiveFrom.toString())
      .key("effective_to");
  if (e.effectiveTo) {
    w.value(e.effectiveTo->toString());
  } else {
    w.null();
  }
  w.member("active", e.active);
  writeMeta(w, e.meta);
  w.endObject();
}

}  // namespace medoffice::codecs
