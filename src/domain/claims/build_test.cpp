// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/build.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/claims/default_rules.hpp"
#include "domain/claims/scrub_support_for_test.hpp"
#include "domain/claims/scrubber.hpp"

namespace medoffice::domain::claims {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Date day(int y, int m, int d) {
  return Date::fromYmd(y, m, d).value();
}

std::vector<std::string> paths(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

/// A small practice with one office, two doctors, a patient, her son and their commercial plan:
/// every record complete, as the repositories would return them.
struct World {
  Organization practice;
  Location office;
  Provider kildare;
  Provider casey;
  domain::Patient jane;
  domain::Patient ted;
  domain::Payer payer;
  Coverage janeCoverage;  // Jane's own policy (self)
  Coverage tedCoverage;   // the same policy, Ted as her child
  Encounter visit;        // Jane, 2026-10-02, two lines

  World() {
    practice.id = OrganizationId(1);
    practice.legalName = "Lakeside Family Practice";
    practice.npi = "1245319599";
    practice.tin = "123456789";
    practice.taxonomy = "207Q00000X";
    practice.phone = "+13125550100";
    practice.billingAddress = {"100 Lake Shore Dr", "Suite 200", "Chicago", "IL", "60611-1234"};

    office.id = LocationId(2);
    office.organizationId = practice.id;
    office.name = "Lakeside Main Office";
    office.address = {"100 LAKE SHORE DR", "SUITE  200", "Chicago", "IL", "60611"};
    office.placeOfService = "11";
    office.timeZone = "America/Chicago";

    kildare.id = ProviderId(3);
    kildare.organizationId = practice.id;
    kildare.familyName = "Kildare";
    kildare.givenName = "Ben";
    kildare.npi = "1999996667";
    kildare.taxonomy = "207Q00000X";

    casey.id = ProviderId(4);
    casey.organizationId = practice.id;
    casey.familyName = "Casey";
    casey.givenName = "Ann";
    casey.npi = "1654321987";
    casey.taxonomy = "208D00000X";

    jane.id = PatientId(10);
    jane.organizationId = practice.id;
    jane.familyName = "Smith";
    jane.givenName = "Jane";
    jane.middleName = "Q";
    jane.birthDate = day(1980, 5, 1);
    jane.sex = "female";
    jane.address = {"236 N Main St", "", "Chicago", "IL", "60614"};

    ted = jane;
    ted.id = PatientId(11);
    ted.givenName = "Ted";
    ted.middleName = "";
    ted.birthDate = day(2012, 3, 14);
    ted.sex = "male";

    payer.id = PayerId(20);
    payer.organizationId = practice.id;
    payer.name = "Great Prairies Health";
    payer.x12PayerId = "12345";
    payer.claimFilingIndicator = "CI";
    payer.address = {"4456 South Shore Blvd", "", "Chicago", "IL", "60615"};

    janeCoverage.id = CoverageId(30);
    janeCoverage.organizationId = practice.id;
    janeCoverage.patientId = jane.id;
    janeCoverage.payerId = payer.id;
    janeCoverage.memberId = "W123456789";
    janeCoverage.groupNumber = "GRP01020102";
    janeCoverage.relationship = "18";
    janeCoverage.effectiveDate = day(2026, 1, 1);

    tedCoverage = janeCoverage;
    tedCoverage.id = CoverageId(31);
    tedCoverage.patientId = ted.id;
    tedCoverage.relationship = "19";
    tedCoverage.subscriber = {"Smith", "Jane", day(1980, 5, 1), "female", jane.address};

    visit.id = EncounterId(40);
    visit.organizationId = practice.id;
    visit.patientId = jane.id;
    visit.providerId = kildare.id;
    visit.locationId = office.id;
    visit.dateOfService = day(2026, 10, 2);
    visit.diagnoses = {"J20.9", "R05.1"};
    visit.status = EncounterStatus::kFinalized;
    visit.coverages[0] = janeCoverage.id;
    visit.payers[0] = payer.id;
    ChargeLine office;
    office.id = ChargeLineId(501);
    office.lineNumber = 1;
    office.code = "99213";
    office.modifiers = {"25"};
    office.diagnosisPointers = {1, 2};
    office.charge = Money::fromCents(12500);
    ChargeLine draw;
    draw.id = ChargeLineId(502);
    draw.lineNumber = 2;
    draw.code = "36415";
    draw.diagnosisPointers = {1};
    draw.charge = Money::fromCents(1250);
    visit.lines = {office, draw};
  }

  [[nodiscard]] const Provider* byId(ProviderId id) const {
    if (id == kildare.id) return &kildare;
    if (id == casey.id) return &casey;
    return nullptr;
  }

  [[nodiscard]] ClaimSources sources(const domain::Patient& p, const Coverage& c,
                                     const Encounter& e) const {
    return ClaimSources{
        .practice = practice,
        .location = office,
        .provider = kildare,
        .providerById = [this](ProviderId id) { return byId(id); },
        .patient = p,
        .coverage = c,
        .payer = payer,
        .responsibility = PayerResponsibility::kPrimary,
        .encounter = e,
        .clearinghouse = {"MEDOFFICE01",
                          "MedOffice Billing",
                          {"Billing Office", "+15555550100", ""},
                          "Clearinghouse",
                          "CH999"},
        .extras = {},
        .patientControlNumber = "E40C1",
    };
  }
  [[nodiscard]] ClaimSources sources() const { return sources(jane, janeCoverage, visit); }
};

ScrubContext scrubContext(const World& w) {
  ScrubContext c;
  c.today = day(2026, 10, 5);
  c.payerId = w.payer.id;
  c.payerClaimFilingIndicator = w.payer.claimFilingIndicator;
  c.codes = defaultCodeIndexForTest().check();
  return c;
}

TEST(BuildClaim, SelfInsuredPatientGivesACompleteValidClaim) {
  const World w;
  const auto built = buildClaim(w.sources());
  ASSERT_TRUE(built.ok()) << built.error().message;
  const Claim& c = *built;

  EXPECT_EQ(c.submitter.name, PartyName::organization("MedOffice Billing"));
  EXPECT_EQ(c.submitter.id, "MEDOFFICE01");
  EXPECT_EQ(c.submitter.contact.phone, "+15555550100");
  EXPECT_EQ(c.receiver.name, "Clearinghouse");
  EXPECT_EQ(c.receiver.id, "CH999");

  EXPECT_EQ(c.billingProvider.name, PartyName::organization("Lakeside Family Practice"));
  EXPECT_EQ(c.billingProvider.npi, "1245319599");
  EXPECT_EQ(c.billingProvider.taxIdKind, TaxIdKind::kEin);
  EXPECT_EQ(c.billingProvider.taxId, "123456789");
  EXPECT_EQ(c.billingProvider.taxonomy, "207Q00000X");
  EXPECT_EQ(c.billingProvider.address, w.practice.billingAddress);
  EXPECT_EQ(c.billingProvider.contact.phone, "+13125550100");
  EXPECT_FALSE(c.billingProvider.payToAddress.has_value());

  EXPECT_EQ(c.subscriber.responsibility, PayerResponsibility::kPrimary);
  EXPECT_EQ(c.subscriber.groupNumber, "GRP01020102");
  EXPECT_EQ(c.subscriber.claimFilingIndicator, "CI");
  EXPECT_EQ(c.subscriber.name, PartyName::person("Smith", "Jane", "Q"));
  EXPECT_EQ(c.subscriber.memberId, "W123456789");
  EXPECT_EQ(c.subscriber.birthDate, day(1980, 5, 1));
  EXPECT_EQ(c.subscriber.sex, Sex::kFemale);
  EXPECT_EQ(c.subscriber.address, w.jane.address);
  EXPECT_FALSE(c.patient.has_value());

  EXPECT_EQ(c.payer.name, "Great Prairies Health");
  EXPECT_EQ(c.payer.payerId, "12345");
  EXPECT_EQ(c.payer.address, w.payer.address);

  EXPECT_EQ(c.patientControlNumber, "E40C1");
  EXPECT_EQ(c.placeOfService, "11");
  EXPECT_EQ(c.frequency, ClaimFrequency::kOriginal);
  EXPECT_THAT(c.diagnoses, ElementsAre("J209", "R051"));
  ASSERT_TRUE(c.renderingProvider.has_value());
  EXPECT_EQ(*c.renderingProvider,
            (ProviderRef{PartyName::person("Kildare", "Ben"), "1999996667", "207Q00000X"}));
  EXPECT_FALSE(c.serviceFacility.has_value()) << "same address, case and ZIP+4 aside";

  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].controlNumber, "L501");
  EXPECT_EQ(c.lines[0].procedureCode, "99213");
  EXPECT_THAT(c.lines[0].modifiers, ElementsAre("25"));
  EXPECT_EQ(c.lines[0].units, 1);
  EXPECT_EQ(c.lines[0].charge.cents(), 12500);
  EXPECT_THAT(c.lines[0].diagnosisPointers, ElementsAre(1, 2));
  EXPECT_EQ(c.lines[0].serviceDate, day(2026, 10, 2));
  EXPECT_EQ(c.lines[0].placeOfService, "");
  EXPECT_FALSE(c.lines[0].renderingProvider.has_value());
  EXPECT_EQ(c.lines[1].controlNumber, "L502");
  EXPECT_EQ(c.lines[1].procedureCode, "36415");
  EXPECT_EQ(c.totalCharge().cents(), 13750);

  EXPECT_THAT(validate(c), IsEmpty());
  // The whole way to a batch: the shipped rules find nothing to stop it either.
  const auto findings = scrub(c, defaultRules(), scrubContext(w));
  EXPECT_TRUE(batchable(findings));
  for (const auto& f : findings) ADD_FAILURE() << f.rule << " " << f.field << ": " << f.message;
}

TEST(BuildClaim, DependentChildGetsAPatientLoopWithRelationship19) {
  World w;
  Encounter e = w.visit;
  e.patientId = w.ted.id;
  e.coverages[0] = w.tedCoverage.id;
  const auto built = buildClaim(w.sources(w.ted, w.tedCoverage, e));
  ASSERT_TRUE(built.ok()) << built.error().message;
  const Claim& c = *built;

  EXPECT_EQ(c.subscriber.name, PartyName::person("Smith", "Jane"));
  EXPECT_EQ(c.subscriber.memberId, "W123456789");
  EXPECT_EQ(c.subscriber.birthDate, day(1980, 5, 1));
  EXPECT_EQ(c.subscriber.sex, Sex::kFemale);
  ASSERT_TRUE(c.patient.has_value());
  EXPECT_EQ(c.patient->relationship, "19");
  EXPECT_EQ(c.patient->name, PartyName::person("Smith", "Ted"));
  EXPECT_EQ(c.patient->birthDate, day(2012, 3, 14));
  EXPECT_EQ(c.patient->sex, Sex::kMale);
  EXPECT_EQ(c.patient->address, w.ted.address);
  EXPECT_THAT(validate(c), IsEmpty());
  EXPECT_TRUE(batchable(scrub(c, defaultRules(), scrubContext(w))));

  // A subscriber known only by name (no address, no birth date) is still a valid 2010BA when
  // the patient has a loop of their own.
  Coverage bare = w.tedCoverage;
  bare.subscriber.address = {};
  bare.subscriber.birthDate.reset();
  bare.subscriber.sex = "";
  const auto thin = buildClaim(w.sources(w.ted, bare, e));
  ASSERT_TRUE(thin.ok());
  EXPECT_EQ(thin->subscriber.sex, Sex::kUnknown);
  EXPECT_FALSE(thin->subscriber.birthDate.has_value());
  EXPECT_THAT(validate(*thin), IsEmpty());
}

TEST(BuildClaim, ALineByAnotherProviderGetsItsOwnRenderingProvider) {
  World w;
  Encounter e = w.visit;
  e.lines[1].renderingProviderId = w.casey.id;
  e.lines[0].renderingProviderId = w.kildare.id;  // named, but the encounter's own
  const auto built = buildClaim(w.sources(w.jane, w.janeCoverage, e));
  ASSERT_TRUE(built.ok());
  EXPECT_FALSE(built->lines[0].renderingProvider.has_value());
  ASSERT_TRUE(built->lines[1].renderingProvider.has_value());
  EXPECT_EQ(*built->lines[1].renderingProvider,
            (ProviderRef{PartyName::person("Casey", "Ann"), "1654321987", "208D00000X"}));
  EXPECT_EQ(built->renderingProvider->npi, "1999996667");
  EXPECT_THAT(validate(*built), IsEmpty());

  // A provider the lookup does not know is not silently replaced by the encounter's: the line's
  // 2420A is left empty for validate() to report.
  e.lines[1].renderingProviderId = ProviderId(999);
  const auto unknown = buildClaim(w.sources(w.jane, w.janeCoverage, e));
  ASSERT_TRUE(unknown.ok());
  EXPECT_THAT(paths(validate(*unknown)), ElementsAre("lines[1].rendering_provider.name.last",
                                                     "lines[1].rendering_provider.npi"));
}

TEST(BuildClaim, ServiceFacilityOnlyWhenTheLocationIsElsewhere) {
  World w;
  w.office.address = {"9 Elm St", "", "Evanston", "IL", "60201"};
  w.office.placeOfService = "22";
  auto built = buildClaim(w.sources());
  ASSERT_TRUE(built.ok());
  ASSERT_TRUE(built->serviceFacility.has_value());
  EXPECT_EQ(built->serviceFacility->name, "Lakeside Main Office");
  EXPECT_EQ(built->serviceFacility->address, w.office.address);
  EXPECT_EQ(built->serviceFacility->npi, "");
  EXPECT_EQ(built->placeOfService, "22");
  EXPECT_EQ(built->billingProvider.address, w.practice.billingAddress);
  EXPECT_THAT(validate(*built), IsEmpty());

  // Another ZIP+4 in the same ZIP is another address, as is another suite.
  w.office.address = w.practice.billingAddress;
  w.office.address.postalCode = "60611-9999";
  EXPECT_TRUE(buildClaim(w.sources())->serviceFacility.has_value());
  w.office.address = w.practice.billingAddress;
  w.office.address.line2 = "Suite 300";
  EXPECT_TRUE(buildClaim(w.sources())->serviceFacility.has_value());
  w.office.address = w.practice.billingAddress;
  EXPECT_FALSE(buildClaim(w.sources())->serviceFacility.has_value());

  // A practice with no billing address of its own bills from the location: no 2310C then.
  w.practice.billingAddress = {};
  w.office.address = {"9 Elm St", "", "Evanston", "IL", "60201"};
  built = buildClaim(w.sources());
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->billingProvider.address, w.office.address);
  EXPECT_FALSE(built->serviceFacility.has_value());
  EXPECT_THAT(validate(*built), IsEmpty());
}

TEST(BuildClaim, LinePlaceOfServiceDateAndNdcCarryOver) {
  World w;
  Encounter e = w.visit;
  e.lines[0].placeOfService = "11";  // the claim's: not repeated on the line
  e.lines[1].placeOfService = "12";
  e.lines[1].dateOfService = day(2026, 10, 1);
  e.lines[1].units = 3;
  e.lines[1].ndc = NdcDetail{"00026063512", "ML", 1500};
  const auto built = buildClaim(w.sources(w.jane, w.janeCoverage, e));
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->lines[0].placeOfService, "");
  EXPECT_EQ(built->lines[1].placeOfService, "12");
  EXPECT_EQ(built->lines[0].serviceDate, day(2026, 10, 2));
  EXPECT_EQ(built->lines[1].serviceDate, day(2026, 10, 1));
  EXPECT_EQ(built->lines[1].units, 3);
  ASSERT_TRUE(built->lines[1].ndc.has_value());
  EXPECT_EQ(built->lines[1].ndc->code, "00026063512");
  EXPECT_EQ(built->lines[1].ndc->quantityMilli, 1500);
}

TEST(BuildClaim, ExtrasAreCopied) {
  const World w;
  ClaimSources s = w.sources();
  s.extras.priorAuthorization = "PA778899";
  s.extras.referralNumber = "RF12";
  s.extras.referringProvider =
      ProviderRef{PartyName::person("Casey", "Ann"), "1654321987", "208D00000X"};
  s.extras.accident = Accident{{"AA"}, "IL", day(2026, 9, 30)};
  s.extras.onsetDate = day(2026, 9, 28);
  s.extras.frequency = ClaimFrequency::kReplacement;
  s.extras.originalClaimNumber = "ICN2026000123";
  s.extras.patientPaid = Money::fromCents(2500);
  const auto built = buildClaim(s);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->priorAuthorization, "PA778899");
  EXPECT_EQ(built->referralNumber, "RF12");
  EXPECT_EQ(built->referringProvider, s.extras.referringProvider);
  EXPECT_EQ(built->accident, s.extras.accident);
  EXPECT_EQ(built->onsetDate, day(2026, 9, 28));
  EXPECT_EQ(built->frequency, ClaimFrequency::kReplacement);
  EXPECT_EQ(built->originalClaimNumber, "ICN2026000123");
  ASSERT_TRUE(built->patientPaid.has_value());
  EXPECT_EQ(built->patientPaid->cents(), 2500);
  EXPECT_THAT(validate(*built), IsEmpty());
}

TEST(BuildClaim, MissingValuesAreBuiltAndReportedByValidateNotRefused) {
  World w;
  w.janeCoverage.memberId = "";
  auto built = buildClaim(w.sources());
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->subscriber.memberId, "");
  EXPECT_THAT(paths(validate(*built)), ElementsAre("subscriber.member_id"));
  EXPECT_FALSE(batchable(scrub(*built, defaultRules(), scrubContext(w))));

  // Several gaps at once, each by its path.
  w.janeCoverage.memberId = "W123456789";
  w.practice.npi = "";
  w.payer.claimFilingIndicator = "";
  w.office.placeOfService = "";
  w.visit.lines[1].id = ChargeLineId();  // never saved: no control number to match an 835 with
  ClaimSources s = w.sources();
  s.patientControlNumber = "";
  built = buildClaim(s);
  ASSERT_TRUE(built.ok());
  EXPECT_THAT(paths(validate(*built)),
              ElementsAre("billing_provider.npi", "subscriber.claim_filing_indicator",
                          "patient_control_number", "place_of_service", "lines[1].control_number"));

  // A patient with an unknown sex is still billed; the scrubber warns about it.
  w = World();
  w.jane.sex = "unknown";
  built = buildClaim(w.sources());
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->subscriber.sex, Sex::kUnknown);
  EXPECT_THAT(validate(*built), IsEmpty());
}

TEST(BuildClaim, SexMapping) {
  EXPECT_EQ(claimSex("female"), Sex::kFemale);
  EXPECT_EQ(claimSex("Male"), Sex::kMale);
  EXPECT_EQ(claimSex("F"), Sex::kFemale);
  EXPECT_EQ(claimSex("other"), Sex::kUnknown);
  EXPECT_EQ(claimSex("unknown"), Sex::kUnknown);
  EXPECT_EQ(claimSex(""), Sex::kUnknown);
}

TEST(BuildClaim, RefusesSourcesThatCannotMakeAClaim) {
  const World w;
  const auto refused = [&](const ClaimSources& s) {
    const auto r = buildClaim(s);
    if (r.ok()) return std::string("(built)");
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    return r.error().message;
  };

  Encounter open = w.visit;
  open.status = EncounterStatus::kOpen;
  EXPECT_THAT(refused(w.sources(w.jane, w.janeCoverage, open)), HasSubstr("not finalized"));
  Encounter empty = w.visit;
  empty.lines.clear();
  EXPECT_THAT(refused(w.sources(w.jane, w.janeCoverage, empty)), HasSubstr("no charge lines"));

  // Ted's coverage on Jane's encounter.
  EXPECT_THAT(refused(w.sources(w.jane, w.tedCoverage, w.visit)),
              HasSubstr("belongs to patient 11"));
  // Ted as the patient of Jane's encounter.
  EXPECT_THAT(refused(w.sources(w.ted, w.tedCoverage, w.visit)),
              HasSubstr("not the patient of encounter 40"));

  Coverage elsewhere = w.janeCoverage;
  elsewhere.payerId = PayerId(21);
  EXPECT_THAT(refused(w.sources(w.jane, elsewhere, w.visit)),
              HasSubstr("is with payer 21, not with payer 20"));

  ClaimSources secondary = w.sources();
  secondary.responsibility = PayerResponsibility::kSecondary;
  EXPECT_THAT(refused(secondary), HasSubstr("is the primary coverage of encounter 40"));

  const ClaimSources otherDoctor{.practice = w.practice,
                                 .location = w.office,
                                 .provider = w.casey,
                                 .providerById = {},
                                 .patient = w.jane,
                                 .coverage = w.janeCoverage,
                                 .payer = w.payer,
                                 .responsibility = PayerResponsibility::kPrimary,
                                 .encounter = w.visit,
                                 .clearinghouse = {},
                                 .extras = {},
                                 .patientControlNumber = "X"};
  EXPECT_THAT(refused(otherDoctor), HasSubstr("not the provider of encounter 40"));
}

TEST(BuildClaim, CoverageNotRecordedOnTheEncounterMayStillBeBilled) {
  // An encounter finalized before the card was entered records no coverage; billing it later
  // must not be refused for that.
  World w;
  w.visit.coverages = {};
  const auto built = buildClaim(w.sources());
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->subscriber.responsibility, PayerResponsibility::kPrimary);
  EXPECT_THAT(validate(*built), IsEmpty());
}

}  // namespace
}  // namespace medoffice::domain::claims
