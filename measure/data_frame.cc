// DataFrame: columns loaded from files or the store, numbers as doubles, text factorised.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "db/connection.h"
#include "db/export.h"
#include "db/schema.h"
#include "db/table_reader.h"
#include "measure/estimate.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// R writes NA, Stata writes "." for missing; both appear in files users hand us.
bool is_missing_cell(std::string_view s) {
  s = trim(s);
  return s.empty() || s == "NA" || s == "." || s == "NaN";
}

}  // namespace

const Column* DataFrame::find(const std::string& name) const {
  for (const auto& c : columns_)
    if (c.name == name) return &c;
  return nullptr;
}

void DataFrame::add_numeric_column(const std::string& name, std::vector<double> values) {
  if (rows_ >= 0 && static_cast<int64_t>(values.size()) != rows_)
    throw UserError(fmt::format("Column {} has {} rows but the data have {}.", name, values.size(), rows_));
  rows_ = static_cast<int64_t>(values.size());
  Column c;
  c.name = name;
  c.values = std::move(values);
  for (auto& existing : columns_)
    if (existing.name == name) {
      existing = std::move(c);
      return;
    }
  columns_.push_back(std::move(c));
}

void DataFrame::add_text_column(const std::string& name, const std::vector<std::string>& cells) {
  std::vector<double> nums(cells.size(), kNaN);
  bool numeric = true;
  for (size_t i = 0; i < cells.size() && numeric; ++i) {
    if (is_missing_cell(cells[i])) continue;
    auto v = parse_double(trim(cells[i]));
    if (v) nums[i] = *v;
    else numeric = false;
  }
  if (numeric) {
    add_numeric_column(name, std::move(nums));
    return;
  }
  if (rows_ >= 0 && static_cast<int64_t>(cells.size()) != rows_)
    throw UserError(fmt::format("Column {} has {} rows but the data have {}.", name, cells.size(), rows_));
  rows_ = static_cast<int64_t>(cells.size());
  Column c;
  c.name = name;
  c.numeric = false;
  c.codes.resize(cells.size());
  std::unordered_map<std::string, int32_t> index;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (is_missing_cell(cells[i])) {
      c.codes[i] = -1;
      continue;
    }
    auto [it, added] = index.emplace(cells[i], static_cast<int32_t>(c.levels.size()));
    if (added) c.levels.push_back(cells[i]);
    c.codes[i] = it->second;
  }
  columns_.push_back(std::move(c));
}

std::vector<int32_t> factor_codes(const Column& c, int32_t* n_levels) {
  if (!c.numeric) {
    *n_levels = static_cast<int32_t>(c.levels.size());
    return c.codes;
  }
  std::vector<double> distinct;
  for (double v : c.values)
    if (!std::isnan(v)) distinct.push_back(v);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<int32_t> codes(c.values.size(), -1);
  for (size_t i = 0; i < c.values.size(); ++i) {
    if (std::isnan(c.values[i])) continue;
    codes[i] = static_cast<int32_t>(std::lower_bound(distinct.begin(), distinct.end(), c.values[i]) - distinct.begin());
  }
  *n_levels = static_cast<int32_t>(distinct.size());
  return codes;
}

DataFrame load_file(const std::string& path) {
  auto reader = db::open_table(path);
  const auto& names = reader->columns();
  std::vector<std::vector<std::string>> cells(names.size());
  std::vector<std::string_view> fields;
  int64_t where = 0;
  while (reader->next(fields, where)) {
    if (fields.size() != names.size())
      throw UserError(fmt::format("{}:{}: expected {} fields but found {}.", path, where, names.size(), fields.size()));
    for (size_t j = 0; j < fields.size(); ++j) cells[j].emplace_back(fields[j]);
  }
  DataFrame d;
  for (size_t j = 0; j < names.size(); ++j) {
    // R's write.csv adds an unnamed row-number column; it is data like any other.
    std::string name = names[j].empty() ? fmt::format("column{}", j + 1) : names[j];
    d.add_text_column(name, cells[j]);
    std::vector<std::string>().swap(cells[j]);
  }
  return d;
}

DataFrame load_store_table(const db::Connection& c, const std::string& name) {
  auto stmt = c.prepare(db::select_all_sql(c, name));
  int ncol = stmt.column_count();
  std::vector<std::vector<std::string>> cells(static_cast<size_t>(ncol));
  while (stmt.step()) {
    for (int j = 0; j < ncol; ++j)
      cells[static_cast<size_t>(j)].emplace_back(stmt.is_null(j) ? std::string() : stmt.column_string(j));
  }
  DataFrame d;
  for (int j = 0; j < ncol; ++j) d.add_text_column(stmt.column_name(j), cells[static_cast<size_t>(j)]);
  return d;
}

DataFrame load_data(const std::string& source, const std::string& db_path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(source, ec)) return load_file(source);
  if (!std::filesystem::exists(db_path, ec))
    throw UserError(fmt::format("{} is neither a file nor a table of a store (no store at {}).", source, db_path));
  db::Connection c = db::open_store(db_path, /*must_exist=*/true);
  return load_store_table(c, source);
}

}  // namespace tradedig::measure
