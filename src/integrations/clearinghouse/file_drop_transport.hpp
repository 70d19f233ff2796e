// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/ports/clearinghouse.hpp"

namespace medoffice::integrations {

struct FileDropOptions {
  /// Where batches go; the clearinghouse's agent (or an operator) picks them up from here.
  std::filesystem::path outbox;
  /// Where the clearinghouse's acknowledgements and remittances arrive.
  std::filesystem::path inbox;
  /// Where archive() moves inbound files; empty means `inbox/processed`.
  std::filesystem::path archive;
  /// read() refuses a larger inbound file (the largest ERA seen in practice is a few MB).
  std::uint64_t maxInboundBytes = std::uint64_t{256} << 20;
};

/// The default clearinghouse transport: an outbox folder and an inbox folder on a local (or
/// mounted) disk, for clearinghouse agents that sync folders, and for offices that upload by
/// hand. Keeps the ClearinghouseTransport contract:
/// - send() writes `.<name>.<unique>.tmp` in the outbox with mode 0600, fsyncs it, renames it
///   to `name` without replacing anything (renameat2 RENAME_NOREPLACE, or link() where the
///   file system lacks it), then fsyncs the folder: after a crash the file is either whole
///   under its name or absent, and a stray temporary file is never picked up (it starts with
///   '.').
/// - archive() renames `inbox/name` into the archive folder (never replacing an earlier file
///   of the same name: that one keeps its name, the newer gets `name.1`, `name.2`...) and
///   fsyncs both folders.
/// Thread-safe, and safe with several processes on one folder: every call works on paths
/// with atomic renames, and no state is shared between calls.
class FileDropTransport final : public app::ClearinghouseTransport {
 public:
  /// Creates the three folders when missing (mode 0700: they hold PHI; existing folders keep
  /// their modes). kUnavailable naming the folder when one cannot be created or is not a
  /// folder, kInvalid when the outbox or inbox is not configured.
  static domain::Result<std::unique_ptr<FileDropTransport>> open(FileDropOptions options);

  domain::Result<app::SendReceipt> send(const app::OutboundFile& file) override;
  domain::Result<std::vector<app::InboundEntry>> list() override;
  domain::Result<app::InboundFile> read(const std::string& name) override;
  domain::Status archive(const std::string& name) override;

  [[nodiscard]] const FileDropOptions& options() const { return options_; }

 private:
  explicit FileDropTransport(FileDropOptions options) : options_(std::move(options)) {}
  FileDropOptions options_;
};

}  // namespace medoffice::integrations
