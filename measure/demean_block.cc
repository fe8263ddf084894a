// Block version of the CG-accelerated symmetric Kaczmarz demeaning (see demean.cc for why it
// converges): the same iteration for several columns in lock step on a row-major copy, so that one
// pass over the observations updates every column's FE means with one random access per row.
#include <algorithm>
#include <cmath>

#include "measure/model_frame.h"

namespace tradedig::measure {

void FixedEffectProjector::annihilate_rows(size_t j, RowMatrix& v) const {
  const auto& codes = fes_[j].codes;
  const auto& inv = inv_weight_[j];
  const Eigen::Index p = v.cols(), n = v.rows();
  std::vector<double> mean(inv.size() * static_cast<size_t>(p), 0.0);
  double* data = v.data();
  for (Eigen::Index i = 0; i < n; ++i) {
    const double wi = w_.size() ? w_[i] : 1.0;
    double* m = &mean[static_cast<size_t>(codes[static_cast<size_t>(i)]) * static_cast<size_t>(p)];
    const double* row = data + i * p;
    for (Eigen::Index c = 0; c < p; ++c) m[c] += wi * row[c];
  }
  for (size_t l = 0; l < inv.size(); ++l)
    for (Eigen::Index c = 0; c < p; ++c) mean[l * static_cast<size_t>(p) + static_cast<size_t>(c)] *= inv[l];
  for (Eigen::Index i = 0; i < n; ++i) {
    const double* m = &mean[static_cast<size_t>(codes[static_cast<size_t>(i)]) * static_cast<size_t>(p)];
    double* row = data + i * p;
    for (Eigen::Index c = 0; c < p; ++c) row[c] -= m[c];
  }
}

void FixedEffectProjector::sweep_rows(RowMatrix& v) const {
  const size_t k = fes_.size();
  for (size_t j = 0; j < k; ++j) annihilate_rows(j, v);
  for (size_t j = k - 1; j-- > 0;) annihilate_rows(j, v);
}

Eigen::VectorXd FixedEffectProjector::column_dots(const RowMatrix& a, const RowMatrix& b) const {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(a.cols());
  const Eigen::Index p = a.cols();
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    const double wi = w_.size() ? w_[i] : 1.0;
    for (Eigen::Index c = 0; c < p; ++c) out[c] += wi * a(i, c) * b(i, c);
  }
  return out;
}

int FixedEffectProjector::demean_chunk(RowMatrix& v, double tol, int max_iter, bool* converged) const {
  const Eigen::Index p = v.cols();
  RowMatrix r = v;
  sweep_rows(r);
  r = v - r;
  Eigen::VectorXd rr = column_dots(r, r);
  const Eigen::VectorXd r0 = rr.cwiseSqrt();
  std::vector<char> active(static_cast<size_t>(p));
  for (Eigen::Index c = 0; c < p; ++c) active[static_cast<size_t>(c)] = r0[c] > 0;
  RowMatrix w = RowMatrix::Zero(v.rows(), p), dir = r, ap(v.rows(), p);
  int it = 0;
  while (it < max_iter && std::any_of(active.begin(), active.end(), [](char a) { return a != 0; })) {
    ++it;
    ap = dir;
    sweep_rows(ap);
    ap = dir - ap;
    const Eigen::VectorXd pap = column_dots(dir, ap);
    Eigen::VectorXd alpha = Eigen::VectorXd::Zero(p), beta = Eigen::VectorXd::Zero(p);
    for (Eigen::Index c = 0; c < p; ++c) {
      if (!active[static_cast<size_t>(c)]) continue;
      if (pap[c] <= 0) {  // no component left in span(D): converged to rounding
        active[static_cast<size_t>(c)] = 0;
        continue;
      }
      alpha[c] = rr[c] / pap[c];
    }
    w.noalias() += dir * alpha.asDiagonal();
    r.noalias() -= ap * alpha.asDiagonal();
    const Eigen::VectorXd rr_new = column_dots(r, r);
    for (Eigen::Index c = 0; c < p; ++c) {
      if (!active[static_cast<size_t>(c)]) continue;
      if (std::sqrt(rr_new[c]) <= tol * r0[c]) active[static_cast<size_t>(c)] = 0;
      else beta[c] = rr_new[c] / rr[c];
      rr[c] = rr_new[c];
    }
    // Finished columns get a zero direction, so later sweeps leave their w untouched.
    for (Eigen::Index c = 0; c < p; ++c)
      if (!active[static_cast<size_t>(c)]) dir.col(c).setZero();
      else dir.col(c) = r.col(c) + beta[c] * dir.col(c);
  }
  *converged = std::none_of(active.begin(), active.end(), [](char a) { return a != 0; });
  v -= w;
  return it;
}

int FixedEffectProjector::demean_columns(Eigen::Ref<Eigen::MatrixXd> m, double tol, int max_iter, bool* converged,
                                         int chunk) const {
  *converged = true;
  if (fes_.empty() || m.cols() == 0) return 0;
  if (fes_.size() == 1) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) annihilate(0, m.col(c));
    return 1;
  }
  int iterations = 0;
  for (Eigen::Index start = 0; start < m.cols(); start += chunk) {
    const Eigen::Index width = std::min<Eigen::Index>(chunk, m.cols() - start);
    RowMatrix block = m.middleCols(start, width);
    bool ok = true;
    iterations = std::max(iterations, demean_chunk(block, tol, max_iter, &ok));
    *converged = *converged && ok;
    m.middleCols(start, width) = block;
  }
  return iterations;
}

}  // namespace tradedig::measure
