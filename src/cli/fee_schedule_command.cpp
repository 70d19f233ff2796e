// SPDX-License-Identifier: AGPL-3.0-or-later
// `medoffice import fees` and `medoffice export fees`: a practice's standard fees or one payer's
// allowed amounts as CSV.
#include "cli/fee_schedule_command.hpp"

#include "cli/command_support.hpp"

#include <fstream>
#include <functional>
#include <iostream>
#include <memory>

#include "app/billing/fee_schedules.hpp"
#include "app/security/audit_trail.hpp"
#include "codecs/csv/fee_schedule_csv.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/security_stack.hpp"
#include "server/storage_factory.hpp"
#include "storage/sql/migrations.hpp"

namespace medoffice::cli {

namespace {

struct FeeArgs {
  std::string file;
  std::int64_t payer = 0;
  std::int64_t organization = 0;
  std::string keyFile;
  std::string output;  ///< export: the file to write; empty or `-`: stdout
};

codecs::csv::FeeScheduleFile readFile(const std::string& path) {
  if (path == "-") return codecs::csv::readFeeSchedule(std::cin);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{{"cannot read " + path}};
  return codecs::csv::readFeeSchedule(in);
}

/// A problem as one line, naming the option for what the command line gave (the payer).
std::string describe(const domain::FieldError& p, std::int64_t payer) {
  if (p.field == "payer_id") return "--payer " + std::to_string(payer) + ": " + p.message;
  return codecs::csv::describeProblem(p);
}

/// Every problem on a line of its own, then what happened.
Failure refused(const std::string& path, const std::vector<domain::FieldError>& problems,
                std::int64_t payer) {
  Failure f;
  for (const auto& p : problems) {
    const bool ofTheFile = p.message.rfind("line ", 0) == 0 || p.field == "file";
    f.lines.push_back((ofTheFile ? path + ": " : "") + describe(p, payer));
  }
  f.lines.push_back("nothing was imported");
  return f;
}

std::string scheduleName(domain::PayerId payer) {
  return payer.valid() ? "payer " + std::to_string(payer.value) : std::string("standard");
}

int runFeeImport(const std::string& db, const FeeArgs& a) {
  auto file = readFile(a.file);
  if (!file.ok()) throw refused(a.file, file.problems, a.payer);
  auto database = openCurrent(db);
  const auto org = organizationFor(*database, a.organization);
  integrations::SodiumSecrets secrets(server::loadMasterKey(db, a.keyFile));
  integrations::SystemClock clock;
  const auto now = clock.now();
  const domain::PayerId payer(a.payer);
  const std::string schedule = scheduleName(payer);
  auto done = app::writeValue<app::fees::ImportSummary>(
      *database, [&](app::Repositories& r) -> domain::Result<app::fees::ImportSummary> {
        auto summary = app::fees::importSchedule(r, now, org, payer, std::move(file.rows));
        if (!summary) return summary.error();
        // An import that changes nothing writes nothing, not even an audit event.
        if (summary->added + summary->changed == 0) return summary;
        auto e =
            app::audit::event(nullptr, {"cli", "medoffice import fees"}, now,
                              domain::AuditAction::kConfigChange, "fee_schedule",
                              "import " + schedule + ": " + std::to_string(summary->added) +
                                  " added, " + std::to_string(summary->changed) + " changed, " +
                                  std::to_string(summary->unchanged) + " unchanged");
        e.organizationId = org;
        app::audit::record(r, secrets, std::move(e));
        return summary;
      });
  if (!done) {
    const auto& e = done.error();
    if (e.code == domain::ErrorCode::kInvalid && !e.fields.empty()) {
      throw refused(a.file, e.fields, a.payer);
    }
    throw Failure{{e.message}};
  }
  (void)app::audit::seal(*database, secrets);
  std::cout << "fee schedule " << schedule << " of organization " << org.value << ": "
            << done->added << " added, " << done->changed << " changed, " << done->unchanged
            << " unchanged\n";
  if (done->untouched > 0) {
    std::cout << "  " << done->untouched
              << " entries of the schedule are not in the file and were left as they are\n";
  }
  return 0;
}

int runFeeExport(const std::string& db, const FeeArgs& a) {
  auto database = openCurrent(db);
  const auto org = organizationFor(*database, a.organization);
  const domain::PayerId payer(a.payer);
  auto entries = app::readValue<std::vector<domain::FeeScheduleEntry>>(
      *database, [&](app::Repositories& r) { return app::fees::scheduleEntries(r, org, payer); });
  if (!entries) {
    Failure f;
    for (const auto& p : entries.error().fields) f.lines.push_back(describe(p, a.payer));
    if (f.lines.empty()) f.lines.push_back(entries.error().message);
    throw f;
  }
  const std::string text = codecs::csv::writeFeeSchedule(*entries);
  if (a.output.empty() || a.output == "-") {
    std::cout << text << std::flush;
    return 0;
  }
  std::ofstream out(a.output, std::ios::binary | std::ios::trunc);
  if (!out) throw Failure{{"cannot write " + a.output}};
  out << text;
  out.close();
  if (!out) throw Failure{{"cannot write " + a.output}};
  std::cout << "exported " << entries->size() << " fees of the " << scheduleName(payer)
            << " schedule of organization " << org.value << " to " << a.output << "\n";
  return 0;
}

}  // namespace

void addFeeImport(CLI::App& import, std::string& db) {
  auto args = std::make_shared<FeeArgs>();
  auto* sc = import.add_subcommand(
      "fees",
      "A fee schedule as CSV (code,modifier,amount,effective_from,effective_to): the practice's "
      "standard fees, or with --payer that payer's allowed amounts");
  sc->add_option("--db", db, "storage URL")->capture_default_str();
  sc->add_option("--payer", args->payer, "the payer (id) whose allowed amounts the file holds")
      ->check(CLI::PositiveNumber);
  sc->add_option("--organization", args->organization, "organization id (default: the only one)")
      ->check(CLI::PositiveNumber);
  sc->add_option("--key-file", args->keyFile,
                 "server key file (default: MEDOFFICE_KEY_FILE, or PATH.key beside a SQLite "
                 "database)");
  sc->add_option("FILE", args->file, "the CSV file (- for stdin)")->required();
  sc->callback([&db, args] { runOrFail([&] { return runFeeImport(db, *args); }); });
}

void addFeeExport(CLI::App& app, std::string& db) {
  auto* exportCommand = app.add_subcommand("export", "Export fee schedules");
  exportCommand->require_subcommand(1);
  auto args = std::make_shared<FeeArgs>();
  auto* sc = exportCommand->add_subcommand(
      "fees",
      "A fee schedule as CSV (code,modifier,amount,effective_from,effective_to), as `import "
      "fees` reads it: the practice's standard fees, or with --payer that payer's allowed "
      "amounts");
  sc->add_option("--db", db, "storage URL")->capture_default_str();
  sc->add_option("--payer", args->payer, "the payer (id) whose allowed amounts to export")
      ->check(CLI::PositiveNumber);
  sc->add_option("--organization", args->organization, "organization id (default: the only one)")
      ->check(CLI::PositiveNumber);
  sc->add_option("-o,--output", args->output, "the file to write (default: stdout)");
  sc->callback([&db, args] { runOrFail([&] { return runFeeExport(db, *args); }); });
}

}  // namespace medoffice::cli
