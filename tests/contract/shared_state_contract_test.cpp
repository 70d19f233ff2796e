// SPDX-License-Identifier: AGPL-3.0-or-later
// What several `serve` processes on one database must agree on (issue 13), on every backend:
// sign-in failures and spent TOTP steps are counted in the database, change notifications are
// delivered after a commit and never for a rollback, and the PostgreSQL pipeline reports the
// statement that failed without losing the connection.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "app/registry.hpp"
#include "storage/sql/table.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
using app::Repositories;

class SharedState : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("shared_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
  }

  /// Waits up to five seconds for `count` to reach `n`.
  static bool reaches(const std::atomic<int>& count, int n) {
    for (int i = 0; i < 500 && count.load() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return count.load() >= n;
  }

  Status publish(const std::string& topic, bool fail = false) {
    return db_->write([&](Repositories& r) -> Status {
      r.changes().publish(topic);
      if (fail) return Error::conflict("rolled back on purpose");
      return {};
    });
  }

  test::FakeClock clock_;
  std::unique_ptr<storage::Database> db_;
};

TEST_P(SharedState, LoginFailuresAreCountedPerKeyAndForgottenAfterTheWindow) {
  const Instant t0 = clock_.now();
  auto at = [&](int seconds) { return Instant::fromMicros(t0.micros() + seconds * 1'000'000LL); };
  auto record = [&](std::vector<std::string> keys, int seconds, int forgetBefore) {
    ASSERT_TRUE(db_->write([&](Repositories& r) -> Status {
                     r.loginThrottle().recordFailure(keys, at(seconds), at(forgetBefore));
                     return {};
                   })
                    .ok());
  };
  auto counts = [&](int sinceSeconds) {
    return app::readValue<std::vector<std::int64_t>>(
               *db_,
               [&](Repositories& r) -> Result<std::vector<std::int64_t>> {
                 return r.loginThrottle().failuresSince({"u:ann", "ip:10.0.0.9", "u:bob"},
                                                        at(sinceSeconds));
               })
        .value();
  };
  record({"u:ann", "ip:10.0.0.9"}, 0, -900);
  record({"u:ann", "ip:10.0.0.9"}, 10, -890);
  record({"u:bob", "ip:10.0.0.9"}, 20, -880);
  EXPECT_EQ(counts(-900), (std::vector<std::int64_t>{2, 3, 1}));
  EXPECT_EQ(counts(5), (std::vector<std::int64_t>{1, 2, 1}));
  // A failure 16 minutes later forgets the ones older than its window.
  record({"u:bob", "ip:10.0.0.7"}, 960, 60);
  EXPECT_EQ(counts(-900), (std::vector<std::int64_t>{0, 0, 1}));
}

TEST_P(SharedState, ASprayOfOtherNamesDoesNotMakeAnAccountsCountForget) {
  // The per-process map this replaces emptied itself past 100,000 keys.
  const Instant t0 = clock_.now();
  auto record = [&](const std::vector<std::string>& keys) {
    ASSERT_TRUE(db_->write([&](Repositories& r) -> Status {
                     r.loginThrottle().recordFailure(
                         keys, t0, Instant::fromMicros(t0.micros() - 900'000'000));
                     return {};
                   })
                    .ok());
  };
  for (int k = 0; k < 4; ++k) record({"u:ann"});
  std::vector<std::string> spray;
  for (int batch = 0; batch < 110; ++batch) {
    spray.clear();
    for (int k = 0; k < 1000; ++k) spray.push_back("u:spray" + std::to_string(batch * 1000 + k));
    record(spray);
  }
  auto count = app::readValue<std::vector<std::int64_t>>(
      *db_, [&](Repositories& r) -> Result<std::vector<std::int64_t>> {
        return r.loginThrottle().failuresSince({"u:ann", "u:spray109999"}, t0);
      });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, (std::vector<std::int64_t>{4, 1}));
}

TEST_P(SharedState, ATotpStepIsSpentOnce) {
  auto org = app::writeValue<Organization>(*db_, [&](Repositories& r) {
    Organization o;
    o.legalName = "Prairie Medicine";
    o.npi = "1245678903";
    o.tin = "36-4455667";
    o.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
    return app::registry::createOrganization(r, clock_.now(), o);
  });
  ASSERT_TRUE(org.ok());
  User u;
  u.organizationId = org->id;
  u.username = "ann";
  u.displayName = "Ann";
  u.roles = {Role::kFrontDesk};
  auto user = app::writeValue<User>(
      *db_, [&](Repositories& r) { return r.users().insert(u, "$argon2id$x", clock_.now()); });
  ASSERT_TRUE(user.ok());
  auto use = [&](std::int64_t step) {
    return app::writeValue<bool>(*db_,
                                 [&](Repositories& r) -> Result<bool> {
                                   return r.users().useTotpStep(user->id, step);
                                 })
        .value();
  };
  EXPECT_TRUE(use(1000));
  EXPECT_FALSE(use(1000));  // the same code again
  EXPECT_FALSE(use(999));   // an older code
  EXPECT_TRUE(use(1001));
}

TEST_P(SharedState, NotificationsArriveAfterCommitAndNeverForARollback) {
  std::atomic<int> ready{0}, rolledBack{0}, later{0};
  auto a = db_->changes().subscribe("ready", [&] { ++ready; });
  // On PostgreSQL the listener starts with the first subscription: publish until it hears.
  for (int i = 0; i < 50 && ready.load() == 0; ++i) {
    ASSERT_TRUE(publish("ready").ok());
    reaches(ready, 1);
  }
  ASSERT_GE(ready.load(), 1);
  auto b = db_->changes().subscribe("rolled-back", [&] { ++rolledBack; });
  auto c = db_->changes().subscribe("later", [&] { ++later; });
  EXPECT_EQ(publish("rolled-back", /*fail=*/true).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(publish("later").ok());
  // Notifications arrive in commit order: once "later" is here, a rolled-back one would be too.
  ASSERT_TRUE(reaches(later, 1));
  EXPECT_EQ(rolledBack.load(), 0);
  ASSERT_TRUE(publish("rolled-back").ok());
  EXPECT_TRUE(reaches(rolledBack, 1));
  // A released subscription hears nothing more.
  b.reset();
  const int before = rolledBack.load();
  ASSERT_TRUE(publish("rolled-back").ok());
  ASSERT_TRUE(publish("later").ok());
  ASSERT_TRUE(reaches(later, 2));
  EXPECT_EQ(rolledBack.load(), before);
}

TEST_P(SharedState, ADeferredStatementThatFailsFailsItsTransaction) {
  // An Idempotency-Key stored twice: the second transaction fails at COMMIT (PostgreSQL sends
  // the insert with it) or at once (SQLite), and keeps nothing.
  auto save = [&](const std::string& key) {
    return db_->write([&](Repositories& r) -> Status {
      r.idempotency().save(OrganizationId(0), key, {"fp", {201, "{}", "", ""}}, clock_.now());
      r.changes().publish("never");
      return {};
    });
  };
  ASSERT_TRUE(save("k1").ok());
  auto again = save("k1");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message,
            "Another request with this Idempotency-Key finished first; retry to get its answer.");
  auto found = app::readValue<std::optional<app::IdempotencyRecord>>(
      *db_, [&](Repositories& r) -> Result<std::optional<app::IdempotencyRecord>> {
        return r.idempotency().find(OrganizationId(0), "k1");
      });
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->response.status, 201);
}

TEST_P(SharedState, PostgresPipelineNamesTheFailureAndKeepsTheConnection) {
  if (GetParam() != "postgres") GTEST_SKIP() << "SQLite runs statements one after another";
  storage::PgConnection c(std::getenv("MEDOFFICE_TEST_PG_URL"));
  std::vector<storage::SqlStatement> reads{
      {"SELECT 1", {}}, {"SELECT * FROM no_such_table", {}}, {"SELECT 3", {}}};
  try {
    c.queryAll(reads);
    FAIL() << "the missing table went unnoticed";
  } catch (const storage::SqlError& e) {
    EXPECT_NE(std::string(e.what()).find("42P01"), std::string::npos) << e.what();
  }
  auto ok = c.queryAll({{"SELECT 1", {}}, {"SELECT ?::bigint + 1", {storage::sqlInt(41)}}});
  ASSERT_EQ(ok.size(), 2u);
  EXPECT_EQ(ok[1].at(0).i64(0), 42);
  // Inside a transaction a failed deferred statement fails the COMMIT; ROLLBACK then works.
  c.begin("BEGIN");
  c.executeLater("INSERT INTO no_such_table VALUES (1)", {});
  EXPECT_THROW(c.commit(), storage::SqlError);
  c.rollback();
  EXPECT_EQ(c.query("SELECT 7", {}).at(0).i64(0), 7);
  EXPECT_TRUE(c.healthy());
}

INSTANTIATE_TEST_SUITE_P(Backends, SharedState, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
