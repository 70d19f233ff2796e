// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>
#include <unordered_map>

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

/// The rows of a result, every cell as text (or NULL).
Rows rowsOf(PGresult* res) {
  Rows rows;
  if (res == nullptr) return rows;
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

namespace {

/// The text values of `params` for libpq (integers printed, NULL as a null pointer). `texts`
/// keeps the printed integers alive while libpq copies them.
void bindValues(const Params& params, std::vector<std::string>& texts,
                std::vector<const char*>& values) {
  texts.assign(params.size(), {});
  values.assign(params.size(), nullptr);
  for (std::size_t k = 0; k < params.size(); ++k) {
    const SqlValue& v = params[k];
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      texts[k] = std::to_string(*n);
      values[k] = texts[k].c_str();
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      values[k] = s->c_str();
    }
  }
}

}  // namespace

const std::string* PgConnection::preparedName(std::string_view sql) const {
  auto it = prepared_.find(sql);
  return it == prepared_.end() ? nullptr : &it->second;
}

PgConnection::Result PgConnection::run(std::string_view sql, const Params& params) {
  if (!later_.empty()) {
    // Deferred statements go first, in the same round trip.
    SqlStatement now{std::string(sql), params};
    auto deferred = std::move(later_);
    later_.clear();
    beginPending_ = false;
    return std::move(pipeline(deferred, {&now}).at(0));
  }
  const std::string* name = preparedName(sql);
  if (name == nullptr) {
    std::string fresh = "s" + std::to_string(nextStatement_++);
    std::string text = toPostgresPlaceholders(sql);
    ++roundTrips_;
    PGresult* res = PQprepare(conn_, fresh.c_str(), text.c_str(), 0, nullptr);
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
      Result guard;
      guard.res.reset(res);
      throwFrom(res, conn_);
    }
    PQclear(res);
    name = &prepared_.emplace(std::string(sql), std::move(fresh)).first->second;
  }
  std::vector<std::string> texts;
  std::vector<const char*> values;
  bindValues(params, texts, values);
  Result r;
  ++roundTrips_;
  r.res.reset(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(),
                             nullptr, nullptr, 0));
  auto st = r.res ? PQresultStatus(r.res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) throwFrom(r.res.get(), conn_);
  return r;
}

std::vector<PgConnection::Result> PgConnection::pipeline(
    const std::vector<SqlStatement>& deferred, const std::vector<const SqlStatement*>& statements) {
  std::vector<const SqlStatement*> all;
  all.reserve(deferred.size() + statements.size());
  for (const auto& d : deferred) all.push_back(&d);
  all.insert(all.end(), statements.begin(), statements.end());

  if (PQenterPipelineMode(conn_) != 1) throwFrom(nullptr, conn_);
  // What was sent, in order: each statement is preceded by its Parse when not yet prepared.
  struct Sent {
    std::size_t statement;
    bool isPrepare;
    std::string name;
  };
  std::vector<Sent> sent;
  std::unordered_map<std::string_view, std::string> fresh;  // prepared in this pipeline
  bool sendFailed = false;
  std::vector<std::string> texts;
  std::vector<const char*> values;
  for (std::size_t k = 0; k < all.size() && !sendFailed; ++k) {
    const SqlStatement& st = *all[k];
    std::string name;
    if (const std::string* known = preparedName(st.sql)) {
      name = *known;
    } else if (auto f = fresh.find(st.sql); f != fresh.end()) {
      name = f->second;
    } else {
      name = "s" + std::to_string(nextStatement_++);
      std::string text = toPostgresPlaceholders(st.sql);
      if (PQsendPrepare(conn_, name.c_str(), text.c_str(), 0, nullptr) != 1) {
        sendFailed = true;
        break;
      }
      sent.push_back({k, true, name});
      fresh.emplace(st.sql, name);
    }
    bindValues(st.params, texts, values);
    if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(st.params.size()), values.data(),
                            nullptr, nullptr, 0) != 1) {
      sendFailed = true;
      break;
    }
    sent.push_back({k, false, name});
  }
  if (!sendFailed && PQpipelineSync(conn_) != 1) sendFailed = true;
  ++roundTrips_;
  if (sendFailed) {
    // The connection broke while sending: it cannot be used again.
    std::string msg = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw SqlError(SqlError::Kind::kBusy, "PostgreSQL connection lost: " + msg);
  }

  std::vector<Result> results(statements.size());
  Result firstError;
  for (const auto& s : sent) {
    Result r;
    r.res.reset(PQgetResult(conn_));
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);  // the end of this command
    const auto status = r.res ? PQresultStatus(r.res.get()) : PGRES_FATAL_ERROR;
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok && !firstError.res && status != PGRES_PIPELINE_ABORTED) {
      firstError = std::move(r);
      continue;
    }
    if (s.isPrepare) {
      // Prepared statements survive a rollback: keep every one the server accepted.
      if (ok) prepared_.emplace(all[s.statement]->sql, s.name);
    } else if (ok && s.statement >= deferred.size()) {
      results[s.statement - deferred.size()] = std::move(r);
    }
  }
  // The sync point ends the pipeline.
  for (PGresult* res = PQgetResult(conn_); res != nullptr; res = PQgetResult(conn_)) {
    const bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
    PQclear(res);
    if (sync) break;
  }
  if (PQexitPipelineMode(conn_) != 1) {
    std::string msg = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw SqlError(SqlError::Kind::kBusy, "PostgreSQL pipeline did not end: " + msg);
  }
  if (firstError.res || sent.size() < all.size()) {
    if (firstError.res) throwFrom(firstError.res.get(), conn_);
    throw SqlError(SqlError::Kind::kOther, "a pipelined statement returned no result");
  }
  return results;
}

std::vector<Rows> PgConnection::queryAll(const std::vector<SqlStatement>& statements) {
  std::vector<const SqlStatement*> refs;
  refs.reserve(statements.size());
  for (const auto& s : statements) refs.push_back(&s);
  auto deferred = std::move(later_);
  later_.clear();
  beginPending_ = false;
  std::vector<Rows> out;
  out.reserve(statements.size());
  for (auto& r : pipeline(deferred, refs)) out.push_back(rowsOf(r.res.get()));
  return out;
}

void PgConnection::executeLater(std::string_view sql, Params params) {
  later_.push_back({std::string(sql), std::move(params)});
}

void PgConnection::begin(std::string_view beginSql) {
  later_.clear();
  later_.push_back({std::string(beginSql), {}});
  beginPending_ = true;
}

void PgConnection::commit() {
  if (beginPending_ && later_.size() == 1) {
    // The transaction never reached the server: nothing to commit.
    later_.clear();
    beginPending_ = false;
    return;
  }
  SqlStatement commitStatement{"COMMIT", {}};
  auto deferred = std::move(later_);
  later_.clear();
  beginPending_ = false;
  pipeline(deferred, {&commitStatement});
}

void PgConnection::rollback() {
  const bool sent = !beginPending_;
  later_.clear();
  beginPending_ = false;
  if (sent && conn_ != nullptr) script("ROLLBACK");
}

Rows PgConnection::query(std::string_view sql, const Params& params) {
  Result r = run(sql, params);
  return rowsOf(r.res.get());
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
  if (!later_.empty()) {
    auto deferred = std::move(later_);
    later_.clear();
    beginPending_ = false;
    pipeline(deferred, {});
  }
  Result r;
  ++roundTrips_;
  r.res.reset(PQexec(conn_, sql.c_str()));
  auto st = r.res ? PQresultStatus(r.res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throwFrom(r.res.get(), conn_);
}

int PgConnection::socket() const {
  return conn_ ? PQsocket(conn_) : -1;
}

std::vector<std::string> PgConnection::takeNotifications(const std::string& channel) {
  std::vector<std::string> out;
  if (conn_ == nullptr || PQconsumeInput(conn_) != 1) {
    throw SqlError(SqlError::Kind::kBusy, "PostgreSQL notification connection lost");
  }
  while (PGnotify* n = PQnotifies(conn_)) {
    if (channel == n->relname) out.emplace_back(n->extra);
    PQfreemem(n);
  }
  return out;
}

}  // namespace medoffice::storage
