// Moderation: one feols fit with the interaction, then linear combinations of β_x and β_xw.
#include "measure/moderation.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "measure/data_frame_select.h"
#include "measure/formula_rewrite.h"
#include "measure/model_frame.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

std::string stars(double p) { return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.10 ? "*" : ""; }

Eigen::Index index_of(const FitResult& r, const std::string& name) {
  auto it = std::find(r.names.begin(), r.names.end(), name);
  if (it == r.names.end())
    throw UserError(
        fmt::format("{} dropped out of {} (collinear with the other regressors or fixed effects).", name, r.formula));
  return static_cast<Eigen::Index>(it - r.names.begin());
}

}  // namespace

ModerationResult moderate(const Formula& f, const std::string& moderator, const DataFrame& d,
                          const ModerationOptions& opts) {
  ModerationResult r;
  const size_t tj = plain_term_index(f, opts.treatment, "treatment");
  r.treatment = f.terms[tj].label;
  r.moderator = moderator;
  const Column* wc = d.find(moderator);
  if (!wc || !wc->numeric)
    throw UserError(fmt::format("The moderator {} must be a numeric column of the data.", moderator));
  if (r.treatment == moderator) throw UserError("The moderator must differ from the treatment.");
  r.interaction = r.treatment + ":" + moderator;
  std::vector<std::string> terms = {r.treatment, moderator, r.interaction};
  for (size_t j = 0; j < f.terms.size(); ++j)
    if (j != tj && std::find(terms.begin(), terms.end(), f.terms[j].label) == terms.end())
      terms.push_back(f.terms[j].label);
  const Formula g = parse_formula(rewrite_formula(f, f.lhs_label, terms));

  std::vector<std::string> vars = formula_variables(g);
  for (const auto& c : cluster_variables(opts.fit.cluster)) vars.push_back(c);
  if (!opts.fit.weights.empty()) vars.push_back(opts.fit.weights);
  DataFrame base = select_columns(d, vars);
  const ModelFrame sample = build_model_frame(g, base, opts.fit);
  const Column& w = *base.find(moderator);
  double sum = 0, ss = 0;
  for (int64_t row : sample.rows) sum += w.values[static_cast<size_t>(row)];
  const auto n = static_cast<double>(sample.rows.size());
  r.moderator_mean = sum / n;
  for (int64_t row : sample.rows) ss += std::pow(w.values[static_cast<size_t>(row)] - r.moderator_mean, 2);
  r.moderator_sd = n > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
  if (!(r.moderator_sd > 0))
    throw UserError(fmt::format("The moderator {} does not vary in the estimation sample.", moderator));
  r.centered = opts.center;
  if (opts.center) {
    std::vector<std::string> others;
    for (const auto& v : vars)
      if (v != moderator) others.push_back(v);
    std::vector<double> centred = w.values;
    for (double& v : centred) v -= r.moderator_mean;
    DataFrame c = select_columns(base, others);
    c.add_numeric_column(moderator, std::move(centred));
    base = std::move(c);
  }
  r.fit = feols(g, base, opts.fit);
  const Eigen::Index ix = index_of(r.fit, r.treatment);
  index_of(r.fit, moderator);
  const Eigen::Index ixw = index_of(r.fit, r.interaction);

  // dy/dx = β_x + β_xw·w̃ with w̃ the moderator in the units of the regressor (centred or not).
  r.at = {r.moderator_mean - r.moderator_sd, r.moderator_mean, r.moderator_mean + r.moderator_sd};
  const char* point[] = {"mean − SD", "mean", "mean + SD"};
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(3, r.fit.coef.size());
  FitResult& m = r.marginal;
  for (Eigen::Index k = 0; k < 3; ++k) {
    const double wt = r.at[static_cast<size_t>(k)] - (opts.center ? r.moderator_mean : 0.0);
    G(k, ix) = 1.0;
    G(k, ixw) = wt;
    m.names.push_back(
        fmt::format("{} at {} = {} ({:.4g})", r.treatment, moderator, point[k], r.at[static_cast<size_t>(k)]));
  }
  m.formula = r.fit.formula;
  m.estimator = "Marginal effect";
  m.coef = G * r.fit.coef;
  m.vcov = G * r.fit.vcov * G.transpose();
  m.se = m.vcov.diagonal().cwiseSqrt();
  m.t = m.coef.cwiseQuotient(m.se);
  m.df_resid = r.fit.df_resid;
  m.p.resize(3);
  for (Eigen::Index k = 0; k < 3; ++k) m.p[k] = t_two_sided_p(m.t[k], m.df_resid);
  const double crit = t_quantile(0.975, m.df_resid);
  m.ci_low = m.coef - crit * m.se;
  m.ci_high = m.coef + crit * m.se;
  m.nobs = r.fit.nobs;
  m.vcov_type = r.fit.vcov_type;
  m.n_clusters = r.fit.n_clusters;
  m.r2 = m.adj_r2 = m.within_r2 = m.within_adj_r2 = std::nan("");

  auto& x = r.fit.extra_stats;
  x.emplace_back("Moderator mean (SD)", fmt::format("{:.4f} ({:.4f})", r.moderator_mean, r.moderator_sd));
  x.emplace_back("Moderator centred", opts.center ? "Yes" : "No");
  for (Eigen::Index k = 0; k < 3; ++k)
    x.emplace_back(fmt::format("dy/dx at moderator {}", point[k]),
                   fmt::format("{:.4f}{} ({:.4f})", m.coef[k], stars(m.p[k]), m.se[k]));
  return r;
}

nlohmann::json to_json(const ModerationResult& r) {
  return {{"treatment", r.treatment},
          {"moderator", r.moderator},
          {"interaction", r.interaction},
          {"centered", r.centered},
          {"moderator_mean", r.moderator_mean},
          {"moderator_sd", r.moderator_sd},
          {"at", r.at},
          {"fit", to_json(r.fit)},
          {"marginal_effects", to_json(r.marginal)}};
}

}  // namespace tradedig::measure
