// A copy of some columns of a DataFrame, for estimators that refit a model many times on
// reweighted or transformed data (bootstrap, centred moderators) without copying every column.
#pragma once
#include <string>
#include <vector>

#include "measure/estimate.h"

namespace tradedig::measure {

// The columns called `names` (each once, in the order given; repeats are ignored) with every row.
// Text columns keep their cells, so codes, levels and the numeric/text decision are unchanged.
// Throws UserError naming a column that is not in `d`.
DataFrame select_columns(const DataFrame& d, const std::vector<std::string>& names);

}  // namespace tradedig::measure
