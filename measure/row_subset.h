// A subsample of a DataFrame: the chosen rows of every column, in the order given. Used to estimate
// the same model group by group (measure/group_tests.h).
//
// Text columns are rebuilt from their cells, so a text column whose chosen rows all look like numbers
// becomes numeric in the subsample (as if those rows had been loaded alone); codes of text columns
// are renumbered in order of first appearance within the subsample.
#pragma once
#include <cstdint>
#include <vector>

#include "measure/estimate.h"

namespace tradedig::measure {

// Throws UserError when a row is out of range.
DataFrame select_rows(const DataFrame& d, const std::vector<int64_t>& rows);

}  // namespace tradedig::measure
