// Stata .dta (format 118, Stata 14+, UTF-8) output through ReadStat. Two passes over the query:
// the first finds each column's narrowest Stata type and string width, the second writes.
#include <readstat.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <fmt/format.h>

#include "db/export.h"
#include "util/error.h"
#include "util/parse.h"
#include "util/progress.h"

namespace tradedig::db {
namespace {

constexpr size_t kMaxStr = 2045;  // longest str# in format 118; longer text becomes strL

struct ColumnPlan {
  std::string name;
  bool any_text = false, any_real = false, any_int = false, any_blob = false;
  int64_t min_int = 0, max_int = 0;
  size_t max_len = 0;
  readstat_type_t type = READSTAT_TYPE_DOUBLE;
  readstat_variable_t* var = nullptr;
};

std::string cut_utf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

// Stata names: letters (Unicode allowed), digits, _; not starting with a digit; at most 32
// characters; not a reserved word.
std::string stata_name(std::string_view in) {
  static const std::set<std::string> kReserved = {"_all", "_b", "byte", "_coef", "_cons", "double", "float", "if",
                                                  "in", "int", "long", "_n", "_N", "_pi", "_pred", "_rc", "_se",
                                                  "_skip", "str", "strL", "using", "with"};
  std::string out;
  for (unsigned char ch : in) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80;
    out += ok ? static_cast<char>(ch) : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out = "_" + out;
  // Keep at most 32 characters.
  size_t chars = 0, i = 0;
  for (; i < out.size(); ++i) {
    if ((static_cast<unsigned char>(out[i]) & 0xC0) != 0x80) {
      if (chars == 32) break;
      ++chars;
    }
  }
  out.resize(i);
  if (kReserved.count(out)) out += "_";
  return out;
}

ssize_t write_bytes(const void* data, size_t len, void* ctx) {
  return static_cast<ssize_t>(std::fwrite(data, 1, len, static_cast<std::FILE*>(ctx)));
}

void check(readstat_error_t err, const char* what) {
  if (err != READSTAT_OK) throw std::runtime_error(fmt::format("writing .dta ({}): {}", what, readstat_error_message(err)));
}

}  // namespace

ExportReport write_dta(const Connection& c, const std::string& sql, const std::string& path,
                       const std::string& label_table) {
  ExportReport rep;
  Statement st = [&] {
    try {
      return c.prepare(sql);
    } catch (const SqlError& e) {
      throw UserError(fmt::format("SQL error: {}", e.what()));
    }
  }();
  const int n = st.column_count();
  rep.columns = n;
  std::vector<ColumnPlan> cols(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) cols[static_cast<size_t>(i)].name = st.column_name(i);

  // Pass 1: types and widths.
  int64_t rows = 0;
  while (st.step()) {
    ++rows;
    for (int i = 0; i < n; ++i) {
      auto& p = cols[static_cast<size_t>(i)];
      switch (st.column_type(i)) {
        case ColumnType::kInteger: {
          int64_t v = st.column_int(i);
          if (!p.any_int) p.min_int = p.max_int = v;
          p.min_int = std::min(p.min_int, v);
          p.max_int = std::max(p.max_int, v);
          p.any_int = true;
          p.max_len = std::max(p.max_len, std::to_string(v).size());
          break;
        }
        case ColumnType::kReal:
          p.any_real = true;
          p.max_len = std::max(p.max_len, format_double(st.column_double(i)).size());
          break;
        case ColumnType::kText:
          p.any_text = true;
          p.max_len = std::max(p.max_len, st.column_text(i).size());
          break;
        case ColumnType::kBlob: p.any_blob = true; break;
        case ColumnType::kNull: break;
      }
    }
  }
  st.reset();

  // Labels for this table or view.
  std::map<std::string, std::string> labels;
  if (!label_table.empty()) {
    auto lq = c.prepare("SELECT col, label FROM var_labels WHERE tbl = ?");
    lq.bind(1, label_table);
    while (lq.step()) labels[lq.column_string(0)] = lq.column_string(1);
  }

  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw UserError(fmt::format("cannot write {}", path));
  readstat_writer_t* w = readstat_writer_init();
  struct Cleanup {
    readstat_writer_t* w;
    std::FILE* f;
    ~Cleanup() {
      readstat_writer_free(w);
      if (f) std::fclose(f);
    }
  } cleanup{w, f};
  check(readstat_set_data_writer(w, &write_bytes), "set writer");
  check(readstat_writer_set_file_format_version(w, 118), "format version");
  check(readstat_writer_set_file_label(w, cut_utf8(fmt::format("tradedig export: {}", label_table.empty() ? "query" : label_table), 80).c_str()),
        "file label");

  std::set<std::string> used_names;
  std::vector<int> written;  // query columns that are written
  for (int i = 0; i < n; ++i) {
    auto& p = cols[static_cast<size_t>(i)];
    if (p.any_blob) {
      rep.notes.push_back(fmt::format("column {} holds binary data and was left out", p.name));
      continue;
    }
    std::string name = stata_name(p.name);
    for (int k = 2; used_names.count(name); ++k) name = stata_name(fmt::format("{}_{}", p.name, k));
    used_names.insert(name);
    if (name != p.name) rep.notes.push_back(fmt::format("column {} is called {} in Stata", p.name, name));
    size_t width = 0;
    if (p.any_text) {
      // Mixed columns become strings; numbers keep their exact text.
      width = std::max<size_t>(1, p.max_len);
      p.type = width > kMaxStr ? READSTAT_TYPE_STRING_REF : READSTAT_TYPE_STRING;
      if (p.type == READSTAT_TYPE_STRING_REF) {
        width = 0;
        rep.notes.push_back(fmt::format("column {} has text longer than {} bytes; written as strL", p.name, kMaxStr));
      }
      if (p.any_int || p.any_real) rep.notes.push_back(fmt::format("column {} mixes text and numbers; written as text", p.name));
    } else if (p.any_real || !p.any_int) {
      p.type = READSTAT_TYPE_DOUBLE;
    } else if (p.min_int >= -127 && p.max_int <= 100) {
      p.type = READSTAT_TYPE_INT8;
    } else if (p.min_int >= -32767 && p.max_int <= 32740) {
      p.type = READSTAT_TYPE_INT16;
    } else if (p.min_int >= -2147483647LL && p.max_int <= 2147483620LL) {
      p.type = READSTAT_TYPE_INT32;
    } else {
      p.type = READSTAT_TYPE_DOUBLE;  // exact up to 2^53
      if (std::max(std::llabs(p.min_int), std::llabs(p.max_int)) > (1LL << 53))
        rep.notes.push_back(fmt::format("column {} has integers beyond 2^53; Stata's double cannot hold them exactly", p.name));
    }
    p.var = readstat_add_variable(w, name.c_str(), p.type, width);
    if (auto it = labels.find(p.name); it != labels.end()) readstat_variable_set_label(p.var, cut_utf8(it->second, 80).c_str());
    if (p.type == READSTAT_TYPE_DOUBLE) readstat_variable_set_format(p.var, "%10.0g");
    written.push_back(i);
  }
  // ReadStat writes the strL map with the header, so every long string is registered first.
  std::vector<readstat_string_ref_t*> refs;
  size_t next_ref = 0;
  bool any_strl = false;
  for (int i : written) any_strl |= cols[static_cast<size_t>(i)].type == READSTAT_TYPE_STRING_REF;
  if (any_strl) {
    while (st.step())
      for (int i : written)
        if (cols[static_cast<size_t>(i)].type == READSTAT_TYPE_STRING_REF && !st.is_null(i))
          refs.push_back(readstat_add_string_ref(w, st.column_string(i).c_str()));
    st.reset();
  }
  check(readstat_begin_writing_dta(w, f, static_cast<long>(rows)), "header");

  // Pass 2: the rows. The snapshot is the caller's read transaction, so the count is the same.
  Progress progress("export .dta", "rows", static_cast<uint64_t>(rows));
  int64_t rows2 = 0;
  while (st.step() && rows2 < rows) {
    ++rows2;
    check(readstat_begin_row(w), "row");
    for (int i : written) {
      auto& p = cols[static_cast<size_t>(i)];
      if (st.is_null(i)) {
        check(readstat_insert_missing_value(w, p.var), "missing");
        continue;
      }
      switch (p.type) {
        case READSTAT_TYPE_STRING: {
          std::string v = st.column_type(i) == ColumnType::kReal ? format_double(st.column_double(i)) : st.column_string(i);
          check(readstat_insert_string_value(w, p.var, v.c_str()), "string");
          break;
        }
        case READSTAT_TYPE_STRING_REF: {
          check(readstat_insert_string_ref(w, p.var, refs.at(next_ref++)), "strL");
          break;
        }
        case READSTAT_TYPE_INT8: check(readstat_insert_int8_value(w, p.var, static_cast<int8_t>(st.column_int(i))), "byte"); break;
        case READSTAT_TYPE_INT16: check(readstat_insert_int16_value(w, p.var, static_cast<int16_t>(st.column_int(i))), "int"); break;
        case READSTAT_TYPE_INT32: check(readstat_insert_int32_value(w, p.var, static_cast<int32_t>(st.column_int(i))), "long"); break;
        default: check(readstat_insert_double_value(w, p.var, st.column_double(i)), "double"); break;
      }
    }
    check(readstat_end_row(w), "row end");
    progress.advance();
  }
  check(readstat_end_writing(w), "finish");
  bool ok = std::fflush(f) == 0;
  ok = std::fclose(f) == 0 && ok;
  cleanup.f = nullptr;
  if (!ok) throw UserError(fmt::format("writing {} failed (disk full?)", path));
  progress.finish();
  rep.rows = rows;
  return rep;
}

}  // namespace tradedig::db
