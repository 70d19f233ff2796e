// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Encounters and charges (issue 14, point 4): coding a visit, finalizing it (which posts its
// charges to the ledger), correcting it afterwards (reversal and re-posting), and finalizing
// many at once. Functions taking Repositories run in the caller's transaction.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/billing/code_sets.hpp"
#include "domain/billing/encounter.hpp"
#include "domain/billing/ledger.hpp"

namespace medoffice::app::billing {

/// Judges codes for encounters through the loaded code sets, remembering each answer (bulk
/// work checks the same few codes again and again). One per transaction or per bulk run; not
/// thread-safe. A code unknown to the loaded release is refused only when that release is an
/// official one (a CMS file, the practice's licensed CPT file); with only MedOffice's small
/// default set loaded, a well-formed code passes with a warning.
class CodeJudge {
 public:
  explicit CodeJudge(domain::OrganizationId org) : org_(org) {}
  /// The checks for domain::validate, reading through `r`.
  domain::CodeCheck checks(Repositories& r);
  /// Warnings met so far (release not loaded, code not in the default set), each once.
  [[nodiscard]] const std::vector<domain::CodeWarning>& warnings() const { return warnings_; }
  void clearWarnings() { warnings_.clear(); }

 private:
  std::optional<std::string> judge(Repositories& r, domain::CodeSystem s, std::string_view code,
                                   domain::Date date);
  domain::OrganizationId org_;
  std::map<std::tuple<int, std::string, std::int64_t>, std::optional<std::string>> memo_;
  std::map<int, bool> official_;
  std::vector<domain::CodeWarning> warnings_;
};

struct EncounterResult {
  domain::Encounter encounter;
  std::vector<domain::CodeWarning> warnings;
};

/// A new encounter: `encounter` holds the patient, provider, location, appointment (optional),
/// diagnoses and lines; lines without a charge take the standard fee schedule's.
struct NewEncounter {
  domain::Encounter encounter;
  std::optional<domain::Date> dateOfService;  ///< unset: the visit's local date
};

/// Creates an open encounter. From an appointment: the visit must be checked in or out and of
/// the same patient; provider, location and date default to the visit's; one live encounter
/// per visit (kConflict). The patient's guarantor account is opened on first use. kInvalid
/// naming every field that is wrong (diagnoses[1], lines[0].diagnosis_pointers[0], ...).
Result<EncounterResult> createEncounter(Repositories& r, const TimeZones& zones,
                                        domain::Instant now, domain::OrganizationId org,
                                        NewEncounter request);

/// `expectedVersion` unset (If-Match: *): whatever the stored version.
/// Replaces an open encounter's provider, location, date, diagnoses and lines. A finalized one
/// is kConflict naming the correction route.
Result<EncounterResult> updateEncounter(Repositories& r, domain::Instant now,
                                        domain::OrganizationId org, domain::Encounter e,
                                        std::optional<std::int64_t> expectedVersion);

struct FinalizeResult {
  domain::Encounter encounter;
  std::vector<domain::LedgerEntry> entries;  ///< the charges, then any allocations
  domain::Responsibility billedTo = domain::Responsibility::kPatient;
  std::vector<domain::CodeWarning> warnings;
};

/// Finalizes an open encounter: checks its codes again, posts each line's charge to the
/// primary insurance in force on the date of service (else to the patient), and, when the
/// patient owes the charges, applies the credit of the co-pays taken at that visit.
/// `expectedVersion` unset: whatever the version. `judge` (may be null) is reused by bulk runs.
Result<FinalizeResult> finalizeEncounter(Repositories& r, domain::Instant now,
                                         domain::OrganizationId org, domain::EncounterId id,
                                         std::optional<std::int64_t> expectedVersion,
                                         std::int64_t byUser, CodeJudge* judge = nullptr);

/// Corrects a finalized encounter. `corrected.lines` are the lines it should have now: a line
/// with the id of a current line and the same service is kept; any other current line is
/// replaced (its charge reversed) and new lines are posted. A replaced line that has more on it
/// than its charge (payments, adjustments) is kConflict naming the line: reverse those first.
/// The encounter keeps every revision (EncounterRepository::history).
Result<FinalizeResult> correctEncounter(Repositories& r, domain::Instant now,
                                        domain::OrganizationId org, domain::Encounter corrected,
                                        std::optional<std::int64_t> expectedVersion,
                                        std::int64_t byUser);

/// Voids an open encounter (nothing was posted).
Result<domain::Encounter> voidEncounter(Repositories& r, domain::Instant now,
                                        domain::OrganizationId org, domain::EncounterId id,
                                        std::optional<std::int64_t> expectedVersion);

/// Finalizes many open encounters, `batch` per transaction; each encounter is posted whole or
/// not at all (a failure is reported and the others go on; a storage failure stops the run
/// with the encounters of earlier batches posted). `audit` is called in each encounter's
/// transaction.
struct BulkFinalizeOutcome {
  std::int64_t finalized = 0;
  std::int64_t lines = 0;
  std::vector<std::pair<domain::EncounterId, domain::Error>> failed;
};
Result<BulkFinalizeOutcome> finalizeMany(
    UnitOfWork& uow, domain::Instant now, domain::OrganizationId org,
    const std::vector<domain::EncounterId>& ids, std::int64_t byUser, int batch,
    const std::function<void(Repositories&, const FinalizeResult&)>& audit);

/// The superbill of a visit type: the codes it offers with their descriptions and standard
/// fees on a date.
struct SuperbillItem {
  std::string code;
  std::string description;               ///< empty for bare CPT codes (no licensed file)
  std::optional<domain::Money> unitFee;  ///< the standard fee schedule's
};
struct Superbill {
  domain::AppointmentTypeId appointmentTypeId;
  std::string name;
  std::vector<SuperbillItem> items;
};
Result<Superbill> superbill(Repositories& r, domain::OrganizationId org,
                            domain::AppointmentTypeId type, domain::Date date);

}  // namespace medoffice::app::billing
