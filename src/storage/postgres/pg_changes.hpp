// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/change_hub.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace medoffice::storage {

/// The channel of MedOffice's notifications.
inline constexpr const char* kChangeChannel = "medoffice_changes";

/// The change feed of a PostgreSQL database, shared by every `serve` process on it.
///
/// Sending: the topics of committed transactions are handed to committed(); a sender thread
/// NOTIFYs them on its own connection, each topic once per batch, at most one batch every
/// `kBatchInterval`. NOTIFY is not sent inside the user's transaction: PostgreSQL serialises
/// the commits of all transactions that notify (a cluster-wide lock), which would make every
/// booking wait for every other.
///
/// Receiving: on the first subscription a listener thread opens its own connection, LISTENs on
/// kChangeChannel and hands every notification to the subscribers of this process. After a lost
/// connection it reconnects (every second until it succeeds) and wakes every subscriber, since
/// notifications may have been missed. Thread-safe.
class PgChangeFeed final : public app::ChangeFeed {
 public:
  static constexpr std::chrono::milliseconds kBatchInterval{20};

  explicit PgChangeFeed(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ~PgChangeFeed() override;
  PgChangeFeed(const PgChangeFeed&) = delete;
  PgChangeFeed& operator=(const PgChangeFeed&) = delete;

  [[nodiscard]] std::shared_ptr<void> subscribe(const std::string& topic,
                                                std::function<void()> wake) override;
  /// Queues the topics of a transaction that has committed, for every process listening.
  void committed(const std::vector<std::string>& topics);

 private:
  void listen();
  void send();
  /// Waits up to `d` or until the feed stops; false when it stops.
  bool pause(std::chrono::milliseconds d);

  std::string conninfo_;
  ChangeHub hub_;
  std::once_flag listenerStarted_;
  std::once_flag senderStarted_;
  std::atomic<bool> stop_{false};
  std::mutex m_;
  std::condition_variable cv_;
  std::set<std::string> pending_;  // guarded by m_
  std::thread listener_;
  std::thread sender_;
};

}  // namespace medoffice::storage
