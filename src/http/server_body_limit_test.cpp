// SPDX-License-Identifier: AGPL-3.0-or-later
// The per-route body limit over real sockets: a large-body route takes a big body only from an
// admitted caller holding its permission, decided from the header before the body is read.
// The http library is built with BOOST_ASIO_NO_DEPRECATED, which changes Asio's classes: this
// client must see the same ones.
#ifndef BOOST_ASIO_NO_DEPRECATED
#define BOOST_ASIO_NO_DEPRECATED
#endif

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <thread>

#include "http/server.hpp"

namespace medoffice::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// "Bearer biller" is a biller, "Bearer desk" front desk; anything else is refused.
class TokenGate final : public Gatekeeper {
 public:
  domain::Status admit(Request& req) override {
    ++admits;
    const std::string a = req.header("authorization");
    if (a != "Bearer biller" && a != "Bearer desk") {
      return domain::Error::unauthenticated("Sign in first.");
    }
    domain::Principal p;
    p.userId = domain::UserId(3);
    p.organizationId = domain::OrganizationId(1);
    p.roles = {a == "Bearer biller" ? domain::Role::kBiller : domain::Role::kFrontDesk};
    req.principal = p;
    return {};
  }
  void denied(const Request&, domain::Permission) override {}
  std::atomic<int> admits{0};
};

struct Answer {
  int status = 0;
  std::string body;
};

class BodyLimitServer : public ::testing::Test {
 protected:
  void SetUp() override {
    auto echo = [this](const Request& req, const PathParams&) -> domain::Result<Response> {
      lastBodySize = req.body.size();
      Response r;
      r.body = std::to_string(req.body.size());
      return r;
    };
    router.add("POST", "/x12", "", Access::need(domain::Permission::kClaimSubmit), echo);
    router.add("POST", "/small", "", Access::need(domain::Permission::kClaimSubmit), echo);
    router.allowLargeBody("POST", "/x12");
    ServerOptions o;
    o.port = 0;
    o.workerThreads = 2;
    o.bodyLimit = 1000;
    o.largeBodyLimit = 100000;
    server = std::make_unique<Server>(router, metrics, gate, o);
    port = server->listen();
    runner = std::thread([this] { server->run(); });
  }
  void TearDown() override {
    server->stop();
    runner.join();
    server.reset();
  }

  Answer post(const std::string& path, std::size_t size, const std::string& auth,
              bool chunked = false) {
    asio::io_context ioc;
    beast::tcp_stream s(ioc);
    s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    s.expires_after(std::chrono::seconds(10));
    bhttp::request<bhttp::string_body> req(bhttp::verb::post, path, 11);
    req.set(bhttp::field::host, "localhost");
    if (!auth.empty()) req.set(bhttp::field::authorization, auth);
    req.body() = std::string(size, 'X');
    if (chunked) {
      req.chunked(true);
    } else {
      req.prepare_payload();
    }
    beast::error_code ec;
    // The server may answer 413 and stop reading before the whole body is written.
    bhttp::write(s, req, ec);
    return answer(s);
  }

  /// The next response on `s`; status 0 when none could be read.
  static Answer answer(beast::tcp_stream& s) {
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    beast::error_code ec;
    bhttp::read(s, buf, res, ec);
    if (ec) return {};
    return {static_cast<int>(res.result_int()), res.body()};
  }

  Router router;
  Metrics metrics;
  TokenGate gate;
  std::unique_ptr<Server> server;
  std::uint16_t port = 0;
  std::thread runner;
  std::size_t lastBodySize = 0;
};

TEST_F(BodyLimitServer, AnAdmittedCallerMaySendALargeBodyToALargeBodyRoute) {
  Answer a = post("/x12", 50000, "Bearer biller");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "50000");
  EXPECT_EQ(lastBodySize, 50000U);
  a = post("/x12", 60000, "Bearer biller", true);  // chunked: no Content-Length to judge by
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "60000");
}

TEST_F(BodyLimitServer, OthersKeepTheDefaultLimit) {
  // No credentials: 413 from the header, the handler never runs.
  Answer a = post("/x12", 50000, "");
  EXPECT_EQ(a.status, 413);
  EXPECT_NE(a.body.find("larger than 1000 bytes"), std::string::npos) << a.body;
  a = post("/x12", 50000, "", true);
  EXPECT_EQ(a.status, 413);
  a = post("/x12", 50000, "Bearer forged");
  EXPECT_EQ(a.status, 413);
  // Admitted, but without the route's permission.
  a = post("/x12", 50000, "Bearer desk");
  EXPECT_EQ(a.status, 413);
  // Another route keeps the default limit even for the biller.
  a = post("/small", 50000, "Bearer biller");
  EXPECT_EQ(a.status, 413);
  // Over the large limit.
  a = post("/x12", 100001, "Bearer biller");
  EXPECT_EQ(a.status, 413);
  EXPECT_NE(a.body.find("larger than 100000 bytes"), std::string::npos) << a.body;
  a = post("/x12", 100001, "Bearer biller", true);
  EXPECT_EQ(a.status, 413);
  EXPECT_EQ(lastBodySize, 0U);
}

TEST_F(BodyLimitServer, SmallBodiesGoThroughTheUsualAdmission) {
  const int before = gate.admits.load();
  Answer a = post("/x12", 500, "");
  EXPECT_EQ(a.status, 401);  // a small body is read and the route refuses the caller
  a = post("/x12", 500, "Bearer biller");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "500");
  // A body within the default limit needs no early admission: dispatch admits once.
  EXPECT_EQ(gate.admits.load() - before, 2);
}

// curl sends "Expect: 100-continue" with bodies over 1 KB and holds the body back until the
// server says go on (or a second passes). The server says so once the body is acceptable, and
// answers a body it will not take with its final status at once.
TEST_F(BodyLimitServer, ACallerExpecting100ContinueIsAskedForTheBodyOrRefusedAtOnce) {
  auto head = [&](const std::string& auth, std::size_t size) {
    return "POST /x12 HTTP/1.1\r\nHost: localhost\r\n" +
           (auth.empty() ? std::string() : "Authorization: " + auth + "\r\n") +
           "Content-Length: " + std::to_string(size) + "\r\nExpect: 100-continue\r\n\r\n";
  };
  asio::io_context ioc;
  auto connect = [&] {
    beast::tcp_stream s(ioc);
    s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    s.expires_after(std::chrono::seconds(5));
    return s;
  };
  {
    beast::tcp_stream s = connect();
    asio::write(s, asio::buffer(head("Bearer biller", 50000)));
    // The interim answer comes before any of the body is sent.
    std::string interim;
    asio::read_until(s, asio::dynamic_buffer(interim), "\r\n\r\n");
    EXPECT_EQ(interim.substr(0, interim.find("\r\n")), "HTTP/1.1 100 Continue");
    asio::write(s, asio::buffer(std::string(50000, 'X')));
    const Answer a = answer(s);
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body, "50000");
  }
  {
    beast::tcp_stream s = connect();
    asio::write(s, asio::buffer(head("", 50000)));
    // Too large for a caller not admitted: 413 without waiting for a body never sent.
    EXPECT_EQ(answer(s).status, 413);
  }
  lastBodySize = 0;
  EXPECT_EQ(post("/x12", 500, "Bearer biller").status, 200) << "other requests are as before";
}

TEST(Router, OnlyAProtectedRegisteredRouteMayTakeLargeBodies) {
  Router router;
  auto h = [](const Request&, const PathParams&) -> domain::Result<Response> { return Response{}; };
  router.add("POST", "/open", "", Access::publicRoute(), h);
  router.add("POST", "/x12", "", Access::need(domain::Permission::kClaimSubmit), h);
  EXPECT_THROW(router.allowLargeBody("POST", "/open"), std::logic_error);
  EXPECT_THROW(router.allowLargeBody("GET", "/x12"), std::logic_error);
  router.allowLargeBody("POST", "/x12");
  EXPECT_TRUE(router.match("POST", "/x12").route->largeBody);
  EXPECT_FALSE(router.match("POST", "/open").route->largeBody);
}

}  // namespace
}  // namespace medoffice::http
