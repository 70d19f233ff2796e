// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/scheduling_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::AppointmentType>& appointmentTypeTable();
const Table<domain::Room>& roomTable();
const Table<domain::AvailabilityRule>& ruleTable();
const Table<domain::ScheduleBlock>& blockTable();

/// The statements of rules() (active only) and blocks(), for reading them with other records.
SqlStatement activeRulesStatement(domain::OrganizationId org, domain::ProviderId provider);
SqlStatement blocksStatement(domain::OrganizationId org, domain::ProviderId provider,
                             domain::LocationId location, domain::Interval during);

/// The schedule set-up: appointment types, rooms, availability rules, blocks.
class SqlScheduling final : public app::SchedulingRepository {
 public:
  explicit SqlScheduling(SqlConnection& c) : c_(c) {}
  Result<domain::AppointmentType> insertType(const domain::AppointmentType& t,
                                             domain::Instant now) override;
  Result<domain::AppointmentType> updateType(const domain::AppointmentType& t,
                                             std::int64_t expected, domain::Instant now) override;
  std::optional<domain::AppointmentType> getType(domain::OrganizationId org,
                                                 domain::AppointmentTypeId id) override;
  Result<app::Page<domain::AppointmentType>> listTypes(domain::OrganizationId org,
                                                       const app::PageRequest& page) override;
  Result<domain::Room> insertRoom(const domain::Room& room, domain::Instant now) override;
  Result<domain::Room> updateRoom(const domain::Room& room, std::int64_t expected,
                                  domain::Instant now) override;
  std::optional<domain::Room> getRoom(domain::OrganizationId org, domain::RoomId id) override;
  std::vector<domain::Room> rooms(domain::OrganizationId org, domain::LocationId location,
                                  bool includeInactive) override;
  Result<domain::AvailabilityRule> insertRule(const domain::AvailabilityRule& rule,
                                              domain::Instant now) override;
  Result<domain::AvailabilityRule> updateRule(const domain::AvailabilityRule& rule,
                                              std::int64_t expected, domain::Instant now) override;
  std::optional<domain::AvailabilityRule> getRule(domain::OrganizationId org,
                                                  domain::AvailabilityRuleId id) override;
  std::vector<domain::AvailabilityRule> rules(domain::OrganizationId org,
                                              domain::ProviderId provider,
                                              bool includeInactive) override;
  Result<domain::ScheduleBlock> insertBlock(const domain::ScheduleBlock& block,
                                            domain::Instant now) override;
  std::optional<domain::ScheduleBlock> getBlock(domain::OrganizationId org,
                                                domain::ScheduleBlockId id) override;
  bool deleteBlock(domain::OrganizationId org, domain::ScheduleBlockId id) override;
  std::vector<domain::ScheduleBlock> blocks(domain::OrganizationId org, domain::ProviderId provider,
                                            domain::LocationId location,
                                            domain::Interval during) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
