// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/change_hub.hpp"

#include <algorithm>

namespace medoffice::storage {

std::shared_ptr<void> ChangeHub::subscribe(const std::string& topic, std::function<void()> wake) {
  auto sub = std::make_shared<Subscription>();
  sub->wake = std::move(wake);
  std::uint64_t id = 0;
  {
    std::lock_guard lock(m_);
    id = nextId_++;
    byTopic_[topic].emplace(id, std::move(sub));
  }
  // The handle unsubscribes when the last copy goes; the hub outlives every subscriber (the
  // engine that owns it is destroyed after the server).
  return std::shared_ptr<void>(nullptr, [this, topic, id](void*) { unsubscribe(topic, id); });
}

void ChangeHub::unsubscribe(const std::string& topic, std::uint64_t id) {
  std::shared_ptr<Subscription> sub;
  {
    std::lock_guard lock(m_);
    auto it = byTopic_.find(topic);
    if (it == byTopic_.end()) return;
    if (auto s = it->second.find(id); s != it->second.end()) {
      sub = std::move(s->second);
      it->second.erase(s);
    }
    if (it->second.empty()) byTopic_.erase(it);
  }
  if (!sub) return;
  // Wait for a wake running on another thread, and let no copy taken by a publish run later.
  std::lock_guard running(sub->running);
  sub->live = false;
}

void ChangeHub::publish(const std::string& topic) {
  std::vector<std::shared_ptr<Subscription>> wake;
  {
    std::lock_guard lock(m_);
    auto collect = [&](const std::map<std::uint64_t, std::shared_ptr<Subscription>>& subs) {
      for (const auto& [id, sub] : subs) wake.push_back(sub);
    };
    if (topic == app::kEveryTopic) {
      for (const auto& [t, subs] : byTopic_) collect(subs);
    } else {
      if (auto it = byTopic_.find(topic); it != byTopic_.end()) collect(it->second);
      if (auto it = byTopic_.find(app::kEveryTopic); it != byTopic_.end()) collect(it->second);
    }
  }
  for (const auto& sub : wake) {
    std::lock_guard running(sub->running);
    if (sub->live) sub->wake();
  }
}

std::size_t ChangeHub::subscribers() const {
  std::lock_guard lock(m_);
  std::size_t n = 0;
  for (const auto& [t, subs] : byTopic_) n += subs.size();
  return n;
}

void BufferedNotices::publish(const std::string& topic) {
  if (std::find(topics_.begin(), topics_.end(), topic) == topics_.end()) topics_.push_back(topic);
}

}  // namespace medoffice::storage
