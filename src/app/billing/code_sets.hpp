// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Code sets (issue 14, point 1): import a release, search codes, check a code on a date of
// service. The files are read by codecs/codesets in the composition roots (cli/, bench/); these
// use cases take the codes they produced.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/repositories.hpp"
#include "domain/billing/code_sets.hpp"

namespace medoffice::app::codes {

/// A release to import.
struct ReleaseImport {
  domain::CodeSystem system = domain::CodeSystem::kIcd10Cm;
  int year = 0;  ///< see domain::ReleaseCycle: 1990-2100 for dated systems, 0 for the others
  /// Set only for a practice's licensed CPT file (source kLicensed): the release is theirs.
  domain::OrganizationId organization;
  domain::ReleaseSource source = domain::ReleaseSource::kCms;
  std::string fileName;
  std::vector<domain::CodeRecord> codes;
};

struct ImportOutcome {
  domain::CodeRelease release;  ///< as stored (as found, when unchanged)
  /// The same codes were already loaded for that year and owner: nothing was written.
  bool unchanged = false;
  /// How many codes the release it replaced held; nullopt when it is the first of its year.
  std::optional<std::int64_t> replacedCodes;
  /// Releases of the default set that stepped aside for an official file of the same system.
  int removedBuiltin = 0;
};

/// Imports one release in one write transaction: the whole year or, on any failure, nothing
/// (the release it replaces stays as it was). Idempotent: importing the same codes again for the
/// same year and owner writes nothing and answers `unchanged`; importing other codes for a year
/// that is loaded replaces that year exactly. An official (kCms) release also removes the
/// default set's releases of its system. kInvalid naming `year`, `codes` (empty, a code that is
/// not of the system, a code listed twice) or `organization` (a licensed release without one,
/// or a shared one with one); kNotFound for an unknown organization. `progress` (may be empty)
/// is called while the codes are written.
Result<ImportOutcome> importRelease(UnitOfWork& uow, domain::Instant now, ReleaseImport release,
                                    const StoreProgress& progress = {});

/// Writes the default set (domain::defaultCodeSets) where it belongs, in one transaction: a
/// default release is written when its system has no release at all, and refreshed when an
/// older copy of it is stored with other codes; a system with an official release is left
/// alone. Returns how many releases were written (0 when all is in place).
Result<int> installDefaultCodeSets(UnitOfWork& uow, domain::Instant now);

/// A code search (`GET /api/v1/codes`).
struct SearchRequest {
  domain::OrganizationId organization;  ///< sees the shared releases and its own
  domain::CodeSystem system = domain::CodeSystem::kIcd10Cm;
  std::string text;                  ///< a code (E11.9, E119, E11), the start of one, or words
  std::optional<domain::Date> date;  ///< the date of service: its release, without ended codes
  int limit = 20;                    ///< 1..100
};

struct SearchAnswer {
  std::optional<domain::CodeRelease> release;  ///< the release searched; none when none loaded
  std::vector<domain::CodeRecord> items;       ///< ranked (CodeRepository::search)
  std::vector<domain::CodeWarning> warnings;   ///< `release_not_loaded`, `no_release`
};

/// Searches the release of `system` that answers for the date (the newest without one; see
/// domain::chooseRelease); a practice's own release of the system comes before the shared ones.
/// kInvalid naming `q` when the text holds no letter or digit or is longer than 100 bytes, and
/// `limit` when it is outside 1..100. With no release loaded: no items and a `no_release`
/// warning.
Result<SearchAnswer> search(Repositories& r, const SearchRequest& request);

/// Whether `code` (as typed: E11.9 or E119) of `system` may be billed on `dateOfService`: in
/// the release that covers the date (or the newest before it, with a warning), billable and
/// not ended. Never an error for the code itself: the verdict says what is wrong with it.
Result<domain::CodeVerdict> checkCode(Repositories& r, domain::OrganizationId organization,
                                      domain::CodeSystem system, std::string_view code,
                                      domain::Date dateOfService);

/// Every release `organization` sees (the shared ones and its own), by system then year.
std::vector<domain::CodeRelease> listReleases(Repositories& r, domain::OrganizationId organization);

}  // namespace medoffice::app::codes
