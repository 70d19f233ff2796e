// SPDX-License-Identifier: AGPL-3.0-or-later
// The default denial rules and appeal letter, in our own words.
#include "domain/denials/default_rules.hpp"

#include <string>
#include <utility>

namespace medoffice::domain::denials {

namespace {

using A = DenialAction;

Rule rule(std::string id, std::vector<std::string> carcs, A action, int dueDays,
          std::string explanation) {
  Rule r;
  r.id = std::move(id);
  r.carcs = std::move(carcs);
  r.action = action;
  r.dueDays = dueDays;
  r.explanation = std::move(explanation);
  return r;
}

std::vector<Rule> build() {
  std::vector<Rule> out;
  out.push_back(rule("fallback", {}, A::kAppeal, 30,
                     "No rule covers this reason. Read the remark codes and the payer's "
                     "explanation: if the claim was wrong, correct and resubmit it; if it was "
                     "right, appeal."));

  // Claims the payer could not process as sent: fix the claim, send a replacement.
  out.push_back(rule("coding.modifier_or_code", {"4", "181", "182"}, A::kCorrectAndResubmit, 30,
                     "The procedure code or a modifier does not fit, or was not valid on the "
                     "date of service. Check the coding, correct the encounter and send a "
                     "replacement claim."));
  out.push_back(rule("coding.diagnosis", {"11", "146"}, A::kCorrectAndResubmit, 30,
                     "The diagnosis does not support the service, or was not valid on the date "
                     "of service. Check the notes for a more exact diagnosis, correct the "
                     "encounter and send a replacement claim."));
  out.push_back(rule("missing_information", {"16"}, A::kCorrectAndResubmit, 30,
                     "The claim lacks information or has a billing error; the remark codes say "
                     "what. Fix it and send a replacement claim (an appeal would be refused)."));
  {
    Rule r = rule("missing_information.incomplete", {"16"}, A::kCorrectAndResubmit, 30,
                  "The payer found the claim incomplete or invalid (MA130) and asks for a "
                  "corrected claim, not an appeal. Fix what the other remark codes name and "
                  "send a replacement claim.");
    r.rarcs = {"MA130"};
    out.push_back(std::move(r));
  }
  {
    Rule r = rule("missing_information.rendering_provider", {"16"}, A::kCorrectAndResubmit, 14,
                  "The rendering provider's identifier is missing or not valid (N290). Check "
                  "the provider's NPI and enrollment with the payer, then send a replacement "
                  "claim.");
    r.rarcs = {"N290"};
    out.push_back(std::move(r));
  }
  out.push_back(rule("duplicate", {"18"}, A::kWriteOff, 14,
                     "The payer already has this service on another claim. Look at that claim: "
                     "when its remittance paid the service, write off what this one still shows "
                     "(it was billed twice). If the service was really given twice, correct the "
                     "claim with modifier 76, 77 or 91 and resubmit."));
  out.push_back(rule("coordination_of_benefits", {"22"}, A::kCorrectAndResubmit, 30,
                     "The payer says another plan may pay first. Ask the patient about other "
                     "insurance, put the coverages in the right order and bill the primary "
                     "payer; send this payer the claim after the primary has paid."));
  out.push_back(rule("no_coverage_on_date", {"26", "27"}, A::kBillPatient, 30,
                     "The service falls outside the coverage period. Check eligibility for the "
                     "date of service: if the patient had other coverage, add it and bill that "
                     "payer (correct and resubmit); if not, the visit is the patient's to pay."));
  out.push_back(rule("timely_filing", {"29"}, A::kAppeal, 30,
                     "The payer says the claim came after its filing limit. If it was sent in "
                     "time, appeal with the proof (the 999 or 277CA acceptance in the claim's "
                     "history). Without proof, write it off: it may not be billed to the "
                     "patient."));
  out.push_back(rule("patient_not_identified", {"31"}, A::kCorrectAndResubmit, 14,
                     "The payer cannot find the patient as its member. Compare the member id, "
                     "name and date of birth with the insurance card, correct the coverage and "
                     "send a replacement claim."));
  out.push_back(rule("medical_necessity", {"50"}, A::kAppeal, 60,
                     "The payer does not find the service medically necessary. Appeal with the "
                     "visit notes and a letter of medical necessity from the provider. If the "
                     "patient signed an advance notice (ABN) and the claim lacked modifier GA, "
                     "correct and resubmit instead."));
  out.push_back(rule("non_covered", {"96"}, A::kWriteOff, 30,
                     "The payer does not cover this service. Under a contractual (CO) or payer "
                     "(PI) denial the patient may not be billed unless they signed a notice "
                     "beforehand: write it off. If the code was wrong, correct and resubmit."));
  {
    Rule r = rule("non_covered.other", {"96"}, A::kBillPatient, 30,
                  "The plan does not cover this service and the payer does not hold the "
                  "practice to its contract for it (OA). Bill the patient, with the payer's "
                  "explanation.");
    r.groups = {"OA"};
    out.push_back(std::move(r));
  }
  out.push_back(rule("bundled", {"97", "236"}, A::kWriteOff, 30,
                     "The payer counts this service as part of another one paid on the same "
                     "day (bundling or code-pair edits). Write it off, unless it was a separate "
                     "service: then add modifier 59 (or XE, XS, XP, XU) or 25 as fits, and "
                     "correct and resubmit."));
  {
    Rule r = rule("bundled.incompatible", {"236"}, A::kCorrectAndResubmit, 30,
                  "This procedure is not billable with another on the same claim (a code-pair "
                  "edit). When the notes show a distinct service, add the modifier the edit "
                  "allows (59, XE, XS, XP, XU) and send a replacement claim; otherwise remove "
                  "the line.");
    r.groups = {"CO"};
    out.push_back(std::move(r));
  }
  out.push_back(rule("wrong_payer", {"109"}, A::kCorrectAndResubmit, 14,
                     "This payer does not cover the service: another payer (a Medicare "
                     "Advantage plan, Medicaid, a carve-out) does. Find the right payer, add or "
                     "fix the coverage and bill that payer."));
  out.push_back(rule("benefit_maximum", {"119"}, A::kBillPatient, 30,
                     "The plan's benefit limit for the period is used up. The patient is "
                     "responsible for services beyond it: bill the patient, with the payer's "
                     "explanation (see remark N130 when present)."));
  {
    Rule r = rule("benefit_maximum.contractual", {"119"}, A::kWriteOff, 30,
                  "The plan's limit is used up and the payer holds the practice to its "
                  "contract (CO): the amount may not be billed to the patient. Write it off.");
    r.groups = {"CO"};
    out.push_back(std::move(r));
  }
  out.push_back(rule("frequency", {"151"}, A::kAppeal, 60,
                     "The payer thinks the service was given too often. Appeal with the notes "
                     "that show why each service was needed; if units were billed wrong, "
                     "correct and resubmit."));
  out.push_back(rule("authorization", {"15", "197"}, A::kCorrectAndResubmit, 14,
                     "The prior authorization was missing or does not apply. When one was "
                     "obtained, add its number to the claim and send a replacement. When none "
                     "was, ask the payer for a retroactive authorization and appeal; otherwise "
                     "write it off."));
  out.push_back(rule("not_covered_by_plan", {"204"}, A::kBillPatient, 30,
                     "The patient's current plan does not cover this service. When the patient "
                     "was told beforehand and agreed to pay, bill the patient; otherwise write "
                     "it off."));
  {
    Rule r = rule("not_covered_by_plan.contractual", {"204"}, A::kWriteOff, 30,
                  "The patient's plan does not cover this service and the payer holds the "
                  "practice to its contract (CO): write it off, unless an advance notice was "
                  "signed, in which case appeal.");
    r.groups = {"CO"};
    out.push_back(std::move(r));
  }
  return out;
}

constexpr const char* kAppealLetter =
    "Re: Request for reconsideration of claim {{claim_number}}\n"
    "\n"
    "To the appeals department of {{payer_name}}:\n"
    "\n"
    "On {{denied_on}} you denied {{denied_amount}} of the services we billed for "
    "{{patient_name}} (member ID {{member_id}}) on {{service_date}}, for these reasons:\n"
    "{{reasons}}\n"
    "\n"
    "We ask you to reconsider. The services were ordered by the treating provider, were "
    "necessary for the patient's care, and were documented and billed as given. The records "
    "that support the claim are enclosed.\n"
    "\n"
    "Please review the claim and pay the amount due. If you need anything else to decide, call "
    "us at {{practice_phone}} and quote our claim {{claim_number}} (your claim number "
    "{{payer_claim_number}}).\n"
    "\n"
    "Sincerely,\n"
    "\n"
    "{{signer}}\n"
    "{{practice_name}}";

}  // namespace

const RuleSet& defaultRuleSet() {
  static const RuleSet set = [] {
    RuleSet s;
    s.rules = build();
    s.appealLetter = kAppealLetter;
    return s;
  }();
  return set;
}

}  // namespace medoffice::domain::denials
