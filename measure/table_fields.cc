#include "measure/table_fields.h"

#include <fmt/format.h>

#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

int column_named(const std::vector<std::string>& header, std::string_view name) {
  name = trim(name);
  for (size_t j = 0; j < header.size(); ++j)
    if (trim(header[j]) == name) return static_cast<int>(j);
  for (size_t j = 0; j < header.size(); ++j)
    if (iequals(trim(header[j]), name)) return static_cast<int>(j);
  return -1;
}

std::string listing(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < 30; ++i) s += (i ? ", " : "") + items[i];
  if (items.size() > 30) s += ", ...";
  return s;
}

}  // namespace

std::vector<int> resolve_fields(const std::vector<std::string>& header, const std::vector<db::FieldSpec>& fields,
                                const db::ColumnMapping& mapping, const std::string& path) {
  std::vector<int> col(fields.size(), -1);
  std::vector<bool> used(header.size(), false);
  for (const auto& [target, column] : mapping) {
    size_t i = 0;
    while (i < fields.size() && fields[i].target != target) ++i;
    if (i == fields.size()) {
      std::vector<std::string> names;
      for (const auto& f : fields) names.push_back(f.target);
      throw UserError(fmt::format("--map: '{}' is not a field here; fields are: {}", target, listing(names)));
    }
    const int j = column_named(header, column);
    if (j < 0)
      throw UserError(fmt::format("--map {}={}: {} has no column '{}'; its columns are: {}", target, column, path,
                                  column, listing(header)));
    col[i] = j;
    used[static_cast<size_t>(j)] = true;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (col[i] >= 0) continue;
    for (const auto& alias : fields[i].aliases) {
      const int j = column_named(header, alias);
      if (j >= 0 && !used[static_cast<size_t>(j)]) {
        col[i] = j;
        used[static_cast<size_t>(j)] = true;
        break;
      }
    }
    if (col[i] < 0 && fields[i].required)
      throw UserError(fmt::format("{} has no column for {} ({}); its columns are: {}. Name it with --map {}=COLUMN",
                                  path, fields[i].target, fields[i].help, listing(header), fields[i].target));
  }
  return col;
}

std::string_view cell_at(const std::vector<std::string_view>& row, int col) {
  return col >= 0 && static_cast<size_t>(col) < row.size() ? trim(row[static_cast<size_t>(col)]) : std::string_view();
}

std::string position_of(const db::TableReader& reader, int64_t where) {
  if (std::string_view(reader.position_word()) == "line") return fmt::format("{}:{}", reader.path(), where);
  return fmt::format("{}, {} {}", reader.path(), reader.position_word(), where);
}

bool is_missing_cell(std::string_view s) {
  s = trim(s);
  return s.empty() || s == "." || s == ".." || iequals(s, "NA") || iequals(s, "N/A") || iequals(s, "NaN") ||
         iequals(s, "NULL");
}

}  // namespace tradedig::measure
