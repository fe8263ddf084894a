// The production-panel simulator: AR(1) productivity, a static labour choice with a wage shock,
// and investment/materials policies that are monotone in productivity.
#include "measure/simulate_production.h"

#include <cmath>
#include <random>

namespace tradedig::measure {

ProductionPanel simulate_production(const ProductionSimOptions& o) {
  ProductionPanel p;
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> std_normal(0.0, 1.0);
  const double omega_sd = o.sigma_xi / std::sqrt(1.0 - o.rho * o.rho);
  const size_t rows = static_cast<size_t>(o.firms) * static_cast<size_t>(o.years);
  for (auto* v : {&p.y, &p.l, &p.k, &p.i, &p.m, &p.omega}) v->reserve(rows);
  for (int64_t f = 0; f < o.firms; ++f) {
    double omega = omega_sd * std_normal(rng);
    double k = o.k0_mean + o.k0_sd * std_normal(rng);
    for (int t = -o.burn_in; t < o.years; ++t) {
      if (t > -o.burn_in) omega = o.rho * omega + o.sigma_xi * std_normal(rng);
      const double wage = o.sigma_wage * std_normal(rng);
      const double l = (std::log(o.beta_l) + omega + o.beta_k * k - wage) / (1.0 - o.beta_l);
      const double inv = o.psi0 + o.psi_k * k + o.psi_omega * omega + o.psi3 * omega * omega * omega;
      const double mat = o.mu0 + o.mu_k * k + o.mu_omega * omega + o.mu3 * omega * omega * omega;
      const double eps = o.sigma_eps * std_normal(rng);
      if (t >= 0) {
        p.firm.push_back(f + 1);
        p.year.push_back(o.first_year + t);
        p.y.push_back(o.beta_l * l + o.beta_k * k + o.beta_m * mat + omega + eps);
        p.l.push_back(l);
        p.k.push_back(k);
        p.i.push_back(inv);
        p.m.push_back(mat);
        p.omega.push_back(omega);
      }
      k = std::log((1.0 - o.delta) * std::exp(k) + std::exp(inv));
    }
  }
  return p;
}

DataFrame production_data_frame(const ProductionPanel& p) {
  DataFrame d;
  d.add_numeric_column("firm", std::vector<double>(p.firm.begin(), p.firm.end()));
  d.add_numeric_column("year", std::vector<double>(p.year.begin(), p.year.end()));
  d.add_numeric_column("y", p.y);
  d.add_numeric_column("l", p.l);
  d.add_numeric_column("k", p.k);
  d.add_numeric_column("i", p.i);
  d.add_numeric_column("m", p.m);
  d.add_numeric_column("omega", p.omega);
  return d;
}

}  // namespace tradedig::measure
