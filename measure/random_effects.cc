// Swamy–Arora random effects: within and T_i-weighted between regressions give the variance
// components, then OLS on quasi-demeaned data (plm ercomp "swar", Baltagi 2013 §2.3 and §9.2).
#include "measure/random_effects.h"

#include <cmath>
#include <unordered_set>

#include <fmt/format.h>

#include "measure/model_frame.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

// Least squares of y on the columns of X; throws UserError when X is rank deficient.
Eigen::VectorXd least_squares(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const char* what) {
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
  qr.setThreshold(1e-10);
  if (qr.rank() < X.cols())
    throw UserError(fmt::format("The regressors of the {} regression are collinear; drop one of them.", what));
  return qr.solve(y);
}

void check_unique_periods(const DataFrame& d, const std::string& time, const Grouping& unit,
                          const std::vector<int64_t>& rows) {
  const Column* c = d.find(time);
  if (!c) throw UserError(fmt::format("The time variable {} is not in the data.", time));
  int32_t levels = 0;
  auto t = factor_codes(*c, &levels);
  std::unordered_set<int64_t> seen;
  for (size_t i = 0; i < rows.size(); ++i) {
    const int32_t ti = t[static_cast<size_t>(rows[i])];
    if (ti < 0) continue;
    if (!seen.insert(static_cast<int64_t>(unit.codes[i]) * levels + ti).second)
      throw UserError(
          fmt::format("Some ({}, {}) pairs occur more than once; a panel has one observation per unit and period.",
                      unit.name, time));
  }
}

}  // namespace

RandomEffectsFit random_effects(const Formula& f, const DataFrame& d, const PanelOptions& o) {
  if (o.id.empty()) throw UserError("Random effects need the unit identifier (--id).");
  if (!f.fixed_effects.empty())
    throw UserError(
        "A random-effects formula has no `| fixed effects` part; the individual effect is the --id variable.");
  Formula fr = f;
  fr.intercept = true;
  FitOptions fo;
  fo.cluster = {o.id};  // the unit grouping of the estimation sample, rows with a missing id dropped
  fo.drop_singletons = false;
  ModelFrame mf = build_model_frame(fr, d, fo);
  const Grouping& unit = mf.clusters[0];
  if (!o.time.empty()) check_unique_periods(d, o.time, unit, mf.rows);

  const Eigen::Index N = mf.y.size(), cols = mf.X.cols();
  const auto n = static_cast<Eigen::Index>(unit.levels);
  const double K = static_cast<double>(cols - 1);
  if (static_cast<double>(n) < K + 2)
    throw UserError(fmt::format("Random effects need more units ({}) than regressors + 1 ({}).", n, cols));

  Eigen::VectorXd T = Eigen::VectorXd::Zero(n), ybar = Eigen::VectorXd::Zero(n);
  Eigen::MatrixXd Zbar = Eigen::MatrixXd::Zero(n, cols);
  for (Eigen::Index i = 0; i < N; ++i) {
    const auto g = unit.codes[static_cast<size_t>(i)];
    T[g] += 1;
    ybar[g] += mf.y[i];
    Zbar.row(g) += mf.X.row(i);
  }
  ybar.array() /= T.array();
  Zbar.array().colwise() /= T.array();

  // Within regression on the regressors that vary within units (plm drops the others).
  Eigen::VectorXd yw(N);
  Eigen::MatrixXd Xw(N, cols);
  for (Eigen::Index i = 0; i < N; ++i) {
    const auto g = unit.codes[static_cast<size_t>(i)];
    yw[i] = mf.y[i] - ybar[g];
    Xw.row(i) = mf.X.row(i) - Zbar.row(g);
  }
  std::vector<Eigen::Index> varying;
  for (Eigen::Index j = 0; j < cols; ++j)
    if (Xw.col(j).squaredNorm() > 1e-12 * mf.X.col(j).squaredNorm()) varying.push_back(j);
  Eigen::MatrixXd Xv(N, static_cast<Eigen::Index>(varying.size()));
  for (size_t a = 0; a < varying.size(); ++a) Xv.col(static_cast<Eigen::Index>(a)) = Xw.col(varying[a]);
  const double kw = static_cast<double>(varying.size());
  const double ssr_within =
      varying.empty() ? yw.squaredNorm() : (yw - Xv * least_squares(Xv, yw, "within")).squaredNorm();
  const double df_within = static_cast<double>(N - n) - kw;
  if (df_within <= 0) throw UserError("The within regression has no residual degrees of freedom.");

  // Between regression of unit means, each unit weighted by T_i (plm's "Between" model).
  const Eigen::VectorXd sqrt_t = T.cwiseSqrt();
  Eigen::MatrixXd Zs = Zbar.array().colwise() * sqrt_t.array();
  Eigen::VectorXd eb = ybar - Zbar * least_squares(Zs, ybar.cwiseProduct(sqrt_t), "between");
  const double q_between = (eb.array().square() * T.array()).sum();
  const Eigen::MatrixXd A = Zbar.transpose() * T.asDiagonal() * Zbar;
  const Eigen::MatrixXd B = Zbar.transpose() * T.cwiseProduct(T).asDiagonal() * Zbar;
  const double m_eta = static_cast<double>(N) - A.ldlt().solve(B).trace();

  RandomEffectsFit re;
  re.sigma2_idios = ssr_within / df_within;
  re.sigma2_id = (q_between - (static_cast<double>(n) - K - 1.0) * re.sigma2_idios) / m_eta;
  FitResult& r = re.fit;
  if (re.sigma2_id < 0) {
    r.messages.push_back(
        fmt::format("The estimated individual variance was negative ({:.6g}) and is set to 0, as plm does: "
                    "the random-effects estimates equal pooled OLS.",
                    re.sigma2_id));
    re.sigma2_id = 0;
  }
  re.units = n;
  re.t_min = static_cast<int64_t>(T.minCoeff());
  re.t_max = static_cast<int64_t>(T.maxCoeff());
  re.balanced = re.t_min == re.t_max;

  // Quasi-demeaned OLS.
  re.theta.resize(N);
  Eigen::VectorXd ys(N);
  Eigen::MatrixXd Xs(N, cols);
  for (Eigen::Index i = 0; i < N; ++i) {
    const auto g = unit.codes[static_cast<size_t>(i)];
    const double th = 1.0 - std::sqrt(re.sigma2_idios / (re.sigma2_idios + T[g] * re.sigma2_id));
    re.theta[i] = th;
    ys[i] = mf.y[i] - th * ybar[g];
    Xs.row(i) = mf.X.row(i) - th * Zbar.row(g);
  }
  re.theta_min = re.theta.minCoeff();
  re.theta_max = re.theta.maxCoeff();
  r.coef = least_squares(Xs, ys, "random-effects");
  const Eigen::VectorXd e = ys - Xs * r.coef;

  r.formula = f.text;
  r.estimator = "RE (Swamy-Arora)";
  r.names = mf.names;
  r.nobs = N;
  r.n_missing = mf.n_missing;
  r.rss = e.squaredNorm();
  r.df_resid = static_cast<double>(N) - K - 1.0;
  r.vcov = r.rss / r.df_resid * (Xs.transpose() * Xs).inverse();
  r.vcov_type = "iid";
  r.se = r.vcov.diagonal().cwiseSqrt();
  r.t = r.coef.cwiseQuotient(r.se);
  r.p.resize(cols);
  for (Eigen::Index j = 0; j < cols; ++j) r.p[j] = t_two_sided_p(r.t[j], r.df_resid);
  const double crit = t_quantile(0.975, r.df_resid);
  r.ci_low = r.coef - crit * r.se;
  r.ci_high = r.coef + crit * r.se;
  // R² of the transformed regression (plm's summary of a random model).
  r.tss = (ys.array() - ys.mean()).square().sum();
  r.r2 = 1.0 - r.rss / r.tss;
  r.adj_r2 = r.within_r2 = r.within_adj_r2 = std::nan("");
  r.tss_within = std::nan("");

  const std::string theta_text =
      re.balanced ? fmt::format("{:.4f}", re.theta_min) : fmt::format("{:.4f}-{:.4f}", re.theta_min, re.theta_max);
  r.extra_stats = {{"theta", theta_text},
                   {"sigma_u", fmt::format("{:.4f}", std::sqrt(re.sigma2_id))},
                   {"sigma_e", fmt::format("{:.4f}", std::sqrt(re.sigma2_idios))}};
  if (!re.balanced)
    r.messages.push_back(
        fmt::format("Unbalanced panel: {} units with {} to {} observations each.", n, re.t_min, re.t_max));
  return re;
}

}  // namespace tradedig::measure
