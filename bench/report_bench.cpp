// SPDX-License-Identifier: AGPL-3.0-or-later
// Statements and reports at the size of a large group (issue 15), on SQLite and, when
// MEDOFFICE_TEST_PG_URL names a throwaway PostgreSQL database (tests/support/with_postgres.sh),
// on PostgreSQL too:
//
// - BM_ArAging/<engine>/<as_of>: AR aging as GET /api/v1/reports/ar-aging answers it (a read
//   transaction, app::billing::arAging), by payer, over a ledger of about 10,000,000 entries on
//   2,000,000 charge lines of 100,000 guarantor accounts, 50 providers and 20 payers, spread over
//   the 1,000 days before today. as_of = today reads the running balances; yesterday and a day
//   in the middle of a month a year ago read the dated summaries (the month-end snapshot before
//   the day plus the daily movements since). Target: < 200 ms (`target_ratio` is time / 200 ms).
// - BM_DaySheet/<engine>: the day sheet of a day 45 days ago (about 10,000 entries of 50
//   providers). Target: < 50 ms.
// - BM_StatementRun/<engine>: a statement run over 10,000 guarantor accounts (three open lines
//   each) and every statement rendered to PDF and written to build/bench/statements/, on one
//   thread, as `medoffice statements run` does. Target: < 20 s. `run_s` is the wall time of
//   the run itself (making and storing the statements), the rest is reading them back and PDFs.
//
// The ledger is synthetic but consistent: each line is charged to its primary payer on its date of
// service; after 30 days the payer pays 60 %, 20 % is adjusted off and 20 % moves to the patient;
// after 90 days the patient's part is written off. The lines' and accounts' running balances are
// set to match, so LedgerRepository::verify holds. `summarize_s` is how long folding the 1,000
// days into the dated summaries took, once.
//
//   build/release/report_bench [--accounts N] [--lines-per-account N] [--statements-only]
//                              [--day-sheet-only] [--reuse] [--postgres-only]
//                              [benchmark flags]
//
// --statements-only: BM_StatementRun alone (no large ledger). --day-sheet-only: BM_DaySheet alone
// (the large ledger, but no summaries and no statement run, which would replace the database).
// --reuse: keep a ledger a previous run generated at the same size (the database is migrated to
// the current schema first, timed as `migrate_s`) instead of generating it again; with
// tests/support/with_postgres.sh the cluster lives as long as its command, so reuse pays off in
// one session (`with_postgres.sh sh -c '... --reuse; ... --reuse'`) or with a URL of your own.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../tests/support/practice.hpp"
#include "app/billing/accounts.hpp"
#include "app/billing/reports.hpp"
#include "app/billing/statements.hpp"
#include "app/registry.hpp"
#include "bench_support.hpp"
#include "codecs/reports/report_pdf.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/storage_factory.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/sql/table.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

using namespace medoffice;
using namespace medoffice::domain;
namespace fs = std::filesystem;
namespace billing = app::billing;

namespace {

using bench::check;
using bench::freshDatabase;
using bench::msSince;

std::int64_t g_accounts = 100'000;
std::int64_t g_linesPerAccount = 20;
bool g_statementsOnly = false;  ///< --statements-only: just BM_StatementRun (no 10M ledger)
bool g_daySheetOnly = false;    ///< --day-sheet-only: just BM_DaySheet (no summaries)
bool g_reuse = false;           ///< --reuse: keep a ledger generated before at the same size
bool g_postgresOnly = false;    ///< --postgres-only: leave SQLite out
constexpr std::int64_t kDays = 1000;
constexpr int kProviders = 50;
constexpr int kPayers = 20;
constexpr std::int64_t kAccountBase = 1'000'000;  ///< generated account ids start above it

struct Engine {
  std::string name;
  std::string url;
  std::string statementsUrl;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::SqlConnection> side;
  test::Practice practice;
  std::vector<std::int64_t> providers, payers, patients;
  std::int64_t entries = 0;
  double summarizeSeconds = 0;
  double migrateSeconds = 0;
};
std::vector<Engine> g_engines;

integrations::SystemClock g_clock;
integrations::SystemTimeZones g_zones;

std::unique_ptr<storage::SqlConnection> sideConnection(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    return std::make_unique<storage::SqliteConnection>(url.substr(7),
                                                       storage::SqliteConnection::Mode::kWriter);
  }
  return std::make_unique<storage::PgConnection>(url);
}

/// The practice, 50 providers, 20 payers, 500 patients (the lines' patients).
void setUpPractice(Engine& e, storage::Database& db) {
  e.providers.clear();
  e.payers.clear();
  e.patients.clear();
  check(db.write([&](app::Repositories& r) -> Status {
    auto practice = test::createPractice(r, g_zones, g_clock.now(), "Prairie Medicine Group");
    if (!practice) return practice.error();
    e.practice = *practice;
    e.providers.push_back(practice->provider.value);
    e.payers.push_back(practice->payer.value);
    for (int k = 1; k < kPayers; ++k) {
      Payer p;
      p.name = "Payer " + std::to_string(k);
      p.x12PayerId = "PAY" + std::to_string(k);
      p.claimFilingIndicator = "CI";
      auto stored = app::registry::createPayer(r, g_clock.now(), practice->org, p);
      if (!stored) return stored.error();
      e.payers.push_back(stored->id.value);
    }
    for (int k = 0; k < 500; ++k) {
      Patient d;
      d.familyName = "Bench";
      d.givenName = std::string{static_cast<char>('A' + k / 26 % 26),
                                static_cast<char>('a' + k % 26), 'n', 'n'};
      d.birthDate = *Date::parse("1980-02-03");
      d.sex = "female";
      auto reg = app::registry::registerPatient(r, g_clock.now(), practice->org, d, false);
      if (!reg) return reg.error();
      e.patients.push_back(reg->patient.id.value);
    }
    return {};
  }),
        "the practice");
}

/// Runs `sql` over n = 1..count (a recursive CTE on SQLite, generate_series on PostgreSQL).
std::string overSeries(storage::Dialect d, std::int64_t count, const std::string& insertHead,
                       const std::string& selectList, const std::string& where = "") {
  const std::string n = std::to_string(count);
  if (d == storage::Dialect::kSqlite) {
    return "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + n + ") " +
           insertHead + " SELECT " + selectList + " FROM s" +
           (where.empty() ? "" : " WHERE " + where) + ";";
  }
  return insertHead + " SELECT " + selectList + " FROM generate_series(1::bigint, " + n +
         ") AS s(n)" + (where.empty() ? "" : " WHERE " + where) + ";";
}

/// The synthetic ledger: `accounts` accounts of `linesPerAccount` lines (one encounter each)
/// whose dates of service fall in the `days` days before today (or, with `owingOnly`, 31 to 90
/// days ago, so that every account's guarantor owes).
void generate(Engine& e, storage::Database& db, storage::SqlConnection& c, std::int64_t accounts,
              std::int64_t linesPerAccount, bool owingOnly) {
  setUpPractice(e, db);
  const auto t0 = std::chrono::steady_clock::now();
  const auto d = c.dialect();
  const std::int64_t org = e.practice.org.value;
  const std::int64_t lines = accounts * linesPerAccount;
  const std::int64_t today =
      g_zones.toLocal("America/Chicago", g_clock.now())->date.daysSinceEpoch();
  const std::string now = std::to_string(g_clock.now().micros());
  const std::string O = std::to_string(org);
  const std::string P0 = std::to_string(e.providers.front());
  const std::string PAY0 = std::to_string(e.payers.front());
  const std::string PAT0 = std::to_string(e.patients.front());
  // 49 more providers by SQL (ids after the first).
  std::string sql = "BEGIN;";
  for (int k = 1; k < kProviders; ++k) {
    sql +=
        "INSERT INTO providers (organization_id, family_name, given_name, npi, version, "
        "created_at, updated_at) VALUES (" +
        O + ", 'Provider', 'P" + std::to_string(k) + "', '19" + std::to_string(10000000 + k) +
        "', 1, " + now + ", " + now + ");";
  }
  sql += "COMMIT;";
  c.script(sql);
  // Per line n (1-based): account a = (n - 1) / L, its age in days, charge, provider, payer.
  // Lines come in date order, as a practice enters them: n = 1 is the oldest. Each account has
  // lines all through the period; providers and payers take turns.
  const std::string acct =
      "(" + std::to_string(kAccountBase) + " + (n - 1) % " + std::to_string(accounts) + " + 1)";
  const std::string age = owingOnly
                              ? "(31 + n % 60)"
                              : "(" + std::to_string(kDays) + " - ((n - 1) * " +
                                    std::to_string(kDays) + ") / " + std::to_string(lines) + ")";
  const std::string dosDays = "(" + std::to_string(today) + " - " + age + ")";
  const std::string dos = d == storage::Dialect::kSqlite
                              ? "date(" + dosDays + " * 86400, 'unixepoch')"
                              : "(DATE '1970-01-01' + " + dosDays + "::int)";
  const std::string charge = "(10000 + ((n * 31) % 50) * 100)";
  const std::string provider = "(" + P0 + " + ((n / 7) % " + std::to_string(kProviders) + "))";
  const std::string payer = "(" + PAY0 + " + ((n / 3) % " + std::to_string(kPayers) + "))";
  const std::string patient = "(" + PAT0 + " + (n % 500))";
  auto postedAt = [&](int plusDays) {
    return "((" + dosDays + " + " + std::to_string(plusDays) + ") * 86400 + 54000) * 1000000";
  };
  c.script(
      "BEGIN;" +
      overSeries(d, accounts,
                 "INSERT INTO guarantor_accounts (id, organization_id, family_name, given_name, "
                 "family_key, given_key, addr_line1, addr_city, addr_state, addr_postal_code, "
                 "version, created_at, updated_at)",
                 std::to_string(kAccountBase) + " + n, " + O +
                     ", 'Guarantor', 'G' || n, 'guarantor', 'g' || n, '12 Elm St', "
                     "'Springfield', 'IL', '62704', 1, " +
                     now + ", " + now) +
      "COMMIT;");
  c.script("BEGIN;" +
           overSeries(d, lines,
                      "INSERT INTO encounters (id, organization_id, patient_id, provider_id, "
                      "location_id, account_id, date_of_service, diagnoses, status, corrections, "
                      "primary_payer_id, version, created_at, updated_at)",
                      "n, " + O + ", " + patient + ", " + provider + ", " +
                          std::to_string(e.practice.location.value) + ", " + acct + ", " + dos +
                          ", 'E119', 'finalized', 0, " + payer + ", 1, " + now + ", " + now) +
           "COMMIT;");
  std::fprintf(stderr, "[ %s ] %lld accounts, %lld encounters (%.1f s)\n", e.name.c_str(),
               static_cast<long long>(accounts), static_cast<long long>(lines), msSince(t0) / 1000);
  // The lines' running balances: the payer owes for 30 days, then the patient 20 % until day 90.
  const std::string owedPrimary = "CASE WHEN " + age + " <= 30 THEN " + charge + " ELSE 0 END";
  const std::string owedPatient =
      "CASE WHEN " + age + " > 30 AND " + age + " <= 90 THEN " + charge + " / 5 ELSE 0 END";
  c.script("BEGIN;" +
           overSeries(d, lines,
                      "INSERT INTO charge_lines (id, organization_id, encounter_id, patient_id, "
                      "account_id, revision, line_number, code, units, diagnosis_pointers, "
                      "rendering_provider_id, date_of_service, charge_cents, status, "
                      "owed_primary_cents, owed_patient_cents, primary_payer_id, created_at)",
                      "n, " + O + ", n, " + patient + ", " + acct + ", 0, 1, '99213', 1, '1', " +
                          provider + ", " + dos + ", " + charge + ", 'posted', " + owedPrimary +
                          ", " + owedPatient + ", " + payer + ", " + now) +
           "COMMIT;");
  std::fprintf(stderr, "[ %s ] lines (%.1f s)\n", e.name.c_str(), msSince(t0) / 1000);
  // The entries in the order they were posted (a ledger grows in time order, so one day's
  // entries sit together, as they do in a real database).
  const std::string cols =
      "organization_id, account_id, patient_id, encounter_id, line_id, kind, amount_cents, "
      "from_place, to_place, reason, d_primary, d_secondary, d_tertiary, d_patient, d_credit, "
      "posted_by, posted_at, created_at";
  const std::string series =
      d == storage::Dialect::kSqlite
          ? "s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + std::to_string(lines) +
                ")"
          : "s(n) AS (SELECT generate_series(1::bigint, " + std::to_string(lines) + "))";
  auto kind = [&](const std::string& k, const std::string& amount, const char* from, const char* to,
                  const std::string& dPrimary, const std::string& dPatient, int plusDays,
                  const std::string& where) {
    return "SELECT " + O + " AS o, " + acct + " AS a, " + patient + " AS p, n AS e, n AS l, '" + k +
           "' AS k, " + amount + " AS amt, " + from + " AS f, " + to + " AS t, '' AS rs, " +
           dPrimary + " AS dp, 0 AS ds, 0 AS dt, " + dPatient + " AS dpa, 0 AS dc, 1 AS pb, " +
           postedAt(plusDays) + " AS pa, " + now + " AS ca FROM s" +
           (where.empty() ? "" : " WHERE " + where);
  };
  const std::string paid = charge + " * 3 / 5", adj = charge + " / 5", moved = charge + " / 5";
  c.script(
      "BEGIN; " + std::string(d == storage::Dialect::kSqlite ? "WITH RECURSIVE " : "WITH ") +
      series + " INSERT INTO ledger_entries (" + cols + ") SELECT * FROM (" +
      kind("charge", charge, "NULL", "'primary'", charge, "0", 0, "") + " UNION ALL " +
      kind("insurance_payment", paid, "'primary'", "NULL", "-(" + paid + ")", "0", 30,
           age + " > 30") +
      " UNION ALL " +
      kind("contractual_adjustment", adj, "'primary'", "NULL", "-(" + adj + ")", "0", 30,
           age + " > 30") +
      " UNION ALL " +
      kind("transfer", moved, "'primary'", "'patient'", "-(" + moved + ")", moved, 30,
           age + " > 30") +
      " UNION ALL " +
      kind("write_off", moved, "'patient'", "NULL", "0", "-(" + moved + ")", 90, age + " > 90") +
      ") AS x ORDER BY pa; COMMIT;");
  std::fprintf(stderr, "[ %s ] entries (%.1f s)\n", e.name.c_str(), msSince(t0) / 1000);
  c.script(
      "BEGIN; INSERT INTO account_balances (account_id, organization_id, insurance_cents, "
      "patient_cents, credit_cents, entry_count, last_entry_at) SELECT l.account_id, " +
      O + ", SUM(l.owed_primary_cents), SUM(l.owed_patient_cents), 0, 0, " + now +
      " FROM charge_lines l WHERE l.account_id > " + std::to_string(kAccountBase) +
      " GROUP BY l.account_id; UPDATE account_balances SET entry_count = (SELECT COUNT(*) FROM "
      "ledger_entries x WHERE x.account_id = account_balances.account_id AND x.organization_id = " +
      O + ") WHERE account_id > " + std::to_string(kAccountBase) + "; COMMIT;" +
      (d == storage::Dialect::kPostgres ? " ANALYZE;" : " ANALYZE;"));
  auto rows = c.query("SELECT COUNT(*) FROM ledger_entries", {});
  e.entries = rows.empty() ? 0 : rows[0].i64(0);
  std::fprintf(stderr, "[ %s ] ledger of %lld entries ready (%.1f s)\n", e.name.c_str(),
               static_cast<long long>(e.entries), msSince(t0) / 1000);
}

/// With --reuse: the database at `e.url` migrated to the current schema, when it holds a ledger
/// generated at this size (accounts and lines); else null (generate it).
std::unique_ptr<storage::Database> reused(Engine& e) {
  if (e.url.rfind("sqlite:", 0) == 0 && !fs::exists(e.url.substr(7))) return nullptr;
  auto side = sideConnection(e.url);
  const auto count = [&](const std::string& sql) {
    try {
      auto rows = side->query(sql, {});
      return rows.empty() ? std::int64_t{0} : rows[0].i64(0);
    } catch (const storage::SqlError&) {
      return std::int64_t{0};
    }
  };
  const std::string base = std::to_string(kAccountBase);
  if (count("SELECT COUNT(*) FROM guarantor_accounts WHERE id > " + base) != g_accounts ||
      count("SELECT COUNT(*) FROM charge_lines WHERE account_id > " + base) !=
          g_accounts * g_linesPerAccount) {
    return nullptr;
  }
  e.practice.org = OrganizationId(count("SELECT MIN(id) FROM organizations"));
  e.entries = count("SELECT COUNT(*) FROM ledger_entries");
  side.reset();
  auto db = server::openDatabase(e.url, {});
  const auto t0 = std::chrono::steady_clock::now();
  if (db->migrate() > 0) e.migrateSeconds = msSince(t0) / 1000;
  e.side = sideConnection(e.url);
  std::fprintf(stderr, "[ %s ] reusing the ledger of %lld entries (migrated in %.1f s)\n",
               e.name.c_str(), static_cast<long long>(e.entries), e.migrateSeconds);
  return db;
}

void BM_ArAging(benchmark::State& state, Engine* e, int daysAgo) {
  const Date today = g_zones.toLocal("America/Chicago", g_clock.now())->date;
  std::optional<Date> asOf;
  if (daysAgo > 0) asOf = today.plusDays(-daysAgo);
  std::int64_t total = 0;
  for (auto _ : state) {
    auto a = app::readValue<billing::AgingReport>(*e->db, [&](app::Repositories& r) {
      return billing::arAging(r, g_zones, g_clock.now(), e->practice.org, asOf,
                              billing::AgingBy::kPayer, {});
    });
    if (!a) {
      state.SkipWithError(a.error().message.c_str());
      return;
    }
    total = a->total.total().cents();
    benchmark::DoNotOptimize(total);
  }
  state.counters["entries"] = static_cast<double>(e->entries);
  state.counters["ar_cents"] = static_cast<double>(total);
  state.counters["summarize_s"] = e->summarizeSeconds;
}

void BM_DaySheet(benchmark::State& state, Engine* e) {
  const Date day = g_zones.toLocal("America/Chicago", g_clock.now())->date.plusDays(-45);
  std::int64_t entries = 0;
  std::size_t providers = 0;
  for (auto _ : state) {
    auto s = app::readValue<billing::DaySheet>(*e->db, [&](app::Repositories& r) {
      return billing::daySheet(r, g_zones, g_clock.now(), e->practice.org, day, LocationId());
    });
    if (!s) {
      state.SkipWithError(s.error().message.c_str());
      return;
    }
    entries = s->totals.entries;
    providers = s->byProvider.size();
  }
  state.counters["entries"] = static_cast<double>(entries);
  state.counters["providers"] = static_cast<double>(providers);
  if (e->migrateSeconds > 0) state.counters["migrate_s"] = e->migrateSeconds;
}

void BM_StatementRun(benchmark::State& state, Engine* e) {
  Engine s;
  s.name = e->name;
  auto db = freshDatabase(e->statementsUrl);
  auto side = sideConnection(e->statementsUrl);
  generate(s, *db, *side, 10'000, 3, true);
  const fs::path out = "build/bench/statements";
  fs::remove_all(out);
  fs::create_directories(out);
  const auto fonts = codecs::pdf::FontFiles::dejavu();
  std::int64_t made = 0, bytes = 0;
  double runSeconds = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto run = billing::runStatements(*db, g_zones, g_clock, s.practice.org, 0, {}, {},
                                      [](app::Repositories&, const app::StatementRun&, bool) {});
    if (!run) {
      state.SkipWithError(run.error().message.c_str());
      return;
    }
    runSeconds = msSince(t0) / 1000;
    auto org = app::readValue<Organization>(*db, [&](app::Repositories& r) -> Result<Organization> {
      return *r.organizations().get(s.practice.org);
    });
    app::PageRequest page;
    page.limit = 1000;
    for (;;) {
      auto p = app::readValue<app::Page<Statement>>(*db, [&](app::Repositories& r) {
        return r.statements().ofRun(s.practice.org, run->run.id, page);
      });
      for (const auto& st : p->items) {
        auto pdf = codecs::statementPdf(fonts, *org, st);
        if (!pdf) {
          state.SkipWithError(pdf.error().message.c_str());
          return;
        }
        std::ofstream(out / (st.statementNumber + ".pdf"), std::ios::binary) << *pdf;
        bytes += static_cast<std::int64_t>(pdf->size());
        ++made;
      }
      if (p->nextCursor.empty()) break;
      page.cursor = p->nextCursor;
    }
  }
  state.counters["statements"] = static_cast<double>(made);
  state.counters["kb_per_pdf"] = made ? static_cast<double>(bytes) / made / 1024.0 : 0;
  // Wall time of runStatements alone (the rest: reading the statements back, PDFs, files).
  state.counters["run_s"] = runSeconds;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest{argv[0]};
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--accounts" && k + 1 < argc) {
      g_accounts = std::atoll(argv[++k]);
    } else if (a == "--postgres-only") {
      g_postgresOnly = true;
    } else if (a == "--statements-only") {
      g_statementsOnly = true;
    } else if (a == "--day-sheet-only") {
      g_daySheetOnly = true;
    } else if (a == "--reuse") {
      g_reuse = true;
    } else if (a == "--lines-per-account" && k + 1 < argc) {
      g_linesPerAccount = std::atoll(argv[++k]);
    } else {
      rest.push_back(argv[k]);
    }
  }
  fs::create_directories("build/bench");
  if (!g_postgresOnly) {
    g_engines.push_back(
        {"sqlite", "sqlite:build/bench/reports.db", "sqlite:build/bench/statements.db"});
  }
  if (const char* pg = std::getenv("MEDOFFICE_TEST_PG_URL"); pg && *pg) {
    // The statement run uses the same database after the aging benchmarks (it starts afresh).
    g_engines.push_back({"postgres", pg, pg});
  }
  int argcRest = static_cast<int>(rest.size());
  benchmark::Initialize(&argcRest, rest.data());
  for (auto& e : g_engines) {
    if (g_statementsOnly) {
      benchmark::RegisterBenchmark(("BM_StatementRun/" + e.name).c_str(), BM_StatementRun, &e)
          ->Iterations(1)
          ->Unit(benchmark::kSecond)
          ->UseRealTime();
      continue;
    }
    if (g_reuse) e.db = reused(e);
    if (!e.db) {
      e.db = freshDatabase(e.url);
      e.side = sideConnection(e.url);
      generate(e, *e.db, *e.side, g_accounts, g_linesPerAccount, false);
    }
    if (g_daySheetOnly) {
      benchmark::RegisterBenchmark(("BM_DaySheet/" + e.name).c_str(), BM_DaySheet, &e)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    check(billing::summarizeAll(*e.db, g_zones, g_clock.now(), e.practice.org), "summarize");
    e.summarizeSeconds = msSince(t0) / 1000;
    for (auto [label, days] :
         {std::pair{"today", 0}, std::pair{"yesterday", 1}, std::pair{"a_year_ago", 380}}) {
      benchmark::RegisterBenchmark(("BM_ArAging/" + e.name + "/" + label).c_str(), BM_ArAging, &e,
                                   days)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
    benchmark::RegisterBenchmark(("BM_DaySheet/" + e.name).c_str(), BM_DaySheet, &e)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_StatementRun/" + e.name).c_str(), BM_StatementRun, &e)
        ->Iterations(1)
        ->Unit(benchmark::kSecond)
        ->UseRealTime();
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
