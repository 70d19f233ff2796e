// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/code_sets.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/billing/default_code_sets.hpp"
#include "domain/common/validation.hpp"

namespace medoffice::domain {
namespace {

Date d(const char* iso) {
  return Date::parse(iso).value();
}

TEST(CodeSets, SystemNamesRoundTrip) {
  for (CodeSystem s : kAllCodeSystems) EXPECT_EQ(parseCodeSystem(toString(s)), s);
  EXPECT_FALSE(parseCodeSystem("ICD10CM").has_value());
  EXPECT_FALSE(parseCodeSystem("").has_value());
}

TEST(CodeSets, FiscalYearsStartOnTheFirstOfOctober) {
  EXPECT_EQ(fiscalYear(d("2025-09-30")), 2025);
  EXPECT_EQ(fiscalYear(d("2025-10-01")), 2026);
  EXPECT_EQ(fiscalYear(d("2026-01-01")), 2026);
  EXPECT_EQ(releaseYearFor(CodeSystem::kIcd10Cm, d("2026-12-05")), 2027);
  EXPECT_EQ(releaseYearFor(CodeSystem::kHcpcs, d("2026-12-05")), 2026);
  EXPECT_EQ(releaseYearFor(CodeSystem::kModifier, d("2026-12-05")), 0);
  EXPECT_EQ(releaseStart(CodeSystem::kIcd10Cm, 2026), d("2025-10-01"));
  EXPECT_EQ(releaseStart(CodeSystem::kCpt, 2026), d("2026-01-01"));
  EXPECT_FALSE(releaseStart(CodeSystem::kPos, 0).has_value());
  EXPECT_EQ(releaseLabel(CodeSystem::kIcd10Cm, 2026), "FY2026");
  EXPECT_EQ(releaseLabel(CodeSystem::kHcpcs, 2025), "2025");
}

TEST(CodeSets, Icd10CmFormat) {
  for (const char* good : {"A00", "E119", "S301XXA", "Z00129", "U071", "C50A1"}) {
    EXPECT_TRUE(isIcd10CmCode(good)) << good;
  }
  for (const char* bad : {"", "E1", "E11.9", "e119", "1E11", "S301XXAB", "E11 9", "E1-9"}) {
    EXPECT_FALSE(isIcd10CmCode(bad)) << bad;
  }
}

TEST(CodeSets, ProcedureAndModifierFormats) {
  EXPECT_TRUE(isHcpcsCode("G0438"));
  EXPECT_TRUE(isHcpcsCode("V5364"));
  EXPECT_FALSE(isHcpcsCode("W1234")) << "Level II letters run A to V";
  EXPECT_FALSE(isHcpcsCode("99213"));
  EXPECT_FALSE(isHcpcsCode("G043"));
  EXPECT_TRUE(isCptCode("99213"));
  EXPECT_TRUE(isCptCode("0001U"));
  EXPECT_TRUE(isCptCode("3074F"));
  EXPECT_TRUE(isCptCode("0042T"));
  EXPECT_FALSE(isCptCode("0042X"));
  EXPECT_FALSE(isCptCode("9921"));
  EXPECT_FALSE(isCptCode("G0438"));
  EXPECT_TRUE(isModifierCode("25"));
  EXPECT_TRUE(isModifierCode("GA"));
  EXPECT_FALSE(isModifierCode("ga"));
  EXPECT_FALSE(isModifierCode("251"));
  EXPECT_TRUE(isCarcCode("45"));
  EXPECT_TRUE(isCarcCode("B7"));
  EXPECT_FALSE(isCarcCode("1234"));
  EXPECT_TRUE(isRarcCode("N130"));
  EXPECT_TRUE(isRarcCode("MA130"));
  EXPECT_FALSE(isRarcCode("130"));
  EXPECT_FALSE(isRarcCode("MAB13"));
  EXPECT_TRUE(isWellFormed(CodeSystem::kHcpcs, "GA")) << "an HCPCS file holds its modifiers";
  EXPECT_TRUE(isWellFormed(CodeSystem::kPos, "11"));
  EXPECT_FALSE(isWellFormed(CodeSystem::kPos, "1A"));
}

TEST(CodeSets, NormalizeAndDisplay) {
  EXPECT_EQ(normalizeCode(CodeSystem::kIcd10Cm, " e11.9 "), "E119");
  EXPECT_EQ(normalizeCode(CodeSystem::kIcd10Cm, "E119"), "E119");
  EXPECT_EQ(normalizeCode(CodeSystem::kIcd10Cm, "s30.1xxa"), "S301XXA");
  EXPECT_FALSE(normalizeCode(CodeSystem::kIcd10Cm, "E1.19").has_value());
  EXPECT_FALSE(normalizeCode(CodeSystem::kIcd10Cm, "E11.").has_value());
  EXPECT_EQ(normalizeCode(CodeSystem::kModifier, "gt"), "GT");
  EXPECT_FALSE(normalizeCode(CodeSystem::kCpt, "99213.").has_value());
  EXPECT_EQ(displayCode(CodeSystem::kIcd10Cm, "E119"), "E11.9");
  EXPECT_EQ(displayCode(CodeSystem::kIcd10Cm, "I10"), "I10");
  EXPECT_EQ(displayCode(CodeSystem::kHcpcs, "G0438"), "G0438");
}

TEST(CodeSets, DigestChangesWithAnyField) {
  std::vector<CodeRecord> a{{"E119", true, "short", "long", {}}};
  const std::string base = releaseDigest(a);
  EXPECT_EQ(base.size(), 16u);
  EXPECT_EQ(releaseDigest(a), base);
  auto changed = [&](auto&& edit) {
    auto b = a;
    edit(b[0]);
    return releaseDigest(b);
  };
  EXPECT_NE(changed([](CodeRecord& r) { r.billable = false; }), base);
  EXPECT_NE(changed([](CodeRecord& r) { r.longDescription = "lon"; }), base);
  EXPECT_NE(changed([](CodeRecord& r) { r.endsOn = Date::parse("2025-12-31"); }), base);
  // Field boundaries count: moving a letter from one field to the next changes the digest.
  EXPECT_NE(changed([](CodeRecord& r) {
              r.shortDescription = "shor";
              r.longDescription = "tlong";
            }),
            base);
}

TEST(CodeSets, ChoosesTheReleaseOfTheDateOfService) {
  const std::vector<int> years{2026, 2025};
  auto c = chooseRelease(CodeSystem::kIcd10Cm, years, d("2025-09-30"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->year, 2025);
  EXPECT_TRUE(c->warnings.empty());
  c = chooseRelease(CodeSystem::kIcd10Cm, years, d("2025-10-01"));
  EXPECT_EQ(c->year, 2026);
  EXPECT_TRUE(c->warnings.empty());
  c = chooseRelease(CodeSystem::kIcd10Cm, years, std::nullopt);
  EXPECT_EQ(c->year, 2026) << "no date: the newest";
}

TEST(CodeSets, ADateAfterTheNewestYearUsesItWithAWarning) {
  auto c = chooseRelease(CodeSystem::kIcd10Cm, {2025, 2026}, d("2026-12-05"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->year, 2026);
  ASSERT_EQ(c->warnings.size(), 1u);
  EXPECT_EQ(c->warnings[0].code, "release_not_loaded");
  EXPECT_EQ(c->warnings[0].wantedYear, 2027);
  EXPECT_EQ(c->warnings[0].usedYear, 2026);
  EXPECT_EQ(c->warnings[0].message,
            "ICD-10-CM FY2027 (dates of service 2026-10-01 to 2027-09-30) is not loaded; codes "
            "were checked against FY2026. Import the FY2027 release to check them exactly.");
  // A gap uses the year before it; a date before every loaded year uses the oldest.
  EXPECT_EQ(chooseRelease(CodeSystem::kHcpcs, {2019, 2025}, d("2022-06-01"))->year, 2019);
  EXPECT_EQ(chooseRelease(CodeSystem::kHcpcs, {2019, 2025}, d("2010-06-01"))->year, 2019);
  EXPECT_EQ(chooseRelease(CodeSystem::kHcpcs, {2019, 2025}, d("2010-06-01"))->warnings.size(), 1u);
}

TEST(CodeSets, UnversionedListsAnswerEveryDate) {
  auto c = chooseRelease(CodeSystem::kModifier, {0}, d("1999-01-01"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->year, 0);
  EXPECT_TRUE(c->warnings.empty());
  // Bare CPT codes (year 0) answer until a dated release is loaded.
  EXPECT_EQ(chooseRelease(CodeSystem::kCpt, {0}, d("2026-01-05"))->year, 0);
  EXPECT_EQ(chooseRelease(CodeSystem::kCpt, {0, 2026}, d("2026-01-05"))->year, 2026);
  EXPECT_FALSE(chooseRelease(CodeSystem::kCpt, {}, d("2026-01-05")).has_value());
}

TEST(CodeSets, JudgesACodeOnADateOfService) {
  const auto choice = chooseRelease(CodeSystem::kIcd10Cm, {2026}, d("2026-03-01"));
  const CodeRecord leaf{"E119", true, "", "Type 2 diabetes mellitus without complications", {}};
  const CodeRecord header{"E11", false, "", "Type 2 diabetes mellitus", {}};
  auto v = judgeCode(CodeSystem::kIcd10Cm, "E119", choice, leaf, d("2026-03-01"));
  EXPECT_EQ(v.status, CodeStatus::kValid);
  EXPECT_TRUE(v.valid());
  EXPECT_EQ(v.releaseYear, 2026);
  v = judgeCode(CodeSystem::kIcd10Cm, "E11", choice, header, d("2026-03-01"));
  EXPECT_EQ(v.status, CodeStatus::kHeader);
  EXPECT_EQ(v.message, "E11 is a header in ICD-10-CM FY2026; use one of the more specific codes.");
  v = judgeCode(CodeSystem::kIcd10Cm, "S301XXA", choice, std::nullopt, d("2026-03-01"));
  EXPECT_EQ(v.status, CodeStatus::kUnknown);
  EXPECT_EQ(v.message, "S30.1XXA is not in ICD-10-CM FY2026.");
  v = judgeCode(CodeSystem::kIcd10Cm, "E11.9", choice, std::nullopt, d("2026-03-01"));
  EXPECT_EQ(v.status, CodeStatus::kMalformed);
  v = judgeCode(CodeSystem::kIcd10Cm, "E119", std::nullopt, std::nullopt, d("2026-03-01"));
  EXPECT_EQ(v.status, CodeStatus::kNoRelease);
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_EQ(v.warnings[0].code, "no_release");
  // Past the newest release: valid, with the warning carried along.
  const auto late = chooseRelease(CodeSystem::kIcd10Cm, {2026}, d("2026-12-05"));
  v = judgeCode(CodeSystem::kIcd10Cm, "E119", late, leaf, d("2026-12-05"));
  EXPECT_EQ(v.status, CodeStatus::kValid);
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_EQ(v.warnings[0].wantedYear, 2027);
}

TEST(CodeSets, AnHcpcsCodeEndsOnItsTerminationDate) {
  const auto choice = chooseRelease(CodeSystem::kHcpcs, {2025}, d("2025-03-01"));
  CodeRecord r{"J1030", true, "", "Injection, methylprednisolone acetate, 40 mg",
               Date::parse("2024-03-31")};
  EXPECT_EQ(judgeCode(CodeSystem::kHcpcs, "J1030", choice, r, d("2025-03-01")).status,
            CodeStatus::kEnded);
  r.endsOn = Date::parse("2025-03-01");
  EXPECT_EQ(judgeCode(CodeSystem::kHcpcs, "J1030", choice, r, d("2025-03-01")).status,
            CodeStatus::kValid)
      << "the termination date is the last day it may be used";
}

TEST(CodeSets, SearchWordsAreLowerCaseDistinctPieces) {
  EXPECT_EQ(searchWords("Type 2 diabetes mellitus, type 2"),
            (std::vector<std::string>{"type", "2", "diabetes", "mellitus"}));
  EXPECT_EQ(searchWords("Body mass index [BMI] 30.0-30.9, adult"),
            (std::vector<std::string>{"body", "mass", "index", "bmi", "30", "0", "9", "adult"}));
  EXPECT_EQ(searchWords("Sjögren"), (std::vector<std::string>{"sjögren"}));
  EXPECT_TRUE(searchWords(" ,.;-").empty());
  const auto longWord = searchWords(std::string(60, 'a'));
  ASSERT_EQ(longWord.size(), 1u);
  EXPECT_EQ(longWord[0].size(), 40u);
}

TEST(CodeSets, WordMatchesRankBillableAndShortFirst) {
  const CodeRecord shortLeaf{"I10", true, "", "Essential (primary) hypertension", {}};
  const CodeRecord longLeaf{"I110", true, "", "Hypertensive heart disease with heart failure", {}};
  const CodeRecord header{"I11", false, "", "Hypertensive heart disease", {}};
  EXPECT_LT(wordMatchRank(shortLeaf), wordMatchRank(longLeaf));
  EXPECT_LT(wordMatchRank(longLeaf), wordMatchRank(header));
}

TEST(DefaultCodeSets, EveryCodeIsWellFormedAndListedOnce) {
  std::set<CodeSystem> systems;
  for (const auto& set : defaultCodeSets()) {
    systems.insert(set.system);
    EXPECT_EQ(set.year == 0, releaseCycle(set.system) == ReleaseCycle::kUnversioned ||
                                 set.system == CodeSystem::kCpt)
        << toString(set.system);
    std::set<std::string> seen;
    for (const auto& c : set.codes) {
      EXPECT_TRUE(isWellFormed(set.system, c.code)) << toString(set.system) << " " << c.code;
      EXPECT_TRUE(seen.insert(c.code).second) << "listed twice: " << c.code;
      if (set.system == CodeSystem::kCpt) {
        EXPECT_TRUE(c.longDescription.empty()) << "CPT descriptors are the AMA's: " << c.code;
      } else {
        EXPECT_FALSE(c.longDescription.empty()) << c.code;
      }
      if (set.system == CodeSystem::kPos) {
        EXPECT_TRUE(validation::isPlaceOfServiceCode(c.code)) << c.code;
      }
    }
  }
  EXPECT_EQ(systems.size(), std::size(kAllCodeSystems)) << "every system has a default list";
}

}  // namespace
}  // namespace medoffice::domain
