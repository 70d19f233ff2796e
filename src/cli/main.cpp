// SPDX-License-Identifier: AGPL-3.0-or-later
// The `medoffice` command: the second composition root beside server/.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/demo/demo_clinic.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/serve.hpp"
#include "server/storage_factory.hpp"
#include "storage/sql/migrations.hpp"

namespace {

using namespace medoffice;

std::string defaultDb() {
  const char* env = std::getenv("MEDOFFICE_DB");
  return env && *env ? env : "sqlite:var/medoffice.db";
}

/// A one-line progress bar on a terminal; silent when stderr is not a TTY.
class Progress {
 public:
  explicit Progress(std::string label) : label_(std::move(label)), tty_(isatty(2) != 0) {}
  void update(std::int64_t done, std::int64_t total) {
    if (!tty_ || total <= 0) return;
    const int width = 30;
    int filled = static_cast<int>(done * width / total);
    auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% %lld/%lld %.0f/s ", label_.c_str(), filled,
                 "##############################", width - filled, "",
                 static_cast<int>(done * 100 / total), static_cast<long long>(done),
                 static_cast<long long>(total),
                 elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0);
    if (done >= total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  std::string label_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"MedOffice: practice management for medical offices"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "medoffice 0.1.0");
  std::string db = defaultDb();

  auto* init = cli.add_subcommand("init", "Create a new database with the current schema");
  init->add_option("--db", db, "sqlite:PATH or postgres://USER@HOST:PORT/DBNAME")
      ->capture_default_str();

  auto* migrate = cli.add_subcommand("migrate", "Upgrade the database schema");
  migrate->add_option("--db", db, "storage URL")->capture_default_str();

  std::string listen = "127.0.0.1:8080";
  int workers = 64;
  auto* serve = cli.add_subcommand("serve", "Serve the web UI, REST API and metrics");
  serve->add_option("--db", db, "storage URL")->capture_default_str();
  serve->add_option("--listen", listen, "HOST:PORT (port 0 picks a free port)")
      ->capture_default_str();
  serve->add_option("--workers", workers, "request worker threads")
      ->check(CLI::Range(1, 1024))
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

  std::string out;
  auto* backup = cli.add_subcommand("backup", "Copy a consistent snapshot of the database");
  backup->add_option("--db", db, "storage URL")->capture_default_str();
  backup->add_option("--out", out, "backup file to write")->required();

  std::string from;
  auto* restore =
      cli.add_subcommand("restore", "Replace the database with a backup (server stopped)");
  restore->add_option("--db", db, "storage URL")->capture_default_str();
  restore->add_option("--from", from, "backup file to read")->required();

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
      database->migrate();
      std::cout << "initialised " << db << " at schema version " << database->schemaVersion()
                << "\n";
    } else if (migrate->parsed()) {
      auto database = server::openDatabase(db, {});
      int ran = database->migrate();
      std::cout << "applied " << ran << " migration(s); schema version "
                << database->schemaVersion() << "\n";
    } else if (serve->parsed()) {
      server::ServeOptions o;
      if (!parseListen(listen, o)) return fail("--listen must be HOST:PORT, not '" + listen + "'");
      o.workerThreads = workers;
      auto database = server::openDatabase(db, {});
      server::serve(*database, o, [&](std::uint16_t port) {
        std::cout << "medoffice listening on http://" << o.host << ":" << port << "/" << std::endl;
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
                << summary->patients << " patients, " << summary->coverages << " coverages\n";
    } else if (backup->parsed()) {
      server::backupDatabase(db, out);
      std::cout << "backed up " << db << " to " << out << "\n";
    } else if (restore->parsed()) {
      server::restoreDatabase(db, from);
      std::cout << "restored " << db << " from " << from << "\n";
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}
