// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "domain/practice/practice.hpp"
#include "domain/scheduling/scheduling.hpp"
#include "storage/sql/sql.hpp"

namespace medoffice::storage {

/// A practice's reference data as of one version of `reference_versions`: its locations,
/// providers (with their locations), appointment types, rooms and active availability rules,
/// archived records included (the use cases decide what archived means). Immutable once built.
struct ReferenceSnapshot {
  std::int64_t version = 0;
  std::unordered_map<std::int64_t, domain::Location> locations;
  std::unordered_map<std::int64_t, domain::Provider> providers;
  std::unordered_map<std::int64_t, domain::AppointmentType> types;
  std::unordered_map<std::int64_t, domain::Room> rooms;
  std::unordered_map<std::int64_t, std::vector<domain::AvailabilityRule>>
      activeRules;  ///< by provider

  template <class T>
  static std::optional<T> find(const std::unordered_map<std::int64_t, T>& m, std::int64_t id) {
    auto it = m.find(id);
    if (it == m.end()) return std::nullopt;
    return it->second;
  }
};

/// The reference snapshots this process has read, one per organization. A transaction reads the
/// current version (`versionStatement`) with its other reads and uses the snapshot only when it
/// carries exactly that version. Any change to the reference tables gives the version a value
/// it never had (database triggers: a sequence on PostgreSQL, a random number on SQLite), so a
/// snapshot is never used after a change another process made, nor after one that rolled back.
/// Thread-safe.
class ReferenceCache {
 public:
  /// The statement that reads an organization's version (no row: version 0).
  static SqlStatement versionStatement(domain::OrganizationId org);
  static std::int64_t versionOf(const Rows& rows);

  /// The cached snapshot of `org` if it is at `version`, else one read now on `c` and kept.
  std::shared_ptr<const ReferenceSnapshot> at(SqlConnection& c, domain::OrganizationId org,
                                              std::int64_t version);

 private:
  static std::shared_ptr<const ReferenceSnapshot> load(SqlConnection& c,
                                                       domain::OrganizationId org);

  std::mutex m_;
  std::unordered_map<std::int64_t, std::shared_ptr<const ReferenceSnapshot>> byOrganization_;
};

}  // namespace medoffice::storage
