// 2SLS with absorbed fixed effects: one estimation sample for outcome, regressors and instruments,
// FE partialled out once, then the first stages, the second stage and the diagnostics.
#include "measure/iv.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "measure/model_frame.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

Eigen::MatrixXd columns(const Eigen::MatrixXd& m, const std::vector<Eigen::Index>& idx) {
  Eigen::MatrixXd out(m.rows(), static_cast<Eigen::Index>(idx.size()));
  for (size_t a = 0; a < idx.size(); ++a) out.col(static_cast<Eigen::Index>(a)) = m.col(idx[a]);
  return out;
}

Eigen::MatrixXd weighted(const Eigen::MatrixXd& m, const Eigen::VectorXd& w) {
  return w.size() ? Eigen::MatrixXd(m.array().colwise() * w.array()) : m;
}

// Centered (weighted) total sum of squares.
double centered_ss(const Eigen::VectorXd& v, const Eigen::VectorXd& w) {
  const double sw = w.size() ? w.sum() : static_cast<double>(v.size());
  const double mean = (w.size() ? w.dot(v) : v.sum()) / sw;
  Eigen::VectorXd c = v.array() - mean;
  return weighted_dot(c, c, w);
}

// Keeps the columns of `candidates` (indices into X) that are linearly independent, in order;
// reports the others as collinear.
std::vector<Eigen::Index> drop_collinear(const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                                         const Eigen::VectorXd& raw_ss, const std::vector<Eigen::Index>& candidates,
                                         double tol, std::vector<Eigen::Index>* dropped, std::vector<bool>* within_fe) {
  Eigen::MatrixXd c = columns(X, candidates);
  Eigen::MatrixXd ctc = c.transpose() * weighted(c, w);
  Eigen::VectorXd ss(static_cast<Eigen::Index>(candidates.size()));
  for (size_t a = 0; a < candidates.size(); ++a) ss[static_cast<Eigen::Index>(a)] = raw_ss[candidates[a]];
  std::vector<bool> flat;
  auto kept = independent_columns(ctc, ss, tol, &flat);
  std::vector<Eigen::Index> out;
  for (auto k : kept) out.push_back(candidates[static_cast<size_t>(k)]);
  for (size_t a = 0; a < candidates.size(); ++a)
    if (std::find(kept.begin(), kept.end(), static_cast<Eigen::Index>(a)) == kept.end()) {
      dropped->push_back(candidates[a]);
      within_fe->push_back(flat[a]);
    }
  return out;
}

// Residuals of the columns of m on those of x (W-weighted least squares); m unchanged when x is empty.
Eigen::MatrixXd residualize(const Eigen::MatrixXd& m, const Eigen::MatrixXd& x, const Eigen::VectorXd& w) {
  if (x.cols() == 0) return m;
  Eigen::MatrixXd wx = weighted(x, w);
  Eigen::MatrixXd coef = (x.transpose() * wx).llt().solve(wx.transpose() * m);
  return m - x * coef;
}

std::string fmt_stat(double v) { return std::isfinite(v) ? fmt::format("{:.3f}", v) : "NA"; }

// What every fit on this sample shares: counts, FE bookkeeping, demeaning report.
void copy_sample_info(const FitResult& from, FitResult& to) {
  to.nobs = from.nobs;
  to.n_singletons = from.n_singletons;
  to.n_missing = from.n_missing;
  to.fixed_effects = from.fixed_effects;
  to.df_a = from.df_a;
  to.demean_method = from.demean_method;
  to.demean_iterations = from.demean_iterations;
  to.converged = from.converged;
}

}  // namespace

IvResult feiv(const Formula& f, const DataFrame& d, const FitOptions& opts) {
  if (!f.has_iv || f.endogenous.empty() || f.instruments.empty())
    throw UserError(
        fmt::format("The formula \"{}\" has no IV part; write it as y ~ exog | fe | endog ~ instruments.", f.text));
  // One model frame for everything, so that all stages share the sample (rows complete in every
  // variable, singletons dropped once).
  Formula all = f;
  all.has_iv = false;
  all.terms.insert(all.terms.end(), f.endogenous.begin(), f.endogenous.end());
  all.terms.insert(all.terms.end(), f.instruments.begin(), f.instruments.end());
  ModelFrame mf = build_model_frame(all, d, opts);
  const int n_exog_terms = static_cast<int>(f.terms.size());
  const int n_endog_terms = static_cast<int>(f.endogenous.size());

  IvResult out;
  FitResult& r = out.second_stage;
  r.formula = f.text;
  r.estimator = "2SLS";
  describe_sample(mf, r);
  const Eigen::VectorXd& w = mf.w;
  r.tss = centered_ss(mf.y, w);
  const Eigen::Index ncol = mf.X.cols();
  Eigen::VectorXd raw_ss(ncol), col_tss(ncol);
  for (Eigen::Index j = 0; j < ncol; ++j) {
    raw_ss[j] = weighted_dot(mf.X.col(j), mf.X.col(j), w);
    col_tss[j] = centered_ss(mf.X.col(j), w);
  }
  Eigen::VectorXd yt = mf.y;
  Eigen::MatrixXd& Xt = mf.X;
  partial_out_fixed_effects(mf.fixed_effects, w, opts, yt, Xt, r);
  const bool has_fe = !mf.fixed_effects.empty();
  r.tss_within = has_fe ? weighted_dot(yt, yt, w) : r.tss;

  // Roles of the columns; the intercept (term -1) is exogenous.
  std::vector<Eigen::Index> intercept, exog, endog, inst;
  for (Eigen::Index j = 0; j < ncol; ++j) {
    const int t = mf.term_of_column[static_cast<size_t>(j)];
    if (t < 0)
      intercept.push_back(j);
    else if (t < n_exog_terms)
      exog.push_back(j);
    else if (t < n_exog_terms + n_endog_terms)
      endog.push_back(j);
    else
      inst.push_back(j);
  }
  // Exogenous regressors take precedence over instruments, and over endogenous regressors.
  std::vector<Eigen::Index> dropped;
  std::vector<bool> within_fe;
  std::vector<Eigen::Index> zc = intercept;
  zc.insert(zc.end(), exog.begin(), exog.end());
  const size_t n_exog_candidates = zc.size();
  zc.insert(zc.end(), inst.begin(), inst.end());
  auto z_kept = drop_collinear(Xt, w, raw_ss, zc, opts.collinearity_tol, &dropped, &within_fe);
  std::vector<Eigen::Index> x1, z2;  // kept exogenous (intercept first) and excluded instruments
  for (auto j : z_kept) {
    const bool is_exog = std::find(zc.begin(), zc.begin() + static_cast<std::ptrdiff_t>(n_exog_candidates), j) !=
                         zc.begin() + static_cast<std::ptrdiff_t>(n_exog_candidates);
    (is_exog ? x1 : z2).push_back(j);
  }
  const size_t n_dropped_z = dropped.size();
  std::vector<Eigen::Index> xc = x1;
  xc.insert(xc.end(), endog.begin(), endog.end());
  auto x_kept = drop_collinear(Xt, w, raw_ss, xc, opts.collinearity_tol, &dropped, &within_fe);
  std::vector<Eigen::Index> y2;  // kept endogenous
  for (auto j : x_kept)
    if (std::find(endog.begin(), endog.end(), j) != endog.end()) y2.push_back(j);
  for (size_t a = 0; a < dropped.size(); ++a) {
    const auto j = dropped[a];
    const std::string& name = mf.names[static_cast<size_t>(j)];
    const bool instrument = std::find(inst.begin(), inst.end(), j) != inst.end();
    if (!instrument) r.dropped_collinear.push_back(name);
    r.messages.push_back(fmt::format("{}{} omitted because of collinearity{}{}.", instrument ? "instrument " : "", name,
                                     within_fe[a] ? " with the fixed effects" : "",
                                     a >= n_dropped_z ? " with the exogenous regressors" : ""));
  }
  if (y2.empty())
    throw UserError("Every endogenous regressor is collinear with the exogenous regressors or the fixed effects.");
  if (z2.size() < y2.size())
    throw UserError(fmt::format("The model is underidentified: {} excluded instrument{} for {} endogenous regressor{}.",
                                z2.size(), z2.size() == 1 ? "" : "s", y2.size(), y2.size() == 1 ? "" : "s"));

  // First stages: each endogenous regressor on Z = [intercept, instruments, exogenous].
  const bool has_intercept = !intercept.empty() && !x1.empty() && x1[0] == intercept[0];
  const std::vector<Eigen::Index> lead = has_intercept ? std::vector<Eigen::Index>{x1[0]} : std::vector<Eigen::Index>{};
  const std::vector<Eigen::Index> x1_slopes(x1.begin() + (has_intercept ? 1 : 0), x1.end());
  const size_t inst_pos = lead.size();
  std::vector<Eigen::Index> zcols = lead;
  zcols.insert(zcols.end(), z2.begin(), z2.end());
  zcols.insert(zcols.end(), x1_slopes.begin(), x1_slopes.end());
  const Eigen::MatrixXd Z = columns(Xt, zcols);
  const Eigen::MatrixXd Y = columns(Xt, y2);
  const Eigen::MatrixXd WZ = weighted(Z, w);
  Eigen::LLT<Eigen::MatrixXd> zllt(Z.transpose() * WZ);
  const Eigen::MatrixXd pi = zllt.solve(WZ.transpose() * Y);
  const Eigen::MatrixXd zbread = zllt.solve(Eigen::MatrixXd::Identity(Z.cols(), Z.cols()));
  const Eigen::MatrixXd Yhat = Z * pi;

  r.df_a =
      absorbed_dof(mf.fixed_effects, opts.cluster.empty() ? std::vector<Grouping>{} : mf.clusters, &r.fixed_effects);
  bool any_nested = false;
  for (const auto& fi : r.fixed_effects) any_nested = any_nested || fi.nested_in_cluster;
  VcovInput vin;
  vin.w = &w;
  vin.clusters = &mf.clusters;
  vin.type = opts.cluster.empty() ? opts.vcov : VcovType::kCluster;
  vin.df_a = r.df_a;
  vin.any_nested = any_nested;
  vin.small_sample = opts.small_sample;

  std::vector<Eigen::Index> inst_idx;
  for (size_t a = 0; a < z2.size(); ++a) inst_idx.push_back(static_cast<Eigen::Index>(inst_pos + a));
  const double l2 = static_cast<double>(z2.size());
  auto& diag = out.diagnostics;
  for (size_t k = 0; k < y2.size(); ++k) {
    const auto col = static_cast<Eigen::Index>(k);
    const std::string& name = mf.names[static_cast<size_t>(y2[k])];
    FitResult fs;
    copy_sample_info(r, fs);
    fs.estimator = "OLS (first stage)";
    std::string rhs;
    for (auto j : zcols) rhs += (rhs.empty() ? "" : " + ") + mf.names[static_cast<size_t>(j)];
    fs.formula = fmt::format("{} ~ {}", name, rhs);
    for (auto j : zcols) fs.names.push_back(mf.names[static_cast<size_t>(j)]);
    fs.coef = pi.col(col);
    Eigen::VectorXd v = Y.col(col) - Yhat.col(col);
    fs.rss = weighted_dot(v, v, w);
    fs.tss = col_tss[y2[k]];
    fs.tss_within = has_fe ? weighted_dot(Y.col(col), Y.col(col), w) : fs.tss;
    vin.X = &Z;
    vin.e = &v;
    vin.bread = zbread;
    compute_vcov(vin, fs);
    fill_inference(fs);
    fill_fit_statistics(fs, mf.fixed_effects);
    const double F = wald_f(fs, inst_idx);
    const double p = f_upper_p(F, l2, fs.df_resid);
    fs.extra_stats.push_back({"F (excluded instruments)", fmt_stat(F)});
    diag.endogenous.push_back(name);
    diag.first_stage_f.push_back(F);
    diag.first_stage_p.push_back(p);
    out.first_stages.push_back(std::move(fs));
  }

  // Second stage: X = [intercept, endogenous, exogenous]; X̂ replaces the endogenous by their fits.
  std::vector<Eigen::Index> xcols = lead;
  xcols.insert(xcols.end(), y2.begin(), y2.end());
  xcols.insert(xcols.end(), x1_slopes.begin(), x1_slopes.end());
  Eigen::MatrixXd X = columns(Xt, xcols);
  Eigen::MatrixXd Xhat = X;
  Xhat.middleCols(static_cast<Eigen::Index>(lead.size()), Y.cols()) = Yhat;
  for (auto j : xcols) r.names.push_back(mf.names[static_cast<size_t>(j)]);
  const Eigen::MatrixXd X1 = columns(Xt, x1), Z2 = columns(Xt, z2);
  { Eigen::MatrixXd().swap(mf.X); }

  const Eigen::MatrixXd WXhat = weighted(Xhat, w);
  Eigen::MatrixXd xhx = Xhat.transpose() * WXhat;
  Eigen::LLT<Eigen::MatrixXd> xllt(xhx);
  // The fitted endogenous regressors must be independent of each other and of the exogenous ones.
  std::vector<bool> flat;
  if (xllt.info() != Eigen::Success ||
      independent_columns(xhx, xhx.diagonal(), opts.collinearity_tol, &flat).size() != static_cast<size_t>(xhx.cols()))
    throw UserError(
        "The instruments do not move the endogenous regressors independently of the exogenous ones "
        "(the first-stage fits are collinear), so the model is not identified.");
  r.coef = xllt.solve(WXhat.transpose() * yt);
  Eigen::VectorXd e = yt - X * r.coef;
  r.rss = weighted_dot(e, e, w);
  vin.X = &Xhat;
  vin.e = &e;
  vin.bread = xllt.solve(Eigen::MatrixXd::Identity(X.cols(), X.cols()));
  compute_vcov(vin, r);
  fill_inference(r);
  fill_fit_statistics(r, mf.fixed_effects);

  // Diagnostics on the endogenous regressors and instruments net of the exogenous ones.
  Eigen::MatrixXd Yp = residualize(Y, X1, w), Zp = residualize(Z2, X1, w);
  if (w.size()) {
    const Eigen::VectorXd sw = w.cwiseSqrt();
    Yp = Yp.array().colwise() * sw.array();
    Zp = Zp.array().colwise() * sw.array();
  }
  const double n = static_cast<double>(r.nobs);
  const double dof = n - static_cast<double>(Z.cols()) - r.df_a - (any_nested ? 1.0 : 0.0);
  IvDiagnostics id = identification_tests(Yp, Zp, vin.type, mf.clusters, dof);
  id.endogenous = diag.endogenous;
  id.first_stage_f = diag.first_stage_f;
  id.first_stage_p = diag.first_stage_p;
  diag = id;

  for (size_t k = 0; k < diag.endogenous.size(); ++k)
    r.extra_stats.push_back(
        {diag.endogenous.size() == 1 ? "First-stage F" : fmt::format("First-stage F ({})", diag.endogenous[k]),
         fmt_stat(diag.first_stage_f[k])});
  r.extra_stats.push_back({"Cragg-Donald F", fmt_stat(diag.cragg_donald_f)});
  r.extra_stats.push_back({"KP rk LM", fmt_stat(diag.kp_lm)});
  r.extra_stats.push_back(
      {"KP rk LM p-value", std::isfinite(diag.kp_lm_p) ? fmt::format("{:.4f}", diag.kp_lm_p) : "NA"});
  r.extra_stats.push_back({"KP rk Wald F", fmt_stat(diag.kp_wald_f)});
  return out;
}

nlohmann::json to_json(const IvResult& r) {
  nlohmann::json j = to_json(r.second_stage);
  nlohmann::json fs = nlohmann::json::array();
  for (const auto& s : r.first_stages) fs.push_back(to_json(s));
  j["first_stages"] = std::move(fs);
  const auto& d = r.diagnostics;
  j["iv_diagnostics"] = {{"endogenous", d.endogenous},         {"first_stage_f", d.first_stage_f},
                         {"first_stage_p", d.first_stage_p},   {"excluded_instruments", d.excluded_instruments},
                         {"cragg_donald_f", d.cragg_donald_f}, {"kp_rk_lm", d.kp_lm},
                         {"kp_rk_lm_df", d.kp_lm_df},          {"kp_rk_lm_p", d.kp_lm_p},
                         {"kp_rk_wald_f", d.kp_wald_f}};
  return j;
}

}  // namespace tradedig::measure
