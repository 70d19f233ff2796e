// SPDX-License-Identifier: AGPL-3.0-or-later
// The 835 samples in ../shared/fixtures/x12/835 (read in place, never copied into the
// repository), and random damage to real 835s.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "codecs/x12/envelope.hpp"
#include "codecs/x12/era_835.hpp"
#include "codecs/x12/era_835_test_support.hpp"

namespace medoffice::codecs::x12 {
namespace {

using namespace era835_test;

struct Defect {
  std::string field;    ///< "segment 4 BPR16"
  std::string message;  ///< a part of the refusal
  std::function<void(std::string&)> repair;
};

/// Not in X12-NOTES §1.6: BPR16 (the payment date, required) is missing, the date standing in
/// BPR15. The repair moves it to BPR16.
Defect bprDateInBpr15() {
  return {"segment 4 BPR16", "BPR16 (the payment date) is missing", [](std::string& text) {
            const std::size_t bpr = text.find("\nBPR*");
            const std::size_t date = text.rfind('*', text.find('~', bpr));
            text.insert(date, "*");
          }};
}

/// X12-NOTES §1.6: the bodies use '>' while ISA16 declares ':'. The repair declares '>'.
Defect componentSeparator(const std::string& segment, const std::string& value) {
  return {"segment " + segment + " SVC01-1",
          "SVC01 composite malformed: SVC01-1 '" + value +
              "' is not a 2-character product or service id qualifier; it contains '>', but "
              "ISA16 declares ':'",
          [](std::string& text) { text[104] = '>'; }};
}

/// Each 835 sample, with its defects in the order the reader meets them.
std::vector<std::pair<std::string, std::vector<Defect>>> samples() {
  return {
      {"medicare-part-a.835", {}},
      // Not in §1.6: BPR16 is 20002316, month 23.
      {"managed-care.835",
       {{"segment 4 BPR16", "BPR16 '20002316' (the payment date) is not a CCYYMMDD date",
         [](std::string& text) { text.replace(text.find("*20002316~"), 10, "*20020316~"); }}}},
      {"cob-contractural-adjustment.835", {bprDateInBpr15(), componentSeparator("21", "HC>55669")}},
      {"secondary-payment.835", {bprDateInBpr15(), componentSeparator("29", "HC>12345>26")}},
      // §1.6: SVC*HC*24599.00*... splits the procedure composite with '*'; read literally,
      // SVC02 would be 24599.00 and the line would not balance.
      {"tertiary-payment.835",
       {bprDateInBpr15(),
        {"segment 20 SVC01-2",
         "SVC01 composite malformed: SVC01-2 (the procedure code) is missing after the "
         "qualifier 'HC'",
         [](std::string& text) {
           text.replace(text.find("SVC*HC*24599.00*"), 16, "SVC*HC:24599*");
         }}}},
  };
}

class Era835Fixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = sharedDir() / "fixtures" / "x12" / "835";
    if (!fs::is_directory(dir_)) {
      GTEST_SKIP() << "835 fixtures not found at " << dir_.string()
                   << " (set MEDOFFICE_SHARED to the shared/ folder to run these tests)";
    }
  }
  std::string read(const std::string& name) { return slurp(dir_ / name); }
  /// The sample with every defect repaired.
  Remittance repaired(const std::string& name) {
    std::string text = read(name);
    for (const auto& [file, defects] : samples()) {
      if (file != name) continue;
      for (const auto& d : defects) d.repair(text);
    }
    return readOne(text);
  }
  fs::path dir_;
};

TEST_F(Era835Fixtures, EverySampleParsesOrIsRefusedForEachOfItsDefects) {
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) files += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, samples().size()) << "a new 835 sample needs its expectation here";
  for (const auto& [file, defects] : samples()) {
    SCOPED_TRACE(file);
    std::string text = read(file);
    for (const auto& d : defects) {
      const auto r = parse835(text);
      ASSERT_FALSE(r.ok()) << "expected: " << d.message;
      EXPECT_EQ(r.error().fields.at(0).field, d.field) << r.error().fields[0].message;
      EXPECT_NE(r.error().fields[0].message.find(d.message), std::string::npos)
          << r.error().fields[0].message;
      d.repair(text);
    }
    // With its defects repaired, each sample reads and balances at all three levels.
    const auto r = parse835(text);
    ASSERT_TRUE(r.ok()) << r.error().fields.at(0).message;
    ASSERT_EQ(r->size(), 1u);
    const auto problems = checkBalance(r->front());
    EXPECT_TRUE(problems.empty()) << problems.front().message;
  }
}

TEST_F(Era835Fixtures, ManagedCareBalancesWithClaimLevelAdjustments) {
  const Remittance r = repaired("managed-care.835");
  EXPECT_EQ(r.envelope.transactionControl, "112233");
  EXPECT_EQ(r.payment.handling.code, "I");
  EXPECT_EQ(r.payment.amountCents, 94500);
  EXPECT_EQ(r.payment.date, ymd(2002, 3, 16));
  EXPECT_EQ(r.trace.number, "7170066655");
  EXPECT_EQ(r.payer.name, "RUSHMORE LIFE");
  EXPECT_EQ(r.payee.npi(), "5544667733");
  EXPECT_EQ(r.payee.taxId(), "777667755");
  ASSERT_EQ(r.claims.size(), 2u);
  EXPECT_EQ(r.claims[0].patientControlNumber, "5554555444");
  EXPECT_EQ(r.claims[0].adjustments.at(0).reason.code, "A2");
  EXPECT_EQ(r.claims[0].lines.at(0).serviceFrom, ymd(2002, 3, 1));
  EXPECT_EQ(r.claims[0].lines.at(0).serviceTo, ymd(2002, 3, 4));
  EXPECT_EQ(r.claims[1].lines.at(0).adjustments.size(), 2u);
  // 800.00 - 50.00 (claim CAS) - 300.00 (line CAS) = 450.00 while SVC03 is 500.00.
  EXPECT_EQ(r.claims[0].paidCents, 45000);
  EXPECT_EQ(r.claims[0].lines[0].paidCents, 50000);
  EXPECT_EQ(r.claims[0].patientResponsibilityCents, 30000);
  EXPECT_TRUE(checkBalance(r).empty());
}

TEST_F(Era835Fixtures, MedicarePartAReadsInstitutionalSegmentsAndPlb) {
  const Remittance r = readOne(read("medicare-part-a.835"));
  EXPECT_EQ(r.payment.amountCents, 15000000);
  EXPECT_EQ(r.payment.date, ymd(2002, 9, 13));
  EXPECT_EQ(r.payer.payerId(), "999");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0].number, "110212");
  EXPECT_EQ(r.headers[0].providerId, "6543210903");
  EXPECT_EQ(r.headers[0].facilityCode, "11");
  EXPECT_EQ(r.headers[0].fiscalPeriodEnd, ymd(2002, 12, 31));
  EXPECT_EQ(r.headers[0].claimCount, 1000);
  EXPECT_EQ(r.headers[0].totalChargeCents, 21136697);
  ASSERT_EQ(r.claims.size(), 2u);
  const Claim835& a = r.claims[0];
  EXPECT_EQ(a.header, 0u);
  EXPECT_EQ(a.filingIndicator, "MA");
  EXPECT_EQ(a.facilityCode, "11");
  EXPECT_FALSE(a.patientResponsibilityCents.has_value());
  ASSERT_TRUE(a.inpatient.has_value());
  EXPECT_EQ(a.inpatient->coveredDays, 0);
  EXPECT_EQ(a.inpatient->drgAmountCents, 13801840);
  EXPECT_EQ(a.quantities.at(0), (Value835{"CA", 8000}));
  EXPECT_EQ(a.patient.idQualifier, "HN");
  const Claim835& b = r.claims[1];
  EXPECT_EQ(b.header, 1u);
  ASSERT_TRUE(b.outpatient.has_value());
  EXPECT_EQ(b.outpatient->remarks, (std::vector<std::string>{"MA02"}));
  ASSERT_EQ(r.providerAdjustments.size(), 1u);
  EXPECT_EQ(r.providerAdjustments[0].reason.code, "CV");
  EXPECT_EQ(r.providerAdjustments[0].reason.meaning, "capital pass-through");
  EXPECT_EQ(r.providerAdjustments[0].reference, "CP");
  EXPECT_EQ(r.providerAdjustments[0].amountCents, -127);
  // 138018.40 + 11980.33 - (-1.27) = 150000.00.
  EXPECT_TRUE(checkBalance(r).empty());
}

TEST_F(Era835Fixtures, RepairedCobSamplesCarryNegativeAndPriorPayerAdjustments) {
  const Remittance cob = repaired("cob-contractural-adjustment.835");
  EXPECT_EQ(cob.payment.date, ymd(2005, 3, 18));
  ASSERT_EQ(cob.claims.size(), 1u);
  EXPECT_EQ(cob.claims[0].status.meaning, "processed as secondary");
  const ServiceLine835& line = cob.claims[0].lines.at(0);
  EXPECT_EQ(line.procedure.display(), "HC:55669");
  ASSERT_EQ(line.adjustments.size(), 2u);
  EXPECT_EQ(line.adjustments[0].reason.meaning,
            "the effect of a prior payer's adjudication (payments and adjustments)");
  EXPECT_EQ(line.adjustments[0].amountCents, 51600);
  EXPECT_EQ(line.adjustments[1].amountCents, -900);  // CAS*OA*94*-9.00 raises the payment
  EXPECT_EQ(line.allowedCents(), 55000);

  const Remittance secondary = repaired("secondary-payment.835");
  ASSERT_EQ(secondary.claims.size(), 2u);
  EXPECT_EQ(secondary.claims[0].amount("AU"), 91200);
  EXPECT_TRUE(secondary.claims[0].lines.empty());
  EXPECT_EQ(secondary.claims[1].lines.at(1).procedure.display(), "HC:66543:26");
  EXPECT_EQ(secondary.claims[1].lines.at(1).revenueCode, "220");
  EXPECT_EQ(secondary.claims[1].lines.at(1).adjustments.size(), 3u);
  EXPECT_EQ(secondary.claims[1].lines.at(1).references.at(0), (Reference835{"1B", "43285"}));

  const Remittance t = repaired("tertiary-payment.835");
  EXPECT_EQ(t.claims.at(0).status.meaning, "processed as tertiary");
  EXPECT_EQ(t.claims.at(0).lines.at(0).chargeCents, 176650);
  EXPECT_EQ(t.claims.at(0).lines.at(0).paidCents, 18750);
}

TEST(Era835Reader, RandomTruncationsAndByteFlipsNeverCrash) {
  std::vector<std::string> seeds = {slurp(golden("balanced_two_claims_plb.835")),
                                    slurp(golden("reversal_and_correction.835")),
                                    slurp(golden("unbalanced_transaction.835"))};
  const fs::path fixtures = sharedDir() / "fixtures" / "x12" / "835";
  if (fs::is_directory(fixtures)) {
    for (const auto& e : fs::directory_iterator(fixtures)) seeds.push_back(slurp(e.path()));
  }
  std::mt19937 rng(835);
  static constexpr char kBytes[] = "*:~^>\n0123456789-.ACLPSVXZ\r\x00\xff";
  std::size_t accepted = 0;
  std::size_t refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = seeds[rng() % seeds.size()];
    switch (rng() % 3) {
      case 0:
        text.resize(rng() % (text.size() + 1));
        break;
      case 1:
        for (int k = 1 + static_cast<int>(rng() % 4); k > 0; --k) {
          text[rng() % text.size()] = kBytes[rng() % (sizeof(kBytes) - 1)];
        }
        break;
      default: {
        const std::size_t at = rng() % text.size();
        text.erase(at, rng() % 40);
        break;
      }
    }
    Era835Reader reader(text);
    std::size_t n = 0;
    while (const Remittance* r = reader.next()) {
      ++n;
      ASSERT_LT(n, 100u);
      for (const auto& p : checkBalance(*r)) ASSERT_FALSE(p.message.empty());
      Era835Tally tally;
      tally.add(*r);
      ASSERT_FALSE(tally.describe().empty());
    }
    if (reader.problem()) {
      ++refused;
      ASSERT_FALSE(reader.problem()->message.empty());
      ASSERT_FALSE(toError(*reader.problem()).fields.empty());
    } else {
      ++accepted;
      ASSERT_TRUE(check(text).ok()) << "the reader accepted what x12 check refuses";
    }
  }
  EXPECT_GT(accepted, 0u);
  EXPECT_GT(refused, 1000u);
}

}  // namespace
}  // namespace medoffice::codecs::x12
