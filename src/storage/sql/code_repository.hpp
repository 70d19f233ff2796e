// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/code_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::CodeRelease>& codeReleaseTable();

/// Code sets on both engines with one design: `codes` keyed by (release, code) answers codes and
/// their prefixes, and `code_words` keyed by (release, word, rank, code) answers word prefixes
/// in the order results are shown; both are plain btree range scans (no FTS5 or trigram index,
/// which differ per engine). A release is written with multi-row INSERTs sent several per round
/// trip (`queryAll`), its word rows sorted in index order first.
class SqlCodes final : public app::CodeRepository {
 public:
  explicit SqlCodes(SqlConnection& c) : c_(c) {}
  std::vector<domain::CodeRelease> releases(domain::CodeSystem system,
                                            domain::OrganizationId org) override;
  Result<domain::CodeRelease> replace(domain::CodeRelease release,
                                      const std::vector<domain::CodeRecord>& codes,
                                      domain::Instant now,
                                      const app::StoreProgress& progress) override;
  bool remove(domain::CodeReleaseId id) override;
  std::optional<domain::CodeRecord> find(domain::CodeReleaseId release,
                                         std::string_view code) override;
  std::vector<domain::CodeRecord> search(domain::CodeReleaseId release,
                                         const app::CodeQuery& query) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
