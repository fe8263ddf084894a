// A synthetic production panel with known elasticities, for testing the control-function TFP
// estimators (measure/production_tfp.h). Everything it produces is SYNTHETIC.
//
// Per firm i and year t (after `burn_in` unrecorded years from a stationary ω and dispersed k):
//   ω_t = ρ·ω_{t−1} + ξ_t                         productivity, ξ ~ N(0, sigma_xi²)
//   l_t = (ln β_l + ω_t + β_k·k_t − w_t) / (1 − β_l) labour, static, after ω_t; w_t ~ N(0, sigma_wage²)
//                                                   is an i.i.d. wage shock (identifies β_l)
//   i_t = ψ_0 + ψ_k·k_t + ψ_ω·ω_t + ψ_3·ω_t³       log investment, strictly increasing in ω (OP)
//   m_t = μ_0 + μ_k·k_t + μ_ω·ω_t + μ_3·ω_t³       log materials, strictly increasing in ω (LP)
//   K_{t+1} = (1 − δ)·K_t + exp(i_t)               capital chosen a year ahead
//   y_t = β_l·l_t + β_k·k_t + β_m·m_t + ω_t + ε_t  log output, ε ~ N(0, sigma_eps²) (β_m = 0: value added)
// Neither proxy responds to the wage shock, so the scalar-unobservable assumption of OP/LP holds.
// With β_m ≠ 0 (gross output) m is a function of (k, ω) alone, so given ω_{t−1} the instruments k_t and
// m_{t−1} carry the same information and β_k, β_m are not separately identified (Gandhi, Navarro &
// Rivers 2020): such panels test the first stage (β_l) only.
#pragma once
#include <cstdint>
#include <vector>

#include "measure/estimate.h"

namespace tradedig::measure {

struct ProductionSimOptions {
  int64_t firms = 1000;
  int first_year = 2001, years = 10, burn_in = 10;
  double beta_l = 0.6, beta_k = 0.4, beta_m = 0.0;
  double rho = 0.7, sigma_xi = 0.2, sigma_wage = 0.25, sigma_eps = 0.1, delta = 0.1;
  double k0_mean = 3.0, k0_sd = 1.0;  // initial log capital across firms
  double psi0 = -1.7, psi_k = 0.8, psi_omega = 1.0, psi3 = 0.3;
  double mu0 = 0.5, mu_k = 0.6, mu_omega = 1.2, mu3 = 0.0;  // not an affine map of i, so LP ≠ OP
  uint64_t seed = 20240601;
};

// One row per firm-year, firm-major and year-sorted.
struct ProductionPanel {
  std::vector<int64_t> firm;
  std::vector<int> year;
  std::vector<double> y, l, k, i, m, omega;  // omega: the true log productivity
};

ProductionPanel simulate_production(const ProductionSimOptions& opts);

// Columns firm, year, y, l, k, i, m, omega.
DataFrame production_data_frame(const ProductionPanel& p);

}  // namespace tradedig::measure
