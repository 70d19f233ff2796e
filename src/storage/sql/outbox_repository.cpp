// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/outbox_repository.hpp"

namespace medoffice::storage {

using domain::Instant;
using domain::OrganizationId;

// ---- outbox ----------------------------------------------------------------------------------

void SqlOutbox::enqueue(OrganizationId org, const std::string& channel, const std::string& kind,
                        const std::string& payload, Instant now) {
  c_.executeLater(
      "INSERT INTO outbox (organization_id, channel, kind, payload, created_at) VALUES (?, ?, ?, "
      "?, ?)",
      {sqlInt(org.value), channel, kind, payload, sqlInt(now.micros())});
}

std::vector<app::OutboxMessage> SqlOutbox::pending(const std::string& channel, int limit) {
  std::vector<app::OutboxMessage> out;
  for (const auto& row :
       c_.query("SELECT id, organization_id, channel, kind, payload, created_at FROM outbox WHERE "
                "channel = ? AND sent_at IS NULL ORDER BY id LIMIT ?",
                {channel, sqlInt(std::clamp(limit, 1, 1000))})) {
    Reader r(row);
    app::OutboxMessage m;
    m.id = r.i64();
    m.organizationId = r.id<OrganizationId>();
    m.channel = r.text();
    m.kind = r.text();
    m.payload = r.text();
    m.createdAt = r.instant();
    out.push_back(std::move(m));
  }
  return out;
}

void SqlOutbox::markSent(std::int64_t id, Instant now) {
  c_.execute("UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
             {sqlInt(now.micros()), sqlInt(id)});
}

// ---- calendar feeds --------------------------------------------------------------------------

std::int64_t SqlCalendarFeeds::insert(OrganizationId org, domain::ProviderId provider,
                                      const std::string& tokenHash, Instant now) {
  return c_.insertId(
      "INSERT INTO calendar_feeds (organization_id, provider_id, token_hash, created_at) VALUES "
      "(?, ?, ?, ?)",
      {sqlInt(org.value), sqlInt(provider.value), tokenHash, sqlInt(now.micros())});
}

std::optional<app::CalendarFeed> SqlCalendarFeeds::findByHash(const std::string& tokenHash) {
  auto rows = c_.query(
      "SELECT id, organization_id, provider_id, created_at FROM calendar_feeds WHERE token_hash = "
      "? AND revoked_at IS NULL",
      {tokenHash});
  if (rows.empty()) return std::nullopt;
  Reader r(rows[0]);
  app::CalendarFeed f;
  f.id = r.i64();
  f.organizationId = r.id<OrganizationId>();
  f.providerId = r.id<domain::ProviderId>();
  f.createdAt = r.instant();
  return f;
}

std::int64_t SqlCalendarFeeds::revokeAll(OrganizationId org, domain::ProviderId provider,
                                         Instant now) {
  return c_.execute(
      "UPDATE calendar_feeds SET revoked_at = ? WHERE organization_id = ? AND provider_id = ? AND "
      "revoked_at IS NULL",
      {sqlInt(now.micros()), sqlInt(org.value), sqlInt(provider.value)});
}

}  // namespace medoffice::storage
