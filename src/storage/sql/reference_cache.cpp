// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/reference_cache.hpp"

#include "storage/sql/registry_repository.hpp"
#include "storage/sql/scheduling_repository.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

SqlStatement ReferenceCache::versionStatement(domain::OrganizationId org) {
  return {"SELECT version FROM reference_versions WHERE organization_id = ?", {sqlInt(org.value)}};
}

std::int64_t ReferenceCache::versionOf(const Rows& rows) {
  return rows.empty() ? 0 : rows[0].i64(0);
}

std::shared_ptr<const ReferenceSnapshot> ReferenceCache::at(SqlConnection& c,
                                                            domain::OrganizationId org,
                                                            std::int64_t version) {
  {
    std::lock_guard lock(m_);
    if (auto it = byOrganization_.find(org.value);
        it != byOrganization_.end() && it->second->version == version) {
      return it->second;
    }
  }
  auto fresh = load(c, org);
  std::lock_guard lock(m_);
  byOrganization_[org.value] = fresh;
  return fresh;
}

std::shared_ptr<const ReferenceSnapshot> ReferenceCache::load(SqlConnection& c,
                                                              domain::OrganizationId org) {
  // The version first: everything read after it is at least that new (a change committed
  // meanwhile makes the snapshot newer than its version, and the next check reads it again).
  // A snapshot read inside a transaction that changed reference data and then rolled back
  // carries a version no committed change will ever have, so it is never used again.
  const Params byOrg{sqlInt(org.value)};
  static const std::string locations = locationTable().select("WHERE organization_id = ?");
  static const std::string providers = providerTable().select("WHERE organization_id = ?");
  static const std::string types = appointmentTypeTable().select("WHERE organization_id = ?");
  static const std::string rooms = roomTable().select("WHERE organization_id = ?");
  static const std::string rules =
      ruleTable().select("WHERE organization_id = ? AND active = 1 ORDER BY id");
  const auto rows = c.queryAll({versionStatement(org),
                                {locations, byOrg},
                                {providers, byOrg},
                                {"SELECT provider_id, location_id FROM provider_locations WHERE "
                                 "organization_id = ? ORDER BY provider_id, location_id",
                                 byOrg},
                                {types, byOrg},
                                {rooms, byOrg},
                                {rules, byOrg}});
  auto out = std::make_shared<ReferenceSnapshot>();
  out->version = versionOf(rows[0]);
  for (auto& l : locationTable().decodeAll(rows[1]))
    out->locations.emplace(l.id.value, std::move(l));
  for (auto& p : providerTable().decodeAll(rows[2]))
    out->providers.emplace(p.id.value, std::move(p));
  for (const auto& row : rows[3]) {
    if (auto it = out->providers.find(row.i64(0)); it != out->providers.end()) {
      it->second.locationIds.emplace_back(row.i64(1));
    }
  }
  for (auto& t : appointmentTypeTable().decodeAll(rows[4]))
    out->types.emplace(t.id.value, std::move(t));
  for (auto& r : roomTable().decodeAll(rows[5])) out->rooms.emplace(r.id.value, std::move(r));
  for (auto& rule : ruleTable().decodeAll(rows[6])) {
    out->activeRules[rule.providerId.value].push_back(std::move(rule));
  }
  return out;
}

}  // namespace medoffice::storage
