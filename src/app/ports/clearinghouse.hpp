// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/claims/clearinghouse.hpp"
#include "domain/common/result.hpp"

namespace medoffice::app {

/// A file for the clearinghouse (an 837P batch).
struct OutboundFile {
  /// The name it gets at the receiver: 1 to 200 bytes of letters, digits, '.', '_' and '-',
  /// not starting with '.'. One name per batch, kept for every re-send of that batch.
  std::string name;
  std::string bytes;
};

/// What a transport did with an OutboundFile.
struct SendReceipt {
  /// Where the file now is, for the batch's history: "file:/var/medoffice/outbox/B31.837",
  /// "sftp://ch.example.com:22/inbound/B31.837".
  std::string reference;
  /// True when a file of that name with the same bytes was already there (a re-send after a
  /// crash); nothing was written.
  bool alreadyPresent = false;
};

/// A file waiting in the inbox: a 999, a 277CA or an 835 (the name says nothing reliable
/// about which; read its ST01).
struct InboundEntry {
  std::string name;
  std::uint64_t size = 0;
};

struct InboundFile {
  std::string name;
  std::string bytes;
};

/// Moves files between MedOffice and a clearinghouse: batches out, acknowledgements and
/// remittances in.
///
/// Contract for every implementation:
/// - **Atomic delivery.** send() writes under a temporary name that the receiver ignores (it
///   starts with '.') and renames it to `file.name` only once every byte is written (and, on a
///   local disk, synced), so a receiver never sees half a file under the real name. A failed
///   send leaves no file under the real name.
/// - **Idempotent re-send.** send() never replaces a file. When a file of that name is already
///   there with the same bytes it succeeds with `alreadyPresent`; with other bytes it fails
///   with kConflict. Once the receiver has taken the file away, a re-send delivers it again:
///   receivers drop a repeated interchange by its ISA13, which is why a batch keeps its
///   control numbers and file name for every attempt.
/// - **Nothing lost, nothing processed twice.** Inbound files stay in the inbox until
///   archive(name) moves them out. The caller lists, reads, records the file's effects in
///   its own transaction keyed by the file's name and content (so a second reading changes
///   nothing), and only then archives. A crash before archive() means the file is read again
///   next time, never lost; archive() of a file already archived succeeds.
/// - **Errors are values**, never exceptions, and name the step that failed: kInvalid for a
///   bad file name, kNotFound for an inbound file that is not there, kConflict as above,
///   kUnauthenticated or kForbidden for refused credentials or host keys, kUnavailable for
///   network failures and timeouts (the caller may retry later), kInternal otherwise.
/// - **Bounded.** No call blocks longer than the transport's configured timeouts; read()
///   refuses a file larger than the transport's limit.
/// - **Thread-safe.** Calls may come from several threads (and processes) at once.
class ClearinghouseTransport {
 public:
  virtual ~ClearinghouseTransport() = default;

  /// Delivers one file to the clearinghouse (see the contract above).
  virtual domain::Result<SendReceipt> send(const OutboundFile& file) = 0;
  /// The inbound files waiting, sorted by name. Folders, files being written (names starting
  /// with '.') and names that fail isInboundFileName() are left out.
  virtual domain::Result<std::vector<InboundEntry>> list() = 0;
  /// The content of one waiting file; kNotFound when it is not in the inbox.
  virtual domain::Result<InboundFile> read(const std::string& name) = 0;
  /// Marks a file as taken: moves it out of the inbox (to an archive folder) so that list()
  /// no longer shows it. Succeeds when it was archived already; kNotFound when it is in
  /// neither place.
  virtual domain::Status archive(const std::string& name) = 0;

  /// Every waiting file with its bytes, up to `maxFiles` of them (list() then read()). Archive
  /// each once its effects are committed.
  domain::Result<std::vector<InboundFile>> fetch(std::size_t maxFiles = 100) {
    auto entries = list();
    if (!entries.ok()) return entries.error();
    std::vector<InboundFile> out;
    for (const auto& e : *entries) {
      if (out.size() >= maxFiles) break;
      auto file = read(e.name);
      if (!file.ok()) {
        if (file.error().code == domain::ErrorCode::kNotFound) continue;  // taken meanwhile
        return file.error();
      }
      out.push_back(std::move(*file));
    }
    return out;
  }
};

/// Opens the transport a clearinghouse's settings describe (file drop folders or SFTP).
/// Thread-safe.
class ClearinghouseTransports {
 public:
  virtual ~ClearinghouseTransports() = default;
  /// kInvalid naming the setting when the settings cannot make a transport; kUnavailable when
  /// a folder cannot be created.
  virtual domain::Result<std::unique_ptr<ClearinghouseTransport>> open(
      const domain::claims::Clearinghouse& settings) = 0;
};

/// True when `name` may name a file at a clearinghouse: 1 to 200 bytes of letters, digits,
/// '.', '_' and '-', not starting with '.' (no path, nothing hidden).
inline bool isTransportFileName(std::string_view name) {
  if (name.empty() || name.size() > 200 || name.front() == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

/// True when an inbound file's name can be handled safely: 1 to 255 bytes, none of them '/',
/// a backslash or a control character, not starting with '.'. Receivers choose inbound names, so
/// this is wider than isTransportFileName().
inline bool isInboundFileName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '.') return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

}  // namespace medoffice::app
