// OLS with absorbed fixed effects (Frisch–Waugh–Lovell): demean y and X by the FE, drop collinear
// regressors, solve, and attach inference and fit statistics.
#include <cmath>

#include <fmt/format.h>

#include "measure/model_frame.h"
#include "util/error.h"
#include "util/stopwatch.h"

namespace tradedig::measure {
FitResult feols(const Formula& f, const DataFrame& d, const FitOptions& opts) {
  util::Stopwatch clock;
  ModelFrame mf = build_model_frame(f, d, opts);
  FitResult r;
  r.seconds.emplace_back("model frame", clock.lap());
  r.formula = f.text;
  describe_sample(mf, r);
  const Eigen::VectorXd& w = mf.w;
  const bool frequency = w.size() && opts.weight_type == WeightType::kFrequency;
  // Frequency weights: each row stands for w_i observations (Stata's N = Σ fweights).
  if (frequency) r.nobs = std::llround(w.sum());
  const double sw = w.size() ? w.sum() : static_cast<double>(r.nobs);
  const double ybar = (w.size() ? w.dot(mf.y) : mf.y.sum()) / sw;
  r.tss = w.size() ? ((mf.y.array() - ybar).square() * w.array()).sum() : (mf.y.array() - ybar).square().sum();

  Eigen::VectorXd raw_ss(mf.X.cols());
  for (Eigen::Index j = 0; j < mf.X.cols(); ++j) raw_ss[j] = weighted_dot(mf.X.col(j), mf.X.col(j), w);
  Eigen::VectorXd& yt = mf.y;  // y and X are demeaned in place: the design is held once
  Eigen::MatrixXd& Xt = mf.X;
  partial_out_fixed_effects(mf.fixed_effects, w, opts, yt, Xt, r);
  if (!mf.fixed_effects.empty()) r.seconds.emplace_back("fixed effects", clock.lap());
  r.tss_within = mf.fixed_effects.empty() ? r.tss : weighted_dot(yt, yt, w);

  const Eigen::MatrixXd xtx = weighted_crossprod(Xt, w);
  std::vector<bool> within_fe;
  auto kept = independent_columns(xtx, raw_ss, opts.collinearity_tol, &within_fe);
  for (Eigen::Index j = 0; j < Xt.cols(); ++j) {
    if (std::find(kept.begin(), kept.end(), j) != kept.end()) continue;
    r.dropped_collinear.push_back(mf.names[static_cast<size_t>(j)]);
    r.messages.push_back(fmt::format("{} omitted because of collinearity{}.", mf.names[static_cast<size_t>(j)],
                                     within_fe[static_cast<size_t>(j)] ? " with the fixed effects" : ""));
  }
  // The kept columns move to the front in place (kept is increasing): the design is held once.
  for (size_t a = 0; a < kept.size(); ++a) {
    if (kept[a] != static_cast<Eigen::Index>(a)) Xt.col(static_cast<Eigen::Index>(a)) = Xt.col(kept[a]);
    r.names.push_back(mf.names[static_cast<size_t>(kept[a])]);
  }
  Xt.conservativeResize(Eigen::NoChange, static_cast<Eigen::Index>(kept.size()));
  const Eigen::MatrixXd& Xk = Xt;

  const Eigen::Index k = Xk.cols();
  Eigen::MatrixXd xtxk(k, k);
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = 0; b < k; ++b) xtxk(a, b) = xtx(kept[static_cast<size_t>(a)], kept[static_cast<size_t>(b)]);
  Eigen::LLT<Eigen::MatrixXd> llt(xtxk);
  Eigen::MatrixXd bread = llt.solve(Eigen::MatrixXd::Identity(k, k));
  Eigen::VectorXd xty = w.size() ? Eigen::VectorXd(Xk.transpose() * (yt.array() * w.array()).matrix()) : Eigen::VectorXd(Xk.transpose() * yt);
  r.coef = llt.solve(xty);
  Eigen::VectorXd& e = yt;  // the residuals replace the demeaned y
  e.noalias() -= Xk * r.coef;
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
  vin.frequency_weights = frequency;
  compute_vcov(vin, r);

  fill_inference(r);
  fill_fit_statistics(r, mf.fixed_effects);
  r.seconds.emplace_back("solve and vcov", clock.lap());
  return r;
}

}  // namespace tradedig::measure
