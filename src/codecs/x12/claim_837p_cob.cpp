// SPDX-License-Identifier: AGPL-3.0-or-later
// The 837P's coordination of benefits (X12-NOTES §2.8): for a claim to a secondary or tertiary
// payer, what each earlier payer did, in 2320 (SBR, CAS, AMT, OI), 2330A (its subscriber),
// 2330B (the payer, DTP*573, REF*F8) and, per line, 2430 (SVD, CAS, DTP*573, AMT*EAF).
#include <algorithm>
#include <optional>
#include <span>

#include "codecs/x12/claim_837p_emit.hpp"

namespace medoffice::codecs::x12::detail837p {

namespace claims = domain::claims;
using domain::Status;

namespace {

// ---- element → model field tables (SegmentMap) ----
// 2320/2330, relative to other_payers[j]; 2430, relative to lines[i].adjudications[j].
// clang-format off
#define MO_NAME(p) {3, 0, p "name.last"}, {4, 0, p "name.first"}, {5, 0, p "name.middle"}, \
                   {7, 0, p "name.suffix"}
#define MO_N3(p) {1, 0, p "line1"}, {2, 0, p "line2"}
#define MO_N4(p) {1, 0, p "city"}, {2, 0, p "state"}, {3, 0, p "postal_code"}
#define MO_CAS(n) {n, 0, "adjustments"}
// clang-format on

constexpr ElementField kOtherSbr[] = {
    {1, 0, "responsibility"}, {2, 0, "relationship"},        {3, 0, "group_number"},
    {4, 0, "group_name"},     {5, 0, "insurance_type_code"}, {9, 0, "claim_filing_indicator"}};
constexpr ElementField kCas[] = {MO_CAS(1),  MO_CAS(2),  MO_CAS(3),  MO_CAS(4),  MO_CAS(5),
                                 MO_CAS(6),  MO_CAS(7),  MO_CAS(8),  MO_CAS(9),  MO_CAS(10),
                                 MO_CAS(11), MO_CAS(12), MO_CAS(13), MO_CAS(14), MO_CAS(15),
                                 MO_CAS(16), MO_CAS(17), MO_CAS(18), MO_CAS(19)};
constexpr ElementField kOtherPaid[] = {{2, 0, "paid_amount_cents"}};
constexpr ElementField kOtherNonCovered[] = {{2, 0, "non_covered_amount_cents"}};
constexpr ElementField kRemaining[] = {{2, 0, "remaining_patient_liability_cents"}};
constexpr ElementField kOi[] = {{3, 0, "benefits_assignment"}, {6, 0, "release_of_information"}};
constexpr ElementField kOtherSubscriberNm1[] = {MO_NAME("subscriber_"),
                                                {9, 0, "subscriber_member_id"}};
constexpr ElementField kOtherSubscriberN3[] = {MO_N3("subscriber_address.")};
constexpr ElementField kOtherSubscriberN4[] = {MO_N4("subscriber_address.")};
constexpr ElementField kOtherPayerNm1[] = {{3, 0, "payer_name"}, {9, 0, "payer_id"}};
constexpr ElementField kOtherPayerN3[] = {MO_N3("payer_address.")};
constexpr ElementField kOtherPayerN4[] = {MO_N4("payer_address.")};
constexpr ElementField kAdjudicationDate[] = {{3, 0, "adjudication_date"}};
constexpr ElementField kOtherPayerClaim[] = {{2, 0, "payer_claim_control_number"}};
constexpr ElementField kSvd[] = {
    {1, 0, "other_payer_id"}, {2, 0, "paid_amount_cents"}, {3, 2, "procedure_code"},
    {3, 3, "modifiers[0]"},   {3, 4, "modifiers[1]"},      {3, 5, "modifiers[2]"},
    {3, 6, "modifiers[3]"},   {3, 0, "procedure_code"},    {5, 0, "paid_units"}};

#undef MO_NAME
#undef MO_N3
#undef MO_N4
#undef MO_CAS

/// One CAS per group code, in order of first appearance, its triplets in order.
Status casSegments(Emitter& e, std::string_view loop, const std::vector<claims::Adjustment>& adj) {
  // One CAS per group code, in order of first appearance, its reasons in order (the guide
  // allows five CAS per loop, one per group; validate() keeps six triplets per group).
  std::array<std::string_view, 5> groups{};
  std::size_t groupCount = 0;
  for (const auto& a : adj) {
    if (std::find(groups.begin(), groups.begin() + groupCount, a.groupCode) ==
            groups.begin() + groupCount &&
        groupCount < groups.size()) {
      groups[groupCount++] = a.groupCode;
    }
  }
  for (std::size_t g = 0; g < groupCount; ++g) {
    e.begin("CAS", loop, groups[g], kCas);
    e.id(1, groups[g], 2);
    std::size_t n = 2;
    for (const auto& a : adj) {
      if (a.groupCode != groups[g]) continue;
      e.id(n, a.reasonCode, kReasonMax);
      e.amount(n + 1, a.amount);
      if (a.quantity != 0) e.integer(n + 2, a.quantity);
      n += 3;
    }
    MO_TRY(e.end());
  }
  return {};
}

/// True when any line carries a 2430 from the payer with NM109 `payerId`.
bool adjudicatedByLine(const claims::Claim& c, std::string_view payerId) {
  return std::any_of(c.lines.begin(), c.lines.end(), [&](const claims::ServiceLine& l) {
    return std::any_of(
        l.adjudications.begin(), l.adjudications.end(),
        [&](const claims::LineAdjudication& a) { return a.otherPayerId == payerId; });
  });
}

Status otherPayer(Emitter& e, const claims::Claim& c, const claims::OtherPayer& o) {
  e.begin("SBR", "2320", "", kOtherSbr);
  e.raw(1, claims::code(o.responsibility));
  e.id(2, o.relationship, kShortCodeMax);
  e.id(3, o.groupNumber, kRefMax);
  if (o.groupNumber.empty()) e.text(4, o.groupName, kNameMax);
  e.id(5, o.insuranceTypeCode, kShortCodeMax);
  e.id(9, o.claimFilingIndicator, kShortCodeMax);
  MO_TRY(e.end());
  MO_TRY(casSegments(e, "2320", o.adjustments));
  struct Amount {
    const std::optional<domain::Money>& value;
    std::string_view qualifier;
    std::span<const ElementField> fields;
  };
  const Amount amounts[] = {{o.paidAmount, "D", kOtherPaid},
                            {o.nonCoveredAmount, "A8", kOtherNonCovered},
                            {o.remainingPatientLiability, "EAF", kRemaining}};
  for (const Amount& a : amounts) {
    if (!a.value) continue;
    e.begin("AMT", "2320", a.qualifier, a.fields);
    e.raw(1, a.qualifier);
    e.amount(2, *a.value);
    MO_TRY(e.end());
  }
  e.begin("OI", "2320", "", kOi);
  e.raw(3, claims::code(o.benefitsAssignment));
  e.raw(6, claims::code(o.releaseOfInformation));
  MO_TRY(e.end());

  e.begin("NM1", "2330A", "IL", kOtherSubscriberNm1);
  e.raw(1, "IL");
  name(e, o.subscriberName, "subscriber_name.last");
  e.raw(8, "MI");
  if (!e.id(9, o.subscriberMemberId, kIdMax)) e.missing("subscriber_member_id");
  MO_TRY(e.end());
  MO_TRY(address(e, o.subscriberAddress, "2330A", kOtherSubscriberN3, kOtherSubscriberN4));

  e.begin("NM1", "2330B", "PR", kOtherPayerNm1);
  e.raw(1, "PR");
  e.raw(2, '2');
  e.required(3, o.payerName, kNameMax, "payer_name");
  e.raw(8, "PI");
  if (!e.id(9, o.payerId, kIdMax)) e.missing("payer_id");
  MO_TRY(e.end());
  MO_TRY(address(e, o.payerAddress, "2330B", kOtherPayerN3, kOtherPayerN4));
  // The guide sends the claim-level adjudication date only when the payer's 2430s (which carry
  // their own DTP*573) are not used.
  if (o.adjudicationDate && !adjudicatedByLine(c, o.payerId)) {
    e.begin("DTP", "2330B", "573", kAdjudicationDate);
    e.raw(1, "573");
    e.raw(2, "D8");
    e.date(3, *o.adjudicationDate);
    MO_TRY(e.end());
  }
  if (!o.payerClaimControlNumber.empty()) {
    e.begin("REF", "2330B", "F8", kOtherPayerClaim);
    e.raw(1, "F8");
    if (!e.id(2, o.payerClaimControlNumber, kRefMax)) e.missing("payer_claim_control_number");
    MO_TRY(e.end());
  }
  return {};
}

}  // namespace

Status otherPayerLoops(Emitter& e, const claims::Claim& c) {
  for (std::size_t j = 0; j < c.otherPayers.size(); ++j) {
    e.otherPayer = static_cast<std::int32_t>(j);
    MO_TRY(otherPayer(e, c, c.otherPayers[j]));
  }
  e.otherPayer = -1;
  return {};
}

Status lineAdjudicationLoops(Emitter& e, const claims::ServiceLine& l) {
  for (std::size_t j = 0; j < l.adjudications.size(); ++j) {
    const claims::LineAdjudication& a = l.adjudications[j];
    e.otherPayer = static_cast<std::int32_t>(j);
    e.begin("SVD", "2430", "", kSvd);
    if (!e.id(1, a.otherPayerId, kIdMax)) e.missing("other_payer_id");
    e.amount(2, a.paidAmount);
    // SVD03 is the procedure as that payer adjudicated it; empty means as billed.
    if (a.procedureCode.empty()) {
      MO_TRY(procedure(e, 3, l.procedureCode, l.modifiers, {}));
    } else {
      MO_TRY(procedure(e, 3, a.procedureCode, a.modifiers, {}));
    }
    e.integer(5, a.paidUnits);
    MO_TRY(e.end());
    MO_TRY(casSegments(e, "2430", a.adjustments));
    e.begin("DTP", "2430", "573", kAdjudicationDate);
    e.raw(1, "573");
    e.raw(2, "D8");
    e.date(3, a.adjudicationDate);
    MO_TRY(e.end());
    if (a.remainingPatientLiability) {
      e.begin("AMT", "2430", "EAF", kRemaining);
      e.raw(1, "EAF");
      e.amount(2, *a.remainingPatientLiability);
      MO_TRY(e.end());
    }
  }
  e.otherPayer = -1;
  return {};
}

}  // namespace medoffice::codecs::x12::detail837p
