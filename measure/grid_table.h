// Plain grids of cells (a header, rows, a note below) rendered in the five table formats of
// render_table(): for tables that are not coefficient tables (balance tables, event-study paths).
#pragma once
#include <string>
#include <vector>

#include "measure/estimate.h"

namespace tradedig::measure {

// The first column is a left-aligned label, the others right-aligned. Cells are escaped for the
// format (LaTeX specials, HTML entities, CSV quoting). `note` is printed below (omitted in CSV).
std::string render_grid(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                        TableFormat format, const std::string& note = "");

}  // namespace tradedig::measure
