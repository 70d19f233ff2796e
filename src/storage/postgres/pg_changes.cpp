// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/postgres/pg_changes.hpp"

#include <poll.h>

#include <chrono>

namespace medoffice::storage {

void PgNotices::publish(const std::string& topic) {
  // PostgreSQL folds identical notifications of one transaction; not sending them saves the
  // statements too (a series books many appointments at one location).
  if (!sent_.insert(topic).second) return;
  c_.executeLater("SELECT pg_notify(?, ?)", {std::string(kChangeChannel), topic});
}

PgChangeFeed::~PgChangeFeed() {
  stop_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<void> PgChangeFeed::subscribe(const std::string& topic,
                                              std::function<void()> wake) {
  std::call_once(started_, [this] { thread_ = std::thread([this] { listen(); }); });
  return hub_.subscribe(topic, std::move(wake));
}

void PgChangeFeed::listen() {
  std::unique_ptr<PgConnection> c;
  while (!stop_) {
    try {
      if (!c) {
        c = std::make_unique<PgConnection>(conninfo_);
        c->script(std::string("LISTEN ") + kChangeChannel);
        listening_ = true;
        // Whatever was committed before the LISTEN (at start, or while the connection was
        // down) was not heard: every watcher reads again.
        hub_.publish(app::kEveryTopic);
      }
      // Wake at least four times a second to notice shutdown.
      pollfd fd{c->socket(), POLLIN, 0};
      if (::poll(&fd, 1, 250) < 0) continue;
      for (const auto& topic : c->takeNotifications(kChangeChannel)) hub_.publish(topic);
    } catch (const std::exception&) {
      c.reset();
      std::unique_lock lock(m_);
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_.load(); });
    }
  }
}

}  // namespace medoffice::storage
