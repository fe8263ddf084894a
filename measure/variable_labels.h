// Variable labels for regression tables (TableOptions::labels): read from the store's
// `var_labels` table or from a CSV file, and applied to coefficient names.
//
// Example:
//   TableOptions to;
//   to.labels = store_labels(conn, "v_firm_year_panel");        // {"lndig": "ln(dig_tr)", ...}
//   for (auto& [k, v] : read_labels_file("labels.csv")) to.labels[k] = v;  // the file wins
//   render_table(models, TableFormat::kLatex, to);
#pragma once
#include <map>
#include <string>

namespace tradedig::db {
class Connection;
}

namespace tradedig::measure {

using VariableLabels = std::map<std::string, std::string>;

// The labels the store keeps for the columns of table or view `table` (var_labels rows with
// tbl = table); empty when it has none. Throws UserError when `table` is neither a table nor a view.
VariableLabels store_labels(const db::Connection& c, const std::string& table);

// A CSV (or TSV) file with a header naming columns `name` and `label`, one variable a row, e.g.
//   name,label
//   lndig,Trade digitization (log)
//   (Intercept),Constant
// Rows with an empty label are skipped. Throws UserError when the file cannot be read, lacks the
// two columns, or labels a name twice.
VariableLabels read_labels_file(const std::string& path);

// How a coefficient is shown (esttab `label` / etable `dict` rules): the label of the whole name
// when there is one; else each factor of an interaction "a:b" labelled on its own and joined by
// " × ", with an i() dummy "var::level" shown as "label(var) = level". A name with no labelled
// part is returned unchanged.
//   coefficient_label("x:year::2015", {{"x", "Exports"}, {"year", "Year"}}) == "Exports × Year = 2015"
std::string coefficient_label(const std::string& name, const VariableLabels& labels);

}  // namespace tradedig::measure
