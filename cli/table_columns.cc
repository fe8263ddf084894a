#include "cli/table_columns.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "util/csv_field.h"
#include "util/error.h"

namespace tradedig::cli {

void add_table_read_options(CLI::App& cmd, TableReadArgs& a) {
  cmd.add_option("--encoding", a.encoding, "Input encoding: auto | utf-8 | gbk | gb18030 | big5")->capture_default_str();
  cmd.add_option("--delimiter", a.delimiter, "Input field separator (default: detected; 'tab' for tabs)");
}

db::ReadOptions read_options(const TableReadArgs& a) {
  db::ReadOptions o;
  o.encoding = a.encoding;
  if (a.delimiter == "tab" || a.delimiter == "\\t") o.delimiter = '\t';
  else if (a.delimiter.size() == 1) o.delimiter = a.delimiter[0];
  else if (!a.delimiter.empty()) throw UserError("--delimiter takes one character, or 'tab'");
  return o;
}

NamedColumns::NamedColumns(const std::string& path, const db::ReadOptions& opts) : reader_(db::open_table(path, opts)) {}

size_t NamedColumns::require(const std::string& column, const std::string& option) {
  const auto& cols = reader_->columns();
  for (size_t i = 0; i < cols.size(); ++i)
    if (cols[i] == column) {
      widest_required_ = std::max(widest_required_, i + 1);
      return i;
    }
  std::string names;
  for (const auto& c : cols) names += (names.empty() ? "" : ", ") + c;
  throw UserError(fmt::format("{} has no column '{}' (asked for by {}); its columns are: {}", path(), column, option,
                              names));
}

bool NamedColumns::next() {
  if (!reader_->next(fields_, where_)) return false;
  if (fields_.size() < widest_required_)
    throw UserError(fmt::format("{}: the row has {} fields but the header has {} columns", locate(fields_.size()),
                                fields_.size(), columns().size()));
  return true;
}

std::string_view NamedColumns::field(size_t column) const {
  return column < fields_.size() ? fields_[column] : std::string_view();
}

std::string NamedColumns::locate(size_t column) const {
  std::string where = std::string_view(position_word()) == "line" ? fmt::format("{}:{}", path(), where_)
                                                                  : fmt::format("{}: {} {}", path(), position_word(), where_);
  if (column < columns().size()) where += fmt::format(": column {}", columns()[column]);
  return where;
}

CsvFileWriter::CsvFileWriter(std::string path) : path_(std::move(path)), tmp_(path_ + ".partial") {
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_) throw UserError(fmt::format("cannot write {}: {}", tmp_, std::strerror(errno)));
}

CsvFileWriter::~CsvFileWriter() {
  if (f_) {
    std::fclose(f_);
    std::remove(tmp_.c_str());
  }
}

void CsvFileWriter::row(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csv_field(fields[i]);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), f_);
  ++rows_;
}

void CsvFileWriter::commit() {
  bool ok = std::ferror(f_) == 0;
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  if (!ok || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    std::remove(tmp_.c_str());
    throw UserError(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
  }
}

}  // namespace tradedig::cli
