// SPDX-License-Identifier: AGPL-3.0-or-later
// Code sets (issue 14, point 1) on every backend: the default set, search ranking, the release
// that answers for a date of service (and the warning past the newest one), idempotent
// re-imports that replace a year exactly, a failed import that leaves the year as it was, a
// practice's licensed CPT, and the real CMS files of ../shared/codesets (ICD-10-CM FY2025 and
// FY2026, HCPCS 2019 and 2025; skipped with a message where ../shared is absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/billing/code_sets.hpp"
#include "app/registry.hpp"
#include "codecs/codesets/cpt_csv.hpp"
#include "codecs/codesets/hcpcs.hpp"
#include "codecs/codesets/icd10cm.hpp"
#include "domain/billing/default_code_sets.hpp"
#include "domain/common/validation.hpp"
#include "storage/change_hub.hpp"
#include "storage/sql/reference_cache.hpp"
#include "storage/sql/repositories.hpp"
#include "support/shared_dir.hpp"
#include "support/test_db.hpp"

namespace medoffice {
namespace {

using namespace domain;
using app::Repositories;
namespace codes = app::codes;
namespace sets = codecs::codesets;
namespace fs = std::filesystem;

Date day(const char* iso) {
  return Date::parse(iso).value();
}

/// Reads a whole code file with one of the codec readers; the records, or the problem.
template <class Reader>
Result<std::vector<CodeRecord>> readAll(std::istream& in, Reader reader) {
  std::vector<CodeRecord> out;
  const sets::ReadResult r = reader(in, [&](CodeRecord&& c) { out.push_back(std::move(c)); });
  if (!r.ok()) return Error::invalidField("file", r.problem->describe());
  return out;
}

Result<std::vector<CodeRecord>> readOrderFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return readAll(
      in, [](std::istream& s, const sets::CodeSink& k) { return sets::readIcd10CmOrder(s, k); });
}

Result<std::vector<CodeRecord>> readHcpcsFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return readAll(in,
                 [](std::istream& s, const sets::CodeSink& k) { return sets::readHcpcs(s, k); });
}

class CodeSets : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("codes_") + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = test::freshDatabase(GetParam(), name);
  }

  Result<codes::ImportOutcome> import(CodeSystem system, int year, std::vector<CodeRecord> list,
                                      OrganizationId org = {},
                                      ReleaseSource source = ReleaseSource::kCms) {
    codes::ReleaseImport in;
    in.system = system;
    in.year = year;
    in.organization = org;
    in.source = source;
    in.fileName = "test";
    in.codes = std::move(list);
    return codes::importRelease(*db_, clock_.now(), std::move(in));
  }

  codes::SearchAnswer search(CodeSystem system, const std::string& text,
                             std::optional<Date> date = std::nullopt, int limit = 20,
                             OrganizationId org = {}) {
    codes::SearchRequest q{org, system, text, date, limit};
    auto out = app::readValue<codes::SearchAnswer>(
        *db_, [&](Repositories& r) { return codes::search(r, q); });
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
    return out.ok() ? *out : codes::SearchAnswer{};
  }

  static std::vector<std::string> codesOf(const codes::SearchAnswer& a) {
    std::vector<std::string> out;
    for (const auto& c : a.items) out.push_back(c.code);
    return out;
  }

  CodeVerdict check(CodeSystem system, const std::string& code, const char* date,
                    OrganizationId org = {}) {
    auto out = app::readValue<CodeVerdict>(
        *db_, [&](Repositories& r) { return codes::checkCode(r, org, system, code, day(date)); });
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : CodeVerdict{};
  }

  std::vector<CodeRelease> releases(CodeSystem system, OrganizationId org = {}) {
    return app::readValue<std::vector<CodeRelease>>(
               *db_,
               [&](Repositories& r) {
                 return Result<std::vector<CodeRelease>>(r.codes().releases(system, org));
               })
        .value();
  }

  OrganizationId organization(const char* name, const char* npiBase) {
    auto org = app::writeValue<Organization>(*db_, [&](Repositories& r) {
      Organization o;
      o.legalName = name;
      o.npi = std::string(npiBase) + validation::npiCheckDigit(npiBase);
      o.tin = "36-4455667";
      o.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
      return app::registry::createOrganization(r, clock_.now(), o);
    });
    EXPECT_TRUE(org.ok()) << (org.ok() ? "" : org.error().message);
    return org.ok() ? org->id : OrganizationId{};
  }

  /// A small ICD-10-CM year written here (the texts of the public-domain release, and one made
  /// up to hold the word E11).
  static std::vector<CodeRecord> diabetesYear() {
    return {
        {"E11", false, "", "Type 2 diabetes mellitus", {}},
        {"E119", true, "", "Type 2 diabetes mellitus without complications", {}},
        {"E1165", true, "", "Type 2 diabetes mellitus with hyperglycemia", {}},
        {"E1100", true, "", "Type 2 diabetes mellitus with hyperosmolarity without NKHHC", {}},
        {"Z131", true, "", "Encounter for screening for diabetes mellitus", {}},
        {"E1022", true, "", "Type 1 diabetic mellitus diabetes with diabetic kidney disease", {}},
        {"R739", true, "", "Hyperglycemia, unspecified (not E11)", {}},
        {"I10", true, "", "Essential (primary) hypertension", {}},
    };
  }

  test::FakeClock clock_;
  std::unique_ptr<storage::Database> db_;
};

TEST_P(CodeSets, TheDefaultSetIsInstalledOnceAndSearchable) {
  auto installed = codes::installDefaultCodeSets(*db_, clock_.now());
  ASSERT_TRUE(installed.ok()) << installed.error().message;
  EXPECT_EQ(*installed, static_cast<int>(defaultCodeSets().size()));
  EXPECT_EQ(codes::installDefaultCodeSets(*db_, clock_.now()).value(), 0) << "already in place";

  EXPECT_EQ(codesOf(search(CodeSystem::kModifier, "25")).at(0), "25");
  EXPECT_EQ(codesOf(search(CodeSystem::kPos, "office")), std::vector<std::string>{"11"});
  EXPECT_EQ(codesOf(search(CodeSystem::kRarc, "n130")).at(0), "N130");
  EXPECT_EQ(codesOf(search(CodeSystem::kCarc, "deductible")), std::vector<std::string>{"1"});
  const auto diabetes = search(CodeSystem::kIcd10Cm, "diab mell");
  EXPECT_NE(std::find(diabetes.items.begin(), diabetes.items.end(),
                      CodeRecord{"E119",
                                 true,
                                 "Type 2 diabetes mellitus without complications",
                                 "Type 2 diabetes mellitus without complications",
                                 {}}),
            diabetes.items.end());
  ASSERT_TRUE(diabetes.release.has_value());
  EXPECT_EQ(diabetes.release->source, ReleaseSource::kBuiltin);
  // CPT codes are bare: found by their number, with no text.
  const auto visits = search(CodeSystem::kCpt, "9921");
  EXPECT_EQ(codesOf(visits),
            (std::vector<std::string>{"99211", "99212", "99213", "99214", "99215"}));
  EXPECT_EQ(visits.items[0].longDescription, "");

  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "E11.9", "2026-03-01").status, CodeStatus::kValid);
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "E11", "2026-03-01").status, CodeStatus::kHeader);
  EXPECT_EQ(check(CodeSystem::kModifier, "59", "1999-01-01").status, CodeStatus::kValid);
  EXPECT_EQ(check(CodeSystem::kModifier, "ZZ", "2026-01-01").status, CodeStatus::kUnknown);
}

TEST_P(CodeSets, SearchRanksTheExactCodeThenCodePrefixThenWords) {
  ASSERT_TRUE(import(CodeSystem::kIcd10Cm, 2024, diabetesYear()).ok());
  // The code, the codes under it in code order, then descriptions holding the word E11.
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "E11")),
            (std::vector<std::string>{"E11", "E1100", "E1165", "E119", "R739"}));
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "e11.9")), std::vector<std::string>{"E119"});
  // Every word must start a word of the description; billable codes first, the shorter
  // description first, the header last; each code once although "diab" starts two of its words.
  const std::vector<std::string> byWords{"E1165", "Z131", "E119", "E1100", "E1022", "E11"};
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "diab mell")), byWords);
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "MELL, diab")), byWords);
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "diab mell", std::nullopt, 2)),
            (std::vector<std::string>{"E1165", "Z131"}));
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "hyperglyc")),
            (std::vector<std::string>{"R739", "E1165"}));
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "kidney diabetic type")),
            std::vector<std::string>{"E1022"});
  EXPECT_TRUE(search(CodeSystem::kIcd10Cm, "mellitus hypertension").items.empty());
  EXPECT_TRUE(search(CodeSystem::kIcd10Cm, "iabetes").items.empty()) << "word starts only";
  // Bad text is refused naming q.
  auto bad = app::readValue<codes::SearchAnswer>(*db_, [&](Repositories& r) {
    return codes::search(r, {{}, CodeSystem::kIcd10Cm, " .,- ", std::nullopt, 20});
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "q");
}

TEST_P(CodeSets, PagesThroughManyEntriesOfOneCode) {
  // More matching index entries than one page holds, most of them the same few codes: the
  // search pages on until it has `limit` distinct codes.
  std::vector<CodeRecord> list;
  for (int k = 0; k < 30; ++k) {
    std::string text = "Fracture";
    for (int w = 0; w < 12; ++w) text += " fract" + std::to_string(k) + "x" + std::to_string(w);
    char code[8];
    std::snprintf(code, sizeof code, "S%02dA", k);
    list.push_back({code, true, "", text, {}});
  }
  ASSERT_TRUE(import(CodeSystem::kIcd10Cm, 2024, list).ok());
  auto found = search(CodeSystem::kIcd10Cm, "fract", std::nullopt, 25);
  EXPECT_EQ(found.items.size(), 25u);
  auto unique = codesOf(found);
  std::sort(unique.begin(), unique.end());
  EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end());
}

TEST_P(CodeSets, TheReleaseOfTheDateOfServiceAnswersAndANewerMissingOneWarns) {
  ASSERT_TRUE(import(CodeSystem::kIcd10Cm, 2025,
                     {{"A000", true, "", "Cholera due to Vibrio cholerae 01, biovar cholerae", {}},
                      {"S301XXA", true, "", "Contusion of abdominal wall, initial encounter", {}}})
                  .ok());
  ASSERT_TRUE(import(CodeSystem::kIcd10Cm, 2026,
                     {{"A000", true, "", "Cholera due to Vibrio cholerae 01, biovar cholerae", {}},
                      {"S3011XA", true, "", "Contusion of abdominal wall, initial encounter", {}}})
                  .ok());
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "S30.1XXA", "2025-09-30").status, CodeStatus::kValid);
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "S30.1XXA", "2025-10-01").status, CodeStatus::kUnknown);
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "S30.11XA", "2025-09-30").status, CodeStatus::kUnknown);
  auto late = check(CodeSystem::kIcd10Cm, "S30.11XA", "2026-12-05");
  EXPECT_EQ(late.status, CodeStatus::kValid) << "never refuse every code";
  EXPECT_EQ(late.releaseYear, 2026);
  ASSERT_EQ(late.warnings.size(), 1u);
  EXPECT_EQ(late.warnings[0].code, "release_not_loaded");
  EXPECT_EQ(late.warnings[0].wantedYear, 2027);

  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "contusion", day("2025-06-01"))),
            std::vector<std::string>{"S301XXA"});
  const auto now = search(CodeSystem::kIcd10Cm, "contusion", day("2026-12-05"));
  EXPECT_EQ(codesOf(now), std::vector<std::string>{"S3011XA"});
  ASSERT_EQ(now.warnings.size(), 1u);
  EXPECT_EQ(now.warnings[0].usedYear, 2026);
  EXPECT_TRUE(search(CodeSystem::kIcd10Cm, "contusion").warnings.empty()) << "no date: newest";
  // A system with nothing loaded answers no codes and says so.
  const auto none = search(CodeSystem::kHcpcs, "dressing");
  EXPECT_TRUE(none.items.empty());
  ASSERT_EQ(none.warnings.size(), 1u);
  EXPECT_EQ(none.warnings[0].code, "no_release");
  EXPECT_EQ(check(CodeSystem::kHcpcs, "G0438", "2025-01-02").status, CodeStatus::kNoRelease);
}

TEST_P(CodeSets, ReimportingAYearIsIdempotentAndReplacesItExactly) {
  auto first = import(CodeSystem::kIcd10Cm, 2024, diabetesYear());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->unchanged);
  EXPECT_FALSE(first->replacedCodes.has_value());
  EXPECT_EQ(first->release.codeCount, 8);
  EXPECT_EQ(first->release.billableCount, 7);

  auto again = import(CodeSystem::kIcd10Cm, 2024, diabetesYear());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->unchanged);
  EXPECT_EQ(again->release.id, first->release.id) << "nothing was written";

  auto changed = diabetesYear();
  changed.erase(changed.begin() + 4);  // Z131 is gone
  changed[1].longDescription = "Type 2 diabetes mellitus without any complication";
  auto replaced = import(CodeSystem::kIcd10Cm, 2024, changed);
  ASSERT_TRUE(replaced.ok());
  EXPECT_FALSE(replaced->unchanged);
  EXPECT_EQ(replaced->replacedCodes, 8);
  EXPECT_EQ(replaced->release.codeCount, 7);
  ASSERT_EQ(releases(CodeSystem::kIcd10Cm).size(), 1u);
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "Z131", "2024-03-01").status, CodeStatus::kUnknown);
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "E119", "2024-03-01").record->longDescription,
            "Type 2 diabetes mellitus without any complication");
  EXPECT_TRUE(search(CodeSystem::kIcd10Cm, "screening").items.empty()) << "its words are gone too";
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "any compl")), std::vector<std::string>{"E119"});

  // Malformed and duplicated codes are refused before anything is written.
  auto dup = diabetesYear();
  dup.push_back(dup[1]);
  auto refused = import(CodeSystem::kIcd10Cm, 2024, dup);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).message, "E119 is listed twice");
  refused = import(CodeSystem::kIcd10Cm, 2024, {{"E11.9", true, "", "x", {}}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "codes");
  refused = import(CodeSystem::kIcd10Cm, 0, diabetesYear());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "year");
  EXPECT_EQ(releases(CodeSystem::kIcd10Cm).at(0).codeCount, 7);
}

TEST_P(CodeSets, AFailedImportLeavesTheYearAsItWas) {
  ASSERT_TRUE(import(CodeSystem::kIcd10Cm, 2024, diabetesYear()).ok());
  const auto before = releases(CodeSystem::kIcd10Cm);
  // The new codes are written, then the transaction fails: none of it stays.
  auto st = db_->write([&](Repositories& r) -> Status {
    CodeRelease next;
    next.system = CodeSystem::kIcd10Cm;
    next.year = 2024;
    next.digest = "0";
    auto stored =
        r.codes().replace(next, {{"I10", true, "", "Hypertension", {}}}, clock_.now(), {});
    if (!stored) return stored.error();
    return Error::conflict("rolled back on purpose");
  });
  EXPECT_FALSE(st.ok());
  // A storage failure in the middle of the codes (a duplicate reaching the database).
  st = db_->write([&](Repositories& r) -> Status {
    CodeRelease next;
    next.system = CodeSystem::kIcd10Cm;
    next.year = 2024;
    next.digest = "1";
    std::vector<CodeRecord> dup(3000, CodeRecord{"I10", true, "", "Hypertension", {}});
    for (std::size_t k = 0; k + 1 < dup.size(); ++k) dup[k].code = "I" + std::to_string(100 + k);
    dup.back().code = "I100";
    auto stored = r.codes().replace(next, dup, clock_.now(), {});
    return stored.ok() ? Status{} : stored.error();
  });
  EXPECT_FALSE(st.ok());
  const auto after = releases(CodeSystem::kIcd10Cm);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id, before[0].id);
  EXPECT_EQ(after[0].digest, before[0].digest);
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "diab mell")).size(), 6u);
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "I100", "2024-03-01").status, CodeStatus::kUnknown);

  // A truncated file never reaches the database: the reader names its last line.
  std::ostringstream file;
  const std::string line =
      "00001 I10     1 Essential (primary) hypertension                             Essential "
      "(primary) hypertension\r\n";
  file << line << line.substr(0, 40);
  std::istringstream in(file.str());
  auto read = readAll(
      in, [](std::istream& s, const sets::CodeSink& k) { return sets::readIcd10CmOrder(s, k); });
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().fields.at(0).message.find("line 2: the file ends in the middle"),
            std::string::npos)
      << read.error().fields.at(0).message;
}

TEST_P(CodeSets, ALicensedCptFileBelongsToItsPractice) {
  ASSERT_TRUE(codes::installDefaultCodeSets(*db_, clock_.now()).ok());
  const auto mine = organization("Prairie Medicine", "124567890");
  const auto theirs = organization("Desert Medicine", "124567891");
  std::istringstream csv(
      "code,description\n"
      "99213,\"Office visit, established patient, low complexity (test text)\"\n"
      "99214,\"Office visit, established patient, moderate complexity (test text)\"\n");
  auto list =
      readAll(csv, [](std::istream& s, const sets::CodeSink& k) { return sets::readCptCsv(s, k); });
  ASSERT_TRUE(list.ok());
  auto imported = import(CodeSystem::kCpt, 2026, *list, mine, ReleaseSource::kLicensed);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->release.organization, mine);

  EXPECT_EQ(codesOf(search(CodeSystem::kCpt, "office moderate", std::nullopt, 20, mine)),
            std::vector<std::string>{"99214"});
  EXPECT_TRUE(search(CodeSystem::kCpt, "office", std::nullopt, 20, theirs).items.empty())
      << "another practice sees bare codes";
  const auto bare = search(CodeSystem::kCpt, "99213", std::nullopt, 20, theirs);
  ASSERT_EQ(bare.items.size(), 1u);
  EXPECT_EQ(bare.items[0].longDescription, "");
  EXPECT_EQ(check(CodeSystem::kCpt, "99214", "2026-02-01", mine).status, CodeStatus::kValid);
  EXPECT_EQ(check(CodeSystem::kCpt, "99215", "2026-02-01", mine).status, CodeStatus::kUnknown)
      << "the practice's own list answers for it";
  EXPECT_EQ(check(CodeSystem::kCpt, "99215", "2026-02-01", theirs).status, CodeStatus::kValid);

  auto refused = import(CodeSystem::kHcpcs, 2026, {{"G0438", true, "", "x", {}}}, mine,
                        ReleaseSource::kLicensed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "organization");
  refused = import(CodeSystem::kCpt, 2026, *list, OrganizationId(9999), ReleaseSource::kLicensed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
}

TEST_P(CodeSets, PostgresSearchRoundTrips) {
  // A one-word search is the release lookup (with BEGIN), one pipeline (the code prefix and the
  // word rows joined with their codes) and COMMIT; several words add the word rows of the rarest
  // word and one read of the codes that may match.
  if (GetParam() != "postgres") GTEST_SKIP() << "round trips are a PostgreSQL matter";
  ASSERT_TRUE(import(CodeSystem::kIcd10Cm, 2024, diabetesYear()).ok());
  storage::PgConnection c(std::getenv("MEDOFFICE_TEST_PG_URL"));
  storage::ReferenceCache reference;
  auto trips = [&](const char* text) -> std::int64_t {
    const std::int64_t before = c.roundTripsForTest();
    c.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    storage::NoNotices notices;
    storage::SqlRepositories r(c, notices, reference);
    auto found = codes::search(r, {{}, CodeSystem::kIcd10Cm, text, std::nullopt, 20});
    EXPECT_TRUE(found.ok() && !found->items.empty()) << text;
    c.commit();
    return c.roundTripsForTest() - before;
  };
  trips("diab");  // the first searches prepare their statements
  trips("diab mell");
  EXPECT_EQ(trips("hyperglyc"), 3);
  EXPECT_EQ(trips("mell diab"), 5);
}

// ---- the real CMS files ---------------------------------------------------------------------

TEST_P(CodeSets, RealIcd10CmFy2025AndFy2026) {
  const auto fy2025 = test::sharedCodeSet("icd10cm/icd10cm_order_2025.txt");
  const auto fy2026 = test::sharedCodeSet("icd10cm/icd10cm_order_2026.txt");
  MEDOFFICE_REQUIRE_SHARED(fy2025);
  MEDOFFICE_REQUIRE_SHARED(fy2026);
  ASSERT_TRUE(codes::installDefaultCodeSets(*db_, clock_.now()).ok());
  auto timed = [&](int year, const fs::path& path) {
    const auto t0 = std::chrono::steady_clock::now();
    auto list = readOrderFile(path);
    EXPECT_TRUE(list.ok());
    const auto t1 = std::chrono::steady_clock::now();
    auto out = import(CodeSystem::kIcd10Cm, year, list.ok() ? *list : std::vector<CodeRecord>{});
    const auto t2 = std::chrono::steady_clock::now();
    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::printf("[ %s ] ICD-10-CM FY%d: read %.0f ms, stored %.0f ms\n", GetParam().c_str(), year,
                ms(t1 - t0), ms(t2 - t1));
    return out;
  };
  auto y25 = timed(2025, fy2025);
  ASSERT_TRUE(y25.ok()) << y25.error().message;
  EXPECT_EQ(y25->release.codeCount, 97'584);
  EXPECT_EQ(y25->release.billableCount, 74'260);
  EXPECT_EQ(y25->removedBuiltin, 1) << "the default ICD-10-CM list steps aside";
  auto y26 = timed(2026, fy2026);
  ASSERT_TRUE(y26.ok()) << y26.error().message;
  EXPECT_EQ(y26->release.codeCount, 98'186);
  EXPECT_EQ(y26->release.billableCount, 74'719);
  EXPECT_EQ(releases(CodeSystem::kIcd10Cm).size(), 2u);

  // S30.1XXA was deleted in FY2026 (icd10cm_order_addenda_2026.txt).
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "S30.1XXA", "2025-09-30").status, CodeStatus::kValid);
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "S30.1XXA", "2025-10-01").status, CodeStatus::kUnknown);
  // Headers versus billable codes.
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "A00", "2026-01-15").status, CodeStatus::kHeader);
  EXPECT_EQ(check(CodeSystem::kIcd10Cm, "A00.0", "2026-01-15").status, CodeStatus::kValid);
  // After FY2026: checked against it, with the warning.
  const auto late = check(CodeSystem::kIcd10Cm, "E11.9", "2026-12-05");
  EXPECT_EQ(late.status, CodeStatus::kValid);
  ASSERT_EQ(late.warnings.size(), 1u);
  EXPECT_EQ(late.warnings[0].wantedYear, 2027);
  EXPECT_EQ(late.warnings[0].usedYear, 2026);

  // Ranking on the full release.
  const auto e11 = codesOf(search(CodeSystem::kIcd10Cm, "E11"));
  ASSERT_GE(e11.size(), 3u);
  EXPECT_EQ(e11[0], "E11");
  EXPECT_EQ(e11[1], "E110");
  EXPECT_EQ(e11[2], "E1100");
  EXPECT_EQ(codesOf(search(CodeSystem::kIcd10Cm, "E11.9")).at(0), "E119");
  const auto diab = search(CodeSystem::kIcd10Cm, "diab mell");
  EXPECT_EQ(diab.items.size(), 20u);
  const auto diabCodes = codesOf(diab);
  EXPECT_NE(std::find(diabCodes.begin(), diabCodes.end(), "E119"), diabCodes.end());
  for (const auto& c : diab.items) {
    const auto words = searchWords(c.longDescription);
    auto starts = [&](const char* prefix) {
      return std::any_of(words.begin(), words.end(),
                         [&](const std::string& w) { return w.rfind(prefix, 0) == 0; });
    };
    EXPECT_TRUE(c.billable) << "20 billable codes come before any header: " << c.code;
    EXPECT_TRUE(starts("diab") && starts("mell")) << c.longDescription;
  }
  EXPECT_EQ(
      codesOf(search(CodeSystem::kIcd10Cm, "contusion abdominal wall init", day("2025-06-01"))),
      std::vector<std::string>{"S301XXA"});

  // The same file again changes nothing.
  auto again = timed(2026, fy2026);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->unchanged);
}

TEST_P(CodeSets, RealHcpcs2019And2025) {
  const auto y2019 = test::sharedCodeSet("hcpcs/HCPC2019_CONTR_ANWEB.txt");
  const auto y2025 = test::sharedCodeSet("hcpcs/HCPC2025_JAN_ANWEB_12172024.txt");
  MEDOFFICE_REQUIRE_SHARED(y2019);
  MEDOFFICE_REQUIRE_SHARED(y2025);
  auto list2019 = readHcpcsFile(y2019);
  auto list2025 = readHcpcsFile(y2025);
  ASSERT_TRUE(list2019.ok() && list2025.ok());
  auto a = import(CodeSystem::kHcpcs, 2019, *list2019);
  auto b = import(CodeSystem::kHcpcs, 2025, *list2025);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->release.codeCount, 6'800);
  EXPECT_EQ(b->release.codeCount, 8'642);

  EXPECT_EQ(check(CodeSystem::kHcpcs, "G0438", "2025-03-01").status, CodeStatus::kValid);
  const auto ended = check(CodeSystem::kHcpcs, "J1030", "2025-03-01");
  EXPECT_EQ(ended.status, CodeStatus::kEnded);
  EXPECT_EQ(ended.message, "J1030 ended on 2024-03-31.");
  EXPECT_EQ(check(CodeSystem::kHcpcs, "G2211", "2019-06-01").status, CodeStatus::kUnknown)
      << "added after 2019";
  EXPECT_EQ(check(CodeSystem::kHcpcs, "G2211", "2025-06-01").status, CodeStatus::kValid);
  // With a date, codes that ended before it are left out.
  const auto all = codesOf(search(CodeSystem::kHcpcs, "methylprednisolone"));
  const auto then = codesOf(search(CodeSystem::kHcpcs, "methylprednisolone", day("2025-03-01")));
  EXPECT_NE(std::find(all.begin(), all.end(), "J1030"), all.end());
  EXPECT_EQ(std::find(then.begin(), then.end(), "J1030"), then.end());
  EXPECT_NE(std::find(then.begin(), then.end(), "J1010"), then.end());
  EXPECT_EQ(codesOf(search(CodeSystem::kHcpcs, "GA")).at(0), "GA") << "the file's modifiers";
}

INSTANTIATE_TEST_SUITE_P(Backends, CodeSets, ::testing::ValuesIn(test::contractBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace medoffice
