// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/denials/denial.hpp"

#include "domain/billing/code_sets.hpp"

namespace medoffice::domain {

std::string_view toString(DenialState s) {
  return s == DenialState::kResolved ? "resolved" : "open";
}

std::optional<DenialState> parseDenialState(std::string_view s) {
  if (s == "open") return DenialState::kOpen;
  if (s == "resolved") return DenialState::kResolved;
  return std::nullopt;
}

std::string_view toString(DenialResolution r) {
  switch (r) {
    case DenialResolution::kNone:
      return "";
    case DenialResolution::kResubmitted:
      return "resubmitted";
    case DenialResolution::kAppealed:
      return "appealed";
    case DenialResolution::kWrittenOff:
      return "written_off";
    case DenialResolution::kBilledPatient:
      return "billed_patient";
    case DenialResolution::kReversed:
      return "reversed";
    case DenialResolution::kOther:
      return "other";
  }
  return "";
}

std::optional<DenialResolution> parseDenialResolution(std::string_view s) {
  for (auto r :
       {DenialResolution::kNone, DenialResolution::kResubmitted, DenialResolution::kAppealed,
        DenialResolution::kWrittenOff, DenialResolution::kBilledPatient,
        DenialResolution::kReversed, DenialResolution::kOther}) {
    if (toString(r) == s) return r;
  }
  return std::nullopt;
}

std::string_view toString(DenialAction a) {
  switch (a) {
    case DenialAction::kCorrectAndResubmit:
      return "correct_and_resubmit";
    case DenialAction::kAppeal:
      return "appeal";
    case DenialAction::kWriteOff:
      return "write_off";
    case DenialAction::kBillPatient:
      return "bill_patient";
  }
  return "appeal";
}

std::optional<DenialAction> parseDenialAction(std::string_view s) {
  for (auto a : kAllDenialActions) {
    if (toString(a) == s) return a;
  }
  return std::nullopt;
}

DenialResolution resolutionOf(DenialAction a) {
  switch (a) {
    case DenialAction::kCorrectAndResubmit:
      return DenialResolution::kResubmitted;
    case DenialAction::kAppeal:
      return DenialResolution::kAppealed;
    case DenialAction::kWriteOff:
      return DenialResolution::kWrittenOff;
    case DenialAction::kBillPatient:
      return DenialResolution::kBilledPatient;
  }
  return DenialResolution::kOther;
}

bool isDenialGroup(std::string_view g) {
  return g == "CO" || g == "PI" || g == "OA" || g == "PR";
}

std::vector<FieldError> validate(const Denial& d) {
  FieldErrors e;
  if (!d.organizationId.valid()) e.add("organization_id", "is required");
  if (!d.remittanceId.valid()) e.add("remittance_id", "is required");
  if (!d.remittanceClaimId.valid()) e.add("remittance_claim_id", "is required");
  if (!d.claimId.valid()) e.add("claim_id", "is required");
  if (d.lineId.value < 0) e.add("line_id", "must be a charge line id, or unset for the claim");
  if (!d.patientId.valid()) e.add("patient_id", "is required");
  if (!d.payerId.valid()) e.add("payer_id", "is required");
  if (d.responsibility < 1 || d.responsibility > 3) {
    e.add("responsibility", "must be 1 (primary), 2 (secondary) or 3 (tertiary)");
  }
  if (!isDenialGroup(d.group)) e.add("group_code", "must be CO, PI, OA or PR");
  if (!isCarcCode(d.carc))
    e.add("carc", "must be a claim adjustment reason code (1 to 3 letters or digits)");
  for (std::size_t k = 0; k < d.rarcs.size(); ++k) {
    if (!isRarcCode(d.rarcs[k])) {
      e.add("rarc[" + std::to_string(k) + "]",
            "must be a remark code (one or two letters and one to three digits)");
    }
  }
  if (d.rarcs.size() > 20) e.add("rarc", "has more than 20 remark codes");
  if (d.amount.cents() <= 0 || d.amount.cents() > kMaxLedgerCents) {
    e.add("amount_cents", "must be above zero and at most 2^53 cents");
  }
  if (d.state != DenialState::kOpen || d.resolution != DenialResolution::kNone) {
    e.add("state", "must be open: a denial starts on the queue");
  }
  return e.list();
}

std::optional<Responsibility> placeOf(const Denial& d) {
  switch (d.responsibility) {
    case 1:
      return Responsibility::kPrimary;
    case 2:
      return Responsibility::kSecondary;
    case 3:
      return Responsibility::kTertiary;
    default:
      return std::nullopt;
  }
}

std::string reasonCode(const Denial& d) {
  return d.group + "-" + d.carc;
}

std::string_view toString(AgeBucket b) {
  switch (b) {
    case AgeBucket::k0To30:
      return "0-30";
    case AgeBucket::k31To60:
      return "31-60";
    case AgeBucket::k61To90:
      return "61-90";
    case AgeBucket::k91Plus:
      return "91+";
  }
  return "0-30";
}

std::optional<AgeBucket> parseAgeBucket(std::string_view s) {
  for (auto b : kAllAgeBuckets) {
    if (toString(b) == s) return b;
  }
  return std::nullopt;
}

std::int64_t ageDays(Date deniedOn, Date today) {
  return today.daysSinceEpoch() - deniedOn.daysSinceEpoch();
}

AgeBucket bucketOf(std::int64_t days) {
  if (days <= 30) return AgeBucket::k0To30;
  if (days <= 60) return AgeBucket::k31To60;
  if (days <= 90) return AgeBucket::k61To90;
  return AgeBucket::k91Plus;
}

AgeRange rangeOf(AgeBucket b) {
  switch (b) {
    case AgeBucket::k0To30:
      return {0, 30};
    case AgeBucket::k31To60:
      return {31, 60};
    case AgeBucket::k61To90:
      return {61, 90};
    case AgeBucket::k91Plus:
      return {91, std::nullopt};
  }
  return {0, 30};
}

}  // namespace medoffice::domain
