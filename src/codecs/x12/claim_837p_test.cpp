// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/claim_837p.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "codecs/x12/envelope.hpp"
#include "codecs/x12/tokenizer.hpp"
#include "domain/claims/sample_claims.hpp"

namespace medoffice::codecs::x12 {
namespace {

namespace fs = std::filesystem;
namespace claims = domain::claims;
namespace samples = domain::claims::samples;
using domain::Money;
using ::testing::ElementsAre;

domain::Date day(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

Transmission837P transmission() {
  Transmission837P t;
  t.interchange.senderId = "MEDOFFICE01";
  t.interchange.receiverId = "12345";
  t.interchange.date = day(2026, 10, 5);
  t.interchange.time = {9, 30};
  t.group.senderCode = "MEDOFFICE01";
  t.group.receiverCode = "12345";
  t.group.date = day(2026, 10, 5);
  t.group.time = {9, 30};
  t.batchReference = "B20261005-1";
  t.created = day(2026, 10, 5);
  t.createdTime = {9, 30};
  return t;
}

struct Written {
  std::string text;
  Write837PResult result;
};

/// One segment of the written ST, by its position from ST = 1.
struct Seg {
  std::uint32_t position;
  std::string text;
};

/// The segments from ST to SE (one transaction per file here), via our tokenizer.
std::vector<Seg> transactionSegments(const std::string& x12) {
  std::vector<Seg> out;
  Tokenizer t(x12);
  bool in = false;
  std::uint32_t n = 0;
  while (const Segment* s = t.next()) {
    if (s->id() == "ST") in = true;
    if (in) out.push_back({++n, std::string(s->text())});
    if (s->id() == "SE") in = false;
  }
  return out;
}

std::vector<std::string> segmentsStarting(const std::string& x12, std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& s : transactionSegments(x12)) {
    if (s.text.rfind(prefix, 0) == 0) out.push_back(s.text);
  }
  return out;
}

/// Writes, checks the envelope with our own validator, and checks it is an 837P.
Written write(const std::vector<claims::Claim>& cs, WriterOptions options = {.lineBreaks = true},
              SegmentMap* map = nullptr, Transmission837P t = transmission()) {
  Written w;
  StringSink sink(w.text);
  CountingControlNumbers numbers(1, 1, 1);
  auto r = write837P(cs, t, sink, numbers, options, map);
  EXPECT_TRUE(r.ok()) << (r.ok()
                              ? ""
                              : r.error().message + " " +
                                    (r.error().fields.empty() ? std::string()
                                                              : r.error().fields[0].field + ": " +
                                                                    r.error().fields[0].message));
  if (!r.ok()) return w;
  w.result = *r;
  const CheckReport report = check(w.text);
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].describe());
  EXPECT_TRUE(report.warnings.empty());
  EXPECT_EQ(report.summary.types, std::vector<TransactionType>{TransactionType::k837P});
  EXPECT_EQ(report.summary.claims, cs.size());
  EXPECT_EQ(report.summary.transactions, 1U);
  EXPECT_EQ(w.result.claims, cs.size());
  EXPECT_EQ(w.result.segments, transactionSegments(w.text).size());
  return w;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// ---- scenarios (also the golden files) ----

claims::Claim selfClaim(std::string pcn) {
  return samples::claim(std::move(pcn));
}

claims::Claim dependentClaim(std::string pcn) {
  claims::Claim c = samples::claim(std::move(pcn));
  c.patient = samples::dependent();
  return c;
}

claims::Claim otherSubscriber(claims::Claim c) {
  c.subscriber.name = claims::PartyName::person("Doe", "John");
  c.subscriber.memberId = "W987654321";
  c.subscriber.sex = claims::Sex::kMale;
  c.subscriber.birthDate = day(1975, 7, 4);
  c.subscriber.address = {"9 Elm St", "", "Evanston", "IL", "602011234"};
  if (c.patient) {
    c.patient->name = claims::PartyName::person("Doe", "Amy");
    c.patient->relationship = "01";
    c.patient->sex = claims::Sex::kFemale;
    c.patient->birthDate = day(1977, 2, 28);
    c.patient->address = c.subscriber.address;
  }
  return c;
}

/// 1 provider × 2 subscribers × (self + dependent), given out of order, plus a second claim
/// for one dependent; one claim's rendering provider is the billing provider (no 2310B).
std::vector<claims::Claim> hlScenario() {
  claims::Claim a = selfClaim("1001");
  a.renderingProvider = samples::renderingProvider();
  claims::Claim b = dependentClaim("1002");
  b.lines[0].modifiers = {"25"};
  claims::Claim c = otherSubscriber(selfClaim("1003"));
  c.renderingProvider = claims::ProviderRef{claims::PartyName::person("Lakeside", "Group"),
                                            c.billingProvider.npi, ""};
  claims::Claim d = otherSubscriber(dependentClaim("1004"));
  claims::Claim e = dependentClaim("1005");
  std::vector<claims::Claim> all = {b, c, a, d, e};
  for (auto& x : all)
    x.billingProvider.payToAddress = domain::Address{"PO Box 42", "", "Chicago", "IL", "606900042"};
  return all;
}

/// A replacement (frequency 7) with most optional 2300/2310/2400 data.
claims::Claim replacementScenario() {
  claims::Claim c = samples::claim("2001");
  c.frequency = claims::ClaimFrequency::kReplacement;
  c.originalClaimNumber = "2026100200123";
  c.priorAuthorization = "AUTH-778";
  c.referralNumber = "REF 991";
  c.onsetDate = day(2026, 9, 28);
  c.accident = claims::Accident{{"AA"}, "IL", day(2026, 9, 27)};
  c.patientPaid = Money::fromCents(2000);
  c.assignment = claims::Assignment::kNotAssigned;
  c.benefitsAssignment = claims::BenefitsAssignment::kNo;
  c.releaseOfInformation = claims::ReleaseOfInformation::kInformed;
  c.diagnoses = {"S13.4XXA", "M54.2", "V43.52XA"};
  c.referringProvider =
      claims::ProviderRef{claims::PartyName::person("Welby", "Marcus", "A"), "1112223338", ""};
  c.renderingProvider = samples::renderingProvider();
  c.serviceFacility =
      claims::ServiceFacility{"Lakeside Imaging Center",
                              "1447788997",
                              {"200 Lake Shore Dr", "", "Chicago", "IL", "606111234"}};
  c.lines[0].modifiers = {"25", "59"};
  c.lines[0].diagnosisPointers = {1, 2, 3};
  auto drug = samples::line("2001-3", "J3490", 1050, {1});
  drug.description = "Unlisted drug: see NDC";
  drug.ndc = domain::NdcDetail{"00026-0635-12", "ML", 1500};
  drug.units = 2;
  c.lines.push_back(drug);
  auto therapy = samples::line("2001-4", "97110", 9000, {2});
  therapy.serviceDateEnd = day(2026, 10, 9);
  therapy.placeOfService = "22";
  therapy.units = 4;
  therapy.renderingProvider = claims::ProviderRef{claims::PartyName::person("Quinn", "Michaela"),
                                                  "1677889903", "225100000X"};
  c.lines.push_back(therapy);
  return c;
}

/// A claim to the secondary payer after the primary paid, balanced as X12-NOTES §2.8 shows:
/// lines 125 = 120 + 5 (CO) and 12.50 = 12.50; AMT*D 95.61 = 132.50 - 36.89 (claim-level PR);
/// CLM02 137.50 = 95.61 + 36.89 + 5.
claims::Claim secondaryScenario() {
  claims::Claim c = samples::claim("3001");
  c.subscriber.responsibility = claims::PayerResponsibility::kSecondary;
  c.subscriber.memberId = "SEC4455667";
  c.subscriber.groupNumber = "";
  c.subscriber.groupName = "Retirees Plan";
  c.payer = claims::Payer{"Second Mutual", "77001", {}};
  claims::OtherPayer o;
  o.responsibility = claims::PayerResponsibility::kPrimary;
  o.relationship = "18";
  o.groupNumber = "GRP01020102";
  o.claimFilingIndicator = "CI";
  o.adjustments = {{"PR", "1", Money::fromCents(2189), 0}, {"PR", "2", Money::fromCents(1500), 0}};
  o.paidAmount = Money::fromCents(9561);
  o.remainingPatientLiability = Money::fromCents(3689);
  o.subscriberName = claims::PartyName::person("Smith", "Jane", "Q");
  o.subscriberMemberId = "W123456789";
  o.payerName = "Great Prairies Health";
  o.payerId = "12345";
  o.payerClaimControlNumber = "2026100200123";
  c.otherPayers.push_back(o);
  claims::LineAdjudication first;
  first.otherPayerId = "12345";
  first.paidAmount = Money::fromCents(12000);
  first.adjustments = {{"CO", "45", Money::fromCents(500), 1}};
  first.adjudicationDate = day(2026, 10, 20);
  claims::LineAdjudication second = first;
  second.paidAmount = Money::fromCents(1250);
  second.adjustments = {};
  second.procedureCode = "36416";  // as the payer coded it
  c.lines[0].adjudications.push_back(first);
  c.lines[1].adjudications.push_back(second);
  return c;
}

// ---- tests ----

TEST(Claim837P, HlTreeNumbersProvidersSubscribersAndPatientsInOnePass) {
  const auto cs = hlScenario();
  const Written w = write(cs);
  EXPECT_THAT(
      segmentsStarting(w.text, "HL*"),
      ElementsAre("HL*1**20*1", "HL*2*1*22*1", "HL*3*2*23*0", "HL*4*1*22*1", "HL*5*4*23*0"));
  // Claims follow the tree: Jane's own, Ted's two, John's own, Amy's.
  std::vector<std::string> clm;
  for (const auto& s : segmentsStarting(w.text, "CLM*")) clm.push_back(s.substr(4, 4));
  EXPECT_THAT(clm, ElementsAre("1001", "1002", "1005", "1003", "1004"));
  // Input order was b, c, a, d, e.
  const auto& p = w.result.placements;
  ASSERT_EQ(p.size(), 5U);
  EXPECT_EQ(p[2].subscriberHl, 2U);  // a: Jane herself
  EXPECT_EQ(p[2].patientHl, 0U);
  EXPECT_EQ(p[0].patientHl, 3U);     // b: Ted
  EXPECT_EQ(p[4].patientHl, 3U);     // e: Ted again, same HL
  EXPECT_EQ(p[1].subscriberHl, 4U);  // c: John himself
  EXPECT_EQ(p[3].patientHl, 5U);     // d: Amy
  for (const auto& x : p) EXPECT_EQ(x.billingProviderHl, 1U);
  const auto segs = transactionSegments(w.text);
  for (std::size_t i = 0; i < cs.size(); ++i) {
    ASSERT_GE(p[i].firstSegment, 1U);
    ASSERT_LE(p[i].lastSegment, segs.size());
    EXPECT_EQ(segs[p[i].firstSegment - 1].text.substr(0, 9),
              "CLM*" + cs[i].patientControlNumber + "*")
        << i;
    // The last segment of each claim here is its last line's REF*6R.
    EXPECT_EQ(segs[p[i].lastSegment - 1].text, "REF*6R*" + cs[i].lines.back().controlNumber);
  }
  // The subscriber is the patient of claims under 2000B: SBR02 18 and a DMG, then the payer.
  EXPECT_TRUE(contains(w.text,
                       "HL*2*1*22*1~\nSBR*P*18*GRP01020102******CI~\n"
                       "NM1*IL*1*SMITH*JANE*Q***MI*W123456789~\nN3*236 N MAIN ST~\n"
                       "N4*CHICAGO*IL*60614~\nDMG*D8*19800501*F~\n"
                       "NM1*PR*2*GREAT PRAIRIES HEALTH*****PI*12345~\n"));
  EXPECT_TRUE(
      contains(w.text,
               "HL*3*2*23*0~\nPAT*19~\nNM1*QC*1*SMITH*TED~\nN3*236 N MAIN ST~\n"
               "N4*CHICAGO*IL*60614~\nDMG*D8*20120314*M~\nCLM*1002*137.5***11:B:1*Y*A*Y*Y~\n"));
  EXPECT_TRUE(contains(w.text, "NM1*87*2~\nN3*PO BOX 42~\nN4*CHICAGO*IL*606900042~\nHL*2*1*22*1"));
  EXPECT_EQ(segmentsStarting(w.text, "NM1*85").size(), 1U);
  EXPECT_EQ(segmentsStarting(w.text, "NM1*IL").size(), 2U);
}

TEST(Claim837P, SubscriberWithOnlyDependentClaimsHasNoSbr02AndNoDmg) {
  const Written w = write({dependentClaim("1002")});
  EXPECT_THAT(segmentsStarting(w.text, "HL*"),
              ElementsAre("HL*1**20*1", "HL*2*1*22*1", "HL*3*2*23*0"));
  EXPECT_TRUE(contains(w.text,
                       "SBR*P**GRP01020102******CI~\nNM1*IL*1*SMITH*JANE*Q***MI*W123456789~\n"
                       "N3*236 N MAIN ST~\nN4*CHICAGO*IL*60614~\nNM1*PR*2*"));
  EXPECT_EQ(segmentsStarting(w.text, "DMG*").size(), 1U);  // the patient's only
}

TEST(Claim837P, SelfOnlyClaimHasNoPatientLevel) {
  const Written w = write({selfClaim("1001")});
  EXPECT_THAT(segmentsStarting(w.text, "HL*"), ElementsAre("HL*1**20*1", "HL*2*1*22*0"));
  EXPECT_TRUE(segmentsStarting(w.text, "PAT*").empty());
  EXPECT_TRUE(
      contains(w.text,
               "ST*837*0001*005010X222A1~\nBHT*0019*00*B20261005-1*20261005*0930*CH~\n"
               "NM1*41*2*MEDOFFICE BILLING*****46*MEDOFFICE01~\n"
               "PER*IC*BILLING OFFICE*TE*5555550100*EM*billing@example.org~\n"
               "NM1*40*2*CLEARINGHOUSE*****46*12345~\nHL*1**20*1~\nPRV*BI*PXC*207Q00000X~\n"
               "NM1*85*2*LAKESIDE FAMILY PRACTICE*****XX*1245319599~\n"
               "N3*100 LAKE SHORE DR*SUITE 200~\nN4*CHICAGO*IL*606111234~\nREF*EI*123456789~\n"));
  EXPECT_TRUE(contains(w.text,
                       "CLM*1001*137.5***11:B:1*Y*A*Y*Y~\nHI*ABK:J209*ABF:R051~\nLX*1~\n"
                       "SV1*HC:99213*125*UN*1***1:2~\nDTP*472*D8*20261002~\nREF*6R*1001-1~\n"
                       "LX*2~\nSV1*HC:36415*12.5*UN*1***1~\nDTP*472*D8*20261002~\nREF*6R*1001-2~\n"
                       "SE*31*0001~\nGE*1*1~\nIEA*1*000000001~\n"));
}

TEST(Claim837P, ReplacementCarriesF8AndOriginalsDoNot) {
  const Written w = write({replacementScenario()});
  EXPECT_TRUE(contains(w.text,
                       "CLM*2001*238***11:B:7*Y*C*N*I**AA:::IL~\n"
                       "DTP*431*D8*20260928~\nDTP*439*D8*20260927~\nAMT*F5*20~\n"
                       "REF*9F*REF 991~\nREF*G1*AUTH-778~\nREF*F8*2026100200123~\n"
                       "HI*ABK:S134XXA*ABF:M542*ABF:V4352XA~\n"));
  const Written original = write({selfClaim("1001")});
  EXPECT_TRUE(segmentsStarting(original.text, "REF*F8").empty());
  EXPECT_TRUE(contains(original.text, ":B:1*"));
  claims::Claim v = selfClaim("1001");
  v.frequency = claims::ClaimFrequency::kVoid;
  v.originalClaimNumber = "ICN 55";
  const Written voided = write({v});
  EXPECT_TRUE(contains(voided.text, "CLM*1001*137.5***11:B:8*Y*A*Y*Y~\nREF*F8*ICN 55~\n"));
}

TEST(Claim837P, ProvidersNdcRangesAndLinePlaceOfService) {
  const Written w = write({replacementScenario()});
  EXPECT_TRUE(contains(w.text,
                       "NM1*DN*1*WELBY*MARCUS*A***XX*1112223338~\n"
                       "NM1*82*1*KILDARE*BEN****XX*1999996667~\nPRV*PE*PXC*207Q00000X~\n"
                       "NM1*77*2*LAKESIDE IMAGING CENTER*****XX*1447788997~\n"
                       "N3*200 LAKE SHORE DR~\nN4*CHICAGO*IL*606111234~\nLX*1~\n"));
  EXPECT_TRUE(contains(w.text, "SV1*HC:99213:25:59*125*UN*1***1:2:3~\n"));
  EXPECT_TRUE(contains(w.text,
                       "LX*3~\nSV1*HC:J3490:::::UNLISTED DRUG SEE NDC*10.5*UN*2***1~\n"
                       "DTP*472*D8*20261002~\nREF*6R*2001-3~\nLIN**N4*00026063512~\n"
                       "CTP****1.5*ML~\nLX*4~\n"));
  EXPECT_TRUE(contains(w.text,
                       "LX*4~\nSV1*HC:97110*90*UN*4*22**2~\n"
                       "DTP*472*RD8*20261002-20261009~\nREF*6R*2001-4~\n"
                       "NM1*82*1*QUINN*MICHAELA****XX*1677889903~\nPRV*PE*PXC*225100000X~\nSE*"));
}

TEST(Claim837P, RenderingProviderOnlyWhenItDiffersFromTheBillingProvider) {
  claims::Claim same = selfClaim("1001");
  same.renderingProvider = claims::ProviderRef{claims::PartyName::person("Kildare", "Ben"),
                                               same.billingProvider.npi, "207Q00000X"};
  same.lines[0].renderingProvider = same.renderingProvider;  // same as the claim's: no 2420A
  const Written a = write({same});
  EXPECT_TRUE(segmentsStarting(a.text, "NM1*82").empty());
  EXPECT_TRUE(segmentsStarting(a.text, "PRV*PE").empty());

  claims::Claim other = selfClaim("1001");
  other.renderingProvider = samples::renderingProvider();
  other.lines[1].renderingProvider = samples::renderingProvider();  // the claim's own: no 2420A
  const Written b = write({other});
  EXPECT_THAT(segmentsStarting(b.text, "NM1*82"),
              ElementsAre("NM1*82*1*KILDARE*BEN****XX*1999996667"));
  EXPECT_TRUE(contains(b.text,
                       "HI*ABK:J209*ABF:R051~\nNM1*82*1*KILDARE*BEN****XX*1999996667~\n"
                       "PRV*PE*PXC*207Q00000X~\nLX*1~\n"));
}

TEST(Claim837P, CobLoopsOnlyWhenPresentAndInGuideOrder) {
  const Written plain = write({selfClaim("1001")});
  for (const char* id : {"SVD*", "CAS*", "OI*", "AMT*D*", "DTP*573"}) {
    EXPECT_TRUE(segmentsStarting(plain.text, id).empty()) << id;
  }
  const Written w = write({secondaryScenario()});
  EXPECT_TRUE(contains(w.text, "HL*2*1*22*0~\nSBR*S*18**RETIREES PLAN*****CI~\n"));
  EXPECT_TRUE(contains(w.text, "NM1*PR*2*SECOND MUTUAL*****PI*77001~\nCLM*3001*137.5***11:B:1"));
  EXPECT_TRUE(
      contains(w.text,
               "HI*ABK:J209*ABF:R051~\nSBR*P*18*GRP01020102******CI~\n"
               "CAS*PR*1*21.89**2*15~\nAMT*D*95.61~\nAMT*EAF*36.89~\nOI***Y***Y~\n"
               "NM1*IL*1*SMITH*JANE*Q***MI*W123456789~\n"
               "NM1*PR*2*GREAT PRAIRIES HEALTH*****PI*12345~\nREF*F8*2026100200123~\nLX*1~\n"));
  EXPECT_TRUE(contains(w.text,
                       "REF*6R*3001-1~\nSVD*12345*120*HC:99213**1~\nCAS*CO*45*5*1~\n"
                       "DTP*573*D8*20261020~\nLX*2~\n"));
  EXPECT_TRUE(contains(w.text,
                       "REF*6R*3001-2~\nSVD*12345*12.5*HC:36416**1~\n"
                       "DTP*573*D8*20261020~\nSE*"));
}

TEST(Claim837P, DelimitersInDataAreStrippedAndTextIsCleaned) {
  claims::Claim c = dependentClaim("1002");
  c.patient->name = claims::PartyName::person("O'Brien*Smith~", "Zoë:Ann^", "\tJ");
  c.patient->address.line1 = "12 Main St\r\nApt 4";
  c.subscriber.memberId = "w12*34:5~";
  c.payer.name = "Łódź Mutual ~ Straße";
  c.lines[0].description = "";
  const Written w = write({c});
  EXPECT_TRUE(contains(w.text, "NM1*QC*1*O'BRIEN SMITH*ZOE ANN*J~\nN3*12 MAIN ST APT 4~\n"));
  EXPECT_TRUE(contains(w.text, "*MI*W12345~\n"));
  EXPECT_TRUE(contains(w.text, "NM1*PR*2*LODZ MUTUAL STRASSE*****PI*12345~\n"));

  // With other delimiters, '*' is data and '|' is not.
  WriterOptions pipes;
  pipes.delimiters = {'|', '!', '>', '~'};
  pipes.lineBreaks = true;
  c.patient->name = claims::PartyName::person("Star*Pipe|Bang!", "Gt>Ann");
  const Written p = write({c}, pipes);
  EXPECT_TRUE(contains(p.text, "NM1|QC|1|STAR*PIPE BANG|GT ANN~\n"));
  EXPECT_TRUE(contains(p.text, "SV1|HC>99213|125|UN|1|||1>2~\n"));
}

TEST(Claim837P, CleanX12TextFoldsCutsAndDrops) {
  const Delimiters d;
  EXPECT_EQ(cleanX12Text("  José  Ñúñez-Æsir ", 60, d), "JOSE NUNEZ-AESIR");
  EXPECT_EQ(cleanX12Text("Groß“Smith”", 60, d), "GROSS\"SMITH\"");
  EXPECT_EQ(cleanX12Text("O’Neil", 60, d), "O'NEIL");
  EXPECT_EQ(cleanX12Text("ABC DEF", 4, d), "ABC");  // never ends in a space
  EXPECT_EQ(cleanX12Text("ABCDEFG", 4, d), "ABCD");
  EXPECT_EQ(cleanX12Text("日本 😀", 60, d), "");
  EXPECT_EQ(cleanX12Text("A\xFF\xC3(B", 60, d), "A(B");  // bytes that are not UTF-8 are dropped
  EXPECT_EQ(cleanX12Text("a*b:c^d~e", 60, d, TextKind::kIdentifier), "ABCDE");
  EXPECT_EQ(cleanX12Text("a*b:c^d~e", 60, d, TextKind::kText), "A B C D E");
  EXPECT_EQ(cleanX12Text("Billing@Example.org", 60, d, TextKind::kEmail), "Billing@Example.org");
}

TEST(Claim837P, RequiredNameThatCleansToNothingIsAnErrorNamingTheField) {
  claims::Claim c = dependentClaim("1002");
  c.patient->name.last = "山田";
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(1, 1, 1);
  auto r =
      write837P(std::vector<claims::Claim>{selfClaim("1001"), c}, transmission(), sink, numbers);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().fields.size(), 1U);
  EXPECT_EQ(r.error().fields[0].field, "claims[1].patient.name.last");
}

TEST(Claim837P, AmountsAreExactFromCents) {
  EXPECT_EQ(x12Amount(Money::fromCents(12500)), "125");
  EXPECT_EQ(x12Amount(Money::fromCents(12550)), "125.5");
  EXPECT_EQ(x12Amount(Money::fromCents(12505)), "125.05");
  EXPECT_EQ(x12Amount(Money::fromCents(0)), "0");
  EXPECT_EQ(x12Amount(Money::fromCents(1)), "0.01");
  EXPECT_EQ(x12Amount(Money::fromCents(10)), "0.1");
  EXPECT_EQ(x12Amount(Money::fromCents(-900)), "-9");
  EXPECT_EQ(x12Amount(Money::fromCents(-5)), "-0.05");
  EXPECT_EQ(x12Amount(Money::fromCents(std::numeric_limits<std::int64_t>::max())),
            "92233720368547758.07");
  EXPECT_EQ(x12Amount(Money::fromCents(std::numeric_limits<std::int64_t>::min())),
            "-92233720368547758.08");
  EXPECT_EQ(x12Decimal(1500), "1.5");
  EXPECT_EQ(x12Decimal(10000), "10");
  EXPECT_EQ(x12Decimal(1), "0.001");
  EXPECT_EQ(x12Decimal(1250), "1.25");

  // 0.10 + 0.20 is 0.3 here, and three lines of 33.33 are 99.99: the total is summed in cents.
  claims::Claim c = selfClaim("1001");
  c.lines[0].charge = Money::fromCents(10);
  c.lines[1].charge = Money::fromCents(20);
  EXPECT_TRUE(contains(write({c}).text, "CLM*1001*0.3***"));
  c.lines[0].charge = Money::fromCents(3333);
  c.lines[1].charge = Money::fromCents(3333);
  c.lines.push_back(samples::line("1001-3", "99000", 3333, {1}));
  const Written w = write({c});
  EXPECT_TRUE(contains(w.text, "CLM*1001*99.99***"));
  EXPECT_EQ(segmentsStarting(w.text, "SV1*HC:99000*33.33*").size(), 1U);
}

TEST(Claim837P, InvalidClaimsAreRefusedBeforeAnythingIsWritten) {
  claims::Claim bad = selfClaim("1002");
  bad.lines[0].diagnosisPointers = {3};
  claims::Claim otherReceiver = selfClaim("1003");
  otherReceiver.receiver.id = "99999";
  std::string out;
  StringSink sink(out);
  CountingControlNumbers numbers(7, 7, 7);
  auto r = write837P(std::vector<claims::Claim>{selfClaim("1001"), bad, otherReceiver},
                     transmission(), sink, numbers);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  EXPECT_THAT(fields,
              ElementsAre("claims[1].lines[0].diagnosis_pointers[0]", "claims[2].receiver"));
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(*numbers.nextInterchange(), 7U) << "no control number was drawn";

  auto none = write837P(std::vector<claims::Claim>{}, transmission(), sink, numbers);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().fields[0].field, "claims");
  std::vector<claims::Claim> many(kMaxClaimsPerTransaction + 1, selfClaim("1"));
  auto tooMany = write837P(many, transmission(), sink, numbers);
  ASSERT_FALSE(tooMany.ok());
  EXPECT_EQ(tooMany.error().fields[0].field, "claims");
  Transmission837P noRef = transmission();
  noRef.batchReference = "~";
  auto ref = write837P(std::vector<claims::Claim>{selfClaim("1")}, noRef, sink, numbers);
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.error().fields[0].field, "batch_reference");
  EXPECT_TRUE(out.empty());
}

TEST(Claim837P, SegmentMapLeadsEverySegmentBackToItsClaimAndField) {
  auto cs = hlScenario();
  cs.push_back(secondaryScenario());
  SegmentMap map;
  const Written w = write(cs, {.lineBreaks = true}, &map);
  const auto segs = transactionSegments(w.text);
  ASSERT_EQ(map.origins().size(), segs.size());
  for (const auto& s : segs) {
    const SegmentOrigin* o = map.at(s.position);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(s.text.substr(0, s.text.find('*')), o->segment) << s.position;
    for (std::string_view id : {"NM1", "REF", "DTP", "AMT", "PER", "PRV"}) {
      if (o->segment == id) {
        EXPECT_EQ(s.text.substr(4, o->qualifier.size() + 1), std::string(o->qualifier) + "*")
            << s.text;
      }
    }
  }
  EXPECT_EQ(map.at(0), nullptr);
  EXPECT_EQ(map.at(static_cast<std::uint32_t>(segs.size() + 1)), nullptr);
  EXPECT_EQ(map.placements().size(), cs.size());

  auto find = [&](std::string_view text, std::size_t nth = 0) -> std::uint32_t {
    for (const auto& s : segs) {
      if (s.text.rfind(text, 0) == 0 && nth-- == 0) return s.position;
    }
    return 0;
  };
  // A member id error in Jane's 2010BA concerns her own claim and Ted's two (inputs 2, 0, 4).
  const std::uint32_t jane = find("NM1*IL*1*SMITH*JANE");
  EXPECT_THAT(map.claimsAt(jane), ElementsAre(0, 2, 4));
  EXPECT_EQ(map.fieldPath(jane, 9), "subscriber.member_id");
  EXPECT_EQ(map.at(jane)->loop, "2010BA");
  EXPECT_EQ(map.at(jane)->hl, 2U);
  // Ted's 2010CA concerns his claims only.
  EXPECT_THAT(map.claimsAt(find("NM1*QC*1*SMITH*TED")), ElementsAre(0, 4));
  // The header concerns every claim.
  EXPECT_EQ(map.claimsAt(find("BHT*")).size(), cs.size());
  EXPECT_EQ(map.claimsAt(static_cast<std::uint32_t>(segs.size())).size(), cs.size());  // SE
  // Claim 1002 (input 0) has modifier 25 on its first line.
  const std::uint32_t sv1 = find("SV1*HC:99213:25");
  EXPECT_THAT(map.claimsAt(sv1), ElementsAre(0));
  EXPECT_EQ(map.fieldPath(sv1, 1, 3), "lines[0].modifiers[0]");
  EXPECT_EQ(map.fieldPath(sv1, 1), "lines[0].procedure_code");
  EXPECT_EQ(map.fieldPath(sv1, 7, 2), "lines[0].diagnosis_pointers[1]");
  EXPECT_EQ(map.fieldPath(sv1, 3), "lines[0].unit_basis");
  EXPECT_EQ(map.fieldPath(sv1, 6), "");
  // The secondary claim (input 5): 2320, 2330B and 2430.
  const std::uint32_t amtD = find("AMT*D*");
  EXPECT_THAT(map.claimsAt(amtD), ElementsAre(5));
  EXPECT_EQ(map.fieldPath(amtD, 2), "other_payers[0].paid_amount_cents");
  EXPECT_EQ(map.at(amtD)->loop, "2320");
  EXPECT_EQ(map.fieldPath(find("NM1*PR*2*GREAT PRAIRIES HEALTH*****PI*12345", 2), 9),
            "other_payers[0].payer_id");
  const std::uint32_t svd = find("SVD*", 1);
  EXPECT_EQ(map.fieldPath(svd, 3, 2), "lines[1].adjudications[0].procedure_code");
  EXPECT_EQ(map.at(svd)->loop, "2430");
  EXPECT_EQ(map.fieldPath(find("REF*6R*3001-2"), 2), "lines[1].control_number");
  EXPECT_EQ(map.fieldPath(find("CLM*3001"), 5, 3), "frequency");
  EXPECT_EQ(map.fieldPath(find("HI*", 5), 2, 2), "diagnoses[1]");
  EXPECT_EQ(map.at(find("REF*6R*3001-2"))->qualifier, "6R");
}

// ---- golden files ----

/// tests/golden/x12/837p of this checkout. ccache's base_dir makes __FILE__ relative to the
/// build directory, so the repository is found from __FILE__ when that resolves, else by
/// walking up from the working directory.
fs::path goldenDir() {
  auto isRoot = [](const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "src" / "codecs" / "x12" / "claim_837p.hpp", ec);
  };
  fs::path root = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
  if (!isRoot(root)) {
    for (fs::path dir = fs::current_path(); !dir.empty(); dir = dir.parent_path()) {
      if (isRoot(dir)) {
        root = dir;
        break;
      }
      if (dir == dir.parent_path()) break;
    }
  }
  return root / "tests" / "golden" / "x12" / "837p";
}

void compareGolden(const std::string& name, const std::string& actual) {
  const fs::path path = goldenDir() / name;
  const char* update = std::getenv("MEDOFFICE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path << " is missing: run with MEDOFFICE_UPDATE_GOLDEN=1";
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "differs from " << path << " (MEDOFFICE_UPDATE_GOLDEN=1 rewrites it after review)";
}

TEST(Claim837PGolden, SubscribersAndDependents) {
  compareGolden("subscribers_and_dependents.x12", write(hlScenario()).text);
}

TEST(Claim837PGolden, ReplacementWithNdcAndProviders) {
  compareGolden("replacement_ndc_providers.x12", write({replacementScenario()}).text);
}

TEST(Claim837PGolden, SecondaryWithCob) {
  compareGolden("secondary_cob.x12", write({secondaryScenario()}).text);
}

}  // namespace
}  // namespace medoffice::codecs::x12
