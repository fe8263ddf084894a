// For commands that join user files on chosen columns (panel-ids, bridge): reading the named
// columns of a CSV/TSV/.dta file through db::open_table (encodings, file:line errors), and writing
// a CSV result that appears only once complete.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "db/table_reader.h"

namespace tradedig::cli {

// --encoding and --delimiter, as `tradedig import` takes them.
struct TableReadArgs {
  std::string encoding = "auto";
  std::string delimiter;  // one character or "tab"; empty = detect
};
void add_table_read_options(CLI::App& cmd, TableReadArgs& a);
db::ReadOptions read_options(const TableReadArgs& a);  // throws UserError for a bad --delimiter

// One input table, read row by row, with the columns a command asked for by name.
class NamedColumns {
 public:
  // Throws UserError when the file cannot be opened or has no header.
  NamedColumns(const std::string& path, const db::ReadOptions& opts);
  // The index of `column` (exact header text). Throws UserError naming the file, the option that
  // asked for it and the columns the file has.
  size_t require(const std::string& column, const std::string& option);
  // Reads the next row; false at the end. Throws UserError "file:line: column X: ..." when the row
  // has too few fields to hold a required column (and the reader's own errors for a malformed file).
  bool next();
  // A field of the current row; empty when the row is shorter than the header.
  std::string_view field(size_t column) const;
  // "file:line: column X" for messages about the current row.
  std::string locate(size_t column) const;
  int64_t where() const { return where_; }
  const std::vector<std::string>& columns() const { return reader_->columns(); }
  const std::vector<std::string_view>& fields() const { return fields_; }
  const std::string& path() const { return reader_->path(); }
  const char* position_word() const { return reader_->position_word(); }

 private:
  std::unique_ptr<db::TableReader> reader_;
  std::vector<std::string_view> fields_;
  int64_t where_ = 0;
  size_t widest_required_ = 0;  // 1 + the largest required column index
};

// Writes `path` under a temporary name and renames it into place on commit(); a command that
// fails halfway leaves no output file (the temporary one is removed).
class CsvFileWriter {
 public:
  explicit CsvFileWriter(std::string path);  // throws UserError when the file cannot be created
  ~CsvFileWriter();
  CsvFileWriter(const CsvFileWriter&) = delete;
  CsvFileWriter& operator=(const CsvFileWriter&) = delete;
  void row(const std::vector<std::string>& fields);  // csv_field() of each; the first row is the header
  void commit();                                     // throws UserError when writing failed
  int64_t rows() const { return rows_; }             // rows after the header so far

 private:
  std::string path_, tmp_;
  std::FILE* f_ = nullptr;
  int64_t rows_ = -1;
};

}  // namespace tradedig::cli
