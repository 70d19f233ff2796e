// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/claim.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/claims/sample_claims.hpp"

namespace medoffice::domain::claims {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> paths(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

std::string messageFor(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors) {
    if (e.field == field) return e.message;
  }
  return "(no error for " + field + ")";
}

TEST(Claim, SampleIsValidAndTotalsItsLines) {
  const Claim c = samples::claim();
  EXPECT_THAT(validate(c), IsEmpty());
  EXPECT_EQ(c.totalCharge().cents(), 13750);
  Claim d = c;
  d.lines[1].charge = Money::fromCents(5);
  EXPECT_EQ(d.totalCharge().cents(), 12505);
}

TEST(Claim, NamesEveryMissingIdentifierByPath) {
  Claim c = samples::claim();
  c.submitter.id = "";
  c.submitter.contact.phone = "";
  c.submitter.contact.email = " ";
  c.receiver.id = "";
  c.billingProvider.npi = "";
  c.billingProvider.taxId = "";
  c.billingProvider.address.postalCode = "";
  c.subscriber.memberId = "  ";
  c.subscriber.claimFilingIndicator = "";
  c.payer.payerId = "";
  c.patientControlNumber = "";
  c.placeOfService = "";
  EXPECT_THAT(
      paths(validate(c)),
      ElementsAre("submitter.id", "submitter.contact", "receiver.id", "billing_provider.npi",
                  "billing_provider.tax_id", "billing_provider.address.postal_code",
                  "subscriber.member_id", "subscriber.claim_filing_indicator", "payer.payer_id",
                  "patient_control_number", "place_of_service"));
}

TEST(Claim, LinesAndDiagnosesAreCountedAndPointersChecked) {
  Claim c = samples::claim();
  c.lines.clear();
  EXPECT_THAT(paths(validate(c)), ElementsAre("lines"));

  c = samples::claim();
  while (c.lines.size() < kMaxLines) {
    c.lines.push_back(samples::line("L" + std::to_string(c.lines.size()), "99213", 100, {1}));
  }
  EXPECT_THAT(validate(c), IsEmpty());
  c.lines.push_back(samples::line("L51", "99213", 100, {1}));
  EXPECT_EQ(messageFor(validate(c), "lines"), "has more than 50 entries");

  c = samples::claim();
  c.lines[1].diagnosisPointers = {3};
  c.lines[0].diagnosisPointers = {1, 0};
  const auto errors = validate(c);
  EXPECT_THAT(paths(errors),
              ElementsAre("lines[0].diagnosis_pointers[1]", "lines[1].diagnosis_pointers[0]"));
  EXPECT_EQ(messageFor(errors, "lines[1].diagnosis_pointers[0]"),
            "is 3, outside the claim's 2 diagnoses (1-based)");

  c = samples::claim();
  c.lines[0].diagnosisPointers = {1, 2, 1, 2, 1};
  c.lines[1].diagnosisPointers = {};
  EXPECT_THAT(paths(validate(c)),
              ElementsAre("lines[0].diagnosis_pointers", "lines[1].diagnosis_pointers"));

  c = samples::claim();
  c.diagnoses.assign(13, "R05");
  EXPECT_THAT(paths(validate(c)), ElementsAre("diagnoses"));
  c.diagnoses.assign(12, "R05");
  c.diagnoses[11] = "";
  EXPECT_THAT(paths(validate(c)), ElementsAre("diagnoses[11]"));
  c.diagnoses.clear();
  EXPECT_THAT(paths(validate(c)),
              ElementsAre("diagnoses", "lines[0].diagnosis_pointers[0]",
                          "lines[0].diagnosis_pointers[1]", "lines[1].diagnosis_pointers[0]"));
}

TEST(Claim, LineControlNumbersAreUniqueAndShortAndChargesBounded) {
  Claim c = samples::claim();
  c.lines[1].controlNumber = c.lines[0].controlNumber;
  EXPECT_EQ(messageFor(validate(c), "lines[1].control_number"),
            "is the same as lines[0].control_number");
  c.lines[1].controlNumber = std::string(51, 'A');
  EXPECT_EQ(messageFor(validate(c), "lines[1].control_number"), "is longer than 50 characters");
  c.lines[1].controlNumber = std::string(50, 'A');
  EXPECT_THAT(validate(c), IsEmpty());

  c.patientControlNumber = std::string(21, '9');
  EXPECT_THAT(paths(validate(c)), ElementsAre("patient_control_number"));
  c.patientControlNumber = std::string(20, '9');
  c.lines[0].charge = Money::fromCents(-1);
  c.lines[1].charge = Money::fromCents(kMaxLineChargeCents + 1);
  c.lines[1].units = 0;
  EXPECT_THAT(paths(validate(c)),
              ElementsAre("lines[0].charge_cents", "lines[1].charge_cents", "lines[1].units"));
  c.lines[0].charge = Money::fromCents(0);  // zero charges are the scrubber's business
  c.lines[1].charge = Money::fromCents(kMaxLineChargeCents);
  c.lines[1].units = 1;
  EXPECT_THAT(validate(c), IsEmpty());
}

TEST(Claim, FrequencyAndPayerClaimNumberGoTogether) {
  Claim c = samples::claim();
  c.frequency = ClaimFrequency::kReplacement;
  EXPECT_THAT(paths(validate(c)), ElementsAre("original_claim_number"));
  c.originalClaimNumber = "2026100200123";
  EXPECT_THAT(validate(c), IsEmpty());
  c.frequency = ClaimFrequency::kVoid;
  EXPECT_THAT(validate(c), IsEmpty());
  c.frequency = ClaimFrequency::kOriginal;
  EXPECT_THAT(paths(validate(c)), ElementsAre("original_claim_number"));
  EXPECT_EQ(code(ClaimFrequency::kOriginal), '1');
  EXPECT_EQ(code(ClaimFrequency::kReplacement), '7');
  EXPECT_EQ(code(ClaimFrequency::kVoid), '8');
}

TEST(Claim, PatientLoopOnlyForSomeoneElse) {
  Claim c = samples::claim();
  c.subscriber.birthDate.reset();
  c.subscriber.address = {};
  EXPECT_THAT(paths(validate(c)), ElementsAre("subscriber.birth_date", "subscriber.address.line1",
                                              "subscriber.address.city", "subscriber.address.state",
                                              "subscriber.address.postal_code"));
  c.patient = samples::dependent();
  EXPECT_THAT(validate(c), IsEmpty()) << "a dependent's claim needs no subscriber DMG or address";
  c.patient->relationship = "18";
  c.patient->name.last = "";
  EXPECT_THAT(paths(validate(c)), ElementsAre("patient.relationship", "patient.name.last"));
}

TEST(Claim, ProvidersNeedNpiAndName) {
  Claim c = samples::claim();
  c.renderingProvider = samples::renderingProvider();
  c.referringProvider = ProviderRef{PartyName::organization("A Clinic"), "", ""};
  c.lines[0].renderingProvider = ProviderRef{PartyName::person("", "X"), "1234567893", ""};
  EXPECT_THAT(paths(validate(c)),
              ElementsAre("referring_provider.name.type", "referring_provider.npi",
                          "lines[0].rendering_provider.name.last"));
}

TEST(Claim, SecondaryClaimDataIsChecked) {
  Claim c = samples::claim();
  c.subscriber.responsibility = PayerResponsibility::kSecondary;
  OtherPayer o;
  o.responsibility = PayerResponsibility::kPrimary;
  o.claimFilingIndicator = "CI";
  o.subscriberName = PartyName::person("Smith", "Jane");
  o.subscriberMemberId = "JS00111223333";
  o.payerName = "Key Insurance Company";
  o.payerId = "999996666";
  o.adjustments = {{"PR", "1", Money::fromCents(2189), 0}, {"PR", "2", Money::fromCents(1500), 0}};
  o.paidAmount = Money::fromCents(3915);
  c.otherPayers.push_back(o);
  LineAdjudication a;
  a.otherPayerId = "999996666";
  a.paidAmount = Money::fromCents(12000);
  a.adjustments = {{"CO", "42", Money::fromCents(500), 0}};
  a.adjudicationDate = *Date::fromYmd(2026, 10, 20);
  c.lines[0].adjudications.push_back(a);
  EXPECT_THAT(validate(c), IsEmpty());

  c.lines[0].adjudications[0].otherPayerId = "555";
  c.lines[0].adjudications[0].adjustments[0].groupCode = "XX";
  c.otherPayers[0].adjustments.assign(7, {"PR", "1", Money::fromCents(1), 0});
  c.otherPayers.push_back(o);
  const auto errors = validate(c);
  EXPECT_THAT(paths(errors), ElementsAre("other_payers[0].adjustments", "other_payers[1].payer_id",
                                         "lines[0].adjudications[0].other_payer_id",
                                         "lines[0].adjudications[0].adjustments[0].group_code"));
  EXPECT_EQ(messageFor(errors, "other_payers[0].adjustments"),
            "has more than 6 adjustments in group PR (one CAS segment holds six)");
}

TEST(Claim, IsValidNpiChecksTheLuhnDigitOverThe80840Prefix) {
  for (const char* npi : {"1245319599", "1234567893", "1999996667", "1112223338"}) {
    EXPECT_TRUE(isValidNpi(npi)) << npi;
  }
  // Every single-digit error is caught.
  const std::string good = "1245319599";
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == good[i]) continue;
      std::string bad = good;
      bad[i] = d;
      EXPECT_FALSE(isValidNpi(bad)) << bad;
    }
  }
  EXPECT_FALSE(isValidNpi("1245319959"));  // two neighbours swapped
  EXPECT_FALSE(isValidNpi("124531959"));
  EXPECT_FALSE(isValidNpi("12453195990"));
  EXPECT_FALSE(isValidNpi("124531959X"));
  EXPECT_FALSE(isValidNpi(" 245319599"));
  EXPECT_FALSE(isValidNpi(""));
  EXPECT_FALSE(isValidNpi("3245319599"));  // neither 1 (person) nor 2 (organisation)
}

}  // namespace
}  // namespace medoffice::domain::claims
