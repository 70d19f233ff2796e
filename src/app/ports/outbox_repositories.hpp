// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/common/time.hpp"

namespace medoffice::app {

/// A provider's iCalendar feed: reachable by a secret URL token of which only the SHA-256 is
/// stored.
struct CalendarFeed {
  std::int64_t id = 0;
  domain::OrganizationId organizationId;
  domain::ProviderId providerId;
  domain::Instant createdAt;
};

class CalendarFeedRepository {
 public:
  virtual ~CalendarFeedRepository() = default;
  virtual std::int64_t insert(domain::OrganizationId org, domain::ProviderId provider,
                              const std::string& tokenHash, domain::Instant now) = 0;
  /// The live (not revoked) feed with this token hash.
  virtual std::optional<CalendarFeed> findByHash(const std::string& tokenHash) = 0;
  /// Revokes every live feed of a provider; returns how many.
  virtual std::int64_t revokeAll(domain::OrganizationId org, domain::ProviderId provider,
                                 domain::Instant now) = 0;
};

/// A message for another system (an HL7 v2 SIU to the outbox folder), written in the transaction
/// of the change that caused it and delivered after that commits (transactional outbox).
struct OutboxMessage {
  std::int64_t id = 0;
  domain::OrganizationId organizationId;
  std::string channel;  ///< "hl7"
  std::string kind;     ///< "SIU_S12" ...
  std::string payload;
  domain::Instant createdAt;
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  /// Stores a message with the transaction's other changes (PostgreSQL sends it with the next
  /// statement or the COMMIT); it is delivered only if the transaction commits.
  virtual void enqueue(domain::OrganizationId org, const std::string& channel,
                       const std::string& kind, const std::string& payload,
                       domain::Instant now) = 0;
  /// Undelivered messages of a channel, oldest first.
  virtual std::vector<OutboxMessage> pending(const std::string& channel, int limit) = 0;
  virtual void markSent(std::int64_t id, domain::Instant now) = 0;
};

}  // namespace medoffice::app
