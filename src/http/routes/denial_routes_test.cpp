// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/routes/denial_routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "codecs/denials/denial_json.hpp"
#include "domain/denials/default_rules.hpp"
#include "http/routes/system_routes.hpp"

namespace medoffice::http {
namespace {

// What route registration needs; a request that reaches storage gets 503 (kUnavailable), so a
// refusal of bad input is told apart from one that got through.
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

class DenialRoutes : public ::testing::Test {
 protected:
  DenialRoutes()
      : security_(uow_, clock_, hasher_, secrets_, totp_), ctx_(uow_, clock_, zones_, security_) {
    registerDenialRoutes(router_, ctx_, setup_);
  }

  domain::Result<Response> call(const std::string& method, const std::string& path,
                                std::vector<std::pair<std::string, std::string>> query = {},
                                std::string body = {}, bool limited = false) {
    Request req;
    req.method = method;
    req.path = path;
    req.query = std::move(query);
    req.body = std::move(body);
    if (!req.body.empty()) req.headers["content-type"] = "application/json";
    domain::Principal who;
    who.userId = domain::UserId(3);
    who.organizationId = domain::OrganizationId(1);
    who.roles = {domain::Role::kBiller};
    if (limited) who.locationIds = {domain::LocationId(9)};
    req.principal = who;
    const Match m = router_.match(method, path);
    EXPECT_NE(m.route, nullptr) << method << " " << path;
    if (m.route == nullptr) return domain::Error::notFound("no route");
    return m.route->handler(req, m.params);
  }

  static std::vector<std::string> fields(const domain::Result<Response>& r) {
    std::vector<std::string> out;
    if (r.ok()) return out;
    for (const auto& f : r.error().fields) out.push_back(f.field);
    return out;
  }

  NullUow uow_;
  FixedClock clock_;
  NoZones zones_;
  PlainHasher hasher_;
  PlainSecrets secrets_;
  NoTotp totp_;
  app::Security security_;
  ApiContext ctx_;
  app::denials::DenialsSetup setup_{
      std::make_shared<const domain::denials::RuleSet>(domain::denials::defaultRuleSet()), zones_};
  Router router_;
};

TEST_F(DenialRoutes, AreDocumentedWithTheirPermissions) {
  auto doc = nlohmann::json::parse(openApiDocument());
  ASSERT_EQ(router_.routes().size(), 7u);
  for (const auto& r : router_.routes()) {
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(doc["paths"].contains(r.pattern)) << r.pattern;
    ASSERT_TRUE(doc["paths"][r.pattern].contains(method)) << r.method << " " << r.pattern;
    EXPECT_FALSE(r.access.open);
    EXPECT_EQ(doc["paths"][r.pattern][method].value("x-permission", ""),
              std::string(domain::toString(r.access.permission)))
        << r.method << " " << r.pattern;
    const bool reads = r.method == "GET";
    EXPECT_EQ(r.access.permission,
              reads ? domain::Permission::kBillingRead : domain::Permission::kClaimSubmit)
        << r.method << " " << r.pattern;
  }
  // The assignees before `{id}`, which would take the word as an id.
  auto assignees = router_.match("GET", "/api/v1/denials/assignees");
  ASSERT_NE(assignees.route, nullptr);
  EXPECT_EQ(assignees.route->pattern, "/api/v1/denials/assignees");
  const auto& item =
      doc["paths"]["/api/v1/denials"]["get"]["responses"]["200"]["content"]["application/json"]
         ["schema"]["properties"]["items"]["items"]["properties"];
  for (const char* f : {"group", "carc", "rarc", "payer_id", "age_days", "suggested_action"}) {
    EXPECT_TRUE(item.contains(f)) << f;
  }
}

TEST_F(DenialRoutes, BadQueryParametersAreNamed) {
  auto r = call("GET", "/api/v1/denials",
                {{"state", "closed"},
                 {"group", "XX"},
                 {"group_by", "month"},
                 {"carc", "fifty"},
                 {"payer_id", "-1"},
                 {"assigned_to", "someone"},
                 {"age", "90+"},
                 {"colour", "red"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"state", "group", "group_by", "carc", "payer_id",
                                                 "assigned_to", "age", "colour"}));
  // Good parameters get through to storage.
  auto good = call("GET", "/api/v1/denials",
                   {{"group", "reason"}, {"carc", "50"}, {"assigned_to", "none"}, {"age", "91+"}});
  ASSERT_FALSE(good.ok());
  EXPECT_EQ(good.error().code, domain::ErrorCode::kUnavailable);
}

TEST_F(DenialRoutes, TheWholeQueueIsRefusedToALocationLimitedUser) {
  auto r = call("GET", "/api/v1/denials", {}, {}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kForbidden);
}

TEST_F(DenialRoutes, BadBodiesAreNamed) {
  auto noAction = call("POST", "/api/v1/denials/4/resolve", {}, R"({"note": "x"})");
  EXPECT_EQ(fields(noAction), std::vector<std::string>{"action"});
  auto badAction = call("POST", "/api/v1/denials/4/resolve", {}, R"({"action": "resubmit"})");
  EXPECT_EQ(fields(badAction), std::vector<std::string>{"action"});
  auto extra = call("POST", "/api/v1/denials/4/resolve", {}, R"({"action": "appeal", "x": 1})");
  EXPECT_EQ(fields(extra), std::vector<std::string>{"x"});
  auto ok = call("POST", "/api/v1/denials/4/resolve", {}, R"({"action": "write_off"})");
  ASSERT_FALSE(ok.ok());
  EXPECT_EQ(ok.error().code, domain::ErrorCode::kUnavailable);

  auto noIfMatch = call("PATCH", "/api/v1/denials/4", {}, R"({"due_on": "2026-11-01"})");
  ASSERT_FALSE(noIfMatch.ok());
  EXPECT_EQ(noIfMatch.error().code, domain::ErrorCode::kPreconditionRequired);

  auto noteless = call("POST", "/api/v1/denials/4/notes", {}, R"({"text": "x"})");
  EXPECT_EQ(fields(noteless), (std::vector<std::string>{"body", "text"}));
  auto notFound = call("GET", "/api/v1/denials/abc");
  ASSERT_FALSE(notFound.ok());
  EXPECT_EQ(notFound.error().code, domain::ErrorCode::kNotFound);
}

TEST(DenialEditsJson, AssignmentAndDueDateAreReadOrNamed) {
  auto both = codecs::decodeDenialEdits(
      nlohmann::json::parse(R"({"assigned_to": null, "due_on": "2026-11-01"})"));
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->assignedTo, domain::UserId());
  EXPECT_EQ(both->dueOn, std::optional<domain::Date>(domain::Date::parse("2026-11-01")));
  auto bad = codecs::decodeDenialEdits(
      nlohmann::json::parse(R"({"assigned_to": "bob", "due_on": "11/01/2026", "state": "x"})"));
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> f;
  for (const auto& e : bad.error().fields) f.push_back(e.field);
  EXPECT_EQ(f, (std::vector<std::string>{"assigned_to", "due_on", "state"}));
  auto empty = codecs::decodeDenialEdits(nlohmann::json::object());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().fields.at(0).field, "body");
}

}  // namespace
}  // namespace medoffice::http
