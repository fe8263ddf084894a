// The SQLite connection, prepared statements and transactions (RAII, move-only).
//
// Contract: every failing SQLite call throws db::SqlError carrying SQLite's message and the SQL
// text; a Transaction that is destroyed without commit() rolls back, so an exception anywhere in
// a batch leaves the store as it was.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tradedig::db {

class SqlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ColumnType { kInteger, kReal, kText, kBlob, kNull };

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);  // throws SqlError on a syntax error
  ~Statement();
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT) unless bind_static
  // is used, whose caller keeps the bytes alive until the next step()/reset().
  Statement& bind(int idx, int64_t v);
  Statement& bind(int idx, int v) { return bind(idx, static_cast<int64_t>(v)); }
  Statement& bind(int idx, double v);
  Statement& bind(int idx, std::string_view v);
  Statement& bind(int idx, const char* v) { return bind(idx, std::string_view(v)); }
  Statement& bind(int idx, const std::string& v) { return bind(idx, std::string_view(v)); }
  Statement& bind(int idx, std::nullptr_t);
  template <class T>
  Statement& bind(int idx, const std::optional<T>& v) {
    return v ? bind(idx, *v) : bind(idx, nullptr);
  }
  Statement& bind_static(int idx, std::string_view v);
  Statement& bind_blob(int idx, std::string_view bytes);
  Statement& bind_null(int idx) { return bind(idx, nullptr); }
  template <class... A>
  Statement& bind_all(const A&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }
  int parameter_count() const;

  // Advances; true while a row is available. Throws SqlError on constraint or I/O errors.
  bool step();
  // Runs to completion (for INSERT/UPDATE/DDL), then resets so the statement can be reused.
  // Bindings stay in place: bind every parameter again (or call reset()) before the next run().
  void run();
  void reset();  // also clears bindings

  int column_count() const;
  std::string column_name(int i) const;
  ColumnType column_type(int i) const;
  bool is_null(int i) const { return column_type(i) == ColumnType::kNull; }
  int64_t column_int(int i) const;
  double column_double(int i) const;
  std::string_view column_text(int i) const;  // valid until the next step()/reset()
  std::string column_string(int i) const { return std::string(column_text(i)); }
  std::optional<int64_t> column_opt_int(int i) const;
  std::optional<std::string> column_opt_string(int i) const;
  std::string_view column_blob(int i) const;
  // The declared type of a result column that comes straight from a table column ("" otherwise).
  std::string column_decltype(int i) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
  void check(int rc) const;
};

enum class OpenMode { kReadWriteCreate, kReadWrite, kReadOnly };

class Connection {
 public:
  // Opens `path` (WAL journal, foreign keys on, 10 s busy timeout). Throws SqlError when the file
  // cannot be opened or is not an SQLite database.
  static Connection open(const std::string& path, OpenMode mode = OpenMode::kReadWriteCreate);
  Connection() = default;
  ~Connection();
  Connection(Connection&& o) noexcept;
  Connection& operator=(Connection&& o) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);  // one or more statements, no results
  Statement prepare(std::string_view sql) const;
  // Convenience for single-value queries; nullopt when there is no row or the value is NULL.
  std::optional<int64_t> query_int(std::string_view sql) const;
  std::optional<std::string> query_string(std::string_view sql) const;
  bool table_exists(std::string_view name) const;  // tables and views

  int64_t last_insert_rowid() const;
  int64_t changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so a concurrent writer fails
// fast instead of deadlocking mid-batch); ROLLBACK in the destructor unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

// Quotes an identifier for SQL ("a""b").
std::string quote_ident(std::string_view name);

}  // namespace tradedig::db
