// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/outbox_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

/// Messages for other systems (the transactional outbox) and providers' calendar feeds.
class SqlOutbox final : public app::OutboxRepository {
 public:
  explicit SqlOutbox(SqlConnection& c) : c_(c) {}
  void enqueue(domain::OrganizationId org, const std::string& channel, const std::string& kind,
               const std::string& payload, domain::Instant now) override;
  std::vector<app::OutboxMessage> pending(const std::string& channel, int limit) override;
  void markSent(std::int64_t id, domain::Instant now) override;

 private:
  SqlConnection& c_;
};

class SqlCalendarFeeds final : public app::CalendarFeedRepository {
 public:
  explicit SqlCalendarFeeds(SqlConnection& c) : c_(c) {}
  std::int64_t insert(domain::OrganizationId org, domain::ProviderId provider,
                      const std::string& tokenHash, domain::Instant now) override;
  std::optional<app::CalendarFeed> findByHash(const std::string& tokenHash) override;
  std::int64_t revokeAll(domain::OrganizationId org, domain::ProviderId provider,
                         domain::Instant now) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
