// SPDX-License-Identifier: AGPL-3.0-or-later
// The `medoffice` command: the second composition root beside server/.
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "app/billing/accounts.hpp"
#include "app/billing/code_sets.hpp"
#include "app/billing/ledger.hpp"
#include "app/demo/demo_clinic.hpp"
#include "app/registry.hpp"
#include "app/security.hpp"
#include "cli/eligibility_command.hpp"
#include "cli/era_command.hpp"
#include "cli/fee_schedule_command.hpp"
#include "cli/import_command.hpp"
#include "cli/progress.hpp"
#include "cli/statements_command.hpp"
#include "cli/x12_command.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/json/registry_json.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/security_stack.hpp"
#include "server/serve.hpp"
#include "server/storage_factory.hpp"
#include "storage/sql/migrations.hpp"

namespace {

using namespace medoffice;

std::string defaultDb() {
  const char* env = std::getenv("MEDOFFICE_DB");
  return env && *env ? env : "sqlite:var/medoffice.db";
}

using cli::Progress;

/// Writes the default code sets where no release of their system is loaded (issue 14).
void installCodeSets(storage::Database& db) {
  integrations::SystemClock clock;
  auto written = app::codes::installDefaultCodeSets(db, clock.now());
  // A conflict: another process running `migrate` at the same time wrote them first.
  if (!written && written.error().code == domain::ErrorCode::kConflict) return;
  if (!written) throw std::runtime_error(written.error().message);
  if (*written > 0) std::cout << "installed " << *written << " default code lists\n";
}

/// The data migration of billing (issue 14): patients registered before guarantor accounts
/// are linked to one, and the co-pays taken before the ledger are posted to it, each once.
/// Idempotent: a second run finds nothing to do.
void migrateBilling(storage::Database& db, const std::string& url, const std::string& keyFile) {
  integrations::SystemClock clock;
  integrations::SodiumSecrets secrets(server::loadMasterKey(url, keyFile));
  auto linked = app::billing::linkExistingPatients(db, clock.now());
  if (!linked) throw std::runtime_error(linked.error().message);
  auto posted = app::billing::postStoredPayments(db, secrets, clock.now());
  if (!posted) throw std::runtime_error(posted.error().message);
  (void)app::audit::seal(db, secrets);
  if (*linked > 0) std::cout << "linked " << *linked << " patients to guarantor accounts\n";
  if (*posted > 0) std::cout << "posted " << *posted << " stored payments to the ledger\n";
}

int fail(const std::string& message) {
  std::cerr << "medoffice: " << message << "\n";
  return 1;
}

bool parseListen(const std::string& listen, server::ServeOptions& o) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  o.host = listen.substr(0, colon);
  if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') {
    o.host = o.host.substr(1, o.host.size() - 2);
  }
  try {
    std::size_t used = 0;
    int port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) return false;
    o.port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    return false;
  }
  return !o.host.empty();
}

/// The only organisation, or the one named; a clear error otherwise.
domain::OrganizationId organizationFor(storage::Database& db, std::int64_t wanted) {
  auto page = app::readValue<app::Page<domain::Organization>>(db, [](app::Repositories& r) {
    return r.organizations().list({"", 200, true});
  });
  if (!page) throw std::runtime_error(page.error().message);
  if (wanted > 0) {
    for (const auto& o : page->items) {
      if (o.id.value == wanted) return o.id;
    }
    throw std::runtime_error("no organization has id " + std::to_string(wanted));
  }
  if (page->items.empty()) {
    throw std::runtime_error("no practice exists yet; run `medoffice demo` or `medoffice org add`");
  }
  if (page->items.size() > 1) {
    throw std::runtime_error("several organizations exist; name one with --organization ID");
  }
  return page->items[0].id;
}

std::string errorText(const domain::Error& e) {
  std::string msg = e.message;
  for (const auto& f : e.fields) msg += " " + f.field + ": " + f.message + ";";
  return msg;
}

/// Reads one line (a password) from stdin without the newline.
std::string readSecretLine() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void printAdded(const app::AddedUser& a, const std::string& password, bool showPassword) {
  std::cout << "user " << a.user.username << " (id " << a.user.id.value << ") roles:";
  for (auto r : a.user.roles) std::cout << " " << domain::toString(r);
  std::cout << "\n";
  if (showPassword) std::cout << "  one-time password: " << password << "\n";
  if (!a.otpauthUri.empty()) {
    std::cout << "  two-factor (add to an authenticator app): " << a.otpauthUri << "\n";
    std::cout << "  recovery codes (each works once):";
    for (const auto& c : a.recoveryCodes) std::cout << " " << c;
    std::cout << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Everything medoffice creates (database, WAL, key, backups) holds PHI or secrets: owner only.
  ::umask(077);
  CLI::App cli{"MedOffice: practice management for medical offices"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "medoffice 0.1.0");
  std::string db = defaultDb();

  std::string keyFile;
  const char* keyHelp =
      "server key file (default: MEDOFFICE_KEY_FILE, or PATH.key beside a SQLite database)";
  auto* init = cli.add_subcommand("init", "Create a new database with the current schema");
  init->add_option("--db", db, "sqlite:PATH or postgres://USER@HOST:PORT/DBNAME")
      ->capture_default_str();
  init->add_option("--key-file", keyFile, keyHelp);

  auto* migrate = cli.add_subcommand("migrate", "Upgrade the database schema");
  migrate->add_option("--db", db, "storage URL")->capture_default_str();
  migrate->add_option("--key-file", keyFile, keyHelp);

  std::string listen = "127.0.0.1:8080";
  int workers = 64;
  auto* serve = cli.add_subcommand("serve", "Serve the web UI, REST API and metrics");
  serve->add_option("--db", db, "storage URL")->capture_default_str();
  serve->add_option("--listen", listen, "HOST:PORT (port 0 picks a free port)")
      ->capture_default_str();
  serve->add_option("--workers", workers, "request worker threads")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve->add_option("--key-file", keyFile, keyHelp);
  std::string tlsCert, tlsKey;
  bool insecureListen = false;
  serve->add_option("--tls-cert", tlsCert, "PEM certificate chain: serve HTTPS (TLS 1.2+, HSTS)");
  serve->add_option("--tls-key", tlsKey, "PEM private key for --tls-cert");
  std::string hl7Outbox;
  std::string fontDir = "/usr/share/fonts/truetype/dejavu";
  serve
      ->add_option("--font-dir", fontDir,
                   "where DejaVuSans.ttf and DejaVuSans-Bold.ttf are (statements and receipts)")
      ->capture_default_str();
  std::string scrubRules;
  serve->add_option("--scrub-rules", scrubRules,
                    "the practice's claim scrubber rules file (JSON), laid over the defaults and "
                    "checked at start (or MEDOFFICE_SCRUB_RULES); the defaults alone when unset");
  std::string denialRules;
  serve->add_option("--denial-rules", denialRules,
                    "the practice's denial rules file (JSON): suggested actions and the appeal "
                    "letter, laid over the defaults and checked at start (or "
                    "MEDOFFICE_DENIAL_RULES); the defaults alone when unset");
  serve->add_option("--hl7-outbox", hl7Outbox,
                    "folder for HL7 v2.5.1 SIU messages of appointment changes (or "
                    "MEDOFFICE_HL7_OUTBOX); none when unset");
  std::vector<std::string> trustedProxies;
  serve->add_option("--trusted-proxy", trustedProxies,
                    "address or network (10.0.0.0/8) of a reverse proxy whose X-Forwarded-For "
                    "names the client; repeatable (or MEDOFFICE_TRUSTED_PROXIES, comma-separated); "
                    "none by default");
  std::size_t x12BodyLimit = 64 * 1024 * 1024;
  serve
      ->add_option("--x12-body-limit", x12BodyLimit,
                   "largest X12 upload (POST /api/v1/remittances, /api/v1/acknowledgements) in "
                   "bytes, allowed only to signed-in callers who may post them; other request "
                   "bodies stay at 1 MiB")
      ->check(CLI::Range(std::size_t{1024 * 1024}, std::size_t{1024} * 1024 * 1024))
      ->capture_default_str();
  serve->add_flag("--insecure-listen", insecureListen,
                  "allow plain HTTP on a non-loopback address (behind a TLS proxy only)");
  int idleMinutes = 15;
  int limitHours = 12;
  serve->add_option("--idle-timeout", idleMinutes, "minutes without activity that end a session")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  serve->add_option("--session-limit", limitHours, "hours after sign-in that end a session")
      ->check(CLI::Range(1, 24 * 7))
      ->capture_default_str();

  std::int64_t patients = 2000;
  std::uint64_t seed = 1;
  auto* demo = cli.add_subcommand("demo", "Fill an empty database with a demo clinic");
  demo->add_option("--db", db, "storage URL")->capture_default_str();
  demo->add_option("--patients", patients, "number of patients")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{10000000}))
      ->capture_default_str();
  demo->add_option("--seed", seed, "random seed; the same seed gives the same clinic")
      ->capture_default_str();
  demo->add_option("--key-file", keyFile, keyHelp);
  bool noUsers = false;
  demo->add_flag("--no-users", noUsers, "do not create the demo users");
  std::string ediFolder;
  demo->add_option("--edi-folder", ediFolder,
                   "folder of the demo clearinghouse's outbox/inbox/archive (default for SQLite: "
                   "the database file's path + .edi; none for PostgreSQL unless given)");
  std::int64_t appointments = 0;
  demo->add_option("--appointments", appointments,
                   "appointments over the year around today (half past, half ahead)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{5000000}))
      ->capture_default_str();

  auto* user = cli.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  std::string username;
  std::string displayName;
  std::vector<std::string> roleNames;
  std::vector<std::int64_t> locationIds;
  std::int64_t orgId = 0;
  bool passwordStdin = false;
  auto* userAdd = user->add_subcommand("add", "Add a user (prints the otpauth URI for MFA roles)");
  auto* userList = user->add_subcommand("list", "List the users of an organization");
  auto* userDisable = user->add_subcommand("disable", "Disable a user and end their sessions");
  auto* userEnable = user->add_subcommand("enable", "Enable a disabled user");
  auto* userReset =
      user->add_subcommand("reset-password", "Set a new password and end the user's sessions");
  for (auto* sc : {userAdd, userList, userDisable, userEnable, userReset}) {
    sc->add_option("--db", db, "storage URL")->capture_default_str();
    sc->add_option("--key-file", keyFile, keyHelp);
    sc->add_option("--organization", orgId, "organization id (default: the only one)");
  }
  for (auto* sc : {userAdd, userDisable, userEnable, userReset}) {
    sc->add_option("--username", username, "login name")->required();
  }
  userAdd->add_option("--role", roleNames, "front_desk, biller, clinician, manager or admin")
      ->required();
  userAdd->add_option("--name", displayName, "display name (default: the username)");
  userAdd->add_option("--location", locationIds, "limit to these location ids (repeatable)");
  for (auto* sc : {userAdd, userReset}) {
    sc->add_flag("--password-stdin", passwordStdin, "read the password from the first stdin line")
        ->required();
  }

  auto* org = cli.add_subcommand("org", "Manage organizations (practices)");
  org->require_subcommand(1);
  std::string orgJson;
  auto* orgAdd = org->add_subcommand(
      "add", "Create an organization from JSON (the body of the organizations API)");
  orgAdd->add_option("--db", db, "storage URL")->capture_default_str();
  orgAdd->add_option("--key-file", keyFile, keyHelp);
  orgAdd->add_option("--json", orgJson, "JSON file, or - for stdin")->required();
  auto* orgList = org->add_subcommand("list", "List organizations");
  orgList->add_option("--db", db, "storage URL")->capture_default_str();

  auto* auditCmd = cli.add_subcommand("audit", "Check and export the audit trail");
  auditCmd->require_subcommand(1);
  auto* auditVerify =
      auditCmd->add_subcommand("verify", "Check the HMAC chain; exit 1 naming the first bad event");
  auditVerify->add_option("--db", db, "storage URL")->capture_default_str();
  auditVerify->add_option("--key-file", keyFile, keyHelp);
  std::vector<std::string> checkpointFiles;
  auditVerify->add_option("--checkpoint", checkpointFiles,
                          "checkpoint file(s) from `audit checkpoint` to check against");
  auto* auditCheckpoint = auditCmd->add_subcommand(
      "checkpoint", "Print a signed statement of the chain head; keep it away from the database");
  auditCheckpoint->add_option("--db", db, "storage URL")->capture_default_str();
  auditCheckpoint->add_option("--key-file", keyFile, keyHelp);

  std::string out;
  auto* backup = cli.add_subcommand("backup", "Copy a consistent snapshot of the database");
  backup->add_option("--db", db, "storage URL")->capture_default_str();
  backup->add_option("--out", out, "backup file to write (encrypted with the server key)")
      ->required();
  backup->add_option("--key-file", keyFile, keyHelp);

  std::string from;
  auto* restore =
      cli.add_subcommand("restore", "Replace the database with a backup (server stopped)");
  restore->add_option("--db", db, "storage URL")->capture_default_str();
  restore->add_option("--from", from, "backup file to read")->required();
  restore->add_option("--key-file", keyFile, keyHelp);

  medoffice::cli::addX12Command(cli);
  medoffice::cli::addImportCommand(cli, db);
  medoffice::cli::addFeeExport(cli, db);
  medoffice::cli::addStatementsCommand(cli, db);
  medoffice::cli::addEraCommand(cli, db);
  medoffice::cli::addEligibilityCommand(cli, db);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  try {
    if (init->parsed()) {
      auto database = server::openDatabase(db, {.create = true});
      if (database->schemaVersion() > 0) {
        return fail("the database at " + db + " is already initialised (schema version " +
                    std::to_string(database->schemaVersion()) + ")");
      }
      auto created = server::ensureKeyFile(db, keyFile);
      database->migrate();
      std::cout << "initialised " << db << " at schema version " << database->schemaVersion()
                << "\n";
      installCodeSets(*database);
      if (!created.empty()) {
        std::cout << "created the server key " << created.string()
                  << " (mode 0600; keep it and back it up apart from the database)\n";
      }
    } else if (migrate->parsed()) {
      auto database = server::openDatabase(db, {});
      int ran = database->migrate();
      std::cout << "applied " << ran << " migration(s); schema version "
                << database->schemaVersion() << "\n";
      installCodeSets(*database);
      // Databases from before accounts and the audit trail (schema 1) have no server key yet.
      if (auto created = server::ensureKeyFile(db, keyFile); !created.empty()) {
        std::cout << "created the server key " << created.string()
                  << " (mode 0600; keep it and back it up apart from the database)\n";
      }
      migrateBilling(*database, db, keyFile);
    } else if (serve->parsed()) {
      server::ServeOptions o;
      if (!parseListen(listen, o)) return fail("--listen must be HOST:PORT, not '" + listen + "'");
      o.workerThreads = workers;
      o.x12BodyLimit = x12BodyLimit;
      o.tlsCert = tlsCert;
      o.tlsKey = tlsKey;
      o.insecureListen = insecureListen;
      o.hl7Outbox = hl7Outbox;
      o.fontDir = fontDir;
      o.scrubRules = scrubRules;
      if (const char* env = std::getenv("MEDOFFICE_SCRUB_RULES"); o.scrubRules.empty() && env) {
        o.scrubRules = env;
      }
      o.denialRules = denialRules;
      if (const char* env = std::getenv("MEDOFFICE_DENIAL_RULES"); o.denialRules.empty() && env) {
        o.denialRules = env;
      }
      if (const char* env = std::getenv("MEDOFFICE_HL7_OUTBOX"); o.hl7Outbox.empty() && env) {
        o.hl7Outbox = env;
      }
      o.trustedProxies = trustedProxies;
      if (const char* env = std::getenv("MEDOFFICE_TRUSTED_PROXIES");
          o.trustedProxies.empty() && env) {
        std::string list = env;
        for (std::size_t at = 0; at <= list.size();) {
          auto comma = std::min(list.find(',', at), list.size());
          if (comma > at) o.trustedProxies.push_back(list.substr(at, comma - at));
          at = comma + 1;
        }
      }
      o.key = server::loadMasterKey(db, keyFile);
      o.security.idleTimeout = std::chrono::minutes(idleMinutes);
      o.security.absoluteTimeout = std::chrono::hours(limitHours);
      auto database = server::openDatabase(db, {});
      server::serve(*database, o, [&](std::uint16_t port) {
        std::cout << "medoffice listening on " << (o.tlsCert.empty() ? "http" : "https") << "://"
                  << o.host << ":" << port << "/" << std::endl;
      });
    } else if (demo->parsed()) {
      auto database = server::openDatabase(db, {});
      if (database->schemaVersion() != storage::latestSchemaVersion(database->dialect())) {
        return fail("the database needs `medoffice init` or `medoffice migrate` first");
      }
      integrations::SystemClock clock;
      integrations::SystemTimeZones zones;
      Progress progress("patients");
      app::DemoOptions o;
      o.patients = patients;
      o.seed = seed;
      o.appointments = appointments;
      if (ediFolder.empty() && db.rfind("sqlite:", 0) == 0) ediFolder = db.substr(7) + ".edi";
      if (!ediFolder.empty()) o.ediFolder = std::filesystem::absolute(ediFolder).lexically_normal();
      auto summary =
          app::createDemoClinic(*database, clock, zones, o,
                                [&](std::int64_t d, std::int64_t t) { progress.update(d, t); });
      if (!summary) {
        std::string msg = summary.error().message;
        for (const auto& f : summary.error().fields) msg += " " + f.field + ": " + f.message + ";";
        return fail(msg);
      }
      std::cout << "demo clinic created: " << summary->locations << " locations, "
                << summary->providers << " providers, " << summary->payers << " payers, "
                << summary->patients << " patients, " << summary->coverages << " coverages, "
                << summary->appointmentTypes << " appointment types, " << summary->rooms
                << " rooms, " << summary->availabilityRules << " availability rules, "
                << summary->appointments << " appointments\n";
      if (summary->clearinghouse) {
        std::cout << "claims: the demo clearinghouse drops 837P batches in " << o.ediFolder
                  << "/outbox and takes acknowledgements from " << o.ediFolder << "/inbox\n";
      }
      if (!noUsers) {
        server::SecurityStack sec(*database, clock, server::loadMasterKey(db, keyFile));
        struct DemoUser {
          const char* username;
          const char* name;
          domain::Role role;
        };
        const DemoUser users[] = {{"frontdesk", "Dana Front Desk", domain::Role::kFrontDesk},
                                  {"biller", "Bill Biller", domain::Role::kBiller},
                                  {"clinician", "Dr. Cleo Clinician", domain::Role::kClinician},
                                  {"manager", "Morgan Manager", domain::Role::kManager},
                                  {"admin", "Alex Admin", domain::Role::kAdmin}};
        std::cout << "demo users (write these down; the passwords are not stored anywhere):\n";
        for (const auto& du : users) {
          app::NewUser nu;
          nu.user.username = du.username;
          nu.user.displayName = du.name;
          nu.user.roles = {du.role};
          // 20 random base64url characters: far above the 15-character minimum.
          nu.password = sec.secrets.randomToken(15);
          auto added =
              sec.security.addUser(nullptr, {"cli", "medoffice demo"}, summary->organization, nu);
          if (!added)
            return fail("demo user " + std::string(du.username) + ": " + errorText(added.error()));
          printAdded(*added, nu.password, true);
        }
      }
    } else if (user->parsed()) {
      auto database = server::openDatabase(db, {});
      integrations::SystemClock clock;
      server::SecurityStack sec(*database, clock, server::loadMasterKey(db, keyFile));
      const auto org = organizationFor(*database, orgId);
      const app::Origin origin{"cli", "medoffice user"};
      if (userAdd->parsed()) {
        app::NewUser nu;
        nu.user.username = username;
        nu.user.displayName = displayName.empty() ? username : displayName;
        for (const auto& name : roleNames) {
          auto role = domain::parseRole(name);
          if (!role)
            return fail("unknown role '" + name +
                        "' (front_desk, biller, clinician, manager, admin)");
          nu.user.roles.push_back(*role);
        }
        for (auto id : locationIds) nu.user.locationIds.emplace_back(id);
        nu.password = readSecretLine();
        auto added = sec.security.addUser(nullptr, origin, org, nu);
        if (!added) return fail(errorText(added.error()));
        printAdded(*added, nu.password, false);
      } else if (userList->parsed()) {
        auto users = sec.security.listUsers(org);
        if (!users) return fail(errorText(users.error()));
        for (const auto& u : *users) {
          std::cout << u.id.value << "\t" << u.username << "\t"
                    << (u.active ? "active" : "disabled") << "\t"
                    << (u.mfaEnabled ? "mfa" : "no-mfa") << "\t";
          for (std::size_t k = 0; k < u.roles.size(); ++k) {
            std::cout << (k ? "," : "") << domain::toString(u.roles[k]);
          }
          std::cout << "\t" << u.displayName << "\n";
        }
      } else {
        auto found = sec.security.findUser(org, username);
        if (!found)
          return fail("no user " + username + " in organization " + std::to_string(org.value));
        if (userReset->parsed()) {
          auto r = sec.security.resetPassword(nullptr, origin, org, found->id, readSecretLine());
          if (!r) return fail(errorText(r.error()));
          std::cout << "password of " << found->username << " changed; their sessions ended\n";
        } else {
          const bool enable = userEnable->parsed();
          auto r = sec.security.setUserActive(nullptr, origin, org, found->id, enable);
          if (!r) return fail(errorText(r.error()));
          std::cout << found->username
                    << (enable ? " enabled\n" : " disabled; their sessions ended\n");
        }
      }
    } else if (auditVerify->parsed()) {
      auto database = server::openDatabase(db, {});
      integrations::SodiumSecrets secrets(server::loadMasterKey(db, keyFile));
      std::vector<app::audit::Checkpoint> checkpoints;
      for (const auto& f : checkpointFiles) {
        std::ifstream in(f);
        std::string line;
        if (!in || !std::getline(in, line)) return fail("cannot read checkpoint file " + f);
        auto c = app::audit::parseCheckpoint(line);
        if (!c) return fail(f + " is not a medoffice audit checkpoint");
        checkpoints.push_back(*c);
      }
      (void)app::audit::seal(*database, secrets);  // PostgreSQL: link what is pending first
      auto report = app::audit::verify(*database, secrets, checkpoints);
      if (!report.ok) {
        std::cerr << "medoffice: audit chain broken at " << report.problem << " (" << report.checked
                  << " events verified before it)\n";
        return 1;
      }
      std::cout << "audit chain intact: " << report.checked << " events, head " << report.head.seq
                << " " << report.head.mac << "\n";
    } else if (orgAdd->parsed()) {
      std::string text;
      if (orgJson == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), {});
      } else {
        std::ifstream in(orgJson);
        if (!in) return fail("cannot read " + orgJson);
        text.assign(std::istreambuf_iterator<char>(in), {});
      }
      auto body = codecs::parseObject(text);
      if (!body) return fail(errorText(body.error()));
      auto draft = codecs::decodeOrganization(*body);
      if (!draft) return fail(errorText(draft.error()));
      auto database = server::openDatabase(db, {});
      integrations::SystemClock clock;
      integrations::SodiumSecrets secrets(server::loadMasterKey(db, keyFile));
      const auto now = clock.now();
      auto created = app::writeValue<domain::Organization>(
          *database, [&](app::Repositories& r) -> domain::Result<domain::Organization> {
            auto o = app::registry::createOrganization(r, now, *draft);
            if (!o) return o.error();
            auto e = app::audit::event(nullptr, {"cli", "medoffice org add"}, now,
                                       domain::AuditAction::kConfigChange, "organization",
                                       std::to_string(o->id.value));
            e.organizationId = o->id;
            e.reason = "organization created";
            app::audit::record(r, secrets, std::move(e));
            return o;
          });
      if (!created) return fail(errorText(created.error()));
      (void)app::audit::seal(*database, secrets);
      std::cout << "organization " << created->id.value << " " << created->legalName
                << " created; add its first admin with `medoffice user add --organization "
                << created->id.value << " --role admin ...`\n";
    } else if (orgList->parsed()) {
      auto database = server::openDatabase(db, {});
      auto page =
          app::readValue<app::Page<domain::Organization>>(*database, [](app::Repositories& r) {
            return r.organizations().list({"", 200, true});
          });
      if (!page) return fail(errorText(page.error()));
      for (const auto& o : page->items) {
        std::cout << o.id.value << "\t" << o.npi << "\t" << o.legalName << "\n";
      }
    } else if (auditCheckpoint->parsed()) {
      auto database = server::openDatabase(db, {});
      integrations::SodiumSecrets secrets(server::loadMasterKey(db, keyFile));
      integrations::SystemClock clock;
      (void)app::audit::seal(*database, secrets);
      auto report = app::audit::verify(*database, secrets);
      if (!report.ok) return fail("audit chain broken at " + report.problem);
      std::cout << app::audit::formatCheckpoint(
                       app::audit::makeCheckpoint(secrets, report.head, clock.now()))
                << "\n";
    } else if (backup->parsed()) {
      if (server::parseStorageUrl(db).kind == server::StorageUrl::Kind::kPostgres) {
        server::backupDatabase(db, out, {});  // explains pg_dump
      }
      auto key = server::loadMasterKey(db, keyFile);
      integrations::SodiumSecrets secrets(key);
      server::backupDatabase(db, out, secrets.backupKey());
      {
        // The backup is an export of every record: it goes into the audit trail.
        auto database = server::openDatabase(db, {});
        integrations::SystemClock clock;
        auto e = app::audit::event(nullptr, {"cli", "medoffice backup"}, clock.now(),
                                   domain::AuditAction::kExport, "database", out);
        e.reason = "encrypted backup";
        (void)database->write([&](app::Repositories& r) -> domain::Status {
          app::audit::record(r, secrets, e);
          return {};
        });
        (void)app::audit::seal(*database, secrets);
      }
      std::cout << "backed up " << db << " to " << out << " (encrypted with the server key)\n";
    } else if (restore->parsed()) {
      if (server::parseStorageUrl(db).kind == server::StorageUrl::Kind::kPostgres) {
        server::restoreDatabase(db, from, {});  // explains pg_restore
      }
      integrations::SodiumSecrets secrets(server::loadMasterKey(db, keyFile));
      server::restoreDatabase(db, from, secrets.backupKey());
      std::cout << "restored " << db << " from " << from << "\n";
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}
