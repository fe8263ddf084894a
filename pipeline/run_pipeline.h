// `tradedig run`: the whole pipeline on one store, from a tradedig.toml (pipeline/run_config.h).
//
//   import  firms, customs, survey, imported observations (an identical file is never re-imported)
//   plan    crawl tasks: firms' names for the first hops; shop ids and ICP domains for the second
//   crawl   every due task, politely (profiles + config overrides); blocked pages are kept, never read
//   extract observations from pages that have none yet
//           (plan, crawl and extract repeat while a round adds tasks: the showroom and domain hops)
//   match   observations not linked yet → links (review file on request)
//   score   digitization per firm-year (Table 1)
//   quality KSW quality, flex, lncnpd, destination controls → firm_year; then the survey's controls
//   estimate the paper's tables → files under tables_dir, runs recorded in the store
//   report  one self-contained HTML file
//
// Resumable: every step's work is either idempotent (imports by content hash, tasks by (source,
// query), crawl by due date, extract and match by what is missing) or fingerprinted (score,
// quality, controls, estimate: a step whose inputs have not changed since its last successful run
// is skipped). A run killed at any point and started again ends with the same tables.
//
// Errors: UserError for a bad config or input (nothing half-imported: imports are atomic); network
// trouble never throws (it is in the crawl summary and the tasks' states).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "measure/estimate.h"
#include "pipeline/run_config.h"

namespace tradedig::pipeline {

struct RunOptions {
  std::string builtin_profiles_dir;   // used when the config names no profiles folder
  std::string measure_data_dir;       // measure/data (the Broda–Weinstein σ file by default)
  std::string tool_version;
  bool progress = true;               // progress lines on stderr
  std::function<void(const std::string&)> say;     // step headers and summaries (default: stdout)
  std::function<void(std::string_view)> crawl_log;  // crawl audit lines (default: stderr)
  std::string stop_after;             // "" or a step name: stop after it (tests, partial runs)
};

struct StepResult {
  std::string step;
  bool skipped = false;   // nothing to do (inputs unchanged since the last successful run)
  std::string summary;    // what it did, one or more lines
  double seconds = 0;
};

struct RunResult {
  std::vector<StepResult> steps;
  std::string table2_text;   // the estimate step's Table 2 as text ("" when not estimated)
  std::vector<measure::FitResult> table2;  // its columns, when estimated in this run
  std::string report_path;   // "" when the report step did not run
  double seconds = 0;
};

// The step names in order.
const std::vector<std::string>& pipeline_steps();

RunResult run_pipeline(const RunConfig& config, const RunOptions& opt);

}  // namespace tradedig::pipeline
