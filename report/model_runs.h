// Fitted models recorded in the store's `runs` (by `regress` and `estimate`), regrouped into report
// tables and plots.
#pragma once
#include <string>
#include <vector>

#include "db/connection.h"
#include "measure/estimate.h"
#include "report/html_report.h"
#include "report/svg_chart.h"

namespace tradedig::report {

struct RecordedModel {
  int64_t run_id = 0;
  std::string command;  // "regress", "estimate probit", ...
  std::string table;    // the run's spec "table" label, or "" when none was given
  std::string title;    // column title: the spec's "title", else the estimator
  measure::FitResult fit;
};

// Every model of every successful run, in run order. A run's results are one model (to_json) or an
// object whose members are models (e.g. {"model": ..., "ame": ...}); anything else is skipped.
// A run with the same command and specification as a later one is superseded by it (running
// `tradedig tables` twice shows each column once, with the latest numbers); the runs table keeps both.
std::vector<RecordedModel> recorded_models(const db::Connection& c);

// One regression table per table label (models without a label get one table per run), in order of
// first appearance.
Section tables_section(const std::vector<RecordedModel>& models);

// The dynamic-effect path of the latest successful `estimate event-study` run (reference period
// included at 0), or empty when there is none.
std::vector<EventPoint> latest_event_path(const db::Connection& c, std::string* formula);

// The coefficient on `variable` in every model that has it, with its 95% CI.
std::vector<Interval> focus_intervals(const std::vector<RecordedModel>& models, const std::string& variable);

}  // namespace tradedig::report
