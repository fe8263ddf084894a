#include "db/export.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "util/csv_field.h"
#include "util/error.h"
#include "util/parse.h"
#include "util/progress.h"

namespace tradedig::db {

ExportReport write_dta(const Connection& c, const std::string& sql, const std::string& path,
                       const std::string& label_table);  // dta_writer.cc

namespace {

Statement prepare_user_sql(const Connection& c, const std::string& sql) {
  try {
    return c.prepare(sql);
  } catch (const SqlError& e) {
    throw UserError(fmt::format("SQL error: {}", e.what()));
  }
}

std::string cell_text(const Statement& st, int i) {
  switch (st.column_type(i)) {
    case ColumnType::kReal: return format_double(st.column_double(i));
    case ColumnType::kBlob: return fmt::format("<{} bytes>", st.column_blob(i).size());
    default: return st.column_string(i);
  }
}


ExportReport write_csv(const Connection& c, const std::string& sql, const std::string& path) {
  ExportReport rep;
  Statement st = prepare_user_sql(c, sql);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw UserError(fmt::format("cannot write {}", path));
  std::string line;
  rep.columns = st.column_count();
  for (int i = 0; i < rep.columns; ++i) line += (i ? "," : "") + csv_field(st.column_name(i));
  line += '\n';
  Progress progress("export", "rows");
  try {
    while (st.step()) {
      for (int i = 0; i < rep.columns; ++i) {
        if (i) line += ',';
        if (st.column_type(i) == ColumnType::kBlob) continue;  // bodies are not CSV material
        if (!st.is_null(i)) line += csv_field(cell_text(st, i));
      }
      line += '\n';
      if (line.size() > (1 << 20)) {
        std::fwrite(line.data(), 1, line.size(), f);
        line.clear();
      }
      ++rep.rows;
      progress.advance();
    }
  } catch (const SqlError& e) {
    std::fclose(f);
    throw UserError(fmt::format("SQL error: {}", e.what()));
  }
  std::fwrite(line.data(), 1, line.size(), f);
  bool ok = std::fflush(f) == 0;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) throw UserError(fmt::format("writing {} failed (disk full?)", path));
  progress.finish();
  return rep;
}

}  // namespace

QueryResult run_query(const Connection& c, const std::string& sql, int64_t max_rows) {
  QueryResult r;
  Statement st = prepare_user_sql(c, sql);
  int n = st.column_count();
  for (int i = 0; i < n; ++i) r.columns.push_back(st.column_name(i));
  r.numeric.assign(static_cast<size_t>(n), true);
  std::vector<bool> any(static_cast<size_t>(n), false);
  try {
    while (st.step()) {
      if (max_rows >= 0 && static_cast<int64_t>(r.rows.size()) >= max_rows) {
        r.truncated = true;
        break;
      }
      auto& row = r.rows.emplace_back();
      for (int i = 0; i < n; ++i) {
        auto t = st.column_type(i);
        if (t == ColumnType::kNull) {
          row.emplace_back(std::nullopt);
          continue;
        }
        any[static_cast<size_t>(i)] = true;
        if (t != ColumnType::kInteger && t != ColumnType::kReal) r.numeric[static_cast<size_t>(i)] = false;
        row.emplace_back(cell_text(st, i));
      }
    }
  } catch (const SqlError& e) {
    throw UserError(fmt::format("SQL error: {}", e.what()));
  }
  for (int i = 0; i < n; ++i)
    if (!any[static_cast<size_t>(i)]) r.numeric[static_cast<size_t>(i)] = false;
  return r;
}

std::string select_all_sql(const Connection& c, const std::string& name) {
  if (!c.table_exists(name)) {
    std::string names;
    auto st = c.prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY type, name");
    while (st.step()) names += (names.empty() ? "" : ", ") + st.column_string(0);
    throw UserError(fmt::format("no table or view named '{}' in {}; there are: {}", name, c.path(), names));
  }
  return "SELECT * FROM " + quote_ident(name);
}

ExportFormat parse_export_format(const std::string& name) {
  std::string n = to_lower_ascii(name);
  if (n == "csv") return ExportFormat::kCsv;
  if (n == "dta" || n == "stata") return ExportFormat::kDta;
  throw UserError(fmt::format("unknown export format '{}': use csv or dta", name));
}

ExportReport export_query(Connection& c, const std::string& sql, ExportFormat format, const std::string& out_path,
                          const std::string& label_table) {
  namespace fs = std::filesystem;
  fs::path out(out_path);
  if (out.has_parent_path() && !fs::exists(out.parent_path()))
    throw UserError(fmt::format("cannot write {}: folder {} does not exist", out_path, out.parent_path().string()));
  std::string tmp = out_path + ".partial";
  // One snapshot for both passes of the .dta writer and for consistency with concurrent writers.
  c.exec("BEGIN");
  ExportReport rep;
  try {
    rep = format == ExportFormat::kCsv ? write_csv(c, sql, tmp) : write_dta(c, sql, tmp, label_table);
    c.exec("COMMIT");
  } catch (...) {
    c.exec("ROLLBACK");
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) throw UserError(fmt::format("cannot move {} into place: {}", out_path, ec.message()));
  return rep;
}

}  // namespace tradedig::db
