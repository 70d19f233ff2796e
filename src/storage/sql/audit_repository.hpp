// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/audit_repository.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

/// The HMAC-chained audit trail (`audit_event`) and the events waiting to be linked into it
/// (`audit_pending`, PostgreSQL).
class SqlAudit final : public app::AuditRepository {
 public:
  explicit SqlAudit(SqlConnection& c) : c_(c) {}
  bool chainsInline() override;
  void appendPending(const domain::AuditEvent& e) override;
  std::vector<domain::AuditEvent> takePending(int limit) override;
  std::int64_t pendingCount() override;
  app::AuditHead lockHead() override;
  app::AuditHead head() override;
  void append(const domain::AuditEvent& e) override;
  void appendAll(const std::vector<domain::AuditEvent>& events) override;
  std::vector<domain::AuditEvent> chain(std::int64_t afterSeq, int limit) override;
  std::vector<domain::AuditEvent> search(const app::AuditQuery& q) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
