// SPDX-License-Identifier: AGPL-3.0-or-later
// Property: the scrubber never throws (nor trips a sanitizer) on any claim, with the default
// rules and with rules whose parameters validate() would refuse, and every finding it returns
// names an enabled rule of the set, a field and a message.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/claims/default_rules.hpp"
#include "domain/claims/sample_claims.hpp"
#include "domain/claims/scrub_support_for_test.hpp"
#include "domain/claims/scrubber.hpp"

namespace medoffice::domain::claims {
namespace {

/// Values that reach each check's branches, and arbitrary bytes.
rc::Gen<std::string> genText() {
  return rc::gen::oneOf(
      rc::gen::element<std::string>("", " ", "1245319599", "1245319598", "12-3456789", "111111111",
                                    "207Q00000X", "J20.9", "E11", "J209", "99213", "20610", "70553",
                                    "J3490", "25", "59", "XS", "MB", "MA", "CI", "12", "18", "19",
                                    "11", "1EG4TE5MK73", "-", "70540-70553"),
      rc::gen::arbitrary<std::string>());
}

Date genDate() {
  // 1800-01-01 to 9999-12-31, the range of Date.
  return Date::fromDaysSinceEpoch(*rc::gen::inRange<std::int64_t>(-62091, 2932897));
}

std::optional<Date> genOptionalDate() {
  if (*rc::gen::arbitrary<bool>()) return std::nullopt;
  return genDate();
}

ProviderRef genProvider() {
  return {PartyName::person(*genText(), *genText()), *genText(), *genText()};
}

template <class T>
std::optional<T> maybe() {
  if (*rc::gen::arbitrary<bool>()) return std::nullopt;
  return *rc::gen::arbitrary<T>();
}

template <class T>
T pick(std::initializer_list<T> values) {
  return *rc::gen::elementOf(std::vector<T>(values));
}

Claim genClaim() {
  Claim c = samples::claim(*genText());
  c.billingProvider.npi = *genText();
  c.billingProvider.taxId = *genText();
  c.billingProvider.taxonomy = *genText();
  c.billingProvider.taxIdKind = pick({TaxIdKind::kEin, TaxIdKind::kSsn});
  c.billingProvider.name.type = pick({EntityType::kPerson, EntityType::kOrganization});
  c.payer.payerId = *genText();
  Subscriber& s = c.subscriber;
  s.memberId = *genText();
  s.claimFilingIndicator = *genText();
  s.insuranceTypeCode = *genText();
  s.responsibility = pick({PayerResponsibility::kPrimary, PayerResponsibility::kSecondary,
                           PayerResponsibility::kTertiary});
  s.sex = pick({Sex::kFemale, Sex::kMale, Sex::kUnknown});
  s.birthDate = genOptionalDate();
  s.name.last = *genText();
  if (*rc::gen::arbitrary<bool>()) {
    Patient p = samples::dependent();
    p.relationship = *genText();
    p.birthDate = genDate();
    p.sex = pick({Sex::kFemale, Sex::kMale, Sex::kUnknown});
    c.patient = p;
  }
  if (*rc::gen::arbitrary<bool>()) c.renderingProvider = genProvider();
  if (*rc::gen::arbitrary<bool>()) c.referringProvider = genProvider();
  if (*rc::gen::arbitrary<bool>()) {
    c.serviceFacility = ServiceFacility{*genText(), *genText(), {}};
  }
  c.placeOfService = *genText();
  c.priorAuthorization = *genText();
  c.diagnoses = *rc::gen::container<std::vector<std::string>>(*rc::gen::inRange<std::size_t>(0, 16),
                                                              genText());
  const auto others = *rc::gen::inRange(0, 3);
  for (int k = 0; k < others; ++k) {
    OtherPayer o;
    o.relationship = *genText();
    o.claimFilingIndicator = *genText();
    o.insuranceTypeCode = *genText();
    o.payerName = *genText();
    o.payerId = pick<std::string>({"12345", "77001", "", *genText()});
    o.responsibility = pick({PayerResponsibility::kPrimary, PayerResponsibility::kSecondary,
                             PayerResponsibility::kTertiary});
    if (*rc::gen::arbitrary<bool>())
      o.paidAmount = Money::fromCents(*rc::gen::arbitrary<std::int64_t>());
    if (*rc::gen::arbitrary<bool>()) o.adjudicationDate = genDate();
    const auto adjustments = *rc::gen::inRange(0, 3);
    for (int a = 0; a < adjustments; ++a) {
      o.adjustments.push_back(
          {*genText(), *genText(), Money::fromCents(*rc::gen::arbitrary<std::int64_t>()), 0});
    }
    c.otherPayers.push_back(o);
  }
  c.lines.clear();
  const auto lines = *rc::gen::inRange(0, 60);
  for (int i = 0; i < lines; ++i) {
    ServiceLine l = samples::line(*genText(), *genText(), *rc::gen::arbitrary<std::int64_t>(),
                                  *rc::gen::arbitrary<std::vector<int>>());
    l.modifiers = *rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 7), genText());
    l.serviceDate = genDate();
    l.serviceDateEnd = genOptionalDate();
    l.placeOfService = *genText();
    if (*rc::gen::arbitrary<bool>()) l.renderingProvider = genProvider();
    // 2430s naming the other payers (or none of them), with any amounts: the COB balance
    // checks add them up and must neither overflow nor throw.
    const auto adjudications = *rc::gen::inRange(0, 3);
    for (int a = 0; a < adjudications; ++a) {
      LineAdjudication adj;
      adj.otherPayerId = pick<std::string>({"12345", "77001", *genText()});
      adj.paidAmount = Money::fromCents(*rc::gen::arbitrary<std::int64_t>());
      adj.adjustments.push_back(
          {"CO", "45", Money::fromCents(*rc::gen::arbitrary<std::int64_t>()), 0});
      l.adjudications.push_back(std::move(adj));
    }
    c.lines.push_back(std::move(l));
  }
  return c;
}

/// One rule of every kind with parameters drawn at random, valid or not.
std::vector<Rule> genRules() {
  std::vector<Rule> out;
  for (CheckKind k : kAllCheckKinds) {
    Rule r;
    r.id = "random." + std::string(toString(k));
    r.kind = k;
    r.severity = pick({Severity::kError, Severity::kWarning});
    r.params.provider = pick<std::string>(
        {"billing", "rendering", "referring", "service_facility", "", "supervising"});
    r.params.patterns = *rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 3), genText());
    r.params.values = *rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 3), genText());
    r.params.codes = *rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 3), genText());
    r.params.modifiers = *rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 3), genText());
    r.params.withCodes = *rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 3), genText());
    r.params.replacements = *rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 3), genText());
    r.params.days = maybe<std::int64_t>();
    r.params.marginDays = maybe<std::int64_t>();
    r.params.required = maybe<bool>();
    r.note = *genText();
    out.push_back(std::move(r));
  }
  return out;
}

ScrubContext genContext(const BilledServices& billed) {
  ScrubContext ctx;
  ctx.today = genDate();
  ctx.payerClaimFilingIndicator = *genText();
  ctx.payerTimelyFilingDays = maybe<int>();
  ctx.codes = defaultCodeIndexForTest().check();
  ctx.alreadyBilled = [&billed](const BilledService& s) { return billed.find(s); };
  return ctx;
}

void checkFindings(const std::vector<Finding>& findings, const std::vector<Rule>& rules) {
  std::set<std::string> enabled;
  for (const auto& r : rules) {
    if (r.enabled) enabled.insert(r.id);
  }
  bool anyError = false;
  for (const auto& f : findings) {
    RC_ASSERT(enabled.contains(f.rule));
    RC_ASSERT(!f.field.empty());
    RC_ASSERT(!f.message.empty());
    RC_ASSERT(!f.segment.empty());
    anyError = anyError || f.severity == Severity::kError;
  }
  RC_ASSERT(batchable(findings) == !anyError);
}

RC_GTEST_PROP(ScrubberProperties, DefaultRulesNeverThrowOnAnyClaim, ()) {
  const Claim c = genClaim();
  BilledServices billed;
  billed.add(genClaim());
  billed.add(c);
  const ScrubContext ctx = genContext(billed);
  const auto findings = scrub(c, defaultRules(), ctx);
  RC_CLASSIFY(findings.empty(), "no findings");
  checkFindings(findings, defaultRules());
  RC_ASSERT(scrub(c, defaultRules(), ctx) == findings);  // deterministic
}

RC_GTEST_PROP(ScrubberProperties, RulesWithAnyParametersNeverThrow, ()) {
  const Claim c = genClaim();
  BilledServices billed;
  const std::vector<Rule> rules = genRules();
  static_cast<void>(validate(rules));  // never throws either, whatever it finds
  checkFindings(scrub(c, rules, genContext(billed)), rules);
}

}  // namespace
}  // namespace medoffice::domain::claims
