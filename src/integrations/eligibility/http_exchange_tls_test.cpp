// SPDX-License-Identifier: AGPL-3.0-or-later
// The real-time eligibility adapter over https:// against a real TLS server on loopback (OpenSSL,
// a certificate made for the test by the openssl command): a trusted certificate for the address
// or the host name is answered; an untrusted certificate, one for another name, and a peer that
// does not speak TLS fail with the reason, within the time box. SSL_CERT_FILE stands in for the
// system's trusted CAs, as it does for OpenSSL everywhere.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "integrations/eligibility/http_exchange.hpp"

namespace medoffice::integrations {
namespace {

using app::ExchangeStatus;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// A key and a self-signed certificate for `names` (subjectAltName), made by the openssl
/// command in a directory of their own; empty when the command is missing.
struct Certificate {
  fs::path dir, cert, key;
  explicit Certificate(const std::string& tag, const std::string& names) {
    dir = fs::temp_directory_path() / ("medoffice-tls-" + tag + "-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    cert = dir / "cert.pem";
    key = dir / "key.pem";
    const std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=medoffice-test -addext 'subjectAltName=" +
        names + "' -keyout '" + key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) cert.clear();
  }
  ~Certificate() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

/// SSL_CERT_FILE for the life of the object: the CAs a client's default verify paths trust.
struct TrustOnly {
  explicit TrustOnly(const fs::path& file) { ::setenv("SSL_CERT_FILE", file.c_str(), 1); }
  ~TrustOnly() { ::unsetenv("SSL_CERT_FILE"); }
};

/// A TLS server on 127.0.0.1: reads one request (head and Content-Length body) per connection
/// and answers with a 271; or, without a certificate, answers in plain HTTP.
class TlsServer {
 public:
  explicit TlsServer(const Certificate* c) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 16);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    if (c != nullptr) {
      ctx_ = SSL_CTX_new(TLS_server_method());
      SSL_CTX_use_certificate_file(ctx_, c->cert.c_str(), SSL_FILETYPE_PEM);
      SSL_CTX_use_PrivateKey_file(ctx_, c->key.c_str(), SSL_FILETYPE_PEM);
    }
    thread_ = std::thread([this] { loop(); });
  }
  ~TlsServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
  }
  [[nodiscard]] int port() const { return port_; }
  std::vector<std::string> requests() {
    std::lock_guard lock(m_);
    return requests_;
  }
  std::vector<std::string> serverNames() {
    std::lock_guard lock(m_);
    return names_;
  }

 private:
  void loop() {
    for (;;) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      if (ctx_ == nullptr) {
        // Not TLS: whatever the client sends, a plain HTTP answer.
        const std::string plain = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n271";
        char buf[512];
        (void)::recv(c, buf, sizeof buf, 0);
        (void)::send(c, plain.data(), plain.size(), MSG_NOSIGNAL);
        ::close(c);
        continue;
      }
      SSL* ssl = SSL_new(ctx_);
      SSL_set_fd(ssl, c);
      if (SSL_accept(ssl) == 1) {
        const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
        std::string req;
        char buf[4096];
        std::size_t need = std::string::npos;
        while (need == std::string::npos || req.size() < need) {
          const int n = SSL_read(ssl, buf, sizeof buf);
          if (n <= 0) break;
          req.append(buf, static_cast<std::size_t>(n));
          const auto head = req.find("\r\n\r\n");
          if (need == std::string::npos && head != std::string::npos) {
            const auto cl = req.find("Content-Length: ");
            need = head + 4 +
                   (cl != std::string::npos && cl < head ? std::stoul(req.substr(cl + 16)) : 0);
          }
        }
        {
          std::lock_guard lock(m_);
          requests_.push_back(req);
          names_.push_back(sni != nullptr ? sni : "");
        }
        const std::string body = "ISA-271 over TLS";
        const std::string answer =
            "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\nConnection: close\r\n\r\n" + body;
        SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
        SSL_shutdown(ssl);
      }
      SSL_free(ssl);
      ::close(c);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  SSL_CTX* ctx_ = nullptr;
  std::thread thread_;
  std::mutex m_;
  std::vector<std::string> requests_;
  std::vector<std::string> names_;
};

domain::claims::RealtimeEligibility endpoint(const std::string& url) {
  domain::claims::RealtimeEligibility e;
  e.url = url;
  e.connectTimeoutMs = 1000;
  e.timeoutMs = 3000;
  return e;
}

TEST(HttpsEligibilityExchange, ATrustedCertificateForTheAddressOrTheNameIsAnswered) {
  Certificate cert("ok", "IP:127.0.0.1,DNS:localhost");
  if (cert.cert.empty()) GTEST_SKIP() << "the openssl command is not installed";
  TlsServer server(&cert);
  TrustOnly trust(cert.cert);
  HttpEligibilityExchange x;
  const std::string port = std::to_string(server.port());
  auto byAddress = x.exchange(endpoint("https://127.0.0.1:" + port + "/rt/270"), "ISA*270~");
  ASSERT_EQ(byAddress.status, ExchangeStatus::kAnswered) << byAddress.reason;
  EXPECT_EQ(byAddress.body, "ISA-271 over TLS");
  auto byName = x.exchange(endpoint("https://localhost:" + port + "/rt/270"), "ISA*270~");
  ASSERT_EQ(byName.status, ExchangeStatus::kAnswered) << byName.reason;
  const auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].rfind("POST /rt/270 HTTP/1.1\r\n", 0), 0u) << reqs[0];
  EXPECT_NE(reqs[0].find("\r\n\r\nISA*270~"), std::string::npos) << reqs[0];
  EXPECT_NE(reqs[1].find("Host: localhost:" + port + "\r\n"), std::string::npos) << reqs[1];
  // SNI names the host, never an address.
  EXPECT_EQ(server.serverNames(), (std::vector<std::string>{"", "localhost"}));
}

TEST(HttpsEligibilityExchange, AnUntrustedOrMisnamedCertificateFailsWithTheReason) {
  Certificate cert("bad", "DNS:other.example");
  Certificate stranger("stranger", "IP:127.0.0.1");
  if (cert.cert.empty() || stranger.cert.empty()) {
    GTEST_SKIP() << "the openssl command is not installed";
  }
  TlsServer server(&cert);
  const std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/rt/270";
  {
    // An exchange reads the trusted CAs once, at its first https:// call: one per case.
    TrustOnly trust(stranger.cert);  // a CA that did not sign the server's certificate
    HttpEligibilityExchange x;
    auto reply = x.exchange(endpoint(url), "ISA*270~");
    EXPECT_EQ(reply.status, ExchangeStatus::kFailed);
    EXPECT_NE(reply.reason.find("could not make a secure connection with the clearinghouse at "
                                "127.0.0.1:"),
              std::string::npos)
        << reply.reason;
    EXPECT_NE(reply.reason.find("certificate verify failed"), std::string::npos) << reply.reason;
  }
  {
    TrustOnly trust(cert.cert);  // trusted, but made out to another name
    HttpEligibilityExchange x;
    auto reply = x.exchange(endpoint(url), "ISA*270~");
    EXPECT_EQ(reply.status, ExchangeStatus::kFailed);
    EXPECT_NE(reply.reason.find("certificate verify failed"), std::string::npos) << reply.reason;
  }
  EXPECT_TRUE(server.requests().empty()) << "no 270 went to a server not proven";
}

TEST(HttpsEligibilityExchange, APeerThatDoesNotSpeakTlsFailsAtOnce) {
  TlsServer plain(nullptr);
  HttpEligibilityExchange x;
  const auto started = std::chrono::steady_clock::now();
  auto reply =
      x.exchange(endpoint("https://127.0.0.1:" + std::to_string(plain.port()) + "/"), "ISA*270~");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_EQ(reply.status, ExchangeStatus::kFailed);
  EXPECT_NE(reply.reason.find("could not make a secure connection"), std::string::npos)
      << reply.reason;
}

}  // namespace
}  // namespace medoffice::integrations
