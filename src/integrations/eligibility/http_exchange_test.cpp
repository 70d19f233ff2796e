// SPDX-License-Identifier: AGPL-3.0-or-later
// The real-time eligibility adapter against a real server on loopback: a plain answer, a chunked
// one, HTTP errors, a reset, an oversized and an empty answer, a refused port, a host name to
// resolve, and the time box held against a peer that is slow, that stalls mid-answer and that
// never accepts the connection. Also the URL rules it shares with the settings' validation.
#include "integrations/eligibility/http_exchange.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace medoffice::integrations {
namespace {

using app::ExchangeStatus;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

/// A listening socket on 127.0.0.1 with an ephemeral port.
int listenOn(int backlog, int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
  if (::listen(fd, backlog) != 0) return -1;
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  return fd;
}

void sendAll(int fd, const std::string& s) {
  std::size_t at = 0;
  while (at < s.size()) {
    const auto n = ::send(fd, s.data() + at, s.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return;
    at += static_cast<std::size_t>(n);
  }
}

/// Answers every connection with `behave(request, fd)` after reading the whole request (head
/// and Content-Length body). Records the requests.
class LoopbackServer {
 public:
  using Behaviour = std::function<void(const std::string& request, int fd)>;
  explicit LoopbackServer(Behaviour behave) : behave_(std::move(behave)) {
    fd_ = listenOn(16, port_);
    thread_ = std::thread([this] { loop(); });
  }
  ~LoopbackServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    for (auto& t : workers_) t.join();
  }
  [[nodiscard]] std::string url(const std::string& path = "/eligibility") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  [[nodiscard]] int port() const { return port_; }
  std::vector<std::string> requests() {
    std::lock_guard lock(m_);
    return requests_;
  }

 private:
  void loop() {
    while (!stop_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      workers_.emplace_back([this, c] {
        std::string req;
        char buf[4096];
        std::size_t need = std::string::npos;
        while (need == std::string::npos || req.size() < need) {
          const auto n = ::recv(c, buf, sizeof buf, 0);
          if (n <= 0) break;
          req.append(buf, static_cast<std::size_t>(n));
          if (need == std::string::npos) {
            const auto head = req.find("\r\n\r\n");
            if (head == std::string::npos) continue;
            std::size_t length = 0;
            const auto cl = req.find("Content-Length: ");
            if (cl != std::string::npos && cl < head) length = std::stoul(req.substr(cl + 16));
            need = head + 4 + length;
          }
        }
        {
          std::lock_guard lock(m_);
          requests_.push_back(req);
        }
        behave_(req, c);
        ::close(c);
      });
    }
  }

  Behaviour behave_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> workers_;
  std::mutex m_;
  std::vector<std::string> requests_;
};

domain::claims::RealtimeEligibility endpoint(const std::string& url, int connectMs = 1000,
                                             int totalMs = 2000) {
  domain::claims::RealtimeEligibility e;
  e.url = url;
  e.connectTimeoutMs = connectMs;
  e.timeoutMs = totalMs;
  return e;
}

std::string answer(const std::string& status, const std::string& body) {
  return "HTTP/1.1 " + status +
         "\r\nContent-Type: application/edi-x12\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

TEST(HttpEligibilityExchange, PostsThe270AndReturnsThe271) {
  LoopbackServer server([](const std::string& req, int fd) {
    const auto body = req.substr(req.find("\r\n\r\n") + 4);
    sendAll(fd, answer("200 OK", "ISA-271 for " + body));
  });
  HttpEligibilityExchange x;
  auto reply = x.exchange(endpoint(server.url("/rt/270?partner=7")), "ISA*270~");
  ASSERT_EQ(reply.status, ExchangeStatus::kAnswered) << reply.reason;
  EXPECT_EQ(reply.body, "ISA-271 for ISA*270~");
  const auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].rfind("POST /rt/270?partner=7 HTTP/1.1\r\n", 0), 0u) << reqs[0];
  EXPECT_NE(reqs[0].find("Content-Type: application/edi-x12\r\n"), std::string::npos);
  EXPECT_NE(reqs[0].find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"),
            std::string::npos);
  EXPECT_NE(reqs[0].find("Content-Length: 8\r\n"), std::string::npos);
}

TEST(HttpEligibilityExchange, ReadsAChunkedAnswerAndResolvesHostNames) {
  LoopbackServer server([](const std::string&, int fd) {
    sendAll(fd,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            "4\r\nISA*\r\n3\r\n271\r\n0\r\n\r\n");
  });
  HttpEligibilityExchange x;
  auto reply = x.exchange(
      endpoint("http://localhost:" + std::to_string(server.port()) + "/eligibility"), "270");
  ASSERT_EQ(reply.status, ExchangeStatus::kAnswered) << reply.reason;
  EXPECT_EQ(reply.body, "ISA*271");
}

TEST(HttpEligibilityExchange, HttpErrorsResetsAndUnusableAnswersFail) {
  struct Case {
    std::string name;
    LoopbackServer::Behaviour behave;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"500",
       [](const std::string&, int fd) { sendAll(fd, answer("500 Internal Server Error", "oops")); },
       "HTTP 500 Internal Server Error"},
      {"503",
       [](const std::string&, int fd) { sendAll(fd, answer("503 Service Unavailable", "")); },
       "HTTP 503"},
      {"reset",
       [](const std::string&, int fd) {
         linger l{1, 0};  // close with RST, answering nothing
         ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
       },
       "closed the connection before answering"},
      {"half an answer",
       [](const std::string&, int fd) {
         sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nISA*00");
       },
       "closed the connection before answering"},
      {"empty", [](const std::string&, int fd) { sendAll(fd, answer("200 OK", "")); },
       "empty body"},
      {"not http", [](const std::string&, int fd) { sendAll(fd, "SSH-2.0-OpenSSH_9.2\r\n\r\n"); },
       "not valid HTTP"},
      {"too large",
       [](const std::string&, int fd) { sendAll(fd, answer("200 OK", std::string(5000, 'x'))); },
       "larger than"},
  };
  HttpEligibilityExchange::Options options;
  options.maxAnswerBytes = 4096;
  HttpEligibilityExchange x(options);
  for (const auto& c : cases) {
    LoopbackServer server(c.behave);
    auto reply = x.exchange(endpoint(server.url()), "270");
    EXPECT_EQ(reply.status, ExchangeStatus::kFailed) << c.name;
    EXPECT_NE(reply.reason.find(c.reason), std::string::npos) << c.name << ": " << reply.reason;
    EXPECT_TRUE(reply.body.empty()) << c.name;
  }
}

TEST(HttpEligibilityExchange, ARefusedPortFailsAtOnce) {
  int port = 0;
  const int fd = listenOn(1, port);
  ::close(fd);  // nothing listens there any more
  HttpEligibilityExchange x;
  const auto t0 = Clock::now();
  auto reply = x.exchange(endpoint("http://127.0.0.1:" + std::to_string(port) + "/"), "270");
  EXPECT_EQ(reply.status, ExchangeStatus::kFailed);
  EXPECT_NE(reply.reason.find("refused the connection"), std::string::npos) << reply.reason;
  EXPECT_LT(Clock::now() - t0, 500ms);
}

TEST(HttpEligibilityExchange, ASlowOrStallingPeerTimesOutWithinTheBox) {
  std::atomic<bool> release{false};
  auto wait = [&release] {
    for (int i = 0; i < 300 && !release; ++i) std::this_thread::sleep_for(10ms);
  };
  LoopbackServer slow([&](const std::string&, int fd) {
    wait();
    sendAll(fd, answer("200 OK", "ISA*271"));
  });
  LoopbackServer stalls([&](const std::string&, int fd) {
    sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nISA*");
    wait();
  });
  HttpEligibilityExchange x;
  for (auto* server : {&slow, &stalls}) {
    const auto t0 = Clock::now();
    auto reply = x.exchange(endpoint(server->url(), 200, 400), "270");
    const auto took = Clock::now() - t0;
    EXPECT_EQ(reply.status, ExchangeStatus::kTimedOut) << reply.reason;
    EXPECT_NE(reply.reason.find("within 0.4 s"), std::string::npos) << reply.reason;
    EXPECT_GE(took, 390ms);
    EXPECT_LT(took, 600ms) << "the time box is 400 ms";
    EXPECT_GE(reply.elapsed.count(), 390);
  }
  release = true;
}

TEST(HttpEligibilityExchange, APeerThatNeverAcceptsTimesOutOnTheConnectTimeout) {
  // A listener whose queue is full: Linux drops further SYNs, so connecting hangs.
  int port = 0;
  const int fd = listenOn(0, port);
  std::vector<int> fillers;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  for (int i = 0; i < 4; ++i) {
    const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a);
    fillers.push_back(c);
  }
  std::this_thread::sleep_for(50ms);
  HttpEligibilityExchange x;
  const auto t0 = Clock::now();
  auto reply =
      x.exchange(endpoint("http://127.0.0.1:" + std::to_string(port) + "/", 300, 2000), "270");
  const auto took = Clock::now() - t0;
  for (int c : fillers) ::close(c);
  ::close(fd);
  EXPECT_EQ(reply.status, ExchangeStatus::kTimedOut) << reply.reason;
  EXPECT_NE(reply.reason.find("did not accept a connection within 0.3 s"), std::string::npos)
      << reply.reason;
  EXPECT_LT(took, 600ms) << "the connect timeout is 300 ms";
}

TEST(HttpEligibilityExchange, AnUnusableUrlFailsWithoutConnecting) {
  HttpEligibilityExchange x;
  auto reply = x.exchange(endpoint("ftp://ch.example.com/270"), "270");
  EXPECT_EQ(reply.status, ExchangeStatus::kFailed);
  EXPECT_NE(reply.reason.find("must start with https:// or http://"), std::string::npos)
      << reply.reason;
}

TEST(RealtimeEligibilitySettings, UrlRulesAndTimeBoxes) {
  using domain::claims::parseHttpUrl;
  auto ep = parseHttpUrl("http://ch.example.com:8443/rt/270?partner=7");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep->host, "ch.example.com");
  EXPECT_EQ(ep->port, 8443);
  EXPECT_EQ(ep->target, "/rt/270?partner=7");
  auto bare = parseHttpUrl("http://10.1.2.3");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->port, 80);
  EXPECT_EQ(bare->target, "/");
  auto v6 = parseHttpUrl("http://[::1]:9000/x");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 9000);
  EXPECT_FALSE(v6->tls);
  auto tls = parseHttpUrl("https://rt.clearinghouse.example/270");
  ASSERT_TRUE(tls.ok());
  EXPECT_TRUE(tls->tls);
  EXPECT_EQ(tls->port, 443);
  EXPECT_EQ(tls->target, "/270");
  auto tlsPort = parseHttpUrl("https://[::1]:8443");
  ASSERT_TRUE(tlsPort.ok());
  EXPECT_EQ(tlsPort->port, 8443);
  for (const char* bad : {"ftp://x/", "http://", "http://:80/", "http://h:0/", "http://h:70000/",
                          "http://h:8a/", "http://u:p@h/", "http://h/a b", "http://h/#x",
                          "https://", "https://u@h/", "http://[::1/"}) {
    auto r = parseHttpUrl(bad);
    ASSERT_FALSE(r.ok()) << bad;
    ASSERT_EQ(r.error().fields.size(), 1u) << bad;
    EXPECT_EQ(r.error().fields[0].field, "url") << bad;
  }
  domain::claims::RealtimeEligibility s;
  EXPECT_TRUE(domain::claims::validate(s).empty()) << "no URL: no real-time checks";
  s.url = "http://127.0.0.1:9/270";
  s.connectTimeoutMs = 5000;
  s.timeoutMs = 2000;
  auto problems = domain::claims::validate(s);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "connect_timeout_ms");
  s.timeoutMs = 90000;
  problems = domain::claims::validate(s);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "timeout_ms");
}

}  // namespace
}  // namespace medoffice::integrations
