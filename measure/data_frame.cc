// DataFrame: columns loaded from files or the store, numbers as doubles, text factorised.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "db/connection.h"
#include "db/export.h"
#include "db/schema.h"
#include "db/table_reader.h"
#include "measure/column_builder.h"
#include "util/error.h"
#include "util/huge_pages.h"
#include "util/parallel_for.h"
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
  Column c;
  c.name = name;
  c.values = std::move(values);
  add_column(std::move(c));
}

void DataFrame::add_column(Column c) {
  const int64_t n = static_cast<int64_t>(c.numeric ? c.values.size() : c.codes.size());
  if (rows_ >= 0 && n != rows_)
    throw UserError(fmt::format("Column {} has {} rows but the data have {}.", c.name, n, rows_));
  rows_ = n;
  for (auto& existing : columns_)
    if (existing.name == c.name) {
      existing = std::move(c);
      return;
    }
  columns_.push_back(std::move(c));
}

void DataFrame::add_text_column(const std::string& name, const std::vector<std::string>& cells) {
  auto build = [&](bool text) {
    ColumnBuilder b(text);
    for (const auto& cell : cells) b.add(cell);
    return b;
  };
  ColumnBuilder b = build(false);
  if (b.needs_text_pass()) b = build(true);
  add_column(b.finish(name));
}

ColumnBuilder::ColumnBuilder(bool text) : numeric_(!text) {}

void ColumnBuilder::reserve(size_t rows) {
  if (numeric_) {
    values_.reserve(rows);
    util::advise_huge_pages(values_.data(), values_.capacity() * sizeof(double));
  } else {
    codes_.reserve(rows);
  }
}

void ColumnBuilder::add(std::string_view cell) {
  if (numeric_) {
    if (is_missing_cell(cell)) {
      values_.push_back(kNaN);
      return;
    }
    if (auto v = parse_double(cell)) {
      values_.push_back(*v);
      seen_number_ = true;
      return;
    }
    // The first cell that is not a number makes the column text. Numbers before it were not kept
    // as text, so then the caller reads the column again (needs_text_pass); else only missing
    // cells came before and they become missing codes.
    numeric_ = false;
    needs_text_pass_ = seen_number_;
    codes_.assign(needs_text_pass_ ? 0 : values_.size(), -1);
    std::vector<double>().swap(values_);
  }
  if (needs_text_pass_) return;
  if (is_missing_cell(cell)) {
    codes_.push_back(-1);
    return;
  }
  auto it = index_.find(cell);
  if (it == index_.end()) {
    it = index_.emplace(std::string(cell), static_cast<int32_t>(levels_.size())).first;
    levels_.emplace_back(cell);
  }
  codes_.push_back(it->second);
}

Column ColumnBuilder::finish(const std::string& name) {
  Column c;
  c.name = name;
  c.numeric = numeric_;
  c.values = std::move(values_);
  c.codes = std::move(codes_);
  c.levels = std::move(levels_);
  return c;
}

std::vector<int32_t> factor_codes(const Column& c, int32_t* n_levels) {
  if (!c.numeric) {
    *n_levels = static_cast<int32_t>(c.levels.size());
    return c.codes;
  }
  std::vector<int32_t> codes(c.values.size(), -1);
  // Integer ids over a range not much wider than the data (firm ids, years, codes): the codes come
  // from a presence table in linear time, in the same sorted order as the general path below.
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  bool integral = true;
  for (double v : c.values) {
    if (std::isnan(v)) continue;
    integral = integral && v == std::floor(v);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (integral && lo <= hi && hi - lo < 4.0 * static_cast<double>(c.values.size()) + 1024) {
    std::vector<int32_t> code_of(static_cast<size_t>(hi - lo) + 1, 0);
    for (double v : c.values)
      if (!std::isnan(v)) code_of[static_cast<size_t>(v - lo)] = 1;
    int32_t next = 0;
    for (int32_t& x : code_of) x = x ? next++ : -1;
    for (size_t i = 0; i < c.values.size(); ++i)
      if (!std::isnan(c.values[i])) codes[i] = code_of[static_cast<size_t>(c.values[i] - lo)];
    *n_levels = next;
    return codes;
  }
  std::vector<double> distinct;
  for (double v : c.values)
    if (!std::isnan(v)) distinct.push_back(v);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (size_t i = 0; i < c.values.size(); ++i) {
    if (std::isnan(c.values[i])) continue;
    codes[i] = static_cast<int32_t>(std::lower_bound(distinct.begin(), distinct.end(), c.values[i]) - distinct.begin());
  }
  *n_levels = static_cast<int32_t>(distinct.size());
  return codes;
}

namespace {

// Rows read but not yet parsed: the cells' bytes back to back, row by row.
struct RowBatch {
  std::string bytes;
  std::vector<size_t> end;  // end of cell (row r, column j) at r * columns + j
  size_t rows = 0;
  bool ended = false;       // the source has no more rows
  std::string_view cell(size_t r, size_t j, size_t columns) const {
    const size_t k = r * columns + j, begin = k == 0 ? 0 : end[k - 1];
    return std::string_view(bytes).substr(begin, end[k] - begin);
  }
};

// Reads up to `max_rows` rows into `b`; false when the source had none left. The source is not
// asked again once it has said it ended (a finished SQLite statement would start over).
bool read_batch(const RowSource& next, size_t columns, size_t max_rows, std::vector<std::string_view>& fields,
                RowBatch& b) {
  b.bytes.clear();
  b.end.clear();
  b.rows = 0;
  while (!b.ended && b.rows < max_rows) {
    if (!next(fields)) {
      b.ended = true;
      break;
    }
    for (size_t j = 0; j < columns; ++j) {
      b.bytes.append(fields[j]);
      b.end.push_back(b.bytes.size());
    }
    ++b.rows;
  }
  return b.rows > 0;
}

}  // namespace

DataFrame frame_from_rows(const std::vector<std::string>& names, const std::function<RowSource()>& open,
                          const std::function<size_t(size_t)>& expected_rows) {
  // The source is read in batches of rows; each batch's cells are parsed one column per thread
  // (number parsing, not reading, is where the time goes).
  constexpr size_t kBatchRows = 32768;
  const size_t ncol = names.size();
  std::vector<ColumnBuilder> cols(ncol);
  std::vector<std::string_view> fields;
  RowBatch batch;
  auto parse = [&](const std::vector<size_t>& which) {
    util::parallel_for(which.size(), [&](size_t k) {
      const size_t j = which[k];
      for (size_t r = 0; r < batch.rows; ++r) cols[j].add(batch.cell(r, j, ncol));
    });
  };
  std::vector<size_t> all(ncol);
  for (size_t j = 0; j < ncol; ++j) all[j] = j;
  {
    RowSource next = open();
    for (size_t read = 0; read_batch(next, ncol, kBatchRows, fields, batch);) {
      if (read == 0 && expected_rows) {
        const size_t expect = expected_rows(batch.rows);
        for (auto& c : cols) c.reserve(expect);
      }
      read += batch.rows;
      parse(all);
    }
  }
  std::vector<size_t> again;
  for (size_t j = 0; j < ncol; ++j)
    if (cols[j].needs_text_pass()) {
      cols[j] = ColumnBuilder(/*text=*/true);
      again.push_back(j);
    }
  if (!again.empty()) {
    RowSource next = open();
    batch.ended = false;
    while (read_batch(next, ncol, kBatchRows, fields, batch)) parse(again);
  }
  DataFrame d;
  for (size_t j = 0; j < ncol; ++j) {
    d.add_column(cols[j].finish(names[j]));
    cols[j] = ColumnBuilder();
  }
  return d;
}

DataFrame load_file(const std::string& path) {
  std::vector<std::string> names = db::open_table(path)->columns();
  // R's write.csv adds an unnamed row-number column; it is data like any other.
  for (size_t j = 0; j < names.size(); ++j)
    if (names[j].empty()) names[j] = fmt::format("column{}", j + 1);
  std::unique_ptr<db::TableReader> reader;
  return frame_from_rows(names, [&]() -> RowSource {
    reader = db::open_table(path);
    return [&](std::vector<std::string_view>& fields) {
      int64_t where = 0;
      if (!reader->next(fields, where)) return false;
      if (fields.size() != names.size())
        throw UserError(fmt::format("{}:{}: expected {} fields but found {}.", path, where, names.size(), fields.size()));
      return true;
    };
  }, [&](size_t rows_read) {
    // Bytes per row so far, plus 2 %: rows vary in length; an underestimate only costs a regrowth.
    const double done = static_cast<double>(reader->progress_done()), total = static_cast<double>(reader->progress_total());
    return done > 0 && total >= done ? static_cast<size_t>(static_cast<double>(rows_read) * total / done * 1.02) + 16 : 0;
  });
}

DataFrame load_store_table(const db::Connection& c, const std::string& name) {
  const std::string sql = db::select_all_sql(c, name);
  std::vector<std::string> names;
  {
    auto stmt = c.prepare(sql);
    for (int j = 0; j < stmt.column_count(); ++j) names.push_back(stmt.column_name(j));
  }
  std::optional<db::Statement> stmt;
  std::vector<std::string> cells(names.size());
  return frame_from_rows(names, [&]() -> RowSource {
    stmt.emplace(c.prepare(sql));
    return [&](std::vector<std::string_view>& fields) {
      if (!stmt->step()) return false;
      fields.resize(names.size());
      for (size_t j = 0; j < names.size(); ++j) {
        const int col = static_cast<int>(j);
        cells[j] = stmt->is_null(col) ? std::string() : stmt->column_string(col);
        fields[j] = cells[j];
      }
      return true;
    };
  });
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
