// Treatment effects from a matching: ATT, ATU, ATE (psmatch2's _mktab), psmatch2's approximate SE,
// Abadie–Imbens (2006) sample-variance SEs, and the effects as a coefficient table.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "measure/matching_internal.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

double variance(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return ss / static_cast<double>(v.size() - 1);
}

// Mean of y_i − counterfactual over the units of one group that have a match (sign +1 for
// treated, −1 for controls so the effect is always treated minus control).
double mean_effect(const Matching& m, const Eigen::VectorXd& y, bool treated, int64_t* count) {
  double sum = 0;
  *count = 0;
  for (size_t i = 0; i < m.matches.size(); ++i) {
    const MatchedSet& s = m.matches[i];
    if (s.units.empty() || (m.treated[i] != 0) != treated) continue;
    double cf = 0;
    for (size_t k = 0; k < s.units.size(); ++k) cf += s.weights[k] * y[s.units[k]];
    sum += treated ? y[static_cast<Eigen::Index>(i)] - cf : cf - y[static_cast<Eigen::Index>(i)];
    ++*count;
  }
  return *count ? sum / static_cast<double>(*count) : std::nan("");
}

}  // namespace

TreatmentEffects matching_effects(const Matching& m, const Eigen::VectorXd& y) {
  const auto n = static_cast<Eigen::Index>(m.treated.size());
  if (y.size() != n) throw UserError(fmt::format("The outcome has {} values but {} units were matched.", y.size(), n));
  for (Eigen::Index i = 0; i < n; ++i)
    if (std::isnan(y[i]) && (m.weight_att[i] > 0 || m.weight_atu[i] > 0))
      throw UserError(fmt::format("The outcome of matched unit {} is missing.", i + 1));
  TreatmentEffects e;
  e.att = mean_effect(m, y, true, &e.n_treated);
  e.has_atu = m.options.match_controls;
  if (e.has_atu) {
    e.atu = mean_effect(m, y, false, &e.n_control);
    if (e.n_control > 0)
      e.ate = (static_cast<double>(e.n_treated) * e.att + static_cast<double>(e.n_control) * e.atu) /
              static_cast<double>(e.n_treated + e.n_control);
  }
  double st = 0, sc = 0;
  int64_t nt = 0, nc = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::isnan(y[i])) continue;
    if (m.treated[static_cast<size_t>(i)]) st += y[i], ++nt;
    else sc += y[i], ++nc;
  }
  e.unmatched_difference = st / static_cast<double>(nt) - sc / static_cast<double>(nc);
  return e;
}

void psmatch2_standard_error(const Matching& m, const Eigen::VectorXd& y, TreatmentEffects& e) {
  std::vector<double> y1, y0;
  double w2 = 0;
  for (size_t i = 0; i < m.treated.size(); ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    if (m.weight_att[ii] <= 0) continue;
    if (m.treated[i]) {
      y1.push_back(y[ii]);
    } else {
      y0.push_back(y[ii]);
      w2 += m.weight_att[ii] * m.weight_att[ii];
    }
  }
  const double n1 = static_cast<double>(y1.size());
  e.se_att = std::sqrt(variance(y1) / n1 + variance(y0) * w2 / (n1 * n1));
  e.se_method = MatchingSe::kPsmatch2;
}

void abadie_imbens_standard_errors(const Matching& m, const Eigen::VectorXd& y, int same_group_neighbors,
                                   TreatmentEffects& e, bool population) {
  if (m.options.method != MatchMethod::kNearest || !m.options.replacement)
    throw UserError("Abadie–Imbens standard errors need nearest-neighbour matching with replacement.");
  if (same_group_neighbors < 1) throw UserError("Abadie–Imbens SEs need at least one same-group neighbour.");
  const auto n = static_cast<Eigen::Index>(m.treated.size());
  // σ̂²_i from the unit's nearest neighbours in its own group (on the common support).
  Eigen::VectorXd sigma2 = Eigen::VectorXd::Zero(n);
  for (int g = 0; g < 2; ++g) {
    std::vector<int64_t> group;
    for (Eigen::Index i = 0; i < n; ++i)
      if (m.on_support[static_cast<size_t>(i)] && (m.treated[static_cast<size_t>(i)] != 0) == (g == 1)) group.push_back(i);
    if (group.size() < 2) continue;
    auto nb = within_group_neighbors(m.score, group, same_group_neighbors, m.options.ties);
    for (size_t a = 0; a < group.size(); ++a) {
      const Eigen::Index i = group[a];
      if (m.weight_att[i] <= 0 && m.weight_atu[i] <= 0) continue;
      double mean = 0;
      for (int64_t j : nb[a]) mean += y[j];
      const auto k = static_cast<double>(nb[a].size());
      mean /= k;
      sigma2[i] = k / (k + 1) * (y[i] - mean) * (y[i] - mean);
    }
  }
  const double n1 = static_cast<double>(e.n_treated), n0 = static_cast<double>(e.n_control);
  if (!population) {
    // AI (2006) eq. 14: a treated unit counts once for itself, a control by the square of how often
    // it was used (weight_att holds both); likewise for the ATU, and (own + used)² for the ATE.
    e.se_att = std::sqrt((m.weight_att.array().square() * sigma2.array()).sum()) / n1;
    if (e.has_atu) {
      e.se_atu = std::sqrt((m.weight_atu.array().square() * sigma2.array()).sum()) / n0;
      e.se_ate = std::sqrt(((m.weight_att + m.weight_atu).array().square() * sigma2.array()).sum()) / (n1 + n0);
    }
  } else {
    // Population variance (AI 2006 p. 251, psmatch2 `population`): the spread of the unit-level
    // effects around the average plus (K² − K/M)·σ̂² for units used as matches K times (weights K/M).
    const double M = m.options.neighbors;
    double v_att = 0, v_atu = 0, v_ate = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const MatchedSet& s = m.matches[static_cast<size_t>(i)];
      const bool t = m.treated[static_cast<size_t>(i)] != 0;
      double tau = std::nan("");
      if (!s.units.empty()) {
        double cf = 0;
        for (size_t k = 0; k < s.units.size(); ++k) cf += s.weights[k] * y[s.units[k]];
        tau = t ? y[i] - cf : cf - y[i];
      }
      const double used = t ? m.weight_atu[i] : m.weight_att[i];  // times used by the other group
      const double reuse = (used * used - used / M) * sigma2[i];
      if (t) {
        if (!std::isnan(tau)) v_att += (tau - e.att) * (tau - e.att);
        v_atu += reuse;
      } else {
        if (!std::isnan(tau)) v_atu += (tau - e.atu) * (tau - e.atu);
        v_att += reuse;
      }
      if (!std::isnan(tau)) v_ate += (tau - e.ate) * (tau - e.ate) + (used * used + 2 * used - used / M) * sigma2[i];
    }
    e.se_att = std::sqrt(std::max(v_att, 0.0)) / n1;
    if (e.has_atu) {
      e.se_atu = std::sqrt(std::max(v_atu, 0.0)) / n0;
      e.se_ate = std::sqrt(std::max(v_ate, 0.0)) / (n1 + n0);
    }
  }
  e.se_method = MatchingSe::kAbadieImbens;
}

FitResult effects_table(const TreatmentEffects& e, const Matching& m, const std::string& estimator) {
  FitResult r;
  r.estimator = estimator;
  std::vector<double> b = {e.att}, s = {e.se_att};
  r.names = {"ATT"};
  if (e.has_atu) {
    r.names.insert(r.names.end(), {"ATU", "ATE"});
    b.insert(b.end(), {e.atu, e.ate});
    s.insert(s.end(), {e.se_atu, e.se_ate});
  }
  const auto k = static_cast<Eigen::Index>(b.size());
  r.coef = Eigen::Map<Eigen::VectorXd>(b.data(), k);
  r.se = Eigen::Map<Eigen::VectorXd>(s.data(), k);
  r.vcov = r.se.array().square().matrix().asDiagonal();
  r.t = r.coef.array() / r.se.array();
  r.p.resize(k);
  const double z = normal_quantile(0.975);
  for (Eigen::Index j = 0; j < k; ++j) r.p[j] = std::isnan(r.t[j]) ? std::nan("") : 2 * normal_cdf(-std::fabs(r.t[j]));
  r.ci_low = r.coef.array() - z * r.se.array();
  r.ci_high = r.coef.array() + z * r.se.array();
  r.nobs = e.n_treated + (e.has_atu ? e.n_control : 0);
  r.df_resid = std::numeric_limits<double>::infinity();
  r.r2 = r.adj_r2 = r.within_r2 = r.within_adj_r2 = std::nan("");
  switch (e.se_method) {
    case MatchingSe::kNone: r.vcov_type = "none"; break;
    case MatchingSe::kPsmatch2: r.vcov_type = "psmatch2 (PS taken as known)"; break;
    case MatchingSe::kAbadieImbens: r.vcov_type = "Abadie-Imbens"; break;
    case MatchingSe::kBootstrap: r.vcov_type = "bootstrap"; break;
  }
  r.extra_stats = {{"Treated matched", fmt::format("{} of {}", m.n_treated_matched, m.n_treated)},
                   {"Controls used", fmt::format("{} of {}", m.n_control_matched, m.n_control)},
                   {"Unmatched difference", fmt::format("{:.4f}", e.unmatched_difference)}};
  if (e.has_atu) r.extra_stats.push_back({"Controls matched (ATU)", fmt::format("{}", m.n_control_as_units)});
  r.messages = m.messages;
  return r;
}

}  // namespace tradedig::measure
