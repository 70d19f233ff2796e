// SPDX-License-Identifier: AGPL-3.0-or-later
// Eligibility checks and real-time settings on a real database (SQLite, and PostgreSQL when
// MEDOFFICE_TEST_PG_URL names one): the table's declared columns, a check stored and read back
// with its raw 271 kept apart, the cache's choice (newest reusable row of the coverage, day and
// type, not older than asked), the newest-first pages, and the settings' versions.
#include "storage/sql/eligibility_repository.hpp"

#include <gtest/gtest.h>

#include "app/registry.hpp"
#include "support/practice.hpp"
#include "support/test_db.hpp"

namespace medoffice::storage {
namespace {

using app::EligibilityCheck;
using app::EligibilityState;
using app::Repositories;
using domain::Instant;

TEST(EligibilityCheckTable, DeclaresItsColumnsOnce) {
  const auto& t = eligibilityCheckTable();
  EXPECT_EQ(t.selectList(),
            "id, organization_id, coverage_id, patient_id, payer_id, clearinghouse_id, "
            "service_date, service_type, state, reason, summary, reusable, coverage_version, "
            "patient_version, trace_number, interchange_control, group_control, "
            "transaction_control, requested_by, elapsed_ms, checked_at, created_at");
  // Insert-only: a check is never updated; a new check is a new row.
  for (const auto& s : t.statements()) EXPECT_EQ(s.rfind("UPDATE", 0), std::string::npos) << s;
}

class EligibilityRepository : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = test::freshDatabase(GetParam(), "eligibility_repository");
    auto made = app::writeValue<test::Practice>(
        *db_, [&](Repositories& r) { return test::createPractice(r, zones_, clock_.now()); });
    ASSERT_TRUE(made.ok()) << made.error().message;
    practice_ = *made;
    auto cov = app::writeValue<domain::Coverage>(
        *db_, [&](Repositories& r) -> domain::Result<domain::Coverage> {
          domain::Patient p;
          p.familyName = "Doe";
          p.givenName = "Jane";
          p.birthDate = *domain::Date::parse("1980-02-14");
          p.sex = "female";
          p.address = {"12 Elm St", "", "Springfield", "IL", "62704"};
          auto reg = app::registry::registerPatient(r, clock_.now(), practice_.org, p, false);
          if (!reg) return reg.error();
          domain::Coverage c;
          c.patientId = reg->patient.id;
          c.payerId = practice_.payer;
          c.memberId = "ACT123";
          c.effectiveDate = *domain::Date::parse("2025-01-01");
          return app::registry::createCoverage(r, clock_.now(), practice_.org, c);
        });
    ASSERT_TRUE(cov.ok()) << cov.error().message;
    coverage_ = *cov;
  }

  EligibilityCheck check(EligibilityState state, bool reusable, const char* day, Instant at) {
    EligibilityCheck c;
    c.organizationId = practice_.org;
    c.coverageId = coverage_.id;
    c.patientId = coverage_.patientId;
    c.payerId = coverage_.payerId;
    c.serviceDate = *domain::Date::parse(day);
    c.serviceType = "30";
    c.state = state;
    c.reusable = reusable;
    c.coverageVersion = coverage_.meta.version;
    c.patientVersion = 1;
    c.checkedAt = at;
    return c;
  }

  Result<EligibilityCheck> insert(const EligibilityCheck& c) {
    return app::writeValue<EligibilityCheck>(
        *db_, [&](Repositories& r) { return r.eligibility().insert(c, clock_.now()); });
  }

  test::FakeClock clock_;
  test::FakeTimeZones zones_;
  std::unique_ptr<Database> db_;
  test::Practice practice_;
  domain::Coverage coverage_;
};

TEST_P(EligibilityRepository, StoresACheckAndKeepsItsRaw271Apart) {
  auto c = check(EligibilityState::kActive, true, "2026-12-15", clock_.now());
  c.reason = "an AAA of one service type";
  c.summary = R"({"coverage":"active"})";
  c.response = "ISA*00*...~IEA*1*000000001~";
  c.traceNumber = "MO1-2-3";
  c.interchangeControl = 3;
  c.groupControl = 4;
  c.transactionControl = 5;
  c.requestedBy = 42;
  c.elapsedMs = 123;
  auto stored = insert(c);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  ASSERT_TRUE(stored->id.valid());
  auto back =
      app::readValue<EligibilityCheck>(*db_, [&](Repositories& r) -> Result<EligibilityCheck> {
        auto got = r.eligibility().get(practice_.org, stored->id);
        if (!got) return domain::Error::notFound("check");
        return *got;
      });
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->state, EligibilityState::kActive);
  EXPECT_EQ(back->serviceDate.toString(), "2026-12-15");
  EXPECT_EQ(back->reason, c.reason);
  EXPECT_EQ(back->summary, c.summary);
  EXPECT_EQ(back->response, c.response);
  EXPECT_EQ(back->traceNumber, "MO1-2-3");
  EXPECT_EQ(back->interchangeControl, 3u);
  EXPECT_EQ(back->transactionControl, 5u);
  EXPECT_EQ(back->requestedBy, 42);
  EXPECT_EQ(back->elapsedMs, 123);
  EXPECT_TRUE(back->reusable);
  EXPECT_FALSE(back->clearinghouseId.valid());
  EXPECT_EQ(back->checkedAt, clock_.now());
  // Another practice's id answers nothing.
  auto other = app::readValue<bool>(*db_, [&](Repositories& r) -> Result<bool> {
    return r.eligibility()
        .get(domain::OrganizationId(practice_.org.value + 1), stored->id)
        .has_value();
  });
  EXPECT_FALSE(*other);
}

TEST_P(EligibilityRepository, TheCacheIsTheNewestReusableCheckOfTheDayAndType) {
  const Instant t0 = clock_.now();
  const Instant later = Instant::fromMicros(t0.micros() + 3'600'000'000LL);
  ASSERT_TRUE(insert(check(EligibilityState::kActive, true, "2026-12-15", t0)).ok());
  auto newest = insert(check(EligibilityState::kInactive, true, "2026-12-15", later));
  ASSERT_TRUE(newest.ok());
  // Newer but not reusable (a failure), another day, another service type: not the answer.
  ASSERT_TRUE(insert(check(EligibilityState::kTimedOut, false, "2026-12-15", later)).ok());
  ASSERT_TRUE(insert(check(EligibilityState::kActive, true, "2026-12-16", later)).ok());
  auto typed = check(EligibilityState::kActive, true, "2026-12-15", later);
  typed.serviceType = "98";
  ASSERT_TRUE(insert(typed).ok());

  auto find = [&](const char* day, const char* type, Instant since) {
    return app::readValue<std::optional<EligibilityCheck>>(
               *db_,
               [&](Repositories& r) -> Result<std::optional<EligibilityCheck>> {
                 return r.eligibility().latestReusable(practice_.org, coverage_.id,
                                                       *domain::Date::parse(day), type, since);
               })
        .value();
  };
  auto hit = find("2026-12-15", "30", t0);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->id, newest->id);
  EXPECT_EQ(hit->state, EligibilityState::kInactive);
  EXPECT_FALSE(find("2026-12-15", "30", Instant::fromMicros(later.micros() + 1)).has_value())
      << "older than asked: not an answer";
  EXPECT_FALSE(find("2026-12-17", "30", t0).has_value());
  EXPECT_EQ(find("2026-12-15", "98", t0)->serviceType, "98");
}

TEST_P(EligibilityRepository, PagesChecksNewestFirst) {
  std::vector<app::EligibilityCheckId> ids;
  for (int k = 0; k < 5; ++k) {
    auto c = insert(check(EligibilityState::kFailed, false, "2026-12-15", clock_.now()));
    ASSERT_TRUE(c.ok());
    ids.push_back(c->id);
  }
  app::PageRequest page;
  page.limit = 2;
  std::vector<app::EligibilityCheckId> seen;
  for (int pages = 0; pages < 5; ++pages) {
    auto p = app::readValue<app::Page<EligibilityCheck>>(*db_, [&](Repositories& r) {
      return r.eligibility().ofCoverage(practice_.org, coverage_.id, page);
    });
    ASSERT_TRUE(p.ok()) << p.error().message;
    for (const auto& c : p->items) {
      seen.push_back(c.id);
      EXPECT_TRUE(c.response.empty());
    }
    if (p->nextCursor.empty()) break;
    page.cursor = p->nextCursor;
  }
  std::reverse(ids.begin(), ids.end());
  EXPECT_EQ(seen, ids);
}

TEST_P(EligibilityRepository, SettingsAreVersioned) {
  const domain::Instant now = clock_.now();
  domain::ClearinghouseId ch;
  auto made = app::writeValue<domain::claims::Clearinghouse>(*db_, [&](Repositories& r) {
    domain::claims::Clearinghouse c;
    c.organizationId = practice_.org;
    c.name = "Test";
    c.submitterId = "SUB1";
    c.receiverId = "CH1";
    c.receiverName = "CH";
    c.applicationSender = "SUB1";
    c.applicationReceiver = "CH1";
    c.outbox = c.inbox = c.archive = "/tmp";
    return r.claims().insertClearinghouse(c, now);
  });
  ASSERT_TRUE(made.ok()) << made.error().message;
  ch = made->id;
  auto save = [&](const std::string& url, std::optional<std::int64_t> version) {
    return app::writeValue<domain::claims::RealtimeEligibility>(*db_, [&](Repositories& r) {
      domain::claims::RealtimeEligibility s;
      s.url = url;
      s.timeoutMs = 1500;
      s.connectTimeoutMs = 500;
      return r.eligibility().saveSettings(practice_.org, ch, s, version, now);
    });
  };
  EXPECT_EQ(save("http://127.0.0.1:9/a", 1).error().code, domain::ErrorCode::kVersionMismatch)
      << "nothing stored yet has no version 1";
  auto first = save("http://127.0.0.1:9/a", std::nullopt);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->meta.version, 1);
  auto second = save("http://127.0.0.1:9/b", 1);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->meta.version, 2);
  EXPECT_EQ(save("http://127.0.0.1:9/c", 1).error().code, domain::ErrorCode::kVersionMismatch);
  auto read = app::readValue<domain::claims::RealtimeEligibility>(
      *db_, [&](Repositories& r) -> Result<domain::claims::RealtimeEligibility> {
        auto s = r.eligibility().settings(practice_.org, ch);
        if (!s) return domain::Error::notFound("settings");
        return *s;
      });
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->url, "http://127.0.0.1:9/b");
  EXPECT_EQ(read->timeoutMs, 1500);
  EXPECT_EQ(read->connectTimeoutMs, 500);
  EXPECT_EQ(read->meta.version, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, EligibilityRepository,
                         ::testing::ValuesIn(test::contractBackends()));

}  // namespace
}  // namespace medoffice::storage
