// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/postgres/pg_changes.hpp"

#include <poll.h>

namespace medoffice::storage {

PgChangeFeed::~PgChangeFeed() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_all();
  if (listener_.joinable()) listener_.join();
  if (sender_.joinable()) sender_.join();
}

std::shared_ptr<void> PgChangeFeed::subscribe(const std::string& topic,
                                              std::function<void()> wake) {
  std::call_once(listenerStarted_, [this] { listener_ = std::thread([this] { listen(); }); });
  return hub_.subscribe(topic, std::move(wake));
}

void PgChangeFeed::committed(const std::vector<std::string>& topics) {
  if (topics.empty()) return;
  std::call_once(senderStarted_, [this] { sender_ = std::thread([this] { send(); }); });
  {
    std::lock_guard lock(m_);
    pending_.insert(topics.begin(), topics.end());
  }
  cv_.notify_all();
}

bool PgChangeFeed::pause(std::chrono::milliseconds d) {
  std::unique_lock lock(m_);
  cv_.wait_for(lock, d, [this] { return stop_.load(); });
  return !stop_;
}

void PgChangeFeed::send() {
  std::unique_ptr<PgConnection> c;
  for (;;) {
    std::set<std::string> batch;
    {
      std::unique_lock lock(m_);
      cv_.wait(lock, [this] { return stop_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, nothing left to send
      batch.swap(pending_);
    }
    try {
      if (!c) c = std::make_unique<PgConnection>(conninfo_);
      std::vector<SqlStatement> notify;
      notify.reserve(batch.size());
      for (const auto& topic : batch) {
        notify.push_back({"SELECT pg_notify(?, ?)", {std::string(kChangeChannel), topic}});
      }
      c->queryAll(notify);  // one round trip; each NOTIFY commits on its own
    } catch (const std::exception&) {
      // Keep the topics for the next attempt; watchers also re-read on their idle timer.
      c.reset();
      {
        std::lock_guard lock(m_);
        pending_.insert(batch.begin(), batch.end());
      }
      if (!pause(std::chrono::seconds(1))) return;
      continue;
    }
    // Commits within the interval share the next batch.
    if (!pause(kBatchInterval)) {
      std::lock_guard lock(m_);
      if (pending_.empty()) return;
    }
  }
}

void PgChangeFeed::listen() {
  std::unique_ptr<PgConnection> c;
  while (!stop_) {
    try {
      if (!c) {
        c = std::make_unique<PgConnection>(conninfo_);
        c->script(std::string("LISTEN ") + kChangeChannel);
        // Whatever was committed before the LISTEN (at start, or while the connection was
        // down) was not heard: every watcher reads again.
        hub_.publish(app::kEveryTopic);
      }
      // Wake at least four times a second to notice shutdown.
      pollfd fd{c->socket(), POLLIN, 0};
      if (::poll(&fd, 1, 250) < 0) continue;
      // Each topic once per batch: under load many commits arrive together, and watchers
      // re-read whatever changed.
      BufferedNotices batch;
      for (const auto& topic : c->takeNotifications(kChangeChannel)) batch.publish(topic);
      for (const auto& topic : batch.topics()) hub_.publish(topic);
    } catch (const std::exception&) {
      c.reset();
      pause(std::chrono::seconds(1));
    }
  }
}

}  // namespace medoffice::storage
