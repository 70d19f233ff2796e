// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Code sets (issue 14, point 1): the code systems a charge or a claim names, their yearly
// releases, the format of each system's codes, and which release answers for a date of service.
// Pure rules; the releases themselves are stored by the CodeRepository port.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

using CodeReleaseId = Id<struct CodeReleaseTag>;

/// The code systems MedOffice stores.
enum class CodeSystem : std::uint8_t {
  kIcd10Cm,   ///< ICD-10-CM diagnoses (NCHS/CMS, fiscal-year releases)
  kHcpcs,     ///< HCPCS Level II procedures, supplies and their modifiers (CMS, calendar years)
  kCpt,       ///< CPT (AMA): bare codes, or a practice's licensed descriptors
  kModifier,  ///< CPT and HCPCS modifiers (the default set, in our words)
  kPos,       ///< CMS place-of-service codes
  kCarc,      ///< claim adjustment reason codes (X12)
  kRarc,      ///< remittance advice remark codes (X12)
};
inline constexpr CodeSystem kAllCodeSystems[] = {
    CodeSystem::kIcd10Cm, CodeSystem::kHcpcs, CodeSystem::kCpt, CodeSystem::kModifier,
    CodeSystem::kPos,     CodeSystem::kCarc,  CodeSystem::kRarc};

/// "icd10cm", "hcpcs", "cpt", "modifier", "pos", "carc", "rarc".
std::string_view toString(CodeSystem s);
std::optional<CodeSystem> parseCodeSystem(std::string_view s);
/// "ICD-10-CM", "HCPCS", ...: for messages.
std::string_view displayName(CodeSystem s);

/// How a system's releases map onto dates of service.
enum class ReleaseCycle : std::uint8_t {
  kFiscalYear,    ///< release N covers 1 October N-1 to 30 September N (ICD-10-CM)
  kCalendarYear,  ///< release N covers 1 January to 31 December N (HCPCS, CPT)
  kUnversioned,   ///< one list valid on every date (year 0): modifiers, POS, CARC, RARC
};
ReleaseCycle releaseCycle(CodeSystem s);

/// The federal fiscal year that contains `d` (FY N runs 1 October N-1 to 30 September N).
int fiscalYear(Date d);
/// The release year of `s` that covers `d`: the fiscal year, the calendar year, or 0.
int releaseYearFor(CodeSystem s, Date d);
/// The first day of service that release `year` of `s` covers (unversioned: none).
std::optional<Date> releaseStart(CodeSystem s, int year);
/// "FY2026" for ICD-10-CM, "2025" for calendar-year systems, "" for year 0.
std::string releaseLabel(CodeSystem s, int year);

// ---- code formats ---------------------------------------------------------------------------

/// ICD-10-CM as stored: a letter, two letters or digits, then up to four more (no dot).
bool isIcd10CmCode(std::string_view code);
/// HCPCS Level II procedure code: a letter A–V and four digits.
bool isHcpcsCode(std::string_view code);
/// CPT: five digits, or four digits and F, T or U (categories II and III, PLA).
bool isCptCode(std::string_view code);
/// A CPT or HCPCS modifier: two letters or digits.
bool isModifierCode(std::string_view code);
/// A claim adjustment reason code: one to three letters or digits (45, B7, P24).
bool isCarcCode(std::string_view code);
/// A remittance advice remark code: one or two letters and one to three digits (M15, N130, MA04).
bool isRarcCode(std::string_view code);
/// Whether `code` (stored form) may be a code of `s`. An HCPCS release also holds the Level II
/// modifiers of its file, so modifiers are well formed there too.
bool isWellFormed(CodeSystem s, std::string_view code);
/// The stored form of a code as a person types it: upper case, surrounding spaces removed, and
/// for ICD-10-CM the dot after the category removed (`e11.9` → `E119`). nullopt when the result
/// is not a well-formed code of `s`.
std::optional<std::string> normalizeCode(CodeSystem s, std::string_view typed);
/// How a code is shown: ICD-10-CM gets its dot back (`E119` → `E11.9`); others as stored.
std::string displayCode(CodeSystem s, std::string_view stored);

// ---- records and releases -------------------------------------------------------------------

/// One code of one release.
struct CodeRecord {
  std::string code;  ///< stored form (no dot, upper case)
  /// Valid for submission on a claim. False for ICD-10-CM headers (categories and
  /// subcategories that have more specific codes below them).
  bool billable = true;
  std::string shortDescription;
  std::string longDescription;  ///< empty for bare CPT codes
  /// The last date of service the code may be used (HCPCS termination date); none: no end.
  std::optional<Date> endsOn;
  bool operator==(const CodeRecord&) const = default;
};

/// Where a release came from.
enum class ReleaseSource : std::uint8_t {
  kCms,       ///< an official file imported by `medoffice import`
  kBuiltin,   ///< the small default set shipped with MedOffice
  kLicensed,  ///< a practice's licensed file (CPT descriptors), owned by its organization
};
std::string_view toString(ReleaseSource s);
std::optional<ReleaseSource> parseReleaseSource(std::string_view s);

/// One loaded release: a system's codes for one year. Shared releases (CMS files, the default
/// set) have no organization; a licensed CPT file belongs to the organization that imported it.
struct CodeRelease {
  CodeReleaseId id;
  CodeSystem system = CodeSystem::kIcd10Cm;
  int year = 0;                 ///< see ReleaseCycle; 0 for unversioned lists and bare CPT codes
  OrganizationId organization;  ///< unset: shared by every organization
  ReleaseSource source = ReleaseSource::kCms;
  std::string fileName;  ///< the imported file's name (no directory)
  std::string digest;    ///< releaseDigest() of its codes: tells an identical re-import
  std::int64_t codeCount = 0;
  std::int64_t billableCount = 0;
  RecordMeta
      meta;  ///< meta.createdAt: when it was loaded (releases are never changed, only replaced)
};

/// A fingerprint of a release's content (FNV-1a 64 over every field of every record, in order),
/// 16 hex digits. The same codes in the same order give the same digest.
std::string releaseDigest(const std::vector<CodeRecord>& codes);

// ---- which release answers for a date ------------------------------------------------------

/// Something the caller should know about the answer (the codes are still checked).
struct CodeWarning {
  std::string code;  ///< "release_not_loaded" or "no_release"
  std::string message;
  int wantedYear = 0;  ///< the release the date of service needs
  int usedYear = 0;    ///< the release that answered instead
  bool operator==(const CodeWarning&) const = default;
};

/// The release that answers for a date of service, among the years loaded.
struct ReleaseChoice {
  int year = 0;
  std::vector<CodeWarning> warnings;
};

/// Picks among the loaded years of `s` (any order; 0 = an unversioned list). Without a date, the
/// newest year. With one, the year that covers it (releaseYearFor); when that year is not loaded,
/// the newest loaded year before it, else the oldest loaded, with a `release_not_loaded` warning:
/// an office that has not imported the new release yet keeps working, and is told. Year 0 answers
/// only when no dated year is loaded. nullopt when nothing is loaded.
std::optional<ReleaseChoice> chooseRelease(CodeSystem s, const std::vector<int>& loadedYears,
                                           std::optional<Date> dateOfService);

/// The verdict on one code for one date of service.
enum class CodeStatus : std::uint8_t {
  kValid,      ///< in the release, billable, not ended
  kHeader,     ///< in the release, but a header: a more specific code must be used
  kEnded,      ///< in the release, but terminated before the date of service
  kUnknown,    ///< not in the release that covers the date
  kMalformed,  ///< not a code of this system at all
  kNoRelease,  ///< no release of the system is loaded
};
std::string_view toString(CodeStatus s);

struct CodeVerdict {
  CodeStatus status = CodeStatus::kUnknown;
  std::string code;  ///< the stored form (as typed when malformed)
  int releaseYear = 0;
  std::optional<CodeRecord> record;  ///< what the release holds for the code
  std::vector<CodeWarning> warnings;
  std::string message;  ///< one sentence for the person who entered the code
  [[nodiscard]] bool valid() const { return status == CodeStatus::kValid; }
};

/// Judges `code` (stored form) of `s` for `dateOfService`, given the release chosen for that
/// date (nullopt: none loaded) and what that release holds for the code (nullopt: nothing).
CodeVerdict judgeCode(CodeSystem s, std::string_view code,
                      const std::optional<ReleaseChoice>& choice,
                      const std::optional<CodeRecord>& found, Date dateOfService);

// ---- search words ---------------------------------------------------------------------------

/// The words of a description or a query, for search: runs of ASCII letters and digits (and of
/// non-ASCII UTF-8 bytes), lower-cased, each at most 40 bytes, distinct, in first-seen order.
std::vector<std::string> searchWords(std::string_view text);
/// The order of word matches among themselves (smaller first): billable codes before headers,
/// then shorter descriptions (the general concept before its many variants).
int wordMatchRank(const CodeRecord& r);

}  // namespace medoffice::domain
