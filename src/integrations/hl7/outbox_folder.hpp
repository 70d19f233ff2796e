// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"

namespace medoffice::integrations {

/// Delivers the "hl7" outbox channel to a folder: one file per message,
/// `<created UTC>-<outbox id>-<kind>.hl7` (ER7, segments ended by CR). A file is written under a
/// temporary name, synced and renamed, then the message is marked sent; a crash in between
/// rewrites the same file name on the next run, so other systems never see a partial file and
/// each message has exactly one file name.
class Hl7OutboxFolder {
 public:
  Hl7OutboxFolder(app::UnitOfWork& uow, const app::Clock& clock, std::filesystem::path dir);
  ~Hl7OutboxFolder();
  Hl7OutboxFolder(const Hl7OutboxFolder&) = delete;
  Hl7OutboxFolder& operator=(const Hl7OutboxFolder&) = delete;

  /// Delivers what is pending now; returns how many files were written. Throws
  /// std::runtime_error when the folder cannot be written.
  std::int64_t deliverPending();
  /// Delivers every `interval` on a thread until destroyed (and once more at the end).
  void start(std::chrono::milliseconds interval);

  /// The file name of one message.
  static std::string fileName(const app::OutboxMessage& m);

 private:
  void loop(std::chrono::milliseconds interval);

  app::UnitOfWork& uow_;
  const app::Clock& clock_;
  std::filesystem::path dir_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace medoffice::integrations
