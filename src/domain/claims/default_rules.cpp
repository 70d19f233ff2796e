// SPDX-License-Identifier: AGPL-3.0-or-later
// The default scrubber rules, in our own words. Procedure codes are bare CPT/HCPCS numbers and
// ranges (no descriptors).
#include "domain/claims/default_rules.hpp"

#include <string>
#include <utility>

namespace medoffice::domain::claims {

namespace {

Rule rule(std::string id, CheckKind kind, Severity severity, RuleParams params = {},
          std::string note = {}) {
  Rule r;
  r.id = std::move(id);
  r.kind = kind;
  r.severity = severity;
  r.params = std::move(params);
  r.note = std::move(note);
  return r;
}

RuleParams provider(std::string which) {
  RuleParams p;
  p.provider = std::move(which);
  return p;
}

std::vector<Rule> build() {
  constexpr Severity E = Severity::kError;
  constexpr Severity W = Severity::kWarning;
  std::vector<Rule> out;

  // Providers (2010AA, 2310A-C, 2420A).
  out.push_back(rule("npi.billing.check_digit", CheckKind::kNpiCheckDigit, E, provider("billing")));
  out.push_back(
      rule("npi.rendering.check_digit", CheckKind::kNpiCheckDigit, E, provider("rendering")));
  out.push_back(
      rule("npi.referring.check_digit", CheckKind::kNpiCheckDigit, E, provider("referring")));
  out.push_back(rule("npi.service_facility.check_digit", CheckKind::kNpiCheckDigit, E,
                     provider("service_facility")));
  out.push_back(rule("tin.format", CheckKind::kTinFormat, E));
  out.push_back(
      rule("taxonomy.billing.format", CheckKind::kTaxonomyFormat, W, provider("billing")));
  out.push_back(
      rule("taxonomy.rendering.format", CheckKind::kTaxonomyFormat, W, provider("rendering")));

  // Subscriber and patient (2010BA, 2000C, 2010CA).
  out.push_back(rule("subscriber.member_id", CheckKind::kMemberId, E));
  {
    RuleParams p;
    p.patterns = {"#@*#@*#@@##"};
    Rule r = rule("subscriber.member_id.medicare_mbi", CheckKind::kMemberId, E, std::move(p),
                  "Medicare claims carry the 11-character Medicare Beneficiary Identifier from "
                  "the patient's Medicare card, without its dashes.");
    r.payers.claimFilingIndicators = {"MA", "MB"};
    out.push_back(std::move(r));
  }
  out.push_back(rule("relationship.code", CheckKind::kRelationshipCode, E));
  out.push_back(rule("patient.birth_date", CheckKind::kPatientBirthDate, E));
  out.push_back(rule("patient.sex.known", CheckKind::kPatientSex, W));

  // Coverage (SBR09, SBR05).
  out.push_back(rule("sbr09.valid", CheckKind::kClaimFilingIndicator, E));
  out.push_back(rule("sbr05.medicare_secondary", CheckKind::kInsuranceTypeCode, E));

  // Coordination of benefits on secondary and tertiary claims (2320, 2330B, 2430): the earlier
  // payers in order, with what they did, balancing as the next payer checks it.
  out.push_back(rule("cob.payer_order", CheckKind::kCobPayerOrder, E));
  out.push_back(rule("cob.prior_payer", CheckKind::kCobPriorPayer, E));
  out.push_back(rule("cob.line_balance", CheckKind::kCobLineBalance, E));
  out.push_back(rule("cob.claim_balance", CheckKind::kCobClaimBalance, E));

  // Diagnoses and lines (HI, SV1).
  out.push_back(rule("dx.pointers", CheckKind::kDiagnosisPointers, E));
  out.push_back(rule("dx.codes", CheckKind::kDiagnosisCodes, E));
  out.push_back(rule("px.code", CheckKind::kProcedureCode, E));
  out.push_back(rule("modifier.valid", CheckKind::kModifiersValid, E));
  {
    RuleParams p;
    p.codes = {"99202-99205", "99211-99215"};
    p.modifiers = {"25"};
    // Minor procedures (0- or 10-day global) and injections that an office visit on the same
    // day is billed beside.
    p.withCodes = {"10040-10061", "11055-11057", "11102-11107", "11200-11201", "11300-11313",
                   "11400-11446", "11600-11646", "11720-11721", "11730",       "11750",
                   "12001-12018", "17000-17004", "17110-17111", "20526",       "20550-20553",
                   "20600-20611", "69209-69210", "96372"};
    out.push_back(rule("modifier.25.minor_procedure", CheckKind::kModifierRequired, W, std::move(p),
                       "Modifier 25 says the visit went beyond the usual check before the "
                       "procedure; the notes must show it."));
  }
  {
    RuleParams p;
    p.modifiers = {"59"};
    p.replacements = {"XE", "XP", "XS", "XU"};
    Rule r = rule("modifier.59.use_x", CheckKind::kModifierNotAccepted, W, std::move(p),
                  "Switch this on, with a payer filter, for each payer that asks for the X "
                  "modifiers instead of 59.");
    r.enabled = false;
    out.push_back(std::move(r));
  }
  {
    RuleParams p;
    p.modifiers = {"24", "25", "26", "50", "51", "57", "59", "76", "77", "79",
                   "91", "95", "LT", "RT", "TC", "XE", "XP", "XS", "XU"};
    Rule r = rule("modifier.allow_list", CheckKind::kModifierAllowed, E, std::move(p),
                  "Switch this on, with a payer filter and that payer's list, for a payer that "
                  "takes only the modifiers it names.");
    r.enabled = false;
    out.push_back(std::move(r));
  }
  out.push_back(rule("pos.valid", CheckKind::kPlaceOfService, E));

  // Dates (DTP*472).
  out.push_back(rule("dos.not_future", CheckKind::kServiceDateNotFuture, E));
  out.push_back(rule("dos.timely_filing", CheckKind::kTimelyFiling, E, {},
                     "The window is the payer's own (365 days when the payer record has none)."));
  {
    RuleParams p;
    p.marginDays = 30;
    out.push_back(rule("dos.timely_filing.soon", CheckKind::kTimelyFiling, W, std::move(p)));
  }

  // Authorisation (REF*G1), duplicates and charges.
  {
    RuleParams p;
    // CT, MRI, cardiac imaging and PET: the services most plans authorise in advance.
    p.codes = {"70450-70498", "70540-70559", "71250-71275", "71550-71555", "72125-72133",
               "72141-72159", "72191-72198", "73200-73225", "73700-73725", "74150-74185",
               "75557-75574", "78451-78454", "78811-78816"};
    out.push_back(rule("auth.advanced_imaging", CheckKind::kPriorAuthorization, W, std::move(p),
                       "Most plans authorise advanced imaging in advance; add an error rule for "
                       "each payer that requires it."));
  }
  out.push_back(rule("dup.service", CheckKind::kDuplicateService, E));
  out.push_back(rule("charge.positive", CheckKind::kChargePositive, E));
  return out;
}

}  // namespace

const std::vector<Rule>& defaultRules() {
  static const std::vector<Rule> rules = build();
  return rules;
}

}  // namespace medoffice::domain::claims
