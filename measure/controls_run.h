// The `controls` step on a store: read an industrial-survey-style firm-year file, derive the firm
// controls (measure/firm_controls.h) and the heterogeneity splits (measure/heterogeneity_groups.h),
// write them to firm_year (inserting firm-years the store does not have yet, so non-exporters are
// kept), add the ordinary-trade share from the store's customs rows, and record the run.
// Used by `tradedig controls`.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "db/connection.h"
#include "measure/firm_controls.h"
#include "measure/heterogeneity_groups.h"

namespace tradedig::measure {

struct ControlsRunOptions {
  db::ColumnMapping mapping;  // target=column overrides (year=COL for --year-col)
  db::ReadOptions read;
  FirmControlOptions controls;
  HeterogeneityOptions groups;
  double ordinary_threshold = 0.5;  // ordinary_trade = 1 when the ordinary share of export value is at least this
};

struct ControlsRunReport {
  int64_t run_id = 0;
  std::string path;
  size_t rows = 0, firms = 0;
  db::ColumnMapping mapping_used;
  std::vector<std::string> fields_absent;  // survey fields without a column
  std::array<int64_t, kSurveyFieldCount> bad_cells{};
  std::string first_bad_cell;
  std::vector<ControlReport> controls;
  int64_t foe_share_above_one = 0;
  std::string money_unit;
  bool capital_terciles_by_year = true;
  int64_t size_counts[5] = {0, 0, 0, 0, 0};
  int64_t cap_rows = 0, cap_intensive_rows = 0, age_rows = 0, startup_rows = 0;
  // Trade mode, from customs (absent when the store has no customs rows).
  bool trade_mode = false;
  double ordinary_threshold = 0.5;
  size_t trade_firm_years = 0, trade_firm_years_ordinary = 0, trade_firm_years_without = 0;
  int64_t trade_rows_without_mode = 0;
  std::vector<std::string> ordinary_modes, other_modes;
  size_t survey_firm_years_in_customs = 0;  // survey rows whose firm-year has customs exports
};

// Throws UserError for the reasons of load_firm_survey and to_10k_yuan_factor.
ControlsRunReport run_controls(db::Connection& c, const std::string& path, const ControlsRunOptions& opts);

// The report as the CLI prints it.
std::string describe(const ControlsRunReport& r);

}  // namespace tradedig::measure
