// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/audit_routes.hpp"
#include "http/routes/eligibility_routes.hpp"
#include "http/routes/resource.hpp"
#include "http/routes/session_routes.hpp"
#include "http/routes/system_routes.hpp"
#include "http/routes/user_routes.hpp"
#include "http/server.hpp"

namespace medoffice::http {

TEST(PercentDecode, DecodesAndRejectsMalformedEscapes) {
  EXPECT_EQ(percentDecode("Doe%2C+Jane", true), "Doe, Jane");
  EXPECT_EQ(percentDecode("a+b", false), "a+b");
  EXPECT_FALSE(percentDecode("%", false));
  EXPECT_FALSE(percentDecode("%2", false));
  EXPECT_FALSE(percentDecode("%zz", false));
}

TEST(QueryReader, RejectsUnknownRepeatedAndBadValues) {
  Request r;
  r.query = {{"limit", "500"}, {"q", "a"}, {"q", "b"}, {"sort", "name; DROP TABLE x"}};
  domain::FieldErrors e;
  QueryReader q(r, e);
  EXPECT_EQ(q.integer("limit", 1, 200, 50), 50);
  EXPECT_FALSE(q.get("q"));
  q.finish();
  std::vector<std::string> fields;
  for (const auto& f : e.list()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"limit", "q", "sort"}));
}

TEST(Router, MatchesPatternsAndReportsAllowedMethods) {
  Router router;
  auto h = [](const Request&, const PathParams&) -> domain::Result<Response> { return Response{}; };
  router.add("GET", "/api/v1/patients/{id}", "", Access::publicRoute(), h);
  router.add("PUT", "/api/v1/patients/{id}", "", Access::publicRoute(), h);
  auto m = router.match("GET", "/api/v1/patients/42");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params.at("id"), "42");
  auto wrong = router.match("DELETE", "/api/v1/patients/42");
  EXPECT_FALSE(wrong.route);
  EXPECT_TRUE(wrong.pathKnown);
  EXPECT_EQ(wrong.allow, "GET, PUT");
  EXPECT_FALSE(router.match("GET", "/api/v1/patients/").route);
  EXPECT_FALSE(router.match("GET", "/api/v1/patients/42/x").pathKnown);
}

TEST(Router, ASuffixedParameterMatchesBeforeThePlainOne) {
  Router router;
  auto ok = [](const Request&, const PathParams&) -> domain::Result<Response> {
    return Response{};
  };
  router.add("GET", "/api/v1/statements/{id}.pdf", "pdf", Access::need(domain::Permission::kSelf),
             ok);
  router.add("GET", "/api/v1/statements/{id}", "json", Access::need(domain::Permission::kSelf), ok);
  auto pdf = router.match("GET", "/api/v1/statements/42.pdf");
  ASSERT_NE(pdf.route, nullptr);
  EXPECT_EQ(pdf.route->summary, "pdf");
  EXPECT_EQ(pdf.params.at("id"), "42");
  auto json = router.match("GET", "/api/v1/statements/42");
  ASSERT_NE(json.route, nullptr);
  EXPECT_EQ(json.route->summary, "json");
  EXPECT_EQ(router.match("GET", "/api/v1/statements/.pdf").route->summary, "json")
      << "an empty parameter before the suffix is not the pdf route";
}

TEST(Problem, OneTableMapsEveryCode) {
  EXPECT_EQ(statusFor(domain::ErrorCode::kInvalid), 422);
  EXPECT_EQ(statusFor(domain::ErrorCode::kNotFound), 404);
  EXPECT_EQ(statusFor(domain::ErrorCode::kConflict), 409);
  EXPECT_EQ(statusFor(domain::ErrorCode::kVersionMismatch), 412);
  EXPECT_EQ(statusFor(domain::ErrorCode::kPreconditionRequired), 428);
  EXPECT_EQ(statusFor(domain::ErrorCode::kUnsupported), 415);
  EXPECT_EQ(statusFor(domain::ErrorCode::kUnavailable), 503);
  EXPECT_EQ(statusFor(domain::ErrorCode::kInternal), 500);
  Response r = problem(domain::Error::invalidField("npi", "bad"));
  EXPECT_EQ(r.contentType, "application/problem+json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["errors"][0]["field"], "npi");
  EXPECT_EQ(body["status"], 422);
  // Internal details never reach the client.
  Response i = problem(domain::Error::internal("SQLITE_CORRUPT at page 7"));
  EXPECT_EQ(i.body.find("SQLITE"), std::string::npos);
}

TEST(IfMatch, ParsesStrongAndWeakTags) {
  Request r;
  EXPECT_EQ(ifMatch(r).error().code, domain::ErrorCode::kPreconditionRequired);
  r.headers["if-match"] = "\"7\"";
  EXPECT_EQ(ifMatch(r).value(), std::optional<std::int64_t>(7));
  r.headers["if-match"] = "W/\"8\"";
  EXPECT_EQ(ifMatch(r).value(), std::optional<std::int64_t>(8));
  r.headers["if-match"] = "*";
  EXPECT_FALSE(ifMatch(r).value().has_value());
  r.headers["if-match"] = "\"x\"";
  EXPECT_EQ(ifMatch(r).error().code, domain::ErrorCode::kVersionMismatch);
}

namespace {
class NullUow final : public app::UnitOfWork {
 public:
  domain::Status read(const std::function<domain::Status(app::Repositories&)>&) override {
    return domain::Error::unavailable("test");
  }
  domain::Status write(const std::function<domain::Status(app::Repositories&)>&) override {
    return domain::Error::unavailable("test");
  }
};
class FixedClock final : public app::Clock {
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
class NoExchange final : public app::EligibilityExchange {
 public:
  app::ExchangeReply exchange(const domain::claims::RealtimeEligibility&,
                              std::string_view) override {
    return {};
  }
};
}  // namespace

// The OpenAPI document is written by hand; this keeps it honest about every registered route.
TEST(OpenApi, DocumentsEveryRegisteredRoute) {
  NullUow uow;
  FixedClock clock;
  NoZones zones;
  PlainHasher hasher;
  PlainSecrets secrets;
  NoTotp totp;
  app::Security security(uow, clock, hasher, secrets, totp);
  ApiContext ctx(uow, clock, zones, security);
  Metrics metrics;
  Router router;
  registerSystemRoutes(router, ctx, metrics, nullptr);
  registerSessionRoutes(router, ctx, false);
  registerRegistryRoutes(router, ctx);
  registerSchedulingRoutes(router, ctx);
  registerCodeRoutes(router, ctx);
  registerFeeScheduleRoutes(router, ctx);
  registerBillingRoutes(router, ctx);
  registerReportRoutes(router, ctx);
  registerStatementRoutes(router, ctx);
  registerClaimRoutes(router, ctx);
  registerRemittanceRoutes(router, ctx);
  registerAuditRoutes(router, ctx);
  registerUserRoutes(router, ctx);
  NoExchange exchange;
  registerEligibilityRoutes(router, ctx, exchange);
  auto doc = nlohmann::json::parse(openApiDocument());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 3), "3.1");
  for (const auto& r : router.routes()) {
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(doc["paths"].contains(r.pattern)) << r.pattern << " is not in openapi.json";
    ASSERT_TRUE(doc["paths"][r.pattern].contains(method))
        << r.method << " " << r.pattern << " is not in openapi.json";
    const auto& op = doc["paths"][r.pattern][method];
    if (r.access.open) {
      EXPECT_EQ(op.value("security", nlohmann::json()), nlohmann::json::array())
          << r.method << " " << r.pattern << " is public but documented as protected";
    } else {
      EXPECT_EQ(op.value("x-permission", ""), std::string(domain::toString(r.access.permission)))
          << r.method << " " << r.pattern << " documents the wrong permission";
    }
  }
}

TEST(Dispatch, UnknownPathsAndMethodsAreProblems) {
  Router router;
  router.add("GET", "/x", "", Access::publicRoute(),
             [](const Request&, const PathParams&) -> domain::Result<Response> {
               throw std::runtime_error("boom");
             });
  Metrics metrics;
  Request req;
  req.method = "GET";
  req.path = "/x";
  Response r = dispatch(router, metrics, nullptr, req);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("Jane"), std::string::npos);
  req.method = "POST";
  EXPECT_EQ(dispatch(router, metrics, nullptr, req).status, 405);
  req.path = "/nope";
  EXPECT_EQ(dispatch(router, metrics, nullptr, req).status, 404);
  EXPECT_NE(metrics.render().find("route=\"/x\",status=\"500\""), std::string::npos);
}

namespace {
// Admits everyone as a front-desk user of organisation 1 and remembers denials.
class FrontDeskGate final : public Gatekeeper {
 public:
  domain::Status admit(Request& req) override {
    domain::Principal p;
    p.userId = domain::UserId(7);
    p.organizationId = domain::OrganizationId(1);
    p.roles = {domain::Role::kFrontDesk};
    req.principal = p;
    return {};
  }
  void denied(const Request&, domain::Permission p) override { deniedPermission = p; }
  std::optional<domain::Permission> deniedPermission;
};
}  // namespace

TEST(Dispatch, ProtectedRoutesNeedACallerWithThePermission) {
  Router router;
  int ran = 0;
  auto h = [&ran](const Request&, const PathParams&) -> domain::Result<Response> {
    ++ran;
    return Response{};
  };
  router.add("GET", "/patients", "", Access::need(domain::Permission::kPatientRead), h);
  router.add("GET", "/audit", "", Access::need(domain::Permission::kAuditRead), h);
  Metrics metrics;
  Request req;
  req.method = "GET";
  req.path = "/patients";
  EXPECT_EQ(dispatch(router, metrics, nullptr, req).status, 401);  // nobody signed in
  EXPECT_EQ(ran, 0);
  FrontDeskGate gate;
  EXPECT_EQ(dispatch(router, metrics, &gate, req).status, 200);
  EXPECT_EQ(ran, 1);
  req.path = "/audit";
  EXPECT_EQ(dispatch(router, metrics, &gate, req).status, 403);  // front desk cannot
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(gate.deniedPermission, domain::Permission::kAuditRead);
}

TEST(Csv, QuotesAndNeutralisesFormulas) {
  EXPECT_EQ(csvField("plain"), "plain");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csvField("+1"), "'+1");
  EXPECT_EQ(csvField("line\nbreak"), "\"line\nbreak\"");
}

}  // namespace medoffice::http
