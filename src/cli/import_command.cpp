// SPDX-License-Identifier: AGPL-3.0-or-later
// `medoffice import icd10cm|hcpcs|cpt`: the CMS ICD-10-CM order file (with its addenda), the CMS
// HCPCS Level II file, and a practice's licensed CPT CSV.
#include "cli/import_command.hpp"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include "app/billing/code_sets.hpp"
#include "cli/fee_schedule_command.hpp"
#include "cli/progress.hpp"
#include "codecs/codesets/cpt_csv.hpp"
#include "codecs/codesets/hcpcs.hpp"
#include "codecs/codesets/icd10cm.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/storage_factory.hpp"
#include "storage/sql/migrations.hpp"

namespace medoffice::cli {

namespace {

namespace fs = std::filesystem;
namespace sets = codecs::codesets;
using domain::CodeRecord;
using domain::CodeSystem;

struct ImportArgs {
  std::string file;
  int year = 0;
  std::int64_t organization = 0;
  std::string addenda;
};

/// Thrown to end the command with a message on stderr and exit status 1.
struct Failure {
  std::string message;
};

/// A reader of one file format, reporting bytes read for the progress bar.
using FileReader = std::function<sets::ReadResult(std::istream&, const sets::CodeSink&,
                                                  const sets::ByteProgress&)>;

std::string seconds(std::chrono::steady_clock::time_point since) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - since)
                      .count();
  return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
}

/// The release year: --year, else the file name's; both must agree when both are given.
int releaseYear(CodeSystem system, const ImportArgs& a) {
  const auto named = sets::releaseYearFromFileName(system, a.file);
  if (a.year != 0 && named && *named != a.year) {
    throw Failure{"the file name says " + std::to_string(*named) + " but --year says " +
                  std::to_string(a.year) + "; rename the file or correct --year"};
  }
  if (a.year != 0) return a.year;
  if (!named) {
    throw Failure{"cannot tell the release year from the name " +
                  fs::path(a.file).filename().string() + "; give --year YYYY"};
  }
  return *named;
}

std::vector<CodeRecord> readCodes(const std::string& path, const FileReader& read) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{"cannot read " + path};
  struct stat st {};
  const std::int64_t size = ::stat(path.c_str(), &st) == 0 ? st.st_size : 0;
  Progress progress("reading");
  std::vector<CodeRecord> codes;
  const auto result = read(
      in, [&](CodeRecord&& r) { codes.push_back(std::move(r)); },
      [&](std::size_t bytes) { progress.update(static_cast<std::int64_t>(bytes), size); });
  if (!result.ok())
    throw Failure{path + ": " + result.problem->describe() + "; nothing was loaded"};
  progress.update(size, size);
  return codes;
}

std::string firstOf(const std::vector<std::string>& codes, std::size_t n = 10) {
  std::string out;
  for (std::size_t k = 0; k < codes.size() && k < n; ++k) out += (k ? ", " : "") + codes[k];
  if (codes.size() > n) out += ", ... (" + std::to_string(codes.size()) + ")";
  return out;
}

/// Reads the ICD-10-CM addenda (--addenda, or icd10cm_order_addenda_YYYY.txt beside the file)
/// and reports what the new year adds, deletes and revises, checked against the codes read.
void reportAddenda(const ImportArgs& a, int year, const std::vector<CodeRecord>& codes) {
  std::string path = a.addenda;
  if (path.empty()) {
    const auto beside =
        fs::path(a.file).parent_path() / ("icd10cm_order_addenda_" + std::to_string(year) + ".txt");
    if (!fs::exists(beside)) return;
    path = beside.string();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{"cannot read " + path};
  std::vector<sets::AddendaEntry> entries;
  auto read = sets::readIcd10CmAddenda(
      in, [&](sets::AddendaEntry&& e) { entries.push_back(std::move(e)); });
  if (!read.ok()) throw Failure{path + ": " + read.problem->describe() + "; nothing was loaded"};
  const auto s = sets::summarize(entries);
  std::cout << "FY" << year << " addenda (" << fs::path(path).filename().string()
            << "): " << s.added.size() << " codes added, " << s.deleted.size() << " deleted, "
            << s.becameHeader.size() << " made headers, " << s.becameBillable.size()
            << " made billable, " << s.revised.size() << " revised\n";
  if (!s.deleted.empty()) std::cout << "  deleted: " << firstOf(s.deleted) << "\n";
  if (!s.becameHeader.empty()) {
    std::cout << "  now headers (use a more specific code): " << firstOf(s.becameHeader) << "\n";
  }
  std::set<std::string_view> held;
  for (const auto& c : codes) held.insert(c.code);
  for (const auto& c : s.added) {
    if (!held.contains(c))
      std::cerr << "medoffice: warning: the addenda add " << c
                << ", which the file does not hold\n";
  }
  for (const auto& c : s.deleted) {
    if (held.contains(c))
      std::cerr << "medoffice: warning: the addenda delete " << c
                << ", which the file still holds\n";
  }
}

int runImport(const std::string& db, CodeSystem system, const ImportArgs& a, const FileReader& read,
              domain::ReleaseSource source = domain::ReleaseSource::kCms) {
  const auto started = std::chrono::steady_clock::now();
  integrations::SystemClock clock;
  app::codes::ReleaseImport in;
  in.system = system;
  in.source = source;
  in.organization = domain::OrganizationId(a.organization);
  in.year = source == domain::ReleaseSource::kLicensed && a.year == 0 ? clock.now().utcDate().year()
                                                                      : releaseYear(system, a);
  in.fileName = fs::path(a.file).filename().string();
  auto database = server::openDatabase(db, {});
  if (database->schemaVersion() != storage::latestSchemaVersion(database->dialect())) {
    throw Failure{"the database needs `medoffice init` or `medoffice migrate` first"};
  }
  in.codes = readCodes(a.file, read);
  if (system == CodeSystem::kIcd10Cm) reportAddenda(a, in.year, in.codes);

  Progress storing("storing");
  const std::string what =
      std::string(domain::displayName(system)) + " " + domain::releaseLabel(system, in.year);
  auto done =
      app::codes::importRelease(*database, clock.now(), std::move(in),
                                [&](std::int64_t d, std::int64_t t) { storing.update(d, t); });
  if (!done) {
    std::string msg = done.error().message;
    for (const auto& f : done.error().fields) msg += " " + f.field + ": " + f.message + ";";
    throw Failure{msg};
  }
  const auto& r = done->release;
  if (done->unchanged) {
    std::cout << what << " is already loaded with the same " << r.codeCount
              << " codes; nothing changed\n";
    return 0;
  }
  std::cout << "loaded " << r.codeCount << " " << what << " codes";
  if (system == CodeSystem::kIcd10Cm) {
    std::cout << " (" << r.billableCount << " billable, " << r.codeCount - r.billableCount
              << " headers)";
  }
  std::cout << " from " << r.fileName << " in " << seconds(started) << "\n";
  if (done->replacedCodes) {
    std::cout << "  replaced the " << *done->replacedCodes << " codes loaded before for "
              << domain::releaseLabel(system, r.year) << "\n";
  }
  if (done->removedBuiltin > 0) {
    std::cout << "  the built-in starter list of " << domain::displayName(system)
              << " codes was removed\n";
  }
  return 0;
}

sets::ReadResult readIcd(std::istream& in, const sets::CodeSink& sink,
                         const sets::ByteProgress& progress) {
  return sets::readIcd10CmOrder(in, sink, progress);
}

sets::ReadResult readHcpcsCounted(std::istream& in, const sets::CodeSink& sink,
                                  const sets::ByteProgress& progress) {
  sets::HcpcsCounts counts;
  auto r = sets::readHcpcs(in, sink, &counts, progress);
  if (r.ok()) {
    std::cout << "read " << counts.procedures << " procedure codes and " << counts.modifiers
              << " modifiers\n";
  }
  return r;
}

sets::ReadResult readCpt(std::istream& in, const sets::CodeSink& sink, const sets::ByteProgress&) {
  return sets::readCptCsv(in, sink);
}

/// Adds `import NAME [--db] [--year] FILE`, whose callback imports FILE with `read` and turns a
/// failure into exit status 1.
CLI::App* addKind(CLI::App* parent, const char* name, const char* help, std::string& db,
                  const std::shared_ptr<ImportArgs>& args, CodeSystem system,
                  domain::ReleaseSource source, FileReader read, const char* yearHelp) {
  auto* sc = parent->add_subcommand(name, help);
  sc->add_option("--db", db, "storage URL")->capture_default_str();
  sc->add_option("--year", args->year, yearHelp)->check(CLI::Range(1990, 2100));
  sc->add_option("FILE", args->file, "the file to import")->required();
  sc->callback([&db, args, system, source, read = std::move(read)] {
    int status = 1;
    try {
      status = runImport(db, system, *args, read, source);
    } catch (const Failure& f) {
      std::cerr << "medoffice: " << f.message << "\n";
    } catch (const std::exception& e) {
      std::cerr << "medoffice: " << e.what() << "\n";
    }
    if (status != 0) throw CLI::RuntimeError(status);
  });
  return sc;
}

}  // namespace

void addImportCommand(CLI::App& app, std::string& db) {
  auto* import = app.add_subcommand(
      "import", "Import code sets (ICD-10-CM, HCPCS, licensed CPT) and fee schedules");
  import->require_subcommand(1);
  auto args = std::make_shared<ImportArgs>();
  const char* fromName = "release year (default: from the CMS file name)";
  using domain::ReleaseSource;
  auto* icd = addKind(
      import, "icd10cm",
      "The CMS ICD-10-CM order file (icd10cm_order_YYYY.txt) of fiscal year YYYY; reports its "
      "addenda (icd10cm_order_addenda_YYYY.txt beside it, or --addenda)",
      db, args, CodeSystem::kIcd10Cm, ReleaseSource::kCms, readIcd, fromName);
  icd->add_option("--addenda", args->addenda, "the addenda file to report");
  addKind(import, "hcpcs", "The CMS HCPCS Level II file (HCPC<YYYY>_..._ANWEB*.txt)", db, args,
          CodeSystem::kHcpcs, ReleaseSource::kCms, readHcpcsCounted, fromName);
  auto* cpt = addKind(import, "cpt",
                      "A practice's licensed CPT descriptors as CSV (code,description); they "
                      "belong to that practice",
                      db, args, CodeSystem::kCpt, ReleaseSource::kLicensed, readCpt,
                      "CPT year (default: this year)");
  cpt->add_option("--organization", args->organization, "the practice (organization id)")
      ->required();
  addFeeImport(*import, db);
}

}  // namespace medoffice::cli
