// Heckman two-step with the corrected VCOV, and the IMR-as-regressor form with absorbed FE.
#include "measure/heckman.h"

#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "measure/model_frame.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

constexpr const char* kLambda = "lambda";

// λ_i = φ(z_iγ)/Φ(z_iγ) on the selected observations of the probit (NaN elsewhere), as a column
// of a copy of `d`.
DataFrame with_lambda(const DataFrame& d, const BinaryFit& sel) {
  std::vector<double> lam(static_cast<size_t>(d.rows()), std::numeric_limits<double>::quiet_NaN());
  for (size_t i = 0; i < sel.rows.size(); ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    if (sel.y[ii] == 1) lam[static_cast<size_t>(sel.rows[i])] = normal_pdf(sel.xb[ii]) / normal_cdf(sel.xb[ii]);
  }
  DataFrame out = d;
  out.add_numeric_column(kLambda, std::move(lam));
  return out;
}

Formula with_lambda_term(Formula f) {
  auto e = std::make_shared<Expr>();
  e->kind = Expr::Kind::kVariable;
  e->name = kLambda;
  TermPart p;
  p.expr = e;
  p.label = kLambda;
  Term t;
  t.parts.push_back(p);
  t.label = kLambda;
  f.terms.push_back(std::move(t));
  f.text += " + lambda";
  return f;
}

BinaryFit selection_probit(const Formula& selection, const DataFrame& d, BinaryOptions o) {
  o.link = Link::kProbit;
  BinaryFit sel = fit_binary(selection, d, o);
  if (sel.y.sum() == 0) throw UserError("No observation is selected (the selection outcome is never 1).");
  return sel;
}

void add_counts(HeckmanResult& h) {
  h.n_total = h.selection.fit.nobs;
  h.n_selected = h.outcome.nobs;
  h.outcome.extra_stats.emplace_back("Selected / total N", fmt::format("{} / {}", h.n_selected, h.n_total));
}

}  // namespace

HeckmanResult heckman_two_step(const Formula& outcome, const Formula& selection, const DataFrame& d,
                               const BinaryOptions& probit) {
  if (!outcome.fixed_effects.empty())
    throw UserError("The corrected two-step VCOV is for an outcome equation without fixed effects; use the IMR form "
                    "(--imr) to absorb fixed effects.");
  HeckmanResult h;
  BinaryOptions iid = probit;
  iid.vcov = VcovType::kIid;
  iid.cluster.clear();
  h.selection = selection_probit(selection, d, iid);
  const DataFrame d2 = with_lambda(d, h.selection);
  const Formula f2 = with_lambda_term(outcome);
  FitOptions plain;
  plain.drop_singletons = false;
  FitResult ols = feols(f2, d2, plain);
  const ModelFrame mf = build_model_frame(f2, d2, plain);
  if (!ols.dropped_collinear.empty())
    throw UserError(fmt::format("The outcome equation has collinear regressors ({}); remove them.",
                                ols.dropped_collinear.front()));

  // Selection-equation rows of the outcome observations.
  std::unordered_map<int64_t, Eigen::Index> sel_index;
  for (size_t i = 0; i < h.selection.rows.size(); ++i) sel_index[h.selection.rows[i]] = static_cast<Eigen::Index>(i);
  const Eigen::Index n1 = mf.y.size(), k = mf.X.cols(), kz = h.selection.X.cols();
  Eigen::MatrixXd Z(n1, kz);
  Eigen::VectorXd delta(n1);
  const Eigen::Index lam_col = k - 1;
  for (Eigen::Index i = 0; i < n1; ++i) {
    auto it = sel_index.find(mf.rows[static_cast<size_t>(i)]);
    if (it == sel_index.end())
      throw UserError("An outcome observation is missing from the selection equation.");  // cannot happen: λ is NaN
    Z.row(i) = h.selection.X.row(it->second);
    const double zg = h.selection.xb[it->second], lam = mf.X(i, lam_col);
    delta[i] = lam * (lam + zg);
  }
  const Eigen::VectorXd e = mf.y - mf.X * ols.coef;
  const double b_lambda = ols.coef[lam_col];
  const double sigma2 = e.squaredNorm() / static_cast<double>(n1) + b_lambda * b_lambda * delta.mean();
  h.sigma = std::sqrt(sigma2);
  h.rho = b_lambda / h.sigma;
  const double rho2 = h.rho * h.rho;
  const Eigen::MatrixXd xtx_inv = (mf.X.transpose() * mf.X).ldlt().solve(Eigen::MatrixXd::Identity(k, k));
  const Eigen::MatrixXd xdx = mf.X.transpose() * (mf.X.array().colwise() * delta.array()).matrix();
  const Eigen::MatrixXd xdz = mf.X.transpose() * (Z.array().colwise() * delta.array()).matrix();
  const Eigen::MatrixXd middle = mf.X.transpose() * mf.X - rho2 * xdx + rho2 * xdz * h.selection.fit.vcov * xdz.transpose();

  FitResult& r = h.outcome;
  r = ols;
  r.estimator = "Heckman two-step";
  r.vcov = sigma2 * xtx_inv * middle * xtx_inv;
  r.vcov_type = "Heckman two-step";
  r.df_resid = std::numeric_limits<double>::infinity();  // z statistics, as Stata's heckman
  fill_inference(r);
  r.r2 = r.adj_r2 = r.within_r2 = r.within_adj_r2 = std::numeric_limits<double>::quiet_NaN();
  r.extra_stats = {{"sigma", fmt::format("{:.4f}", h.sigma)}, {"rho", fmt::format("{:.4f}", h.rho)}};
  add_counts(h);
  return h;
}

HeckmanResult heckman_imr(const Formula& outcome, const Formula& selection, const DataFrame& d,
                          const FitOptions& opts, const BinaryOptions& probit) {
  HeckmanResult h;
  h.selection = selection_probit(selection, d, probit);
  h.outcome = feols(with_lambda_term(outcome), with_lambda(d, h.selection), opts);
  h.outcome.estimator = "OLS with IMR";
  h.outcome.messages.push_back(
      "OLS with the inverse Mills ratio as a regressor: the SEs do not account for the estimated first step.");
  add_counts(h);
  return h;
}

}  // namespace tradedig::measure
