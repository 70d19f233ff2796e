// SPDX-License-Identifier: AGPL-3.0-or-later
// Every X12 sample in ../shared/fixtures/x12 (read in place, never copied into the repository):
// the 5010 ones pass, or are refused for exactly the defect ../shared/X12-NOTES.md §1.6 lists;
// the legacy-4010 ones are refused naming the version.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "codecs/x12/envelope.hpp"

namespace medoffice::codecs::x12 {
namespace {

namespace fs = std::filesystem;

/// MEDOFFICE_SHARED, else ../shared beside the repository (found from this file's path).
fs::path sharedDir() {
  if (const char* env = std::getenv("MEDOFFICE_SHARED"); env != nullptr && *env != '\0') {
    return env;
  }
  return fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path().parent_path() /
         "shared";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// What one sample must give.
struct Expect {
  std::string summary;  ///< the summary line when valid; empty when refused
  std::string segment;  ///< the first problem's segment id
  int element = 0;      ///< and element
  std::string message;  ///< a part of its message
  /// Every problem is the listed defect: a wrong component separator shows in each message.
  bool separatorOnly = false;
};

Expect ok(std::string summary) {
  return {std::move(summary)};
}
Expect separator(std::string segment, int element, std::string message) {
  return {"", std::move(segment), element, std::move(message), true};
}

constexpr const char* k837P = "837P 005010X222A2: 1 interchange, 1 group, 1 transaction, 1 claim";
constexpr const char* kGs4010 = "is X12 4010; MedOffice reads only X12 5010";
const char* const kClmSep =
    "CLM05 composite malformed: CLM05-1 '";  // then "...' is not a 2-digit ... contains '>'"

const std::map<std::string, Expect>& expectations() {
  static const std::map<std::string, Expect> kAll = {
      {"270/dependent-health-benefit-check.270",
       ok("270 005010X279A1: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"270/subscriber-health-benefit-check.270",
       ok("270 005010X279A1: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"271/dependent-health-benefit-check.271",
       ok("271 005010X279A1: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"271/subscriber-health-benefit-check.271",
       ok("271 005010X279A1: 1 interchange, 1 group, 1 transaction, 0 claims")},
      // §1.6: ST*271*4321 closed by SE*8*4323.
      {"271/subscriber-health-benefit-check-error.271",
       {"", "SE", 2, "SE02 '4323' does not match ST02 '4321'"}},
      {"276/claim-level-status-ncpdp.276",
       ok("276 005010X212: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"276/claim-level-status.276",
       ok("276 005010X212: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"276/information-receiver-level-status.276",
       ok("276 005010X212: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"276/provider-level-status.276",
       ok("276 005010X212: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"277/claim-level-status-ncpdp.277",
       ok("277 005010X212: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"277/claim-level-status.277",
       ok("277 005010X212: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"277/information-receiver-level-status.277",
       ok("277 005010X212: 1 interchange, 1 group, 1 transaction, 0 claims")},
      {"277/provider-level-status.277",
       ok("277 005010X212: 1 interchange, 1 group, 1 transaction, 0 claims")},
      // §1.6: bodies use '>' while ISA16 is ':'.
      {"835/cob-contractural-adjustment.835",
       separator("SVC", 1, "SVC01 composite malformed: SVC01-1 'HC>55669'")},
      {"835/secondary-payment.835",
       separator("SVC", 1, "SVC01 composite malformed: SVC01-1 'HC>12345>26'")},
      // §1.6: SVC*HC*24599.00*... splits the procedure composite with '*'.
      {"835/tertiary-payment.835",
       {"", "SVC", 1, "SVC01 composite malformed: SVC01-2 (the procedure code) is missing"}},
      {"835/managed-care.835",
       ok("835 005010X221A1: 1 interchange, 1 group, 1 transaction, 2 claims")},
      {"835/medicare-part-a.835",
       ok("835 005010X221A1: 1 interchange, 1 group, 1 transaction, 2 claims")},
      {"837i/institutional-claim.837i",
       ok("837I 005010X223A3: 1 interchange, 1 group, 1 transaction, 1 claim")},
      {"837i/two-claims-single-provider.837i",
       ok("837I 005010X223A3: 1 interchange, 1 group, 1 transaction, 2 claims")},
      {"837i/out-of-network-repriced-claim.837i", separator("CLM", 5, kClmSep)},
      {"837i/ppo-repriced-claim.837i", separator("CLM", 5, kClmSep)},
      {"837p/demo.ambulance.example5.837", ok(k837P)},
      {"837p/demo.autoaccident.837", ok(k837P)},
      {"837p/demo.cob.2ndary.example4.837", separator("CLM", 5, kClmSep)},
      {"837p/demo.cob.example3.A.837", ok(k837P)},
      // §1.6: N4*MIAMI*FL*3111, a 4-digit ZIP.
      {"837p/demo.cob.example3.B.837", {"", "N4", 3, "N403 '3111' is not a ZIP code"}},
      {"837p/demo.cob.example3.C.837", ok(k837P)},
      {"837p/demo.cob.example4.837", ok(k837P)},
      {"837p/demo.drug.example10.1.837", ok(k837P)},
      {"837p/demo.drug.example10.2.837", ok(k837P)},
      {"837p/demo.drug.example10.3.837", ok(k837P)},
      {"837p/demo.example1.837", ok(k837P)},
      {"837p/demo.example2.837", ok(k837P)},
      {"837p/demo.example6.837", separator("CLM", 5, kClmSep)},
      {"837p/demo.example7.837", ok(k837P)},
      {"837p/demo.example8.837", ok(k837P)},
      // §1.6: '>' as the component separator, and the SV107 pointer 1.00 (checked below).
      {"837p/demo.example9.837", separator("CLM", 5, kClmSep)},
      {"837p/demo.example11.837", separator("CLM", 5, kClmSep)},
      {"837p/demo.example12.837", separator("CLM", 5, kClmSep)},
  };
  return kAll;
}

class X12Fixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = sharedDir() / "fixtures" / "x12";
    if (!fs::is_directory(dir_)) {
      GTEST_SKIP() << "X12 fixtures not found at " << dir_.string()
                   << " (set MEDOFFICE_SHARED to the shared/ folder to run these tests)";
    }
  }
  fs::path dir_;
};

TEST_F(X12Fixtures, Every5010SamplePassesOrIsRefusedForItsListedDefect) {
  std::size_t seen = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = fs::relative(entry.path(), dir_).generic_string();
    if (rel.rfind("legacy-4010/", 0) == 0) continue;
    SCOPED_TRACE(rel);
    const auto it = expectations().find(rel);
    ASSERT_NE(it, expectations().end()) << "a new sample needs its expectation here";
    ++seen;
    const Expect& want = it->second;
    const std::string text = slurp(entry.path());
    // The same answer from the buffer and from a stream.
    const CheckReport r = check(std::string_view(text));
    std::istringstream in(text);
    const CheckReport streamed = check(pullFrom(in));
    ASSERT_EQ(streamed.problems.size(), r.problems.size());
    EXPECT_EQ(streamed.summary.describe(), r.summary.describe());
    std::string all;
    for (const auto& p : r.problems) all += p.describe() + "\n";
    if (!want.summary.empty()) {
      EXPECT_TRUE(r.ok()) << all;
      EXPECT_EQ(r.summary.describe(), want.summary);
      continue;
    }
    ASSERT_FALSE(r.ok());
    const Problem& first = r.problems.front();
    EXPECT_EQ(first.segmentId, want.segment) << all;
    EXPECT_EQ(first.element, want.element) << all;
    EXPECT_NE(first.message.find(want.message), std::string::npos) << all;
    for (const auto& p : r.problems) {
      const bool isSeparator =
          p.message.find("contains '>', but ISA16 declares ':'") != std::string::npos;
      const bool isPointer = rel == "837p/demo.example9.837" &&
                             p.message.find("SV107-1 diagnosis pointer '1.00'") == 0;
      if (want.separatorOnly) {
        EXPECT_TRUE(isSeparator || isPointer) << "a problem the notes do not list: " << all;
      } else {
        EXPECT_EQ(r.problems.size(), 1U) << "a problem the notes do not list: " << all;
      }
    }
    if (rel == "837p/demo.example9.837") {
      EXPECT_NE(all.find("SV107-1 diagnosis pointer '1.00' is not a whole number from 1 to 12"),
                std::string::npos)
          << all;
    }
  }
  EXPECT_EQ(seen, expectations().size()) << "an expected sample is missing from " << dir_;
}

TEST_F(X12Fixtures, Legacy4010SamplesAreRefusedNamingTheVersion) {
  std::size_t seen = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "legacy-4010")) {
    SCOPED_TRACE(entry.path().filename().string());
    ++seen;
    const CheckReport r = check(slurp(entry.path()));
    ASSERT_EQ(r.problems.size(), 1U);
    const Problem& p = r.problems.front();
    EXPECT_EQ(p.kind, ProblemKind::kVersion);
    EXPECT_EQ(p.segmentId, "GS");
    EXPECT_EQ(p.element, 8);
    EXPECT_NE(p.message.find(kGs4010), std::string::npos) << p.message;
    EXPECT_TRUE(p.message.find("'004010X098A1'") != std::string::npos ||
                p.message.find("'004010X096A1'") != std::string::npos)
        << p.message;
  }
  EXPECT_EQ(seen, 11U);
}

}  // namespace
}  // namespace medoffice::codecs::x12
