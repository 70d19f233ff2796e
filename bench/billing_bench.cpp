// SPDX-License-Identifier: AGPL-3.0-or-later
// Billing at the size of a large group practice (issue 14), on SQLite and, when
// MEDOFFICE_TEST_PG_URL names a throwaway PostgreSQL database (tests/support/with_postgres.sh),
// on PostgreSQL too:
//
// - BM_FinalizeBulk: finalize and post 100,000 charge lines (50,000 open encounters of two
//   lines) as POST /api/v1/encounters/finalize does: app::billing::finalizeMany, 1,000
//   encounters per transaction, each with its audit event (keyed MAC, chained inline on SQLite).
//   The encounters are made before the clock starts. Target: < 5 s on SQLite (`target_ratio` is the
//   time over 5 s); PostgreSQL is reported.
// - BM_AccountBalance/N: reading one account's balance as the API does (a read transaction,
//   AccountRepository::balance) when that account has N ledger entries, N = 1,000 to
//   10,000,000: it must stay flat. The entries are synthetic (charges of 1 cent on one line,
//   written by one INSERT ... SELECT, with the running balances moved to match, so that
//   LedgerRepository::verify still holds); `scan_ms` is what summing the entries (what reports
//   would do without running balances) takes at that size, for the ratio.
//
//   build/release/billing_bench [--lines N] [--max-entries N] [--batch N] [--no-audit]
//                               [benchmark flags]
// (--batch and --no-audit are for finding where the time goes; the figures use neither.)
// The SQLite file is build/bench/billing.db; PostgreSQL's public schema is dropped first.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "../tests/support/practice.hpp"
#include "app/billing/accounts.hpp"
#include "app/billing/encounters.hpp"
#include "app/billing/fee_schedules.hpp"
#include "app/registry.hpp"
#include "app/security/audit_trail.hpp"
#include "bench_support.hpp"
#include "integrations/crypto/sodium_security.hpp"
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

std::int64_t g_lines = 100'000;
std::int64_t g_maxEntries = 10'000'000;
int g_batch = 1000;  // as POST /api/v1/encounters/finalize
bool g_audit = true;

struct Engine {
  std::string name;
  std::string url;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::SqlConnection> side;  ///< for the synthetic entries and the scan
  OrganizationId org;
  LocationId location;
  ProviderId provider;
  std::vector<PatientId> patients;
  // The account whose history grows.
  GuarantorAccountId account;
  PatientId patient;
  EncounterId encounter;
  ChargeLineId line;
  std::int64_t entries = 0;
};
std::vector<Engine> g_engines;

integrations::SystemClock g_clock;
integrations::SystemTimeZones g_zones;

/// The practice: one location, one provider, a payer, 500 insured patients, standard fees.
void setUp(Engine& e) {
  check(e.db->write([&](app::Repositories& r) -> Status {
    auto practice = test::createPractice(r, g_zones, g_clock.now(), "Prairie Medicine Group");
    if (!practice) return practice.error();
    e.org = practice->org;
    e.location = practice->location;
    e.provider = practice->provider;
    for (auto [code, cents] : {std::pair{"99213", 12500}, std::pair{"90686", 3000}}) {
      FeeScheduleEntry f;
      f.code = code;
      f.amount = Money::fromCents(cents);
      f.effectiveFrom = *Date::parse("2020-01-01");
      auto fee = app::fees::createEntry(r, g_clock.now(), e.org, f);
      if (!fee) return fee.error();
    }
    for (int k = 0; k < 500; ++k) {
      Patient d;
      d.familyName = "Bench";
      // Names are letters only: "Aa", "Ab", ... (500 of them).
      d.givenName = std::string{static_cast<char>('A' + k / 26 % 26),
                                static_cast<char>('a' + k % 26), 'n', 'n'};
      d.birthDate = *Date::parse("1980-02-03");
      d.sex = "female";
      auto reg = app::registry::registerPatient(r, g_clock.now(), e.org, d, false);
      if (!reg) return reg.error();
      Coverage c;
      c.patientId = reg->patient.id;
      c.payerId = practice->payer;
      c.memberId = "XJH" + std::to_string(100000000 + k);
      c.effectiveDate = *Date::parse("2020-01-01");
      auto cov = app::registry::createCoverage(r, g_clock.now(), e.org, c);
      if (!cov) return cov.error();
      auto account = billing::ensureAccount(r, g_clock.now(), reg->patient);
      if (!account) return account.error();
      e.patients.push_back(reg->patient.id);
    }
    return {};
  }),
        "set-up");
}

/// `count` open encounters of two lines (99213 and 90686), 1,000 per transaction.
std::vector<EncounterId> openEncounters(Engine& e, std::int64_t count) {
  std::vector<EncounterId> ids;
  ids.reserve(static_cast<std::size_t>(count));
  const Date dos = g_clock.now().utcDate().plusDays(-1);
  for (std::int64_t done = 0; done < count;) {
    const std::int64_t n = std::min<std::int64_t>(1000, count - done);
    check(e.db->write([&](app::Repositories& r) -> Status {
      for (std::int64_t k = 0; k < n; ++k) {
        const PatientId p = e.patients[static_cast<std::size_t>(done + k) % e.patients.size()];
        auto patient = r.patients().get(e.org, p);
        Encounter x;
        x.organizationId = e.org;
        x.patientId = p;
        x.providerId = e.provider;
        x.locationId = e.location;
        x.accountId = patient->accountId;
        x.dateOfService = dos;
        x.diagnoses = {"E119", "I10"};
        for (auto [code, cents] : {std::pair{"99213", 12500}, std::pair{"90686", 3000}}) {
          ChargeLine l;
          l.lineNumber = static_cast<int>(x.lines.size()) + 1;
          l.code = code;
          l.units = 1;
          l.diagnosisPointers = {1};
          l.charge = Money::fromCents(cents);
          l.feeFromSchedule = true;
          x.lines.push_back(l);
        }
        auto stored = r.encounters().insert(x, g_clock.now());
        if (!stored) return stored.error();
        ids.push_back(stored->id);
      }
      return {};
    }),
          "open encounters");
    done += n;
  }
  return ids;
}

void BM_FinalizeBulk(benchmark::State& state, Engine* e) {
  const std::int64_t encounters = g_lines / 2;
  integrations::MasterKey key{};
  for (std::size_t k = 0; k < key.bytes.size(); ++k) key.bytes[k] = static_cast<unsigned char>(k);
  integrations::SodiumSecrets secrets(key);
  Principal who;
  who.organizationId = e->org;
  who.userId = UserId(1);
  who.username = "bench";
  double seconds = 0;
  std::int64_t lines = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto ids = openEncounters(*e, encounters);
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    auto out = billing::finalizeMany(
        *e->db, g_clock.now(), e->org, ids, 1, g_batch,
        [&](app::Repositories& r, const billing::FinalizeResult& f) {
          if (!g_audit) return;
          app::audit::record(
              r, secrets,
              app::audit::event(&who, {"127.0.0.1", "bench"}, g_clock.now(), AuditAction::kUpdate,
                                "encounter", std::to_string(f.encounter.id.value) + " finalized",
                                f.encounter.patientId));
        });
    seconds = msSince(t0) / 1000.0;
    if (!out || !out->failed.empty()) {
      state.SkipWithError(out ? out->failed.front().second.message.c_str()
                              : out.error().message.c_str());
      return;
    }
    lines = out->lines;
  }
  state.counters["lines"] = static_cast<double>(lines);
  state.counters["seconds"] = seconds;
  state.counters["lines_per_s"] = static_cast<double>(lines) / seconds;
  state.counters["target_ratio"] = seconds / 5.0;
}

/// Grows the account's history to `n` entries with synthetic 1-cent charges on one line, and
/// moves the running balances to match.
void growTo(Engine& e, std::int64_t n) {
  if (!e.line.valid()) {
    check(e.db->write([&](app::Repositories& r) -> Status {
      auto patient = r.patients().get(e.org, e.patients[0]);
      Encounter x;
      x.organizationId = e.org;
      x.patientId = patient->id;
      x.providerId = e.provider;
      x.locationId = e.location;
      x.accountId = patient->accountId;
      x.dateOfService = g_clock.now().utcDate().plusDays(-1);
      x.diagnoses = {"E119"};
      ChargeLine l;
      l.lineNumber = 1;
      l.code = "99213";
      l.units = 1;
      l.diagnosisPointers = {1};
      l.charge = Money::fromCents(12500);
      x.lines.push_back(l);
      auto stored = r.encounters().insert(x, g_clock.now());
      if (!stored) return stored.error();
      r.ledger().postCharges(*stored, Responsibility::kPatient, 1, g_clock.now());
      e.account = patient->accountId;
      e.patient = patient->id;
      e.encounter = stored->id;
      e.line = stored->lines[0].id;
      e.entries = r.accounts().balance(e.org, e.account).entries;
      return {};
    }),
          "the growing account");
  }
  const std::int64_t add = n - e.entries;
  if (add <= 0) return;
  const auto t0 = std::chrono::steady_clock::now();
  const std::string series =
      e.side->dialect() == storage::Dialect::kSqlite
          ? "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " +
                std::to_string(add) + ") "
          : "";
  const std::string from = e.side->dialect() == storage::Dialect::kSqlite
                               ? " FROM n"
                               : " FROM generate_series(1, " + std::to_string(add) + ")";
  const std::string now = std::to_string(g_clock.now().micros());
  const std::string ids = std::to_string(e.org.value) + ", " + std::to_string(e.account.value) +
                          ", " + std::to_string(e.patient.value) + ", " +
                          std::to_string(e.encounter.value) + ", " + std::to_string(e.line.value);
  e.side->script(
      "BEGIN;" + series +
      "INSERT INTO ledger_entries (organization_id, account_id, patient_id, encounter_id, "
      "line_id, kind, amount_cents, to_place, reason, d_primary, d_secondary, d_tertiary, "
      "d_patient, d_credit, posted_by, posted_at, created_at) SELECT " +
      ids + ", 'charge', 1, 'patient', 'bench', 0, 0, 0, 1, 0, 1, " + now + ", " + now + from +
      "; UPDATE charge_lines SET owed_patient_cents = owed_patient_cents + " + std::to_string(add) +
      " WHERE id = " + std::to_string(e.line.value) +
      "; UPDATE account_balances SET patient_cents = patient_cents + " + std::to_string(add) +
      ", entry_count = entry_count + " + std::to_string(add) +
      " WHERE account_id = " + std::to_string(e.account.value) + "; COMMIT;" +
      (e.side->dialect() == storage::Dialect::kPostgres ? " ANALYZE ledger_entries;" : ""));
  e.entries = n;
  std::fprintf(stderr, "[ %s ] ledger grown to %lld entries (%.1f s)\n", e.name.c_str(),
               static_cast<long long>(n), msSince(t0) / 1000.0);
}

void BM_AccountBalance(benchmark::State& state, Engine* e) {
  const std::int64_t n = state.range(0);
  if (n > g_maxEntries) {
    state.SkipWithError("over --max-entries");
    return;
  }
  growTo(*e, n);
  std::int64_t seen = 0;
  for (auto _ : state) {
    auto b = app::readValue<app::AccountBalance>(*e->db, [&](app::Repositories& r) {
      return domain::Result<app::AccountBalance>(r.accounts().balance(e->org, e->account));
    });
    seen = b ? b->entries : -1;
    benchmark::DoNotOptimize(seen);
  }
  if (seen != n) {
    state.SkipWithError("the balance row does not count the entries");
    return;
  }
  // The scan a report would do without running balances, once, for the ratio.
  const auto t0 = std::chrono::steady_clock::now();
  auto rows = e->side->query(
      "SELECT count(*), sum(d_patient) FROM ledger_entries WHERE organization_id = ? AND "
      "account_id = ?",
      {storage::sqlInt(e->org.value), storage::sqlInt(e->account.value)});
  state.counters["scan_ms"] = msSince(t0);
  state.counters["entries"] = static_cast<double>(n);
  benchmark::DoNotOptimize(rows);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest{argv[0]};
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--lines" && k + 1 < argc) {
      g_lines = std::atoll(argv[++k]);
    } else if (a == "--batch" && k + 1 < argc) {
      g_batch = std::atoi(argv[++k]);
    } else if (a == "--no-audit") {
      g_audit = false;
    } else if (a == "--max-entries" && k + 1 < argc) {
      g_maxEntries = std::atoll(argv[++k]);
    } else {
      rest.push_back(argv[k]);
    }
  }
  fs::create_directories("build/bench");
  g_engines.push_back({"sqlite", "sqlite:build/bench/billing.db"});
  if (const char* pg = std::getenv("MEDOFFICE_TEST_PG_URL"); pg && *pg) {
    g_engines.push_back({"postgres", pg});
  }
  for (auto& e : g_engines) {
    e.db = freshDatabase(e.url);
    if (e.name == "sqlite") {
      e.side = std::make_unique<storage::SqliteConnection>(
          e.url.substr(7), storage::SqliteConnection::Mode::kWriter);
    } else {
      e.side = std::make_unique<storage::PgConnection>(e.url);
    }
    setUp(e);
    benchmark::RegisterBenchmark(("BM_FinalizeBulk/" + e.name).c_str(), BM_FinalizeBulk, &e)
        ->Iterations(1)
        ->Unit(benchmark::kSecond)
        ->UseRealTime();
    auto* b = benchmark::RegisterBenchmark(("BM_AccountBalance/" + e.name).c_str(),
                                           BM_AccountBalance, &e);
    for (std::int64_t n = 1000; n <= 10'000'000; n *= 10) b->Arg(n);
    b->Unit(benchmark::kMicrosecond)->UseRealTime();
  }
  int argcRest = static_cast<int>(rest.size());
  benchmark::Initialize(&argcRest, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
