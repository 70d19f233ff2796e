// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/routes/billing_route_support.hpp"

#include <set>

#include "codecs/json/billing_json.hpp"

namespace medoffice::http::billing_routes {

using domain::Error;
using domain::Instant;
using domain::Result;

domain::Status mayTouch(Repositories& r, const domain::Principal& who, Instant now,
                        const std::vector<domain::LedgerEntry>& entries) {
  if (who.locationIds.empty()) return {};
  std::set<std::int64_t> encounters;
  std::set<std::int64_t> payments;
  for (const auto& x : entries) {
    if (x.encounterId.valid() && encounters.insert(x.encounterId.value).second) {
      auto e = r.encounters().get(who.organizationId, x.encounterId);
      if (e && !who.mayUseLocation(e->locationId, now)) return Error::forbidden(kLimited);
    }
    if (x.paymentId.valid() && payments.insert(x.paymentId.value).second) {
      auto p = r.payments().get(who.organizationId, x.paymentId);
      if (p && p->locationId.valid() && !who.mayUseLocation(p->locationId, now)) {
        return Error::forbidden(kLimited);
      }
    }
  }
  return {};
}

void writeEntries(codecs::JsonWriter& w, const std::vector<domain::LedgerEntry>& entries) {
  w.key("entries").beginArray();
  for (const auto& e : entries) codecs::write(w, e);
  w.endArray();
}

std::string entriesText(const std::vector<domain::LedgerEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    if (!out.empty()) out += ",";
    out += std::to_string(e.id.value);
  }
  return out;
}

app::PageRequest pageOf(QueryReader& q) {
  app::PageRequest page;
  page.cursor = q.get("cursor").value_or("");
  page.limit = q.integer("limit", 1, 200, 50);
  return page;
}

domain::Status wholePractice(const domain::Principal& who, domain::Instant now) {
  if (who.locationIds.empty() || who.breakingGlass(now)) return {};
  return domain::Error::forbidden(
      "Your account is limited to some locations; this covers the whole practice.");
}

}  // namespace medoffice::http::billing_routes
