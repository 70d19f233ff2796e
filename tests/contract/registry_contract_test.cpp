// SPDX-License-Identifier: AGPL-3.0-or-later
// One contract suite, run unchanged against every storage backend (SQLite and PostgreSQL).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "app/demo/demo_clinic.hpp"
#include "app/registry.hpp"
#include "app/security.hpp"
#include "storage/sql/migrations.hpp"
#include "support/test_db.hpp"
#include "support/test_secrets.hpp"

namespace medoffice {
namespace {

using namespace domain;
namespace reg = app::registry;
using app::Repositories;

class Contract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->name());
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
    auto org = app::writeValue<Organization>(*db_, [&](Repositories& r) {
      return reg::createOrganization(r, clock_.now(),
                                     organization("Prairie Medicine", "1245678903"));
    });
    ASSERT_TRUE(org.ok()) << org.error().message;
    org_ = org->id;
  }

  static Organization organization(const std::string& name, const std::string& npi) {
    Organization o;
    o.legalName = name;
    o.npi = npi;
    o.tin = "36-4455667";
    o.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
    return o;
  }

  static Patient patient(const std::string& family, const std::string& given,
                         const std::string& born = "1980-02-03",
                         const std::string& phone = "+12175550123") {
    Patient p;
    p.familyName = family;
    p.givenName = given;
    p.birthDate = *Date::parse(born);
    p.sex = "female";
    p.phone = phone;
    return p;
  }

  Result<reg::Registration> registerPatient(const Patient& p) {
    return app::writeValue<reg::Registration>(
        *db_, [&](Repositories& r) { return reg::registerPatient(r, clock_.now(), org_, p); });
  }

  Result<Payer> createPayer(const std::string& name = "Aetna") {
    Payer p;
    p.name = name;
    p.x12PayerId = "60054";
    p.claimFilingIndicator = "CI";
    return app::writeValue<Payer>(
        *db_, [&](Repositories& r) { return reg::createPayer(r, clock_.now(), org_, p); });
  }

  Result<Coverage> createCoverage(PatientId patient, PayerId payer, CoveragePriority prio,
                                  const std::string& from, std::optional<std::string> to = {}) {
    Coverage c;
    c.patientId = patient;
    c.payerId = payer;
    c.memberId = "W" + std::to_string(patient.value);
    c.priority = prio;
    c.effectiveDate = *Date::parse(from);
    if (to) c.endDate = Date::parse(*to);
    c.copay = Money::fromCents(2500);
    return app::writeValue<Coverage>(
        *db_, [&](Repositories& r) { return reg::createCoverage(r, clock_.now(), org_, c); });
  }

  template <class T, class F>
  Result<T> read(F&& f) {
    return app::readValue<T>(*db_, std::forward<F>(f));
  }

  Result<app::Page<Patient>> search(app::PatientQuery q) {
    return read<app::Page<Patient>>([&](Repositories& r) { return r.patients().search(org_, q); });
  }

  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  std::unique_ptr<storage::Database> db_;
  OrganizationId org_;
};

TEST_P(Contract, MigrationsAreRecordedAndIdempotent) {
  EXPECT_EQ(db_->schemaVersion(), storage::latestSchemaVersion(db_->dialect()));
  EXPECT_EQ(db_->migrate(), 0);
  EXPECT_EQ(db_->integrityCheck(), "ok");
}

TEST_P(Contract, OrganizationVersionsAndUniqueNpi) {
  auto current = read<Organization>(
      [&](Repositories& r) -> Result<Organization> { return *r.organizations().get(org_); });
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->meta.version, 1);
  EXPECT_EQ(current->tin, "364455667");
  Organization changed = *current;
  changed.legalName = "Prairie Medicine Group";
  auto updated = app::writeValue<Organization>(
      *db_, [&](Repositories& r) { return reg::updateOrganization(r, clock_.now(), changed, 1); });
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->meta.version, 2);
  EXPECT_EQ(updated->legalName, "Prairie Medicine Group");
  auto stale = app::writeValue<Organization>(
      *db_, [&](Repositories& r) { return reg::updateOrganization(r, clock_.now(), changed, 1); });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionMismatch);
  auto dup = app::writeValue<Organization>(*db_, [&](Repositories& r) {
    return reg::createOrganization(r, clock_.now(), organization("Other", "1245678903"));
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().fields.at(0).field, "npi");
}

TEST_P(Contract, LocationsAndProviders) {
  Location l;
  l.name = "Main";
  l.address = {"1 Main St", "", "Springfield", "IL", "62701"};
  l.placeOfService = "11";
  l.timeZone = "Mars/Olympus";
  auto bad = app::writeValue<Location>(
      *db_, [&](Repositories& r) { return reg::createLocation(r, zones_, clock_.now(), org_, l); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "time_zone");
  l.timeZone = "America/Chicago";
  auto loc = app::writeValue<Location>(
      *db_, [&](Repositories& r) { return reg::createLocation(r, zones_, clock_.now(), org_, l); });
  ASSERT_TRUE(loc.ok());

  Provider p;
  p.familyName = "Okafor";
  p.givenName = "Adaeze";
  p.npi = "1234567893";
  p.locationIds = {loc->id, LocationId(999)};
  auto missingLoc = app::writeValue<Provider>(
      *db_, [&](Repositories& r) { return reg::createProvider(r, clock_.now(), org_, p); });
  ASSERT_FALSE(missingLoc.ok());
  EXPECT_EQ(missingLoc.error().fields.at(0).field, "location_ids");
  p.locationIds = {loc->id};
  auto prov = app::writeValue<Provider>(
      *db_, [&](Repositories& r) { return reg::createProvider(r, clock_.now(), org_, p); });
  ASSERT_TRUE(prov.ok());
  EXPECT_EQ(prov->locationIds, std::vector<LocationId>{loc->id});
  auto again = app::writeValue<Provider>(
      *db_, [&](Repositories& r) { return reg::createProvider(r, clock_.now(), org_, p); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().fields.at(0).field, "npi");

  auto archived = app::writeValue<Provider>(*db_, [&](Repositories& r) {
    return reg::setProviderActive(r, clock_.now(), org_, prov->id, false, prov->meta.version);
  });
  ASSERT_TRUE(archived.ok());
  EXPECT_FALSE(archived->active);
  auto listed = read<app::Page<Provider>>(
      [&](Repositories& r) { return r.providers().list(org_, app::PageRequest{}); });
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->items.empty());
  app::PageRequest all;
  all.includeInactive = true;
  listed =
      read<app::Page<Provider>>([&](Repositories& r) { return r.providers().list(org_, all); });
  EXPECT_EQ(listed->items.size(), 1u);
}

TEST_P(Contract, RegistrationAssignsMrnsAndFlagsDuplicates) {
  auto a = registerPatient(patient("Doe", "Jane"));
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(isMrn(a->patient.mrn));
  EXPECT_TRUE(a->possibleDuplicates.empty());
  auto b = registerPatient(patient("DOE", "jane", "1980-02-03", "+13125550100"));
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->possibleDuplicates.size(), 1u);
  EXPECT_EQ(b->possibleDuplicates[0].id, a->patient.id);
  EXPECT_EQ(b->possibleDuplicates[0].reason, "same name and birth date");
  auto c = registerPatient(patient("Roe", "Richard", "1975-05-05", "+12175550123"));
  ASSERT_EQ(c->possibleDuplicates.size(), 1u);
  EXPECT_EQ(c->possibleDuplicates[0].reason, "same phone");
  EXPECT_NE(a->patient.mrn, b->patient.mrn);
  // Both rules at once: name matches first (id order), then phone matches, each patient once.
  auto d = registerPatient(patient("Doe", "Jane", "1980-02-03", c->patient.phone));
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->possibleDuplicates.size(), 3u);
  EXPECT_EQ(d->possibleDuplicates[0].id, a->patient.id);
  EXPECT_EQ(d->possibleDuplicates[0].reason, "same name and birth date");
  EXPECT_EQ(d->possibleDuplicates[1].id, b->patient.id);
  EXPECT_EQ(d->possibleDuplicates[2].id, c->patient.id);
  EXPECT_EQ(d->possibleDuplicates[2].reason, "same phone");
  auto invalid = registerPatient(patient("", "Jane", "2099-01-01"));
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalid);
}

TEST_P(Contract, SearchPagesInNameOrderByEveryKey) {
  const char* families[] = {"Smith", "Smithers", "Smyth", "Jones", "Smith", "smith", "Smit"};
  const char* givens[] = {"Anna", "Bob", "Cara", "Dan", "Eve", "aaron", "Zed"};
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(registerPatient(patient(families[i], givens[i], "1990-01-0" + std::to_string(i + 1),
                                        "+1217555010" + std::to_string(i)))
                    .ok());
  }
  app::PatientQuery q;
  q.familyPrefix = "smit";
  q.page.limit = 2;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = search(q);
    ASSERT_TRUE(page.ok());
    for (const auto& p : page->items) seen.push_back(p.familyName + "/" + p.givenName);
    if (page->nextCursor.empty()) break;
    q.page.cursor = page->nextCursor;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"Smit/Zed", "smith/aaron", "Smith/Anna", "Smith/Eve",
                                            "Smithers/Bob"}));
  app::PatientQuery byDate;
  byDate.birthDate = Date::parse("1990-01-04");
  EXPECT_EQ(search(byDate)->items.at(0).familyName, "Jones");
  app::PatientQuery byPhone;
  byPhone.phone = "+12175550102";
  EXPECT_EQ(search(byPhone)->items.at(0).familyName, "Smyth");
  app::PatientQuery both;
  both.familyPrefix = "smith";
  both.givenPrefix = "e";
  EXPECT_EQ(search(both)->items.size(), 1u);
  auto first = search(byDate)->items.at(0);
  app::PatientQuery byMrn;
  byMrn.mrn = first.mrn;
  EXPECT_EQ(search(byMrn)->items.at(0).id, first.id);
  app::PatientQuery injected;
  injected.familyPrefix = "'; drop table patients; --";
  EXPECT_TRUE(search(injected)->items.empty());
  app::PatientQuery badCursor;
  badCursor.page.cursor = "not-a-cursor";
  auto bad = search(badCursor);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "cursor");
}

TEST_P(Contract, ArchiveRestoreAndUpdateKeepVersions) {
  auto a = registerPatient(patient("Doe", "Jane"));
  ASSERT_TRUE(a.ok());
  Patient changed = a->patient;
  changed.email = "jane@example.org";
  auto updated = app::writeValue<Patient>(
      *db_, [&](Repositories& r) { return reg::updatePatient(r, clock_.now(), org_, changed, 1); });
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->meta.version, 2);
  EXPECT_EQ(updated->mrn, a->patient.mrn);
  auto archived = app::writeValue<Patient>(*db_, [&](Repositories& r) {
    return reg::setPatientStatus(r, clock_.now(), org_, a->patient.id, PatientStatus::kArchived, 2);
  });
  ASSERT_TRUE(archived.ok());
  EXPECT_EQ(archived->status, PatientStatus::kArchived);
  app::PatientQuery q;
  q.familyPrefix = "doe";
  EXPECT_TRUE(search(q)->items.empty());
  q.anyStatus = true;
  EXPECT_EQ(search(q)->items.size(), 1u);
  auto restored = app::writeValue<Patient>(*db_, [&](Repositories& r) {
    return reg::setPatientStatus(r, clock_.now(), org_, a->patient.id, PatientStatus::kActive, 3);
  });
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->meta.version, 4);
}

TEST_P(Contract, MergeMovesCoverageAndKeepsHistory) {
  auto payer = createPayer();
  ASSERT_TRUE(payer.ok());
  auto keep = registerPatient(patient("Doe", "Jane"));
  auto dup = registerPatient(patient("Doe", "Janet"));
  ASSERT_TRUE(
      createCoverage(dup->patient.id, payer->id, CoveragePriority::kPrimary, "2024-01-01").ok());
  auto merged = app::writeValue<reg::MergeOutcome>(*db_, [&](Repositories& r) {
    return reg::mergePatients(r, clock_.now(), org_, keep->patient.id, dup->patient.id, 1);
  });
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->merge.coveragesMoved, 1);
  EXPECT_EQ(merged->target.meta.version, 2);
  auto source = read<Patient>(
      [&](Repositories& r) -> Result<Patient> { return *r.patients().get(org_, dup->patient.id); });
  EXPECT_EQ(source->status, PatientStatus::kMerged);
  EXPECT_EQ(source->mergedInto, keep->patient.id);
  auto history = read<std::vector<app::PatientMerge>>(
      [&](Repositories& r) -> Result<std::vector<app::PatientMerge>> {
        return r.patients().merges(org_, keep->patient.id);
      });
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->at(0).sourceMrn, dup->patient.mrn);
  auto coverages =
      read<std::vector<Coverage>>([&](Repositories& r) -> Result<std::vector<Coverage>> {
        return r.coverages().activeForPatient(org_, keep->patient.id);
      });
  EXPECT_EQ(coverages->size(), 1u);
  auto again = app::writeValue<reg::MergeOutcome>(*db_, [&](Repositories& r) {
    return reg::mergePatients(r, clock_.now(), org_, keep->patient.id, dup->patient.id, 2);
  });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().fields.at(0).field, "source_id");
}

TEST_P(Contract, CoverageRejectsOverlappingSamePriority) {
  auto payer = createPayer();
  auto pt = registerPatient(patient("Doe", "Jane"));
  ASSERT_TRUE(createCoverage(pt->patient.id, payer->id, CoveragePriority::kPrimary, "2024-01-01",
                             "2024-12-31")
                  .ok());
  auto overlap =
      createCoverage(pt->patient.id, payer->id, CoveragePriority::kPrimary, "2024-06-01");
  ASSERT_FALSE(overlap.ok());
  EXPECT_EQ(overlap.error().code, ErrorCode::kConflict);
  EXPECT_EQ(overlap.error().fields.at(0).field, "priority");
  EXPECT_TRUE(
      createCoverage(pt->patient.id, payer->id, CoveragePriority::kPrimary, "2025-01-01").ok());
  EXPECT_TRUE(
      createCoverage(pt->patient.id, payer->id, CoveragePriority::kSecondary, "2024-06-01").ok());
  auto unknownPatient =
      createCoverage(PatientId(999999), payer->id, CoveragePriority::kTertiary, "2024-01-01");
  ASSERT_FALSE(unknownPatient.ok());
  EXPECT_EQ(unknownPatient.error().fields.at(0).field, "patient_id");
}

TEST_P(Contract, IdempotentPostRunsOnce) {
  int runs = 0;
  auto run = [&](Repositories& r) -> Result<app::StoredResponse> {
    ++runs;
    auto reg = reg::registerPatient(r, clock_.now(), org_, patient("Doe", "Jane"));
    if (!reg) return reg.error();
    return app::StoredResponse{201, "{\"id\":" + std::to_string(reg->patient.id.value) + "}", "",
                               ""};
  };
  auto first = app::idempotentPost(*db_, clock_.now(), org_, "key-1", "fp", run);
  auto second = app::idempotentPost(*db_, clock_.now(), org_, "key-1", "fp", run);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->body, second->body);
  EXPECT_EQ(runs, 1);
  auto other = app::idempotentPost(*db_, clock_.now(), org_, "key-1", "different", run);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  app::PatientQuery q;
  q.familyPrefix = "doe";
  EXPECT_EQ(search(q)->items.size(), 1u);
}

TEST_P(Contract, FailedWriteLeavesNothingBehind) {
  Status s = db_->write([&](Repositories& r) -> Status {
    auto reg = reg::registerPatient(r, clock_.now(), org_, patient("Ghost", "Gary"));
    EXPECT_TRUE(reg.ok());
    return Error::conflict("changed my mind");
  });
  EXPECT_FALSE(s.ok());
  app::PatientQuery q;
  q.familyPrefix = "ghost";
  EXPECT_TRUE(search(q)->items.empty());
  // The next patient gets a valid MRN (PostgreSQL's sequence may leave a gap; never a reuse).
  auto next = registerPatient(patient("Real", "Rita"));
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(isMrn(next->patient.mrn));
  if (GetParam() == "sqlite") {
    EXPECT_EQ(next->patient.mrn, formatMrn(1));
  }
}

TEST_P(Contract, ConcurrentWritersGetDistinctMrns) {
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::mutex m;
  std::set<std::string> mrns;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = registerPatient(patient(std::string("Load") + static_cast<char>('a' + t),
                                         std::string("P") + static_cast<char>('a' + i % 26),
                                         "1990-01-01", ""));
        if (!r.ok()) {
          ++failures;
          continue;
        }
        std::lock_guard lock(m);
        mrns.insert(r->patient.mrn);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mrns.size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST_P(Contract, OrganizationsAreIsolated) {
  auto other = app::writeValue<Organization>(*db_, [&](Repositories& r) {
    return reg::createOrganization(r, clock_.now(), organization("Elsewhere", "1234567893"));
  });
  ASSERT_TRUE(other.ok());
  auto theirs = app::writeValue<reg::Registration>(*db_, [&](Repositories& r) {
    return reg::registerPatient(r, clock_.now(), other->id, patient("Hidden", "Hannah"));
  });
  ASSERT_TRUE(theirs.ok());
  auto seen = read<std::optional<Patient>>([&](Repositories& r) -> Result<std::optional<Patient>> {
    return r.patients().get(org_, theirs->patient.id);
  });
  EXPECT_FALSE(seen->has_value());
  app::PatientQuery q;
  q.familyPrefix = "hidden";
  EXPECT_TRUE(search(q)->items.empty());
  // MRNs are unique within an organization; PostgreSQL's are unique across organizations too.
  auto ours = registerPatient(patient("Visible", "Vera"));
  ASSERT_TRUE(ours.ok());
  if (GetParam() == "postgres") {
    EXPECT_NE(theirs->patient.mrn, ours->patient.mrn);
  }
}

TEST_P(Contract, DemoClinicIsDeterministic) {
  // The demo needs an empty database.
  auto fresh = test::freshDatabase(GetParam(), "demo_a");
  app::DemoOptions o;
  o.patients = 150;
  o.seed = 7;
  auto s = app::createDemoClinic(*fresh, clock_, zones_, o, nullptr);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->locations, 2);
  EXPECT_EQ(s->providers, 4);
  EXPECT_EQ(s->payers, 6);
  EXPECT_EQ(s->patients, 150);
  EXPECT_GT(s->coverages, 120);
  auto names = [&](storage::Database& db) {
    std::vector<std::string> out;
    app::PatientQuery q;
    q.page.limit = 200;
    auto page = app::readValue<app::Page<Patient>>(db, [&](Repositories& r) {
      return r.patients().search(r.organizations().defaultOrganization().value(), q);
    });
    for (const auto& p : page->items) out.push_back(p.mrn + p.familyName + p.birthDate.toString());
    return out;
  };
  auto first = names(*fresh);
  fresh.reset();
  auto again = test::freshDatabase(GetParam(), "demo_b");
  ASSERT_TRUE(app::createDemoClinic(*again, clock_, zones_, o, nullptr).ok());
  EXPECT_EQ(names(*again), first);
  EXPECT_FALSE(app::createDemoClinic(*again, clock_, zones_, o, nullptr).ok());
}

// ---- security storage (issue 3) ----

using test::TestSecrets;

TEST_P(Contract, UsersHaveUniqueNamesVersionsAndCredentials) {
  User u;
  u.organizationId = org_;
  u.username = "dana";
  u.displayName = "Dana";
  u.roles = {Role::kFrontDesk, Role::kBiller};
  u.locationIds = {LocationId(3), LocationId(5)};
  auto added = app::writeValue<User>(
      *db_, [&](Repositories& r) { return r.users().insert(u, "hash-1", clock_.now()); });
  ASSERT_TRUE(added.ok()) << added.error().message;
  auto dup = app::writeValue<User>(
      *db_, [&](Repositories& r) { return r.users().insert(u, "hash-2", clock_.now()); });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(dup.error().fields.empty());
  EXPECT_EQ(dup.error().fields[0].field, "username");
  auto creds = app::readValue<std::optional<app::Credentials>>(
      *db_, [&](Repositories& r) -> Result<std::optional<app::Credentials>> {
        return r.users().credentials("dana");
      });
  ASSERT_TRUE(creds.ok() && creds->has_value());
  EXPECT_EQ((*creds)->passwordHash, "hash-1");
  EXPECT_EQ((*creds)->user.roles, (std::vector<Role>{Role::kFrontDesk, Role::kBiller}));
  EXPECT_EQ((*creds)->user.locationIds.size(), 2u);
  User changed = *added;
  changed.active = false;
  auto stale = app::writeValue<User>(
      *db_, [&](Repositories& r) { return r.users().update(changed, 7, clock_.now()); });
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionMismatch);
  auto ok = app::writeValue<User>(
      *db_, [&](Repositories& r) { return r.users().update(changed, 1, clock_.now()); });
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->active);
  EXPECT_EQ(ok->meta.version, 2);
  // Another organisation does not see the user.
  auto other = app::readValue<std::optional<User>>(
      *db_, [&](Repositories& r) -> Result<std::optional<User>> {
        return r.users().get(OrganizationId(org_.value + 1000), added->id);
      });
  EXPECT_FALSE(other->has_value());
}

TEST_P(Contract, SessionsAreFoundByHashTouchedAndRevoked) {
  User u;
  u.organizationId = org_;
  u.username = "sam";
  u.displayName = "Sam";
  u.roles = {Role::kClinician};
  auto added = app::writeValue<User>(
      *db_, [&](Repositories& r) { return r.users().insert(u, "h", clock_.now()); });
  ASSERT_TRUE(added.ok());
  app::SessionRecord s;
  s.tokenHash = "token-hash";
  s.csrfHash = "csrf-hash";
  s.userId = added->id;
  s.organizationId = org_;
  s.createdAt = s.lastSeenAt = clock_.now();
  s.expiresAt = Instant::fromMicros(clock_.now().micros() + 1000);
  auto id = app::writeValue<std::int64_t>(
      *db_, [&](Repositories& r) -> Result<std::int64_t> { return r.sessions().insert(s); });
  ASSERT_TRUE(id.ok());
  auto find = [&] {
    return *app::readValue<std::optional<app::SessionRecord>>(
        *db_, [&](Repositories& r) -> Result<std::optional<app::SessionRecord>> {
          return r.sessions().findByTokenHash("token-hash");
        });
  };
  ASSERT_TRUE(find().has_value());
  EXPECT_EQ(find()->csrfHash, "csrf-hash");
  EXPECT_FALSE(find()->revokedAt.has_value());
  ASSERT_TRUE(db_->write([&](Repositories& r) -> Status {
                   r.sessions().touch(*id, Instant::fromMicros(clock_.now().micros() + 5));
                   r.sessions().revokeAllForUser(added->id, clock_.now());
                   return {};
                 })
                  .ok());
  EXPECT_EQ(find()->lastSeenAt.micros(), clock_.now().micros() + 5);
  EXPECT_TRUE(find()->revokedAt.has_value());
}

TEST_P(Contract, AuditChainStaysGaplessUnderConcurrentWritersAndRollsBackWithItsChange) {
  TestSecrets secrets("k1");
  constexpr int kThreads = 6, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  // PostgreSQL: a sealer links pending events while the writers run (and a second one races
  // it); SQLite links inline and the sealers find nothing to do.
  std::atomic<bool> writing{true};
  std::atomic<std::int64_t> sealed{0};
  std::vector<std::thread> sealers;
  for (int s = 0; s < 2; ++s) {
    sealers.emplace_back([&] {
      while (writing) {
        auto n = app::audit::seal(*db_, secrets);
        if (n) sealed += *n;
        std::this_thread::yield();
      }
    });
  }
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        AuditEvent e;
        e.at = clock_.now();
        e.organizationId = org_;
        e.action = AuditAction::kRead;
        e.resourceType = "patient";
        e.resourceId = std::to_string(t * 1000 + i);
        Status s = db_->write([&](Repositories& r) -> Status {
          app::audit::record(r, secrets, e);
          return {};
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  writing = false;
  for (auto& th : sealers) th.join();
  EXPECT_EQ(failures.load(), 0);
  // A failed change takes its audit event with it.
  Status failed = db_->write([&](Repositories& r) -> Status {
    AuditEvent e;
    e.at = clock_.now();
    e.action = AuditAction::kUpdate;
    app::audit::record(r, secrets, e);
    return Error::conflict("the change failed");
  });
  EXPECT_FALSE(failed.ok());
  auto rest = app::audit::seal(*db_, secrets);
  ASSERT_TRUE(rest.ok());
  sealed += *rest;
  const bool inlineChain = app::audit::chainsInline(*db_);
  EXPECT_EQ(sealed.load(), inlineChain ? 0 : kThreads * kEach);
  auto pending = app::readValue<std::int64_t>(
      *db_, [](Repositories& r) -> Result<std::int64_t> { return r.audit().pendingCount(); });
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(*pending, 0);
  auto report = app::audit::verify(*db_, secrets);
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.checked, kThreads * kEach);
  EXPECT_EQ(report.head.seq, kThreads * kEach);
  // Another key does not verify it.
  TestSecrets other("k2");
  auto bad = app::audit::verify(*db_, other);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.firstBad, 1);
  // Events are searchable by patient and action.
  auto found = app::readValue<std::vector<AuditEvent>>(
      *db_, [&](Repositories& r) -> Result<std::vector<AuditEvent>> {
        app::AuditQuery q;
        q.organizationId = org_;
        q.action = AuditAction::kRead;
        q.limit = 10;
        return r.audit().search(q);
      });
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 11u);  // limit + 1 tells the caller there is more
}

INSTANTIATE_TEST_SUITE_P(Backends, Contract, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

TEST(ContractSetup, PostgresIsPresentWhenRequired) {
  if (std::getenv("MEDOFFICE_REQUIRE_PG")) {
    ASSERT_EQ(test::contractBackends().size(), 2u)
        << "MEDOFFICE_REQUIRE_PG is set but MEDOFFICE_TEST_PG_URL is not";
  }
}

}  // namespace
}  // namespace medoffice
