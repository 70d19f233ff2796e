// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "domain/common/ids.hpp"

namespace medoffice::app {

/// Change notifications: a committed change to what a live screen shows wakes the screens that
/// watch it, in this process and (on PostgreSQL, through LISTEN/NOTIFY) in every other `serve`
/// process on the same database. A notification says only *that* something changed (a topic),
/// never what: the watcher reads the current state again, through its own authorised and
/// audited path. Nothing is notified for a transaction that rolls back.
///
/// Topics are short ASCII strings built by the functions below (no PHI: ids only).
inline std::string boardTopic(domain::OrganizationId org, domain::LocationId location) {
  return "board:" + std::to_string(org.value) + ":" + std::to_string(location.value);
}
/// A session or token was revoked, or a user's roles, locations or password changed: processes
/// drop the sessions and tokens they cached.
inline constexpr const char* kSessionsTopic = "sessions";
/// Every watcher: notifications may have been missed (the listener reconnected).
inline constexpr const char* kEveryTopic = "*";

/// Queues notifications in the current transaction; they are delivered after it commits.
/// Bound to one transaction, like the repositories; not thread-safe.
class ChangeNotices {
 public:
  virtual ~ChangeNotices() = default;
  virtual void publish(const std::string& topic) = 0;
};

/// Delivers committed notifications to subscribers. Thread-safe.
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  /// Calls `wake` for every committed notification of `topic` (and of kEveryTopic) until the
  /// returned handle is destroyed; once it is, `wake` is not running and will not run again.
  /// `wake` runs on a notifying thread (a writer or listener thread): it must return at once
  /// (post work elsewhere) and must not subscribe. Notifications may be coalesced.
  [[nodiscard]] virtual std::shared_ptr<void> subscribe(const std::string& topic,
                                                        std::function<void()> wake) = 0;
};

}  // namespace medoffice::app
