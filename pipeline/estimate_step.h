// The estimate step of `tradedig run`: the paper's tables on the store's analysis panel, written
// to files (table<N>.txt / .tex / .html / .md) and recorded as runs so the report shows them.
#pragma once
#include <string>
#include <vector>

#include "db/connection.h"
#include "measure/estimate.h"

namespace tradedig::pipeline {

struct EstimateStepOptions {
  std::vector<int> tables = {1, 2, 3, 4, 5, 6, 7};
  std::string depvar = "QKL", cluster = "firm_id";
  std::vector<std::string> formats = {"text", "latex", "html"};
  std::string out_dir = "tables";
};

struct EstimateStepReport {
  std::string table2_text;  // Table 2 as text ("" when it was not asked for)
  std::vector<measure::FitResult> table2;  // its columns
  std::string summary;      // what was written, and the columns skipped with why
};

// Throws UserError when the panel has no rows or the output folder cannot be written.
EstimateStepReport run_estimate_step(db::Connection& c, const EstimateStepOptions& opt);

}  // namespace tradedig::pipeline
