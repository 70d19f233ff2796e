// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/sql.hpp"

#include <charconv>

namespace medoffice::storage {

std::int64_t Row::i64(std::size_t i) const {
  const SqlValue& v = cells_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec != std::errc() || p != s->data() + s->size()) {
      throw SqlError(SqlError::Kind::kOther, "column " + std::to_string(i) + " is not an integer");
    }
    return out;
  }
  return 0;
}

std::string Row::text(std::size_t i) const {
  const SqlValue& v = cells_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return {};
}

std::vector<Rows> SqlConnection::queryAll(const std::vector<SqlStatement>& statements) {
  std::vector<Rows> out;
  out.reserve(statements.size());
  for (const auto& s : statements) out.push_back(query(s.sql, s.params));
  return out;
}

void SqlConnection::executeLater(std::string_view sql, Params params) {
  execute(sql, params);
}

std::string fieldFromConstraint(std::string_view s) {
  // The primary key of idempotency_keys (PostgreSQL names it, SQLite lists its columns).
  if (s.find("idempotency_keys") != std::string_view::npos) return kIdempotencyKeyField;
  if (auto p = s.rfind("__"); p != std::string_view::npos) {
    std::string_view f = s.substr(p + 2);
    auto end = f.find_first_of(" \"'");
    return std::string(f.substr(0, end));
  }
  // SQLite: "UNIQUE constraint failed: providers.organization_id, providers.npi"
  auto dot = s.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string_view f = s.substr(dot + 1);
  auto end = f.find_first_of(" ,");
  return std::string(f.substr(0, end));
}

domain::Error toDomainError(const std::exception& e) {
  if (const auto* s = dynamic_cast<const SqlError*>(&e)) {
    if (s->kind() == SqlError::Kind::kBusy) {
      return domain::Error::unavailable("The database is busy or unreachable.");
    }
    if (s->kind() == SqlError::Kind::kOverlap) {
      return domain::Error::conflict(
          "The time overlaps another appointment.",
          {{s->constraintField() + "_id", "has another appointment at this time"}});
    }
    if (s->kind() == SqlError::Kind::kUnique && s->constraintField() == kIdempotencyKeyField) {
      return domain::Error::conflict(
          "Another request with this Idempotency-Key finished first; retry to get its answer.");
    }
    if (s->kind() == SqlError::Kind::kUnique) {
      return domain::Error::conflict(
          "A record with this " + s->constraintField() + " already exists.",
          {{s->constraintField(), "is already in use"}});
    }
  }
  return domain::Error::internal(std::string("storage failure: ") + e.what());
}

}  // namespace medoffice::storage
