// SPDX-License-Identifier: AGPL-3.0-or-later
// The real CMS files in ../shared/codesets (read in place, never copied into the repository):
// the counts their PROVENANCE.md gives, and the FY2026 addenda checked against the two order
// files they compare. Skipped with a message where ../shared is absent.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "codecs/codesets/hcpcs.hpp"
#include "codecs/codesets/icd10cm.hpp"
#include "support/shared_dir.hpp"

namespace medoffice::codecs::codesets {
namespace {

namespace fs = std::filesystem;
using domain::CodeRecord;

/// Every code of an ICD-10-CM order file by code.
std::map<std::string, CodeRecord> readOrder(const fs::path& p, ReadResult& result) {
  std::ifstream in(p, std::ios::binary);
  std::map<std::string, CodeRecord> out;
  result = readIcd10CmOrder(in, [&](CodeRecord&& r) {
    std::string code = r.code;
    out.emplace(std::move(code), std::move(r));
  });
  return out;
}

std::size_t billable(const std::map<std::string, CodeRecord>& codes) {
  std::size_t n = 0;
  for (const auto& [code, r] : codes) n += r.billable ? 1 : 0;
  return n;
}

TEST(SharedCodeFiles, Icd10CmOrderFilesOfFy2025AndFy2026) {
  const auto fy2025 = test::sharedCodeSet("icd10cm/icd10cm_order_2025.txt");
  const auto fy2026 = test::sharedCodeSet("icd10cm/icd10cm_order_2026.txt");
  MEDOFFICE_REQUIRE_SHARED(fy2026);
  MEDOFFICE_REQUIRE_SHARED(fy2025);
  ReadResult r26;
  ReadResult r25;
  const auto codes26 = readOrder(fy2026, r26);
  const auto codes25 = readOrder(fy2025, r25);
  ASSERT_TRUE(r26.ok()) << r26.problem->describe();
  ASSERT_TRUE(r25.ok()) << r25.problem->describe();
  EXPECT_EQ(r26.records, 98'186u);
  EXPECT_EQ(codes26.size(), 98'186u);
  EXPECT_EQ(billable(codes26), 74'719u);
  EXPECT_EQ(codes25.size(), 97'584u);
  EXPECT_EQ(billable(codes25), 74'260u);
  EXPECT_FALSE(codes26.at("A00").billable);
  EXPECT_EQ(codes26.at("U099").longDescription, "Post COVID-19 condition, unspecified");
  EXPECT_EQ(codes26.at("E119").longDescription, "Type 2 diabetes mellitus without complications");
  EXPECT_TRUE(codes25.contains("S301XXA"));
  EXPECT_FALSE(codes26.contains("S301XXA")) << "deleted in FY2026";
  EXPECT_EQ(releaseYearFromFileName(domain::CodeSystem::kIcd10Cm, fy2026.string()), 2026);
}

TEST(SharedCodeFiles, Icd10CmAddendaMatchTheTwoYears) {
  const auto addenda = test::sharedCodeSet("icd10cm/icd10cm_order_addenda_2026.txt");
  MEDOFFICE_REQUIRE_SHARED(addenda);
  std::ifstream in(addenda, std::ios::binary);
  std::vector<AddendaEntry> entries;
  auto r = readIcd10CmAddenda(in, [&](AddendaEntry&& e) { entries.push_back(std::move(e)); });
  ASSERT_TRUE(r.ok()) << r.problem->describe();
  EXPECT_EQ(entries.size(), 630u + 28u + 90u);
  const auto s = summarize(entries);
  // The file's own summary: 143 + 487 additions, 28 deletions, 7 + 38 revisions; a code whose
  // flag changed is listed as a deletion and an addition.
  EXPECT_EQ(s.added.size() + s.becameHeader.size() + s.becameBillable.size(), 143u + 487u);
  EXPECT_EQ(s.deleted.size() + s.becameHeader.size() + s.becameBillable.size(), 28u);
  EXPECT_EQ(s.revised.size(), 7u + 38u);

  ReadResult r25;
  ReadResult r26;
  const auto codes25 = readOrder(test::sharedCodeSet("icd10cm/icd10cm_order_2025.txt"), r25);
  const auto codes26 = readOrder(test::sharedCodeSet("icd10cm/icd10cm_order_2026.txt"), r26);
  ASSERT_TRUE(r25.ok() && r26.ok());
  for (const auto& c : s.added) {
    EXPECT_TRUE(codes26.contains(c) && !codes25.contains(c)) << "added " << c;
  }
  for (const auto& c : s.deleted) {
    EXPECT_TRUE(codes25.contains(c) && !codes26.contains(c)) << "deleted " << c;
  }
  for (const auto& c : s.becameHeader) {
    EXPECT_TRUE(codes25.at(c).billable && !codes26.at(c).billable) << c;
  }
  for (const auto& c : s.revised) {
    EXPECT_NE(codes25.at(c).longDescription + codes25.at(c).shortDescription,
              codes26.at(c).longDescription + codes26.at(c).shortDescription)
        << c;
  }
  // And the other way round: nothing changed between the files that the addenda leave out.
  std::size_t gone = 0;
  for (const auto& [code, rec] : codes25) gone += codes26.contains(code) ? 0 : 1;
  EXPECT_EQ(gone, s.deleted.size());
  EXPECT_EQ(codes26.size() - codes25.size(), s.added.size() - s.deleted.size());
}

struct HcpcsFile {
  std::map<std::string, CodeRecord> codes;
  HcpcsCounts counts;
  ReadResult result;
};

HcpcsFile readHcpcsFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  HcpcsFile out;
  out.result = readHcpcs(
      in,
      [&](CodeRecord&& r) {
        std::string code = r.code;
        out.codes.emplace(std::move(code), std::move(r));
      },
      &out.counts);
  return out;
}

TEST(SharedCodeFiles, Hcpcs2019WithItsPreambleAndShortRecord) {
  const auto path = test::sharedCodeSet("hcpcs/HCPC2019_CONTR_ANWEB.txt");
  MEDOFFICE_REQUIRE_SHARED(path);
  const auto f = readHcpcsFile(path);
  ASSERT_TRUE(f.result.ok()) << f.result.problem->describe();
  EXPECT_EQ(f.counts.procedures, 6'440u);
  EXPECT_EQ(f.counts.modifiers, 360u);
  EXPECT_EQ(f.codes.size(), 6'800u);
  EXPECT_EQ(f.codes.at("A1").longDescription, "Dressing for one wound");
  // Continued over records of type 4, one of them 316 bytes long.
  EXPECT_EQ(f.codes.at("G8891").longDescription,
            "Documentation of medical reason(s) for most recent ldl-c not under control (e.g., "
            "patients with palliative goals for whom treatment of hypertension with standard "
            "treatment goals is not clinically appropriate)");
  EXPECT_EQ(f.codes.at("G8891").endsOn, domain::Date::parse("2014-12-31"));
  EXPECT_EQ(releaseYearFromFileName(domain::CodeSystem::kHcpcs, path.string()), 2019);
}

TEST(SharedCodeFiles, HcpcsJanuary2025) {
  const auto path = test::sharedCodeSet("hcpcs/HCPC2025_JAN_ANWEB_12172024.txt");
  MEDOFFICE_REQUIRE_SHARED(path);
  const auto f = readHcpcsFile(path);
  ASSERT_TRUE(f.result.ok()) << f.result.problem->describe();
  EXPECT_EQ(f.counts.procedures, 8'259u);
  EXPECT_EQ(f.counts.modifiers, 383u);
  std::size_t ended = 0;
  for (const auto& [code, r] : f.codes) ended += r.endsOn ? 1 : 0;
  EXPECT_EQ(ended, 1'165u);
  EXPECT_EQ(f.codes.at("J1030").endsOn, domain::Date::parse("2024-03-31"));
  EXPECT_EQ(f.codes.at("G0438").shortDescription, "Ppps, initial visit");
  EXPECT_EQ(releaseYearFromFileName(domain::CodeSystem::kHcpcs, path.string()), 2025);
}

}  // namespace
}  // namespace medoffice::codecs::codesets
