// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/registry_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "codecs/json/json_reader.hpp"

namespace medoffice::codecs {
namespace {

bool hasField(const domain::Error& e, const std::string& f) {
  return std::any_of(e.fields.begin(), e.fields.end(),
                     [&](const domain::FieldError& x) { return x.field == f; });
}

domain::Result<domain::Patient> patientFrom(std::string_view body) {
  auto j = parseObject(body);
  if (!j) return j.error();
  return decodePatient(*j);
}

}  // namespace

TEST(ParseObject, RejectsMalformedInput) {
  for (std::string_view bad : {"", "{", "[]", "42", "\"s\"", "{\"a\":}", "{\"a\":\"\xff\"}",
                               "{\"a\":1e999}", "{\"a\":\"\\ud800\"}"}) {
    auto r = parseObject(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().fields.at(0).field, "body");
  }
  std::string deep(100, '[');
  EXPECT_FALSE(parseObject("{\"a\":" + deep + std::string(100, ']') + "}").ok());
  EXPECT_TRUE(parseObject("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[\"}").ok());
}

TEST(DecodePatient, AcceptsTheDocumentedExample) {
  auto p = patientFrom(
      R"({"family_name":"Doe","given_name":"Jane","birth_date":"1980-02-03","sex":"female",)"
      R"("phone":"+12175550123","address":{"line1":"1 Main St","city":"Springfield",)"
      R"("state":"IL","postal_code":"62701"}})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->familyName, "Doe");
  EXPECT_EQ(p->address.city, "Springfield");
  EXPECT_EQ(p->birthDate.toString(), "1980-02-03");
}

TEST(DecodePatient, NamesWrongTypesAndUnknownFields) {
  auto p = patientFrom(
      R"({"family_name":42,"given_name":"Jane","birth_date":"1980-02-30","sex":"female",)"
      R"("address":{"line1":"1 Main St","zip":"62701"},"favourite_colour":"blue",)"
      R"("contact_preferences":{"allow_sms":"yes"}})");
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(hasField(p.error(), "family_name"));
  EXPECT_TRUE(hasField(p.error(), "birth_date"));
  EXPECT_TRUE(hasField(p.error(), "address.zip"));
  EXPECT_TRUE(hasField(p.error(), "favourite_colour"));
  EXPECT_TRUE(hasField(p.error(), "contact_preferences.allow_sms"));
}

TEST(DecodePatient, MissingBirthDateIsNamed) {
  auto p = patientFrom(R"({"family_name":"Doe","given_name":"Jane","sex":"female"})");
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(hasField(p.error(), "birth_date"));
}

TEST(DecodePatient, RoundTripsThroughEncode) {
  domain::Patient p;
  p.id = domain::PatientId(7);
  p.mrn = "MRN000000075";
  p.familyName = "Castañeda";
  p.givenName = "Lucía";
  p.birthDate = *domain::Date::parse("2001-07-04");
  p.sex = "female";
  p.guarantor.relationship = "parent";
  p.guarantor.familyName = "Castañeda";
  p.guarantor.givenName = "Rosa";
  p.emergencyContact = {"Rosa Castañeda", "mother", "+16025550111"};
  p.meta.version = 3;
  auto back = decodePatient(encode(p));
  ASSERT_TRUE(back.ok()) << back.error().fields.at(0).field;
  EXPECT_EQ(back->familyName, p.familyName);
  EXPECT_EQ(back->guarantor.givenName, "Rosa");
  EXPECT_EQ(back->emergencyContact.phone, "+16025550111");
}

TEST(DecodeCoverage, IntegersAreStrict) {
  auto j = parseObject(R"({"patient_id":1.5,"payer_id":99999999999999999999999,"member_id":"W1",)"
                       R"("effective_date":"2024-01-01","copay_cents":-1,"priority":"first"})");
  ASSERT_TRUE(j.ok());
  auto c = decodeCoverage(*j);
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(hasField(c.error(), "patient_id"));
  EXPECT_TRUE(hasField(c.error(), "payer_id"));
  EXPECT_TRUE(hasField(c.error(), "copay_cents"));
  EXPECT_TRUE(hasField(c.error(), "priority"));
}

TEST(MergePatch, FollowsRfc7396) {
  nlohmann::json doc = {{"a", "b"}, {"c", {{"d", "e"}, {"f", "g"}}}};
  mergePatch(doc, {{"a", "z"}, {"c", {{"f", nullptr}}}});
  EXPECT_EQ(doc, (nlohmann::json{{"a", "z"}, {"c", {{"d", "e"}}}}));
}

// Every encoder writes what its decoder reads: decode → encode → decode → encode is stable and
// keeps every member of a fully populated input.
template <class Decode>
void expectStableRoundTrip(const char* input, Decode decode) {
  auto in = parseObject(input);
  ASSERT_TRUE(in.ok());
  auto first = decode(*in);
  ASSERT_TRUE(first.ok()) << first.error().fields.at(0).field;
  std::string once = toJson(*first);
  auto again = decode(nlohmann::json::parse(once));
  ASSERT_TRUE(again.ok()) << again.error().fields.at(0).field << " in " << once;
  EXPECT_EQ(toJson(*again), once);
  auto out = nlohmann::json::parse(once);
  for (const auto& [k, v] : in->items()) {
    EXPECT_EQ(out.at(k), v) << k << " in " << once;
  }
}

TEST(Encode, EveryResourceRoundTrips) {
  expectStableRoundTrip(
      R"({"legal_name":"Prairie Family Medicine","npi":"1245319599","tin":"371234567",)"
      R"("taxonomy":"207Q00000X","phone":"+12175550100","active":true,)"
      R"("billing_address":{"line1":"1 Main St","line2":"Suite 2","city":"Springfield",)"
      R"("state":"IL","postal_code":"62701"}})",
      decodeOrganization);
  expectStableRoundTrip(
      R"({"name":"Downtown","place_of_service":"11","time_zone":"America/Chicago",)"
      R"("phone":"+12175550101","active":true,"address":{"line1":"2 Elm St","line2":null,)"
      R"("city":"Springfield","state":"IL","postal_code":"62702-1234"}})",
      decodeLocation);
  expectStableRoundTrip(
      R"({"family_name":"Nguyen","given_name":"An","credentials":"MD","npi":"1679576722",)"
      R"("taxonomy":"207Q00000X","specialty":"Family Medicine","location_ids":[1,2],)"
      R"("active":true})",
      decodeProvider);
  expectStableRoundTrip(
      R"({"name":"Medicare Part B","x12_payer_id":"00952","claim_filing_indicator":"MB",)"
      R"("timely_filing_days":365,"phone":null,"active":true,"address":{"line1":"PO Box 1",)"
      R"("line2":null,"city":"Indianapolis","state":"IN","postal_code":"46206"}})",
      decodePayer);
  expectStableRoundTrip(
      R"({"patient_id":5,"payer_id":2,"member_id":"W123","group_number":"G9","plan_name":"PPO",)"
      R"("priority":"secondary","effective_date":"2024-01-01","end_date":"2026-12-31",)"
      R"("copay_cents":2500,"active":true,"subscriber":{"relationship":"01",)"
      R"("family_name":"Doe","given_name":"John","birth_date":"1970-05-06","sex":"male",)"
      R"("address":{"line1":"1 Main St","line2":null,"city":"Springfield","state":"IL",)"
      R"("postal_code":"62701"}}})",
      decodeCoverage);
  expectStableRoundTrip(
      R"({"family_name":"Castañeda","given_name":"Lucía","middle_name":"María",)"
      R"("birth_date":"2001-07-04","sex":"female","phone":"+16025550111",)"
      R"("email":"lucia@example.org","preferred_language":"es","address":{"line1":"9 Oak Ave",)"
      R"("line2":"Apt 3","city":"Phoenix","state":"AZ","postal_code":"85001"},)"
      R"("contact_preferences":{"preferred_channel":"email","allow_sms":false,)"
      R"("allow_email":true,"allow_voice":false,"allow_mail":true},)"
      R"("emergency_contact":{"name":"Rosa Castañeda","relationship":"mother",)"
      R"("phone":"+16025550112"},"guarantor":{"relationship":"parent","family_name":"Castañeda",)"
      R"("given_name":"Rosa","birth_date":"1975-02-03","phone":"+16025550112",)"
      R"("address":{"line1":"9 Oak Ave","line2":null,"city":"Phoenix","state":"AZ",)"
      R"("postal_code":"85001"}}})",
      decodePatient);
}

}  // namespace medoffice::codecs
