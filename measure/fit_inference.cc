// What every linear fit reports once its coefficients and VCOV are known: SEs, t, p, intervals,
// R² in fixest's three flavours and the Wald F that the slopes are zero.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "measure/model_frame.h"

namespace tradedig::measure {

double weighted_dot(Eigen::Ref<const Eigen::VectorXd> a, Eigen::Ref<const Eigen::VectorXd> b, const Eigen::VectorXd& w) {
  return w.size() ? (a.array() * b.array() * w.array()).sum() : a.dot(b);
}

Eigen::MatrixXd weighted_crossprod(const Eigen::MatrixXd& X, const Eigen::VectorXd& d) {
  const Eigen::Index k = X.cols(), n = X.rows(), block = 4096;
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(k, k);
  if (d.size() == 0) {
    out.selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
  } else {
    Eigen::MatrixXd scaled(block, k);
    for (Eigen::Index start = 0; start < n; start += block) {
      const Eigen::Index rows = std::min(block, n - start);
      const auto part = X.middleRows(start, rows);
      scaled.topRows(rows) = d.segment(start, rows).asDiagonal() * part;
      out.noalias() += part.transpose() * scaled.topRows(rows);
    }
  }
  return out.selfadjointView<Eigen::Lower>();
}

void describe_sample(const ModelFrame& mf, FitResult& r) {
  r.nobs = mf.y.size();
  r.n_singletons = mf.n_singletons;
  r.n_missing = mf.n_missing;
  if (mf.n_singletons > 0)
    r.messages.push_back(fmt::format("{} singleton observation{} dropped (iteratively, as reghdfe does).",
                                     mf.n_singletons, mf.n_singletons == 1 ? "" : "s"));
}

void fill_inference(FitResult& r) {
  const Eigen::Index k = r.coef.size();
  r.se = r.vcov.diagonal().cwiseSqrt();
  r.t = r.coef.cwiseQuotient(r.se);
  const double crit = t_quantile(0.975, r.df_resid);
  r.p.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) r.p[j] = t_two_sided_p(r.t[j], r.df_resid);
  r.ci_low = r.coef - crit * r.se;
  r.ci_high = r.coef + crit * r.se;
}

double wald_f(const FitResult& r, const std::vector<Eigen::Index>& idx) {
  const auto q = static_cast<Eigen::Index>(idx.size());
  Eigen::VectorXd b(q);
  Eigen::MatrixXd v(q, q);
  for (Eigen::Index a = 0; a < q; ++a) {
    b[a] = r.coef[idx[static_cast<size_t>(a)]];
    for (Eigen::Index c = 0; c < q; ++c) v(a, c) = r.vcov(idx[static_cast<size_t>(a)], idx[static_cast<size_t>(c)]);
  }
  return b.dot(v.ldlt().solve(b)) / static_cast<double>(q);
}

void fill_fit_statistics(FitResult& r, const std::vector<Grouping>& fes) {
  // Fit statistics as fixest reports them: adjusted R² counts every FE coefficient minus one
  // reference per extra FE (nparams); within R² uses the demeaned outcome.
  const double n = static_cast<double>(r.nobs);
  double fe_params = 0;
  for (const auto& g : fes) fe_params += g.levels;
  if (!fes.empty()) fe_params -= static_cast<double>(fes.size()) - 1.0;
  const double nparams = static_cast<double>(r.coef.size()) + fe_params;
  r.r2 = 1.0 - r.rss / r.tss;
  r.adj_r2 = 1.0 - (1.0 - r.r2) * (n - 1.0) / (n - nparams);
  r.within_r2 = 1.0 - r.rss / r.tss_within;
  r.within_adj_r2 = 1.0 - (1.0 - r.within_r2) * (n - fe_params) / (n - nparams);

  // Wald F that all slopes are zero (the intercept is not tested), with the model's VCOV.
  std::vector<Eigen::Index> slopes;
  for (Eigen::Index j = 0; j < r.coef.size(); ++j)
    if (r.names[static_cast<size_t>(j)] != "(Intercept)") slopes.push_back(j);
  if (!slopes.empty()) {
    r.f_stat = wald_f(r, slopes);
    r.f_p = f_upper_p(r.f_stat, static_cast<double>(slopes.size()), r.df_resid);
  }
}

}  // namespace tradedig::measure
