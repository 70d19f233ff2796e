// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/sequence_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

/// Counters (MRNs, receipt numbers) and the answers kept for Idempotency-Key retries.
class SqlSequences final : public app::SequenceRepository {
 public:
  explicit SqlSequences(SqlConnection& c) : c_(c) {}
  std::int64_t next(domain::OrganizationId org, const std::string& name) override;

 private:
  SqlConnection& c_;
};

class SqlIdempotency final : public app::IdempotencyRepository {
 public:
  explicit SqlIdempotency(SqlConnection& c) : c_(c) {}
  std::optional<app::IdempotencyRecord> find(domain::OrganizationId org,
                                             const std::string& key) override;
  void save(domain::OrganizationId org, const std::string& key, const app::IdempotencyRecord& rec,
            domain::Instant now) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
