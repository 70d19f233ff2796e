// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/ports/changes.hpp"

namespace medoffice::storage {

/// Delivers committed notifications to the subscribers of this process. The engines feed it:
/// SQLite after each group commit, PostgreSQL from its LISTEN connection. Thread-safe.
class ChangeHub final : public app::ChangeFeed {
 public:
  ChangeHub() = default;
  ChangeHub(const ChangeHub&) = delete;
  ChangeHub& operator=(const ChangeHub&) = delete;

  /// Once the returned handle is released, `wake` is not running on another thread and will
  /// not be called again: its owner may be destroyed right after.
  [[nodiscard]] std::shared_ptr<void> subscribe(const std::string& topic,
                                                std::function<void()> wake) override;
  /// Wakes the subscribers of `topic`, or every subscriber for app::kEveryTopic. The wake
  /// functions run on the caller's thread, outside the hub's lock.
  void publish(const std::string& topic);
  /// Subscribers right now (metrics and tests).
  [[nodiscard]] std::size_t subscribers() const;

 private:
  struct Subscription {
    std::function<void()> wake;
    /// Held while `wake` runs; recursive, so that a wake may release its own handle.
    std::recursive_mutex running;
    bool live = true;  ///< guarded by `running`
  };
  void unsubscribe(const std::string& topic, std::uint64_t id);

  mutable std::mutex m_;
  std::uint64_t nextId_ = 1;
  std::map<std::string, std::map<std::uint64_t, std::shared_ptr<Subscription>>> byTopic_;
};

/// Notices of one SQLite write job, kept until its group commits (dropped if the job rolls
/// back).
class BufferedNotices final : public app::ChangeNotices {
 public:
  void publish(const std::string& topic) override;
  [[nodiscard]] const std::vector<std::string>& topics() const { return topics_; }
  void clear() { topics_.clear(); }

 private:
  std::vector<std::string> topics_;
};

/// For transactions that change nothing a live screen shows (read snapshots).
class NoNotices final : public app::ChangeNotices {
 public:
  void publish(const std::string&) override {}
};

}  // namespace medoffice::storage
