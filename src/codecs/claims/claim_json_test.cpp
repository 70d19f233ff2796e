// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/claims/claim_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "codecs/claims/claim_scenarios_for_test.hpp"
#include "codecs/x12/claim_837p.hpp"
#include "domain/claims/default_rules.hpp"
#include "domain/claims/scrubber.hpp"

namespace medoffice::codecs {
namespace {

namespace claims = domain::claims;
using nlohmann::json;
using scenarios::claimDifference;
using scenarios::dayForTest;
using ::testing::HasSubstr;

/// The JSON value at `path` (`lines[1].modifiers[0]`) in `doc`, or nullptr. With
/// `shortArrays`, an index past the end of an existing array counts as found (the SegmentMap
/// lists SV101-3..6 whether or not the line has four modifiers).
const json* resolve(const json& doc, const std::string& path, bool shortArrays = false) {
  static const json kPastTheEnd = "past the end";
  const json* at = &doc;
  std::size_t pos = 0;
  while (pos < path.size()) {
    const std::size_t dot = path.find('.', pos);
    std::string part = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    pos = dot == std::string::npos ? path.size() : dot + 1;
    std::vector<std::size_t> indexes;
    while (!part.empty() && part.back() == ']') {
      const std::size_t open = part.rfind('[');
      if (open == std::string::npos) return nullptr;
      indexes.insert(indexes.begin(), std::stoul(part.substr(open + 1, part.size() - open - 2)));
      part.resize(open);
    }
    if (!at->is_object() || !at->contains(part)) return nullptr;
    at = &(*at)[part];
    for (std::size_t k : indexes) {
      if (!at->is_array()) return nullptr;
      if (k >= at->size()) return shortArrays ? &kPastTheEnd : nullptr;
      at = &(*at)[k];
    }
  }
  return at;
}

std::string fieldsOf(const domain::Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += "\n  " + f.field + ": " + f.message;
  return out;
}

/// The message given for `field`, or "(none)".
std::string messageFor(const domain::Result<claims::Claim>& r, const std::string& field) {
  if (r.ok()) return "(decoded)";
  for (const auto& f : r.error().fields) {
    if (f.field == field) return f.message;
  }
  return "(none) in " + fieldsOf(r.error());
}

// ---- round trips ----

TEST(ClaimJson, EveryScenarioComesBackEqualAndEncodesToTheSameBytes) {
  for (const claims::Claim& c : scenarios::allClaims()) {
    const std::string text = claimToJson(c);
    const auto back = claimFromJson(text);
    ASSERT_TRUE(back.ok()) << c.patientControlNumber << ": " << fieldsOf(back.error());
    EXPECT_EQ(claimDifference(c, *back), "") << c.patientControlNumber << "\n" << text;
    EXPECT_EQ(claimToJson(*back), text);
  }
  // The plain sample, as the domain builds it.
  const claims::Claim sample = claims::samples::claim();
  const auto back = claimFromJson(claimToJson(sample));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(claimDifference(sample, *back), "");
}

TEST(ClaimJson, WritesReadableMembersAndOmitsUnsetOptionals) {
  const json self = json::parse(claimToJson(scenarios::selfClaim("1001")));
  EXPECT_FALSE(self.contains("id"));
  EXPECT_FALSE(self.contains("patient"));
  EXPECT_FALSE(self.contains("accident"));
  EXPECT_FALSE(self.contains("onset_date"));
  EXPECT_FALSE(self.contains("patient_paid_cents"));
  EXPECT_FALSE(self["billing_provider"].contains("pay_to_address"));
  EXPECT_FALSE(self["lines"][0].contains("ndc"));
  EXPECT_FALSE(self["lines"][0].contains("service_date_end"));
  EXPECT_EQ(self["original_claim_number"], "");  // non-optional members are always there
  EXPECT_EQ(self["other_payers"], json::array());
  EXPECT_EQ(self["frequency"], "original");
  EXPECT_EQ(self["subscriber"]["sex"], "female");
  EXPECT_EQ(self["subscriber"]["birth_date"], "1980-05-01");
  EXPECT_EQ(self["subscriber"]["responsibility"], "primary");
  EXPECT_EQ(self["billing_provider"]["name"]["type"], "organization");
  EXPECT_EQ(self["billing_provider"]["tax_id_kind"], "ein");
  EXPECT_EQ(self["lines"][0]["charge_cents"], 12500);
  EXPECT_EQ(self["lines"][0]["diagnosis_pointers"], json::parse("[1,2]"));
  EXPECT_EQ(self["lines"][1]["service_date"], "2026-10-02");
  EXPECT_EQ(self["diagnoses"], json::parse(R"(["J20.9","R05.1"])"));

  const json full = json::parse(claimToJson(scenarios::replacementClaim("2001")));
  EXPECT_EQ(full["id"], 4242);
  EXPECT_EQ(full["frequency"], "replacement");
  EXPECT_EQ(full["assignment"], "lab_only");
  EXPECT_EQ(full["benefits_assignment"], "not_applicable");
  EXPECT_EQ(full["release_of_information"], "informed");
  EXPECT_EQ(full["provider_signature_on_file"], false);
  EXPECT_EQ(full["patient"]["sex"], "male");
  EXPECT_EQ(full["patient"]["relationship"], "19");
  EXPECT_EQ(full["patient_paid_cents"], 2000);
  EXPECT_EQ(full["accident"]["causes"], json::parse(R"(["AA","OA"])"));
  EXPECT_EQ(full["accident"]["date"], "2026-09-27");
  EXPECT_EQ(full["lines"][2]["ndc"]["quantity"], "1.5");
  EXPECT_EQ(full["lines"][3]["unit_basis"], "minutes");
  EXPECT_EQ(full["lines"][3]["service_date_end"], "2026-10-09");
  EXPECT_EQ(full["billing_provider"]["tax_id_kind"], "ssn");

  const json cob = json::parse(claimToJson(scenarios::secondaryClaim("3001")));
  EXPECT_EQ(cob["subscriber"]["responsibility"], "secondary");
  EXPECT_EQ(cob["other_payers"][0]["paid_amount_cents"], 9561);
  EXPECT_EQ(cob["other_payers"][0]["adjustments"][2]["amount_cents"], -500);
  EXPECT_EQ(cob["other_payers"][0]["subscriber_name"]["last"], "Smith");
  EXPECT_EQ(cob["lines"][1]["adjudications"][0]["procedure_code"], "36416");
  EXPECT_FALSE(cob["lines"][1]["adjudications"][0].contains("remaining_patient_liability_cents"));
}

TEST(ClaimJson, NdcQuantityIsAnExactDecimal) {
  claims::Claim c = scenarios::replacementClaim("2001");
  for (std::int64_t q :
       {std::int64_t{1}, std::int64_t{10}, std::int64_t{1000}, std::int64_t{1250}, std::int64_t{-7},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    c.lines[2].ndc->quantityMilli = q;
    const auto back = claimFromJson(claimToJson(c));
    ASSERT_TRUE(back.ok()) << q;
    EXPECT_EQ(back->lines[2].ndc->quantityMilli, q);
  }
  c.lines[2].ndc->quantityMilli = 10;
  EXPECT_EQ(json::parse(claimToJson(c))["lines"][2]["ndc"]["quantity"], "0.01");
  // A JSON number is read too.
  json doc = json::parse(claimToJson(c));
  doc["lines"][2]["ndc"]["quantity"] = 2.25;
  auto r = claimFromJson(doc.dump());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lines[2].ndc->quantityMilli, 2250);
  for (const char* bad : {"\"1.2345\"", "\"1e3\"", "\"+1\"", "\"1.\"", "\".5\"", "\"\"",
                          "\"99999999999999999999\"", "true", "1e300"}) {
    doc["lines"][2]["ndc"]["quantity"] = json::parse(bad);
    EXPECT_THAT(messageFor(claimFromJson(doc.dump()), "lines[2].ndc.quantity"),
                HasSubstr("at most 3 decimals"))
        << bad;
  }
}

// ---- names: the paths validate(), the scrubber and the 837P SegmentMap report ----

/// A claim that breaks many of validate()'s rules at once.
claims::Claim brokenClaim() {
  claims::Claim c = scenarios::secondaryClaim("X");
  c.patientControlNumber = "123456789012345678901";
  c.submitter.id = "";
  c.submitter.contact = {};
  c.receiver = {};
  c.billingProvider.npi = "";
  c.billingProvider.taxId = "";
  c.billingProvider.address.city = "";
  c.billingProvider.payToAddress = domain::Address{};
  c.subscriber.memberId = "";
  c.subscriber.claimFilingIndicator = "";
  c.subscriber.name.type = claims::EntityType::kOrganization;
  c.subscriber.birthDate.reset();
  c.payer = {};
  c.placeOfService = "";
  c.originalClaimNumber = "F8";
  c.accident = claims::Accident{{"AA", "ZZ", "EM"}, "", std::nullopt};
  c.diagnoses.push_back(" ");
  c.referringProvider = claims::ProviderRef{claims::PartyName::organization(""), "", ""};
  c.renderingProvider = claims::ProviderRef{claims::PartyName::person("", ""), "", ""};
  c.serviceFacility = claims::ServiceFacility{};
  c.otherPayers[0].relationship = "";
  c.otherPayers[0].subscriberName.last = "";
  c.otherPayers[0].adjustments.push_back({"XX", "", domain::Money::fromCents(1), -1});
  c.otherPayers.push_back(c.otherPayers[0]);
  claims::ServiceLine& l = c.lines[0];
  l.controlNumber = c.lines[1].controlNumber;
  l.procedureCode = "";
  l.modifiers = {"25", " ", "59", "XS", "76"};
  l.charge = domain::Money::fromCents(-1);
  l.units = 0;
  l.diagnosisPointers = {0, 9};
  l.serviceDateEnd = dayForTest(2020, 1, 1);
  l.ndc = domain::NdcDetail{"", "", 0};
  l.renderingProvider = claims::ProviderRef{};
  l.adjudications[0].otherPayerId = "NOPE";
  l.adjudications[0].paidUnits = -1;
  l.adjudications[0].modifiers = {"1", "2", "3", "4", "5"};
  c.lines[1].diagnosisPointers.clear();
  c.patient = claims::Patient{};
  c.patient->relationship = "18";
  c.patient->name.type = claims::EntityType::kOrganization;
  return c;
}

TEST(ClaimJson, EveryPathValidateNamesIsAMemberOfTheJson) {
  const claims::Claim c = brokenClaim();
  const auto errors = claims::validate(c);
  ASSERT_GE(errors.size(), 40U);
  const json doc = json::parse(claimToJson(c));
  for (const auto& e : errors) {
    EXPECT_NE(resolve(doc, e.field), nullptr) << e.field << ": " << e.message;
  }
  // The ones the task names, explicitly.
  EXPECT_NE(resolve(doc, "lines[0].diagnosis_pointers[1]"), nullptr);
  EXPECT_NE(resolve(doc, "subscriber.member_id"), nullptr);
  EXPECT_NE(resolve(doc, "billing_provider.npi"), nullptr);
  EXPECT_NE(resolve(doc, "lines[0].charge_cents"), nullptr);
  EXPECT_NE(resolve(doc, "lines[0].ndc.quantity"), nullptr);
  EXPECT_NE(resolve(doc, "other_payers[1].subscriber_name.last"), nullptr);
}

TEST(ClaimJson, EveryFieldTheScrubberNamesIsAMemberOfTheJson) {
  std::vector<claims::Claim> all = scenarios::allClaims();
  // Values the default rules flag: check digits, formats, codes, dates, modifiers.
  claims::Claim c = scenarios::replacementClaim("5001");
  c.billingProvider.npi = "1245319598";
  c.billingProvider.taxId = "111111111";
  c.billingProvider.taxonomy = "207";
  c.renderingProvider->npi = "1999996668";
  c.referringProvider->npi = "123";
  c.serviceFacility->npi = "1447788998";
  c.lines[3].renderingProvider->npi = "1";
  c.lines[3].renderingProvider->taxonomy = "X";
  c.subscriber.memberId = "W?";
  c.subscriber.claimFilingIndicator = "ZZ";
  c.subscriber.insuranceTypeCode = "99";
  c.patient->relationship = "99";
  c.patient->sex = claims::Sex::kUnknown;
  c.patient->birthDate = dayForTest(2030, 1, 1);
  c.diagnoses = {"J20", "ZZZ.9", "R05.1"};
  c.lines[0].procedureCode = "9921";
  c.lines[0].modifiers = {"25", "25", "QQ"};
  c.lines[0].diagnosisPointers = {1, 7};
  c.lines[1].serviceDate = dayForTest(2031, 1, 1);
  c.lines[1].placeOfService = "0";
  c.lines[2].charge = domain::Money::fromCents(0);
  all.push_back(c);
  claims::Claim d = scenarios::secondaryClaim("5002");
  d.otherPayers[0].relationship = "77";
  d.otherPayers[0].claimFilingIndicator = "Q";
  d.otherPayers[0].insuranceTypeCode = "1";
  d.subscriber.sex = claims::Sex::kUnknown;
  all.push_back(d);

  claims::ScrubContext context;
  context.today = dayForTest(2026, 10, 10);
  const auto rules = claims::defaultRules();
  std::size_t findings = 0;
  for (const auto& claim : all) {
    const json doc = json::parse(claimToJson(claim));
    for (const auto& f : claims::scrub(claim, rules, context)) {
      ++findings;
      EXPECT_NE(resolve(doc, f.field), nullptr)
          << claim.patientControlNumber << " " << f.rule << ": " << f.field;
    }
  }
  EXPECT_GE(findings, 20U);
}

TEST(ClaimJson, EveryFieldThe837PSegmentMapNamesIsAMemberOfTheJson) {
  // The claims with every optional member set, so each table entry has its member.
  std::vector<claims::Claim> cs = {scenarios::replacementClaim("2001"),
                                   scenarios::secondaryClaim("3001")};
  cs[1].billingProvider = cs[0].billingProvider;
  std::string out;
  x12::StringSink sink(out);
  x12::CountingControlNumbers numbers(1, 1, 1);
  x12::Transmission837P t;
  t.interchange.senderId = "MEDOFFICE01";
  t.interchange.receiverId = "12345";
  t.interchange.date = dayForTest(2026, 10, 5);
  t.group.senderCode = "MEDOFFICE01";
  t.group.receiverCode = "12345";
  t.group.date = t.interchange.date;
  t.batchReference = "B1";
  t.created = t.interchange.date;
  x12::SegmentMap map;
  const auto written = x12::write837P(cs, t, sink, numbers, {}, &map);
  ASSERT_TRUE(written.ok()) << fieldsOf(written.error());
  std::vector<json> docs;
  for (const auto& c : cs) docs.push_back(json::parse(claimToJson(c)));
  // The written segments by position from ST = 1: the tables list every element a segment can
  // have, and only those written must be members (an absent accident has no CLM11).
  std::vector<std::string> segments;
  bool inTransaction = false;
  for (std::size_t at = 0; at < out.size();) {
    const std::size_t end = out.find('~', at);
    const std::string segment = out.substr(at, end - at);
    at = end == std::string::npos ? out.size() : end + 1;
    if (segment.rfind("ST*", 0) == 0) inTransaction = true;
    if (inTransaction) segments.push_back(segment);
    if (segment.rfind("SE*", 0) == 0) inTransaction = false;
  }
  auto part = [](const std::string& text, char separator, std::size_t n) {
    std::size_t begin = 0;
    for (std::size_t k = 0; k < n; ++k) {
      begin = text.find(separator, begin);
      if (begin == std::string::npos) return std::string();
      ++begin;
    }
    return text.substr(begin, text.find(separator, begin) - begin);
  };
  std::size_t checked = 0;
  for (const x12::SegmentOrigin& o : map.origins()) {
    ASSERT_LE(o.position, segments.size());
    for (const x12::ElementField& f : o.fields) {
      const std::string element = part(segments[o.position - 1], '*', f.element);
      const std::string value =
          f.component == 0 ? element : [&] { return part(":" + element, ':', f.component); }();
      if (value.empty()) continue;
      const std::string path = map.fieldPath(o.position, f.element, f.component);
      // Not claim members: BHT03 is the batch's, CLM02 is computed from the lines.
      if (path.empty() || path == "batch_reference" || path == "total_charge") continue;
      for (std::size_t i : map.claimsAt(o.position)) {
        ++checked;
        EXPECT_NE(resolve(docs[i], path), nullptr)
            << segments[o.position - 1] << " at " << o.position << " of claim " << i << ": "
            << path;
      }
    }
  }
  EXPECT_GE(checked, 200U);
}

// ---- bad input ----

TEST(ClaimJson, TextThatIsNotAClaimObjectIsRefusedNamingTheBody) {
  for (const char* bad : {"", "not json", "[1,2]", "\"claim\"", "42", "{\"a\":", "\xff\xfe{}",
                          "{\"lines\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}"}) {
    const auto r = claimFromJson(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid);
    ASSERT_EQ(r.error().fields.size(), 1U) << bad;
    EXPECT_EQ(r.error().fields[0].field, "body") << bad;
  }
  domain::FieldErrors errors;
  (void)readClaimJson(json::array(), errors, "claims[2]");
  ASSERT_EQ(errors.list().size(), 1U);
  EXPECT_EQ(errors.list()[0].field, "claims[2]");
}

TEST(ClaimJson, WrongTypesAndUnknownMembersAreRefusedNamingTheirPaths) {
  json doc = json::parse(claimToJson(scenarios::secondaryClaim("3001")));
  doc["lines"][1]["units"] = "2";
  doc["lines"][0]["modifiers"] = json::parse(R"(["25", 59])");
  doc["lines"][0]["diagnosis_pointers"] = json::parse("[1, 1.5, \"2\"]");
  doc["subscriber"]["member_idd"] = "W1";
  doc["subscriber"]["sex"] = "F";
  doc["billing_provider"]["name"] = "Lakeside";
  doc["other_payers"][0]["adjustments"][1]["amount_cents"] = "15.00";
  doc["other_payers"][0]["adjustments"][0]["colour"] = "red";
  doc["lines"][0]["adjudications"][0]["adjudication_date"] = "2026-02-30";
  doc["provider_signature_on_file"] = "yes";
  doc["frequency"] = 1;
  doc["diagnoses"] = "J20.9";
  doc["patient"] = json::array();
  doc["extra"] = json::object();
  doc["id"] = 0;
  const auto r = claimFromJson(doc.dump());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid);
  EXPECT_THAT(messageFor(r, "lines[1].units"), HasSubstr("must be an integer"));
  EXPECT_EQ(messageFor(r, "lines[0].modifiers[1]"), "must be a string");
  EXPECT_THAT(messageFor(r, "lines[0].diagnosis_pointers[1]"), HasSubstr("must be an integer"));
  EXPECT_THAT(messageFor(r, "lines[0].diagnosis_pointers[2]"), HasSubstr("must be an integer"));
  EXPECT_EQ(messageFor(r, "subscriber.member_idd"), "is not a known field");
  EXPECT_EQ(messageFor(r, "subscriber.sex"), "must be female, male or unknown");
  EXPECT_EQ(messageFor(r, "billing_provider.name"), "must be an object");
  EXPECT_THAT(messageFor(r, "other_payers[0].adjustments[1].amount_cents"),
              HasSubstr("must be an integer"));
  EXPECT_EQ(messageFor(r, "other_payers[0].adjustments[0].colour"), "is not a known field");
  EXPECT_THAT(messageFor(r, "lines[0].adjudications[0].adjudication_date"),
              HasSubstr("YYYY-MM-DD"));
  EXPECT_EQ(messageFor(r, "provider_signature_on_file"), "must be true or false");
  EXPECT_EQ(messageFor(r, "frequency"), "must be original, replacement or void");
  EXPECT_EQ(messageFor(r, "diagnoses"), "must be an array of strings");
  EXPECT_EQ(messageFor(r, "patient"), "must be an object");
  EXPECT_EQ(messageFor(r, "extra"), "is not a known field");
  EXPECT_THAT(messageFor(r, "id"), HasSubstr("from 1 to"));
  EXPECT_EQ(r.error().fields.size(), 16U) << fieldsOf(r.error());
}

TEST(ClaimJson, HugeNumbersAreRefusedNamingTheirPaths) {
  const json base = json::parse(claimToJson(scenarios::replacementClaim("2001")));
  struct Case {
    const char* path;
    std::string value;
  };
  const std::vector<Case> cases = {
      {"lines[0].charge_cents", "99999999999999999999"},
      {"lines[0].charge_cents", "9000000000000001"},
      {"lines[0].charge_cents", "-9223372036854775808"},
      {"lines[0].charge_cents", "1e30"},
      {"lines[0].charge_cents", "125.5"},
      {"lines[0].units", "2147483648"},
      {"lines[0].units", "-2147483649"},
      {"patient_paid_cents", "18446744073709551615"},
      {"id", "9223372036854775808"},
      {"id", "-1"},
  };
  for (const Case& k : cases) {
    json doc = base;
    const std::string path = k.path;
    if (path == "id" || path == "patient_paid_cents") {
      doc[path] = json::parse(k.value);
    } else {
      doc["lines"][0][path.substr(path.find('.') + 1)] = json::parse(k.value);
    }
    const auto r = claimFromJson(doc.dump());
    ASSERT_FALSE(r.ok()) << k.path << " = " << k.value;
    ASSERT_EQ(r.error().fields.size(), 1U) << fieldsOf(r.error());
    EXPECT_EQ(r.error().fields[0].field, k.path) << k.value;
    EXPECT_THAT(r.error().fields[0].message, HasSubstr("must be an integer from")) << k.value;
  }
  json doc = base;
  doc["lines"][0]["charge_cents"] = 9'000'000'000'000'000;  // the limit itself is fine
  doc["id"] = std::numeric_limits<std::int64_t>::max();
  const auto r = claimFromJson(doc.dump());
  ASSERT_TRUE(r.ok()) << fieldsOf(r.error());
  EXPECT_EQ(r->lines[0].charge.cents(), 9'000'000'000'000'000);
  EXPECT_EQ(r->id.value, std::numeric_limits<std::int64_t>::max());
}

TEST(ClaimJson, AbsentMembersTakeTheDefaultsButModelDatesAreRequired) {
  const auto r = claimFromJson(R"({"lines":[{"procedure_code":"99213"}],
                                   "patient":{"relationship":"19"},
                                   "other_payers":[{"payer_id":"X"}],
                                   "subscriber":null})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.size(), 2U) << fieldsOf(r.error());
  EXPECT_THAT(messageFor(r, "lines[0].service_date"), HasSubstr("is required"));
  EXPECT_THAT(messageFor(r, "patient.birth_date"), HasSubstr("is required"));

  const auto ok = claimFromJson(R"({"patient_control_number":"77","lines":[
      {"procedure_code":"99213","service_date":"2026-10-02","adjudications":[]}]})");
  ASSERT_TRUE(ok.ok()) << fieldsOf(ok.error());
  EXPECT_EQ(ok->patientControlNumber, "77");
  EXPECT_FALSE(ok->id.valid());
  EXPECT_FALSE(ok->patient.has_value());
  EXPECT_EQ(ok->frequency, claims::ClaimFrequency::kOriginal);
  EXPECT_TRUE(ok->providerSignatureOnFile);
  EXPECT_EQ(ok->lines.at(0).units, 1);
  EXPECT_EQ(ok->otherPayers.size(), 0U);
  // validate() then reports what is missing, with the same paths.
  const auto missing = claims::validate(*ok);
  // A required optional member (subscriber.birth_date) is absent from the JSON until set, but
  // its object is there.
  const json doc = json::parse(claimToJson(*ok));
  for (const auto& e : missing) {
    const std::string parent = e.field.substr(0, e.field.rfind('.'));
    EXPECT_TRUE(resolve(doc, e.field) != nullptr ||
                (e.field.find('.') != std::string::npos && resolve(doc, parent) != nullptr))
        << e.field;
  }
}

TEST(ClaimJson, TextIsKeptExactly) {
  const claims::Claim c = scenarios::unusualClaim("4001");
  const auto back = claimFromJson(claimToJson(c));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->patient->name.last, "Núñez");
  EXPECT_EQ(back->subscriber.name.last, "Café Müller GmbH \"Ost\"");
  EXPECT_EQ(back->submitter.contact.name, "Tab\there, newline\nthere, back\\slash");
  // Blanks are not trimmed: the snapshot is the claim as it was.
  json doc = json::parse(claimToJson(c));
  doc["subscriber"]["member_id"] = "  W1 ";
  const auto padded = claimFromJson(doc.dump());
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->subscriber.memberId, "  W1 ");
}

// ---- properties ----

rc::Gen<std::string> genText() {
  // Valid UTF-8 (JSON text is UTF-8): ASCII with controls and quotes, and a few multi-byte
  // characters, plus the values the writer treats specially.
  return rc::gen::oneOf(
      rc::gen::element<std::string>("", " ", "\"", "\\", "\n", "é", "€", "𝄞", "J20.9", "25"),
      rc::gen::container<std::string>(rc::gen::inRange<char>(0, 127)),
      rc::gen::map(rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 4)),
                   [](const std::vector<int>& picks) {
                     static const char* const kPieces[] = {"a", "ñ", "€", "𝄞"};
                     std::string s;
                     for (int p : picks) s += kPieces[p];
                     return s;
                   }));
}

std::vector<std::string> genTexts() {
  return *rc::gen::resize(4, rc::gen::container<std::vector<std::string>>(genText()));
}

domain::Date genDate() {
  return domain::Date::fromDaysSinceEpoch(*rc::gen::inRange<std::int64_t>(-62091, 2932897));
}

std::optional<domain::Date> genOptionalDate() {
  if (*rc::gen::arbitrary<bool>()) return std::nullopt;
  return genDate();
}

domain::Money genMoney() {
  return domain::Money::fromCents(
      *rc::gen::inRange<std::int64_t>(-9'000'000'000'000'000, 9'000'000'000'000'001));
}

std::optional<domain::Money> genOptionalMoney() {
  if (*rc::gen::arbitrary<bool>()) return std::nullopt;
  return genMoney();
}

template <class T>
T pick(std::initializer_list<T> values) {
  return *rc::gen::elementOf(std::vector<T>(values));
}

claims::PartyName genName() {
  return {pick({claims::EntityType::kPerson, claims::EntityType::kOrganization}), *genText(),
          *genText(), *genText(), *genText()};
}

domain::Address genAddress() {
  return {*genText(), *genText(), *genText(), *genText(), *genText()};
}

std::optional<claims::ProviderRef> genProvider() {
  if (*rc::gen::arbitrary<bool>()) return std::nullopt;
  return claims::ProviderRef{genName(), *genText(), *genText()};
}

std::vector<claims::Adjustment> genAdjustments() {
  std::vector<claims::Adjustment> out(*rc::gen::inRange<std::size_t>(0, 3));
  for (auto& a : out) a = {*genText(), *genText(), genMoney(), *rc::gen::arbitrary<std::int64_t>()};
  return out;
}

claims::PayerResponsibility genResponsibility() {
  return pick({claims::PayerResponsibility::kPrimary, claims::PayerResponsibility::kSecondary,
               claims::PayerResponsibility::kTertiary});
}

claims::BenefitsAssignment genBenefits() {
  return pick({claims::BenefitsAssignment::kYes, claims::BenefitsAssignment::kNo,
               claims::BenefitsAssignment::kNotApplicable});
}

claims::ReleaseOfInformation genRelease() {
  return pick({claims::ReleaseOfInformation::kSigned, claims::ReleaseOfInformation::kInformed});
}

claims::Sex genSex() {
  return pick({claims::Sex::kFemale, claims::Sex::kMale, claims::Sex::kUnknown});
}

/// Any claim: a scenario as the base, every member then drawn (optional ones set or not).
claims::Claim genClaim() {
  const auto base = scenarios::allClaims();
  claims::Claim c = base[*rc::gen::inRange<std::size_t>(0, base.size())];
  c.id =
      domain::ClaimId(*rc::gen::inRange<std::int64_t>(0, std::numeric_limits<std::int64_t>::max()));
  c.submitter = {genName(), *genText(), {*genText(), *genText(), *genText()}};
  c.receiver = {*genText(), *genText()};
  claims::BillingProvider& b = c.billingProvider;
  b.name = genName();
  b.npi = *genText();
  b.taxIdKind = pick({claims::TaxIdKind::kEin, claims::TaxIdKind::kSsn});
  b.taxId = *genText();
  b.address = genAddress();
  if (*rc::gen::arbitrary<bool>()) b.payToAddress = genAddress();
  claims::Subscriber& s = c.subscriber;
  s.responsibility = genResponsibility();
  s.groupNumber = *genText();
  s.insuranceTypeCode = *genText();
  s.name = genName();
  s.memberId = *genText();
  s.birthDate = genOptionalDate();
  s.sex = genSex();
  c.payer.address = genAddress();
  if (*rc::gen::arbitrary<bool>()) {
    c.patient = claims::Patient{*genText(), genName(), genDate(), genSex(), genAddress()};
  } else {
    c.patient.reset();
  }
  c.patientControlNumber = *genText();
  c.frequency = pick({claims::ClaimFrequency::kOriginal, claims::ClaimFrequency::kReplacement,
                      claims::ClaimFrequency::kVoid});
  c.providerSignatureOnFile = *rc::gen::arbitrary<bool>();
  c.assignment = pick({claims::Assignment::kAssigned, claims::Assignment::kLabOnly,
                       claims::Assignment::kNotAssigned});
  c.benefitsAssignment = genBenefits();
  c.releaseOfInformation = genRelease();
  if (*rc::gen::arbitrary<bool>()) {
    c.accident = claims::Accident{genTexts(), *genText(), genOptionalDate()};
  } else {
    c.accident.reset();
  }
  c.onsetDate = genOptionalDate();
  c.patientPaid = genOptionalMoney();
  c.diagnoses = genTexts();
  c.referringProvider = genProvider();
  c.renderingProvider = genProvider();
  if (*rc::gen::arbitrary<bool>()) {
    c.serviceFacility = claims::ServiceFacility{*genText(), *genText(), genAddress()};
  } else {
    c.serviceFacility.reset();
  }
  c.otherPayers.resize(*rc::gen::inRange<std::size_t>(0, 3));
  for (auto& o : c.otherPayers) {
    o.responsibility = genResponsibility();
    o.relationship = *genText();
    o.groupNumber = *genText();
    o.groupName = *genText();
    o.insuranceTypeCode = *genText();
    o.claimFilingIndicator = *genText();
    o.adjustments = genAdjustments();
    o.paidAmount = genOptionalMoney();
    o.nonCoveredAmount = genOptionalMoney();
    o.remainingPatientLiability = genOptionalMoney();
    o.benefitsAssignment = genBenefits();
    o.releaseOfInformation = genRelease();
    o.subscriberName = genName();
    o.subscriberMemberId = *genText();
    o.subscriberAddress = genAddress();
    o.payerName = *genText();
    o.payerId = *genText();
    o.payerAddress = genAddress();
    o.adjudicationDate = genOptionalDate();
    o.payerClaimControlNumber = *genText();
  }
  c.lines.resize(*rc::gen::inRange<std::size_t>(0, 4), claims::samples::line("x", "y", 1, {1}));
  for (auto& l : c.lines) {
    l.controlNumber = *genText();
    l.modifiers = genTexts();
    l.description = *genText();
    l.charge = genMoney();
    l.unitBasis = pick({claims::UnitBasis::kUnits, claims::UnitBasis::kMinutes});
    l.units = *rc::gen::arbitrary<int>();
    l.diagnosisPointers = *rc::gen::resize(5, rc::gen::arbitrary<std::vector<int>>());
    l.serviceDate = genDate();
    l.serviceDateEnd = genOptionalDate();
    if (*rc::gen::arbitrary<bool>()) {
      l.ndc = domain::NdcDetail{*genText(), *genText(), *rc::gen::arbitrary<std::int64_t>()};
    } else {
      l.ndc.reset();
    }
    l.renderingProvider = genProvider();
    l.adjudications.resize(*rc::gen::inRange<std::size_t>(0, 3));
    for (auto& a : l.adjudications) {
      a = {*genText(),       genMoney(), *genText(),        genTexts(), *rc::gen::arbitrary<int>(),
           genAdjustments(), genDate(),  genOptionalMoney()};
    }
  }
  return c;
}

RC_GTEST_PROP(ClaimJsonProperty, AnyClaimComesBackEqual, ()) {
  const claims::Claim c = genClaim();
  const std::string text = claimToJson(c);
  const auto back = claimFromJson(text);
  RC_ASSERT(back.ok());
  RC_ASSERT(claimDifference(c, *back) == "");
  RC_ASSERT(claimToJson(*back) == text);
}

RC_GTEST_PROP(ClaimJsonProperty, TextThatIsNotUtf8IsReplacedAndStillReadsBack, ()) {
  claims::Claim c = scenarios::replacementClaim("2001");
  c.subscriber.memberId = *rc::gen::arbitrary<std::string>();
  c.lines[0].modifiers = *rc::gen::arbitrary<std::vector<std::string>>();
  const std::string text = claimToJson(c);
  const auto back = claimFromJson(text);
  RC_ASSERT(back.ok());
  RC_ASSERT(claimToJson(*back) == text);
}

/// A member of `doc` chosen by `choices`, replaced by a value of another type.
void mutate(json& doc, const std::vector<std::size_t>& choices, std::size_t kind,
            std::string& path) {
  json* at = &doc;
  for (std::size_t choice : choices) {
    if (at->is_object() && !at->empty()) {
      auto it = at->begin();
      std::advance(it, static_cast<std::ptrdiff_t>(choice % at->size()));
      path += (path.empty() ? "" : ".") + it.key();
      at = &it.value();
    } else if (at->is_array() && !at->empty()) {
      const std::size_t k = choice % at->size();
      path += "[" + std::to_string(k) + "]";
      at = &(*at)[k];
    } else {
      break;
    }
  }
  static const json kValues[] = {
      json::object(), json::array(), "text", 1.5, -1, true, json::parse("18446744073709551615")};
  json replacement = kValues[kind % std::size(kValues)];
  // A value of the same kind may be valid (a string for a string, a number for the NDC
  // quantity): an array holding an array is wrong for every member and every array.
  const bool quantity =
      path.size() >= 13 && path.compare(path.size() - 13, 13, ".ndc.quantity") == 0;
  if (replacement.type() == at->type() || (replacement.is_number() && at->is_number()) ||
      (replacement.is_number() && quantity)) {
    replacement = json::array({json::array()});
  }
  *at = std::move(replacement);
}

RC_GTEST_PROP(ClaimJsonProperty, AMemberOfTheWrongTypeIsRefusedNamingItsPath, ()) {
  json doc = json::parse(claimToJson(genClaim()));
  const auto choices = *rc::gen::container<std::vector<std::size_t>>(
      *rc::gen::inRange<std::size_t>(1, 6), rc::gen::arbitrary<std::size_t>());
  std::string path;
  mutate(doc, choices, *rc::gen::arbitrary<std::size_t>(), path);
  const auto r = claimFromJson(doc.dump());
  RC_ASSERT(!r.ok());
  RC_ASSERT(r.error().code == domain::ErrorCode::kInvalid);
  // The first error is the member changed, or inside it (an array replaced by [{}] whose
  // object lacks a required date), never somewhere else.
  bool named = false;
  for (const auto& f : r.error().fields) named = named || f.field.rfind(path, 0) == 0;
  RC_ASSERT(named);
}

RC_GTEST_PROP(ClaimJsonProperty, DamagedTextIsReadOrRefusedNeverCrashes, ()) {
  std::string text = claimToJson(genClaim());
  const auto edits = *rc::gen::inRange(1, 4);
  for (int k = 0; k < edits; ++k) {
    const auto at = *rc::gen::inRange<std::size_t>(0, text.size());
    text[at] = *rc::gen::arbitrary<char>();
  }
  text.resize(*rc::gen::inRange<std::size_t>(text.size() / 2, text.size() + 1));
  const auto r = claimFromJson(text);
  if (r.ok()) {
    // Whatever was read is a claim that reads back as itself.
    const auto again = claimFromJson(claimToJson(*r));
    RC_ASSERT(again.ok());
    RC_ASSERT(claimDifference(*r, *again) == "");
  } else {
    RC_ASSERT(!r.error().fields.empty());
  }
  const auto bytes = claimFromJson(*rc::gen::arbitrary<std::string>());
  RC_ASSERT(bytes.ok() || !bytes.error().fields.empty());
}

}  // namespace
}  // namespace medoffice::codecs
