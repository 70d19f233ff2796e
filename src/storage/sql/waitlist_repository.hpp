// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/scheduling_repositories.hpp"
#include "storage/sql/table.hpp"

namespace medoffice::storage {

const Table<domain::WaitlistEntry>& waitlistEntryTable();
const Table<domain::WaitlistOffer>& waitlistOfferTable();

class SqlWaitlist final : public app::WaitlistRepository {
 public:
  explicit SqlWaitlist(SqlConnection& c) : c_(c) {}
  Result<domain::WaitlistEntry> insertEntry(const domain::WaitlistEntry& e,
                                            domain::Instant now) override;
  Result<domain::WaitlistEntry> updateEntry(const domain::WaitlistEntry& e, std::int64_t expected,
                                            domain::Instant now) override;
  std::optional<domain::WaitlistEntry> getEntry(domain::OrganizationId org,
                                                domain::WaitlistEntryId id) override;
  std::vector<domain::WaitlistEntry> entries(domain::OrganizationId org,
                                             domain::LocationId location,
                                             std::optional<domain::WaitlistStatus> status,
                                             int limit) override;
  std::vector<domain::WaitlistEntry> waitingFor(domain::OrganizationId org,
                                                domain::LocationId location,
                                                domain::Date day) override;
  Result<domain::WaitlistOffer> insertOffer(const domain::WaitlistOffer& o,
                                            domain::Instant now) override;
  Result<domain::WaitlistOffer> updateOffer(const domain::WaitlistOffer& o, std::int64_t expected,
                                            domain::Instant now) override;
  std::optional<domain::WaitlistOffer> getOffer(domain::OrganizationId org,
                                                domain::WaitlistOfferId id) override;
  std::vector<domain::WaitlistOffer> offers(domain::OrganizationId org, domain::LocationId location,
                                            std::optional<domain::OfferStatus> status,
                                            domain::WaitlistEntryId entry,
                                            domain::Instant startsFrom, int limit) override;

 private:
  SqlConnection& c_;
};

}  // namespace medoffice::storage
