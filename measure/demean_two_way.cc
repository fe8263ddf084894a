// Exact within transformation for exactly two fixed effects: eliminate the FE with more levels in
// closed form and solve the Schur complement on the other by sparse Cholesky (Eigen's
// SimplicialLDLT, AMD ordering), as suggested for the firm + prov^ind^year model (ISSUE 7).
//
// With D1 the eliminated dummies and M1 their annihilator, min ||v - D1 a1 - D2 a2||_W gives
// S a2 = D2' W M1 v with S = D2' W M1 D2 = diag(n2) - C' diag(1/n1) C, C the weighted cross-tab.
// S is singular by one per connected component of the two FE (mobility groups): one level of
// D2 per component is pinned to zero. One step of iterative refinement follows the solve.
#include <algorithm>

#include <Eigen/SparseCholesky>

#include "measure/model_frame.h"

namespace tradedig::measure {

TwoWayDemeaner::TwoWayDemeaner(const Grouping& a, const Grouping& b, const Eigen::VectorXd& w)
    : big_(a.levels >= b.levels ? a : b), small_(a.levels >= b.levels ? b : a), w_(w) {
  const size_t n = big_.codes.size();
  const auto l1 = static_cast<size_t>(big_.levels), l2 = static_cast<size_t>(small_.levels);
  inv_n1_.assign(l1, 0.0);
  std::vector<double> n2(l2, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const double wi = w_.size() ? w_[static_cast<Eigen::Index>(i)] : 1.0;
    inv_n1_[static_cast<size_t>(big_.codes[i])] += wi;
    n2[static_cast<size_t>(small_.codes[i])] += wi;
  }
  for (double& x : inv_n1_) x = 1.0 / x;

  // Pin one small level per connected component.
  const std::vector<int32_t> root = mobility_groups(big_, small_, nullptr);
  std::vector<char> root_pinned(l1 + l2, 0);
  reduced_.assign(l2, -1);
  int32_t m = 0;
  for (size_t s = 0; s < l2; ++s) {
    const auto r = static_cast<size_t>(root[l1 + s]);
    if (!root_pinned[r]) root_pinned[r] = 1;
    else reduced_[s] = m++;
  }

  // Weighted cross-tab cells (big, small), sorted by big level.
  std::vector<std::pair<int64_t, double>> cells(n);
  for (size_t i = 0; i < n; ++i)
    cells[i] = {static_cast<int64_t>(big_.codes[i]) * static_cast<int64_t>(l2) + small_.codes[i],
                w_.size() ? w_[static_cast<Eigen::Index>(i)] : 1.0};
  std::sort(cells.begin(), cells.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<Eigen::Triplet<double>> trip;
  for (size_t s = 0; s < l2; ++s)
    if (reduced_[s] >= 0) trip.emplace_back(reduced_[s], reduced_[s], n2[s]);
  std::vector<std::pair<int32_t, double>> group;  // (small level, weight) of one big level
  for (size_t i = 0; i < cells.size();) {
    const int64_t big = cells[i].first / static_cast<int64_t>(l2);
    group.clear();
    while (i < cells.size() && cells[i].first / static_cast<int64_t>(l2) == big) {
      const auto s = static_cast<int32_t>(cells[i].first % static_cast<int64_t>(l2));
      if (!group.empty() && group.back().first == s) group.back().second += cells[i].second;
      else group.emplace_back(s, cells[i].second);
      ++i;
    }
    const double inv = inv_n1_[static_cast<size_t>(big)];
    for (const auto& [s1, c1] : group)
      for (const auto& [s2, c2] : group) {
        const int32_t r1 = reduced_[static_cast<size_t>(s1)], r2 = reduced_[static_cast<size_t>(s2)];
        if (r1 >= 0 && r2 >= 0) trip.emplace_back(r1, r2, -c1 * c2 * inv);
      }
  }
  std::vector<std::pair<int64_t, double>>().swap(cells);
  Eigen::SparseMatrix<double> S(m, m);
  S.setFromTriplets(trip.begin(), trip.end());
  std::vector<Eigen::Triplet<double>>().swap(trip);
  solver_.compute(S);
  ok_ = solver_.info() == Eigen::Success;
}

void TwoWayDemeaner::annihilate_big(Eigen::Ref<Eigen::VectorXd> v) const {
  std::vector<double> mean(inv_n1_.size(), 0.0);
  const Eigen::Index n = v.size();
  for (Eigen::Index i = 0; i < n; ++i)
    mean[static_cast<size_t>(big_.codes[static_cast<size_t>(i)])] += (w_.size() ? w_[i] : 1.0) * v[i];
  for (size_t l = 0; l < mean.size(); ++l) mean[l] *= inv_n1_[l];
  for (Eigen::Index i = 0; i < n; ++i) v[i] -= mean[static_cast<size_t>(big_.codes[static_cast<size_t>(i)])];
}

// v <- v - M1 D2 a2, with a2 solving S a2 = D2' W v (v already annihilated by D1).
void TwoWayDemeaner::solve_step(Eigen::Ref<Eigen::VectorXd> v) const {
  const Eigen::Index n = v.size();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(solver_.rows());
  for (Eigen::Index i = 0; i < n; ++i) {
    const int32_t r = reduced_[static_cast<size_t>(small_.codes[static_cast<size_t>(i)])];
    if (r >= 0) rhs[r] += (w_.size() ? w_[i] : 1.0) * v[i];
  }
  const Eigen::VectorXd a2 = solver_.solve(rhs);
  Eigen::VectorXd t(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const int32_t r = reduced_[static_cast<size_t>(small_.codes[static_cast<size_t>(i)])];
    t[i] = r >= 0 ? a2[r] : 0.0;
  }
  annihilate_big(t);
  v -= t;
}

void TwoWayDemeaner::demean(Eigen::Ref<Eigen::VectorXd> v) const {
  annihilate_big(v);
  solve_step(v);
  solve_step(v);  // iterative refinement: removes the rounding left by the first solve
}

}  // namespace tradedig::measure
