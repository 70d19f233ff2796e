// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The template definitions of storage/sql/table.hpp (included at its end).

namespace medoffice::storage {

namespace table_detail {

inline std::string joined(const std::vector<std::string_view>& names, std::string_view suffix) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out.append(n).append(suffix);
  }
  return out;
}

inline std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t k = 0; k < n; ++k) out += k == 0 ? "?" : ", ?";
  return out;
}

template <class T>
concept OrgScoped = requires(T t) {
  t.organizationId;
};
template <class T>
concept HasMeta = requires(T t) {
  t.meta;
};

}  // namespace table_detail

template <class AppendRow>
void insertRows(SqlConnection& c, std::string_view head, std::size_t columns, std::size_t count,
                AppendRow&& row, const std::function<void(std::size_t)>& written) {
  const std::size_t perStatement = std::max<std::size_t>(1, kParamsPerStatement / columns);
  const std::string tuple = "(" + table_detail::placeholders(columns) + ")";
  auto textFor = [&](std::size_t rows) {
    std::string sql(head);
    sql.reserve(head.size() + rows * (tuple.size() + 2));
    for (std::size_t k = 0; k < rows; ++k) sql.append(k == 0 ? "" : ", ").append(tuple);
    return sql;
  };
  const std::string full = textFor(perStatement);
  std::vector<SqlStatement> trip;
  for (std::size_t at = 0; at < count; at += perStatement) {
    const std::size_t n = std::min(perStatement, count - at);
    SqlStatement st{n == perStatement ? full : textFor(n), {}};
    st.params.reserve(n * columns);
    for (std::size_t k = 0; k < n; ++k) row(at + k, st.params);
    trip.push_back(std::move(st));
    if (trip.size() == kStatementsPerTrip || at + n == count) {
      c.queryAll(trip);
      trip.clear();
      if (written) written(at + n);
    }
  }
}

template <class T>
Table<T>::Table(TableSpec<T> spec) : spec_(std::move(spec)) {
  using table_detail::joined;
  using table_detail::placeholders;
  const std::string table(spec_.table);
  const bool versioned = spec_.versioning == Versioning::kVersioned;
  hasActive_ =
      std::find(spec_.columns.begin(), spec_.columns.end(), "active") != spec_.columns.end();

  std::vector<std::string_view> own = spec_.columns;
  own.insert(own.end(), spec_.insertOnlyColumns.begin(), spec_.insertOnlyColumns.end());
  std::vector<std::string_view> selected = own;
  selected.insert(selected.end(), spec_.readOnlyColumns.begin(), spec_.readOnlyColumns.end());
  cols_ = spec_.orgScoped ? "id, organization_id, " : "id, ";
  cols_ += joined(selected, "");
  cols_ += versioned ? ", version, created_at, updated_at" : ", created_at";
  columnCount_ = (spec_.orgScoped ? 2 : 1) + selected.size() + (versioned ? 3 : 1);

  const std::string scope = spec_.orgScoped ? " AND organization_id = ?" : "";
  get_ = "SELECT " + cols_ + " FROM " + table + " WHERE id = ?" + scope;
  exists_ = "SELECT 1 FROM " + table + " WHERE id = ?" + scope;
  listFrom_ = "SELECT " + cols_ + " FROM " + table + " WHERE " +
              (spec_.orgScoped ? "organization_id = ? AND " : "");
  listAll_ = listFrom_ + "id > ? ORDER BY id LIMIT ?";
  listActive_ = hasActive_ ? listFrom_ + "id > ? AND active = 1 ORDER BY id LIMIT ?" : listAll_;

  std::vector<std::string_view> inserted = own;
  if (spec_.orgScoped) inserted.push_back("organization_id");
  insert_ = "INSERT INTO " + table + " (" + joined(inserted, "") +
            (versioned ? ", version, created_at, updated_at) VALUES (" : ", created_at) VALUES (") +
            placeholders(inserted.size()) + (versioned ? ", 1, ?, ?)" : ", ?)");
  insertHead_ =
      "INSERT INTO " + table + " (" + joined(inserted, "") +
      (versioned ? ", version, created_at, updated_at) VALUES " : ", created_at) VALUES ");
  insertColumns_ = inserted.size() + (versioned ? 3 : 1);
  if (versioned) {
    const std::string where = " WHERE id = ?" + scope + " AND version = ? RETURNING " + cols_;
    update_ = "UPDATE " + table + " SET " + joined(spec_.columns, " = ?") +
              ", version = version + 1, updated_at = ?" + where;
    if (hasActive_) {
      setActive_ =
          "UPDATE " + table + " SET active = ?, version = version + 1, updated_at = ?" + where;
    }
  }
}

template <class T>
T Table<T>::decode(const Row& row, std::size_t first) const {
  Reader r(row, first);
  T out;
  out.id = decltype(out.id)(r.i64());
  if constexpr (table_detail::OrgScoped<T>) {
    if (spec_.orgScoped) out.organizationId = domain::OrganizationId(r.i64());
  }
  spec_.read(r, out);
  if constexpr (table_detail::HasMeta<T>) {
    if (spec_.versioning == Versioning::kVersioned) {
      out.meta = r.meta();
    } else {
      out.meta.version = 1;
      out.meta.createdAt = out.meta.updatedAt = r.instant();
    }
  }
  return out;
}

template <class T>
std::vector<T> Table<T>::decodeAll(const Rows& rows) const {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(decode(row));
  return out;
}

template <class T>
Params Table<T>::key(domain::OrganizationId org, std::int64_t id) const {
  if (spec_.orgScoped) return {sqlInt(id), sqlInt(org.value)};
  return {sqlInt(id)};
}

template <class T>
SqlStatement Table<T>::getStatement(domain::OrganizationId org, std::int64_t id) const {
  return {get_, key(org, id)};
}

template <class T>
std::optional<T> Table<T>::get(SqlConnection& c, domain::OrganizationId org,
                               std::int64_t id) const {
  auto rows = c.query(get_, key(org, id));
  if (rows.empty()) return std::nullopt;
  return decode(rows[0]);
}

template <class T>
domain::Result<app::Page<T>> Table<T>::list(SqlConnection& c, domain::OrganizationId org,
                                            const app::PageRequest& page,
                                            const std::vector<Filter>& filters) const {
  auto after = idAfter(page, spec_.cursorKind);
  if (!after) return after.error();
  const int limit = clampLimit(page.limit);
  Params p;
  if (spec_.orgScoped) p.push_back(sqlInt(org.value));
  std::string narrowed;
  if (!filters.empty()) {
    // The filters go before the keyset condition, so that an index on (organization_id,
    // <filter>, id) serves the page: "... WHERE organization_id = ? AND patient_id = ? AND
    // id > ? ...".
    narrowed = listFrom_;
    for (const auto& f : filters) {
      narrowed.append(f.column).append(" = ? AND ");
      p.push_back(f.value);
    }
    narrowed += page.includeInactive || !hasActive_ ? "id > ? ORDER BY id LIMIT ?"
                                                    : "id > ? AND active = 1 ORDER BY id LIMIT ?";
  }
  const std::string& text = !filters.empty()       ? narrowed
                            : page.includeInactive ? listAll_
                                                   : listActive_;
  p.push_back(sqlInt(*after));
  p.push_back(sqlInt(limit + 1));
  return pageOf<T>(c.query(text, p), limit, spec_.cursorKind,
                   [this](const Row& row) { return decode(row); });
}

template <class T>
domain::Result<T> Table<T>::insert(SqlConnection& c, T record, domain::Instant now) const {
  Params p;
  p.reserve(spec_.columns.size() + spec_.insertOnlyColumns.size() + 3);
  spec_.write(p, record);
  if (spec_.writeInsertOnly) spec_.writeInsertOnly(p, record);
  if constexpr (table_detail::OrgScoped<T>) {
    if (spec_.orgScoped) p.push_back(sqlInt(record.organizationId.value));
  }
  p.push_back(sqlInt(now.micros()));
  if (spec_.versioning == Versioning::kVersioned) p.push_back(sqlInt(now.micros()));
  auto id = uniqueGuarded(spec_.noun, [&] { return c.insertId(insert_, p); });
  if (!id) return id.error();
  // What was written is what is stored: no second round trip to read it back.
  record.id = decltype(record.id)(*id);
  if constexpr (table_detail::HasMeta<T>) record.meta = {1, now, now};
  return record;
}

template <class T>
domain::Status Table<T>::insertMany(SqlConnection& c, const std::vector<T>& records,
                                    domain::Instant now) const {
  const bool versioned = spec_.versioning == Versioning::kVersioned;
  auto written = uniqueGuarded(spec_.noun, [&] {
    insertRows(c, insertHead_, insertColumns_, records.size(), [&](std::size_t k, Params& p) {
      const T& record = records[k];
      spec_.write(p, record);
      if (spec_.writeInsertOnly) spec_.writeInsertOnly(p, record);
      if constexpr (table_detail::OrgScoped<T>) {
        if (spec_.orgScoped) p.push_back(sqlInt(record.organizationId.value));
      }
      if (versioned) p.push_back(sqlInt(1));
      p.push_back(sqlInt(now.micros()));
      if (versioned) p.push_back(sqlInt(now.micros()));
    });
    return true;
  });
  if (!written) return written.error();
  return {};
}

template <class T>
domain::Result<T> Table<T>::changed(SqlConnection& c, const Rows& rows, domain::OrganizationId org,
                                    std::int64_t id) const {
  if (rows.empty()) return missingOrStale(c, org, id);
  return decode(rows[0]);
}

template <class T>
domain::Result<T> Table<T>::update(SqlConnection& c, const T& record, std::int64_t expected,
                                   domain::Instant now) const {
  if (update_.empty()) throw std::logic_error(std::string(spec_.table) + " is insert-only");
  domain::OrganizationId org;
  if constexpr (table_detail::OrgScoped<T>) org = record.organizationId;
  Params p;
  p.reserve(spec_.columns.size() + 4);
  spec_.write(p, record);
  p.push_back(sqlInt(now.micros()));
  for (auto& v : key(org, record.id.value)) p.push_back(std::move(v));
  p.push_back(sqlInt(expected));
  auto rows = uniqueGuarded(spec_.noun, [&] { return c.query(update_, p); });
  if (!rows) return rows.error();
  return changed(c, *rows, org, record.id.value);
}

template <class T>
domain::Result<T> Table<T>::setActive(SqlConnection& c, domain::OrganizationId org, std::int64_t id,
                                      bool active, std::int64_t expected,
                                      domain::Instant now) const {
  if (setActive_.empty())
    throw std::logic_error(std::string(spec_.table) + " has no active column");
  Params p{sqlBool(active), sqlInt(now.micros())};
  for (auto& v : key(org, id)) p.push_back(std::move(v));
  p.push_back(sqlInt(expected));
  return changed(c, c.query(setActive_, p), org, id);
}

template <class T>
domain::Error Table<T>::missingOrStale(SqlConnection& c, domain::OrganizationId org,
                                       std::int64_t id) const {
  if (c.query(exists_, key(org, id)).empty()) {
    return domain::Error::notFound(std::string(spec_.noun) + " not found");
  }
  return domain::Error::versionMismatch();
}

}  // namespace medoffice::storage
