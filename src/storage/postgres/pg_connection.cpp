// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>

namespace medoffice::storage {

struct PgConnection::Result {
  std::unique_ptr<PGresult, decltype(&PQclear)> res{nullptr, &PQclear};
};

namespace {

/// An error text safe for logs: PostgreSQL's DETAIL lines and the quoted parts of its primary
/// message can hold stored values (PHI), so only the primary message with quoted parts masked,
/// the SQLSTATE and the schema names involved are kept.
std::string redactedMessage(PGresult* res, pg_conn* conn) {
  if (res == nullptr) {
    std::string msg = PQerrorMessage(conn);  // connection-level: host, port, no row values
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return msg;
  }
  auto field = [&](int code) {
    const char* v = PQresultErrorField(res, code);
    return std::string(v ? v : "");
  };
  std::string primary = field(PG_DIAG_MESSAGE_PRIMARY);
  std::string masked;
  bool inQuote = false;
  for (char c : primary) {
    if (c == '"') {
      masked += inQuote ? "\"" : "\"?";
      inQuote = !inQuote;
    } else if (!inQuote) {
      masked += c;
    }
  }
  std::string out = "PostgreSQL " + field(PG_DIAG_SQLSTATE) + ": " + masked;
  for (auto [name, code] :
       {std::pair{"table", PG_DIAG_TABLE_NAME}, std::pair{"column", PG_DIAG_COLUMN_NAME},
        std::pair{"constraint", PG_DIAG_CONSTRAINT_NAME}}) {
    if (auto v = field(code); !v.empty()) out += std::string(" ") + name + "=" + v;
  }
  return out;
}

[[noreturn]] void throwFrom(PGresult* res, pg_conn* conn) {
  std::string msg = redactedMessage(res, conn);
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  if (sqlstate == "23505") {
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    throw SqlError(SqlError::Kind::kUnique, msg, fieldFromConstraint(constraint ? constraint : ""));
  }
  if (sqlstate == "23503") throw SqlError(SqlError::Kind::kForeignKey, msg);
  if (sqlstate == "23P01") {
    // Exclusion constraints are named ex_<table>__<what>: the field is <what>.
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    std::string name = constraint ? constraint : "";
    auto sep = name.rfind("__");
    throw SqlError(SqlError::Kind::kOverlap, msg,
                   sep == std::string::npos ? std::string("time") : name.substr(sep + 2));
  }
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" ||
      sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01") {
    throw SqlError(SqlError::Kind::kBusy, msg);
  }
  throw SqlError(SqlError::Kind::kOther, msg);
}

}  // namespace

std::string toPostgresPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

PgConnection::PgConnection(const std::string& conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn_);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    PQfinish(conn_);
    conn_ = nullptr;
    throw SqlError(SqlError::Kind::kBusy, "cannot connect to PostgreSQL: " + msg);
  }
  script("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_min_messages = warning");
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

bool PgConnection::healthy() const {
  return conn_ && PQstatus(conn_) == CONNECTION_OK;
}

PgConnection::Result PgConnection::run(std::string_view sql, const Params& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size() + 1);
    std::string text = toPostgresPlaceholders(sql);
    PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
      Result guard;
      guard.res.reset(res);
      throwFrom(res, conn_);
    }
    PQclear(res);
    it = prepared_.emplace(std::string(sql), name).first;
  }
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  for (std::size_t k = 0; k < params.size(); ++k) {
    const SqlValue& v = params[k];
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      texts[k] = std::to_string(*n);
      values[k] = texts[k].c_str();
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      values[k] = s->c_str();
    } else {
      values[k] = nullptr;
    }
  }
  Result r;
  r.res.reset(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                             values.data(), nullptr, nullptr, 0));
  auto st = r.res ? PQresultStatus(r.res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) throwFrom(r.res.get(), conn_);
  return r;
}

Rows PgConnection::query(std::string_view sql, const Params& params) {
  Result r = run(sql, params);
  PGresult* res = r.res.get();
  Rows rows;
  const int n = PQntuples(res);
  const int cols = PQnfields(res);
  rows.reserve(static_cast<std::size_t>(n));
  for (int row = 0; row < n; ++row) {
    std::vector<SqlValue> cells;
    cells.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res, row, c)) {
        cells.emplace_back(std::monostate{});
      } else {
        cells.emplace_back(std::string(PQgetvalue(res, row, c),
                                       static_cast<std::size_t>(PQgetlength(res, row, c))));
      }
    }
    rows.emplace_back(std::move(cells));
  }
  return rows;
}

std::int64_t PgConnection::execute(std::string_view sql, const Params& params) {
  Result r = run(sql, params);
  const char* n = PQcmdTuples(r.res.get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

std::int64_t PgConnection::insertId(std::string_view sql, const Params& params) {
  std::string withId;
  withId.reserve(sql.size() + 13);
  withId.append(sql).append(" RETURNING id");
  Result r = run(withId, params);
  if (PQntuples(r.res.get()) != 1) throw SqlError(SqlError::Kind::kOther, "INSERT returned no id");
  return std::strtoll(PQgetvalue(r.res.get(), 0, 0), nullptr, 10);
}

void PgConnection::script(const std::string& sql) {
  Result r;
  r.res.reset(PQexec(conn_, sql.c_str()));
  auto st = r.res ? PQresultStatus(r.res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throwFrom(r.res.get(), conn_);
}

}  // namespace medoffice::storage
