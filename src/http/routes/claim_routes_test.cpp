// SPDX-License-Identifier: AGPL-3.0-or-later
// GET /api/v1/claims/counts sits beside /api/v1/claims/{id}: the router takes the first route
// that matches, so "counts" must reach its own route and never be read as a claim id.
#include <gtest/gtest.h>

#include "http/router.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/resource.hpp"
#include "http/server.hpp"

namespace medoffice::http {
namespace {

// Every store call fails: the tests see which handler ran from the error it answers.
class NoStore final : public app::UnitOfWork {
 public:
  domain::Status read(const std::function<domain::Status(app::Repositories&)>&) override {
    return domain::Error::unavailable("no store in this test");
  }
  domain::Status write(const std::function<domain::Status(app::Repositories&)>&) override {
    return domain::Error::unavailable("no store in this test");
  }
};
class EpochClock final : public app::Clock {
 public:
  domain::Instant now() const override { return domain::Instant::fromMicros(0); }
};
class NoZones final : public app::TimeZones {
 public:
  bool exists(std::string_view) const override { return false; }
  std::optional<domain::Instant> toUtc(std::string_view, domain::Date, int) const override {
    return std::nullopt;
  }
  std::optional<app::LocalTime> toLocal(std::string_view, domain::Instant) const override {
    return std::nullopt;
  }
};
// Route registration needs a Security service but never calls these.
class PlainHasher final : public app::PasswordHasher {
 public:
  std::string hash(std::string_view p) override { return std::string(p); }
  bool verify(const std::string& h, std::string_view p) override { return h == p; }
  bool needsRehash(const std::string&) override { return false; }
};
class PlainSecrets final : public app::Secrets {
 public:
  std::string auditMac(std::string_view d) override { return std::string(d); }
  std::string sha256(std::string_view d) override { return std::string(d); }
  std::string randomToken(std::size_t n) override { return std::string(n, 'x'); }
  std::string seal(std::string_view p) override { return std::string(p); }
  std::optional<std::string> open(std::string_view s) override { return std::string(s); }
  bool equal(std::string_view a, std::string_view b) override { return a == b; }
};
class NoTotp final : public app::Totp {
 public:
  std::string newSecret() override { return "A"; }
  std::string code(const std::string&, std::int64_t) override { return "000000"; }
};
// Admits everyone as a biller of organisation 1, limited to `locations` when set.
class BillerGate final : public Gatekeeper {
 public:
  domain::Status admit(Request& req) override {
    domain::Principal p;
    p.userId = domain::UserId(7);
    p.organizationId = domain::OrganizationId(1);
    p.roles = {domain::Role::kBiller};
    p.locationIds = locations;
    req.principal = p;
    return {};
  }
  void denied(const Request&, domain::Permission) override {}
  std::vector<domain::LocationId> locations;
};

class ClaimRoutes : public ::testing::Test {
 protected:
  ClaimRoutes() { registerClaimRoutes(router_, ctx_); }

  Response get(const std::string& path) {
    Request req;
    req.method = "GET";
    req.path = path;
    return dispatch(router_, metrics_, &gate_, req);
  }

  NoStore uow_;
  EpochClock clock_;
  NoZones zones_;
  PlainHasher hasher_;
  PlainSecrets secrets_;
  NoTotp totp_;
  app::Security security_{uow_, clock_, hasher_, secrets_, totp_};
  ApiContext ctx_{uow_, clock_, zones_, security_};
  Router router_;
  Metrics metrics_;
  BillerGate gate_;
};

TEST_F(ClaimRoutes, CountsIsItsOwnRouteNotAClaimId) {
  auto m = router_.match("GET", "/api/v1/claims/counts");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/claims/counts");
  EXPECT_TRUE(m.params.empty());
  auto byId = router_.match("GET", "/api/v1/claims/42");
  ASSERT_NE(byId.route, nullptr);
  EXPECT_EQ(byId.route->pattern, "/api/v1/claims/{id}");
  EXPECT_EQ(byId.params.at("id"), "42");
  // Dispatched, the counts handler goes to the store (503 here), where the claim handler would
  // have refused "counts" as an id.
  EXPECT_EQ(get("/api/v1/claims/counts").status, 503);
  EXPECT_NE(get("/api/v1/claims/count").status, 503);  // no such claim id: refused
}

TEST_F(ClaimRoutes, CountsRefusesParametersAndLocationLimitedUsers) {
  const Response withQuery = [&] {
    Request req;
    req.method = "GET";
    req.path = "/api/v1/claims/counts";
    req.query = {{"state", "ready"}};
    return dispatch(router_, metrics_, &gate_, req);
  }();
  EXPECT_EQ(withQuery.status, 422);
  EXPECT_NE(withQuery.body.find("state"), std::string::npos);
  gate_.locations = {domain::LocationId(3)};
  EXPECT_EQ(get("/api/v1/claims/counts").status, 403);
}

}  // namespace
}  // namespace medoffice::http
