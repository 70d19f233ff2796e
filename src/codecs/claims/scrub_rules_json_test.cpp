// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/claims/scrub_rules_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/claims/sample_claims.hpp"
#include "domain/claims/scrub_support_for_test.hpp"

namespace medoffice::codecs {
namespace {

namespace claims = domain::claims;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> errorsOf(const domain::Result<std::vector<claims::Rule>>& r) {
  std::vector<std::string> out;
  if (r.ok()) return out;
  for (const auto& f : r.error().fields) out.push_back(f.field + ": " + f.message);
  return out;
}

const claims::Rule* find(const std::vector<claims::Rule>& rules, const std::string& id) {
  for (const auto& r : rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

claims::ScrubContext context() {
  claims::ScrubContext c;
  c.today = domain::Date::fromYmd(2026, 10, 5).value();
  c.codes = claims::defaultCodeIndexForTest().check();
  return c;
}

TEST(ScrubRulesJson, TheDefaultsRoundTrip) {
  const std::string text = encodeScrubRules(claims::defaultRules());
  EXPECT_THAT(text, HasSubstr("\"id\": \"npi.billing.check_digit\",\n"));
  EXPECT_THAT(text, HasSubstr("\"kind\": \"npi_check_digit\""));
  EXPECT_THAT(text, HasSubstr("\"margin_days\": 30"));
  EXPECT_THAT(text, HasSubstr("\"claim_filing_indicators\": [\n"));

  auto fresh = loadScrubRules(text, {});
  ASSERT_TRUE(fresh.ok()) << ::testing::PrintToString(errorsOf(fresh));
  EXPECT_EQ(*fresh, claims::defaultRules());
  auto over = loadScrubRules(text);
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(*over, claims::defaultRules());
  EXPECT_EQ(encodeScrubRules(*fresh), text);
}

TEST(ScrubRulesJson, EveryMemberRoundTrips) {
  claims::Rule a;
  a.id = "modifier.xyz.gt";
  a.kind = claims::CheckKind::kModifierRequired;
  a.severity = claims::Severity::kWarning;
  a.enabled = false;
  a.payers.payerIds = {domain::PayerId(3), domain::PayerId(41)};
  a.payers.x12PayerIds = {"XYZ01"};
  a.payers.claimFilingIndicators = {"CI", "HM"};
  a.params.codes = {"99202-99215", "G0402"};
  a.params.modifiers = {"95", "GT"};
  a.params.withCodes = {"96372"};
  a.note = "XYZ wants 95 on every video visit.";
  claims::Rule b;
  b.id = "taxonomy.xyz";
  b.kind = claims::CheckKind::kTaxonomyFormat;
  b.params.provider = "rendering";
  b.params.required = false;
  claims::Rule c;
  c.id = "dos.xyz";
  c.kind = claims::CheckKind::kTimelyFiling;
  c.params.days = 180;
  c.params.marginDays = 20;
  claims::Rule d;
  d.id = "member.xyz";
  d.kind = claims::CheckKind::kMemberId;
  d.params.patterns = {"XYZ#########", "@@#######"};
  claims::Rule e;
  e.id = "modifier.xyz.59";
  e.kind = claims::CheckKind::kModifierNotAccepted;
  e.params.modifiers = {"59"};
  e.params.replacements = {"XS"};
  e.params.codes = {"20610"};
  claims::Rule f;
  f.id = "pos.xyz";
  f.kind = claims::CheckKind::kPlaceOfService;
  f.params.values = {"11", "02"};
  const std::vector<claims::Rule> rules = {a, b, c, d, e, f};
  ASSERT_THAT(claims::validate(rules), IsEmpty());
  auto back = loadScrubRules(encodeScrubRules(rules), {});
  ASSERT_TRUE(back.ok()) << ::testing::PrintToString(errorsOf(back));
  EXPECT_EQ(*back, rules);
}

TEST(ScrubRulesJson, APracticeFileExtendsAndOverridesTheDefaults) {
  const std::string file = R"({
    "version": 1,
    "rules": [
      {"id": "auth.xyz.mri_brain", "kind": "prior_authorization", "severity": "error",
       "payers": {"x12_payer_ids": ["XYZ01"]}, "params": {"codes": ["70551-70553"]},
       "note": "XYZ authorises MRI through its portal."},
      {"id": "patient.sex.known", "enabled": false},
      {"id": "modifier.25.minor_procedure", "severity": "error"},
      {"id": "dos.abc.timely_filing", "kind": "timely_filing",
       "payers": {"x12_payer_ids": ["ABC01"]}, "params": {"days": 90}}
    ]})";
  auto rules = loadScrubRules(file);
  ASSERT_TRUE(rules.ok()) << ::testing::PrintToString(errorsOf(rules));
  ASSERT_EQ(rules->size(), claims::defaultRules().size() + 2);
  EXPECT_EQ(rules->at(rules->size() - 2).id, "auth.xyz.mri_brain");
  EXPECT_EQ(rules->back().id, "dos.abc.timely_filing");
  EXPECT_EQ(rules->back().params.days, 90);
  EXPECT_FALSE(find(*rules, "patient.sex.known")->enabled);
  const claims::Rule* pairing = find(*rules, "modifier.25.minor_procedure");
  EXPECT_EQ(pairing->severity, claims::Severity::kError);
  // Only the severity changed: the codes and the note of the default stay.
  EXPECT_EQ(pairing->params, find(claims::defaultRules(), "modifier.25.minor_procedure")->params);

  // The loaded set at work: the sex warning is off, the pairing now blocks the batch.
  claims::Claim c = claims::samples::claim();
  c.subscriber.sex = claims::Sex::kUnknown;
  c.lines[1].procedureCode = "20610";
  auto findings = claims::scrub(c, *rules, context());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "modifier.25.minor_procedure");
  EXPECT_FALSE(claims::batchable(findings));
  c = claims::samples::claim();
  c.payer.payerId = "XYZ01";
  c.lines[0].procedureCode = "70553";
  findings = claims::scrub(c, *rules, context());
  std::vector<std::string> ids;
  for (const auto& f : findings) ids.push_back(f.rule);
  // 70553 is not in the small default CPT list, hence px.code too; new rules run after the
  // defaults.
  EXPECT_THAT(ids, ElementsAre("px.code", "auth.advanced_imaging", "auth.xyz.mri_brain"));
  EXPECT_EQ(findings[2].severity, claims::Severity::kError);
  EXPECT_THAT(findings[2].message, HasSubstr("XYZ authorises MRI through its portal."));
}

TEST(ScrubRulesJson, FormErrorsNameTheirPaths) {
  const std::string file = R"({
    "rules": [
      {"id": "a.one", "kind": "npi_checkdigit"},
      {"id": "a.two", "kind": "tin_format", "severity": "fatal"},
      {"id": "a.three", "kind": "timely_filing", "params": {"dayz": 90}, "colour": "red"},
      {"id": "a.four", "kind": "charge_positive", "enabled": "yes"},
      {"kind": "charge_positive"},
      {"id": "a.six", "kind": "prior_authorization",
       "payers": {"x12_payer_ids": ["XYZ01", 7]}, "params": {"codes": "70553"}},
      "a.seven",
      {"id": "a.eight", "kind": "timely_filing", "params": {"days": "90"}, "payers": []}
    ],
    "extra": true})";
  auto rules = loadScrubRules(file);
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.error().code, domain::ErrorCode::kInvalid);
  EXPECT_EQ(rules.error().message, "The claim scrubber rules are invalid.");
  const auto errors = errorsOf(rules);
  ASSERT_EQ(errors.size(), 12u) << ::testing::PrintToString(errors);
  EXPECT_THAT(errors[0], HasSubstr("rules[0].kind: is not a check kind; use one of "
                                   "npi_check_digit, tin_format,"));
  EXPECT_THAT(
      std::vector<std::string>(errors.begin() + 1, errors.end()),
      ElementsAre("rules[1].severity: must be error or warning",
                  "rules[2].params.dayz: is not a known field",
                  "rules[2].colour: is not a known field",
                  "rules[3].enabled: must be true or false", "rules[4].id: is required",
                  "rules[5].payers.x12_payer_ids[1]: must be a string of at most 80 "
                  "characters",
                  "rules[5].params.codes: must be an array of strings",
                  "rules[6]: must be an object", "rules[7].payers: must be an object",
                  "rules[7].params.days: must be an integer", "extra: is not a known field"));
}

TEST(ScrubRulesJson, ValueErrorsNameTheirPaths) {
  const std::string file = R"({"rules": [
      {"id": "auth.xyz", "kind": "prior_authorization"},
      {"id": "dos.xyz", "kind": "timely_filing", "params": {"days": 0, "provider": "billing"}},
      {"id": "auth.xyz", "kind": "charge_positive"},
      {"id": "npi.billing.check_digit", "params": {"provider": "supervising"}},
      {"id": "new.rule", "severity": "warning"},
      {"id": "Bad Id", "kind": "charge_positive", "payers": {"claim_filing_indicators": ["QQ"]}},
      {"id": "mod.xyz", "kind": "modifier_required",
       "params": {"codes": ["99213", "70553-70540"], "modifiers": ["25", "x"]}}
    ]})";
  auto rules = loadScrubRules(file);
  EXPECT_THAT(
      errorsOf(rules),
      ElementsAre("rules[2].id: is the same as rules[0].id",
                  "rules[4].kind: is required for a rule that is not one of the defaults",
                  "rules[0].params.codes: is required for prior_authorization",
                  "rules[1].params.provider: is not a parameter of timely_filing",
                  "rules[1].params.days: must be 1 to 3650",
                  "rules[3].params.provider: must be billing, rendering, referring or "
                  "service_facility",
                  "rules[5].id: must be 1 to 64 lower-case letters, digits, '.', '_' or '-'",
                  "rules[5].payers.claim_filing_indicators[0]: must be an X12 claim filing "
                  "indicator (CI, MB, MC...)",
                  "rules[6].params.codes[1]: must be a CPT or HCPCS code, or a range such as "
                  "70540-70553",
                  "rules[6].params.modifiers[1]: must be a modifier (two capital letters or "
                  "digits)"));
}

TEST(ScrubRulesJson, DocumentErrors) {
  EXPECT_THAT(errorsOf(loadScrubRules("not json")),
              ElementsAre("body: is not valid JSON (or not valid UTF-8)"));
  EXPECT_THAT(errorsOf(loadScrubRules("[]")), ElementsAre("body: must be a JSON object"));
  EXPECT_THAT(errorsOf(loadScrubRules("{}")),
              ElementsAre("rules: is required (an array of rules; [] keeps the defaults)"));
  EXPECT_THAT(errorsOf(loadScrubRules(R"({"version": 2, "rules": {}})")),
              ElementsAre("version: must be 1, the only version of the rules format",
                          "rules: must be an array of rules"));
  auto empty = loadScrubRules(R"({"version": 1, "rules": []})");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, claims::defaultRules());
}

}  // namespace
}  // namespace medoffice::codecs
