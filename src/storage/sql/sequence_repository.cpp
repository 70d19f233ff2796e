// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/sequence_repository.hpp"

namespace medoffice::storage {

std::int64_t SqlSequences::next(domain::OrganizationId org, const std::string& name) {
  if (c_.dialect() == Dialect::kPostgres && name == "mrn") {
    return c_.query("SELECT nextval('seq_mrn')", {}).at(0).i64(0);
  }
  // UPDATE then SELECT rather than an upsert with RETURNING: on SQLite, RETURNING builds a
  // temporary table per statement, which made this counter a fifth of a registration's cost.
  // On PostgreSQL the UPDATE locks the counter row until COMMIT, so processes sharing the
  // database take numbers one after another and never the same one.
  const Params key{sqlInt(org.value), name};
  if (c_.execute("UPDATE sequences SET value = value + 1 WHERE organization_id = ? AND name = ?",
                 key) == 0) {
    c_.execute(
        "INSERT INTO sequences (organization_id, name, value) VALUES (?, ?, 1) ON CONFLICT "
        "(organization_id, name) DO UPDATE SET value = sequences.value + 1",
        key);
  }
  return c_.query("SELECT value FROM sequences WHERE organization_id = ? AND name = ?", key)
      .at(0)
      .i64(0);
}

std::optional<app::IdempotencyRecord> SqlIdempotency::find(domain::OrganizationId org,
                                                           const std::string& key) {
  auto rows = c_.query(
      "SELECT fingerprint, status, body, location, etag FROM idempotency_keys WHERE "
      "organization_id = ? AND idem_key = ?",
      {sqlInt(org.value), key});
  if (rows.empty()) return std::nullopt;
  Reader r(rows[0]);
  app::IdempotencyRecord out;
  out.fingerprint = r.text();
  out.response.status = r.i32();
  out.response.body = r.text();
  out.response.location = r.text();
  out.response.etag = r.text();
  return out;
}

void SqlIdempotency::save(domain::OrganizationId org, const std::string& key,
                          const app::IdempotencyRecord& rec, domain::Instant now) {
  // No ON CONFLICT: a concurrent request that stored the key first must fail this transaction
  // (fieldFromConstraint names the primary key "Idempotency-Key").
  c_.executeLater(
      "INSERT INTO idempotency_keys (organization_id, idem_key, fingerprint, status, body, "
      "location, etag, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {sqlInt(org.value), key, rec.fingerprint, sqlInt(rec.response.status), rec.response.body,
       rec.response.location, rec.response.etag, sqlInt(now.micros())});
}

}  // namespace medoffice::storage
