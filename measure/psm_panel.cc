// PSM-DID sample: match ever-treated and never-treated units on covariates in one period by the
// propensity score, and keep every row of the matched units for the event study / DID.
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "measure/event_study.h"
#include "measure/matching_internal.h"
#include "util/error.h"

namespace tradedig::measure {

PsmPanel psm_matched_panel(const std::string& covariates, const DataFrame& d, const PsmPanelOptions& o) {
  const Column* unit = d.find(o.unit);
  const Column* time = d.find(o.time);
  const Column* event = d.find(o.event_time);
  if (!unit || !time || !event)
    throw UserError(fmt::format("PSM-DID needs the columns {}, {} and {} in the data.", o.unit, o.time, o.event_time));
  if (!time->numeric || !event->numeric) throw UserError("The time and event-time columns must be numeric.");
  int32_t n_units = 0;
  const std::vector<int32_t> codes = factor_codes(*unit, &n_units);

  // One row per unit: the matching period, or the unit's first period.
  PsmPanel out;
  std::vector<int64_t> pick(static_cast<size_t>(n_units), -1);
  for (int64_t i = 0; i < d.rows(); ++i) {
    const int32_t u = codes[static_cast<size_t>(i)];
    const double t = time->values[static_cast<size_t>(i)];
    if (u < 0 || std::isnan(t)) continue;
    int64_t& p = pick[static_cast<size_t>(u)];
    if (std::isnan(o.match_period)) {
      if (p < 0 || t < time->values[static_cast<size_t>(p)]) p = i;
    } else if (t == o.match_period && p < 0) {
      p = i;
    }
  }
  std::vector<int64_t> unit_rows;
  for (int64_t p : pick)
    if (p >= 0) unit_rows.push_back(p);
  if (static_cast<int32_t>(unit_rows.size()) < n_units)
    out.messages.push_back(fmt::format("{} units have no row in the matching period and were left out.",
                                       n_units - static_cast<int32_t>(unit_rows.size())));

  DataFrame units = take_rows(d, unit_rows);
  if (units.find("_ever_treated")) throw UserError("The data already have a column _ever_treated.");
  std::vector<double> ever(unit_rows.size());
  for (size_t k = 0; k < unit_rows.size(); ++k) {
    const double e = event->values[static_cast<size_t>(unit_rows[k])];
    ever[k] = (!std::isnan(e) && e > 0) ? 1.0 : 0.0;
  }
  units.add_numeric_column("_ever_treated", ever);

  const Formula f = parse_formula("_ever_treated ~ " + covariates);
  BinaryOptions bo;
  bo.link = o.link;
  const BinaryFit fit = fit_binary(f, units, bo);
  const Eigen::VectorXd ps = predicted_probability(fit);
  std::vector<char> treated(fit.rows.size());
  for (size_t k = 0; k < fit.rows.size(); ++k) treated[k] = fit.y[static_cast<Eigen::Index>(k)] == 1;
  MatchingOptions mo = o.matching;
  mo.match_controls = false;
  out.matching = match_on_score(treated, ps, mo);

  std::vector<std::string> names;
  Eigen::MatrixXd X;
  balance_covariates(f, units, fit.rows, &names, &X);
  out.balance = balance_table(out.matching, names, X);

  // Weight of each matched unit, by unit code; rows of other units are dropped.
  std::unordered_map<int32_t, double> weight;
  for (size_t k = 0; k < fit.rows.size(); ++k) {
    const double w = out.matching.weight_att[static_cast<Eigen::Index>(k)];
    if (w <= 0) continue;
    weight[codes[static_cast<size_t>(unit_rows[static_cast<size_t>(fit.rows[k])])]] = w;
    (treated[k] ? out.units_treated : out.units_control)++;
  }
  std::vector<int64_t> keep;
  std::vector<double> w;
  for (int64_t i = 0; i < d.rows(); ++i) {
    auto it = weight.find(codes[static_cast<size_t>(i)]);
    if (it == weight.end()) continue;
    keep.push_back(i);
    w.push_back(it->second);
  }
  out.panel = take_rows(d, keep);
  if (out.panel.find(o.weight_column)) throw UserError(fmt::format("The data already have a column {}.", o.weight_column));
  out.panel.add_numeric_column(o.weight_column, std::move(w));
  for (const auto& m : out.matching.messages) out.messages.push_back(m);
  return out;
}

}  // namespace tradedig::measure
