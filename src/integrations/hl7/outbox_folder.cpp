// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/hl7/outbox_folder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

namespace medoffice::integrations {

namespace {

void writeFileDurably(const std::filesystem::path& tmp, const std::filesystem::path& final,
                      const std::string& data) {
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
  std::size_t done = 0;
  while (done < data.size()) {
    auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot write " + tmp.string());
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot sync " + tmp.string());
  }
  ::close(fd);
  std::filesystem::rename(tmp, final);
}

void syncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

Hl7OutboxFolder::Hl7OutboxFolder(app::UnitOfWork& uow, const app::Clock& clock,
                                 std::filesystem::path dir)
    : uow_(uow), clock_(clock), dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
}

Hl7OutboxFolder::~Hl7OutboxFolder() {
  if (thread_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
}

std::string Hl7OutboxFolder::fileName(const app::OutboxMessage& m) {
  std::string stamp;
  for (char c : m.createdAt.toString().substr(0, 19)) {
    if (c >= '0' && c <= '9') stamp += c;
  }
  char id[24];
  std::snprintf(id, sizeof id, "%010lld", static_cast<long long>(m.id));
  std::string kind;
  for (char c : m.kind) kind += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
  return stamp + "-" + id + "-" + kind + ".hl7";
}

std::int64_t Hl7OutboxFolder::deliverPending() {
  std::int64_t total = 0;
  for (;;) {
    std::vector<app::OutboxMessage> batch;
    auto s = uow_.read([&](app::Repositories& r) -> app::Status {
      batch = r.outbox().pending("hl7", 200);
      return {};
    });
    if (!s.ok()) throw std::runtime_error("outbox: " + s.error().message);
    if (batch.empty()) return total;
    for (const auto& m : batch) {
      const auto name = fileName(m);
      writeFileDurably(dir_ / ("." + name + ".tmp"), dir_ / name, m.payload);
    }
    syncDirectory(dir_);
    const auto now = clock_.now();
    s = uow_.write([&](app::Repositories& r) -> app::Status {
      for (const auto& m : batch) r.outbox().markSent(m.id, now);
      return {};
    });
    if (!s.ok()) throw std::runtime_error("outbox: " + s.error().message);
    total += static_cast<std::int64_t>(batch.size());
  }
}

void Hl7OutboxFolder::start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] { loop(interval); });
}

void Hl7OutboxFolder::loop(std::chrono::milliseconds interval) {
  for (;;) {
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, interval, [this] { return stop_; });
      stopping = stop_;
    }
    try {
      deliverPending();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "hl7 outbox: %s\n", e.what());  // retried on the next round
    }
    if (stopping) return;
  }
}

}  // namespace medoffice::integrations
