// select_columns: rebuilds the chosen columns through the public DataFrame interface.
#include <algorithm>

#include <fmt/format.h>

#include "measure/data_frame_select.h"
#include "util/error.h"

namespace tradedig::measure {

DataFrame select_columns(const DataFrame& d, const std::vector<std::string>& names) {
  DataFrame out;
  std::vector<std::string> done;
  for (const auto& name : names) {
    if (std::find(done.begin(), done.end(), name) != done.end()) continue;
    done.push_back(name);
    const Column* c = d.find(name);
    if (!c) throw UserError(fmt::format("The variable {} is not in the data.", name));
    if (c->numeric) {
      out.add_numeric_column(name, c->values);
      continue;
    }
    // The same cells in the same order give the same levels in the same order.
    std::vector<std::string> cells(c->codes.size());
    for (size_t i = 0; i < cells.size(); ++i)
      if (c->codes[i] >= 0) cells[i] = c->levels[static_cast<size_t>(c->codes[i])];
    out.add_text_column(name, cells);
  }
  return out;
}

}  // namespace tradedig::measure
