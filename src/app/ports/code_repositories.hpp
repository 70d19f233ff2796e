// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/billing/code_sets.hpp"

namespace medoffice::app {

/// A search within one release (see CodeRepository::search).
struct CodeQuery {
  /// A code or the start of one, in stored form (`E11`, `E119`); empty: no code matching.
  std::string codePrefix;
  /// domain::searchWords() of the text typed; empty: no word matching.
  std::vector<std::string> words;
  /// Leave out codes that ended (endsOn) before this date; none: keep them.
  std::optional<domain::Date> validOn;
  int limit = 20;  ///< 1..100
};

/// Called with (done, total) while a release is written.
using StoreProgress = std::function<void(std::int64_t, std::int64_t)>;

/// Code sets: releases of each code system and their codes. Reference data shared by every
/// organization, except releases owned by one (a practice's licensed CPT descriptors). Bound to
/// one transaction, like every repository; not thread-safe.
class CodeRepository {
 public:
  virtual ~CodeRepository() = default;

  /// The releases of `system` that `org` sees: the shared ones and, when `org` is set, its own;
  /// oldest year first. Empty when none is loaded.
  virtual std::vector<domain::CodeRelease> releases(domain::CodeSystem system,
                                                    domain::OrganizationId org) = 0;

  /// Stores `release` (its system, year, owner, source, file name and digest) with exactly
  /// `codes`, replacing whatever release of the same system, year and owner was stored with all
  /// of its codes, and returns it as stored (a new id, its counts, and meta.createdAt = `now`).
  /// `codes` must be well formed and distinct (the caller checks; a duplicate is a storage
  /// failure). kConflict when a concurrent transaction stored the same release first. Everything
  /// happens in the caller's transaction: if it does not commit, the previous release stays exactly
  /// as it was. `progress` is called as codes are written (it may be empty).
  virtual Result<domain::CodeRelease> replace(domain::CodeRelease release,
                                              const std::vector<domain::CodeRecord>& codes,
                                              domain::Instant now,
                                              const StoreProgress& progress) = 0;

  /// Removes a release and its codes; false when there is no such release.
  virtual bool remove(domain::CodeReleaseId id) = 0;

  /// The code `code` (stored form) of the release; nullopt when the release does not hold it.
  virtual std::optional<domain::CodeRecord> find(domain::CodeReleaseId release,
                                                 std::string_view code) = 0;

  /// Codes of the release matching `query`, ranked, at most `query.limit`, each once:
  /// 1. the code equal to `codePrefix`;
  /// 2. codes starting with `codePrefix`, in code order;
  /// 3. codes whose long description has, for every query word, a word starting with it; in the
  ///    order of the matched word of the most selective query word, then domain::wordMatchRank
  ///    (billable before headers, shorter descriptions first), then code.
  /// Costs index range scans: the code prefix up to the limit; for words, the index entries of
  /// the most selective word's prefix until the limit is filled (all of them only when few codes
  /// match every word), after one count per word capped at a few thousand entries.
  virtual std::vector<domain::CodeRecord> search(domain::CodeReleaseId release,
                                                 const CodeQuery& query) = 0;
};

}  // namespace medoffice::app
