// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <unordered_map>

#include "storage/sql/sql.hpp"

struct pg_conn;

namespace medoffice::storage {

/// One libpq connection with named prepared statements cached by SQL text. `?` placeholders are
/// rewritten to `$n` once, at prepare time. Not thread-safe: PostgresDatabase lends a connection
/// to one transaction at a time.
class PgConnection final : public SqlConnection {
 public:
  /// Connects with a libpq connection string or URI. Throws SqlError.
  explicit PgConnection(const std::string& conninfo);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
  Rows query(std::string_view sql, const Params& params) override;
  std::int64_t execute(std::string_view sql, const Params& params) override;
  std::int64_t insertId(std::string_view sql, const Params& params) override;
  void script(const std::string& sql) override;
  /// False once the server closed the connection; the pool then drops it.
  [[nodiscard]] bool healthy() const;

 private:
  struct Result;
  Result run(std::string_view sql, const Params& params);

  pg_conn* conn_ = nullptr;
  StatementCache<std::string> prepared_;  // sql -> statement name
};

/// Rewrites `?` placeholders to `$1..$n`, leaving quoted text alone.
std::string toPostgresPlaceholders(std::string_view sql);

}  // namespace medoffice::storage
