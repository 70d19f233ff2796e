// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "app/ports/clearinghouse.hpp"

namespace medoffice::integrations {

struct SftpOptions {
  std::string host;
  int port = 22;
  std::string user;
  /// Password authentication. Leave empty to use a key.
  std::string password;
  /// Key authentication: the private key file (OpenSSH or PEM format). Takes precedence over
  /// the password when both are set.
  std::filesystem::path privateKey;
  /// The matching public key file; empty lets libssh2 derive it from the private key.
  std::filesystem::path publicKey;
  std::string keyPassphrase;
  /// The server's host key, in an OpenSSH known_hosts file (plain or hashed names; a port other
  /// than 22 is written `[host]:port`)...
  std::filesystem::path knownHosts;
  /// ...and/or its fingerprint as `ssh-keygen -lf` prints it: "SHA256:<base64>". At least one
  /// of the two must be set; when both are, both must match.
  std::string hostKeyFingerprint;
  /// Remote folders, absolute or relative to the login folder.
  std::string outboundDir = "outbound";
  std::string inboundDir = "inbound";
  std::string archiveDir;  ///< empty: inboundDir + "/processed"
  /// Longest wait for the TCP connection.
  std::chrono::milliseconds connectTimeout{10'000};
  /// Longest wait for any one SSH or SFTP step (handshake, authentication, a chunk written or
  /// read, a rename); a server that stops answering fails the call after this.
  std::chrono::milliseconds ioTimeout{30'000};
  std::uint64_t maxInboundBytes = std::uint64_t{256} << 20;
  /// Calls less than this apart share one connection (a poll lists, reads and archives several
  /// files); 0 opens a connection per call.
  std::chrono::seconds keepAlive{60};
};

class SftpConnection;

/// SFTP to a clearinghouse with libssh2. Keeps the ClearinghouseTransport contract:
/// - The server's host key must match the configured known_hosts entry or fingerprint before
///   anything is sent; an unknown or changed key is refused (kForbidden) with its fingerprint
///   in the message, so an administrator can check it with the clearinghouse. There is no
///   "accept the first key" mode.
/// - send() uploads to `.<name>.<random>.tmp` in the outbound folder (mode 0600), asks the
///   server to sync it (fsync@openssh.com, where offered), and renames it to `name` with the
///   plain SFTP rename, which never replaces an existing file; a name already taken is
///   compared byte for byte (same: `alreadyPresent`; different: kConflict). The temporary
///   file is removed on every failure the connection survives.
/// - archive() renames into the archive folder (created when missing), never replacing.
/// - Every failure names its step ("connecting to", "SSH handshake with", "host key of",
///   "authenticating", "uploading", "renaming", ...), the server and, where there is one, the
///   remote path. Timeouts, refused connections and dropped sessions are kUnavailable.
/// Calls share one connection while they come less than `keepAlive` apart. When the server has
/// closed an idle connection, the call is made once more on a new one (every operation may be
/// repeated: a re-send compares, an archive of an archived file succeeds); after a timeout the
/// connection is dropped and the call fails. Thread-safe: calls on one transport take turns
/// (a long upload delays a list()); use one transport per worker to run them side by side. An
/// upload cut off with the connection leaves its temporary file (a name starting with '.') in
/// the outbound folder.
class SftpTransport final : public app::ClearinghouseTransport {
 public:
  /// Checks the options (host, port, user, a password or key, a host key source, folders,
  /// timeouts) without connecting; kInvalid naming the option otherwise.
  static domain::Result<std::unique_ptr<SftpTransport>> create(SftpOptions options);

  domain::Result<app::SendReceipt> send(const app::OutboundFile& file) override;
  domain::Result<std::vector<app::InboundEntry>> list() override;
  domain::Result<app::InboundFile> read(const std::string& name) override;
  domain::Status archive(const std::string& name) override;

  /// Connects, checks the host key, authenticates and opens SFTP, then closes: a
  /// configuration check for the admin screen.
  domain::Status probe();

  ~SftpTransport() override;
  SftpTransport(const SftpTransport&) = delete;
  SftpTransport& operator=(const SftpTransport&) = delete;

  [[nodiscard]] const SftpOptions& options() const { return options_; }

 private:
  explicit SftpTransport(SftpOptions options);
  template <class Op>
  auto withConnection(Op op) -> decltype(op(std::declval<SftpConnection&>()));

  SftpOptions options_;
  std::mutex mutex_;
  std::unique_ptr<SftpConnection> cached_;  // guarded by mutex_
  std::chrono::steady_clock::time_point lastUse_;
};

/// "SHA256:<base64, no padding>" of a host key blob, as OpenSSH prints fingerprints.
std::string sshFingerprint(std::string_view keyBlob);

}  // namespace medoffice::integrations
