// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "domain/common/error.hpp"

namespace medoffice::storage {

/// The SQL engines. Repository SQL is written once with `?` placeholders; engines adapt it.
enum class Dialect { kSqlite, kPostgres };

/// A bound parameter or a result cell. PostgreSQL cells arrive as text and convert on access.
using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;

inline SqlValue sqlNull() {
  return std::monostate{};
}

/// One result row.
class Row {
 public:
  explicit Row(std::vector<SqlValue> cells) : cells_(std::move(cells)) {}
  [[nodiscard]] bool isNull(std::size_t i) const { return cells_.at(i).index() == 0; }
  /// The integer in column `i`; 0 for NULL. Throws SqlError if the text is not an integer.
  [[nodiscard]] std::int64_t i64(std::size_t i) const;
  /// The text in column `i`; empty for NULL.
  [[nodiscard]] std::string text(std::size_t i) const;
  [[nodiscard]] bool boolean(std::size_t i) const { return i64(i) != 0; }
  [[nodiscard]] std::size_t size() const { return cells_.size(); }

 private:
  std::vector<SqlValue> cells_;
};

using Rows = std::vector<Row>;
using Params = std::vector<SqlValue>;

/// One statement with its parameters, for SqlConnection::queryAll.
struct SqlStatement {
  std::string sql;
  Params params;
};

/// A failure reported by the engine. `kind` lets repositories turn constraint violations into
/// domain conflicts; `constraintField` names the column of a unique violation when known.
class SqlError : public std::runtime_error {
 public:
  enum class Kind { kUnique, kOverlap, kForeignKey, kBusy, kCorrupt, kOther };
  SqlError(Kind kind, std::string message, std::string constraintField = {})
      : std::runtime_error(std::move(message)), kind_(kind), field_(std::move(constraintField)) {}
  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] const std::string& constraintField() const { return field_; }

 private:
  Kind kind_;
  std::string field_;
};

/// One connection to one database. Not thread-safe: a connection belongs to one thread at a time
/// (the SQLite writer thread, a reader borrowed from the pool, a PostgreSQL pooled connection).
/// Statements are prepared once per connection and cached by their text.
/// Prepared statements by SQL text, looked up without copying the text into a std::string.
struct SqlTextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class Statement>
using StatementCache = std::unordered_map<std::string, Statement, SqlTextHash, std::equal_to<>>;

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  [[nodiscard]] virtual Dialect dialect() const = 0;
  /// Runs one statement with `?` placeholders and returns all rows. Throws SqlError.
  virtual Rows query(std::string_view sql, const Params& params) = 0;
  /// Runs one statement and returns the number of rows it changed. Throws SqlError.
  virtual std::int64_t execute(std::string_view sql, const Params& params) = 0;
  /// Runs one INSERT into a table keyed by `id` (without a RETURNING clause) and returns the new
  /// id. SQLite reads the rowid directly: a RETURNING clause would build a temporary table per
  /// statement there. Throws SqlError.
  virtual std::int64_t insertId(std::string_view sql, const Params& params) = 0;
  /// Runs a script of statements without parameters (migrations, BEGIN, SAVEPOINT). Throws.
  virtual void script(const std::string& sql) = 0;
  /// Runs statements that do not depend on each other's results and returns the rows of each,
  /// in order. PostgreSQL sends them all before reading any answer (one round trip); SQLite,
  /// in-process, runs them one after another. Throws SqlError for the first that fails (inside a
  /// transaction, which is then lost as with any failed statement).
  virtual std::vector<Rows> queryAll(const std::vector<SqlStatement>& statements);
  /// Runs a statement whose answer nobody reads (an audit row, an outbox row, a notification)
  /// no later than this transaction's next statement or its COMMIT. PostgreSQL sends it in the
  /// same round trip as that; SQLite runs it at once. A failure surfaces there (SqlError) and
  /// fails the transaction, so nothing of it is committed.
  virtual void executeLater(std::string_view sql, Params params);
};

/// The field named by a unique violation of the Idempotency-Key store.
inline constexpr const char* kIdempotencyKeyField = "Idempotency-Key";

/// Turns a unique-constraint name or message into the API field it protects, following the
/// naming rule `uq_<table>__<field>` (PostgreSQL) or `<table>.<column>` (SQLite messages).
std::string fieldFromConstraint(std::string_view nameOrMessage);

/// Maps a failure inside a transaction to the domain: busy → kUnavailable, unique violation →
/// kConflict naming the field, anything else → kInternal (the detail stays in the message for
/// the log; http/ never shows it to clients). Shared by every engine.
domain::Error toDomainError(const std::exception& e);

}  // namespace medoffice::storage
