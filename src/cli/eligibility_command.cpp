// SPDX-License-Identifier: AGPL-3.0-or-later
// `medoffice eligibility run`: the evening batch of eligibility checks, for cron.
#include "cli/eligibility_command.hpp"

#include <cstdio>
#include <iostream>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/eligibility/eligibility.hpp"
#include "app/security/audit_trail.hpp"
#include "cli/command_support.hpp"
#include "codecs/eligibility/x12_eligibility_formats.hpp"
#include "integrations/eligibility/http_exchange.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/security_stack.hpp"
#include "server/storage_factory.hpp"

namespace medoffice::cli {

namespace {

struct EligibilityArgs {
  std::string date;
  std::vector<std::int64_t> locations;
  int concurrency = 8;
  std::int64_t organization = 0;
  std::string keyFile;
};

std::string dollars(std::int64_t cents) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "$%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

/// What the desk needs first from an active answer: plan, co-pay, deductible left.
std::string highlights(const std::string& summaryJson) {
  const auto s = nlohmann::json::parse(summaryJson, nullptr, false);
  if (!s.is_object()) return {};
  std::string out;
  auto add = [&](const std::string& part) {
    if (part.empty()) return;
    out += out.empty() ? "" : ", ";
    out += part;
  };
  if (s.contains("plan_name") && s["plan_name"].is_string()) add(s["plan_name"].get<std::string>());
  const auto& g = s.value("general", nlohmann::json::object());
  if (g.contains("copay_cents") && g["copay_cents"].is_number_integer()) {
    add("co-pay " + dollars(g["copay_cents"].get<std::int64_t>()));
  }
  if (g.contains("coinsurance_basis_points") && g["coinsurance_basis_points"].is_number_integer()) {
    const auto bp = g["coinsurance_basis_points"].get<std::int64_t>();
    // Basis points as a percentage without trailing zeros: 2000 is 20%, 2050 is 20.5%.
    char pct[32];
    std::snprintf(pct, sizeof pct, "%lld.%02lld", static_cast<long long>(bp / 100),
                  static_cast<long long>(bp % 100));
    std::string text = pct;
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    add("co-insurance " + text + "%");
  }
  if (g.contains("deductible_remaining_cents") &&
      g["deductible_remaining_cents"].is_number_integer()) {
    add("deductible left " + dollars(g["deductible_remaining_cents"].get<std::int64_t>()));
  }
  return out;
}

int runEligibilityCommand(const std::string& db, const EligibilityArgs& a) {
  app::eligibility::BatchRequest q;
  if (!a.date.empty()) {
    q.date = domain::Date::parse(a.date);
    if (!q.date) throw Failure{{"--date must be a date (YYYY-MM-DD)"}};
  }
  q.concurrency = a.concurrency;
  for (auto l : a.locations) q.locations.emplace_back(l);
  auto database = openCurrent(db);
  q.org = organizationFor(*database, a.organization);
  integrations::SodiumSecrets secrets(server::loadMasterKey(db, a.keyFile));
  integrations::SystemClock clock;
  integrations::SystemTimeZones zones;
  codecs::X12EligibilityFormats formats;
  app::eligibility::EligibilitySetup setup{formats, integrations::HttpEligibilityExchange::shared(),
                                           zones, clock};
  const auto org = q.org;
  auto report = app::eligibility::runBatch(
      *database, setup, q,
      [&](app::Repositories& r, domain::AuditAction action, const std::string& what,
          domain::PatientId patient) {
        auto e = app::audit::event(nullptr, {"cli", "medoffice eligibility run"}, clock.now(),
                                   action, "eligibility_check", what, patient);
        e.organizationId = org;
        app::audit::record(r, secrets, std::move(e));
      });
  if (!report) {
    Failure f;
    for (const auto& field : report.error().fields) {
      std::string option = field.field;
      if (option.rfind("location_ids", 0) == 0) option = "location";
      f.lines.push_back("--" + option + ": " + field.message);
    }
    if (f.lines.empty()) f.lines.push_back(report.error().message);
    throw f;
  }
  (void)app::audit::seal(*database, secrets);
  for (const auto& it : report->items) {
    std::cout << "coverage " << it.coverage.value << " patient " << it.patient.value << " "
              << it.serviceDate.toString() << " " << app::toString(it.state);
    std::string detail;
    if (it.state == app::EligibilityState::kActive) detail = highlights(it.summary);
    if (!it.reason.empty()) detail += (detail.empty() ? "" : "; ") + it.reason;
    if (!detail.empty()) std::cout << ": " << detail;
    if (it.cached) std::cout << " (checked earlier)";
    std::cout << "\n";
  }
  std::string days;
  for (const auto& d : report->dates) days += (days.empty() ? "" : ", ") + d.toString();
  std::cout << report->items.size() << " coverages of " << report->appointments
            << " appointments on " << (days.empty() ? "no day" : days) << " in "
            << report->elapsedMs << " ms:";
  const char* sep = " ";
  for (auto s : {app::EligibilityState::kActive, app::EligibilityState::kInactive,
                 app::EligibilityState::kRejected, app::EligibilityState::kFailed,
                 app::EligibilityState::kTimedOut}) {
    std::cout << sep << report->counts[static_cast<int>(s)] << " " << app::toString(s);
    sep = ", ";
  }
  std::cout << "\n";
  return 0;
}

}  // namespace

void addEligibilityCommand(CLI::App& app, std::string& db) {
  auto* eligibility = app.add_subcommand("eligibility", "Insurance eligibility (270/271)");
  eligibility->require_subcommand(1);
  auto args = std::make_shared<EligibilityArgs>();
  auto* run = eligibility->add_subcommand(
      "run",
      "Check every coverage of a day's appointments (tomorrow by default) with the payers, a "
      "line per coverage");
  run->add_option("--db", db, "storage URL")->capture_default_str();
  run->add_option("--date", args->date,
                  "the day of the appointments (default: tomorrow at each location)");
  run->add_option("--location", args->locations, "only this location (repeatable)")
      ->check(CLI::PositiveNumber);
  run->add_option("--concurrency", args->concurrency, "checks at once (1-32)")
      ->check(CLI::Range(1, 32))
      ->capture_default_str();
  run->add_option("--organization", args->organization, "organization id (default: the only one)")
      ->check(CLI::PositiveNumber);
  run->add_option("--key-file", args->keyFile,
                  "server key file (default: MEDOFFICE_KEY_FILE, or PATH.key beside a SQLite "
                  "database)");
  run->callback([&db, args] { runOrFail([&] { return runEligibilityCommand(db, *args); }); });
}

}  // namespace medoffice::cli
