// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// A professional claim (domain/claims/claim.hpp) as JSON (issue 16): the API's representation
// and the snapshot kept with each claim. Member names are the field paths that
// domain::claims::validate(), the scrubber and the 837P SegmentMap report, so that a finding's
// `field` (`lines[2].diagnosis_pointers[0]`, `subscriber.member_id`,
// `other_payers[0].subscriber_name.last`) is the path of a member of this JSON.
//
//   {"id": 17, "patient_control_number": "1001", "frequency": "original",
//    "original_claim_number": "", "place_of_service": "11", "provider_signature_on_file": true,
//    "assignment": "assigned", "benefits_assignment": "yes", "release_of_information": "signed",
//    "submitter": {"name": {...}, "id": "...", "contact": {"name", "phone", "email"}},
//    "receiver": {"name", "id"},
//    "billing_provider": {"name", "npi", "tax_id_kind", "tax_id", "taxonomy", "address",
//                         "contact", "pay_to_address"?},
//    "subscriber": {"responsibility", "group_number", "group_name", "insurance_type_code",
//                   "claim_filing_indicator", "name", "member_id", "birth_date"?, "sex",
//                   "address"},
//    "payer": {"name", "payer_id", "address"},
//    "patient"?: {"relationship", "name", "birth_date", "sex", "address"},
//    "accident"?: {"causes": [...], "state", "date"?}, "onset_date"?, "patient_paid_cents"?,
//    "prior_authorization", "referral_number", "diagnoses": ["J20.9"],
//    "referring_provider"?, "rendering_provider"?: {"name", "npi", "taxonomy"},
//    "service_facility"?: {"name", "npi", "address"},
//    "other_payers": [{"responsibility", "relationship", "group_number", "group_name",
//        "insurance_type_code", "claim_filing_indicator", "adjustments", "paid_amount_cents"?,
//        "non_covered_amount_cents"?, "remaining_patient_liability_cents"?,
//        "benefits_assignment", "release_of_information", "subscriber_name",
//        "subscriber_member_id", "subscriber_address", "payer_name", "payer_id",
//        "payer_address", "adjudication_date"?, "payer_claim_control_number"}],
//    "lines": [{"control_number", "procedure_code", "modifiers", "description", "charge_cents",
//        "unit_basis", "units", "place_of_service", "diagnosis_pointers", "service_date",
//        "service_date_end"?, "ndc"?: {"code", "unit", "quantity": "1.5"},
//        "rendering_provider"?, "adjudications": [{"other_payer_id", "paid_amount_cents",
//        "procedure_code", "modifiers", "paid_units", "adjustments", "adjudication_date",
//        "remaining_patient_liability_cents"?}]}]}
//
// A name is {"type": "person" | "organization", "last", "first", "middle", "suffix"}, an
// address {"line1", "line2", "city", "state", "postal_code"}, an adjustment {"group_code",
// "reason_code", "amount_cents", "quantity"}.
//
// Decisions:
// - Money is integer cents under a `_cents` name, as validate() names `lines[k].charge_cents`
//   (no decimal copy beside it, so one amount has one member). Amounts are limited to
//   ±9,000,000,000,000,000 cents (Money::parse's ±90 trillion dollars).
// - The NDC quantity is `ndc.quantity`, the name validate() and the billing API use, as an exact
//   decimal string with up to three decimals ("1.5"; a JSON number is accepted on input).
// - Dates are `YYYY-MM-DD`. Enums are words: sex "female" | "male" | "unknown", tax_id_kind
//   "ein" | "ssn", responsibility "primary" | "secondary" | "tertiary", frequency "original" |
//   "replacement" | "void", assignment "assigned" | "lab_only" | "not_assigned",
//   benefits_assignment "yes" | "no" | "not_applicable", release_of_information "signed" |
//   "informed", unit_basis "units" | "minutes".
// - Members marked ? (std::optional in the model, and `id` when unset) are omitted when unset;
//   every other member is always written, empty strings and arrays included, so the shape is
//   fixed. On input an absent (or null) member takes the model's default, except the dates the
//   model always has (`patient.birth_date`, `lines[k].service_date`,
//   `lines[k].adjudications[j].adjudication_date`), which are required.
// - CLM02 (the SegmentMap's `total_charge`) is computed from the lines and not written.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "codecs/json/json_writer.hpp"
#include "domain/claims/claim.hpp"
#include "domain/common/error.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs {

/// Writes `claim` as one JSON object into `w` (to embed it in a larger answer). Deterministic:
/// members in the order above. Text that is not UTF-8 is written with U+FFFD. Never throws.
void writeClaimJson(JsonWriter& w, const domain::claims::Claim& claim);

/// The claim as a compact JSON object. claimFromJson(claimToJson(c)) gives back c for every
/// claim whose text is UTF-8 and whose amounts are within the limit above. Never throws.
std::string claimToJson(const domain::claims::Claim& claim);

/// Reads a claim from a parsed JSON value, strictly: a value that is not an object, a member
/// of the wrong type or out of range, an unknown enum word and an unknown member are added to
/// `errors`, each naming its path (`lines[1].units`, `subscriber.sexx`) after `prefix` (a path
/// such as `claims[3]`, or empty), all of them at once. The claim returned is meaningful only
/// when nothing was added. Values are not validated (that is domain::claims::validate()'s job).
/// Pure; never throws.
domain::claims::Claim readClaimJson(const nlohmann::json& value, domain::FieldErrors& errors,
                                    const std::string& prefix = {});

/// The claim from claimToJson()'s output or an API body: kInvalid naming `body` for text that
/// is not a JSON object (or nests deeper than 16), else readClaimJson()'s errors. Pure; never
/// throws.
domain::Result<domain::claims::Claim> claimFromJson(std::string_view json);

}  // namespace medoffice::codecs
