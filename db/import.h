// Importing user files into the store: `tradedig import firms|customs|observations FILE`.
//
// Contract:
//   * Columns are found by the user's mapping (target=column) or, failing that, by common English
//     and Chinese column names (企业名称, 英文名称, 曾用名, 商品编码, 金额, ...); see field_specs().
//   * Every row is validated; a bad row is reported with the file, line (or .dta observation),
//     column and reason.
//   * Without a rejects path, an import lands whole or not at all: if any row is bad nothing is
//     written and ImportRejected is thrown. With a rejects path, the good rows land and the bad
//     ones are written to that CSV with their line, column and reason.
//   * Re-importing a file whose bytes were imported before (same SHA-256, same kind) changes
//     nothing and says so; `force` re-imports it, replacing the rows it landed the first time.
//     Firms are keyed by firm_id, so importing a changed firm list updates firms in place.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "db/connection.h"
#include "db/table_reader.h"
#include "util/error.h"

namespace tradedig::db {

enum class ImportKind { kFirms, kCustoms, kObservations };
ImportKind parse_import_kind(std::string_view name);  // throws UserError
const char* import_kind_name(ImportKind k);

using ColumnMapping = std::vector<std::pair<std::string, std::string>>;  // target -> file column

// Parses "name_zh=企业名称,name_en=英文名称" (also ';' separated). Throws UserError on bad syntax.
ColumnMapping parse_mapping(std::string_view text);

enum class FieldType { kText, kInt, kReal, kYear, kMonth, kDate, kHsCode };

struct FieldSpec {
  std::string target;
  FieldType type;
  bool required;
  std::string help;
  std::vector<std::string> aliases;  // column names recognised by default, in priority order
};
// The fields an import of `kind` understands (observations: `obs_kind` membership|icp|domain).
std::vector<FieldSpec> field_specs(ImportKind kind, std::string_view obs_kind = "membership");

struct ImportOptions {
  ReadOptions read;
  ColumnMapping mapping;
  std::string rejects_path;       // empty: all-or-nothing
  bool force = false;             // re-import even when the same bytes were imported before
  std::string observation_kind;   // membership | icp | domain; empty: infer from the columns
  std::string observation_source; // source for rows without a source column (e.g. "icp-bulk")
};

struct RowProblem {
  int64_t where = 0;    // line (CSV) or observation (.dta)
  std::string column;   // file column name, empty for whole-row problems
  std::string reason;
};

struct ImportReport {
  std::string path, kind, encoding, sha256;
  int64_t import_id = 0;
  bool already_imported = false;
  int64_t rows_read = 0, rows_landed = 0, rows_rejected = 0;
  int64_t firms_new = 0, firms_changed = 0, names_added = 0;  // firm imports
  int64_t replaced_rows = 0;                                  // rows of an earlier import replaced by --force
  ColumnMapping mapping_used;
  std::vector<std::string> unused_columns;
  std::vector<RowProblem> problems;  // the first 20
  const char* position_word = "line";
};

// Formats one problem as "file:line: column X: reason".
std::string describe_problem(const ImportReport& r, const RowProblem& p);

class ImportRejected : public UserError {
 public:
  ImportRejected(const std::string& msg, ImportReport report)
      : UserError(msg), report_(std::move(report)) {}
  const ImportReport& report() const { return report_; }

 private:
  ImportReport report_;
};

// Imports `path` into the store. Throws UserError for unreadable files or unusable mappings, and
// ImportRejected (nothing written) when rows are bad and no rejects path was given.
ImportReport import_table(Connection& c, ImportKind kind, const std::string& path, const ImportOptions& opts);

}  // namespace tradedig::db
