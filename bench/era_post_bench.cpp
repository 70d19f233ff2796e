// SPDX-License-Identifier: AGPL-3.0-or-later
// Money back with the database (issue 17): "ERA posting into SQLite >= 20,000 claims/s, end to
// end from file to committed ledger entries; report PostgreSQL". On SQLite and, when
// MEDOFFICE_TEST_PG_URL names a throwaway PostgreSQL database (tests/support/with_postgres.sh),
// on PostgreSQL too.
//
// Before the clock starts: one practice, N patients with one coverage each, N finalized
// encounters of two lines (99213 125.00, 36415 15.00) and their claims stored as batched under
// CLM01 "E<k>"; then one 835 of one transaction set, balanced (per line paid + CO-45 + PR-2 =
// charge): REF*6R "L<line id>" on most lines, code and date only on the second line of every
// tenth claim, the first line of every fiftieth claim denied CO-16. Two figures:
//
// - dry run: app::remittances::postFile with dryRun (check, parse, match, plan; nothing written).
// - post: postFile end to end (check, parse, match, plan, write, commit), as `medoffice era post`
//   does; claims/s and the ratio to the 20,000/s.
//
// Afterwards every claim's state and every line's balance are read back and compared with the
// file, and LedgerRepository::verify must find no mismatch; any difference ends the program
// with status 1.
//
//   build/release/era_post_bench [--claims N] [--chunk N] [--sqlite-only | --postgres-only]
// The SQLite file is build/bench/era_post.db; PostgreSQL's public schema is dropped first.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../tests/support/practice.hpp"
#include "app/billing/encounters.hpp"
#include "app/registry.hpp"
#include "app/remittances/remittances.hpp"
#include "bench_support.hpp"
#include "codecs/remittances/x12_remittance_formats.hpp"
#include "integrations/system/system_clock.hpp"

using namespace medoffice;
using namespace medoffice::domain;
namespace rm = app::remittances;
using app::Repositories;
using bench::check;
using bench::msSince;

namespace {

int g_claims = 20000;
std::size_t g_chunk = 500;
constexpr std::int64_t kOfficeVisit = 12500;
constexpr std::int64_t kVenipuncture = 1500;

/// 0 → "a", 25 → "z", 26 → "ba": distinct names made of letters only.
std::string letters(int n) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('a' + n % 26));
    n /= 26;
  } while (n > 0);
  return out;
}

std::string amount(std::int64_t cents) {
  std::string c = std::to_string(cents % 100);
  if (c.size() == 1) c.insert(0, "0");
  return std::to_string(cents / 100) + "." + c;
}

struct BenchClaim {
  ClaimId id;
  std::vector<ChargeLineId> lines;  ///< 99213, 36415
};

struct Setup {
  OrganizationId org;
  Date dos;
  std::vector<BenchClaim> claims;  ///< claim k has CLM01 "E<k>"
};

bool denied(int k) {
  return k % 50 == 7;
}
bool codeOnly(int k) {
  return k % 10 == 3;
}

Setup prepare(storage::Database& db, const app::Clock& clock, const app::TimeZones& zones) {
  Setup out;
  test::Practice practice;
  check(db.write([&](Repositories& r) -> Status {
    auto p = test::createPractice(r, zones, clock.now());
    if (!p) return p.error();
    practice = *p;
    return {};
  }),
        "practice");
  out.org = practice.org;
  out.dos = clock.now().utcDate().plusDays(-20);
  out.claims.reserve(static_cast<std::size_t>(g_claims));
  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < g_claims; k += 1000) {
    check(db.write([&](Repositories& r) -> Status {
      for (int i = k; i < std::min(g_claims, k + 1000); ++i) {
        Patient d;
        d.familyName = "Remit" + letters(i);
        d.givenName = "Pat";
        d.birthDate = Date::parse("1970-01-01").value().plusDays(i % 15000);
        d.sex = i % 2 ? "female" : "male";
        d.address = {"12 Elm St", "", "Springfield", "IL", "62704"};
        auto p = app::registry::registerPatient(r, clock.now(), practice.org, d, true);
        if (!p) return p.error();
        Coverage c;
        c.patientId = p->patient.id;
        c.payerId = practice.payer;
        c.memberId = "XJH" + std::to_string(100000000 + i);
        c.effectiveDate = Date::parse("2020-01-01").value();
        auto cov = app::registry::createCoverage(r, clock.now(), practice.org, c);
        if (!cov) return cov.error();
        Encounter e;
        e.patientId = p->patient.id;
        e.providerId = practice.provider;
        e.locationId = practice.location;
        e.diagnoses = {"E119", "I10"};
        for (const char* code : {"99213", "36415"}) {
          ChargeLine l;
          l.code = code;
          l.units = 1;
          l.diagnosisPointers = {1, 2};
          l.charge = Money::fromCents(code[0] == '9' ? kOfficeVisit : kVenipuncture);
          e.lines.push_back(l);
        }
        auto made =
            app::billing::createEncounter(r, zones, clock.now(), practice.org, {e, out.dos});
        if (!made) return made.error();
        auto fin = app::billing::finalizeEncounter(r, clock.now(), practice.org, made->encounter.id,
                                                   std::nullopt, 1);
        if (!fin) return fin.error();
        app::ClaimRecord rec;
        rec.organizationId = practice.org;
        rec.encounterId = fin->encounter.id;
        rec.patientId = p->patient.id;
        rec.coverageId = fin->encounter.coverages[0];
        rec.payerId = fin->encounter.payers[0];
        rec.responsibility = 1;
        rec.patientControlNumber = "E" + std::to_string(i);
        rec.state = claims::ClaimState::kBatched;
        rec.serviceDate = out.dos;
        rec.content = "{}";
        rec.total = Money::fromCents(kOfficeVisit + kVenipuncture);
        auto stored = r.claims().insert(rec, clock.now());
        if (!stored) return stored.error();
        BenchClaim b;
        b.id = stored->id;
        for (const auto& l : fin->encounter.lines) b.lines.push_back(l.id);
        if (b.lines.size() != 2) return Error::internal("a bench encounter lost a line");
        out.claims.push_back(std::move(b));
      }
      return {};
    }),
          "claims");
  }
  std::printf("  setup: %d claims of 2 lines (encounters finalized, claims batched) in %.1f s\n",
              g_claims, msSince(t0) / 1000);
  return out;
}

/// One ERA paying every claim of the setup (see the top of this file).
std::string eraFor(const Setup& s) {
  char dos[9];
  std::snprintf(dos, sizeof dos, "%04d%02d%02d", s.dos.year(), s.dos.month(), s.dos.day());
  std::vector<std::string> claims;
  claims.reserve(s.claims.size() * 12);
  std::int64_t total = 0;
  for (std::size_t k = 0; k < s.claims.size(); ++k) {
    const int i = static_cast<int>(k);
    const auto& c = s.claims[k];
    // 99213: paid 80.00 + CO-45 30.00 + PR-2 15.00, or denied CO-16 125.00.
    // 36415: paid 9.00 + CO-45 6.00.
    const std::int64_t paid1 = denied(i) ? 0 : 8000;
    const std::int64_t paid = paid1 + 900;
    const std::int64_t patient = denied(i) ? 0 : 1500;
    total += paid;
    claims.push_back("CLP*E" + std::to_string(i) + "*1*" + amount(kOfficeVisit + kVenipuncture) +
                     "*" + amount(paid) + "*" + (patient ? amount(patient) : "") + "*12*ICN" +
                     std::to_string(i));
    claims.push_back("NM1*QC*1*REMIT" + letters(i) + "*PAT****MI*XJH" +
                     std::to_string(100000000 + i));
    claims.push_back("SVC*HC:99213*" + amount(kOfficeVisit) + "*" + amount(paid1) + "**1");
    claims.push_back(std::string("DTM*472*") + dos);
    if (denied(i)) {
      claims.push_back("CAS*CO*16*" + amount(kOfficeVisit));
    } else {
      claims.push_back("CAS*CO*45*30.00");
      claims.push_back("CAS*PR*2*15.00");
    }
    claims.push_back("REF*6R*L" + std::to_string(c.lines[0].value));
    if (denied(i)) claims.push_back("LQ*HE*N290");
    claims.push_back("SVC*HC:36415*" + amount(kVenipuncture) + "*9.00**1");
    claims.push_back(std::string("DTM*472*") + dos);
    claims.push_back("CAS*CO*45*6.00");
    if (!codeOnly(i)) claims.push_back("REF*6R*L" + std::to_string(c.lines[1].value));
  }
  std::vector<std::string> head = {"ST*835*0001*005010X221A1",
                                   "BPR*I*" + amount(total) + "*C*CHK************" + dos,
                                   "TRN*1*BENCH" + std::to_string(g_claims) + "*1512345678",
                                   "N1*PR*PRAIRIE HEALTH PLAN",
                                   "N3*100 INSURANCE WAY",
                                   "N4*HARTFORD*CT*06101",
                                   "REF*2U*PHP01",
                                   "PER*BL*EDI SUPPORT*TE*8005550188",
                                   "N1*PE*PRAIRIE MEDICINE*XX*1245678903",
                                   "LX*1"};
  std::string text =
      "ISA*00*          *00*          *ZZ*PRAIRIEHEALTH  *ZZ*MEDOFFICE      *260930*1030*^*00501*"
      "000000501*0*P*:~GS*HP*PRAIRIEHEALTH*MEDOFFICE*20260930*1030*501*X*005010X221A1~";
  text.reserve(claims.size() * 32);
  for (const auto& seg : head) text += seg + "~";
  for (const auto& seg : claims) text += seg + "~";
  text +=
      "SE*" + std::to_string(head.size() + claims.size() + 1) + "*0001~GE*1*501~IEA*1*000000501~";
  return text;
}

/// CPU time of the process so far (user + system, every thread), in ms: against the wall time
/// it tells time spent computing from time spent waiting (the disk, a loaded machine).
double cpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

void fail(const std::string& what) {
  std::fprintf(stderr, "FAILED: %s\n", what.c_str());
  std::exit(1);
}

/// Every claim's state and line balances as the file says, and the ledger verifying.
void verify(storage::Database& db, const Setup& s) {
  std::size_t paid = 0, partial = 0, denials = 0;
  std::vector<app::LedgerRepository::Mismatch> mismatches;
  check(db.read([&](Repositories& r) -> Status {
    for (std::size_t k = 0; k < s.claims.size(); ++k) {
      const int i = static_cast<int>(k);
      const auto& c = s.claims[k];
      auto rec = r.claims().get(s.org, c.id);
      if (!rec) return Error::notFound("claim E" + std::to_string(i));
      const auto want = denied(i) ? claims::ClaimState::kPartiallyPaid : claims::ClaimState::kPaid;
      if (rec->state != want) {
        return Error::internal("claim E" + std::to_string(i) + " is " +
                               std::string(claims::toString(rec->state)));
      }
      (want == claims::ClaimState::kPaid ? paid : partial)++;
      for (std::size_t j = 0; j < 2; ++j) {
        auto line = r.ledger().line(s.org, c.lines[j]);
        if (!line) return Error::notFound("line");
        LineBalance b;
        if (j == 0 && denied(i)) b.owed[0] = Money::fromCents(kOfficeVisit);
        if (j == 0 && !denied(i)) b.owed[3] = Money::fromCents(1500);
        if (!(line->balance == b)) {
          return Error::internal("line L" + std::to_string(c.lines[j].value) + " of claim E" +
                                 std::to_string(i) + " does not owe what the ERA leaves");
        }
      }
      if (denied(i)) denials += r.denials().ofClaim(s.org, c.id).size();
    }
    mismatches = r.ledger().verify(s.org);
    return {};
  }),
        "verify");
  std::printf(
      "  verified: %zu claims paid, %zu partially paid (%zu denials queued), every line's "
      "balance as the ERA leaves it, ledger verify: %zu mismatches\n",
      paid, partial, denials, mismatches.size());
  for (const auto& m : mismatches) {
    std::fprintf(stderr, "  %s: running %lld summed %lld\n", m.what.c_str(),
                 static_cast<long long>(m.running), static_cast<long long>(m.summed));
  }
  if (!mismatches.empty()) fail("the ledger does not verify");
  const std::size_t wantPartial = static_cast<std::size_t>((g_claims + 42) / 50);
  if (paid + partial != s.claims.size() || partial != wantPartial || denials != wantPartial) {
    fail("claim counts differ from the ERA");
  }
}

void run(const std::string& name, const std::string& url) {
  std::printf("%s (%d claims of 2 lines, chunk %zu)\n", name.c_str(), g_claims, g_chunk);
  auto db = bench::freshDatabase(url);
  integrations::SystemClock clock;
  integrations::SystemTimeZones zones;
  codecs::X12RemittanceFormats formats;
  const Setup s = prepare(*db, clock, zones);
  const std::string file = eraFor(s);
  std::printf("  835: %zu bytes, one transaction set\n", file.size());

  rm::PostingOptions o;
  o.byUser = 1;
  o.chunk = g_chunk;
  o.dryRun = true;
  double cpu0 = cpuMs();
  auto t0 = std::chrono::steady_clock::now();
  auto dry = rm::postFile(*db, formats, s.org, file, o, clock.now());
  const double dryMs = msSince(t0);
  const double dryCpu = cpuMs() - cpu0;
  check(dry.ok() ? Status{} : Status(dry.error()), "dry run");
  if (dry->postedClaims() != s.claims.size()) fail("the dry run does not post every claim");
  std::printf("  dry run (check, parse, match, plan): %.0f ms (CPU %.0f ms), %.0f claims/s\n",
              dryMs, dryCpu, g_claims / (dryMs / 1000));

  o.dryRun = false;
  cpu0 = cpuMs();
  t0 = std::chrono::steady_clock::now();
  auto report = rm::postFile(*db, formats, s.org, file, o, clock.now());
  const double postMs = msSince(t0);
  const double postCpu = cpuMs() - cpu0;
  check(report.ok() ? Status{} : Status(report.error()), "post");
  const double rate = g_claims / (postMs / 1000);
  std::printf(
      "  post (check, parse, match, plan, write, commit): %.0f ms (CPU %.0f ms), %.0f claims/s "
      "(target 20,000: ratio %.2f)\n",
      postMs, postCpu, rate, rate / 20000.0);
  const auto& r = report->remittances.at(0);
  std::printf("  report: %zu posted, %zu not posted, %zu entries, %zu denials, paid %s\n",
              report->postedClaims(), report->notPostedClaims(), r.entries, r.denials,
              amount(r.paid.cents()).c_str());
  for (std::size_t k = 0; k < r.notPosted.size() && k < 5; ++k) {
    std::fprintf(stderr, "  not posted %s: %s\n", r.notPosted[k].claim.c_str(),
                 r.notPosted[k].reason.c_str());
  }
  if (report->postedClaims() != s.claims.size() || report->notPostedClaims() != 0) {
    fail("not every claim posted");
  }
  verify(*db, s);
}

}  // namespace

int main(int argc, char** argv) {
  bool sqlite = true;
  bool postgres = true;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--claims" && k + 1 < argc) {
      g_claims = std::max(1, std::min(1000000, std::atoi(argv[++k])));
    } else if (a == "--chunk" && k + 1 < argc) {
      g_chunk = static_cast<std::size_t>(std::max(1, std::atoi(argv[++k])));
    } else if (a == "--sqlite-only") {
      postgres = false;
    } else if (a == "--postgres-only") {
      sqlite = false;
    } else {
      std::fprintf(stderr,
                   "usage: era_post_bench [--claims N] [--chunk N] [--sqlite-only | "
                   "--postgres-only]\n");
      return 2;
    }
  }
  std::filesystem::create_directories("build/bench");
  if (sqlite) run("sqlite", "sqlite:build/bench/era_post.db");
  const char* pg = std::getenv("MEDOFFICE_TEST_PG_URL");
  if (postgres && pg && *pg) run("postgres", pg);
  return 0;
}
