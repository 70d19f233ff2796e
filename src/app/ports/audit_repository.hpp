// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/security/audit.hpp"

namespace medoffice::app {

/// The last stored link of the audit chain (seq 0 and the genesis MAC when empty).
struct AuditHead {
  std::int64_t seq = 0;
  std::string mac;
};

/// Criteria of an audit search; unset criteria do not narrow.
struct AuditQuery {
  domain::OrganizationId organizationId;
  domain::PatientId patientId;
  domain::UserId userId;
  std::optional<domain::AuditAction> action;
  std::optional<domain::Instant> from;  ///< inclusive
  std::optional<domain::Instant> to;    ///< exclusive
  std::int64_t afterSeq = 0;            ///< keyset pagination
  int limit = 100;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  /// True when events are linked into the chain inside the transaction that records them
  /// (SQLite: one writer, so the head is never contended). Otherwise (PostgreSQL) events are
  /// stored with appendPending() and linked later by audit::seal(), so that audited
  /// transactions do not queue for the chain head until they commit.
  virtual bool chainsInline() = 0;
  /// Stores `e` (seq, prevMac and mac unset) to be linked by the sealer.
  virtual void appendPending(const domain::AuditEvent& e) = 0;
  /// Removes up to `limit` pending events and returns them, oldest first.
  virtual std::vector<domain::AuditEvent> takePending(int limit) = 0;
  virtual std::int64_t pendingCount() = 0;
  /// Reads the chain head. Inside a write transaction it also locks it (PostgreSQL advisory
  /// lock until COMMIT; SQLite's single writer already serialises), so that two transactions
  /// never take the same sequence number.
  virtual AuditHead lockHead() = 0;
  /// Stores `e` (with seq, prevMac and mac set); it becomes the head.
  virtual void append(const domain::AuditEvent& e) = 0;
  /// Stores linked events in seq order (the sealer's batches: few statements for many rows).
  virtual void appendAll(const std::vector<domain::AuditEvent>& events) = 0;
  /// Events with seq > afterSeq in seq order, at most `limit` (for verification).
  virtual std::vector<domain::AuditEvent> chain(std::int64_t afterSeq, int limit) = 0;
  virtual AuditHead head() = 0;
  virtual std::vector<domain::AuditEvent> search(const AuditQuery& q) = 0;
};

}  // namespace medoffice::app
