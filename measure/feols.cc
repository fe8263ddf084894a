// OLS with absorbed fixed effects (Frisch–Waugh–Lovell): demean y and X by the FE, drop collinear
// regressors, solve, and attach inference and fit statistics.
#include <cmath>

#include <fmt/format.h>

#include "measure/model_frame.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

double weighted_dot(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const Eigen::VectorXd& w) {
  return w.size() ? (a.array() * b.array() * w.array()).sum() : a.dot(b);
}

}  // namespace

std::vector<Eigen::Index> independent_columns(const Eigen::MatrixXd& xtx, const Eigen::VectorXd& raw_ss, double tol,
                                              std::vector<bool>* within_fe) {
  const Eigen::Index k = xtx.cols();
  Eigen::MatrixXd L = Eigen::MatrixXd::Zero(k, k);
  std::vector<Eigen::Index> kept;
  within_fe->assign(static_cast<size_t>(k), false);
  for (Eigen::Index j = 0; j < k; ++j) {
    const double ajj = xtx(j, j);
    if (!(ajj > 1e-12 * raw_ss[j])) {
      (*within_fe)[static_cast<size_t>(j)] = true;
      continue;
    }
    Eigen::VectorXd row(static_cast<Eigen::Index>(kept.size()));
    for (size_t a = 0; a < kept.size(); ++a) {
      double s = xtx(kept[a], j);
      for (size_t b = 0; b < a; ++b) s -= L(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) * row[static_cast<Eigen::Index>(b)];
      row[static_cast<Eigen::Index>(a)] = s / L(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(a));
    }
    const double d2 = ajj - row.squaredNorm();
    if (d2 <= tol * ajj) continue;
    const auto m = static_cast<Eigen::Index>(kept.size());
    L.row(m).head(m) = row.transpose();
    L(m, m) = std::sqrt(d2);
    kept.push_back(j);
  }
  return kept;
}

FitResult feols(const Formula& f, const DataFrame& d, const FitOptions& opts) {
  ModelFrame mf = build_model_frame(f, d, opts);
  FitResult r;
  r.formula = f.text;
  r.nobs = mf.y.size();
  r.n_singletons = mf.n_singletons;
  r.n_missing = mf.n_missing;
  if (mf.n_singletons > 0)
    r.messages.push_back(fmt::format("{} singleton observation{} dropped (iteratively, as reghdfe does).", mf.n_singletons,
                                     mf.n_singletons == 1 ? "" : "s"));
  const Eigen::VectorXd& w = mf.w;
  const double sw = w.size() ? w.sum() : static_cast<double>(r.nobs);
  const double ybar = (w.size() ? w.dot(mf.y) : mf.y.sum()) / sw;
  Eigen::VectorXd yc = mf.y.array() - ybar;
  r.tss = weighted_dot(yc, yc, w);

  Eigen::VectorXd raw_ss(mf.X.cols());
  for (Eigen::Index j = 0; j < mf.X.cols(); ++j) raw_ss[j] = weighted_dot(mf.X.col(j), mf.X.col(j), w);
  Eigen::VectorXd yt = mf.y;
  Eigen::MatrixXd& Xt = mf.X;  // demeaned in place: the design is held once
  if (!mf.fixed_effects.empty()) {
    // Two FE: exact sparse direct solve; otherwise (or if factorising fails) accelerated MAP.
    bool direct = false;
    if (mf.fixed_effects.size() == 2) {
      TwoWayDemeaner two(mf.fixed_effects[0], mf.fixed_effects[1], w);
      if (two.ok()) {
        two.demean(yt);
        for (Eigen::Index j = 0; j < Xt.cols(); ++j) two.demean(Xt.col(j));
        direct = true;
        r.demean_method = "sparse Cholesky (two FE)";
      }
    }
    if (!direct) {
      FixedEffectProjector proj(mf.fixed_effects, w);
      // y joins the regressors so that one block CG serves all variables.
      Eigen::MatrixXd yx(Xt.rows(), Xt.cols() + 1);
      yx.col(0) = yt;
      yx.rightCols(Xt.cols()) = Xt;
      bool ok = true;
      r.demean_iterations = proj.demean_columns(yx, opts.tolerance, opts.max_iterations, &ok);
      r.converged = ok;
      yt = yx.col(0);
      Xt = yx.rightCols(Xt.cols());
      r.demean_method = mf.fixed_effects.size() == 1 ? "closed form (one FE)" : "CG-accelerated symmetric Kaczmarz";
    }
    if (!r.converged)
      r.messages.push_back(fmt::format("Warning: demeaning did not converge to tolerance {} within {} iterations.",
                                       opts.tolerance, opts.max_iterations));
  }
  r.tss_within = mf.fixed_effects.empty() ? r.tss : weighted_dot(yt, yt, w);

  Eigen::MatrixXd WX = w.size() ? Eigen::MatrixXd(Xt.array().colwise() * w.array()) : Xt;
  Eigen::MatrixXd xtx = Xt.transpose() * WX;
  std::vector<bool> within_fe;
  auto kept = independent_columns(xtx, raw_ss, opts.collinearity_tol, &within_fe);
  Eigen::MatrixXd Xk(Xt.rows(), static_cast<Eigen::Index>(kept.size()));
  for (size_t a = 0; a < kept.size(); ++a) {
    Xk.col(static_cast<Eigen::Index>(a)) = Xt.col(kept[a]);
    r.names.push_back(mf.names[static_cast<size_t>(kept[a])]);
  }
  for (Eigen::Index j = 0; j < Xt.cols(); ++j) {
    if (std::find(kept.begin(), kept.end(), j) != kept.end()) continue;
    r.dropped_collinear.push_back(mf.names[static_cast<size_t>(j)]);
    r.messages.push_back(fmt::format("{} omitted because of collinearity{}.", mf.names[static_cast<size_t>(j)],
                                     within_fe[static_cast<size_t>(j)] ? " with the fixed effects" : ""));
  }
  { Eigen::MatrixXd().swap(mf.X); }

  const Eigen::Index k = Xk.cols();
  Eigen::MatrixXd xtxk(k, k);
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = 0; b < k; ++b) xtxk(a, b) = xtx(kept[static_cast<size_t>(a)], kept[static_cast<size_t>(b)]);
  Eigen::LLT<Eigen::MatrixXd> llt(xtxk);
  Eigen::MatrixXd bread = llt.solve(Eigen::MatrixXd::Identity(k, k));
  Eigen::VectorXd xty = w.size() ? Eigen::VectorXd(Xk.transpose() * (yt.array() * w.array()).matrix()) : Eigen::VectorXd(Xk.transpose() * yt);
  r.coef = llt.solve(xty);
  Eigen::VectorXd e = yt - Xk * r.coef;
  r.rss = weighted_dot(e, e, w);

  r.df_a = absorbed_dof(mf.fixed_effects, opts.cluster.empty() ? std::vector<Grouping>{} : mf.clusters, &r.fixed_effects);
  bool any_nested = false;
  for (const auto& fi : r.fixed_effects) any_nested = any_nested || fi.nested_in_cluster;
  VcovInput vin;
  vin.X = &Xk;
  vin.e = &e;
  vin.w = &w;
  vin.bread = bread;
  vin.clusters = &mf.clusters;
  vin.type = opts.cluster.empty() ? opts.vcov : VcovType::kCluster;
  vin.df_a = r.df_a;
  vin.any_nested = any_nested;
  vin.small_sample = opts.small_sample;
  compute_vcov(vin, r);

  r.se = r.vcov.diagonal().cwiseSqrt();
  r.t = r.coef.cwiseQuotient(r.se);
  const double crit = t_quantile(0.975, r.df_resid);
  r.p.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) r.p[j] = t_two_sided_p(r.t[j], r.df_resid);
  r.ci_low = r.coef - crit * r.se;
  r.ci_high = r.coef + crit * r.se;

  // Fit statistics as fixest reports them: adjusted R² counts every FE coefficient minus one
  // reference per extra FE (nparams); within R² uses the demeaned outcome.
  const double n = static_cast<double>(r.nobs);
  double fe_params = 0;
  for (const auto& g : mf.fixed_effects) fe_params += g.levels;
  if (!mf.fixed_effects.empty()) fe_params -= static_cast<double>(mf.fixed_effects.size()) - 1.0;
  const double nparams = static_cast<double>(k) + fe_params;
  r.r2 = 1.0 - r.rss / r.tss;
  r.adj_r2 = 1.0 - (1.0 - r.r2) * (n - 1.0) / (n - nparams);
  r.within_r2 = 1.0 - r.rss / r.tss_within;
  r.within_adj_r2 = 1.0 - (1.0 - r.within_r2) * (n - fe_params) / (n - nparams);

  // Wald F that all slopes are zero (the intercept is not tested), with the model's VCOV.
  std::vector<Eigen::Index> slopes;
  for (Eigen::Index j = 0; j < k; ++j)
    if (r.names[static_cast<size_t>(j)] != "(Intercept)") slopes.push_back(j);
  if (!slopes.empty()) {
    const auto q = static_cast<Eigen::Index>(slopes.size());
    Eigen::VectorXd b(q);
    Eigen::MatrixXd v(q, q);
    for (Eigen::Index a = 0; a < q; ++a) {
      b[a] = r.coef[slopes[static_cast<size_t>(a)]];
      for (Eigen::Index c = 0; c < q; ++c) v(a, c) = r.vcov(slopes[static_cast<size_t>(a)], slopes[static_cast<size_t>(c)]);
    }
    r.f_stat = b.dot(v.ldlt().solve(b)) / static_cast<double>(q);
    r.f_p = f_upper_p(r.f_stat, static_cast<double>(q), r.df_resid);
  }
  return r;
}

}  // namespace tradedig::measure
