// SPDX-License-Identifier: AGPL-3.0-or-later
#include "server/serve.hpp"

#include <sys/resource.h>

#include <memory>
#include <stdexcept>

#include <fstream>
#include <sstream>

#include "app/claims/claims.hpp"
#include "codecs/claims/scrub_rules_json.hpp"
#include "codecs/claims/x12_claim_formats.hpp"
#include "codecs/denials/denial_rules_json.hpp"
#include "domain/claims/default_rules.hpp"
#include "http/metrics.hpp"
#include "http/routes/audit_routes.hpp"
#include "http/routes/denial_routes.hpp"
#include "http/routes/eligibility_routes.hpp"
#include "http/routes/resource.hpp"
#include "http/routes/session_routes.hpp"
#include "http/routes/system_routes.hpp"
#include "http/routes/user_routes.hpp"
#include "http/server.hpp"
#include "integrations/clearinghouse/transports.hpp"
#include "integrations/eligibility/http_exchange.hpp"
#include "integrations/hl7/outbox_folder.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/security_stack.hpp"
#include "storage/sql/migrations.hpp"

namespace medoffice::server {

namespace {

/// Every open live board is a socket: allow as many as the system lets this process have.
void raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

bool isLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

static std::shared_ptr<const std::vector<domain::claims::Rule>> loadRules(const std::string& path) {
  if (path.empty()) {
    return std::make_shared<const std::vector<domain::claims::Rule>>(
        domain::claims::defaultRules());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the scrubber rules file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto rules = codecs::loadScrubRules(text.str());
  if (!rules) {
    std::string why = rules.error().message;
    for (const auto& f : rules.error().fields) why += "; " + f.field + " " + f.message;
    throw std::runtime_error("the scrubber rules file " + path + " is not valid: " + why);
  }
  return std::make_shared<const std::vector<domain::claims::Rule>>(std::move(*rules));
}

static std::shared_ptr<const domain::denials::RuleSet> loadDenialRules(const std::string& path) {
  if (path.empty()) {
    return std::make_shared<const domain::denials::RuleSet>(domain::denials::defaultRuleSet());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the denial rules file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto rules = codecs::loadDenialRules(text.str());
  if (!rules) {
    std::string why = rules.error().message;
    for (const auto& f : rules.error().fields) why += "; " + f.field + " " + f.message;
    throw std::runtime_error("the denial rules file " + path + " is not valid: " + why);
  }
  return std::make_shared<const domain::denials::RuleSet>(std::move(*rules));
}

void serve(storage::Database& db, const ServeOptions& options,
           const std::function<void(std::uint16_t)>& onListening) {
  const bool tls = !options.tlsCert.empty();
  if (tls != !options.tlsKey.empty()) {
    throw std::runtime_error("--tls-cert and --tls-key go together");
  }
  if (!tls && !isLoopback(options.host) && !options.insecureListen) {
    throw std::runtime_error("refusing to serve patient data over plain HTTP on " + options.host +
                             ": give --tls-cert and --tls-key, or --insecure-listen behind a "
                             "TLS-terminating proxy");
  }
  const int have = db.schemaVersion();
  const int want = storage::latestSchemaVersion(db.dialect());
  if (have > want) {
    throw std::runtime_error("the database schema is version " + std::to_string(have) +
                             ", newer than this medoffice understands (" + std::to_string(want) +
                             "); upgrade medoffice");
  }
  if (have == 0) throw std::runtime_error("the database is empty; run `medoffice init` first");
  if (have < want) {
    throw std::runtime_error("the database schema is version " + std::to_string(have) +
                             "; run `medoffice migrate` to upgrade it to " + std::to_string(want));
  }

  std::string badProxy;
  auto proxies = http::TrustedProxies::parse(options.trustedProxies, &badProxy);
  if (!proxies) {
    throw std::runtime_error("--trusted-proxy " + badProxy +
                             " is not an IP address or network (such as 10.0.0.0/8)");
  }
  raiseOpenFileLimit();

  integrations::SystemClock clock;
  integrations::SystemTimeZones zones;
  SecurityStack sec(db, clock, options.key, options.security);
  // A sign-out, a disabled account or a revoked token on any process ends cached sessions here.
  sec.security.watchRevocations(db.changes());
  http::ApiContext ctx(db, clock, zones, sec.security);
  ctx.changes = &db.changes();
  // Appointment changes write SIU messages to the outbox table; this delivers them to the folder
  // (declared before the server so that it outlives it and delivers the last ones at shutdown).
  std::unique_ptr<integrations::Hl7OutboxFolder> hl7;
  ctx.fontDir = options.fontDir;
  // Claims: the rules are checked before the server listens, so a bad file stops the start.
  codecs::X12ClaimFormats claimFormats;
  app::claims::ClaimsSetup claims{claimFormats, loadRules(options.scrubRules), zones};
  integrations::SettingsTransports transports;
  ctx.claims = &claims;
  const app::denials::DenialsSetup denials{loadDenialRules(options.denialRules), zones};
  ctx.transports = &transports;
  if (!options.hl7Outbox.empty()) {
    ctx.hl7Outbox = true;
    hl7 = std::make_unique<integrations::Hl7OutboxFolder>(db, clock, options.hl7Outbox);
    hl7->start(std::chrono::milliseconds(200));
  }
  http::SecurityGate gate(sec.security);
  http::Metrics metrics;
  http::Router router;
  http::registerSystemRoutes(router, ctx, metrics, [&db, want] {
    return nlohmann::json{
        {"schema_version", want},
        {"engine", db.dialect() == storage::Dialect::kSqlite ? "sqlite" : "postgres"}};
  });
  http::registerSessionRoutes(router, ctx, /*secureCookies=*/tls);
  http::registerRegistryRoutes(router, ctx);
  http::registerSchedulingRoutes(router, ctx);
  http::registerCodeRoutes(router, ctx);
  http::registerFeeScheduleRoutes(router, ctx);
  http::registerBillingRoutes(router, ctx);
  http::registerReportRoutes(router, ctx);
  http::registerStatementRoutes(router, ctx);
  http::registerClaimRoutes(router, ctx);
  http::registerRemittanceRoutes(router, ctx);
  http::registerDenialRoutes(router, ctx, denials);
  http::registerEligibilityRoutes(router, ctx, integrations::HttpEligibilityExchange::shared());
  http::registerAuditRoutes(router, ctx);
  http::registerUserRoutes(router, ctx);

  metrics.addGauge({"medoffice_db_writer_queue_depth", "Write jobs waiting for the writer.",
                    [&db] { return static_cast<double>(db.stats().writerQueueDepth); }});
  metrics.addGauge({"medoffice_db_pool_in_use", "Database connections lent out.",
                    [&db] { return static_cast<double>(db.stats().poolInUse); }});
  metrics.addGauge({"medoffice_db_pool_size", "Database connections open.",
                    [&db] { return static_cast<double>(db.stats().poolSize); }});
  metrics.addGauge({"medoffice_db_commits_total", "Transactions committed (group commits).",
                    [&db] { return static_cast<double>(db.stats().commits); }, "counter"});
  metrics.addGauge({"medoffice_db_write_jobs_total", "Write jobs finished.",
                    [&db] { return static_cast<double>(db.stats().jobs); }, "counter"});

  http::ServerOptions so;
  so.address = options.host;
  so.port = options.port;
  so.workerThreads = options.workerThreads;
  so.bodyLimit = options.bodyLimit;
  so.largeBodyLimit = options.x12BodyLimit;
  so.tlsCert = options.tlsCert;
  so.tlsKey = options.tlsKey;
  so.trustedProxies = std::move(*proxies);
  http::Server server(router, metrics, gate, so);
  std::uint16_t port = server.listen();
  if (onListening) onListening(port);
  server.run();
}

}  // namespace medoffice::server
