#include "measure/row_subset.h"

#include <fmt/format.h>

#include "util/error.h"

namespace tradedig::measure {

DataFrame select_rows(const DataFrame& d, const std::vector<int64_t>& rows) {
  for (int64_t r : rows)
    if (r < 0 || r >= d.rows()) throw UserError(fmt::format("Row {} is outside the data (0..{}).", r, d.rows() - 1));
  DataFrame out;
  for (const Column& c : d.columns()) {
    if (c.numeric) {
      std::vector<double> v(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) v[i] = c.values[static_cast<size_t>(rows[i])];
      out.add_numeric_column(c.name, std::move(v));
      continue;
    }
    std::vector<std::string> cells(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      const int32_t code = c.codes[static_cast<size_t>(rows[i])];
      if (code >= 0) cells[i] = c.levels[static_cast<size_t>(code)];
    }
    out.add_text_column(c.name, cells);
  }
  return out;
}

}  // namespace tradedig::measure
