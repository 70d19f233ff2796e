// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/denials/rules.hpp"

#include <gtest/gtest.h>

#include "domain/denials/default_rules.hpp"
#include "domain/denials/letter_template.hpp"

namespace medoffice::domain::denials {
namespace {

Denial denial(std::string group, std::string carc, std::vector<std::string> rarcs = {}) {
  Denial d;
  d.organizationId = OrganizationId(1);
  d.remittanceId = RemittanceId(2);
  d.remittanceClaimId = RemittanceClaimId(3);
  d.claimId = ClaimId(4);
  d.lineId = ChargeLineId(5);
  d.patientId = PatientId(6);
  d.payerId = PayerId(7);
  d.group = std::move(group);
  d.carc = std::move(carc);
  d.rarcs = std::move(rarcs);
  d.amount = Money::fromCents(12500);
  d.deniedOn = Date::parse("2026-09-10").value();
  return d;
}

const std::vector<Rule>& defaults() {
  return defaultRuleSet().rules;
}

bool hasError(const std::vector<FieldError>& errors, const std::string& field,
              const std::string& part = {}) {
  for (const auto& e : errors) {
    if (e.field == field && e.message.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(DenialRules, TheDefaultsAreValid) {
  const auto errors = validate(defaultRuleSet());
  EXPECT_TRUE(errors.empty()) << errors.front().field << " " << errors.front().message;
  EXPECT_EQ(defaults().front().id, "fallback");
  EXPECT_EQ(specificity(defaults().front()), 0);
}

TEST(DenialRules, EveryCommonReasonHasItsOwnSuggestion) {
  struct Case {
    const char* group;
    const char* carc;
    DenialAction action;
    const char* rule;
  };
  using A = DenialAction;
  const Case cases[] = {
      {"CO", "16", A::kCorrectAndResubmit, "missing_information"},
      {"CO", "18", A::kWriteOff, "duplicate"},
      {"OA", "22", A::kCorrectAndResubmit, "coordination_of_benefits"},
      {"CO", "27", A::kBillPatient, "no_coverage_on_date"},
      {"CO", "29", A::kAppeal, "timely_filing"},
      {"CO", "31", A::kCorrectAndResubmit, "patient_not_identified"},
      {"CO", "50", A::kAppeal, "medical_necessity"},
      {"CO", "96", A::kWriteOff, "non_covered"},
      {"PI", "96", A::kWriteOff, "non_covered"},
      {"OA", "96", A::kBillPatient, "non_covered.other"},
      {"CO", "97", A::kWriteOff, "bundled"},
      {"CO", "109", A::kCorrectAndResubmit, "wrong_payer"},
      {"OA", "119", A::kBillPatient, "benefit_maximum"},
      {"CO", "119", A::kWriteOff, "benefit_maximum.contractual"},
      {"CO", "151", A::kAppeal, "frequency"},
      {"CO", "197", A::kCorrectAndResubmit, "authorization"},
      {"PI", "204", A::kBillPatient, "not_covered_by_plan"},
      {"CO", "204", A::kWriteOff, "not_covered_by_plan.contractual"},
      {"CO", "236", A::kCorrectAndResubmit, "bundled.incompatible"},
      {"OA", "236", A::kWriteOff, "bundled"},
      {"CO", "4", A::kCorrectAndResubmit, "coding.modifier_or_code"},
      {"CO", "11", A::kCorrectAndResubmit, "coding.diagnosis"},
  };
  for (const auto& c : cases) {
    const Suggestion s = suggest(defaults(), denial(c.group, c.carc));
    EXPECT_EQ(s.ruleId, c.rule) << c.group << "-" << c.carc;
    EXPECT_EQ(s.action, c.action) << c.group << "-" << c.carc;
    EXPECT_GE(s.explanation.size(), 40u) << c.group << "-" << c.carc;
  }
}

TEST(DenialRules, AnUnknownReasonFallsBackToReadingAndAppealing) {
  const Suggestion s = suggest(defaults(), denial("OA", "B9"));
  EXPECT_EQ(s.ruleId, "fallback");
  EXPECT_EQ(s.action, DenialAction::kAppeal);
  EXPECT_NE(s.explanation.find("remark codes"), std::string::npos);
  EXPECT_EQ(s.dueDays, 30);
  EXPECT_EQ(s.dueOn, Date::parse("2026-10-10").value());
}

TEST(DenialRules, ARemarkCodeNarrowsTheSuggestion) {
  const Suggestion plain = suggest(defaults(), denial("CO", "16", {"N382"}));
  EXPECT_EQ(plain.ruleId, "missing_information");
  const Suggestion incomplete = suggest(defaults(), denial("CO", "16", {"N382", "MA130"}));
  EXPECT_EQ(incomplete.ruleId, "missing_information.incomplete");
  EXPECT_NE(incomplete.explanation.find("not an appeal"), std::string::npos);
  const Suggestion provider = suggest(defaults(), denial("CO", "16", {"N290"}));
  EXPECT_EQ(provider.ruleId, "missing_information.rendering_provider");
  EXPECT_EQ(provider.dueDays, 14);
  EXPECT_EQ(provider.dueOn, Date::parse("2026-09-24").value());
}

TEST(DenialRules, ADueDateSetByHandWinsOverTheRulesPeriod) {
  Denial d = denial("CO", "50");
  EXPECT_EQ(suggest(defaults(), d).dueOn, Date::parse("2026-11-09").value());
  d.dueOn = Date::parse("2026-09-30").value();
  EXPECT_EQ(suggest(defaults(), d).dueOn, Date::parse("2026-09-30").value());
}

TEST(DenialRules, APracticeRuleIsLaidOverTheDefaultsById) {
  RuleSetPatch patch;
  RulePatch off;
  off.id = "duplicate";
  off.enabled = false;
  RulePatch appeal;
  appeal.id = "bundled";
  appeal.action = DenialAction::kAppeal;
  appeal.dueDays = 45;
  RulePatch mine;
  mine.id = "payer7.necessity";
  mine.carcs = std::vector<std::string>{"50"};
  mine.payerIds = std::vector<PayerId>{PayerId(7)};
  mine.action = DenialAction::kCorrectAndResubmit;
  mine.explanation = "Payer 7 reprocesses necessity denials sent with the notes attached.";
  patch.rules = {off, appeal, mine};
  auto set = applyPatch(defaultRuleSet(), patch);
  ASSERT_TRUE(set.ok()) << set.error().fields.front().field;
  EXPECT_EQ(set->rules.size(), defaults().size() + 1);
  EXPECT_TRUE(validate(*set).empty());
  EXPECT_EQ(suggest(set->rules, denial("CO", "18")).ruleId, "fallback");
  const Suggestion bundled = suggest(set->rules, denial("CO", "97"));
  EXPECT_EQ(bundled.action, DenialAction::kAppeal);
  EXPECT_EQ(bundled.dueDays, 45);
  EXPECT_EQ(bundled.explanation, suggest(defaults(), denial("CO", "97")).explanation);
  EXPECT_EQ(suggest(set->rules, denial("CO", "50")).ruleId, "payer7.necessity");
  Denial other = denial("CO", "50");
  other.payerId = PayerId(8);
  EXPECT_EQ(suggest(set->rules, other).ruleId, "medical_necessity");
}

TEST(DenialRules, OfEquallySpecificRulesTheLaterOneAnswers) {
  RuleSetPatch patch;
  RulePatch mine;
  mine.id = "my.necessity";
  mine.carcs = std::vector<std::string>{"50"};
  mine.action = DenialAction::kWriteOff;
  mine.explanation = "We do not appeal necessity denials of this kind.";
  patch.rules = {mine};
  auto set = applyPatch(defaultRuleSet(), patch);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(suggest(set->rules, denial("CO", "50")).ruleId, "my.necessity");
}

TEST(DenialRules, ErrorsNameTheRuleAndTheField) {
  RuleSetPatch patch;
  RulePatch noAction;
  noAction.id = "new.rule";
  noAction.explanation = "x";
  RulePatch badCode;
  badCode.id = "duplicate";
  badCode.carcs = std::vector<std::string>{"18", "eighteen"};
  badCode.dueDays = 0;
  RulePatch twice;
  twice.id = "duplicate";
  RulePatch badRarc;
  badRarc.id = "bundled";
  badRarc.rarcs = std::vector<std::string>{"N1234"};
  badRarc.groups = std::vector<std::string>{"XX"};
  patch.rules = {noAction, badCode, twice, badRarc};
  patch.appealLetter = "Dear {{payer_name}}, see {{claim_no}}.";
  auto set = applyPatch(defaultRuleSet(), patch);
  ASSERT_FALSE(set.ok());
  const auto& f = set.error().fields;
  EXPECT_TRUE(hasError(f, "rules[0].action", "is required")) << f.front().field;
  EXPECT_TRUE(hasError(f, "rules[1].carcs[1]", "claim adjustment reason code"));
  EXPECT_FALSE(hasError(f, "rules[1].carcs[0]"));
  EXPECT_TRUE(hasError(f, "rules[1].due_days", "between 1 and 365"));
  EXPECT_TRUE(hasError(f, "rules[2].id", "the same as rules[1].id"));
  EXPECT_TRUE(hasError(f, "rules[3].rarcs[0]", "remark code"));
  EXPECT_TRUE(hasError(f, "rules[3].groups[0]", "CO, PI, OA or PR"));
  EXPECT_TRUE(hasError(f, "appeal_letter", "{{claim_no}}"));
}

TEST(DenialRules, TheFallbackCannotBeSwitchedOffWithoutAnother) {
  RuleSetPatch patch;
  RulePatch off;
  off.id = "fallback";
  off.enabled = false;
  patch.rules = {off};
  auto refused = applyPatch(defaultRuleSet(), patch);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(hasError(refused.error().fields, "rules", "fallback"));
  RulePatch mine;
  mine.id = "my.fallback";
  mine.action = DenialAction::kCorrectAndResubmit;
  mine.explanation = "Look at it and fix the claim.";
  patch.rules.push_back(mine);
  auto accepted = applyPatch(defaultRuleSet(), patch);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(suggest(accepted->rules, denial("OA", "B9")).ruleId, "my.fallback");
}

TEST(DenialRules, ARuleSetWithoutAnyMatchStillSuggests) {
  const Suggestion s = suggest({}, denial("CO", "50"));
  EXPECT_EQ(s.ruleId, "fallback");
  EXPECT_EQ(s.action, DenialAction::kAppeal);
}

TEST(DenialLetter, FieldsAreFilledAndUnknownOnesRefused) {
  EXPECT_TRUE(checkLetterTemplate(defaultRuleSet().appealLetter, "appeal_letter").empty());
  const std::string filled =
      fillLetter("Dear {{ payer_name }},\nclaim {{claim_number}} for {{patient_name}}.{{x",
                 {{"payer_name", "Acme Health"}, {"claim_number", "C1042"}});
  EXPECT_EQ(filled, "Dear Acme Health,\nclaim C1042 for .{{x");
  const auto unclosed = checkLetterTemplate("Dear {{payer_name", "appeal_letter");
  ASSERT_EQ(unclosed.size(), 1u);
  EXPECT_NE(unclosed[0].message.find("without its '}}'"), std::string::npos);
  EXPECT_EQ(checkLetterTemplate("   ", "body").at(0).field, "body");
  EXPECT_FALSE(checkLetterTemplate(std::string("a\x01b"), "t").empty());
  EXPECT_TRUE(checkLetterTemplate("line one\r\nline\ttwo", "t").empty());
}

TEST(Denial, ValidateNamesWhatPostingGotWrong) {
  EXPECT_TRUE(validate(denial("CO", "50", {"N130", "MA01"})).empty());
  Denial d = denial("PX", "5000", {"n130"});
  d.amount = Money::fromCents(0);
  d.responsibility = 4;
  d.claimId = ClaimId();
  const auto errors = validate(d);
  for (const char* f :
       {"group_code", "carc", "rarc[0]", "amount_cents", "responsibility", "claim_id"}) {
    EXPECT_TRUE(hasError(errors, f)) << f;
  }
  d = denial("CO", "50");
  d.lineId = ChargeLineId();
  EXPECT_TRUE(validate(d).empty()) << "a claim-level denial has no line";
}

TEST(Denial, AgesFallIntoBuckets) {
  const Date denied = Date::parse("2026-01-31").value();
  EXPECT_EQ(ageDays(denied, Date::parse("2026-03-02").value()), 30);
  EXPECT_EQ(bucketOf(30), AgeBucket::k0To30);
  EXPECT_EQ(bucketOf(31), AgeBucket::k31To60);
  EXPECT_EQ(bucketOf(60), AgeBucket::k31To60);
  EXPECT_EQ(bucketOf(61), AgeBucket::k61To90);
  EXPECT_EQ(bucketOf(91), AgeBucket::k91Plus);
  EXPECT_EQ(bucketOf(-2), AgeBucket::k0To30);
  EXPECT_EQ(parseAgeBucket("91+"), AgeBucket::k91Plus);
  EXPECT_FALSE(parseAgeBucket("90+").has_value());
  EXPECT_EQ(rangeOf(AgeBucket::k31To60).max, 60);
  EXPECT_FALSE(rangeOf(AgeBucket::k91Plus).max.has_value());
}

TEST(Denial, ActionsAndResolutionsHaveTheirNames) {
  for (auto a : kAllDenialActions) EXPECT_EQ(parseDenialAction(toString(a)), a);
  EXPECT_EQ(toString(resolutionOf(DenialAction::kWriteOff)), "written_off");
  EXPECT_EQ(toString(resolutionOf(DenialAction::kCorrectAndResubmit)), "resubmitted");
  EXPECT_EQ(parseDenialResolution("billed_patient"), DenialResolution::kBilledPatient);
  EXPECT_FALSE(parseDenialAction("resubmit").has_value());
  EXPECT_EQ(reasonCode(denial("PI", "204")), "PI-204");
}

}  // namespace
}  // namespace medoffice::domain::denials
