// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/denials/denial_rules_json.hpp"

#include <gtest/gtest.h>

namespace medoffice::codecs {
namespace {

namespace den = domain::denials;

bool names(const domain::Error& e, const std::string& field, const std::string& part = {}) {
  for (const auto& f : e.fields) {
    if (f.field == field && f.message.find(part) != std::string::npos) return true;
  }
  return false;
}

domain::Denial denial(const char* group, const char* carc, std::int64_t payer = 7) {
  domain::Denial d;
  d.group = group;
  d.carc = carc;
  d.payerId = domain::PayerId(payer);
  d.deniedOn = domain::Date::parse("2026-09-10").value();
  return d;
}

TEST(DenialRulesJson, APracticeFileChangesSwitchesOffAndAddsRules) {
  auto set = loadDenialRules(R"({"version": 1, "rules": [
      {"id": "medical_necessity", "due_days": 45},
      {"id": "duplicate", "enabled": false},
      {"id": "acme.necessity", "carcs": ["50"], "payer_ids": [12],
       "action": "correct_and_resubmit", "due_days": 14,
       "explanation": "Acme reprocesses necessity denials sent again with the notes."}],
    "appeal_letter": "To {{payer_name}}:\n\nPlease reconsider claim {{claim_number}}.\n\n{{signer}}"})");
  ASSERT_TRUE(set.ok()) << set.error().fields.front().field << " "
                        << set.error().fields.front().message;
  const auto necessity = den::suggest(set->rules, denial("CO", "50"));
  EXPECT_EQ(necessity.ruleId, "medical_necessity");
  EXPECT_EQ(necessity.dueDays, 45);
  EXPECT_EQ(necessity.action, domain::DenialAction::kAppeal) << "only due_days was changed";
  EXPECT_EQ(den::suggest(set->rules, denial("CO", "18")).ruleId, "fallback");
  const auto acme = den::suggest(set->rules, denial("CO", "50", 12));
  EXPECT_EQ(acme.ruleId, "acme.necessity");
  EXPECT_EQ(acme.action, domain::DenialAction::kCorrectAndResubmit);
  EXPECT_EQ(acme.dueOn, domain::Date::parse("2026-09-24").value());
  EXPECT_EQ(set->appealLetter,
            "To {{payer_name}}:\n\nPlease reconsider claim {{claim_number}}.\n\n{{signer}}");
}

TEST(DenialRulesJson, AnEmptyFileKeepsTheDefaults) {
  auto set = loadDenialRules(R"({"rules": []})");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(*set, den::defaultRuleSet());
}

TEST(DenialRulesJson, FormErrorsNameTheirPathAllAtOnce) {
  auto set = loadDenialRules(R"({"version": 2, "rulez": [], "rules": [
      {"action": "appeal"},
      {"id": "x.y", "action": "resubmit", "explanation": 5, "due_dayz": 3},
      {"id": "bundled", "carcs": "97", "rarcs": [1], "payer_ids": [-1]},
      7],
    "appeal_letter": ["no"]})");
  ASSERT_FALSE(set.ok());
  const auto& e = set.error();
  EXPECT_EQ(e.code, domain::ErrorCode::kInvalid);
  EXPECT_TRUE(names(e, "version", "must be 1"));
  EXPECT_TRUE(names(e, "rulez"));
  EXPECT_TRUE(names(e, "rules[0].id", "is required"));
  EXPECT_TRUE(names(e, "rules[1].action", "correct_and_resubmit, appeal, write_off"));
  EXPECT_TRUE(names(e, "rules[1].explanation", "string"));
  EXPECT_TRUE(names(e, "rules[1].due_dayz"));
  EXPECT_TRUE(names(e, "rules[2].carcs", "array"));
  EXPECT_TRUE(names(e, "rules[2].rarcs[0]"));
  EXPECT_TRUE(names(e, "rules[2].payer_ids"));
  EXPECT_TRUE(names(e, "rules[3]", "object"));
  EXPECT_TRUE(names(e, "appeal_letter", "string"));
}

TEST(DenialRulesJson, ValueErrorsNameTheRuleAndField) {
  auto set = loadDenialRules(R"({"rules": [
      {"id": "timely_filing", "due_days": 400},
      {"id": "new.one", "carcs": ["ABCD"], "action": "write_off", "explanation": "x"},
      {"id": "new.two", "carcs": ["bad"]},
      {"id": "fallback", "enabled": false}],
    "appeal_letter": "Dear {{payer}}"})");
  ASSERT_FALSE(set.ok());
  const auto& e = set.error();
  EXPECT_TRUE(names(e, "rules[0].due_days", "between 1 and 365"));
  EXPECT_TRUE(names(e, "rules[1].carcs[0]", "claim adjustment reason code"));
  EXPECT_TRUE(names(e, "rules[2].action", "is required"));
  EXPECT_TRUE(names(e, "rules[2].explanation", "is required"));
  EXPECT_TRUE(names(e, "rules[2].carcs[0]")) << "an incomplete new rule is checked all the same";
  EXPECT_TRUE(names(e, "rules", "fallback"));
  EXPECT_TRUE(names(e, "appeal_letter", "{{payer}}"));
}

TEST(DenialRulesJson, NotJsonIsRefusedNamingTheBody) {
  auto set = loadDenialRules("{rules: [}");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, domain::ErrorCode::kInvalid);
  EXPECT_FALSE(set.error().fields.empty());
}

TEST(DenialRulesJson, TheDefaultsWrittenOutReadBackTheSame) {
  const std::string text = encodeDenialRules(den::defaultRuleSet());
  EXPECT_NE(text.find("\"id\": \"medical_necessity\""), std::string::npos);
  auto again = loadDenialRules(text, {});
  ASSERT_TRUE(again.ok()) << again.error().fields.front().field;
  EXPECT_EQ(*again, den::defaultRuleSet());
  auto over = loadDenialRules(text);
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(*over, den::defaultRuleSet());
}

}  // namespace
}  // namespace medoffice::codecs
