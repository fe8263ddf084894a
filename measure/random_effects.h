// Random-effects (individual effects) panel regression by the Swamy–Arora feasible GLS, as plm's
// `plm(model = "random")` computes it on balanced and unbalanced panels (Stata `xtreg, re` agrees
// on balanced ones).
//
//   RandomEffectsFit re = random_effects(parse_formula("inv ~ value + capital"), d, {.id = "firm", .time = "year"});
//   re.fit.coef;   // (Intercept), value, capital
//   re.theta_min;  // θ = 1 − √(σ²_ν / (σ²_ν + T_i σ²_μ)); one value when the panel is balanced
//
// Variance components (plm ercomp, method "swar"; REFERENCES.md §2.3):
//   σ²_ν = SSR_within / (N − n − K_w), K_w = regressors that vary within units;
//   the between regression of unit means on unit means, each unit weighted by its T_i, gives
//   q_b = Σ_i T_i ê_i², and
//     σ²_μ = (q_b − (n − K − 1) σ²_ν) / (N − tr[(Σ T_i z̄_i z̄_i')⁻¹ Σ T_i² z̄_i z̄_i']),
//   K = regressors without the intercept (the denominator is T(n − K − 1) when balanced); a negative
//   σ²_μ is set to 0 (θ = 0: pooled OLS) with a message.
// Estimation: OLS of y_it − θ_i ȳ_i on x_it − θ_i x̄_i (the intercept column becomes 1 − θ_i);
// V = SSR*/(N − K − 1) · (X*'X*)⁻¹, t statistics with N − K − 1 df. The model always has an intercept.
//
// Errors (UserError): a `| fe` part in the formula (the individual effect is `id`), unknown variables,
// fewer units than regressors + 2, (id, time) pairs that occur twice, a collinear design.
#pragma once
#include <cstdint>
#include <string>

#include <Eigen/Dense>

#include "measure/estimate.h"

namespace tradedig::measure {

struct PanelOptions {
  std::string id;    // unit identifier (required)
  std::string time;  // period; optional, used to reject duplicate (id, time) observations
};

struct RandomEffectsFit {
  FitResult fit;            // estimator "RE (Swamy-Arora)"; extra_stats: θ, σ_u, σ_e
  double sigma2_idios = 0;  // σ²_ν
  double sigma2_id = 0;     // σ²_μ
  Eigen::VectorXd theta;    // θ_i of each observation of the estimation sample
  double theta_min = 0, theta_max = 0;
  int64_t units = 0;             // n
  int64_t t_min = 0, t_max = 0;  // observations per unit
  bool balanced = true;          // every unit has the same number of observations
};

RandomEffectsFit random_effects(const Formula& f, const DataFrame& d, const PanelOptions& o);

}  // namespace tradedig::measure
