// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/clearinghouse/sftp_transport.hpp"

#include <libssh2.h>
#include <libssh2_sftp.h>
#include <netdb.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>

namespace medoffice::integrations {

namespace {

using domain::Error;
using domain::ErrorCode;

std::string base64NoPadding(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < size; i += 3) {
    const unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (size - i == 1) {
    const unsigned v = data[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (size - i == 2) {
    const unsigned v = (data[i] << 16) | (data[i + 1] << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::string keyTypeName(int type) {
  switch (type) {
    case LIBSSH2_HOSTKEY_TYPE_RSA:
      return "ssh-rsa";
    case LIBSSH2_HOSTKEY_TYPE_DSS:
      return "ssh-dss";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256:
      return "ecdsa-sha2-nistp256";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384:
      return "ecdsa-sha2-nistp384";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521:
      return "ecdsa-sha2-nistp521";
    case LIBSSH2_HOSTKEY_TYPE_ED25519:
      return "ssh-ed25519";
    default:
      return "unknown";
  }
}

int knownHostKeyBit(int type) {
  switch (type) {
    case LIBSSH2_HOSTKEY_TYPE_RSA:
      return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
    case LIBSSH2_HOSTKEY_TYPE_DSS:
      return LIBSSH2_KNOWNHOST_KEY_SSHDSS;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
    case LIBSSH2_HOSTKEY_TYPE_ED25519:
      return LIBSSH2_KNOWNHOST_KEY_ED25519;
    default:
      return 0;
  }
}

std::string sftpStatusText(unsigned long code) {
  switch (code) {
    case LIBSSH2_FX_NO_SUCH_FILE:
      return "no such file";
    case LIBSSH2_FX_PERMISSION_DENIED:
      return "permission denied";
    case LIBSSH2_FX_FAILURE:
      return "the server reported a failure";
    case LIBSSH2_FX_OP_UNSUPPORTED:
      return "the server does not support the operation";
    case LIBSSH2_FX_FILE_ALREADY_EXISTS:
      return "the file already exists";
    default:
      return "SFTP status " + std::to_string(code);
  }
}

std::string uniqueToken() {
  std::random_device rd;
  const std::uint64_t v = (std::uint64_t{rd()} << 32) ^ rd();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) out += kHex[(v >> (i * 4)) & 15];
  return out;
}

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

void initLibssh2() {
  static std::once_flag once;
  std::call_once(once, [] { libssh2_init(0); });
}

}  // namespace

/// The memory libssh2 allocates for one session. libssh2 keeps what an SFTP handle holds
/// when the handle cannot be closed (the server stopped answering); freeing what is left once
/// the session is gone keeps a dead server from leaking memory on every attempt.
class SessionArena {
 public:
  SessionArena() = default;
  SessionArena(const SessionArena&) = delete;
  SessionArena& operator=(const SessionArena&) = delete;
  ~SessionArena() {
    for (const auto& [p, size] : blocks_) std::free(p);
  }

  static void* alloc(std::size_t n, void** abstract) {
    void* p = std::malloc(n);
    if (p != nullptr) static_cast<SessionArena*>(*abstract)->blocks_.emplace(p, n);
    return p;
  }
  // A new block and a copy rather than std::realloc: the arena knows each block's size, and
  // the old block leaves the arena only once the copy exists (a failed allocation keeps it).
  // Every block libssh2 hands back came from this arena, so its size is known.
  static void* realloc(void* old, std::size_t n, void** abstract) {
    auto* self = static_cast<SessionArena*>(*abstract);
    void* p = std::malloc(n);
    if (p == nullptr) return nullptr;
    self->blocks_.emplace(p, n);
    if (old != nullptr) {
      auto it = self->blocks_.find(old);
      if (it != self->blocks_.end()) {
        std::memcpy(p, old, std::min(n, it->second));
        self->blocks_.erase(it);
      }
      std::free(old);
    }
    return p;
  }
  static void free(void* p, void** abstract) {
    if (p == nullptr) return;
    static_cast<SessionArena*>(*abstract)->blocks_.erase(p);
    std::free(p);
  }

 private:
  std::unordered_map<void*, std::size_t> blocks_;
};

/// One SSH connection with an SFTP channel; closed on destruction. Not thread-safe.
class SftpConnection {
 public:
  explicit SftpConnection(const SftpOptions& o) : o_(o) {}
  SftpConnection(const SftpConnection&) = delete;
  SftpConnection& operator=(const SftpConnection&) = delete;
  ~SftpConnection() { close(); }

  domain::Status open();

  /// An error for a failed step: the session's own message, or the SFTP status; a timeout
  /// or a dropped socket marks the connection broken (kUnavailable).
  Error fail(const std::string& step, const std::string& path = {}) {
    char* msg = nullptr;
    int len = 0;
    const int code = session_ != nullptr ? libssh2_session_last_error(session_, &msg, &len, 0) : 0;
    std::string what = step + " " + where() + (path.empty() ? "" : ":" + path) + " failed: ";
    ErrorCode kind = ErrorCode::kUnavailable;
    if (code == LIBSSH2_ERROR_SFTP_PROTOCOL && sftp_ != nullptr) {
      const unsigned long status = libssh2_sftp_last_error(sftp_);
      what += sftpStatusText(status);
      if (status == LIBSSH2_FX_PERMISSION_DENIED) kind = ErrorCode::kForbidden;
      if (status == LIBSSH2_FX_NO_SUCH_FILE) kind = ErrorCode::kNotFound;
    } else if (code == LIBSSH2_ERROR_TIMEOUT) {
      what += "the server did not answer within " + std::to_string(o_.ioTimeout.count()) + " ms";
      broken_ = timedOut_ = true;
    } else {
      what += (msg != nullptr && len > 0) ? std::string(msg, static_cast<std::size_t>(len))
                                          : "libssh2 error " + std::to_string(code);
      // Below SFTP (a socket, the channel, the SSH transport): the session cannot go on.
      broken_ = true;
    }
    return Error{kind, "sftp: " + what, {}};
  }

  /// The SFTP status of the last failed call (0 when the failure was not an SFTP status).
  unsigned long sftpStatus() const {
    if (session_ == nullptr || sftp_ == nullptr) return 0;
    if (libssh2_session_last_errno(session_) != LIBSSH2_ERROR_SFTP_PROTOCOL) return 0;
    return libssh2_sftp_last_error(sftp_);
  }

  /// The attributes of `path`; nullopt when it does not exist (other failures: `error`).
  std::optional<LIBSSH2_SFTP_ATTRIBUTES> stat(const std::string& path,
                                              std::optional<Error>& error) {
    LIBSSH2_SFTP_ATTRIBUTES attrs{};
    if (libssh2_sftp_stat_ex(sftp_, path.data(), static_cast<unsigned>(path.size()),
                             LIBSSH2_SFTP_STAT, &attrs) == 0) {
      return attrs;
    }
    if (sftpStatus() == LIBSSH2_FX_NO_SUCH_FILE) return std::nullopt;
    error = fail("inspecting", path);
    return std::nullopt;
  }

  /// Reads a whole remote file of at most `limit` bytes.
  domain::Result<std::string> download(const std::string& path, std::uint64_t limit);
  bool rename(const std::string& from, const std::string& to) {
    return libssh2_sftp_rename_ex(sftp_, from.data(), static_cast<unsigned>(from.size()), to.data(),
                                  static_cast<unsigned>(to.size()), 0) == 0;
  }
  void removeQuietly(const std::string& path) {
    if (!broken_) libssh2_sftp_unlink_ex(sftp_, path.data(), static_cast<unsigned>(path.size()));
  }

  [[nodiscard]] std::string where() const { return o_.host + ":" + std::to_string(o_.port); }
  LIBSSH2_SFTP* sftp() { return sftp_; }
  /// The session cannot be used any more (a timeout, a dropped socket).
  [[nodiscard]] bool broken() const { return broken_; }
  /// It broke by a timeout (a dead server) rather than a closed socket (a stale session).
  [[nodiscard]] bool timedOut() const { return timedOut_; }

 private:
  domain::Status connectSocket();
  domain::Status checkHostKey();
  void close();

  const SftpOptions& o_;
  SessionArena arena_;  // freed after close() has freed the session
  int sock_ = -1;
  LIBSSH2_SESSION* session_ = nullptr;
  LIBSSH2_SFTP* sftp_ = nullptr;
  bool broken_ = false;
  bool timedOut_ = false;
};

domain::Status SftpConnection::connectSocket() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(o_.port);
  if (const int rc = ::getaddrinfo(o_.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return Error{ErrorCode::kUnavailable,
                 "sftp: resolving " + o_.host + " failed: " + ::gai_strerror(rc),
                 {}};
  }
  std::string last = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd =
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last = std::strerror(errno);
      continue;
    }
    int err = 0;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      err = errno;
      if (err == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        const int n = ::poll(&p, 1, static_cast<int>(o_.connectTimeout.count()));
        if (n == 0) {
          err = ETIMEDOUT;
        } else if (n < 0) {
          err = errno;
        } else {
          socklen_t len = sizeof err;
          if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
        }
      }
    }
    if (err == 0) {
      sock_ = fd;
      ::freeaddrinfo(found);
      return {};
    }
    last = err == ETIMEDOUT
               ? "no answer within " + std::to_string(o_.connectTimeout.count()) + " ms"
               : std::strerror(err);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return Error{ErrorCode::kUnavailable, "sftp: connecting to " + where() + " failed: " + last, {}};
}

domain::Status SftpConnection::checkHostKey() {
  std::size_t len = 0;
  int type = LIBSSH2_HOSTKEY_TYPE_UNKNOWN;
  const char* key = libssh2_session_hostkey(session_, &len, &type);
  if (key == nullptr || len == 0) return fail("reading the host key of");
  const std::string fingerprint = sshFingerprint(std::string_view(key, len));
  const std::string offered = keyTypeName(type) + " " + fingerprint;

  if (!o_.hostKeyFingerprint.empty()) {
    std::string want = o_.hostKeyFingerprint;
    while (!want.empty() && want.back() == '=') want.pop_back();
    if (want != fingerprint) {
      return Error{ErrorCode::kForbidden,
                   "sftp: the host key of " + where() + " is " + offered + ", not the configured " +
                       o_.hostKeyFingerprint +
                       "; refusing to connect (the server's key changed, or someone is in "
                       "between: check with the clearinghouse)",
                   {}};
    }
  }
  if (o_.knownHosts.empty()) return {};

  LIBSSH2_KNOWNHOSTS* hosts = libssh2_knownhost_init(session_);
  if (hosts == nullptr) return fail("reading known_hosts for");
  struct Free {
    LIBSSH2_KNOWNHOSTS* h;
    ~Free() { libssh2_knownhost_free(h); }
  } freeHosts{hosts};
  std::ifstream probe(o_.knownHosts);
  if (!probe) {
    return Error{ErrorCode::kForbidden,
                 "sftp: cannot read the known_hosts file " + o_.knownHosts.string() +
                     "; refusing to connect to " + where() + " without checking its host key",
                 {}};
  }
  if (libssh2_knownhost_readfile(hosts, o_.knownHosts.c_str(), LIBSSH2_KNOWNHOST_FILE_OPENSSH) <
      0) {
    return Error{ErrorCode::kForbidden,
                 "sftp: the known_hosts file " + o_.knownHosts.string() +
                     " could not be parsed; refusing to connect to " + where(),
                 {}};
  }
  const int bit = knownHostKeyBit(type);
  if (bit == 0) {
    return Error{ErrorCode::kForbidden,
                 "sftp: " + where() + " offers a host key of an unsupported type",
                 {}};
  }
  libssh2_knownhost* entry = nullptr;
  const int check = libssh2_knownhost_checkp(
      hosts, o_.host.c_str(), o_.port, key, len,
      LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | bit, &entry);
  switch (check) {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH:
      return {};
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
      return Error{ErrorCode::kForbidden,
                   "sftp: the host key of " + where() + " (" + offered +
                       ") differs from the one in " + o_.knownHosts.string() +
                       "; refusing to connect (the server's key changed, or someone is in "
                       "between: check with the clearinghouse)",
                   {}};
    case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
      return Error{ErrorCode::kForbidden,
                   "sftp: " + where() + " is not in " + o_.knownHosts.string() +
                       "; it offers the host key " + offered +
                       ". Check that fingerprint with the clearinghouse, then add the key "
                       "(ssh-keyscan) or configure the fingerprint",
                   {}};
    default:
      return Error{ErrorCode::kForbidden,
                   "sftp: checking the host key of " + where() + " against " +
                       o_.knownHosts.string() + " failed; refusing to connect",
                   {}};
  }
}

domain::Status SftpConnection::open() {
  initLibssh2();
  if (auto s = connectSocket(); !s.ok()) return s;
  session_ = libssh2_session_init_ex(&SessionArena::alloc, &SessionArena::free,
                                     &SessionArena::realloc, &arena_);
  if (session_ == nullptr) return Error::internal("sftp: libssh2 could not start a session");
  libssh2_session_set_blocking(session_, 1);
  // libssh2 makes the socket non-blocking and waits with poll(): this bounds every step.
  libssh2_session_set_timeout(session_, static_cast<long>(o_.ioTimeout.count()));
  if (libssh2_session_handshake(session_, sock_) != 0) return fail("SSH handshake with");
  if (auto s = checkHostKey(); !s.ok()) return s;

  int rc = 0;
  std::string how;
  if (!o_.privateKey.empty()) {
    const std::string pub = o_.publicKey.string();
    rc = libssh2_userauth_publickey_fromfile_ex(
        session_, o_.user.data(), static_cast<unsigned>(o_.user.size()),
        pub.empty() ? nullptr : pub.c_str(), o_.privateKey.c_str(), o_.keyPassphrase.c_str());
    how = "with the key " + o_.privateKey.string();
  } else {
    rc = libssh2_userauth_password_ex(session_, o_.user.data(),
                                      static_cast<unsigned>(o_.user.size()), o_.password.data(),
                                      static_cast<unsigned>(o_.password.size()), nullptr);
    how = "with a password";
  }
  if (rc != 0 || libssh2_userauth_authenticated(session_) == 0) {
    Error e = fail("authenticating as " + o_.user + " " + how + " to");
    if (rc != LIBSSH2_ERROR_TIMEOUT && rc != LIBSSH2_ERROR_SOCKET_RECV &&
        rc != LIBSSH2_ERROR_SOCKET_SEND && rc != LIBSSH2_ERROR_SOCKET_DISCONNECT) {
      e.code = ErrorCode::kUnauthenticated;
    }
    return e;
  }
  sftp_ = libssh2_sftp_init(session_);
  if (sftp_ == nullptr) return fail("starting SFTP on");
  return {};
}

void SftpConnection::close() {
  if (broken_ && sock_ >= 0) {
    // A dead server would make the polite goodbyes below wait for the timeout again.
    ::shutdown(sock_, SHUT_RDWR);
  }
  if (sftp_ != nullptr) libssh2_sftp_shutdown(sftp_);
  sftp_ = nullptr;
  if (session_ != nullptr) {
    if (!broken_) libssh2_session_disconnect(session_, "done");
    libssh2_session_free(session_);
  }
  session_ = nullptr;
  if (sock_ >= 0) ::close(sock_);
  sock_ = -1;
}

domain::Result<std::string> SftpConnection::download(const std::string& path, std::uint64_t limit) {
  LIBSSH2_SFTP_HANDLE* h =
      libssh2_sftp_open_ex(sftp_, path.data(), static_cast<unsigned>(path.size()), LIBSSH2_FXF_READ,
                           0, LIBSSH2_SFTP_OPENFILE);
  if (h == nullptr) return fail("opening", path);
  std::string out;
  char buffer[32768];
  std::optional<Error> error;
  for (;;) {
    const ssize_t n = libssh2_sftp_read(h, buffer, sizeof buffer);
    if (n < 0) {
      error = fail("downloading", path);
      break;
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::uint64_t>(n) > limit) {
      error = Error{ErrorCode::kInvalid,
                    "sftp: " + where() + ":" + path + " has more than the limit of " +
                        std::to_string(limit) + " bytes",
                    {}};
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  if (!broken_) libssh2_sftp_close_handle(h);
  if (error) return *error;
  return out;
}

std::string sshFingerprint(std::string_view keyBlob) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(keyBlob.data(), keyBlob.size(), digest, &size, EVP_sha256(), nullptr);
  return "SHA256:" + base64NoPadding(digest, size);
}

domain::Result<std::unique_ptr<SftpTransport>> SftpTransport::create(SftpOptions o) {
  domain::FieldErrors errors;
  if (o.host.empty()) errors.add("host", "the SFTP host is missing");
  if (o.port < 1 || o.port > 65535) errors.add("port", "the port must be 1 to 65535");
  if (o.user.empty()) errors.add("user", "the SFTP user is missing");
  if (o.password.empty() && o.privateKey.empty()) {
    errors.add("private_key", "set a private key file or a password");
  }
  if (o.knownHosts.empty() && o.hostKeyFingerprint.empty()) {
    errors.add("known_hosts",
               "set a known_hosts file or the host key fingerprint: MedOffice never accepts an "
               "unknown host key");
  }
  if (!o.hostKeyFingerprint.empty() && o.hostKeyFingerprint.rfind("SHA256:", 0) != 0) {
    errors.add("host_key_fingerprint",
               "the fingerprint must be written as ssh-keygen -lf prints it: SHA256:...");
  }
  if (o.outboundDir.empty()) errors.add("outbound_dir", "the remote outbound folder is missing");
  if (o.inboundDir.empty()) errors.add("inbound_dir", "the remote inbound folder is missing");
  if (o.connectTimeout.count() <= 0 || o.ioTimeout.count() <= 0) {
    errors.add("timeout", "timeouts must be positive");
  }
  if (!errors.empty()) return errors.toError();
  if (o.archiveDir.empty()) o.archiveDir = join(o.inboundDir, "processed");
  return std::unique_ptr<SftpTransport>(new SftpTransport(std::move(o)));
}

SftpTransport::SftpTransport(SftpOptions options) : options_(std::move(options)) {}
SftpTransport::~SftpTransport() = default;

template <class Op>
auto SftpTransport::withConnection(Op op) -> decltype(op(std::declval<SftpConnection&>())) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  const bool reuse =
      cached_ != nullptr && !cached_->broken() && now - lastUse_ < options_.keepAlive;
  if (!reuse) {
    cached_.reset();
    auto c = std::make_unique<SftpConnection>(options_);
    if (auto s = c->open(); !s.ok()) return s.error();
    cached_ = std::move(c);
  }
  auto result = op(*cached_);
  if (reuse && cached_->broken() && !cached_->timedOut()) {
    // The server closed the idle session: once more on a fresh one (every operation here may
    // be repeated; see the contract). A timeout is not retried: the server is not answering.
    cached_.reset();
    auto c = std::make_unique<SftpConnection>(options_);
    if (auto s = c->open(); !s.ok()) return s.error();
    cached_ = std::move(c);
    result = op(*cached_);
  }
  if (cached_->broken() || options_.keepAlive.count() <= 0) cached_.reset();
  lastUse_ = std::chrono::steady_clock::now();
  return result;
}

domain::Status SftpTransport::probe() {
  std::lock_guard lock(mutex_);
  cached_.reset();
  SftpConnection c(options_);
  return c.open();
}

domain::Result<app::SendReceipt> SftpTransport::send(const app::OutboundFile& file) {
  if (!app::isTransportFileName(file.name)) {
    return Error{ErrorCode::kInvalid,
                 "sftp: '" + file.name +
                     "' is not a file name for a clearinghouse (letters, digits, '.', '_' and "
                     "'-', up to 200, not starting with '.')",
                 {}};
  }
  return withConnection([&](SftpConnection& c) -> domain::Result<app::SendReceipt> {
    const std::string final = join(options_.outboundDir, file.name);
    const std::string temp =
        join(options_.outboundDir, "." + file.name + "." + uniqueToken() + ".tmp");
    app::SendReceipt receipt;
    receipt.reference = "sftp://" + c.where() + (final.front() == '/' ? "" : "/~/") + final;

    // Same bytes under the name already (a re-send): compare them, and do not upload again.
    const auto alreadyThere = [&]() -> domain::Result<bool> {
      auto existing = c.download(final, file.bytes.size());
      if (!existing.ok()) {
        if (existing.error().code == ErrorCode::kInvalid) return false;  // longer: different
        return existing.error();
      }
      return *existing == file.bytes;
    };
    std::optional<Error> statError;
    if (c.stat(final, statError)) {
      auto same = alreadyThere();
      if (!same.ok()) return same.error();
      if (!*same) {
        return Error{ErrorCode::kConflict,
                     "sftp: a different file named " + file.name + " is already in " + c.where() +
                         ":" + options_.outboundDir + "; it was left alone",
                     {}};
      }
      receipt.alreadyPresent = true;
      return receipt;
    }
    if (statError) return *statError;

    LIBSSH2_SFTP_HANDLE* h =
        libssh2_sftp_open_ex(c.sftp(), temp.data(), static_cast<unsigned>(temp.size()),
                             LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL,
                             LIBSSH2_SFTP_S_IRUSR | LIBSSH2_SFTP_S_IWUSR, LIBSSH2_SFTP_OPENFILE);
    if (h == nullptr) return c.fail("creating", temp);
    std::optional<Error> error;
    std::size_t done = 0;
    while (done < file.bytes.size()) {
      const std::size_t chunk = std::min<std::size_t>(file.bytes.size() - done, 256 * 1024);
      const ssize_t n = libssh2_sftp_write(h, file.bytes.data() + done, chunk);
      if (n <= 0) {
        error = c.fail("uploading", temp);
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    if (!error && libssh2_sftp_fsync(h) != 0) {
      // fsync@openssh.com is an extension: a server without it is not an error.
      if (c.sftpStatus() != LIBSSH2_FX_OP_UNSUPPORTED) error = c.fail("syncing", temp);
    }
    if (!c.broken() && libssh2_sftp_close_handle(h) != 0 && !error) {
      error = c.fail("closing", temp);
    }
    if (error) {
      c.removeQuietly(temp);
      return *error;
    }
    if (!c.rename(temp, final)) {
      // The plain SFTP rename never replaces: a file that appeared meanwhile is compared.
      Error renameError = c.fail("renaming " + temp + " to", final);
      std::optional<Error> again;
      if (c.stat(final, again)) {
        c.removeQuietly(temp);
        auto same = alreadyThere();
        if (!same.ok()) return same.error();
        if (!*same) {
          return Error{ErrorCode::kConflict,
                       "sftp: a different file named " + file.name + " appeared in " + c.where() +
                           ":" + options_.outboundDir + " during the upload; it was left alone",
                       {}};
        }
        receipt.alreadyPresent = true;
        return receipt;
      }
      c.removeQuietly(temp);
      return renameError;
    }
    return receipt;
  });
}

domain::Result<std::vector<app::InboundEntry>> SftpTransport::list() {
  return withConnection([&](SftpConnection& c) -> domain::Result<std::vector<app::InboundEntry>> {
    const std::string& dir = options_.inboundDir;
    LIBSSH2_SFTP_HANDLE* h = libssh2_sftp_open_ex(
        c.sftp(), dir.data(), static_cast<unsigned>(dir.size()), 0, 0, LIBSSH2_SFTP_OPENDIR);
    if (h == nullptr) return c.fail("listing", dir);
    std::vector<app::InboundEntry> out;
    std::optional<Error> error;
    char name[512];
    for (;;) {
      LIBSSH2_SFTP_ATTRIBUTES attrs{};
      const int n = libssh2_sftp_readdir_ex(h, name, sizeof name, nullptr, 0, &attrs);
      if (n < 0) {
        error = c.fail("listing", dir);
        break;
      }
      if (n == 0) break;
      const std::string entry(name, static_cast<std::size_t>(n));
      if (!app::isInboundFileName(entry)) continue;
      if ((attrs.flags & LIBSSH2_SFTP_ATTR_PERMISSIONS) == 0 ||
          !LIBSSH2_SFTP_S_ISREG(attrs.permissions)) {
        continue;
      }
      const std::uint64_t size = (attrs.flags & LIBSSH2_SFTP_ATTR_SIZE) != 0 ? attrs.filesize : 0;
      out.push_back({entry, size});
    }
    if (!c.broken()) libssh2_sftp_close_handle(h);
    if (error) return *error;
    std::sort(out.begin(), out.end(), [](const app::InboundEntry& a, const app::InboundEntry& b) {
      return a.name < b.name;
    });
    return out;
  });
}

domain::Result<app::InboundFile> SftpTransport::read(const std::string& name) {
  if (!app::isInboundFileName(name)) {
    return Error{ErrorCode::kInvalid, "sftp: '" + name + "' is not an inbound file name", {}};
  }
  return withConnection([&](SftpConnection& c) -> domain::Result<app::InboundFile> {
    const std::string path = join(options_.inboundDir, name);
    std::optional<Error> statError;
    const auto attrs = c.stat(path, statError);
    if (!attrs) {
      if (statError) return *statError;
      return Error{ErrorCode::kNotFound,
                   "sftp: " + name + " is not in " + c.where() + ":" + options_.inboundDir,
                   {}};
    }
    if ((attrs->flags & LIBSSH2_SFTP_ATTR_SIZE) != 0 &&
        attrs->filesize > options_.maxInboundBytes) {
      return Error{ErrorCode::kInvalid,
                   "sftp: " + c.where() + ":" + path + " has " + std::to_string(attrs->filesize) +
                       " bytes, more than the limit of " + std::to_string(options_.maxInboundBytes),
                   {}};
    }
    auto bytes = c.download(path, options_.maxInboundBytes);
    if (!bytes.ok()) return bytes.error();
    return app::InboundFile{name, std::move(*bytes)};
  });
}

domain::Status SftpTransport::archive(const std::string& name) {
  if (!app::isInboundFileName(name)) {
    return Error{ErrorCode::kInvalid, "sftp: '" + name + "' is not an inbound file name", {}};
  }
  return withConnection([&](SftpConnection& c) -> domain::Status {
    const std::string& dir = options_.archiveDir;
    std::optional<Error> statError;
    if (!c.stat(dir, statError)) {
      if (statError) return *statError;
      if (libssh2_sftp_mkdir_ex(c.sftp(), dir.data(), static_cast<unsigned>(dir.size()),
                                LIBSSH2_SFTP_S_IRWXU) != 0) {
        std::optional<Error> again;
        if (!c.stat(dir, again)) return c.fail("creating the archive folder", dir);  // not a race
      }
    }
    const std::string from = join(options_.inboundDir, name);
    for (int n = 0; n <= 1000; ++n) {
      const std::string to = join(dir, n == 0 ? name : name + "." + std::to_string(n));
      if (c.rename(from, to)) return {};
      const Error renameError = c.fail("archiving " + from + " to", to);
      std::optional<Error> e1;
      if (!c.stat(from, e1)) {
        if (e1) return *e1;
        std::optional<Error> e2;
        if (c.stat(join(dir, name), e2)) return {};  // archived by an earlier call
        if (e2) return *e2;
        return Error{ErrorCode::kNotFound,
                     "sftp: " + name + " is neither in " + c.where() + ":" + options_.inboundDir +
                         " nor in " + dir,
                     {}};
      }
      std::optional<Error> e3;
      if (!c.stat(to, e3)) return e3 ? *e3 : renameError;  // it failed for another reason
    }
    return Error{ErrorCode::kConflict,
                 "sftp: the archive " + dir + " already holds 1000 files named " + name + ".N",
                 {}};
  });
}

}  // namespace medoffice::integrations
