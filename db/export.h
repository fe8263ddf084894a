// Getting data out of the store: query results, CSV and Stata .dta files.
//
// Contract: exports read one consistent snapshot (a read transaction); the output file is written
// to a temporary name and renamed into place, so a failed export never leaves a partial file.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // nullopt = NULL
  std::vector<bool> numeric;  // column holds only numbers (for right alignment)
  bool truncated = false;     // more rows than max_rows
};

// Runs one SQL statement and collects up to `max_rows` rows. Throws UserError with SQLite's
// message when the SQL is invalid.
QueryResult run_query(const Connection& c, const std::string& sql, int64_t max_rows = -1);

// "SELECT * FROM <name>" for an existing table or view; throws UserError listing the tables and
// views when `name` is neither.
std::string select_all_sql(const Connection& c, const std::string& name);

enum class ExportFormat { kCsv, kDta };
ExportFormat parse_export_format(const std::string& name);  // csv | dta; throws UserError

struct ExportReport {
  int64_t rows = 0;
  int columns = 0;
  std::vector<std::string> notes;  // renamed variables, skipped BLOB columns, strL columns, ...
};

// Writes the result of `sql` to `out_path`. For .dta, `label_table` names the table or view whose
// var_labels become variable labels, and variable names are made valid for Stata (renames are
// listed in the report's notes). Throws UserError on bad SQL or an unwritable path.
ExportReport export_query(Connection& c, const std::string& sql, ExportFormat fmt, const std::string& out_path,
                          const std::string& label_table = "");

}  // namespace tradedig::db
