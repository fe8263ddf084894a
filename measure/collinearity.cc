// Which regressors are linearly independent: the rank-revealing Cholesky shared by the estimators.
#include <cmath>

#include "measure/model_frame.h"

namespace tradedig::measure {

// Sequential Cholesky of X'WX in the order given: a regressor whose squared residual on the kept
// ones falls below tol × its own sum of squares is dropped (fixest's rank-revealing Cholesky,
// collin.tol; reghdfe's rmcoll is the same test on standardised data). A column whose demeaned sum
// of squares is ~0 relative to the raw one is constant within the fixed effects.
std::vector<Eigen::Index> independent_columns(const Eigen::MatrixXd& xtx, const Eigen::VectorXd& raw_ss, double tol,
                                              std::vector<bool>* within_fe) {
  const Eigen::Index k = xtx.cols();
  Eigen::MatrixXd L = Eigen::MatrixXd::Zero(k, k);
  std::vector<Eigen::Index> kept;
  within_fe->assign(static_cast<size_t>(k), false);
  for (Eigen::Index j = 0; j < k; ++j) {
    const double ajj = xtx(j, j);
    if (!(ajj > 1e-12 * raw_ss[j])) {
      (*within_fe)[static_cast<size_t>(j)] = true;
      continue;
    }
    Eigen::VectorXd row(static_cast<Eigen::Index>(kept.size()));
    for (size_t a = 0; a < kept.size(); ++a) {
      double s = xtx(kept[a], j);
      for (size_t b = 0; b < a; ++b) s -= L(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) * row[static_cast<Eigen::Index>(b)];
      row[static_cast<Eigen::Index>(a)] = s / L(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(a));
    }
    const double d2 = ajj - row.squaredNorm();
    if (d2 <= tol * ajj) continue;
    const auto m = static_cast<Eigen::Index>(kept.size());
    L.row(m).head(m) = row.transpose();
    L(m, m) = std::sqrt(d2);
    kept.push_back(j);
  }
  return kept;
}

}  // namespace tradedig::measure
