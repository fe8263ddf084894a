// Variable labels: the store's var_labels, a name,label CSV file, and their use on coefficient names.
#include "measure/variable_labels.h"

#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "db/connection.h"
#include "db/table_reader.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

// Splits "a:b::2:c" at the single colons of an interaction, keeping the "::" of i() dummies.
std::vector<std::string> interaction_parts(const std::string& name) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == ':' && i + 1 < name.size() && name[i + 1] == ':') {
      parts.back() += "::";
      ++i;
    } else if (name[i] == ':') {
      parts.emplace_back();
    } else {
      parts.back() += name[i];
    }
  }
  return parts;
}

}  // namespace

VariableLabels store_labels(const db::Connection& c, const std::string& table) {
  if (!c.table_exists(table))
    throw UserError(fmt::format("The store has no table or view {} to take labels from.", table));
  VariableLabels out;
  auto q = c.prepare("SELECT col, label FROM var_labels WHERE tbl = ? AND label <> ''");
  q.bind(1, table);
  while (q.step()) out[q.column_string(0)] = q.column_string(1);
  return out;
}

VariableLabels read_labels_file(const std::string& path) {
  auto reader = db::open_table(path);
  const auto& cols = reader->columns();
  int name_col = -1, label_col = -1;
  for (size_t j = 0; j < cols.size(); ++j) {
    if (cols[j] == "name") name_col = static_cast<int>(j);
    if (cols[j] == "label") label_col = static_cast<int>(j);
  }
  if (name_col < 0 || label_col < 0)
    throw UserError(fmt::format("The labels file {} needs a header with the columns name and label.", path));
  VariableLabels out;
  std::vector<std::string_view> fields;
  int64_t where = 0;
  while (reader->next(fields, where)) {
    auto cell = [&](int j) {
      const auto k = static_cast<size_t>(j);
      return k < fields.size() ? std::string(fields[k]) : std::string();
    };
    std::string name = cell(name_col), label = cell(label_col);
    if (name.empty() || label.empty()) continue;
    if (!out.emplace(name, label).second)
      throw UserError(fmt::format("{}:{} labels {} a second time.", path, where, name));
  }
  return out;
}

std::string coefficient_label(const std::string& name, const VariableLabels& labels) {
  if (labels.empty()) return name;
  if (auto it = labels.find(name); it != labels.end()) return it->second;
  bool any = false;
  std::string out;
  for (const auto& part : interaction_parts(name)) {
    std::string shown = part;
    if (auto it = labels.find(part); it != labels.end()) {
      shown = it->second;
      any = true;
    } else if (size_t sep = part.find("::"); sep != std::string::npos) {
      if (auto v = labels.find(part.substr(0, sep)); v != labels.end()) {
        shown = v->second + " = " + part.substr(sep + 2);
        any = true;
      }
    }
    out += (out.empty() ? "" : " × ") + shown;
  }
  return any ? out : name;
}

}  // namespace tradedig::measure
