// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The denials work queue (issue 17, point 5). A denial is money a payer did not pay on one
// charge line (or on a whole claim) for one reason that is not contractual: the 835 posting
// leaves the amount owed by the payer's place on the line and records one Denial per line (or
// claim) and CARC. Someone then works it: corrects and resubmits the claim, appeals, writes the
// amount off, or bills the patient. What to do is suggested by rules as data (rules.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/billing/ledger.hpp"
#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"
#include "domain/security/access.hpp"

namespace medoffice::domain {

enum class DenialState : std::uint8_t { kOpen, kResolved };
/// "open" or "resolved".
std::string_view toString(DenialState s);
std::optional<DenialState> parseDenialState(std::string_view s);

/// How a denial was resolved (the table's `resolution`).
enum class DenialResolution : std::uint8_t {
  kNone,           ///< "": still open
  kResubmitted,    ///< the claim is corrected and sent again (the claim replace route)
  kAppealed,       ///< the claim is appealed; the appeal's remittance settles it
  kWrittenOff,     ///< the denied amount was written off the payer's place
  kBilledPatient,  ///< the denied amount was transferred to the patient
  kReversed,       ///< the remittance that denied it was reversed (set by posting)
  kOther,          ///< settled some other way (set by posting or by hand)
};
/// "", "resubmitted", "appealed", "written_off", "billed_patient", "reversed", "other".
std::string_view toString(DenialResolution r);
std::optional<DenialResolution> parseDenialResolution(std::string_view s);

/// What a biller does with a denial, and what the rules suggest.
enum class DenialAction : std::uint8_t { kCorrectAndResubmit, kAppeal, kWriteOff, kBillPatient };
inline constexpr DenialAction kAllDenialActions[] = {DenialAction::kCorrectAndResubmit,
                                                     DenialAction::kAppeal, DenialAction::kWriteOff,
                                                     DenialAction::kBillPatient};
/// "correct_and_resubmit", "appeal", "write_off", "bill_patient".
std::string_view toString(DenialAction a);
std::optional<DenialAction> parseDenialAction(std::string_view s);
/// The resolution an action leaves: resubmitted, appealed, written_off, billed_patient.
DenialResolution resolutionOf(DenialAction a);

/// One denied line (or whole claim) and reason, as the `denials` table keeps it.
struct Denial {
  DenialId id;
  OrganizationId organizationId;
  RemittanceId remittanceId;            ///< the 835 that denied it
  RemittanceClaimId remittanceClaimId;  ///< its CLP loop
  ClaimId claimId;
  ChargeLineId lineId;  ///< unset: the denial is on the whole claim (claim-level CAS)
  PatientId patientId;
  PayerId payerId;
  int responsibility = 1;  ///< the payer's place on the line: 1 primary, 2 secondary, 3 tertiary
  std::string group;       ///< CAS01: CO, PI or OA (PR is the patient's, never a denial)
  std::string carc;        ///< the claim adjustment reason code: "50"
  std::vector<std::string> rarcs;  ///< remark codes (LQ*HE, MOA), in the payer's order
  Money amount;                    ///< what the payer did not pay for this reason (> 0)
  Date deniedOn;                   ///< the remittance's date
  DenialState state = DenialState::kOpen;
  UserId assignedTo;          ///< unset: nobody
  std::optional<Date> dueOn;  ///< unset: the suggestion's due period applies
  DenialResolution resolution = DenialResolution::kNone;
  std::optional<Instant> resolvedAt;
  UserId resolvedBy;
  RecordMeta meta;
};

/// The CAS groups a denial may carry. PR is accepted too (a practice may queue patient
/// responsibility it wants to look at), though posting sends PR to the patient.
bool isDenialGroup(std::string_view group);

/// Checks what the posting supplies: the ids it must name (organization, remittance, remittance
/// claim, claim, patient, payer), responsibility 1..3, the group, a CARC and RARCs of the right
/// form, an amount above zero and at most the ledger's bound, an open state without a
/// resolution. Field names are the table's (`group_code`, `carc`, `rarc[1]`, `amount_cents`...).
std::vector<FieldError> validate(const Denial& d);

/// The ledger place the denied money is owed by (primary, secondary or tertiary); nullopt for a
/// responsibility outside 1..3.
std::optional<Responsibility> placeOf(const Denial& d);

/// "CO-50": the group and the CARC, as ledger entries and letters name a reason.
std::string reasonCode(const Denial& d);

// ---- age --------------------------------------------------------------------------------------

/// The queue's age buckets, by whole days since the denial.
enum class AgeBucket : std::uint8_t { k0To30, k31To60, k61To90, k91Plus };
inline constexpr AgeBucket kAllAgeBuckets[] = {AgeBucket::k0To30, AgeBucket::k31To60,
                                               AgeBucket::k61To90, AgeBucket::k91Plus};
/// "0-30", "31-60", "61-90", "91+".
std::string_view toString(AgeBucket b);
std::optional<AgeBucket> parseAgeBucket(std::string_view s);
/// Whole days from `deniedOn` to `today` (0 on the day itself; negative when `today` is before
/// it, which a clock set back can cause).
std::int64_t ageDays(Date deniedOn, Date today);
/// The bucket of an age in days; a negative age counts as 0.
AgeBucket bucketOf(std::int64_t ageDays);
/// The inclusive range of ages of a bucket; the last has no upper end (nullopt).
struct AgeRange {
  std::int64_t min = 0;
  std::optional<std::int64_t> max;
};
AgeRange rangeOf(AgeBucket b);

}  // namespace medoffice::domain
