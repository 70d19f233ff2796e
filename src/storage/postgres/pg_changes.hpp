// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "storage/change_hub.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace medoffice::storage {

/// The channel of MedOffice's notifications.
inline constexpr const char* kChangeChannel = "medoffice_changes";

/// Notices of one PostgreSQL transaction: `pg_notify` runs in the transaction (deferred, so it
/// travels with the COMMIT), and PostgreSQL delivers it to every listening process only if the
/// transaction commits.
class PgNotices final : public app::ChangeNotices {
 public:
  explicit PgNotices(PgConnection& c) : c_(c) {}
  void publish(const std::string& topic) override;

 private:
  PgConnection& c_;
  std::set<std::string> sent_;
};

/// The change feed of a PostgreSQL database: on the first subscription a thread opens its own
/// connection, LISTENs on kChangeChannel and hands every notification to the subscribers of
/// this process. After a lost connection it reconnects (every second until it succeeds) and
/// wakes every subscriber, since notifications may have been missed. Thread-safe.
class PgChangeFeed final : public app::ChangeFeed {
 public:
  explicit PgChangeFeed(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ~PgChangeFeed() override;
  PgChangeFeed(const PgChangeFeed&) = delete;
  PgChangeFeed& operator=(const PgChangeFeed&) = delete;

  [[nodiscard]] std::shared_ptr<void> subscribe(const std::string& topic,
                                                std::function<void()> wake) override;
  /// True once the listener has its LISTEN in place (tests wait for it).
  [[nodiscard]] bool listening() const { return listening_.load(); }

 private:
  void listen();

  std::string conninfo_;
  ChangeHub hub_;
  std::once_flag started_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> listening_{false};
  std::mutex m_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace medoffice::storage
