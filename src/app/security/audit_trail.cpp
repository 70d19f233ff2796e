// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/security/audit_trail.hpp"

namespace medoffice::app {

using domain::AuditAction;
using domain::AuditEvent;
using domain::Instant;
using domain::Principal;
namespace audit {

namespace {
void link(AuditEvent& e, AuditHead& head, Secrets& secrets) {
  e.seq = head.seq + 1;
  e.prevMac = head.mac;
  e.mac = secrets.auditMac(domain::canonicalAuditText(e));
  head = {e.seq, e.mac};
}
}  // namespace

void record(Repositories& r, Secrets& secrets, AuditEvent e) {
  if (!r.audit().chainsInline()) {
    r.audit().appendPending(e);
    return;
  }
  AuditHead head = r.audit().lockHead();
  link(e, head, secrets);
  r.audit().append(e);
}

Result<std::int64_t> seal(UnitOfWork& uow, Secrets& secrets) {
  constexpr int kBatch = 500;
  std::int64_t total = 0;
  for (;;) {
    auto n = writeValue<int>(uow, [&](Repositories& r) -> Result<int> {
      if (r.audit().chainsInline()) return 0;
      AuditHead head = r.audit().lockHead();  // one sealer at a time, until COMMIT
      auto events = r.audit().takePending(kBatch);
      for (auto& e : events) link(e, head, secrets);
      r.audit().appendAll(events);
      return static_cast<int>(events.size());
    });
    if (!n) return n.error();
    total += *n;
    if (*n < kBatch) return total;
  }
}

bool chainsInline(UnitOfWork& uow) {
  auto inl = readValue<bool>(
      uow, [](Repositories& r) -> Result<bool> { return r.audit().chainsInline(); });
  return inl && *inl;
}

Sealer::Sealer(UnitOfWork& uow, Secrets& secrets, std::chrono::milliseconds interval)
    : uow_(uow), secrets_(secrets), interval_(interval) {
  thread_ = std::thread([this] {
    std::unique_lock lock(m_);
    while (!stop_) {
      lock.unlock();
      (void)seal(uow_, secrets_);  // a failure (database away) is retried at the next tick
      lock.lock();
      cv_.wait_for(lock, interval_, [this] { return stop_; });
    }
  });
}

Sealer::~Sealer() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  (void)seal(uow_, secrets_);  // what the last tick missed
}

AuditEvent event(const Principal* who, const Origin& from, Instant at, AuditAction action,
                 std::string resourceType, std::string resourceId, domain::PatientId patient) {
  AuditEvent e;
  e.at = at;
  if (who != nullptr) {
    e.organizationId = who->organizationId;
    e.userId = who->userId;
    e.username = who->username;
    e.breakGlass = who->breakGlassUntil.has_value() && *who->breakGlassUntil > at;
  }
  e.ip = from.ip;
  e.userAgent = from.userAgent;
  e.action = action;
  e.resourceType = std::move(resourceType);
  e.resourceId = std::move(resourceId);
  e.patientId = patient;
  return e;
}

namespace {
std::string checkpointText(std::int64_t seq, const std::string& mac, domain::Instant at) {
  return "medoffice-audit-checkpoint;" + std::to_string(seq) + ";" + mac + ";" +
         std::to_string(at.micros());
}
}  // namespace

Checkpoint makeCheckpoint(Secrets& secrets, const AuditHead& head, domain::Instant at) {
  return {head.seq, head.mac, at, secrets.auditMac(checkpointText(head.seq, head.mac, at))};
}

std::string formatCheckpoint(const Checkpoint& c) {
  return "medoffice-audit-checkpoint v1 seq=" + std::to_string(c.seq) + " mac=" + c.mac +
         " at=" + std::to_string(c.at.micros()) + " sig=" + c.signature;
}

std::optional<Checkpoint> parseCheckpoint(const std::string& line) {
  const std::string prefix = "medoffice-audit-checkpoint v1 ";
  if (line.rfind(prefix, 0) != 0) return std::nullopt;
  Checkpoint c;
  bool seq = false, mac = false, at = false, sig = false;
  std::size_t pos = prefix.size();
  while (pos < line.size()) {
    auto end = line.find(' ', pos);
    if (end == std::string::npos) end = line.size();
    std::string field = line.substr(pos, end - pos);
    pos = end + 1;
    auto eq = field.find('=');
    if (eq == std::string::npos) continue;
    std::string k = field.substr(0, eq), v = field.substr(eq + 1);
    try {
      if (k == "seq") c.seq = std::stoll(v), seq = true;
      if (k == "at") c.at = Instant::fromMicros(std::stoll(v)), at = true;
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (k == "mac") c.mac = v, mac = true;
    if (k == "sig") c.signature = v, sig = true;
  }
  if (!(seq && mac && at && sig)) return std::nullopt;
  return c;
}

VerifyReport verify(UnitOfWork& uow, Secrets& secrets, const std::vector<Checkpoint>& checkpoints) {
  VerifyReport out;
  std::int64_t expected = 1;
  std::string prev(domain::kAuditGenesisMac);
  auto fail = [&](std::int64_t seq, std::string problem) {
    out.ok = false;
    out.firstBad = seq;
    out.problem = "sequence " + std::to_string(seq) + ": " + std::move(problem);
  };
  for (;;) {
    auto page = readValue<std::vector<AuditEvent>>(
        uow, [&](Repositories& r) -> Result<std::vector<AuditEvent>> {
          return r.audit().chain(expected - 1, 2000);
        });
    if (!page) {
      fail(expected, "could not be read: " + page.error().message);
      return out;
    }
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (e.seq != expected) {
        fail(expected, "is missing (the next stored event is " + std::to_string(e.seq) + ")");
        return out;
      }
      if (e.prevMac != prev) {
        fail(e.seq, "does not link to sequence " + std::to_string(e.seq - 1) +
                        " (events were reordered, or one before it was removed)");
        return out;
      }
      if (secrets.auditMac(domain::canonicalAuditText(e)) != e.mac) {
        fail(e.seq, "was edited (its MAC does not match its content)");
        return out;
      }
      prev = e.mac;
      ++out.checked;
      ++expected;
    }
  }
  out.head = {expected - 1, prev};
  // Removing the newest events leaves a shorter chain that still verifies; checkpoints exported
  // earlier detect that.
  for (const auto& c : checkpoints) {
    if (!secrets.equal(secrets.auditMac(checkpointText(c.seq, c.mac, c.at)), c.signature)) {
      out.ok = false;
      out.firstBad = c.seq;
      out.problem = "checkpoint for sequence " + std::to_string(c.seq) +
                    " is not signed with this server key";
      return out;
    }
    if (c.seq > out.head.seq) {
      fail(out.head.seq + 1, "is missing (a checkpoint records " + std::to_string(c.seq) +
                                 " events, but the trail ends at " + std::to_string(out.head.seq) +
                                 ")");
      return out;
    }
    if (c.seq == 0) continue;
    auto at = readValue<std::vector<AuditEvent>>(
        uow, [&](Repositories& r) -> Result<std::vector<AuditEvent>> {
          return r.audit().chain(c.seq - 1, 1);
        });
    if (!at || at->empty() || (*at)[0].mac != c.mac) {
      fail(c.seq, "differs from the checkpoint exported for it");
      return out;
    }
  }
  return out;
}

}  // namespace audit

}  // namespace medoffice::app
