// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/audit_repository.hpp"

#include <algorithm>

namespace medoffice::storage {

using domain::AuditEvent;

namespace {

constexpr std::int64_t kAuditLockKey = 0x6d6f617564;  // "moaud"

constexpr const char* kCols =
    "seq, at, organization_id, user_id, username, ip, user_agent, action, resource_type, "
    "resource_id, patient_id, outcome, reason, break_glass, prev_mac, mac";

constexpr const char* kPendingCols =
    "id, at, organization_id, user_id, username, ip, user_agent, action, resource_type, "
    "resource_id, patient_id, outcome, reason, break_glass";

/// A chain row (`kCols`), or a pending one (`kPendingCols`: `id` in seq's place, no MACs).
AuditEvent decode(const Row& row, bool pending = false) {
  Reader r(row);
  AuditEvent e;
  e.seq = r.i64();
  e.at = r.instant();
  e.organizationId = r.id<domain::OrganizationId>();
  e.userId = r.id<domain::UserId>();
  e.username = r.text();
  e.ip = r.text();
  e.userAgent = r.text();
  std::string action = r.text();
  e.resourceType = r.text();
  e.resourceId = r.text();
  e.patientId = r.id<domain::PatientId>();
  std::string outcome = r.text();
  e.reason = r.text();
  e.breakGlass = r.boolean();
  if (!pending) {
    e.prevMac = r.text();
    e.mac = r.text();
  }
  // Unknown names (an edited row) decode to values whose MAC cannot match; keep the text
  // visible in the reason so that verification reports the edit rather than crashing.
  if (auto a = domain::parseAuditAction(action)) {
    e.action = *a;
  } else {
    e.reason += " [unknown action " + action + "]";
  }
  if (auto o = domain::parseAuditOutcome(outcome)) {
    e.outcome = *o;
  } else {
    e.reason += " [unknown outcome " + outcome + "]";
  }
  return e;
}

/// The values of `kPendingCols` after `id`, in order.
void addEventValues(Params& p, const AuditEvent& e) {
  append(p, sqlInt(e.at.micros()), sqlInt(e.organizationId.value), sqlInt(e.userId.value),
         e.username, e.ip, e.userAgent, std::string(domain::toString(e.action)), e.resourceType,
         e.resourceId, sqlInt(e.patientId.value), std::string(domain::toString(e.outcome)),
         e.reason, sqlBool(e.breakGlass));
}

/// The values of `kCols`, in order.
void addChainValues(Params& p, const AuditEvent& e) {
  p.push_back(sqlInt(e.seq));
  addEventValues(p, e);
  append(p, e.prevMac, e.mac);
}

}  // namespace

bool SqlAudit::chainsInline() {
  return c_.dialect() == Dialect::kSqlite;
}

void SqlAudit::appendPending(const AuditEvent& e) {
  // Nobody reads the answer: PostgreSQL sends it with the transaction's next statement or its
  // COMMIT, so auditing a change costs no round trip of its own.
  Params p;
  addEventValues(p, e);
  c_.executeLater(
      "INSERT INTO audit_pending (at, organization_id, user_id, username, ip, user_agent, action, "
      "resource_type, resource_id, patient_id, outcome, reason, break_glass) VALUES (?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?)",
      std::move(p));
}

// DELETE … RETURNING takes exactly the rows it removes: an event committed meanwhile is neither
// lost nor taken twice.
std::vector<AuditEvent> SqlAudit::takePending(int limit) {
  std::vector<AuditEvent> out;
  for (const auto& r : c_.query(std::string("DELETE FROM audit_pending WHERE id IN (SELECT id FROM "
                                            "audit_pending ORDER BY id LIMIT ?) RETURNING ") +
                                    kPendingCols,
                                {sqlInt(limit)})) {
    out.push_back(decode(r, true));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  for (auto& e : out) e.seq = 0;
  return out;
}

std::int64_t SqlAudit::pendingCount() {
  return c_.query("SELECT COUNT(*) FROM audit_pending", {}).at(0).i64(0);
}

// The head is the last event itself: one indexed lookup of the highest seq, no extra row to
// update per event. On PostgreSQL a transaction-scoped advisory lock serialises appenders until
// COMMIT, so two transactions never take the same sequence number.
app::AuditHead SqlAudit::lockHead() {
  if (c_.dialect() == Dialect::kPostgres) {
    c_.query("SELECT pg_advisory_xact_lock(" + std::to_string(kAuditLockKey) + ")", {});
  }
  return head();
}

app::AuditHead SqlAudit::head() {
  auto rows = c_.query("SELECT seq, mac FROM audit_event ORDER BY seq DESC LIMIT 1", {});
  if (rows.empty()) return {0, std::string(domain::kAuditGenesisMac)};
  return {rows[0].i64(0), rows[0].text(1)};
}

void SqlAudit::append(const AuditEvent& e) {
  static const std::string kInsert = std::string("INSERT INTO audit_event (") + kCols +
                                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  Params p;
  addChainValues(p, e);
  c_.executeLater(kInsert, std::move(p));
}

void SqlAudit::appendAll(const std::vector<AuditEvent>& events) {
  // Chunks of 64, 32, …, 1 rows: few statements, and at most seven statement texts to prepare.
  for (std::size_t first = 0, size = 64; first < events.size(); first += size) {
    while (size > events.size() - first) size /= 2;
    const std::size_t last = first + size;
    std::string sql = std::string("INSERT INTO audit_event (") + kCols + ") VALUES ";
    Params p;
    p.reserve((last - first) * 16);
    for (std::size_t k = first; k < last; ++k) {
      sql += k == first ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      addChainValues(p, events[k]);
    }
    c_.execute(sql, p);
  }
}

std::vector<AuditEvent> SqlAudit::chain(std::int64_t afterSeq, int limit) {
  std::vector<AuditEvent> out;
  for (const auto& r : c_.query(
           std::string("SELECT ") + kCols + " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?",
           {sqlInt(afterSeq), sqlInt(limit)})) {
    out.push_back(decode(r));
  }
  return out;
}

std::vector<AuditEvent> SqlAudit::search(const app::AuditQuery& q) {
  std::string sql =
      std::string("SELECT ") + kCols + " FROM audit_event WHERE organization_id = ? AND seq > ?";
  Params p{sqlInt(q.organizationId.value), sqlInt(q.afterSeq)};
  andId(sql, p, "patient_id = ?", q.patientId);
  andId(sql, p, "user_id = ?", q.userId);
  if (q.action) andIf(sql, p, true, "action = ?", std::string(domain::toString(*q.action)));
  if (q.from) andIf(sql, p, true, "at >= ?", sqlInt(q.from->micros()));
  if (q.to) andIf(sql, p, true, "at < ?", sqlInt(q.to->micros()));
  sql += " ORDER BY seq LIMIT ?";
  p.emplace_back(static_cast<std::int64_t>(clampLimit(q.limit) + 1));
  std::vector<AuditEvent> out;
  for (const auto& r : c_.query(sql, p)) out.push_back(decode(r));
  return out;
}

}  // namespace medoffice::storage
