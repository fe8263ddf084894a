#include "db/import.h"

#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "db/batched_reader.h"
#include "db/import_sink.h"
#include "util/csv_field.h"
#include "util/parse.h"
#include "util/progress.h"

namespace tradedig::db {
namespace {

constexpr size_t kMaxReportedProblems = 20;


// Writes rejected rows: the original columns, then _line, _column, _reason.
class RejectsWriter {
 public:
  RejectsWriter(const std::string& path, const std::vector<std::string>& columns, const char* pos_word) {
    f_ = std::fopen(path.c_str(), "wb");
    if (!f_) throw UserError(fmt::format("cannot write rejects file {}", path));
    std::string line;
    for (const auto& c : columns) line += csv_field(c) + ",";
    line += fmt::format("_{},_column,_reason\n", pos_word);
    std::fputs(line.c_str(), f_);
  }
  ~RejectsWriter() {
    if (f_) std::fclose(f_);
  }
  void write(const std::vector<std::string_view>& fields, const RowProblem& p) {
    std::string line;
    for (auto f : fields) line += csv_field(f) + ",";
    line += fmt::format("{},{},{}\n", p.where, csv_field(p.column), csv_field(p.reason));
    std::fputs(line.c_str(), f_);
  }

 private:
  std::FILE* f_ = nullptr;
};

const char* type_word(FieldType t) {
  switch (t) {
    case FieldType::kInt: return "a whole number";
    case FieldType::kReal: return "a number";
    case FieldType::kYear: return "a year (1800-2200) or a date";
    case FieldType::kMonth: return "a month (1-12)";
    case FieldType::kDate: return "a date (YYYY-MM-DD, YYYY/M/D, YYYYMMDD)";
    case FieldType::kHsCode: return "an HS code of 2-10 digits";
    case FieldType::kText: return "text";
  }
  return "a value";
}

// Checks one field's text against its type; fills num/norm. Returns false when invalid.
bool check_type(FieldType t, std::string_view v, std::optional<double>& num, std::string& norm) {
  switch (t) {
    case FieldType::kText: return true;
    case FieldType::kInt: {
      auto x = parse_int(v);
      if (!x) return false;
      num = static_cast<double>(*x);
      return true;
    }
    case FieldType::kReal: {
      auto x = parse_double(v);
      if (!x) return false;
      num = *x;
      return true;
    }
    case FieldType::kYear: {
      auto y = parse_year(v);
      if (!y) return false;
      num = *y;
      return true;
    }
    case FieldType::kMonth: {
      auto m = parse_int(v);
      if (!m || *m < 1 || *m > 12) return false;
      num = static_cast<double>(*m);
      return true;
    }
    case FieldType::kDate: {
      auto d = parse_date(v);
      if (!d) return false;
      if (*d != v) norm = *d;
      return true;
    }
    case FieldType::kHsCode: {
      // A numeric column (Stata, Excel) may have turned "01012100" into 1012100 or 1012100.0.
      std::string_view digits = v;
      if (auto dot = digits.find('.'); dot != std::string_view::npos &&
                                       digits.substr(dot + 1).find_first_not_of('0') == std::string_view::npos)
        digits = digits.substr(0, dot);
      if (digits.size() < 1 || digits.size() > 10 || digits.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
      // HS codes have an even number of digits: an odd count means a lost leading zero.
      if (digits.size() % 2 == 1) norm = "0" + std::string(digits);
      else if (digits.size() != v.size()) norm = std::string(digits);
      return (digits.size() + (digits.size() % 2)) >= 2;
    }
  }
  return false;
}

std::string header_list(const std::vector<std::string>& cols) {
  std::string s;
  for (size_t i = 0; i < cols.size() && i < 30; ++i) s += (i ? ", " : "") + cols[i];
  if (cols.size() > 30) s += ", ...";
  return s;
}

// Infers membership | icp | domain from the header when the user did not say.
std::string infer_observation_kind(const std::vector<std::string>& header, const ColumnMapping& mapping) {
  auto has = [&](const std::vector<FieldSpec>& specs, const std::string& target) {
    for (const auto& [t, c] : mapping)
      if (t == target) return true;
    for (const auto& s : specs)
      if (s.target == target)
        for (const auto& a : s.aliases)
          for (const auto& h : header)
            if (iequals(a, h)) return true;
    return false;
  };
  if (has(field_specs(ImportKind::kObservations, "icp"), "licence")) return "icp";
  if (has(field_specs(ImportKind::kObservations, "domain"), "registered_at")) return "domain";
  return "membership";
}

}  // namespace

ImportKind parse_import_kind(std::string_view name) {
  if (name == "firms") return ImportKind::kFirms;
  if (name == "customs") return ImportKind::kCustoms;
  if (name == "observations") return ImportKind::kObservations;
  throw UserError(fmt::format("unknown import kind '{}': use firms, customs or observations", name));
}

const char* import_kind_name(ImportKind k) {
  switch (k) {
    case ImportKind::kFirms: return "firms";
    case ImportKind::kCustoms: return "customs";
    case ImportKind::kObservations: return "observations";
  }
  return "?";
}

ColumnMapping parse_mapping(std::string_view text) {
  ColumnMapping out;
  for (const auto& piece : split_any(text, {",", ";"})) {
    auto eq = piece.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == piece.size())
      throw UserError(fmt::format("bad --map entry '{}': expected target=column, e.g. name_zh=企业名称", piece));
    out.emplace_back(std::string(trim(std::string_view(piece).substr(0, eq))),
                     std::string(trim(std::string_view(piece).substr(eq + 1))));
  }
  return out;
}

std::string describe_problem(const ImportReport& r, const RowProblem& p) {
  std::string where = r.position_word == std::string_view("line") ? fmt::format("{}:{}", r.path, p.where)
                                                                   : fmt::format("{}, {} {}", r.path, r.position_word, p.where);
  if (p.column.empty()) return fmt::format("{}: {}", where, p.reason);
  return fmt::format("{}: column {}: {}", where, p.column, p.reason);
}

ImportReport import_table(Connection& c, ImportKind kind, const std::string& path, const ImportOptions& opts) {
  ImportReport rep;
  rep.path = path;
  rep.kind = import_kind_name(kind);
  auto reader = open_table(path, opts.read);
  rep.encoding = reader->encoding();
  rep.position_word = reader->position_word();
  const auto& header = reader->columns();

  std::string obs_kind = opts.observation_kind;
  if (kind == ImportKind::kObservations && obs_kind.empty()) obs_kind = infer_observation_kind(header, opts.mapping);
  const std::vector<FieldSpec> specs = field_specs(kind, obs_kind.empty() ? "membership" : obs_kind);
  if (kind == ImportKind::kObservations) rep.kind += ":" + obs_kind;

  // Resolve each field to a column index.
  std::vector<int> col_of(specs.size(), -1);
  auto find_col = [&](std::string_view name) -> int {
    for (size_t j = 0; j < header.size(); ++j)
      if (header[j] == name) return static_cast<int>(j);
    for (size_t j = 0; j < header.size(); ++j)
      if (iequals(header[j], name)) return static_cast<int>(j);
    return -1;
  };
  for (const auto& [target, column] : opts.mapping) {
    size_t i = 0;
    while (i < specs.size() && specs[i].target != target) ++i;
    if (i == specs.size()) {
      std::string names;
      for (const auto& s : specs) names += (names.empty() ? "" : ", ") + s.target;
      throw UserError(fmt::format("--map: '{}' is not a field of a {} import; fields are: {}", target, rep.kind, names));
    }
    int j = find_col(column);
    if (j < 0) throw UserError(fmt::format("--map {}={}: {} has no column '{}'; its columns are: {}", target, column, path,
                                           column, header_list(header)));
    col_of[i] = j;
  }
  std::vector<bool> used(header.size(), false);
  for (int j : col_of)
    if (j >= 0) used[static_cast<size_t>(j)] = true;
  for (size_t i = 0; i < specs.size(); ++i) {
    if (col_of[i] >= 0) continue;
    for (const auto& alias : specs[i].aliases) {
      int j = find_col(alias);
      if (j >= 0 && !used[static_cast<size_t>(j)]) {
        col_of[i] = j;
        used[static_cast<size_t>(j)] = true;
        break;
      }
    }
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (col_of[i] >= 0) rep.mapping_used.emplace_back(specs[i].target, header[static_cast<size_t>(col_of[i])]);
    else if (specs[i].required && !(kind == ImportKind::kCustoms && specs[i].target == "year"))
      throw UserError(fmt::format("{} has no column for {} ({}); its columns are: {}. Name it with --map {}=COLUMN",
                                  path, specs[i].target, specs[i].help, header_list(header), specs[i].target));
  }
  if (kind == ImportKind::kCustoms && col_of[field_index(specs, "year")] < 0 && col_of[field_index(specs, "date")] < 0)
    throw UserError(fmt::format("{} has no year or date column; its columns are: {}. Name one with --map year=COLUMN",
                                path, header_list(header)));
  std::vector<size_t> extra_cols;
  for (size_t j = 0; j < header.size(); ++j)
    if (!used[j]) {
      extra_cols.push_back(j);
      rep.unused_columns.push_back(header[j]);
    }

  // Same bytes imported before?
  rep.sha256 = file_sha256(path);
  std::optional<int64_t> earlier;
  {
    auto st = c.prepare("SELECT import_id FROM imports WHERE kind = ? AND sha256 = ? ORDER BY import_id DESC LIMIT 1");
    st.bind_all(rep.kind, rep.sha256);
    if (st.step()) earlier = st.column_int(0);
  }
  if (earlier && !opts.force) {
    rep.already_imported = true;
    rep.import_id = *earlier;
    return rep;
  }

  std::unique_ptr<ImportSink> sink;
  switch (kind) {
    case ImportKind::kFirms: sink = make_firms_sink(specs); break;
    case ImportKind::kCustoms: sink = make_customs_sink(specs); break;
    case ImportKind::kObservations: sink = make_observations_sink(specs, obs_kind, opts.observation_source); break;
  }

  Transaction tx(c);
  if (earlier) {
    rep.replaced_rows = sink->remove_import(c, *earlier);
    auto del = c.prepare("DELETE FROM imports WHERE import_id = ?");
    del.bind(1, *earlier);
    del.run();
  }
  {
    std::string mapping_text;
    for (const auto& [t, col] : rep.mapping_used) mapping_text += (mapping_text.empty() ? "" : ",") + t + "=" + col;
    auto ins = c.prepare(
        "INSERT INTO imports(kind, path, sha256, encoding, mapping, rows_read, rows_landed, rows_rejected) "
        "VALUES (?,?,?,?,?,0,0,0)");
    ins.bind_all(rep.kind, std::filesystem::absolute(path).string(), rep.sha256, rep.encoding, mapping_text);
    ins.run();
    rep.import_id = c.last_insert_rowid();
  }
  std::vector<std::string> extra_names;
  for (size_t j : extra_cols) extra_names.push_back(header[j]);
  sink->begin(c, rep.import_id, extra_names);

  std::unique_ptr<RejectsWriter> rejects;
  if (!opts.rejects_path.empty()) rejects = std::make_unique<RejectsWriter>(opts.rejects_path, header, rep.position_word);

  Progress progress(fmt::format("import {}", rep.kind), rep.encoding == "dta" ? "rows" : "bytes", reader->progress_total());

  MappedRow row;
  row.text.resize(specs.size());
  row.num.resize(specs.size());
  row.norm.resize(specs.size());
  row.extra.resize(extra_cols.size());
  std::vector<std::string_view> fields;
  int64_t where = 0;
  uint64_t last_done = 0;
  bool writing = true;  // false once a bad row has doomed an all-or-nothing import

  auto reject = [&](RowProblem p) {
    ++rep.rows_rejected;
    if (rep.problems.size() < kMaxReportedProblems) rep.problems.push_back(p);
    if (rejects) rejects->write(fields, p);
    else writing = false;
  };

  BatchedReader rows(*reader);
  while (rows.next(fields, where)) {
    ++rep.rows_read;
    uint64_t done = rows.progress_done();
    progress.advance(done - last_done);
    last_done = done;
    row.where = where;
    if (fields.size() != header.size()) {
      reject({where, "", fmt::format("has {} fields; the header has {}", fields.size(), header.size())});
      continue;
    }
    std::optional<RowProblem> problem;
    for (size_t i = 0; i < specs.size(); ++i) {
      row.num[i].reset();
      row.norm[i].clear();
      row.text[i] = col_of[i] >= 0 ? trim(fields[static_cast<size_t>(col_of[i])]) : std::string_view();
      if (problem) continue;
      const std::string& colname = col_of[i] >= 0 ? header[static_cast<size_t>(col_of[i])] : specs[i].target;
      if (row.text[i].empty()) {
        if (specs[i].required) problem = RowProblem{where, colname, fmt::format("{} is missing", specs[i].target)};
        continue;
      }
      if (!check_type(specs[i].type, row.text[i], row.num[i], row.norm[i]))
        problem = RowProblem{where, colname, fmt::format("'{}' is not {}", row.text[i], type_word(specs[i].type))};
    }
    if (!problem) {
      for (size_t k = 0; k < extra_cols.size(); ++k) row.extra[k] = fields[extra_cols[k]];
      problem = sink->check(row);
      if (problem) {
        // Sinks name the target; report the file's column name where there is one.
        for (size_t i = 0; i < specs.size(); ++i)
          if (specs[i].target == problem->column && col_of[i] >= 0) problem->column = header[static_cast<size_t>(col_of[i])];
      }
    }
    if (problem) {
      reject(*problem);
      continue;
    }
    if (writing) {
      sink->write(row);
      ++rep.rows_landed;
    }
  }
  progress.finish();

  if (!writing) {
    const RowProblem& first = rep.problems.front();
    std::string msg = describe_problem(rep, first);
    if (rep.rows_rejected > 1) msg += fmt::format(" (and {} more bad rows)", rep.rows_rejected - 1);
    msg += "; nothing was imported. Fix the file, or pass --rejects FILE to import the good rows and set the bad ones aside";
    rep.rows_landed = 0;
    throw ImportRejected(msg, rep);  // the transaction rolls back
  }
  sink->finish(rep);
  {
    auto up = c.prepare("UPDATE imports SET rows_read = ?, rows_landed = ?, rows_rejected = ? WHERE import_id = ?");
    up.bind_all(rep.rows_read, rep.rows_landed, rep.rows_rejected, rep.import_id);
    up.run();
  }
  tx.commit();
  return rep;
}

}  // namespace tradedig::db
