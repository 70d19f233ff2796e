// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/ports/repositories.hpp"
#include "app/ports/security.hpp"

namespace medoffice::app {

/// Where a request came from, for the audit trail.
struct Origin {
  std::string ip;
  std::string userAgent;
};

namespace audit {

/// Stores `e` in the transaction of `r`: the event commits or rolls back with the change it
/// records. Where the engine chains inline (SQLite) it is linked at once (next seq, previous MAC,
/// MAC over the canonical text); otherwise (PostgreSQL) it waits in audit_pending for seal().
void record(Repositories& r, Secrets& secrets, domain::AuditEvent e);

/// Links every pending event into the chain, oldest first, in short write transactions of up
/// to 500 events. Returns how many it linked. Safe to run from several processes at once (they
/// queue for the chain head). Nothing to do on SQLite.
Result<std::int64_t> seal(UnitOfWork& uow, Secrets& secrets);

/// Runs seal() every `interval` on a background thread until destroyed (serve on PostgreSQL:
/// a pending event is in the chain within about one interval).
class Sealer {
 public:
  Sealer(UnitOfWork& uow, Secrets& secrets, std::chrono::milliseconds interval);
  ~Sealer();
  Sealer(const Sealer&) = delete;
  Sealer& operator=(const Sealer&) = delete;

 private:
  UnitOfWork& uow_;
  Secrets& secrets_;
  std::chrono::milliseconds interval_;
  std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

/// True when `uow`'s engine links audit events inline (no sealer needed).
bool chainsInline(UnitOfWork& uow);

/// A security event of a signed-in user (or of nobody, for failed sign-ins).
domain::AuditEvent event(const domain::Principal* who, const Origin& from, domain::Instant at,
                         domain::AuditAction action, std::string resourceType,
                         std::string resourceId = {}, domain::PatientId patient = {});

struct VerifyReport {
  bool ok = true;
  std::int64_t checked = 0;   ///< events whose MAC was checked
  std::int64_t firstBad = 0;  ///< first edited, missing or reordered sequence number
  std::string problem;        ///< one line, naming firstBad
  AuditHead head;
};
/// A signed statement "the chain had `seq` events ending in `mac` at `at`", exported by
/// `medoffice audit checkpoint` and kept elsewhere: it detects removal of the newest events.
struct Checkpoint {
  std::int64_t seq = 0;
  std::string mac;
  domain::Instant at;
  std::string signature;
};
Checkpoint makeCheckpoint(Secrets& secrets, const AuditHead& head, domain::Instant at);
/// One line: `medoffice-audit-checkpoint v1 seq=N mac=HEX at=MICROS sig=HEX`.
std::string formatCheckpoint(const Checkpoint& c);
std::optional<Checkpoint> parseCheckpoint(const std::string& line);

/// Walks the whole chain in seq order, in pages, on read snapshots. With checkpoints, also
/// checks that each is genuine and that the chain still holds the event it names.
VerifyReport verify(UnitOfWork& uow, Secrets& secrets,
                    const std::vector<Checkpoint>& checkpoints = {});

}  // namespace audit

}  // namespace medoffice::app
