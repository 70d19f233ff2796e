// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/ports/common.hpp"
#include "domain/common/time.hpp"

namespace medoffice::app {

/// Counters for MRNs and (later) claim control numbers. A number is never handed out twice and
/// numbers increase. The SQLite engine keeps one gap-free counter per organization (its single
/// writer serialises them anyway); PostgreSQL uses one sequence for all organizations, which
/// never blocks concurrent transactions but leaves gaps when a transaction rolls back.
class SequenceRepository {
 public:
  virtual ~SequenceRepository() = default;
  virtual std::int64_t next(domain::OrganizationId org, const std::string& name) = 0;
};

/// What a POST answered, kept so a retry with the same Idempotency-Key gets the same answer.
struct StoredResponse {
  int status = 0;
  std::string body;
  std::string location;
  std::string etag;
};

struct IdempotencyRecord {
  std::string fingerprint;  ///< hash of method, route and body of the first request
  StoredResponse response;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual std::optional<IdempotencyRecord> find(domain::OrganizationId org,
                                                const std::string& key) = 0;
  /// Stores the record with the transaction's other changes (PostgreSQL sends it with the
  /// COMMIT). When a concurrent transaction stored the same key first, this transaction fails
  /// at commit with kConflict ("Another request with this Idempotency-Key finished first") and
  /// none of its changes remain.
  virtual void save(domain::OrganizationId org, const std::string& key,
                    const IdempotencyRecord& record, domain::Instant now) = 0;
};

}  // namespace medoffice::app
