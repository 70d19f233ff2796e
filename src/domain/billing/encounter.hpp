// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Encounters and their charge lines (issue 14, point 4): what was done at a visit, coded. The
// structure is checked here; whether a code exists and is valid on the date of service is the
// code sets' answer, which the use case passes in (CodeCheck).

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// open: being coded, editable. finalized: its charges are posted; a change is a correction
/// (the old lines reversed, the new ones posted) and the encounter keeps its history.
/// voided: never finalized, abandoned.
enum class EncounterStatus { kOpen, kFinalized, kVoided };
std::string_view toString(EncounterStatus s);
std::optional<EncounterStatus> parseEncounterStatus(std::string_view s);
bool canTransition(EncounterStatus from, EncounterStatus to);

/// A drug given with a line (837P LIN/CTP): the 11-digit NDC, its unit and quantity.
struct NdcDetail {
  std::string code;                ///< 11 digits, no hyphens (5-4-2)
  std::string unit;                ///< F2 (international unit), GR (gram), ME (milligram), ML, UN
  std::int64_t quantityMilli = 0;  ///< quantity in thousandths (1.5 mL = 1500)
};

/// One billed service.
struct ChargeLine {
  ChargeLineId id;
  int lineNumber = 0;                  ///< 1-based, in the order entered
  std::string code;                    ///< CPT or HCPCS Level II
  std::vector<std::string> modifiers;  ///< up to 4, two letters or digits each
  int units = 1;
  std::vector<int> diagnosisPointers;  ///< 1-4 of them, each 1..diagnoses.size()
  std::optional<NdcDetail> ndc;
  std::string placeOfService;         ///< empty: the location's
  ProviderId renderingProviderId;     ///< unset: the encounter's provider
  std::optional<Date> dateOfService;  ///< unset: the encounter's
  Money charge;                       ///< the fee for all units
  bool feeFromSchedule = false;       ///< the fee schedule filled `charge`
};

struct Encounter {
  EncounterId id;
  OrganizationId organizationId;
  PatientId patientId;
  ProviderId providerId;
  LocationId locationId;
  AppointmentId appointmentId;  ///< unset: standalone
  GuarantorAccountId accountId;
  Date dateOfService;
  std::vector<std::string> diagnoses;  ///< ICD-10-CM without the dot, the first is primary
  std::vector<ChargeLine> lines;
  EncounterStatus status = EncounterStatus::kOpen;
  int corrections = 0;  ///< how many times a finalized encounter was corrected
  std::optional<Instant> finalizedAt;
  std::int64_t finalizedBy = 0;  ///< user id
  /// The coverages billed, by priority (primary, secondary, tertiary; unset where none was in
  /// force on the date of service), and their payers: fixed when the encounter is finalized.
  std::array<CoverageId, 3> coverages{};
  std::array<PayerId, 3> payers{};
  RecordMeta meta;
};

inline constexpr std::size_t kMaxDiagnoses = 12;
inline constexpr std::size_t kMaxPointers = 4;
inline constexpr std::size_t kMaxModifiers = 4;
inline constexpr std::size_t kMaxLines = 50;
inline constexpr int kMaxUnits = 9999;

/// What the code sets say of one code: nullopt when it is fine, else why not (the message for
/// the field), for example "is a header code, not billable" or "is not valid on 2026-10-02".
struct CodeCheck {
  std::function<std::optional<std::string>(std::string_view code, Date dateOfService)> diagnosis;
  std::function<std::optional<std::string>(std::string_view code, Date dateOfService)> procedure;
  std::function<std::optional<std::string>(std::string_view modifier)> modifier;
};

/// Normalises in place (codes upper-cased, ICD-10-CM dots removed, modifiers upper-cased) and
/// lists every problem with its field: `diagnoses[2]`, `lines[0].diagnosis_pointers[1]`,
/// `lines[1].units`, `lines[0].ndc.code`... Structure first (counts, pointer ranges, units,
/// fees, NDC), then each code through `codes` (any of its functions may be empty: not checked).
std::vector<FieldError> validate(Encounter& e, const CodeCheck& codes);

/// The date a line was performed (its own, else the encounter's).
inline Date serviceDate(const Encounter& e, const ChargeLine& l) {
  return l.dateOfService.value_or(e.dateOfService);
}

}  // namespace medoffice::domain
