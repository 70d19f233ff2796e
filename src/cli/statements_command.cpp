// SPDX-License-Identifier: AGPL-3.0-or-later
// `medoffice statements run`: a statement run into PDF files and the print vendor's CSV.
#include "cli/statements_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/billing/statements.hpp"
#include "app/security/audit_trail.hpp"
#include "cli/command_support.hpp"
#include "cli/progress.hpp"
#include "codecs/reports/report_pdf.hpp"
#include "codecs/reports/report_tables.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/security_stack.hpp"
#include "server/storage_factory.hpp"

namespace medoffice::cli {

namespace {

struct StatementArgs {
  int cycleDay = 0;
  std::int64_t minBalance = 0;
  std::string statementDate;
  std::int64_t organization = 0;
  std::string keyFile;
  std::string out;
  std::string fontDir = "/usr/share/fonts/truetype/dejavu";
};

/// Writes `bytes` to `path` through a temporary file and a rename: a reader (the vendor's
/// pickup) never sees half a file.
void writeFile(const std::filesystem::path& path, const std::string& bytes) {
  const auto tmp = path.string() + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Failure{{"cannot write " + tmp}};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw Failure{{"cannot write " + tmp}};
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Failure{{"cannot write " + path.string() + ": " + ec.message()}};
}

std::string dollars(std::int64_t cents) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s$%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>((cents < 0 ? -cents : cents) / 100),
                static_cast<long long>((cents < 0 ? -cents : cents) % 100));
  return buf;
}

int runStatementsCommand(const std::string& db, const StatementArgs& a) {
  app::billing::StatementRunRequest q;
  if (a.cycleDay != 0) q.cycleDay = a.cycleDay;
  q.minBalance = domain::Money::fromCents(a.minBalance);
  if (!a.statementDate.empty()) {
    q.statementDate = domain::Date::parse(a.statementDate);
    if (!q.statementDate) throw Failure{{"--statement-date must be a date (YYYY-MM-DD)"}};
  }
  if (auto s = codecs::pdf::checkFontFiles(codecs::pdf::FontFiles::dejavu(a.fontDir)); !s.ok()) {
    throw Failure{{s.error().message}};
  }
  std::error_code ec;
  std::filesystem::create_directories(a.out, ec);
  if (ec || !std::filesystem::is_directory(a.out)) {
    throw Failure{{"--out " + a.out + " is not a directory that can be written"}};
  }
  auto database = openCurrent(db);
  const auto org = organizationFor(*database, a.organization);
  integrations::SodiumSecrets secrets(server::loadMasterKey(db, a.keyFile));
  integrations::SystemClock clock;
  integrations::SystemTimeZones zones;
  Progress bar("statements");
  auto run = app::billing::runStatements(
      *database, zones, clock, org, 0, q,
      [&](const app::StatementRun& r) { bar.update(std::min(r.done, r.total), r.total); },
      [&](app::Repositories& r, const app::StatementRun& run, bool finished) {
        auto e = app::audit::event(
            nullptr, {"cli", "medoffice statements run"}, clock.now(),
            finished ? domain::AuditAction::kPrint : domain::AuditAction::kCreate, "statement_run",
            std::to_string(run.id.value) + " " + run.cycleKey +
                (finished ? " done: " + std::to_string(run.statements) + " statements" : ""));
        e.organizationId = org;
        app::audit::record(r, secrets, std::move(e));
      });
  if (!run) {
    Failure f;
    for (const auto& field : run.error().fields) {
      std::string option = field.field;
      for (auto& c : option) c = c == '_' ? '-' : c;
      if (option == "min-balance-cents") option = "min-balance";
      f.lines.push_back("--" + option + ": " + field.message);
    }
    if (f.lines.empty()) f.lines.push_back(run.error().message);
    throw f;
  }
  // Every statement of the run goes out, also those made before a crash: the files have the
  // statements' numbers, so a rerun rewrites the same files.
  auto practice = app::readValue<domain::Organization>(
      *database, [&](app::Repositories& r) -> domain::Result<domain::Organization> {
        auto o = r.organizations().get(org);
        if (!o) return domain::Error::notFound("organization not found");
        return *o;
      });
  if (!practice) throw Failure{{practice.error().message}};
  const auto fonts = codecs::pdf::FontFiles::dejavu(a.fontDir);
  std::vector<domain::Statement> all;
  app::PageRequest page;
  page.limit = 1000;
  Progress printing("PDFs");
  for (;;) {
    auto p = app::readValue<app::Page<domain::Statement>>(*database, [&](app::Repositories& r) {
      return r.statements().ofRun(org, run->run.id, page);
    });
    if (!p) throw Failure{{p.error().message}};
    for (auto& s : p->items) {
      auto pdf = codecs::statementPdf(fonts, *practice, s);
      if (!pdf) throw Failure{{"statement " + s.statementNumber + ": " + pdf.error().message}};
      writeFile(std::filesystem::path(a.out) / (s.statementNumber + ".pdf"), *pdf);
      s.lines.clear();
      all.push_back(std::move(s));
      printing.update(static_cast<std::int64_t>(all.size()), run->run.statements);
    }
    if (p->nextCursor.empty()) break;
    page.cursor = p->nextCursor;
  }
  const auto csvName = "statement-run-" + std::to_string(run->run.id.value) + ".csv";
  writeFile(std::filesystem::path(a.out) / csvName,
            codecs::tabular::toCsv(codecs::statementVendorTable(all)));
  (void)app::audit::seal(*database, secrets);
  std::cout << all.size() << " statements (" << run->madeNow << " new"
            << (run->resumed ? ", run resumed" : "")
            << (run->alreadyDone ? ", the cycle had run already" : "") << ") for cycle "
            << run->run.cycleKey << ", amount due " << dollars(run->run.amountDue.cents())
            << "; PDFs and " << csvName << " in " << a.out << "\n";
  return 0;
}

}  // namespace

void addStatementsCommand(CLI::App& app, std::string& db) {
  auto* statements = app.add_subcommand("statements", "Patient statements");
  statements->require_subcommand(1);
  auto args = std::make_shared<StatementArgs>();
  auto* sc = statements->add_subcommand(
      "run",
      "Run (or resume) a statement cycle: one statement per guarantor account owing at least "
      "the minimum, as PDFs and the print vendor's CSV");
  sc->add_option("--db", db, "storage URL")->capture_default_str();
  sc->add_option("--cycle-day", args->cycleDay, "only the accounts of this cycle day (1-28)")
      ->check(CLI::Range(1, 28));
  sc->add_option("--min-balance", args->minBalance,
                 "the least amount due, in cents, that gets a statement (default 0)")
      ->check(CLI::NonNegativeNumber);
  sc->add_option("--statement-date", args->statementDate,
                 "the statement date (default: today at the practice)");
  sc->add_option("--organization", args->organization, "organization id (default: the only one)")
      ->check(CLI::PositiveNumber);
  sc->add_option("--key-file", args->keyFile,
                 "server key file (default: MEDOFFICE_KEY_FILE, or PATH.key beside a SQLite "
                 "database)");
  sc->add_option("--font-dir", args->fontDir, "where DejaVuSans.ttf and DejaVuSans-Bold.ttf are")
      ->capture_default_str();
  sc->add_option("--out", args->out, "the folder for the PDFs and the CSV")->required();
  sc->callback([&db, args] { runOrFail([&] { return runStatementsCommand(db, *args); }); });
}

}  // namespace medoffice::cli
