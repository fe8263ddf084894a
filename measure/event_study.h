// Event study (dynamic DID) on a panel, optionally on a propensity-score-matched sample (PSM-DID):
//
//   y_it = Σ_{k ≠ ref} β_k · 1{t − E_i = k} + x_it'γ + α_i + λ_t + ε_it,   clustered by unit,
//
// estimated with feols, where E_i is unit i's first treated period (missing or <= 0 = never
// treated; never-treated units have all dummies zero). The coefficients β_k for k = −leads..lags
// (reference period `reference`, default −1, normalised to 0) are the dynamic effects.
//
//   EventStudyOptions o{.unit = "firm", .time = "year", .event_time = "first_digital_year"};
//   EventStudyResult r = event_study("lnQ ~ lnsize + age", d, o);
//   write r.path as plot data: event_path_csv(r) / event_path_json(r); tables: render_event_path(r, fmt)
//
// Window ends: with bin_endpoints the first and last dummies absorb every earlier/later period
// ("≤ −leads", "≥ lags"); otherwise observations of treated units outside the window are dropped.
// Dummy names: pre_k (k periods before), current, post_k (k after) — valid formula identifiers.
//
// PSM-DID: psm_matched_panel() matches units on covariates in one period (or each unit's first
// period) with ever-treated as the treatment, and keeps the rows of matched units; its weight
// column can be passed as regression weights.
//
// Errors (UserError): unknown columns, a window without any dummy, a dummy name that already
// exists in the data, and whatever feols/fit_binary/match_on_score report.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "measure/estimate.h"
#include "measure/matching.h"

namespace tradedig::measure {

struct EventStudyOptions {
  std::string unit, time;        // panel identifiers: unit and time fixed effects
  std::string event_time;        // first treated period of each unit (missing/<= 0: never treated)
  int leads = 4, lags = 4;       // relative periods −leads..lags
  int reference = -1;            // omitted period
  bool bin_endpoints = false;
  std::vector<std::string> cluster;  // default: {unit}
  std::string weights;           // regression weights column ("" = none)
  bool drop_singletons = true;
};

struct EventPathPoint {
  int period = 0;                // relative period k
  std::string name;              // regressor name (reference: the name it would have)
  double estimate = 0, se = 0, ci_low = 0, ci_high = 0, p = std::numeric_limits<double>::quiet_NaN();
  int64_t treated_obs = 0;       // rows of treated units in this period (before missing-value drops)
  bool reference = false;
};

struct EventStudyResult {
  FitResult fit;
  std::vector<EventPathPoint> path;  // one point per period −leads..lags, reference included
};

// `formula` is "y ~ controls" with optional extra fixed effects after '|' ("y ~ x | ind^year");
// "y ~ 1" for no controls. Unit and time FE are always added.
EventStudyResult event_study(const std::string& formula, const DataFrame& d, const EventStudyOptions& o);

// Plot data: one row per relative period (period, name, estimate, se, ci_low, ci_high, p,
// treated_obs, reference), full precision.
std::string event_path_csv(const EventStudyResult& r);
nlohmann::json event_path_json(const EventStudyResult& r);
// The path as a table in the five formats (estimate, SE, 95% CI, p, treated observations).
std::string render_event_path(const EventStudyResult& r, TableFormat format, int digits = 4);

struct PsmPanelOptions {
  std::string unit, time, event_time;  // as in EventStudyOptions
  double match_period = std::numeric_limits<double>::quiet_NaN();  // NaN: each unit's first period
  Link link = Link::kLogit;
  MatchingOptions matching;
  std::string weight_column = "_psm_weight";  // added to the result: matching weight of the unit
};

struct PsmPanel {
  DataFrame panel;               // rows of matched units (treated with a match, controls used)
  int64_t units_treated = 0, units_control = 0;  // matched units kept
  Matching matching;             // on the unit-level sample
  BalanceTable balance;
  std::vector<std::string> messages;
};

// Matches units (ever treated vs never treated) on `covariates` ("x1 + x2 + i(ind)") measured in
// the matching period, by the propensity score, and keeps all rows of matched units.
PsmPanel psm_matched_panel(const std::string& covariates, const DataFrame& d, const PsmPanelOptions& o);

}  // namespace tradedig::measure
