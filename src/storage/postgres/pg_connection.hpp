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
  /// One pipeline: the deferred statements and `statements`, one round trip.
  std::vector<Rows> queryAll(const std::vector<SqlStatement>& statements) override;
  /// Keeps the statement until the next one is sent, then sends both in one pipeline.
  void executeLater(std::string_view sql, Params params) override;
  /// Starts a transaction with `beginSql` ("BEGIN ..."), sent with the first statement.
  void begin(std::string_view beginSql);
  /// Sends the deferred statements and COMMIT in one round trip (nothing at all when the
  /// transaction never sent a statement). Throws SqlError: the transaction is then not
  /// committed and rollback() must follow.
  void commit();
  /// Ends the transaction without keeping anything; deferred statements are dropped.
  void rollback();
  /// False once the server closed the connection; the pool then drops it.
  [[nodiscard]] bool healthy() const;

  /// LISTEN support: the socket to wait on, and the payloads of the notifications that have
  /// arrived on `channel` (reads what the socket holds without blocking). Throws SqlError when
  /// the connection broke.
  [[nodiscard]] int socket() const;
  std::vector<std::string> takeNotifications(const std::string& channel);

  /// Round trips to the server so far (statements sent together count once). For tests and the
  /// round-trip benchmark.
  [[nodiscard]] std::int64_t roundTripsForTest() const { return roundTrips_; }

 private:
  struct Result;
  Result run(std::string_view sql, const Params& params);
  /// Sends `deferred` and then `statements` in one pipeline and returns each result of
  /// `statements`; the first failure is thrown after every result was read.
  std::vector<Result> pipeline(const std::vector<SqlStatement>& deferred,
                               const std::vector<const SqlStatement*>& statements);
  /// The name of the prepared statement for `sql`, or empty when it must be prepared first.
  const std::string* preparedName(std::string_view sql) const;

  pg_conn* conn_ = nullptr;
  StatementCache<std::string> prepared_;  // sql -> statement name
  std::vector<SqlStatement> later_;
  bool beginPending_ = false;  ///< later_ starts with a BEGIN the server has not seen yet
  std::int64_t nextStatement_ = 1;
  std::int64_t roundTrips_ = 0;
};

/// Rewrites `?` placeholders to `$1..$n`, leaving quoted text alone.
std::string toPostgresPlaceholders(std::string_view sql);

}  // namespace medoffice::storage
