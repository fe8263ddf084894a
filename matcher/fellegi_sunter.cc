// EM for the Fellegi–Sunter mixture (Winkler 1988; fastLink, Enamorado et al. 2019, eq. 3–5):
// each comparison vector comes from the match class with probability lambda, and within a
// class the fields are independent categorical variables.
#include <algorithm>
#include <cmath>

#include "matcher/matcher.h"

namespace tradedig::matcher {

namespace {
// Keeps every probability away from 0 so a level never seen in one class cannot veto a pair.
constexpr double kFloor = 1e-6;

double class_likelihood(const std::vector<std::vector<double>>& p, const std::vector<uint8_t>& g) {
  double l = 1.0;
  for (size_t f = 0; f < g.size(); ++f) l *= p[f][g[f]];
  return l;
}
}  // namespace

double match_probability(const FsModel& model, const std::vector<uint8_t>& gamma) {
  double pm = model.lambda * class_likelihood(model.m, gamma);
  double pu = (1 - model.lambda) * class_likelihood(model.u, gamma);
  return pm + pu > 0 ? pm / (pm + pu) : 0.0;
}

FsModel fit_fellegi_sunter(const std::vector<std::vector<uint8_t>>& gammas, const std::vector<int>& levels,
                           int max_iterations) {
  FsModel model;
  const size_t nf = levels.size();
  model.m.resize(nf);
  model.u.resize(nf);
  for (size_t f = 0; f < nf; ++f) {
    const int n = levels[f];
    model.m[f].assign(n, 0.1 / std::max(1, n - 1));
    model.u[f].assign(n, 0.1 / std::max(1, n - 1));
    model.m[f][0] = 0.9;
    model.u[f][n - 1] = 0.9;
    if (n == 1) model.m[f][0] = model.u[f][0] = 1.0;
  }
  model.lambda = 0.1;
  if (gammas.empty()) return model;

  std::vector<std::vector<double>> m_acc(nf), u_acc(nf);
  for (int it = 0; it < max_iterations; ++it) {
    for (size_t f = 0; f < nf; ++f) {
      m_acc[f].assign(levels[f], 0.0);
      u_acc[f].assign(levels[f], 0.0);
    }
    double match_mass = 0;
    for (const auto& g : gammas) {
      double w = match_probability(model, g);  // E step
      match_mass += w;
      for (size_t f = 0; f < nf; ++f) {
        m_acc[f][g[f]] += w;
        u_acc[f][g[f]] += 1 - w;
      }
    }
    double change = 0;
    const double n = static_cast<double>(gammas.size());
    double lambda = std::clamp(match_mass / n, kFloor, 1 - kFloor);  // M step
    change = std::max(change, std::abs(lambda - model.lambda));
    model.lambda = lambda;
    for (size_t f = 0; f < nf; ++f)
      for (int l = 0; l < levels[f]; ++l) {
        double m = std::max(kFloor, m_acc[f][l] / std::max(match_mass, kFloor));
        double u = std::max(kFloor, u_acc[f][l] / std::max(n - match_mass, kFloor));
        change = std::max({change, std::abs(m - model.m[f][l]), std::abs(u - model.u[f][l])});
        model.m[f][l] = m;
        model.u[f][l] = u;
      }
    model.iterations = it + 1;
    if (change < 1e-6) break;
  }
  return model;
}

}  // namespace tradedig::matcher
