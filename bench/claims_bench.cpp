// SPDX-License-Identifier: AGPL-3.0-or-later
// Claims out with the database (issue 16): 837P generation "with the read", on SQLite and, when
// MEDOFFICE_TEST_PG_URL names a throwaway PostgreSQL database (tests/support/with_postgres.sh),
// on PostgreSQL too. N finalized encounters (one patient and coverage each, two lines) get their
// claims made and scrubbed before the clock starts; then three figures:
//
// - batch: app::claims::createBatch of all N claims in one transaction, as POST
//   /api/v1/claim-batches does: each claim read and rebuilt from its encounter, coverage, payer
//   and practice, scrubbed again with the shipped rules (code sets, duplicates from storage),
//   the 837P written, the file, its items and every claim's new state stored.
// - read+write: the stored claims read back (their contents, one query per 500) and decoded,
//   then written as one 837P: the generation figure with the database read.
// - write: the 837P of the same decoded claims alone (the figure without the read; the
//   issue's target is >= 100,000 claims/s).
//
//   build/release/claims_bench [--claims N] [--sqlite-only | --postgres-only]
// The SQLite file is build/bench/claims.db; PostgreSQL's public schema is dropped first.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../tests/support/practice.hpp"
#include "app/billing/encounters.hpp"
#include "app/claims/claims.hpp"
#include "app/registry.hpp"
#include "bench_support.hpp"
#include "codecs/claims/x12_claim_formats.hpp"
#include "domain/claims/default_rules.hpp"
#include "integrations/system/system_clock.hpp"

using namespace medoffice;
using namespace medoffice::domain;
namespace cl = app::claims;
using app::Repositories;
using bench::check;
using bench::msSince;

namespace {

int g_claims = 5000;

/// 0 → "a", 25 → "z", 26 → "ba": distinct names made of letters only.
std::string letters(int n) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('a' + n % 26));
    n /= 26;
  } while (n > 0);
  return out;
}

struct Setup {
  OrganizationId org;
  std::vector<ClaimId> claims;
};

Setup prepare(storage::Database& db, const app::Clock& clock, const app::TimeZones& zones,
              const cl::ClaimsSetup& setup) {
  Setup out;
  test::Practice practice;
  check(db.write([&](Repositories& r) -> Status {
    auto p = test::createPractice(r, zones, clock.now());
    if (!p) return p.error();
    practice = *p;
    claims::Clearinghouse c;
    c.organizationId = p->org;
    c.name = "Bench clearinghouse";
    c.submitterId = "SUB1";
    c.receiverId = "CH1";
    c.receiverName = "BENCH CLEARINGHOUSE";
    c.contactName = "Billing";
    c.contactPhone = "2175550100";
    c.outbox = "/tmp/out";
    c.inbox = "/tmp/in";
    c.archive = "/tmp/done";
    auto ch = r.claims().insertClearinghouse(c, clock.now());
    if (!ch) return ch.error();
    return {};
  }),
        "practice");
  out.org = practice.org;
  const Date dos = clock.now().utcDate().plusDays(-3);
  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < g_claims; k += 250) {
    check(db.write([&](Repositories& r) -> Status {
      for (int i = k; i < std::min(g_claims, k + 250); ++i) {
        Patient d;
        d.familyName = "Bench" + letters(i);
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
          l.charge = Money::fromCents(code[0] == '9' ? 12500 : 1500);
          e.lines.push_back(l);
        }
        auto made =
            app::billing::createEncounter(r, setup.zones, clock.now(), practice.org, {e, dos});
        if (!made) return made.error();
        auto fin = app::billing::finalizeEncounter(r, clock.now(), practice.org, made->encounter.id,
                                                   std::nullopt, 1);
        if (!fin) return fin.error();
        auto claims =
            cl::createClaims(r, setup, practice.org, made->encounter.id, {}, {}, clock.now(), 1);
        if (!claims) return claims.error();
        auto s = cl::scrubClaim(r, setup, practice.org, claims->front().id, clock.now(), 1);
        if (!s) return s.error();
        if (s->state != claims::ClaimState::kReady) {
          return Error::internal("a bench claim is not ready: " +
                                 (s->findings.empty()
                                      ? std::string("?")
                                      : s->findings[0].field + " " + s->findings[0].message));
        }
        out.claims.push_back(s->id);
      }
      return {};
    }),
          "claims");
  }
  std::printf("  setup: %d encounters finalized, claimed and scrubbed in %.1f s (%.0f claims/s)\n",
              g_claims, msSince(t0) / 1000, g_claims / (msSince(t0) / 1000));
  return out;
}

void run(const std::string& name, const std::string& url) {
  std::printf("%s (%d claims of 2 lines)\n", name.c_str(), g_claims);
  auto db = bench::freshDatabase(url);
  integrations::SystemClock clock;
  integrations::SystemTimeZones zones;
  codecs::X12ClaimFormats formats;
  cl::ClaimsSetup setup{
      formats, std::make_shared<const std::vector<claims::Rule>>(claims::defaultRules()), zones};
  const Setup s = prepare(*db, clock, zones, setup);

  auto t0 = std::chrono::steady_clock::now();
  auto batch = app::writeValue<cl::BatchOutcome>(*db, [&](Repositories& r) {
    return cl::createBatch(r, setup, s.org, s.claims, {}, clock.now(), 1);
  });
  check(batch.ok() ? Status{} : Status(batch.error()), "batch");
  const double batchMs = msSince(t0);
  std::printf(
      "  batch (read, rebuild, re-scrub, write 837P, store): %.0f ms, %.0f claims/s, %zu "
      "bytes\n",
      batchMs, g_claims / (batchMs / 1000), batch->batch.bytes.size());

  t0 = std::chrono::steady_clock::now();
  std::vector<claims::Claim> decoded;
  app::BatchEnvelope env;
  check(db->read([&](Repositories& r) -> Status {
    auto b = r.claims().batch(s.org, batch->batch.id, false);
    if (!b) return Error::notFound("batch");
    env.senderId = b->senderId;
    env.receiverId = b->receiverId;
    env.applicationSender = b->applicationSender;
    env.applicationReceiver = b->applicationReceiver;
    env.date = b->fileDate;
    env.batchReference = b->batchReference + "R";
    env.interchange = b->interchangeControl + 1000;
    env.group = b->groupControl + 1000;
    env.transaction = b->transactionControl + 1000;
    for (const auto& item : r.claims().batchItems(s.org, b->id)) {
      auto c = formats.decode(item.content);
      if (!c) return c.error();
      decoded.push_back(std::move(*c));
    }
    return {};
  }),
        "read");
  auto file = formats.write837P(decoded, env);
  check(file.ok() ? Status{} : Status(file.error()), "write");
  const double readWriteMs = msSince(t0);
  std::printf(
      "  read+write (stored claims read and decoded, 837P written): %.0f ms, %.0f claims/s\n",
      readWriteMs, g_claims / (readWriteMs / 1000));

  double best = 1e18;
  for (int k = 0; k < 5; ++k) {
    t0 = std::chrono::steady_clock::now();
    auto again = formats.write837P(decoded, env);
    check(again.ok() ? Status{} : Status(again.error()), "write");
    best = std::min(best, msSince(t0));
  }
  std::printf(
      "  write (837P from decoded claims, best of 5): %.1f ms, %.0f claims/s (target "
      "100,000: ratio %.2f)\n",
      best, g_claims / (best / 1000), (g_claims / (best / 1000)) / 100000.0);
}

}  // namespace

int main(int argc, char** argv) {
  bool sqlite = true;
  bool postgres = true;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--claims" && k + 1 < argc) {
      g_claims = std::max(1, std::min(5000, std::atoi(argv[++k])));
    } else if (a == "--sqlite-only") {
      postgres = false;
    } else if (a == "--postgres-only") {
      sqlite = false;
    } else {
      std::fprintf(
          stderr, "usage: claims_bench [--claims N (<= 5000)] [--sqlite-only | --postgres-only]\n");
      return 2;
    }
  }
  std::filesystem::create_directories("build/bench");
  if (sqlite) run("sqlite", "sqlite:build/bench/claims.db");
  const char* pg = std::getenv("MEDOFFICE_TEST_PG_URL");
  if (postgres && pg && *pg) run("postgres", pg);
  return 0;
}
