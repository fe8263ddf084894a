// Probit and logit by maximum likelihood, with average marginal effects (Stata `margins, dydx(*)`).
//
//   BinaryFit p = fit_binary(parse_formula("inlf ~ nwifeinc + educ + exper"), d, {.link = Link::kProbit});
//   FitResult ame = average_marginal_effects(p);          // delta-method SEs
//   render_table({p.fit, ame}, TableFormat::kText);
//
// Estimation: Newton–Raphson on the log likelihood with step halving (line search), started at zero;
// converged when the Newton decrement g'(−H)⁻¹g falls below tolerance·(1 + |log L|), or when a full
// Newton step changes no coefficient by more than 1e-12 (relative). Fixed effects in the
// formula (`| fe1 + fe2`) enter as dummy variables (first level omitted), allowed up to
// `max_fe_levels` levels in all; an incidental-parameters warning is added to messages.
// VCOV: iid = inverse observed information (Stata default, "OIM"; or expected, R's glm); kHetero = sandwich with N/(N-1)
// (Stata `vce(robust)`); cluster = sandwich with G/(G-1) (Stata `vce(cluster)` for ML models).
// Errors (UserError): outcome not 0/1, no variation, perfect prediction that makes a coefficient
// diverge (names the variable), non-convergence within max_iterations.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "measure/estimate.h"

namespace tradedig::measure {

enum class Link { kProbit, kLogit };

struct BinaryOptions {
  Link link = Link::kProbit;
  VcovType vcov = VcovType::kIid;
  std::vector<std::string> cluster;  // sets kCluster
  int max_iterations = 100;
  double tolerance = 1e-20;
  int64_t max_fe_levels = 2000;
  // The iid VCOV from the expected information (R's glm, "EIM") instead of the observed one
  // (Stata's default, "OIM"). The two differ for probit only; logit's link is canonical.
  bool expected_information = false;
};

struct BinaryFit {
  FitResult fit;                  // estimator "Probit"/"Logit"; t and p are z statistics (normal)
  Link link = Link::kProbit;
  Eigen::MatrixXd X;              // regressors of the estimation sample (incl. intercept and FE dummies)
  Eigen::VectorXd y;              // 0/1 outcome
  Eigen::VectorXd xb;             // linear index X·β
  std::vector<int64_t> rows;      // DataFrame row behind each observation
  std::vector<std::string> dummy_names;  // regressors that are 0/1 (discrete AME by default)
  double log_likelihood = 0, log_likelihood_null = 0, pseudo_r2 = 0;  // McFadden
  int iterations = 0;
};

BinaryFit fit_binary(const Formula& f, const DataFrame& d, const BinaryOptions& opts = {});

// Pr(y = 1) for each observation of the estimation sample.
Eigen::VectorXd predicted_probability(const BinaryFit& b);

// Average marginal effects of every regressor except the intercept and FE dummies, delta-method SEs
// from b.fit.vcov. Regressors named in `discrete` use the discrete change F(x'β | x_j = 1) −
// F(x'β | x_j = 0); pass `discrete = b.dummy_names` for Stata's `i.` treatment of 0/1 variables.
FitResult average_marginal_effects(const BinaryFit& b, const std::vector<std::string>& discrete = {});

}  // namespace tradedig::measure
