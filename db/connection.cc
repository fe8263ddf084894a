#include "db/connection.h"

#include <sqlite3.h>

#include <utility>

#include <fmt/format.h>

namespace tradedig::db {

// ---- Statement ------------------------------------------------------------------------------

Statement::Statement(sqlite3* db, std::string_view sql) : sql_(sql) {
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db);
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    throw SqlError(fmt::format("{} (in: {})", msg, sql_.substr(0, 200)));
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& o) noexcept : stmt_(std::exchange(o.stmt_, nullptr)), sql_(std::move(o.sql_)) {}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(o.stmt_, nullptr);
    sql_ = std::move(o.sql_);
  }
  return *this;
}

void Statement::check(int rc) const {
  if (rc == SQLITE_OK) return;
  sqlite3* db = sqlite3_db_handle(stmt_);
  throw SqlError(fmt::format("{} (in: {})", sqlite3_errmsg(db), sql_.substr(0, 200)));
}

Statement& Statement::bind(int idx, int64_t v) {
  check(sqlite3_bind_int64(stmt_, idx, v));
  return *this;
}
Statement& Statement::bind(int idx, double v) {
  check(sqlite3_bind_double(stmt_, idx, v));
  return *this;
}
Statement& Statement::bind(int idx, std::string_view v) {
  check(sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::bind_static(int idx, std::string_view v) {
  check(sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  return *this;
}
Statement& Statement::bind_blob(int idx, std::string_view v) {
  check(sqlite3_bind_blob(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::bind(int idx, std::nullptr_t) {
  check(sqlite3_bind_null(stmt_, idx));
  return *this;
}
int Statement::parameter_count() const { return sqlite3_bind_parameter_count(stmt_); }

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  std::string msg = sqlite3_errmsg(db);
  sqlite3_reset(stmt_);
  throw SqlError(fmt::format("{} (in: {})", msg, sql_.substr(0, 200)));
}

void Statement::run() {
  while (step()) {
  }
  // Bindings are kept: hot loops rebind every parameter, and clearing them costs per row.
  sqlite3_reset(stmt_);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }
std::string Statement::column_name(int i) const { return sqlite3_column_name(stmt_, i); }
ColumnType Statement::column_type(int i) const {
  switch (sqlite3_column_type(stmt_, i)) {
    case SQLITE_INTEGER: return ColumnType::kInteger;
    case SQLITE_FLOAT: return ColumnType::kReal;
    case SQLITE_TEXT: return ColumnType::kText;
    case SQLITE_BLOB: return ColumnType::kBlob;
    default: return ColumnType::kNull;
  }
}
int64_t Statement::column_int(int i) const { return sqlite3_column_int64(stmt_, i); }
double Statement::column_double(int i) const { return sqlite3_column_double(stmt_, i); }
std::string_view Statement::column_text(int i) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))};
}
std::optional<int64_t> Statement::column_opt_int(int i) const {
  if (is_null(i)) return std::nullopt;
  return column_int(i);
}
std::optional<std::string> Statement::column_opt_string(int i) const {
  if (is_null(i)) return std::nullopt;
  return column_string(i);
}
std::string_view Statement::column_blob(int i) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))};
}
std::string Statement::column_decltype(int i) const {
  const char* t = sqlite3_column_decltype(stmt_, i);
  return t ? t : "";
}

// ---- Connection -----------------------------------------------------------------------------

Connection Connection::open(const std::string& path, OpenMode mode) {
  Connection c;
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (mode) {
    case OpenMode::kReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::kReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::kReadOnly: flags |= SQLITE_OPEN_READONLY; break;
  }
  int rc = sqlite3_open_v2(path.c_str(), &c.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = c.db_ ? sqlite3_errmsg(c.db_) : "out of memory";
    throw SqlError(fmt::format("cannot open {}: {}", path, msg));
  }
  c.path_ = path;
  sqlite3_busy_timeout(c.db_, 10000);
  sqlite3_extended_result_codes(c.db_, 1);
  try {
    // Reading the schema detects "file is not a database" before anything else happens.
    c.exec("SELECT count(*) FROM sqlite_master");
    if (mode != OpenMode::kReadOnly) c.exec("PRAGMA journal_mode=WAL");
    c.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
           "PRAGMA cache_size=-131072;");
  } catch (const SqlError& e) {
    throw SqlError(fmt::format("cannot use {} as a tradedig store: {}", path, e.what()));
  }
  return c;
}

Connection::~Connection() {
  if (db_) sqlite3_close_v2(db_);
}
Connection::Connection(Connection&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}
Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
  }
  return *this;
}

void Connection::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw SqlError(fmt::format("{} (in: {})", msg, s.substr(0, 200)));
  }
}

Statement Connection::prepare(std::string_view sql) const { return Statement(db_, sql); }

std::optional<int64_t> Connection::query_int(std::string_view sql) const {
  Statement st = prepare(sql);
  if (!st.step() || st.is_null(0)) return std::nullopt;
  return st.column_int(0);
}

std::optional<std::string> Connection::query_string(std::string_view sql) const {
  Statement st = prepare(sql);
  if (!st.step() || st.is_null(0)) return std::nullopt;
  return st.column_string(0);
}

bool Connection::table_exists(std::string_view name) const {
  Statement st = prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?");
  st.bind(1, name);
  return st.step();
}

int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int64_t Connection::changes() const { return sqlite3_changes64(db_); }

// ---- Transaction ----------------------------------------------------------------------------

Transaction::Transaction(Connection& c) : conn_(c) { conn_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      conn_.exec("ROLLBACK");
    } catch (...) {
      // Nothing sensible to do in a destructor; SQLite has already rolled back on most errors.
    }
  }
}

void Transaction::commit() {
  conn_.exec("COMMIT");
  done_ = true;
}

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace tradedig::db
