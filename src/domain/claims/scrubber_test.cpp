// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/scrubber.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "domain/claims/default_rules.hpp"
#include "domain/claims/sample_claims.hpp"
#include "domain/claims/scrub_support_for_test.hpp"

namespace medoffice::domain::claims {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Date day(int y, int m, int d) {
  return Date::fromYmd(y, m, d).value();
}

/// The scrub date of these tests: three days after the samples' date of service (2026-10-02).
ScrubContext context() {
  ScrubContext c;
  c.today = day(2026, 10, 5);
  c.codes = defaultCodeIndexForTest().check();
  return c;
}

Rule makeRule(std::string id, CheckKind kind, RuleParams params = {}) {
  Rule r;
  r.id = std::move(id);
  r.kind = kind;
  r.params = std::move(params);
  return r;
}

/// The default rule with `id`.
Rule defaultRule(const std::string& id) {
  for (const auto& r : defaultRules()) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "no default rule " << id;
  return {};
}

std::vector<Finding> scrubWith(const Claim& c, const Rule& r, const ScrubContext& ctx = context()) {
  return scrub(c, std::vector<Rule>{r}, ctx);
}

std::vector<Finding> scrubDefaults(const Claim& c, const ScrubContext& ctx = context()) {
  return scrub(c, defaultRules(), ctx);
}

std::vector<std::string> fields(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.field);
  return out;
}

std::vector<std::string> ruleIds(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.rule);
  return out;
}

Claim dependentClaim() {
  Claim c = samples::claim("2001");
  c.patient = samples::dependent();
  c.subscriber.birthDate.reset();
  c.subscriber.address = {};
  return c;
}

Claim medicareSecondary() {
  Claim c = samples::claim("3001");
  c.subscriber.claimFilingIndicator = "MB";
  c.subscriber.responsibility = PayerResponsibility::kSecondary;
  c.subscriber.memberId = "1EG4TE5MK73";
  c.subscriber.insuranceTypeCode = "12";
  // The employer plan paid first (working aged, type 12): 137.50 = 100.00 + 37.50 contractual.
  OtherPayer employer;
  employer.responsibility = PayerResponsibility::kPrimary;
  employer.groupNumber = "EMP-1";
  employer.claimFilingIndicator = "CI";
  employer.subscriberName = PartyName::person("Smith", "Jane", "Q");
  employer.subscriberMemberId = "W123456789";
  employer.payerName = "Lakeside Employers Trust";
  employer.payerId = "EMP01";
  employer.paidAmount = Money::fromCents(10000);
  employer.adjustments = {{"CO", "45", Money::fromCents(3750), 0}};
  employer.adjudicationDate = day(2026, 10, 4);
  c.otherPayers.push_back(employer);
  return c;
}

// ---- the default set on good claims ---------------------------------------------------------

TEST(Scrubber, DefaultRulesPassTheSampleClaims) {
  EXPECT_THAT(scrubDefaults(samples::claim()), IsEmpty());
  Claim dep = dependentClaim();
  dep.renderingProvider = samples::renderingProvider();
  dep.lines[1].renderingProvider = samples::renderingProvider();
  EXPECT_THAT(scrubDefaults(dep), IsEmpty());
  EXPECT_THAT(scrubDefaults(medicareSecondary()), IsEmpty());
  EXPECT_TRUE(batchable(scrubDefaults(samples::claim())));
}

TEST(Scrubber, DefaultRulesAreValidAndCoverEveryCheckKind) {
  EXPECT_THAT(validate(defaultRules()), IsEmpty());
  std::set<CheckKind> kinds;
  for (const auto& r : defaultRules()) kinds.insert(r.kind);
  for (CheckKind k : kAllCheckKinds) EXPECT_TRUE(kinds.contains(k)) << toString(k);
  for (CheckKind k : kAllCheckKinds) EXPECT_EQ(parseCheckKind(toString(k)), k);
}

TEST(Scrubber, AClaimWithAnErrorIsNotBatchableAndWarningsDoNotBlock) {
  Claim c = samples::claim();
  c.billingProvider.npi = "1245319598";
  const auto findings = scrubDefaults(c);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_FALSE(batchable(findings));

  Claim w = samples::claim();
  w.subscriber.sex = Sex::kUnknown;
  const auto warnings = scrubDefaults(w);
  EXPECT_THAT(ruleIds(warnings), ElementsAre("patient.sex.known"));
  EXPECT_EQ(warnings[0].severity, Severity::kWarning);
  EXPECT_TRUE(batchable(warnings));
  EXPECT_TRUE(batchable({}));
}

// ---- one pass and one failure per check kind ------------------------------------------------

TEST(Scrubber, NpiCheckDigitsOfEveryProvider) {
  Claim c = samples::claim();
  c.billingProvider.npi = "1245319598";
  auto f = scrubWith(c, defaultRule("npi.billing.check_digit"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "npi.billing.check_digit");
  EXPECT_EQ(f[0].field, "billing_provider.npi");
  EXPECT_EQ(f[0].segment, "NM109 of 2010AA");
  EXPECT_THAT(f[0].message, HasSubstr("fails the NPI check digit"));
  EXPECT_THAT(f[0].message, HasSubstr("Lakeside Family Practice"));

  c.billingProvider.npi = "12453";
  EXPECT_THAT(scrubWith(c, defaultRule("npi.billing.check_digit"))[0].message,
              HasSubstr("not 10 digits"));
  c.billingProvider.npi = "3245319599";
  EXPECT_THAT(scrubWith(c, defaultRule("npi.billing.check_digit"))[0].message,
              HasSubstr("starts with 1 or 2"));
  c.billingProvider.npi = "";
  EXPECT_THAT(scrubWith(c, defaultRule("npi.billing.check_digit"))[0].message,
              HasSubstr("has no NPI"));

  Claim r = samples::claim();
  EXPECT_THAT(scrubWith(r, defaultRule("npi.rendering.check_digit")), IsEmpty());
  r.renderingProvider = samples::renderingProvider();
  r.lines[1].renderingProvider = samples::renderingProvider();
  EXPECT_THAT(scrubWith(r, defaultRule("npi.rendering.check_digit")), IsEmpty());
  r.renderingProvider->npi = "1999996668";
  r.lines[1].renderingProvider->npi = "199999666";
  f = scrubWith(r, defaultRule("npi.rendering.check_digit"));
  EXPECT_THAT(fields(f), ElementsAre("rendering_provider.npi", "lines[1].rendering_provider.npi"));
  EXPECT_EQ(f[0].segment, "NM109 of 2310B");
  EXPECT_EQ(f[1].segment, "NM109 of 2420A");
  EXPECT_THAT(f[0].message, HasSubstr("Ben Kildare"));

  Claim ref = samples::claim();
  ref.referringProvider = ProviderRef{PartyName::person("Welby", "Marcus"), "1999996667", ""};
  EXPECT_THAT(scrubWith(ref, defaultRule("npi.referring.check_digit")), IsEmpty());
  ref.referringProvider->npi = "1999996660";
  f = scrubWith(ref, defaultRule("npi.referring.check_digit"));
  EXPECT_THAT(fields(f), ElementsAre("referring_provider.npi"));
  EXPECT_EQ(f[0].segment, "NM109 of 2310A");

  Claim fac = samples::claim();
  fac.serviceFacility = ServiceFacility{"Lakeside Annex", "", samples::billingProvider().address};
  EXPECT_THAT(scrubWith(fac, defaultRule("npi.service_facility.check_digit")), IsEmpty());
  fac.serviceFacility->npi = "1245319590";
  EXPECT_THAT(fields(scrubWith(fac, defaultRule("npi.service_facility.check_digit"))),
              ElementsAre("service_facility.npi"));
}

TEST(Scrubber, TaxIdFormat) {
  const Rule r = defaultRule("tin.format");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.billingProvider.taxId = "123456789";
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.billingProvider.taxId = "11-1111111";
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "billing_provider.tax_id");
  EXPECT_EQ(f[0].segment, "REF02 of 2010AA");
  EXPECT_THAT(f[0].message, HasSubstr("one digit repeated"));
  c.billingProvider.taxId = "12-345678";
  EXPECT_THAT(scrubWith(c, r)[0].message, HasSubstr("not 9 digits"));
  c.billingProvider.taxId = "";
  EXPECT_THAT(scrubWith(c, r)[0].message, HasSubstr("no tax id"));
  // An SSN belongs to a sole proprietor, never to an organisation; and 000 is never issued.
  c.billingProvider.taxIdKind = TaxIdKind::kSsn;
  c.billingProvider.taxId = "000-12-3456";
  EXPECT_THAT(fields(scrubWith(c, r)),
              ElementsAre("billing_provider.tax_id", "billing_provider.tax_id_kind"));
}

TEST(Scrubber, TaxonomyFormatIsAWarningAndMayBeRequired) {
  const Rule r = defaultRule("taxonomy.billing.format");
  EXPECT_EQ(r.severity, Severity::kWarning);
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.billingProvider.taxonomy = "207Q0000X";
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "billing_provider.taxonomy");
  EXPECT_EQ(f[0].segment, "PRV03 of 2000A");
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  c.billingProvider.taxonomy = "";
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  Rule required = r;
  required.params.required = true;
  EXPECT_THAT(scrubWith(c, required)[0].message, HasSubstr("which this payer requires"));

  Claim rend = samples::claim();
  rend.renderingProvider = samples::renderingProvider();
  rend.renderingProvider->taxonomy = "207q00000x";
  EXPECT_THAT(fields(scrubWith(rend, defaultRule("taxonomy.rendering.format"))),
              ElementsAre("rendering_provider.taxonomy"));
}

TEST(Scrubber, MemberIdPresentAndShapedAsThePayerWants) {
  const Rule present = defaultRule("subscriber.member_id");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, present), IsEmpty());
  c.subscriber.memberId = " ";
  auto f = scrubWith(c, present);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "subscriber.member_id");
  EXPECT_EQ(f[0].segment, "NM109 of 2010BA");
  EXPECT_THAT(f[0].message, HasSubstr("missing"));
  c.subscriber.memberId = "W12 3456";
  EXPECT_THAT(scrubWith(c, present)[0].message, HasSubstr("other than letters, digits"));

  // The MBI rule applies to Medicare claims only (payer filter on SBR09).
  const Rule mbi = defaultRule("subscriber.member_id.medicare_mbi");
  Claim m = medicareSecondary();
  EXPECT_THAT(scrubWith(m, mbi), IsEmpty());
  m.subscriber.memberId = "1EG4-TE5-MK73";
  f = scrubWith(m, mbi);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_THAT(f[0].message, HasSubstr("#@*#@*#@@##"));
  EXPECT_THAT(f[0].message, HasSubstr("without its dashes"));  // the rule's note
  m.subscriber.memberId = "W123456789";
  EXPECT_EQ(scrubWith(m, mbi).size(), 1u);
  EXPECT_THAT(scrubWith(samples::claim(), mbi), IsEmpty());  // CI: not Medicare
}

TEST(Scrubber, RelationshipCodes) {
  const Rule r = defaultRule("relationship.code");
  Claim c = dependentClaim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.patient->relationship = "18";
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "patient.relationship");
  EXPECT_EQ(f[0].segment, "PAT01 of 2000C");
  EXPECT_THAT(f[0].message, HasSubstr("18 (self)"));
  c.patient->relationship = "07";
  EXPECT_THAT(scrubWith(c, r)[0].message, HasSubstr("not an X12 5010 patient relationship"));

  Claim o = samples::claim();
  OtherPayer prior;
  prior.payerName = "Key Insurance";
  prior.payerId = "99999";
  prior.claimFilingIndicator = "CI";
  o.otherPayers.push_back(prior);
  EXPECT_THAT(scrubWith(o, r), IsEmpty());
  o.otherPayers[0].relationship = "99";
  EXPECT_THAT(fields(scrubWith(o, r)), ElementsAre("other_payers[0].relationship"));
}

TEST(Scrubber, PatientBirthDate) {
  const Rule r = defaultRule("patient.birth_date");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.subscriber.birthDate.reset();
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "subscriber.birth_date");
  EXPECT_EQ(f[0].segment, "DMG02 of 2010BA");
  c.subscriber.birthDate = day(2027, 1, 1);
  EXPECT_THAT(scrubWith(c, r)[0].message, HasSubstr("in the future"));
  c.subscriber.birthDate = day(2026, 10, 4);
  EXPECT_THAT(scrubWith(c, r)[0].message, HasSubstr("after the date of service 2026-10-02"));
  c.subscriber.birthDate = day(2026, 10, 2);  // born the day of the visit
  EXPECT_THAT(scrubWith(c, r), IsEmpty());

  Claim d = dependentClaim();
  EXPECT_THAT(scrubWith(d, r), IsEmpty());
  d.patient->birthDate = day(2030, 1, 1);
  f = scrubWith(d, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "patient.birth_date");
  EXPECT_EQ(f[0].segment, "DMG02 of 2010CA");
}

TEST(Scrubber, PatientSexUnknownWarns) {
  const Rule r = defaultRule("patient.sex.known");
  Claim c = dependentClaim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.patient->sex = Sex::kUnknown;
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "patient.sex");
  EXPECT_EQ(f[0].segment, "DMG03 of 2010CA");
  EXPECT_EQ(f[0].severity, Severity::kWarning);
}

TEST(Scrubber, ClaimFilingIndicatorValidAndConsistentWithThePayer) {
  const Rule r = defaultRule("sbr09.valid");
  Claim c = samples::claim();
  ScrubContext ctx = context();
  ctx.payerClaimFilingIndicator = "CI";
  EXPECT_THAT(scrubWith(c, r, ctx), IsEmpty());
  ctx.payerClaimFilingIndicator = "MB";
  ctx.payerName = "Medicare Part B of Illinois";
  auto f = scrubWith(c, r, ctx);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "subscriber.claim_filing_indicator");
  EXPECT_EQ(f[0].segment, "SBR09 of 2000B");
  EXPECT_THAT(f[0].message,
              HasSubstr("marked CI (commercial insurance), but Medicare Part B of Illinois is set "
                        "up as MB (Medicare Part B)"));
  c.subscriber.claimFilingIndicator = "";
  EXPECT_THAT(scrubWith(c, r)[0].message, HasSubstr("missing"));
  c.subscriber.claimFilingIndicator = "XX";
  EXPECT_THAT(scrubWith(c, r)[0].message, HasSubstr("not an X12 code"));

  // A payer rule: these payer ids are Medicare, so SBR09 must be MB.
  Rule medicare = makeRule("sbr09.medicare_ids", CheckKind::kClaimFilingIndicator);
  medicare.params.values = {"MB"};
  medicare.payers.x12PayerIds = {"12345", "12502"};
  Claim m = samples::claim();
  EXPECT_THAT(scrubWith(m, medicare)[0].message, HasSubstr("is billed as MB"));
  m.subscriber.claimFilingIndicator = "MB";
  EXPECT_THAT(scrubWith(m, medicare), IsEmpty());
}

TEST(Scrubber, InsuranceTypeOnMedicareSecondaryClaims) {
  const Rule r = defaultRule("sbr05.medicare_secondary");
  Claim c = medicareSecondary();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.subscriber.insuranceTypeCode = "";
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "subscriber.insurance_type_code");
  EXPECT_EQ(f[0].segment, "SBR05 of 2000B");
  EXPECT_THAT(f[0].message, HasSubstr("billed as secondary"));
  c.subscriber.insuranceTypeCode = "C1";
  EXPECT_THAT(scrubWith(c, r)[0].message, HasSubstr("not a Medicare secondary payer type"));
  // Medicare primary, and a commercial secondary, need no SBR05 by default...
  Claim primary = medicareSecondary();
  primary.subscriber.responsibility = PayerResponsibility::kPrimary;
  primary.subscriber.insuranceTypeCode = "";
  EXPECT_THAT(scrubWith(primary, r), IsEmpty());
  Claim commercial = samples::claim();
  commercial.subscriber.responsibility = PayerResponsibility::kSecondary;
  EXPECT_THAT(scrubWith(commercial, r), IsEmpty());
  // ...unless a payer rule says so (a Medigap plan that wants it).
  Rule medigap = r;
  medigap.id = "sbr05.medigap";
  medigap.params.required = true;
  EXPECT_EQ(scrubWith(commercial, medigap).size(), 1u);
}

TEST(Scrubber, DiagnosisPointers) {
  const Rule r = defaultRule("dx.pointers");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.lines[0].diagnosisPointers = {1, 3};
  c.lines[1].diagnosisPointers = {2, 2};
  auto f = scrubWith(c, r);
  EXPECT_THAT(fields(f),
              ElementsAre("lines[0].diagnosis_pointers[1]", "lines[1].diagnosis_pointers[1]"));
  EXPECT_EQ(f[0].segment, "SV107-2 of 2400");
  EXPECT_THAT(f[0].message, HasSubstr("points to diagnosis 3, but the claim has 2 diagnoses"));
  EXPECT_THAT(f[1].message, HasSubstr("twice"));
  c.lines[0].diagnosisPointers = {};
  c.lines[1].diagnosisPointers = {1, 2, 1, 2, 1};
  EXPECT_THAT(fields(scrubWith(c, r)),
              ElementsAre("lines[0].diagnosis_pointers", "lines[1].diagnosis_pointers",
                          "lines[1].diagnosis_pointers[2]", "lines[1].diagnosis_pointers[3]"));
}

TEST(Scrubber, DiagnosisCodesBillableOnTheDateOfService) {
  const Rule r = defaultRule("dx.codes");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.diagnoses = {"E11", "J20.9", "J209", "1234"};
  auto f = scrubWith(c, r);
  EXPECT_THAT(fields(f), ElementsAre("diagnoses[0]", "diagnoses[2]", "diagnoses[3]"));
  EXPECT_EQ(f[0].segment, "HI01-2 of 2300");
  EXPECT_THAT(f[0].message, HasSubstr("cannot be billed for the service on 2026-10-02"));
  EXPECT_THAT(f[0].message, HasSubstr("header"));
  EXPECT_THAT(f[1].message, HasSubstr("same as diagnosis 2"));
  EXPECT_THAT(f[2].message, HasSubstr("not an ICD-10-CM code"));
  // Without a code-set answer only the form is checked.
  ScrubContext noCodes = context();
  noCodes.codes = {};
  EXPECT_THAT(fields(scrubWith(c, r, noCodes)), ElementsAre("diagnoses[2]", "diagnoses[3]"));
  c.diagnoses.clear();
  EXPECT_THAT(fields(scrubWith(c, r)), ElementsAre("diagnoses"));
}

TEST(Scrubber, ProcedureCodes) {
  const Rule r = defaultRule("px.code");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.lines[0].procedureCode = "9921";
  c.lines[1].procedureCode = "j3490";
  auto f = scrubWith(c, r);
  EXPECT_THAT(fields(f), ElementsAre("lines[0].procedure_code", "lines[1].procedure_code"));
  EXPECT_EQ(f[0].segment, "SV101-2 of 2400");
  EXPECT_THAT(f[1].message, HasSubstr("not a CPT or HCPCS code"));
  c.lines[0].procedureCode = "99499";  // well formed, not in the (default) code set
  c.lines[1].procedureCode = "36415";
  f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_THAT(f[0].message, HasSubstr("99499 is not in the CPT list"));
}

TEST(Scrubber, ModifiersValid) {
  const Rule r = defaultRule("modifier.valid");
  Claim c = samples::claim();
  c.lines[0].modifiers = {"25"};
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.lines[0].modifiers = {"2", "25", "25", "ZZ"};
  auto f = scrubWith(c, r);
  EXPECT_THAT(fields(f), ElementsAre("lines[0].modifiers[0]", "lines[0].modifiers[2]",
                                     "lines[0].modifiers[3]"));
  EXPECT_EQ(f[0].segment, "SV101-3 of 2400");
  EXPECT_EQ(f[2].segment, "SV101-6 of 2400");
  EXPECT_THAT(f[2].message, HasSubstr("ZZ is not in the"));
  c.lines[1].modifiers = {"LT", "RT", "59", "76", "91"};
  EXPECT_EQ(scrubWith(c, r).back().field, "lines[1].modifiers");
}

TEST(Scrubber, ModifierAllowAndDenyListsPerPayer) {
  Rule allow = makeRule("modifier.xyz.allowed", CheckKind::kModifierAllowed);
  allow.params.modifiers = {"25", "LT", "RT"};
  Claim c = samples::claim();
  c.lines[0].modifiers = {"25"};
  EXPECT_THAT(scrubWith(c, allow), IsEmpty());
  c.lines[1].modifiers = {"LT", "59"};
  auto f = scrubWith(c, allow);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "lines[1].modifiers[1]");
  EXPECT_EQ(f[0].segment, "SV101-4 of 2400");
  EXPECT_THAT(f[0].message, HasSubstr("Great Prairies Health does not take modifier '59'"));
  allow.params.codes = {"99201-99215"};  // only E/M lines are limited
  EXPECT_THAT(scrubWith(c, allow), IsEmpty());

  // "This payer refuses modifier 59: use XS/XU".
  Rule deny = makeRule("modifier.xyz.no_59", CheckKind::kModifierNotAccepted);
  deny.params.modifiers = {"59"};
  deny.params.replacements = {"XS", "XU"};
  c.lines[1].modifiers = {"59"};
  f = scrubWith(c, deny);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "lines[1].modifiers[0]");
  EXPECT_THAT(f[0].message,
              HasSubstr("does not accept modifier 59 (Line 2 (36415)); use XS or XU"));
  c.lines[1].modifiers = {"XS"};
  EXPECT_THAT(scrubWith(c, deny), IsEmpty());
}

TEST(Scrubber, RequiredModifierPairing) {
  const Rule r = defaultRule("modifier.25.minor_procedure");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());  // 99213 with 36415: no 25 needed
  c.lines[1].procedureCode = "20610";
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "lines[0].modifiers");
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_THAT(f[0].message,
              HasSubstr("Line 1 (99213) needs modifier 25 when 20610 (line 2) is billed the same"));
  c.lines[0].modifiers = {"25"};
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.lines[0].modifiers = {};
  c.lines[1].serviceDate = day(2026, 10, 1);  // another day
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  // Without with_codes the code always needs the modifier.
  Rule always = makeRule("modifier.xyz.gt", CheckKind::kModifierRequired);
  always.params.codes = {"36415"};
  always.params.modifiers = {"QW", "90"};
  EXPECT_THAT(scrubWith(samples::claim(), always)[0].message, HasSubstr("needs modifier QW or 90"));
}

TEST(Scrubber, PlaceOfService) {
  const Rule r = defaultRule("pos.valid");
  Claim c = samples::claim();
  c.lines[1].placeOfService = "22";
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.placeOfService = "98";
  c.lines[1].placeOfService = "1";
  auto f = scrubWith(c, r);
  EXPECT_THAT(fields(f), ElementsAre("place_of_service", "lines[1].place_of_service"));
  EXPECT_EQ(f[0].segment, "CLM05-1 of 2300");
  EXPECT_EQ(f[1].segment, "SV105 of 2400");
  Rule officeOnly = r;
  officeOnly.params.values = {"11", "02"};
  Claim o = samples::claim();
  o.lines[1].placeOfService = "22";
  f = scrubWith(o, officeOnly);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_THAT(f[0].message, HasSubstr("takes place of service 11 or 02 only"));
}

TEST(Scrubber, DatesOfServiceNotInTheFuture) {
  const Rule r = defaultRule("dos.not_future");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  ScrubContext early = context();
  early.today = day(2026, 10, 1);
  auto f = scrubWith(c, r, early);
  EXPECT_THAT(fields(f), ElementsAre("lines[0].service_date", "lines[1].service_date"));
  EXPECT_EQ(f[0].segment, "DTP03 of 2400 (DTP*472)");
  c.lines[0].serviceDateEnd = day(2026, 10, 9);
  EXPECT_THAT(fields(scrubWith(c, r)), ElementsAre("lines[0].service_date_end"));
}

TEST(Scrubber, TimelyFilingWindowFromTheRuleOrThePayer) {
  const Rule r = defaultRule("dos.timely_filing");
  Claim c = samples::claim();
  c.lines[1].serviceDate = day(2026, 6, 1);  // 126 days before 2026-10-05
  EXPECT_THAT(scrubWith(c, r), IsEmpty());   // 365 days without a payer window
  ScrubContext ctx = context();
  ctx.payerTimelyFilingDays = 120;
  auto f = scrubWith(c, r, ctx);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "lines[1].service_date");
  EXPECT_THAT(f[0].message,
              HasSubstr("126 days ago; Great Prairies Health takes claims up to 120"));
  // "Payer ABC timely filing is 90 days" as a payer rule.
  Rule abc = makeRule("dos.abc.timely_filing", CheckKind::kTimelyFiling);
  abc.params.days = 90;
  abc.payers.x12PayerIds = {"ABC01"};
  EXPECT_THAT(scrubWith(c, abc), IsEmpty());
  c.payer.payerId = "ABC01";
  EXPECT_THAT(scrubWith(c, abc)[0].message, HasSubstr("up to 90 days"));
  abc.params.days = 130;
  EXPECT_THAT(scrubWith(c, abc), IsEmpty());

  // The warning before the limit.
  const Rule soon = defaultRule("dos.timely_filing.soon");
  ctx.payerTimelyFilingDays = 140;
  f = scrubWith(c, soon, ctx);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_THAT(f[0].message, HasSubstr("only 14 days remain"));
  ctx.payerTimelyFilingDays = 365;
  EXPECT_THAT(scrubWith(c, soon, ctx), IsEmpty());
  ctx.payerTimelyFilingDays = 100;  // already late: the error rule's, not the warning's
  EXPECT_THAT(scrubWith(c, soon, ctx), IsEmpty());
}

TEST(Scrubber, PriorAuthorizationByPayerAndCode) {
  // "Payer XYZ requires a prior authorization for CPT 70553".
  Rule r = makeRule("auth.xyz.mri", CheckKind::kPriorAuthorization);
  r.params.codes = {"70553"};
  r.payers.x12PayerIds = {"XYZ"};
  Claim c = samples::claim();
  c.payer.payerId = "XYZ";
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.lines[1].procedureCode = "70553";
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "prior_authorization");
  EXPECT_EQ(f[0].segment, "REF02 of 2300 (REF*G1)");
  EXPECT_THAT(f[0].message, HasSubstr("requires a prior authorization for 70553 (line 2)"));
  c.priorAuthorization = "AUTH-7781";
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.priorAuthorization = "";
  c.payer.payerId = "OTHER";
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  // The default warns for advanced imaging ranges.
  c.lines[0].procedureCode = "72148";
  EXPECT_EQ(scrubWith(c, defaultRule("auth.advanced_imaging")).size(), 1u);
}

TEST(Scrubber, DuplicateServicesWithinTheClaimAndAlreadyBilled) {
  const Rule r = defaultRule("dup.service");
  Claim c = samples::claim("4001");
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.lines[1].procedureCode = "99213";
  auto f = scrubWith(c, r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "lines[1].procedure_code");
  EXPECT_THAT(f[0].message, HasSubstr("same service on the same day as line 1"));
  c.lines[1].modifiers = {"76"};
  EXPECT_THAT(scrubWith(c, r), IsEmpty());

  BilledServices billed;
  Claim earlier = samples::claim("3999");
  earlier.lines[0].modifiers = {"25", "GT"};
  billed.add(earlier);
  EXPECT_EQ(billed.size(), 2u);
  ScrubContext ctx = context();
  ctx.alreadyBilled = [&](const BilledService& s) { return billed.find(s); };
  Claim again = samples::claim("4002");
  again.subscriber.name.last = "SMITH";  // names match without regard to case
  again.lines[0].modifiers = {"GT", "25"};
  f = scrubWith(again, r, ctx);
  EXPECT_THAT(fields(f), ElementsAre("lines[0].procedure_code", "lines[1].procedure_code"));
  EXPECT_THAT(f[0].message, HasSubstr("billed already for this patient on claim 3999"));
  // The claim itself (same CLM01, as on a resubmission) is no duplicate; nor another day.
  EXPECT_THAT(scrubWith(earlier, r, ctx), IsEmpty());
  again.lines[0].serviceDate = day(2026, 9, 30);
  again.lines[1].modifiers = {"91"};
  EXPECT_THAT(scrubWith(again, r, ctx), IsEmpty());
}

TEST(Scrubber, ZeroAndNegativeCharges) {
  const Rule r = defaultRule("charge.positive");
  Claim c = samples::claim();
  EXPECT_THAT(scrubWith(c, r), IsEmpty());
  c.lines[0].charge = Money::fromCents(0);
  c.lines[1].charge = Money::fromCents(-1250);
  auto f = scrubWith(c, r);
  EXPECT_THAT(fields(f), ElementsAre("lines[0].charge_cents", "lines[1].charge_cents"));
  EXPECT_EQ(f[0].segment, "SV102 of 2400");
  EXPECT_THAT(f[0].message, HasSubstr("$0.00"));
  EXPECT_THAT(f[1].message, HasSubstr("-$12.50"));
  c.lines[1].charge = Money::fromCents(std::numeric_limits<std::int64_t>::min());
  EXPECT_THAT(scrubWith(c, r)[1].message, HasSubstr("-$92233720368547758.08"));
}

// ---- the rule set as data ------------------------------------------------------------------

TEST(Scrubber, PayerFiltersSelectTheClaimsARuleRunsOn) {
  Rule r = makeRule("charge.xyz", CheckKind::kChargePositive);
  Claim c = samples::claim();
  c.lines[0].charge = Money::fromCents(0);
  ScrubContext ctx = context();
  EXPECT_EQ(scrubWith(c, r, ctx).size(), 1u);  // no filter: every claim

  r.payers.x12PayerIds = {"99999"};
  EXPECT_THAT(scrubWith(c, r, ctx), IsEmpty());
  r.payers.x12PayerIds = {"99999", "12345"};
  EXPECT_EQ(scrubWith(c, r, ctx).size(), 1u);

  r.payers.payerIds = {PayerId(7)};
  EXPECT_THAT(scrubWith(c, r, ctx), IsEmpty());  // the context names no payer record
  ctx.payerId = PayerId(7);
  EXPECT_EQ(scrubWith(c, r, ctx).size(), 1u);

  r.payers.claimFilingIndicators = {"MB", "MA"};
  EXPECT_THAT(scrubWith(c, r, ctx), IsEmpty());  // every list must match
  c.subscriber.claimFilingIndicator = "MB";
  EXPECT_EQ(scrubWith(c, r, ctx).size(), 1u);
}

TEST(Scrubber, SwitchedOffRulesDoNotRunAndSeveritiesFollowTheRule) {
  Claim c = samples::claim();
  c.lines[0].charge = Money::fromCents(0);
  EXPECT_FALSE(batchable(scrubDefaults(c)));

  auto rules = applyPatches(defaultRules(),
                            {RulePatch{"charge.positive", {}, Severity::kWarning, {}, {}, {}, {}}});
  ASSERT_TRUE(rules.ok());
  auto f = scrub(c, *rules, context());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_TRUE(batchable(f));

  rules = applyPatches(defaultRules(), {RulePatch{"charge.positive", {}, {}, false, {}, {}, {}}});
  ASSERT_TRUE(rules.ok());
  EXPECT_THAT(scrub(c, *rules, context()), IsEmpty());
  EXPECT_EQ(rules->size(), defaultRules().size());
}

TEST(Scrubber, PatchesExtendReplaceAndNameTheirPaths) {
  RuleParams days;
  days.days = 90;
  PayerFilter abc;
  abc.x12PayerIds = {"ABC01"};
  auto rules = applyPatches(
      defaultRules(),
      {RulePatch{"dos.abc", CheckKind::kTimelyFiling, {}, {}, abc, days, "ABC counts 90 days."},
       RulePatch{"dos.timely_filing", CheckKind::kChargePositive, {}, {}, {}, {}, {}}});
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), defaultRules().size() + 1);
  const Rule& added = rules->back();
  EXPECT_EQ(added.id, "dos.abc");
  EXPECT_EQ(added.params.days, 90);
  EXPECT_EQ(added.severity, Severity::kError);
  EXPECT_TRUE(added.enabled);
  // Another kind replaces the whole rule: the old note is gone.
  for (const auto& r : *rules) {
    if (r.id == "dos.timely_filing") {
      EXPECT_EQ(r.kind, CheckKind::kChargePositive);
      EXPECT_EQ(r.note, "");
    }
  }

  RuleParams wrong;
  wrong.days = 30;
  auto bad =
      applyPatches(defaultRules(),
                   {RulePatch{"auth.new", {}, {}, {}, {}, {}, {}},
                    RulePatch{"auth.new2", CheckKind::kPriorAuthorization, {}, {}, {}, wrong, {}},
                    RulePatch{"auth.new2", CheckKind::kChargePositive, {}, {}, {}, {}, {}},
                    RulePatch{"npi.billing.check_digit", {}, {}, {}, {}, RuleParams{}, {}}});
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> paths;
  for (const auto& e : bad.error().fields) paths.push_back(e.field + ": " + e.message);
  EXPECT_THAT(paths,
              ElementsAre("rules[0].kind: is required for a rule that is not one of the defaults",
                          "rules[2].id: is the same as rules[1].id",
                          "rules[1].params.codes: is required for prior_authorization",
                          "rules[1].params.days: is not a parameter of prior_authorization",
                          "rules[3].params.provider: is required for npi_check_digit"));
}

TEST(Scrubber, RuleValidationNamesEachBadValue) {
  Rule r = makeRule("Bad Id", CheckKind::kTimelyFiling);
  r.params.days = 30;
  r.params.marginDays = 30;
  r.params.codes = {"70553"};
  r.payers.x12PayerIds = {"x"};
  r.payers.claimFilingIndicators = {"QQ"};
  r.payers.payerIds = {PayerId(0)};
  std::vector<std::string> paths;
  for (const auto& e : validate(r)) paths.push_back(e.field);
  EXPECT_THAT(paths, ElementsAre("id", "params.codes", "params.margin_days", "payers.payer_ids[0]",
                                 "payers.x12_payer_ids[0]", "payers.claim_filing_indicators[0]"));

  Rule p = makeRule("px.ok", CheckKind::kModifierRequired);
  p.params.codes = {"99213", "70553-70540", "9921", "A0425-A0436"};
  p.params.modifiers = {"25", "2"};
  p.params.withCodes = {"10000-69999"};
  paths.clear();
  for (const auto& e : validate(p)) paths.push_back(e.field);
  EXPECT_THAT(paths, ElementsAre("params.codes[1]", "params.codes[2]", "params.modifiers[1]"));

  Rule n = makeRule("npi.x", CheckKind::kNpiCheckDigit, RuleParams{"supervising"});
  EXPECT_THAT(validate(n),
              ElementsAre(FieldError{"params.provider",
                                     "must be billing, rendering, referring or service_facility"}));
}

TEST(Scrubber, CodeListsAndMasks) {
  const std::vector<std::string> list = {"70540-70553", "J3490", "99213"};
  EXPECT_TRUE(codeListContains(list, "70540"));
  EXPECT_TRUE(codeListContains(list, "70551"));
  EXPECT_TRUE(codeListContains(list, "70553"));
  EXPECT_FALSE(codeListContains(list, "70554"));
  EXPECT_FALSE(codeListContains(list, "7055"));
  EXPECT_TRUE(codeListContains(list, "j3490"));
  EXPECT_FALSE(codeListContains(list, "99214"));
  EXPECT_TRUE(matchesMask("1EG4TE5MK73", "#@*#@*#@@##"));
  EXPECT_FALSE(matchesMask("1EG4TE5MK7", "#@*#@*#@@##"));
  EXPECT_FALSE(matchesMask("AEG4TE5MK73", "#@*#@*#@@##"));
  EXPECT_TRUE(matchesMask("XYZ-123", "XYZ-###"));
  EXPECT_TRUE(matchesMask("xyz-1a3", "XYZ-#?#"));
}

TEST(Scrubber, FindingsComeInRuleOrderWithNotes) {
  Claim c = samples::claim();
  c.billingProvider.npi = "1245319598";
  c.lines[0].charge = Money::fromCents(0);
  c.lines[1].procedureCode = "9921";
  const auto f = scrubDefaults(c);
  EXPECT_THAT(ruleIds(f), ElementsAre("npi.billing.check_digit", "px.code", "charge.positive"));
  EXPECT_THAT(fields(f), ElementsAre("billing_provider.npi", "lines[1].procedure_code",
                                     "lines[0].charge_cents"));
  Rule noted = defaultRule("charge.positive");
  noted.note = "Ask Pat in billing.";
  EXPECT_THAT(scrubWith(c, noted)[0].message, ::testing::EndsWith(" Ask Pat in billing."));
}

}  // namespace
}  // namespace medoffice::domain::claims
