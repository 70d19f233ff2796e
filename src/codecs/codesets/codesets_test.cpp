// SPDX-License-Identifier: AGPL-3.0-or-later
// The code-set readers on small files written here: layouts, line endings, and every kind of bad
// input named by its line.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "codecs/codesets/cpt_csv.hpp"
#include "codecs/codesets/hcpcs.hpp"
#include "codecs/codesets/icd10cm.hpp"

namespace medoffice::codecs::codesets {
namespace {

using domain::CodeRecord;

std::string orderLine(int order, const char* code, char flag, const char* text,
                      const char* eol = "\r\n") {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%05d %-7s %c %-60.60s %s%s", order, code, flag, text, text, eol);
  return buf;
}

std::string smallOrderFile() {
  return orderLine(1, "A00", '0', "Cholera") +
         orderLine(2, "A000", '1', "Cholera due to Vibrio cholerae 01, biovar cholerae") +
         orderLine(3, "E11", '0', "Type 2 diabetes mellitus") +
         orderLine(4, "E119", '1', "Type 2 diabetes mellitus without complications");
}

struct Read {
  ReadResult result;
  std::vector<CodeRecord> codes;
};

template <class Reader>
Read run(const std::string& text, Reader reader) {
  std::istringstream in(text);
  Read out;
  out.result = reader(in, [&](CodeRecord&& r) { out.codes.push_back(std::move(r)); });
  return out;
}
Read icd(const std::string& text) {
  return run(text, [](std::istream& in, const CodeSink& s) { return readIcd10CmOrder(in, s); });
}
Read hcpcs(const std::string& text) {
  return run(text, [](std::istream& in, const CodeSink& s) { return readHcpcs(in, s); });
}
Read cpt(const std::string& text) {
  return run(text, [](std::istream& in, const CodeSink& s) { return readCptCsv(in, s); });
}

std::string problemOf(const Read& r) {
  return r.result.problem ? r.result.problem->describe() : "(none)";
}

/// `read` refused the file at `line` with a message holding `part`.
void expectProblem(const Read& read, std::size_t line, const std::string& part) {
  ASSERT_FALSE(read.result.ok()) << part;
  EXPECT_EQ(read.result.problem->line, line) << problemOf(read);
  EXPECT_NE(read.result.problem->message.find(part), std::string::npos) << problemOf(read);
}

// ---- ICD-10-CM order file ---------------------------------------------------------------------

TEST(Icd10CmOrder, ReadsCodesFlagsAndBothDescriptions) {
  auto r = icd(smallOrderFile());
  ASSERT_TRUE(r.result.ok()) << problemOf(r);
  EXPECT_EQ(r.result.records, 4u);
  EXPECT_EQ(r.result.lines, 4u);
  ASSERT_EQ(r.codes.size(), 4u);
  EXPECT_EQ(r.codes[0], (CodeRecord{"A00", false, "Cholera", "Cholera", {}}));
  EXPECT_EQ(r.codes[3].code, "E119");
  EXPECT_TRUE(r.codes[3].billable);
  EXPECT_EQ(r.codes[3].longDescription, "Type 2 diabetes mellitus without complications");
  // LF line ends read the same.
  auto lf = icd(orderLine(1, "I10", '1', "Essential (primary) hypertension", "\n"));
  ASSERT_TRUE(lf.result.ok()) << problemOf(lf);
  EXPECT_EQ(lf.codes.at(0).code, "I10");
}

TEST(Icd10CmOrder, ATruncatedFileIsRefusedAtItsLastLine) {
  std::string text = smallOrderFile();
  text.resize(text.size() - 20);  // cut inside the long description of line 4
  auto r = icd(text);
  ASSERT_FALSE(r.result.ok());
  EXPECT_EQ(r.result.problem->line, 4u);
  EXPECT_NE(r.result.problem->message.find("truncated"), std::string::npos) << problemOf(r);
  EXPECT_EQ(r.result.records, 3u) << "the lines before it were read";
}

TEST(Icd10CmOrder, BadLinesAreNamed) {
  expectProblem(icd(""), 0, "holds no ICD-10-CM codes");
  expectProblem(icd("code,description\r\n99213,Office visit\r\n"), 1, "five-digit order number");
  expectProblem(icd(orderLine(1, "A00", '0', "Cholera") + orderLine(3, "A000", '1', "Cholera x")),
                2, "expected 2 (a line is missing");
  expectProblem(icd(orderLine(1, "A00", '2', "Cholera")), 1, "must be 0 (header) or 1 (billable)");
  expectProblem(icd(orderLine(1, "A0.0", '1', "Cholera")), 1, "'A0.0' in columns 7-13 is not");
  expectProblem(icd(orderLine(1, "A00", '0', "Cholera") + orderLine(2, "A00", '0', "Cholera")), 2,
                "A00 is listed again (first on line 1)");
  expectProblem(icd("00001 A00     0 Cholera\r\n"), 1, "long description from column 78");
  std::string shifted = orderLine(1, "A00", '0', "Cholera");
  shifted.insert(6, " ");
  expectProblem(icd(shifted), 1, "column 16 must be blank");
  std::string latin1 = orderLine(1, "A00", '0', "Chol\xE9ra");
  expectProblem(icd(latin1), 1, "byte 0xE9 in column 21 is not ASCII");
  expectProblem(icd(orderLine(1, "A00", '0', "x") + std::string(70000, 'x') + "\r\n"), 2,
                "too long");
}

TEST(Icd10CmOrder, AnHcpcsFileIsTheWrongLayout) {
  auto r = icd("   A1001007Dressing for one wound" + std::string(287, ' ') + "\r\n");
  ASSERT_FALSE(r.result.ok());
  EXPECT_EQ(r.result.problem->describe().substr(0, 8), "line 1: ");
}

// ---- ICD-10-CM addenda ------------------------------------------------------------------------

std::string addendaLine(const char* action, char flag, const char* code, const char* text) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-13s%c %-7s %-60.60s %s\r\n", action, flag, code, text, text);
  return buf;
}

TEST(Icd10CmAddenda, SummarisesAddsDeletesFlagChangesAndRevisions) {
  const std::string text =
      addendaLine("Delete:", '1', "B880", "Other acariasis") +
      addendaLine("Add:", '0', "B880", "Other acariasis") +
      addendaLine("Add:", '1', "B8801", "Infestation by Demodex mites") +
      addendaLine("Delete:", '1', "S301XXA", "Contusion of abdominal wall, initial encounter") +
      addendaLine("Revise from:", '1', "L02212", "Cutaneous abscess of back") +
      addendaLine("Revise to:", '1', "L02212", "Cutaneous abscess of back and flank") +
      "\r\nHeaders\r\n  23324 headers in icd10cm_order_2025.txt\r\n";
  std::istringstream in(text);
  std::vector<AddendaEntry> entries;
  auto r = readIcd10CmAddenda(in, [&](AddendaEntry&& e) { entries.push_back(std::move(e)); });
  ASSERT_TRUE(r.ok()) << r.problem->describe();
  ASSERT_EQ(entries.size(), 6u);
  EXPECT_EQ(entries[3].line, 4u);
  EXPECT_EQ(entries[3].record.code, "S301XXA");
  const auto s = summarize(entries);
  EXPECT_EQ(s.added, std::vector<std::string>{"B8801"});
  EXPECT_EQ(s.deleted, std::vector<std::string>{"S301XXA"});
  EXPECT_EQ(s.becameHeader, std::vector<std::string>{"B880"});
  EXPECT_TRUE(s.becameBillable.empty());
  EXPECT_EQ(s.revised, std::vector<std::string>{"L02212"});
}

TEST(Icd10CmAddenda, AnUnknownActionIsNamed) {
  std::istringstream in(addendaLine("Change:", '1', "B880", "Other acariasis"));
  auto r = readIcd10CmAddenda(in, [](AddendaEntry&&) {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem->describe(),
            "line 1: 'Change:' in columns 1-13 is not an addenda action (Add:, Delete:, Revise "
            "from:, Revise to:)");
}

// ---- HCPCS ------------------------------------------------------------------------------------

/// A 320-byte record: code field, sequence, type, long text, short text, termination date.
std::string record(const char* code, int seq, char type, const char* longText,
                   const char* shortText = "", const char* ends = "") {
  std::string r(320, ' ');
  auto put = [&](std::size_t at, std::string_view v) { r.replace(at, v.size(), v); };
  put(0, code);
  char s[6];
  std::snprintf(s, sizeof s, "%05d", seq);
  put(5, s);
  r[10] = type;
  put(11, std::string_view(longText).substr(0, 80));
  if (type == '3' || type == '7') {
    put(91, shortText);
    put(284, ends);
  }
  return r;
}

TEST(Hcpcs, ReadsRecordsContinuationsModifiersAndThePreamble) {
  const std::string text =
      "***Disclaimers\t\t\t\r\n*In some instances\xA0 brand names\t\t\r\n\r\n" +
      record("   A1", 100, '7', "Dressing for one wound", "Dressing for one wound") + "\r\n" +
      record("G8891", 100, '3', "Documentation of medical reason(s) for most recent ldl-c",
             "Doc med reas", "20141231") +
      "\r\n" + record("G8891", 200, '4', "(e.g., patients with palliative goals)") + "\n" +
      record("J3420", 100, '3', "Injection, vitamin b-12 cyanocobalamin, up to 1000 mcg",
             "Vitamin b12 injection") +
      "\r\n\r\n";
  std::istringstream in(text);
  std::vector<CodeRecord> codes;
  HcpcsCounts counts;
  auto r = readHcpcs(
      in, [&](CodeRecord&& c) { codes.push_back(std::move(c)); }, &counts);
  ASSERT_TRUE(r.ok()) << r.problem->describe();
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_EQ(counts.modifiers, 1u);
  EXPECT_EQ(counts.procedures, 2u);
  EXPECT_EQ(codes[0].code, "A1");
  EXPECT_EQ(codes[1].code, "G8891");
  EXPECT_EQ(codes[1].longDescription,
            "Documentation of medical reason(s) for most recent ldl-c (e.g., patients with "
            "palliative goals)");
  EXPECT_EQ(codes[1].shortDescription, "Doc med reas");
  EXPECT_EQ(codes[1].endsOn, domain::Date::parse("2014-12-31"));
  EXPECT_FALSE(codes[2].endsOn.has_value());
}

TEST(Hcpcs, Latin1TextBecomesUtf8) {
  auto r = hcpcs(record("J3420", 100, '3', "Caf\xE9 injection", "x") + "\r\n");
  ASSERT_TRUE(r.result.ok()) << problemOf(r);
  EXPECT_EQ(r.codes.at(0).longDescription, "Caf\xC3\xA9 injection");
}

TEST(Hcpcs, BadRecordsAreNamed) {
  const std::string ok = record("J3420", 100, '3', "Injection", "x") + "\r\n";
  expectProblem(hcpcs(""), 0, "holds no HCPCS records");
  std::string notHcpcs;
  for (int i = 0; i < 25; ++i) notHcpcs += "00001 A00     0 Cholera\r\n";
  expectProblem(hcpcs(notHcpcs), 20, "no HCPCS record in the first 20 lines");
  expectProblem(hcpcs(ok + ok), 2, "J3420 is listed again (first on line 1)");
  expectProblem(hcpcs(ok + record("J3421", 100, '3', "x").substr(0, 200) + "\r\n"), 2,
                "200 bytes long; HCPCS records are 320 (truncated?)");
  expectProblem(hcpcs(ok + record("J3421", 100, '3', "x")), 2, "truncated");
  expectProblem(hcpcs(ok + record("J3421", 200, '4', "more") + "\r\n"), 2,
                "continuation of J3421 does not follow its first line");
  expectProblem(hcpcs(ok + record("J3420", 100, '4', "more") + "\r\n"), 2,
                "sequence number 00100 of J3420 does not follow 00100");
  expectProblem(hcpcs(ok + "garbage line\r\n"), 2, "not an HCPCS record");
  expectProblem(hcpcs(record("J3420", 100, '3', "x", "x", "20241399") + "\r\n"), 1,
                "termination date '20241399'");
  expectProblem(hcpcs(ok + record("J3421", 100, '3', "x") + "xx\r\n"), 2, "322 bytes long");
}

// ---- CPT CSV ----------------------------------------------------------------------------------

TEST(CptCsv, ReadsQuotedFieldsAndSkipsTheHeader) {
  auto r =
      cpt("\xEF\xBB\xBF"
          "code,description\r\n"
          "99213,\"Office visit, established patient (our test text)\"\r\n"
          "\r\n"
          "0001u,\"Say \"\"hello\"\"\"\n"
          "3074F,\"Two\nlines\"\n");
  ASSERT_TRUE(r.result.ok()) << problemOf(r);
  ASSERT_EQ(r.codes.size(), 3u);
  EXPECT_EQ(r.codes[0], (CodeRecord{"99213",
                                    true,
                                    "",
                                    "Office visit, established patient (our "
                                    "test text)",
                                    {}}));
  EXPECT_EQ(r.codes[1].code, "0001U");
  EXPECT_EQ(r.codes[1].longDescription, "Say \"hello\"");
  EXPECT_EQ(r.codes[2].longDescription, "Two lines");
}

TEST(CptCsv, BadRowsAreNamedByTheirFirstLine) {
  expectProblem(cpt(""), 0, "holds no CPT codes");
  expectProblem(cpt("99213,Visit\n9921,Short\n"), 2, "'9921' is not a CPT code");
  expectProblem(cpt("99213,Visit,extra\n"), 1, "expected 2 fields");
  expectProblem(cpt("99213,\n"), 1, "description of 99213 is empty");
  expectProblem(cpt("99213,Visit\n99213,Again\n"), 2, "99213 is listed again (first on line 1)");
  expectProblem(cpt("99213,\"open\nstill open\n"), 1, "not closed at the end of file");
  expectProblem(cpt("99213,\"closed\" trailing\n"), 1, "text after the closing quote");
  expectProblem(cpt("99213,Vis\xE9t\n"), 1, "not UTF-8");
  expectProblem(cpt("99213,ab\"c\n"), 1, "a quote inside a field");
}

// ---- file names -------------------------------------------------------------------------------

TEST(CodeFileNames, CarryTheReleaseYear) {
  using domain::CodeSystem;
  EXPECT_EQ(releaseYearFromFileName(CodeSystem::kIcd10Cm, "/x/icd10cm_order_2026.txt"), 2026);
  EXPECT_EQ(releaseYearFromFileName(CodeSystem::kIcd10Cm, "icd10cm-order-2025.txt"), 2025);
  EXPECT_EQ(releaseYearFromFileName(CodeSystem::kIcd10Cm, "icd10cm_order_addenda_2026.txt"), 2026);
  EXPECT_EQ(releaseYearFromFileName(CodeSystem::kHcpcs, "HCPC2025_JAN_ANWEB_12172024.txt"), 2025);
  EXPECT_EQ(releaseYearFromFileName(CodeSystem::kHcpcs, "/data/HCPC2019_CONTR_ANWEB.txt"), 2019);
  EXPECT_FALSE(releaseYearFromFileName(CodeSystem::kIcd10Cm, "codes.txt").has_value());
  EXPECT_FALSE(releaseYearFromFileName(CodeSystem::kIcd10Cm, "icd10cm_order.txt").has_value());
  EXPECT_FALSE(releaseYearFromFileName(CodeSystem::kHcpcs, "icd10cm_order_2026.txt").has_value());
  EXPECT_FALSE(releaseYearFromFileName(CodeSystem::kIcd10Cm, "2026/icd10cm.txt").has_value());
}

}  // namespace
}  // namespace medoffice::codecs::codesets
