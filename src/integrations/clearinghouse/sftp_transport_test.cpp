// SPDX-License-Identifier: AGPL-3.0-or-later
// SftpTransport against a real OpenSSH server that the test starts on loopback (Debian's
// /usr/sbin/sshd with internal-sftp, keys made by ssh-keygen in a temporary folder). Works as
// root (it then needs /run/sshd, which it creates when missing) and as a normal user; skipped
// with a message when sshd or ssh-keygen is not installed.
#include "integrations/clearinghouse/sftp_transport.hpp"
#include "integrations/clearinghouse/transports.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace medoffice::integrations {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kSshd = "/usr/sbin/sshd";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void put(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

/// Runs a program and waits; its output goes to `log`. True when it exited with 0.
bool run(const std::vector<std::string>& argv, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

/// A connected socket to 127.0.0.1:port, or -1.
int connectTo(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// A throwaway OpenSSH server on 127.0.0.1 with an SFTP subsystem, keys and folders in a
/// temporary directory.
class SshServer {
 public:
  fs::path dir;
  int port = 0;
  std::string user;
  std::string skipReason;  ///< non-empty when the server could not be started
  pid_t pid = -1;

  SshServer() {
    if (!fs::exists(kSshd) || !fs::exists("/usr/bin/ssh-keygen")) {
      skipReason =
          "OpenSSH (/usr/sbin/sshd, /usr/bin/ssh-keygen) is not installed: install "
          "openssh-server (scripts/setup --test) to run the SFTP transport tests";
      return;
    }
    std::string tmpl = (fs::temp_directory_path() / "medoffice-sshd-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    fs::create_directories(dir / "outbound");
    fs::create_directories(dir / "inbound");
    const passwd* pw = ::getpwuid(::geteuid());
    user = pw != nullptr ? pw->pw_name : "root";
    if (::geteuid() == 0 && !fs::exists("/run/sshd")) {
      // sshd started as root needs its privilege separation folder (the service makes it).
      std::error_code ec;
      fs::create_directories("/run/sshd", ec);
      fs::permissions("/run/sshd",
                      fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                          fs::perms::others_read | fs::perms::others_exec,
                      ec);
    }
    const fs::path log = dir / "setup.log";
    for (const char* key : {"host_key", "other_host_key", "user_key", "stranger_key"}) {
      if (!run({"/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key, "-f",
                (dir / key).string()},
               log)) {
        skipReason = "ssh-keygen failed: " + slurp(log);
        return;
      }
    }
    fs::copy_file(dir / "user_key.pub", dir / "authorized_keys");
    port = freePort();
    std::ofstream(dir / "sshd_config")
        << "Port " << port << "\nListenAddress 127.0.0.1\nHostKey " << (dir / "host_key").string()
        << "\nAuthorizedKeysFile " << (dir / "authorized_keys").string() << "\nPidFile "
        << (dir / "sshd.pid").string()
        << "\nUsePAM no\nStrictModes no\nPasswordAuthentication yes\n"
           "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
           "Subsystem sftp internal-sftp\nLogLevel INFO\n";
    start();
  }

  void start() {
    pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);  // its own group: the tests stop and kill sshd with its children
      const int fd = ::open((dir / "sshd.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      const std::string config = (dir / "sshd_config").string();
      ::execl(kSshd, kSshd, "-D", "-e", "-f", config.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid, pid);
    // Ready when it answers with its banner.
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      const int fd = connectTo(port);
      if (fd >= 0) {
        pollfd p{fd, POLLIN, 0};
        char banner[8] = {};
        const bool ok = ::poll(&p, 1, 1000) == 1 && ::recv(fd, banner, 7, 0) == 7 &&
                        std::string(banner) == "SSH-2.0";
        ::close(fd);
        if (ok) return;
      }
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        skipReason = "sshd exited at start: " + slurp(dir / "sshd.log");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    skipReason = "sshd did not answer within 10 s: " + slurp(dir / "sshd.log");
  }

  /// Stops sshd and every session it serves, then starts it again on the same port.
  void restart() {
    stop();
    start();
  }

  ~SshServer() {
    stop();
    if (!dir.empty()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }

  void stop() {
    if (pid > 0) {
      ::kill(-pid, SIGCONT);
      ::kill(-pid, SIGTERM);
      const auto deadline = Clock::now() + std::chrono::seconds(3);
      int status = 0;
      while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (Clock::now() > deadline) {
          ::kill(-pid, SIGKILL);
          ::waitpid(pid, &status, 0);
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      pid = -1;
    }
  }

  /// A known_hosts file with `keyFile`'s public key for this server's address and `port`.
  fs::path knownHosts(const std::string& keyFile, int forPort, const std::string& name) const {
    std::istringstream pub(slurp(dir / (keyFile + ".pub")));
    std::string type;
    std::string blob;
    pub >> type >> blob;
    const fs::path p = dir / name;
    std::ofstream(p) << "[127.0.0.1]:" << forPort << " " << type << " " << blob << "\n";
    return p;
  }

  /// The fingerprint `ssh-keygen -lf` prints for a public key file.
  std::string fingerprint(const std::string& keyFile) const {
    const fs::path out = dir / (keyFile + ".fp");
    run({"/usr/bin/ssh-keygen", "-lf", (dir / (keyFile + ".pub")).string()}, out);
    std::istringstream in(slurp(out));
    std::string bits;
    std::string fp;
    in >> bits >> fp;
    return fp;
  }

  SftpOptions options() const {
    SftpOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.user = user;
    o.privateKey = dir / "user_key";
    o.knownHosts = knownHosts("host_key", port, "known_hosts");
    o.outboundDir = (dir / "outbound").string();
    o.inboundDir = (dir / "inbound").string();
    o.connectTimeout = std::chrono::milliseconds(2000);
    o.ioTimeout = std::chrono::milliseconds(2000);
    return o;
  }
};

/// Forwards one TCP connection to `target` until frozen: after `freezeAfter` bytes from the
/// client it stops passing anything on, in either direction, but keeps both sockets open (a
/// server that stops answering without closing).
class FreezingProxy {
 public:
  int port = 0;

  FreezingProxy(int target, std::size_t freezeAfter) : target_(target), freezeAfter_(freezeAfter) {
    listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listen_, 4);
    socklen_t len = sizeof a;
    ::getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    thread_ = std::thread([this] { loop(); });
  }
  ~FreezingProxy() {
    stop_ = true;
    thread_.join();
    ::close(listen_);
  }
  [[nodiscard]] bool frozen() const { return frozen_; }

 private:
  void loop() {
    pollfd l{listen_, POLLIN, 0};
    while (!stop_ && ::poll(&l, 1, 50) == 0) {
    }
    if (stop_) return;
    const int client = ::accept(listen_, nullptr, nullptr);
    const int server = connectTo(target_);
    std::size_t up = 0;
    char buffer[65536];
    while (!stop_) {
      if (frozen_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (::poll(p, 2, 50) <= 0) continue;
      if (p[0].revents != 0) {
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        ::send(server, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL);
        up += static_cast<std::size_t>(n);
        if (up > freezeAfter_) frozen_ = true;
      }
      if (p[1].revents != 0 && !frozen_) {
        const ssize_t n = ::recv(server, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        ::send(client, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL);
      }
    }
    while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::close(client);
    ::close(server);
  }

  int target_;
  std::size_t freezeAfter_;
  int listen_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<bool> frozen_{false};
  std::thread thread_;
};

/// Files in a folder whose names start with '.'.
std::vector<std::string> hidden(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().front() == '.') out.push_back(e.path().filename().string());
  }
  return out;
}

class Sftp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new SshServer();
    if (!server_->skipReason.empty()) return;
    // sshd refuses some accounts whatever the key (a locked one such as nobody's): that is the
    // machine, not the transport.
    auto t = SftpTransport::create(server_->options());
    if (t.ok() && !(*t)->probe().ok()) {
      const std::string log = slurp(server_->dir / "sshd.log");
      const auto at = log.find("not allowed because");
      if (at != std::string::npos) {
        const auto from = log.rfind('\n', at);
        server_->skipReason =
            "sshd does not let this account log in: " +
            log.substr(from == std::string::npos ? 0 : from + 1,
                       log.find('\n', at) - (from == std::string::npos ? 0 : from + 1));
      }
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!server_->skipReason.empty()) GTEST_SKIP() << server_->skipReason;
  }
  static std::unique_ptr<SftpTransport> transport(const SftpOptions& o) {
    auto t = SftpTransport::create(o);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? std::move(*t) : nullptr;
  }
  static SshServer* server_;
};
SshServer* Sftp::server_ = nullptr;

TEST_F(Sftp, UploadArrivesWithTheRightBytesAndNoTemporaryFile) {
  const SshServer& s = *server_;
  auto t = transport(s.options());
  std::string bytes;
  for (std::int64_t i = 0; i < 300'000; ++i) bytes += static_cast<char>('A' + (i * 7919) % 26);
  const auto started = Clock::now();
  auto r = t->send({"B000000031.837", bytes});
  const auto took = Clock::now() - started;
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->alreadyPresent);
  EXPECT_EQ(r->reference, "sftp://127.0.0.1:" + std::to_string(s.port) +
                              (s.dir / "outbound" / "B000000031.837").string());
  const fs::path arrived = s.dir / "outbound" / "B000000031.837";
  EXPECT_EQ(slurp(arrived), bytes);
  EXPECT_EQ(fs::status(arrived).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_TRUE(hidden(s.dir / "outbound").empty());
  EXPECT_LT(took, std::chrono::seconds(2));

  // A re-send after a crash finds the same bytes and writes nothing.
  auto again = t->send({"B000000031.837", bytes});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->alreadyPresent);
  // Other bytes under that name are refused, and the file is left alone.
  auto other = t->send({"B000000031.837", bytes + "X"});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, domain::ErrorCode::kConflict);
  EXPECT_NE(other.error().message.find("a different file named B000000031.837"), std::string::npos);
  EXPECT_EQ(slurp(arrived), bytes);
  EXPECT_TRUE(hidden(s.dir / "outbound").empty());
  EXPECT_EQ(t->send({"../escape.837", bytes}).error().code, domain::ErrorCode::kInvalid);
}

// A clearinghouse's settings as an office enters them (SettingsTransports) reach the same
// server: host, port, user, key, known_hosts and the remote folders are all carried over.
TEST_F(Sftp, ClearinghouseSettingsOpenAWorkingTransport) {
  const SshServer& s = *server_;
  const SftpOptions o = s.options();
  domain::claims::Clearinghouse c;
  c.name = "SFTP clearinghouse";
  c.transport = domain::claims::TransportKind::kSftp;
  c.sftpHost = o.host;
  c.sftpPort = o.port;
  c.sftpUser = o.user;
  c.sftpKeyFile = o.privateKey.string();
  c.sftpKnownHosts = o.knownHosts.string();
  c.outbox = o.outboundDir;
  c.inbox = o.inboundDir;
  c.archive = (s.dir / "inbound" / "done").string();
  SettingsTransports transports;
  auto t = transports.open(c);
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto sent = (*t)->send({"MO1-1-7.837", "ISA*batch~"});
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_EQ(slurp(s.dir / "outbound" / "MO1-1-7.837"), "ISA*batch~");
  // Settings that cannot make a transport are refused naming what is missing.
  c.sftpKnownHosts.clear();
  auto bad = transports.open(c);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, domain::ErrorCode::kInvalid);
}

TEST_F(Sftp, ListReadAndArchiveInboundFiles) {
  const SshServer& s = *server_;
  auto t = transport(s.options());
  const fs::path in = s.dir / "inbound";
  put(in / "999-000000031.x12", "ISA*999");
  put(in / "277CA-000000031.x12", "ISA*277CA*longer");
  put(in / ".upload-in-progress", "half");
  fs::create_directories(in / "subfolder");

  auto entries = t->list();
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].name, "277CA-000000031.x12");
  EXPECT_EQ((*entries)[0].size, 16u);
  EXPECT_EQ((*entries)[1].name, "999-000000031.x12");

  auto file = t->read("277CA-000000031.x12");
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->bytes, "ISA*277CA*longer");
  auto missing = t->read("nothing.x12");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, domain::ErrorCode::kNotFound);

  auto fetched = t->fetch();
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  ASSERT_EQ(fetched->size(), 2u);
  EXPECT_EQ((*fetched)[1].bytes, "ISA*999");

  ASSERT_TRUE(t->archive("999-000000031.x12").ok());
  EXPECT_EQ(slurp(in / "processed" / "999-000000031.x12"), "ISA*999");
  EXPECT_FALSE(fs::exists(in / "999-000000031.x12"));
  entries = t->list();
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  // Archived twice (a crash before the caller noted it): fine. Never there: kNotFound.
  EXPECT_TRUE(t->archive("999-000000031.x12").ok());
  EXPECT_EQ(t->archive("never.x12").error().code, domain::ErrorCode::kNotFound);
  // A later file of the same name does not replace the archived one.
  put(in / "999-000000031.x12", "ISA*999*again");
  ASSERT_TRUE(t->archive("999-000000031.x12").ok());
  EXPECT_EQ(slurp(in / "processed" / "999-000000031.x12"), "ISA*999");
  EXPECT_EQ(slurp(in / "processed" / "999-000000031.x12.1"), "ISA*999*again");

  // A file over the limit is refused before it is downloaded.
  SftpOptions small = s.options();
  small.maxInboundBytes = 10;
  auto limited = transport(small)->read("277CA-000000031.x12");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, domain::ErrorCode::kInvalid);
  EXPECT_NE(limited.error().message.find("16 bytes, more than the limit of 10"), std::string::npos);
}

TEST_F(Sftp, AnUnknownOrChangedHostKeyIsRefused) {
  const SshServer& s = *server_;
  // The right fingerprint alone is enough, and ours matches ssh-keygen's.
  SftpOptions byFingerprint = s.options();
  byFingerprint.knownHosts.clear();
  byFingerprint.hostKeyFingerprint = s.fingerprint("host_key");
  ASSERT_EQ(byFingerprint.hostKeyFingerprint.rfind("SHA256:", 0), 0u);
  auto ok = transport(byFingerprint)->probe();
  EXPECT_TRUE(ok.ok()) << ok.error().message;

  // known_hosts holds another key for this server: changed.
  SftpOptions changed = s.options();
  changed.knownHosts = s.knownHosts("other_host_key", s.port, "changed_known_hosts");
  auto r = transport(changed)->send({"B1.837", "ISA"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kForbidden);
  EXPECT_NE(r.error().message.find("the host key of 127.0.0.1:" + std::to_string(s.port) +
                                   " (ssh-ed25519 " + s.fingerprint("host_key") +
                                   ") differs from the one in"),
            std::string::npos)
      << r.error().message;
  EXPECT_FALSE(fs::exists(s.dir / "outbound" / "B1.837"));

  // known_hosts knows the key under another port only: unknown.
  SftpOptions unknown = s.options();
  unknown.knownHosts = s.knownHosts("host_key", s.port + 1, "other_port_known_hosts");
  auto u = transport(unknown)->list();
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, domain::ErrorCode::kForbidden);
  EXPECT_NE(u.error().message.find("is not in"), std::string::npos) << u.error().message;
  EXPECT_NE(u.error().message.find(s.fingerprint("host_key")), std::string::npos);

  // A wrong fingerprint, even with a matching known_hosts.
  SftpOptions wrong = s.options();
  wrong.hostKeyFingerprint = s.fingerprint("other_host_key");
  auto w = transport(wrong)->probe();
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, domain::ErrorCode::kForbidden);
  EXPECT_NE(w.error().message.find("not the configured " + s.fingerprint("other_host_key")),
            std::string::npos);

  // A missing known_hosts file is no excuse to skip the check.
  SftpOptions absent = s.options();
  absent.knownHosts = s.dir / "no_such_known_hosts";
  auto a = transport(absent)->probe();
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, domain::ErrorCode::kForbidden);

  // And no host key source at all is refused before connecting.
  SftpOptions none = s.options();
  none.knownHosts.clear();
  auto n = SftpTransport::create(none);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().fields.at(0).field, "known_hosts");
}

TEST_F(Sftp, RefusedCredentialsAreReported) {
  const SshServer& s = *server_;
  SftpOptions stranger = s.options();
  stranger.privateKey = s.dir / "stranger_key";
  auto r = transport(stranger)->probe();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kUnauthenticated);
  EXPECT_NE(r.error().message.find("authenticating as " + s.user + " with the key"),
            std::string::npos)
      << r.error().message;
  SftpOptions password = s.options();
  password.privateKey.clear();
  password.password = "not-the-password";
  auto p = transport(password)->probe();
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, domain::ErrorCode::kUnauthenticated);
}

TEST_F(Sftp, AServerThatStopsAnsweringTimesOut) {
  const SshServer& s = *server_;
  // Mid-upload: the connection goes silent after 256 KiB.
  FreezingProxy proxy(s.port, 256 * 1024);
  SftpOptions o = s.options();
  o.port = proxy.port;
  o.knownHosts.clear();
  o.hostKeyFingerprint = s.fingerprint("host_key");
  // Long enough for a handshake on a busy machine; the stall comes later, in the upload.
  o.ioTimeout = std::chrono::milliseconds(2000);
  const std::string big(4u << 20, 'x');
  auto started = Clock::now();
  auto r = transport(o)->send({"B9.837", big});
  auto took = Clock::now() - started;
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(proxy.frozen());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("uploading 127.0.0.1:" + std::to_string(proxy.port) + ":" +
                                   (s.dir / "outbound" / ".B9.837.").string()),
            std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("did not answer within 2000 ms"), std::string::npos)
      << r.error().message;
  // libssh2 counts the timeout in whole seconds (up to 1 s more), plus the handshake.
  EXPECT_LT(took, std::chrono::milliseconds(2000 + 4000));
  std::cout << "[ measured ] upload stalled after 256 KiB: failed after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
            << " ms (ioTimeout 2000 ms)\n";
  EXPECT_FALSE(fs::exists(s.dir / "outbound" / "B9.837"));

  // Before the banner: sshd stopped (SIGSTOP) still accepts TCP but never answers.
  ASSERT_EQ(::kill(-s.pid, SIGSTOP), 0);
  SftpOptions stopped = s.options();
  stopped.ioTimeout = std::chrono::milliseconds(1000);
  started = Clock::now();
  auto p = transport(stopped)->probe();
  took = Clock::now() - started;
  ::kill(-s.pid, SIGCONT);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, domain::ErrorCode::kUnavailable);
  EXPECT_NE(p.error().message.find("SSH handshake with 127.0.0.1"), std::string::npos)
      << p.error().message;
  EXPECT_LT(took, std::chrono::milliseconds(1000 + 4000));
  std::cout << "[ measured ] silent server before the banner: failed after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
            << " ms (ioTimeout 1000 ms)\n";

  // Nobody listening: refused at once.
  SftpOptions closed = s.options();
  closed.port = freePort();
  auto c = transport(closed)->probe();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, domain::ErrorCode::kUnavailable);
  EXPECT_NE(c.error().message.find("connecting to 127.0.0.1:" + std::to_string(closed.port) +
                                   " failed: Connection refused"),
            std::string::npos)
      << c.error().message;

  // The server works again afterwards.
  auto again = transport(s.options())->probe();
  EXPECT_TRUE(again.ok()) << again.error().message;
}

TEST_F(Sftp, AConnectionTheServerClosedBetweenCallsIsReplaced) {
  SshServer& s = *server_;
  auto t = transport(s.options());
  put(s.dir / "inbound" / "835-1.x12", "ISA*835");
  auto first = t->list();  // opens the connection it keeps
  ASSERT_TRUE(first.ok()) << first.error().message;
  s.restart();  // every session of the old server ends
  ASSERT_TRUE(s.skipReason.empty()) << s.skipReason;
  auto second = t->read("835-1.x12");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->bytes, "ISA*835");
  ASSERT_TRUE(t->archive("835-1.x12").ok());
  // Without keep-alive every call has its own connection, and works the same.
  SftpOptions once = s.options();
  once.keepAlive = std::chrono::seconds(0);
  auto t2 = transport(once);
  ASSERT_TRUE(t2->send({"B5.837", "ISA*5"}).ok());
  ASSERT_TRUE(t2->send({"B5.837", "ISA*5"})->alreadyPresent);
}

TEST(SftpOptionsCheck, MissingSettingsAreNamed) {
  auto r = SftpTransport::create({});
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"host", "user", "private_key", "known_hosts"}));
  SftpOptions o;
  o.host = "h";
  o.user = "u";
  o.password = "p";
  o.hostKeyFingerprint = "MD5:aa";
  auto f = SftpTransport::create(o);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().fields.at(0).field, "host_key_fingerprint");
  EXPECT_EQ(sshFingerprint(""), "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
}

}  // namespace
}  // namespace medoffice::integrations
