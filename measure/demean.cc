// Within transformation for several fixed effects: conjugate gradient accelerated alternating
// projections (reghdfe's default technique: symmetric Kaczmarz transform + CG acceleration).
//
// Why this works: with Q_j = I - P_j the W-orthogonal annihilator of fixed effect j, the symmetric
// sweep T = Q_1 Q_2 ... Q_K ... Q_2 Q_1 is W-self-adjoint with spectrum in [0, 1], equals the
// identity on the within space and is a strict contraction on span(D). So A = I - T is SPD on
// span(D) and zero on its complement, and CG on A w = A v from w = 0 converges to the projection
// of v on span(D); v - w is the within-transformed v. One FE needs a single exact projection.
#include <cmath>

#include "measure/model_frame.h"

namespace tradedig::measure {

FixedEffectProjector::FixedEffectProjector(const std::vector<Grouping>& fes, const Eigen::VectorXd& w)
    : fes_(fes), w_(w) {
  for (const auto& g : fes_) {
    std::vector<double> s(static_cast<size_t>(g.levels), 0.0);
    for (size_t i = 0; i < g.codes.size(); ++i) s[static_cast<size_t>(g.codes[i])] += w_.size() ? w_[static_cast<Eigen::Index>(i)] : 1.0;
    for (double& x : s) x = 1.0 / x;
    inv_weight_.push_back(std::move(s));
  }
}

void FixedEffectProjector::annihilate(size_t j, Eigen::Ref<Eigen::VectorXd> v) const {
  const auto& codes = fes_[j].codes;
  const auto& inv = inv_weight_[j];
  std::vector<double> mean(inv.size(), 0.0);
  const Eigen::Index n = v.size();
  if (w_.size()) {
    for (Eigen::Index i = 0; i < n; ++i) mean[static_cast<size_t>(codes[static_cast<size_t>(i)])] += w_[i] * v[i];
  } else {
    for (Eigen::Index i = 0; i < n; ++i) mean[static_cast<size_t>(codes[static_cast<size_t>(i)])] += v[i];
  }
  for (size_t l = 0; l < mean.size(); ++l) mean[l] *= inv[l];
  for (Eigen::Index i = 0; i < n; ++i) v[i] -= mean[static_cast<size_t>(codes[static_cast<size_t>(i)])];
}

void FixedEffectProjector::sweep(Eigen::Ref<Eigen::VectorXd> v) const {
  const size_t k = fes_.size();
  for (size_t j = 0; j < k; ++j) annihilate(j, v);
  for (size_t j = k - 1; j-- > 0;) annihilate(j, v);
}

double FixedEffectProjector::dot(const Eigen::VectorXd& a, const Eigen::VectorXd& b) const {
  if (w_.size()) return (a.array() * b.array() * w_.array()).sum();
  return a.dot(b);
}

int FixedEffectProjector::demean(Eigen::Ref<Eigen::VectorXd> v, double tol, int max_iter, bool* converged) const {
  *converged = true;
  if (fes_.empty()) return 0;
  if (fes_.size() == 1) {
    annihilate(0, v);
    return 1;
  }
  // Solve (I - T) w = (I - T) v by CG in the W inner product.
  Eigen::VectorXd r = v;
  sweep(r);
  r = v - r;
  const double r0 = std::sqrt(dot(r, r));
  if (r0 == 0.0) return 0;
  Eigen::VectorXd w = Eigen::VectorXd::Zero(v.size());
  Eigen::VectorXd p = r, ap(v.size());
  double rr = dot(r, r);
  int it = 0;
  for (; it < max_iter; ++it) {
    ap = p;
    sweep(ap);
    ap = p - ap;
    const double pap = dot(p, ap);
    if (pap <= 0) break;  // p has no component left in span(D): converged to rounding
    const double alpha = rr / pap;
    w.noalias() += alpha * p;
    r.noalias() -= alpha * ap;
    const double rr_new = dot(r, r);
    if (std::sqrt(rr_new) <= tol * r0) {
      ++it;
      rr = rr_new;
      break;
    }
    p = r + (rr_new / rr) * p;
    rr = rr_new;
  }
  if (it >= max_iter && std::sqrt(rr) > tol * r0) *converged = false;
  v -= w;
  return it;
}

}  // namespace tradedig::measure
