// Kernel matching (psmatch2 `kernel`): every unit is compared with a kernel-weighted mean of the
// other group. Kernels as in psmatch2's _Kernel_ (constants dropped, they cancel on normalising):
// epan 1 − u², biweight (1 − u²)², tricube (1 − |u|³)³, uniform 1, all on |u| <= 1; normal φ(u).
#include <algorithm>
#include <cmath>

#include "measure/matching_internal.h"

namespace tradedig::measure {
namespace {

double kernel_weight(KernelType k, double u) {
  const double a = std::fabs(u);
  if (k == KernelType::kNormal) return normal_pdf(u);
  if (a > 1) return 0;
  switch (k) {
    case KernelType::kEpanechnikov: return 1 - u * u;
    case KernelType::kBiweight: return (1 - u * u) * (1 - u * u);
    case KernelType::kTricube: return std::pow(1 - a * a * a, 3);
    case KernelType::kUniform: return 1;
    case KernelType::kNormal: break;
  }
  return 0;
}

}  // namespace

void kernel_match(const Eigen::VectorXd& score, const std::vector<int64_t>& from, const std::vector<int64_t>& to,
                  const MatchingOptions& o, std::vector<MatchedSet>& out) {
  const SortedGroup g = sort_group(score, to);
  const double h = o.bandwidth;
  const bool bounded = o.kernel != KernelType::kNormal;
  for (int64_t i : from) {
    const double s = score[i];
    // Bounded kernels only see the window [s − h, s + h]; the normal kernel sees everyone.
    size_t lo = 0, hi = g.score.size();
    if (bounded) {
      lo = static_cast<size_t>(std::lower_bound(g.score.begin(), g.score.end(), s - h) - g.score.begin());
      hi = static_cast<size_t>(std::upper_bound(g.score.begin(), g.score.end(), s + h) - g.score.begin());
    }
    MatchedSet& m = out[static_cast<size_t>(i)];
    double total = 0;
    for (size_t p = lo; p < hi; ++p) {
      const double w = kernel_weight(o.kernel, (g.score[p] - s) / h);
      if (w <= 0) continue;
      m.units.push_back(g.unit[p]);
      m.weights.push_back(w);
      total += w;
    }
    for (double& w : m.weights) w /= total;
  }
}

}  // namespace tradedig::measure
