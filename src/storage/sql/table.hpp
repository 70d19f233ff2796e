// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The mapping layer: what every repository file would otherwise write again. A table is
// described once (its name, its columns in order, how a row becomes a record and back), and
// the statements every such table needs are generated from that description when the
// repository file starts: get by (organization, id), the keyset list, insert, the
// version-checked update, archive and restore. The generated text is plain SQL with `?`
// placeholders; `Table::statements()` lists it and table_test.cpp pins it, so it stays
// reviewable. Queries that are particular to one table are written by hand in its repository
// file, using `selectList()` so the column list and the decoding are still declared once.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ports/common.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"
#include "storage/sql/sql.hpp"

namespace medoffice::storage {

using domain::Result;
using domain::Status;

/// Pages are at most this long, whatever the caller asks.
inline constexpr int kMaxPageLimit = 200;
inline int clampLimit(int limit) {
  return std::clamp(limit, 1, kMaxPageLimit);
}

// ---- values ----------------------------------------------------------------------------------

inline SqlValue sqlInt(std::int64_t v) {
  return v;
}
inline SqlValue sqlBool(bool v) {
  return std::int64_t{v ? 1 : 0};
}
/// An optional reference: NULL for an unset id (0).
inline SqlValue optionalId(std::int64_t v) {
  return v > 0 ? SqlValue(v) : SqlValue(std::monostate{});
}
inline SqlValue dateOrNull(const std::optional<domain::Date>& d) {
  if (!d) return sqlNull();
  return d->toString();
}
/// Appends values to a parameter list, each copied once (no temporary initializer list).
template <class... V>
void append(Params& p, V&&... values) {
  (p.emplace_back(std::forward<V>(values)), ...);
}

/// The optional filters of a hand-written query: appends ` AND <condition>` and its value when
/// the value is set (`condition` is a column comparison with one `?`, never user text).
inline void andIf(std::string& sql, Params& p, bool set, std::string_view condition, SqlValue v) {
  if (!set) return;
  sql.append(" AND ").append(condition);
  p.push_back(std::move(v));
}
/// The same for an optional id: set when valid (> 0).
template <class Id>
void andId(std::string& sql, Params& p, std::string_view condition, Id id) {
  andIf(sql, p, id.valid(), condition, sqlInt(id.value));
}

/// The five address columns (line1, line2, city, state, postal code).
void addAddress(Params& p, const domain::Address& a);

/// A whole decimal integer; nullopt for anything else.
std::optional<std::int64_t> parseInteger(std::string_view s);

/// Short lists kept in one text column ("a,b,c"): codes, roles, ids.
std::string joinList(const std::vector<std::string>& v);
std::vector<std::string> splitList(const std::string& s);
template <class Id>
std::string joinIds(const std::vector<Id>& ids) {
  std::string out;
  for (auto id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id.value);
  }
  return out;
}
/// The ids of a list column; items that are not integers are skipped.
template <class Id>
std::vector<Id> splitIds(const std::string& s) {
  std::vector<Id> out;
  for (const auto& item : splitList(s)) {
    if (auto v = parseInteger(item)) out.emplace_back(*v);
  }
  return out;
}
/// Reads consecutive columns of a row.
class Reader {
 public:
  explicit Reader(const Row& r, std::size_t first = 0) : r_(r), i_(first) {}
  std::int64_t i64() { return r_.i64(i_++); }
  int i32() { return static_cast<int>(r_.i64(i_++)); }
  std::string text() { return r_.text(i_++); }
  bool boolean() { return r_.boolean(i_++); }
  bool isNull() const { return r_.isNull(i_); }
  void skip(std::size_t n = 1) { i_ += n; }
  std::optional<domain::Date> date();
  domain::Date requiredDate() { return date().value_or(domain::Date{}); }
  domain::Instant instant() { return domain::Instant::fromMicros(i64()); }
  std::optional<domain::Instant> optionalInstant();
  template <class Id>
  Id id() {
    return Id(i64());
  }
  domain::Address address();
  domain::RecordMeta meta();

 private:
  const Row& r_;
  std::size_t i_;
};

// ---- errors and pages --------------------------------------------------------------------

/// Runs an INSERT or UPDATE, turning a unique violation into kConflict naming the field
/// ("Another provider already uses this npi.").
template <class F>
auto uniqueGuarded(std::string_view noun, F&& f) -> domain::Result<decltype(f())> {
  try {
    return f();
  } catch (const SqlError& e) {
    if (e.kind() != SqlError::Kind::kUnique) throw;
    const std::string& field = e.constraintField();
    return domain::Error::conflict(
        "Another " + std::string(noun) + " already uses this " + field + ".",
        {{field, "is already in use"}});
  }
}

/// The id after which a keyset page starts (0 for the first page); kInvalid naming `cursor`
/// when the cursor was not made for a list of `kind`.
domain::Result<std::int64_t> idAfter(const app::PageRequest& page, std::string_view kind);

/// The cursor of a list of `kind` that continues after the row with `id`.
std::string encodeIdCursor(std::string_view kind, std::int64_t id);

/// The first `limit` of `rows` (which may hold one more, telling there is a next page),
/// decoded, with the cursor of the next page (the last item's id).
template <class T, class Decode>
app::Page<T> pageOf(const Rows& rows, int limit, std::string_view kind, Decode&& decode) {
  app::Page<T> out;
  const std::size_t n = std::min(rows.size(), static_cast<std::size_t>(limit));
  out.items.reserve(n);
  for (std::size_t k = 0; k < n; ++k) out.items.push_back(decode(rows[k]));
  if (rows.size() > n && !out.items.empty()) {
    out.nextCursor = encodeIdCursor(kind, out.items.back().id.value);
  }
  return out;
}
// ---- bulk writes ---------------------------------------------------------------------------

/// Parameters per multi-row INSERT (SQLite allows 32,766, PostgreSQL 65,535) and statements per
/// round trip.
inline constexpr std::size_t kParamsPerStatement = 4000;
inline constexpr std::size_t kStatementsPerTrip = 8;

/// Writes `count` rows into `head` ("INSERT INTO t (a, b) VALUES ") with multi-row statements,
/// several per round trip (kStatementsPerTrip); `row(k, params)` appends the `columns` values of
/// row k, and `written(n)` (may be empty) is told how many rows are written so far. Throws
/// SqlError like any statement.
template <class AppendRow>
void insertRows(SqlConnection& c, std::string_view head, std::size_t columns, std::size_t count,
                AppendRow&& row, const std::function<void(std::size_t)>& written = {});

// ---- tables --------------------------------------------------------------------------------

/// How rows of a table change.
enum class Versioning {
  /// `version, created_at, updated_at` follow the record's columns; updates name the version
  /// they replace (optimistic concurrency, 412 when stale).
  kVersioned,
  /// Only `created_at` follows: rows are never updated (ledger entries, status history); a
  /// correction is a new row.
  kInsertOnly,
};

/// The declaration of one table's mapping to the record type `T`. Every mapped table has `id`
/// (its primary key), then `organization_id` (except `organizations` itself, `orgScoped`
/// false), then `columns`, then `insertOnlyColumns`, then the versioning columns. `T` has
/// `id` (a typed id), `organizationId` (when org-scoped) and `meta` (versioned tables).
template <class T>
struct TableSpec {
  std::string_view table;       ///< "locations"
  std::string_view noun;        ///< "location": "location not found", conflict messages
  std::string_view cursorKind;  ///< binds list cursors to this table ("loc")
  /// The record's own columns, written by insert and update, in write()/read() order.
  std::vector<std::string_view> columns;
  /// Columns written by insert only, read after `columns` (a patient's MRN, a coverage's
  /// patient): no update changes them.
  std::vector<std::string_view> insertOnlyColumns = {};
  /// Columns that decode() reads but neither insert nor update writes: particular statements
  /// of the repository set them (a user's `mfa_enabled`). Read after `insertOnlyColumns`.
  std::vector<std::string_view> readOnlyColumns = {};
  /// Reads `columns`, `insertOnlyColumns`, then `readOnlyColumns` (the reader stands on the
  /// first of them).
  void (*read)(Reader&, T&) = nullptr;
  /// Appends the values of `columns`.
  void (*write)(Params&, const T&) = nullptr;
  /// Appends the values of `insertOnlyColumns`.
  void (*writeInsertOnly)(Params&, const T&) = nullptr;
  Versioning versioning = Versioning::kVersioned;
  bool orgScoped = true;
};

/// The statements of one table, generated once from its TableSpec, and the generic operations
/// that run them. Immutable after construction: one static instance per table is shared by all
/// threads; the SqlConnection passed to each call belongs to the caller's transaction.
template <class T>
class Table {
 public:
  explicit Table(TableSpec<T> spec);

  [[nodiscard]] const TableSpec<T>& spec() const { return spec_; }
  /// "id, organization_id, <columns>, <insert-only>, version, created_at, updated_at": the
  /// select list that decode() reads.
  [[nodiscard]] const std::string& selectList() const { return cols_; }
  /// How many columns selectList() has (hand-written queries may select more after them).
  [[nodiscard]] std::size_t columnCount() const { return columnCount_; }
  /// `SELECT <selectList> FROM <table> <rest>`: the start of a hand-written query.
  [[nodiscard]] std::string select(std::string_view rest) const {
    return "SELECT " + cols_ + " FROM " + std::string(spec_.table) + " " + std::string(rest);
  }
  /// Every generated statement, for review and for the test that pins them.
  [[nodiscard]] std::vector<std::string> statements() const {
    return {get_, listActive_, listAll_, insert_, update_, setActive_, exists_};
  }

  /// A row of selectList() (from column `first` on) as a record.
  T decode(const Row& row, std::size_t first = 0) const;
  /// Every row of `sql` (which selects selectList()) as records.
  std::vector<T> decodeAll(const Rows& rows) const;
  std::vector<T> query(SqlConnection& c, const std::string& sql, const Params& p) const {
    return decodeAll(c.query(sql, p));
  }

  /// The statement and parameters of get(): for reading several tables in one round trip.
  [[nodiscard]] SqlStatement getStatement(domain::OrganizationId org, std::int64_t id) const;
  /// The record with this id in the organization; nullopt when absent or another's.
  std::optional<T> get(SqlConnection& c, domain::OrganizationId org, std::int64_t id) const;

  /// A narrowing of a list: `column = value` (a column of this table, never user text).
  struct Filter {
    std::string_view column;
    SqlValue value;
  };
  /// One page in id order (archived rows only with `includeInactive` on tables with an
  /// `active` column), narrowed by `filters`.
  domain::Result<app::Page<T>> list(SqlConnection& c, domain::OrganizationId org,
                                    const app::PageRequest& page,
                                    const std::vector<Filter>& filters = {}) const;

  /// Stores a new row and returns the record as stored: its new id, the organization, and for
  /// versioned tables version 1 and both timestamps `now`. A unique violation is kConflict.
  domain::Result<T> insert(SqlConnection& c, T record, domain::Instant now) const;
  /// Stores `records` as insert() would, with multi-row statements (insertRows), for bulk
  /// loads: no id is read back. A unique violation is kConflict, after which the caller's
  /// transaction must roll back (some rows may be written).
  domain::Status insertMany(SqlConnection& c, const std::vector<T>& records,
                            domain::Instant now) const;
  /// Writes `columns` of the row with the record's id and organization when its version is
  /// `expected`, and returns the stored record. kNotFound when there is no such row in the
  /// organization, kVersionMismatch when it has another version, kConflict on a unique
  /// violation. Versioned tables only.
  domain::Result<T> update(SqlConnection& c, const T& record, std::int64_t expected,
                           domain::Instant now) const;
  /// Archives (false) or restores (true) a row of a table with an `active` column, with the
  /// same version check and answers as update().
  domain::Result<T> setActive(SqlConnection& c, domain::OrganizationId org, std::int64_t id,
                              bool active, std::int64_t expected, domain::Instant now) const;
  /// After a version-checked statement touched no row: kNotFound or kVersionMismatch.
  domain::Error missingOrStale(SqlConnection& c, domain::OrganizationId org, std::int64_t id) const;

 private:
  /// The rows that one changed row yields through RETURNING, as the stored record.
  domain::Result<T> changed(SqlConnection& c, const Rows& rows, domain::OrganizationId org,
                            std::int64_t id) const;
  Params key(domain::OrganizationId org, std::int64_t id) const;

  TableSpec<T> spec_;
  bool hasActive_ = false;
  std::size_t columnCount_ = 0;
  std::string cols_;
  std::string listFrom_;    ///< "SELECT ... WHERE organization_id = ? AND "
  std::string insertHead_;  ///< "INSERT INTO t (...) VALUES " for insertMany
  std::size_t insertColumns_ = 0;
  std::string get_, listActive_, listAll_, insert_, update_, setActive_, exists_;
};

}  // namespace medoffice::storage

#include "storage/sql/table_impl.hpp"
